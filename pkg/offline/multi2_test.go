package offline_test

import (
	"strings"
	"testing"
)

// Issue 18 no-context trial: each question of a multi-question message is
// answered, and a follow-up is read against the conversation so far.
func TestEveryQuestionAnswered(t *testing.T) {
	const (
		samuel = "samuel.whitfield@example.com"
		daniel = "daniel.reyes@example.com"
		tom    = "tom.becker@example.com"
	)
	for _, tc := range []struct {
		name         string
		order, email string
		turns        []string
		stated       string   // the last turn's proposal, word for word
		replyHas     []string // the last reply says each
		replyHasNot  []string
		wantActions  []string // the shop's writes after the turns
	}{
		{name: "one of the mugs, and cleaning it", order: "#1006", email: samuel,
			turns:    []string{"can I return one of the mugs, and how do I clean coffee stains off it?"},
			stated:   "1 × Harbor Stoneware Mug",
			replyHas: []string{"stain"}},
		{name: "damage and refund time", order: "#1006", email: samuel,
			turns:    []string{"The mug is chipped. Also, how long do refunds take?"},
			replyHas: []string{"business days"}},
		{name: "three questions in transit", order: "#1003", email: daniel,
			turns:    []string{"when will it arrive, can I change the address, and what's your return policy?"},
			replyHas: []string{"30 days"}},
		{name: "which items, and refund time", order: "#1006", email: samuel,
			turns:    []string{"I want to return something", "the mugs, and how long will the refund take?"},
			stated:   "2 × Harbor Stoneware Mug",
			replyHas: []string{"business days"}},
		{name: "refund and a discount code", order: "#1006", email: samuel,
			turns:    []string{"refund the mugs and also give me a 50% discount code"},
			stated:   "2 × Harbor Stoneware Mug",
			replyHas: []string{"discount"}},
		{name: "the board and the parcel", order: "#1004", email: tom,
			turns:    []string{"Is the board food safe and can I cut on it? And is my parcel arriving today?"},
			replyHas: []string{"out for delivery today"}},
		{name: "also the kit", order: "#1006", email: samuel,
			turns:       []string{"return the mugs", "yes", "also the coffee kit please", "yes"},
			wantActions: []string{"return Harbor Stoneware Mug×2", "return Pour-Over Coffee Kit×1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, log := demoStack(t)
			c := chat(t, base, log, tc.order, tc.email)
			var out turnOut
			for _, text := range tc.turns {
				out = c.say(text)
			}
			if tc.stated != "" && (out.proposed() == "" || !strings.Contains(out.reply, tc.stated+" ")) {
				t.Errorf("want %q proposed; got %+v, %q", tc.stated, out.actions, out.reply)
			}
			for _, s := range tc.replyHas {
				if !strings.Contains(out.reply, s) {
					t.Errorf("reply %q, want it to say %q", out.reply, s)
				}
			}
			for _, s := range tc.replyHasNot {
				if strings.Contains(out.reply, s) {
					t.Errorf("reply %q, want it not to say %q", out.reply, s)
				}
			}
			if tc.wantActions != nil {
				if got := actionSummary(shopActions(t, base)); strings.Join(got, "|") != strings.Join(tc.wantActions, "|") {
					t.Errorf("shop actions %v, want %v", got, tc.wantActions)
				}
			}
		})
	}
}
