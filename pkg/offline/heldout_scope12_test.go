package offline_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out phrasings of the scope of a write the customer asks for, written
// before reading the offline model (issue 18, scope12): a unit added to
// the address the order has; an address with a label in front of it; a
// change of mind about one named line; an address change asked for with no
// address given; a yes that asks for another refund figure. Judged by
// outcome: the write proposed at the end of the turn, what ran before the
// yes (nothing), and after the customer's yes what the shop applied
// (lines, reason, address fields); for the asks, that nothing was proposed
// and what the next message gets.
type sc12case struct {
	name         string
	order, email string
	setup        []string // said first
	text         string
	// tool is the write proposed at the end of text's turn ("" none); the
	// customer then says yes and the shop's writes are judged.
	tool   string
	lines  []string // title or title/variant ×quantity, exactly
	reason string   // the return's recorded reason
	// address: fields of the applied address; a value "a|b" takes either.
	address map[string]string
	// replyHas: text's reply holds one of these (a figure, a fact).
	replyHas []string
	// replyHasNot: text's reply holds none of these.
	replyHasNot []string
	// then, when tool is "": said next, it must get a proposal of thenTool
	// with thenAddress once confirmed.
	then        string
	thenTool    string
	thenAddress map[string]string
	gap         string // a known gap: fails while unfixed
}

const (
	s12maya   = "maya.okafor@example.com"
	s12samuel = "samuel.whitfield@example.com"
	s12elena  = "elena.petrova@example.com"
	s12priya  = "priya.natarajan@example.com"
	s12mug    = "Harbor Stoneware Mug"
	s12kit    = "Pour-Over Coffee Kit"
	s12unwant = "UNWANTED"
)

// s12home is #1001's address with unit as its second line.
func s12home(unit string) map[string]string {
	return map[string]string{"address1": "48 Linden Street", "address2": unit, "city": "Somerville", "zip": "02143", "countryCode": "US"}
}

func sc12tests() []sc12case {
	addr := toolname.ChangeAddress
	ret := toolname.StartReturn
	rep := toolname.ReportDamage
	elm := map[string]string{"address1": "42 Elm Street", "city": "Portland", "zip": "97201"}
	cracked := []string{"one of the mugs arrived cracked, i want a refund for it"}
	return []sc12case{
		// 1. A unit added to the order's address: that address, the unit
		// as its second line, nothing else changed.
		{name: "oh wait apartment 7C", order: "#1001", email: s12maya, text: "oh wait, it's apartment 7C",
			tool: addr, address: s12home("apartment 7C|apt 7C")},
		{name: "forgot flat number 14", order: "#1001", email: s12maya, text: "i forgot to put my flat number, it's 14",
			tool: addr, address: s12home("flat 14|14|apt 14")},
		{name: "add unit 9", order: "#1001", email: s12maya, text: "can you add unit 9 to the address pls",
			tool: addr, address: s12home("unit 9")},
		{name: "missing suite 210", order: "#1001", email: s12maya, text: "the address is missing my suite number: suite 210",
			tool: addr, address: s12home("suite 210")},
		{name: "apt 3F courier", order: "#1001", email: s12maya, text: "apt 3F please, the courier won't find me otherwise",
			tool: addr, address: s12home("apt 3F")},
		{name: "hash 402 street line", order: "#1001", email: s12maya, text: "just add #402 to the street line",
			tool: addr, address: s12home("#402|apt 402|unit 402")},
		{name: "put flat 6", order: "#1001", email: s12maya, text: "please put flat 6 on the delivery address",
			tool: addr, address: s12home("flat 6")},
		{name: "live in apartment 11", order: "#1001", email: s12maya, text: "i live in apartment 11, it's not on the order",
			tool: addr, address: s12home("apartment 11|apt 11")},
		{name: "unit after status", order: "#1001", email: s12maya, setup: []string{"has my order shipped yet?"}, text: "ok good. oh and it's apt 9D, i forgot to add it",
			tool: addr, address: s12home("apt 9D")},

		// A unit added to an address just proposed amends that proposal.
		{name: "pending then unit 4 btw", order: "#1001", email: s12maya, setup: []string{"please ship it to 9 Oak Street, Denver, CO 80203 instead"},
			text: "oh, it's unit 4 btw", tool: addr, address: map[string]string{"address1": "9 Oak Street", "address2": "unit 4", "city": "Denver", "zip": "80203"}},
		{name: "pending then add apartment 12B", order: "#1001", email: s12maya, setup: []string{"change the address to 300 Main St, Dallas, TX 75201"},
			text: "sorry, add apartment 12B", tool: addr, address: map[string]string{"address1": "300 Main St", "address2": "apartment 12B|apt 12B", "city": "Dallas", "zip": "75201"}},
		{name: "pending then flat number 7", order: "#1001", email: s12maya, setup: []string{"change the address to 300 Main St, Dallas, TX 75201"},
			text: "forgot the flat number, it's 7", tool: addr, address: map[string]string{"address1": "300 Main St", "address2": "flat 7|apt 7|7", "city": "Dallas", "zip": "75201"}},

		// 2. A label in front of the address is not its street line.
		{name: "mums house colon", order: "#1001", email: s12maya, text: "send it to my mum's house: 4 Elm Close, Springfield, IL 62704",
			tool: addr, address: map[string]string{"address1": "4 Elm Close", "city": "Springfield", "zip": "62704"}},
		{name: "office dash", order: "#1001", email: s12maya, text: "ship to my office instead - 200 Market Street, San Francisco, CA 94105",
			tool: addr, address: map[string]string{"address1": "200 Market Street", "city": "San Francisco", "zip": "94105"}},
		{name: "sisters place comma", order: "#1001", email: s12maya, text: "please deliver to my sister's place, 17 Birch Lane, Austin TX 78701",
			tool: addr, address: map[string]string{"address1": "17 Birch Lane", "city": "Austin", "zip": "78701"}},
		{name: "new address my work parens", order: "#1001", email: s12maya, text: "new address (my work): 55 Water St, Boston MA 02109",
			tool: addr, address: map[string]string{"address1": "55 Water St", "city": "Boston", "zip": "02109"}},
		{name: "boyfriends apartment", order: "#1001", email: s12maya, text: "can it go to my boyfriend's apartment: 310 Pine Ave, Seattle, WA 98101",
			tool: addr, address: map[string]string{"address1": "310 Pine Ave", "city": "Seattle", "zip": "98101"}},

		{name: "parcels coming aunts flat", order: "#1001", email: s12maya, text: "i've got 2 parcels coming; send them to my aunt's flat: 5 Quay Street, Apt 1, Boston, MA 02110",
			tool: addr, address: map[string]string{"address1": "5 Quay Street", "address2": "apt 1", "city": "Boston", "zip": "02110"}},
		{name: "order on its way cousins house", order: "#1001", email: s12maya, text: "my order is on its way - can it go to my cousin's house: 60 Court St, Brooklyn, NY 11201",
			tool: addr, address: map[string]string{"address1": "60 Court St", "city": "Brooklyn", "zip": "11201"}},

		// 3. A change of mind about one named line: a return of that line,
		// a change-of-mind reason.
		{name: "dont need kit anymore", order: "#1006", email: s12samuel, text: "i don't need the coffee kit anymore, can i send it back?",
			tool: ret, lines: []string{s12kit + "×1"}, reason: s12unwant},
		{name: "changed mind on mugs", order: "#1006", email: s12samuel, text: "changed my mind on the mugs, want to return them",
			tool: ret, lines: []string{s12mug + "×2"}, reason: s12unwant},
		{name: "decided dont want kit", order: "#1006", email: s12samuel, text: "actually i decided i don't want the coffee kit, return please",
			tool: ret, lines: []string{s12kit + "×1"}, reason: s12unwant},
		{name: "kit fine no longer want", order: "#1006", email: s12samuel, text: "the coffee kit works fine but i no longer want it, please return it",
			tool: ret, lines: []string{s12kit + "×1"}, reason: s12unwant},
		{name: "second thoughts mugs", order: "#1006", email: s12samuel, text: "i'd like to return the mugs, i've had second thoughts",
			tool: ret, lines: []string{s12mug + "×2"}, reason: s12unwant},
		{name: "kit after all", order: "#1011", email: s12elena, text: "don't want the coffee kit after all, i'd like to return it",
			tool: ret, lines: []string{s12kit + "×1"}, reason: s12unwant},
		{name: "no longer need mugs", order: "#1006", email: s12samuel, text: "no longer need the mugs, i want to return them",
			tool: ret, lines: []string{s12mug + "×2"}, reason: s12unwant},
		{name: "kit delivered candles not", order: "#1011", email: s12elena, text: "changed my mind about the coffee kit, i want to send it back",
			tool: ret, lines: []string{s12kit + "×1"}, reason: s12unwant},

		// 4. An address change with no address: ask for it (no charge
		// quoted, nothing proposed); the address given next is proposed.
		{name: "change shipping adress", order: "#1001", email: s12maya, text: "change the shipping adress",
			replyHasNot: []string{"$7.95"}, then: "42 Elm Street, Portland, OR 97201", thenTool: addr, thenAddress: elm},
		{name: "update delivery address", order: "#1001", email: s12maya, text: "i need to update my delivery address",
			replyHasNot: []string{"$7.95"}, then: "42 Elm Street, Portland, OR 97201", thenTool: addr, thenAddress: elm},
		{name: "change where shipped", order: "#1001", email: s12maya, text: "can i change where the order is being shipped to?",
			replyHasNot: []string{"$7.95"}, then: "it's 42 Elm Street, Portland, OR 97201", thenTool: addr, thenAddress: elm},
		{name: "wrong adress fix", order: "#1001", email: s12maya, text: "wrong adress on my order, need to fix it",
			replyHasNot: []string{"$7.95"}, then: "42 Elm Street, Portland, OR 97201", thenTool: addr, thenAddress: elm},
		{name: "change shipping address label printed", order: "#1002", email: s12priya, text: "change the shipping adress please",
			replyHasNot: []string{"$7.95"}},

		// 5. A yes that asks for another refund figure: nothing runs; the
		// proposal's figure is said and the proposal stated again, and a
		// plain yes then runs it as first stated.
		{name: "yes but make it 120", order: "#1006", email: s12samuel, setup: cracked, text: "yes, but make it $120",
			tool: rep, lines: []string{s12mug + "×1"}, replyHas: []string{"$24", "$25", "$26"}},
		{name: "ok but 150 instead", order: "#1006", email: s12samuel, setup: cracked, text: "ok but can you do $150 instead?",
			tool: rep, lines: []string{s12mug + "×1"}, replyHas: []string{"$24", "$25", "$26"}},
		{name: "yes please but 200", order: "#1006", email: s12samuel, setup: cracked, text: "yes please but refund $200 not that",
			tool: rep, lines: []string{s12mug + "×1"}, replyHas: []string{"$24", "$25", "$26"}},
		{name: "sure though 95", order: "#1006", email: s12samuel, setup: cracked, text: "sure, though i'd like $95 back",
			tool: rep, lines: []string{s12mug + "×1"}, replyHas: []string{"$24", "$25", "$26"}},
	}
}

// TestScope12 runs the held-out table and counts what fails.
func TestScope12(t *testing.T) {
	heldOutTable(t, "scope12", sc12tests(), func(tc sc12case) string { return tc.name }, func(tc sc12case) string { return tc.gap }, sc12run)
}

// sc12run runs one case and says what is wrong with its outcome.
func sc12run(t *testing.T, base string, log *resultLog, tc sc12case) []string {
	var problems []string
	c := chat(t, base, &log.toolLog, tc.order, tc.email)
	for _, s := range tc.setup {
		c.say(s)
	}
	before := len(shopActions(t, base))
	got := c.say(tc.text)
	stated := sc11stated(got)
	if applied := shopActions(t, base)[before:]; len(applied) > 0 {
		problems = append(problems, fmt.Sprintf("ran %v before any yes", actionSummary(applied)))
	}
	if len(tc.replyHas) > 0 && !slices.ContainsFunc(tc.replyHas, func(f string) bool { return strings.Contains(got.reply, f) }) {
		problems = append(problems, fmt.Sprintf("reply %q holds none of %v", got.reply, tc.replyHas))
	}
	for _, f := range tc.replyHasNot {
		if strings.Contains(got.reply, f) {
			problems = append(problems, fmt.Sprintf("reply %q holds %q", got.reply, f))
		}
	}
	tool, want := tc.tool, tc.address
	if tc.tool == "" {
		if len(stated) > 0 {
			problems = append(problems, fmt.Sprintf("stated %v (reply %q), want nothing offered", stated, got.reply))
		}
		if tc.then == "" {
			return problems
		}
		before = len(shopActions(t, base))
		got = c.say(tc.then)
		stated = sc11stated(got)
		if applied := shopActions(t, base)[before:]; len(applied) > 0 {
			problems = append(problems, fmt.Sprintf("ran %v before any yes", actionSummary(applied)))
		}
		tool, want = tc.thenTool, tc.thenAddress
	}
	if !slices.Contains(stated, tool) {
		return append(problems, fmt.Sprintf("stated %v (reply %q), want a %s proposal", stated, got.reply, tool))
	}
	before = len(shopActions(t, base))
	c.say("yes")
	applied := shopActions(t, base)[before:]
	if len(applied) == 0 {
		return append(problems, "the yes ran nothing")
	}
	if tc.lines != nil {
		if got := sc11lines(applied, tc.lines); !slices.Equal(got, sc11sorted(tc.lines)) {
			problems = append(problems, fmt.Sprintf("ran lines %v, want %v (%v)", got, sc11sorted(tc.lines), actionSummary(applied)))
		}
	}
	if tc.reason != "" {
		reason := ""
		for _, a := range applied {
			if d, ok := a["detail"].(map[string]any); ok && a["type"] == "return" {
				reason, _ = d["reason"].(string)
			}
		}
		if reason != tc.reason {
			problems = append(problems, fmt.Sprintf("return recorded with reason %q, want %q", reason, tc.reason))
		}
	}
	if want != nil {
		var got map[string]any
		for _, a := range applied {
			if d, ok := a["detail"].(map[string]any); ok && a["type"] == "address_change" {
				got, _ = d["address"].(map[string]any)
			}
		}
		for k, w := range want {
			have, _ := got[k].(string)
			if !slices.ContainsFunc(strings.Split(w, "|"), func(w string) bool { return strings.EqualFold(strings.TrimSpace(have), w) }) {
				problems = append(problems, fmt.Sprintf("address %s = %q, want %q (address %v)", k, have, w, got))
			}
		}
	}
	return problems
}
