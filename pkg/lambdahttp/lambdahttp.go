// Package lambdahttp runs a net/http handler as a Lambda function behind an
// API Gateway HTTP API (payload format 2.0), and sets up the JSON logger
// every function uses.
package lambdahttp

import (
	"log/slog"
	"net/http"
	"os"
	"strings"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"
)

// Logger returns the JSON logger for Lambda (CloudWatch reads JSON lines)
// at LOG_LEVEL (debug, info, warn or error; info when unset or unknown) and
// makes it the default.
func Logger() *slog.Logger {
	level, ok := Level(os.Getenv("LOG_LEVEL"))
	log := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(log) // what packages log without a logger of their own is JSON too
	if !ok {
		log.Warn("unknown LOG_LEVEL: logging at info", "log_level", os.Getenv("LOG_LEVEL"))
	}
	return log
}

// Level is the slog level a LOG_LEVEL names (debug, info, warn, error, in
// any case); info and false for anything else but "".
func Level(v string) (slog.Level, bool) {
	if strings.TrimSpace(v) == "" {
		return slog.LevelInfo, true
	}
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.TrimSpace(v))); err != nil {
		return slog.LevelInfo, false
	}
	return l, true
}

// Start serves h for API Gateway HTTP API events until the runtime stops.
func Start(h http.Handler) {
	lambda.Start(httpadapter.NewV2(h).ProxyWithContext)
}
