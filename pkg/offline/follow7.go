package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Follow-ups read from the conversation's structure (issue 18, follow7):
// a message that only makes sense after the agent's previous reply. Each
// kind is recognised from State (the proposal the message answered, what
// the previous reply did) and the previous reply's facts, never from the
// catalogue:
//   - the answer to "replacement or refund?" naming an option in another
//     language, by a short noun ("otra", "das Geld") or by its place ("the
//     first one");
//   - a proposal narrowed or widened in other words ("solo una", "nur
//     einen", "les deux"): the correction, stated afresh for a yes;
//   - a question about a follow-up promise just proposed ("and if it's
//     not here by Friday?"): the promise is the answer, stated again, since
//     code lets a promise's proposal lapse and never reoffers it;
//   - "when will I see it?" after a refund's facts: the refund's facts
//     again, its amount and how long a refund takes to show;
//   - "the thank-you one" after the reply gave the thank-you code.

// follow7 takes the step for such a follow-up, and reports whether it did.
func (t *turn) follow7(n int) (agent.Message, bool) {
	if t.rewritten || !t.verified || t.confirmed != nil {
		return agent.Message{}, false
	}
	if canon := t.canonicalAnswer(); canon != "" {
		sub := *t
		sub.text, sub.intent, sub.rewritten = canon, classify(normalise(canon)), true
		return sub.plan(), true
	}
	if m, ok := t.promiseQuestion(n); ok {
		return m, true
	}
	if m, ok := t.refundTiming(n); ok {
		return m, true
	}
	return t.codeByName()
}

// f7Short is a message of a few words that could answer a question.
func f7Short(text string, words int) bool {
	return len(strings.Fields(text)) <= words && len(text) <= 100
}

// Options by place: "the first one", "la segunda", "die erste", "le
// deuxième"; the last of those offered.
var (
	firstRe  = regexp.MustCompile(`(?i)\b(?:first|frist|fisrt|firts|frst|1st|primer[oa]?|erste[nrs]?|premi[eè]re?)\b`)
	secondRe = regexp.MustCompile(`(?i)\b(?:second|secnd|seocnd|scond|2nd|segund[oa]|zweite[nrs]?|deuxi[eè]me|seconde?)\b`)
	lastRe   = regexp.MustCompile(`(?i)\b(?:last|latter|[uú]ltim[oa]|letzte[nrs]?|derni[eè]re?)\b`)
)

// Options in short foreign or plain words the resolution words miss.
var (
	againRe    = regexp.MustCompile(`(?i)\b(?:otr[oa]|nuev[oa]|neue[nsr]?|neu|autre|nouvel(?:le)?|nouveau|another|fresh one|new)\b`)
	moneyBRe   = regexp.MustCompile(`(?i)\b(?:dinero|plata|geld|argent|rembours\w*|reembols\w*|erstatt\w*|money|refund\w*|refnd)\b`)
	f7CreditRe = regexp.MustCompile(`(?i)\b(?:cr[eé]dito|guthaben|avoir|credit|gutschein)\b`)
)

// offeredOptions are the resolutions the previous reply offered, in the
// order it named them.
func (t *turn) offeredOptions() []string {
	low := strings.ToLower(t.lastBot)
	type at struct {
		opt string
		i   int
	}
	var found []at
	for opt, w := range map[string]string{"replacement": "replacement", "refund": "refund", "store_credit": "store credit"} {
		if i := strings.Index(low, w); i >= 0 {
			found = append(found, at{opt, i})
		}
	}
	for i := 1; i < len(found); i++ {
		for j := i; j > 0 && found[j].i < found[j-1].i; j-- {
			found[j], found[j-1] = found[j-1], found[j]
		}
	}
	var out []string
	for _, f := range found {
		out = append(out, f.opt)
	}
	return out
}

// optionWords in English, what the rest of the model reads.
var optionSaid = map[string]string{"replacement": "a replacement please", "refund": "a refund please", "store_credit": "store credit please"}

// canonicalAnswer is this message in the words the rest of the model
// reads, when it answers the previous reply's question or corrects the
// proposal it lapsed: "" when it is neither.
func (t *turn) canonicalAnswer() string {
	if agent.Negative(t.text) && !f7NarrowRe.MatchString(t.text) {
		return ""
	}
	switch classify(normalise(t.text)) { // its own words, not the previous message's intent
	case intentPerson, intentAddress, intentStatus, intentLate, intentHowTo:
		return "" // a request of its own
	}
	if t.askedResolution() && f7Short(t.text, 8) && !strings.Contains(t.text, "?") && newAddress(t.text) == nil {
		opts := t.offeredOptions()
		pick := ""
		switch {
		case len(opts) > 0 && firstRe.MatchString(t.text):
			pick = opts[0]
		case len(opts) > 1 && secondRe.MatchString(t.text):
			pick = opts[1]
		case len(opts) > 0 && lastRe.MatchString(t.text):
			pick = opts[len(opts)-1]
		default:
			var picks []string
			for _, p := range []struct {
				re  *regexp.Regexp
				opt string
			}{{againRe, "replacement"}, {moneyBRe, "refund"}, {f7CreditRe, "store_credit"}} {
				if p.re.MatchString(t.text) {
					picks = append(picks, p.opt)
				}
			}
			if len(picks) == 1 {
				pick = picks[0]
			}
		}
		for _, o := range opts {
			if o == pick {
				return optionSaid[pick]
			}
		}
		return ""
	}
	st := t.req.State
	if st == nil || st.Answered == nil || st.Answered.Status != "lapsed" || st.Answered.Expired || !f7Short(t.text, 12) || strings.Contains(t.text, "?") {
		return ""
	}
	switch st.Answered.Tool {
	case toolname.StartReturn, toolname.ReportDamage, toolname.ExchangeItem:
	default:
		return ""
	}
	if len(namedItems(t.orderLines(t.currentOrder()), t.text)) > 0 || t.order != "" {
		return "" // the items named: the correction reads them itself
	}
	if rt := resolutionTool(t.text); rt != "" && rt != st.Answered.Tool {
		return "" // another request ("one of them is cracked")
	}
	switch {
	case f7NarrowRe.MatchString(t.text) && len(fewerOfStated(st.Answered.Items, 1)) > 0:
		return "actually just one of them"
	case f7WidenRe.MatchString(t.text) && len(st.Answered.Items) == 1:
		return "actually both of them"
	}
	return ""
}

// f7NarrowRe takes fewer units of the one line stated: "just one", "I'll
// keep the other", "solo una", "nur einen", "juste un".
var f7NarrowRe = regexp.MustCompile(`(?i)\b(?:(?:just|only|simply|solo|sólo|nur|juste|seulement|mejor)\s+(?:one|1|a single one|una|uno|un|une|einen|eine|ein|eins)|keep (?:one|the other)|one of them|(?:una|uno) sola?|(?:un|une) seule?|nur (?:ein|eins)|doch nur)\b`)

// f7WidenRe takes every unit: "make it both", "les deux", "beide",
// "ambos", "las dos".
var f7WidenRe = regexp.MustCompile(`(?i)\b(?:both|les deux|tous les deux|toutes les deux|beide|beiden|ambos|ambas|las dos|los dos|all of them)\b`)

// promiseAskRe asks what happens, or puts a condition: "what if",
// "what happens", "and if it's not here", "y si no llega", "und wenn".
var promiseAskRe = regexp.MustCompile(`(?i)\?|\b(?:what|wat|wht|waht|how|when|if|si|qu[eé]|was|wenn|falls|quoi|passiert|pasa|passe)\b`)

// promiseQuestion answers a question about the follow-up promise the
// previous reply proposed: the promise is what happens, stated again for
// a yes (follow_up once more, for the same order and resolution).
func (t *turn) promiseQuestion(n int) (agent.Message, bool) {
	st := t.req.State
	if st == nil || st.Answered == nil || st.Answered.Tool != toolname.FollowUp || st.Answered.Expired {
		return agent.Message{}, false
	}
	if a := st.Answered.Status; a != "lapsed" && a != "declined" {
		return agent.Message{}, false
	}
	if !f7Short(t.text, 16) || !promiseAskRe.MatchString(t.text) || agent.Affirmative(t.text) || lateChoice(t.text) != "" {
		return agent.Message{}, false
	}
	switch t.intent {
	case intentNone, intentLate, intentStatus:
	default:
		return agent.Message{}, false
	}
	if n == 0 {
		args := t.orderArg()
		if _, ok := args["order_number"]; !ok {
			args["order_number"] = t.currentOrder()
		}
		if r := st.Answered.Resolution; r != "" {
			args["resolution"] = r
		}
		return toolCall(n, toolname.FollowUp, args), true
	}
	last := t.calls[n-1]
	if last.name != toolname.FollowUp {
		return agent.Message{}, false
	}
	if s := str(last.result, "statement"); s != "" && !last.isErr {
		return say("Here's what happens: %s Shall I go ahead? Just reply yes.", s), true
	}
	return say("%s", t.answer(last)), true
}

// f7RefundAskRe asks when a refund shows, or how much it was: "when will I
// see it on my card", "how long", "cuándo", "wann", "quand", "how much".
var f7RefundAskRe = regexp.MustCompile(`(?i)\b(?:when|wen|whens?|how long|how soon|how much|what amount|cu[aá]ndo|cu[aá]nto|wann|wie lange|wie viel|quand|combien|card|bank|account|acount|tarjeta|cuenta|karte|konto|carte|compte)\b`)

// refundFactsRe is a reply that gave a refund's facts: a refund and an
// amount.
var refundFactsRe = regexp.MustCompile(`(?i)\brefund(?:ed)?\b[^$]*\$\d|\$\d[^.]*\brefund`)

// refundTiming answers a follow-up about the refund the previous reply
// gave the facts of ("when will I see it on my card?", "how much was
// it?"): refund_status again, its amount and how long it takes to show.
func (t *turn) refundTiming(n int) (agent.Message, bool) {
	st := t.req.State
	if st == nil || st.Answered != nil || !refundFactsRe.MatchString(t.lastBot) || !f7Short(t.text, 14) || !f7RefundAskRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	switch t.intent {
	case intentNone, intentStatus, intentRefund, intentHowTo, intentLate:
	default:
		return agent.Message{}, false
	}
	if t.aboutOtherThing() {
		return agent.Message{}, false // "how much is the <item>?": not the refund
	}
	if n == 0 {
		return toolCall(n, toolname.RefundStatus, t.orderArg()), true
	}
	last := t.calls[n-1]
	if last.name != toolname.RefundStatus {
		return agent.Message{}, false
	}
	return say("%s", t.answer(last)), true
}

// thanksOneRe names the thank-you code by its kind: "the thank you one".
var thanksOneRe = regexp.MustCompile(`(?i)\b(?:thank[\s-]?you|thanks|thx|thnak[\s-]?you|thankyou)\b`)

// codeByName answers "the thank-you one" after a reply that gave the
// thank-you code: that code again, from the order's facts.
func (t *turn) codeByName() (agent.Message, bool) {
	if !strings.Contains(strings.ToLower(t.lastBot), "thank-you code") || !f7Short(t.text, 6) || !thanksOneRe.MatchString(t.text) ||
		friendRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	sub := *t
	sub.text, sub.intent = "what is my discount code?", intentNone
	return sub.thankYouCode()
}

// aboutOtherThing reports whether text names an item of the customer's
// orders or a product: a question about it, not about the refund.
func (t *turn) aboutOtherThing() bool {
	st := t.req.State
	for _, o := range st.Orders {
		if namesItem(stateOrderLines(st, o.Name), t.text) {
			return true
		}
	}
	return false
}
