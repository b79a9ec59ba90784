package offline_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// What a no-context re-trial on make dev found, each in words other than
// the trial's (and the eval's): the tool the turn calls, its arguments,
// and for docs answers the section quoted, never the reply's wording.
func TestRetrialMisses(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"
		daniel = "daniel.reyes@example.com"
		samuel = "samuel.whitfield@example.com"
	)
	// #1006 was delivered two days ago: under a wait of five days after
	// the delivery scan it is freshly delivered.
	fresh := policy.Default()
	fresh.NotReceivedWaitHours = 5 * 24
	tests := []struct {
		name         string
		fresh        bool
		order, email string
		before       []string
		text         string
		tools        []string          // called this turn, in any order
		notTools     []string          // not called this turn
		args         map[string]string // tool.key: a JSON fragment of its argument
		section      string            // a docs answer quotes this section
		reply        string            // a fragment of the reply
	}{
		{name: "shows arrived, not here", fresh: true, order: "#1006", email: samuel, text: "the app shows it arrived but its not here",
			tools: []string{toolname.ReportNotReceived}, notTools: []string{toolname.StartReturn}, reply: "neighbours"},
		{name: "supposedly came, nowhere", fresh: true, order: "#1006", email: samuel, text: "supposedly it came this morning?? its nowhere",
			tools: []string{toolname.ReportNotReceived}, reply: "neighbours"},
		{name: "marked arived, dont have it", order: "#1006", email: samuel, text: "its marked as arived but i dont have it",
			tools: []string{toolname.ReportNotReceived}},
		{name: "arrived broken is damage", order: "#1006", email: samuel, text: "it arrived but the mug is cracked",
			tools: []string{toolname.ReportDamage}, notTools: []string{toolname.ReportNotReceived}},
		{name: "credit for the missing parcel, fresh", fresh: true, order: "#1006", email: samuel,
			before: []string{"tracking says delivered, nothing at my door"}, text: "could I just get credit for it?",
			tools: []string{toolname.ReportNotReceived}, notTools: []string{toolname.StartReturn, toolname.TrackOrder}, reply: "delivery policy decides"},
		{name: "voucher for the missing parcel", order: "#1006", email: samuel,
			before: []string{"tracking says delivered, nothing at my door"}, text: "a voucher instead would be fine",
			tools: []string{toolname.ReportNotReceived}, notTools: []string{toolname.StartReturn}, reply: "delivery policy decides"},
		{name: "return after a missing parcel is a return", order: "#1006", email: samuel,
			before: []string{"tracking says delivered, nothing at my door"}, text: "I'd like to return the coffee kit for store credit",
			notTools: []string{toolname.ReportNotReceived}},
		// #1003 is on its way: change_address is not offered, and the
		// reply says why from the stage.
		{name: "carrier and address, no address given", order: "#1003", email: daniel, text: "who's the courier? and could I update the delivery address",
			tools: []string{toolname.TrackOrder}, notTools: []string{toolname.ChangeAddress}, reply: "already shipped"},
		{name: "carrier and a new address", order: "#1001", email: maya, text: "which shipping company will it go with, and please ship it to 9 Birch Road, Denver, CO 80203",
			tools: []string{toolname.TrackOrder, toolname.ChangeAddress}, args: map[string]string{"change_address.zip": "80203"}},
		{name: "the other one's care", order: "#1006", email: samuel, before: []string{"how should I wash the coffee kit?"}, text: "and the other one?",
			tools: []string{toolname.SearchDocs}, section: "Harbor Stoneware Mug"},
		{name: "what about another thing", order: "#1006", email: samuel, before: []string{"how do I look after the skillet?"}, text: "what about the serving board?",
			tools: []string{toolname.SearchDocs}, section: "Olivewood Serving Board"},
		{name: "the thing named wins over context", order: "#1010", email: "marcus.johnson@example.com", before: []string{"how should I store the throw?"},
			text: "how about the candle", tools: []string{toolname.SearchDocs}, section: "Beeswax Pillar Candle"},
		{name: "gift certificates are not gift wrap", text: "can i purchase a gift card for my mum?", tools: []string{toolname.SearchDocs}, notTools: []string{toolname.StartReturn},
			reply: "rather not guess"},
		{name: "gift wrap still answered", text: "could you gift wrap my order", tools: []string{toolname.SearchDocs}, section: "gift wrapping"},
		{name: "wanted another colour", order: "#1006", email: samuel, text: "the mug came in the wrong color, it should have been charcoal",
			tools: []string{toolname.ExchangeItem}, notTools: []string{toolname.ReportDamage}, args: map[string]string{"exchange_item.want": "charcoal"}},
		{name: "wrong colour sent, order says so", order: "#1006", email: samuel, text: "wrong colour mug arrived, I ordered sea glass",
			tools: []string{toolname.ReportDamage}, notTools: []string{toolname.ExchangeItem}},
		// #1010 has not shipped: report_damage is not offered for it.
		{name: "a damage report on an unshipped order", order: "#1010", email: "marcus.johnson@example.com", text: "the blanket has a tear in it",
			notTools: []string{toolname.ReportDamage}, reply: "hasn't shipped yet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pol *policy.Policy
			if tt.fresh {
				pol = &fresh
			}
			base, log := demoStackWith(t, pol)
			c := chat(t, base, log, tt.order, tt.email)
			for _, s := range tt.before {
				c.say(s)
			}
			got := c.say(tt.text)
			for _, tool := range tt.tools {
				if !got.called(tool) {
					t.Errorf("tools %v, want %s", got.toolNames(), tool)
				}
			}
			for _, tool := range tt.notTools {
				if got.called(tool) {
					t.Errorf("tools %v, want no %s", got.toolNames(), tool)
				}
			}
			for k, v := range tt.args {
				tool, key, _ := strings.Cut(k, ".")
				if a := got.arg(tool, key); !strings.Contains(strings.ToLower(a), strings.ToLower(v)) {
					t.Errorf("%s %s = %s, want %s", tool, key, a, v)
				}
			}
			if tt.section != "" && !strings.Contains(firstLine(got.reply), tt.section) {
				t.Errorf("reply quotes %q, want section %q", firstLine(got.reply), tt.section)
			}
			if tt.reply != "" && !strings.Contains(got.reply, tt.reply) {
				t.Errorf("reply %q, want it to hold %q", got.reply, tt.reply)
			}
		})
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
