package offline_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// cant6Case is a held-out phrasing of issue 18's second can't-do trial,
// written before reading the model's code and judged by outcome: what was
// proposed (nothing, or a return as store credit), whether the reply says
// it cannot and offers a person or another way, and the facts it gives.
type cant6Case struct {
	name         string
	order, email string
	text         string
	want         cant6Want
	facts        [][]string // each group: the reply holds one of these
}

type cant6Want int

const (
	// cant6Refuse: nothing proposed, an honest "can't", a person offered.
	cant6Refuse cant6Want = iota
	// cant6Credit: store credit, never a refund: a start_return proposal
	// for store credit, or an answer about credit with nothing proposed.
	cant6Credit
	// cant6Fact: nothing proposed, no refusal, the facts given.
	cant6Fact
	// cant6Unsaid: nothing proposed, a person offered (the guide does not say).
	cant6Unsaid
)

func TestCant6HeldOut(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"
		daniel = "daniel.reyes@example.com"
		tom    = "tom.becker@example.com"
		samuel = "samuel.whitfield@example.com"
		elena  = "elena.petrova@example.com"
	)
	cancel := []string{"cancel"}
	ups1003 := []string{"ups.com", "1Z9HH4870345612786", "ups"}
	days37 := []string{"3 to 7", "3-7", "3–7", "three to seven"}
	beeswax := []string{"pure beeswax", "100% pure", "100% beeswax"}
	tests := []cant6Case{
		// Leaving the parcel somewhere: the carrier's, no tool.
		{name: "neighbour", order: "#1003", email: daniel, text: "could the driver leave it with my neighbour?", facts: [][]string{ups1003}},
		{name: "neighbour typo", order: "#1003", email: daniel, text: "can the drivr leave it wiht my nieghbour pls"},
		{name: "porch", order: "#1003", email: daniel, text: "please tell the courier to just leave the box on my porch if I'm out"},
		{name: "concierge", order: "#1003", email: daniel, text: "Is it possible for the delivery to be left with the concierge of my building?"},
		{name: "neighbour es", order: "#1003", email: daniel, text: "¿El repartidor puede dejar el paquete con mi vecina?"},
		{name: "neighbour de", order: "#1003", email: daniel, text: "Kann der Fahrer das Paket bei meinem Nachbarn abgeben?"},
		{name: "neighbour fr", order: "#1003", email: daniel, text: "Le livreur peut-il laisser le colis chez mon voisin ?"},
		// Removing one line of an unshipped order: no tool changes lines.
		{name: "remove line", order: "#1001", email: maya, text: "please remove the filters from my order before it ships", facts: [][]string{cancel}},
		{name: "take off", order: "#1001", email: maya, text: "I don't need the paper filters after all, could you take them off the order?", facts: [][]string{cancel}},
		{name: "delete one item", order: "#1001", email: maya, text: "can you delete one item from my order? the filters", facts: [][]string{cancel}},
		{name: "remove typo", order: "#1001", email: maya, text: "can u remvoe the filtres from my ordr", facts: [][]string{cancel}},
		{name: "drop and ship rest", order: "#1001", email: maya, text: "just drop the filters and ship me the rest", facts: [][]string{cancel}},
		{name: "remove es", order: "#1001", email: maya, text: "¿Pueden quitar los filtros de mi pedido?", facts: [][]string{cancel}},
		{name: "remove de", order: "#1001", email: maya, text: "Können Sie die Filter aus meiner Bestellung entfernen?", facts: [][]string{cancel}},
		{name: "remove fr", order: "#1001", email: maya, text: "Pouvez-vous retirer les filtres de ma commande ?", facts: [][]string{cancel}},
		// Splitting a shipment.
		{name: "split: now and later", order: "#1001", email: maya, text: "can you send the filters now and the rest later?"},
		{name: "split: two shipments", order: "#1001", email: maya, text: "could you split my order into two shipments?"},
		{name: "split: first", order: "#1001", email: maya, text: "send the filters first please, the coffee kit can come afterwards"},
		{name: "split: typo", order: "#1001", email: maya, text: "can yuo ship the filtres seperately right away and the rest later"},
		{name: "split: es", order: "#1001", email: maya, text: "¿Pueden enviar los filtros ahora y el resto después?"},
		{name: "split: de", order: "#1001", email: maya, text: "Können Sie die Filter schon jetzt schicken und den Rest später?"},
		{name: "split: fr", order: "#1001", email: maya, text: "Pouvez-vous envoyer les filtres maintenant et le reste plus tard ?"},
		// Orders placed for the customer.
		{name: "reorder: same again", order: "#1006", email: samuel, text: "order the same mugs again for me"},
		{name: "reorder: new order", order: "#1001", email: maya, text: "can you place a new order for the coffee filters"},
		{name: "reorder: last order", order: "#1007", email: maya, text: "reorder my last order please"},
		{name: "reorder: two more", order: "#1004", email: tom, text: "i'd like 2 more of the mugs, can you put that through for me?"},
		{name: "reorder: typo", order: "#1001", email: maya, text: "can u re-order teh filters for me"},
		{name: "reorder: buy again", order: "#1003", email: daniel, text: "Could you buy the same candle again for me and send it?"},
		{name: "reorder: es", order: "#1006", email: samuel, text: "¿Me pueden pedir otra vez las mismas tazas?"},
		{name: "reorder: de", order: "#1006", email: samuel, text: "Bitte bestellen Sie die gleichen Tassen noch einmal für mich."},
		{name: "reorder: fr", order: "#1006", email: samuel, text: "Pouvez-vous recommander les mêmes tasses pour moi ?"},
		// Store credit asked as a question.
		{name: "credit: gift card", order: "#1006", email: samuel, text: "could I get a gift card instead of a refund?", want: cant6Credit},
		{name: "credit: possible", order: "#1011", email: elena, text: "is store credit possible instead of my money back?", want: cant6Credit},
		{name: "credit: voucher", order: "#1011", email: elena, text: "can i have a voucher rather than a refund for the coffee kit?", want: cant6Credit},
		{name: "credit: typo", order: "#1006", email: samuel, text: "wuold a giftcard instead of refund be possible", want: cant6Credit},
		{name: "credit: es", order: "#1011", email: elena, text: "¿Puedo recibir una tarjeta regalo en lugar del reembolso?", want: cant6Credit},
		{name: "credit: de", order: "#1011", email: elena, text: "Kann ich statt einer Erstattung einen Gutschein bekommen?", want: cant6Credit},
		{name: "credit: fr", order: "#1011", email: elena, text: "Est-ce que je peux avoir un avoir au lieu d'un remboursement ?", want: cant6Credit},
		// Docs questions: the shipping policy's days.
		{name: "ship days", order: "#1003", email: daniel, text: "how long does shipping normally take?", want: cant6Fact, facts: [][]string{days37}},
		{name: "ship days: anon", text: "how many days does delivery usually take?", want: cant6Fact, facts: [][]string{days37}},
		{name: "ship days: typo", text: "whats the usual shiping time", want: cant6Fact, facts: [][]string{days37}},
		{name: "ship days: long", order: "#1001", email: maya, text: "just wondering in general, once something ships how long does it normally take to get here?", want: cant6Fact, facts: [][]string{days37}},
		{name: "ship days: es", text: "¿Cuánto tarda normalmente el envío?", want: cant6Fact, facts: [][]string{days37}},
		{name: "ship days: de", text: "Wie lange dauert der Versand normalerweise?", want: cant6Fact, facts: [][]string{days37}},
		{name: "ship days: fr", text: "Combien de temps prend la livraison en général ?", want: cant6Fact, facts: [][]string{days37}},
		// Product facts from the guides.
		{name: "candle soy", order: "#1003", email: daniel, text: "is the candle soy or beeswax?", want: cant6Fact, facts: [][]string{beeswax}},
		{name: "candle made of", text: "what is the candle made of?", want: cant6Fact, facts: [][]string{beeswax}},
		{name: "candle wick", text: "is the candel wick cotton?", want: cant6Fact, facts: [][]string{{"cotton"}}},
		{name: "mug hold", text: "how much does the mug hold?", want: cant6Fact, facts: [][]string{{"12 fl oz", "350 ml"}}},
		{name: "mug oven", order: "#1006", email: samuel, text: "are the mugs oven safe?", want: cant6Fact, facts: [][]string{{"400"}}},
		{name: "candle typo", text: "is the candel soy wax or beeswax?", want: cant6Fact, facts: [][]string{beeswax}},
		{name: "skillet made of", order: "#1003", email: daniel, text: "what's the skillet made from", want: cant6Fact, facts: [][]string{{"cast iron", "cast-iron", "iron"}}},
		// Product facts the guides do not hold: no invention, a person.
		{name: "mug lead", text: "is the mug glaze lead-free?", want: cant6Unsaid},
		{name: "candle vegan", order: "#1003", email: daniel, text: "is the candle vegan?", want: cant6Unsaid},
	}
	shared, sharedLog := demoStack(t)
	fails := 0
	for _, tt := range tests {
		ok := t.Run(tt.name, func(t *testing.T) {
			c := chat(t, shared, sharedLog, tt.order, tt.email)
			got := c.say(tt.text)
			low := strings.ToLower(strings.ReplaceAll(got.reply, "’", "'"))
			p := got.proposed()
			person := got.called(toolname.Handover) || holdsAny(low, personForms)
			switch tt.want {
			case cant6Refuse:
				if p != "" {
					t.Errorf("proposed %s, want nothing", p)
				}
				if !holdsAny(low, refusalForms) {
					t.Errorf("reply %q does not say it cannot", got.reply)
				}
				if !person {
					t.Errorf("reply %q offers no person", got.reply)
				}
			case cant6Credit:
				switch {
				case p == "":
					if !holdsAny(low, []string{"credit", "gift card"}) {
						t.Errorf("reply %q says nothing of store credit", got.reply)
					}
				case !strings.HasPrefix(p, toolname.StartReturn+":"):
					t.Errorf("proposed %s, want a return as store credit or nothing", p)
				case got.arg(toolname.StartReturn, "resolution") != `"store_credit"`:
					t.Errorf("return proposed as %s, want store_credit", got.arg(toolname.StartReturn, "resolution"))
				}
			case cant6Fact:
				if p != "" {
					t.Errorf("proposed %s, want nothing", p)
				}
				if holdsAny(low, []string{"not able to help", "can't help", "cannot help"}) {
					t.Errorf("reply %q refuses a question the guides answer", got.reply)
				}
			case cant6Unsaid:
				if p != "" {
					t.Errorf("proposed %s, want nothing", p)
				}
				if !person {
					t.Errorf("reply %q offers no person", got.reply)
				}
			}
			for _, g := range tt.facts {
				if !holdsAny(low, g) {
					t.Errorf("reply %q holds none of %q", got.reply, g)
				}
			}
		})
		if !ok {
			fails++
		}
	}
	t.Logf("cant6 held-out: %d of %d fail", fails, len(tests))
}
