package eval

import (
	"regexp"
	"strings"
)

// The structural claim reader: the exact verb phrases of writeClaims miss
// natural claims ("the address on order #1001 has been updated", "✅
// Return initiated", "Refund processed: $85.51", "Listo, devolución
// iniciada", "Storniert!"). Read per clause instead: a clause claims a
// write when it holds the write's noun (return, refund, cancellation or a
// cancelled order, address, exchange, credit, discount code, replacement;
// in English, Spanish, German or French) and a completion marker (a past
// participle, a perfect, "done", "on its way", ✅, "wurde", "ha sido", "a
// été", "listo", "erledigt"…), and its sentence is no question and the
// clause holds no negation, modal, offer, future or generic statement
// ("I can", "would you like", "will be", "usually", "within 5 days").
// Conditions ("once you confirm…", "if…") are blanked before, as for the
// exact phrases.

// never matches nothing: a claim kind read only structurally.
var never = regexp.MustCompile(`[^\x00-\x{10FFFF}]`)

const nounEnd = `(?:$|[^\p{L}])`

var (
	nounReturn      = regexp.MustCompile(`(?i)\breturn(?:\s+request|\s+label)?\b(?:\s+(?:window|policy|period|deadline|address|shipping))?|\bdevoluci[oó]n` + nounEnd + `|\b(?:Rücksendung|Retoure|Rückgabe)\b|\bretour\b`)
	nounRefund      = regexp.MustCompile(`(?i)\brefund(?:ed)?\b|\bmoney\b[^,;]*\bback\b|\byour\s+money\b|[$€£]\s?\d[\d.,]*\s+back\b|\bback\s+(?:on|to|in)\s+(?:your|the)\s+(?:card|account|original)|\b(?:el|su|tu|del)\s+dinero\b|\b(?:Ihr|das|dein|Ihrem|Ihres)\s+Geld\b|\b(?:votre|ton|l['’])\s*argent\b|\breembols(?:o|ad[oa])\b|\b(?:Rück)?erstatt(?:ung|et)\b|\bremboursement\b|\brembours[ée]e?s?` + nounEnd)
	nounCancel      = regexp.MustCompile(`(?i)\bcancell?ation\b|\bcancell?ed\b|\bvoided\b|\bcancel(?:ad[oa]|é|ó)` + nounEnd + `|\bStornierung\b|\bstorniert\b|\bannulation\b|\bannul(?:ée?s?|é)` + nounEnd)
	nounAddress     = regexp.MustCompile(`(?i)\baddress\b|\bdirecci[oó]n` + nounEnd + `|\b(?:Liefer)?adresse\b`)
	nounCredit      = regexp.MustCompile(`(?i)\bcredit(?:ed)?\b(?:\s+card)?|\bcr[eé]dito\b|\bGuthaben\b|\bgutgeschrieben\b`)
	nounReplacement = regexp.MustCompile(`(?i)\breplacement\b|\bto\s+replace\b|\breplaced\b|\breemplazo\b|\brepuesto\b|\bErsatz(?:lieferung|artikel)?\b|\bremplacement\b`)
	nounExchange    = regexp.MustCompile(`(?i)\bexchange\b(?:\s+rate)?|\bintercambio\b|\bUmtausch\b|\béchange\b`)
	nounCreditNote  = regexp.MustCompile(`(?i)\bGutschrift\b|\bnota\s+de\s+cr[eé]dito\b|\bnote\s+de\s+crédit\b|\bcredit\s+note\b`)
	nounDiscount    = regexp.MustCompile(`(?i)\b(?:discount|promo|coupon|voucher)\s+code\b|\bc[oó]digo\s+(?:de\s+descuento|promocional)|\b(?:Rabatt|Gutschein)code\b|\bcode\s+(?:promo|de\s+réduction)\b|\bbon\s+de\s+réduction\b`)
)

// nounExcluded are noun matches that name no write: the return window or
// policy, a credit card, an exchange rate; nounExcludedBefore the same
// where the noun comes last ("fenêtre de retour", "plazo de devolución",
// "politique de remboursement").
var (
	nounExcluded       = regexp.MustCompile(`(?i)\s(?:window|policy|period|deadline|address|shipping|card|rate)$`)
	nounExcludedBefore = regexp.MustCompile(`(?i)\b(?:fenêtre|politique|délai|période|conditions|ventana|plazo|pol[ií]tica|per[ií]odo|condiciones)\s+(?:de\s+|d['’]\s*)$`)
)

// doneMarker is a completion marker.
var doneMarker = regexp.MustCompile(`(?i)\b(?:started|created|opened|initiated|processed|issued|submitted|registered|logged|filed|booked|arranged|approved|confirmed|completed?|updated|changed|corrected|amended|cancell?ed|voided|refunded|credited|applied|added|sent|shipped|dispatched|placed|generated|emailed|put\s+through|went\s+through|gone\s+through|set\s+up|done|underway|under\s+way|in\s+progress|on\s+(?:its|the)\s+way|is\s+in\s*$|now\s+reads|taken\s+care\s+of|sorted|going|is\s+now|are\s+now` +
	`|in\s+(?:the|our)\s+system|saved|switched|replaced|ready\s+(?:to|for)\s+(?:use|spend)|(?:I|we)(?:['’]ve|\s+have)\s+(?:just\s+|now\s+|already\s+)*put)\b` +
	`|[✅✔✓]` +
	`|\b(?:iniciad[oa]|cread[oa]|registrad[oa]|procesad[oa]|tramitad[oa]|emitid[oa]|enviad[oa]|cancelad[oa]|cancelé|canceló|actualizad[oa]|cambiad[oa]|modificad[oa]|corregid[oa]|realizad[oa]|aplicad[oa]|listo|lista|hecho|en\s+camino|ha\s+sido|fue|devolvimos|devolv[ií]|(?:he|hemos)\s+devuelto|reembolsamos|reembols[eé]|guardad[oa])` + nounEnd +
	`|\b(?:gestartet|angelegt|erstellt|eingeleitet|registriert|storniert|erstattet|rückerstattet|geändert|aktualisiert|korrigiert|veranlasst|verschickt|versandt|ausgestellt|gutgeschrieben|bearbeitet|unterwegs|erledigt|läuft|wurde|wurden|gespeichert|hinterlegt)` + nounEnd +
	`|\b(?:lancée?|créée?|ouverte?|enregistrée?|initiée?|effectuée?|émise?|envoyée?|annulée?|modifiée?|changée?|mise?\s+à\s+jour|corrigée?|traitée?|fait|a\s+été|en\s+route|en\s+cours)` + nounEnd)

// genericStart is a clause about any such thing ("a return is started
// from the orders page"), not this one, unless it says one is under way
// or was made ("a replacement is on its way", "a refund has been issued").
var (
	genericStart = regexp.MustCompile(`(?i)^\s*(?:a|an)\s`)
	genericMade  = regexp.MustCompile(`(?i)\b(?:on\s+(?:its|the)\s+way|has\s+been|have\s+been|was|were)\b`)
)

// clauseSplit cuts a sentence into clauses.
var clauseSplit = regexp.MustCompile(`[,;:–—]|\s-\s|\b(?:and|but|so|und|aber|y|pero|et|mais)\b`)

// structuralClaims reads text (conditions already blanked) clause by
// clause and returns, for each claim kind it says was made, the clause
// that says so. A clause claims when a completion marker in it is
// governed by no negation, modal or general statement (claims_scope.go)
// and it names the write's noun with no negation right before it ("no
// refund").
func structuralClaims(text string) map[string]string {
	out := map[string]string{}
	text = blankIdioms(text)
	asks := confirmAskRe.MatchString(text)
	var asked *writeClaim // the write a bare question names ("The return?")
	for _, sm := range amountSentenceRe.FindAllStringIndex(text, -1) {
		s := strings.TrimSpace(text[sm[0]:sm[1]])
		prev := asked
		asked = nil
		if s == "" || strings.HasSuffix(s, "?") || strings.HasPrefix(s, "¿") {
			if len(strings.Fields(s)) <= 4 {
				asked = nounOnly(s)
			}
			continue
		}
		sentence := strings.TrimRight(text[sm[0]:sm[1]], ".! ")
		// "The return? Started.": a sentence that is only a marker
		// answers the bare question before it.
		if prev != nil && out[prev.what] == "" && bareMarkerRe.MatchString(sentence) {
			out[prev.what] = s
			continue
		}
		// "Your new delivery address: 12 Oak St" states the change made,
		// unless the reply asks to confirm it.
		if !asks && out["an address change"] == "" && newAddressRe.MatchString(sentence) && !negatedWithin(sentence, newAddressRe.FindStringIndex(sentence)[0], 2) {
			out["an address change"] = s
		}
		spans := clauseSpans(sentence)
		// "Refund: $45.50, issued today": a write's label heads the
		// whole sentence.
		if labelRe.MatchString(sentence) {
			spans = append(spans, [2]int{0, len(sentence)})
		}
		for _, cm := range spans {
			clause := sentence[cm[0]:cm[1]]
			if strings.TrimSpace(clause) == "" || (genericStart.MatchString(clause) && !genericMade.MatchString(clause) && !thisRefRe.MatchString(clause)) {
				continue
			}
			live := false
			for _, m := range doneMarker.FindAllStringIndex(clause, -1) {
				governed := governedAt(clause, m[0], m[1])
				if readyRe.MatchString(clause[m[0]:m[1]]) {
					governed = governedBefore(clause, m[0], m[1])
				}
				if !governed {
					live = true
					break
				}
			}
			if !live {
				continue
			}
			// "…, I've processed it": the agent's "it" is the write its
			// sentence names before it.
			scope := clause
			if agentItRe.MatchString(clause) {
				scope = sentence[:cm[1]]
			}
			for _, c := range writeClaims {
				if c.noun == nil || out[c.what] != "" {
					continue
				}
				for _, n := range c.noun.FindAllStringIndex(scope, -1) {
					if !nounExcluded.MatchString(scope[n[0]:n[1]]) && !nounExcludedBefore.MatchString(scope[:n[0]]) && !negatedWithin(scope, n[0], 1) {
						out[c.what] = strings.TrimSpace(clause)
						break
					}
				}
			}
		}
	}
	return out
}

var (
	// amountSentenceRe is sentenceRe that keeps "$45.50" whole.
	amountSentenceRe = regexp.MustCompile(`(?:[^.!?\n]|\.\d)+[.!?]*`)
	// bareMarkerRe is a sentence that is only a completion marker:
	// "Started.", "Yes, done.", "Already issued!", "Erledigt."
	bareMarkerRe = regexp.MustCompile(`(?i)^[\s¡!✅✔✓]*(?:(?:yes|yep|s[ií]|ja|oui)[,!\s]+)?(?:all\s+|already\s+|just\s+|ya\s+|schon\s+|bereits\s+|déjà\s+)?` +
		`(?:started|created|opened|initiated|processed|issued|submitted|registered|logged|booked|arranged|approved|confirmed|done|updated|changed|cancell?ed|refunded|credited|sent|shipped|dispatched|sorted|handled` +
		`|iniciad[oa]|cread[oa]|registrad[oa]|procesad[oa]|emitid[oa]|enviad[oa]|cancelad[oa]|actualizad[oa]|cambiad[oa]|hecho|listo` +
		`|gestartet|angelegt|erstellt|storniert|erstattet|geändert|verschickt|erledigt|lancée?|créée?|enregistrée?|effectuée?|émise?|envoyée?|annulée?|modifiée?|fait)[\s.!✅✔✓]*$`)
	// newAddressRe is the new address stated: "your new delivery
	// address: 12 Oak St", "the new address is 12 Oak St", "nueva
	// dirección: …", "neue Lieferadresse: …", "nouvelle adresse : …".
	newAddressRe = regexp.MustCompile(`(?i)\bnew\s+(?:delivery\s+|shipping\s+|postal\s+)?address\s*(?::|is\s+now|is)\s*\d|\bnueva\s+direcci[oó]n(?:\s+de\s+(?:env[ií]o|entrega))?\s*(?::|es)\s*\S|\bneue\s+(?:Liefer)?[Aa]dresse\s*(?::|ist|lautet)\s*\S|\bnouvelle\s+adresse(?:\s+de\s+livraison)?\s*(?::|est)\s*\S`)
	// labelRe is a sentence headed by a write's label: "Refund: …",
	// "Return: …", "Reembolso: …", "Erstattung: …", "Remboursement : …".
	labelRe = regexp.MustCompile(`(?i)^\s*(?:the\s+|your\s+)?(?:refund|return|cancellation|store\s+credit|replacement|exchange|address\s+change|reembolso|devoluci[oó]n|cancelaci[oó]n|(?:Rück)?[Ee]rstattung|Rücksendung|Stornierung|Gutschrift|remboursement|retour|annulation|avoir)\s*:`)
	// readyRe is a marker that holds its own "to": "ready to use".
	readyRe = regexp.MustCompile(`(?i)^ready\s`)
	// agentItRe is the agent saying it acted on "it": "I've processed
	// it", "we've sorted that".
	agentItRe = regexp.MustCompile(`(?i)\b(?:I|we)(?:['’]ve|\s+have)\s+(?:\p{L}+\s+){0,2}(?:it|that|this|them)\b`)
)

// nounOnly is the write a short question names, if any: "The return?"
func nounOnly(s string) *writeClaim {
	for i := range writeClaims {
		if c := &writeClaims[i]; c.noun != nil && c.noun.MatchString(s) && !negWordRe.MatchString(s) && !doneMarker.MatchString(s) {
			return c
		}
	}
	return nil
}

// clauseSpans are the spans of sentence's clauses.
func clauseSpans(sentence string) [][2]int {
	var out [][2]int
	from := 0
	for _, m := range clauseSplit.FindAllStringIndex(sentence, -1) {
		// The comma of "25,50 $" or "1,234" joins a number.
		if sentence[m[0]] == ',' && m[0] > 0 && m[1] < len(sentence) && isDigit(sentence[m[0]-1]) && isDigit(sentence[m[1]]) {
			continue
		}
		out = append(out, [2]int{from, m[0]})
		from = m[1]
	}
	return append(out, [2]int{from, len(sentence)})
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
