package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// Messages that speak of a write without asking for it: a return given
// up ("I was going to send them back but changed my mind"), a return
// denied ("I'm not returning anything, how do returns work?") and damage
// to someone else's item ("my friend's arrived broken, does that happen
// a lot?"). Nothing is proposed: the first is acknowledged, the others
// are answered from the guides.

// writeVerb is a write spoken of, misspellings included ("retrun",
// "retruning").
const writeVerb = `(?:re?t\p{L}{0,3}r?n\p{L}*|send\p{L}* (?:\p{L}+ )?back|refund\p{L}*|cancel\p{L}*|exchang\p{L}*|devolver|zurück\p{L}*|retourner|rendre|renvoyer)`

var (
	// meantToRe is a write once meant: "was going to return", "iba a
	// devolver", "ich wollte ... zurückschicken".
	meantToRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:(?:was|were|i'?d been) (?:going to|gonna|planning to|about to|thinking of|thinking about)|wanted to|thought about|considered|i'?d planned to|iba a|quería|queria|ich wollte|je voulais|j'allais)(?:[^\p{L}]|$)[^.?!]{0,40}` + writeVerb)
	// gaveUpRe is the mind changed or the item kept.
	gaveUpRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:ch\p{L}{3,5} my mind|change of heart|i'?ll keep|i will keep|keeping (?:it|them)|cambi[ée] de opini[óo]n|me (?:lo|la|los|las) quedo|anders überlegt|behalte|chang[ée] d'avis|je (?:le|la|les) garde)(?:[^\p{L}]|$)`)
	// gaveUpOutrightRe gives a write up in one phrase: "decided not to
	// return", "never mind returning", "no longer want to return".
	gaveUpOutrightRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:decided (?:not to|against)|never ?mind(?: about)?|no longer (?:want|need|plan) to|changed my mind about|not going to|won'?t be|will not be)(?:[^\p{L}]|$)[^.?!]{0,20}` + writeVerb)
	// deniedRe denies a write: "I'm not returning anything", "I don't
	// want to return anything", "no quiero devolver nada".
	deniedRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:(?:i'?m|im|i am) not|not|(?:don'?t|dont|do not) (?:want|need|plan|intend) to|(?:don'?t|dont|do not) want an?|no quiero|ich möchte nichts|ich will nichts|je ne veux (?:rien|pas))(?:[^\p{L}]|$)(?:(?:planning|looking|trying|going) to )?` + writeVerb + `|(?:^|[^\p{L}])not ` + `send\p{L}* (?:\p{L}+ )?back`)
	// othersItemRe is someone else's item: "my friend said her ...",
	// "my neighbour's order".
	othersItemRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:my (?:friend|fr\p{L}{2,3}d|sister|brother|mom|mum|mother|dad|father|neighbou?r|coworker|co-worker|colleague|partner|wife|husband|son|daughter|cousin|aunt|uncle|boss|roommate)(?:'s|s)?|(?:a|one) (?:friend|coworker|co-worker|colleague|neighbou?r)|mi amig[oa]|mi herman[oa]|meine? (?:freundin|freund|schwester|bruder)|mon ami|mon amie|ma sœur|ma soeur)(?:[^\p{L}]|$)`)
	// ownItemRe is the customer's own: "mine", "I got", "my order".
	ownItemRe    = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:mine|my order|i got|i received|we got|my parcel|my package|our order)(?:[^\p{L}]|$)`)
	damageWordRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:damaged?|broken?|brokn|cracked|chipped|shattered|smashed|roto|rota|kaputt|cassée?)(?:[^\p{L}]|$)`)
)

// givenUp is a write the customer meant and no longer does.
func givenUp(texts ...string) bool {
	for _, s := range texts {
		if meantToRe.MatchString(s) && gaveUpRe.MatchString(s) || gaveUpOutrightRe.MatchString(s) {
			return true
		}
	}
	return false
}

// matchesAny reports whether re matches one of texts (the customer's
// words and their normalised form).
func matchesAny(re *regexp.Regexp, texts ...string) bool {
	for _, s := range texts {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// damageQuestion is the guides' question for damage on arrival.
const damageQuestion = "my item arrived damaged, what should I do"

// notARequest answers a message that speaks of a write without asking
// for one, proposing nothing.
func (t *turn) notARequest(n int) (agent.Message, bool) {
	if t.confirmed != nil {
		return agent.Message{}, false
	}
	norm := strings.ToLower(normalise(t.text))
	low := strings.ToLower(t.text)
	switch {
	case givenUp(low, norm):
		if n > 0 {
			return agent.Message{}, false
		}
		return say("Glad to hear it! I haven't started anything, so there's nothing to undo. If you change your mind again while the return window is open, just tell me."), true
	case matchesAny(deniedRe, low, norm):
		return t.noteNothingStarted(t.docsOnly([]string{returnPolicyQuestion})), true
	case matchesAny(othersItemRe, low, norm) && matchesAny(damageWordRe, low, norm) && !matchesAny(ownItemRe, low, norm):
		m := t.docsOnly([]string{damageQuestion})
		if hasToolUse(m) {
			return m, true
		}
		return say("I can only look into an order placed with this email, so I can't check theirs from here, but this is what our guides say:\n\n%s\n\nIf something of yours ever arrives damaged, just tell me and I'll set up a replacement or refund.", m.Text()), true
	}
	return agent.Message{}, false
}

// noteNothingStarted says, under a final answer, that nothing was started.
func (t *turn) noteNothingStarted(m agent.Message) agent.Message {
	if hasToolUse(m) {
		return m
	}
	return say("%s\n\nI haven't started anything; if you'd ever like to send something back, just tell me which item.", m.Text())
}
