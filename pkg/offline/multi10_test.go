package offline_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// m10part is one part of a customer's message and how its answer is
// judged: a tool the turn called ("a|b": either; empty: any route) and
// the facts the reply must hold.
type m10part struct {
	tool   string
	any    []string // the reply holds one of these
	all    []string // the reply holds each of these
	status bool     // the reply holds one of track_order's status facts
}

// m10case is one held-out message with two or three parts, or a yes to
// a proposal that carries a question. Judged by outcome, each part on
// its own: the tool that answers it, the facts in the reply, what the
// shop ran and which proposal is left waiting.
type m10case struct {
	name         string
	order, email string   // empty: not verified
	setup        []string // said first
	setupPending string   // the tool whose proposal the setup must leave waiting
	text         string
	parts        []m10part
	// ran is the write the shop applies this turn ("change_address",
	// "return", ...): exactly one, and nothing more on the next turn.
	// Empty: nothing may run.
	ran string
	// ranHas: the applied write's JSON holds each (the stated terms).
	ranHas []string
	// proposed: a proposal of this tool is stated at the end of the
	// turn, holding each of proposedHas.
	proposed    string
	proposedHas []string
	noProposal  bool     // no proposal stated this turn
	verify      bool     // not verified: the reply asks for the order and email
	absent      []string // the reply must not hold these
	gap         string   // a known gap: logged, fails once it passes
}

const (
	m10maya   = "maya.okafor@example.com"
	m10priya  = "priya.natarajan@example.com"
	m10daniel = "daniel.reyes@example.com"
	m10tom    = "tom.becker@example.com"
	m10grace  = "grace.liu@example.com"
	m10samuel = "samuel.whitfield@example.com"
	m10marcus = "marcus.johnson@example.com"
	m10elena  = "elena.petrova@example.com"
)

func m10status() m10part                { return m10part{tool: toolname.TrackOrder, status: true} }
func m10items(titles ...string) m10part { return m10part{all: titles} }
func m10says(alts ...string) m10part    { return m10part{any: alts} }
func m10tool(tool string, alts ...string) m10part {
	return m10part{tool: tool, any: alts}
}

var (
	m10return   = []string{"30 days"}
	m10refund   = []string{"5 to 10 business days"}
	m10abroad   = []string{"outside the United States", "within the United States", "only ship within", "only within the US", "don't ship outside", "US only"}
	m10cant     = []string{"can't", "cannot", "no longer", "not able", "unable", "too late"}
	m10askAddr  = []string{"new address", "which address", "what address", "address you'd like", "full address", "the address to"}
	m10newAddr  = []string{"please change my shipping address to 22 Elm Street, Cambridge, MA 02139"}
	m10retMug   = []string{"i'd like to send back one of the mugs"}
	m10cancel1  = []string{"can you cancel my order please"}
	m10elm      = []string{"22 Elm Street", "02139"}
	m10freeShip = []string{"$75", "$7.95"}
)

// m10tests are the held-out phrasings (multi10), written before reading
// pkg/offline or pkg/agent's reading of a yes.
func m10tests() []m10case {
	return []m10case{
		// 1. What was ordered, and when it comes.
		{name: "trial wht did i order", order: "#1003", email: m10daniel, text: "wht did i order again and whens it coming",
			parts: []m10part{m10items("Skillet", "Candle"), m10status()}},
		{name: "items and arrive unshipped", order: "#1001", email: m10maya, text: "what was in my order and when will it get here?",
			parts: []m10part{m10items("Coffee Kit", "Filters"), m10status()}},
		{name: "remind bought today", order: "#1004", email: m10tom, text: "remind me what i bought, and is it arriving today?",
			parts: []m10part{m10items("Mug", "Serving Board"), m10status()}},
		{name: "partial whats in it", order: "#1010", email: m10marcus, text: "what's in this order and when does it arrive",
			parts: []m10part{m10items("Throw", "Skillet"), m10status()}},
		{name: "cant remember lol", order: "#1011", email: m10elena, text: "cant remember what i got lol. when do i get it",
			parts: []m10part{m10items("Coffee Kit", "Candle"), m10status()}},
		{name: "which items show up", order: "#1002", email: m10priya, text: "which items are on my order & when should they show up",
			parts: []m10part{m10items("Throw"), m10status()}},
		{name: "ordered and where now", order: "#1005", email: m10grace, text: "What did I order, and where is it right now?",
			parts: []m10part{m10items("Throw", "Candle"), m10status()}},
		{name: "typo items arive", order: "#1006", email: m10samuel, text: "what items wer in my order, and did it arive?",
			parts: []m10part{m10items("Coffee Kit", "Mug"), m10status()}},
		{name: "two turns items return", order: "#1003", email: m10daniel, setup: []string{"where is my order?"},
			text:  "ok and what was in it again, and can i return stuff once it arrives?",
			parts: []m10part{m10items("Skillet", "Candle"), m10says(m10return...)}, noProposal: true},

		// 2. Status beside a shop policy.
		{name: "where and return policy", order: "#1003", email: m10daniel, text: "where is my order and what's your return policy?",
			parts: []m10part{m10status(), m10says(m10return...)}, noProposal: true},
		{name: "out today and return how long", order: "#1004", email: m10tom, text: "is it out for delivery? also how long do i have to return stuff",
			parts: []m10part{m10status(), m10says(m10return...)}, noProposal: true},
		{name: "shipped and shipping cost", order: "#1001", email: m10maya, text: "has it shipped yet, and how much is shipping normally?",
			parts: []m10part{m10status(), m10says(m10freeShip...)}},
		{name: "coming and gift wrap", order: "#1003", email: m10daniel, text: "whens my package coming + do u do gift wrap",
			parts: []m10part{m10status(), m10says("$5")}},
		{name: "throw news and po box", order: "#1002", email: m10priya, text: "any news on my throw? and do you ship to PO boxes",
			parts: []m10part{m10status(), m10says("PO box")}},

		// 3. Status beside a change of address.
		{name: "where and change address", order: "#1001", email: m10maya, text: "where is it and can I change the address",
			parts: []m10part{m10status(), m10says(m10askAddr...)}, noProposal: true},
		{name: "in transit change address", order: "#1003", email: m10daniel, text: "where's my parcel, and can i still change the delivery address?",
			parts: []m10part{m10status(), m10says(m10cant...)}, noProposal: true},
		{name: "ship date and new address", order: "#1001", email: m10maya, text: "when will it ship? and pls change the address to 22 Elm Street, Cambridge, MA 02139",
			parts: []m10part{m10status()}, proposed: toolname.ChangeAddress, proposedHas: m10elm},
		{name: "out for delivery work address", order: "#1004", email: m10tom, text: "is it still coming today?? and can u send it to my work address instead",
			parts: []m10part{m10status(), m10says(m10cant...)}, noProposal: true},

		// 4. Tracking number beside a shop question.
		{name: "trial tracking canada", order: "#1003", email: m10daniel, text: "tracking number pls, also do you ship to canada",
			parts: []m10part{m10says("1Z9HH4870345612786"), m10says(m10abroad...)}},
		{name: "tracking no international", order: "#1004", email: m10tom, text: "can i have the tracking no. and do you ship internationally?",
			parts: []m10part{m10says("9400111899561122334455"), m10says(m10abroad...)}},
		{name: "throw tracking refund timeline", order: "#1010", email: m10marcus, text: "tracking for my throw? also whats the refund timeline on returns",
			parts: []m10part{m10says("1Z9HH4870342290158"), m10says(m10refund...)}},
		{name: "tracking hash gift wrapping", order: "#1002", email: m10priya, text: "whats my tracking # and do u offer gift wrapping",
			parts: []m10part{m10says("9400111899223344556677"), m10says("$5")}},

		// 5. Damage beside the refund's timing.
		{name: "cracked mug refund how long", order: "#1006", email: m10samuel, text: "one of the mugs came cracked, how long does a refund take?",
			parts: []m10part{m10tool(toolname.ReportDamage), m10says(m10refund...)}},
		{name: "kit broken money when", order: "#1006", email: m10samuel, text: "the coffee kit arrived with a broken handle. if i get a refund when will i see the money?",
			parts: []m10part{m10tool(toolname.ReportDamage), m10says(m10refund...)}},
		{name: "kit smashed send back refund fast", order: "#1011", email: m10elena, text: "the coffee kit showed up smashed!! do i need to send it back and how fast is the refund",
			parts: []m10part{m10tool(toolname.ReportDamage), m10says("don't need to send", "no need to send", "don't have to send", "keep", "not need to send"), m10says(m10refund...)}},
		{name: "chipped refund card", order: "#1006", email: m10samuel, text: "mug was chipped when i opened the box. refund pls, and when would it land on my card?",
			parts: []m10part{m10tool(toolname.ReportDamage), m10says(m10refund...)}},

		// 6. Three parts.
		{name: "where tracking return candle", order: "#1003", email: m10daniel, text: "where is it, what's the tracking number, and can i return the candle if i don't like it?",
			parts: []m10part{m10status(), m10says("1Z9HH4870345612786"), m10says(m10return...)}, noProposal: true},
		{name: "ordered shipping free", order: "#1001", email: m10maya, text: "what did i order, when's it shipping, and is shipping free?",
			parts: []m10part{m10items("Coffee Kit", "Filters"), m10status(), m10says(m10freeShip...)}},
		{name: "arrived window label", order: "#1006", email: m10samuel, text: "did it arrive, what's the return window, and do you send a return label?",
			parts: []m10part{m10status(), m10says(m10return...), m10says("prepaid")}, noProposal: true},

		// 7. A yes to an address change, with a question: the stated
		// address runs once and the question is answered.
		{name: "trial yes change shipping date", order: "#1001", email: m10maya, setup: m10newAddr, setupPending: toolname.ChangeAddress,
			text: "yes change it. and will the shipping date change?", ran: "address", ranHas: m10elm, parts: []m10part{m10status()}},
		{name: "yes please when ship", order: "#1001", email: m10maya, setup: m10newAddr, setupPending: toolname.ChangeAddress,
			text: "yes please. when will it ship?", ran: "address", ranHas: m10elm, parts: []m10part{m10status()}},
		{name: "yep delivery how long", order: "#1001", email: m10maya, setup: m10newAddr, setupPending: toolname.ChangeAddress,
			text: "yep go ahead, how long does delivery take after that?", ran: "address", ranHas: m10elm, parts: []m10part{m10says("3 to 7 business days")}},
		{name: "ok do it this week", order: "#1001", email: m10maya, setup: m10newAddr, setupPending: toolname.ChangeAddress,
			text: "ok do it. will it still arrive this week?", ran: "address", ranHas: m10elm, parts: []m10part{m10status()}},
		{name: "yess typo ships", order: "#1001", email: m10maya, setup: m10newAddr, setupPending: toolname.ChangeAddress,
			text: "yess thats correct, does it still ship soon?", ran: "address", ranHas: m10elm, parts: []m10part{m10status()}},
		{name: "confirm total btw", order: "#1001", email: m10maya, setup: m10newAddr, setupPending: toolname.ChangeAddress,
			text: "confirmed. whats the total on the order btw", ran: "address", ranHas: m10elm, parts: []m10part{m10says("$85.51")}},

		// 8. A yes whose question changes the terms: nothing runs.
		{name: "yes but other address", order: "#1001", email: m10maya, setup: m10newAddr, setupPending: toolname.ChangeAddress,
			text: "yes but can it be the other address?", parts: []m10part{m10says(m10askAddr...)}},
		{name: "yes make it 24", order: "#1001", email: m10maya, setup: m10newAddr, setupPending: toolname.ChangeAddress,
			text: "yes, but make it 24 Elm Street instead", proposed: toolname.ChangeAddress, proposedHas: []string{"24 Elm Street"}},
		{name: "yes zip different", order: "#1001", email: m10maya, setup: m10newAddr, setupPending: toolname.ChangeAddress,
			text: "yes but can the zip be 02140?"},
		{name: "yes office instead", order: "#1001", email: m10maya, setup: m10newAddr, setupPending: toolname.ChangeAddress,
			text: "yes, could you send it to my office instead?", parts: []m10part{m10says(m10askAddr...)}},
		{name: "yes only if today", order: "#1001", email: m10maya, setup: m10newAddr, setupPending: toolname.ChangeAddress,
			text: "yes but only if it still ships today?", parts: []m10part{m10status()}, proposed: toolname.ChangeAddress, proposedHas: m10elm},
		{name: "yes apartment missing", order: "#1001", email: m10maya, setup: m10newAddr, setupPending: toolname.ChangeAddress,
			text: "yes.. wait can you add apt 3 to that?"},
		{name: "no and when ship", order: "#1001", email: m10maya, setup: m10newAddr, setupPending: toolname.ChangeAddress,
			text: "no leave it, when does it ship though?", parts: []m10part{m10status()}},

		// 9. A yes with a question on other proposals.
		{name: "yes return money back", order: "#1006", email: m10samuel, setup: m10retMug, setupPending: toolname.StartReturn,
			text: "yes, how long until i get my money back?", ran: "return", ranHas: []string{"Mug"}, parts: []m10part{m10says(m10refund...)}},
		{name: "yes cancel card", order: "#1001", email: m10maya, setup: m10cancel1, setupPending: toolname.CancelOrder,
			text: "yes cancel. will the refund go back to my card?", ran: "cancel", parts: []m10part{m10says("original payment", "your card", "same card", "card you paid")}},
		{name: "yes but keep kit", order: "#1001", email: m10maya, setup: m10cancel1, setupPending: toolname.CancelOrder,
			text: "yes but i want to keep the coffee kit"},
		{name: "yes but both mugs", order: "#1006", email: m10samuel, setup: m10retMug, setupPending: toolname.StartReturn,
			text: "yes, but can it be both mugs?"},

		// 10. Not verified: ask first, state nothing of the order.
		{name: "unverified ordered when", text: "what did i order and when is it coming", verify: true,
			absent: []string{"Skillet", "Coffee Kit", "1Z9HH"}},
	}
}

// Held-out phrasings (multi10): each part of a two- or three-part
// message answered, and a yes with a question confirmed only when the
// question leaves the stated terms alone.
func TestMulti10HeldOut(t *testing.T) {
	heldOutTable(t, "multi10", m10tests(), func(tc m10case) string { return tc.name }, func(tc m10case) string { return tc.gap }, m10run)
}

// m10run runs one case and says what is wrong with its outcome.
func m10run(t *testing.T, base string, log *resultLog, tc m10case) []string {
	t.Helper()
	var problems []string
	c := chat(t, base, &log.toolLog, tc.order, tc.email)
	var last turnOut
	for _, s := range tc.setup {
		last = c.say(s)
	}
	if tc.setupPending != "" && last.status(tc.setupPending) != "proposed" {
		return []string{fmt.Sprintf("setup left no %s proposal waiting (actions %v)", tc.setupPending, last.actions)}
	}
	log.mu.Lock()
	start := len(log.results)
	log.mu.Unlock()
	before := len(shopActions(t, base))
	got := c.say(tc.text)
	applied := shopActions(t, base)[before:]
	log.mu.Lock()
	results := append([]toolResult(nil), log.results[start:]...)
	log.mu.Unlock()

	// What ran: the stated write once, or nothing.
	switch {
	case tc.ran == "" && len(applied) > 0:
		problems = append(problems, fmt.Sprintf("ran %v, want nothing run", actionSummary(applied)))
	case tc.ran != "" && len(applied) != 1:
		problems = append(problems, fmt.Sprintf("ran %v, want one %s", actionSummary(applied), tc.ran))
	case tc.ran != "":
		a := applied[0]
		if typ, _ := a["type"].(string); !strings.Contains(typ, tc.ran) {
			problems = append(problems, fmt.Sprintf("ran %q, want %s", typ, tc.ran))
		}
		js := jsonNum(a)
		for _, h := range tc.ranHas {
			if !strings.Contains(js, h) {
				problems = append(problems, fmt.Sprintf("ran %s, which lacks %q", js, h))
			}
		}
		n := len(shopActions(t, base))
		c.say("thanks")
		if again := shopActions(t, base)[n:]; len(again) > 0 {
			problems = append(problems, fmt.Sprintf("ran again on the next turn: %v", actionSummary(again)))
		}
	}

	// What is left waiting.
	var stated []string
	for _, a := range got.actions {
		if a["status"] == "proposed" {
			s, _ := a["tool"].(string)
			stated = append(stated, s)
		}
	}
	if tc.noProposal && len(stated) > 0 {
		problems = append(problems, fmt.Sprintf("stated %v, want no proposal", stated))
	}
	if tc.proposed != "" {
		if !slices.Contains(stated, tc.proposed) {
			problems = append(problems, fmt.Sprintf("no %s proposal stated (actions %v)", tc.proposed, got.actions))
		}
		for _, h := range tc.proposedHas {
			if !strings.Contains(got.reply, h) {
				problems = append(problems, fmt.Sprintf("proposal %q does not state %q", got.reply, h))
			}
		}
	}

	reply := strings.ToLower(got.reply)
	for _, a := range tc.absent {
		if strings.Contains(reply, strings.ToLower(a)) {
			problems = append(problems, fmt.Sprintf("reply %q states %q", got.reply, a))
		}
	}
	if tc.verify {
		if !strings.Contains(reply, "email") || !strings.Contains(reply, "order") {
			problems = append(problems, fmt.Sprintf("reply %q does not ask for the order number and email", got.reply))
		}
	}

	// Each part answered.
	var status []string
	for _, r := range results {
		if r.tool == toolname.TrackOrder {
			status = append(status, statusFacts(r.content)...)
		}
	}
	for i, p := range tc.parts {
		if p.tool != "" {
			ok := false
			for _, name := range strings.Split(p.tool, "|") {
				ok = ok || got.called(name) || got.status(name) != ""
			}
			if !ok {
				problems = append(problems, fmt.Sprintf("part %d: tools %v, want %s", i+1, got.toolNames(), p.tool))
			}
		}
		if p.status && !m9holdsAny(got.reply, status) {
			problems = append(problems, fmt.Sprintf("part %d: reply %q holds none of the status facts %v", i+1, got.reply, status))
		}
		if len(p.any) > 0 {
			ok := false
			for _, f := range p.any {
				ok = ok || strings.Contains(reply, strings.ToLower(f))
			}
			if !ok {
				problems = append(problems, fmt.Sprintf("part %d: reply %q holds none of %q", i+1, got.reply, p.any))
			}
		}
		for _, f := range p.all {
			if !strings.Contains(reply, strings.ToLower(f)) {
				problems = append(problems, fmt.Sprintf("part %d: reply %q does not name %q", i+1, got.reply, f))
			}
		}
	}
	return problems
}
