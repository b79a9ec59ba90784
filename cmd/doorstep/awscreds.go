package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/logging"
)

// loadAWS loads the default AWS configuration (environment, ~/.aws config
// and credentials, SSO, container and EC2 instance roles, as the SDK
// looks) and checks, within 3 s, that it yields credentials. The SDK logs
// to stderr as usual, except its warning that the instance metadata
// service refused an IMDSv2 token and it is falling back to IMDSv1: off
// EC2 every probe for credentials printed it, though nothing was wrong
// but the missing credentials the error then names. The fallback itself
// is left on, so an instance (or a container on one) that only answers
// IMDSv1 still gives its role's credentials.
func loadAWS(ctx context.Context, stderr io.Writer) (aws.Config, error) {
	cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	cfg, err := config.LoadDefaultConfig(cctx, config.WithLogger(quietIMDSv1{logging.NewStandardLogger(stderr)}))
	if err != nil {
		return aws.Config{}, fmt.Errorf("load AWS configuration: %w", err)
	}
	if _, err := cfg.Credentials.Retrieve(cctx); err != nil {
		return aws.Config{}, fmt.Errorf("no AWS credentials (looked in the environment, ~/.aws, SSO, and container and EC2 instance roles): %w", err)
	}
	return cfg, nil
}

// quietIMDSv1 is an SDK logger that drops the IMDSv1 fallback warning and
// passes every other line on.
type quietIMDSv1 struct{ logging.Logger }

func (q quietIMDSv1) Logf(c logging.Classification, format string, v ...any) {
	if c == logging.Warn && strings.HasPrefix(format, "falling back to IMDSv1") {
		return
	}
	q.Logger.Logf(c, format, v...)
}
