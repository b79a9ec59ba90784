package agent

import (
	"regexp"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// The words are English, Spanish, German and French: a customer answers a
// proposal in the language they write in. Boundaries are letters, not
// regexp's ASCII \b, so "sí" and "d'accord" match as words.
const (
	notLetter = `(?:$|[^\p{L}])`
	// yesWords opens a consent.
	yesWords = `yes+|yeah|yea|yep|yup|ya|yah|sure|ok|okay|fine|alright|all right|go for it|please do|please go ahead|go ahead|do it|confirm|confirmed|correct|that's right|that is right|sounds good|absolutely|y|` +
		`sí|si|claro|vale|de acuerdo|adelante|hazlo|confirmo|por supuesto|dale|` +
		`ja|jawohl|gerne|klar|einverstanden|mach das|machen sie das|bestätigt|genau|` +
		`oui|ouais|d'accord|vas-y|allez-y|je confirme|bien sûr|volontiers|parfait`
	// noWords turns one down, anywhere in the message.
	noWords = `no|nope|don't|do not|cancel|stop|wait|never mind|nevermind|not yet|forget|` +
		`cancela|cancelar|espera|todavía no|` +
		`nein|nicht|stopp|warte|abbrechen|` +
		`non|pas|annule|annuler|attends|arrête`
	// butWords make a yes ask for something else: not consent to what was
	// stated.
	butWords = `but|instead|only|rather|actually|except|change|different|other|` +
		`pero|sino|solo|sólo|en vez|en lugar|prefiero|cambiar|otro|otra|` +
		`aber|nur|sondern|stattdessen|lieber|ändern|andere|anderen|` +
		`mais|seulement|plutôt|sauf|au lieu|autre|changer`
)

// yesPad is what a yes may open with and stay a plain yes: "great, yes",
// "perfect, go ahead" (pending11's trial: taken as no answer, the
// proposal lapsed).
const yesPad = `(?:(?:great|perfect|cool|awesome|nice|good|thanks|thank you|ah|oh|right)[\s,.!]+)?`

// withdrawWords take back a yes already given ("I changed my mind", "don't
// cancel it"): said while the request waits for a person's approval, they
// withdraw it.
const withdrawWords = `changed my mind|change my mind|changed mind|never ?mind|forget it|forget about it|call it off|` +
	`(?:don'?t|do not|dont|don’t) (?:want|need|do|go ahead|cancel|return|refund|send|replace|exchange|change|bother)|no longer|not anymore|` +
	`cambié de opinión|he cambiado de opinión|ya no|olvídalo|` +
	`anders überlegt|doch nicht|vergiss es|` +
	`changé d'avis|laisse tomber|plus besoin`

// phraseSet is the consent patterns.
type phraseSet struct {
	withdraw, yes, no, but *regexp.Regexp
	// yesLead is a leading yes with its punctuation: what follows is the
	// rest.
	yesLead *regexp.Regexp
	// restate are, per write tool, its proposal said again.
	restate map[string]*regexp.Regexp
}

// phrases are compiled at their first use, not at start: most functions
// (the tracking webhooks, the delivery check) never read an answer to a
// proposal, and compiling them took 4 ms and most of this package's
// start-up allocations (GODEBUG=inittrace=1).
var phrases = sync.OnceValue(func() *phraseSet {
	p := &phraseSet{
		withdraw: regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:` + withdrawWords + `)` + notLetter),
		yes:      regexp.MustCompile(`(?i)^\s*` + yesPad + `(?:` + yesWords + `)` + notLetter),
		no:       regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:` + noWords + `)` + notLetter),
		but:      regexp.MustCompile(`(?i)(?:(?:^|[^\p{L}])(?:` + butWords + `)` + notLetter + `|[?¿])`),
		yesLead:  regexp.MustCompile(`(?i)^\s*` + yesPad + `(?:` + yesWords + `)` + `(?:[\s,.!]+|$)`),
		restate:  map[string]*regexp.Regexp{},
	}
	for tool, verbs := range restateVerbs {
		p.restate[tool] = regexp.MustCompile(`(?i)^(?:please\s+)?(?:` + verbs + `)` + `(?:[\s,]+(?:` + restateObjects + `))*[\s.!]*$`)
	}
	return p
})

// Affirmative reports whether a customer's message is an explicit yes. It is
// deliberately strict: the message must start with a yes and carry no no,
// no question and no "but", "instead" or "only" (in any of the languages).
// A write tool acts only after one, whatever the model says.
func Affirmative(text string) bool {
	t := strings.TrimSpace(text)
	if len(t) > 200 {
		return false
	}
	p := phrases()
	return p.yes.MatchString(t) && !p.no.MatchString(t) && !p.but.MatchString(t) && !asksUnmarked(t)
}

// Negative reports whether a customer's message turns a proposal down.
func Negative(text string) bool {
	return !Affirmative(text) && phrases().no.MatchString(strings.TrimSpace(text))
}

// restateVerbs are, per write tool, the verbs that say its proposal again:
// "yes, cancel it" to a cancellation is a yes, not a "cancel".
var restateVerbs = map[string]string{
	toolname.CancelOrder:       `cancel|cancel the order|cancela(?:r|lo|la)?|annule[rz]?|annuler|stornieren|storniere|storniert|abbrechen`,
	toolname.ChangeAddress:     `change|update|change the address|update the address|cambia(?:r|la|lo)?|ändern|ändere|changer|changez|modifier|modifiez`,
	toolname.StartReturn:       `start|start the return|return|go with the return|inicia(?:r|la)?|devolver|zurückschicken|retourner|commencer`,
	toolname.ExchangeItem:      `exchange|swap|change|cambia(?:r|lo|la)?|tauschen|umtauschen|échanger|echanger`,
	toolname.ReportDamage:      `report|report it|send it|send|envía(?:lo)?|melden|signaler`,
	toolname.ReportNotReceived: `report|report it|send it|send|envía(?:lo)?|melden|signaler`,
	toolname.FollowUp:          `do|set|set it up|follow up|schedule`,
}

// restateObjects are what a restating verb may take: "it", "the order".
const restateObjects = `it|that|this|them|the order|my order|the address|the return|it up|please|now|thanks|thank you|lo|la|le|es|sie|bitte|gracias|merci|danke|por favor|s'il vous plaît`

// AffirmativeTo reports whether text consents to a proposal of tool: an
// explicit yes (Affirmative), or a leading yes followed only by the
// proposal said again ("yes cancel it" to a cancellation). Anything more
// (a no, a "but", a question) is not consent.
func AffirmativeTo(text, tool string) bool {
	if AckWithMore(text, tool) {
		return false // "ok hmm, my husband might still want it" (yes_unmarked_question.go)
	}
	if Affirmative(text) || YesThenAsks(text, tool) != "" {
		return true
	}
	t := strings.TrimSpace(text)
	re := phrases().restate[tool]
	loc := phrases().yesLead.FindStringIndex(t)
	if re == nil || loc == nil || len(t) > 200 {
		return false
	}
	rest := strings.TrimSpace(t[loc[1]:])
	for {
		// "ok yes cancel": a yes said twice, then the proposal again
		// (trial 11a: read as a no, for its "cancel").
		more := phrases().yesLead.FindStringIndex(rest)
		if more == nil || more[1] == 0 {
			break
		}
		rest = strings.TrimSpace(rest[more[1]:])
	}
	return re.MatchString(rest)
}

// questionLead opens a question about what happens next ("when will
// the refund arrive?", "how long does it take?"): not a request for
// something else. confused is a question that says the customer did not
// follow what they were told.
var questionLead = sync.OnceValue(func() [2]*regexp.Regexp {
	return [2]*regexp.Regexp{
		regexp.MustCompile(`(?i)^(?:(?:and|also|plus|so|oh|btw|quick question|please|thanks|thank you|great|perfect|cool|gracias|danke|merci)[\s,:.!]+)*(?:when|how long|how soon|how many days|how do|how does|how will|will|would it|does|do i|do you|is|are|where|what happens|what now|what next|what's next|whats next|cuándo|cuando|wann|wie lange|quand|combien de temps)` + notLetter),
		regexp.MustCompile(`(?i)what do you mean|what does (?:that|this|it) mean|what is (?:that|this)|what are you talking|huh|don'?t understand|not sure what`),
	}
})

// YesAndAsks is the question of a clear yes that asks one as well ("yes,
// and when will the refund arrive?"), or "" when text is not one: a
// leading yes, then a question about what follows, with no no, no "but"
// and nothing that says they did not follow. Such a yes consents to the
// proposal as stated; AsksOther still tells when the question asks for
// something the proposal does not do ("yes, will that be store credit?").
func YesAndAsks(text string) string {
	t := strings.TrimSpace(text)
	p := phrases()
	loc := p.yesLead.FindStringIndex(t)
	if loc == nil || len(t) > 200 || p.no.MatchString(t) {
		return ""
	}
	if AckWithMore(t, "") {
		return "" // "ok. will I get an email?": heard, not agreed (yes_unmarked_question.go)
	}
	rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t[loc[1]:]), "¿"))
	q := questionLead()
	if !strings.HasSuffix(rest, "?") || strings.Count(rest, "?") > 1 || !q[0].MatchString(rest) || q[1].MatchString(rest) ||
		p.but.MatchString(strings.TrimSuffix(rest, "?")) {
		return ""
	}
	return rest
}

// YesWithQuestion reports whether text is a yes followed by one question
// and nothing that changes or turns down what was offered ("yes - when
// will I get my money back?", "yes, can I keep the box?"), whether or not
// YesAndAsks counts it as consent.
func YesWithQuestion(text string) bool {
	t := strings.TrimSpace(text)
	p := phrases()
	loc := p.yesLead.FindStringIndex(t)
	if loc == nil || len(t) > 200 || p.no.MatchString(t) {
		return false
	}
	rest := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(t[loc[1]:]), "-–—:;¿ "))
	return rest != "" && strings.HasSuffix(rest, "?") && strings.Count(rest, "?") == 1 && !p.but.MatchString(strings.TrimSuffix(rest, "?"))
}

// NegativeTo reports whether text turns down a proposal of tool.
func NegativeTo(text, tool string) bool {
	return !AffirmativeTo(text, tool) && Negative(text)
}

// Withdraws reports whether a customer's message takes back a yes they
// gave: it turns something down and says they changed their mind or do
// not want it ("wait no!! dont cancel it, I changed my mind"). A plain
// "no" alone (an answer to something else) does not.
func Withdraws(text string) bool {
	t := strings.TrimSpace(text)
	return !Affirmative(t) && phrases().withdraw.MatchString(t)
}

// A yes can carry a wish the proposal does not match: "yes, store credit
// please" to a refund that offered credit as the alternative, or "yes,
// just the candle" to a cancellation of the whole order. Such a yes is
// not consent to what was stated: it asks for something else.

// askSet is the patterns of a yes that asks for something else, compiled
// at their first use like phrases.
type askSet struct {
	// A wish for store credit is WantsCredit's.
	refund, replace, exchange *regexp.Regexp
	// just is a yes that narrows what it agrees to: "yes, just the
	// candle". What follows is the part named. justFiller is what a plain
	// "just" is followed by ("yes, just do it").
	just, justFiller *regexp.Regexp
	// more asks for more units than one: "both", "two of them".
	more *regexp.Regexp
}

var asks = sync.OnceValue(func() *askSet {
	return &askSet{
		refund:     regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:refund|refunded|money back|my money|reembolso|erstattung|remboursement|rembourser)` + notLetter),
		replace:    regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:replacement|replace|new one|another one|send another|reemplazo|ersatz|remplacement)` + notLetter),
		exchange:   regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:exchange|swap|cambio|umtausch|échange)` + notLetter),
		just:       regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:just|only|solo|sólo|nur|seulement)\s+(.+)$`),
		more:       regexp.MustCompile(`(?i)(?:^|[^\p{L}\d])(?:both|two|three|2|3|ambos|ambas|beide|beiden|les deux)` + notLetter),
		justFiller: regexp.MustCompile(`(?i)^(?:do it|do that|go ahead|go for it|proceed|confirm|please|that|this|it|checking|making sure|wanted|want)` + notLetter),
	}
})

// theOneRe names a thing by what it is like: "the slate blue one", "the
// bigger ones". Group 1 is what it is like.
// Built at first use: a letter class under (?i) is large, and most
// functions never read a yes (TestOwnPackagesInitSmall).
var theOneRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\bthe ((?:\p{L}+\s+){0,2}\p{L}+)\s+ones?\b`)
})

// plainOneWords say which one without naming another thing: "the new
// one", "the broken one".
var plainOneWords = map[string]bool{"new": true, "same": true, "right": true, "correct": true, "broken": true,
	"damaged": true, "cracked": true, "original": true, "old": true, "first": true, "missing": true, "whole": true}

// AsksOther reports what a yes to p asks for that p does not do, in words
// for the model ("store credit", "a refund", "only part of it"), or "" when
// it asks for nothing else: store credit to a refund (or the other way
// round), a replacement or exchange p is not, or only some of p's items.
func AsksOther(text string, p conversation.Proposal) string {
	t := strings.TrimSpace(text)
	if loc := phrases().yesLead.FindStringIndex(t); loc != nil {
		t = t[loc[1]:]
	}
	if t == "" {
		return ""
	}
	a := asks()
	credit := p.Resolution == "store_credit"
	switch {
	case WantsCredit(t) && !credit:
		return "store credit"
	case a.refund.MatchString(t) && (credit || p.Resolution == "replacement" || p.Tool == toolname.ExchangeItem):
		return "a refund"
	case a.replace.MatchString(t) && p.Resolution != "replacement":
		return "a replacement"
	case a.exchange.MatchString(t) && p.Tool != toolname.ExchangeItem:
		return "an exchange"
	}
	if m := a.more.FindString(t); m != "" && units(p.Lines) == 1 {
		return "more than the one item stated (" + strings.TrimSpace(strings.Trim(m, " ,.")) + ")"
	}
	if m := theOneRe().FindStringSubmatch(t); m != nil && p.Statement != "" {
		// "yes please, the slate blue one": a thing the statement never
		// named is what the yes is for, not what was stated.
		stated := map[string]bool{}
		for _, w := range words(p.Statement) {
			stated[w] = true
		}
		for _, w := range words(m[1]) {
			if !stated[w] && !plainOneWords[w] {
				return "something it doesn't name (" + strings.TrimSpace(m[0]) + ")"
			}
		}
	}
	if m := a.just.FindStringSubmatch(t); m != nil && !a.justFiller.MatchString(strings.TrimSpace(m[1])) && len(p.Lines) > 0 {
		named := words(m[1])
		for _, l := range p.Lines {
			if !namesLine(named, l) {
				return "only part of it (" + strings.TrimSpace(m[1]) + ")"
			}
		}
	}
	return asksOtherPlace(t, p)
}

// units is how many units lines are about.
func units(lines []conversation.ProposalLine) int {
	n := 0
	for _, l := range lines {
		n += l.Quantity
	}
	return n
}

// namesLine reports whether the words named are about l: one of its
// title's words.
func namesLine(named []string, l conversation.ProposalLine) bool {
	title := map[string]bool{}
	for _, w := range words(l.Title + " " + l.Variant) {
		title[w] = true
	}
	for _, w := range named {
		if title[w] {
			return true
		}
	}
	return false
}
