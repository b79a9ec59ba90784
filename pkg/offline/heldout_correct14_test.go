package offline_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// correctCase is a held-out conversation (correct14, issue 18's
// new-user trial of `make dev`): a proposal waits for the customer's yes
// and the next message corrects it ("actually X instead", "only the A",
// "not the B", "make it a refund", "to my work address instead") or
// drops it ("don't, keep it as is"). The correction runs nothing, and
// what waits afterwards is a new proposal with exactly the corrected
// action, lines and amount (or nothing, said so); the yes after it runs
// that and only that. Written before reading the model's code.
type correctCase struct {
	name         string
	order, email string
	wait         string // the clock moved before the chat opens
	before       []string
	pending      string // the write tool the last before-turn proposed (a precondition)
	text         string
	propose      string            // the write tool this turn proposes
	args         map[string]string // arguments of propose's call (JSON, case folded)
	notProposed  []string          // write tools this turn must not propose
	none         bool              // nothing waits after this turn
	mentions     [][]string        // each group: the reply holds one of them (case folded)
	yes          []string          // what the shop did after a "yes" said next (actionSummary)
	zip          string            // the order's shipping zip by the end
	kept         string            // an order not cancelled by the end
	gap          string
}

func TestHeldOutCorrect14(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"
		daniel = "daniel.reyes@example.com"
		tom    = "tom.becker@example.com"
		samuel = "samuel.whitfield@example.com"
	)
	cant := []string{"can't", "cannot", "can not", "not able", "unable", "isn't something", "only cancel", "whole order", "entire order"}
	var (
		replaceMug  = []string{"one of the mugs came chipped", "a replacement please"}
		refundMug   = []string{"the mug arrived cracked", "refund please"}
		returnMugs  = []string{"i want to return both mugs"}
		returnAll   = []string{"I'd like to return everything please"}
		cancel1001  = []string{"cancel my order please"}
		addr1001    = []string{"please ship it to 42 Elm Street, Portland, OR 97201 instead"}
		refundLate  = []string{"my parcel still hasnt come, can i get a refund"}
		replaceLate = []string{"my order never arrived", "send a replacement"}
		promise     = []string{"where is my package? its taking ages"}
		swapMug     = []string{"can i swap a mug for the charcoal one"}
		creditTwo   = []string{"the coffee kit and a mug arrived broken", "store credit"}
	)
	dmg := func(name, text, resolution string, yes ...string) correctCase {
		return correctCase{name: name, order: "#1006", email: samuel, before: replaceMug, pending: toolname.ReportDamage, text: text,
			propose: toolname.ReportDamage, args: map[string]string{"resolution": resolution}, yes: yes}
	}
	cases := []correctCase{
		// A damage report's remedy changed.
		dmg("money back not a new one", "hmm wait actually id rather have the money back, not a new one", "refund",
			"refund Harbor Stoneware Mug×1"),
		dmg("store credit instead", "on second thought store credit instead pls", "store_credit", "store_credit"),
		dmg("es reembolso en vez de otra", "mejor el reembolso en vez de otra taza", "refund", "refund Harbor Stoneware Mug×1"),
		dmg("yes but refund instead", "ok yes but refund it instead, dont send another", "refund", "refund Harbor Stoneware Mug×1"),
		{name: "new mug instead of refund", order: "#1006", email: samuel, before: refundMug, pending: toolname.ReportDamage,
			text: "actualy no send me a new mug instead, i like the set", propose: toolname.ReportDamage,
			args: map[string]string{"resolution": "replacement"}, yes: []string{"replacement Harbor Stoneware Mug×1"}},
		{name: "both mugs cracked not one", order: "#1006", email: samuel, before: refundMug, pending: toolname.ReportDamage,
			text: "wait, both mugs are cracked actually, not just the one", propose: toolname.ReportDamage,
			args: map[string]string{"resolution": "refund"}, mentions: [][]string{{"51.36"}}, yes: []string{"return Harbor Stoneware Mug×2"}}, // two mugs are above the keep-it value: they come back
		{name: "de lieber Ersatz", order: "#1006", email: samuel, before: refundMug, pending: toolname.ReportDamage,
			text: "doch lieber Ersatz statt Geld zurück", propose: toolname.ReportDamage,
			args: map[string]string{"resolution": "replacement"}, yes: []string{"replacement Harbor Stoneware Mug×1"}},
		{name: "only the kit is broken", order: "#1006", email: samuel, before: creditTwo, pending: toolname.ReportDamage,
			text: "sorry my bad, only the kit is broken, the mug is fine", propose: toolname.ReportDamage,
			args: map[string]string{"resolution": "store_credit"}, mentions: [][]string{{"68.48"}},
			yes: []string{"return Pour-Over Coffee Kit×1", "store_credit"}},

		// A return's lines or refund changed, or the return dropped.
		{name: "just one of them", order: "#1006", email: samuel, before: returnMugs, pending: toolname.StartReturn,
			text: "just one of them actually, we're keeping the other", propose: toolname.StartReturn,
			mentions: [][]string{{"25.68"}}, yes: []string{"return Harbor Stoneware Mug×1"}},
		{name: "not the mugs the kit", order: "#1006", email: samuel, before: returnMugs, pending: toolname.StartReturn,
			text: "not the mugs sorry, i meant the coffee kit", propose: toolname.StartReturn,
			yes: []string{"return Pour-Over Coffee Kit×1"}},
		{name: "store credit not refund", order: "#1006", email: samuel, before: returnMugs, pending: toolname.StartReturn,
			text: "oh can it be store credit instead of a refund", propose: toolname.StartReturn,
			args: map[string]string{"resolution": "store_credit"}, yes: []string{"return Harbor Stoneware Mug×2", "store_credit"}},
		{name: "fr une seule tasse", order: "#1006", email: samuel, before: returnMugs, pending: toolname.StartReturn,
			text: "finalement une seule tasse, pas les deux", propose: toolname.StartReturn,
			yes: []string{"return Harbor Stoneware Mug×1"}},
		{name: "forget it keep them", order: "#1006", email: samuel, before: returnMugs, pending: toolname.StartReturn,
			text: "actually forget it, ill keep them", none: true, mentions: [][]string{{"return"}}},
		{name: "only the kit, mugs stay", order: "#1006", email: samuel, before: returnAll, pending: toolname.StartReturn,
			text: "only the kit actualy, the mugs can stay", propose: toolname.StartReturn,
			yes: []string{"return Pour-Over Coffee Kit×1"}},
		{name: "keep one of the mugs", order: "#1006", email: samuel, before: returnAll, pending: toolname.StartReturn,
			text: "hmm no keep one of the mugs, send back the rest", propose: toolname.StartReturn,
			yes: []string{"return Pour-Over Coffee Kit×1 Harbor Stoneware Mug×1"}},

		// A cancellation dropped or turned into something else.
		{name: "dont cancel leave it", order: "#1001", email: maya, before: cancel1001, pending: toolname.CancelOrder,
			text: "hmm ok then dont cancel it, leave it as it is", none: true, mentions: [][]string{{"#1001"}}, kept: "1001"},
		{name: "es no lo canceles", order: "#1001", email: maya, before: cancel1001, pending: toolname.CancelOrder,
			text: "mejor no lo canceles, me lo quedo", none: true, mentions: [][]string{{"#1001"}}, kept: "1001"},
		{name: "address instead of cancelling", order: "#1001", email: maya, before: cancel1001, pending: toolname.CancelOrder,
			text: "nah actually just send it to 300 Pine St, Seattle, WA 98101 instead of cancelling", propose: toolname.ChangeAddress,
			args: map[string]string{"zip": "98101"}, notProposed: []string{toolname.CancelOrder}, yes: []string{"address_change"},
			zip: "98101", kept: "1001"},
		{name: "only cancel the filters", order: "#1001", email: maya, before: cancel1001, pending: toolname.CancelOrder,
			text: "no wait, only cancel the filters", notProposed: []string{toolname.CancelOrder}, mentions: [][]string{cant},
			kept: "1001"},

		// An address change's address corrected, or swapped for a cancellation.
		{name: "work address instead", order: "#1001", email: maya, before: addr1001, pending: toolname.ChangeAddress,
			text: "sorry no, to my work address instead: 1200 Market St, San Francisco, CA 94103", propose: toolname.ChangeAddress,
			args: map[string]string{"zip": "94103"}, yes: []string{"address_change"}, zip: "94103"},
		{name: "cancel instead of the address", order: "#1001", email: maya, before: addr1001, pending: toolname.ChangeAddress,
			text: "actually forget the address change, cancel the whole order instead", propose: toolname.CancelOrder,
			notProposed: []string{toolname.ChangeAddress}, yes: []string{"cancel Pour-Over Coffee Kit×1 Unbleached Paper Filters×1"}},
		{name: "de andere Adresse", order: "#1001", email: maya, before: addr1001, pending: toolname.ChangeAddress,
			text: "nein, doch lieber an 15 Oak Avenue, Austin, TX 78701 bitte", propose: toolname.ChangeAddress,
			args: map[string]string{"zip": "78701"}, yes: []string{"address_change"}, zip: "78701"},

		// A late parcel's remedy changed, or its lines.
		{name: "late: new one instead of refund", order: "#1003", email: daniel, wait: "240h", before: refundLate, pending: toolname.FollowUp,
			text: "hmm no actually, send me a new one instead, its for my dads bday", propose: toolname.FollowUp,
			args: map[string]string{"resolution": "replacement"}, yes: []string{"replacement Cast-Iron Skillet×1 Beeswax Pillar Candle×1"}},
		{name: "late: yes but as a replacement", order: "#1003", email: daniel, wait: "240h", before: refundLate, pending: toolname.FollowUp,
			text: "yes but as a replacment not money back", propose: toolname.FollowUp,
			args: map[string]string{"resolution": "replacement"}, yes: []string{"replacement Cast-Iron Skillet×1 Beeswax Pillar Candle×1"}},
		{name: "late: just the board", order: "#1004", email: tom, wait: "240h", before: replaceLate, pending: toolname.FollowUp,
			text: "just the board tbh, got mugs elsewhere", propose: toolname.FollowUp,
			yes: []string{"replacement Olivewood Serving Board×1"}},
		{name: "late: refund the board only", order: "#1004", email: tom, wait: "240h", before: replaceLate, pending: toolname.FollowUp,
			text: "pls just refund the board, not the mugs", propose: toolname.FollowUp, args: map[string]string{"resolution": "refund"},
			yes: []string{"refund Olivewood Serving Board×1"}},
		{name: "late: refund instead", order: "#1004", email: tom, wait: "240h", before: replaceLate, pending: toolname.FollowUp,
			text: "actually refund instead please", propose: toolname.FollowUp, args: map[string]string{"resolution": "refund"},
			mentions: [][]string{{"94.00"}}, yes: []string{"refund Harbor Stoneware Mug×2 Olivewood Serving Board×1"}},
		{name: "fr plutôt un remboursement", order: "#1004", email: tom, wait: "240h", before: replaceLate, pending: toolname.FollowUp,
			text: "plutôt un remboursement, pas de remplacement", propose: toolname.FollowUp, args: map[string]string{"resolution": "refund"},
			yes: []string{"refund Harbor Stoneware Mug×2 Olivewood Serving Board×1"}},

		// A promise's fallback changed before it is due.
		{name: "promise: refund if it never shows", order: "#1003", email: daniel, before: promise, pending: toolname.FollowUp,
			text: "ok fine but make it a refund if it never shows up", propose: toolname.FollowUp,
			args: map[string]string{"resolution": "refund"}, mentions: [][]string{{"can't", "cannot", "not possible"}, {"refund"}}},

		// An exchange corrected.
		{name: "exchange both mugs", order: "#1006", email: samuel, before: swapMug, pending: toolname.ExchangeItem,
			text: "oh wait both mugs pls", propose: toolname.ExchangeItem, yes: []string{"exchange Harbor Stoneware Mug×2"}},
		{name: "return it instead of the swap", order: "#1006", email: samuel, before: swapMug, pending: toolname.ExchangeItem,
			text: "hmm actually just return it for a refund instead", propose: toolname.StartReturn,
			notProposed: []string{toolname.ExchangeItem}, yes: []string{"return Harbor Stoneware Mug×1"}},
	}
	heldOutTable(t, "correct14", cases, func(c correctCase) string { return c.name }, func(c correctCase) string { return c.gap },
		func(t *testing.T, base string, log *resultLog, tc correctCase) []string {
			return runCorrectCase(t, base, log, tc)
		})
}

// runCorrectCase runs one conversation and says what went wrong.
func runCorrectCase(t *testing.T, base string, log *resultLog, tc correctCase) []string {
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
		return []string{fmt.Sprintf("precondition: %s not proposed before (actions %v)", tc.pending, last.actions)}
	}
	ranBefore := len(filterCodes(actionSummary(shopActions(t, base))))
	got := c.say(tc.text)
	if ran := filterCodes(actionSummary(shopActions(t, base))); len(ran) > ranBefore {
		problems = append(problems, fmt.Sprintf("the correction ran %v", ran))
	}
	if tc.propose != "" {
		if !got.hasStatus(tc.propose, "proposed") {
			problems = append(problems, fmt.Sprintf("actions %v, want %s proposed", got.actions, tc.propose))
		}
		for _, a := range got.actions {
			if a["status"] == "proposed" && a["tool"] == tc.propose && a["order"] != tc.order {
				problems = append(problems, fmt.Sprintf("%s proposed on %v, want %s", tc.propose, a["order"], tc.order))
			}
		}
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
	if tc.none {
		for _, a := range got.actions {
			if a["status"] == "proposed" {
				problems = append(problems, fmt.Sprintf("%v proposed, want nothing waiting", a["tool"]))
			}
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
	if tc.yes != nil || tc.none {
		c.say("yes")
		if g := filterCodes(actionSummary(shopActions(t, base))); strings.Join(g, "|") != strings.Join(tc.yes, "|") {
			problems = append(problems, fmt.Sprintf("after yes the shop did %v, want %v", g, tc.yes))
		}
	}
	if tc.zip != "" {
		if z := devShippingZip(t, base, strings.TrimPrefix(tc.order, "#")); z != tc.zip {
			problems = append(problems, fmt.Sprintf("order %s ships to zip %q, want %q", tc.order, z, tc.zip))
		}
	}
	if tc.kept != "" && devCancelled(t, base, tc.kept) {
		problems = append(problems, fmt.Sprintf("order %s cancelled", tc.kept))
	}
	return problems
}

// devShippingZip is the demo shop's order's shipping zip.
func devShippingZip(t *testing.T, base, name string) string {
	t.Helper()
	resp, err := http.Get(base + "/dev/orders/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Order struct {
			Shipping struct {
				Zip string `json:"zip"`
			} `json:"shipping_address"`
		} `json:"order"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("GET /dev/orders/%s: %v", name, err)
	}
	return out.Order.Shipping.Zip
}

// The trial's own conversations (issue 18's new-user trial of `make
// dev`), kept as regression cases beside the held-out ones.
func TestCorrect14Trial(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"
		daniel = "daniel.reyes@example.com"
		tom    = "tom.becker@example.com"
	)
	cases := []correctCase{
		{name: "replacement instead, a gift", order: "#1003", email: daniel, wait: "240h", before: []string{"my parcel still hasnt come, can i get a refund"},
			pending: toolname.FollowUp, text: "hmm actually no, send a replacement instead, its a gift and i still want it", propose: toolname.FollowUp,
			args: map[string]string{"resolution": "replacement"}, yes: []string{"replacement Cast-Iron Skillet×1 Beeswax Pillar Candle×1"}},
		{name: "only the board actually", order: "#1004", email: tom, wait: "240h", before: []string{"my order never arrived", "send a replacement"},
			pending: toolname.FollowUp, text: "only the board actually, i bought mugs locally already", propose: toolname.FollowUp,
			yes: []string{"replacement Olivewood Serving Board×1"}},
		{name: "yes but a refund if it doesnt come", order: "#1003", email: daniel, before: []string{"where is my package? its taking ages"},
			pending: toolname.FollowUp, text: "ok yes but make it a refund not a replacement if it doesnt come", propose: toolname.FollowUp,
			args: map[string]string{"resolution": "refund"}, mentions: [][]string{{"can't", "cannot"}}},
		// Trial 16: a street number corrected right after the change was made.
		{name: "typed it wrong after the change ran", order: "#1001", email: maya,
			before: []string{"change my shipping address to 12 Oak Ave, Cambridge MA 02139 please", "yes — will it still ship by tuesday?"},
			text:   "oh wait, I typed it wrong, its 21 Oak Ave not 12", propose: toolname.ChangeAddress,
			args: map[string]string{"address1": "21 oak ave", "zip": "02139", "city": "cambridge"}, zip: "02139"},
		{name: "dont cancel keep it as is", order: "#1001", email: maya, before: []string{"cancel my order please"}, pending: toolname.CancelOrder,
			text: "hmm ok then dont cancel, ill keep it as is", none: true, mentions: [][]string{{"#1001"}}, kept: "1001"},
	}
	heldOutTable(t, "correct14 trial", cases, func(c correctCase) string { return c.name }, func(c correctCase) string { return c.gap },
		func(t *testing.T, base string, log *resultLog, tc correctCase) []string {
			return runCorrectCase(t, base, log, tc)
		})
}
