package offline_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// reason14Case is a held-out conversation (reason14, issue 18's new-user
// trial): after a damage report, or on an order where one unit was made
// good already, the customer asks for a plain return or exchange. The
// item is the one they name, the reason comes from their own words (a
// change of mind is no defect), store credit is honoured, and what one
// unit of two can still get is said. Written before reading the model's
// code.
type reason14Case struct {
	name         string
	order, email string
	before       []string
	done         string // a write tool the before-turns ran (a precondition)
	text         string
	propose      string // the write this turn proposes ("" with ask: none needed)
	// After a yes, the shop's new writes: want is its type and lines
	// ("return Harbor Stoneware Mug×1"); reason and credit what the
	// return records; amount the return's value.
	want   string
	reason string
	credit bool
	amount string
	// notRefused: the turn refuses nothing; mentions: the reply holds
	// one of each group (case folded) - facts, not wording.
	notRefused bool
	mentions   [][]string
	gap        string
}

func TestHeldOutReason14(t *testing.T) {
	const (
		samuel = "samuel.whitfield@example.com"
	)
	replaced := []string{"one of the mugs arrived cracked", "a replacement please", "yes"}
	refunded := []string{"one of the mugs arrived cracked", "refund please", "yes"}
	kitReplaced := []string{"the coffee kit arrived damaged", "replacement please", "yes"}
	mugBack := "return Harbor Stoneware Mug×1"
	with := func(before []string, more ...string) []string { return append(append([]string{}, before...), more...) }
	// A plain return of the other mug after one was replaced.
	ret := func(name, text, reason string, credit bool) reason14Case {
		return reason14Case{name: name, order: "#1006", email: samuel, before: replaced, done: toolname.ReportDamage, text: text,
			propose: toolname.StartReturn, want: mugBack, reason: reason, credit: credit, amount: "25.68"}
	}
	// The same after a first request (before) the customer then corrects.
	fix := func(name, first, text, reason string, credit bool) reason14Case {
		c := ret(name, text, reason, credit)
		c.before = with(replaced, first)
		return c
	}
	cases := []reason14Case{
		ret("the other mug, only need one", "and id like to return the other mug, we only need one", "UNWANTED", false),
		ret("the one that isnt broken", "can i send back the mug that isnt broken? dont need two", "UNWANTED", false),
		ret("changed my mind 1 mug", "return 1 mug pls, changed my mind", "UNWANTED", false),
		ret("none damaged, store credit", "none of them are damaged. i want to return 1 mug bc we dont need it, for store credit pls", "UNWANTED", true),
		ret("RETURN unwanted store credit", "i want to RETURN one mug. unwanted. store credit.", "UNWANTED", true),
		ret("fine just dont want it, credit", "the other mug is fine i just dont want it anymore, can i return it for store credit?", "UNWANTED", true),
		ret("typos othr mug", "id like to retrun the othr mug, dont realy need 2", "UNWANTED", false),
		ret("one of the two not the kit", "just one of the two mugs back pls, not the kit. we dont need both", "UNWANTED", false),
		ret("second mug still ok", "i'd like to return the second mug, can i still do that even tho one got replaced? we dont need it", "UNWANTED", false),
		ret("es la otra taza", "quiero devolver la otra taza, ya no la necesito", "UNWANTED", false),
		ret("de die andere Tasse", "ich möchte die andere Tasse zurückschicken, ich brauche sie nicht mehr", "UNWANTED", false),
		ret("fr l'autre tasse", "je voudrais retourner l'autre tasse, plus besoin", "UNWANTED", false),
		ret("es saldo en la tienda", "quiero devolver una taza, no la necesito. saldo en la tienda por favor", "UNWANTED", true),

		fix("trial: not the kit, the mug", "and id like to return the other mug, we only need one",
			"no not the coffee kit!! the mug. the one that isnt broken", "UNWANTED", false),
		fix("trial: not defective, store credit", "return one mug please",
			"its not defective tho, we just dont need 2. and could i get store credit instead of money back?", "UNWANTED", true),
		fix("trial: the reason is wrong", "i want to return one mug, store credit",
			"the reason is wrong, its not defective. i just dont want it", "UNWANTED", true),
		fix("reason changed my mind not broken", "return a mug", "reason: changed my mind, not broken", "UNWANTED", false),
		fix("credit instead of refund", "return the other mug, we dont need it", "can it be store credit instead of a refund?", "UNWANTED", true),
		fix("gift card instead", "return the other mug pls, dont need it", "actually make it a gift card", "UNWANTED", true),
		fix("typos not defectve", "i wanna return 1 mug", "its not defectve, just dont want it. store credt pls", "UNWANTED", true),
		fix("es no está rota", "quiero devolver una taza", "no está rota, simplemente no la quiero. saldo en la tienda por favor", "UNWANTED", true),
		fix("de nicht kaputt", "ich will eine Tasse zurückgeben", "sie ist nicht kaputt, ich will sie einfach nicht mehr. Gutschein bitte", "UNWANTED", true),
		fix("fr pas cassée", "je veux retourner une tasse", "elle n'est pas cassée, je n'en veux plus. un avoir svp", "UNWANTED", true),

		// Other histories: one mug refunded; the kit replaced.
		{name: "after a refund, the other one", order: "#1006", email: samuel, before: refunded, done: toolname.ReportDamage,
			text: "and id like to return the other mug too, we dont need it", propose: toolname.StartReturn, want: mugBack, reason: "UNWANTED", amount: "25.68"},
		{name: "kit replaced, one mug changed mind", order: "#1006", email: samuel, before: kitReplaced, done: toolname.ReportDamage,
			text: "also want to return one of the mugs, changed my mind", propose: toolname.StartReturn, want: mugBack, reason: "UNWANTED", amount: "25.68"},

		// An exchange of the unit not replaced.
		{name: "swap the other mug for charcoal", order: "#1006", email: samuel, before: replaced, done: toolname.ReportDamage,
			text: "can i swap the other mug for charcoal? i just prefer that colour", propose: toolname.ExchangeItem, want: "exchange Harbor Stoneware Mug×1"},

		// "Wrong colour" with one of two replaced, on an order for Sea
		// Glass: the reply says what colour the order was for and that the
		// other unit can still be exchanged; the swap is an exchange of it.
		{name: "trial: mugs wrong colour, one replaced", order: "#1006", email: samuel, before: replaced, done: toolname.ReportDamage,
			text: "the mugs u sent are the wrong color, i ordered charcoal not this greenish one", notRefused: true,
			mentions: [][]string{{"sea glass"}, {"1 ", "one", "other"}}},
		{name: "trial: just the one not replaced, swap", order: "#1006", email: samuel,
			before: with(replaced, "the mugs u sent are the wrong color, i ordered charcoal not this greenish one"), done: toolname.ReportDamage,
			text: "ok then just the one that wasnt replaced, swap it for charcoal", propose: toolname.ExchangeItem, want: "exchange Harbor Stoneware Mug×1"},
	}
	heldOutTable(t, "reason14", cases, func(c reason14Case) string { return c.name }, func(c reason14Case) string { return c.gap },
		func(t *testing.T, base string, log *resultLog, tc reason14Case) []string {
			return reason14Run(t, base, log, tc)
		})
}

// reason14Run holds one conversation and says what its last turn, and
// the yes after it, got wrong.
func reason14Run(t *testing.T, base string, log *resultLog, tc reason14Case) []string {
	t.Helper()
	var problems []string
	bad := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	c := chat(t, base, &log.toolLog, tc.order, tc.email)
	ran := false
	for _, s := range tc.before {
		ran = c.say(s).hasStatus(tc.done, "done") || ran
	}
	if tc.done != "" && !ran {
		bad("precondition: %s never done before", tc.done)
	}
	had := len(shopActions(t, base))
	got := c.say(tc.text)
	if n := len(shopActions(t, base)); n != had {
		bad("the shop changed without a yes: %v", actionSummary(shopActions(t, base)[had:]))
	}
	if tc.notRefused {
		for _, a := range got.actions {
			if a["status"] == "refused" {
				bad("refused: %v", a)
			}
		}
	}
	low := strings.ToLower(got.reply)
	for _, alts := range tc.mentions {
		if !containsAny(low, alts) {
			bad("reply %q holds none of %q", got.reply, alts)
		}
	}
	if tc.propose == "" {
		return problems
	}
	if !got.hasStatus(tc.propose, "proposed") {
		bad("tools %v actions %v, want %s proposed", got.toolNames(), actionSummaryOf(got.actions), tc.propose)
		return problems
	}
	c.say("yes")
	acts := shopActions(t, base)[had:]
	if len(acts) == 0 {
		return append(problems, "the yes ran nothing")
	}
	if s := actionSummary(acts[:1])[0]; s != tc.want {
		bad("ran %v, want %s first", actionSummary(acts), tc.want)
	}
	detail, _ := acts[0]["detail"].(map[string]any)
	if tc.reason != "" {
		if r, _ := detail["reason"].(string); r != tc.reason {
			bad("return reason %q, want %s", r, tc.reason)
		}
	}
	if acts[0]["type"] == "return" {
		res, _ := detail["resolution"].(string)
		if tc.credit != (res == "store_credit") {
			bad("resolution %q, want store credit %v", res, tc.credit)
		}
		if a, _ := acts[0]["amount"].(string); tc.amount != "" && a != tc.amount {
			bad("return amount %s, want %s", a, tc.amount)
		}
	}
	if tc.credit {
		issued := false
		for _, a := range acts {
			issued = issued || (a["type"] == "store_credit" && a["amount"] == tc.amount)
		}
		if !issued {
			bad("no store credit of %s issued: %v", tc.amount, actionSummary(acts))
		}
	}
	return problems
}

func containsAny(s string, alts []string) bool {
	for _, a := range alts {
		if strings.Contains(s, a) {
			return true
		}
	}
	return false
}
