package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/bedrock"
	dconfig "github.com/doorstep-ai/doorstep/pkg/config"
	"github.com/doorstep-ai/doorstep/pkg/eval"
	"github.com/doorstep-ai/doorstep/pkg/offline"
)

// runEval runs the scenario suite against the configured model and prints
// pass rate, tokens and cost per scenario.
func runEval(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(out)
	dataDir := fs.String("data", "", "tau-bench retail data folder (default: the copy in pkg/eval/data)")
	perKind := fs.Int("per-kind", 3, "scenarios of each kind")
	modelName := fs.String("model", dconfig.Default("DOORSTEP_MODEL", "auto"), "offline, bedrock, or auto (bedrock when AWS credentials are present)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	load := func() (*eval.Data, error) { return eval.Load(*dataDir) }
	if *dataDir == "" {
		load = eval.LoadEmbedded
	}
	data, err := load()
	if err != nil {
		return err
	}
	var model agent.Model = offline.Model{}
	modelID := "offline"
	if *modelName == "bedrock" || *modelName == "auto" {
		cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		awsCfg, err := config.LoadDefaultConfig(cctx)
		if err == nil {
			_, err = awsCfg.Credentials.Retrieve(cctx)
		}
		cancel()
		switch {
		case err == nil:
			modelID = dconfig.Default("BEDROCK_MODEL_ID", "anthropic.claude-haiku-4-5-20251001-v1:0")
			model = bedrock.New(bedrockruntime.NewFromConfig(awsCfg), modelID)
		case *modelName == "bedrock":
			return fmt.Errorf("-model bedrock: no AWS credentials: %w", err)
		default:
			fmt.Fprintln(out, "no AWS credentials: running the offline model")
		}
	}
	rep, err := eval.Run(ctx, eval.Config{Data: data, Model: model, ModelID: modelID, PerKind: *perKind})
	if err != nil {
		return err
	}
	rep.Print(out)
	if rep.Passed() != len(rep.Results) {
		return fmt.Errorf("%d of %d scenarios failed", len(rep.Results)-rep.Passed(), len(rep.Results))
	}
	return nil
}
