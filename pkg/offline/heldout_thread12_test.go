package offline_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// pendingCase is a held-out conversation (thread12, issue 18's
// no-context trial t12): a proposal or promise is waiting for the
// customer's yes, and the next message asks or requests something new.
// The new part must be answered or done, honestly where the shop cannot
// do it, and nothing runs without a yes. Written before reading the
// model's code.
type pendingCase struct {
	name         string
	order, email string
	wait         string // the clock moved before the chat opens
	before       []string
	pending      string // a write tool the last before-turn proposed (a precondition)
	text         string
	tool         string            // a tool this turn calls ("a|b": either)
	propose      string            // a write tool this turn proposes
	args         map[string]string // arguments of propose's call (JSON, case folded)
	stated       string            // the reply holds this (case folded)
	restated     string            // a write tool either done this turn or proposed again
	notProposed  []string          // write tools this turn must not propose
	mentions     [][]string        // each group: the reply holds one of them (case folded)
	unsaid       []string          // the reply holds none (case folded)
	estimate     bool              // the reply holds a status fact of a track_order result
	then         string            // said next
	thenDone     string            // the write tool done by then (or by text)
	gap          string
}

// ranWrite is the write tool a turn confirmed or ran, if any.
func (o turnOut) ranWrite() string {
	for _, a := range o.actions {
		tool, _ := a["tool"].(string)
		status, _ := a["status"].(string)
		for _, w := range writeTools {
			if tool == w && (status == "confirmed" || status == "done") {
				return tool
			}
		}
	}
	return ""
}

func TestHeldOutThread12(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"
		priya  = "priya.natarajan@example.com"
		daniel = "daniel.reyes@example.com"
		grace  = "grace.liu@example.com"
		samuel = "samuel.whitfield@example.com"
		olivia = "olivia.brandt@example.com"
		marcus = "marcus.johnson@example.com"
		elena  = "elena.petrova@example.com"
	)
	cant := []string{"can't", "cannot", "can not", "not able", "unable", "isn't something", "don't offer", "no way to"}
	whole := []string{"whole order", "entire order", "as a whole", "the whole", "all of order"}
	const (
		addr   = "I'd like my order sent to 42 Elm Street, Portland, OR 97201 instead"
		late3  = "where is my package? its taking ages"
		late2  = "my throw's tracking hasn't moved in days, is it lost?"
		late10 = "where is my skillet? it's late"
	)
	cases := []pendingCase{
		// The order's own facts asked while a promise or proposal waits.
		{name: "colour while promise waits", order: "#1002", email: priya, before: []string{late2}, pending: toolname.FollowUp,
			text: "hmm which colour did i pick again, was it the grey?", mentions: [][]string{{"Slate Blue"}}},
		{name: "scent while promise waits", order: "#1003", email: daniel, before: []string{late3}, pending: toolname.FollowUp,
			text: "oh also is the candle the cedar one or the fig one, i forget", mentions: [][]string{{"Cedar & Smoke"}}},
		{name: "size while promise waits", order: "#1010", email: marcus, before: []string{late10}, pending: toolname.FollowUp,
			text: "remind me what size skillet i ordered?", mentions: [][]string{{"10 inch", "10-inch"}}},
		{name: "colour while damage proposal waits", order: "#1006", email: samuel, before: []string{"one of the mugs came chipped", "a replacement please"}, pending: toolname.ReportDamage,
			text: "which colour are my mugs btw?", mentions: [][]string{{"Sea Glass"}}, restated: toolname.ReportDamage,
			then: "yes", thenDone: toolname.ReportDamage},

		// One line of an order cancelled: the shop cancels whole orders only.
		{name: "cancel the filters while address waits", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "actually just cancel the filters, they havent shipped yet right?", notProposed: []string{toolname.CancelOrder},
			mentions: [][]string{whole}},
		{name: "cancel only the filters", order: "#1001", email: maya,
			text: "pls cancel only the paper filters and keep the coffee kit", notProposed: []string{toolname.CancelOrder},
			mentions: [][]string{whole}},
		{name: "de nur die Filter stornieren", order: "#1001", email: maya,
			text: "Kann ich nur die Filter stornieren?", notProposed: []string{toolname.CancelOrder}, mentions: [][]string{whole}},
		{name: "fr annuler seulement le kit", order: "#1001", email: maya,
			text: "je voudrais annuler seulement le kit café svp", notProposed: []string{toolname.CancelOrder}, mentions: [][]string{whole}},
		{name: "es cancelar solo los filtros", order: "#1001", email: maya,
			text: "¿puedo cancelar solo los filtros?", notProposed: []string{toolname.CancelOrder}, mentions: [][]string{whole}},
		{name: "cancel the skillet part while promise waits", order: "#1010", email: marcus, before: []string{late10}, pending: toolname.FollowUp,
			text: "jus cancel the skillet bit then, it hasnt shipped has it?", notProposed: []string{toolname.CancelOrder},
			mentions: [][]string{cant}},
		{name: "cancel the candle in transit", order: "#1003", email: daniel, before: []string{late3}, pending: toolname.FollowUp,
			text: "can you cancel just the candle from it", notProposed: []string{toolname.CancelOrder},
			mentions: [][]string{cant, {"return", "send it back"}}},

		// What the shop cannot do, asked while something waits: an honest can't.
		{name: "express while address waits", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "can you ship it express instead? need it by friday", mentions: [][]string{cant}, estimate: true},
		{name: "overnight while promise waits", order: "#1003", email: daniel, before: []string{late3}, pending: toolname.FollowUp,
			text: "can u upgrade it to overnight shipping", mentions: [][]string{cant}},
		{name: "resend with fedex while promise waits", order: "#1002", email: priya, before: []string{late2}, pending: toolname.FollowUp,
			text: "could you cancel that label and send it with fedex instead?", mentions: [][]string{cant}},
		{name: "yes plus resend with ups", order: "#1002", email: priya, before: []string{late2}, pending: toolname.FollowUp,
			text: "yes ok, but can you also cancel the shipment and resend it with ups?", mentions: [][]string{cant}},
		{name: "free mug while damage waits", order: "#1006", email: samuel, before: []string{"one of the mugs came chipped", "a replacement please"}, pending: toolname.ReportDamage,
			text: "can you throw in an extra mug for free for the trouble lol", mentions: [][]string{cant}, notProposed: []string{toolname.StartReturn, toolname.ExchangeItem}},
		{name: "free candle while promise waits", order: "#1003", email: daniel, before: []string{late3}, pending: toolname.FollowUp,
			text: "cud u send me a free candle for the wait", mentions: [][]string{cant}},

		// When it comes, asked while something waits: the estimate.
		{name: "by friday while promise waits", order: "#1003", email: daniel, before: []string{late3}, pending: toolname.FollowUp,
			text: "will it be here by friday tho?", estimate: true},
		{name: "before the weekend while address waits", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "is it gonna arrive before the weekend?", estimate: true, restated: toolname.ChangeAddress,
			then: "ok yes", thenDone: toolname.ChangeAddress},

		// The estimate moved: why.
		{name: "estimate moved", order: "#1010", email: marcus, wait: "72h", before: []string{late10}, pending: toolname.FollowUp,
			text: "you said friday before, now its later?? what happened", mentions: [][]string{{"was due", "moved", "pushed", "delayed", "backorder", "back order", "out of stock", "later than"}}},
		{name: "delivery problem why", order: "#1005", email: grace,
			before: []string{"where is my order"}, text: "it said it would come yesterday, why is it different now??",
			mentions: [][]string{{"exception", "failed", "problem", "issue", "attempt", "couldn't deliver", "could not deliver"}}},

		// A yes with a question: answered, and what was stated runs or is stated again.
		{name: "yes with email question", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "yes that's right, will i get an email confirming it?", restated: toolname.ChangeAddress, mentions: [][]string{{"email"}}},
		{name: "yes with card question", order: "#1006", email: samuel, before: []string{"one of the mugs came chipped", "refund please"}, pending: toolname.ReportDamage,
			text: "ok yes, does it go back on my card?", restated: toolname.ReportDamage, mentions: [][]string{{"original payment", "card"}}},
		{name: "yes with full amount question", order: "#1001", email: maya, before: []string{"please cancel my order"}, pending: toolname.CancelOrder,
			text: "yes, is that the full amount back?", restated: toolname.CancelOrder, mentions: [][]string{{"$"}}},

		// Address proposals: a question, then yes; addresses without commas; a PO box.
		{name: "question then yes change it", order: "#1001", email: maya,
			before: []string{"change my address to 9 Birch Road, Denver, CO 80203", "hmm is that a business day thing, when would it ship then"},
			text:   "ok yes change it", thenDone: toolname.ChangeAddress},
		{name: "address without commas", order: "#1001", email: maya,
			text: "CHANGE THE ADDRESS to 1550 Alum Rock Ave San Jose CA 95116 please", propose: toolname.ChangeAddress,
			args: map[string]string{"zip": "95116"}, stated: "1550 Alum Rock Ave"},
		{name: "other address without commas like i said", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "no, 300 Pine St Seattle WA 98101 like i said", propose: toolname.ChangeAddress,
			args: map[string]string{"zip": "98101"}, stated: "300 Pine St"},
		{name: "po box after a foreign address", order: "#1001", email: maya,
			before: []string{"can u ship it to my cousin in toronto? 88 queen st w, toronto ON M5H 2N2 canada"},
			text:   "ok what about a po box then, PO Box 4411, San Jose CA 95150", propose: toolname.ChangeAddress,
			args: map[string]string{"zip": "95150"}, unsaid: []string{"couldn't find that order"}},

		// A refund asked about: refund_status, nothing proposed.
		{name: "refund done or not", order: "#1006", email: samuel, before: []string{"one of the mugs came chipped", "refund please", "yes"},
			text: "all sorted. so is the refund for the mug done or not?", notProposed: writeTools, mentions: [][]string{{"25.68"}}},
		{name: "other order's refund while promise waits", order: "#1003", email: daniel, before: []string{late3}, pending: toolname.FollowUp,
			text: "and did the refund for the throw on my other order go through?", tool: toolname.RefundStatus + "|" + toolname.TrackOrder,
			notProposed: []string{toolname.StartReturn, toolname.CancelOrder}, mentions: [][]string{{"#1008"}, {"128.40"}}},

		// Un-cancelling: a cancelled order cannot be restored.
		{name: "undo the cancellation", order: "#1009", email: olivia,
			text: "can you undo the cancellation? i want the board after all", notProposed: writeTools,
			mentions: [][]string{cant, {"new order", "order it again", "place a new", "team"}}, unsaid: []string{"can't cancel"}},
		{name: "reinstate", order: "#1009", email: olivia, before: []string{"did my cancellation go through?"},
			text: "changed my mind again, can you reinstate the order?", notProposed: writeTools,
			mentions: [][]string{cant, {"new order", "order it again", "place a new", "team"}}, unsaid: []string{"can't cancel"}},
		{name: "de Stornierung rückgängig", order: "#1009", email: olivia,
			text: "Kann ich die Stornierung rückgängig machen?", notProposed: writeTools,
			mentions: [][]string{cant, {"new order", "order it again", "place a new", "team"}}, unsaid: []string{"can't cancel"}},

		// A pause word in another language opens a question, not a no.
		{name: "es espera question", order: "#1006", email: samuel, before: []string{"la taza llegó rota", "prefiero el reembolso"}, pending: toolname.ReportDamage,
			text: "espera, ¿tengo que devolver la taza?", restated: toolname.ReportDamage,
			mentions: [][]string{{"send anything back", "no need", "don't need", "do not need"}}, then: "sí", thenDone: toolname.ReportDamage},
		{name: "de Moment question", order: "#1006", email: samuel, before: []string{"Der Becher ist kaputt angekommen", "lieber Geld zurück"}, pending: toolname.ReportDamage,
			text: "Moment, muss ich den Becher zurückschicken?", restated: toolname.ReportDamage,
			mentions: [][]string{{"send anything back", "no need", "don't need", "do not need"}}},
		{name: "fr attendez question", order: "#1006", email: samuel, before: []string{"la tasse est arrivée cassée", "je préfère un remboursement"}, pending: toolname.ReportDamage,
			text: "attendez, je dois renvoyer la tasse ?", restated: toolname.ReportDamage,
			mentions: [][]string{{"send anything back", "no need", "don't need", "do not need"}}},
		{name: "es si pero cuando", order: "#1006", email: samuel, before: []string{"la taza llegó rota", "prefiero un reemplazo"}, pending: toolname.ReportDamage,
			text: "sí, pero ¿cuándo llegaría la nueva?", restated: toolname.ReportDamage,
			unsaid: []string{"don't see a return"}},
	}
	heldOutTable(t, "thread12", cases, func(c pendingCase) string { return c.name }, func(c pendingCase) string { return c.gap },
		func(t *testing.T, base string, log *resultLog, tc pendingCase) []string {
			return runPendingCase(t, base, log, tc)
		})
}

// runPendingCase runs one conversation and says what went wrong.
func runPendingCase(t *testing.T, base string, log *resultLog, tc pendingCase) []string {
	t.Helper()
	var problems []string
	if tc.wait != "" {
		var out map[string]any
		postJSON(t, base+"/dev/clock", "", map[string]string{"advance": tc.wait}, &out)
	}
	c := chat(t, base, &log.toolLog, tc.order, tc.email)
	var last turnOut
	for _, s := range tc.before {
		last = c.say(s)
	}
	if tc.pending != "" && !last.hasStatus(tc.pending, "proposed") {
		problems = append(problems, fmt.Sprintf("precondition: %s not proposed before (actions %v)", tc.pending, last.actions))
	}
	got := c.say(tc.text)
	if tc.tool != "" {
		any := false
		for _, tool := range strings.Split(tc.tool, "|") {
			any = any || got.called(tool) || got.status(tool) != ""
		}
		if !any {
			problems = append(problems, fmt.Sprintf("tools %v, want %s", got.toolNames(), tc.tool))
		}
	}
	if r := got.ranWrite(); r != "" && r != tc.restated && r != tc.thenDone {
		problems = append(problems, fmt.Sprintf("ran %s without a yes (actions %v)", r, got.actions))
	}
	if tc.propose != "" && !got.hasStatus(tc.propose, "proposed") {
		problems = append(problems, fmt.Sprintf("actions %v, want %s proposed", got.actions, tc.propose))
	}
	for k, v := range tc.args {
		if a := got.arg(tc.propose, k); !strings.Contains(strings.ToLower(a), strings.ToLower(v)) {
			problems = append(problems, fmt.Sprintf("%s %s = %s, want %s", tc.propose, k, a, v))
		}
	}
	low := strings.ToLower(got.reply)
	if tc.stated != "" && !strings.Contains(low, strings.ToLower(tc.stated)) {
		problems = append(problems, fmt.Sprintf("reply %q does not state %q", got.reply, tc.stated))
	}
	if tc.restated != "" && !got.hasStatus(tc.restated, "proposed") && !got.hasStatus(tc.restated, "done") {
		problems = append(problems, fmt.Sprintf("actions %v: %s neither done nor stated again", got.actions, tc.restated))
	}
	for _, n := range tc.notProposed {
		if got.hasStatus(n, "proposed") {
			problems = append(problems, fmt.Sprintf("proposed %s (actions %v)", n, got.actions))
		}
	}
	for _, group := range tc.mentions {
		found := false
		for _, m := range group {
			found = found || strings.Contains(low, strings.ToLower(m))
		}
		if !found {
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
	if tc.thenDone != "" {
		done := got.hasStatus(tc.thenDone, "done")
		if tc.then != "" && !done {
			next := c.say(tc.then)
			done = next.hasStatus(tc.thenDone, "done")
		}
		if !done {
			problems = append(problems, fmt.Sprintf("%s never done", tc.thenDone))
		}
	}
	return problems
}
