package offline_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// w6case is one held-out phrasing of issue 18's sixth trial, judged by
// outcome: the tool that ran and its problem, the lines the reply names
// (a proposal's statement or the question of what to do about them),
// tools that must not run, facts the reply must or must not give.
type w6case struct {
	name, order, email string
	text               string
	tool               string   // called this turn
	problem            string   // report_damage's problem holds this
	lines              []string // the reply names each ("1 × Title")
	mention            [][]string
	notTools           []string
	unsaid             []string
	noProposal         bool
}

// Held-out phrasings (issue 18, wrong6), written before reading the
// model's code. Three classes a no-context trial misread:
//   - what was in the box is not the order: someone else's things, the
//     wrong order, an item or a part of one missing: report_damage with
//     problem wrong_item for the lines concerned, never a return or a
//     status alone;
//   - damage words misspelt or cut short: report_damage for the item;
//   - a fact the customer gives beside a question ("X came days ago,
//     where's the rest?"): the question answered, the fact not taken for
//     a second question.
func TestWrong6HeldOut(t *testing.T) {
	const (
		samuel = "samuel.whitfield@example.com" // #1006: kit, 2 mugs, delivered
		elena  = "elena.petrova@example.com"    // #1011: kit, 2 candles, delivered
		marcus = "marcus.johnson@example.com"   // #1010: throw shipped, skillet not
		daniel = "daniel.reyes@example.com"     // #1003: in transit
	)
	const (
		// Nothing of theirs came, or a part of some item: the lines are
		// named, in a proposal or in the question which they are (the
		// agent takes only lines the customer named).
		kitAny = "Pour-Over Coffee Kit"
		mugAny = "Harbor Stoneware Mug"
		kit    = "1 × Pour-Over Coffee Kit"
		mugs   = "2 × Harbor Stoneware Mug"
		mug1   = "1 × Harbor Stoneware Mug"
	)
	noReturn := []string{toolname.StartReturn, toolname.ReportNotReceived}
	wrong := func(name, order, email, text string, lines ...string) w6case {
		return w6case{name: name, order: order, email: email, text: text, tool: toolname.ReportDamage, problem: "wrong", lines: lines, notTools: noReturn}
	}
	// A whole unit missing: nothing came to send back (policy.Missing).
	gone := func(name, order, email, text string, lines ...string) w6case {
		c := wrong(name, order, email, text, lines...)
		c.problem = "missing"
		return c
	}
	damaged := func(name, text string, lines ...string) w6case {
		return w6case{name: name, order: "#1006", email: samuel, text: text, tool: toolname.ReportDamage, lines: lines, notTools: noReturn}
	}
	// The skillet of #1010 has not shipped; the throw's tracking number
	// answers a question nobody asked.
	rest := func(name, text string) w6case {
		return w6case{name: name, order: "#1010", email: marcus, text: text, tool: toolname.TrackOrder,
			mention:  [][]string{{"Cast-Iron Skillet"}, {"not shipped", "hasn't shipped", "not been shipped", "hasn't left", "not yet shipped", "yet to ship", "being prepared", "preparing", "not left"}},
			notTools: []string{toolname.ReportDamage, toolname.ReportNotReceived, toolname.StartReturn, toolname.SearchDocs}, unsaid: []string{"1Z9HH4870342290158"}, noProposal: true}
	}
	tests := []w6case{
		// Someone else's things, or another order altogether: nothing of
		// theirs came, so every line of the order.
		wrong("somebody elses order", "#1006", samuel, "the box had somebody elses order in it", kitAny, mugAny),
		wrong("stuff i never ordered", "#1006", samuel, "this parcel is full of stuff i never ordered", kitAny, mugAny),
		wrong("someone else's package", "#1006", samuel, "I think I got someone else's package, none of this is mine", kitAny, mugAny),
		wrong("sent the wrong order", "#1006", samuel, "you sent me the wrong order", kitAny, mugAny),
		wrong("wrong ordr typo", "#1006", samuel, "wrong ordr delivered to me!!", kitAny, mugAny),
		wrong("completely different products", "#1006", samuel, "my box came with completely different products in it", kitAny, mugAny),
		wrong("not my order", "#1011", elena, "this isn't my order at all, the things inside belong to someone else", kitAny),
		wrong("es pedido de otra persona", "#1006", samuel, "Me llegó el pedido de otra persona", kitAny, mugAny),
		wrong("de Sachen von jemand anderem", "#1006", samuel, "Im Paket waren Sachen von jemand anderem", kitAny, mugAny),
		wrong("fr commande de quelqu'un d'autre", "#1006", samuel, "J'ai reçu la commande de quelqu'un d'autre", kitAny, mugAny),
		// A part of an item that came missing: the item's line.
		wrong("scoop not in the box", "#1006", samuel, "the measuring scoop wasn't in the box", kitAny),
		wrong("kit came without", "#1006", samuel, "my coffee kit came without the scoop", kit),
		wrong("no carafe", "#1006", samuel, "there was no carafe in the coffee kit", kit),
		wrong("missin typo", "#1006", samuel, "scoop is missin from the kit", kit),
		wrong("dripper missing single", "#1011", elena, "the dripper is missing from my kit", kit),
		// Trial 7a: what the box lacked, and a part missing beside a refund wish.
		wrong("box was missing the scoop", "#1006", samuel, "the coffee kit box was missing the scoop", kitAny),
		wrong("missing from box then refund", "#1006", samuel, "the scoop was MISSING from the box. just refund me for it", kitAny),
		// A whole item missing from what came.
		gone("one mug missing", "#1006", samuel, "one of the mugs is missing, only 1 came", mug1),
		// found13: one unit of two short is a missing unit (policy.Missing), never wrong_item.
		gone("only got one", "#1006", samuel, "only got one mug, i ordered two", mug1),
		wrong("mugs not in box", "#1006", samuel, "the box only had the coffee kit in it, the mugs weren't there", mugs),
		gone("es falta una taza", "#1006", samuel, "Falta una taza en el paquete", mug1),
		gone("de Tasse fehlt", "#1006", samuel, "Eine Tasse fehlt im Paket", mug1),
		gone("fr il manque une tasse", "#1006", samuel, "il manque une tasse dans le colis", mug1),
		wrong("es falta la cuchara", "#1006", samuel, "Faltaba la cuchara medidora del kit de café", kit),
		// Damage words misspelt or cut short.
		damaged("crackd", "the mug arrived crackd", mug1),
		damaged("brokn", "one mug is brokn", mug1),
		damaged("smashd", "mug came smashd", mug1),
		damaged("shatterd", "the carafe of my coffee kit is shatterd", kit),
		damaged("dented", "the coffee kit came dented", kit),
		damaged("chipd", "a mug is chipd on the rim", mug1),
		damaged("leakin", "the coffee kit carafe is leakin", kit),
		damaged("shatered", "kit arrived shatered", kit),
		damaged("damged", "both mugs damged in transit", mugs),
		damaged("craked", "mug craked", mug1),
		damaged("dammaged", "my coffee kit is dammaged", kit),
		damaged("busted", "one of the mugs showed up busted", mug1),
		damaged("es rota typo", "una taza llego rrota", mug1),
		damaged("de kaputt typo", "eine Tasse ist kaputtt angekommen", mug1),
		damaged("fr cassee", "une tasse est arrivee cassee", mug1),
		// A fact beside the question.
		rest("came days ago, rest", "the linen throw came days ago, where's the rest of my order?"),
		rest("got already, when ship", "got the throw already, when will the rest ship?"),
		rest("arrived last week", "throw arrived last week. what about the other thing i ordered?"),
		rest("showed up, where rest", "the throw showed up on tuesday — where's everything else?"),
		rest("received fine, other item", "received the throw fine thanks, but where is the other item"),
		rest("half came", "half my order came, where's the other half"),
		rest("es ya recibí", "Ya recibí la manta, ¿dónde está el resto de mi pedido?"),
		rest("de schon angekommen", "Die Decke ist schon angekommen, wo bleibt der Rest meiner Bestellung?"),
		rest("fr reçu il y a", "J'ai reçu le plaid il y a quelques jours, où est le reste de ma commande ?"),
	}
	// Not a wrong or missing item: questions about parts, a parcel not yet come.
	tests = append(tests,
		w6case{name: "what is in the box", order: "#1006", email: samuel, text: "what comes in the box with the coffee kit?",
			notTools: []string{toolname.ReportDamage}, noProposal: true},
		w6case{name: "scoop question", order: "#1006", email: samuel, text: "how much coffee does the scoop hold?",
			notTools: []string{toolname.ReportDamage}, noProposal: true},
		w6case{name: "missing tracking", order: "#1003", email: daniel, text: "I'm missing the tracking number for my order",
			notTools: []string{toolname.ReportDamage}, noProposal: true},
		w6case{name: "order missing in transit", order: "#1003", email: daniel, text: "my order is still missing, where is it?",
			notTools: []string{toolname.ReportDamage}, noProposal: true},
	)
	failed := 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A stack of its own: a handover in one case must not make
			// the next one's order a person's.
			base, log := demoStack(t)
			c := chat(t, base, log, tt.order, tt.email)
			got := c.say(tt.text)
			var problems []string
			if tt.tool != "" && !got.called(tt.tool) {
				problems = append(problems, fmt.Sprintf("tools %v, want %s", got.toolNames(), tt.tool))
			}
			if tt.problem != "" {
				if p := got.arg(toolname.ReportDamage, "problem"); !strings.Contains(p, tt.problem) {
					problems = append(problems, fmt.Sprintf("report_damage problem %s, want %s", p, tt.problem))
				}
			}
			for _, l := range tt.lines {
				if !strings.Contains(got.reply, l) {
					problems = append(problems, fmt.Sprintf("reply names not %q", l))
				}
			}
			for _, n := range tt.notTools {
				if got.called(n) {
					problems = append(problems, fmt.Sprintf("tools %v, want no %s", got.toolNames(), n))
				}
			}
			for _, a := range got.actions {
				if s, _ := a["status"].(string); s == "done" || s == "confirmed" {
					problems = append(problems, fmt.Sprintf("ran %v without a yes", a["tool"]))
				}
			}
			if p := got.proposed(); tt.noProposal && p != "" {
				problems = append(problems, "proposed "+p)
			}
			low := strings.ToLower(got.reply)
			for _, forms := range tt.mention {
				if !holdsAny(low, lower(forms)) {
					problems = append(problems, fmt.Sprintf("reply holds none of %q", forms))
				}
			}
			for _, u := range tt.unsaid {
				if strings.Contains(low, strings.ToLower(u)) {
					problems = append(problems, fmt.Sprintf("reply says %q", u))
				}
			}
			if len(problems) > 0 {
				failed++
				t.Errorf("%s\n  reply: %s", strings.Join(problems, "; "), got.reply)
			}
		})
	}
	t.Logf("wrong6 held-out: %d of %d fail", failed, len(tests))
}

func lower(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	return out
}
