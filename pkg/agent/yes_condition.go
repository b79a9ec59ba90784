package agent

import (
	"regexp"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
)

// Issue 18's no-context trial (wait15): a customer's yes often carries
// more than a yes, and where the line falls decides whether a write runs.
//
// A yes that asks about what happens after runs ("yes pls. will i get an
// email when it actually moves?": the "actually" there corrects nothing),
// as does a yes after the customer settled their own doubt ("wait is it
// 02139 or 02138... yes 02139 is right. go ahead"), when what they settle
// on is what was stated.
//
// A yes held by a condition ("yes if the refund is full", "yeah as long
// as i get all my money back") or one that doubts what was stated ("yes
// but is it the whole order?") is not consent: nothing runs, the same
// proposal is stated again and the model answers the condition or the
// doubt from it. Code decides, so a hosted model is held to it too.

// condSet is the patterns of a condition, compiled at first use.
type condSet struct {
	// lead opens the rest of a yes with a condition: "if …", "only if",
	// "as long as", "nur wenn", "seulement si".
	lead *regexp.Regexp
	// anywhere is a condition wherever it comes: "only if", "as long as".
	anywhere *regexp.Regexp
	// polite is a condition that asks nothing: "if possible", "if you can".
	polite *regexp.Regexp
	// doubt is a question that asks whether what was stated is so: "is
	// it the whole order?", "is that the elm st one?", "¿es todo el
	// pedido?".
	doubt *regexp.Regexp
	// interrog opens a question by its word order: "is it", "ist das".
	interrog *regexp.Regexp
	// soft is an "actually" or "really" that stresses a verb ("when it
	// actually moves"): no correction.
	soft *regexp.Regexp
	// selfDoubt opens a message with the customer's own doubt before
	// their yes: "wait is it 02139 or 02138...".
	selfDoubt *regexp.Regexp
	// which is a question between two values: "is it 02139 or 02138?".
	which *regexp.Regexp
	// ifOrder is a question about another order the customer might
	// place: "if i order only the kit again, is shipping free?". Group 1
	// is the question.
	ifOrder *regexp.Regexp
}

var conds = sync.OnceValue(func() *condSet {
	only := `(?:only|onyl|olny|ony|just|solo|sólo|nur|seulement|but|pero|aber|mais|then|and)`
	return &condSet{
		lead: regexp.MustCompile(`(?i)^(?:` + only + `[\s,]+)*(?:if|iff|as long as|aslong as|so long as|provided|providing|assuming|on condition|only when|` +
			`siempre que|siempre y cuando|con tal de que|mientras|si (?:el|la|los|las|es|me|se|lo|todo|recibo|tengo)|` +
			`wenn|falls|solange|sofern|vorausgesetzt|` +
			`à condition|a condition|tant que|pourvu que|si (?:le|la|les|c'est|je|j'ai|on|vous|tout))` + notLetter),
		anywhere: regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:only if|onyl if|olny if|ony if|just if|as long as|aslong as|so long as|provided that|on condition that|assuming that|` +
			`solo si|sólo si|siempre que|siempre y cuando|nur wenn|nur falls|solange|vorausgesetzt|seulement si|à condition que|a condition que|tant que|pourvu que)` + notLetter),
		polite: regexp.MustCompile(`(?i)^if (?:possible|you can|you could|that'?s (?:ok|okay|fine|possible|alright)|it'?s (?:ok|okay|possible|no trouble)|you don'?t mind|that works|that helps|need be|needed)[\s.!]*$`),
		doubt: regexp.MustCompile(`(?i)^(?:(?:wait|so|and|oh|um+|hmm+)[\s,]+)*(?:` +
			`(?:is|isn'?t|are|aren'?t|does|doesn'?t|will|would|was|that'?s|it'?s|so it'?s|so that'?s)\s+(?:it|that|this|they|these|those|everything|the (?:order|refund|amount|address|cancellation|return|total|zip|money))?\s*` +
			`(?:(?:really|definitely|actually|for|going to be|gonna be|be|include|including|includes|cover|covering|covers|of)\s+)*` +
			`(?:the whole|whole|all|everything|the entire|entire|full|the full|both|complete|the complete|the right|right|correct|the correct|the same|the \S+ one|the \S+ \S+ one|the \S+ \S+ \S+ one|just|only|\d{5}|\$?\d+\.\d\d)|` +
			`(?:es|son)\s+(?:todo|toda|todos|el pedido (?:entero|completo)|el reembolso completo|la dirección correcta|correcta|correcto)|incluye|` +
			`ist (?:das|es)\s+(?:alles|die ganze|der ganze|das ganze|die richtige|der volle|die volle)|` +
			`(?:c'est|est-ce que c'est|est-ce)\s+(?:tout|toute|la bonne|le bon|la commande entière|le remboursement complet))` + notLetter),
		interrog:  regexp.MustCompile(`(?i)^(?:(?:wait|so|and|oh|um+|hmm+)[\s,]+)*(?:is|isn'?t|are|aren'?t|does|doesn'?t|will|would|was|es|son|incluye|ist|est-ce)\s`),
		soft:      regexp.MustCompile(`(?i)\b(it|that|they|he|she|i|you|we|order|parcel|package|box|one)\s+(?:actually|really)\b`),
		selfDoubt: regexp.MustCompile(`(?i)^(?:wait|hold on|hang on|hmm+|um+|uh+|oh|let me (?:check|see|think)|one sec(?:ond)?)\b[^!]*?(?:\.{2,}|…|\?|\.|,|!)\s*`),
		which:     regexp.MustCompile(`(?i)^(?:is it|is that|was it|is the (?:zip|zip code|postcode|street|number)|did you (?:put|say|write)|did i (?:say|write|put))\s+([\p{L}\d]+)\s+or\s+([\p{L}\d]+)\s*\?+\s*$`),
		ifOrder:   regexp.MustCompile(`(?i)^(?:(?:and|so|but|also|btw)[\s,]+)?if (?:i|we) (?:were to |was to |later )?(?:order|buy|purchase|reorder|re-order|get|add|place|bought|ordered)\b[^,?]{0,80}?(?:,\s*|\s+)((?:is|will|would|do|does|how|what|can|are|could)\s[^?]*\?)\s*$`),
	}
})

// soften drops an "actually" or "really" that stresses a verb ("when it
// actually moves"), which corrects nothing.
func soften(text string) string {
	return conds().soft.ReplaceAllString(text, "$1")
}

// YesIf reports whether text is a yes held by a condition ("yes if the
// refund is full", "yes onyl if i get the full refund", "ja, aber nur
// wenn ich alles zurückbekomme"): not consent, whatever follows.
func YesIf(text, tool string) bool {
	t := strings.TrimSpace(text)
	loc := phrases().yesLead.FindStringIndex(t)
	if loc == nil || len(t) > 240 {
		return false
	}
	rest := strings.TrimSpace(strings.TrimLeft(afterConsent(t[loc[1]:], tool), "-–—:;,. "))
	c := conds()
	if rest == "" || c.polite.MatchString(rest) {
		return false
	}
	return c.lead.MatchString(rest) || c.anywhere.MatchString(rest)
}

// Doubts reports whether q, a question said with a yes, asks whether what
// was stated is so ("is it the whole order?", "is that the elm st one?"):
// the customer has not agreed to it yet.
func Doubts(q string) bool {
	q = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(q), "¿-–—:; "))
	if cut := yesButLead().FindStringIndex(q); cut != nil {
		q = strings.TrimLeft(q[cut[1]:], "¿ ")
	}
	c := conds()
	return c.doubt.MatchString(q) && (strings.Contains(q, "?") || c.interrog.MatchString(q))
}

// yesDoubts reports whether text is a yes whose question doubts what was
// stated ("yes but is it the whole order?", "sí pero ¿es todo el
// pedido?").
func yesDoubts(text, tool string) bool {
	rest := AfterYes(text, tool)
	if rest == "" {
		return false
	}
	for _, part := range yesThen().clauseEnd.Split(rest, -1) {
		if Doubts(part) {
			return true
		}
	}
	return Doubts(rest)
}

// consentPart is the part of text that answers p once the customer
// settled their own doubt first ("wait is it 02139 or 02138... yes 02139
// is right. go ahead, and when will it ship?" gives "yes 02139 is right.
// go ahead, and when will it ship?"), or text itself. The doubt may hold
// values p does not state; then the part must name one p states, so the
// customer said which.
func consentPart(text string, p conversation.Proposal) string {
	t := strings.TrimSpace(text)
	part := AfterDoubt(t)
	if part == t {
		return text
	}
	lead := t[:len(t)-len(part)]
	if Withdraws(lead) || strings.Contains(strings.ToLower(lead), "don") {
		return text
	}
	plain := strings.ToLower(lead)
	for _, w := range []string{"wait", "hold on", "hang on"} {
		plain = strings.ReplaceAll(plain, w, " ")
	}
	if phrases().no.MatchString(plain) {
		return text
	}
	if asksOtherPlace(lead, p) != "" || AsksOther(lead, p) != "" {
		// The doubt named something else: the part must say which.
		stated := map[string]bool{}
		for _, n := range digitsRe().FindAllString(p.Statement, -1) {
			stated[n] = true
		}
		said := false
		for _, n := range digitsRe().FindAllString(part, -1) {
			said = said || stated[n]
		}
		if !said {
			return text
		}
	}
	return part
}

// AfterDoubt is text after the customer's own doubt that opens it, when
// a yes follows ("wait is it 02139 or 02138... yes 02139 is right" gives
// "yes 02139 is right"), or text. Whether that yes consents is
// consentPart's to say.
func AfterDoubt(text string) string {
	t := strings.TrimSpace(text)
	lead := conds().selfDoubt.FindString(t)
	if lead == "" || phrases().yesLead.MatchString(t) {
		return text
	}
	part := strings.TrimSpace(t[len(lead):])
	if !phrases().yesLead.MatchString(part) {
		return text
	}
	return part
}

// AsksWhichOrAside reports whether text, said right after p was stated,
// is a question before deciding that AsksAside does not take: a question
// between two values one of which p states ("wait is it 02139 or
// 02138?"), or one about another order the customer might place ("if i
// order only the kit again, is shipping free?"). Neither answers p: it is
// stated again, the model answers.
func AsksWhichOrAside(text string, p conversation.Proposal) bool {
	t := strings.TrimSpace(text)
	if t == "" || len(t) > 200 || phrases().yesLead.MatchString(t) || Withdraws(t) {
		return false
	}
	rest := strings.TrimSpace(t[len(termsQuestion()[0].FindString(t)):])
	c := conds()
	if m := c.which.FindStringSubmatch(rest); m != nil {
		low := strings.ToLower(p.Statement)
		return containsWord(low, strings.ToLower(m[1])) || containsWord(low, strings.ToLower(m[2]))
	}
	if m := c.ifOrder.FindStringSubmatch(rest); m != nil {
		q := m[1]
		return AsksAside(q, p)
	}
	return false
}

// containsWord reports whether w is a whole word of s.
func containsWord(s, w string) bool {
	for i := strings.Index(s, w); i >= 0; {
		end := i + len(w)
		before := i == 0 || !isWordByte(s[i-1])
		after := end >= len(s) || !isWordByte(s[end])
		if before && after {
			return true
		}
		next := strings.Index(s[i+1:], w)
		if next < 0 {
			return false
		}
		i += 1 + next
	}
	return false
}

func isWordByte(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}
