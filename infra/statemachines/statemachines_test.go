package statemachines_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/infra/statemachines"
)

// repoRoot is the module root, seen from this package's directory.
const repoRoot = "../.."

// TestASLValidator runs the asl-validator npm package (pinned in
// package.json) on every definition.
func TestASLValidator(t *testing.T) {
	if _, err := exec.LookPath("npx"); err != nil {
		t.Fatalf("npx is not installed (%v): the state machine definitions are checked with the asl-validator npm package; install Node.js 20 and run npm ci at the repository root", err)
	}
	bin := filepath.Join(repoRoot, "node_modules", ".bin", "asl-validator")
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("asl-validator is not installed (%s is missing): run npm ci at the repository root (make test does this when node_modules is missing)", filepath.ToSlash(bin))
	}
	args := []string{"--no-install", "asl-validator"}
	for _, n := range statemachines.Names() {
		args = append(args, "--json-path", filepath.Join("infra", "statemachines", n+".asl.json"))
	}
	cmd := exec.CommandContext(t.Context(), "npx", args...)
	cmd.Dir = repoRoot
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("npx %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	for _, n := range statemachines.Names() {
		if !strings.Contains(string(out), n+".asl.json\" is valid") {
			t.Errorf("asl-validator did not report %s.asl.json valid:\n%s", n, out)
		}
	}
}

func TestNames(t *testing.T) {
	got := statemachines.Names()
	want := []string{statemachines.Escalation, statemachines.Outreach, statemachines.Promise}
	if !slices.Equal(got, want) {
		t.Errorf("Names() = %q, want %q", got, want)
	}
}

func TestDefinitionSubstitutions(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{statemachines.Outreach, []string{"OutreachQueueUrl"}},
		{statemachines.Escalation, []string{"EscalationQueueUrl"}},
		{statemachines.Promise, []string{"PromiseQueueUrl"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := statemachines.Placeholders(tt.name)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("placeholders = %q, want %q (template.yaml's DefinitionSubstitutions must match)", got, tt.want)
			}
			if _, err := statemachines.Definition(tt.name, nil); err == nil || !strings.Contains(err.Error(), tt.want[0]) {
				t.Errorf("Definition with no substitutions: err = %v, want one naming %s", err, tt.want[0])
			}
			subs := map[string]string{}
			for _, p := range tt.want {
				subs[p] = "https://sqs.us-east-1.amazonaws.com/123456789012/q"
			}
			def, err := statemachines.Definition(tt.name, subs)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(def), "${") {
				t.Errorf("a placeholder survived:\n%s", def)
			}
			var v map[string]any
			if err := json.Unmarshal(def, &v); err != nil {
				t.Errorf("substituted definition is not JSON: %v", err)
			}
		})
	}
	if _, err := statemachines.Raw("nope"); err == nil {
		t.Error("Raw(nope): no error")
	}
	if _, err := statemachines.Definition(statemachines.Outreach, map[string]string{"OutreachQueueUrl": `a"b`}); err == nil {
		t.Error("a value needing JSON escaping was accepted")
	}
}
