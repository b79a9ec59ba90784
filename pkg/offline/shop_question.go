package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A question about how the shop works for everyone ("do you send return
// labels?", "if I buy now, when does it go out?", "is postage free?")
// speaks of returns, refunds or delivery without asking for one: the
// guides answer it, whoever asks, and no order number is needed for that.
// Read on the customer's words, in English; other languages go through
// foreign_docs.go.

var (
	// anyoneRe is the shop or anyone as the subject: "do you", "do u
	// guys", "if something", "an item", "returns" in general, "is
	// delivery free", "the minimum", "po boxes".
	anyoneRe = regexp.MustCompile(`(?i)\b(?:(?:do|does) (?:you|u|ya|y'?all|your (?:shop|store|company))|(?:you|u)(?: guys| all)? (?:use|offer|accept|take|charge|process|restock|sell)|if (?:i|we|something|anything|stuff|it|they|one|an? \p{L}+)|something|anything|stuff|things|an item|any item|items|orders|returns|refunds|exchanges|(?:return|send\p{L}* back|exchange|swap) (?:an?|any) \p{L}+|(?:is|are) (?:delivery|shipping|postage|returns?|gift ?wrap\p{L}*)|(?:does|do|will|would|is) the (?:refund|return|exchange|delivery|shipping)s?|minimum|cut-?off|cut off|time limit|deadline|(?:free|express|overnight|same[- ]day|next[- ]day) (?:delivery|shipping|dispatch)|can (?:i|we) (?:still )?(?:use|pay|order|buy)|(?:do|will|would|am) i (?:have to |need to |gonna |going to )?pay (?:for )?(?:shipping|delivery|postage|returns?)|p\.?o\.? ?box\p{L}*|apo|fpo|(?:can|could|will) (?:you|u)(?: guys)? (?:add|include|put in|send to|ship to|deliver to|post to))\b`)
	// shopAskRe is a question, with or without its question mark.
	shopAskRe = regexp.MustCompile(`(?i)\?|^\W*(?:(?:quick|q|hi|hey|hello|hiya|so|ok|okay|um)\W+)*(?:how|what|whats|when|where|which|who|why|is|are|do|does|can|could|will|would|if)\b|\b(?:am i|do i|will i|would i|can i|can we|is it|is there|are there|(?:can|could|will|would|do|does) (?:you|u))\b`)
	// ownCaseRe is the customer's own case: their order, parcel or money,
	// something that happened to them, or an ask to act on theirs.
	ownCaseRe = regexp.MustCompile(`(?i)\b(?:my (?:order|orders|package|parcel|refund|return|delivery|purchase|purchases|item|items|stuff|things|goods|gear|money|address|account|tracking|box)|mine|i (?:ordered|bought|got|received|paid|returned|sent|mailed|posted)|(?:refund|cancel|email|send|give|help|call|contact|ship) me|where(?:'s| is| are) (?:my|it|they)|(?:it|they|mine) (?:arrived|came|broke|showed up))\b|#\s?\d`)
)

// requestFormRe asks for a write in question form: "can I send some
// things back?", "could we return the items?".
var requestFormRe = regexp.MustCompile(`(?i)^\W*(?:(?:hi|hey|hello|so|ok|okay|um)\W+)*(?:can|could|may) (?:i|we) (?:please |pls )?(?:return|send|exchange|swap|cancel|change|get (?:a |my )?(?:refund|replacement))\b`)

// generalQuestion reports whether text asks how the shop works for
// everyone rather than about the customer's own order.
func generalQuestion(text string) bool {
	if language(text) != "" {
		return false
	}
	low := strings.ToLower(text)
	norm := strings.ToLower(normalise(text))
	return matchesAny(shopAskRe, low, norm) && matchesAny(anyoneRe, low, norm) &&
		!matchesAny(ownCaseRe, low, norm) && !matchesAny(arriveAskRe, low, norm) && !matchesAny(listRe, low, norm) && !emailRe.MatchString(text) && len(newAddress(text)) == 0
}

// shopQuestion answers a general question from the guides (docsOnly: a
// search, a retry in the topic's words, then the answer or an honest
// "not in our guides"), before any order is asked for.
func (t *turn) shopQuestion(n int) (agent.Message, bool) {
	if t.confirmed != nil || t.order != "" || t.namesOwnItem() || !generalQuestion(t.text) || requestFormRe.MatchString(t.text) ||
		t.intent == intentLate || lateWords(t.text) || t.verified && t.asksWhatIfReturned() || len(questions(t.text)) > 1 {
		// A request in question form, a parcel late, what would happen
		// to this order (hypothetical.go), several questions (multi4.go):
		// theirs.
		return agent.Message{}, false
	}
	if _, own := t.thankYouCode(); own {
		return agent.Message{}, false // "do u still have that code": their own (thank_you_code.go)
	}
	if t.cantKindHere(t.text) != cantNone && (askDoRe.MatchString(t.text) || imperativeRe.MatchString(t.text)) {
		return agent.Message{}, false // "can you upgrade it to express": asked of their order (cant_do.go)
	}
	for _, c := range t.calls {
		if c.name != toolname.SearchDocs {
			return agent.Message{}, false
		}
	}
	m := t.docsOnly([]string{t.text})
	if !hasToolUse(m) && strings.HasPrefix(m.Text(), "For your other question") {
		// One question, and the guides do not answer it.
		return say("%s", dontKnow), true
	}
	return m, true
}

// leanBackRe is a question that asks only about what came before it:
// "can i fix that", "how do i clean that"; leanBackFixedRe is one that
// says nothing else: "what am i doing wrong", "is that bad?".
var (
	leanBackRe      = regexp.MustCompile(`(?i)^(?:(?:so|ok|okay|and)\W+)?(?:can|could|should|how|what|is|are|do|does|will|would)\b[^,;]*\b(?:that|this|it|them|those|these)\W*$`)
	leanBackFixedRe = regexp.MustCompile(`(?i)^(?:(?:so|ok|okay|and)\W+)?(?:what am i doing wrong|what (?:do|should|can) i do|what now|any (?:tips|ideas|advice)|help|is (?:that|this|it) (?:bad|normal|ok|okay|fine|a problem))\W*$`)
)

// leansOnPrevious reports whether part p of a message only asks about the
// part before it (prev, a statement): it is read with that part, not searched alone.
func leansOnPrevious(prev, p string) bool {
	p = strings.TrimSpace(p)
	if (questionStartRe.MatchString(prev) || openAskRe.MatchString(prev) || strings.Contains(prev, "?")) && !fragmentRe.MatchString(strings.TrimSpace(prev)) {
		return false // "how big is it, how do i oil it", "where's the X, how do i clean it": two questions ("what about the X, …" is one)
	}
	norm := normalise(p)
	if in := classify(norm); in != intentNone && in != intentHowTo || isWriteAsk(p) {
		return false
	}
	return leanBackFixedRe.MatchString(p) || leanBackRe.MatchString(p) && contentWords(norm) <= 1
}
