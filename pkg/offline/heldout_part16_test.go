package offline_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out phrasings for part16 (issue 18): a message of two or three
// questions about one order where a part is ignored or a nearby question
// is answered instead (the order's status and a fact of its lines: price,
// shipping paid, a line's colour, scent or size, quantity, when it ships,
// a delay), and questions about the customer's own details on the order
// (email, name, phone) that are reads, never an address change. Written
// before reading the offline model; judged by outcome: no proposal, no
// write called or run, no handover, the tools called on the right order,
// and the order's real facts in the reply.
//
// Demo facts used (the demo clock, demoStart): #1001 maya, unshipped,
// ships by Tue Dec 8, estimate Fri Dec 11 – Thu Dec 17, coffee kit
// (Walnut) 64.00, filters (Pack of 100), shipping 7.95, total 85.51.
// #1002 priya, label created with USPS, throw (Slate Blue) 118.00,
// shipping free. #1003 daniel, in transit with UPS 1Z9HH4870345612786,
// estimate Mon Dec 7 – Fri Dec 11, skillet (10 inch) 52.00, candle (Cedar
// & Smoke) 22.00, shipping 7.95, total 88.47. #1004 tom, out for delivery
// today, 2 mugs (Charcoal / 12 oz) at 24.00, board (Large) 46.00, free
// shipping. #1006 samuel, delivered, 2 mugs (Sea Glass / 12 oz). #1011
// elena, kit delivered, candles (Cedar & Smoke, Sea Salt & Fig) with UPS
// by Thu Dec 10, free shipping.
type part16Case struct {
	name   string
	order  string // the order the chat opens verified with
	email  string
	before []string // earlier customer turns
	text   string   // the judged message
	// calls: each tool ("tool" or "tool:#order") called in the judged turn.
	calls []string
	// notCalls: tools the judged turn must not call (besides every write).
	notCalls []string
	// says: each group, the reply holds one of them (case folded).
	says [][]string
	// unsaid: the reply holds none of them.
	unsaid []string
	gap    string
}

const (
	p16maya   = "maya.okafor@example.com"
	p16priya  = "priya.natarajan@example.com"
	p16daniel = "daniel.reyes@example.com"
	p16tom    = "tom.becker@example.com"
	p16samuel = "samuel.whitfield@example.com"
	p16elena  = "elena.petrova@example.com"
	p16marcus = "marcus.johnson@example.com"
)

var (
	// p16Ships1001 is #1001's ship-by day or its estimate.
	p16Ships1001 = []string{"Dec 8", "Dec 11", "Dec 17"}
	// p16Moving1003 is #1003's carrier, tracking number or estimate.
	p16Moving1003 = []string{"UPS", "1Z9HH4870345612786", "Dec 11", "Dec 7"}
	p16Out1004    = []string{"out for delivery", "today", "heute", "aujourd'hui", "hoy"}
	p16Label1002  = []string{"9400111899223344556677", "label", "USPS", "Dec 10", "Dec 15"}
	p16Two        = []string{"2 ×", "2 x", "two", "2 mugs", "2 harbor", "quantity 2", "2 of", "zwei", "2 tassen", "(2)", "× 2", "x 2", "2 units"}
	p16Free       = []string{"free", "0.00", "nothing", "gratuit", "gratis", "kostenlos"}
	p16Phone      = []string{"phone", "mobile", "teléfono", "telefon", "téléphone"}
)

// p16PhoneGap: pkg/agent/person.go reads "phone number" as asking for
// the shop's line and hands the chat to a person before the model runs.
const p16PhoneGap = "\"phone number\" is handed to a person by pkg/agent before the offline model reads it"

// p16EmailOf is what a reply about the order's email must hold: the
// address, or that it is the one this chat was verified with (agent.State
// gives the model no email address).
func p16EmailOf(email string) []string { return []string{email, "verified"} }

var part16Cases = []part16Case{
	// #1001, unshipped: when it ships or a delay, and a fact of its lines.
	{name: "shipped yet and delivery paid", order: "#1001", email: p16maya,
		text: "has it shipped yet and what did i pay for delivery",
		says: [][]string{p16Ships1001, {"7.95"}}},
	{name: "late and kit colour", order: "#1001", email: p16maya,
		text:     "is it going to be late? also what color did i pick for the coffee kit",
		notCalls: []string{toolname.ItemOptions},
		says:     [][]string{p16Ships1001, {"Walnut"}}},
	{name: "shipping out and kit price", order: "#1001", email: p16maya,
		text: "when is it shipping out, how much was the kit",
		says: [][]string{p16Ships1001, {"64.00", "68.00"}}},
	{name: "filter size and when they ship", order: "#1001", email: p16maya,
		text:     "what size pack of filters did i get and when do they ship?",
		notCalls: []string{toolname.ItemOptions},
		says:     [][]string{{"Pack of 100", "100"}, p16Ships1001}},
	{name: "typo wen ship n shiping cost", order: "#1001", email: p16maya,
		text: "wen does it ship n how much was shiping",
		says: [][]string{p16Ships1001, {"7.95"}}},
	{name: "es envío y cuánto envío", order: "#1001", email: p16maya,
		text: "¿cuándo se envía mi pedido? ¿y cuánto pagué de envío?",
		says: [][]string{p16Ships1001, {"7.95"}}},
	{name: "de verschickt und Farbe", order: "#1001", email: p16maya,
		text:     "Wann wird meine Bestellung verschickt und welche Farbe hat das Kaffeeset?",
		notCalls: []string{toolname.ItemOptions},
		says:     [][]string{p16Ships1001, {"Walnut"}}},
	{name: "fr retard et total", order: "#1001", email: p16maya,
		text: "est-ce que ma commande est retardée ? et combien j'ai payé au total ?",
		says: [][]string{p16Ships1001, {"85.51"}}},
	{name: "three: ship, shipping cost, finish", order: "#1001", email: p16maya,
		text:     "when will it ship, what did shipping cost me, and what finish is the kit",
		notCalls: []string{toolname.ItemOptions},
		says:     [][]string{p16Ships1001, {"7.95"}, {"Walnut"}}},
	{name: "no marks: delay and total", order: "#1001", email: p16maya,
		text: "any delay on my order also whats the total i paid",
		says: [][]string{p16Ships1001, {"85.51"}}},

	// #1003, in transit: where, a delay, and a line's scent, size or price.
	{name: "package and candle scent", order: "#1003", email: p16daniel,
		text:     "where's the package and which scent candle did i go with",
		notCalls: []string{toolname.ItemOptions},
		says:     [][]string{p16Moving1003, {"Cedar"}}},
	{name: "skillet size and delayed", order: "#1003", email: p16daniel,
		text:     "what size is the skillet i ordered? is it delayed",
		notCalls: []string{toolname.ItemOptions},
		says:     [][]string{{"10 inch", "10-inch", "10\""}, p16Moving1003}},
	{name: "charged shipping and arrival", order: "#1003", email: p16daniel,
		text: "did I get charged for shipping on this and when does it arrive",
		says: [][]string{{"7.95"}, {"Dec 11", "Dec 7"}}},
	{name: "typo parcle n candel cost", order: "#1003", email: p16daniel,
		text: "hows my parcle doing, n wat did the candel cost",
		says: [][]string{p16Moving1003, {"22.00", "23.94"}}},
	{name: "es paquete y aroma", order: "#1003", email: p16daniel,
		text:     "¿dónde está mi paquete? ¿y de qué aroma es la vela?",
		notCalls: []string{toolname.ItemOptions},
		says:     [][]string{p16Moving1003, {"Cedar"}}},
	{name: "three: delayed, skillet price, tracking", order: "#1003", email: p16daniel,
		text: "is it delayed, what did i pay for the skillet, and what's the tracking number",
		says: [][]string{{"Dec 11", "Dec 7", "in transit", "on its way"}, {"52.00", "56.58"}, {"1Z9HH4870345612786"}}},
	{name: "after status: scent and shipping paid", order: "#1003", email: p16daniel,
		before:   []string{"where is my order"},
		text:     "ok cool. what scent is the candle and was shipping free",
		notCalls: []string{toolname.ItemOptions},
		says:     [][]string{{"Cedar"}, {"7.95"}}},

	// #1004, out for delivery: quantity, colour, size, shipping paid.
	{name: "how many mugs and out for delivery", order: "#1004", email: p16tom,
		text: "how many mugs did i order and is it out for delivery",
		says: [][]string{p16Two, p16Out1004}},
	{name: "mug colour and shipping paid", order: "#1004", email: p16tom,
		text:     "what colour are the mugs, and did i pay anything for shipping",
		notCalls: []string{toolname.ItemOptions},
		says:     [][]string{{"Charcoal"}, p16Free}},
	{name: "de wie viele Tassen und heute", order: "#1004", email: p16tom,
		text: "Wie viele Tassen habe ich bestellt und kommt das Paket heute?",
		says: [][]string{p16Two, p16Out1004}},
	{name: "board size and when here", order: "#1004", email: p16tom,
		text:     "whats the size of the serving board, also when will it get here",
		notCalls: []string{toolname.ItemOptions},
		says:     [][]string{{"Large"}, p16Out1004}},
	{name: "fr couleur tasses et livraison gratuite", order: "#1004", email: p16tom,
		text:     "quelle couleur les tasses ? et la livraison était gratuite ?",
		notCalls: []string{toolname.ItemOptions},
		says:     [][]string{{"Charcoal"}, p16Free}},

	// #1011, part delivered: the candles' scents and their parcel.
	{name: "candle scents and arrival", order: "#1011", email: p16elena,
		text:     "which scents did i get in the candles and when do they arrive",
		notCalls: []string{toolname.ItemOptions},
		says:     [][]string{{"Cedar"}, {"Sea Salt"}, {"Dec 10"}}},
	{name: "rest delayed and shipping paid", order: "#1011", email: p16elena,
		text: "is the rest of my order delayed? what did i pay for shipping",
		says: [][]string{{"Dec 10", "1Z9HH4870346634921"}, p16Free}},

	// #1002, label created: a line's colour or price, and whether it left.
	{name: "left yet and throw colour", order: "#1002", email: p16priya,
		text:     "has it left yet and what color throw did i order",
		notCalls: []string{toolname.ItemOptions},
		says:     [][]string{p16Label1002, {"Slate Blue"}}},
	{name: "typo colour throw n shiped", order: "#1002", email: p16priya,
		text:     "wut colour was the throw n is it shiped",
		notCalls: []string{toolname.ItemOptions},
		says:     [][]string{{"Slate Blue"}, p16Label1002}},
	{name: "es manta enviada y cuánto costó", order: "#1002", email: p16priya,
		text: "¿ya enviaron la manta? ¿cuánto costó?",
		says: [][]string{p16Label1002, {"118.00", "127.74"}}},

	// #1006, delivered: when, and how many mugs.
	{name: "when arrived and how many mugs", order: "#1006", email: p16samuel,
		text: "when did it arrive and how many mugs were in it",
		says: [][]string{{"delivered", "arrived"}, p16Two}},

	// The customer's own details on the order: a read, never a write.
	{name: "which email the order is under", order: "#1001", email: p16maya,
		text:     "which email is this order under?",
		notCalls: []string{toolname.VerifyCustomer},
		says:     [][]string{p16EmailOf(p16maya)}},
	{name: "name on the order", order: "#1003", email: p16daniel,
		text: "what name is on the order",
		says: [][]string{{"Daniel Reyes"}}},
	{name: "phone on the account", order: "#1004", email: p16tom, gap: p16PhoneGap,
		text: "what phone number do you have for me",
		says: [][]string{p16Phone}},
	{name: "mobile on the order, and shipped", order: "#1004", email: p16tom,
		text: "which mobile is on this order? and did it ship",
		says: [][]string{p16Phone, p16Out1004}},
	{name: "typo wat email for ordr", order: "#1002", email: p16priya,
		text: "wat email did i use for this ordr",
		says: [][]string{p16EmailOf(p16priya)}},
	{name: "es con qué correo", order: "#1006", email: p16samuel,
		text: "¿con qué correo hice el pedido?",
		says: [][]string{p16EmailOf(p16samuel)}},
	{name: "de auf welchen Namen", order: "#1001", email: p16maya,
		text: "Auf welchen Namen läuft die Bestellung?",
		says: [][]string{{"Maya Okafor"}}},
	{name: "fr adresse e-mail associée", order: "#1003", email: p16daniel,
		text: "quelle adresse e-mail est associée à ma commande ?",
		says: [][]string{p16EmailOf(p16daniel)}},
	{name: "email and shipped", order: "#1001", email: p16maya,
		text: "what email did i order with and has it shipped",
		says: [][]string{p16EmailOf(p16maya), p16Ships1001}},
	{name: "whose name and when it comes", order: "#1003", email: p16daniel,
		text: "whose name is the parcel addressed to and when does it come",
		says: [][]string{{"Daniel Reyes"}, {"Dec 11", "Dec 7"}}},
	{name: "phone for delivery", order: "#1010", email: p16marcus, gap: p16PhoneGap,
		text: "what phone number did i give for the delivery",
		says: [][]string{p16Phone}},
}

func TestHeldOutPart16(t *testing.T) {
	heldOutTable(t, "part16", part16Cases, func(c part16Case) string { return c.name }, func(c part16Case) string { return c.gap },
		func(t *testing.T, base string, log *resultLog, tc part16Case) []string {
			t.Helper()
			c := chat(t, base, &log.toolLog, tc.order, tc.email)
			for _, s := range tc.before {
				c.say(s)
			}
			before := len(shopActions(t, base))
			got := c.say(tc.text)
			problems := part16Problems(tc, got)
			if acts := shopActions(t, base); len(acts) != before {
				problems = append(problems, fmt.Sprintf("the shop changed: %v", two15Summary(acts[before:])))
			}
			return problems
		})
}

// part16Problems says how the turn missed the case's outcome: every part
// is a read, so nothing may be proposed, called to write or handed over;
// a tool that names an order names this one.
func part16Problems(tc part16Case, got turnOut) []string {
	var problems []string
	if p := got.proposed(); p != "" {
		problems = append(problems, fmt.Sprintf("proposed %s (actions %v)", p, got.actions))
	}
	for _, w := range append(append([]string{}, writeTools...), tc.notCalls...) {
		if got.called(w) {
			problems = append(problems, fmt.Sprintf("called %s (tools %v)", w, got.toolNames()))
		}
	}
	if got.handedOver() {
		problems = append(problems, fmt.Sprintf("handed over (actions %v)", got.actions))
	}
	for _, u := range got.tools {
		var in struct {
			Order string `json:"order_number"`
		}
		_ = json.Unmarshal(u.Input, &in)
		if in.Order != "" && strings.TrimPrefix(in.Order, "#") != strings.TrimPrefix(tc.order, "#") {
			problems = append(problems, fmt.Sprintf("%s called on %s, not %s", u.Name, in.Order, tc.order))
		}
	}
	for _, want := range tc.calls {
		tool, ord, _ := strings.Cut(want, ":")
		ok := false
		for _, u := range got.tools {
			var in struct {
				Order string `json:"order_number"`
			}
			_ = json.Unmarshal(u.Input, &in)
			if u.Name == tool && (ord == "" || in.Order == ord || in.Order == "" && ord == tc.order) {
				ok = true
			}
		}
		if !ok {
			problems = append(problems, fmt.Sprintf("tools %v, want %s", got.toolNames(), want))
		}
	}
	low := strings.ToLower(got.reply)
	for _, group := range tc.says {
		if !two15Holds(got.reply, group) {
			problems = append(problems, fmt.Sprintf("reply %q says none of %q", got.reply, group))
		}
	}
	for _, w := range tc.unsaid {
		if strings.Contains(low, strings.ToLower(w)) {
			problems = append(problems, fmt.Sprintf("reply %q holds %q", got.reply, w))
		}
	}
	return problems
}
