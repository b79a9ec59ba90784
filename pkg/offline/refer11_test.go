package offline_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out follow-ups that name which order, item or unit the customer
// means (issue 18's ninth no-context trials, class refer11), written
// before reading the offline model. The customers are the demo shop's
// two with two orders each (daniel: #1003 in transit, #1008 returned and
// refunded; maya: #1001 not yet shipped, #1007 delivered long ago), the
// ones with two units on a line (samuel's two mugs in #1006) and the ones
// whose items travel apart (elena's #1011, marcus's #1010).
//
// Expected: an order number, an item or "the other one" in a follow-up
// binds the reply or proposal to that order, item or unit, with its own
// facts; a follow-up naming nothing stays on the order being discussed;
// a returned or closed order's facts are never given as the open one's.
//
// Judged by outcome: the facts the reply holds and does not hold, the
// proposal's tool, order and lines; never the model's wording.
type r11case struct {
	name         string
	wait         string // the demo clock advanced first
	order, email string
	setup        []string // said first
	text         string
	facts        [][]string // the reply holds one of each
	absent       []string   // the reply holds none
	// status: the reply holds one of the status facts of a track_order
	// result about this order (e.g. "#1001").
	status string
	// propose: the write tool the turn proposes, for order propOrder, its
	// items argument holding each of items and none of notItems.
	propose, propOrder string
	items, notItems    []string
	one                bool     // the proposal is for one unit, not both
	noWrite            []string // "tool" or "tool:#order" the turn must not propose
	gap                string   // known gap: why it still fails
}

const (
	r11daniel = "daniel.reyes@example.com"
	r11maya   = "maya.okafor@example.com"
	r11samuel = "samuel.whitfield@example.com"
	r11elena  = "elena.petrova@example.com"
	r11marcus = "marcus.johnson@example.com"

	r11track1003  = "1Z9HH4870345612786"
	r11track1008  = "1Z9HH4870341177205"
	r11trackKit   = "9400111899334455667788" // elena's coffee kit, USPS, delivered
	r11trackCandl = "1Z9HH4870346634921"     // elena's candles, UPS, in transit
	r11trackThrow = "1Z9HH4870342290158"     // marcus's throw, UPS, in transit
)

var (
	r11muGone      = []string{"already"} // the second mug refused as made good
	r11refundOne   = []string{"one mug arrived with a crack", "a refund please", "yes"}
	r11replaceOne  = []string{"one mug arrived broken", "a replacement please", "yes"}
	r11talk1008    = []string{"what did i order in 1008?"}
	r11talk1007    = []string{"what did i order in order 1007"}
	r11window      = []string{"closed", "no longer", "past", "ended", "expired", "outside", "can't", "cannot", "30 days"}
	r11gilpin      = []string{"Gilpin"}
	r11cancelOther = []string{toolname.CancelOrder + ":#1001"}
)

func r11tests() []r11case {
	return []r11case{
		// Daniel, signed in with #1003 (in transit).
		{name: "1003 items of 1008", order: "#1003", email: r11daniel, text: "what did i order in 1008?",
			facts: [][]string{{"Linen Throw", "throw"}}, absent: []string{"Skillet"}},
		{name: "1003 candle in 1003 after 1008", order: "#1003", email: r11daniel, setup: r11talk1008,
			text: "no the CANDLE, in order 1003. has it shipped?", facts: [][]string{{r11track1003}}, absent: []string{r11track1008}},
		{name: "1003 implicit total stays on 1008", order: "#1003", email: r11daniel, setup: r11talk1008,
			text: "and how much did that one cost", facts: [][]string{{"128.40"}}, absent: []string{"88.47"}},
		{name: "1003 other order after 1008", order: "#1003", email: r11daniel, setup: r11talk1008,
			text: "ok. where's my other order then", facts: [][]string{{r11track1003}}},
		{name: "1003 skillet after 1008", order: "#1003", email: r11daniel, setup: r11talk1008,
			text: "where's the skillet at", facts: [][]string{{r11track1003}}, absent: []string{r11track1008}},
		{name: "1003 candle price after 1008", order: "#1003", email: r11daniel, setup: r11talk1008,
			text: "how much was the candle", facts: [][]string{{"22.00", "23.94"}}, absent: []string{"118.00", "128.40"}},
		{name: "1003 gilpin after status", order: "#1003", email: r11daniel, setup: []string{"where is my order"},
			text: "is my order going to gilpin st", facts: [][]string{r11gilpin}, absent: []string{"#1008", "refunded", "returned"}},
		{name: "1003 gilpin after 1008 then skillet", order: "#1003", email: r11daniel, setup: []string{"was 1008 refunded?", "ok. when is the skillet coming"},
			text: "is it still going to gilpin street?", facts: [][]string{r11gilpin}, absent: []string{"#1008", "refunded", "returned"}},
		{name: "1003 back to current order", order: "#1003", email: r11daniel, setup: []string{"was order 1008 refunded?"},
			text: "ok good. and my current order, when is it coming", facts: [][]string{{r11track1003}}, absent: []string{r11track1008}},
		{name: "1003 refund on 1008 after status", order: "#1003", email: r11daniel, setup: []string{"where is my order"},
			text: "how much did you refund me on order 1008?", facts: [][]string{{"128.40", "118.00"}}, absent: []string{"88.47"}},
		{name: "1003 the candle order", order: "#1003", email: r11daniel, setup: []string{"what's in order 1008"},
			text: "no i mean the order with the candle. when does it get here", facts: [][]string{{r11track1003}}},
		{name: "1003 1003 by number after 1008", order: "#1003", email: r11daniel, setup: r11talk1008,
			text: "what about #1003, what's in that one", facts: [][]string{{"Skillet"}, {"Candle"}}, absent: []string{"Linen Throw"}},
		// Daniel, signed in with #1008 (returned and refunded).
		{name: "1008 skillet then gilpin", order: "#1008", email: r11daniel, setup: []string{"where's my skillet"},
			text: "is my order going to gilpin st", facts: [][]string{r11gilpin, {"1003", "skillet", "Skillet"}}, absent: []string{"refunded", "returned"}},
		{name: "1008 where is skillet", order: "#1008", email: r11daniel,
			text: "when does my skillet arrive", facts: [][]string{{r11track1003}}},
		{name: "1008 ambiguous open order", order: "#1008", email: r11daniel,
			text: "is my order going to gilpin st?", facts: [][]string{{"1003"}}},

		// Maya, signed in with #1001 (not yet shipped).
		{name: "1001 can i return 1007", order: "#1001", email: r11maya, setup: []string{"where is my order"},
			text: "what about order 1007, can i still send it back?", facts: [][]string{r11window}, noWrite: []string{toolname.StartReturn}},
		{name: "1001 total of 1007", order: "#1001", email: r11maya, setup: []string{"tell me about order 1007"},
			text: "whats the total on that one", facts: [][]string{{"63.20"}}, absent: []string{"85.51"}},
		{name: "1001 cancel coffee kit order after 1007", order: "#1001", email: r11maya, setup: r11talk1007,
			text: "please cancel the coffee kit order", propose: toolname.CancelOrder, propOrder: "#1001"},
		{name: "1001 cancel other order after 1007", order: "#1001", email: r11maya, setup: r11talk1007,
			text: "ok then cancel my other order", propose: toolname.CancelOrder, propOrder: "#1001"},
		{name: "1001 cancel it stays on 1007", order: "#1001", email: r11maya, setup: r11talk1007,
			text: "cancel it", noWrite: r11cancelOther},
		{name: "1001 cancel 1001 by number after 1007", order: "#1001", email: r11maya, setup: r11talk1007,
			text: "no, I meant cancel order 1001", propose: toolname.CancelOrder, propOrder: "#1001"},
		{name: "1001 when did 1007 arrive", order: "#1001", email: r11maya, setup: []string{"tell me about order 1007"},
			text: "when did it arrive", facts: [][]string{{"deliver"}}, absent: []string{"ship by", "ships by", "not shipped", "hasn't shipped"}},
		{name: "1001 skillet one after status", order: "#1001", email: r11maya, setup: []string{"when is my order arriving"},
			text: "and the skillet one, did that come already?", facts: [][]string{{"deliver"}}},
		// Maya, signed in with #1007 (delivered, past the return window).
		{name: "1007 coffee kit shipped", order: "#1007", email: r11maya,
			text: "has my coffee kit shipped yet?", status: "#1001"},
		{name: "1007 filters order cancel", order: "#1007", email: r11maya, setup: []string{"hi"},
			text: "can you cancel the order with the filters", propose: toolname.CancelOrder, propOrder: "#1001"},

		// Samuel, #1006: two mugs, one made good first.
		{name: "1006 other mug after refund", order: "#1006", email: r11samuel, setup: r11refundOne,
			text: "the other mug is chipped too", propose: toolname.ReportDamage, propOrder: "#1006", items: []string{"Mug"}, one: true, absent: r11muGone},
		{name: "1006 second mug already refunded", order: "#1006", email: r11samuel, setup: r11refundOne,
			text: "that mug was already refunded, its the second one that's cracked now", propose: toolname.ReportDamage, propOrder: "#1006", items: []string{"Mug"}, one: true},
		{name: "1006 its the other one", order: "#1006", email: r11samuel, setup: append(append([]string{}, r11refundOne...), "my mug is cracked"),
			text: "its the other one", propose: toolname.ReportDamage, propOrder: "#1006", items: []string{"Mug"}, one: true},
		{name: "1006 second mug after replacement", order: "#1006", email: r11samuel, setup: r11replaceOne,
			text: "the second mug is broken as well, can I get a refund for that one", propose: toolname.ReportDamage, propOrder: "#1006", items: []string{"Mug"}, one: true},
		{name: "1006 not that one the other", order: "#1006", email: r11samuel, setup: append(append([]string{}, r11replaceOne...), "the mug has a crack"),
			text: "not that one, the other one", propose: toolname.ReportDamage, propOrder: "#1006", items: []string{"Mug"}, one: true},
		{name: "1006 return kit instead of mug", order: "#1006", email: r11samuel, setup: []string{"i want to return one of the mugs"},
			text: "actually no, the coffee kit instead", propose: toolname.StartReturn, propOrder: "#1006", items: []string{"Coffee Kit"}, notItems: []string{"Mug"}},
		{name: "1006 damage mug not kit", order: "#1006", email: r11samuel, setup: []string{"the coffee kit arrived damaged"},
			text: "sorry I meant one of the mugs, it's cracked", propose: toolname.ReportDamage, propOrder: "#1006", items: []string{"Mug"}, notItems: []string{"Coffee Kit"}, one: true},

		// Elena, #1011: the coffee kit delivered, the candles on their way.
		{name: "1011 candles after kit", order: "#1011", email: r11elena, setup: []string{"did my coffee kit arrive?"},
			text: "and the candles?", facts: [][]string{{r11trackCandl}}, absent: []string{r11trackKit}},
		{name: "1011 kit after candles", order: "#1011", email: r11elena, setup: []string{"where are my candles"},
			text: "no, the coffee kit. has that been delivered", facts: [][]string{{"Coffee Kit"}, {"delivered"}}},
		// Marcus, #1010: the throw shipped, the skillet on backorder.
		{name: "1010 skillet after throw", order: "#1010", email: r11marcus, setup: []string{"where is my throw"},
			text: "and what about the skillet", facts: [][]string{{"backorder", "not shipped", "hasn't shipped", "not yet shipped", "ship by", "ships by", "yet to ship"}}},
		{name: "1010 throw after skillet", order: "#1010", email: r11marcus, setup: []string{"when will my skillet ship"},
			text: "ok and the blanket, where is that", facts: [][]string{{r11trackThrow}}},
	}
}

// TestRefer11 runs the held-out table and counts what fails.
func TestRefer11(t *testing.T) {
	heldOutTable(t, "refer11", r11tests(), func(tc r11case) string { return tc.name }, func(tc r11case) string { return tc.gap }, r11run)
}

// r11run runs one case and says what is wrong with its outcome.
func r11run(t *testing.T, base string, log *resultLog, tc r11case) []string {
	var problems []string
	if tc.wait != "" {
		var out map[string]any
		postJSON(t, base+"/dev/clock", "", map[string]string{"advance": tc.wait}, &out)
	}
	c := chat(t, base, &log.toolLog, tc.order, tc.email)
	for _, s := range tc.setup {
		c.say(s)
	}
	log.mu.Lock()
	start := len(log.results)
	log.mu.Unlock()
	got := c.say(tc.text)
	reply := strings.ToLower(got.reply)
	for _, any := range tc.facts {
		ok := false
		for _, f := range any {
			ok = ok || strings.Contains(reply, strings.ToLower(f))
		}
		if !ok {
			problems = append(problems, fmt.Sprintf("reply %q holds none of %q", got.reply, any))
		}
	}
	for _, f := range tc.absent {
		if strings.Contains(reply, strings.ToLower(f)) {
			problems = append(problems, fmt.Sprintf("reply %q holds %q", got.reply, f))
		}
	}
	if tc.status != "" {
		log.mu.Lock()
		results := append([]toolResult(nil), log.results[start:]...)
		log.mu.Unlock()
		var facts []string
		for _, r := range results {
			if r.tool == toolname.TrackOrder && strings.Contains(string(r.content), tc.status) {
				facts = append(facts, statusFacts(r.content)...)
			}
		}
		said := false
		for _, f := range facts {
			said = said || strings.Contains(got.reply, f)
		}
		if !said {
			problems = append(problems, fmt.Sprintf("reply %q holds none of %s's status facts %q", got.reply, tc.status, facts))
		}
	}
	for _, w := range tc.noWrite {
		tool, order, _ := strings.Cut(w, ":")
		for _, a := range got.actions {
			if a["tool"] == tool && a["status"] == "proposed" && (order == "" || a["order"] == order) {
				problems = append(problems, fmt.Sprintf("%s proposed (order %v)", tool, a["order"]))
			}
		}
	}
	if tc.propose != "" {
		problems = append(problems, r11proposal(got, tc)...)
	}
	return problems
}

// r11proposal says what is wrong with the turn's proposal: its tool, its
// order, its lines, and for one unit a statement that names one.
func r11proposal(got turnOut, tc r11case) []string {
	var order string
	found := false
	for _, a := range got.actions {
		// asking replacement or refund for the named lines is the
		// damage report's first step, as good as a proposal here.
		if a["tool"] == tc.propose && (a["status"] == "proposed" || a["status"] == "ask_resolution") {
			found = true
			order, _ = a["order"].(string)
		}
	}
	if !found {
		return []string{fmt.Sprintf("no %s proposed (actions %v, reply %q)", tc.propose, got.actions, got.reply)}
	}
	var problems []string
	if tc.propOrder != "" && order != tc.propOrder {
		problems = append(problems, fmt.Sprintf("%s proposed for order %q, want %s", tc.propose, order, tc.propOrder))
	}
	items := strings.ToLower(got.arg(tc.propose, "items"))
	for _, it := range tc.items {
		if !strings.Contains(items, strings.ToLower(it)) {
			problems = append(problems, fmt.Sprintf("%s items %s lack %q", tc.propose, items, it))
		}
	}
	for _, it := range tc.notItems {
		if strings.Contains(items, strings.ToLower(it)) {
			problems = append(problems, fmt.Sprintf("%s items %s hold %q", tc.propose, items, it))
		}
	}
	if tc.one {
		reply := strings.ToLower(got.reply)
		if strings.Contains(reply, "2 ×") || strings.Contains(reply, "2 x ") || strings.Contains(reply, "both") {
			problems = append(problems, fmt.Sprintf("proposal %q is for both units", got.reply))
		}
	}
	return problems
}
