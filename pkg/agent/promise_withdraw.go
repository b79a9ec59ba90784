package agent

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A follow-up promise the customer said yes to ("if it hasn't arrived by
// Monday, I'll send you a replacement") can be taken back in the chat
// (issue 18, rules16): "wait i didnt say yes to that", "actually dont do
// that", "cancel that follow up". Code reads it, as it reads the yes, and
// cancels the promise before the model runs; the reply says so.
//
// Withdrawing needs no proposal and yes of its own. A proposal guards the
// customer from a write they did not mean (a refund, a return, an
// address); a promise is the shop's own commitment, made only because the
// customer said yes, and taking it back at their explicit word changes
// nothing they hold: no order, no money, no parcel. Asking "shall I cancel
// it? reply yes" would make them agree twice to undo their own yes, as a
// yes waiting for a person's approval is withdrawn directly too (quiet).
// A promise already kept is not undone: the reply says what was done.

// PromiseWithdrawer is FollowUps that can cancel a promise it made
// (promise.Service).
type PromiseWithdrawer interface {
	// WithdrawPromise cancels the promise made from the follow_up proposal
	// p of conversation c if it is still pending; state and outcome are
	// the promise's after ("cancelled", "kept").
	WithdrawPromise(ctx context.Context, c conversation.Conversation, p conversation.Proposal) (state, outcome string, err error)
}

// promiseWithdrawnOutcome is the promise package's outcome of a promise
// withdrawn (promise.WithdrawnReason): a turn run again finds it so.
const promiseWithdrawnOutcome = "withdrawn by the customer"

// withdrawSet is the patterns of a promise taken back, compiled at first
// use.
type withdrawSet struct {
	// named names the follow-up: "the follow up", "your promise".
	named *regexp.Regexp
	// undo is a word of undoing: "cancel", "forget", "don't".
	undo *regexp.Regexp
	// keep asks to keep it: "don't forget the follow up".
	keep *regexp.Regexp
	// notAgreed takes back the yes just given, said of the last reply:
	// "i didnt say yes to that", "actually dont do that".
	notAgreed *regexp.Regexp
}

var promiseWithdrawWords = sync.OnceValue(func() *withdrawSet {
	return &withdrawSet{
		named: regexp.MustCompile(`(?i)\b(?:fol+ow[ -]?ups?|fol+owup|promise[ds]?|seguimiento|promesa|nachverfolgung|versprechen|suivi|promesse)\b`),
		undo: regexp.MustCompile(`(?i)\b(?:cancel+(?:l?ed)?|cancle|cancell?ing|stop|drop|forget|withdraw|call (?:it )?off|undo|scrap|take (?:it |that )?back|don'?t|dont|do not|no need|not needed|never ?mind|changed my mind|` +
			`cancela|anula|olvida|no lo hagas|storniere|stornieren|abbrechen|vergiss|nicht mehr|annule|annuler|oublie|laisse tomber)\b`),
		keep: regexp.MustCompile(`(?i)\b(?:don'?t|dont|do not) forget\b|\bremember\b|\bmake sure\b|\bstill (?:on|stand|stands|valid)\b|\bno olvides\b|\bvergiss nicht\b|\bn'oublie pas\b`),
		notAgreed: regexp.MustCompile(`(?i)\b(?:i )?(?:didn'?t|didnt|did not|never) (?:say yes|said yes|agree|agreed|ask for|asked for|mean (?:to say )?yes|want (?:that|this|it))\b` +
			`|\b(?:don'?t|dont|do not|please don'?t|pls dont) (?:do|go ahead with|bother with|send) (?:that|it|this)\b` +
			`|\b(?:cancel|undo|scrap|forget|stop) (?:that|it|this)\b`),
	}
})

// promiseToWithdraw is the follow-up promise the customer's message takes
// back: their newest promise of this conversation (a done follow_up
// proposal with a time), named ("cancel the follow up"), or taken back
// with no name right after the reply that made it ("wait, I didn't say
// yes to that"). Not while another proposal waits: a no answers that.
func (s *session) promiseToWithdraw() (conversation.Proposal, bool) {
	if s.conv.Pending != nil || !s.conv.Verified() {
		return conversation.Proposal{}, false
	}
	var p *conversation.Proposal
	for i := len(s.conv.Proposals) - 1; i >= 0; i-- {
		if c := s.conv.Proposals[i]; c.Tool == toolname.FollowUp && c.Status == conversation.ProposalDone && c.DueAt != nil {
			p = &c
			break
		}
	}
	if p == nil {
		return conversation.Proposal{}, false
	}
	t := strings.TrimSpace(s.text)
	w := promiseWithdrawWords()
	if t == "" || len(t) > 200 || w.keep.MatchString(t) || !w.undo.MatchString(t) && !w.notAgreed.MatchString(t) {
		return conversation.Proposal{}, false
	}
	if w.named.MatchString(t) {
		return *p, true
	}
	return *p, s.justPromised(p.ID) && (w.notAgreed.MatchString(t) || Withdraws(t))
}

// justPromised reports whether the agent's previous reply made the
// promise of proposal id.
func (s *session) justPromised(id string) bool {
	for i := len(s.history) - 1; i >= 0; i-- {
		m := s.history[i]
		if m.Role != conversation.RoleAgent {
			continue
		}
		for _, a := range m.Actions {
			if a.Tool == toolname.FollowUp && a.Status == "done" && a.Proposal == id {
				return true
			}
		}
		return false
	}
	return false
}

// withdrawPromise cancels the promise the customer takes back, before
// the model runs, and says what became of it.
func (s *session) withdrawPromise(ctx context.Context) (Result, bool, error) {
	p, ok := s.promiseToWithdraw()
	if !ok {
		return Result{}, false, nil
	}
	w, ok := s.a.FollowUps.(PromiseWithdrawer)
	if !ok {
		return Result{}, false, nil
	}
	state, outcome, err := w.WithdrawPromise(ctx, *s.conv, p)
	if err != nil {
		return Result{}, false, fmt.Errorf("withdraw promise %s: %w", p.ID, err)
	}
	var reply string
	switch {
	case state == "cancelled" && outcome == promiseWithdrawnOutcome:
		p.Status, p.Outcome = conversation.ProposalWithdrawn, conversation.WithdrawnOutcome
		s.conv.Settle(p)
		s.actProposal(toolname.FollowUp, "withdrawn", p.Order, conversation.WithdrawnOutcome, p.ID)
		reply = fmt.Sprintf("Understood: I've cancelled that follow-up on order %s, so I won't %s. "+
			"If the parcel still doesn't arrive, just write to us here and we'll look at it again.", p.Order, promisedDeed(p.Resolution))
	case state == "kept":
		s.actProposal(toolname.FollowUp, "withdraw_too_late", p.Order, outcome, p.ID)
		reply = fmt.Sprintf("I'm sorry: that follow-up on order %s was already kept before your message, so it can't be taken back here. "+
			"A member of our team can help with it if you'd like.", p.Order)
	default:
		s.actProposal(toolname.FollowUp, "already_ended", p.Order, outcome, p.ID)
		reply = fmt.Sprintf("That follow-up on order %s had already ended (%s), so nothing more will happen with it.", p.Order, outcome)
	}
	return Result{Reply: reply, Actions: s.actions}, true, nil
}

// promisedDeed is what a promise's action would have done, as the
// customer reads it.
func promisedDeed(action string) string {
	switch action {
	case "replacement":
		return "send a replacement"
	case "refund":
		return "refund the parcel"
	case "trace":
		return "open a trace with the carrier"
	}
	return "act on it"
}
