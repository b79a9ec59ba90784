package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"

	"github.com/doorstep-ai/doorstep/pkg/bedrock"
	dconfig "github.com/doorstep-ai/doorstep/pkg/config"
	"github.com/doorstep-ai/doorstep/pkg/eval"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	shopsettings "github.com/doorstep-ai/doorstep/pkg/settings"
)

// runSimulate has a Bedrock model play customers (personas with goals)
// against the stack under the merchant's policy, documentation and orders,
// judges each conversation by its outcome, and saves the results; or
// compares two saved runs.
func runSimulate(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(out)
	compare := fs.Bool("compare", false, "compare two saved runs: doorstep simulate -compare OLD.json NEW.json")
	dataPath := fs.String("data", "", "the orders to simulate on: your shop's Shopify orders as the orders/create webhook carries them (a folder of order JSON files, or one file: an order, an array, or {\"orders\": [...]}; needs -personas), or a tau-bench retail folder (default: pkg/eval/data)")
	keepDates := fs.Bool("keep-dates", false, "seed -data's Shopify orders with their dates as written (default: all moved by the same amount so the newest is now, as make dev moves the demo orders)")
	personaDir := fs.String("personas", "", "folder of persona files (default: pkg/eval/personas)")
	policyFile := fs.String("policy", "", "the merchant's policy as JSON (policy.Policy fields); default: the demo shop's")
	docsDir := fs.String("docs", "", "the merchant's product documentation folder (default: the demo shop's)")
	modelName := fs.String("model", dconfig.Default("DOORSTEP_MODEL", "auto"), "the agent's model: offline, bedrock, or auto")
	customerID := fs.String("customer-model", dconfig.Default("BEDROCK_CUSTOMER_MODEL_ID", dconfig.Default("BEDROCK_MODEL_ID", defaultBedrockModelID)),
		"Bedrock model that plays the customers, or "+eval.ScriptedCustomer+": each persona says its scripted lines (opening, replies), no model and no AWS needed (tests the plumbing and the judge, not the agent against a real customer)")
	save := fs.String("o", "simulation.json", "where to save the results; an existing file is not replaced (see -force)")
	force := fs.Bool("force", false, "replace the -o file if it exists")
	k := fs.Int("k", 1, "play each persona k times, each on a fresh stack; a persona passes (pass^k) when every one of its conversations did")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *compare {
		if fs.NArg() != 2 {
			return fmt.Errorf("usage: doorstep simulate -compare OLD.json NEW.json")
		}
		var runs [2]eval.SimReport
		for i, name := range fs.Args() {
			b, err := os.ReadFile(name)
			if err != nil {
				return fmt.Errorf("read simulation: %w", err)
			}
			if runs[i], err = eval.ReadSimReport(b); err != nil {
				return fmt.Errorf("read simulation %s: %w", name, err)
			}
		}
		if worse := eval.Compare(out, runs[0], runs[1]); worse > 0 {
			return fmt.Errorf("%d conversations went from pass to fail", worse)
		}
		return nil
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("simulate: unexpected argument %q (flags go before any argument)", fs.Arg(0))
	}
	if *k < 1 {
		return fmt.Errorf("simulate: -k %d: want 1 or more", *k)
	}
	// Before anything runs (a Bedrock run is paid for): the results must
	// have somewhere to go.
	if err := checkOutput(*save, *force); errors.Is(err, errOutputExists) {
		return fmt.Errorf("simulate: -o %s: the file exists (an earlier run?); name a new file with -o NEW.json, or replace it with -force", *save)
	} else if err != nil {
		return fmt.Errorf("simulate: -o %s: the results could not be saved: %w", *save, err)
	}
	scripted := *customerID == eval.ScriptedCustomer
	data, err := eval.LoadEmbedded()
	if *dataPath != "" {
		data, err = eval.LoadData(*dataPath)
	}
	if err != nil {
		return err
	}
	data.KeepDates = *keepDates
	if data.FromShopify() && *personaDir == "" {
		return fmt.Errorf("simulate: -data %s holds your shop's orders; the built-in personas are about the tau-bench orders: give yours with -personas DIR (each naming an order and email of the file)", *dataPath)
	}
	personas, err := eval.Personas()
	if *personaDir != "" {
		if err := isDir(*personaDir); err != nil {
			return fmt.Errorf("personas: %w", err)
		}
		if personas, err = eval.LoadPersonas(os.DirFS(*personaDir)); err != nil {
			return fmt.Errorf("personas in %s: %w", *personaDir, err)
		}
	}
	if err != nil {
		return err
	}
	if err := data.CheckPersonas(personas); err != nil {
		return err
	}
	if scripted {
		if err := eval.CheckScripts(personas); err != nil {
			return fmt.Errorf("simulate -customer-model %s: %w", eval.ScriptedCustomer, err)
		}
	}
	cfg := eval.SimConfig{Config: eval.Config{Data: data, Tries: *k}, Personas: personas, CustomerID: *customerID, Scripted: scripted}
	if *policyFile != "" {
		p, err := readPolicy(*policyFile)
		if err != nil {
			return err
		}
		cfg.Policy = &p
	}
	if *docsDir != "" {
		if cfg.Docs, err = readDocsDir(*docsDir); err != nil {
			return err
		}
	}
	if cfg.Model, cfg.ModelID, err = evalModel(ctx, *modelName, out); err != nil {
		return err
	}
	if !scripted {
		awsCfg, err := loadAWS(ctx, os.Stderr)
		if err != nil {
			return fmt.Errorf("the customers are played by a Bedrock model (-customer-model %s; -customer-model %s plays them offline): %w", *customerID, eval.ScriptedCustomer, err)
		}
		cfg.Customer = bedrock.New(bedrockruntime.NewFromConfig(awsCfg), *customerID)
	}
	rep, runErr := eval.Simulate(ctx, cfg)
	if runErr != nil && len(rep.Results) == 0 {
		return fmt.Errorf("simulate: stopped before any conversation finished, nothing saved: %w", runErr)
	}
	rep.Print(out)
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return errors.Join(runErr, err)
	}
	name, err := writeOutput(*save, b, *force)
	if err != nil {
		// The folder was writable before the run; should it no longer be,
		// the results still go somewhere.
		err = fmt.Errorf("save simulation to %s: %w", *save, err)
		if name, err2 := writeOutput(filepath.Join(os.TempDir(), "doorstep-"+filepath.Base(*save)), b, false); err2 == nil {
			fmt.Fprintf(out, "%v; saved to %s instead\n", err, name)
		}
		return errors.Join(runErr, err)
	}
	if name != *save {
		fmt.Fprintf(out, "%s appeared during the run and was kept: ", *save)
	}
	if runErr != nil {
		fmt.Fprintf(out, "saved the %d of %d conversations that finished to %s, marked incomplete\n", len(rep.Results), rep.Planned, name)
		return fmt.Errorf("simulate: stopped after %d of %d conversations: %w", len(rep.Results), rep.Planned, runErr)
	}
	fmt.Fprintf(out, "saved to %s; after a change, run again with -o NEW.json and compare: doorstep simulate -compare %s NEW.json\n", name, name)
	return nil
}

// readPolicy reads a merchant's policy file: the policy.Policy fields over
// the defaults, no unknown field (a misspelt one would be silently
// ignored), each value within the console settings' limits.
func readPolicy(name string) (policy.Policy, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return policy.Policy{}, fmt.Errorf("read policy: %w", err)
	}
	p := policy.Default()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return policy.Policy{}, fmt.Errorf("read policy %s: %w", name, err)
	}
	s := shopsettings.Default(p)
	if err := s.Validate(); err != nil {
		var ve *shopsettings.ValidationError
		if !errors.As(err, &ve) {
			return policy.Policy{}, fmt.Errorf("policy %s: %w", name, err)
		}
		var problems []string
		for field, why := range ve.Problems {
			problems = append(problems, strings.TrimPrefix(field, "policy.")+" "+why)
		}
		sort.Strings(problems)
		return policy.Policy{}, fmt.Errorf("policy %s: %s", name, strings.Join(problems, "; "))
	}
	return s.Policy, nil
}
