package offline_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// facts11: questions about a fact of the customer's own order that the
// tools already give (a line's variant, the tax, a refund's amount and
// date, the account's orders, one parcel of two) were answered with the
// tracking status or a guide passage (no-context trials). Each is answered
// from this conversation's tool results, with the right item, variant,
// amount or date; a fact no tool holds gets no nearby fact in its place.
type f11case struct {
	name, order, email string
	before             []string // what the customer said first
	text               string
	tool               string   // a tool the turn (or a turn before it) calls; "" none in particular
	want               []string // facts the reply must give ("a|b": either; see f11facts)
	not                []string // facts the reply must not give
	missing            bool     // a fact no tool holds: no docs, no status, no amount
	docsOK             bool     // the docs may add to the answer (how refunds reach a card)
	gap                string
}

const (
	f11maya   = "maya.okafor@example.com"
	f11priya  = "priya.natarajan@example.com"
	f11daniel = "daniel.reyes@example.com"
	f11tom    = "tom.becker@example.com"
	f11grace  = "grace.liu@example.com"
	f11samuel = "samuel.whitfield@example.com"
	f11olivia = "olivia.brandt@example.com"
	f11marcus = "marcus.johnson@example.com"
	f11elena  = "elena.petrova@example.com"
)

var facts11Cases = []f11case{
	// A line's variant: scent, colour, size.
	{name: "scent of candle", order: "#1003", email: f11daniel, text: "what scent is the candle i got", want: []string{"Cedar & Smoke"}, not: []string{"Sea Salt"}},
	{name: "candle colour typo", order: "#1003", email: f11daniel, text: "wich candle colour did i choose lol", want: []string{"Cedar & Smoke"}, not: []string{"Sea Salt"}},
	{name: "skillet size", order: "#1003", email: f11daniel, text: "is the skilet 10 or 12 inch", want: []string{"10 inch"}},
	{name: "did i order 12 inch", order: "#1003", email: f11daniel, text: "did i order the 12 inch pan??", want: []string{"10 inch"}},
	{name: "grace scent", order: "#1005", email: f11grace, text: "what scent were the candles", want: []string{"Sea Salt & Fig"}, not: []string{"Cedar"}},
	{name: "throw colour", order: "#1005", email: f11grace, text: "which colour throw did i order", want: []string{"Oatmeal"}, not: []string{"Slate"}},
	{name: "priya throw colour", order: "#1002", email: f11priya, text: "what color is the throw blanket i bought?", want: []string{"Slate Blue"}, not: []string{"Oatmeal"}},
	{name: "mug size", order: "#1004", email: f11tom, text: "what size are the mugs i ordered", want: []string{"12 oz"}},
	{name: "mug colour phone", order: "#1004", email: f11tom, text: "wat colour r the mugs i got", want: []string{"Charcoal"}, not: []string{"Sea Glass"}},
	{name: "elena scents", order: "#1011", email: f11elena, text: "what scents did i pick", want: []string{"Cedar & Smoke", "Sea Salt & Fig"}},
	{name: "board size", order: "#1004", email: f11tom, text: "the serving board, which size was it again", want: []string{"Large"}},
	{name: "filters pack", order: "#1001", email: f11maya, text: "how many filters come in the pack i ordered", want: []string{"Pack of 100"}},
	// Quantity and unit price.
	{name: "how many mugs", order: "#1006", email: f11samuel, text: "hoe many mugs did i order", want: []string{"2", "Sea Glass"}},
	{name: "per mug", order: "#1006", email: f11samuel, text: "what did i pay per mug", want: []string{"$24.00"}},
	{name: "how many candles", order: "#1005", email: f11grace, text: "how many candles did i buy", want: []string{"2"}},
	// Tax.
	{name: "was there tax", order: "#1003", email: f11daniel, text: "was there tax", want: []string{"$6.52"}},
	{name: "how much tax", order: "#1001", email: f11maya, text: "how much tax did i pay", want: []string{"$4.56"}},
	{name: "sales tax", order: "#1001", email: f11maya, text: "did you charge me sales tax?", want: []string{"$4.56"}},
	{name: "no tax", order: "#1004", email: f11tom, text: "was i charged any tax on this", want: []string{"$0.00|no tax"}, not: []string{"$94.00"}},
	{name: "tax on it", order: "#1002", email: f11priya, text: "whats the tax on it", want: []string{"$9.74"}},
	{name: "total incl tax", order: "#1001", email: f11maya, text: "what was my total incl tax?", want: []string{"$85.51"}},
	// A refund's amount and date.
	{name: "refund how much and when", order: "#1008", email: f11daniel, before: []string{"did my refund go through"}, text: "how much was it and when", want: []string{"$128.40", "@refund_date"}},
	{name: "when refunded how much", order: "#1009", email: f11olivia, text: "when did i get refunded and how much", want: []string{"$103.64", "@refund_date"}},
	// Trial 16: a reply listing "check on a refund" made the price the refund's.
	{name: "price after capabilities list", order: "#1001", email: f11maya, before: []string{"hmm no dont cancel, keep it"}, text: "how much did i pay for the filters", want: []string{"$9.56"}, not: []string{"refund"}},
	{name: "es price after capabilities list", order: "#1004", email: f11tom, before: []string{"hmm no dont cancel, keep it"}, text: "cuánto pagué por las tazas?", want: []string{"$48.00"}},
	{name: "what did i get back", order: "#1009", email: f11olivia, before: []string{"was my order cancelled?"}, text: "what did i get back", want: []string{"$103.64"}},
	// The account's own orders.
	{name: "all orders", order: "#1001", email: f11maya, text: "show me all orders on this account", tool: toolname.ListOrders, want: []string{"#1001", "#1007"}},
	{name: "list my orders", order: "#1003", email: f11daniel, text: "can u list my orders pls", tool: toolname.ListOrders, want: []string{"#1003", "#1008"}},
	{name: "every order i placed", order: "#1003", email: f11daniel, text: "what orders have i placed with you", tool: toolname.ListOrders, want: []string{"#1003", "#1008"}},
	// One parcel of two.
	{name: "expedite candles", order: "#1011", email: f11elena, text: "can you expedite the candles", want: []string{"@parcel:Beeswax Pillar Candle"}, not: []string{"@other:Beeswax Pillar Candle"}},
	{name: "hurry skillet", order: "#1010", email: f11marcus, text: "can you hurry up the skillet please", want: []string{"@parcel:Cast-Iron Skillet"}, not: []string{"@other:Cast-Iron Skillet"}},
	{name: "speed up throw", order: "#1010", email: f11marcus, text: "can you speed up the throw? need it by friday", want: []string{"@parcel:Stonewashed Linen Throw"}, not: []string{"@other:Stonewashed Linen Throw"},
		gap: "'need it by friday' beside it goes to the docs"},
	// Follow-ups after a first turn.
	{name: "after status scent", order: "#1003", email: f11daniel, before: []string{"where is my order"}, text: "and what scent was the candle", want: []string{"Cedar & Smoke"}},
	{name: "after status which candles", order: "#1011", email: f11elena, before: []string{"hi wheres my stuff"}, text: "which candles did i get again", want: []string{"Cedar & Smoke", "Sea Salt & Fig"}},
	{name: "after status tax", order: "#1005", email: f11grace, before: []string{"has it shipped?"}, text: "ok and how much was the tax", want: []string{"$16.76"}},
	// Spanish, German, French.
	{name: "es scent", order: "#1005", email: f11grace, text: "qué aroma de vela pedí?", want: []string{"Sea Salt & Fig"}},
	{name: "es tax", order: "#1001", email: f11maya, text: "cuánto pagué de impuestos?", want: []string{"$4.56"}},
	{name: "es refund", order: "#1009", email: f11olivia, text: "cuánto me devolvieron y cuándo?", want: []string{"$103.64", "@refund_date"}},
	{name: "de scent", order: "#1003", email: f11daniel, text: "welchen Duft hat die Kerze, die ich bestellt habe?", want: []string{"Cedar & Smoke"}},
	{name: "de orders", order: "#1003", email: f11daniel, text: "zeig mir alle meine bestellungen", tool: toolname.ListOrders, want: []string{"#1003", "#1008"}},
	{name: "de tax", order: "#1004", email: f11tom, text: "gab es steuern auf meiner bestellung?", want: []string{"$0.00"}},
	{name: "fr size", order: "#1003", email: f11daniel, text: "la poêle c'est la 10 pouces ou la 12 ?", want: []string{"10 inch"}},
	{name: "fr colour", order: "#1002", email: f11priya, text: "de quelle couleur est le plaid que j'ai commandé ?", want: []string{"Slate Blue"}},
	{name: "fr orders", order: "#1001", email: f11maya, text: "quelles sont toutes mes commandes ?", tool: toolname.ListOrders, want: []string{"#1001", "#1007"}},
	{name: "fr refund", order: "#1009", email: f11olivia, text: "combien m'avez-vous remboursé et quand ?", want: []string{"$103.64", "@refund_date"}},
	// A fact no tool holds: no nearby fact in its place.
	{name: "which card", order: "#1003", email: f11daniel, text: "which card did i pay with", missing: true},
	{name: "parcel weight", order: "#1001", email: f11maya, text: "how heavy is my package", missing: true},
	{name: "es card", order: "#1003", email: f11daniel, text: "con qué tarjeta pagué?", missing: true},
	// A card named for a refund is the refund's question, not the card's.
	{name: "refund to card", order: "#1009", email: f11olivia, text: "when will the refund show on my card?", tool: toolname.RefundStatus, docsOK: true},
	{name: "de refund to card", order: "#1009", email: f11olivia, text: "wann ist das geld wieder auf meiner karte?", tool: toolname.RefundStatus, docsOK: true},
	{name: "de card", order: "#1003", email: f11daniel, text: "mit welcher karte hab ich bezahlt?", missing: true},
}

func TestFacts11(t *testing.T) {
	heldOutTable(t, "facts11", facts11Cases, func(c f11case) string { return c.name },
		func(c f11case) string { return c.gap }, facts11Run)
}

// facts11Run runs one case and says what was not answered.
func facts11Run(t *testing.T, base string, log *resultLog, tc f11case) []string {
	c := chat(t, base, &log.toolLog, tc.order, tc.email)
	log.mu.Lock()
	start := len(log.results)
	log.mu.Unlock()
	var tools []string
	for _, s := range tc.before {
		tools = append(tools, c.say(s).toolNames()...)
	}
	got := c.say(tc.text)
	tools = append(tools, got.toolNames()...)
	log.mu.Lock()
	results := append([]toolResult(nil), log.results[start:]...)
	log.mu.Unlock()
	reply := strings.ToLower(got.reply)
	var problems []string
	if got.reply == "" {
		return []string{"no reply"}
	}
	if tc.tool != "" && !strings.Contains(strings.Join(tools, " "), tc.tool) {
		problems = append(problems, fmt.Sprintf("tools %v, want %s", tools, tc.tool))
	}
	if got.called(toolname.SearchDocs) && !tc.docsOK {
		problems = append(problems, fmt.Sprintf("tools %v: a fact of the order, not the docs", got.toolNames()))
	}
	for _, w := range tc.want {
		alts := f11facts(w, results)
		if len(alts) == 0 {
			problems = append(problems, fmt.Sprintf("no tool result holds %s", w))
			continue
		}
		if !f11says(reply, alts) {
			problems = append(problems, fmt.Sprintf("reply %q does not say %q", got.reply, alts))
		}
	}
	for _, n := range tc.not {
		for _, f := range f11facts(n, results) {
			if f11says(reply, []string{f}) {
				problems = append(problems, fmt.Sprintf("reply %q says %q", got.reply, f))
			}
		}
	}
	wantsStatus := false
	for _, w := range tc.want {
		wantsStatus = wantsStatus || strings.HasPrefix(w, "@parcel:")
	}
	if !wantsStatus {
		// A question about a fact of the order is not the tracking status.
		var st []string
		for _, r := range results {
			if r.tool == toolname.TrackOrder {
				st = append(st, statusFacts(r.content)...)
			}
		}
		for _, f := range st {
			if strings.Contains(got.reply, f) {
				problems = append(problems, fmt.Sprintf("reply %q gives the status (%s), not the fact asked", got.reply, f))
				break
			}
		}
	}
	if tc.missing && regexp.MustCompile(`\$\d`).MatchString(got.reply) {
		problems = append(problems, fmt.Sprintf("reply %q gives an amount for a fact no tool holds", got.reply))
	}
	return problems
}

// f11says reports whether reply holds one of alts; a figure alone must
// stand as a word ("2" is not the 2 of "$24.00").
func f11says(reply string, alts []string) bool {
	for _, a := range alts {
		a = strings.ToLower(a)
		if regexp.MustCompile(`^\d+$`).MatchString(a) {
			if regexp.MustCompile(`(^|[^\d$.,])` + a + `([^\d.,]|$|[.,]\D|[.,]$)`).MatchString(reply) {
				return true
			}
			continue
		}
		if strings.Contains(reply, a) {
			return true
		}
	}
	return false
}

// f11facts are the strings one of which a reply must hold for w: w's
// alternatives, or what this conversation's results say for
// @refund_date (a refund's date), @parcel:T (a status fact of the parcel
// holding T) and @other:T (the status facts of parcels without T).
func f11facts(w string, results []toolResult) []string {
	switch {
	case w == "@refund_date":
		var out []string
		for _, r := range results {
			if r.tool != toolname.RefundStatus {
				continue
			}
			var res struct {
				Refunds []struct {
					Date string `json:"date"`
				} `json:"refunds"`
			}
			_ = json.Unmarshal(r.content, &res)
			for _, x := range res.Refunds {
				out = append(out, x.Date)
				// "Wed, Nov 18, 2026": its month and day will do.
				if p := strings.Split(x.Date, ", "); len(p) == 3 {
					out = append(out, p[1])
				}
			}
		}
		return out
	case strings.HasPrefix(w, "@parcel:"), strings.HasPrefix(w, "@other:"):
		title := w[strings.Index(w, ":")+1:]
		holds := strings.HasPrefix(w, "@parcel:")
		var mine, others []string
		for _, r := range results {
			if r.tool != toolname.TrackOrder {
				continue
			}
			var res struct {
				Parcels []map[string]any `json:"parcels"`
			}
			_ = json.Unmarshal(r.content, &res)
			for _, p := range res.Parcels {
				b, _ := json.Marshal(p["items"])
				facts := statusFacts(mustJSON(map[string]any{"parcels": []any{p}}))
				if strings.Contains(string(b), title) {
					mine = append(mine, facts...)
				} else {
					others = append(others, facts...)
				}
			}
		}
		if holds {
			return mine
		}
		var out []string
		for _, f := range others {
			shared := false
			for _, m := range mine {
				shared = shared || m == f
			}
			if !shared {
				out = append(out, f)
			}
		}
		return out
	}
	return strings.Split(w, "|")
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
