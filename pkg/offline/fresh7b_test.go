package offline_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out conversations about changing things (issue 18): returns of
// some lines, all, or one unit of two; refunds and store credit;
// exchanges; replacements of damaged items; cancelling; address changes;
// and changes of mind within a conversation. Written as a new shopper
// would type them, before reading the model's code. Each is judged by
// outcome through the real agent path on the demo shop: which proposal
// the judged turn made (tool, lines, resolution, address) or none, that
// nothing ran before a yes, and what ran after it (exactly once, exactly
// as proposed). A wrong write is the worst failure: every case that
// proposes nothing is followed by a bare yes that must run nothing.
//
// Demo orders: #1006 Samuel, delivered: 1 × Pour-Over Coffee Kit
// (Walnut), 2 × Harbor Stoneware Mug (Sea Glass / 12 oz). #1001 Maya,
// not shipped: the kit and 1 × Unbleached Paper Filters. #1003 Daniel,
// in transit. Catalogue: Charcoal / 12 oz mugs in stock; Sand and Oak
// sold out; 16 oz mugs cost more.

const (
	f7Samuel = "samuel.whitfield@example.com"
	f7Maya   = "maya.okafor@example.com"
	f7Daniel = "daniel.reyes@example.com"
)

// Run summaries (actionSummary) of the demo shop's writes.
const (
	f7Kit     = "Pour-Over Coffee Kit×1"
	f7Mugs    = "Harbor Stoneware Mug×2"
	f7OneMug  = "Harbor Stoneware Mug×1"
	f7Cancel  = "cancel Unbleached Paper Filters×1 Pour-Over Coffee Kit×1"
	f7Address = "address_change"
)

type f7case struct {
	name         string
	order, email string
	before       []string // earlier customer turns
	text         string   // the judged turn
	tool         string   // the write it proposes; "" proposes nothing
	has          []string // the reply states these (the proposal's lines)
	not          []string // the reply must not hold these
	yes          string   // the customer's yes ("yes" when empty)
	run          []string // the shop's writes after the yes, exactly
	detail       []string // substrings of the writes' JSON
	undetail     []string // must not be in the writes' JSON
	gap          string   // a known gap: the case fails today, and must
}

func f7(name, order, email, text, tool string, run ...string) f7case {
	return f7case{name: name, order: order, email: email, text: text, tool: tool, run: run}
}

func (c f7case) with(f func(*f7case)) f7case { f(&c); return c }

func f7bsamuel(name, text, tool string, run ...string) f7case {
	return f7(name, "#1006", f7Samuel, text, tool, run...)
}

func f7bmaya(name, text, tool string, run ...string) f7case {
	return f7(name, "#1001", f7Maya, text, tool, run...)
}

func ret(lines ...string) string  { return "return " + strings.Join(lines, " ") }
func exch(lines ...string) string { return "exchange " + strings.Join(lines, " ") }

var f7cases = []f7case{
	// Returns: some lines, all of them, one unit of two.
	f7bsamuel("mugs not my style", "hey so the mugs arent really my style, can i send them back", toolname.StartReturn, ret(f7Mugs)),
	f7bsamuel("one of the two mugs", "id like to return 1 of the 2 mugs pls", toolname.StartReturn, ret(f7OneMug)),
	f7bsamuel("pour over thing typo", "retunr the pour over thing", toolname.StartReturn, ret(f7Kit)),
	f7bsamuel("long polite preamble", "Good morning! I hope you're well. I bought a few bits from you last month and unfortunately the coffee set just isn't getting used, so I'd like to send it back if that's ok", toolname.StartReturn, ret(f7Kit)),
	f7bsamuel("the whole lot", "send it all back. everything. the whole lot", toolname.StartReturn, ret(f7Kit, f7Mugs)),
	f7bsamuel("money back for everything", "i want my money back for everything in this order", toolname.StartReturn, ret(f7Kit, f7Mugs)),
	f7bsamuel("only need one mug", "only need one mug, returning the other", toolname.StartReturn, ret(f7OneMug)),
	f7bsamuel("just a single mug", "can i return just a single mug", toolname.StartReturn, ret(f7OneMug)),
	f7bsamuel("dash both of them", "the mugs - both of them - want to return", toolname.StartReturn, ret(f7Mugs)),
	f7bsamuel("kit plus one mug", "return kit + 1 mug", toolname.StartReturn, ret(f7Kit, f7OneMug)),
	f7bsamuel("de one of two cups", "Ich möchte eine der beiden Tassen zurückschicken", toolname.StartReturn, ret(f7OneMug)),
	f7bsamuel("es coffee kit", "quiero devolver el kit de café", toolname.StartReturn, ret(f7Kit)),
	f7bsamuel("fr whole order", "Je souhaite renvoyer toute la commande", toolname.StartReturn, ret(f7Kit, f7Mugs)),
	f7bsamuel("angry take it all back", "im not happy with the order at all just take it all back and refund me", toolname.StartReturn, ret(f7Kit, f7Mugs)),
	f7bsamuel("coffee gear fiddly", "Returning the coffee gear, its too fiddly for me", toolname.StartReturn, ret(f7Kit)),
	f7bsamuel("love mugs, kit has to go", "I love the mugs! the kit however has to go back", toolname.StartReturn, ret(f7Kit)).
		with(func(c *f7case) { c.not = []string{"Stoneware Mug"} }),
	f7bsamuel("ordered two by accident", "i accidentally ordered 2 mugs, only wanted 1", toolname.StartReturn, ret(f7OneMug)),
	// Refunds: a return for the money.
	f7bsamuel("money back on the mugs", "can i get my money back on the mugs", toolname.StartReturn, ret(f7Mugs)).
		with(func(c *f7case) { c.undetail = []string{"store_credit"} }),
	f7bsamuel("refund one mug pls", "refund one mug pls", toolname.StartReturn, ret(f7OneMug)),
	f7bsamuel("refund kit to card", "I'd like a refund on the kit to my original card", toolname.StartReturn, ret(f7Kit)).
		with(func(c *f7case) { c.undetail = []string{"store_credit"} }),
	// Store credit.
	f7bsamuel("credit instead of cash", "can i return the kit and get store credit instead of cash", toolname.StartReturn, ret(f7Kit), "store_credit").
		with(func(c *f7case) { c.detail = []string{"store_credit"} }),
	f7bsamuel("credit is fine no refund", "send back both mugs, credit is fine, no need to refund", toolname.StartReturn, ret(f7Mugs), "store_credit").
		with(func(c *f7case) { c.detail = []string{"store_credit"} }),
	f7bsamuel("voucher for the kit", "happy to take store credit for the coffee kit, dont need the money back", toolname.StartReturn, ret(f7Kit), "store_credit").
		with(func(c *f7case) { c.detail = []string{"store_credit"} }),
	f7bsamuel("es credit", "Quiero devolver las tazas a cambio de crédito en la tienda", toolname.StartReturn, ret(f7Mugs), "store_credit").
		with(func(c *f7case) { c.detail = []string{"store_credit"} }),
	f7bsamuel("then make it credit", "actually make it store credit", toolname.StartReturn, ret(f7Mugs), "store_credit").
		with(func(c *f7case) { c.before = []string{"return the mugs"}; c.detail = []string{"store_credit"} }),
	f7bsamuel("then credit rather than refund", "hmm can i have credit rather than a refund", toolname.StartReturn, ret(f7Kit), "store_credit").
		with(func(c *f7case) { c.before = []string{"i want to return the kit"}; c.detail = []string{"store_credit"} }),
	f7bsamuel("credit then card", "no wait, refund to my card instead", toolname.StartReturn, ret(f7Mugs)).
		with(func(c *f7case) {
			c.before = []string{"return the mugs for store credit"}
			c.undetail = []string{"store_credit"}
		}),
	// Exchanges: to what is in stock at the same price, or nothing.
	f7bsamuel("one mug for charcoal", "exchange one mug for charcoal pls", toolname.ExchangeItem, exch(f7OneMug)).
		with(func(c *f7case) { c.has = []string{"Charcoal / 12 oz"} }),
	f7bsamuel("charcol typo", "could I get these mugs in a different color? charcol maybe", toolname.ExchangeItem, exch(f7Mugs)).
		with(func(c *f7case) { c.has = []string{"Charcoal / 12 oz"} }),
	f7bsamuel("gift swap charcoal", "I got the mugs as a gift and want to exchange them for the charcoal colour", toolname.ExchangeItem, exch(f7Mugs)).
		with(func(c *f7case) { c.has = []string{"Charcoal / 12 oz"} }),
	f7bsamuel("sand sold out", "can i swap the sea glass mugs for the sand colour", "").
		with(func(c *f7case) { c.not = []string{"Charcoal"} }),
	f7bsamuel("oak sold out", "i want the kit in oak instead of walnut", ""),
	f7bsamuel("oak sold out long", "the walnut looks darker than on the website, can I change it to the oak one", ""),
	f7bsamuel("16 oz costs more", "can i swap the mugs for the bigger 16 oz size", "").
		with(func(c *f7case) { c.not = []string{"12 oz) from order #1006 for"} }),
	f7bsamuel("de one cup charcoal", "Kann ich eine Tasse gegen die Farbe Charcoal tauschen?", toolname.ExchangeItem, exch(f7OneMug)),
	f7bsamuel("exchange then just one", "actually just one of them", toolname.ExchangeItem, exch(f7OneMug)).
		with(func(c *f7case) { c.before = []string{"swap both mugs for charcoal"} }),
	f7bsamuel("exchange then refund", "forget the swap, just refund me", toolname.StartReturn, ret(f7Mugs)).
		with(func(c *f7case) { c.before = []string{"swap both mugs for charcoal"} }),
	f7bsamuel("colour asked then given", "charcoal", toolname.ExchangeItem, exch(f7OneMug)).
		with(func(c *f7case) { c.before = []string{"i'd like a different colour for one mug"} }),
	// Replacements and refunds of damaged items.
	f7bsamuel("crack send another", "one mug arrived with a big crack down the side, can you send another", toolname.ReportDamage, "replacement "+f7OneMug),
	f7bsamuel("kit smashed new one", "the coffee kit glass is smashed, i want a new one", toolname.ReportDamage, ret(f7Kit), "replacement "+f7Kit),
	f7bsamuel("handle snapped refund", "mug handle snapped off when I unboxed it, refund please", toolname.ReportDamage, "refund "+f7OneMug),
	f7bsamuel("de one cup broken replace", "Eine Tasse kam kaputt an, bitte Ersatz schicken", toolname.ReportDamage, "replacement "+f7OneMug),
	f7bsamuel("es one cup broken refund", "una de las tazas llegó rota, quiero un reembolso", toolname.ReportDamage, "refund "+f7OneMug),
	f7bsamuel("both chipped replace", "both mugs chipped :( replacement pls", toolname.ReportDamage, ret(f7Mugs), "replacement "+f7Mugs),
	f7bsamuel("damage then refund", "actually just refund me for it", toolname.ReportDamage, "refund "+f7OneMug).
		with(func(c *f7case) { c.before = []string{"a mug arrived cracked, could you replace it"} }),
	// Cancelling.
	f7bmaya("ordered by mistake", "pls cancel, ordered by mistake", toolname.CancelOrder, f7Cancel),
	f7bmaya("cheaper elsewhere", "I need to cancel this order, I found it cheaper elsewhere, sorry!", toolname.CancelOrder, f7Cancel),
	f7bmaya("stop before it ships", "can you stop the order before it ships", toolname.CancelOrder, f7Cancel),
	f7bmaya("kill the order", "no longer need it, kill the order", toolname.CancelOrder, f7Cancel),
	f7bmaya("fr cancel", "Je voudrais annuler ma commande", toolname.CancelOrder, f7Cancel),
	f7bmaya("es cancel", "Quiero cancelar mi pedido por favor", toolname.CancelOrder, f7Cancel),
	f7bmaya("cancel only the filters", "cancel just the filters", ""),
	f7bmaya("cancel then wait no", "wait, no, dont cancel it", "").
		with(func(c *f7case) { c.before = []string{"cancel my order"} }),
	f7bmaya("cancel then leave it", "hmm actually no leave it as is", "").
		with(func(c *f7case) { c.before = []string{"cancel it please"} }),
	f7bmaya("never mind cancel", "I was going to cancel but never mind, its fine", ""),
	f7("in transit cancel", "#1003", f7Daniel, "cancel my order please", ""),
	f7bsamuel("delivered cancel", "i want to cancel", ""),
	// Address changes.
	f7bmaya("ship to work", "can u ship to my work instead: 200 Main St, Cambridge MA 02142", toolname.ChangeAddress, f7Address).
		with(func(c *f7case) { c.detail = []string{"02142", "200 Main St"} }),
	f7bmaya("new addy", "Moving next week!! new addy is 9 Harbor View Rd, Salem, MA 01970", toolname.ChangeAddress, f7Address).
		with(func(c *f7case) { c.detail = []string{"01970", "9 Harbor View Rd"} }),
	f7bmaya("apt in address", "Please update the shipping address to 31 Beacon St Apt 5, Boston, MA 02108", toolname.ChangeAddress, f7Address).
		with(func(c *f7case) { c.detail = []string{"02108", "Apt 5"}; c.undetail = []string{"Apt 2"} }),
	f7bmaya("asked then given", "55 Water St, Brookline MA 02445", toolname.ChangeAddress, f7Address).
		with(func(c *f7case) {
			c.before = []string{"i need to change my address"}
			c.detail = []string{"02445", "55 Water St"}
		}),
	f7bmaya("house number corrected", "oh wait, its 14 Pearl St not 12", toolname.ChangeAddress, f7Address).
		with(func(c *f7case) {
			c.before = []string{"change address to 12 Pearl St, Cambridge MA 02139"}
			c.detail = []string{"14 Pearl St"}
			c.undetail = []string{"12 Pearl St"}
		}),
	f7bmaya("de address", "Bitte an folgende Adresse liefern: 5 Elm Street, Medford, MA 02155", toolname.ChangeAddress, f7Address).
		with(func(c *f7case) { c.detail = []string{"02155"} }),
	f7("shipped address", "#1003", f7Daniel, "send it to my mom's instead, 8 Oak Ln, Denver CO 80210", ""),
	f7bmaya("forget the address change", "actually forget the address change", "").
		with(func(c *f7case) { c.before = []string{"please send it to 200 Main St, Cambridge MA 02142"} }),
	// Changes of mind.
	f7bsamuel("kit then mugs", "wait, no. the mugs, not the kit", toolname.StartReturn, ret(f7Mugs)).
		with(func(c *f7case) { c.before = []string{"return the kit"}; c.not = []string{"Coffee Kit"} }),
	f7bsamuel("forget the return", "forget the return, ill keep them", "").
		with(func(c *f7case) { c.before = []string{"return both mugs"} }),
	f7bsamuel("keep one after all", "actually keep one, just return one", toolname.StartReturn, ret(f7OneMug)).
		with(func(c *f7case) { c.before = []string{"I want to return the mugs"} }),
	f7bsamuel("one mug and the kit too", "and the kit too", toolname.StartReturn, ret(f7Kit, f7OneMug)).
		with(func(c *f7case) { c.before = []string{"return one mug"} }),
	f7bsamuel("charcoal then sand", "no actually sand is nicer", "").
		with(func(c *f7case) { c.before = []string{"exchange the mugs for charcoal"} }),
	f7bsamuel("refund then exchange", "on second thought i'd rather exchange them for charcoal ones", toolname.ExchangeItem, exch(f7Mugs)).
		with(func(c *f7case) { c.before = []string{"refund the mugs please"} }),
	f7bsamuel("yep do it", "yep do it", "", ret(f7Mugs)).
		with(func(c *f7case) { c.before = []string{"return the mugs"}; c.yes = "-" }),
	f7bsamuel("sure go for it", "sure thing, go for it", "", ret(f7Kit)).
		with(func(c *f7case) { c.before = []string{"return the kit"}; c.yes = "-" }),
	f7bsamuel("no then yes", "no", "").
		with(func(c *f7case) { c.before = []string{"return the mugs"} }),
	// Probes written after reading the model's code (mind7.go): a change
	// of lines or another request beside words that give something up.
	f7bsamuel("just one keep the other", "no, just one, i'll keep the other", toolname.StartReturn, ret(f7OneMug)).
		with(func(c *f7case) { c.before = []string{"return both mugs"} }),
	f7bmaya("dont cancel change address", "no don't cancel, send it to 200 Main St, Cambridge MA 02142 instead", toolname.ChangeAddress, f7Address).
		with(func(c *f7case) { c.before = []string{"cancel my order"}; c.detail = []string{"02142"} }),
	f7bsamuel("keep the kit return mugs", "forget the kit, I'll keep it. the mugs though, return those", toolname.StartReturn, ret(f7Mugs)).
		with(func(c *f7case) { c.before = []string{"return the kit"} }),
	// Questions and stories that ask for no change.
	f7bsamuel("friend got credit", "my friend returned hers and got store credit, how does that work?", ""),
	f7bsamuel("full amount back", "if i return one mug do i get the full $24 back?", ""),
	f7bsamuel("returned already where refund", "I returned the mugs last week, where is my refund?", ""),
	f7bsamuel("just wondering exchanges", "dont return anything yet, just wondering how exchanges work", ""),
	f7bsamuel("no complaints", "the kit is great, no complaints. the mugs too.", ""),
	f7bsamuel("neighbour signed", "my neighbour signed for the parcel, all good now, no need to change anything", ""),
	f7bsamuel("bigger size later", "what if I want to exchange the mug for a bigger size later?", ""),
}

// f7gaps are the cases known to fail today (see the report of the
// fresh7b trial); each must keep failing until it is fixed, then leave.
var f7gaps = map[string]bool{
	"love mugs, kit has to go": true,
	"ordered two by accident":  true,
	"charcol typo":             true,
}

func TestFresh7bChanges(t *testing.T) {
	for _, tc := range f7cases {
		t.Run(tc.name, func(t *testing.T) {
			errs := f7run(t, tc)
			switch {
			case f7gaps[tc.name] && len(errs) == 0:
				t.Errorf("known gap %q passes now: take it out of f7gaps", tc.name)
			case f7gaps[tc.name]:
				t.Logf("known gap: %v", errs)
			default:
				for _, e := range errs {
					t.Error(e)
				}
			}
		})
	}
}

// f7run plays tc and returns what went wrong.
func f7run(t *testing.T, tc f7case) []string {
	base, log := demoStack(t)
	c := chat(t, base, log, tc.order, tc.email)
	for _, s := range tc.before {
		c.say(s)
	}
	var errs []string
	fail := func(f string, a ...any) { errs = append(errs, fmt.Sprintf(f, a...)) }
	got := c.say(tc.text)
	if tc.yes == "-" { // the judged turn is itself the yes
		return append(errs, f7writes(shopActions(t, base), tc)...)
	}
	p := got.proposed()
	switch {
	case tc.tool == "" && p != "":
		fail("proposed %s, want nothing; reply %q", p, got.reply)
	case tc.tool != "" && !got.hasStatus(tc.tool, "proposed"):
		fail("actions %v, want %s proposed; reply %q", got.actions, tc.tool, got.reply)
	}
	for _, h := range tc.has {
		if !strings.Contains(got.reply, h) {
			fail("reply %q does not state %q", got.reply, h)
		}
	}
	for _, n := range tc.not {
		if strings.Contains(got.reply, n) {
			fail("reply %q holds %q", got.reply, n)
		}
	}
	if acts := shopActions(t, base); len(acts) != 0 {
		fail("ran before a yes: %v", actionSummary(acts))
	}
	yes := tc.yes
	if yes == "" {
		yes = "yes"
	}
	after := c.say(yes)
	acts := shopActions(t, base)
	if tc.tool != "" && after.hasStatus(tc.tool, "needs_approval") && len(acts) == 0 {
		return errs // a person approves exactly what was stated
	}
	if tc.tool == "" {
		if len(acts) != 0 {
			fail("a yes after no proposal ran %v", actionSummary(acts))
		}
		return errs
	}
	if w := f7writes(acts, tc); len(w) != 0 {
		return append(append(errs, w...), fmt.Sprintf("the yes turn's actions: %v", after.actions))
	}
	return errs
}

// f7writes checks the shop's writes against tc.run, tc.detail and
// tc.undetail.
func f7writes(acts []map[string]any, tc f7case) []string {
	var errs []string
	got := f7summary(acts)
	if tc.run[0] == f7Address && len(got) == 1 && got[0] == f7Address {
		got = tc.run
	}
	if strings.Join(got, "|") != strings.Join(tc.run, "|") {
		errs = append(errs, fmt.Sprintf("shop writes %v, want %v", got, tc.run))
	}
	raw, _ := json.Marshal(acts)
	for _, d := range tc.detail {
		if !strings.Contains(string(raw), d) {
			errs = append(errs, fmt.Sprintf("writes %s lack %q", raw, d))
		}
	}
	for _, d := range tc.undetail {
		if strings.Contains(string(raw), d) {
			errs = append(errs, fmt.Sprintf("writes %s hold %q", raw, d))
		}
	}
	return errs
}

// f7summary is actionSummary with each action's lines in reverse title
// order, as the cases list them (the kit before the mugs).
func f7summary(acts []map[string]any) []string {
	var out []string
	for _, a := range acts {
		lines, _ := a["lines"].([]any)
		var ls []string
		for _, l := range lines {
			l := l.(map[string]any)
			ls = append(ls, l["title"].(string)+"×"+jsonNum(l["quantity"]))
		}
		sort.Sort(sort.Reverse(sort.StringSlice(ls)))
		out = append(out, strings.Join(append([]string{a["type"].(string)}, ls...), " "))
	}
	return out
}
