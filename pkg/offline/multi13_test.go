package offline_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// m13case is a held-out conversation of issue 18's class multi13: a
// message with two parts (a yes and a question, a yes and a new problem,
// a question while a proposal waits, two questions, a request and a
// question), where the model did one part and dropped the other. Both
// parts must be taken: a yes runs exactly the proposal it answers unless
// its other part changes that proposal, a question beside it is answered
// from the order or the docs, and a proposal waits through a question
// asked aside. Written before reading the model's code.
type m13case struct {
	name         string
	order, email string
	before       []string
	pending      string // a write tool the last before-turn proposed (a precondition)
	text         string
	ran          string            // the write tool this turn runs: the pending proposal, exactly
	waits        string            // a write tool stated again (proposed) this turn, not run
	propose      string            // a write tool this turn proposes afresh
	args         map[string]string // arguments of propose's call (JSON, case folded)
	notRun       bool              // no write runs this turn (implied unless ran is set)
	notProposed  []string          // write tools this turn must not propose
	mentions     [][]string        // each group: the reply holds one of them (case folded)
	unsaid       []string          // the reply holds none (case folded)
	estimate     bool              // the reply holds a status fact of a track_order result
	then         string            // said next, after the turn
	thenDone     string            // the write tool then runs
	gap          string
}

func TestHeldOutMulti13(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"
		daniel = "daniel.reyes@example.com"
		samuel = "samuel.whitfield@example.com"
		tom    = "tom.becker@example.com"
	)
	cant := []string{"can't", "cannot", "can not", "not able", "unable", "isn't something", "don't offer", "no way to", "isn't possible", "not possible"}
	oiling := []string{"mineral oil", "board oil", "once a month"}
	dishwasher := []string{"is dishwasher safe", "are dishwasher safe", "dishwasher safe and"}
	walnut := []string{"walnut"}
	const addr = "I'd like my order sent to 42 Elm Street, Portland, OR 97201 instead"
	mugDamage := []string{"one of the mugs came chipped", "a replacement please"}
	mugRefund := []string{"one of the mugs came chipped", "refund please"}
	cases := []m13case{
		// A yes and a question: the proposal runs, the question is answered.
		{name: "yes plus oiling", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "yep that's it. also how do i oil an olivewood board, mine's going grey", ran: toolname.ChangeAddress, mentions: [][]string{oiling}},
		{name: "yes plus dishwasher", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "yes pls. and is the stoneware mug dishwasher safe", ran: toolname.ChangeAddress, mentions: [][]string{dishwasher}},
		{name: "yes but ship this week", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "ok yes but will it still ship this week?", ran: toolname.ChangeAddress, estimate: true},
		{name: "yes plus whats in the kit", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "yes thats right. whats in the coffee kit box btw", ran: toolname.ChangeAddress, mentions: [][]string{{"dripper"}, {"carafe"}}},
		{name: "yes plus when ship typo", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "yea thats it,, also wen does it ship", ran: toolname.ChangeAddress, estimate: true},
		{name: "es yes plus price", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "sí, perfecto. y cuánto costó el kit de café?", ran: toolname.ChangeAddress, mentions: [][]string{{"64.00", "68.00"}}},
		{name: "fr yes plus colour", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "oui c'est bon. et le kit, il est de quelle couleur ?", ran: toolname.ChangeAddress, mentions: [][]string{walnut}},
		{name: "de yes plus dishwasher", order: "#1006", email: samuel, before: []string{"Ein Becher ist kaputt angekommen", "lieber Ersatz"}, pending: toolname.ReportDamage,
			text: "ja bitte. ist der Becher eigentlich spülmaschinenfest?", ran: toolname.ReportDamage, mentions: [][]string{{"dishwasher"}}},
		{name: "yes plus mug microwave", order: "#1006", email: samuel, before: mugDamage, pending: toolname.ReportDamage,
			text: "sure go ahead. btw can the mugs go in the microwave", ran: toolname.ReportDamage, mentions: [][]string{{"microwave safe", "2 minutes"}}},
		{name: "yes but can I bin it", order: "#1006", email: samuel, before: mugDamage, pending: toolname.ReportDamage,
			text: "yes, but can I just throw the broken mug away instead of posting it?", ran: toolname.ReportDamage + "|waits",
			mentions: [][]string{{"don't need", "no need", "do not need", "don't have to", "keep it", "not need to send"}}},

		// A yes and a new problem: the proposal runs, the problem is taken up.
		{name: "yes plus carafe cracked", order: "#1006", email: samuel, before: mugDamage, pending: toolname.ReportDamage,
			text: "yes. oh and the coffee kit's carafe has a big crack too", ran: toolname.ReportDamage, mentions: [][]string{{"kit", "carafe"}}},
		{name: "yes plus scoop missing", order: "#1006", email: samuel, before: mugRefund, pending: toolname.ReportDamage,
			text: "ok yes go ahead. also the kit came without the scoop", ran: toolname.ReportDamage, mentions: [][]string{{"scoop", "kit"}}},
		{name: "yes plus carafe typo", order: "#1006", email: samuel, before: mugDamage, pending: toolname.ReportDamage,
			text: "yess. also teh carafe is craked", ran: toolname.ReportDamage, mentions: [][]string{{"kit", "carafe"}}},
		{name: "es yes plus carafe", order: "#1006", email: samuel, before: mugDamage, pending: toolname.ReportDamage,
			text: "sí, gracias. ah y la jarra del kit de café también llegó rota", ran: toolname.ReportDamage, mentions: [][]string{{"kit", "carafe"}}},

		// A question while a proposal waits: answered, the proposal waits.
		{name: "wait colour", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "wait before that, is the coffee kit walnut or another colour?", waits: toolname.ChangeAddress, mentions: [][]string{walnut},
			then: "yes", thenDone: toolname.ChangeAddress},
		{name: "hold on filters price", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "hold on, how much were the filters?", waits: toolname.ChangeAddress, mentions: [][]string{{"9.00", "9.56"}},
			then: "ok yes", thenDone: toolname.ChangeAddress},
		{name: "before yes microwave", order: "#1006", email: samuel, before: mugDamage, pending: toolname.ReportDamage,
			text: "hmm before i say yes, can the mugs go in the microwave?", waits: toolname.ReportDamage, mentions: [][]string{{"microwave safe", "2 minutes"}},
			then: "yes", thenDone: toolname.ReportDamage},
		{name: "one sec canada", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "one sec - do you ship to canada?", waits: toolname.ChangeAddress, mentions: [][]string{{"united states", "outside the us"}}},
		{name: "es espera return window", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "espera, ¿cuánto tiempo tengo para devolver algo?", waits: toolname.ChangeAddress, mentions: [][]string{{"30 days"}},
			then: "vale, sí", thenDone: toolname.ChangeAddress},
		{name: "de moment colour", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "Moment, welche Farbe hat das Kaffee-Set nochmal?", waits: toolname.ChangeAddress, mentions: [][]string{walnut}},
		{name: "fr attendez filters", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "attendez, c'était combien les filtres ?", waits: toolname.ChangeAddress, mentions: [][]string{{"9.00", "9.56"}}, gap: "a price asked in French alone goes to the guides"},
		{name: "waitt walnut typo", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "waitt, is the kit the walnut one or oak??", waits: toolname.ChangeAddress, mentions: [][]string{walnut}, gap: "\"the walnut one\" reads as another thing asked for (agent.AsksOther): the change lapses"},
		{name: "skipped my question", order: "#1001", email: maya, before: []string{addr, "yep that's it. also how do i oil an olivewood board"},
			text: "you skipped my question about oiling the board", notRun: true, mentions: [][]string{oiling}},

		// Two questions: both answered.
		{name: "contents and board price", order: "#1004", email: tom,
			text: "what exactly is in it again, and how much was the board", mentions: [][]string{{"mug"}, {"46.00"}}},
		{name: "other order shipped and add candle", order: "#1003", email: daniel,
			text: "did my other order ship, and can I add a candle to it", notRun: true, mentions: [][]string{{"delivered"}, cant}, gap: "adding to a delivered order gets \"not in the guides\", not a can't"},
		{name: "overnight and gift wrap", order: "#1003", email: daniel,
			text: "can you upgrade it to overnight and gift wrap it", notRun: true, mentions: [][]string{cant, {"gift wrap"}}, gap: "the gift wrap part is dropped beside the overnight can't"},
		{name: "kit price and ship date", order: "#1001", email: maya,
			text: "how much did i pay for the kit and when will it ship", mentions: [][]string{{"64.00", "68.00"}}, estimate: true},
		{name: "mug dishwasher and dripper clean", order: "#1006", email: samuel,
			text: "is the mug dishwasher safe and can the dripper go in the dishwasher too", mentions: [][]string{{"mug is dishwasher safe", "mug is dishwasher-safe"}, {"top rack", "dripper and the glass carafe"}}},
		{name: "es what and total", order: "#1001", email: maya,
			text: "¿qué pedí y cuánto pagué en total?", mentions: [][]string{{"coffee kit"}, {"85.51"}}},
		{name: "de contents and arrival", order: "#1004", email: tom,
			text: "Was ist in meiner Bestellung und wann kommt sie an?", mentions: [][]string{{"mug"}}, estimate: true, gap: "the German contents question is read as status only"},
		{name: "typo what and board price", order: "#1004", email: tom,
			text: "wat did i order n how much was the bord", mentions: [][]string{{"mug"}, {"46.00"}}},

		// A request and a docs question: both taken.
		{name: "replacement plus dishwasher", order: "#1006", email: samuel, before: []string{"one of my mugs arrived cracked"},
			text: "replacement pls + is the mug dishwasher safe?", propose: toolname.ReportDamage, args: map[string]string{"resolution": "replacement"},
			mentions: [][]string{dishwasher}},
		{name: "address plus refund time", order: "#1001", email: maya,
			text: "change the address to 9 Birch Road, Denver, CO 80203 and how long do refunds take btw", propose: toolname.ChangeAddress,
			args: map[string]string{"zip": "80203"}, mentions: [][]string{{"5 to 10 business days", "2 business days"}}},
		{name: "cancel plus canada", order: "#1001", email: maya,
			text: "cancel my order pls. also do you ship to canada?", propose: toolname.CancelOrder, mentions: [][]string{{"united states", "outside the us"}}},

		// A refund sent, not seen: resending is not something the shop does.
		{name: "bank or resend", order: "#1008", email: daniel, before: []string{"my refund for the throw never showed up on my card"},
			text: "I'd check with my bank or can you resend it?", notRun: true, notProposed: []string{toolname.StartReturn, toolname.ReportNotReceived},
			mentions: [][]string{{"bank"}, append([]string{"person", "team", "colleague"}, cant...)}},
		{name: "es resend refund", order: "#1008", email: daniel, before: []string{"my refund for the throw never showed up on my card"},
			text: "¿me lo podéis volver a enviar?", notRun: true, notProposed: []string{toolname.StartReturn, toolname.ReportNotReceived},
			mentions: [][]string{append([]string{"person", "team", "colleague"}, cant...)}},

		// A yes whose other part changes the proposal: nothing runs.
		{name: "yes but to my office", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "yes but to my office instead", notRun: true},
		{name: "yes but only the filters", order: "#1001", email: maya, before: []string{"please cancel my order"}, pending: toolname.CancelOrder,
			text: "yes but only the filters", notRun: true},
		{name: "yes but another street", order: "#1001", email: maya, before: []string{addr}, pending: toolname.ChangeAddress,
			text: "ok yes, but send it to 15 Oak Lane, Salem, MA 01970 instead", notRun: true},
		{name: "yes but kit thrown away", order: "#1006", email: samuel, before: []string{"the coffee kit's glass carafe arrived shattered", "replacement please"}, pending: toolname.ReportDamage,
			text: "yes, but can I throw the broken glass away instead?", ran: "waits", waits: toolname.ReportDamage,
			mentions: [][]string{{"send", "return", "back"}}},
	}
	heldOutTable(t, "multi13", cases, func(c m13case) string { return c.name }, func(c m13case) string { return c.gap },
		func(t *testing.T, base string, log *resultLog, tc m13case) []string { return m13run(t, base, log, tc) })
}

// proposalOf is the proposal id of tool's action with status, or "".
func (o turnOut) proposalOf(tool, status string) string {
	for _, a := range o.actions {
		if a["tool"] == tool && a["status"] == status {
			id, _ := a["proposal"].(string)
			return id
		}
	}
	return ""
}

// m13run runs one conversation and says what went wrong.
func m13run(t *testing.T, base string, log *resultLog, tc m13case) []string {
	t.Helper()
	var problems []string
	c := chat(t, base, &log.toolLog, tc.order, tc.email)
	var last turnOut
	for _, s := range tc.before {
		last = c.say(s)
	}
	pendingID := ""
	if tc.pending != "" {
		if !last.hasStatus(tc.pending, "proposed") {
			problems = append(problems, fmt.Sprintf("precondition: %s not proposed before (actions %v)", tc.pending, last.actions))
		}
		pendingID = last.proposalOf(tc.pending, "proposed")
	}
	got := c.say(tc.text)
	// ran: "tool" must run; "tool|waits" may run or wait; "waits" must not run.
	mustRun, mayWait := tc.ran, false
	if i := strings.Index(mustRun, "|waits"); i >= 0 {
		mustRun, mayWait = mustRun[:i], true
	}
	if mustRun == "waits" {
		mustRun = ""
	}
	r := got.ranWrite()
	switch {
	case mustRun == "" && r != "":
		problems = append(problems, fmt.Sprintf("ran %s (actions %v), want nothing run", r, got.actions))
	case mustRun != "" && r != mustRun && !(mayWait && r == "" && got.hasStatus(mustRun, "proposed")):
		problems = append(problems, fmt.Sprintf("ran %q (actions %v), want %s run", r, got.actions, mustRun))
	case mustRun != "" && r == mustRun && pendingID != "":
		id := got.proposalOf(mustRun, "done")
		if id == "" {
			id = got.proposalOf(mustRun, "confirmed")
		}
		if id != pendingID {
			problems = append(problems, fmt.Sprintf("ran proposal %q, want the pending %q", id, pendingID))
		}
	}
	if tc.waits != "" && !got.hasStatus(tc.waits, "proposed") {
		problems = append(problems, fmt.Sprintf("actions %v: %s not stated again", got.actions, tc.waits))
	}
	if tc.propose != "" && !got.hasStatus(tc.propose, "proposed") {
		problems = append(problems, fmt.Sprintf("actions %v, want %s proposed", got.actions, tc.propose))
	}
	for k, v := range tc.args {
		if a := got.arg(tc.propose, k); !strings.Contains(strings.ToLower(a), strings.ToLower(v)) {
			problems = append(problems, fmt.Sprintf("%s %s = %s, want %s", tc.propose, k, a, v))
		}
	}
	for _, n := range tc.notProposed {
		if got.hasStatus(n, "proposed") {
			problems = append(problems, fmt.Sprintf("proposed %s (actions %v)", n, got.actions))
		}
	}
	low := strings.ToLower(got.reply)
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
	if tc.thenDone != "" && len(problems) == 0 {
		next := c.say(tc.then)
		if !next.hasStatus(tc.thenDone, "done") {
			problems = append(problems, fmt.Sprintf("%q: %s not done (actions %v)", tc.then, tc.thenDone, next.actions))
		}
	}
	return problems
}
