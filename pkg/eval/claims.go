package eval

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/demoshop"
)

// A reply may say a write was made only when one of that kind was: "I've
// started the return" with no return in the shop's log is a false claim.
// A claim is an agent saying it acted ("I have changed", "I went ahead and
// cancelled", "he cancelado", "ich habe … storniert", "j'ai annulé") or a
// statement that the thing is done ("All set, your return is started",
// "your refund is on its way", "done — the address is updated", "has been
// refunded", "Ihre Bestellung wurde storniert", "votre retour est
// enregistré"). Offers ("I can start a return", "shall I…"), conditions
// ("once you confirm, I'll…"), futures ("your refund will be issued") and
// negations ("the return isn't started yet") claim nothing.
//
// A statement that a thing is done is also borne out when the tool
// results say it already was (a refund_status with a refund, an order at
// the cancelled stage): "your refund was issued on Nov 3" about an order
// refunded before the conversation is a fact, not a claim of a write. An
// agent saying it acted needs a write in this conversation.

// writeClaim is one kind of write a reply may claim: the agent saying it
// acted (did), a statement that it is done (state), the shop's write types
// any of which bears either out, and, for a statement, whether the
// sources show it done before (already; nil: never).
type writeClaim struct {
	what  string
	did   *regexp.Regexp
	state *regexp.Regexp
	noun  *regexp.Regexp // the write's noun for the structural reader (claims_structure.go)
	// now is a statement of the done state that holds its own future
	// ("it will now go to 12 Oak St"): a modal in it governs nothing.
	now *regexp.Regexp
	// asked is the customer asking for the write, which a bare "done"
	// in the reply to it claims was made.
	asked   *regexp.Regexp
	types   []string
	already func(sourceState) bool
}

// claimDone is "I have / I've / we have / we've (just|now|already|…)", or
// "I / we just …", "I went ahead and …": the agent acting now.
const claimDone = `(?:\b(?:I|we)\s*(?:(?:'ve|’ve|\s+have)\s+(?:just\s+|now\s+|already\s+|also\s+|successfully\s+|gone\s+ahead\s+and\s+|now\s+gone\s+ahead\s+and\s+)*` +
	`|\s+(?:just\s+|also\s+|successfully\s+|went\s+ahead\s+and\s+)+))`

// claimPast is "I / we" and a verb in the simple past ("we refunded it on
// Nov 25"): a statement of what was done, which the tools may bear out.
const claimPast = `\b(?:I|we)\s+`

// claimAnd is claimDone, or "and" carrying one on ("I have started the
// return and changed your address"): for writes no stage fact words so.
const claimAnd = `(?:` + claimDone + `|\band\s+(?:also\s+)?)`

// isDone is the verb of a statement that a thing is done: "is", "'s",
// "has been", "was", "is now", "has now been", "is all", "ist", "wurde".
const isDone = `(?:\s+(?:is|has\s+been|have\s+been|was|were|are)|['’]s)\s+(?:now\s+|just\s+|all\s+|already\s+|successfully\s+)*`

// The verb phrases of the claims, after claimDone, claimAnd or claimPast.
const (
	returnVerbs  = `(?:started|created|opened|set up|booked|registered|submitted|initiated|processed|logged|filed)\s+(?:a|the|your)\s+(?:\p{L}+\s+){0,2}returns?\b`
	refundVerbs  = `(?:refunded|(?:issued|processed|sent|started|initiated|made)\s+(?:a|the|your)\s+(?:full\s+|partial\s+)?refund)\b`
	cancelVerbs  = `cancell?ed\b`
	addressVerbs = `(?:(?:changed|updated|corrected|amended)\s+(?:the|your)\s+(?:\p{L}+\s+){0,2}address\b` +
		`|(?:switched|changed|moved|redirected|rerouted|re-routed|updated|sent)\s+(?:the|your)\s+(?:\p{L}+\s+)?(?:delivery|shipping|shipment|parcel|package|order)\s+(?:address\s+)?(?:over\s+)?to\s+(?:\d|the\s+new)\b)`
	creditVerbs  = `(?:issued|added|given|applied|credited)\s+(?:you\s+)?(?:\S+\s+){0,3}(?:in\s+)?(?:store\s+)?credit\b`
	replaceVerbs = `(?:(?:sent|shipped|arranged|ordered|dispatched|created|placed)\s+(?:you\s+)?(?:a|the|your)\s+(?:new\s+)?replacement\b` +
		`|(?:sent|shipped|dispatched|mailed|posted)\s+(?:out\s+)?(?:you\s+)?(?:out\s+)?(?:a\s+(?:new|fresh|second)|another)\s+\p{L}+)`
)

var writeClaims = []writeClaim{
	{what: "a return", asked: regexp.MustCompile(`(?i)\breturn|\bsend\s+(?:it|them|this)\s+back|\bdevolver|\bdevoluci|zurück(?:schicken|senden|geben)|Rücksendung|Retoure|\bretour|\brenvoyer`), noun: nounReturn,
		did: regexp.MustCompile(`(?i)` + claimAnd + returnVerbs +
			`|\bhe (?:iniciado|creado|abierto|registrado|tramitado) (?:la|una|su) devoluci[oó]n|\b(?:ich habe|wir haben) (?:die|eine|Ihre) (?:Rücksendung|Retoure) (?:\p{L}+ )?(?:gestartet|angelegt|erstellt|eingeleitet|registriert)` +
			`|\bj['’]ai (?:lancé|créé|ouvert|enregistré|initié) (?:le|un|votre) retour`),
		state: regexp.MustCompile(`(?i)` + claimPast + returnVerbs + `|\breturns?(?:\s+(?:request|label|for\s+(?:the\s+|your\s+)?\p{L}+(?:\s+\p{L}+)?))?` + isDone + `(?:started|created|opened|set up|booked|registered|submitted|initiated|underway|in progress|confirmed|approved|logged|on file)\b` +
			`|\b(?:la|su) devoluci[oó]n (?:ya )?(?:est[aá]|ha sido|fue|queda) (?:iniciada|creada|registrada|abierta|en marcha|tramitada)` +
			`|\b(?:die|Ihre) (?:Rücksendung|Retoure) (?:ist|wurde) (?:jetzt |nun |bereits )?(?:gestartet|angelegt|erstellt|eingeleitet|registriert)` +
			`|\b(?:le|votre) retour (?:a été|est) (?:bien )?(?:lancé|créé|ouvert|enregistré|initié)`),
		types:   []string{demoshop.ActionReturn, demoshop.ActionExchange},
		already: func(s sourceState) bool { return s.returned }},
	{what: "a refund", asked: regexp.MustCompile(`(?i)\brefund|\bmoney\s+back|reembols|erstatt|rembours`), noun: nounRefund,
		did: regexp.MustCompile(`(?i)` + claimDone + refundVerbs +
			`|\bhe (?:reembolsado|emitido (?:el|un|su) reembolso|procesado (?:el|un|su) reembolso)|\b(?:ich habe|wir haben)\b[^.;:!?\n]{0,40}\b(?:erstattet|rückerstattet)\b|\bj['’]ai (?:rembours[ée]|(?:émis|effectué) (?:le|un|votre) remboursement)`),
		state: regexp.MustCompile(`(?i)` + claimPast + refundVerbs + `|\brefund(?:\s+of\s+\S+)?` + isDone + `(?:issued|processed|sent|made|complete|completed|done|on (?:its|the) way|underway|approved|confirmed)\b` +
			`|\brefund\s+is\s+being\s+processed\b|\b(?:has|have)\s+(?:now\s+|just\s+)?been\s+refunded\b|\byou(?:['’]ve|\s+have)\s+been\s+refunded\b` +
			`|\b(?:el|su) reembolso (?:ya )?(?:est[aá] en camino|ha sido (?:emitido|procesado)|fue (?:emitido|procesado)|se ha (?:emitido|procesado))` +
			`|\b(?:die|Ihre) (?:Rück)?[Ee]rstattung (?:ist|wurde) (?:jetzt |nun |bereits )?(?:unterwegs|veranlasst|ausgelöst|angewiesen|bearbeitet)` +
			`|\b(?:le|votre) remboursement (?:a été|est) (?:bien )?(?:effectué|émis|envoyé|en route|en cours)`),
		types:   []string{demoshop.ActionRefund, demoshop.ActionCancel, demoshop.ActionReturn},
		already: func(s sourceState) bool { return s.refunded }},
	{what: "a cancellation", asked: regexp.MustCompile(`(?i)\bcancel|stornier|\bstorno|\bcancelar|\banul|\bannul`), noun: nounCancel,
		did: regexp.MustCompile(`(?i)` + claimDone + cancelVerbs +
			`|\bhe cancelado\b|\b(?:ich habe|wir haben)\b[^.;:!?\n]{0,40}\bstorniert\b|\bj['’]ai annul[ée]`),
		state: regexp.MustCompile(`(?i)` + claimPast + cancelVerbs + `|\b(?:order|it|shipment)` + isDone + `cancell?ed\b` +
			`|\b(?:el|su) pedido (?:ya )?(?:est[aá]|ha sido|fue|queda) cancelado` +
			`|\b(?:die|Ihre) Bestellung (?:ist|wurde) (?:jetzt |nun |bereits )?storniert` +
			`|\b(?:la|votre) commande (?:a été|est) (?:bien )?annulée`),
		types:   []string{demoshop.ActionCancel, demoshop.ActionCancelShipment},
		already: func(s sourceState) bool { return s.cancelled }},
	{what: "an address change", asked: regexp.MustCompile(`(?i)\baddress|\badress|direcci[oó]n|\badresse`), noun: nounAddress,
		did: regexp.MustCompile(`(?i)` + claimAnd + addressVerbs +
			`|\bhe (?:cambiado|actualizado|modificado|corregido) la direcci[oó]n|\b(?:ich habe|wir haben) (?:die|Ihre) (?:Liefer)?adresse (?:\p{L}+ )?(?:geändert|aktualisiert|korrigiert)` +
			`|\bj['’]ai (?:modifié|changé|mis à jour|corrigé) (?:l['’]|votre )adresse`),
		state: regexp.MustCompile(`(?i)` + claimPast + addressVerbs + `|\baddress` + isDone + `(?:changed|updated|corrected|amended)\b` +
			`|\b(?:delivery|shipping|shipment|parcel|package|order)` + isDone + `(?:switched|moved|redirected|rerouted|re-routed)\s+(?:over\s+)?to\b` +
			`|\b(?:la|su) direcci[oó]n (?:ya )?(?:est[aá]|ha sido|fue|queda) (?:cambiada|actualizada|modificada|corregida)` +
			`|\b(?:die|Ihre) (?:Liefer)?adresse (?:ist|wurde) (?:jetzt |nun |bereits )?(?:geändert|aktualisiert|korrigiert)` +
			`|\b(?:l['’]|votre )adresse (?:de livraison )?(?:a été|est) (?:bien )?(?:modifiée|changée|mise à jour|corrigée)`),
		now:   addressNowRe,
		types: []string{demoshop.ActionAddressChange}},
	{what: "store credit", asked: regexp.MustCompile(`(?i)\bstore\s+credit|Guthaben|\bcr[eé]dito|\bavoir\b`), noun: nounCredit,
		did: regexp.MustCompile(`(?i)` + claimDone + creditVerbs +
			`|\bhe (?:emitido|añadido) (?:\S+ ){0,3}cr[eé]dito|\bj['’]ai (?:émis|ajouté) (?:\S+ ){0,3}avoir`),
		state:   regexp.MustCompile(`(?i)` + claimPast + creditVerbs + `|\bcredit` + isDone + `(?:issued|added|applied|credited|on your account)\b`),
		types:   []string{demoshop.ActionStoreCredit, demoshop.ActionDiscountCode},
		already: func(s sourceState) bool { return s.credited }},
	{what: "a replacement", asked: regexp.MustCompile(`(?i)\breplace|\bErsatz|reemplaz|remplac`), noun: nounReplacement,
		did: regexp.MustCompile(`(?i)` + claimDone + replaceVerbs +
			`|\bhe enviado (?:un|el) (?:reemplazo|repuesto)|\b(?:ich habe|wir haben) (?:einen|den|Ihren) Ersatz\b[^.;:!?\n]{0,30}\b(?:verschickt|versandt|veranlasst)|\bj['’]ai (?:envoyé|expédié) (?:un|le) (?:remplacement|produit de remplacement)`),
		state:   regexp.MustCompile(`(?i)` + claimPast + replaceVerbs + `|\breplacement(?:\s+order)?` + isDone + `(?:sent|shipped|arranged|ordered|dispatched|created|placed|on (?:its|the) way)\b`),
		types:   []string{demoshop.ActionReplacement, demoshop.ActionExchange},
		already: func(s sourceState) bool { return s.replaced }},
	// A credit note ("Gutschrift", "nota de crédito") is money back or
	// store credit: either bears it out.
	{what: "a credit note", noun: nounCreditNote, did: never, state: never,
		types:   []string{demoshop.ActionRefund, demoshop.ActionCancel, demoshop.ActionReturn, demoshop.ActionStoreCredit, demoshop.ActionDiscountCode},
		already: func(s sourceState) bool { return s.refunded || s.credited }},
	{what: "an exchange", asked: regexp.MustCompile(`(?i)\bexchange|\bswap|umtausch|\bintercambi|[ée]chang`), noun: nounExchange, did: never, state: never,
		types:   []string{demoshop.ActionExchange},
		already: func(s sourceState) bool { return s.returned || s.replaced }},
	{what: "a discount code", noun: nounDiscount, did: never, state: never,
		types:   []string{demoshop.ActionDiscountCode, demoshop.ActionStoreCredit},
		already: func(s sourceState) bool { return s.credited }},
}

// addressNowRe is the parcel going somewhere now: "it will now go to",
// "now ships to", "is now going to", "geht jetzt an", "wird jetzt an …
// geliefert", "ahora irá a", "ahora se enviará a", "sera désormais livré
// au", "part maintenant à".
var addressNowRe = regexp.MustCompile(`(?i)\b(?:(?:will|['’]ll|is|are|is\s+going\s+to)\s+)?now\s+(?:be\s+)?(?:go(?:es|ing)?|ship(?:s|ping|ped)?|head(?:s|ing)?|sent|shipped|delivered|deliver(?:s|ing)?|travel(?:s|ling|ing)?)\s+to\b` +
	`|\b(?:geht|gehen|kommt|kommen|läuft|wird|werden)\s+(?:jetzt|nun|ab\s+sofort)\s+(?:an|nach|zu)\b|\b(?:wird|werden)\s+(?:jetzt|nun|ab\s+sofort)\b[^.;:!?\n]{0,40}\b(?:geliefert|geschickt|versandt|zugestellt)\b` +
	`|\bahora\s+(?:ir[aá]n?|va|van|se\s+(?:enviar[aá]n?|entregar[aá]n?|env[ií]a|entrega)|llegar[aá]n?)\s+a\b` +
	`|\b(?:sera|seront|ira|iront|va|vont|part|partira)\s+(?:désormais|maintenant|dorénavant)\s+(?:\p{L}+\s+)?(?:à|au|aux|vers)\b`)

// bareDoneRe is a sentence that says only that something is done: "All
// sorted on our side.", "Done!", "Erledigt!", "¡Listo!", "C'est fait."
var bareDoneRe = regexp.MustCompile(`(?i)^[\s¡!✅✔✓]*(?:(?:all|that['’]?s|it['’]?s|everything['’]?s?|this\s+is|all\s+is|consider\s+it|(?:has|have)\s+been|been)\s+)*(?:done|set|sorted(?:\s+out)?|taken\s+care\s+of|handled|complete|finished` +
	`|(?:alles\s+|ist\s+)?(?:erledigt|gemacht|fertig)|(?:todo\s+)?(?:listo|hecho|resuelto)|ya\s+est[aá]|c['’]est\s+(?:fait|réglé|bon)|(?:tout\s+est\s+)?(?:fait|réglé)|voilà)` +
	`(?:\s+(?:on\s+our\s+(?:side|end)|for\s+you|now|de\s+nuestra\s+parte|für\s+Sie|pour\s+vous|de\s+notre\s+côté))*[\s.!✅✔✓]*$`)

// confirmAskRe is a reply asking the customer to confirm: a "done" in it
// is the proposal prepared, not the write.
var confirmAskRe = regexp.MustCompile(`(?i)\bconfirm|\b(?:reply|say|answer)\s+(?:with\s+)?["“]?yes|\bshall\s+I\b|bestätig|\bmit\s+["„]?ja\b|\bconfirm[ae]|\bresponda\s+(?:con\s+)?["“]?s[ií]|\bconfirmez|\brépondez\s+["«]?\s*oui`)

// bareDone reports whether reply has a sentence that says only that
// something is done, and asks for no confirmation.
func bareDone(reply string) bool {
	if confirmAskRe.MatchString(reply) {
		return false
	}
	for _, s := range sentenceRe.FindAllString(reply, -1) {
		if bareDoneRe.MatchString(s) {
			return true
		}
	}
	return false
}

// liveNow is the first match of re in text that no negation, offer or
// general statement governs; a future in it is its own.
func liveNow(re *regexp.Regexp, text string) string {
	if re == nil {
		return ""
	}
	for _, m := range re.FindAllStringIndex(text, -1) {
		if !governedBefore(text, m[0], m[1]) {
			return text[m[0]:m[1]]
		}
	}
	return ""
}

// sourceState is what the tool results say was done to the conversation's
// orders before (or outside) its own writes.
type sourceState struct {
	refunded, cancelled, returned, credited, replaced bool
}

// readSourceState reads sourceState from the JSON the tools returned: a
// refund in "refunds" or a refunded payment, an order or parcel at the
// cancelled stage (or "cancelled_at"), a return in "returns" or the
// returned stage, store credit listed, a replacement order named.
func readSourceState(sources []string) sourceState {
	var s sourceState
	nonEmpty := func(v any) bool {
		switch x := v.(type) {
		case []any:
			return len(x) > 0
		case map[string]any:
			return len(x) > 0
		case string:
			return strings.TrimSpace(x) != ""
		}
		return false
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				str, _ := val.(string)
				low := strings.ToLower(str)
				switch k {
				case "refunds":
					s.refunded = s.refunded || nonEmpty(val)
				case "refunded_total", "refund_date":
					// A cancelled order's facts (track_order).
					s.refunded = s.refunded || nonEmpty(val)
				case "cancelled":
					s.cancelled = s.cancelled || nonEmpty(val)
				case "payment", "financial_status", "financialStatus":
					s.refunded = s.refunded || strings.Contains(low, "refunded")
				case "returns":
					s.returned = s.returned || nonEmpty(val)
				case "store_credit":
					s.credited = s.credited || nonEmpty(val)
				case "replacement_order":
					s.replaced = s.replaced || nonEmpty(val)
				case "cancelled_at":
					s.cancelled = s.cancelled || nonEmpty(val)
				case "stage", "status":
					s.cancelled = s.cancelled || strings.HasPrefix(low, "cancel")
					if strings.Contains(low, "return") {
						s.returned = true
					}
					if strings.Contains(low, "refunded") {
						s.refunded = true
					}
				}
				walk(val)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	for _, src := range sources {
		for _, v := range jsonValues(src) {
			walk(v)
		}
	}
	return s
}

// conditionalPassiveRe is a present passive tied to a condition that
// follows it ("the refund is made once the items are back", "your credit
// is issued when we receive them"): how the shop works, not what was
// done. Its verb and condition are blanked, so the subject claims
// nothing.
var conditionalPassiveRe = regexp.MustCompile(`(?i)\b(?:is|are|gets?|will be)\s+(?:usually\s+|only\s+|then\s+)?(?:made|issued|processed|sent|refunded|credited|started|paid|released|cancelled|canceled|changed|updated)\s+(?:as soon as|once|when|whenever|after|only after|within|on|upon)\b[^.;!?\n]*`)

// claimedWrites are the kinds of write text claims were made.
func claimedWrites(text string) []string {
	t := blankIdioms(conditionRe.ReplaceAllString(conditionalPassiveRe.ReplaceAllString(text, " "), " "))
	var out []string
	said := structuralClaims(t)
	mergeClaims(said, settledClaims(text))
	mergeClaims(said, map[string]string{"an address change": destinationClaim(text, "")})
	for _, c := range writeClaims {
		if liveMatch(c.did, t) != "" || liveMatch(c.state, t) != "" || liveNow(c.now, t) != "" || said[c.what] != "" {
			out = append(out, c.what)
		}
	}
	return out
}

// falseClaims: every write a reply claims has one of its kind in the
// shop's log of the conversation; a statement that a thing is done may
// instead be what the sources say was done before.
func falseClaims(replies []string, writes []demoshop.Action, sources []string) []string {
	return falseClaimsAsked(replies, nil, writes, sources)
}

// falseClaimsAsked is falseClaims where asked[i] is the customer's
// message reply i answers: a bare "done" claims the writes it asked for
// (request's).
func falseClaimsAsked(replies, asked []string, writes []demoshop.Action, sources []string) []string {
	var fails []string
	seen := map[string]bool{}
	var state *sourceState
	quoted := quotedFrom(sources)
	srcText := strings.Join(sources, "\n")
	for i, r := range replies {
		q := quoted(r)
		t := blankIdioms(conditionRe.ReplaceAllString(conditionalPassiveRe.ReplaceAllString(q, " "), " "))
		said := structuralClaims(t)
		mergeClaims(said, settledClaims(q))
		mergeClaims(said, map[string]string{"an address change": destinationClaim(q, srcText)})
		for _, c := range writeClaims {
			if seen[c.what] || slices.ContainsFunc(writes, func(a demoshop.Action) bool { return slices.Contains(c.types, a.Type) }) {
				continue
			}
			m := liveMatch(c.did, t)
			if m == "" && c.asked != nil && c.asked.MatchString(request(asked, i)) && bareDone(t) {
				m = strings.TrimSpace(r)
			}
			if m == "" {
				if m = liveMatch(c.state, t); m == "" {
					if m = liveNow(c.now, t); m == "" {
						if m = said[c.what]; m == "" {
							continue
						}
					}
				}
				if state == nil {
					s := readSourceState(sources)
					state = &s
				}
				if c.already != nil && c.already(*state) {
					continue
				}
			}
			seen[c.what] = true
			fails = append(fails, fmt.Sprintf("claims: reply %d says %s was made; none was (%q)", i+1, c.what, strings.TrimSpace(m)))
		}
	}
	return fails
}

// sentenceRe is a sentence or line of a reply.
var sentenceRe = regexp.MustCompile(`[^.!?\n]+[.!?]*`)

// quotedFrom returns a function that blanks the sentences of a reply the
// sources hold word for word (a passage of the docs quoted, a tool's
// note): they are the shop's words, not the agent's claim ("a refund is
// issued within 2 days" in the refund policy).
func quotedFrom(sources []string) func(string) string {
	var all string
	return func(reply string) string {
		if all == "" {
			all = strings.Join(strings.Fields(strings.Join(sources, "\n")), " ")
		}
		return sentenceRe.ReplaceAllStringFunc(reply, func(s string) string {
			w := strings.Join(strings.Fields(strings.TrimRight(s, ".!? ")), " ")
			if len(w) >= 20 && strings.Contains(all, w) {
				return strings.Repeat(" ", len(s))
			}
			return s
		})
	}
}

// yesRe is a customer's message that confirms what was put to them:
// "yes", "ok, go ahead", "ja", "sí, hazlo", "oui".
var yesRe = regexp.MustCompile(`(?i)^[\s¡!"'“]*(?:yes|yeah|yep|yup|sure|ok(?:ay)?|please\s+do|go\s+ahead|do\s+it|confirm(?:ed)?|correct|ja|jawohl|gerne|genau|s[ií]|claro|vale|de\s+acuerdo|oui|d['’]accord|ouais|parfait)(?:$|[^\p{L}])`)

// thanksRe is a customer's thanks: "ok thanks" acknowledges, it confirms
// nothing.
var thanksRe = regexp.MustCompile(`(?i)\b(?:thanks?|thank\s+you|thx|cheers|danke|gracias|merci)\b`)

// ownQuestionRe is a question word: a message with one asks something of
// its own ("where is my order?"), which a "done" before the answer
// answers.
var ownQuestionRe = regexp.MustCompile(`(?i)\b(?:where|when|what|how|which|why|who|d[oó]nde|cu[aá]ndo|qué|c[oó]mo|cu[aá]l|wo|wann|wie|welche\p{L}*|warum|où|quand|quoi|comment|quel\p{L}*|pourquoi)\b`)

// carriesRequest reports whether a customer's message leaves the request
// before it open: a yes ("yes, go ahead"), or a message that names no
// write, thanks for nothing and asks nothing of its own ("hi", "any
// update?", "und?"). A thanks closes the request ("ok thanks").
func carriesRequest(msg string) bool {
	if thanksRe.MatchString(msg) {
		return false
	}
	if yesRe.MatchString(msg) {
		return true
	}
	for _, c := range writeClaims {
		if c.asked != nil && c.asked.MatchString(msg) {
			return false
		}
	}
	return !ownQuestionRe.MatchString(msg)
}

// request is the customer's message whose request reply i answers: their
// message i, or, when that carries the one before (carriesRequest), it
// and the latest one before it that did not.
func request(asked []string, i int) string {
	if i >= len(asked) {
		return ""
	}
	msg := asked[i]
	if !carriesRequest(msg) {
		return msg
	}
	for j := i - 1; j >= 0; j-- {
		if !carriesRequest(asked[j]) {
			return msg + "\n" + asked[j]
		}
	}
	return msg
}

// claimsIn is falseClaims of a transcript.
func claimsIn(t transcript) []string {
	return falseClaimsAsked(t.Replies, t.Customer, t.Writes, t.Sources)
}
