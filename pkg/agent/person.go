package agent

import (
	"regexp"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"github.com/doorstep-ai/doorstep/pkg/typo"
)

// A customer who asks for a person gets one, whatever else the message
// asks and whatever proposal waits for their yes (issue 18, person13: "can
// i talk to a real person about not sending glass back" got the returns FAQ
// and the return proposed again; "yes please have someone look into it",
// said to the agent's own offer of a person, got the same answer again).
// Code decides, before the model runs, so a hosted model is held to it as
// the offline one is; the waiting proposal is set aside, never run.

// personNoun is who a customer asks for, typos included.
const personNoun = `(?:(?:a|an|the|some|one of (?:your|ur|the)|your|ur)\s+)?(?:(?:real|actual|live|proper|human|physical)\s+)?` +
	`(?:human(?:\s+being)?|humn|huamn|hooman|person|persn|peson|prson|people|someone|somebody|some one|anyone|anybody|` +
	`manager|manger|managr|supervisor|agent|representative|rep|operator|staff(?:\s+member)?|colleague|employee|member of staff|` +
	`member of (?:your|ur|the) (?:team|staff)|team member|customer (?:service|support|care)(?:\s+(?:team|rep|agent|person|staff))?|` +
	`support (?:team|staff|agent|person)|owner|shop owner|store owner)`

// personHelper is personNoun without the words that often mean someone
// else ("someone", "anyone"): what "i need …" must name to be a request.
const personHelper = `(?:(?:a|an|the|your|ur)\s+)?(?:(?:real|actual|live|proper)\s+)?` +
	`(?:human(?:\s+being)?|humn|huamn|hooman|person|persn|peson|prson|manager|manger|managr|supervisor|representative|rep|operator|` +
	`staff member|member of staff|member of (?:your|ur|the) (?:team|staff)|employee|live agent|human agent|` +
	`customer service(?:\s+(?:rep|agent|person))?)`

var personRes = sync.OnceValue(func() struct{ ask, not []*regexp.Regexp } {
	c := func(s string) *regexp.Regexp { return regexp.MustCompile(`(?i)` + s) }
	var out struct{ ask, not []*regexp.Regexp }
	out.ask = []*regexp.Regexp{
		// "talk to a human", "speak with someone from the shop"
		c(`\b(?:talk|speak|speek|tlak|chat|talking|speaking)\s+(?:to|with|w/|wth|wih|too|2)\s+` + personNoun + `\b`),
		// "put me through to staff", "pass this to a manager"
		c(`\b(?:get|put|connect|transfer|pass|hand|escalate|forward)\s+(?:me|this|it|us|my (?:case|question|issue|message))\s+(?:(?:through|thru|over|on)\s+)?(?:to|with)\s+` + personNoun + `\b`),
		// "get me someone from the shop", "find me a manager"
		c(`\b(?:get|find|give|fetch)\s+me\s+` + personNoun + `\b`),
		// "i need a human", "i want a manager"
		c(`\b(?:i|we)\s*(?:'d|’d| would| really)?\s*(?:want|need|like|prefer|wanna|demand|request)\s+(?:to have\s+|to get\s+)?` + personHelper + `\b`),
		// "could a member of your team look into it", "have someone check";
		// "can someone look into it" alone asks the agent as much.
		c(`\b(?:can|could|would|will|may|please|pls|plz|have|let|get)\s+(?:i\s+(?:have|get)\s+|you\s+(?:have|get|ask)\s+)?` +
			`(?:(?:a|an|the|your|one of your)\s+)?(?:(?:real|actual|live)\s+)?(?:person|human|member of (?:your|the) (?:team|staff)|team|manager|supervisor|staff|colleagues|employee)` +
			`\s+(?:(?:from|at|of) (?:the|your|ur) (?:shop|store|team)\s+)?(?:look|check|call|ring|phone|contact|get in touch|email|reach out|review|help|reply|handle|take a look|sort|investigate)`),
		c(`\b(?:have|get|let)\s+(?:someone|somebody)\s+(?:(?:from|at|of) (?:the|your|ur) (?:shop|store|team)\s+)?(?:look|check|call|ring|contact|get in touch|email|reach out|review|handle|investigate)`),
		c(`\b(?:someone|somebody|anyone) (?:from|at) (?:the|your|ur) (?:shop|store|team|company)\b`),
		// "can i get a live agent", "may i speak to"
		c(`\b(?:can|could|may)\s+(?:i|we)\s+(?:get|have)\s+` + personHelper + `\b`),
		// "escalate this to a manager", "transfer me to customer service"
		c(`\b(?:escalate|transfer|forward|connect)\s+(?:\S+\s+){0,2}(?:to|with)\s+` + personNoun + `\b`),
		// "discuss this with a member of your staff"
		c(`\b(?:discuss|go over|sort)\s+(?:[^.?!]{0,30}\s)?with\s+` + personHelper + `\b`),
		// "i dont want a bot", "not an automated system"
		c(`\b(?:don'?t|do not|dont|don’t)\s+want\s+(?:to\s+(?:talk|speak|chat)\s+(?:to|with)\s+)?(?:a|an|this|the|your)?\s*(?:bot|robot|machine|ai|automated)`),
		c(`\brather than (?:a|an|this|the)\s+(?:bot|robot|machine|ai|automated)`),
		// "email a person instead", "call someone", a phone number
		c(`\b(?:email|write to|message|call|ring|phone)\s+(?:a|an)\s+(?:real\s+|actual\s+)?(?:person|human)\b`),
		c(`\b(?:can|could|may)\s+(?:i|we)\s+(?:call|ring|phone)\s+(?:someone|somebody|you|the shop|the store|your team)\b`),
		c(`\b(?:phone|telephone|customer service|support)\s+(?:number|line)\b`),
		c(`\breal (?:human|person)\s*\?\s*$`),
		// "is there a real person i can chat to?"
		c(`\b(?:is there|are there|do you have|do u have)\s+` + personNoun + `\s+(?:i|we)\s+(?:can|could)\s+(?:talk|speak|chat|call|write)`),
		// "human please", "agent pls"
		c(`\b(?:human|real person|a person|manager|representative|operator|agent|rep)\s+(?:please|pls|plz|now|asap)\b`),
		c(`^\W*(?:a\s+)?(?:human|agent|representative|operator|real person|person|manager|staff|someone real)\W*$`),
		// Spanish
		c(`\b(?:hablar|habla|hable|comunicarme|contactar|chatear)\s+con\s+(?:una?\s+|el\s+|la\s+)?(?:persona|humano|agente|encargad[oa]|gerente|responsable|representante|alguien|emplead[oa]|asesor|supervisor|operador|equipo)`),
		c(`\b(?:quiero|necesito|prefiero|pásame|pasame|páseme|paseme|comuníqueme)\s+(?:con\s+)?(?:una?\s+)?(?:persona|humano|agente|encargad[oa]|gerente|asesor)\b`),
		c(`\balguien de la tienda\b`),
		// German: "mit einem Menschen sprechen", "einen Mitarbeiter bitte"
		c(`(?:^|[^\p{L}])(?:mit|einen|einem|eine|einer)\s+(?:echten\s+|richtigen\s+|realen\s+)?(?:menschen|mitarbeiter\p{L}*|person|verantwortlichen|vorgesetzten|berater\p{L}*|jemandem|chef)(?:[^\p{L}].*)?(?:sprechen|reden|verbinden|chatten|telefonieren|bitte)`),
		c(`(?:^|[^\p{L}])(?:verbinden sie mich|verbinde mich)`),
		// French
		c(`(?:^|[^\p{L}])(?:parler|discuter|échanger|joindre|contacter|passer)\s+(?:à|a|avec)?\s*(?:quelqu'un|quelqu’un|un humain|une personne|une vraie personne|un conseiller|une conseillère|un responsable|le responsable|un agent|un vrai|le service client|un employé|le gérant|un gérant|un être humain)`),
		c(`(?:^|[^\p{L}])(?:je veux|je voudrais|j'aimerais|j’aimerais|je souhaite)\s+(?:un humain|une personne|un conseiller|quelqu'un|quelqu’un)`),
		c(`(?:^|[^\p{L}])quelqu['’]un (?:du magasin|de la boutique|de l'équipe|de votre équipe)`),
		c(`(?:^|[^\p{L}])(?:passez|passe)[- ]moi\s+(?:un|une|le|la|quelqu)`),
	}
	out.not = []*regexp.Regexp{
		// A comparison or a question about the agent, not a request:
		// "quicker than a real person", "are you a real person?".
		c(`\bthan\s+(?:a|an|any|your)\s+(?:real\s+|actual\s+)?(?:human|person|people|agent|staff)\b`),
		c(`\b(?:are|r)\s+(?:you|u)\s+(?:a\s+)?(?:real\s+|actual\s+)?(?:human|person|bot|robot)\b`),
		c(`\bis this\s+(?:a\s+)?(?:real\s+)?(?:human|person|bot|robot)\b`),
		c(`\blike\s+(?:a|an)\s+(?:real\s+)?(?:human|person)\b`),
	}
	return out
})

// AsksForPerson reports whether a customer's message asks, in so many
// words, for a person (English, Spanish, German, French): "can I talk to a
// real person", "get me someone from the shop", "quiero hablar con una
// persona", "mit einem Menschen sprechen", "parler à quelqu'un". A person
// mentioned otherwise ("quicker than a real person", "the delivery person
// left it") is not a request.
func AsksForPerson(text string) bool {
	t := strings.ToLower(strings.TrimSpace(text))
	if len(t) > 600 {
		return false
	}
	res := personRes()
	// As written, and with typos read back (Spanish "persona" must stay).
	for _, t := range []string{t, fixPersonTypos(t)} {
		for _, re := range res.not {
			t = re.ReplaceAllString(t, " ")
		}
		for _, re := range res.ask {
			if re.MatchString(t) {
				return true
			}
		}
	}
	return false
}

// personVocab are the words of a request for a person a typo is read
// back to ("hman", "somone", "customre servce", "escalate tihs").
var personVocab = []string{"human", "humans", "person", "someone", "somebody", "manager", "supervisor", "operator",
	"representative", "customer", "service", "connect", "transfer", "escalate", "speak", "talk", "with", "this",
	"agent", "real", "email", "employee", "actual"}

var wordRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\p{L}+`) })

// fixPersonTypos reads each word of four letters or more back to the
// request word it is a typo of (typo.Limit edits).
func fixPersonTypos(t string) string {
	return wordRe().ReplaceAllStringFunc(t, func(w string) string {
		n := len([]rune(w))
		if n < 4 {
			return w
		}
		if v, _ := typo.Nearest(w, personVocab, typo.Limit(n)); v != "" {
			return v
		}
		return w
	})
}

// MentionsPersonOnly reports whether text names a person only to compare
// or to ask what the agent is ("quicker than a real person", "are you a
// bot?"), asking for none.
func MentionsPersonOnly(text string) bool {
	t := strings.ToLower(text)
	for _, re := range personRes().not {
		if re.MatchString(t) {
			return !AsksForPerson(text)
		}
	}
	return false
}

var offerRes = sync.OnceValue(func() [4]*regexp.Regexp {
	return [4]*regexp.Regexp{
		regexp.MustCompile(`(?i)\b(?:member of (?:our|the) team|our team|the team|a team ?mate|a team member|a person|someone|a colleague|a human|(?:our|the) staff|customer (?:service|support|care)|a (?:real|human) (?:person|agent)|a specialist)\b`),
		regexp.MustCompile(`(?i)\b(?:if you'd like|if you would like|if you like|would you like|would you prefer|shall i|should i|want me to|do you want|can i|may i|just say yes|just reply yes|say yes)\b`),
		regexp.MustCompile(`(?i)\b(?:i've passed|i have passed|has been passed|i've handed|i have handed|will reply here)\b`),
		regexp.MustCompile(`[.!?\n]+`), // sentence ends
	}
})

// OffersPerson reports whether an agent's reply offers the customer a
// person for a yes: one sentence names a person and asks ("a member of
// our team can look into it if you'd like", "shall I pass you to our
// team?"). A reply saying it has already passed them on offers nothing.
func OffersPerson(reply string) bool {
	re := offerRes()
	for _, sentence := range re[3].Split(reply, -1) {
		if re[0].MatchString(sentence) && re[1].MatchString(sentence) && !re[2].MatchString(sentence) {
			return true
		}
	}
	return false
}

// passedOn is what the customer is told when code hands them over.
const passedOn = "I've passed your conversation to a member of our team, and they'll reply right here as soon as they can. " +
	"You don't need to repeat anything: they can see everything we've discussed."

// handOverAsked hands the conversation to a person when the customer's
// message asks for one, or says yes to the agent's own offer of one while
// no proposal waits: a waiting proposal lapses unrun (the person decides
// it), and the model is not asked.
func (s *session) handOverAsked() (Result, bool) {
	asked := AsksForPerson(s.text)
	// With a proposal waiting, a yes answers its statement, which asked
	// for exactly that ("Just reply yes"), even when the same reply also
	// offered a person after it (the eval's found13_arrived_return: a
	// guide search that found nothing offered a person after a return's
	// statement, and "yes" handed over instead of starting the return).
	accepted := !asked && s.conv.Pending == nil && takesPersonOffer(s.text) && OffersPerson(s.lastAgentText())
	if !asked && !accepted {
		return Result{}, false
	}
	reply := "Of course. " + passedOn
	if p := s.conv.Pending; p != nil {
		s.conv.Pending = nil
		p.Status = conversation.ProposalLapsed
		s.actProposal(p.Tool, "lapsed", p.Order, "asked for a person", p.ID)
		s.conv.Settle(*p)
		reply = "Of course. I haven't gone ahead with " + Describe(*p) + ". " + passedOn
	}
	detail := "customer asked for a person"
	if accepted {
		detail = "customer accepted the offer of a person"
	}
	s.handover = true
	s.act(toolname.Handover, "done", s.conv.CurrentOrder, detail)
	s.conv.Status = conversation.StatusHandover
	return Result{Reply: reply, Actions: s.actions}, true
}

// lastAgentText is the agent's previous reply, or "".
func (s *session) lastAgentText() string {
	for i := len(s.history) - 1; i >= 0; i-- {
		if s.history[i].Role == conversation.RoleAgent {
			return s.history[i].Text
		}
		if s.history[i].Role == conversation.RoleStaff {
			return ""
		}
	}
	return ""
}

// personOfferRest is what may follow the yes that takes the offer of a
// person: a person or their looking into it.
var personOfferRest = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:someone|somebody|some one|person|human|team|staff|manager|colleague|look into|look at|check|investigate|pass|hand|escalate)`)
})

// personOfferThanks is what may follow the yes that takes the offer of a
// person and adds nothing: thanks, "that would be great".
var personOfferThanks = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(?:(?:please|pls|plz|thanks|thank you|thank u|thx|ty|so much|very much|a lot|much appreciated|appreciate it|i'?d appreciate (?:it|that)|` +
		`that would be (?:great|good|helpful|lovely|amazing|perfect|fine)|that'?d be (?:great|good|helpful|lovely|amazing|perfect|fine)|` +
		`sounds good|great|perfect|lovely|cool|awesome|good|asap|gracias|danke|merci|bitte|por favor|s'il vous pla[iî]t|svp)[\s,.!]*)+$`)
})

// takesPersonOffer reports whether text is a yes to an offer of a person:
// a yes alone ("yes please", "ok do it"), or one that names the person or
// their looking ("yes please have someone look into it"). A yes that goes
// on to ask something else ("ok just give me part of my money back then")
// answers the offer with another request.
func takesPersonOffer(text string) bool {
	if !Affirmative(text) {
		return false
	}
	t := strings.TrimSpace(text)
	loc := phrases().yesLead.FindStringIndex(t)
	if loc == nil {
		return false
	}
	rest := strings.TrimSpace(t[loc[1]:])
	return len(strings.Fields(rest)) <= 3 || personOfferRest().MatchString(rest) || personOfferThanks().MatchString(rest)
}
