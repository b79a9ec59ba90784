package agent_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

func names(specs []agent.ToolSpec) []string {
	out := make([]string, len(specs))
	for i, s := range specs {
		out[i] = s.Name
	}
	return out
}

// Each phase offers a fixed list, sorted by name (so its prefix caches);
// every tool is offered in some phase.
func TestToolsOfferedByPhase(t *testing.T) {
	base := []string{"handover", "search_docs", "verify_customer"}
	lookup := []string{"handover", "list_orders", "refund_status", "search_docs", "track_order", "verify_customer"}
	with := func(extra ...string) []string { s := append(slices.Clone(lookup), extra...); slices.Sort(s); return s }
	tests := []struct {
		phase agent.Phase
		want  []string
	}{
		{agent.PhaseUnverified, base},
		{agent.PhaseNoOrder, lookup},
		{agent.PhaseUnshipped, with("cancel_order", "change_address", "follow_up")},
		{agent.PhaseShipping, with("follow_up")},
		{agent.PhaseReturnable, with("exchange_item", "item_options", "parcel_arrived", "report_damage", "report_not_received", "start_return")},
		{agent.PhasePastWindow, with("parcel_arrived", "report_not_received")},
		{agent.PhaseClosed, lookup},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		got := names(agent.ToolSpecsFor(tt.phase))
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("phase %b (-want +got):\n%s", tt.phase, d)
		}
		for _, n := range got {
			seen[n] = true
		}
	}
	for _, s := range agent.ToolSpecs() {
		if !seen[s.Name] {
			t.Errorf("%s is offered in no phase", s.Name)
		}
	}
}

// The phase comes from what code established: verification, then the
// current order's stage; with no current order, any of the customer's.
func TestTurnOffersThePhasesTools(t *testing.T) {
	tests := []struct {
		name  string
		conv  func() *conversation.Conversation
		has   []string
		hasnt []string
	}{
		{"unverified", func() *conversation.Conversation {
			return &conversation.Conversation{Shop: "s", ID: "c0", Status: conversation.StatusOpen}
		}, []string{"verify_customer"}, []string{"track_order", "cancel_order", "start_return"}},
		{"unshipped current order", func() *conversation.Conversation { c := adaConv(); c.CurrentOrder = "#1002"; return c },
			[]string{"track_order", "cancel_order", "change_address"}, []string{"start_return", "report_damage"}},
		{"delivered current order", func() *conversation.Conversation { c := adaConv(); c.CurrentOrder = "#1001"; return c },
			[]string{"start_return", "exchange_item", "report_damage", "report_not_received"}, []string{"cancel_order", "change_address"}},
		{"no current order: any of theirs", adaConv,
			[]string{"cancel_order", "start_return"}, nil},
		{"in transit", func() *conversation.Conversation {
			return &conversation.Conversation{Shop: "s", ID: "c2", Status: conversation.StatusOpen, CustomerEmail: "bob@example.com",
				VerifiedBy: conversation.VerifiedByOrder, CurrentOrder: "#2001"}
		}, []string{"track_order"}, []string{"cancel_order", "start_return", "report_not_received"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			f.turn(t, tt.conv(), "hello", 1, say("hi"))
			got := names(f.model.reqs[0].Tools)
			if !slices.IsSorted(got) {
				t.Errorf("tools not sorted: %v", got)
			}
			for _, n := range tt.has {
				if !slices.Contains(got, n) {
					t.Errorf("%s not offered: %v", n, got)
				}
			}
			for _, n := range tt.hasnt {
				if slices.Contains(got, n) {
					t.Errorf("%s offered: %v", n, got)
				}
			}
		})
	}
}

// Verified during the turn: the next model call is offered the verified
// phase's tools, and keeps the tool it already called.
func TestVerificationWidensTheOffer(t *testing.T) {
	f := setup(t)
	c := &conversation.Conversation{Shop: "s", ID: "c0", Status: conversation.StatusOpen}
	f.turn(t, c, "I'm ada@example.com, order #1002: can I cancel it?", 1,
		use(toolname.VerifyCustomer, `{"order_number":"#1002","email":"ada@example.com"}`), say("ok"))
	if len(f.model.reqs) != 2 {
		t.Fatalf("%d model calls", len(f.model.reqs))
	}
	first, second := names(f.model.reqs[0].Tools), names(f.model.reqs[1].Tools)
	if slices.Contains(first, "cancel_order") || !slices.Contains(second, "cancel_order") || !slices.Contains(second, "verify_customer") {
		t.Errorf("first %v, second %v", first, second)
	}
}
