package eval

// heldoutDocs are product care, how-to and shop-policy questions written
// before the offline model's code that answers them (issue 18, held out
// in pkg/offline/heldout_docs_test.go): typos, casual and indirect
// wording, Spanish, German and French. Each asks no order of anyone's, so
// it is answered from the docs whoever asks; a question about "it" that
// names no product is answered with a question back, quoting no guide.
func (g *gen) heldoutDocs() {
	const file = "heldout_docs.json"
	for _, c := range []struct {
		ask, lang, kind, fact string
		typo                  bool
	}{
		{ask: "does the pour over kit come with a kettle?", kind: "docs_product", fact: "not included"},
		{ask: "do u ship to the uk", kind: "docs_policy", fact: "outside the United States", typo: true},
		{ask: "can you send stuff to australia?", kind: "docs_policy", fact: "outside the United States"},
		{ask: "can i get it giftwraped?", kind: "docs_policy", fact: "$5", typo: true},
		{ask: "how many days do i have to return stuff", kind: "docs_policy", fact: "30 days"},
		{ask: "whats ur returns window", kind: "docs_policy", fact: "30 days", typo: true},
		{ask: "how much do you charge for shipping", kind: "docs_policy", fact: "$7.95"},
		{ask: "¿La taza se puede meter en el lavavajillas?", lang: "es", fact: "dishwasher safe"},
		{ask: "¿Envían a España?", lang: "es", fact: "outside the United States"},
		{ask: "¿Puedo pedir envoltorio de regalo?", lang: "es", fact: "$5"},
		{ask: "Kann ich die Tasse in die Spülmaschine geben?", lang: "de", fact: "dishwasher safe"},
		{ask: "Wie reinige ich das Schneidebrett aus Olivenholz?", lang: "de", fact: "Hand wash"},
		{ask: "Wie lange habe ich Zeit für eine Rücksendung?", lang: "de", fact: "30 days"},
		{ask: "Bietet ihr Geschenkverpackung an?", lang: "de", fact: "$5"},
		{ask: "Est-ce que la tasse va au lave-vaisselle ?", lang: "fr", fact: "dishwasher safe"},
		{ask: "Comment nettoyer la poêle en fonte ?", lang: "fr", fact: "scraper"},
		{ask: "Livrez-vous au Canada ?", lang: "fr", fact: "outside the United States"},
		{ask: "Faites-vous des emballages cadeaux ?", lang: "fr", fact: "$5"},
		{ask: "Comment nettoyer la planche en bois d'olivier ?", lang: "fr", fact: "Hand wash"},
		{ask: "Combien de temps dois-je laisser brûler la bougie la première fois ?", lang: "fr", fact: "1 hour for every inch"},
	} {
		kind := c.kind
		if c.lang != "" {
			kind = "language_" + c.lang
		}
		g.add(file, Scenario{Kind: kind, Lang: c.lang, Tags: typoTag(c.typo), Turns: []string{c.ask},
			Expect: Expect{Tools: []string{"search_docs"}, Handover: no(), Mention: []string{c.fact}}})
	}
	// A product question about "it" that names no product: which product?
	// No guide is quoted (no guide's words in the reply).
	for _, ask := range []string{"is it dishwasher safe?", "how do i clean it properly"} {
		g.add(file, Scenario{Kind: "docs_product", Turns: []string{ask},
			Expect: Expect{Handover: no(), Secrets: []string{"top rack", "dishwasher safe", "Hand wash"}}})
	}
}
