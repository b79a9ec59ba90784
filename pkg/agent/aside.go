package agent

import (
	"regexp"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
)

// Issue 18's no-context trial (pending11): with a proposal waiting for
// their yes, customers asked something before deciding, about the
// proposal in words AsksAboutProposal does not know ("do i have to send
// them back?", "wait, do I need to return the broken one first") or about
// something else ("what's your return policy?", "has it shipped yet?").
// Such a question lapsed the proposal, or ("wait, …") declined it, so the
// yes that followed ran nothing. A question that neither answers the
// proposal nor asks for something else is an aside: code states the same
// proposal again, the model answers the question, and a plain yes next
// confirms exactly what was stated. A no, a withdrawal, a "but" or
// "instead", or a wish the proposal does not match (AsksOther) is no
// aside: it is settled as before.

// asideLead opens a question that may come without its question mark, in
// any of the languages: "do i have to send them back", "wie lange dauert".
var asideLead = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(?:(?:oh|also|btw|by the way|and|so|quick question|one more thing|just wondering)[\s,:;.!-]+)*(?:` +
		`how|how's|when|what|what's|whats|where|where's|wheres|who|why|which|do|does|did|is|are|was|were|will|would|can|could|should|shall|has|have|am|` +
		`cómo|como|cuándo|cuando|cuánto|cuanto|cuál|cual|qué|que|dónde|donde|quién|tengo|hay|puedo|es|está|se|` +
		`wie|wann|was|wo|wer|warum|welche|welcher|muss|kann|ist|sind|gibt|bekomme|habe|wird|` +
		`est-ce|quand|combien|quel|quelle|quels|où|ou|comment|pourquoi|dois-je|je dois|puis-je|y a-t-il|c'est|faut-il|il faut)` + notLetter)
})

// AsksAside reports whether text, said right after p was stated, is a
// question asked before deciding: a question (a question mark, or a
// question's first word), after any pause ("wait,", "hmm"), with no yes
// before it, no no or withdrawal in it, nothing that changes what was
// stated ("but", "instead", "only", "actually") and no wish p does not
// match (AsksOther). AsksAboutProposal's questions are among them.
func AsksAside(text string, p conversation.Proposal) bool {
	t := strings.TrimSpace(text)
	ph := phrases()
	if t == "" || len(t) > 200 || ph.yesLead.MatchString(t) || Withdraws(t) {
		return false
	}
	rest := strings.TrimSpace(t[len(termsQuestion()[0].FindString(t)):])
	rest = strings.TrimSpace(strings.TrimLeft(rest, "¿-–—:; "))
	if rest == "" || !strings.Contains(t, "?") && !asideLead().MatchString(rest) {
		return false
	}
	plain := strings.NewReplacer("?", " ", "¿", " ").Replace(rest)
	if ph.no.MatchString(plain) || ph.but.MatchString(plain) {
		return false
	}
	return AsksOther(rest, p) == ""
}

// yesButLead is a "but" that only opens a question after a yes: "yes but
// will it still arrive on time?".
var yesButLead = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^(?:but|pero|aber|mais)[\s,]+`) })

// YesButAsks reports whether text is a yes that holds back for a question
// ("yes but will it still arrive on time?", trial 11a: the address change
// lapsed and the "ok yes" after it ran nothing): not consent, and no wish
// for something else either. The rest after the yes (and its "but") must
// be an aside by AsksAside's rules, so "yes but only the mug?" is not one.
func YesButAsks(text string, p conversation.Proposal) bool {
	t := strings.TrimSpace(text)
	loc := phrases().yesLead.FindStringIndex(t)
	if loc == nil || len(t) > 200 {
		return false
	}
	rest := strings.TrimSpace(t[loc[1]:])
	cut := yesButLead().FindStringIndex(rest)
	if cut == nil {
		return false
	}
	if AsksOther(t, p) != "" || keepOutRe().MatchString(rest) {
		return false
	}
	return AsksAside(rest[cut[1]:], p) || mayIInstead(rest[cut[1]:])
}

// mayIInsteadRe asks leave to do something else than what was stated
// ("can I throw the broken glass away instead?", multi13's trial: the
// proposal was dropped): a question before deciding, for the model to
// answer from what was stated, which stays waiting.
var mayIInsteadRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(?:can|could|may|should) (?:i|we)\b[^?]*\binstead\s*\?\s*$`)
})

// mayIInstead reports whether rest asks leave to do something else
// instead, with no no in it.
func mayIInstead(rest string) bool {
	rest = strings.TrimSpace(rest)
	return mayIInsteadRe().MatchString(rest) && !phrases().no.MatchString(strings.TrimSuffix(rest, "?"))
}

// keepOutRe keeps something out of what was stated ("yes but can i keep
// the filters?"): a narrower wish, not a question before deciding.
var keepOutRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:keep|except|without|leave out|left out|not the|behalten|ohne|garder|garde|sauf|sans|guardar|quedarme|quedo|sin)\b`)
})
