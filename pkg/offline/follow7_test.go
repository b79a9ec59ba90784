package offline_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out follow-ups (issue 18, follow7), written before reading the
// model: a message that only makes sense after the agent's previous reply
// (its answer, its question, its pending proposal). Judged by outcome: the
// tools run, the proposal made (and what a following "yes" writes), the
// facts the reply gives; never the model's wording.
type f7Case struct {
	name         string
	wait         string // the demo clock advanced first
	order, email string
	before       []string
	text         string
	tool         string   // called this turn
	notTools     []string // not called this turn
	args         map[string]string
	propose      string   // this write tool stands proposed after the turn (new or kept)
	stated       string   // the reply holds this (a line of the proposal)
	has          []string // the reply holds each (case folded)
	anyOf        []string // the reply holds one of these
	unsaid       []string
	noProposal   bool
	yes          []string // after a further "yes", the shop's actions (actionSummary)
	code         string   // "own" or "friend": the reply holds that discount code
	yesRuns      string   // a further "yes" confirms this write tool's proposal
}

const (
	f7samuel = "samuel.whitfield@example.com"
	f7daniel = "daniel.reyes@example.com"
	f7olivia = "olivia.brandt@example.com"
	f7elena  = "elena.petrova@example.com"
	f7maya   = "maya.okafor@example.com"
	f7tom    = "tom.becker@example.com"
)

// pendingAfter reports whether tool's proposal stands after the turn: made
// this turn, or made before and not lapsed, cancelled or run.
func (o turnOut) pendingAfter(tool string, before bool) bool {
	if o.hasStatus(tool, "proposed") {
		return true
	}
	if !before {
		return false
	}
	for _, a := range o.actions {
		if a["tool"] == tool {
			return false
		}
	}
	return true
}

func runF7(t *testing.T, cases []f7Case) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			base, log := demoStack(t)
			var out map[string]any
			if tc.wait != "" {
				postJSON(t, base+"/dev/clock", "", map[string]string{"advance": tc.wait}, &out)
			}
			codes := map[string]string{}
			if tc.code != "" {
				c := chat(t, base, log, "#1006", f7samuel)
				c.say("Love it, thank you!")
				c.say("could I get a code for a friend as well?")
				for _, a := range shopActions(t, base) {
					if a["type"] != "discount_code" {
						continue
					}
					code, _ := a["detail"].(map[string]any)["code"].(string)
					if strings.HasPrefix(code, "FRIEND-") {
						codes["friend"] = code
					} else {
						codes["own"] = code
					}
				}
				if codes["own"] == "" || codes["friend"] == "" {
					t.Fatalf("codes: %v", shopActions(t, base))
				}
			}
			c := chat(t, base, log, tc.order, tc.email)
			pendingBefore := false
			for _, s := range tc.before {
				o := c.say(s)
				if tc.propose != "" {
					pendingBefore = o.pendingAfter(tc.propose, pendingBefore)
				}
			}
			got := c.say(tc.text)
			low := strings.ToLower(got.reply)
			if tc.tool != "" && !got.called(tc.tool) {
				t.Errorf("tools %v, want %s", got.toolNames(), tc.tool)
			}
			for k, v := range tc.args {
				if a := got.arg(tc.tool, k); !strings.Contains(strings.ToLower(a), strings.ToLower(v)) {
					t.Errorf("%s %s = %s, want %s", tc.tool, k, a, v)
				}
			}
			for _, n := range tc.notTools {
				if got.called(n) {
					t.Errorf("tools %v, want no %s", got.toolNames(), n)
				}
			}
			if p := got.proposed(); tc.noProposal && p != "" {
				t.Errorf("proposed %s, want nothing", p)
			}
			if tc.propose != "" && !got.pendingAfter(tc.propose, pendingBefore) {
				t.Errorf("actions %v, want %s standing proposed", got.actions, tc.propose)
			}
			if tc.stated != "" && !strings.Contains(got.reply, tc.stated) {
				t.Errorf("reply %q does not state %q", got.reply, tc.stated)
			}
			for _, h := range tc.has {
				if !strings.Contains(low, strings.ToLower(h)) {
					t.Errorf("reply %q lacks %q", got.reply, h)
				}
			}
			if len(tc.anyOf) > 0 {
				found := false
				for _, a := range tc.anyOf {
					found = found || strings.Contains(low, strings.ToLower(a))
				}
				if !found {
					t.Errorf("reply %q holds none of %q", got.reply, tc.anyOf)
				}
			}
			for _, u := range tc.unsaid {
				if strings.Contains(low, strings.ToLower(u)) {
					t.Errorf("reply %q says %q", got.reply, u)
				}
			}
			if tc.code != "" {
				if !strings.Contains(got.reply, codes[tc.code]) {
					t.Errorf("reply %q lacks the %s code %s", got.reply, tc.code, codes[tc.code])
				}
				for k, v := range codes {
					if k != tc.code && strings.Contains(got.reply, v) {
						t.Errorf("reply %q gives the %s code too", got.reply, k)
					}
				}
			}
			if tc.yesRuns != "" {
				if y := c.say("yes"); !y.hasStatus(tc.yesRuns, "confirmed") && !y.hasStatus(tc.yesRuns, "done") {
					t.Errorf("yes: actions %v, want %s confirmed", y.actions, tc.yesRuns)
				}
			}
			if tc.yes != nil {
				c.say("yes")
				if g := actionSummary(shopActions(t, base)); strings.Join(filterCodes(g), "|") != strings.Join(tc.yes, "|") {
					t.Errorf("after yes the shop did %v, want %v", g, tc.yes)
				}
			}
		})
	}
}

// filterCodes drops the discount codes a case made to set itself up.
func filterCodes(acts []string) []string {
	var out []string
	for _, a := range acts {
		if !strings.HasPrefix(a, "discount_code") {
			out = append(out, a)
		}
	}
	return out
}

var f7noHelp = []string{"not able to help", "can't help with that", "don't know"}

// 1. After a refund's status: its timing, its amount; no new intent.
func TestFollow7AfterRefund(t *testing.T) {
	card := func(name, order, email, amount, text string) f7Case {
		return f7Case{name: name, order: order, email: email, before: []string{"where is my refund?"}, text: text,
			noProposal: true, has: []string{"business days"}, notTools: []string{toolname.TrackOrder, toolname.StartReturn},
			unsaid: f7noHelp}
	}
	runF7(t, []f7Case{
		card("trial", "#1008", f7daniel, "128.40", "when will I see it on my card?"),
		card("typo", "#1008", f7daniel, "128.40", "wen will it show on my acount"),
		card("bank", "#1009", f7olivia, "103.64", "and when does it hit my bank?"),
		card("how long", "#1009", f7olivia, "103.64", "how long does that take?"),
		card("es", "#1008", f7daniel, "128.40", "¿y cuándo lo veo en mi tarjeta?"),
		card("de", "#1009", f7olivia, "103.64", "und wann sehe ich das Geld auf meiner Karte?"),
		card("fr", "#1008", f7daniel, "128.40", "et quand est-ce que je le verrai sur ma carte ?"),
		{name: "how much", order: "#1008", email: f7daniel, before: []string{"did you get my return?"}, text: "how much was it?",
			noProposal: true, has: []string{"128.40"}, notTools: []string{toolname.StartReturn}},
	})
}

// 2. A question about a pending proposal: answered, the proposal kept.
func TestFollow7QuestionAboutProposal(t *testing.T) {
	late := []string{"my order is late"}
	promise := func(name, text string) f7Case {
		return f7Case{name: name, wait: "96h", order: "#1003", email: f7daniel, before: late, text: text,
			propose: toolname.FollowUp, notTools: []string{toolname.StartReturn, toolname.ReportNotReceived}, unsaid: f7noHelp}
	}
	ret := []string{"I want to return both mugs"}
	retQ := func(name, text string, has ...string) f7Case {
		return f7Case{name: name, order: "#1006", email: f7samuel, before: ret, text: text, has: has,
			propose: toolname.StartReturn, unsaid: f7noHelp, yes: []string{"return Harbor Stoneware Mug×2"}}
	}
	cancel := []string{"please cancel my order"}
	runF7(t, []f7Case{
		promise("trial", "ok if its not here by friday what happens?"),
		promise("what then", "and what if it still doesnt come?"),
		promise("typo", "wat happens if its not here by monday"),
		{name: "ok and what if", wait: "96h", order: "#1003", email: f7daniel, before: late, text: "ok and what happens if it's not here by friday?",
			notTools: []string{toolname.Handover, toolname.SearchDocs}, unsaid: f7noHelp, has: []string{"hasn't arrived by"}},
		promise("es", "¿y si no llega el lunes qué pasa?"),
		promise("de", "und was passiert, wenn es bis Montag nicht da ist?"),
		{name: "promise question then yes", wait: "96h", order: "#1003", email: f7daniel, before: late, text: "and what happens if it doesnt show up?",
			propose: toolname.FollowUp, yesRuns: toolname.FollowUp},
		retQ("how much", "how much will i get back?", "51.36"),
		retQ("label", "do i need to print a label?", "label"),
		retQ("typo refund", "how much is the refnd", "51.36"),
		retQ("es", "¿cuánto me devuelven?", "51.36"),
		{name: "cancel how much", order: "#1001", email: f7maya, before: cancel, text: "how much do i get back?",
			propose: toolname.CancelOrder, has: []string{"85.51"}, yes: []string{"cancel Pour-Over Coffee Kit×1 Unbleached Paper Filters×1"}},
	})
}

// 3. Answering the agent's own question by naming an option: in another
// language, with a typo, by its position.
func TestFollow7NamedOption(t *testing.T) {
	dmg := []string{"my mug arrived cracked"}
	choose := func(name, text, resolution string, yes string) f7Case {
		return f7Case{name: name, order: "#1006", email: f7samuel, before: dmg, text: text, tool: toolname.ReportDamage,
			args: map[string]string{"resolution": resolution}, propose: toolname.ReportDamage, yes: []string{yes}}
	}
	runF7(t, []f7Case{
		choose("trial es", "sí, otra taza", "replacement", "replacement Harbor Stoneware Mug×1"),
		choose("es reembolso", "el reembolso por favor", "refund", "refund Harbor Stoneware Mug×1"),
		choose("de ersatz", "Ersatz bitte", "replacement", "replacement Harbor Stoneware Mug×1"),
		choose("de geld", "lieber das Geld zurück", "refund", "refund Harbor Stoneware Mug×1"),
		choose("fr", "un remplacement svp", "replacement", "replacement Harbor Stoneware Mug×1"),
		choose("fr rembourse", "remboursez-moi plutôt", "refund", "refund Harbor Stoneware Mug×1"),
		choose("typo", "replacment pls", "replacement", "replacement Harbor Stoneware Mug×1"),
		choose("the first", "the first one", "replacement", "replacement Harbor Stoneware Mug×1"),
		choose("first typo", "teh frist one", "replacement", "replacement Harbor Stoneware Mug×1"),
		choose("the second", "the second option", "refund", "refund Harbor Stoneware Mug×1"),
		choose("new one", "just send me a new one", "replacement", "replacement Harbor Stoneware Mug×1"),
		choose("money", "money back", "refund", "refund Harbor Stoneware Mug×1"),
	})
}

// 4. A discount code named by a short reference, or asked for again.
func TestFollow7DiscountCode(t *testing.T) {
	which := []string{"what discount codes do I have?"}
	mine := func(name string, before []string, text string, code string) f7Case {
		return f7Case{name: name, wait: "72h", order: "#1006", email: f7samuel, before: before, text: text, code: code,
			noProposal: true, unsaid: []string{"guide", "you're very welcome"}}
	}
	runF7(t, []f7Case{
		mine("trial", which, "the thank you one", "own"),
		mine("thanks typo", which, "the thnak you code", "own"),
		mine("friend one", which, "the one for my friend", "friend"),
		mine("new chat", nil, "do u still have that discount code from before?", "own"),
		mine("new chat lost", nil, "i lost the code you gave me, can you send it again", "own"),
		mine("new chat es", nil, "¿todavía tienen mi código de descuento?", "own"),
		mine("new chat de", nil, "Wie war nochmal mein Rabattcode?", "own"),
	})
}

// 5. Narrowing or widening a pending proposal: restated for the new lines.
func TestFollow7NarrowProposal(t *testing.T) {
	both := []string{"I want to return both mugs"}
	one := []string{"I want to return a mug"}
	narrow := func(name string, before []string, text string, qty string) f7Case {
		return f7Case{name: name, order: "#1006", email: f7samuel, before: before, text: text, propose: toolname.StartReturn,
			stated: qty + " × Harbor Stoneware Mug", yes: []string{"return Harbor Stoneware Mug×" + qty}}
	}
	runF7(t, []f7Case{
		narrow("trial", both, "actually just one of them, i'll keep the other", "1"),
		narrow("only one", both, "only one please", "1"),
		narrow("keep one", both, "hmm i'll keep one, return the other", "1"),
		narrow("typo", both, "actualy just 1", "1"),
		narrow("es", both, "mejor solo una", "1"),
		narrow("de", both, "doch nur einen bitte", "1"),
		narrow("widen", one, "actually make it both", "2"),
		narrow("widen typo", one, "both of tehm actually", "2"),
		narrow("widen fr", one, "finalement les deux", "2"),
	})
}

// 6. Short follow-ups after a status or docs answer.
func TestFollow7ShortAfterAnswers(t *testing.T) {
	runF7(t, []f7Case{
		{name: "when after status", order: "#1003", email: f7daniel, before: []string{"has my order shipped?"}, text: "when will it get here?",
			tool: toolname.TrackOrder, noProposal: true, has: []string{"UPS"}, anyOf: []string{"Dec 1", "by "}},
		{name: "other order", order: "#1001", email: f7maya, before: []string{"where is my order?"}, text: "and the other one?",
			noProposal: true, anyOf: []string{"#1007"}},
		{name: "other parcel", order: "#1011", email: f7elena, before: []string{"where's the coffee kit?"}, text: "what about the candles?",
			tool: toolname.TrackOrder, noProposal: true, has: []string{"1Z9HH4870346634921"}},
		{name: "return after status", order: "#1006", email: f7samuel, before: []string{"did my order arrive?"}, text: "ok can i send one of the mugs back then?",
			tool: toolname.StartReturn, propose: toolname.StartReturn, stated: "1 × Harbor Stoneware Mug"},
		{name: "docs what about", order: "#1003", email: f7daniel, before: []string{"how do i season the skillet?"}, text: "what about the candle, how do i trim it?",
			tool: toolname.SearchDocs, noProposal: true, anyOf: []string{"1/4", "¼", "6 mm", "wick"}},
	})
}
