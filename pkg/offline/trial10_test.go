package offline_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// TestThanksIsNoYes: a thank-you after an answer ("ok thx", "d'accord
// merci beaucoup") closes politely; it is not a yes to a proposal nobody
// made, and an "ok" before a question asks the question (trial 10b).
func TestThanksIsNoYes(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		tool       string // a tool the turn must call, or ""
		fact       string // a fact the reply must give, or ""
	}{
		{"ok thx", "ok thx", "", ""},
		{"cool thanks", "cool thanks!!", "", ""},
		{"fr merci", "d'accord merci beaucoup", "", ""},
		{"es gracias", "vale, gracias", "", ""},
		{"ok whats in it", "ok whats in it", toolname.TrackOrder, "Beeswax Pillar Candle"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, log := heldoutStack(t)
			c := chat(t, base, &log.toolLog, "#1003", "daniel.reyes@example.com")
			c.say("where is my order")
			got := c.say(tc.text)
			if strings.Contains(got.reply, "go ahead with") || strings.Contains(got.reply, "waiting for your yes") {
				t.Errorf("%q read as a yes: %q", tc.text, got.reply)
			}
			if tc.tool == "" && len(got.tools) > 0 {
				t.Errorf("%q: tools %v, want none for a thank-you", tc.text, got.toolNames())
			}
			if tc.tool != "" && !got.called(tc.tool) {
				t.Errorf("%q: tools %v, want %s", tc.text, got.toolNames(), tc.tool)
			}
			if tc.fact != "" && !strings.Contains(got.reply, tc.fact) {
				t.Errorf("%q: reply %q lacks %q", tc.text, got.reply, tc.fact)
			}
		})
	}
}

// TestPersonAskedInOtherWords: a person asked for in German, or as "get
// someone to look at it", is handed over, not offered again (trials 10a,
// 10b).
func TestPersonAskedInOtherWords(t *testing.T) {
	for _, tc := range []struct {
		name   string
		before []string
		text   string
	}{
		{"ja bitte Mitarbeiter", []string{"wo ist meine bestellung?"}, "ja bitte, einen Mitarbeiter"},
		{"ich möchte sprechen", nil, "Ich möchte bitte mit einem Mitarbeiter sprechen"},
		{"get someone to look", []string{"the candle arrived cracked"}, "yes please get someone to look at it"},
		{"es con una persona", nil, "quiero hablar con una persona por favor"},
		{"fr un humain", nil, "je veux parler à un humain svp"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, log := heldoutStack(t)
			c := chat(t, base, &log.toolLog, "#1003", "daniel.reyes@example.com")
			for _, s := range tc.before {
				c.say(s)
			}
			if got := c.say(tc.text); !got.handedOver() {
				t.Errorf("%q: tools %v, reply %q: want a handover", tc.text, got.toolNames(), got.reply)
			}
		})
	}
}

// TestCantDoSaysSo: a request no tool does gets a plain "can't" (and
// nothing proposed), not the order's status or a nearby guide passage
// (trial 10b).
func TestCantDoSaysSo(t *testing.T) {
	for _, tc := range []struct {
		name, order, email, text string
	}{
		{"add a mug", "#1009", "olivia.brandt@example.com", "can u add another mug to it"},
		{"switch colour", "#1002", "priya.natarajan@example.com", "i ordered slate blue can i switch it to oatmeal"},
		{"party tmrw", "#1001", "maya.okafor@example.com", "send it faster pls its for a party tmrw"},
		{"gift wrap", "#1001", "maya.okafor@example.com", "pls add gift wrap to my order"},
		{"extra now", "#1003", "daniel.reyes@example.com", "cant u just send me a new candle now"},
		{"second pack", "#1001", "maya.okafor@example.com", "can i add a second pack of filters"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, log := heldoutStack(t)
			c := chat(t, base, &log.toolLog, tc.order, tc.email)
			got := c.say(tc.text)
			for _, a := range got.actions {
				if a["status"] == "proposed" {
					t.Errorf("%q: proposed %v", tc.text, a)
				}
			}
			low := strings.ToLower(got.reply)
			if !strings.Contains(low, "can't") && !strings.Contains(low, "cannot") && !strings.Contains(low, "not able") {
				t.Errorf("%q: tools %v, reply %q: want a plain can't", tc.text, got.toolNames(), got.reply)
			}
		})
	}
}

// TestReturnLabelAsk: "can u email me a return label" is how a return
// goes back (the open return's instructions, or the docs' return
// section), not the tracking again (trial 10b).
func TestReturnLabelAsk(t *testing.T) {
	for _, tc := range []struct{ name, order, email, text string }{
		{"email me a label", "#1006", "samuel.whitfield@example.com", "can u email me a return label"},
		{"prepaid label", "#1003", "daniel.reyes@example.com", "do i get a prepaid label for returns?"},
		{"de Etikett", "#1003", "daniel.reyes@example.com", "bekomme ich ein Rücksendeetikett?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, log := heldoutStack(t)
			c := chat(t, base, &log.toolLog, tc.order, tc.email)
			got := c.say(tc.text)
			if !got.called(toolname.RefundStatus) && !got.called(toolname.SearchDocs) {
				t.Errorf("%q: tools %v, reply %q: want the return's instructions or the docs", tc.text, got.toolNames(), got.reply)
			}
			if strings.Contains(got.reply, "tracking number") {
				t.Errorf("%q: reply %q gives the tracking", tc.text, got.reply)
			}
			if !strings.Contains(strings.ToLower(got.reply), "label") {
				t.Errorf("%q: reply %q does not speak of a label", tc.text, got.reply)
			}
		})
	}
}
