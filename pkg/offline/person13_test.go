package offline_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// person13Case is a held-out conversation (issue 18, person13): a customer
// asks for a person, says yes to the agent's own offer of one, or asks for
// what the shop or its policy cannot give. Written before reading the
// model's code; judged on outcomes: the handover, the tools called, the
// proposals, the writes, the facts in the reply.
type person13Case struct {
	name         string
	order, email string // empty: an unverified chat
	before       []string
	pending      string // a write tool the last before-turn proposed (a precondition)
	offered      bool   // the last before-turn offered a person (a precondition)
	text         string
	handover     bool     // the turn hands the conversation to a person
	propose      string   // a write tool this turn proposes
	notProposed  []string // write tools this turn must not propose
	notCalled    []string // tools this turn must not call
	mentions     [][]string
	unsaid       []string
	unsaidBefore []string // the last before-turn's reply holds none either
	estimate     bool     // the reply holds a status fact of a track_order result
	gap          string
}

// offersPerson reports whether a reply offers the customer a person.
func offersPerson(reply string) bool {
	low := strings.ToLower(reply)
	for _, w := range []string{"person", "member of the team", "member of our team", "someone", "colleague"} {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

func TestHeldOutPerson13(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"
		daniel = "daniel.reyes@example.com"
		tom    = "tom.becker@example.com"
		samuel = "samuel.whitfield@example.com"
		olivia = "olivia.brandt@example.com"
	)
	writes := []string{toolname.StartReturn, toolname.ReportDamage, toolname.ExchangeItem, toolname.CancelOrder,
		toolname.ChangeAddress, toolname.FollowUp, toolname.ReportNotReceived}
	cant := []string{"can't", "cannot", "can not", "not able", "unable", "isn't something", "no way to", "don't"}
	shop := []string{"shop", "store", "website", "site", "checkout"}
	closed := []string{"closed", "ended", "expired", "passed"}
	person := []string{"person", "team", "someone", "colleague"}
	late := []string{"is late", "running late", "overdue", "is delayed", "been delayed"}
	const (
		addr     = "please send my order to 42 Elm Street, Portland, OR 97201 instead"
		cancelIt = "cancel my order please"
		retKit   = "i want to return the coffee kit"
		whyCanc  = "why was my order cancelled?? i never asked for that"
	)
	cases := []person13Case{
		// An explicit request for a person: handed over, nothing proposed.
		{name: "actual human", order: "#1006", email: samuel, text: "can i speak with an actual human pls", handover: true, notProposed: writes},
		{name: "someone from the shop", order: "#1003", email: daniel, text: "get me someone from the shop, this bot isnt helping", handover: true, notProposed: writes},
		{name: "manager", order: "#1007", email: maya, text: "i want to talk to a manager about this", handover: true, notProposed: writes},
		{name: "real persn typo", order: "#1004", email: tom, text: "is there a real persn i can chat to?", handover: true, notProposed: writes},
		{name: "member of your team", order: "#1002", email: "priya.natarajan@example.com", text: "could a member of your team get in touch with me about my throw", handover: true, notProposed: writes},
		{name: "customer service staff", text: "put me thru to customer service staff please", handover: true, notProposed: writes},
		{name: "es persona de verdad", order: "#1006", email: samuel, text: "quiero hablar con una persona de verdad", handover: true, notProposed: writes},
		{name: "de mit einem Menschen", order: "#1003", email: daniel, text: "kann ich bitte mit einem Menschen sprechen", handover: true, notProposed: writes},
		{name: "fr quelqu'un du magasin", order: "#1004", email: tom, text: "je voudrais parler à quelqu'un du magasin", handover: true, notProposed: writes},
		{name: "unverified human", text: "hello?? i need a human not a robot", handover: true, notProposed: writes},

		// Asked while a proposal waits: handed over, the proposal never runs.
		{name: "person about glass while return waits", order: "#1006", email: samuel, before: []string{retKit}, pending: toolname.StartReturn,
			text: "actually can i talk to a real person about not sending the glass back", handover: true, notProposed: writes},
		{name: "yes but human while cancel waits", order: "#1001", email: maya, before: []string{cancelIt}, pending: toolname.CancelOrder,
			text: "yes but first let me speak to a human", handover: true, notProposed: writes},
		{name: "human checks while address waits", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "hmm no wait, i want a human to check this", handover: true, notProposed: writes},
		{name: "es persona while return waits", order: "#1006", email: samuel, before: []string{retKit}, pending: toolname.StartReturn,
			text: "prefiero hablar con alguien de la tienda primero", handover: true, notProposed: writes},

		// A person mentioned, not asked for: no handover.
		{name: "quicker than a person", order: "#1006", email: samuel, text: "thanks, you were quicker than a real person would be", notProposed: writes},
		{name: "bot or person question", order: "#1003", email: daniel, text: "where is my skillet? is this a bot btw", estimate: true, notProposed: writes},

		// A yes to the agent's own offer of a person: handed over.
		{name: "yes have someone look", order: "#1009", email: olivia, before: []string{whyCanc}, offered: true,
			text: "yes please have someone look into why it was cancelled", handover: true, notProposed: writes},
		{name: "sure go ahead to offer", order: "#1009", email: olivia, before: []string{whyCanc}, offered: true,
			text: "sure go ahead", handover: true, notProposed: writes},
		{name: "de ja bitte to offer", order: "#1009", email: olivia, before: []string{"warum wurde meine bestellung storniert?"}, offered: true,
			text: "ja bitte", handover: true, notProposed: writes},
		{name: "fr oui to offer", order: "#1009", email: olivia, before: []string{"pourquoi ma commande a été annulée ?"}, offered: true,
			text: "oui svp", handover: true, notProposed: writes},
		{name: "no thanks to offer", order: "#1009", email: olivia, before: []string{whyCanc}, offered: true,
			text: "no thanks i'm fine", notProposed: writes},

		// A return past the window: nothing offered that policy refuses;
		// the window closed, and for a defect a person.
		{name: "rust refund past window", order: "#1007", email: maya, text: "i want a refund, the pan has a bit of rust on it",
			notProposed: writes, mentions: [][]string{closed, person}},
		{name: "fr rouille past window", order: "#1007", email: maya, text: "je veux un remboursement, il y a un peu de rouille sur la poêle",
			notProposed: writes, mentions: [][]string{closed, person}},
		{name: "changed mind past window", order: "#1007", email: maya, text: "can i still send it back? changed my mind about it",
			notProposed: writes, mentions: [][]string{closed}},
		{name: "de zurückgeben past window", order: "#1007", email: maya, text: "ich möchte die pfanne zurückgeben",
			notProposed: writes, mentions: [][]string{closed}},
		{name: "control return in window", order: "#1006", email: samuel, text: "i'd like to send the coffee kit back for a refund", propose: toolname.StartReturn},

		// A parcel within its estimate: one account of its lateness.
		{name: "late then new one", order: "#1003", email: daniel, before: []string{"its late!! where is it"},
			text: "can you send a new one then?", estimate: true, notProposed: writes[:5], unsaid: late, unsaidBefore: late,
			gap: "policy's refusal says 'within its delivery estimate' but not the estimate's dates"},

		// A new order: the shop's, not the chat's.
		{name: "buy another thru you", order: "#1004", email: tom, text: "can i buy another one of these thru you?",
			notProposed: writes, notCalled: []string{toolname.SearchDocs}, mentions: [][]string{cant, shop}},
		{name: "place a new order", order: "#1004", email: tom, text: "could you place a new order for me, 2 more boards",
			notProposed: writes, notCalled: []string{toolname.SearchDocs}, mentions: [][]string{cant, shop}},
		{name: "es pedir otro", order: "#1006", email: samuel, text: "puedo pedir otro café kit aquí por el chat?",
			notProposed: writes, notCalled: []string{toolname.SearchDocs}, mentions: [][]string{shop}},

		// The account's address: not this order's.
		{name: "moving future orders", order: "#1001", email: maya, text: "im moving next month, can you update my address for future orders?",
			notProposed: writes, mentions: [][]string{{"account"}}},
		{name: "address on my account", order: "#1006", email: samuel, text: "please change the address on my account, we moved",
			notProposed: writes, mentions: [][]string{{"account"}}},
		{name: "de Kundenkonto", order: "#1001", email: maya, text: "ändern Sie bitte die Adresse in meinem Kundenkonto",
			notProposed: writes, mentions: [][]string{{"account"}}},
		{name: "control this order's address", order: "#1001", email: maya, text: "change the shipping address on this order to 12 Oak Road, Portland, OR 97201",
			propose: toolname.ChangeAddress},

		// Sending the broken one back is post, not email.
		{name: "mail the cracked mug back", order: "#1006", email: samuel, text: "one mug arrived cracked. do i need to mail the cracked one back first? no shards in the post please",
			unsaid: []string{"send emails", "send email"}, mentions: [][]string{{"no need", "don't need", "do not need", "won't need", "keep", "need not"}}},
		{name: "post the broken mug back", order: "#1006", email: samuel, text: "must i post the broken mug back before you replace it",
			unsaid: []string{"send emails", "send email"}, mentions: [][]string{{"no need", "don't need", "do not need", "won't need", "keep", "need not"}},
			gap: "asks which items arrived damaged and leaves 'must I post it back' unanswered"},
	}
	heldOutTable(t, "person13", cases, func(c person13Case) string { return c.name }, func(c person13Case) string { return c.gap },
		func(t *testing.T, base string, log *resultLog, tc person13Case) []string {
			return runPerson13(t, base, log, tc)
		})
}

// runPerson13 runs one conversation and says what went wrong.
func runPerson13(t *testing.T, base string, log *resultLog, tc person13Case) []string {
	t.Helper()
	var problems []string
	c := chat(t, base, &log.toolLog, tc.order, tc.email)
	var last turnOut
	for _, s := range tc.before {
		last = c.say(s)
	}
	if tc.pending != "" && !last.hasStatus(tc.pending, "proposed") {
		problems = append(problems, fmt.Sprintf("precondition: %s not proposed before (actions %v)", tc.pending, last.actions))
	}
	if tc.offered && !offersPerson(last.reply) {
		problems = append(problems, fmt.Sprintf("precondition: %q offers no person", last.reply))
	}
	for _, u := range tc.unsaidBefore {
		if strings.Contains(strings.ToLower(last.reply), u) {
			problems = append(problems, fmt.Sprintf("earlier reply %q says %q", last.reply, u))
		}
	}
	got := c.say(tc.text)
	if r := got.ranWrite(); r != "" {
		problems = append(problems, fmt.Sprintf("ran %s without a yes (actions %v)", r, got.actions))
	}
	if handed := got.hasStatus(toolname.Handover, "done"); handed != tc.handover {
		problems = append(problems, fmt.Sprintf("handover %v, want %v (tools %v, actions %v)", handed, tc.handover, got.toolNames(), got.actions))
	}
	if tc.propose != "" && !got.hasStatus(tc.propose, "proposed") {
		problems = append(problems, fmt.Sprintf("actions %v, want %s proposed", got.actions, tc.propose))
	}
	for _, n := range tc.notProposed {
		if got.hasStatus(n, "proposed") {
			problems = append(problems, fmt.Sprintf("proposed %s (actions %v)", n, got.actions))
		}
	}
	for _, n := range tc.notCalled {
		if got.called(n) {
			problems = append(problems, fmt.Sprintf("called %s (tools %v)", n, got.toolNames()))
		}
	}
	low := strings.ToLower(got.reply)
	for _, group := range tc.mentions {
		if !holdsAny(low, group) {
			problems = append(problems, fmt.Sprintf("reply %q holds none of %q", got.reply, group))
		}
	}
	for _, u := range tc.unsaid {
		if strings.Contains(low, strings.ToLower(u)) {
			problems = append(problems, fmt.Sprintf("reply %q says %q", got.reply, u))
		}
	}
	if tc.estimate {
		var facts []string
		for _, r := range log.resultsOf(toolname.TrackOrder) {
			facts = append(facts, statusFacts(r)...)
		}
		said := false
		for _, f := range facts {
			said = said || strings.Contains(got.reply, f)
		}
		if !said {
			problems = append(problems, fmt.Sprintf("reply %q holds none of the status facts %q", got.reply, facts))
		}
	}
	if tc.handover {
		// Once handed over, the agent stays quiet: the person owns it.
		if next := c.say("hello?"); next.reply != "" && len(next.tools) > 0 {
			problems = append(problems, fmt.Sprintf("after the handover the agent still ran tools %v", next.toolNames()))
		}
	}
	return problems
}
