// Package statemachines holds doorstep's Step Functions definitions (Amazon
// States Language): outreach.asl.json (post-delivery outreach) and
// escalation.asl.json (handoffs and approvals with an SLA), promise.asl.json
// (a follow-up promise kept at its time). template.yaml
// deploys them with DefinitionUri and DefinitionSubstitutions; the local
// runner's engine (package localflow) and the moto integration tests run the
// same files, after the same substitutions.
package statemachines

import (
	"embed"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

//go:embed *.asl.json
var files embed.FS

// Machine names, as workflow.Machine uses them.
const (
	Outreach   = "outreach"
	Escalation = "escalation"
	Promise    = "promise"
)

// Names lists the definitions, sorted.
func Names() []string {
	entries, _ := files.ReadDir(".")
	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(e.Name(), ".asl.json"))
	}
	sort.Strings(out)
	return out
}

// Raw returns a definition as stored, with its ${Placeholders}.
func Raw(name string) ([]byte, error) {
	b, err := files.ReadFile(name + ".asl.json")
	if err != nil {
		return nil, fmt.Errorf("state machine %q: no such definition (have %s)", name, strings.Join(Names(), ", "))
	}
	return b, nil
}

var placeholder = regexp.MustCompile(`\$\{([A-Za-z0-9_]+)\}`)

// Placeholders lists the ${Name} substitutions a definition needs, sorted.
func Placeholders(name string) ([]string, error) {
	b, err := Raw(name)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range placeholder.FindAllSubmatch(b, -1) {
		if n := string(m[1]); !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out, nil
}

// Definition returns a definition with its ${Name} placeholders replaced
// from subs, as CloudFormation's DefinitionSubstitutions does. A placeholder
// with no value is an error; values are inserted as they are (they land in
// JSON strings, so they must not need escaping).
func Definition(name string, subs map[string]string) ([]byte, error) {
	b, err := Raw(name)
	if err != nil {
		return nil, err
	}
	var missing []string
	out := placeholder.ReplaceAllFunc(b, func(m []byte) []byte {
		key := string(m[2 : len(m)-1])
		v, ok := subs[key]
		if !ok {
			if !slices.Contains(missing, key) {
				missing = append(missing, key)
			}
			return m
		}
		if strings.ContainsAny(v, "\"\\\n") {
			missing = append(missing, key+" (value needs JSON escaping)")
			return m
		}
		return []byte(v)
	})
	if len(missing) > 0 {
		return nil, fmt.Errorf("state machine %s: no substitution for %s", name, strings.Join(missing, ", "))
	}
	return out, nil
}
