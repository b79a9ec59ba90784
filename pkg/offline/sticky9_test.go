package offline_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out phrasings of issue 18's no-context trial (sticky9), written
// before reading the offline model. Two classes:
//
//  1. A proposal that sticks: the agent proposed a write, and the
//     customer's next message asks something else. The new question is
//     answered (or honestly not, with a person named) and the waiting
//     proposal is not stated again.
//  2. A remark inside a message ("perfect", "wait", "been waiting
//     forever") is no question: no "couldn't find" is said for it, and
//     the real question beside it is answered.
//
// Judged by outcome: which proposal the turn states, which facts the
// reply holds, which tool results it repeats; never the model's wording.
type s9case struct {
	name         string
	wait         string // the demo clock advanced first
	order, email string
	setup        []string // said first; with old set, the last leaves old proposed
	old          string   // the write tool proposed by setup, not to be stated again
	text         string
	facts        [][]string // the reply holds one of each
	status       bool       // the reply holds one of track_order's status facts
	placed       bool       // the reply holds the day the order was placed, as a tool gave it
	// canNot: the shop's guides do not say; "couldn't find" is then an
	// honest answer, not a remark taken for a question.
	canNot bool
	gap    bool // known gap: fails while unfixed
}

const (
	s9daniel = "daniel.reyes@example.com"
	s9maya   = "maya.okafor@example.com"
	s9samuel = "samuel.whitfield@example.com"
)

var (
	s9late    = []string{"my order is late"}
	s9cancel  = []string{"please cancel my order"}
	s9return  = []string{"i want to return one of the mugs"}
	s9replace = []string{"one mug arrived with a crack", "a replacement please"}

	s9policy   = []string{"30 days"}
	s9abroad   = []string{"outside the United States", "within the United States", "only ship", "don't ship", "do not ship"}
	s9refund   = []string{"5 to 10 business days"}
	s9wrap     = []string{"$5"}
	s9person   = []string{"team", "person", "colleague"}
	s9noAnswer = []string{"couldn't find", "could not find", "can't find", "not in our guides"}
)

func s9tests() []s9case {
	late := func(name, text string, facts ...[]string) s9case {
		return s9case{name: name, wait: "96h", order: "#1003", email: s9daniel, setup: s9late, old: toolname.FollowUp, text: text, facts: facts}
	}
	lateStatus := func(name, text string) s9case {
		c := late(name, text)
		c.status = true
		return c
	}
	return []s9case{
		// 1. A proposal that sticks.
		late("late what did i order", "what did i even order and how much", []string{"Cast-Iron Skillet", "skillet"}, []string{"88.47"}),
		// Gap: no longer stated again, but a shipped parcel sent elsewhere
		// is searched in the product guides, not told the address is
		// fixed once shipped (the same without a proposal waiting).
		{name: "late office", wait: "96h", order: "#1003", email: s9daniel, setup: s9late, old: toolname.FollowUp, text: "can u send it to my office instead",
			facts: [][]string{{"redirect", "no longer", "can't", "cannot", "not able", "unable", "already"}}, gap: true},
		late("late return policy", "whats your return policy", s9policy),
		lateStatus("late courier", "hang on which courier has it"),
		late("late canada", "do you guys ship to canada", s9abroad),
		lateStatus("late tracking number", "what's the tracking number"),
		{name: "late when ordered", wait: "96h", order: "#1003", email: s9daniel, setup: s9late, old: toolname.FollowUp, text: "when did i place the order again", placed: true},
		late("late gift wrap", "do you do gift wrapping", s9wrap),
		{name: "late phone", wait: "96h", order: "#1003", email: s9daniel, setup: s9late, old: toolname.FollowUp, text: "is there a phone number i can call", facts: [][]string{s9person}, canNot: true},
		// Gap: "how long do refunds normally take" finds the delivery
		// times' section (the same without a proposal waiting).
		{name: "late refund time", wait: "96h", order: "#1003", email: s9daniel, setup: s9late, old: toolname.FollowUp, text: "how long do refunds normally take", facts: [][]string{s9refund}, gap: true},
		late("late total typo", "how much did i pay in totl", []string{"88.47"}),
		{name: "cancel return policy", order: "#1001", email: s9maya, setup: s9cancel, old: toolname.CancelOrder, text: "whats your return policy btw", facts: [][]string{s9policy}},
		{name: "cancel which address", order: "#1001", email: s9maya, setup: s9cancel, old: toolname.CancelOrder, text: "which address was it going to", facts: [][]string{{"48 Linden Street"}}},
		{name: "cancel canada", order: "#1001", email: s9maya, setup: s9cancel, old: toolname.CancelOrder, text: "do you deliver to canada?", facts: [][]string{s9abroad}},
		{name: "return gift wrap", order: "#1006", email: s9samuel, setup: s9return, old: toolname.StartReturn, text: "unrelated but do you offer gift wrap", facts: [][]string{s9wrap}},
		{name: "return what ordered", order: "#1006", email: s9samuel, setup: s9return, old: toolname.StartReturn, text: "remind me what else was in that order?", facts: [][]string{{"Coffee Kit"}}},
		{name: "replace total", order: "#1006", email: s9samuel, setup: s9replace, old: toolname.ReportDamage, text: "what was the order total again", facts: [][]string{{"119.84"}}},
		{name: "replace canada", order: "#1006", email: s9samuel, setup: s9replace, old: toolname.ReportDamage, text: "do you ship to canada? asking for a friend", facts: [][]string{s9abroad}},

		// 2. Remarks answered as questions.
		{name: "perfect policy", order: "#1006", email: s9samuel, text: "perfect. what's your return policy?", facts: [][]string{s9policy}},
		{name: "wait tracking", order: "#1003", email: s9daniel, wait: "96h", text: "wait, what's the tracking number?", status: true},
		{name: "waiting forever", order: "#1003", email: s9daniel, wait: "96h", text: "been waiting forever. where is my parcel", status: true},
		{name: "sister wants one", order: "#1006", email: s9samuel, text: "my sister wants one too. do you ship to canada?", facts: [][]string{s9abroad}},
		{name: "great thanks refunds", order: "#1006", email: s9samuel, text: "ok great, thanks! how long do refunds take?", facts: [][]string{s9refund}},
		{name: "ugh still nothing", order: "#1003", email: s9daniel, wait: "96h", text: "ugh. still nothing. when will it arrive?", status: true},
		{name: "fed up", order: "#1003", email: s9daniel, wait: "96h", text: "honestly so fed up. where's my order", status: true},
		{name: "wait gift wrap", order: "#1006", email: s9samuel, text: "wait. do you do gift wrap", facts: [][]string{s9wrap}},
		{name: "lovely cheers alone", order: "#1003", email: s9daniel, setup: []string{"where is my order"}, text: "lovely, cheers"},
		{name: "perfect alone", order: "#1006", email: s9samuel, setup: []string{"what's your return policy?"}, text: "perfect"},
		{name: "sister alone", order: "#1006", email: s9samuel, setup: []string{"what's your return policy?"}, text: "my sister wants one"},
		{name: "no rush gift wrap", order: "#1001", email: s9maya, text: "no rush at all. is gift wrapping available?", facts: [][]string{s9wrap}},
		{name: "great policy then sister", order: "#1006", email: s9samuel, text: "great, so what's the return window? my sister wants one", facts: [][]string{s9policy}},
	}
}

// TestSticky9 runs the held-out table and counts what fails.
func TestSticky9(t *testing.T) {
	heldOutTable(t, "sticky9", s9tests(), func(tc s9case) string { return tc.name }, func(tc s9case) string { return marked(tc.gap) }, s9run)
}

// s9run runs one case and says what is wrong with its outcome.
func s9run(t *testing.T, base string, log *resultLog, tc s9case) []string {
	var problems []string
	if tc.wait != "" {
		var out map[string]any
		postJSON(t, base+"/dev/clock", "", map[string]string{"advance": tc.wait}, &out)
	}
	c := chat(t, base, &log.toolLog, tc.order, tc.email)
	var last turnOut
	for _, s := range tc.setup {
		last = c.say(s)
	}
	if tc.old != "" && last.status(tc.old) != "proposed" {
		return []string{fmt.Sprintf("setup left no %s proposal (actions %v)", tc.old, last.actions)}
	}
	log.mu.Lock()
	start := len(log.results)
	log.mu.Unlock()
	got := c.say(tc.text)
	if tc.old != "" && got.status(tc.old) == "proposed" {
		problems = append(problems, fmt.Sprintf("%s stated again for a message about something else", tc.old))
	}
	reply := strings.ToLower(got.reply)
	for _, f := range s9noAnswer {
		if !tc.canNot && strings.Contains(reply, f) {
			problems = append(problems, fmt.Sprintf("reply %q says %q", got.reply, f))
		}
	}
	for _, any := range tc.facts {
		ok := false
		for _, f := range any {
			ok = ok || strings.Contains(reply, strings.ToLower(f))
		}
		if !ok {
			problems = append(problems, fmt.Sprintf("reply %q holds none of %q", got.reply, any))
		}
	}
	if tc.status {
		log.mu.Lock()
		results := append([]toolResult(nil), log.results[start:]...)
		log.mu.Unlock()
		var facts []string
		for _, r := range results {
			if r.tool == toolname.TrackOrder {
				facts = append(facts, statusFacts(r.content)...)
			}
		}
		said := false
		for _, f := range facts {
			said = said || strings.Contains(got.reply, f)
		}
		if !said {
			problems = append(problems, fmt.Sprintf("reply %q holds none of the status facts %q", got.reply, facts))
		}
	}
	if tc.placed {
		log.mu.Lock()
		results := append([]toolResult(nil), log.results[start:]...)
		log.mu.Unlock()
		var days []string
		for _, r := range results {
			var v any
			_ = json.Unmarshal(r.content, &v)
			days = append(days, s9placed(v, tc.order)...)
		}
		said := false
		for _, d := range days {
			said = said || strings.Contains(got.reply, d)
		}
		if !said {
			problems = append(problems, fmt.Sprintf("reply %q holds none of the days placed %q", got.reply, days))
		}
	}
	return problems
}

// s9placed are the days order was placed on ("Dec 2") that a tool result
// holds under a key that names when an order was made.
func s9placed(v any, order string) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		if name, ok := v["order_number"].(string); ok && name != order {
			return nil
		}
		for k, x := range v {
			if s, ok := x.(string); ok && (strings.Contains(k, "created") || strings.Contains(k, "placed")) {
				if tm, err := time.Parse(time.RFC3339, s); err == nil {
					s = tm.Format("Jan 2")
				} else if _, day, ok := strings.Cut(s, ", "); ok {
					s, _, _ = strings.Cut(day, ",") // "Wed, Dec 2, 2026": "Dec 2"
				}
				out = append(out, s)
				continue
			}
			out = append(out, s9placed(x, order)...)
		}
	case []any:
		for _, x := range v {
			out = append(out, s9placed(x, order)...)
		}
	}
	return out
}
