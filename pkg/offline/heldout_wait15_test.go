package offline_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// wait15Case is a held-out conversation (wait15, issue 18's no-context
// trial of `make dev`): a proposal waits for the customer's yes, or the
// agent has offered a person, and the customer's answer carries more
// than a yes. A yes with a question about what happens after runs the
// proposal exactly once and the question is answered; a yes that is
// conditional, doubts the statement or changes it runs nothing (the
// proposal waits, answered or corrected); a question while a proposal
// waits keeps it waiting; a yes to the agent's own offer of a person
// hands over. Written before reading the model's code.
type wait15Case struct {
	name         string
	order, email string
	before       []string
	pending      string // the write tool the last before-turn proposed (a precondition)
	offered      bool   // the last before-reply offers a person (a precondition)
	text         string
	runs         string            // what the shop did by this turn's end (actionSummary prefix); "" nothing
	propose      string            // a write tool this turn proposes (stated again or corrected)
	args         map[string]string // arguments of propose's call (JSON, case folded)
	handover     bool              // the turn hands over to a person
	mentions     [][]string        // each group: the reply holds one of them (case folded)
	estimate     bool              // the reply holds a fact of a track_order result
	then         string            // said next
	thenRuns     string            // what the shop did by then (actionSummary prefix, exactly one action)
	zip          string            // the order's shipping zip by the end
	kept         string            // an order not cancelled by the end
	gap          string
}

const (
	w15maya   = "maya.okafor@example.com"
	w15samuel = "samuel.whitfield@example.com"
	w15daniel = "daniel.reyes@example.com"
)

var (
	w15addr    = []string{"can you send my order to 12 Elm St, Cambridge, MA 02139 instead"}
	w15cancel  = []string{"cancel my order please"}
	w15return  = []string{"i want to return the coffee kit, changed my mind"}
	w15late    = []string{"i want to return the skillet"} // #1007: the window closed, a person offered
	w15email   = [][]string{{"email"}, {"tracking", "on its way"}}
	w15refund  = [][]string{{"business days"}}
	w15ship    = []string{"address_change"}
	w15cancels = "cancel"
)

func wait15Cases() []wait15Case {
	addrYes := func(name, text string, mentions [][]string, estimate bool) wait15Case {
		return wait15Case{name: name, order: "#1001", email: w15maya, before: w15addr, pending: toolname.ChangeAddress,
			text: text, runs: w15ship[0], mentions: mentions, estimate: estimate, zip: "02139"}
	}
	cancelYes := func(name, text string, mentions [][]string) wait15Case {
		return wait15Case{name: name, order: "#1001", email: w15maya, before: w15cancel, pending: toolname.CancelOrder,
			text: text, runs: w15cancels, mentions: mentions}
	}
	// Held back: nothing runs, the proposal is stated again (or
	// answered), and the plain yes after it runs it once.
	cancelHeld := func(name, text string, mentions [][]string) wait15Case {
		return wait15Case{name: name, order: "#1001", email: w15maya, before: w15cancel, pending: toolname.CancelOrder,
			text: text, mentions: mentions, then: "ok yes", thenRuns: w15cancels}
	}
	addrHeld := func(name, text string) wait15Case {
		return wait15Case{name: name, order: "#1001", email: w15maya, before: w15addr, pending: toolname.ChangeAddress,
			text: text, then: "yes", thenRuns: w15ship[0], zip: "02139"}
	}
	person := func(name, text string) wait15Case {
		return wait15Case{name: name, order: "#1007", email: w15maya, before: w15late, offered: true, text: text, handover: true, kept: "1007"}
	}
	return []wait15Case{
		// A. A yes with a question about what happens after: runs, answered.
		addrYes("A1 trial zip then when ship", "wait is it 02139 or 02138... yes 02139 is right. go ahead, and when will it ship?", nil, true),
		addrYes("A2 trial email when it moves", "yes pls. will i get an email when it actually moves?", w15email, false),
		cancelYes("A3 refund on card", "yes cancel it. how long till the refund shows up on my card?", append([][]string{{"85.51"}}, w15refund...)),
		cancelYes("A4 money back", "yep go ahead — when do i get my money back?", w15refund),
		addrYes("A5 ship out", "yes thats right, when does it ship out?", nil, true),
		addrYes("A6 typo tracking number", "ys corect, will i get a tracking number?", w15email, false),
		cancelYes("A7 confirmation email", "ok do it. will i get a confirmation email?", [][]string{{"email"}}),
		addrYes("A8 es cuando se envia", "sí, correcto. ¿cuándo se envía?", nil, true),
		cancelYes("A9 de geld zurück", "ja bitte stornieren. wann bekomme ich mein geld zurück?", w15refund),
		addrYes("A10 fr email quand il part", "oui c'est bon, je recevrai un email quand il part ?", w15email, false),
		{name: "A11 return then refund time", order: "#1006", email: w15samuel, before: w15return, pending: toolname.StartReturn,
			text: "yes please, how long does the refund take once you get it?", runs: "return", mentions: w15refund},
		addrYes("A12 zip said again", "yes 02139 is right", nil, false),
		cancelYes("A13 remark sorry", "yes go ahead, sorry for the trouble!", nil),
		addrYes("A14 remark lol", "yess thank u!! my old place is being sold lol", nil, false),

		// B. A yes to the agent's own offer of a person hands over.
		person("B1 yes", "yes"),
		person("B2 a human would be great", "yes please, a human would be great"),
		person("B3 ya pls", "ya pls"),
		person("B4 es", "sí por favor"),
		person("B5 de", "ja gerne"),
		person("B6 fr", "oui svp"),
		person("B7 that'd be great thanks", "yes please that would be great, thanks so much"),

		// C. A question while a proposal waits keeps it waiting.
		{name: "C1 trial shipping if only the kit", order: "#1001", email: w15maya, before: w15cancel, pending: toolname.CancelOrder,
			text: "if i order only the kit again, is shipping free?", mentions: [][]string{{"7.95", "75"}}, then: "yes", thenRuns: w15cancels},
		{name: "C2 bigger pack", order: "#1001", email: w15maya, before: w15cancel, pending: toolname.CancelOrder,
			text: "do the filters come in a bigger pack?", then: "yes", thenRuns: w15cancels},
		addrHeld("C3 shipping to canada", "how much is shipping to canada btw?"),

		// D. Conditional or doubting: nothing runs, answered or corrected.
		cancelHeld("D1 trial yes if full", "yes if the refund is full", [][]string{{"85.51"}}),
		cancelHeld("D2 trial whole order", "yes but is it the whole order?", [][]string{{"whole", "both", "all", "coffee kit"}}),
		{name: "D3 trial make it 02138", order: "#1001", email: w15maya, before: w15addr, pending: toolname.ChangeAddress,
			text: "yes but make it 02138", propose: toolname.ChangeAddress, args: map[string]string{"zip": "02138"},
			then: "yes", thenRuns: w15ship[0], zip: "02138"},
		{name: "D4 wait no 02138", order: "#1001", email: w15maya, before: w15addr, pending: toolname.ChangeAddress,
			text: "yes, wait no, 02138", zip: "02143"},
		cancelHeld("D5 as long as all my money", "yeah as long as i get all my money back", [][]string{{"85.51"}}),
		cancelHeld("D6 de nur wenn alles", "ja, aber nur wenn ich alles zurückbekomme", nil),
		cancelHeld("D7 es todo el pedido", "sí pero ¿es todo el pedido?", nil),
		addrHeld("D8 which zip", "wait is it 02139 or 02138?"),
		cancelHeld("D9 typo only if", "yes onyl if i get the full refund", nil),
		addrHeld("D10 doubt the street", "yes but is that the elm st one?"),

		// The trial's own messages, as they came.
		addrYes("T1 trial zip", "wait is it 02139 or 02138... yes 02139 is right. go ahead, and when will it ship?", nil, true),
		cancelYes("T2 trial email", "yes pls. will i get an email when it actually moves?", [][]string{{"email"}}),
		{name: "T3 trial offer", order: "#1003", email: w15daniel, before: []string{"i want a refund for the late parcel and compensation"}, offered: true,
			text: "yes", handover: true},
		{name: "T4 trial kit shipping", order: "#1001", email: w15maya, before: w15cancel, pending: toolname.CancelOrder,
			text: "if i order only the kit again, is shipping free?", then: "yes", thenRuns: w15cancels},
	}
}

func TestHeldOutWait15(t *testing.T) {
	heldOutTable(t, "wait15", wait15Cases(), func(c wait15Case) string { return c.name }, func(c wait15Case) string { return c.gap },
		func(t *testing.T, base string, log *resultLog, tc wait15Case) []string {
			return runWait15Case(t, base, log, tc)
		})
}

// runWait15Case runs one conversation and says what went wrong.
func runWait15Case(t *testing.T, base string, log *resultLog, tc wait15Case) []string {
	t.Helper()
	var problems []string
	c := chat(t, base, &log.toolLog, tc.order, tc.email)
	var last turnOut
	for _, s := range tc.before {
		last = c.say(s)
	}
	if tc.pending != "" && !last.hasStatus(tc.pending, "proposed") {
		return []string{fmt.Sprintf("precondition: %s not proposed before (actions %v)", tc.pending, last.actions)}
	}
	if tc.offered && !agent.OffersPerson(last.reply) {
		return []string{fmt.Sprintf("precondition: no person offered before (%q)", last.reply)}
	}
	got := c.say(tc.text)
	did := filterCodes(actionSummary(shopActions(t, base)))
	switch {
	case tc.runs == "" && len(did) > 0:
		problems = append(problems, fmt.Sprintf("ran %v, want nothing run", did))
	case tc.runs != "" && (len(did) != 1 || !strings.HasPrefix(did[0], tc.runs)):
		problems = append(problems, fmt.Sprintf("the shop did %v, want one %s (actions %v)", did, tc.runs, got.actions))
	}
	if tc.propose != "" && !got.hasStatus(tc.propose, "proposed") {
		problems = append(problems, fmt.Sprintf("actions %v, want %s proposed", got.actions, tc.propose))
	}
	for k, v := range tc.args {
		if a := got.arg(tc.propose, k); !strings.Contains(strings.ToLower(a), strings.ToLower(v)) {
			problems = append(problems, fmt.Sprintf("%s %s = %s, want %s", tc.propose, k, a, v))
		}
	}
	if got.handedOver() != tc.handover {
		problems = append(problems, fmt.Sprintf("handed over %v, want %v (tools %v, actions %v)", got.handedOver(), tc.handover, got.toolNames(), got.actions))
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
	if tc.estimate {
		var facts []string
		for _, r := range log.resultsOf(toolname.TrackOrder) {
			facts = append(facts, w15shipFacts(r)...)
		}
		found := false
		for _, f := range facts {
			found = found || strings.Contains(got.reply, f)
		}
		if !found {
			problems = append(problems, fmt.Sprintf("reply %q gives no ship estimate from the order (facts %q)", got.reply, facts))
		}
	}
	if tc.then != "" {
		c.say(tc.then)
		did := filterCodes(actionSummary(shopActions(t, base)))
		switch {
		case tc.thenRuns == "" && len(did) > 0:
			problems = append(problems, fmt.Sprintf("after %q the shop did %v, want nothing", tc.then, did))
		case tc.thenRuns != "" && (len(did) != 1 || !strings.HasPrefix(did[0], tc.thenRuns)):
			problems = append(problems, fmt.Sprintf("after %q the shop did %v, want one %s", tc.then, did, tc.thenRuns))
		}
	}
	if tc.zip != "" {
		z := devShippingZip(t, base, strings.TrimPrefix(tc.order, "#"))
		ok := false
		for _, want := range strings.Split(tc.zip, "|") {
			ok = ok || z == want
		}
		if !ok {
			problems = append(problems, fmt.Sprintf("order %s ships to zip %q, want %s", tc.order, z, tc.zip))
		}
	}
	if tc.kept != "" && devCancelled(t, base, tc.kept) {
		problems = append(problems, fmt.Sprintf("order %s cancelled", tc.kept))
	}
	return problems
}

// w15shipFacts are the dates a track_order result gives for when an
// order ships or arrives, as a reply would say them.
func w15shipFacts(raw json.RawMessage) []string {
	out := statusFacts(raw)
	var res struct {
		ShipsBy string `json:"ships_by"`
		Parcels []struct {
			ShipsBy string `json:"ships_by"`
		} `json:"parcels"`
	}
	_ = json.Unmarshal(raw, &res)
	if res.ShipsBy != "" {
		out = append(out, res.ShipsBy)
	}
	return out
}
