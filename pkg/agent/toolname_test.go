package agent_test

import (
	"slices"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// The tools the agent registers are exactly the names package toolname
// declares: a tool added without its name there, or a name left behind
// by a removed tool, fails here.
func TestRegisteredToolsAreTheDeclaredNames(t *testing.T) {
	var got []string
	for _, s := range agent.ToolSpecs() {
		got = append(got, s.Name)
	}
	slices.Sort(got)
	want := slices.Clone(toolname.All)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("registered tools %v, toolname.All %v", got, want)
	}
	for _, name := range toolname.All {
		if _, ok := agent.ToolByName(name); !ok {
			t.Errorf("toolname %q is not a registered tool", name)
		}
	}
}
