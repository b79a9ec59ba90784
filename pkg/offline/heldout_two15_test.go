package offline_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// two15Case is one message holding two requests (or a request and a
// question), judged by outcome: the write stated (and on which order),
// the writes that must not be stated, the other request's trace (a read
// tool called for it, a write kept as the next request, or its facts in
// the reply), and what the shop ran after the customer's yes.
type two15Case struct {
	name         string
	order, email string
	before       []string // earlier customer turns
	text         string   // the judged message
	propose      string   // the write stated this turn ("" states nothing)
	proposeOrder string   // the order it is about ("" the conversation's)
	not          []string // writes that must not be stated this turn
	queued       string   // a write kept as the next request
	calls        []string // "tool" or "tool:#order": each called this turn
	says         [][]string
	yes          string   // the yes turn ("yes" when empty; "-" skips it)
	run          []string // shop writes after the yes, as "type #order"
	gap          string   // known gap: fails today, and must
}

// Held-out phrasings of two requests in one message (issue 18, class
// "two in one message; one is lost"), written before reading the model's
// code. Neither request may be dropped silently: each is stated, kept as
// the next request, or answered, and a yes runs exactly what was stated.
func TestHeldOutTwoInOne(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"
		daniel = "daniel.reyes@example.com"
		samuel = "samuel.whitfield@example.com"
	)
	shipping := []string{"7.95"}
	total := []string{"85.51"}
	address := []string{"address", "Address"}
	cases := []two15Case{
		// The trial's own messages.
		{name: "trial: cancel and change the address back", order: "#1001", email: maya,
			before:  []string{"please change the delivery address to 221 Pine Street, Portland, OR 97205", "yes"},
			text:    "pls cancel my order and also change the addres back to 48 Linden Street Apt 2, Somerville MA 02143",
			propose: toolname.CancelOrder, not: []string{toolname.ChangeAddress}, says: [][]string{address},
			run: []string{"cancel #1001"}},
		{name: "trial: just cancel, does the refund include shipping", order: "#1001", email: maya,
			before:  []string{"hi, has my order shipped yet?"},
			text:    "ok just cancel it. does the refund include the shipping?",
			propose: toolname.CancelOrder, says: [][]string{shipping, total}, run: []string{"cancel #1001"}},

		// cancel + address change: the cancel makes the address moot.
		{name: "cancel and new address, one turn", order: "#1001", email: maya,
			text:    "cancel the order and change the address to 221 Pine Street, Portland, OR 97205",
			propose: toolname.CancelOrder, not: []string{toolname.ChangeAddress}, says: [][]string{address},
			run: []string{"cancel #1001"}},
		{name: "typo'd cancel and adress", order: "#1001", email: maya,
			text:    "cancle my oder and chnage the adress to 9 Elm Road, Salem OR 97301 pls",
			propose: toolname.CancelOrder, not: []string{toolname.ChangeAddress}, says: [][]string{address},
			run: []string{"cancel #1001"}},
		{name: "de: stornieren und Adresse", order: "#1001", email: maya,
			text:    "Bitte stornieren Sie meine Bestellung und ändern Sie die Adresse auf 9 Elm Road, Salem OR 97301",
			propose: toolname.CancelOrder, not: []string{toolname.ChangeAddress}, says: [][]string{{"address", "Address", "Adresse"}},
			run: []string{"cancel #1001"}},
		{name: "address first, then cancel instead", order: "#1001", email: maya,
			before:  []string{"can you change my address to 9 Elm Road, Salem OR 97301"},
			text:    "actually forget that, cancel the whole thing. will i get the shipping back?",
			propose: toolname.CancelOrder, not: []string{toolname.ChangeAddress}, says: [][]string{shipping},
			run: []string{"cancel #1001"}},

		// cancel + a question about its refund.
		{name: "phone cancel, shipping back?", order: "#1001", email: maya,
			text:    "cancel pls. do i get shiping back too",
			propose: toolname.CancelOrder, says: [][]string{shipping}, run: []string{"cancel #1001"}},
		{name: "cancel, how much back", order: "#1001", email: maya,
			text:    "I'd like to cancel this order, how much will I get refunded?",
			propose: toolname.CancelOrder, says: [][]string{total}, run: []string{"cancel #1001"}},
		{name: "es: cancelar y envío", order: "#1001", email: maya,
			text:    "cancela mi pedido por favor, ¿me devuelven también el envío?",
			propose: toolname.CancelOrder, says: [][]string{shipping}, run: []string{"cancel #1001"}},
		{name: "de: stornieren und Versandkosten", order: "#1001", email: maya,
			text:    "Bitte stornieren Sie die Bestellung. Bekomme ich die Versandkosten zurück?",
			propose: toolname.CancelOrder, says: [][]string{shipping}, run: []string{"cancel #1001"}},
		{name: "fr: annuler et frais de port", order: "#1001", email: maya,
			text:    "annulez ma commande svp, est-ce que les frais de port sont remboursés ?",
			propose: toolname.CancelOrder, says: [][]string{shipping}, run: []string{"cancel #1001"}},
		{name: "cancel, and return rules", order: "#1001", email: maya,
			text:    "cancel order pls n also wat r ur return rules",
			propose: toolname.CancelOrder, says: [][]string{{"30 days"}}, run: []string{"cancel #1001"}},
		{name: "cancel, and do you ship abroad", order: "#1001", email: maya,
			text:    "can u cancel it? also do u guys ship to canada",
			propose: toolname.CancelOrder, says: [][]string{{"United States", "outside the US"}}, run: []string{"cancel #1001"}},
		{name: "yes and a shipping question", order: "#1001", email: maya,
			before: []string{"cancel my order please"},
			text:   "yes, and is the shipping refunded too?", yes: "-",
			says: [][]string{shipping}, run: []string{"cancel #1001"}},

		// cancel #A and the status of #B.
		{name: "cancel 1001, status of 1007", order: "#1001", email: maya,
			text:    "cancel 1001 and whats the status of 1007",
			propose: toolname.CancelOrder, proposeOrder: "#1001", calls: []string{toolname.TrackOrder + ":#1007"},
			says: [][]string{{"delivered", "Delivered"}}, run: []string{"cancel #1001"}},
		{name: "status of 1007 first, then cancel 1001", order: "#1007", email: maya,
			text:    "where's my skillet order at, and please cancel #1001",
			propose: toolname.CancelOrder, proposeOrder: "#1001", calls: []string{toolname.TrackOrder + ":#1007"},
			says: [][]string{{"delivered", "Delivered"}}, run: []string{"cancel #1001"}},
		{name: "cancel a shipped one, refund of the other", order: "#1003", email: daniel,
			text: "cancel #1003 and whats going on with my refund for #1008",
			not:  []string{toolname.CancelOrder}, calls: []string{toolname.RefundStatus + ":#1008"},
			says: [][]string{{"128.40"}, {"shipped", "on its way", "in transit", "In transit"}}, yes: "-"},
		{name: "did my refund go thru and cancel the other", order: "#1008", email: daniel,
			text: "did my refund go thru? and cancel 1003 pls",
			not:  []string{toolname.CancelOrder}, calls: []string{toolname.RefundStatus + ":#1008"},
			says: [][]string{{"128.40"}, {"shipped", "on its way", "in transit", "In transit"}}, yes: "-"},

		// a request about one order, and "where is my other order".
		{name: "return the skillet and where is my other order", gap: "the return is called for the other order the clause names, not the skillet's", order: "#1007", email: maya,
			text: "return the skillet and where is my other order",
			not:  []string{toolname.StartReturn}, calls: []string{toolname.TrackOrder + ":#1001"},
			says: [][]string{{"#1001"}, {"30 days", "return window"}}, yes: "-"},

		// address change + when will it arrive.
		{name: "change address and when will it arrive", order: "#1001", email: maya,
			text:    "can you change the shipping address to 221 Pine Street, Portland, OR 97205 and when will it arrive?",
			propose: toolname.ChangeAddress, says: [][]string{{"221 Pine"}, {"Dec", "business day"}},
			run: []string{"address_change #1001"}},
		{name: "typo'd address and wen arrive", gap: "\"wen\" is not read as \"when\": no track_order beside the address change", order: "#1001", email: maya,
			text:    "chnage adress to 9 Elm Road Salem OR 97301, wen will it arrive",
			propose: toolname.ChangeAddress, says: [][]string{{"9 Elm"}, {"Dec", "business day"}},
			run: []string{"address_change #1001"}},
		{name: "fr: adresse et quand", order: "#1001", email: maya,
			text:    "pouvez-vous changer l'adresse au 9 Elm Road, Salem OR 97301 ? et quand arrivera le colis ?",
			propose: toolname.ChangeAddress, says: [][]string{{"9 Elm"}, {"Dec", "business day"}},
			run: []string{"address_change #1001"}},
		{name: "where is it and change the address (shipped)", order: "#1003", email: daniel,
			text: "where's my parcel and can I change the delivery address to 5 Oak Lane, Denver CO 80205",
			not:  []string{toolname.ChangeAddress}, calls: []string{toolname.TrackOrder + ":#1003"},
			says: [][]string{{"1Z9HH4870345612786"}, address}, yes: "-"},

		// a return or damage + a question.
		{name: "return mugs, how long refund", order: "#1006", email: samuel,
			text:    "return the mugs pls, and how long does the refund take?",
			propose: toolname.StartReturn, says: [][]string{{"business days"}}, run: []string{"return #1006"}},
		{name: "typo'd return kit, when refund", gap: "a refund-timing question beside a return is not answered", order: "#1006", email: samuel,
			text:    "retrun the coffe kit and wen does my refund come",
			propose: toolname.StartReturn, says: [][]string{{"business days"}}, run: []string{"return #1006"}},
		{name: "es: devolver tazas y reembolso", gap: "a refund-timing question beside a return is not answered", order: "#1006", email: samuel,
			text:    "quiero devolver las tazas, ¿y cuándo llega el reembolso?",
			propose: toolname.StartReturn, says: [][]string{{"business days"}}, run: []string{"return #1006"}},
		{name: "return mugs and clean the kit", order: "#1006", email: samuel,
			text:    "return both mugs, and also how do I clean the coffee kit?",
			propose: toolname.StartReturn, says: [][]string{{"dishwasher", "soapy", "rinse", "Rinse"}}, run: []string{"return #1006"}},
		{name: "return kit and exchange mugs", order: "#1006", email: samuel,
			text:  "I want to return the coffee kit and also swap the mugs for a different colour",
			calls: []string{toolname.StartReturn}, says: [][]string{{"next", "Next", "colour", "color"}}, yes: "-"},

		// refund status + stock.
		{name: "refund status and back in stock", order: "#1008", email: daniel,
			text:  "wheres my refund? also is the linen throw back in stock",
			calls: []string{toolname.RefundStatus + ":#1008"}, says: [][]string{{"128.40"}, {"stock"}}, yes: "-"},
		{name: "de: Rückerstattung und Lager", gap: "a stock question in German is not looked up", order: "#1008", email: daniel,
			text:  "Wo bleibt meine Rückerstattung, und ist die Leinendecke wieder auf Lager?",
			calls: []string{toolname.RefundStatus + ":#1008"}, says: [][]string{{"128.40"}, {"stock", "Lager"}}, yes: "-"},
	}
	heldOutTable(t, "two-in-one", cases, func(c two15Case) string { return c.name }, func(c two15Case) string { return c.gap },
		func(t *testing.T, base string, log *resultLog, tc two15Case) []string {
			return two15Run(t, base, log, tc)
		})
}

// two15Type is the shop action a write tool's yes runs.
var two15Type = map[string]string{
	toolname.CancelOrder:   "cancel",
	toolname.ChangeAddress: "address_change",
	toolname.StartReturn:   "return",
}

func two15Run(t *testing.T, base string, log *resultLog, tc two15Case) []string {
	c := chat(t, base, &log.toolLog, tc.order, tc.email)
	c.log = &log.toolLog
	for _, s := range tc.before {
		c.say(s)
	}
	var errs []string
	fail := func(f string, a ...any) { errs = append(errs, fmt.Sprintf(f, a...)) }
	before := len(shopActions(t, base))
	got := c.say(tc.text)
	if tc.propose != "" {
		found := false
		for _, a := range got.actions {
			if a["tool"] == tc.propose && a["status"] == "proposed" && (tc.proposeOrder == "" || a["order"] == tc.proposeOrder) {
				found = true
			}
		}
		if !found {
			fail("actions %v: want %s proposed %s", got.actions, tc.propose, tc.proposeOrder)
		}
	}
	for _, n := range tc.not {
		if got.hasStatus(n, "proposed") {
			fail("%s proposed, want it not stated", n)
		}
	}
	if tc.queued != "" && !got.hasStatus(tc.queued, "queued_next") {
		fail("actions %v: want %s kept next", got.actions, tc.queued)
	}
	for _, want := range tc.calls {
		tool, ord, _ := strings.Cut(want, ":")
		ok := false
		for _, u := range got.tools {
			if u.Name != tool {
				continue
			}
			var in struct {
				Order string `json:"order_number"`
			}
			_ = json.Unmarshal(u.Input, &in)
			if in.Order == "" {
				in.Order = tc.order // the tool's default: the current order
			}
			if ord == "" || strings.TrimPrefix(in.Order, "#") == strings.TrimPrefix(ord, "#") {
				ok = true
			}
		}
		if !ok {
			fail("tools %v: want %s called", got.toolNames(), want)
		}
	}
	for _, alts := range tc.says {
		if !two15Holds(got.reply, alts) {
			fail("reply %q says none of %q", got.reply, alts)
		}
	}
	if tc.yes != "-" {
		if acts := shopActions(t, base); len(acts) != before {
			fail("ran before a yes: %v", two15Summary(acts[before:]))
		}
		yes := tc.yes
		if yes == "" {
			yes = "yes"
		}
		c.say(yes)
	}
	acts := shopActions(t, base)[before:]
	if g, w := strings.Join(two15Summary(acts), "|"), strings.Join(tc.run, "|"); g != w {
		fail("shop writes %q, want %q", g, w)
	}
	return errs
}

// two15Summary is each shop write's type and order.
func two15Summary(acts []map[string]any) []string {
	var out []string
	for _, a := range acts {
		out = append(out, fmt.Sprintf("%v %v", a["type"], a["order"]))
	}
	return out
}

// two15Holds reports whether reply holds one of alts, in any case.
func two15Holds(reply string, alts []string) bool {
	for _, a := range alts {
		if strings.Contains(strings.ToLower(reply), strings.ToLower(a)) {
			return true
		}
	}
	return false
}
