package metrics

import (
	"slices"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Every tool the agent declares has a question topic (or is declared to
// raise none), and every topic is a counter the report reads.
func TestEveryAgentToolHasATopic(t *testing.T) {
	specs := agent.ToolSpecs()
	if len(specs) == 0 {
		t.Fatal("the agent declares no tools")
	}
	for _, s := range specs {
		q, ok := topicOf[s.Name]
		if !ok {
			t.Errorf("agent tool %q has no metrics topic", s.Name)
			continue
		}
		if q == "" {
			continue
		}
		if !slices.Contains(Names, q) {
			t.Errorf("tool %q: topic %q is not a counter in Names", s.Name, q)
		}
		if topicNames[q] == "" {
			t.Errorf("tool %q: topic %q has no name in the report", s.Name, q)
		}
	}
	for tool := range topicOf {
		if _, ok := agent.ToolByName(tool); !ok {
			t.Errorf("topic for %q, which is not an agent tool", tool)
		}
	}
}

func TestToolTopics(t *testing.T) {
	for _, c := range []struct {
		tool, want string
	}{
		{toolname.TrackOrder, QOrderStatus},
		{toolname.ExchangeItem, QExchange},
		{toolname.CancelOrder, QCancel},
		{toolname.ReportDamage, QDamage},
		{toolname.ReportNotReceived, QNotReceived},
		{toolname.FollowUp, QFollowUp},
		{toolname.VerifyCustomer, ""},
		{toolname.Handover, ""},
	} {
		got := topics([]string{c.tool})
		if c.want == "" {
			if len(got) != 0 {
				t.Errorf("%s: topics %v, want none", c.tool, got)
			}
			continue
		}
		if len(got) != 1 || !got[c.want] {
			t.Errorf("%s: topics %v, want %s", c.tool, got, c.want)
		}
	}
}
