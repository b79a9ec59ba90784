package offline_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out phrasings of issue 18's trial, written before reading the
// offline model: a question about a proposal still waiting for a yes, a
// yes that carries a question or a condition, and a message with two
// requests. Judged by outcome: what ran in the shop, whether a proposal
// is stated at the end of the turn and with which lines, which tools were
// called, which facts the reply holds.
type p8case struct {
	name         string
	order, email string
	setup        []string // said first; the last leaves a proposal (or a question) waiting
	text         string
	// ran: the shop applied a write this turn. When false nothing may run.
	// Unset (p8either) leaves it to pkg/agent: a yes with a question that
	// does not confirm is stated again (pending must then hold).
	ran     p8ran
	pending bool       // a proposal is stated at the end of the turn
	facts   [][]string // the reply holds one of each
	tools   []string   // the turn calls each ("a|b": either)
	// without: no proposal stated this turn and nothing run names it.
	without string
	status  bool // the reply holds one of track_order's status facts
	// notStated: the turn states no proposal of this tool (the customer
	// took the request back).
	notStated string
	gap       bool // known gap: fails while unfixed
}

type p8ran int

const (
	p8no p8ran = iota
	p8yes
	p8either
)

const (
	p8samuel = "samuel.whitfield@example.com"
	p8maya   = "maya.okafor@example.com"
	p8elena  = "elena.petrova@example.com"
	p8daniel = "daniel.reyes@example.com"
)

var (
	p8return  = []string{"i want to return one of the mugs"}
	p8replace = []string{"one mug arrived with a crack", "a replacement please"}
	p8swap    = []string{"i'd like to exchange a mug for the charcoal one"}
	p8cancel  = []string{"please cancel my order"}
	p8refund  = []string{"one mug arrived with a crack", "refund please"}

	p8postage = []string{"paid by you", "you pay", "you'd pay", "your own postage", "you cover"}
	p8label   = []string{"no prepaid return label", "don't send prepaid", "no prepaid"}
	p8days    = []string{"5 to 10 business days"}
	p8cant    = []string{"can't", "cannot", "couldn't", "not able", "unable"}
	p8person  = []string{"team", "person", "colleague"}
)

func p8tests() []p8case {
	return []p8case{
		// 1. A question about a proposal that waits for a yes: answered
		// from its own facts or the policy, kept stated, nothing run.
		{name: "return postage", order: "#1006", email: p8samuel, setup: p8return, text: "do i have to pay the postage to send it back?", pending: true, facts: [][]string{p8postage}},
		{name: "return postage typo", order: "#1006", email: p8samuel, setup: p8return, text: "who pays for the postge on the retrun?", pending: true, facts: [][]string{p8postage}},
		{name: "return refund time", order: "#1006", email: p8samuel, setup: p8return, text: "if i agree, how long till the money is back on my card?", pending: true, facts: [][]string{p8days}},
		{name: "return label", order: "#1006", email: p8samuel, setup: p8return, text: "will you send me a label?", pending: true, facts: [][]string{p8label}},
		{name: "return label prepaid", order: "#1006", email: p8samuel, setup: p8return, text: "is there a prepaid lable included?", pending: true, facts: [][]string{p8label}},
		{name: "return amount", order: "#1006", email: p8samuel, setup: p8return, text: "hmm how much do i get back exactly?", pending: true, facts: [][]string{{"$25.68"}}},
		{name: "return where to send", order: "#1006", email: p8samuel, setup: p8return, text: "where would i send it to?", pending: true, facts: [][]string{{"email"}}},
		{name: "return box", order: "#1006", email: p8samuel, setup: p8return, text: "does it need to be in the original box?", pending: true, facts: [][]string{{"original packaging"}}},
		{name: "replacement colour", order: "#1006", email: p8samuel, setup: p8replace, text: "is the replacement the same colour?", pending: true, facts: [][]string{{"Sea Glass"}}},
		{name: "replacement color us", order: "#1006", email: p8samuel, setup: p8replace, text: "will the new mug be the same color as mine?", pending: true, facts: [][]string{{"Sea Glass"}}},
		{name: "replacement send back", order: "#1006", email: p8samuel, setup: p8replace, text: "do i need to send the broken one back first?", pending: true, facts: [][]string{{"no need to send", "don't need to send", "no need to return"}}},
		{name: "replacement label", order: "#1006", email: p8samuel, setup: p8replace, text: "will i get a label?", pending: true, facts: [][]string{{"no need to send", "don't need to send", "nothing back"}}},
		{name: "replacement cost", order: "#1006", email: p8samuel, setup: p8replace, text: "do i pay anything for the new one?", pending: true, facts: [][]string{{"no cost", "free", "nothing to pay"}}},
		{name: "replacement where", order: "#1006", email: p8samuel, setup: p8replace, text: "where will you ship the replacment?", pending: true, facts: [][]string{{"77 Cumberland Avenue", "address on the order"}}},
		{name: "exchange postage", order: "#1006", email: p8samuel, setup: p8swap, text: "do i have to pay shipping to send the old one back?", pending: true, facts: [][]string{p8postage}},
		{name: "exchange when", order: "#1006", email: p8samuel, setup: p8swap, text: "when does the charcoal one ship?", pending: true, facts: [][]string{{"on its way back"}}},
		{name: "exchange price", order: "#1006", email: p8samuel, setup: p8swap, text: "does the swap cost extra?", pending: true, facts: [][]string{{"no extra cost"}}},
		{name: "cancel refund time", order: "#1001", email: p8maya, setup: p8cancel, text: "how long will the refund take if i say yes?", pending: true, facts: [][]string{p8days}},
		{name: "cancel amount", order: "#1001", email: p8maya, setup: p8cancel, text: "will i get the full amount back?", pending: true, facts: [][]string{{"$85.51"}}},
		// Trial 14: a question about shipping in the cancel's refund, a
		// condition and a remark around it; the cancel waits, its amount
		// says what comes back.
		{name: "cancel lose shipping", order: "#1001", email: p8maya, setup: p8cancel, text: "hmm if i cancel do i lose the free shipping? i paid 7.95 shipping i think", ran: p8no, pending: true, facts: [][]string{{"$85.51"}, {"shipping included"}}},
		{name: "cancel refund includes shipping", order: "#1001", email: p8maya, setup: p8cancel, text: "wait, does the refund include shipping?", ran: p8no, pending: true, facts: [][]string{{"$85.51"}, {"shipping included"}}},
		{name: "refund label", order: "#1006", email: p8samuel, setup: p8refund, text: "would i get a return label for it?", pending: true, facts: [][]string{{"no label", "no need to send", "don't need to send"}}},
		{name: "es postage", order: "#1006", email: p8samuel, setup: p8return, text: "¿tengo que pagar yo el envío de la devolución?", pending: true, facts: [][]string{p8postage}},
		{name: "de refund time", order: "#1001", email: p8maya, setup: p8cancel, text: "Wie lange dauert die Rückerstattung, wenn ich ja sage?", pending: true, facts: [][]string{p8days}},
		{name: "fr label", order: "#1006", email: p8samuel, setup: p8return, text: "est-ce que je vais recevoir une étiquette de retour ?", pending: true, facts: [][]string{p8label}},

		// 2. A yes with a question or a condition: pkg/agent decides
		// whether it confirms; the reply answers the question, and nothing
		// the customer conditioned away runs.
		{name: "yes how long new", order: "#1006", email: p8samuel, setup: p8swap, text: "yes pls, how long will the new one take?", ran: p8either, facts: [][]string{{"on its way back", "3 to 7 business days"}}},
		{name: "yes same address", order: "#1006", email: p8samuel, setup: p8swap, text: "ok go ahead — will it be the same address?", ran: p8either, facts: [][]string{{"77 Cumberland Avenue", "address on the order"}}},
		{name: "yes replacement address", order: "#1006", email: p8samuel, setup: p8replace, text: "yes! will it go to the same address as before?", ran: p8either, facts: [][]string{{"77 Cumberland Avenue", "address on the order"}}},
		{name: "yes postage", order: "#1006", email: p8samuel, setup: p8return, text: "yes and will i need to pay for postage?", ran: p8either, facts: [][]string{p8postage}},
		{name: "yep dash refund", order: "#1006", email: p8samuel, setup: p8return, text: "yep - when will the refund show up?", ran: p8either, facts: [][]string{p8days}},
		{name: "yes label typo", order: "#1006", email: p8samuel, setup: p8return, text: "yeah ok, do i get a lable?", ran: p8either, facts: [][]string{p8label}},
		{name: "yes colour", order: "#1006", email: p8samuel, setup: p8replace, text: "sure, it'll be the same colour right?", ran: p8either, facts: [][]string{{"Sea Glass"}}},
		// A question that takes the proposal back ("instead of
		// cancelling") is no question about it: never stated again, so
		// the next yes has nothing of it to run (trial 7b's blocking find).
		{name: "swap instead of cancel", order: "#1001", email: p8maya, setup: p8cancel, text: "hmm actually, could i swap it for the charcoal one instead of cancelling?", ran: p8no, notStated: toolname.CancelOrder},
		{name: "exchange instead of cancel credit", order: "#1001", email: p8maya, setup: []string{"please cancel my order and give me store credit"}, text: "Hmm actually, could I exchange it for the charcoal colour instead of cancelling?", ran: p8no, notStated: toolname.CancelOrder},
		{name: "rather than cancel", order: "#1001", email: p8maya, setup: p8cancel, text: "would it be possible to change the colour rather than cancel?", ran: p8no, notStated: toolname.CancelOrder},
		{name: "credit instead of return", order: "#1006", email: p8samuel, setup: p8return, text: "could i just get a replacement instead of sending it back?", ran: p8no, notStated: toolname.StartReturn},
		{name: "yes keep filters", order: "#1001", email: p8maya, setup: p8cancel, text: "yes but can i keep the filters?", ran: p8no, without: "Filters", facts: [][]string{{"as a whole", "whole order"}}},
		{name: "ok keep filters", order: "#1001", email: p8maya, setup: p8cancel, text: "ok but i want to keep the filtres", ran: p8no, without: "Filters", facts: [][]string{{"as a whole", "whole order"}}},
		{name: "yes except filters", order: "#1001", email: p8maya, setup: p8cancel, text: "yes, cancel everything except the filters", ran: p8no, without: "Filters", facts: [][]string{{"as a whole", "whole order"}}},
		{name: "de keep filters", order: "#1001", email: p8maya, setup: p8cancel, text: "ja, aber die Filter möchte ich behalten", ran: p8no, without: "Filters", facts: [][]string{{"as a whole", "whole order"}}},
		{name: "fr keep filters", order: "#1001", email: p8maya, setup: p8cancel, text: "oui mais je garde les filtres", ran: p8no, without: "Filters", facts: [][]string{{"as a whole", "whole order"}}},
		{name: "es refund time", order: "#1006", email: p8samuel, setup: p8return, text: "sí, ¿cuándo me llega el reembolso?", ran: p8either, facts: [][]string{p8days}},

		// 3. Two requests in one message: each answered or honestly said
		// not done; one write proposal per turn, the other said to follow.
		{name: "chip and return other", order: "#1006", email: p8samuel, text: "one of the mugs has a chip, and i want to send the other one back too", tools: []string{toolname.ReportDamage}, facts: [][]string{{"return of 1 × Harbor Stoneware Mug"}}},
		{name: "chip and return other typo", order: "#1006", email: p8samuel, text: "a mug came chiped and id like to retrun the second one", tools: []string{toolname.ReportDamage}, facts: [][]string{{"return of 1 × Harbor Stoneware Mug"}}},
		{name: "cracked kit and return mugs", order: "#1006", email: p8samuel, text: "the coffee kit arrived cracked. also i want to return both mugs", tools: []string{toolname.ReportDamage}, facts: [][]string{{"return"}}},
		{name: "status and code", order: "#1003", email: p8daniel, text: "where is my order? also the discount code didn't work at checkout", status: true, facts: [][]string{p8cant, p8person}},
		{name: "status and promo typo", order: "#1003", email: p8daniel, text: "wheres my parcel, and my promo code was rejectd", status: true, facts: [][]string{p8cant, p8person}},
		{name: "code then status", order: "#1003", email: p8daniel, text: "my coupon didn't apply at checkout. and when will my order arrive?", status: true, facts: [][]string{p8cant, p8person}},
		{name: "charged twice and status", order: "#1003", email: p8daniel, text: "i think i was charged twice, and where is my stuff?", status: true, facts: [][]string{p8cant, p8person}},
		{name: "es status and code", order: "#1003", email: p8daniel, text: "¿dónde está mi pedido? además el código de descuento no funcionó", status: true, facts: [][]string{p8cant, p8person}},
		{name: "de status and code", order: "#1003", email: p8daniel, text: "Wo ist meine Bestellung? Außerdem hat der Rabattcode nicht funktioniert.", status: true, facts: [][]string{p8cant, p8person}},
		{name: "damage and status", order: "#1011", email: p8elena, text: "the coffee kit arrived with a cracked carafe, and where are my candles?", tools: []string{toolname.ReportDamage}, status: true},
		{name: "cancel and policy", order: "#1001", email: p8maya, text: "cancel my order please, and what is your return policy?", tools: []string{toolname.CancelOrder}, pending: true, facts: [][]string{{"30 days"}}},
	}
}

// TestPending8 runs the held-out table and counts what fails.
func TestPending8(t *testing.T) {
	heldOutTable(t, "pending8", p8tests(), func(tc p8case) string { return tc.name }, func(tc p8case) string { return marked(tc.gap) }, p8run)
}

// p8run runs one case and says what is wrong with its outcome.
func p8run(t *testing.T, base string, log *resultLog, tc p8case) []string {
	var problems []string
	c := chat(t, base, &log.toolLog, tc.order, tc.email)
	for _, s := range tc.setup {
		c.say(s)
	}
	log.mu.Lock()
	start := len(log.results)
	log.mu.Unlock()
	before := len(shopActions(t, base))
	got := c.say(tc.text)
	applied := shopActions(t, base)[before:]
	summary := actionSummary(applied)

	proposed := got.status(toolname.StartReturn) == "proposed" || got.status(toolname.ExchangeItem) == "proposed" ||
		got.status(toolname.CancelOrder) == "proposed" || got.status(toolname.ReportDamage) == "proposed" ||
		got.status(toolname.ChangeAddress) == "proposed"
	for _, a := range got.actions {
		if a["status"] == "proposed" && !proposed {
			proposed = true
		}
	}
	switch tc.ran {
	case p8no:
		if len(applied) > 0 {
			problems = append(problems, fmt.Sprintf("ran %v, want nothing run", summary))
		}
	case p8yes:
		if len(applied) == 0 {
			problems = append(problems, "nothing ran, want the proposal run")
		}
	case p8either:
		if len(applied) == 0 && !proposed {
			problems = append(problems, "nothing ran and no proposal stated again")
		}
	}
	if tc.pending && !proposed {
		problems = append(problems, fmt.Sprintf("no proposal stated at the end of the turn (actions %v)", got.actions))
	}
	n := 0
	for _, a := range got.actions {
		if a["status"] == "proposed" {
			n++
		}
	}
	if n > 1 {
		problems = append(problems, fmt.Sprintf("%d proposals stated in one turn", n))
	}
	for _, a := range got.actions {
		if tc.notStated != "" && a["tool"] == tc.notStated && a["status"] == "proposed" {
			problems = append(problems, fmt.Sprintf("%s stated again though the customer took it back", tc.notStated))
		}
	}
	if tc.without != "" {
		for _, s := range summary {
			if strings.Contains(s, tc.without) {
				problems = append(problems, fmt.Sprintf("ran %q though the customer kept %s", s, tc.without))
			}
		}
		if proposed && p8statedNames(got, tc.without) {
			problems = append(problems, fmt.Sprintf("the proposal stated names %s, which the customer kept", tc.without))
		}
	}
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
	for _, tool := range tc.tools {
		ok := false
		for _, name := range strings.Split(tool, "|") {
			ok = ok || got.called(name) || got.status(name) != ""
		}
		if !ok {
			problems = append(problems, fmt.Sprintf("tools %v, want %s", got.toolNames(), tool))
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
	return problems
}

// p8statedNames reports whether the proposal the reply states names
// word: the text from its "I'll" on, where code puts the statement.
func p8statedNames(got turnOut, word string) bool {
	i := strings.LastIndex(got.reply, "I'll ")
	return i >= 0 && strings.Contains(strings.ToLower(got.reply[i:]), strings.ToLower(word))
}
