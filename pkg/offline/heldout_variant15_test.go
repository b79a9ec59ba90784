package offline_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/doorstep-ai/doorstep/events"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// variant15Case is one conversation about an item's variants and their
// stock, and the outcome of its last turn (and of the turn after it).
type variant15Case struct {
	name         string
	order, email string
	before       []string // said first
	text         string
	tool         string   // called in the last turn
	notTools     []string // none called in the last turn
	stated       string   // the exchange proposed in the last turn (its statement holds this)
	noProposal   bool     // nothing proposed or run in the last turn
	facts        [][]string
	unsaid       []string // the reply holds none of these (case folded)
	then         string   // said after the last turn
	ran          string   // the variant the one exchange run by then is for ("": none ran)
	gap          string
}

// Held-out phrasings (issue 18, variant15), written before reading
// pkg/offline: an exchange for another variant of the same product named
// by its colour, size or scent (misspelt, "the X one", "in X", "X
// instead", es/de/fr), proposed only when the shop's data has it in
// stock; "is the X one in stock?" answered from the variants' stock, not
// the docs; a variant the product does not come in answered honestly
// with the ones it does. Variant names come from the shop's data.
func TestHeldOutVariant15(t *testing.T) {
	const (
		priya  = "priya.natarajan@example.com"
		tom    = "tom.becker@example.com"
		grace  = "grace.liu@example.com"
		samuel = "samuel.whitfield@example.com"
		elena  = "elena.petrova@example.com"
		// the stock question's read tool (pkg/agent)
		itemOptions = "item_options"
	)
	// The statements' "for" halves.
	const (
		toCharcoal  = "for 2 × Harbor Stoneware Mug (Charcoal / 12 oz)"
		toSeaGlass  = "for 2 × Harbor Stoneware Mug (Sea Glass / 12 oz)"
		toUnscented = "for 2 × Beeswax Pillar Candle (Unscented)"
		toCedar     = "for 1 × Beeswax Pillar Candle (Cedar & Smoke)"
		toSage      = "for 1 × Stonewashed Linen Throw (Sage)"
	)
	inStock := []string{"in stock", "available"}
	outOfStock := []string{"out of stock", "sold out", "not in stock", "not available", "unavailable"}
	noDocs := []string{toolname.SearchDocs}
	tests := []variant15Case{
		// An exchange for a variant named by colour or scent.
		{name: "E1 sea glass mugs for charcoal instead", order: "#1006", email: samuel,
			text: "can i swap the sea glass mugs for charcoal instead", stated: toCharcoal},
		{name: "E2 mugs for the sea glass ones", order: "#1004", email: tom,
			text: "could I exchange the mugs for the sea glass ones", stated: toSeaGlass},
		{name: "E3 typo charcol", order: "#1006", email: samuel,
			text: "swap mugs to charcol pls", stated: toCharcoal},
		{name: "E4 phone typing charcaol", order: "#1006", email: samuel,
			text: "cn i chnage the mugs to charcaol??", stated: toCharcoal},
		{name: "E5 size and colour", order: "#1006", email: samuel,
			text: "exchange mugs - the 12oz charcoal ones pls", stated: toCharcoal},
		{name: "E6 candles in unsented instead", order: "#1005", email: grace,
			text: "can i get the candles in unsented instead", stated: toUnscented},
		{name: "E7 sea salt candle for the cedar one", order: "#1011", email: elena,
			text: "exchange the sea salt candle for the cedar one", stated: toCedar},
		{name: "E8 throw in sage instead", order: "#1002", email: priya,
			text: "id like the throw in sage instead", stated: toSage},
		{name: "E9 get it in oatmeal", order: "#1002", email: priya,
			text: "can i get it in oatmeal", stated: "for 1 × Stonewashed Linen Throw (Oatmeal)"},
		{name: "E10 oatmeal throw for slate blue", order: "#1005", email: grace,
			text: "can I exchange the oatmeal throw for slate blue", stated: "for 1 × Stonewashed Linen Throw (Slate Blue)"},
		{name: "E11 es tazas por las charcoal", order: "#1006", email: samuel,
			text: "quiero cambiar las tazas por las charcoal", stated: toCharcoal},
		{name: "E12 de Tassen gegen Sea Glass", order: "#1004", email: tom,
			text: "kann ich die Tassen gegen Sea Glass umtauschen?", stated: toSeaGlass},
		{name: "E13 fr bougie sea salt contre cedar", order: "#1011", email: elena,
			text: "je voudrais échanger la bougie sea salt contre la cedar", stated: toCedar},
		// Proposed only if in stock.
		{name: "S1 only if the charcoal one is in stock, after asking", order: "#1006", email: samuel, before: []string{"i'd like to exchange my mugs"},
			text: "only if the charcoal one is in stock?", stated: toCharcoal, facts: [][]string{inStock}},
		{name: "S2 sand if in stock", order: "#1004", email: tom,
			text: "swap the mugs for sand, if you have it in stock", noProposal: true, facts: [][]string{{"sand"}, outOfStock}},
		{name: "S3 the sand one if available, after asking", order: "#1004", email: tom, before: []string{"can i exchange the mugs?"},
			text: "the sand one if its available", noProposal: true, facts: [][]string{{"sand"}, outOfStock}},
		{name: "S4 es taza en sand si hay", order: "#1004", email: tom,
			text: "¿tienen la taza en sand? si hay, la cambio", noProposal: true, facts: [][]string{{"sand"}, outOfStock}},
		{name: "S5 coffee kit for oak if in stock", order: "#1006", email: samuel,
			text: "exchange the coffee kit for oak if in stock", noProposal: true, facts: [][]string{{"oak"}, outOfStock}},
		{name: "S6 still avail? if so swap", order: "#1006", email: samuel,
			text: "are the charcoal ones still avail? if so swap mine", stated: toCharcoal},
		// A plain stock question: the variants' stock, no docs, nothing proposed.
		{name: "Q1 charcoal mug in stock", order: "#1006", email: samuel,
			text: "is the charcoal mug in stock?", tool: itemOptions, notTools: noDocs, noProposal: true, facts: [][]string{{"charcoal"}, inStock}},
		{name: "Q2 the sand one available", order: "#1004", email: tom,
			text: "is the sand one available?", tool: itemOptions, notTools: noDocs, noProposal: true, facts: [][]string{{"sand"}, outOfStock}},
		{name: "Q3 candle in unscented", order: "#1005", email: grace,
			text: "do u have the candle in unscented", tool: itemOptions, notTools: noDocs, noProposal: true, facts: [][]string{{"unscented"}, inStock}},
		{name: "Q4 de Tasse in Sand lieferbar", order: "#1004", email: tom,
			text: "Ist die Tasse in Sand lieferbar?", tool: itemOptions, notTools: noDocs, noProposal: true, facts: [][]string{{"sand"}, outOfStock}},
		{name: "Q5 fr kit en oak disponible", order: "#1006", email: samuel,
			text: "est-ce que le kit en oak est disponible ?", tool: itemOptions, notTools: noDocs, noProposal: true, facts: [][]string{{"oak"}, outOfStock}},
		{name: "Q6 throw in sage rn", order: "#1002", email: priya,
			text: "is the throw in sage available rn?", tool: itemOptions, notTools: noDocs, noProposal: true, facts: [][]string{{"sage"}, inStock}},
		// A variant the product does not come in: the ones it does.
		{name: "N1 mugs in purple", order: "#1006", email: samuel,
			text: "can i get the mugs in purple?", noProposal: true, facts: [][]string{{"charcoal"}}, unsaid: []string{"purple is in stock"}},
		{name: "N2 candle for lavender", order: "#1005", email: grace,
			text: "swap the candle for lavender", noProposal: true, facts: [][]string{{"cedar"}}},
		{name: "N3 mug in green", order: "#1004", email: tom,
			text: "do you have the mug in green", noProposal: true, facts: [][]string{{"sea glass"}}, notTools: noDocs},
		{name: "N4 throw in red", order: "#1002", email: priya,
			text: "is the throw available in red?", noProposal: true, facts: [][]string{{"sage", "oatmeal"}}, notTools: noDocs},
		// A variant at another price: no straight exchange.
		{name: "P1 16 oz charcoal", order: "#1004", email: tom,
			text: "can i swap the mugs for the 16 oz charcoal", noProposal: true, facts: [][]string{{"16 oz"}}},
		// A yes runs the stated exchange once.
		{name: "Y1 charcoal then yes", order: "#1006", email: samuel,
			text: "swap the sea glass mugs for charcoal", stated: toCharcoal, then: "yes", ran: "Charcoal / 12 oz"},
		// "the sea salt one" of two sea salt candles: one, stated "1 ×"
		// before the yes (pkg/agent's rule for a singular).
		{name: "Y2 unscented then yes please", order: "#1005", email: grace,
			text: "swap the sea salt one for unscented?", stated: "for 1 × Beeswax Pillar Candle (Unscented)", then: "yes please", ran: "Unscented"},
		{name: "Y3 in stock question while it waits, then yes", order: "#1006", email: samuel, before: []string{"swap the mugs for charcoal"},
			text: "wait is it actually in stock?", facts: [][]string{inStock}, then: "ok yes", ran: "Charcoal / 12 oz"},
		{name: "Y4 no, the sand one then", order: "#1004", email: tom, before: []string{"swap the mugs for sea glass"},
			text: "no, the sand one then", noProposal: true, facts: [][]string{{"sand"}, outOfStock}, then: "ok", ran: ""},
		// The trial's own messages (issue 18, fourteenth trial).
		{name: "T1 trial: only if charcoal in stock, during an exchange", order: "#1006", email: samuel, before: []string{"can i exchange the mugs for a different colour?"},
			text: "only if the charcoal one is in stock?", stated: toCharcoal, facts: [][]string{inStock}},
		{name: "T2 trial: sea salt for unscented", order: "#1011", email: elena,
			text: "swap the sea salt one for unscented?", stated: "for 1 × Beeswax Pillar Candle (Unscented)"},
		{name: "T3 trial: sea salt for unscented, two candles", order: "#1005", email: grace,
			text: "swap the sea salt one for unscented?", stated: "for 1 × Beeswax Pillar Candle (Unscented)"},
	}
	heldOutTable(t, "variant15", tests, func(c variant15Case) string { return c.name }, func(c variant15Case) string { return c.gap },
		func(t *testing.T, _ string, _ *resultLog, tc variant15Case) []string {
			base, log := heldoutStackOf(t, variant15Orders(t))
			return variant15Run(t, base, log, tc)
		})
}

// variant15Run holds one conversation and says what its last turn (and
// the turn after it) got wrong.
func variant15Run(t *testing.T, base string, log *resultLog, tc variant15Case) []string {
	t.Helper()
	c := chat(t, base, &log.toolLog, tc.order, tc.email)
	for _, s := range tc.before {
		c.say(s)
	}
	got := c.say(tc.text)
	var problems []string
	bad := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	if tc.tool != "" && !got.called(tc.tool) {
		bad("tools %v, want %s", got.toolNames(), tc.tool)
	}
	for _, n := range tc.notTools {
		if got.called(n) {
			bad("tools %v, want no %s", got.toolNames(), n)
		}
	}
	for _, a := range got.actions {
		status, _ := a["status"].(string)
		if status == "confirmed" || status == "done" {
			if tool, _ := a["tool"].(string); tool != toolname.VerifyCustomer && tool != toolname.Handover {
				bad("%s %s without a yes (actions %v)", tool, status, got.actions)
			}
		}
	}
	if p := got.proposed(); tc.noProposal && p != "" {
		bad("proposed %s, want nothing proposed (actions %v)", p, got.actions)
	}
	if tc.stated != "" {
		if !got.hasStatus(toolname.ExchangeItem, "proposed") {
			bad("actions %v, want an exchange proposed", got.actions)
		}
		if !strings.Contains(got.reply, tc.stated) {
			bad("reply %q does not state %q", got.reply, tc.stated)
		}
	}
	low := strings.ToLower(got.reply)
	for _, group := range tc.facts {
		found := false
		for _, f := range group {
			found = found || strings.Contains(low, strings.ToLower(f))
		}
		if !found {
			bad("reply %q holds none of %q", got.reply, group)
		}
	}
	for _, u := range tc.unsaid {
		if strings.Contains(low, strings.ToLower(u)) {
			bad("reply %q says %q", got.reply, u)
		}
	}
	if tc.then != "" {
		c.say(tc.then)
		var ran []string
		for _, a := range shopActions(t, base) {
			if a["type"] != "exchange" {
				bad("the shop ran %v, want only an exchange", a["type"])
				continue
			}
			d, _ := a["detail"].(map[string]any)
			x, _ := d["exchange_for"].(map[string]any)
			v, _ := x["variant"].(string)
			ran = append(ran, v)
		}
		switch {
		case tc.ran == "" && len(ran) > 0:
			bad("after %q the shop ran exchanges for %q, want none", tc.then, ran)
		case tc.ran != "" && (len(ran) != 1 || ran[0] != tc.ran):
			bad("after %q the shop ran exchanges for %q, want one for %q", tc.then, ran, tc.ran)
		}
	}
	return problems
}

// variant15Orders are the demo orders with every shipment of the orders
// whose items these cases exchange delivered on 2026-12-02, inside the
// return window: an exchange is for an item the customer has.
func variant15Orders(t *testing.T) fs.FS {
	t.Helper()
	src := events.DemoOrders()
	delivered := map[string]bool{"1002.json": true, "1004.json": true, "1005.json": true, "1011.json": true}
	out := fstest.MapFS{}
	if err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		if base := p[strings.LastIndex(p, "/")+1:]; delivered[base] {
			var o map[string]any
			if err := json.Unmarshal(b, &o); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			fs, _ := o["fulfillments"].([]any)
			for _, f := range fs {
				f := f.(map[string]any)
				f["shipment_status"] = "delivered"
				f["updated_at"] = "2026-12-02T10:00:00-05:00"
			}
			o["fulfillment_status"] = "fulfilled"
			if b, err = json.Marshal(o); err != nil {
				return err
			}
		}
		out[p] = &fstest.MapFile{Data: b}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}
