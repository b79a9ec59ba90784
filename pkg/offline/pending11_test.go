package offline_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out conversations of issue 18's no-context trial, written before
// reading the offline model: a write is proposed, the customer asks about
// it or about something else (once or twice) instead of answering, then
// says yes, no, or asks for something else. Judged by outcome: the
// proposal is stated again after each question and nothing runs; each
// answer holds its facts; a plain yes then runs exactly what was stated
// (its lines, its amount, its address); a no runs nothing; a change is
// stated as a new proposal and runs nothing, and a yes to it runs only it.
type p11case struct {
	name         string
	order, email string
	setup        []string // the last one leaves tool's proposal stated
	tool         string
	asks         []p11ask
	final        string
	want         p11want
	then         string // said after final (a yes to the changed proposal)
	thenWant     p11want
	gap          string // known gap: why; fails while unfixed
}

// p11ask is a question asked while the proposal waits, and what its
// answer must hold.
type p11ask struct {
	text   string
	facts  [][]string // the reply holds one of each
	status bool       // the reply holds one of track_order's status facts
}

// p11want is what a turn must do in the shop.
type p11want struct {
	types []string // the action types that ran, in order; none: nothing ran
	lines []string // the ran actions' summary holds each
	// stated: the amount that ran is the one the proposal stated.
	stated bool
	zip    string // the address change that ran has this zip
	// proposes: a proposal of this tool is stated at the end of the turn,
	// holding each of statedHas.
	proposes  string
	statedHas []string
	// notStated: no proposal of this tool is stated this turn.
	notStated string
}

const (
	p11samuel = "samuel.whitfield@example.com"
	p11maya   = "maya.okafor@example.com"
	p11elena  = "elena.petrova@example.com"
)

var (
	p11return  = []string{"hi i want to return one of the mugs"}
	p11refund  = []string{"one of my mugs came cracked", "i'd like a refund for it"}
	p11replace = []string{"one of my mugs came cracked", "can you send me a new one"}
	p11credit  = []string{"one of my mugs came cracked", "store credit please"}
	p11cancel  = []string{"please cancel my order"}
	p11address = []string{"can you ship it to 9 Birch Road, Denver, CO 80203 instead"}

	p11keep     = []string{"no need to send", "don't need to send", "do not need to send", "keep it", "keep the", "nothing back", "no need to return"}
	p11sendBack = []string{"send it back", "send them back", "send the", "ship it back", "instructions", "return postage", "prepaid"}
	p11days     = []string{"5 to 10 business days"}
	p11policy   = []string{"30 days"}
	p11postage  = []string{"paid by you", "you pay", "your own postage", "return postage"}

	p11ranReturn  = p11want{types: []string{"return"}, lines: []string{"Harbor Stoneware Mug×1"}, stated: true}
	p11ranRefund  = p11want{types: []string{"refund"}, lines: []string{"Harbor Stoneware Mug×1"}, stated: true}
	p11ranReplace = p11want{types: []string{"replacement"}, lines: []string{"Harbor Stoneware Mug×1"}}
	p11ranCredit  = p11want{types: []string{"store_credit"}, stated: true}
	p11ranCancel  = p11want{types: []string{"cancel"}, lines: []string{"Pour-Over Coffee Kit×1", "Unbleached Paper Filters×1"}, stated: true}
	p11ranAddress = p11want{types: []string{"address_change"}, zip: "80203"}
	p11none       = p11want{}
)

func p11tests() []p11case {
	return []p11case{
		// 1. A question about the proposal, then a plain yes: answered,
		// stated again, and the yes runs exactly it.
		{name: "return send back yes", order: "#1006", email: p11samuel, setup: p11return, tool: toolname.StartReturn,
			asks: []p11ask{{text: "do i have to send them back?", facts: [][]string{p11sendBack}}}, final: "ok yes do it", want: p11ranReturn},
		{name: "refund send back yes", order: "#1006", email: p11samuel, setup: p11refund, tool: toolname.ReportDamage,
			asks: []p11ask{{text: "do i have to send it back?", facts: [][]string{p11keep}}}, final: "ok yes do it", want: p11ranRefund},
		{name: "refund send back typo", order: "#1006", email: p11samuel, setup: p11refund, tool: toolname.ReportDamage,
			asks: []p11ask{{text: "do i hvae to sned the broken one bak?", facts: [][]string{p11keep}}}, final: "yes", want: p11ranRefund},
		{name: "replace return broken", order: "#1006", email: p11samuel, setup: p11replace, tool: toolname.ReportDamage,
			asks: []p11ask{{text: "wait do i need to return the cracked one first", facts: [][]string{p11keep}}}, final: "yes please", want: p11ranReplace},
		{name: "return refund time", order: "#1006", email: p11samuel, setup: p11return, tool: toolname.StartReturn,
			asks: []p11ask{{text: "how long until i see the money?", facts: [][]string{p11days}}}, final: "alright go ahead", want: p11ranReturn},
		{name: "return who pays", order: "#1006", email: p11samuel, setup: p11return, tool: toolname.StartReturn,
			asks: []p11ask{{text: "who pays the shipping for sending it back", facts: [][]string{p11postage}}}, final: "yep", want: p11ranReturn},
		{name: "refund how much", order: "#1006", email: p11samuel, setup: p11refund, tool: toolname.ReportDamage,
			asks: []p11ask{{text: "how much will that be?", facts: [][]string{{"$25.68"}}}}, final: "sure, go ahead", want: p11ranRefund},
		{name: "cancel money back", order: "#1001", email: p11maya, setup: p11cancel, tool: toolname.CancelOrder,
			asks: []p11ask{{text: "do i get all my money back?", facts: [][]string{{"$85.51"}}}}, final: "ok do it", want: p11ranCancel},
		{name: "cancel refund when", order: "#1001", email: p11maya, setup: p11cancel, tool: toolname.CancelOrder,
			asks: []p11ask{{text: "when would the refund land on my card", facts: [][]string{p11days}}}, final: "yes cancel it", want: p11ranCancel},
		{name: "credit how much", order: "#1006", email: p11samuel, setup: p11credit, tool: toolname.ReportDamage,
			asks: []p11ask{{text: "how much credit would i get?", facts: [][]string{{"$25.68"}}}}, final: "ok sounds good", want: p11ranCredit},
		{name: "address cost", order: "#1001", email: p11maya, setup: p11address, tool: toolname.ChangeAddress,
			asks: []p11ask{{text: "does changing it cost anything?", facts: [][]string{{"no cost", "free", "no charge", "nothing", "no extra"}}}}, final: "great, yes", want: p11ranAddress},

		// 2. A side question while the proposal waits: answered, the
		// proposal stays stated, a later yes runs it.
		{name: "return side arrive", order: "#1006", email: p11samuel, setup: p11return, tool: toolname.StartReturn,
			asks: []p11ask{{text: "oh and when did my order arrive?", status: true}}, final: "ok yes do it", want: p11ranReturn},
		{name: "return side policy", order: "#1006", email: p11samuel, setup: p11return, tool: toolname.StartReturn,
			asks: []p11ask{{text: "whats your return policy", facts: [][]string{p11policy}}}, final: "ok yes do it", want: p11ranReturn},
		{name: "refund side policy typo", order: "#1006", email: p11samuel, setup: p11refund, tool: toolname.ReportDamage,
			asks: []p11ask{{text: "whats ur retrun polcy btw", facts: [][]string{p11policy}}}, final: "yes pls", want: p11ranRefund},
		{name: "cancel side shipped", order: "#1001", email: p11maya, setup: p11cancel, tool: toolname.CancelOrder,
			asks: []p11ask{{text: "has it shipped yet?", status: true}}, final: "yes go ahead", want: p11ranCancel},
		{name: "address side when ship", order: "#1001", email: p11maya, setup: p11address, tool: toolname.ChangeAddress,
			asks: []p11ask{{text: "when does it arrive?", status: true}}, final: "yes", want: p11ranAddress},
		{name: "replace side shipping cost", order: "#1006", email: p11samuel, setup: p11replace, tool: toolname.ReportDamage,
			asks: []p11ask{{text: "how much do you charge for standard shipping usually?", facts: [][]string{{"$7.95"}}}}, final: "ok go for it", want: p11ranReplace},

		// 3. Two questions, then a yes.
		{name: "return two questions", order: "#1006", email: p11samuel, setup: p11return, tool: toolname.StartReturn,
			asks:  []p11ask{{text: "do you send a label?", facts: [][]string{{"prepaid"}}}, {text: "and how long for the refund after?", facts: [][]string{p11days}}},
			final: "fine, yes", want: p11ranReturn},
		{name: "refund two questions", order: "#1006", email: p11samuel, setup: p11refund, tool: toolname.ReportDamage,
			asks:  []p11ask{{text: "do i have to mail the mug back?", facts: [][]string{p11keep}}, {text: "whats the return window anyway", facts: [][]string{p11policy}}},
			final: "ok yes do it", want: p11ranRefund},
		{name: "cancel two questions", order: "#1001", email: p11maya, setup: p11cancel, tool: toolname.CancelOrder,
			asks:  []p11ask{{text: "is the full $85.51 refunded?", facts: [][]string{{"$85.51"}}}, {text: "has it left the warehouse?", status: true}},
			final: "yes please cancel", want: p11ranCancel},

		// 4. A question, then a real no: nothing runs.
		{name: "return ask then no", order: "#1006", email: p11samuel, setup: p11return, tool: toolname.StartReturn,
			asks: []p11ask{{text: "do i have to pay postage?", facts: [][]string{p11postage}}}, final: "no", want: p11want{notStated: toolname.StartReturn}},
		{name: "refund ask then never mind", order: "#1006", email: p11samuel, setup: p11refund, tool: toolname.ReportDamage,
			asks: []p11ask{{text: "do i need to send it back?", facts: [][]string{p11keep}}}, final: "never mind", want: p11want{notStated: toolname.ReportDamage}},
		{name: "cancel ask then dont", order: "#1001", email: p11maya, setup: p11cancel, tool: toolname.CancelOrder,
			asks: []p11ask{{text: "has it shipped already", status: true}}, final: "dont", want: p11want{notStated: toolname.CancelOrder}},
		{name: "address ask then no thanks", order: "#1001", email: p11maya, setup: p11address, tool: toolname.ChangeAddress,
			asks: []p11ask{{text: "will it cost extra?", facts: [][]string{{"no cost", "free", "no charge", "nothing", "no extra"}}}}, final: "nah leave it as it is", want: p11want{notStated: toolname.ChangeAddress}},

		// 5. A question, then a change: a new proposal, never a yes; a
		// yes to the new one runs only it.
		{name: "refund ask then credit", order: "#1006", email: p11samuel, setup: p11refund, tool: toolname.ReportDamage,
			asks: []p11ask{{text: "how long does the refund take?", facts: [][]string{p11days}}}, final: "actually make it store credit",
			want: p11want{proposes: toolname.ReportDamage, statedHas: []string{"store credit"}}, then: "yes", thenWant: p11ranCredit},
		{name: "return ask then both", order: "#1006", email: p11samuel, setup: p11return, tool: toolname.StartReturn,
			asks: []p11ask{{text: "whats the return policy", facts: [][]string{p11policy}}}, final: "hmm actually make it both mugs",
			want: p11want{proposes: toolname.StartReturn, statedHas: []string{"2 ×"}}, then: "yes", thenWant: p11want{types: []string{"return"}, lines: []string{"Harbor Stoneware Mug×2"}, stated: true}},
		{name: "address ask then other", order: "#1001", email: p11maya, setup: p11address, tool: toolname.ChangeAddress,
			asks: []p11ask{{text: "when will it ship?", status: true}}, final: "wait, send it to 12 Oak Lane, Denver, CO 80204 instead",
			want: p11want{proposes: toolname.ChangeAddress, statedHas: []string{"80204"}}, then: "yes", thenWant: p11want{types: []string{"address_change"}, zip: "80204"}},
		{name: "refund ask then replacement", order: "#1006", email: p11samuel, setup: p11refund, tool: toolname.ReportDamage,
			asks: []p11ask{{text: "do i keep the broken mug?", facts: [][]string{p11keep}}}, final: "actually could you send a replacement instead",
			want: p11want{proposes: toolname.ReportDamage, statedHas: []string{"replacement"}}, then: "ok yes", thenWant: p11ranReplace},

		// 6. Spanish, German, French.
		{name: "es devolver refund", order: "#1006", email: p11samuel, setup: p11refund, tool: toolname.ReportDamage,
			asks: []p11ask{{text: "¿tengo que devolver la taza rota?", facts: [][]string{p11keep}}}, final: "sí, adelante", want: p11ranRefund},
		{name: "es politica then yes", order: "#1006", email: p11samuel, setup: p11return, tool: toolname.StartReturn,
			asks: []p11ask{{text: "¿cuál es su política de devoluciones?", facts: [][]string{p11policy}}}, final: "vale, sí", want: p11ranReturn},
		{name: "es no", order: "#1001", email: p11maya, setup: p11cancel, tool: toolname.CancelOrder,
			asks: []p11ask{{text: "¿cuándo me devuelven el dinero?", facts: [][]string{p11days}}}, final: "no, déjalo", want: p11want{notStated: toolname.CancelOrder}},
		{name: "de zurueck yes", order: "#1006", email: p11samuel, setup: p11return, tool: toolname.StartReturn,
			asks: []p11ask{{text: "Muss ich das Porto für die Rücksendung zahlen?", facts: [][]string{p11postage}}}, final: "ja bitte", want: p11ranReturn},
		{name: "de nein", order: "#1006", email: p11samuel, setup: p11refund, tool: toolname.ReportDamage,
			asks: []p11ask{{text: "wie lange dauert die Erstattung?", facts: [][]string{p11days}}}, final: "nein danke", want: p11want{notStated: toolname.ReportDamage}},
		{name: "fr combien then yes", order: "#1001", email: p11maya, setup: p11cancel, tool: toolname.CancelOrder,
			asks: []p11ask{{text: "est-ce que je serai remboursée en entier ?", facts: [][]string{{"$85.51"}}}}, final: "oui, allez-y", want: p11ranCancel},
		{name: "fr avoir change", order: "#1006", email: p11samuel, setup: p11refund, tool: toolname.ReportDamage,
			asks: []p11ask{{text: "je dois renvoyer la tasse ?", facts: [][]string{p11keep}}}, final: "finalement je préfère un avoir",
			want: p11want{proposes: toolname.ReportDamage, statedHas: []string{"store credit"}}, then: "oui", thenWant: p11ranCredit},

		// 7. A dearer item: the kit goes back (with a label when damaged).
		{name: "kit return box", order: "#1006", email: p11samuel, setup: []string{"i'd like to send back the coffee kit"}, tool: toolname.StartReturn,
			asks: []p11ask{{text: "do i need the original box for it?", facts: [][]string{{"original packaging"}}}}, final: "ok yes do it",
			want: p11want{types: []string{"return"}, lines: []string{"Pour-Over Coffee Kit×1"}, stated: true}},
		{name: "elena side candles", order: "#1011", email: p11elena, setup: []string{"the coffee kit arrived with the glass smashed", "refund please"}, tool: toolname.ReportDamage,
			asks: []p11ask{{text: "do i need to send the kit back?", facts: [][]string{{"prepaid", "label"}}}}, final: "yes", want: p11want{types: []string{"return"}, lines: []string{"Pour-Over Coffee Kit×1"}}},
	}
}

// TestPending11 runs the held-out table and counts what fails.
func TestPending11(t *testing.T) {
	heldOutTable(t, "pending11", p11tests(), func(tc p11case) string { return tc.name }, func(tc p11case) string { return tc.gap }, p11run)
}

// p11run runs one conversation and says what is wrong with its outcome.
func p11run(t *testing.T, base string, log *resultLog, tc p11case) []string {
	c := chat(t, base, &log.toolLog, tc.order, tc.email)
	var got turnOut
	for _, s := range tc.setup {
		got = c.say(s)
	}
	if !p11stated(got, tc.tool) {
		return []string{fmt.Sprintf("setup stated no %s proposal (actions %v)", tc.tool, got.actions)}
	}
	amount := p11amount(got.reply)
	var problems []string
	for _, a := range tc.asks {
		log.mu.Lock()
		start := len(log.results)
		log.mu.Unlock()
		before := len(shopActions(t, base))
		got = c.say(a.text)
		if ran := shopActions(t, base)[before:]; len(ran) > 0 {
			problems = append(problems, fmt.Sprintf("%q ran %v", a.text, actionSummary(ran)))
		}
		if !p11stated(got, tc.tool) {
			problems = append(problems, fmt.Sprintf("%q: no %s proposal stated again (actions %v)", a.text, tc.tool, got.actions))
		} else if a := p11amount(got.reply); a != amount {
			problems = append(problems, fmt.Sprintf("stated again with %q, first stated %q", a, amount))
		}
		problems = append(problems, p11facts(got.reply, a.facts)...)
		if a.status {
			log.mu.Lock()
			results := append([]toolResult(nil), log.results[start:]...)
			log.mu.Unlock()
			var facts []string
			for _, r := range results {
				if r.tool == toolname.TrackOrder {
					facts = append(facts, statusFacts(r.content)...)
				}
			}
			if !slices.ContainsFunc(facts, func(f string) bool { return strings.Contains(got.reply, f) }) {
				problems = append(problems, fmt.Sprintf("reply %q holds none of the status facts %q", got.reply, facts))
			}
		}
	}
	got, more := p11check(t, base, c, tc.final, tc.want, amount)
	problems = append(problems, more...)
	if tc.then != "" {
		_, more = p11check(t, base, c, tc.then, tc.thenWant, p11amount(got.reply))
		problems = append(problems, more...)
	}
	return problems
}

// p11check says text and judges its turn by want; amount is the one the
// proposal being answered stated. It returns the turn for what follows.
func p11check(t *testing.T, base string, c *demoChat, text string, want p11want, amount string) (turnOut, []string) {
	before := len(shopActions(t, base))
	got := c.say(text)
	ran := shopActions(t, base)[before:]
	var problems []string
	var types []string
	for _, a := range ran {
		types = append(types, a["type"].(string))
	}
	if !slices.Equal(types, want.types) {
		problems = append(problems, fmt.Sprintf("%q ran %v, want %v", text, actionSummary(ran), want.types))
		return got, problems
	}
	summary := strings.Join(actionSummary(ran), "; ")
	for _, l := range want.lines {
		if !strings.Contains(summary, l) {
			problems = append(problems, fmt.Sprintf("%q ran %q, want %s in it", text, summary, l))
		}
	}
	if want.stated && len(ran) > 0 && "$"+fmt.Sprint(ran[0]["amount"]) != amount {
		problems = append(problems, fmt.Sprintf("%q ran %v for %v, the proposal stated %q", text, summary, ran[0]["amount"], amount))
	}
	if want.zip != "" && len(ran) > 0 && !strings.Contains(jsonNum(ran[0]["detail"]), want.zip) {
		problems = append(problems, fmt.Sprintf("%q changed the address to %s, want zip %s", text, jsonNum(ran[0]["detail"]), want.zip))
	}
	if want.proposes != "" {
		if !p11stated(got, want.proposes) {
			problems = append(problems, fmt.Sprintf("%q: no %s proposal stated (actions %v)", text, want.proposes, got.actions))
		}
		stated := p11statement(got.reply)
		for _, s := range want.statedHas {
			if !strings.Contains(strings.ToLower(stated), strings.ToLower(s)) {
				problems = append(problems, fmt.Sprintf("%q: the proposal stated in %q does not hold %q", text, got.reply, s))
			}
		}
	}
	if want.notStated != "" && p11stated(got, want.notStated) {
		problems = append(problems, fmt.Sprintf("%q: %s stated again after a no", text, want.notStated))
	}
	return got, problems
}

// p11stated reports whether the turn states a proposal of tool.
func p11stated(got turnOut, tool string) bool {
	for _, a := range got.actions {
		if a["tool"] == tool && a["status"] == "proposed" {
			return true
		}
	}
	return false
}

var p11money = regexp.MustCompile(`\$\d+(?:,\d{3})*\.\d{2}`)

// p11statement is the proposal a reply states: its last paragraph that
// starts "I'll", where code puts the statement.
func p11statement(reply string) string {
	paras := strings.Split(reply, "\n\n")
	for i := len(paras) - 1; i >= 0; i-- {
		if strings.HasPrefix(paras[i], "I'll ") {
			return paras[i]
		}
	}
	return ""
}

// p11amount is the last amount of the proposal a reply states.
func p11amount(reply string) string {
	st := p11statement(reply)
	if i := strings.Index(st, "That's everything you paid"); i >= 0 {
		st = st[:i] // two15's note of the shipping refunded with the rest
	}
	all := p11money.FindAllString(st, -1)
	if len(all) == 0 {
		return ""
	}
	return all[len(all)-1]
}

// p11facts says which of facts the reply holds none of.
func p11facts(reply string, facts [][]string) []string {
	var problems []string
	low := strings.ToLower(reply)
	for _, any := range facts {
		if !slices.ContainsFunc(any, func(f string) bool { return strings.Contains(low, strings.ToLower(f)) }) {
			problems = append(problems, fmt.Sprintf("reply %q holds none of %q", reply, any))
		}
	}
	return problems
}
