package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// Questions about how the shop works asked in Spanish, German or French:
// the policy words of those languages, read as the English words the
// guides use, so the guides are searched and the answer given in English
// (with the note that replies are in English and a person is there for
// the asking).

// policyWords are policy and care words of other languages, in English.
var policyWords = map[string]string{
	// Spanish
	"política": "policy", "politica": "policy", "devoluciones": "returns", "devolución": "return", "devolucion": "return", "devolver": "return",
	"limpiar": "clean", "limpio": "clean", "lavar": "wash", "envío": "shipping", "envíos": "shipping", "envio": "shipping", "envios": "shipping",
	"enviar": "ship", "envían": "ship", "envian": "ship", "cuesta": "cost", "coste": "cost", "costo": "cost", "reembolso": "refund",
	"reembolsos": "refund", "cuidar": "care", "cuidado": "care",
	// German
	"rückgabe": "return", "zurückzuschicken": "return", "zurückzugeben": "return", "zurückzusenden": "return", "rückgaben": "returns", "zurückgeben": "return", "zurückschicken": "return", "rücksendung": "return",
	"reinige": "clean", "reinigen": "clean", "reinigt": "clean", "waschen": "wash", "wasche": "wash", "versenden": "ship", "versendet": "ship",
	"liefern": "deliver", "liefert": "deliver", "versand": "shipping", "versandkosten": "shipping cost", "kostet": "cost", "kosten": "cost",
	"erstattung": "refund", "rückerstattung": "refund", "pflege": "care", "pflegen": "care", "rückgaberecht": "return policy",
	// French
	"retour": "return", "retours": "returns", "retourner": "return", "renvoyer": "return", "politique": "policy", "nettoyer": "clean",
	"nettoie": "clean", "laver": "wash", "lave": "wash", "livraison": "delivery", "livrez": "ship", "livrer": "deliver", "expédiez": "ship",
	"expédier": "ship", "coûte": "cost", "coute": "cost", "coût": "cost", "frais": "cost", "remboursement": "refund", "entretenir": "care",
	"entretien": "care",
	// gift wrapping and appliances
	"envoltorio": "wrap", "envolver": "wrap", "regalo": "gift", "geschenkverpackung": "gift wrap", "geschenk": "gift",
	"verpackung": "wrap", "einpacken": "wrap", "emballage": "wrap", "emballages": "wrap", "cadeau": "gift", "cadeaux": "gift",
	"lavavajillas": "dishwasher", "spülmaschine": "dishwasher", "geschirrspüler": "dishwasher", "spülmaschinenfest": "dishwasher",
	"lave-vaisselle": "dishwasher", "microondas": "microwave", "mikrowelle": "microwave", "micro-ondes": "microwave",
	"horno": "oven", "backofen": "oven", "ölen": "oil", "aceitar": "oil", "huiler": "oil", "secadora": "dryer",
	"trockner": "dryer", "sèche-linge": "dryer",
	// fresh7c: rust, damage, the washing machine, money back, arriving
	"enlever": "remove", "quitar": "remove", "quito": "remove", "quita": "remove", "entfernen": "remove", "rouille": "rust", "óxido": "rust", "oxido": "rust", "rost": "rust", "abîmé": "damaged", "abîmée": "damaged", "lavadora": "washing machine",
	"waschmaschine": "washing machine", "zurückbekomme": "refund", "zurückbekommen": "refund", "tarda": "days", "tardan": "days",
	// how long
	"lange": "days", "tiempo": "days", "temps": "days", "días": "days", "tage": "days", "jours": "days",
}

// countryNames are country names of other languages, in English: where a
// customer asks the shop to ship.
var countryNames = map[string]string{
	"österreich": "Austria", "autriche": "Austria", "kanada": "Canada", "canadá": "Canada", "méxico": "Mexico", "mexiko": "Mexico",
	"mexique": "Mexico", "deutschland": "Germany", "allemagne": "Germany", "alemania": "Germany", "schweiz": "Switzerland",
	"suisse": "Switzerland", "suiza": "Switzerland", "frankreich": "France", "francia": "France", "españa": "Spain", "spanien": "Spain",
	"espagne": "Spain", "england": "England", "inglaterra": "England", "angleterre": "England", "europa": "Europe", "europe": "Europe", "canada": "Canada", "mexico": "Mexico", "austria": "Austria",
}

// foreignMineRe says a message of another language is about the
// customer's own order: "mi pedido", "meine Bestellung", "ma commande".
var foreignMineRe = regexp.MustCompile(`(?i)(?:^|\s)(?:mi|mis|mein|meine|meinen|meiner|ma|mon|mes)\s|#\s?\d`)

// ownMoneyRe is "my money" ("mein Geld", "mi dinero", "mon argent"):
// when money comes back is the policy's, whoever asks.
var ownMoneyRe = regexp.MustCompile(`(?i)(?:mi|mein|mon)\s+(dinero|geld|argent)`)

// foreignRequestRe asks for something to be done ("Quiero devolver …",
// "Ich möchte … zurückgeben"): a request, not a question about policy.
var foreignRequestRe = regexp.MustCompile(`(?i)\b(?:quiero|quisiera|necesito|me gustaría|möchte|will|würde gern|brauche|voudrais|veux|j'aimerais|souhaite|` +
	// a preference ("prefiero crédito", "lieber einen Gutschein", "je
	// préfère un avoir") asks for it
	`prefiero|prefiere|préfère|prefere|préférerais|lieber|hätte gern|plutôt|plutot|en vez de|en lugar de|anstatt|au lieu d)`)

// foreignHowLongRe asks how long: "¿cuánto tiempo?", "wie lange",
// "combien de temps".
var foreignHowLongRe = regexp.MustCompile(`(?i)\b(?:cu[aá]nto|cu[aá]ntos|wie lange|wie viele|combien)\b`)

// foreignHowRe opens a question how to do something.
var foreignHowRe = regexp.MustCompile(`(?i)^\s*¿?\s*(?:cómo|como|comment|wie)\s`)

// foreignPolicyQuery is the English search for a question of another
// language about how the shop works ("Versenden Sie nach Österreich?":
// "ship Austria"), or "" when the message is in English, names an order of
// the customer's, or asks about no policy or care topic.
func foreignPolicyQuery(text string) string {
	if foreignRequestRe.MatchString(text) || foreignMineRe.MatchString(ownMoneyRe.ReplaceAllString(text, "$1")) || orderRe.MatchString(text) || emailRe.MatchString(text) ||
		classify(normalise(text)) == intentLate {
		// A parcel that has not moved for days asks about the order.
		return ""
	}
	var q []string
	topic, added := false, false
	var toks, nouns []string
	for _, tok := range tokenRe.FindAllString(strings.ToLower(agent.WithProductNouns(text)), -1) {
		if _, ok := policyWords[tok]; !ok && strings.Contains(tok, "-") {
			// "Livrez-vous": the verb and its pronoun.
			toks = append(toks, strings.Split(tok, "-")...)
			continue
		}
		toks = append(toks, tok)
	}
	for _, tok := range toks {
		if en, ok := policyWord(tok); ok {
			// "hace días" (days ago) says when, and asks nothing: only a
			// question how long makes days a topic.
			q, topic = append(q, en), topic || en != "days" || foreignHowLongRe.MatchString(text)
			continue
		}
		if en, ok := countryNames[tok]; ok {
			q = append(q, en, "international")
			continue
		}
		if en, ok := foreign[tok]; ok && !function[en] {
			q = append(q, en)
			continue
		}
		if added && len([]rune(tok)) >= 3 && !function[tok] {
			q = append(q, tok) // the English product nouns
			nouns = append(nouns, tok)
		}
		if tok == "(" {
			added = true
		}
	}
	if h := howLongOfThing(text, q, nouns); h != "" {
		return h // docs13.go: how long the thing lasts
	}
	if !topic && (!added || !foreignHowRe.MatchString(text)) {
		// A question how to do something with a product ("¿Cómo curo
		// la sartén?") is about the product's guide too.
		return ""
	}
	return strings.Join(q, " ")
}

// careWords are the English words of policyWords that ask how to look
// after or use a thing, not how the shop works.
var careWords = map[string]bool{"clean": true, "wash": true, "care": true, "dishwasher": true, "microwave": true, "oven": true,
	"oil": true, "dryer": true}

// foreignCare reports whether a message of another language asks how to
// look after or use a product: a question for its guide even when the
// product is the customer's own.
func foreignCare(text string) bool {
	q := foreignPolicyQuery(text)
	if q == "" {
		return false
	}
	if foreignHowRe.MatchString(text) {
		return true
	}
	for _, w := range strings.Fields(q) {
		if careWords[w] {
			return true
		}
	}
	return false
}
