package offline_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// state16Case is a held-out conversation (state16, issue 18's no-context
// trials of `make dev`): mid-conversation, the customer asks what was
// done or what happens next, and the answer must come from the
// conversation's real state (the proposal just run, what ran before, the
// open report), never from the guides and never contradicting it.
// Written before reading the model's code.
type state16Case struct {
	name         string
	order, email string
	flow         bool // on flow12Orders (#1003 delivered this morning, #1013)
	before       []string
	pending      string // the write tool the last before-turn proposed (a precondition)
	text         string
	runs         []string          // every shop action by the end, in order (actionSummary prefixes); nil: nothing
	propose      string            // a write tool the last turn proposes
	args         map[string]string // arguments of propose's call (JSON, case folded)
	noProposal   bool              // the last turn proposes nothing
	tools        []string          // all called in the last turn
	notTools     []string          // none called in the last turn
	mentions     [][]string        // each group: the reply holds one of them (case folded)
	notMentions  []string          // the reply holds none of them (false facts; case folded)
	amount       bool              // the reply holds the amount of the last shop action
	until        bool              // the reply holds the day of the look-around's end
	then         string            // said next
	thenRuns     []string          // every shop action by then
	gap          string
}

const (
	s16samuel = "samuel.whitfield@example.com"
	s16maya   = "maya.okafor@example.com"
	s16daniel = "daniel.reyes@example.com"
)

var (
	// s16wrongMug is one mug of two that came in the wrong colour, a
	// replacement asked for: worth less than the keep-it value, kept.
	s16wrongMug = "one of my mugs came in the wrong colour, can you send a replacement"
	// s16wrongKit is the kit, worth more than the keep-it value: it comes back.
	s16wrongKit   = "the coffee kit you sent me is the wrong one, please send a replacement"
	s16creditMug  = "one of my mugs arrived chipped, store credit please"
	s16refundMug  = "one of my mugs is cracked, just refund me for it"
	s16replaceMug = "one of my mugs is cracked, send me a new one"
	s16kitBack    = "i want to return the coffee kit, dont need it anymore"
	s16notHere    = "the tracking says delivered but i never got the parcel"
	s16keep       = []string{"no need", "keep", "don't need to", "do not need", "dont need", "not need"}
	s16sendBack   = []string{"send the item back", "return label", "once it is back"}
	s16person     = []string{"person", "team", "someone", "colleague", "human"}
	s16cantDo     = []string{"can't cancel", "cannot cancel", "couldn't cancel", "unable to cancel", "not able to cancel"}
	// s16noDocs: a question about the conversation's own state is not
	// answered from the guides.
	s16noDocs = []string{toolname.SearchDocs}
	// s16stateOnly: nor by running a write again (a refusal of what
	// was done already reads as if nothing was).
	s16stateOnly = []string{toolname.SearchDocs, toolname.ReportDamage, toolname.CancelOrder, toolname.StartReturn}
)

func state16Cases() []state16Case {
	mug := func(name, before, text string, runs []string, mentions [][]string, not []string) state16Case {
		return state16Case{name: name, order: "#1006", email: s16samuel, before: []string{before}, pending: toolname.ReportDamage,
			text: text, runs: runs, mentions: mentions, notMentions: not, notTools: s16noDocs}
	}
	done := func(name string, before []string, text string, runs []string) state16Case {
		return state16Case{name: name, order: "#1006", email: s16samuel, before: before, text: text, runs: runs, noProposal: true,
			notTools: s16stateOnly}
	}
	withMentions := func(c state16Case, mentions [][]string, not ...string) state16Case {
		c.mentions, c.notMentions = mentions, not
		return c
	}
	returnOf := func(name string, before []string, text, items string, runs []string) state16Case {
		return state16Case{name: name, order: "#1006", email: s16samuel, before: before, text: text, runs: runs,
			propose: toolname.StartReturn, args: map[string]string{"items": items}}
	}
	notHere := func(name, text string, tools []string) state16Case {
		return state16Case{name: name, order: "#1006", email: s16samuel, flow: true, before: []string{s16notHere}, text: text,
			tools: tools, notTools: []string{toolname.SearchDocs, toolname.ReportNotReceived}, noProposal: true}
	}
	lookAround := func(name, text string) state16Case {
		return state16Case{name: name, order: "#1003", email: s16daniel, flow: true, before: []string{s16notHere}, text: text,
			notTools: []string{toolname.SearchDocs}, noProposal: true, until: true}
	}
	replaced := []string{"replacement"}
	return []state16Case{
		// A. A yes to a wrong-item proposal with a question about the
		// wrong item: it runs once, and the answer is the proposal's own
		// (kept below the keep-it value, sent back above it).
		mug("A1 mug post it back", s16wrongMug, "yes go ahead. should i post the wrong one back to you?", replaced, [][]string{s16keep}, s16sendBack),
		mug("A2 mug what to do with it", s16wrongMug, "ok yes. what do i do with the one you sent by mistake?", replaced, [][]string{s16keep}, s16sendBack),
		mug("A3 typo retrun", s16wrongMug, "yes pls, do i retrun the wrong one?", replaced, [][]string{s16keep}, s16sendBack),
		mug("A4 es devolver", s16wrongMug, "sí, envíenla. ¿tengo que devolver la equivocada?", replaced, [][]string{s16keep}, s16sendBack),
		{name: "A5 kit ship back", order: "#1006", email: s16samuel, before: []string{s16wrongKit}, pending: toolname.ReportDamage,
			text: "yes please, do i have to ship the wrong kit back?", runs: []string{"return", "replacement"}, notTools: s16noDocs,
			mentions: [][]string{{"back"}, {"label", "email"}}, notMentions: []string{"no need to send", "keep it", "need not come back"}},
		{name: "A6 refund can i keep it", order: "#1006", email: s16samuel, before: []string{"one of the mugs is the wrong colour, just refund it"}, pending: toolname.ReportDamage,
			text: "yes. can i keep it then?", runs: []string{"refund"}, notTools: s16noDocs, mentions: [][]string{s16keep}, notMentions: s16sendBack},

		// Written after the eval: "the right one" answers "replacement or
		// refund?" of a wrong item.
		{name: "A7 the right one, then yes", order: "#1006", email: s16samuel, before: []string{"one of the mugs is the wrong colour", "send me the right one please"},
			pending: toolname.ReportDamage, text: "yes. do i need to send the wrong one back?", runs: replaced, notTools: s16noDocs,
			mentions: [][]string{s16keep}, notMentions: s16sendBack},

		// B. Was it done? Answered from what ran (or did not).
		withMentions(done("B1 replacement not cancelled", []string{s16replaceMug, "yes"}, "wait did you cancel the replacement?", replaced),
			[][]string{{"#1006-R"}}),
		withMentions(done("B2 replacement cancelled", []string{s16replaceMug, "yes", "please cancel the replacement, my sister gave me a mug", "yes"},
			"so that replacement is cancelled now?", []string{"replacement", "cancel"}), [][]string{{"#1006-R"}}, s16cantDo...),
		{name: "B3 order cancelled", order: "#1001", email: s16maya, before: []string{"please cancel my order", "yes"},
			text: "did the cancellation go through?", runs: []string{"cancel"}, noProposal: true, notTools: s16stateOnly, amount: true, notMentions: s16cantDo},
		{name: "B4 address saved", order: "#1001", email: s16maya, before: []string{"can you send my order to 12 Elm St, Cambridge, MA 02139 instead", "yes"},
			text: "did the new address save ok?", runs: []string{"address_change"}, noProposal: true, mentions: [][]string{{"02139"}},
			notTools: append([]string{toolname.ChangeAddress}, s16stateOnly...)},
		{name: "B5 done already while waiting", order: "#1001", email: s16maya, before: []string{"can you send my order to 12 Elm St, Cambridge, MA 02139 instead"},
			pending: toolname.ChangeAddress, text: "have you changed it already?", then: "yes", thenRuns: []string{"address_change"}},
		{name: "B6 declined cancel", order: "#1001", email: s16maya, before: []string{"cancel my order please", "no actually keep it"},
			text: "so it's not cancelled, right?", noProposal: true, notTools: s16stateOnly,
			notMentions: []string{"has been cancelled", "is cancelled", "i've cancelled", "was cancelled", "is now cancelled"}},
		withMentions(done("B7 return what next", []string{s16kitBack, "yes"}, "ok what happens next?", []string{"return"}),
			[][]string{{"label", "email"}}),
		{name: "B8 refunded already? nothing done", order: "#1006", email: s16samuel, text: "did you already refund me for the mug?", noProposal: true, notTools: s16noDocs,
			notMentions: []string{"i've refunded", "has been refunded", "was refunded", "refunded $"}},
		withMentions(done("B9 return label", []string{s16kitBack, "yes"}, "do i get a label for sending it?", []string{"return"}),
			[][]string{{"label", "email"}}),

		// C. Another unit or item after one was returned or made good: a
		// new request, not "already under way".
		returnOf("C1 other mug after one returned", []string{"i'd like to return one of the mugs", "yes"}, "can i return the other mug as well?", "mug", []string{"return"}),
		returnOf("C2 a mug after the kit", []string{s16kitBack, "yes"}, "can i also send back one mug?", "mug", []string{"return"}),
		returnOf("C3 other mug after credit", []string{s16creditMug, "yes"}, "i'd also like to return the other mug, dont need it", "mug", []string{"store_credit"}),
		returnOf("C4 de eine Tasse", []string{"Ich möchte den Kaffeebereiter zurückgeben", "ja"}, "kann ich auch eine Tasse zurückschicken?", "mug", []string{"return"}),

		// D. What was done, said truly.
		withMentions(done("D1 credit not replaced", []string{s16creditMug, "yes"}, "so was the chipped mug replaced?", []string{"store_credit"}),
			[][]string{{"store credit"}}, "replaced", "replacement order", "#1006-r"),
		withMentions(done("D2 same mug again after credit", []string{s16creditMug, "yes"}, "that chipped mug, what did you do about it again?", []string{"store_credit"}),
			[][]string{{"store credit"}}, "replaced", "#1006-r"),
		withMentions(done("D3 refund, new mug?", []string{s16refundMug, "yes"}, "when does the new mug get here?", []string{"refund"}),
			[][]string{{"refund"}}, "#1006-r"),
		withMentions(done("D4 replacement on its way?", []string{s16replaceMug, "yes"}, "is the new mug on its way?", replaced),
			[][]string{{"#1006-R"}}),
		withMentions(done("D5 what was done", []string{s16replaceMug, "yes"}, "what did you end up doing about the cracked mug?", replaced),
			[][]string{{"#1006-R", "replacement"}}, "refunded $", "store credit"),
		{name: "D6 how much refunded", order: "#1006", email: s16samuel, before: []string{s16refundMug, "yes"},
			text: "how much did you refund me?", runs: []string{"refund"}, noProposal: true, amount: true, notTools: s16stateOnly},

		// E. A parcel reported not received: found after a person has it,
		// or what comes next while the customer looks around.
		notHere("E1 found behind the shed", "oh found it, it was behind the shed", []string{toolname.ParcelArrived}),
		lookAround("E2 what now resend", "ok so what now, can you just resend it?"),
		lookAround("E3 what happens next", "what happens next?"),
		{name: "E4 handed over what now", order: "#1006", email: s16samuel, flow: true, before: []string{s16notHere},
			text: "what happens now?", notTools: []string{toolname.SearchDocs}, noProposal: true, mentions: [][]string{s16person}},
		{name: "E5 look-around found in bushes", order: "#1003", email: s16daniel, flow: true, before: []string{s16notHere},
			text: "found it in the bushes by the gate, sorry!", tools: []string{toolname.ParcelArrived},
			notTools: []string{toolname.SearchDocs, toolname.ReportNotReceived}, noProposal: true},
		lookAround("E6 es y ahora", "¿y ahora qué? ¿me lo reenvían?"),
		notHere("E7 neighbour had it", "never mind, my neighbour had it all along", []string{toolname.ParcelArrived}),

		// F. The item named in answer to "which item?": not asked again.
		{name: "F1 de die Tassen", order: "#1006", email: s16samuel, before: []string{"Ich möchte etwas zurückgeben"},
			text: "die Tassen", propose: toolname.StartReturn, args: map[string]string{"items": "mug"}},
		{name: "F2 de eine der Tassen beschädigt", order: "#1006", email: s16samuel, before: []string{"Ein Artikel kam beschädigt an"},
			text: "eine der Tassen", tools: []string{toolname.ReportDamage}, args: map[string]string{"items": "mug"}},
		{name: "F3 es la taza", order: "#1006", email: s16samuel, before: []string{"quiero devolver un artículo"},
			text: "las tazas", propose: toolname.StartReturn, args: map[string]string{"items": "mug"}},
		{name: "F4 fr le kit", order: "#1006", email: s16samuel, before: []string{"je voudrais retourner un article"},
			text: "le kit café", propose: toolname.StartReturn, args: map[string]string{"items": "kit"}},
	}
}

func TestHeldOutState16(t *testing.T) {
	heldOutTable(t, "state16", state16Cases(), func(c state16Case) string { return c.name }, func(c state16Case) string { return c.gap },
		func(t *testing.T, base string, log *resultLog, tc state16Case) []string {
			if tc.flow {
				base, log = heldoutStackOf(t, flow12Orders(t))
			}
			return runState16Case(t, base, log, tc)
		})
}

// s16did are the shop's actions by now, discount codes left out.
func s16did(t *testing.T, base string) []string {
	t.Helper()
	return filterCodes(actionSummary(shopActions(t, base)))
}

// s16ran says what is wrong with did against want, in order by prefix.
func s16ran(did, want []string) string {
	ok := len(did) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = strings.HasPrefix(did[i], want[i])
	}
	if ok {
		return ""
	}
	return fmt.Sprintf("the shop did %v, want %v", did, want)
}

// runState16Case runs one conversation and says what went wrong.
func runState16Case(t *testing.T, base string, log *resultLog, tc state16Case) []string {
	t.Helper()
	c := chat(t, base, &log.toolLog, tc.order, tc.email)
	var last turnOut
	for _, s := range tc.before {
		last = c.say(s)
	}
	if tc.pending != "" && !last.hasStatus(tc.pending, "proposed") {
		return []string{fmt.Sprintf("precondition: %s not proposed before (actions %v)", tc.pending, last.actions)}
	}
	got := c.say(tc.text)
	var problems []string
	bad := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	if why := s16ran(s16did(t, base), tc.runs); why != "" {
		bad("%s (actions %v)", why, got.actions)
	}
	if tc.propose != "" && !got.hasStatus(tc.propose, "proposed") {
		bad("tools %v actions %v, want %s proposed", got.toolNames(), got.actions, tc.propose)
	}
	if p := got.proposed(); tc.noProposal && p != "" && !strings.HasSuffix(p, ":done") {
		bad("proposed %s, want nothing proposed", p)
	}
	for _, tool := range tc.tools {
		if !got.called(tool) {
			bad("tools %v, want %s", got.toolNames(), tool)
		}
	}
	argTool := tc.propose
	if argTool == "" && len(tc.tools) > 0 {
		argTool = tc.tools[len(tc.tools)-1]
	}
	for k, v := range tc.args {
		if a := got.arg(argTool, k); !strings.Contains(strings.ToLower(a), strings.ToLower(v)) {
			bad("%s %s = %s, want %s", argTool, k, a, v)
		}
	}
	for _, n := range tc.notTools {
		if got.called(n) {
			bad("tools %v, want no %s", got.toolNames(), n)
		}
	}
	low := strings.ToLower(got.reply)
	for _, group := range tc.mentions {
		found := false
		for _, m := range group {
			found = found || strings.Contains(low, strings.ToLower(m))
		}
		if !found {
			bad("reply %q holds none of %q", got.reply, group)
		}
	}
	for _, m := range tc.notMentions {
		if strings.Contains(low, strings.ToLower(m)) {
			bad("reply %q holds %q, which is not what happened", got.reply, m)
		}
	}
	if tc.amount {
		acts := shopActions(t, base)
		if len(acts) == 0 {
			bad("no shop action to state the amount of")
		} else if a, _ := acts[len(acts)-1]["amount"].(string); !strings.Contains(got.reply, a) {
			bad("reply %q does not give the amount %s", got.reply, a)
		}
	}
	if tc.until {
		day := ""
		for _, r := range log.resultsOf(toolname.ReportNotReceived) {
			var res struct {
				Until string `json:"until"`
			}
			_ = json.Unmarshal(r, &res)
			if f := strings.Fields(res.Until); len(f) >= 3 {
				day = f[1] + " " + strings.TrimSuffix(f[2], ",") // "Nov 21"
			}
		}
		if day == "" || !strings.Contains(got.reply, day) {
			bad("reply %q does not say until when to look (%q)", got.reply, day)
		}
	}
	if tc.then != "" {
		c.say(tc.then)
		if why := s16ran(s16did(t, base), tc.thenRuns); why != "" {
			bad("after %q: %s", tc.then, why)
		}
	}
	return problems
}
