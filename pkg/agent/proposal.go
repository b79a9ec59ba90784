package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A write is a proposal (DESIGN.md §3). A write tool called without confirm
// builds one from its typed input, checks it against policy and returns its
// statement; the turn stores it with the conversation, stated in the reply.
// The customer's next message decides it, in code, before the model runs:
// an explicit yes confirms it and exactly the stored proposal runs (or, when
// policy wants a person, goes to the approval queue); a no declines it;
// anything else lapses it. Whatever the model sends with a confirm is
// ignored: the tool only reports what the stored proposal did.

// Errors of Execute.
var (
	// ErrAlreadyDone: the proposal ran before (its id was claimed).
	ErrAlreadyDone = errors.New("this proposal already ran")
	// ErrNotAWrite: the proposal's tool changes nothing.
	ErrNotAWrite = errors.New("not a write tool")
)

// RefusedError is policy refusing a proposal (the order changed since it was
// stated, say); Reason is fit for the customer.
type RefusedError struct{ Reason string }

func (e *RefusedError) Error() string { return "refused by policy: " + e.Reason }

// ApprovalError is policy wanting a person to approve a proposal.
type ApprovalError struct{ Reason string }

func (e *ApprovalError) Error() string { return "needs approval: " + e.Reason }

// approvalNote ends the statement of a proposal policy wants a person for.
const approvalNote = " A member of our team approves requests like this one: once you say yes, I'll pass it to them, and you'll hear back here."

// propose checks p against policy and makes it this turn's proposal. p has
// its tool's fields and Statement; propose adds the rest.
func (s *session) propose(tool string, o order.Order, p conversation.Proposal) (any, bool, error) {
	t, ok := ToolByName(tool)
	if !ok || t.Write == nil {
		return nil, false, fmt.Errorf("propose %s: %w", tool, ErrNotAWrite)
	}
	p, d := prepare(t, s.pol, o, p, s.now)
	switch d.Verdict {
	case policy.Refuse:
		s.act(p.Tool, "refused", o.Name, d.Reason)
		return map[string]any{"status": "refused", "reason": d.Reason, "offer": "a person on the team can look at exceptions"}, false, nil
	case policy.Approval:
		p.Statement += approvalNote
	}
	if a := s.answered; a != nil && s.answerResult != nil && a.Tool == p.Tool && a.Statement == p.Statement {
		// The model called again, without confirm, for what the
		// customer's yes just ran (another unit of the same item, say):
		// stated again word for word, a repeated yes would run it twice
		// though the customer could not tell the two apart. It is what
		// their yes became.
		return s.answerResult, false, nil
	}
	p.ID = fmt.Sprintf("%s-%d-%d", s.conv.ID, s.seq, len(s.actions))
	p.At, p.Status = s.now, conversation.ProposalStated
	p.Photos = s.conv.PhotoIDs() // the evidence a person approving it sees
	// An address change beside a cancellation of its order (moot.go).
	if res, ok := s.mootBeside(p); ok {
		return res, false, nil
	}
	if !s.aside && anotherRequest(s.proposed, p) || (len(p.Lines) > 0 && s.asked && s.proposed == nil && !s.nexted && s.askedTool != p.Tool) {
		// Another request of the same message, about other items (or a
		// write of another kind about the whole order: "cancel it, and
		// change the address"): one at a time (next.go). Otherwise the
		// later proposal replaces the earlier, as the model's newer word
		// (always after an aside: what the customer asked for then is
		// their newer word for the proposal stated again).
		return s.queueNext(p)
	}
	s.proposed = &p
	s.actProposal(p.Tool, "proposed", o.Name, "", p.ID)
	return map[string]any{"status": "needs_confirmation", "statement": p.Statement,
		"instruction": "tell the customer exactly this statement, word for word, and ask them to reply yes; their next message decides it"}, false, nil
}

// prepare readies p, a proposal of t on o, for the customer's answer: its
// tool, order and currency set, checked by t's policy check; when policy
// wants a person, Approval says why. The chat (propose) and the tracking
// page (Prepare) alike.
func prepare(t *Tool, pol policy.Policy, o order.Order, p conversation.Proposal, now time.Time) (conversation.Proposal, policy.Decision) {
	p.Tool, p.Order, p.OrderID = t.Spec.Name, o.Name, o.ID
	if p.Currency == "" {
		p.Currency = o.Currency
	}
	d := t.Write.Check(pol, o, p, now)
	if d.Verdict == policy.Approval {
		p.Approval = d.Reason
	}
	return p, d
}

// confirmed is a write tool's answer to a call with confirm: what the
// proposal the customer answered this turn became. Nothing runs here.
func (s *session) confirmed(tool string) (any, bool, error) {
	if p := s.answered; p != nil && p.Tool == tool && s.answerResult != nil {
		return s.answerResult, false, nil
	}
	r, e := fail("no_consent", "the customer has not just said yes to a statement of this; call without confirm to state it first")
	return r, e, nil
}

// state stores this turn's proposal with the conversation, stated in the
// reply (the agent message at seq+1), which must carry the statement word
// for word.
func (s *session) state(reply string) string {
	reply = s.keepNext(reply)
	for _, note := range append(s.mootNotes, s.nextRefused...) {
		reply = strings.TrimSpace(reply + "\n\n" + note)
	}
	p := s.proposed
	if p == nil && !s.handover {
		reply = s.withdrawnNote(reply)
	}
	if p == nil || s.handover {
		return reply
	}
	if !strings.Contains(reply, p.Statement) {
		lead := ""
		if s.nexted {
			lead = nextLead
		}
		reply = strings.TrimSpace(reply + "\n\n" + lead + p.Statement + " Shall I go ahead? Just reply yes.")
	}
	p.StatedAt = s.seq + 1
	s.conv.Pending = p
	return reply
}

// answer settles the pending proposal with the customer's message: only the
// message right after the one that stated it can confirm or decline it;
// anything else lapses it.
func (s *session) answer(ctx context.Context) error {
	p := s.conv.Pending
	if p == nil {
		return nil
	}
	s.conv.Pending = nil
	next := p.StatedAt+1 == s.seq
	// A doubt the customer settled first ("wait is it 02139 or 02138...
	// yes 02139 is right") is answered by what follows it.
	ct := consentPart(s.text, *p)
	keepAsk := YesAsksKeep(ct, *p) // yes_keep.go: "yes, do i keep the wrong one?"
	yes := next && (AffirmativeTo(ct, p.Tool) || YesWithAside(ct, *p) || keepAsk)
	if yes && !keepAsk {
		s.other = AsksOther(ct, *p)
	}
	s.expired = p.Expired(s.now)
	switch {
	case s.expired:
		// Stated too long ago (conversation.ProposalLife, as on the
		// tracking page): nothing runs; a yes gets it afresh, checked
		// against the order as it is now, for a new yes.
		p.Status = conversation.ProposalLapsed
		s.actProposal(p.Tool, "lapsed", p.Order, "expired", p.ID)
		if yes && s.other == "" {
			if err := s.reoffer(ctx, *p); err != nil {
				return err
			}
		}
	case next && asksAmount(s.text, *p, yes) != "":
		// "yes, but make it $120": the figure is code's; nothing runs,
		// stated again for a yes, the model says what can be refunded
		// (other_amount.go).
		s.other, s.askedAmount = "", asksAmount(s.text, *p, yes)
		p.Status = conversation.ProposalLapsed
		s.actProposal(p.Tool, "lapsed", p.Order, "asked for another amount", p.ID)
		s.aside = true
		if err := s.reoffer(ctx, *p); err != nil {
			return err
		}
	case yes && s.other != "":
		// A yes to something the proposal is not ("yes, store credit
		// please" to a refund): not consent; the model states what they
		// asked for, or asks.
		p.Status = conversation.ProposalLapsed
		s.actProposal(p.Tool, "lapsed", p.Order, "asked for "+s.other, p.ID)
	case yes:
		p.Status = conversation.ProposalConfirmed
		s.actProposal(p.Tool, "confirmed", p.Order, "", p.ID)
		res, err := s.runConfirmed(ctx, p)
		if err != nil {
			return err
		}
		s.answerResult = res
	case next && !YesWithQuestion(s.text) && (YesIf(s.text, p.Tool) && !strings.HasSuffix(strings.TrimSpace(s.text), "?") ||
		yesDoubts(soften(s.text), p.Tool) || AsksWhichOrAside(s.text, *p)):
		// (A condition asked as a question, "yes but only if it still
		// ships today?", lapses below as before, its question the
		// model's; it runs nothing either way.)
		// "yes if the refund is full", "yes but is it the whole order?",
		// "is it 02139 or 02138?": held back; stated again for a yes, the
		// condition or doubt answered from it (yes_condition.go).
		p.Status = conversation.ProposalLapsed
		s.actProposal(p.Tool, "lapsed", p.Order, "asked aside", p.ID)
		s.aside = true
		if err := s.reoffer(ctx, *p); err != nil {
			return err
		}
	case next && AsksAboutProposal(s.text):
		// A question about its terms before deciding: not a no; stated
		// again for a yes (AsksAboutProposal).
		p.Status = conversation.ProposalLapsed
		s.actProposal(p.Tool, "lapsed", p.Order, "asked about it", p.ID)
		if err := s.reoffer(ctx, *p); err != nil {
			return err
		}
	case next && AsksAside(s.text, *p):
		// A question before deciding, about it or aside (aside.go): not
		// a no; stated again for a yes.
		p.Status = conversation.ProposalLapsed
		s.actProposal(p.Tool, "lapsed", p.Order, "asked aside", p.ID)
		s.aside = true
		if err := s.reoffer(ctx, *p); err != nil {
			return err
		}
	case next && YesButAsks(s.text, *p):
		// "yes but will it still arrive on time?": held back for a
		// question; stated again for a yes, the question answered.
		p.Status = conversation.ProposalLapsed
		s.actProposal(p.Tool, "lapsed", p.Order, "asked aside", p.ID)
		s.aside = true
		if err := s.reoffer(ctx, *p); err != nil {
			return err
		}
	case next && NegativeTo(s.text, p.Tool):
		p.Status = conversation.ProposalDeclined
		s.actProposal(p.Tool, "declined", p.Order, "", p.ID)
	default:
		p.Status = conversation.ProposalLapsed
		s.actProposal(p.Tool, "lapsed", p.Order, "", p.ID)
		if next && YesWithQuestion(s.text) && AsksOther(s.text, *p) == "" {
			// A yes that did not confirm it ("yes - when will I get my
			// money back?"): the same proposal is stated again, checked
			// against the order as it is now, so a plain yes next
			// confirms exactly that.
			if err := s.reoffer(ctx, *p); err != nil {
				return err
			}
		}
	}
	s.answered = p
	s.conv.Settle(*p)
	return nil
}

// reoffer states p again as a new proposal, after the customer said yes
// to it too late: the same lines, amounts and terms, checked by policy
// against the order as it is now; refused, nothing is stated (the model
// hears why). A follow-up promise's time has passed: it is not offered
// again.
func (s *session) reoffer(ctx context.Context, p conversation.Proposal) error {
	if p.Tool == toolname.FollowUp {
		return nil
	}
	var o order.Order
	if known := s.contextOrder(p.OrderID); known != nil {
		o = *known
	} else {
		var err error
		if o, err = s.a.Store.GetOrderByName(ctx, s.conv.Shop, p.Order); errors.Is(err, store.ErrNotFound) {
			return nil
		} else if err != nil {
			return fmt.Errorf("offer proposal %s again: %w", p.ID, err)
		}
	}
	if o.ID != p.OrderID {
		return nil
	}
	fresh := conversation.Proposal{Tool: p.Tool, Lines: p.Lines, Reason: p.Reason, Resolution: p.Resolution, Amount: p.Amount, Currency: p.Currency,
		Address: p.Address, ExchangeFor: p.ExchangeFor, KeepIt: p.KeepIt, ShipmentID: p.ShipmentID,
		Statement: strings.TrimSuffix(p.Statement, approvalNote)}
	s.reoffered = true
	_, _, err := s.propose(p.Tool, o, fresh)
	return err
}

// runConfirmed runs a confirmed proposal, or queues it for a person.
func (s *session) runConfirmed(ctx context.Context, p *conversation.Proposal) (map[string]any, error) {
	t, ok := ToolByName(p.Tool)
	if !ok || t.Write == nil {
		return nil, fmt.Errorf("proposal %s: %s: %w", p.ID, p.Tool, ErrNotAWrite)
	}
	if p.Approval != "" {
		return s.queue(p), nil
	}
	done := len(s.records)
	detail, err := s.a.execute(ctx, s.conv.Shop, *p, false, s.contextOrder(p.OrderID), &s.records, policyCopy(s.conv))
	var refused *RefusedError
	var approval *ApprovalError
	switch {
	case errors.As(err, &approval):
		p.Approval = approval.Reason
		return s.queue(p), nil
	case errors.As(err, &refused):
		p.Status, p.Outcome = conversation.ProposalFailed, refused.Reason
		s.actProposal(p.Tool, "refused", p.Order, refused.Reason, p.ID)
		return map[string]any{"status": "refused", "reason": refused.Reason, "offer": "a person on the team can look at exceptions"}, nil
	case errors.Is(err, ErrCommerceRejected):
		p.Status, p.Outcome = conversation.ProposalFailed, "the shop refused it"
		s.actProposal(p.Tool, "failed", p.Order, "shop refused", p.ID)
		return map[string]any{"status": "failed", "message": "the shop could not do this; offer a person"}, nil
	case errors.Is(err, ErrAlreadyDone):
		p.Status = conversation.ProposalDone
		s.actProposal(p.Tool, "duplicate", p.Order, "", p.ID)
		return t.Write.Done(*p, ""), nil
	case err != nil:
		s.actProposal(p.Tool, "failed", p.Order, "", p.ID)
		return nil, fmt.Errorf("run proposal %s: %w", p.ID, err)
	}
	p.Status, p.Outcome = conversation.ProposalDone, detail
	s.actProposal(p.Tool, "done", p.Order, detail, p.ID)
	s.wrote(*p, s.records[done:])
	return t.Write.Done(*p, detail), nil
}

// queue sends a confirmed proposal to the approval queue: the turn hands the
// conversation over, and the handover opens an approval of exactly p.
func (s *session) queue(p *conversation.Proposal) map[string]any {
	p.Status = conversation.ProposalQueued
	s.actProposal(p.Tool, "needs_approval", p.Order, p.Approval, p.ID)
	s.handover = true
	return map[string]any{"status": "needs_approval", "reason": p.Approval,
		"message": "the customer's request, exactly as stated, has been passed to the team for approval; they will reply here"}
}

// ClaimKey is the idempotency key of a proposal's side effect.
func ClaimKey(shop, proposalID string) string { return "proposal:" + shop + ":" + proposalID }

// withdrawnKey marks a proposal the customer withdrew: held, no approval
// runs it.
func withdrawnKey(shop, proposalID string) string {
	return "proposal-withdrawn:" + shop + ":" + proposalID
}

// quiet is a turn in a conversation a person owns: the agent does not
// answer, except that a customer who takes back a yes waiting for a
// person's approval ("wait, don't cancel it, I changed my mind") withdraws
// it: the proposal is marked withdrawn (conversation.ProposalWithdrawn),
// its run is claimed so no approval can run it, and the customer is told
// it won't happen. One that already ran is told so.
func (a *Agent) quiet(ctx context.Context, conv *conversation.Conversation, text string) (Result, error) {
	p, ok := conv.AwaitingApproval()
	if !ok || !Withdraws(text) {
		return Result{Quiet: true}, nil
	}
	exp := a.Clock.Now().Add(365 * 24 * time.Hour)
	wk := withdrawnKey(conv.Shop, p.ID)
	if err := a.Store.Claim(ctx, wk, exp); err != nil && !errors.Is(err, store.ErrDuplicate) {
		return Result{}, fmt.Errorf("withdraw proposal %s: %w", p.ID, err)
	}
	what := Describe(p)
	switch err := a.Store.Claim(ctx, ClaimKey(conv.Shop, p.ID), exp); {
	case errors.Is(err, store.ErrDuplicate):
		if rerr := a.Store.Release(ctx, wk); rerr != nil {
			return Result{}, fmt.Errorf("withdraw proposal %s: %w", p.ID, rerr)
		}
		return Result{Reply: fmt.Sprintf("I'm sorry: %s was already approved and done before your message arrived. A member of our team will reply here.", what),
			Actions: []conversation.Action{{Tool: p.Tool, Status: "withdraw_too_late", Order: p.Order, Proposal: p.ID}}}, nil
	case err != nil:
		return Result{}, fmt.Errorf("withdraw proposal %s: %w", p.ID, err)
	}
	p.Status, p.Outcome = conversation.ProposalWithdrawn, conversation.WithdrawnOutcome
	conv.Settle(p)
	return Result{Reply: fmt.Sprintf("Understood: I've withdrawn your request (%s), so it won't happen and nothing on order %s changes. A member of our team can still help here if you need anything.", what, p.Order),
		Actions: []conversation.Action{{Tool: p.Tool, Status: "withdrawn", Order: p.Order, Detail: conversation.WithdrawnOutcome, Proposal: p.ID}}}, nil
}

// withdrawn reports whether the customer withdrew proposal id (quiet).
func (a *Agent) withdrawn(ctx context.Context, shop, id string) (bool, error) {
	wk := withdrawnKey(shop, id)
	switch err := a.Store.Claim(ctx, wk, a.Clock.Now().Add(time.Minute)); {
	case errors.Is(err, store.ErrDuplicate):
		return true, nil
	case err != nil:
		return false, fmt.Errorf("read withdrawal of %s: %w", id, err)
	}
	if err := a.Store.Release(ctx, wk); err != nil {
		return false, fmt.Errorf("read withdrawal of %s: %w", id, err)
	}
	return false, nil
}

// Execute runs exactly p, once: the order is read again and policy checked
// again (a person's approval stands in for policy's wish for one when
// approved), the proposal's id is claimed with a conditional write, and the
// tool does p. Errors: ErrAlreadyDone, *RefusedError, *ApprovalError,
// ErrCommerceRejected (wrapped), or others a retry may fix.
func (a *Agent) Execute(ctx context.Context, shop string, p conversation.Proposal, approved bool) (string, error) {
	return a.execute(ctx, shop, p, approved, nil, nil, nil)
}

// execute is Execute; known, when set, is the order as the turn's fresh
// customer context holds it (kept current by the refresh on order
// changes), so it is not read again. With records set (a turn runs p),
// what the tool records with Store.Apply is appended there instead, for
// the turn's own transaction (DESIGN.md §7: a turn with a write is three
// DynamoDB requests: the read, the claim, the turn). With cp set (the
// customer context's policy copy), p is checked against that policy and
// the claim is guarded by the settings document it came from: when the
// merchant saved settings since, nothing runs and the error is
// store.ErrSuperseded (the turn loop runs the turn again on fresh policy).
func (a *Agent) execute(ctx context.Context, shop string, p conversation.Proposal, approved bool, known *order.Order, records *[]store.Change, cp *conversation.PolicyCopy) (string, error) {
	t, ok := ToolByName(p.Tool)
	if !ok || t.Write == nil {
		return "", fmt.Errorf("proposal %s: %s: %w", p.ID, p.Tool, ErrNotAWrite)
	}
	if p.ID == "" {
		return "", fmt.Errorf("proposal without an id: %w", ErrNotAWrite)
	}
	var o order.Order
	var err error
	if known != nil && known.Name == p.Order {
		o = *known
	} else {
		o, err = a.Store.GetOrderByName(ctx, shop, p.Order)
	}
	if errors.Is(err, store.ErrNotFound) || (err == nil && o.ID != p.OrderID) {
		return "", &RefusedError{Reason: "the order can no longer be found"}
	}
	if err != nil {
		return "", fmt.Errorf("load order %s: %w", p.Order, err)
	}
	gc, guarded := a.Store.(guardedClaims)
	var pol policy.Policy
	if cp != nil && guarded {
		pol = cp.Policy
	} else if pol, err = a.Policies.Policy(ctx, shop); err != nil {
		return "", fmt.Errorf("load policy: %w", err)
	}
	now := a.Clock.Now()
	key := ClaimKey(shop, p.ID)
	claim := func() error { return a.Store.Claim(ctx, key, now.Add(365*24*time.Hour)) }
	if cp != nil && guarded {
		claim = func() error {
			return gc.ClaimIf(ctx, key, now.Add(365*24*time.Hour), store.DocGuard{Coll: cp.Coll, ID: cp.ID, Doc: cp.Doc})
		}
	}
	if err := claim(); errors.Is(err, store.ErrDuplicate) {
		if w, err := a.withdrawn(ctx, shop, p.ID); err != nil {
			return "", err
		} else if w {
			return "", &RefusedError{Reason: conversation.WithdrawnOutcome}
		}
		return "", ErrAlreadyDone
	} else if err != nil {
		return "", fmt.Errorf("claim %s: %w", key, err)
	}
	var refusal error
	switch d := t.Write.Check(pol, o, p, now); d.Verdict {
	case policy.Refuse:
		refusal = &RefusedError{Reason: d.Reason}
	case policy.Approval:
		if !approved {
			refusal = &ApprovalError{Reason: d.Reason}
		}
	}
	if refusal != nil {
		if err := a.Store.Release(ctx, key); err != nil {
			return "", errors.Join(refusal, err)
		}
		return "", refusal
	}
	if docs, ok := a.Store.(ProposalDocs); ok && records == nil {
		// Run outside a chat turn (the tracking page, an approval): a
		// newer request about the same units replaced it.
		ordered := func(id string) int { li, _ := lineOf(o, id); return li.Quantity }
		sup, err := Superseded(ctx, docs, shop, p, ordered)
		if err == nil && sup {
			err = &RefusedError{Reason: SupersededReason}
		}
		if err != nil {
			if rerr := a.Store.Release(ctx, key); rerr != nil {
				err = errors.Join(err, rerr)
			}
			return "", fmt.Errorf("check newer requests for %s: %w", p.Order, err)
		}
	}
	if records == nil && p.Tool == toolname.StartReturn && a.Deliveries != nil {
		// A chat turn checked this when it stated it; the tracking page
		// and an approval check it now: a parcel made good, or a
		// not-received report still open, already covers the items.
		problems, err := a.Deliveries.OrderProblems(ctx, shop, o.ID)
		if err == nil {
			if why := coveredByParcel(o, problems, p.Lines); why != "" {
				err = &RefusedError{Reason: why}
			}
		}
		if err != nil {
			if rerr := a.Store.Release(ctx, key); rerr != nil {
				err = errors.Join(err, rerr)
			}
			return "", fmt.Errorf("check parcels of %s: %w", p.Order, err)
		}
	}
	run, kept := a, 0
	if records != nil {
		cp := *a
		cp.Store = recorder{Store: a.Store, into: records}
		run, kept = &cp, len(*records)
	}
	// The write runs under the policy it was checked under: the delivery
	// check, which decides a not-received parcel's step itself, must not
	// read this instance's settings cache, older than the customer's
	// statement when the merchant saved settings moments ago elsewhere.
	detail, err := t.Write.Execute(policy.NewContext(ctx, pol), run, o, p)
	if err != nil {
		if records != nil { // nothing it recorded stands
			*records = (*records)[:kept]
		}
		if rerr := a.Store.Release(ctx, key); rerr != nil {
			err = errors.Join(err, rerr)
		}
		return "", fmt.Errorf("%s %s: %w", p.Tool, p.Order, err)
	}
	if records == nil && a.Executed != nil {
		a.Executed(ctx, shop, p, approved)
	}
	if a.ReturnMail != nil {
		// The label or instructions (and a gift card's code) by email, once
		// per proposal, whoever ran it: chat, email, approval or the
		// tracking page; a gift card issued with no return (a kept item, a
		// parcel made good with credit) gets its own mail, once. What ran
		// stands if the mail fails; it is logged.
		var err error
		switch {
		case returnStarted(p):
			err = a.ReturnMail.ReturnStarted(ctx, o, p, detail)
		case strings.Contains(detail, "gift card ") && strings.Contains(detail, " code "):
			err = a.ReturnMail.GiftCardIssued(ctx, o, p, detail)
		}
		if err != nil && a.Log != nil {
			a.Log.WarnContext(ctx, "return mail", "proposal", p.ID, "err", err)
		}
	}
	return detail, nil
}

// ReturnMailer mails the customer what a proposal that ran gave them, once
// per proposal (trackpage.Page): a started return's label or instructions
// (and a gift card's code), or a gift card issued without a return.
type ReturnMailer interface {
	ReturnStarted(ctx context.Context, o order.Order, p conversation.Proposal, detail string) error
	GiftCardIssued(ctx context.Context, o order.Order, p conversation.Proposal, detail string) error
}

// returnStarted reports whether running p started a return the customer
// sends back.
func returnStarted(p conversation.Proposal) bool {
	switch p.Tool {
	case toolname.StartReturn, toolname.ExchangeItem:
		return true
	case toolname.ReportDamage:
		return !p.KeepIt
	}
	return false
}

// recorder is a Store whose Apply keeps a change without an event key for
// the turn to commit, rather than writing it.
type recorder struct {
	Store
	into *[]store.Change
}

func (r recorder) Apply(ctx context.Context, c store.Change) (store.Result, error) {
	if c.EventKey != "" {
		return r.Store.Apply(ctx, c)
	}
	*r.into = append(*r.into, c)
	n := len(c.Shipments) + len(c.Refunds) + len(c.Returns)
	if c.Order != nil {
		n++
	}
	return store.Result{Written: n}, nil
}

// answerContext tells the model what the customer's message did to the
// proposal it answered.
func (s *session) answerContext() string {
	next := ""
	if len(s.conv.Next) > 0 {
		next = fmt.Sprintf("\nThe customer also asked for %s: code states it for their yes once the request before it is settled; do not state it yourself.", Describe(s.conv.Next[0]))
	}
	return s.answeredContext() + next
}

func (s *session) answeredContext() string {
	p := s.answered
	if p == nil {
		return ""
	}
	switch p.Status {
	case conversation.ProposalDeclined:
		return fmt.Sprintf("\nThe customer declined your proposal (tool %s): nothing was done.%s", p.Tool, correctionNote)
	case conversation.ProposalLapsed:
		if s.expired {
			again := "If they still want it, state it again."
			if s.reoffered && s.proposed != nil {
				again = "Code has stated it afresh, checked against the order as it is now: tell them it lapsed and give them this statement word for word for a new yes: " + s.proposed.Statement
			}
			return fmt.Sprintf("\nYour last proposal (tool %s) lapsed: it was stated more than %d hours ago, so the customer's reply does not confirm it and nothing was done. %s", p.Tool, int(conversation.ProposalLife.Hours()), again)
		}
		if s.askedAmount != "" && s.reoffered && s.proposed != nil {
			return fmt.Sprintf("\nThe customer asked for %s instead of the figure you stated (tool %s), so nothing was done. The figure is what the items come to and cannot be changed: tell them what can be refunded (%s), then give them this statement word for word for a new yes: %s",
				s.askedAmount, p.Tool, money(s.proposed.Amount, s.proposed.Currency), s.proposed.Statement)
		}
		if s.other != "" {
			return fmt.Sprintf("\nThe customer's reply did not confirm your proposal (tool %s): they asked for %s instead, so nothing was done. State a proposal of what they asked for (call the tool again without confirm), or ask them what they want.", p.Tool, s.other)
		}
		if s.reoffered && s.proposed != nil {
			return fmt.Sprintf("\nThe customer's message did not confirm your proposal (tool %s), so nothing was done. Code has stated it afresh: answer what they asked, then give them this statement word for word for a new yes: %s", p.Tool, s.proposed.Statement)
		}
		return fmt.Sprintf("\nYour last proposal (tool %s) lapsed: the customer's message did not answer it, so nothing was done. If they still want it, state it again.%s", p.Tool, correctionNote)
	}
	also := ""
	if YesThenAsks(s.text, p.Tool) != "" {
		also = " Their message also asks a question: answer it too."
	}
	return fmt.Sprintf("\nThe customer's message confirmed your proposal (tool %s), and code handled it. Outcome: %s. Tell them this outcome; do not call the tool again.%s", p.Tool, compactJSON(s.answerResult), also)
}

// correctionNote asks the model to turn a correction of a proposal into a
// new one.
const correctionNote = " If their message corrects it (other items, how many, another variant), call the tool again without confirm with the correction, keeping the rest of what you stated: the new statement needs its own yes."

func compactJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "{}"
	}
	return string(b)
}

// Describe names a proposal's action in plain words for the customer
// ("the cancellation of order #1004", "the exchange of 1 × Mug"), never a
// tool's name.
func Describe(p conversation.Proposal) string {
	items := describeLines(p.Lines)
	switch p.Tool {
	case toolname.CancelOrder:
		return "the cancellation of order " + p.Order
	case toolname.StartReturn:
		return "the return of " + items
	case toolname.ChangeAddress:
		return "the address change"
	case toolname.ExchangeItem:
		return "the exchange of " + items
	case toolname.ReportDamage, toolname.ReportNotReceived, toolname.FollowUp:
		switch {
		case p.Tool == toolname.ReportDamage && !p.KeepIt && p.Resolution == "refund":
			// The item comes back first: what runs is a return.
			return "the return of " + items + ", refunded once it is back with us"
		}
		switch p.Resolution {
		case "refund":
			return "the refund of " + money(p.Amount, p.Currency)
		case "store_credit":
			return "the store credit of " + money(p.Amount, p.Currency)
		case "replacement":
			return "the replacement of " + items
		}
	}
	return "your request"
}

// Ran says, for the customer, what running p did and what follows: a
// return that refunds once the item is back says so, never that the
// refund is done. The message after a person's approval ends with it.
func Ran(p conversation.Proposal) string {
	items, amount := describeLines(p.Lines), money(p.Amount, p.Currency)
	label := " You'll get an email shortly on how to send it back."
	switch p.Tool {
	case toolname.CancelOrder:
		if p.Resolution == "store_credit" {
			return fmt.Sprintf("Order %s is cancelled and %s in store credit is yours now.", p.Order, amount)
		}
		return fmt.Sprintf("Order %s is cancelled and %s goes back to your original payment method; it usually shows within 5 to 10 business days.", p.Order, amount)
	case toolname.ChangeAddress:
		return "Your parcel will go to the new address."
	case toolname.ExchangeItem:
		return "The exchange of " + items + " is set up." + label
	case toolname.StartReturn:
		if p.Resolution == "store_credit" {
			return fmt.Sprintf("The return of %s is started, and %s in store credit is yours now.", items, amount) + label
		}
		return fmt.Sprintf("The return of %s is started; your refund of %s follows once the items are back with us.", items, amount) + label
	}
	back := ""
	if p.Tool == toolname.ReportDamage && !p.KeepIt {
		back = label
	}
	switch p.Resolution {
	case "refund":
		if back != "" {
			return fmt.Sprintf("The return of %s is started; your refund of %s follows once it is back with us.", items, amount) + back
		}
		return fmt.Sprintf("%s is refunded to your original payment method; it usually shows within 5 to 10 business days.", amount)
	case "store_credit":
		return fmt.Sprintf("%s in store credit is yours now.", amount) + back
	case "replacement":
		return "A replacement of " + items + " is on its way; you'll get the tracking details as soon as it ships." + back
	}
	return "It's done."
}

// withdrawnNote says so when this message left the pending proposal
// unconfirmed (declined, or lapsed by a question or another request) and
// no new proposal replaces it: the customer must not think it is under way.
func (s *session) withdrawnNote(reply string) string {
	p := s.answered
	if p == nil || (p.Status != conversation.ProposalLapsed && p.Status != conversation.ProposalDeclined) {
		return reply
	}
	for _, q := range s.conv.Next {
		if q.Tool == p.Tool && overlaps(q, *p) {
			// Kept as the next request (a question came after it):
			// the reply says it comes next, not that it was dropped.
			return reply
		}
	}
	what := map[string]string{toolname.ExchangeItem: "exchange", toolname.StartReturn: "return", toolname.CancelOrder: "cancellation",
		toolname.ChangeAddress: "address change", toolname.ReportDamage: "replacement or refund"}[p.Tool]
	if what == "" {
		what = "change"
	}
	// No yes is invited here: a yes that lapsed a proposal has it stated
	// again (answer), and this note is only for a reply without one.
	note := fmt.Sprintf("I haven't started the %s I proposed on order %s: nothing was done.", what, p.Order)
	if strings.Contains(reply, "I haven't started the") {
		return reply
	}
	return strings.TrimSpace(reply + "\n\n" + note)
}
