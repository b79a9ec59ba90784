// Command gen writes the scenario suite (pkg/eval/scenarios/*.json) and
// the simulated customers (pkg/eval/personas/customers.json) from
// the tau-bench retail data and the demo shop's documentation. Run it once
// after changing the generator: go run ./pkg/eval/gen
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/doorstep-ai/doorstep/pkg/eval"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	dir := "pkg/eval/scenarios"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	d, err := eval.LoadEmbedded()
	if err != nil {
		return err
	}
	files, err := eval.GenerateFiles(d)
	if err != nil {
		return err
	}
	b, err := eval.PersonaFile(d)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(filepath.Dir(dir), "personas", "customers.json"), b, 0o644); err != nil {
		return fmt.Errorf("write personas: %w", err)
	}
	cat, err := eval.GenerateCatalogue(d)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(filepath.Dir(dir), "data", "catalogue.json"), cat, 0o644); err != nil {
		return fmt.Errorf("write catalogue: %w", err)
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	return nil
}
