package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Five classes of phrasing a no-context trial misread (issue 18,
// misfire8), each put in words the rest of the model already reads, or
// answered here:
//   - a care question that names a stain ("tea stains on it, is it
//     dishwasher ok?") is a question for the guides, not a damage report;
//     a question what shipping costs is the shipping passage's;
//   - a German compound noun ("Servierbrettpflege") is read as its parts;
//   - a complaint of a wrong item in Spanish, German or French, and "the X
//     never came, they sent a Y instead" in any of them, is the wrong-item
//     report, not a lost parcel or a care question;
//   - a wish for part of the money back is answered plainly (what policy
//     allows, a person), never with the late-parcel promise;
//   - a question about faster or express shipping gets the shipping the
//     guides describe, that the speed can't be changed here, and a person;
//   - the answer to "which items?" that names a variant in another
//     language ("la grande, en gris") has the variant's English words.

// misfire8 takes the step for a message of these classes: the message
// read again in the words the model knows, or its answer.
func (t *turn) misfire8(n int) (agent.Message, bool) {
	if t.confirmed != nil {
		return agent.Message{}, false
	}
	if m, ok := t.partialRefund(n); ok {
		// Also when it answers a proposal (the late-parcel promise):
		// part of the money back is asked instead, not agreed to.
		return m, true
	}
	if t.declined || t.other != "" {
		return agent.Message{}, false
	}
	if text := t.misfire8Text(); text != t.text {
		sub := *t
		sub.text = text
		sub.intent = classify(normalise(text))
		return sub.plan(), true
	}
	if m, ok := t.fasterShipping(n); ok {
		return m, true
	}
	if m, ok := t.stainQuestion(n); ok {
		return m, true
	}
	if q := germanCareQuestion(t.text); q != "" {
		return t.docsOnly([]string{q}), true
	}
	return agent.Message{}, false
}

// misfire8Text is the customer's message in words the rest of the model
// reads: t.text itself when none of these classes applies. Each rewrite
// is a fixed point: the rewritten text rewrites to itself.
func (t *turn) misfire8Text() string {
	text := splitCompounds(t.text)
	if wrongInsteadRe.MatchString(text) || foreignWrongItem(text) {
		// The never-came words of a wrong item are no lost parcel.
		return "I received the wrong item. " + neverCameRe.ReplaceAllString(text, "was not what came")
	}
	if foreignRefundAmount(text) {
		return "was my refund the full amount?"
	}
	if t.shippingCostAsk(text) {
		return "how much does shipping cost?"
	}
	if t.before(toolname.StartReturn, "asked") {
		if en := variantWords(text); en != "" && !strings.HasSuffix(text, "("+en+")") {
			return text + " (" + en + ")"
		}
	}
	return text
}

var (
	// neverCameRe says an item never came, in the four languages.
	neverCameRe = regexp.MustCompile(`(?i)\b(?:never (?:got|received|recieved|came|arrived|showed(?: up)?|turned up|got here|got delivered)|(?:didn'?t|did not|has not|hasn'?t|have not|haven'?t) (?:come|arrive[d]?|show(?:ed)? up|turn(?:ed)? up)|nunca (?:lleg[óo]|llegaron|vino|vinieron)|no (?:lleg[óo]|llegaron)|(?:kam|kamen) (?:nie|nicht) an|(?:ist|sind) (?:nie|nicht) angekommen|nie angekommen|(?:n'est|ne sont|n'a|n'ont) jamais (?:arrivée?s?|été livrée?s?|reçue?s?|venue?s?)|jamais (?:arrivée?s?|reçue?s?))`)
	// m8InsteadRe says something else came in its place.
	m8InsteadRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:instead|insted|instaed|isntead|in its place|in their place|en su lugar|en lugar|en vez|me (?:mandaron|enviaron|lleg[óo]|llegaron)|stattdessen|statt dessen|dafür|à la place|a la place|au lieu)(?:$|[^\p{L}])|\b(?:sent|got|received|recieved|came with) (?:me )?(?:a|an|the|some|two|\d+) [^.?!]{0,30}\binstead\b`)
	// wrongInsteadRe is an item that never came with another in its
	// place: "the blue one never came, they sent a grey one instead".
	wrongInsteadRe = regexp.MustCompile(`(?i)(?:` + neverCameRe.String() + `)[^.?!]{0,60}(?:` + m8InsteadRe.String() + `)|(?:` + m8InsteadRe.String() + `)[^.?!]{0,60}(?:` + neverCameRe.String() + `)`)
	// wrongItemForeignRe is "the wrong item", "not what I ordered", "X
	// came instead of Y" in Spanish, German and French.
	wrongItemForeignRe = regexp.MustCompile(`(?i)\bmauvais(?:e)? (?:article|produit|objet|couleur|taille|modèle)\b|\b(?:ce n'est|c'est) pas (?:ce que j'ai commandé|le bon|la bonne)|\bne (?:sont|est) pas (?:les|le|la) bon(?:ne)?s?\b|\bpas (?:ce que j'ai|les bons|les bonnes)\b` +
		`|\b(?:otro|otra) (?:producto|artículo|articulo|cosa|color|talla)\b|\b(?:producto|artículo|articulo) (?:equivocado|incorrecto|erróneo)\b|\bno es lo que (?:pedí|pedi|ped[ií] yo)\b|\b(?:me mandaron|me enviaron) (?:otr[oa]|lo que no)\b` +
		`|\bfalsche[nrs]? (?:artikel|ware|produkt|farbe|größe|teil|sachen)\b|\bnicht (?:das|was) ich bestellt\b|\bstatt (?:des|der|dem|meine[rsnm]?|einer?|einem|eines)\b[^.?!]{0,40}\b(?:kam|kamen|geliefert|bekommen|erhalten|geschickt)\b`)
	// receivedForeignRe says something came or was sent.
	receivedForeignRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:reçu|recu|livré|livrée|envoyé|envoyée|arrivé|arrivée|vino|llegó|llego|llegaron|mandaron|enviaron|recibí|recibi|kam|kamen|geliefert|bekommen|erhalten|geschickt|commandé|pedí|bestellt|article|produit|artikel)(?:$|[^\p{L}])`)
)

// foreignWrongItem reports whether text complains of a wrong item in
// Spanish, German or French.
func foreignWrongItem(text string) bool {
	low := strings.ToLower(strings.ReplaceAll(text, "’", "'"))
	return detectLanguage(low) != "" && wrongItemForeignRe.MatchString(low) && receivedForeignRe.MatchString(low)
}

var (
	// stainRe names a stain, in the four languages.
	stainRe = regexp.MustCompile(`(?i)\b(?:stain(?:s|ed)?|stian(?:s)?|stians|manchas?|manchado|flecken|fleck|taches?|tâches?)\b`)
	// careAskRe asks how to wash or clean a thing, or where it may go.
	careAskRe = regexp.MustCompile(`(?i)\b(?:dish ?wash\w*|dishwashr|wash\w*|clean\w*|machine|remove|get (?:it|them|this|that|these)? ?(?:off|out)|lift|lavavajillas|lavadora|lavar|limpiar|quitar|spülmaschine\w*|waschen|waschmaschine|reinigen|entfernen|lave-vaisselle|laver|nettoyer|enlever|machine à laver)\b`)
)

// stainQuestion answers a care question that names a stain from the
// guides: one search in the question's own words (in English), the
// passages that share most of them.
func (t *turn) stainQuestion(n int) (agent.Message, bool) {
	text := splitCompounds(t.text)
	if !stainCare(text) || !offers(t.req, toolname.SearchDocs) || careQuestionRe.MatchString(strings.ToLower(normalise(text))) {
		return agent.Message{}, false // "how do I get stains out": the guides' path already
	}
	for _, q := range questions(text) {
		switch classify(normalise(q)) {
		case intentReturn, intentRefund, intentAddress, intentPerson, intentStatus, intentLate:
			return agent.Message{}, false // a request beside it: parts.go answers each
		}
		if agent.WantsCredit(q) {
			return agent.Message{}, false
		}
	}
	query := t.stainQuery(text)
	switch {
	case n == 0:
		return toolCall(0, toolname.SearchDocs, map[string]any{"query": query}), true
	case t.calls[n-1].name == toolname.SearchDocs && !t.calls[n-1].isErr:
		if reply, ok := t.docsReply(t.calls[n-1], query, nil); ok {
			return say("%s", reply), true
		}
		return say("%s", dontKnow), true
	}
	return agent.Message{}, false
}

// stainCareWords are the care words a stain question may ask with, as
// the guides' words; the dishwasher first.
var stainCareWords = []struct {
	re *regexp.Regexp
	en string
}{
	{regexp.MustCompile(`(?i)dish ?wash|dishwashr|lavavajillas|spülmaschine|geschirrspüler|lave-vaisselle`), "dishwasher"},
	{regexp.MustCompile(`(?i)\bwash|machine|lavadora|lavar\b|waschen|waschmaschine|laver\b|lave\b`), "wash"},
	{regexp.MustCompile(`(?i)\bclean|limpiar|reinig|nettoy`), "clean"},
	{regexp.MustCompile(`(?i)\bremove|get (?:it|them|this|that|these)? ?(?:off|out)|quitar|entfernen|enlever`), "remove"},
}

// stainQuery is the search for a stain question: the noun of the order's
// item the question names (in any language) with the dishwasher when it
// asks about one, else with "stains" and the care words it asks with; the
// question's own words when it names no item.
func (t *turn) stainQuery(text string) string {
	said := strings.ToLower(agent.WithProductNouns(text))
	var q []string
	for _, line := range t.orderLines(t.currentOrder()) {
		title, _, _ := strings.Cut(line, "(")
		ws := words(title)
		if len(ws) == 0 {
			continue
		}
		noun := ws[len(ws)-1]
		for _, w := range words(said) {
			if w == noun || near(noun, w) {
				q = append(q, noun)
				break
			}
		}
	}
	if len(q) == 0 {
		q = stainNouns(text)
	}
	if len(q) == 0 {
		return docsQuery(text)
	}
	if stainCareWords[0].re.MatchString(text) {
		// Whether it may go in the dishwasher is what is asked: the
		// guides answer it apart from stains (a search covers one topic).
		return strings.Join(append(q, stainCareWords[0].en), " ")
	}
	q = append(q, "stains")
	for _, c := range stainCareWords[1:] {
		if c.re.MatchString(text) {
			q = append(q, c.en)
		}
	}
	return strings.Join(q, " ")
}

// objectRe is the thing a sentence speaks of: "in my X", "on the X",
// "the X has".
var objectRe = regexp.MustCompile(`(?i)\b(?:my|the|this|that|our)\s+(\p{L}+)`)

// stainNouns are the things a stain question names when no order says
// which: the English nouns of another language's, else the words after
// "my" or "the" that are no stain, care or function word.
func stainNouns(text string) []string {
	if with := agent.WithProductNouns(text); with != text {
		return strings.Fields(strings.Trim(with[len(text):], " ()"))
	}
	var out []string
	for _, m := range objectRe.FindAllStringSubmatch(text, -1) {
		w := strings.ToLower(m[1])
		if function[w] || stainRe.MatchString(w) || careAskRe.MatchString(w) || applianceRe.MatchString(w) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// stainCare reports whether text asks how to clean or wash a thing that
// has a stain, with no other damage named: a care question.
func stainCare(text string) bool {
	low := strings.ToLower(text)
	if !stainRe.MatchString(low) || !careAskRe.MatchString(low) {
		return false
	}
	rest := strings.ToLower(normalise(stainRe.ReplaceAllString(low, " ")))
	return !damageRe.MatchString(rest)
}

var (
	// m8RefundRe and m8FullAmountRe: a refund, and how much of it.
	m8RefundRe     = regexp.MustCompile(`(?i)\b(?:reembolso|reembolsaron|devolvieron|erstattung|rückerstattung|erstattet|remboursement|remboursé|remboursée|rembourser)\b`)
	m8FullAmountRe = regexp.MustCompile(`(?i)\b(?:importe|total|completo|entero|cantidad|betrag|voll\w*|gesamt\w*|montant|intégral\w*|complet)\b`)
)

// foreignRefundAmount reports whether text asks, in Spanish, German or
// French, how much of the customer's refund was paid: refund_status's.
func foreignRefundAmount(text string) bool {
	return detectLanguage(text) != "" && !foreignRequestRe.MatchString(text) && m8RefundRe.MatchString(text) && m8FullAmountRe.MatchString(text) && !partialRe.MatchString(text)
}

var (
	// costAskRe asks what something costs.
	costAskRe = regexp.MustCompile(`(?i)\b(?:how much|hw much|how mcuh|cost\w*|price|charge\w*|pay|fee|extra)\b|cu[aá]nto|was kostet|kostet|combien|co[uû]te`)
	// shipWordRe names shipping or delivery.
	shipWordRe = regexp.MustCompile(`(?i)\b(?:shipping|shiping|shpping|delivery|delivry|postage|envío|envio|versand|lieferung|livraison|port)\b`)
)

// shippingCostAsk reports whether text asks what shipping costs, not
// about an order of the customer's or a speed (fasterShipping's).
func (t *turn) shippingCostAsk(text string) bool {
	low := strings.ToLower(text)
	if !costAskRe.MatchString(low) || !shipWordRe.MatchString(low) || speedRe.MatchString(low) {
		return false
	}
	if orderRe.MatchString(text) || regexp.MustCompile(`\bmy (?:order|parcel|package|refund)\b|\breturn`).MatchString(low) {
		return false
	}
	return strings.Contains(low, "extra") || strings.Contains(low, "more")
}

// speedRe asks for faster shipping than standard: express, overnight,
// next day, paying more to get it sooner.
var speedRe = regexp.MustCompile(`(?i)\b(?:express|expres|exprés|expedited|expidited|expedite|overnight|overnite|next[- ]day|same[- ]day delivery|two[- ]day|2[- ]day|priority (?:shipping|mail|delivery)|rush (?:shipping|delivery|order)|faster|quicker|quick (?:shipping|delivery)|sooner|eilversand|expressversand|expresslieferung|schneller|urgente|más rápido|mas rapido|r[aá]pida? (?:envío|envio|entrega)|plus vite|plus rapide|livraison rapide|rapide)\b`)

// speedAskRe asks about a faster service, not when a parcel comes: "can
// I pay extra", "is there", "do you have", "upgrade".
var speedAskRe = regexp.MustCompile(`(?i)\b(?:pay|paying|extra|more|upgrade|option|offer|have|is there|are there|any|do you|can i|can u|can you|could|get it|get them|ship|shipping|delivery|send)\b|gibt es|haben sie|tienen|hay|puedo|pagar|payer|proposez|avez`)

// fasterShipping answers a question about faster shipping: the guides'
// shipping passage, that the speed can't be changed here, and a person.
func (t *turn) fasterShipping(n int) (agent.Message, bool) {
	low := strings.ToLower(t.text)
	if !speedRe.MatchString(low) || !speedAskRe.MatchString(low) || cantKindOf(t.text) != cantFaster && cantKindOf(t.text) != cantNone {
		return agent.Message{}, false
	}
	if kind, _, ok := t.cantRequest(); ok && (t.verified || kind != cantFaster) {
		return agent.Message{}, false // cant_do.go answers it, with the order's estimate
	}
	if strings.Contains(low, "no rush") || resolutionTool(t.text) != "" || t.intent == intentLate || t.intent == intentReturn || t.intent == intentRefund {
		return agent.Message{}, false
	}
	const question = "how long does delivery take and how much does shipping cost"
	const cant = "I'm sorry, I can't upgrade the shipping speed of an order from here."
	if !offers(t.req, toolname.SearchDocs) {
		return agent.Message{}, false
	}
	switch {
	case n == 0:
		return toolCall(0, toolname.SearchDocs, map[string]any{"query": docsQuery(question)}), true
	case t.calls[n-1].name == toolname.SearchDocs && !t.calls[n-1].isErr:
		if text, ok := t.docsReply(t.calls[n-1], question, nil); ok {
			text, _, _ = strings.Cut(text, "\n\nAlso (") // the shipping passage alone
			return say("%s The shipping our guides describe:\n\n%s\n\n%s", cant, text, cantPerson), true
		}
		return say("%s %s", cant, cantPerson), true
	}
	return agent.Message{}, false
}

// partialRe asks for part of the money back: a percentage, a partial
// refund, something off.
var partialRe = regexp.MustCompile(`(?i)\b\d{1,2} ?(?:%|percent|pct)|\bpartial(?:ly)? refund\w*|\b(?:part|some|half|a bit|a little) of (?:my|the) money\b|\bknock\w* [^.?!]{0,20}\boff\b|\b(?:take|give) (?:\d+|some|a bit|a little|something)\s*(?:%|percent|dollars?|bucks)?\s*off\b|\brembours\w* partiel\w*|\breembolso parcial\b|\bteilerstattung\b|\bteil (?:meines|des) geld\w*`)

// partialRefund answers a wish for part of the money back: what the
// policy allows and the offer of a person, with nothing proposed.
func (t *turn) partialRefund(n int) (agent.Message, bool) {
	if n > 0 || !(partialRe.MatchString(t.text) || partialRe.MatchString(normalise(t.text))) || codeRe.MatchString(t.text) || resolutionTool(t.text) != "" && resolutionTool(t.text) != toolname.FollowUp {
		return agent.Message{}, false
	}
	low := strings.ToLower(normalise(t.text))
	if !regexp.MustCompile(`\b(?:refund\w*|money|back|off|discount|credit|compensat\w*|rembours\w*|reembols\w*|devolver|devuelv\w*|erstatt\w*|zurück\w*|geld|dinero|argent)\b`).MatchString(low) {
		return agent.Message{}, false
	}
	window := "within the return window"
	if st := t.req.State; st != nil && st.ReturnWindowDays > 0 {
		window = "within " + itoa(st.ReturnWindowDays) + " days of delivery"
	}
	return say("I'm sorry, I can't give part of the money back or a discount from here. What our policy allows is a full refund of the items you send back %s, to your original payment method. %s", window, "A member of our team can look at your case if you'd like."), true
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
