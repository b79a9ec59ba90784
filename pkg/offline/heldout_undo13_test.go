package offline_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// undoCase is a held-out conversation (undo13, issue 18's new-user
// trial): the customer takes back a resolution the agent already
// arranged, or asks about one, naming it by what it is ("the
// replacement", "that return"), not by its order number. Written before
// reading the model's code.
type undoCase struct {
	name         string
	order, email string
	before       []string
	done         string // a write tool the before-turns ran (a precondition)
	text         string
	tool         string   // a tool this turn calls ("a|b": either)
	noTools      []string // tools this turn must not call
	propose      string   // a write tool this turn proposes
	on           string   // the order propose is about
	notOn        string   // an order no proposal of this turn is about
	notProposed  []string // write tools this turn must not propose
	mentions     [][]string
	then         string // said next
	thenDone     string // the write tool done by then
	cancelled    string // an order cancelled by the end (GET /dev/orders)
	kept         string // an order not cancelled by the end
	gap          string
}

func TestHeldOutUndo13(t *testing.T) {
	const samuel = "samuel.whitfield@example.com"
	const daniel = "daniel.reyes@example.com"
	replaced := []string{"one of the mugs arrived cracked", "a replacement please", "yes"}
	refunded := []string{"one of the mugs arrived cracked", "refund please", "yes"}
	returned := []string{"i'd like to return the coffee kit, changed my mind", "yes"}
	cant := []string{"can't", "cannot", "can not", "not able", "unable", "isn't something", "no way to"}
	person := []string{"team", "person", "colleague", "someone"}
	// Cancel the replacement: a proposal to cancel the replacement order,
	// named as such; a yes cancels it and leaves the original alone.
	cancelRepl := func(name, text string) undoCase {
		return undoCase{name: name, order: "#1006", email: samuel, before: replaced, done: toolname.ReportDamage, text: text,
			propose: toolname.CancelOrder, on: "#1006-R", notOn: "#1006", mentions: [][]string{{"#1006-R"}, {"replacement"}},
			then: "yes", thenDone: toolname.CancelOrder, cancelled: "1006-R", kept: "1006"}
	}
	// Cancel the return: never read as cancelling the order; said
	// honestly that it can't be withdrawn here, a person offered.
	keepIt := func(name, text string) undoCase {
		return undoCase{name: name, order: "#1006", email: samuel, before: returned, done: toolname.StartReturn, text: text,
			notProposed: writeTools, noTools: []string{toolname.CancelOrder, toolname.SearchDocs},
			mentions: [][]string{{"return"}, append(append([]string{}, cant...), person...)}, kept: "1006"}
	}
	cases := []undoCase{
		cancelRepl("found the other mug", "found the other mug, pls cancel the replacement"),
		cancelRepl("stop it or not", "can you stop the replacement or not"),
		cancelRepl("dont send the new one", "nvm dont send the new one, i found it"),
		cancelRepl("the one you're sending", "please cancel the one you're sending"),
		cancelRepl("typos", "plz cancle the replacment, the mug turned up"),
		cancelRepl("call it off", "actually I don't need the replacement mug anymore, call it off"),
		cancelRepl("no need anymore", "no need for the replacement anymore, can you cancel it"),
		cancelRepl("hold the replacement order", "hold the replacement order, don't ship it"),
		cancelRepl("es cancela el reemplazo", "ya no necesito el reemplazo, cancélalo por favor"),
		cancelRepl("de Ersatz stornieren", "Bitte den Ersatz stornieren, ich habe die Tasse gefunden"),
		cancelRepl("fr annulez le remplacement", "annulez le remplacement s'il vous plaît, j'ai retrouvé la tasse"),

		keepIt("keep the kit cancel that return", "keep the kit, cancel that return"),
		keepIt("keep it after all", "actually i'll keep it after all"),
		keepIt("dont want to return anymore", "dont want to return it anymore"),
		keepIt("undo the return", "can i undo the return? changed my mind"),
		keepIt("typos", "pls cancle the retrun, im keeping it"),
		keepIt("es cancela la devolución", "ya no quiero devolver el kit, cancela la devolución"),
		keepIt("de Rücksendung stornieren", "Ich möchte die Rücksendung stornieren, ich behalte es"),
		keepIt("fr annulez le retour", "finalement je garde le kit, annulez le retour"),

		// What was done, asked about: answered from it, not the docs.
		{name: "replacement on its way", order: "#1006", email: samuel, before: replaced, done: toolname.ReportDamage,
			text: "is the replacement on its way?", noTools: []string{toolname.SearchDocs}, notProposed: writeTools, mentions: [][]string{{"#1006-R"}}},
		{name: "did the mug go through", order: "#1006", email: samuel, before: replaced, done: toolname.ReportDamage,
			text: "wait did the mug go through?", noTools: []string{toolname.SearchDocs}, notProposed: writeTools, mentions: [][]string{{"#1006-R", "replacement"}}},
		{name: "de Ersatz unterwegs", order: "#1006", email: samuel, before: replaced, done: toolname.ReportDamage,
			text: "ist der Ersatz schon unterwegs?", noTools: []string{toolname.SearchDocs}, notProposed: writeTools, mentions: [][]string{{"#1006-R"}}},
		{name: "did you do the refund", order: "#1006", email: samuel, before: refunded, done: toolname.ReportDamage,
			text: "did you do the refund?", noTools: []string{toolname.SearchDocs}, notProposed: writeTools, mentions: [][]string{{"25.68"}}},
		{name: "fr le remboursement", order: "#1006", email: samuel, before: refunded, done: toolname.ReportDamage,
			text: "le remboursement est fait ?", noTools: []string{toolname.SearchDocs}, notProposed: writeTools, mentions: [][]string{{"25.68"}}},
		{name: "did the return go through", order: "#1006", email: samuel, before: returned, done: toolname.StartReturn,
			text: "did the return go thru?", noTools: []string{toolname.SearchDocs}, notProposed: writeTools, mentions: [][]string{{"kit"}, {"started", "set up", "under way", "underway", "requested"}}},
		{name: "did the candle go through", order: "#1003", email: daniel, before: []string{"where is my package? its taking ages", "hmm let me think"},
			text: "wait did the candle go through?", noTools: []string{toolname.SearchDocs}, notProposed: writeTools, mentions: [][]string{{"#1003"}}},
		{name: "candle replacement now", order: "#1003", email: daniel, before: []string{"where is my package? its taking ages", "yes"}, done: toolname.FollowUp,
			text: "and the candle replacement, can you do that now?", tool: toolname.FollowUp, noTools: []string{toolname.SearchDocs}},
	}
	heldOutTable(t, "undo13", cases, func(c undoCase) string { return c.name }, func(c undoCase) string { return c.gap },
		func(t *testing.T, base string, log *resultLog, tc undoCase) []string {
			return runUndoCase(t, base, log, tc)
		})
}

// runUndoCase runs one conversation and says what went wrong.
func runUndoCase(t *testing.T, base string, log *resultLog, tc undoCase) []string {
	t.Helper()
	var problems []string
	c := chat(t, base, &log.toolLog, tc.order, tc.email)
	ran := false
	for _, s := range tc.before {
		ran = c.say(s).hasStatus(tc.done, "done") || ran
	}
	if tc.done != "" && !ran {
		problems = append(problems, fmt.Sprintf("precondition: %s never done before", tc.done))
	}
	got := c.say(tc.text)
	if tc.tool != "" {
		called := false
		for _, tool := range strings.Split(tc.tool, "|") {
			called = called || got.called(tool) || got.status(tool) != ""
		}
		if !called {
			problems = append(problems, fmt.Sprintf("tools %v, want %s", got.toolNames(), tc.tool))
		}
	}
	for _, n := range tc.noTools {
		if got.called(n) {
			problems = append(problems, fmt.Sprintf("called %s (tools %v)", n, got.toolNames()))
		}
	}
	if r := got.ranWrite(); r != "" {
		problems = append(problems, fmt.Sprintf("ran %s without a yes (actions %v)", r, got.actions))
	}
	if tc.propose != "" && !got.hasStatus(tc.propose, "proposed") {
		problems = append(problems, fmt.Sprintf("actions %v, want %s proposed", got.actions, tc.propose))
	}
	for _, a := range got.actions {
		if a["status"] != "proposed" {
			continue
		}
		if tc.on != "" && a["tool"] == tc.propose && a["order"] != tc.on {
			problems = append(problems, fmt.Sprintf("%s proposed on %v, want %s", tc.propose, a["order"], tc.on))
		}
		if tc.notOn != "" && a["order"] == tc.notOn {
			problems = append(problems, fmt.Sprintf("%v proposed on %s", a["tool"], tc.notOn))
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
	if tc.thenDone != "" {
		done := false
		if tc.then != "" && len(problems) == 0 {
			next := c.say(tc.then)
			done = next.hasStatus(tc.thenDone, "done")
		}
		if !done {
			problems = append(problems, fmt.Sprintf("%s never done", tc.thenDone))
		}
	}
	if tc.cancelled != "" && !devCancelled(t, base, tc.cancelled) {
		problems = append(problems, fmt.Sprintf("order %s not cancelled", tc.cancelled))
	}
	if tc.kept != "" && devCancelled(t, base, tc.kept) {
		problems = append(problems, fmt.Sprintf("order %s cancelled", tc.kept))
	}
	return problems
}

// devCancelled reports whether the demo shop's order name is cancelled.
func devCancelled(t *testing.T, base, name string) bool {
	t.Helper()
	resp, err := http.Get(base + "/dev/orders/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Order struct {
			CancelledAt *string `json:"cancelled_at"`
		} `json:"order"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("GET /dev/orders/%s: %v", name, err)
	}
	return out.Order.CancelledAt != nil
}
