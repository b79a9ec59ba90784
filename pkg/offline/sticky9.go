package offline

import (
	"regexp"
	"strings"
)

// A no-context trial (issue 18, sticky9) found two readings of a message
// that are not what the customer said:
//
//  1. After a proposal, a message that asks something else ("what did I
//     even order", "what's the tracking number", "can you send it to my
//     office instead") was read as a question about the proposal, and the
//     reply stated the proposal again instead of answering.
//  2. A remark beside a question ("wait, …", "been waiting forever. …",
//     "my sister wants one") was split off as a question of its own and
//     told "I couldn't find that in our guides".
//
// unstick reads both before any hook plans the turn: the lapsed proposal
// is set aside for a message about something else, and remarks are taken
// out of the text the questions are split from (the intent, the order and
// the email were read from the whole message already).

// unstick is the hook in read(), called once the message is read.
func (t *turn) unstick() {
	t.text = fillerRe.ReplaceAllString(t.text, "$1 ")
	if itemsAskRe.MatchString(strings.ToLower(t.text)) {
		// "what did I order and how much": the price of what was ordered.
		t.text = bareHowMuchRe.ReplaceAllString(t.text, "and how much did i pay$1")
	}
	if rest := withoutRemarks(t.text); rest != "" {
		t.text = rest
	}
	st := t.req.State
	if st == nil || st.Answered == nil || st.Answered.Status != "lapsed" || !asksElse(t.text) {
		return
	}
	// A copy: the request's State belongs to the caller.
	own := *st
	own.Answered = nil
	t.req.State = &own
	t.other, t.expired, t.reoffered = "", false, false
}

// elseAskRe asks for something a waiting proposal does not settle: the
// order's own facts (what was in it, what it cost, when it was placed,
// where it goes, its tracking), a shop policy of its own (returns,
// shipping abroad, gift wrap, a phone line), or the parcel sent elsewhere.
var elseAskRe = regexp.MustCompile(`(?i)\b(?:what (?:did|have) i (?:even |actually )?(?:order|ordered|buy|bought|get)|what(?:'s| is| was| else was)? in (?:the|that|my|this) order|what else (?:was|is|did i)|how much (?:did i|have i) (?:pay|paid|spend|spent)|(?:order|the) tot(?:al|l)|when did i (?:place|order|buy|make|put)|(?:which|what) address|tracking (?:number|no|#|code|link|id)|courier|carrier|which (?:company|service|delivery)|return(?:s)? policy|refund policy|(?:ship|deliver|send)\w* (?:to )?(?:canada|mexico|abroad|overseas|internationally|outside)|gift ?wrap\w*|phone (?:number|line)|call (?:you|someone|somebody)|(?:send|ship|deliver|post|mail|redirect)\w* (?:it|them|this|the \w+ )?\s*to (?:my|a|another|our) (?:office|work|job|parents?|mum|mom|friend|neighbou?r|new|different|other)\b|(?:office|work|different|another|new) address|how long do refunds)`)

// aboutProposalRe is a message about the waiting proposal for all its
// other words: a condition or what follows it ("and if it's not here?",
// "what happens then"), or a take-back ("instead of cancelling").
var aboutProposalRe = regexp.MustCompile(`(?i)\b(?:if|what happens|what then|otherwise|si|wenn|falls)\b`)

// asksElse reports whether text asks about something other than the
// proposal the previous reply stated.
func asksElse(text string) bool {
	low := strings.ToLower(text)
	return elseAskRe.MatchString(low) && !aboutProposalRe.MatchString(low) && !takesBackRe.MatchString(low)
}

// fillerRe is a word that only leans on a question ("what did I even
// order", "what have I actually paid"): the question reads as without it.
var fillerRe = regexp.MustCompile(`(?i)\b((?:did|do|have) i) (?:even|actually|really|ever) `)

// bareHowMuchRe is "and how much" with nothing after it but its sign.
var bareHowMuchRe = regexp.MustCompile(`(?i)\band how much\s*(\??)\s*$`)

// remarkRe is a clause that says how the customer feels or what they
// notice, asking nothing: "wait", "hang on", "ugh", "been waiting
// forever", "honestly so fed up", "my sister wants one too".
var remarkRe = regexp.MustCompile(`(?i)^(?:wait|wait a (?:sec|second|minute)|hang on|hold on|hmm+|ugh+|argh+|sigh|lol|haha+|honestly|seriously|no rush(?: at all)?|oh well|(?:i'?ve |i have )?been waiting (?:forever|ages|so long|for ages|for so long|for weeks|for days)|(?:honestly |i'?m |i am )*(?:so |really |very |pretty )?(?:fed up|annoyed|frustrated|upset|disappointed)|my (?:sister|brother|mum|mom|mother|dad|father|friend|partner|wife|husband|son|daughter|neighbou?r|colleague|aunt|uncle) (?:wants|would like|needs|loves) (?:one|it|them|some)(?: too| as well)?)$`)

// remarkClauseRe is a clause and the signs that end it.
var remarkClauseRe = regexp.MustCompile(`[^.!?,;:…—–]+(?:[.!?,;:…—–]+|$)`)

// withoutRemarks is text without its remark clauses, or "" when it has
// none or nothing but remarks (a message of remarks alone is answered as
// such) or when what is left asks nothing.
func withoutRemarks(text string) string {
	var b strings.Builder
	dropped := false
	for _, c := range remarkClauseRe.FindAllString(text, -1) {
		words := strings.TrimSpace(strings.TrimRight(c, ".!?,;:…—– "))
		if !strings.Contains(c, "?") && remarkRe.MatchString(words) {
			dropped = true
			continue
		}
		b.WriteString(c)
	}
	rest := strings.TrimSpace(b.String())
	if !dropped || rest == "" {
		return ""
	}
	if !strings.Contains(rest, "?") && !questionStartRe.MatchString(rest) && !askLeadRe.MatchString(rest) && !whereRe9.MatchString(rest) {
		return ""
	}
	return rest
}

// whereRe9 opens a question without its sign: "where is my parcel".
var whereRe9 = regexp.MustCompile(`(?i)^(?:where|when|wheres|where's|whens|when's)\b`)
