package offline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/offline"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// m8case is one held-out phrasing of issue 18's misfire8 trial, judged by
// outcome: the tool that must run (and report_damage's problem), the tools
// that must not, that nothing is proposed, the guide every quoted passage
// comes from, and the facts the reply gives.
type m8case struct {
	class        string
	order, email string
	before       []string
	text         string
	tool         string   // must run this turn
	problem      string   // report_damage's problem holds this
	notTools     []string // must not run
	doc          string   // every passage quoted is of this guide
	facts        []string // the reply gives each ("a|b": either), any case
	gap          string   // why it still fails (a known gap)
}

func (c m8case) withGap(why string) m8case { c.gap = why; return c }

// Held-out phrasings (issue 18, misfire8), written before reading the
// model's code. Five classes a no-context trial misread:
//   - docs words matched to the wrong passage: a stain or care question
//     about an item read as damage, a cost question matched to a product
//     passage, German compound nouns not split, a complaint in French or
//     Spanish answered with a care passage;
//   - a refund question (or a wish for part of the money back) answered
//     with the late-parcel follow-up proposal;
//   - a wrong item said as "X never came, got Y instead" read as not
//     received;
//   - "can I pay for faster shipping?" answered with "I don't know";
//   - (TestMisfire8VariantAnswer) the answer to "which item?" naming a
//     variant in another language.
func TestMisfire8HeldOut(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"      // #1001 kit + filters, unshipped
		daniel = "daniel.reyes@example.com"     // #1003 skillet + candle in transit; #1008 refunded
		tom    = "tom.becker@example.com"       // #1004 2 mugs + board
		grace  = "grace.liu@example.com"        // #1005 throw + candles, delivery exception
		samuel = "samuel.whitfield@example.com" // #1006 kit + 2 mugs, delivered
		olivia = "olivia.brandt@example.com"    // #1009 cancelled, refunded
	)
	const (
		board  = "Olivewood Serving Board"
		kit    = "Pour-Over Coffee Kit"
		mug    = "Harbor Stoneware Mug"
		skill  = "Cast-Iron Skillet"
		candle = "Beeswax Pillar Candle"
		throw  = "Stonewashed Linen Throw"
		faq    = "Shipping and returns FAQ"
	)
	noWrite := writeTools
	care := func(order, email, text, doc string, facts ...string) m8case {
		return m8case{class: "care", order: order, email: email, text: text, tool: toolname.SearchDocs, notTools: noWrite, doc: doc, facts: facts}
	}
	cost := func(order, email, text string, facts ...string) m8case {
		return m8case{class: "cost", order: order, email: email, text: text, tool: toolname.SearchDocs, notTools: noWrite, doc: faq, facts: facts}
	}
	compound := func(order, email, text, doc string, facts ...string) m8case {
		return m8case{class: "compound", order: order, email: email, text: text, tool: toolname.SearchDocs, notTools: noWrite, doc: doc, facts: facts}
	}
	wrong := func(class, order, email, text string) m8case {
		return m8case{class: class, order: order, email: email, text: text, tool: toolname.ReportDamage, problem: "wrong",
			notTools: []string{toolname.ReportNotReceived, toolname.StartReturn, toolname.FollowUp, toolname.SearchDocs}}
	}
	person := "person|team|colleague|human"
	late := []string{"my parcel is late, where is it?"}
	partial := func(order, email string, before []string, text string) m8case {
		return m8case{class: "partial", order: order, email: email, before: before, text: text, notTools: noWrite, facts: []string{person}}
	}
	refunded := func(order, email, text, amount string) m8case {
		return m8case{class: "refund", order: order, email: email, text: text, tool: toolname.RefundStatus, notTools: noWrite, facts: []string{amount}}
	}
	speed := func(order, email, text string) m8case {
		return m8case{class: "speed", order: order, email: email, text: text, notTools: noWrite, doc: faq,
			facts: []string{"3 to 7|$7.95|standard shipping|shipping speed", person}}
	}
	tests := []m8case{
		// A stain or care question about an item: its guide, no damage.
		care("#1004", tom, "theres coffee stains in my mug, can i put it in the dishwashr?", mug, "dishwasher safe|baking soda"),
		care("#1004", tom, "tea marks all inside the mugs, is the dishwasher ok for them", mug, "dishwasher safe|baking soda"),
		care("#1005", grace, "got a coffee stain on the throw, is it machine washable?", throw, "30°C|86°F|blot"),
		care("#1004", tom, "the board has beet stains on it, can it go in the dishwasher", board, "dishwasher|lemon"),
		care("#1004", tom, "la taza tiene manchas de té, ¿puede ir al lavavajillas?", mug, "dishwasher safe|baking soda"),
		care("#1004", tom, "Meine Tasse hat Teeflecken, ist sie spülmaschinenfest?", mug, "dishwasher safe|baking soda"),
		care("#1004", tom, "ma tasse a des taches de café, elle passe au lave-vaisselle ?", mug, "dishwasher safe|baking soda"),
		// What something costs: the shipping passage, never a product's.
		cost("", "", "how much extra is quick delivery?", "$7.95"),
		cost("#1004", tom, "what does it cost extra for faster shipping", "$7.95"),
		cost("#1004", tom, "how much more do i pay for shipping on a small order", "$7.95"),
		cost("", "", "hw much extra is shipping to my place", "$7.95"),
		cost("", "", "Was kostet der Versand extra?", "$7.95"),
		cost("", "", "¿cuánto cuesta extra el envío?", "$7.95"),
		cost("", "", "c'est combien en plus pour la livraison ?", "$7.95"),
		// German compound nouns: their parts find the guide.
		compound("#1005", grace, "Leinendecke waschen, wie heiß?", throw, "30°C|86°F"),
		compound("#1006", samuel, "Glaskaraffenreinigung – wie geht das?", kit, "vinegar|dishwasher"),
		compound("#1003", daniel, "Gusseisenpfanne hat Rost, was tun?", skill, "steel wool"),
		compound("#1004", tom, "Servierbrettpflege?", board, "mineral oil|hand wash|board oil"),
		compound("#1003", daniel, "Kerzendocht kürzen – wie lang?", candle, "1/4 inch|6 mm"),
		compound("#1006", samuel, "Welche Kaffeefiltergröße passt?", kit, "02").
			withGap("split, but a size is no policy topic of another language: not read as a question for the guides"),
		compound("#1004", tom, "Ist der Steinzeugbecher spülmaschinengeeignet?", mug, "dishwasher safe"),
		compound("#1005", grace, "Darf die Leinendecke in den Wäschetrockner?", throw, "low heat"),
		// A complaint in another language: a complaint, not a guide.
		wrong("complaint", "#1006", samuel, "j'ai reçu le mauvais article : à la place du kit café il y avait une bougie"),
		wrong("complaint", "#1006", samuel, "ce n'est pas ce que j'ai commandé, les tasses ne sont pas les bonnes"),
		wrong("complaint", "#1004", tom, "me mandaron otro producto, en vez de la tabla vino una sartén"),
		wrong("complaint", "#1004", tom, "Falscher Artikel: statt des Brettes kam eine Pfanne"),
		// Part of the money back: no follow-up promise, a person offered.
		partial("#1005", grace, late, "can you just refund me 15% then"),
		partial("#1005", grace, late, "ok just give me part of my money back then"),
		partial("#1003", daniel, nil, "its taking forever. can i get a partial refund for the wait?"),
		partial("#1005", grace, late, "i'll keep waiting if you knock 20% off"),
		partial("#1005", grace, late, "remboursez-moi 10% et on n'en parle plus"),
		partial("#1005", grace, late, "¿me pueden devolver un 10% por el retraso?"),
		// A question about a refund: its facts, no promise.
		refunded("#1008", daniel, "was the refund the full amount incl shipping?", "$128.40"),
		refunded("#1008", daniel, "did you refund the postage as well?", "$128.40"),
		refunded("#1008", daniel, "how much did u refund me exactly", "$128.40"),
		refunded("#1008", daniel, "¿el reembolso fue por el importe total?", "128.40"),
		refunded("#1008", daniel, "War die Erstattung der volle Betrag inklusive Versand?", "128.40"),
		refunded("#1009", olivia, "did i get all my money back?", "103.64"),
		// "X never came, got Y instead": the wrong item, not a lost parcel.
		wrong("instead", "#1006", samuel, "the sea glass mugs never came, they sent me charcoal ones instead"),
		wrong("instead", "#1006", samuel, "my coffee kit never arrived, got a candle instead??"),
		wrong("instead", "#1004", tom, "large board never came, a small one showed up instead"),
		wrong("instead", "#1004", tom, "the charcoal mugs never came, got sand coloured ones insted"),
		wrong("instead", "#1006", samuel, "las tazas verdes nunca llegaron, me mandaron unas grises"),
		wrong("instead", "#1004", tom, "Das große Brett kam nie an, stattdessen ein kleines"),
		wrong("instead", "#1006", samuel, "les tasses vert d'eau ne sont jamais arrivées, j'ai reçu des grises à la place"),
		wrong("instead", "#1004", tom, "never got my mugs — received two bowls instead"),
		// Faster shipping: the shipping options and a person, never "I don't know".
		speed("#1003", daniel, "can i pay extra to get it here faster?"),
		speed("", "", "do you have express delivery"),
		speed("", "", "is next day shipping an option?"),
		speed("#1001", maya, "can u upgrade my order to expedited shiping"),
		speed("", "", "Gibt es Expressversand?"),
		speed("", "", "¿tienen envío exprés?"),
		speed("", "", "je peux payer plus pour une livraison rapide ?"),
	}
	base, log := docs5Stack(t)
	failed, total := map[string]int{}, map[string]int{}
	var classes []string
	for _, tt := range tests {
		if total[tt.class] == 0 {
			classes = append(classes, tt.class)
		}
		total[tt.class]++
		var problems []string
		t.Run(tt.class+"/"+tt.text, func(t *testing.T) {
			if tt.tool == toolname.ReportDamage {
				// A stack of its own: a report must not change the next case's order.
				base, log := demoStack(t)
				problems = m8run(t, base, log, tt)
			} else {
				problems = m8run(t, base, log, tt)
			}
			switch {
			case tt.gap != "" && len(problems) == 0:
				t.Errorf("a known gap passes now (%s): take off its mark", tt.gap)
			case tt.gap != "":
				t.Logf("known gap (%s): %s", tt.gap, strings.Join(problems, "; "))
			case len(problems) > 0:
				t.Error(strings.Join(problems, "; "))
			}
		})
		if len(problems) > 0 {
			failed[tt.class]++
		}
	}
	all := 0
	for _, c := range classes {
		all += failed[c]
		t.Logf("misfire8 %s: %d of %d fail", c, failed[c], total[c])
	}
	t.Logf("misfire8: %d of %d fail", all, len(tests))
}

// m8run says tt's conversation and is what its outcome got wrong.
func m8run(t *testing.T, base string, log *toolLog, tt m8case) []string {
	t.Helper()
	c := chat(t, base, log, tt.order, tt.email)
	for _, s := range tt.before {
		c.say(s)
	}
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
	if p := got.proposed(); tt.problem == "" && p != "" {
		problems = append(problems, "proposed "+p)
	}
	if tt.doc != "" {
		for _, q := range passageDocs(got.reply) {
			if q != tt.doc {
				problems = append(problems, fmt.Sprintf("quoted %s, want passages of %s only", q, tt.doc))
			}
		}
	}
	if m := saysAll(got.reply, tt.facts); len(m) > 0 {
		problems = append(problems, fmt.Sprintf("reply says none of %q", m))
	}
	low := strings.ToLower(got.reply)
	if tt.facts != nil && (strings.Contains(low, "don't know") || strings.Contains(low, "couldn't find")) {
		problems = append(problems, "a no-answer")
	}
	if len(problems) > 0 {
		problems = append(problems, "reply: "+got.reply)
	}
	return problems
}

// Two of a product in another language's words, after the agent asked
// which items to return: the answer picks the variant it describes (its
// colour or size translated), never the other one.
func TestMisfire8VariantAnswer(t *testing.T) {
	const which = "Which items would you like to return? The order has: Canvas Tote (Large / Grey), Canvas Tote (Small / Navy), Wool Beanie (Charcoal), Wool Beanie (Cream)."
	st := &agent.State{Verified: true, CurrentOrder: "#3001", ReturnWindowDays: 30, Orders: []agent.StateOrder{{Name: "#3001",
		Items: []string{"Canvas Tote (Large / Grey)", "Canvas Tote (Small / Navy)", "Wool Beanie (Charcoal)", "Wool Beanie (Cream)"}, Stage: "delivered, return window open"}},
		Before: []agent.StateAction{{Tool: toolname.StartReturn, Status: "asked"}}}
	tests := []struct{ text, want, not, gap string }{
		// "Charcoal" is a word of the demo catalogue, which the model's
		// code may not hold: "dark, anthracite" reads as dark grey.
		{"Die dunkle, anthrazit.", "Charcoal", "Cream", "a colour named by a catalogue word"},
		{"la grande, en gris", "Large", "Small", ""},
		{"el pequeño azul marino", "Small", "Large", ""},
		{"die helle, cremefarben", "Cream", "Charcoal", ""},
		{"le petit, bleu marine", "Small", "Large", ""},
		{"la grnade gris", "Large", "Small", ""},
		{"die große graue Tasche", "Large", "Small", ""},
		{"el gorro color crema", "Cream", "Charcoal", ""},
	}
	failed := 0
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			msgs := []agent.Message{
				{Role: agent.RoleUser, Blocks: []agent.Block{{Text: "I want to return something"}}},
				{Role: agent.RoleAssistant, Blocks: []agent.Block{{Text: which}}},
				{Role: agent.RoleUser, Blocks: []agent.Block{{Text: tc.text}}},
			}
			resp, err := offline.Model{}.Converse(context.Background(), agent.Request{State: st, Messages: msgs})
			if err != nil {
				t.Fatal(err)
			}
			items := strings.ToLower(m8returnItems(resp.Message))
			bad := !strings.Contains(items, strings.ToLower(tc.want)) || strings.Contains(items, strings.ToLower(tc.not))
			switch {
			case tc.gap != "" && !bad:
				t.Errorf("a known gap passes now (%s): take off its mark", tc.gap)
			case tc.gap != "":
				failed++
				t.Logf("known gap (%s): start_return items %q", tc.gap, items)
			case bad:
				failed++
				t.Errorf("start_return items %q, want the %s one only (reply %q)", items, tc.want, resp.Message.Text())
			}
		})
	}
	t.Logf("misfire8 variant: %d of %d fail", failed, len(tests))
}

// m8returnItems are the titles start_return's input names in m, joined.
func m8returnItems(m agent.Message) string {
	for _, b := range m.Blocks {
		if u := b.ToolUse; u != nil && u.Name == toolname.StartReturn {
			var in struct {
				All   bool `json:"all"`
				Items []struct {
					Title string `json:"title"`
				} `json:"items"`
			}
			_ = json.Unmarshal(u.Input, &in)
			if in.All {
				return "all"
			}
			var out []string
			for _, it := range in.Items {
				out = append(out, it.Title)
			}
			return strings.Join(out, ", ")
		}
	}
	return ""
}
