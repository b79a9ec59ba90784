package eval

// fresh7c are shop questions a new user asked in issue 18's trial of the
// docs (held out in pkg/offline/fresh7c_test.go): how the shop works for
// everyone (return window, dispatch, carriers, free delivery, refunds,
// damage on arrival, shipping abroad) asked with no order, which the
// guides answer before any order is asked for; a story then a question
// leaning on it; and rust in Spanish, German and French. Each asks no
// order of anyone's: the docs answer it whoever asks.
func (g *gen) fresh7c() {
	const file = "fresh7c.json"
	type ask struct {
		text  string
		lang  string
		typo  bool
		facts []string
	}
	for _, c := range []struct {
		kind string
		asks []ask
	}{
		{"docs_general_returns", []ask{
			{text: "quick q whats the return window", facts: []string{"30 days"}},
			{text: "how many days do i get to send stuff back", facts: []string{"30 days"}},
			{text: "is there a time limit on sending things back?", facts: []string{"30 days"}},
			{text: "is there a deadline for retruns?", typo: true, facts: []string{"30 days"}},
			{text: "is there a time limmit on sending things back?", typo: true, facts: []string{"30 days"}},
		}},
		{"docs_general_dispatch", []ask{
			{text: "if i order today when does it leave your warehouse", facts: []string{"2 business days"}},
			{text: "whats the cutoff for same day dispatch", facts: []string{"2 pm"}},
			{text: "if i order tonite when will it get dispatched?", typo: true, facts: []string{"2 business days"}},
			{text: "how fast do orders ship out from your warehouse?", facts: []string{"2 business days"}},
			{text: "whats the cut-off time for same-day dispach", typo: true, facts: []string{"2 pm"}},
		}},
		{"docs_general_carrier", []ask{
			{text: "which courier do you guys use", facts: []string{"UPS"}},
			{text: "what carrier do u ship with?", facts: []string{"UPS"}},
			{text: "which couriers do you use for delivery", facts: []string{"UPS"}},
			{text: "wich courrier do you use?", typo: true, facts: []string{"UPS"}},
			{text: "do you use a courier or the postal service?", facts: []string{"UPS"}},
		}},
		{"docs_general_free_delivery", []ask{
			{text: "is delivery free??", facts: []string{"$75"}},
			{text: "whats the minimum spend for free delivery", facts: []string{"$75"}},
			{text: "my cart is like $60, am i gonna pay for shipping", facts: []string{"$75"}},
			{text: "do i have to pay for delivery?", facts: []string{"$7.95"}},
			{text: "is delivry free on big orders?", typo: true, facts: []string{"$75"}},
		}},
		{"docs_general_refunds", []ask{
			{text: "does the refund go back on my card or do i get store credit", facts: []string{"original payment method"}},
			{text: "how quickly do you process a refund once you get the return", facts: []string{"2 business days"}},
			{text: "does the refund go to the original card?", facts: []string{"original payment method"}},
			{text: "how fast do u guys process refunds?", facts: []string{"2 business days"}},
			{text: "does the refnd go back to my card or paypal", typo: true, facts: []string{"original payment method"}},
		}},
		{"docs_general_damage", []ask{
			{text: "what do i do if something shows up smashed", facts: []string{"photo"}},
			{text: "what do you need from me if an item arrives cracked", facts: []string{"photo"}},
			{text: "if a parcel arrives broken what do i do?", facts: []string{"photo"}},
			{text: "whats the process if something arrives damaged", facts: []string{"photo"}},
			{text: "what happens if stuff arrives brokenn?", typo: true, facts: []string{"photo"}},
		}},
		{"docs_general_abroad", []ask{
			{text: "im in the uk, can i still order from you?", facts: []string{"outside the United States"}},
			{text: "can i get it sent to my sister in toronto", facts: []string{"outside the United States"}},
			{text: "i live in ireland, can i order from u?", facts: []string{"outside the United States"}},
			{text: "we're based in australia, can we still order", facts: []string{"outside the United States"}},
			{text: "im from the uk can i ordr?", typo: true, facts: []string{"outside the United States"}},
		}},
		{"docs_lean_back", []ask{
			{text: "theres knife marks all over the board, can i fix that", facts: []string{"sandpaper"}},
			{text: "my mug has brown rings inside, how do i get rid of them", facts: []string{"baking soda"}},
			{text: "the carafe has white crusty buildup, how do i clean that", facts: []string{"vinegar"}},
			{text: "the candle is tunneling down the middle, what do i do", facts: []string{"3 hours"}},
			{text: "my skilet looks dull and grey, how do i fix it", typo: true, facts: []string{"450°F"}},
		}},
		{"docs_foreign_rust", []ask{
			{text: "comment enlever la rouille sur la poêle ?", lang: "fr", facts: []string{"steel wool"}},
			{text: "Wie entferne ich Rost von der Pfanne?", lang: "de", facts: []string{"steel wool"}},
			{text: "¿cómo quito el óxido de la sartén?", lang: "es", facts: []string{"steel wool"}},
			{text: "comment enlever la rouile de la poele", lang: "fr", typo: true, facts: []string{"steel wool"}},
			{text: "¿como quitar el oxido de la sarten?", lang: "es", typo: true, facts: []string{"steel wool"}},
		}},
	} {
		for _, a := range c.asks {
			g.add(file, Scenario{Kind: c.kind, Lang: a.lang, Tags: typoTag(a.typo), Turns: []string{a.text},
				Expect: Expect{Tools: []string{"search_docs"}, Handover: no(), Mention: a.facts}})
		}
	}
}
