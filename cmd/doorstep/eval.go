package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/bedrock"
	dconfig "github.com/doorstep-ai/doorstep/pkg/config"
	"github.com/doorstep-ai/doorstep/pkg/eval"
	"github.com/doorstep-ai/doorstep/pkg/offline"
)

// defaultBedrockModelID is the model eval and simulate use when
// BEDROCK_MODEL_ID is unset: the template's BedrockModelId default, an
// inference profile (Claude Haiku 4.5 is not served on demand by its bare
// model id). A test keeps the two the same.
const defaultBedrockModelID = "us.anthropic.claude-haiku-4-5-20251001-v1:0"

// runEval runs the scenario suite against a model, each scenario k times,
// and prints pass^1 and pass^k per kind and overall beside the do-nothing
// floor, with tokens and cost from the model's own usage figures. A model
// that failed calls makes the run a setup failure (an error), not a score.
func runEval(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(out)
	dataDir := fs.String("data", "", "the orders: a tau-bench retail data folder, or Shopify order JSON (a file or a folder, as simulate reads it); default: the copy in pkg/eval/data")
	keepDates := fs.Bool("keep-dates", false, "seed -data's Shopify orders with their dates as written (default: all moved by the same amount so the newest is now, as make dev moves the demo orders)")
	suiteDir := fs.String("scenarios", "", "folder of scenario files that replaces the built-in suite (default: pkg/eval/scenarios)")
	var add multiFlag
	fs.Var(&add, "add", "folder of scenario files run in addition to the suite (repeatable)")
	k := fs.Int("k", 1, "pass^k is reported for this k (≥ 1); each scenario runs max(k, n) times")
	n := fs.Int("n", 0, "tries per scenario when more than k (pass^k is then estimated from n tries)")
	perKind := fs.Int("per-kind", 0, "run only the first N scenarios of each kind (0: all)")
	failUnder := fs.Float64("fail-under", 0, "exit non-zero when the overall pass^k is below this (0 to 1; 0: never, 1: any failure)")
	verbose := fs.Bool("v", false, "print every conversation, not only the failures")
	save := fs.String("o", "", "write the full report as JSON to this file (replaced if it exists; checked before the run)")
	policyFile := fs.String("policy", "", "the merchant's policy as JSON (policy.Policy fields, as simulate reads it); default: the demo shop's")
	docsDir := fs.String("docs", "", "the merchant's product documentation folder (default: the demo shop's)")
	modelName := fs.String("model", dconfig.Default("DOORSTEP_MODEL", "auto"), "offline, nothing (the do-nothing floor), bedrock, or auto (bedrock when AWS credentials are present)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("eval: unexpected argument %q (flags go before any argument)", fs.Arg(0))
	case *k < 1:
		return fmt.Errorf("-k %d: pass^k needs k of at least 1", *k)
	case *n < 0:
		return fmt.Errorf("-n %d: want 0 (tries = k) or more", *n)
	case *perKind < 0:
		return fmt.Errorf("-per-kind %d: want 0 (all) or more", *perKind)
	case *failUnder < 0 || *failUnder > 1:
		return fmt.Errorf("-fail-under %g: want a share from 0 to 1", *failUnder)
	}
	if *save != "" {
		if err := checkOutput(*save, true); err != nil {
			return fmt.Errorf("-o %s: the report could not be saved: %w", *save, err)
		}
	}
	data, suite, err := loadSuite(*dataDir, *suiteDir, add...)
	if err != nil {
		return err
	}
	data.KeepDates = *keepDates
	if *perKind > 0 {
		suite = eval.Sample(suite, *perKind)
	}
	base := eval.Config{Data: data, Suite: suite}
	if *policyFile != "" {
		p, err := readPolicy(*policyFile)
		if err != nil {
			return err
		}
		base.Policy = &p
	}
	if *docsDir != "" {
		if base.Docs, err = readDocsDir(*docsDir); err != nil {
			return err
		}
	}
	model, modelID, err := evalModel(ctx, *modelName, out)
	if err != nil {
		return err
	}
	cfg := base
	cfg.Model, cfg.ModelID, cfg.Tries = model, modelID, max(*k, *n)
	rep, err := eval.Run(ctx, cfg)
	var mf *eval.ModelFailure
	if errors.As(err, &mf) {
		return err
	}
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	rep.K = *k
	if f := rep.ModelFailure(); f != nil {
		rep.Print(out, *verbose)
		return saveThen(*save, rep, f)
	}
	if modelID != "nothing" {
		nothing := base
		nothing.Model, nothing.ModelID = eval.Nothing{}, "nothing"
		floor, err := eval.Run(ctx, nothing)
		if err != nil {
			return fmt.Errorf("eval: the do-nothing floor: %w", err)
		}
		rep.SetFloor(floor)
	}
	rep.Print(out, *verbose)
	var below error
	if got := rep.Scores(rep.EffectiveK())["all"].PassK; got < *failUnder {
		below = fmt.Errorf("overall pass^%d %.3f is below -fail-under %.3f", rep.EffectiveK(), got, *failUnder)
	}
	return saveThen(*save, rep, below)
}

// saveThen writes rep to path (when set), then returns err.
func saveThen(path string, rep eval.Report, err error) error {
	if path == "" {
		return err
	}
	b, merr := json.MarshalIndent(rep, "", "  ")
	if merr != nil {
		return errors.Join(err, merr)
	}
	if _, werr := writeOutput(path, b, true); werr != nil {
		return errors.Join(err, fmt.Errorf("save report: %w", werr))
	}
	return err
}

// multiFlag is a flag given any number of times.
type multiFlag []string

func (m *multiFlag) String() string     { return fmt.Sprint(*m) }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// loadSuite reads the data (dataDir, or the embedded copy) and the suite:
// the scenarios of suiteDir, or the built-in ones, plus those of each add
// folder; every scenario is checked against the data.
func loadSuite(dataDir, suiteDir string, add ...string) (*eval.Data, []eval.Scenario, error) {
	load := func() (*eval.Data, error) { return eval.LoadData(dataDir) } // tau-bench or Shopify orders
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
		suite, err = loadScenarioDir(suiteDir)
	}
	if err != nil {
		return nil, nil, err
	}
	for _, dir := range add {
		more, err := loadScenarioDir(dir)
		if err != nil {
			return nil, nil, err
		}
		if suite, err = eval.Merge(suite, more); err != nil {
			return nil, nil, err
		}
	}
	if err := data.Check(suite); err != nil {
		return nil, nil, err
	}
	return data, suite, nil
}

func loadScenarioDir(dir string) ([]eval.Scenario, error) {
	if err := isDir(dir); err != nil {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	list, err := eval.LoadScenarios(os.DirFS(dir))
	if err != nil {
		return nil, fmt.Errorf("scenarios in %s: %w", dir, err)
	}
	return list, nil
}

// isDir says, naming the path, why dir is not a readable folder.
func isDir(dir string) error {
	st, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	return nil
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
	awsCfg, err := loadAWS(ctx, os.Stderr)
	if err != nil {
		if name == "bedrock" {
			return nil, "", fmt.Errorf("-model bedrock: %w", err)
		}
		fmt.Fprintln(out, "no AWS credentials: running the offline model")
		return offline.Model{}, "offline", nil
	}
	id := dconfig.Default("BEDROCK_MODEL_ID", defaultBedrockModelID)
	return bedrock.New(bedrockruntime.NewFromConfig(awsCfg), id), id, nil
}
