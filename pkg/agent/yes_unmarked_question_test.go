package agent_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A yes that goes on to ask about something else without a question mark
// is no consent (trial 15: "ok and what did i actualy order and how much
// did i pay" made a promise); one that asks what the yes sets off, or only
// consents, still is.
func TestYesWithUnmarkedQuestion(t *testing.T) {
	tests := []struct {
		text string
		yes  bool
	}{
		{"ok and what did i actualy order and how much did i pay", false},
		{"ok what did i order again", false},
		{"sure, where is my other order", false},
		{"yes. did you get my photos", false},
		{"ok thanks, how much was shipping", false},
		{"yeah which one is the bigger one", false},
		{"ok and why is it late", false},
		{"yes please do it", true},
		{"yes do it", true},
		{"yeah, do that", true},
		{"ok do this", true},
		{"yes when will it ship", true},
		{"ok go ahead thanks", true},
		{"yes that's right", true},
		{"ok that works, what do i do with the old one", true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := agent.AffirmativeTo(tt.text, toolname.FollowUp); got != tt.yes {
				t.Errorf("AffirmativeTo(%q) = %v, want %v", tt.text, got, tt.yes)
			}
		})
	}
}

// An acknowledgement followed by a question about something else is no
// consent; an explicit yes with one still is (the aside is answered).
func TestAcknowledgementWithAside(t *testing.T) {
	p := conversation.Proposal{Tool: toolname.FollowUp, Order: "#1003"}
	tests := []struct {
		text string
		yes  bool
	}{
		{"ok and what did i actualy order and how much did i pay", false},
		{"ok, what did i order?", false},
		{"alright and how much was shipping?", false},
		{"yes, and how much did i pay?", true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := agent.AffirmativeTo(tt.text, p.Tool) || agent.YesWithAside(tt.text, p)
			if got != tt.yes {
				t.Errorf("consent(%q) = %v, want %v", tt.text, got, tt.yes)
			}
		})
	}
}

// An acknowledgement that goes on to something else, with no consent said,
// runs nothing (trial 15b: "ok hmm, my husband might still want the coffee
// kit tho" cancelled an order); alone, or with consent after it, it is a
// yes.
func TestAckWithMore(t *testing.T) {
	p := conversation.Proposal{Tool: toolname.CancelOrder, Order: "#1001"}
	tests := []struct {
		text string
		yes  bool
	}{
		{"ok hmm, my husband might still want the coffee kit tho", false},
		{"ok. and the candles, whens those coming", false},
		{"fine. whats ur shipping cost to germany", false},
		{"alright, let me think about it", false},
		{"ok", true},
		{"Ok.", true},
		{"ok thanks", true},
		{"ok go ahead", true},
		{"ok go ahead, when will it ship?", true},
		{"okay cancel it", true},
		{"ok, yes please", true},
		{"ok yes but will it still ship this week?", true},
		{"ok then yes", true},
		{"ok just do the address then, yes", true},
		{"ok so go ahead", true},
		{"alright in that case do it", true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := agent.AffirmativeTo(tt.text, p.Tool) || agent.YesWithAside(tt.text, p)
			if got != tt.yes {
				t.Errorf("consent(%q) = %v, want %v", tt.text, got, tt.yes)
			}
		})
	}
}
