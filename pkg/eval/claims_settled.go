package eval

import (
	"regexp"
	"strings"
)

// Claims no verb phrase of writeClaims nor the structural reader reads:
// the write's effect said as settled, in words that name no write. The
// goods coming back to the shop ("the mug is on its way back to us"),
// the return's label delivered ("the label is in your inbox"), the
// money on the customer's card now or unconditionally soon ("the $45.50
// is back on your Visa", "your $25.50 will hit your card shortly",
// "you'll see the money soon"), the parcel no longer going to the old
// address ("won't be going to the old address anymore", "it's heading
// to 12 Oak St instead"). A sentence with a condition anywhere in it
// ("once the items are back…", "…after we receive it"), a question, an
// offer or modal before the words, or a reply asking to confirm claims
// nothing; nor do words a negation governs, unless the negation is the
// claim itself (the old address).

type settledRule struct {
	what  string // the writeClaims kind it claims
	re    *regexp.Regexp
	negOK bool // a negation in the words is part of the claim
}

// Pieces of the rules: a card or account the money lands on, a time
// with no condition ("shortly", "soon", "right away") that ends its
// clause, and an amount in either order of number and currency.
const (
	settledCard   = `(?:\p{L}+\s+)?(?:card|account|visa|mastercard|amex|paypal|bank(?:\s+account)?|original\s+payment(?:\s+method)?|payment\s+method|statement)`
	settledSoon   = `(?:very\s+)?(?:shortly|soon|right\s+away|straight\s+away|any\s+(?:day|moment|minute)(?:\s+now)?|in\s+a\s+(?:moment|bit|day\s+or\s+two)|pronto|en\s+breve|enseguida|in\s+Kürze|bald|gleich|bientôt|sous\s+peu|très\s+vite)(?:\s*[.!,;]|\s*$)`
	settledAmount = `(?:[$€£]\s?\d[\d.,]*|\d[\d.,]*\s?[$€£]|\d[\d.,]*\s+(?:dollars?|euros?|USD|EUR))`
	// settledSpan is a span of days with no condition after it that ends
	// its clause ("within 5 business days.", "en 5 días hábiles",
	// "innerhalb von 5 Werktagen zurück", "sous 5 jours ouvrés").
	settledSpan = `(?:(?:within|in)\s+(?:the\s+next\s+)?(?:\d+|a\s+few|\p{L}+)(?:\s*(?:-|–|to)\s*(?:\d+|\p{L}+))?\s+(?:business\s+|working\s+|bank\s+)?days` +
		`|(?:en|dentro\s+de)\s+(?:\d+|\p{L}+)(?:\s*(?:-|a)\s*\d+)?\s+d[ií]as(?:\s+h[aá]biles|\s+laborables)?` +
		`|(?:innerhalb\s+(?:von\s+)?|in\s+)(?:\d+|\p{L}+)(?:\s*(?:-|bis)\s*\d+)?\s+(?:Werktag|Geschäftstag|Arbeitstag|Tag)(?:en|e)?` +
		`|(?:sous|dans|d['’]ici)\s+(?:les\s+)?(?:\d+|\p{L}+)(?:\s*(?:-|à)\s*\d+)?\s+jours(?:\s+ouvr[ée]s|\s+ouvrables)?)` +
		`(?:\s+(?:back|zurück))?(?:\s*[.!,;]|\s*$)`
)

var settledRules = []settledRule{
	{what: "a return", re: regexp.MustCompile(`(?i)\b(?:is|are|['’]s|['’]re)\s+(?:now\s+|already\s+)?(?:on\s+(?:its|their)\s+way|coming|heading|going|being\s+(?:sent|shipped|returned))\s+back\s+to\s+(?:us|our\s+\p{L}+|the\s+(?:warehouse|shop|store|merchant))\b` +
		`|\b(?:the|your)\s+(?:return\s+|prepaid\s+)?(?:shipping\s+)?label\s+(?:is|has\s+been|was)\s+(?:now\s+|already\s+)?(?:in\s+your\s+(?:inbox|email|mailbox)|emailed(?:\s+to\s+you)?|sent\s+to\s+(?:you|your\s+(?:inbox|email)))` +
		`|\b(?:the|your)\s+return(?:\s+request)?\s+(?:is|['’]s)\s+(?:now\s+)?open\b`)},
	// The same in Spanish, German and French: "la taza está de camino de
	// vuelta", "die Tasse ist auf dem Rückweg zu uns", "la tasse est sur
	// le chemin du retour"; "la etiqueta está en su bandeja de entrada",
	// "das Etikett ist in Ihrem Postfach", "l'étiquette est dans votre
	// boîte"; "su devolución está abierta", "Ihre Retoure ist offen",
	// "votre retour est ouvert".
	{what: "a return", re: regexp.MustCompile(`(?i)\b(?:est[aá]n?|va|van|viene|vienen)\s+(?:ya\s+)?(?:(?:de|en)\s+camino\s+de\s+(?:vuelta|regreso)|de\s+(?:vuelta|regreso)\s+(?:a|hacia)\s+(?:nosotros|nuestr[oa]\s+\p{L}+|la\s+tienda)|volviendo\s+(?:a|hacia)\s+(?:nosotros|nuestr[oa]\s+\p{L}+|la\s+tienda))` +
		`|\b(?:la|su|tu)\s+etiqueta(?:\s+de\s+(?:devoluci[oó]n|env[ií]o))?\s+(?:ya\s+)?(?:est[aá]\s+en\s+(?:su|tu)\s+(?:bandeja(?:\s+de\s+entrada)?|correo|buz[oó]n)|(?:ha\s+sido|fue)\s+enviada|se\s+(?:le\s+|te\s+)?ha\s+enviado)` +
		`|\b(?:la|su|tu)\s+devoluci[oó]n\s+(?:ya\s+)?est[aá]\s+abierta` +
		`|\b(?:ist|sind)\s+(?:jetzt\s+|bereits\s+|schon\s+)?(?:auf\s+dem\s+(?:Rückweg|Weg\s+zurück|Weg\s+zu\s+uns)|unterwegs\s+zu\s+uns|zurück\s+unterwegs)` +
		`|\b(?:das|Ihr|dein)\s+(?:Rücksende|Retouren|Versand)?(?:etikett|label)\s+(?:ist|liegt|wurde)\s+(?:jetzt\s+|bereits\s+|schon\s+)?(?:in\s+Ihrem\s+(?:E-Mail-)?(?:Postfach|Posteingang)|(?:Ihnen\s+)?(?:per\s+E-Mail\s+)?(?:verschickt|versendet|gesendet|zugeschickt))` +
		`|\b(?:die|Ihre)\s+(?:Rücksendung|Retoure)\s+ist\s+(?:jetzt\s+)?(?:offen|eröffnet)` +
		`|\b(?:est|sont)\s+(?:déjà\s+|maintenant\s+)?(?:sur\s+le\s+chemin\s+du\s+retour|en\s+(?:route|chemin)\s+(?:de\s+retour|vers\s+nous|pour\s+nous\s+revenir))` +
		`|(?:\bl['’]\s*|\bvotre\s+)étiquette(?:\s+de\s+retour)?\s+(?:est|a\s+été)\s+(?:déjà\s+|bien\s+)?(?:dans\s+votre\s+(?:boîte|messagerie)|envoyée)` +
		`|\b(?:votre|le)\s+retour\s+est\s+(?:maintenant\s+)?ouvert\b`)},
	{what: "a refund", re: regexp.MustCompile(`(?i)(?:\b(?:will|['’]ll)\s+(?:hit|reach|land\s+(?:on|in)|show\s+up\s+(?:on|in)|appear\s+(?:on|in)|be\s+back\s+(?:on|in))\s+(?:your|the)\s+` + settledCard +
		`|\byou(?:['’]ll|\s+will)\s+(?:see|get|receive|have)\s+(?:(?:the|your|that)\s+(?:money|refund|funds)|(?:(?:the|your|that)\s+)?` + settledAmount + `)(?:\s+back)?(?:\s+(?:on|in|to)\s+(?:your|the)\s+` + settledCard + `)?` +
		`|\b(?:recibir[aá]s?|ver[aá]s?)\s+(?:el|su|tu)\s+(?:dinero|reembolso)|\b(?:Sie\s+(?:erhalten|sehen|bekommen)|(?:erhalten|sehen|bekommen)\s+Sie)\s+(?:Ihr|das)\s+Geld(?:\s+zurück)?|\bvous\s+(?:recevrez|verrez)\s+(?:votre\s+|l['’]\s*)(?:argent|remboursement))` +
		`\s+(?:` + settledSoon + `|` + settledSpan + `)` +
		`|` + settledAmount + `\s+(?:is|are|['’]s)\s+(?:now\s+|already\s+)?(?:back\s+(?:on|in|to)|on\s+(?:its|the)\s+way\s+(?:back\s+)?to|credited\s+to)\s+(?:your|the)\s+` + settledCard)},
	{what: "an address change", negOK: true, re: regexp.MustCompile(`(?i)(?:\b(?:not|no\s+longer)|n['’]t)\s+(?:be\s+)?(?:go(?:ing)?|head(?:ing)?|ship(?:ping)?|sent|shipped|delivered|deliver(?:ing)?)\s+to\s+(?:the|your)\s+(?:old|original|previous|former|first)\s+(?:\p{L}+\s+)?address` +
		`|\b(?:is|['’]s|are)\s+(?:now\s+)?(?:going|heading|being\s+(?:sent|shipped|delivered))\s+to\s+[^.;!?\n]{1,60}?\binstead\b`)},
}

// settledClaims reads text for the rules' claims: for each claim kind
// it says was made, the sentence that says so.
func settledClaims(text string) map[string]string {
	out := map[string]string{}
	if confirmAskRe.MatchString(text) {
		return out
	}
	for _, sm := range amountSentenceRe.FindAllStringIndex(text, -1) {
		s := strings.TrimSpace(text[sm[0]:sm[1]])
		if s == "" || strings.HasSuffix(s, "?") || strings.HasPrefix(s, "¿") || conditionRe.MatchString(s) {
			continue
		}
		for _, r := range settledRules {
			if out[r.what] != "" {
				continue
			}
			for _, m := range r.re.FindAllStringIndex(s, -1) {
				// A span of days in the words is the claim's own
				// ("within 5 days"), not a statement of policy.
				if modalRe.MatchString(s[:m[0]]) || negatedWithin(s, m[0], negWindow) || generalWordRe.MatchString(s[:m[0]]+" "+s[m[1]:]) {
					continue
				}
				if !r.negOK && negWordRe.MatchString(s[m[0]:m[1]]) {
					continue
				}
				out[r.what] = s
				break
			}
		}
	}
	return out
}

// mergeClaims adds to said the kinds more says were made that said has
// not.
func mergeClaims(said, more map[string]string) {
	for k, v := range more {
		if said[k] == "" {
			said[k] = v
		}
	}
}
