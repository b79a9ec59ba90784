package eval

import "fmt"

// two15 are issue 18's class "two requests (or a request and a question)
// in one message; one is lost" (held out in
// pkg/offline/heldout_two15_test.go, phrasings differ). A cancellation
// beside an address change is what runs on the yes, never the address
// change (a cancelled order ships nowhere: the reply says why); a
// cancellation beside a question about its refund is stated and runs on
// the yes, its refund told. Judged by the writes, the tools and the
// facts of the replies. It picks without taking (each scenario runs on a
// stack of its own).
func (g *gen) two15() {
	const file = "two15.json"
	type phrase struct {
		text, lang string
		typo       bool
	}
	yes := map[string]string{"en": "yes", "es": "sí", "de": "ja", "fr": "oui"}
	// Cheap enough for the policy to let the customer's yes cancel it.
	cheap := func(o tbOrder) bool { return total(o) <= 100 }

	withAddress := []phrase{
		{"pls cancel my order and also change the addres to %s", "en", true},
		{"cancel the order and change the shipping address to %s", "en", false},
		{"can you cancel it, and update the address to %s too", "en", false},
		{"Bitte stornieren Sie meine Bestellung und ändern Sie die Adresse auf %s", "de", false},
		{"cancle my oder n chnage adress to %s", "en", true},
	}
	orders := g.pick("pending", len(withAddress), cheap)
	for i, p := range withAddress {
		if len(orders) == 0 {
			break
		}
		o := orders[i%len(orders)]
		g.add(file, Scenario{Kind: "two15_cancel_and_address", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{fmt.Sprintf(p.text, newAddresses[i%len(newAddresses)].line), yes[p.lang]},
			Expect: Expect{Tools: []string{"cancel_order"}, Handover: no(), Writes: []Write{{Type: "cancel", Order: name(o)}}}})
	}

	withQuestion := []phrase{
		{"ok just cancel it. does the refund include the shipping?", "en", false},
		{"cancel pls. do i get shiping back too", "en", true},
		{"I'd like to cancel this order, how much will I get refunded?", "en", false},
		{"cancela mi pedido por favor, ¿me devuelven también el envío?", "es", false},
		{"annulez ma commande svp, est-ce que les frais de port sont remboursés ?", "fr", false},
	}
	orders = g.pick("pending", len(withQuestion), cheap)
	for i, p := range withQuestion {
		if len(orders) == 0 {
			break
		}
		o := orders[i%len(orders)]
		g.add(file, Scenario{Kind: "two15_cancel_and_question", Lang: p.lang, Start: verifiedStart(g, o), Tags: typoTag(p.typo),
			Turns:  []string{p.text, yes[p.lang]},
			Expect: Expect{Tools: []string{"cancel_order"}, Handover: no(), Writes: []Write{{Type: "cancel", Order: name(o)}}, Report: []string{"refund"}}})
	}
}
