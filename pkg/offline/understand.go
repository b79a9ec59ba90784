package offline

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"github.com/doorstep-ai/doorstep/pkg/typo"
)

// Understanding a message the model has never seen: words are put right
// against a small vocabulary of support words (typos within an edit or
// two), other languages' support words are read as their English ones,
// policy questions go to the documentation, a message with several
// questions is answered question by question, and the items a customer
// names are matched, typos and all, against the titles the tools returned.
// Nothing here knows a shop's catalogue.

// vocabulary is what misspelt words are put right to: the words the
// intents are recognised by.
var vocabulary = []string{
	"where", "order", "orders", "package", "parcel", "tracking", "track", "status", "shipped", "shipping", "ship",
	"return", "returns", "refund", "address", "delivery", "deliver", "delivered", "person", "human", "someone",
	"representative", "policy", "arrive", "arrived", "exchange", "broken", "damaged", "cancel", "cancelled",
	"please", "change", "update", "moved", "wrong", "instead", "money", "back", "internationally", "abroad",
	"wrapping", "wrap", "gift", "cost", "charge", "free", "window", "manager", "customer", "service", "list",
	"colour", "color", "credit",
}

// known are English words near a vocabulary word that mean something
// else: not typos.
var known = map[string]bool{"credit": true, "where": true, "there": true, "here": true, "were": true, "whole": true, "moving": true, "money": true, "hole": true}

// foreign are support words of Spanish, German and French customers, as
// the English words the intents know.
var foreign = map[string]string{
	// Spanish
	"pedido": "order", "pedidos": "orders", "dónde": "where", "donde": "where", "paquete": "package", "envío": "shipping",
	"envio": "shipping", "enviado": "shipped", "envió": "shipped", "llega": "arrive", "llegado": "arrived", "seguimiento": "tracking",
	"devolver": "return", "devolución": "return", "reembolso": "refund", "dirección": "address", "persona": "person",
	"estado": "status", "cuándo": "when", "cuando": "when", "envíos": "shipping", "envios": "shipping", "enviar": "ship", "envían": "ship",
	// German
	"bestellung": "order", "bestellungen": "orders", "wo": "where", "paket": "package", "sendung": "package",
	"versand": "shipping", "verschickt": "shipped", "versandt": "shipped", "sendungsnummer": "tracking", "zurückgeben": "return",
	"rückgabe": "return", "rückerstattung": "refund", "erstattung": "refund", "adresse": "address", "lieferadresse": "address",
	"mensch": "person", "mitarbeiter": "person", "wann": "when", "kommt": "arrive", "lieferung": "delivery",
	// French
	"commande": "order", "comande": "order", "commandes": "orders", "où": "where", "colis": "package", "livraison": "delivery",
	"expédiée": "shipped", "partie": "shipped", "suivi": "tracking", "retourner": "return", "retour": "return",
	"remboursement": "refund", "remboursez": "refund", "rembourser": "refund", "personne": "person", "quand": "when", "statut": "status", "recevoir": "arrive", "livrez": "ship",
	"expédiez": "ship", "lave-vaisselle": "dishwasher", "transporteur": "carrier", "livreur": "carrier",
	"paketdienst": "carrier", "zusteller": "carrier", "spediteur": "carrier", "transportista": "carrier", "paquetería": "carrier",
	// cancelling, in each language's verbs and nouns
	"cancelar": "cancel", "cancela": "cancel", "cancele": "cancel", "cancelen": "cancel", "cancelación": "cancellation", "anular": "cancel", "anule": "cancel",
	"stornieren": "cancel", "storniere": "cancel", "storniert": "cancelled", "stornierung": "cancellation", "stornieren.": "cancel", "stornos": "cancel", "storno": "cancel",
	"annuler": "cancel", "annulez": "cancel", "annule": "cancel", "annulation": "cancellation",
	// damage
	"roto": "broken", "rota": "broken", "rotos": "broken", "rotas": "broken", "dañado": "damaged", "dañada": "damaged", "dañados": "damaged", "dañadas": "damaged",
	"estropeado": "damaged", "estropeada": "damaged", "agrietado": "cracked", "agrietada": "cracked", "grieta": "crack", "grietas": "cracks", "riss": "crack", "risse": "cracks", "sprung": "crack", "fissure": "crack", "fêlure": "crack", "rajado": "cracked", "rajada": "cracked", "defectuoso": "defective", "defecto": "defective", "defectos": "defective", "defectuosa": "defective",
	"kaputt": "broken", "kaputte": "broken", "kaputten": "broken", "beschädigt": "damaged", "beschädigte": "damaged", "zerbrochen": "broken", "gebrochen": "broken", "gesprungen": "cracked", "defekt": "defective", "zerkratzt": "scratched",
	"cassé": "broken", "cassée": "broken", "cassés": "broken", "cassées": "broken", "brisé": "broken", "brisée": "broken", "endommagé": "damaged", "endommagée": "damaged",
	"abîmé": "damaged", "abîmée": "damaged", "fissuré": "cracked", "fissurée": "cracked", "ébréché": "chipped", "ébréchée": "chipped", "rayé": "scratched", "rayée": "scratched", "défectueux": "defective", "défectueuse": "defective",
	// delivered
	"entregado": "delivered", "entregada": "delivered", "entregó": "delivered", "zugestellt": "delivered", "geliefert": "delivered", "livré": "delivered", "livrée": "delivered",
	// shorthand
	"hw": "how", "til": "till", "ur": "your", "u": "you", "pls": "please", "plz": "please", "thx": "thanks",
}

// foreignMarkers tell a message is not in English.
var foreignMarkers = map[string]string{
	"pedido": "es", "hola": "es", "quiero": "es", "correo": "es", "mi": "es", "el": "es", "está": "es",
	"bestellung": "de", "hallo": "de", "meine": "de", "ich": "de", "ist": "de", "bitte": "de", "möchte": "de",
	"commande": "fr", "comande": "fr", "bonjour": "fr", "ma": "fr", "mon": "fr", "je": "fr", "est": "fr", "voudrais": "fr",
	// common words of questions
	"¿": "es", "¡": "es", "hacen": "es", "envíos": "es", "envío": "es", "puedo": "es", "para": "es", "gracias": "es", "tienen": "es", "cómo": "es",
	"hay": "es", "los": "es", "las": "es", "una": "es", "mis": "es", "llegó": "es", "paquete": "es",
	"wo": "de", "mein": "de", "paket": "de", "kann": "de", "können": "de", "nicht": "de", "und": "de", "wann": "de", "schon": "de", "danke": "de",
	"bleibt": "de", "wie": "de", "nach": "de", "habe": "de", "versenden": "de", "reinige": "de", "rückgabe": "de", "zeit": "de", "cuál": "es", "su": "es", "política": "es", "devoluciones": "es",
	"combien": "fr", "coûte": "fr", "livraison": "fr", "nettoyer": "fr", "la": "fr", "en": "fr", "sie": "de", "meinen": "de", "meiner": "de", "ihr": "de",
	"est-ce": "fr", "au": "fr", "aux": "fr", "vous": "fr", "pour": "fr", "avec": "fr", "merci": "fr", "passe": "fr", "c'est": "fr", "votre": "fr",
	"où": "fr", "mes": "fr", "veux": "fr", "cancelar": "es", "stornieren": "de", "annuler": "fr", "roto": "es", "rota": "es", "kaputt": "de", "cassée": "fr", "cassé": "fr", "livrez": "fr", "colis": "fr", "lave-vaisselle": "fr",
}

var emailWordsRe = regexp.MustCompile(`(?i)\b(?:adresse (?:e-?mail|mail|électronique)|dirección de (?:correo|email)|e-?mail-?adresse)\b`)

// sendBackRe is "send something back": a return.
var sendBackRe = regexp.MustCompile(`(?i)\bsend ((?:something|anything|an item|items|stuff|(?:some )?things|some items|some stuff|some of (?:it|them)|everything|it all|the rest)|(?:(?:one|two|1|2) of )?(?:the|my|this|that|these|those|both|all) (?:[\p{L}\-]+ ){0,3}?[\p{L}\-]+) (?:back|bak|bck)\b`)

var tokenRe = regexp.MustCompile(`[\p{L}\p{N}'#@._%+\-]+|[^\p{L}\p{N}\s]`)

// normaliseWords puts text's words right as normalise does, without
// rewriting its phrases ("send back" stays): the documentation is
// searched with the customer's own words.
// injectedRe is text in a message that poses as instructions from the
// system or staff: a bracketed note or a tag.
var injectedRe = regexp.MustCompile(`(?is)\[\s*(?:system|admin|assistant|staff|internal|developer|instruction)[^\]]*\]|<\s*(system|admin|assistant|staff|internal|developer|instructions?)\s*>.*?(?:<\s*/\s*\w+\s*>|$)`)

func normaliseWords(text string) string {
	text = emailWordsRe.ReplaceAllString(text, "email")
	lang := detectLanguage(text)
	toks := tokenRe.FindAllString(text, -1)
	for i, tok := range toks {
		low := strings.ToLower(tok)
		if strings.ContainsAny(low, "#@0123456789") {
			continue
		}
		if en, ok := foreignWord(low, lang); ok {
			toks[i] = en
		} else if fixed := correct(low); fixed != "" {
			toks[i] = fixed
		}
	}
	return strings.Join(toks, " ")
}

// normalise puts text's words right: foreign support words in English,
// typos of the vocabulary corrected, "send back" as "return". Order
// numbers, emails and unknown words pass through unchanged.
func normalise(text string) string {
	// Words dressed as the system's or an administrator's ("[SYSTEM
	// NOTE: …]", "<admin>…</admin>") are not the customer's request.
	text = injectedRe.ReplaceAllString(text, " ")
	// "adresse e-mail" is an email, not an address.
	text = emailWordsRe.ReplaceAllString(text, "email")
	lang := detectLanguage(text)
	text = foreignPhrases(text)
	toks := tokenRe.FindAllString(text, -1)
	for i, tok := range toks {
		low := strings.ToLower(tok)
		if strings.ContainsAny(low, "#@0123456789") {
			continue
		}
		if en, ok := foreignWord(low, lang); ok {
			toks[i] = en
			continue
		}
		if fixed := correct(low); fixed != "" {
			toks[i] = fixed
		}
	}
	out := sendBackRe.ReplaceAllString(strings.Join(toks, " "), "return $1")
	for _, p := range [][2]string{{"send back", "return"}, {"send it back", "return it"}, {"send them back", "return them"},
		{"money back", "refund"}, {"zurück geben", "return"}} {
		out = strings.ReplaceAll(strings.ToLower(out), p[0], p[1])
	}
	return out
}

// foreignPhraseRes are phrases of other languages whose sense is in more
// than one word ("no lo encuentro", "je ne le trouve pas"), as English.
var foreignPhraseRes = []struct {
	re *regexp.Regexp
	en string
}{
	{regexp.MustCompile(`(?i)\b(no (?:lo|la|los|las|le) (?:encuentro|veo|tengo)|no encuentro|(?:ich )?finde (?:es|ihn|sie|das paket|nichts)(?: \p{L}+)? nicht|nicht (?:gefunden|da|hier)|je ne (?:le|la|les) (?:trouve|vois) (?:pas|nulle part)|ne (?:le|la|les) trouve pas|introuvable)(\P{L}|$)`), "can't find it"},
	{regexp.MustCompile(`(?i)\b(nunca (?:llegó|lo recibí|la recibí|recibí|me llegó)|no me (?:llegó|ha llegado) nada|no (?:he )?recib(?:í|ido) nada|nie (?:angekommen|erhalten|bekommen)|nichts (?:angekommen|erhalten|bekommen)|(?:habe|hab) (?:nichts|es nicht|ihn nicht|sie nicht) (?:erhalten|bekommen)|jamais (?:reçue?s?|arrivée?s?)|(?:je )?n'ai rien reçu|rien reçu|rien (?:n'est )?arrivé)(\P{L}|$)`), "never received it"},
	{regexp.MustCompile(`(?i)\b(no me (?:llegó|ha llegado))(\P{L}|$)`), "hasn't arrived"},
	{regexp.MustCompile(`(?i)\b(no (?:ha llegado|llegó|lo he recibido|la he recibido)|nicht (?:angekommen|erhalten|bekommen)|pas (?:reçue?s?|arrivée?s?))(\P{L}|$)`), "hasn't arrived"},
	{regexp.MustCompile(`(?i)\b(fehlt|manque|falta)(\P{L}|$)`), "missing"},
}

// foreignPhrases puts other languages' multi-word phrases in English. A
// phrase ends where its last letter does (Go's \b knows no accents).
func foreignPhrases(text string) string {
	for _, p := range foreignPhraseRes {
		text = p.re.ReplaceAllString(text, p.en+"${2}")
	}
	return text
}

// correct is the vocabulary word w is a typo of, or "" when w is fine or
// near none: one edit for words of five letters or more, two from nine.
// supportLikelier reports whether w, as near the support word best as the
// everyday word c, is best misspelt: its letters swapped, or one left out
// ("brokn": broken, not brown), where c's are not.
func supportLikelier(w, best, c string) bool {
	return (typo.SameLetters(w, best) && !typo.SameLetters(w, c)) || (subsequence(w, best) && !subsequence(w, c))
}

func correct(w string) string {
	if d := damageSpelling(w); d != "" {
		return d // "crackd", "chipd" (box_problem.go)
	}
	n := len([]rune(w))
	if n < 4 || damageRe.MatchString(w) || known[w] {
		// A word of its own ("chipped" is no typo of "shipped").
		return ""
	}
	for _, v := range vocabulary {
		if v == w {
			return ""
		}
	}
	limit := 1
	if n >= 9 {
		limit = 2
	}
	if n < 5 {
		limit = 1
	}
	best, bestD := "", limit+1
	for _, v := range vocabulary {
		if abs(len(v)-n) > limit {
			continue
		}
		// Equally near words: a letter left out ("deliverd") is the
		// likelier typo, so the word it is missing from wins.
		if d := typo.Distance(w, v); d < bestD || (d == bestD && subsequence(w, v) && !subsequence(w, best)) {
			best, bestD = v, d
		}
	}
	if c, cd := typo.Nearest(w, typo.Common, limit); c != "" && c != best && (cd < bestD || cd == bestD && !(bestD > 0 && supportLikelier(w, best, c))) {
		// An everyday word as near ("candel": a candle) is what was meant,
		// unless the support word is the likelier typo.
		return ""
	}
	if n < 5 && bestD > 0 {
		// Short words: a swap of two letters ("wehre") or a letter left
		// out ("ordr").
		if best == "" || !(sameLetters(w, best) || len(best) == n+1) {
			return ""
		}
	}
	return best
}

// subsequence reports whether a's letters appear in b in order.
func subsequence(a, b string) bool {
	ar := []rune(a)
	i := 0
	for _, r := range b {
		if i < len(ar) && ar[i] == r {
			i++
		}
	}
	return i == len(ar) && len(ar) > 0
}

func sameLetters(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[rune]int{}
	for _, r := range a {
		count[r]++
	}
	for _, r := range b {
		count[r]--
	}
	for _, c := range count {
		if c != 0 {
			return false
		}
	}
	return true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// language is the language a message is in, by its marker words: "es",
// "de", "fr", or "" for English (or unknown).
func language(text string) string {
	return detectLanguage(text)
}

// policyRe is a question about how the shop works (returns, shipping,
// refunds, wrapping) rather than about one order: the documentation
// answers it.
var policyRe = regexp.MustCompile(`\b(?:polic(?:y|ies)|do i (?:need|have) to (?:send|return|ship|pay|keep)|returns? window|how long (?:do i have|does|do|for|until|till|will|before)|when (?:will|do|can|should|would) i (?:get|see|receive|have) (?:my |the |a |your )?refund|when (?:will|does|do|should) (?:my |the |a )?refunds? (?:arrive|come|show|appear|be back|reach|hit)|refunds? (?:timeline|time ?frame|times?|process)|how do refunds work|(?:do|does|can|will) (?:you|u) (?:ship|deliver) to|can (?:i|we) (?:return|exchange) (?:an?|any|used|opened|worn|sale|personali[sz]ed) |gift[- ]?wrap\w*|wrap(?:ped|ping)? (?:it|them|my|the|as)|(?:get|have) (?:it|them|my \w+|the \w+) (?:gift )?wrapped|how many days|how much (?:is|does|do you)|shipping cost|cost of shipping|charge for|is shipping free|free shipping|who pays (?:for )?(?:the )?return (?:shipping|postage)|ship (?:to|outside|internationally|abroad)|deliver(?:ed)? to (?:the )?(?:uk|canada|mexico|europe|australia|another country)|outside the us|internationally|gift ?wrap|refunds? takes?|take for refunds?|(?:after|within|in) (?:a few|a couple of|several|\d+|one|two|three|four) (?:days|weeks|months))\b`)

// docsOnlyRe is a question only the documentation answers, whoever asks
// and whatever order it is for: gift wrapping.
var docsOnlyRe = regexp.MustCompile(`\bgift[- ]?wrap\w*|\bwrap(?:ped|ping)?\b.*\b(?:gift|present)|\b(?:gift|present)\b.*\bwrap(?:ped|ping)?\b`)

// mineRe says a message is about the customer's own order or items.
var mineRe = regexp.MustCompile(`\bmy (?:order|orders|package|parcel|refund|return|delivery|purchase|item|items|stuff|money)\b|\b(?:mine|the \w+ i (?:bought|ordered))\b|#\s?\d`)

// namesOwnItem reports whether the message names an item of one of the
// verified customer's orders: "refund the patio umbrella" is about their
// umbrella, whatever else it says about policy.
func (t *turn) namesOwnItem() bool {
	st := t.req.State
	if st == nil || !st.Verified {
		return false
	}
	for _, o := range st.Orders {
		if namesItem(stateOrderLines(st, o.Name), t.text) {
			return true
		}
	}
	return false
}

// isPolicyQuestion reports whether a (normalised) message asks how the
// shop works rather than for something on an order.
func isPolicyQuestion(norm string) bool {
	if docsOnlyRe.MatchString(norm) {
		return true
	}
	return policyRe.MatchString(norm) && !strings.Contains(norm, "my order") && !arriveAskRe.MatchString(norm) && !regexp.MustCompile(`#\s?\d`).MatchString(norm)
}

// listRe asks for the customer's orders as a list.
var listRe = regexp.MustCompile(`\b(?:list (?:all )?(?:of )?my orders?|my (?:recent |past |previous )?orders\b|what orders|which orders|orders (?:do|have) i|what did i (?:order|buy)|all my orders|(?:show|list|give|tell)(?: me)? (?:the |my )?(?:last|latest|recent|past|previous) (?:\d+|few|two|three|four|five) orders)`)

// andAskRe is an "and" that starts a new question: "… and do you ship to
// Canada?", "…, and how do I clean it?".
var andAskRe = regexp.MustCompile(`(?i),?\s+(?:and|n)\s+(?:do|does|is|are|can|could|will|would|how|what|what's|whats|wats|wat|when|wen|where|which|who|why|should|may|please|pls|plz|(?:i'd|i would|i|also) (?:like|want|wanted|need) to know|(?:i'm |i am )?wondering)\b`)

// pastCancelRe asks whether an order was cancelled.
var pastCancelRe = regexp.MustCompile(`\b(?:did (?:you|u|they|someone)|have you|has (?:it|my order|the order|this order) been|was (?:it|my order|the order|this order|this)|why (?:was|did|is|has)|is (?:it|my order|the order|this order))\b[^.?!]*\bcancell?(?:ed)?\b`)

// questionStartRe opens a question.
var questionStartRe = regexp.MustCompile(`(?i)^\s*(?:how|what|whats|what's|which|why|who|is|are|does|do|can|could|should|will|would|(?:i\s+|i'd\s+)?(?:(?:want|wanted|would like|like|need|needed) to know|wonder(?:ing)?|am wondering|i'm wondering|curious|(?:please )?tell me|let me know)\s+(?:if|whether|how|what|when|why|which|who))\b`)

// fragmentRe is a question that is only the thing it is about: "and the
// mug?", "what about the lid?". The question after it asks about that
// thing ("… is it microwave safe?").
var fragmentRe = regexp.MustCompile(`(?i)^(?:and|or|what about|how about|as for)?\s*(?:the|my|that|this|your|those|these)\s+[\p{L}\- ]{2,30}$`)

// returnWindowRe asks how long returns are open: a question for the
// policy, even about the customer's own order.
var returnWindowRe = regexp.MustCompile(`\b(?:returns? (?:window|period|policy|deadline)|how long do i have to (?:return|send)|until when can i (?:return|send))\b`)

// leansBackRe is a sentence that says more about the question before it
// rather than asking a new one: "it looks dry", "they're too small".
var leansBackRe = regexp.MustCompile(`(?i)^(?:it|it's|its|they|they're|this|these|that|those|mine)\b`)

// questions splits a message into its questions: by its layout (lines,
// lists, signs; layoutParts), at question marks, at "also", and at "and"
// that starts a new question.
func questions(text string) []string {
	var out []string
	held := "" // a fragment naming what the next question is about
	var parts []string
	for _, p := range layoutParts(text) {
		p = spacedPlusRe.ReplaceAllString(p, "? ") // docs13.go
		parts = append(parts, regexp.MustCompile(`\?+|(?i)\b(?:also|and also|plus|another thing)\b[,:]?`).Split(p, -1)...)
	}
	for _, part := range parts {
		for _, q := range splitAnd(part) {
			q = strings.TrimFunc(q, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == '.' || r == '!' })
			if held != "" && q != "" {
				q, held = held+", "+q, ""
			}
			switch {
			case fragmentRe.MatchString(q) && len(strings.Fields(q)) <= 5 && classify(normalise(q)) == intentNone:
				// "and the mug? is it …": the mug is what comes next asks about.
				held = q
				continue
			case len(out) > 0 && leansBackRe.MatchString(q):
				// "… board? it looks dry": more of the same question.
				out[len(out)-1] += ", " + q
			case len(q) >= 6, len(q) > 0 && classify(normalise(q)) == intentStatus:
				// "eta?" is a question of its own, however short.
				out = append(out, q)
			}
		}
	}
	if held != "" {
		out = append(out, held)
	}
	return out
}

// splitAnd splits s before each "and" that starts a question.
func splitAnd(s string) []string {
	var out []string
	last := 0
	for _, loc := range andAskRe.FindAllStringIndex(s, -1) {
		// Keep the question word: cut at the "and".
		and := strings.Index(strings.ToLower(s[loc[0]:loc[1]]), "and")
		out = append(out, s[last:loc[0]])
		last = loc[0] + and + len("and")
	}
	return append(out, s[last:])
}

// extraQuestions are the questions of a multi-question message that the
// documentation answers, beside the one about an order (the main one).
func (t *turn) extraQuestions() (main string, extra []string) {
	qs := questions(t.text)
	if len(qs) < 2 {
		return t.text, nil
	}
	var rest []string // what is neither a question nor about an order
	for _, q := range qs {
		norm := normalise(q)
		switch in := classify(norm); {
		case receivedFact(q):
			// "the throw came days ago": a fact, not a question (said_arrived.go).
			rest = append(rest, q)
		case newAddress(q) != nil || orderRe.MatchString(q) || emailRe.MatchString(q) || resolutionTool(q) != "":
			main = joinQ(main, q)
		case returnWindowRe.MatchString(norm) && len(qs) > 1 && !cancelRe.MatchString(norm):
			// "what's the return window for my order": the policy says.
			extra = append(extra, q)
		case foreignPolicyQuery(q) != "" && (in != intentStatus || foreignTopicRe.MatchString(foreignPolicyQuery(q))):
			// "¿y cuál es su política de devoluciones?": the guides, in
			// their own (English) words.
			extra = append(extra, foreignPolicyQuery(q))
		case contentWords(norm) == 0 && in != intentStatus:
			// "could I", "one more thing": part of what follows ("where
			// is it?" has no topic word either, yet asks for the order).
			rest = append(rest, q)
		case (isPolicyQuestion(norm) || isPolicyQuestion(strings.ToLower(q))) && (docsOnlyRe.MatchString(norm) || !mineRe.MatchString(strings.ToLower(q))),
			in == intentHowTo && !mineRe.MatchString(strings.ToLower(q)):
			extra = append(extra, q)
		case in == intentNone && (questionStartRe.MatchString(q) || questionStartRe.MatchString(afterFragment(q))):
			// A question about nothing of an order's: perhaps the guides.
			extra = append(extra, q)
		case in == intentNone && len(qs) > 1 && topicFragment(q):
			// docs13.go: "season skillet + do you ship …?" asks both.
			extra = append(extra, q)
		case in == intentNone || in == intentGreeting || in == intentThanks:
			rest = append(rest, q)
		default:
			main = joinQ(main, q)
		}
	}
	if len(extra) == 0 {
		return t.text, nil
	}
	if main != "" {
		for _, r := range rest {
			main = joinQ(main, r)
		}
	}
	return main, extra
}

// contentWords counts the words of norm that carry a topic.
func contentWords(norm string) int {
	n := 0
	for _, w := range wordRe.FindAllString(strings.ToLower(norm), -1) {
		if !function[w] {
			n++
		}
	}
	return n
}

func joinQ(a, b string) string {
	if a == "" {
		return b
	}
	return a + ". " + b
}

// plan decides the next step with what this file understands, falling back
// to decide for the rest.
func (t *turn) plan() agent.Message {
	n := len(t.calls)
	if m, ok := t.rules16(n); ok {
		return m // rules16.go: another customer's order refused plainly; a promise withdrawn
	}
	if m, ok := t.nothingToWithdraw(n); ok {
		return m // nothing_to_withdraw.go: a change of mind with nothing waiting
	}
	if m, ok := t.state16(n); ok {
		return m // state16.go: what was done or happens next, from the conversation's state
	}
	if m, ok := t.part16(n); ok {
		return m // part16.go: two or three reads of the order (status, a line's option, what was paid, the email or name on it), each answered
	}
	if m, ok := t.rest15LateCredit(n); ok {
		return m // rest15.go: store credit for a late parcel, at once or instead of the remedy stated
	}
	if m, ok := t.ask15(n); ok {
		return m // ask15.go: the question asked, not its side remarks (a move, another language's words, keep it for some back)
	}
	if m, ok := t.guide16(n); ok {
		return m // guide16.go: one facet of a product (an appliance, storage, what it comes in) from the passage naming it
	}
	if m, ok := t.variant15(n); ok {
		return m // variant15.go: an item's options and their stock, read before an exchange or answered
	}
	if m, ok := t.two15(n); ok {
		return m // two15.go: a cancellation beside another request or a question, each clause with its own order
	}
	if m, ok := t.wait15(n); ok {
		return m // wait15.go: when it ships, beside a yes that ran an address change; another order's shipping while a cancel waits
	}
	if m, ok := t.ctx14(n); ok {
		return m // ctx14.go: another order of the customer's, described or listed; the question pending on it
	}
	if m, ok := t.guide14(n); ok {
		return m // guide14.go: an order asked about by its product's name, in the order steps' words
	}
	if m, ok := t.correct14(n); ok {
		return m // correct14.go: a correction right after a proposal: another remedy, fewer lines, one line of a cancel
	}
	if m, ok := t.part14(n); ok {
		return m // part14.go: shipping options asked, the address checked, a late parcel's money, the variant ordered
	}
	if m, ok := t.undo13(n); ok {
		return m // undo13.go: a replacement or return taken back, or asked about, by what it is
	}
	if m, ok := t.reason14(n); ok {
		return m // reason14.go: a plain return after a damage report; a reason corrected
	}
	if m, ok := t.reason14Swap(n); ok {
		return m // reason14_swap.go: the unit not made good swapped for the option named
	}
	if m, ok := t.addr13(n); ok {
		return m // addr13.go: a name for the address just stated; a check of the address
	}
	if m, ok := t.multi13(n); ok {
		return m // multi13.go: the other part of a yes, or a question while a proposal waits
	}
	if m, ok := t.thread12(n); ok {
		return m // thread12.go: a new request or question while a proposal waits
	}
	if m, ok := t.identify(n); ok {
		return m // identify.go: which order, which customer; the recipient's name
	}
	if m, ok := t.found13(n); ok {
		return m // found13.go: a parcel reported never come that came: the report closed, then the rest
	}
	if m, ok := t.person13(n); ok {
		return m // person13.go: past the window, a new order, the account's address
	}
	if m, ok := t.flow12(n); ok {
		return m // flow12.go: a long parcel conversation changing course
	}
	if m, ok := t.wrapOwn(n); ok {
		return m // cant_wrap.go: gift wrapping asked for the order placed
	}
	if m, ok := t.facts11Orders(n); ok {
		return m // facts11.go: the account's own orders, before a refusal of others'
	}
	if m, ok := t.refer11(n); ok {
		return m // refer11.go: a follow-up naming which order, item or unit
	}
	if m, ok := t.refuse10(n); ok {
		return m // refuse10.go: others' data and the instructions refused; words read right
	}
	if m, ok := t.scope11(n); ok {
		return m // scope11.go: a cancel taken back; a change of mind is a return
	}
	if m, ok := t.scope12(n); ok {
		return m // scope12.go: a unit added to the address; a change of mind about named items; another refund figure asked for
	}
	if m, ok := t.keep10(n); ok {
		return m // keep10.go: a cancellation turned down ("dont cancel ill keep it")
	}
	if m, ok := t.state10(n); ok {
		return m // state10.go: a short answer within the damage case or request before
	}
	if m, ok := t.pendingAside(n); ok {
		return m // pending11.go
	}
	if m, ok := t.pendingAsk(n); ok {
		return m // pending8.go
	}
	if m, ok := t.misfire8(n); ok {
		return m // misfire8.go
	}
	if m, ok := t.guide12(n); ok {
		return m // guide12.go: a product question's shape (how long, in total, how hot) ranks its passage
	}
	if m, ok := t.guide10(n); ok {
		return m // guide10.go
	}
	if m, ok := t.afterYesQuestion(n); ok {
		return m
	}
	if m, ok := t.multi10(n); ok {
		return m // multi10.go
	}
	if m, ok := t.split11(n); ok {
		return m // split11.go
	}
	if m, ok := t.factsBeside(n); ok {
		return m // facts_beside.go
	}
	if m, ok := t.facts11(n); ok {
		return m // facts11.go: a variant, the tax, a refund's figure
	}
	if m, ok := t.orderFacts(n); ok {
		return m // order_facts.go
	}
	if m, ok := t.follow7(n); ok {
		return m // follow7.go
	}
	if m, ok := t.lostCode(); ok {
		return m // thank_you_code.go
	}
	if m, ok := t.changeOfMind(n); ok {
		return m // mind7.go
	}
	if m, ok := t.moreAsks(n); ok {
		return m // docs_more.go
	}
	if m, ok := t.notARequest(n); ok {
		return m // not_request.go
	}
	if m, ok := t.shortFollowUp(n); ok {
		return m // follow6.go
	}
	if m, ok := t.deliveryWords(n); ok {
		return m // delivery7.go
	}
	if m, ok := t.addressFix(n); ok {
		return m
	}
	if m, ok := t.keptReturn(n); ok {
		return m
	}
	if m, ok := t.eachPart(n); ok {
		return m // parts.go
	}
	if m, ok := t.ownFacts(n); ok {
		return m
	}
	if m, ok := t.severalWrites(n); ok {
		return m
	}
	if m, ok := t.multiLookups(n); ok {
		return m
	}
	if m, ok := t.returnPostage(n); ok {
		return m
	}
	if m, ok := t.itemReply(n); ok {
		return m
	}
	if m, ok := t.symptomQuestion(n); ok {
		return m
	}
	if m, ok := t.correction(n); ok {
		return m
	}
	if m, ok := t.addItems(n); ok {
		return m
	}
	if m, ok := t.shopQuestion(n); ok {
		return m // shop_question.go
	}
	if m, ok := t.cantDo(n); ok {
		return m
	}
	if m, ok := t.severalRequests(n); ok {
		return m
	}
	if m, ok := t.lookups(n); ok {
		return m
	}
	if m, ok := t.statusAndRequest(n); ok {
		return m
	}
	main, extra := t.extraQuestions()
	for i := range extra {
		// "it" is the thing the order part or an earlier question named.
		extra[i] = t.withReferent(t.itemReferent(extra[i], append([]string{main}, extra[:i]...)))
	}
	if len(extra) > 0 {
		// Answer the order part first, then each question from the docs.
		if main == "" {
			return t.docsOnly(extra)
		}
		sub := *t
		sub.text = main
		sub.intent = classify(normalise(main))
		var firstDocs = -1
		for i, c := range t.calls {
			if c.name == toolname.SearchDocs {
				firstDocs = i
				break
			}
		}
		if firstDocs >= 0 {
			sub.calls = t.calls[:firstDocs]
		}
		if firstDocs < 0 {
			msg := sub.step()
			if _, instead := sub.statusInstead(firstToolUse(msg)); hasToolUse(msg) && (offers(t.req, firstToolUse(msg)) || instead) {
				// A tool the stage does not offer is answered from the
				// stage, beside the guides' answers.
				return msg
			}
			next, _ := docsSearches(extra, nil, n)
			return toolCall(n, toolname.SearchDocs, map[string]any{"query": next})
		}
		next, last := docsSearches(extra, t.calls[firstDocs:], firstDocs)
		if next != "" {
			return toolCall(n, toolname.SearchDocs, map[string]any{"query": next})
		}
		parts := []string{sub.onlyOffered(sub.step()).Text()}
		quoted := map[string]bool{}
		for i, c := range last {
			if text, ok := t.docsReply(c, extra[i], quoted); ok {
				parts = append(parts, text)
			} else {
				parts = append(parts, t.answer(c))
			}
		}
		return say("%s", strings.Join(parts, "\n\n"))
	}
	return t.step()
}

// docsOnly answers a message whose questions the documentation answers,
// each in turn: one search a question, then each answer, or a plain "I
// don't know" for one it does not answer.
func (t *turn) docsOnly(qs []string) agent.Message {
	n := len(t.calls)
	next, last := docsSearches(qs, t.calls, 0)
	if next != "" {
		return toolCall(n, toolname.SearchDocs, map[string]any{"query": next})
	}
	var parts []string
	quoted := map[string]bool{}
	var above []map[string]any // the passages quoted so far
	for i, c := range last {
		if t.sameThingAbove(i, qs[i], c, above) {
			continue // docs13.go: "… the pan? dishwasher?" is the pan's
		}
		if text, ok := t.docsReply(c, qs[i], quoted); ok {
			parts = append(parts, text)
			above = append(above, list(c.result, "passages")...)
		} else if answeredAbove(qs[i], above) {
			// "and is it free over some amount?": the passage above says.
			continue
		} else {
			parts = append(parts, "For your other question, I couldn't find the answer in our guides, and I'd rather not guess: a member of our team can help if you'd like.")
		}
	}
	return say("%s", strings.Join(parts, "\n\n"))
}

// toolBudget is how many tools a turn can call before it must answer (the
// agent's default of four model calls).
const toolBudget = 3

// docsSearches reads the searches made so far for the questions qs
// (calls, made after before other calls): the next search to make, or,
// once each question has its answer or has run out of tries, the last
// search of each. A question whose search found nothing is tried again
// in its topic's generic words while the budget leaves room for the
// questions after it.
func docsSearches(qs []string, calls []call, before int) (string, []call) {
	qi, attempt := 0, 0
	last := make([]call, len(qs))
	for i, c := range calls {
		if qi >= len(qs) {
			break
		}
		last[qi] = c
		tries := conceptTries(normalise(qs[qi]))
		rest := len(qs) - qi - 1
		if len(list(c.result, "passages")) == 0 && attempt < min(2, len(tries)) && before+i+2+rest <= toolBudget {
			attempt++
			continue
		}
		qi, attempt = qi+1, 0
	}
	if qi < len(qs) {
		tries := conceptTries(normalise(qs[qi]))
		if attempt > 0 {
			return tries[attempt-1], nil
		}
		if q := docsQueryFor(qs[qi]); len(tries) > 0 && before+len(calls)+1+(len(qs)-qi-1) >= toolBudget && !strings.Contains(q, tries[0]) {
			// No room to try again: the topic's generic words, which
			// find it in more shops' words than the customer's own
			// (kept with the customer's when those have them already).
			return tries[0], nil
		}
		return docsQueryFor(qs[qi]), nil
	}
	return "", last
}

// step is one step for a message with one question.
func (t *turn) step() agent.Message {
	n := len(t.calls)
	norm := normalise(t.text)
	if m := refundForItemRe.FindString(norm); t.intent == intentRefund && m != "" && !strings.HasSuffix(m, "order") {
		t.intent = intentReturn
	}
	if t.intent == intentRefund && t.refundAsksReturn() {
		t.intent = intentReturn // money back for what came: a return
	}
	if m, ok := t.policyForLater(n); ok {
		return m
	}
	if t.changedMindTool() == toolname.StartReturn {
		t.intent = intentReturn // no longer wanted, once it has arrived
	}
	if m, ok := t.productQuestion(n); ok {
		return m
	}
	if n == 1 && t.calls[0].name == toolname.SearchDocs && !t.calls[0].isErr && t.confirmed == nil {
		if q := t.productRetry(t.calls[0], t.withReferent(t.text)); q != "" {
			// The product named, whose guide the search missed.
			return toolCall(n, toolname.SearchDocs, map[string]any{"query": q})
		}
	}
	if m, ok := t.narrowDocs(n); ok {
		return m
	}
	if n > 0 {
		if last := t.calls[n-1]; last.name == toolname.SearchDocs && !last.isErr {
			tried := 0
			for _, c := range t.calls {
				if c.name == toolname.SearchDocs {
					tried++
				}
			}
			if q := applianceRetry(t.text, last); q != "" && tried == 1 {
				return toolCall(n, toolname.SearchDocs, map[string]any{"query": q})
			}
			if text, ok := t.docsReply(last, t.withReferent(t.text), nil); ok {
				return say("%s", text)
			}
			if q := docsRetry(t.text, tried); q != "" {
				return toolCall(n, toolname.SearchDocs, map[string]any{"query": q})
			}
		}
	}
	if m, ok := t.statusAndAddress(newAddress(t.text)); ok {
		return m
	}
	if n == 0 && t.confirmed == nil {
		addr := newAddress(t.text)
		switch {
		case personRe.MatchString(norm) && t.intent != intentPerson && !isPolicyQuestion(norm) && !agent.MentionsPersonOnly(t.text):
			return toolCall(n, toolname.Handover, map[string]any{"reason": "customer asked for a person"})
		case addr != nil && t.verified && t.intent != intentPerson:
			// A new address in any words: the tool says whether it can be
			// used.
			args := t.orderArg()
			for k, v := range addr {
				args[k] = v
			}
			return toolCall(n, toolname.ChangeAddress, args)
		case foreignPolicyQuery(t.text) != "" && t.order == "" && (!t.namesOwnItem() || foreignCare(t.text)):
			return toolCall(n, toolname.SearchDocs, map[string]any{"query": foreignPolicyQuery(t.text)})
		case isPolicyQuestion(norm) && t.order == "" && (docsOnlyRe.MatchString(norm) ||
			(!t.verified || !mineRe.MatchString(strings.ToLower(t.text))) && !t.namesOwnItem()):
			return toolCall(n, toolname.SearchDocs, map[string]any{"query": docsQuery(t.text)})
		case listRe.MatchString(norm) && t.verified:
			return toolCall(n, toolname.ListOrders, map[string]any{})
		case pastCancelRe.MatchString(norm) && t.verified:
			// "Was it you who cancelled it?" asks what happened, not for a
			// cancellation.
			return toolCall(n, toolname.TrackOrder, t.orderArg())
		case t.verified && len(t.otherOrders()) > 1 && t.intent == intentStatus:
			// "My other order" among several: which one?
			return toolCall(n, toolname.ListOrders, map[string]any{})
		}
		if addr != nil && t.intent != intentPerson {
			t.intent = intentAddress
		}
	}
	// A return: look at the order's items first (from the tool, not the
	// prompt), then name the ones the customer meant. A resolution asked
	// for in so many words (an exchange, a damaged item) is its own tool's.
	if t.intent == intentReturn && t.verified && t.confirmed == nil && t.resolutionWanted() == "" {
		if n == 0 && !wantsAll(t.text) {
			return toolCall(n, toolname.TrackOrder, t.orderArg())
		}
		if n == 0 {
			// The whole order: start_return takes it as it is.
		} else if last := t.calls[n-1]; last.name == toolname.TrackOrder && !last.isErr && t.called(toolname.StartReturn) == nil {
			args := t.returnArgs()
			if offered := t.offeredItems(strs(last.result, "items")); len(offered) > 0 && len(namedItems(strs(last.result, "items"), t.text)) == 0 {
				// The answer to a return offered instead of an exchange:
				// exactly the units it named.
				args["items"] = offered
			} else if _, kept := args["except"]; kept {
				// What is kept is no item named (kept.go).
			} else if items := matchItems(strs(last.result, "items"), t.text, t.prevText); len(items) > 0 {
				args["items"] = items
			}
			if o := str(last.result, "order_number"); o != "" {
				args["order_number"] = o
			}
			return toolCall(n, toolname.StartReturn, args)
		}
	}
	msg := t.fixAddress(t.decide())
	if b := msg.Blocks; len(b) == 1 && b[0].ToolUse != nil && b[0].ToolUse.Name == toolname.SearchDocs && n == 0 {
		msg = toolCall(n, toolname.SearchDocs, map[string]any{"query": docsQuery(t.withReferent(t.text))})
	}
	return msg
}

// withLanguageNote ends a reply to a customer who wrote in another
// language with englishOnly, once.
func (t *turn) withLanguageNote(msg agent.Message) agent.Message {
	if language(t.text) == "" || hasToolUse(msg) || strings.Contains(msg.Text(), englishOnly) {
		return msg
	}
	if note := t.languageNote(); note != "" {
		return say("%s\n\n%s", msg.Text(), note)
	}
	return msg
}

// englishOnly ends a reply to a customer who wrote in another language.
// Its offer of a person is for the asking: a plain yes to the reply is not
// a request for one.
const englishOnly = "(I can only write in English here, sorry. If you'd rather continue in your language, just ask and I'll pass you to a member of our team.)"

func hasToolUse(m agent.Message) bool {
	for _, b := range m.Blocks {
		if b.ToolUse != nil {
			return true
		}
	}
	return false
}

// matchItems are the titles (as the tool gave them) of the items the
// customer's words name, tolerating typos: a title is named when most of
// its distinctive words are, each within an edit or two.
func matchItems(titles []string, texts ...string) []map[string]any {
	for _, text := range texts {
		said := words(text)
		type hit struct {
			title string
			score float64
		}
		var hits []hit
		best := 0.0
		for _, full := range titles {
			title := itemTitle(full)
			tw := words(title)
			if len(tw) == 0 {
				continue
			}
			got := 0
			for _, w := range tw {
				for _, s := range said {
					if near(w, s) {
						got++
						break
					}
				}
			}
			score := float64(got) / float64(len(tw))
			if got > 0 && score >= 0.5 {
				hits = append(hits, hit{title, score})
				best = max(best, score)
			}
		}
		var out []map[string]any
		for _, h := range hits {
			if h.score == best {
				out = append(out, map[string]any{"title": h.title})
			}
		}
		if n := unitsSaid(text); n > 0 && len(out) == 1 {
			out[0]["quantity"] = n
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// unitsRe is a number of units the customer named: "one of the mugs",
// "just one mug", "2 of them".
var unitsRe = regexp.MustCompile(`(?i)\b(one|a single|just one|only one|1|two|2|three|3)\s+(?:of\s+(?:the|my|them|those|these)\b|[a-z]{3,}\b)`)

// unitsSaid is how many units of an item the customer named, 0 when they
// named none (the whole line).
func unitsSaid(text string) int {
	text = withoutUnitRefs(text) // state10.go
	if oneOfRe.MatchString(text) {
		return 1
	}
	m := unitsRe.FindStringSubmatch(text)
	if m == nil {
		return 0
	}
	switch strings.ToLower(m[1]) {
	case "one", "a single", "just one", "only one", "1":
		return 1
	case "two", "2":
		return 2
	}
	return 3
}

// itemTitle is a tool's item line without quantity and variant:
// "2 × Desk Lamp (color: silver)" is "Desk Lamp".
func itemTitle(s string) string {
	if _, after, ok := strings.Cut(s, " × "); ok {
		s = after
	}
	if i := strings.Index(s, " ("); i > 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

var stop = map[string]bool{"the": true, "and": true, "for": true, "with": true, "from": true, "set": true, "of": true}

func words(s string) []string {
	var out []string
	for _, w := range regexp.MustCompile(`[\p{L}\p{N}]+`).FindAllString(strings.ToLower(s), -1) {
		if len(w) >= 3 && !stop[w] {
			out = append(out, stemWord(w))
		}
	}
	return out
}

// near reports whether a customer's word s is the title word w, or a typo
// of it.
func near(w, s string) bool {
	if w == s {
		return true
	}
	n := len([]rune(w))
	if n < 4 {
		return false
	}
	limit := 1
	if n >= 8 {
		limit = 2
	}
	return typo.Distance(w, s) <= limit
}
