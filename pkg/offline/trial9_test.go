package offline_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// TestCasualPersonAsk: a person asked for in passing ("yes get me a
// person" two turns after one was offered, "ok get me someone then") is
// handed over, as a plain "I want to speak to a person" is (trial 9b).
func TestCasualPersonAsk(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup []string
		text  string
	}{
		{"yes get me a person", []string{"where is my order", "thanks"}, "yes get me a person"},
		{"ok get me someone then", []string{"where is my order"}, "ok get me someone then"},
		{"transfer me", nil, "can you transfer me to your team"},
		{"put me through", nil, "just put me through to someone pls"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, log := heldoutStack(t)
			c := chat(t, base, &log.toolLog, "#1003", "daniel.reyes@example.com")
			for _, s := range tc.setup {
				c.say(s)
			}
			if got := c.say(tc.text); !got.handedOver() {
				t.Errorf("%q: tools %v, reply %q: want a handover", tc.text, got.toolNames(), got.reply)
			}
		})
	}
}

// TestKeepTheOrder: a cancellation turned down in the customer's words is
// no cancellation: no cancel_order look-up or proposal, the order named;
// with more in the message, the rest is answered (trial 9b).
func TestKeepTheOrder(t *testing.T) {
	for _, tc := range []struct {
		name, order, text string
		tool              string // a tool the rest of the message needs, or ""
	}{
		{"nah dont cancel", "#1003", "ok nah dont cancel ill keep it", ""},
		{"actually dont", "#1001", "actually don't cancel it", ""},
		{"never mind", "#1001", "never mind cancelling, i'll keep the order", ""},
		{"dont cancel where", "#1003", "dont cancel it, just tell me where it is", toolname.TrackOrder},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, log := heldoutStack(t)
			email := map[string]string{"#1003": "daniel.reyes@example.com", "#1001": "maya.okafor@example.com"}[tc.order]
			c := chat(t, base, &log.toolLog, tc.order, email)
			got := c.say(tc.text)
			if got.called(toolname.CancelOrder) || got.status(toolname.CancelOrder) != "" {
				t.Errorf("%q: tools %v, actions %v: want no cancellation", tc.text, got.toolNames(), got.actions)
			}
			if tc.tool != "" && !got.called(tc.tool) {
				t.Errorf("%q: tools %v, want %s for the rest of the message", tc.text, got.toolNames(), tc.tool)
			}
			if tc.tool == "" && !strings.Contains(got.reply, tc.order) {
				t.Errorf("%q: reply %q does not name the order", tc.text, got.reply)
			}
		})
	}
}

// TestOtherUnitAfterOneMadeGood: one of two mugs refunded, a mug reported
// cracked again is refused as the same one, and the reply says how to have
// the other looked at; "the other one is damaged" then is report_damage's
// for it (trials 9a and 9b: "that mug was already refunded").
func TestOtherUnitAfterOneMadeGood(t *testing.T) {
	base, log := heldoutStack(t)
	c := chat(t, base, &log.toolLog, "#1006", "samuel.whitfield@example.com")
	for _, s := range []string{"one of the mugs arrived cracked", "refund please", "yes"} {
		c.say(s)
	}
	again := c.say("the mug is cracked")
	if again.status(toolname.ReportDamage) == "proposed" {
		t.Fatalf("the refunded mug proposed again: %q", again.reply)
	}
	if !strings.Contains(again.reply, "the other one is damaged") {
		t.Errorf("reply %q does not say how to have the other mug looked at", again.reply)
	}
	if other := c.say("oh the other one is damaged"); !other.called(toolname.ReportDamage) || strings.Contains(other.reply, "already") {
		t.Errorf("the other mug: tools %v, reply %q: want report_damage for the other mug", other.toolNames(), other.reply)
	}
}

// TestApartAsk: "are they coming separately?" asks the other way round
// from "same box?": a shared parcel is a no to it (trial 9b got "No" with
// the parcels listed apart).
func TestApartAsk(t *testing.T) {
	for _, tc := range []struct {
		text, lead string
	}{
		{"are the skillet and the candle coming separately?", "No: "},
		{"will the skillet and candle arrive separately?", "No: "},
		{"are the skillet and candle in the same box?", "Yes: "},
	} {
		t.Run(tc.text, func(t *testing.T) {
			base, log := heldoutStack(t)
			c := chat(t, base, &log.toolLog, "#1003", "daniel.reyes@example.com")
			got := c.say(tc.text)
			if !strings.HasPrefix(got.reply, tc.lead) || !strings.Contains(got.reply, "same parcel") {
				t.Errorf("%q: reply %q, want it to open %q and say they share a parcel", tc.text, got.reply, tc.lead)
			}
		})
	}
}

// TestNamedBuyer: what a named person bought is another customer's data,
// refused plainly (trial 9a got the customer's own status); what the
// customer bought, or what happened to an order, is answered.
func TestNamedBuyer(t *testing.T) {
	for _, tc := range []struct {
		text   string
		refuse bool
	}{
		{"tell me what maya okafor ordered", true},
		{"what did john smith buy from you", true},
		{"what did i order again", false},
		{"remind me what i just ordered", false},
		{"what happened to order #1003?", false},
		{"what happened to my order", false},
	} {
		t.Run(tc.text, func(t *testing.T) {
			base, log := heldoutStack(t)
			c := chat(t, base, &log.toolLog, "#1003", "daniel.reyes@example.com")
			got := c.say(tc.text)
			own := strings.Contains(got.reply, "Skillet") || strings.Contains(got.reply, "1Z9HH4870345612786")
			switch {
			case tc.refuse && (own || len(got.toolNames()) > 0):
				t.Errorf("%q: tools %v, reply %q: want a plain no with none of the customer's own order", tc.text, got.toolNames(), got.reply)
			case !tc.refuse && (strings.Contains(got.reply, "anyone else") || !own):
				t.Errorf("%q: reply %q: want the customer's own order", tc.text, got.reply)
			}
		})
	}
}

// TestRemedyWithBackAsk: "the refund pls. do i need to send it back?"
// answers the agent's "replacement or refund?": the refund is proposed
// and the proposal says whether anything goes back (trial 9a lost the
// refund to the FAQ).
func TestRemedyWithBackAsk(t *testing.T) {
	base, log := heldoutStack(t)
	c := chat(t, base, &log.toolLog, "#1006", "samuel.whitfield@example.com")
	c.say("one of the mugs arrived cracked")
	got := c.say("the refund pls. do i need to send it back?")
	if got.status(toolname.ReportDamage) != "proposed" || !strings.Contains(got.reply, "refund") {
		t.Fatalf("tools %v, actions %v, reply %q: want the refund proposed", got.toolNames(), got.actions, got.reply)
	}
	if !strings.Contains(got.reply, "send anything back") && !strings.Contains(got.reply, "come back") {
		t.Errorf("reply %q does not say whether the mug goes back", got.reply)
	}
}
