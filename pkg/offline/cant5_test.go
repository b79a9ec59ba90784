package offline_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// cantDo is a held-out request the shop has no tool for, and the outcome
// it is judged by: nothing proposed, an honest "not here" (one of the
// refusal forms), a person offered (the handover tool, or the offer of a
// person in the reply), and the facts the reply must give (any of each
// group), the tools that must and must not run.
type cantDo struct {
	name         string
	order, email string
	before       []string
	text         string
	facts        [][]string // each group: the reply holds one of these
	tool         string     // called this turn
	notTools     []string
	noPerson     bool // no person needed (a parcel not late: its estimate)
	noRefusal    bool
}

var (
	refusalForms = []string{"can't", "cannot", "can not", "not able", "unable", "isn't something", "is not something",
		"not possible", "no way", "don't have a way", "not something"}
	personForms = []string{"member of our team", "a person", "colleague", "someone from", "team member", "our team", "human"}
)

// Requests the shop cannot do here (issue 18, no-context trial): written
// before reading the model's code, judged by outcome.
func TestCantDoHeldOut(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"
		priya  = "priya.natarajan@example.com"
		daniel = "daniel.reyes@example.com"
		marcus = "marcus.johnson@example.com"
		elena  = "elena.petrova@example.com"
		samuel = "samuel.whitfield@example.com"
		tom    = "tom.becker@example.com"
	)
	usps1002 := []string{"tools.usps.com", "9400111899223344556677"}
	ups1003 := []string{"ups.com", "1Z9HH4870345612786"}
	cancelForms := []string{"cancel"}
	weekday := []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "tomorrow", "today"}
	tests := []cantDo{
		// Holding or timing a delivery: the carrier's, not the shop's.
		{name: "hold: vacation", order: "#1002", email: priya, text: "can you hold the package, im going on vacation till the 20th",
			facts: [][]string{usps1002}},
		{name: "hold: typo", order: "#1003", email: daniel, text: "could u hlod my parcel untill next week? im away",
			facts: [][]string{ups1003}},
		{name: "hold: deliver later", order: "#1003", email: daniel, text: "Please deliver it next Thursday instead, nobody is home before that",
			facts: [][]string{ups1003}},
		{name: "hold: neighbour", order: "#1003", email: daniel, text: "can you ask the driver to leave it with my neighbour at number 12?",
			facts: [][]string{ups1003}},
		{name: "hold: pickup point", order: "#1002", email: priya, text: "I'd like to pick it up at the post office instead, can you arrange that?",
			facts: [][]string{usps1002}},
		{name: "hold: es", order: "#1003", email: daniel, text: "¿Pueden retener el paquete hasta el día 20? Estoy de viaje",
			facts: [][]string{ups1003}},
		{name: "hold: de", order: "#1003", email: daniel, text: "Können Sie das Paket bitte zurückhalten, bis ich aus dem Urlaub zurück bin?",
			facts: [][]string{ups1003}},
		// Faster shipping.
		{name: "faster: just send it", order: "#1003", email: daniel, text: "can you just send it faster?"},
		{name: "faster: after status", order: "#1003", email: daniel, before: []string{"where is my order?"}, text: "can you just send it faster?"},
		{name: "faster: split then faster", order: "#1010", email: marcus, text: "why did you split my order? can you ship the skillet faster",
			facts: [][]string{{"skillet"}}},
		{name: "faster: overnight typo", order: "#1001", email: maya, text: "can u upgrade me to overnite shipping pls, i need it by friday"},
		{name: "faster: expedite", order: "#1001", email: maya, text: "Is it possible to expedite my order? I'll pay the difference."},
		{name: "faster: fr", order: "#1003", email: daniel, text: "Pouvez-vous l'envoyer plus vite s'il vous plaît ?"},
		{name: "faster: es", order: "#1001", email: maya, text: "¿me lo pueden mandar más rápido? lo necesito para el sábado"},
		// Discounts and orders placed for the customer.
		{name: "discount: love it", order: "#1011", email: elena, text: "i love the coffee kit!! do you have a discount code for my next order?",
			notTools: []string{toolname.StartReturn}},
		{name: "discount: coupon typo", order: "#1011", email: elena, text: "any chance of a cupon code for next time?"},
		{name: "discount: price drop", order: "#1003", email: daniel, text: "the skillet is on sale now, can you refund me the difference?"},
		{name: "discount: de", order: "#1011", email: elena, text: "Haben Sie einen Rabattcode für meine nächste Bestellung?"},
		{name: "order for me: brother", order: "#1011", email: elena, text: "i want to order another coffee kit for my brother, can you place the order for me?"},
		{name: "order for me: typo", order: "#1006", email: samuel, text: "could you plase order 2 more mugs for me and charge the same card"},
		{name: "order for me: fr", order: "#1006", email: samuel, text: "Pouvez-vous passer une nouvelle commande pour moi ?"},
		// Changing what an unshipped order holds: no tool changes lines.
		{name: "variant: filters 200", order: "#1001", email: maya, text: "can i change the filtres to the pack of 200 instead",
			facts: [][]string{cancelForms}, notTools: []string{toolname.SearchDocs}},
		{name: "variant: label printed colour", order: "#1002", email: priya, text: "the throw i ordered, can you send it in oatmeal instead of slate blue? it hasnt shipped right"},
		{name: "variant: different finish", order: "#1001", email: maya, text: "before it ships, could you switch the coffee kit to a different wood?",
			facts: [][]string{cancelForms}},
		{name: "variant: quantity", order: "#1001", email: maya, text: "can you make it 2 packs of filters instead of 1?",
			facts: [][]string{cancelForms}},
		{name: "variant: es", order: "#1001", email: maya, text: "¿Puedo cambiar los filtros por el paquete de 200?",
			facts: [][]string{cancelForms}},
		{name: "variant: de", order: "#1001", email: maya, text: "Kann ich die Filter noch gegen die 200er Packung tauschen?",
			facts: [][]string{cancelForms}},
		// Gift wrap is the guides' (the eval's docs_policy scenarios ask
		// "can you gift wrap my order" of the FAQ): their answer, no write.
		{name: "gift wrap", order: "#1001", email: maya, text: "could you gift wrap it and add a little note saying happy birthday mum?",
			noPerson: true, noRefusal: true, facts: [][]string{{"checkout"}}},
		// A parcel not yet due: its estimate, no late-parcel promise.
		{name: "not due: havent arrived", order: "#1003", email: daniel, text: "haven't arrived yet",
			noPerson: true, noRefusal: true, facts: [][]string{weekday}, notTools: []string{toolname.FollowUp}},
		{name: "not due: still not here", order: "#1003", email: daniel, text: "its still not here??",
			noPerson: true, noRefusal: true, facts: [][]string{weekday}, notTools: []string{toolname.FollowUp}},
		{name: "not due: out for delivery", order: "#1004", email: tom, text: "my order hasnt come yet",
			noPerson: true, noRefusal: true, notTools: []string{toolname.FollowUp}},
	}
	shared, sharedLog := demoStack(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := chat(t, shared, sharedLog, tt.order, tt.email)
			for _, s := range tt.before {
				c.say(s)
			}
			got := c.say(tt.text)
			low := strings.ToLower(strings.ReplaceAll(got.reply, "’", "'"))
			if p := got.proposed(); p != "" {
				t.Errorf("proposed %s, want nothing proposed", p)
			}
			if tt.tool != "" && !got.called(tt.tool) {
				t.Errorf("tools %v, want %s", got.toolNames(), tt.tool)
			}
			for _, n := range tt.notTools {
				if got.called(n) {
					t.Errorf("tools %v, want no %s", got.toolNames(), n)
				}
			}
			if !tt.noRefusal && !holdsAny(low, refusalForms) {
				t.Errorf("reply %q does not say it cannot", got.reply)
			}
			if !tt.noPerson && !got.called(toolname.Handover) && !holdsAny(low, personForms) {
				t.Errorf("reply %q offers no person", got.reply)
			}
			for _, g := range tt.facts {
				if !holdsAny(low, g) {
					t.Errorf("reply %q holds none of %q", got.reply, g)
				}
			}
		})
	}
}

func holdsAny(s string, forms []string) bool {
	for _, f := range forms {
		if strings.Contains(s, strings.ToLower(f)) {
			return true
		}
	}
	return false
}
