package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/bedrock"
	dconfig "github.com/doorstep-ai/doorstep/pkg/config"
	"github.com/doorstep-ai/doorstep/pkg/eval"
	"github.com/doorstep-ai/doorstep/pkg/offline"
)

// runEval runs the scenario suite against a model, each scenario k times,
// and prints pass^1 and pass^k per kind and overall, with tokens and cost
// from the model's own usage figures.
func runEval(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(out)
	dataDir := fs.String("data", "", "tau-bench retail data folder (default: the copy in pkg/eval/data)")
	suiteDir := fs.String("scenarios", "", "folder of scenario files (default: pkg/eval/scenarios)")
	k := fs.Int("k", 1, "pass^k is reported for this k; each scenario runs max(k, n) times")
	n := fs.Int("n", 0, "tries per scenario when more than k (pass^k is then estimated from n tries)")
	perKind := fs.Int("per-kind", 0, "run only the first N scenarios of each kind (0: all)")
	verbose := fs.Bool("v", false, "print every conversation, not only the failures")
	save := fs.String("o", "", "write the full report as JSON to this file")
	modelName := fs.String("model", dconfig.Default("DOORSTEP_MODEL", "auto"), "offline, nothing (the do-nothing floor), bedrock, or auto (bedrock when AWS credentials are present)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	data, suite, err := loadSuite(*dataDir, *suiteDir)
	if err != nil {
		return err
	}
	if *perKind > 0 {
		suite = eval.Sample(suite, *perKind)
	}
	model, modelID, err := evalModel(ctx, *modelName, out)
	if err != nil {
		return err
	}
	rep, err := eval.Run(ctx, eval.Config{Data: data, Suite: suite, Model: model, ModelID: modelID, Tries: max(*k, *n)})
	if err != nil {
		return err
	}
	rep.K = *k
	rep.Print(out, *verbose)
	if *save != "" {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(*save, b, 0o644); err != nil {
			return fmt.Errorf("save report: %w", err)
		}
	}
	return nil
}

func loadSuite(dataDir, suiteDir string) (*eval.Data, []eval.Scenario, error) {
	load := func() (*eval.Data, error) { return eval.Load(dataDir) }
	if dataDir == "" {
		load = eval.LoadEmbedded
	}
	data, err := load()
	if err != nil {
		return nil, nil, err
	}
	var suite []eval.Scenario
	if suiteDir == "" {
		suite, err = eval.Suite()
	} else {
		suite, err = eval.LoadScenarios(os.DirFS(suiteDir))
	}
	if err != nil {
		return nil, nil, err
	}
	return data, suite, nil
}

// evalModel is the model a run tests: offline, the do-nothing model, or
// Bedrock through the same Converse adapter the stack uses.
func evalModel(ctx context.Context, name string, out io.Writer) (agent.Model, string, error) {
	switch name {
	case "offline":
		return offline.Model{}, "offline", nil
	case "nothing":
		return eval.Nothing{}, "nothing", nil
	case "bedrock", "auto":
	default:
		return nil, "", fmt.Errorf("-model %q: want offline, nothing, bedrock or auto", name)
	}
	cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	awsCfg, err := config.LoadDefaultConfig(cctx)
	if err == nil {
		_, err = awsCfg.Credentials.Retrieve(cctx)
	}
	if err != nil {
		if name == "bedrock" {
			return nil, "", fmt.Errorf("-model bedrock: no AWS credentials: %w", err)
		}
		fmt.Fprintln(out, "no AWS credentials: running the offline model")
		return offline.Model{}, "offline", nil
	}
	id := dconfig.Default("BEDROCK_MODEL_ID", "anthropic.claude-haiku-4-5-20251001-v1:0")
	return bedrock.New(bedrockruntime.NewFromConfig(awsCfg), id), id, nil
}
