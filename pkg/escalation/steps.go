package escalation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/email"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// Step outputs.
type (
	// Opened is the open step's output.
	Opened struct {
		SLADue   string `json:"sla_due"`
		Notified bool   `json:"notified"`
	}
	// Breach is the sla_breach step's output.
	Breach struct {
		// Skipped is set when a person acted just as the SLA ran out.
		Skipped bool `json:"skipped,omitempty"`
	}
	// Expired is the expire step's output.
	Expired struct {
		Outcome string `json:"outcome"`
	}
	// ActionResult is the run_action step's output.
	ActionResult struct {
		Done bool `json:"done"`
	}
	// Told is the output of steps that only tell the customer.
	Told struct {
		Told bool `json:"told"`
	}
)

// Steps returns the escalation state machine's step handlers.
func (s *Service) Steps() *workflow.Steps {
	st := workflow.NewSteps()
	workflow.Handle(st, StepOpen, s.open)
	workflow.Handle(st, StepAwaitPerson, s.awaitPerson)
	workflow.Handle(st, StepSLABreach, s.slaBreach)
	workflow.Handle(st, StepExpire, s.expire)
	workflow.Handle(st, StepRunAction, s.runAction)
	workflow.Handle(st, StepActionFailed, s.actionFailed)
	workflow.Handle(st, StepDecline, s.decline)
	return st
}

// handoff loads the record a step is about; a missing one is a bug.
func (s *Service) handoff(ctx context.Context, step string, in Input) (Handoff, error) {
	h, err := s.Get(ctx, in.Handoff)
	if errors.Is(err, ErrNotFound) {
		return h, &workflow.InputError{Step: step, Err: fmt.Errorf("handoff %q: %w", in.Handoff, err)}
	}
	return h, err
}

func (s *Service) open(ctx context.Context, in Input) (Opened, error) {
	h, err := s.handoff(ctx, StepOpen, in)
	if err != nil {
		return Opened{}, err
	}
	if h.ConversationID != "" {
		if err := s.setStatus(ctx, h, conversation.StatusHandover); err != nil {
			return Opened{}, err
		}
	}
	out := Opened{SLADue: workflow.Timestamp(h.SLADue)}
	set, err := s.settingsFor(ctx, h.Shop)
	if err != nil {
		return Opened{}, err
	}
	if set.Staff.Address == "" || !s.Messenger.CanEmail() {
		s.log().WarnContext(ctx, "handoff: no staff address or email channel; staff see it in the console only", "handoff", h.ID)
		return out, nil
	}
	err = s.once(ctx, roundKey("handoff|"+h.ID+"|notify", in.Round), func() error {
		lead := "A customer is waiting for a person."
		switch {
		case in.Round > 0:
			lead = fmt.Sprintf("The customer answered and is waiting for a person again: a new SLA, due %s.", set.when(h.SLADue))
		case h.ConversationID == "" && h.Kind == KindHandoff:
			lead = "The delivery check found a problem it should not settle on its own. The customer was told our team is looking into it."
		}
		_, err := s.Messenger.Email(ctx, set.Staff, "[doorstep] "+title(h), staffText(h, set, s.brief(ctx, h), lead), nil)
		return err
	})
	if err != nil {
		return Opened{}, err
	}
	out.Notified = true
	return out, nil
}

func (s *Service) awaitPerson(ctx context.Context, in Input) (Person, error) {
	id := roundKey(in.Handoff, in.Round)
	if o, ok, err := s.outcome(ctx, id); err != nil || ok {
		return Person{Outcome: o.Outcome}, err
	}
	if _, err := s.Get(ctx, in.Handoff); errors.Is(err, ErrNotFound) {
		// Erased with its shop (EraseShop): nothing is left to wait for.
		return Person{Outcome: OutcomeResolved}, nil
	} else if err != nil {
		return Person{}, err
	}
	t, ok := workflow.TaskFrom(ctx)
	if !ok || t.Token == "" {
		return Person{}, &workflow.InputError{Step: StepAwaitPerson, Err: errors.New("no task token")}
	}
	if err := s.Store.PutDoc(ctx, handoffTokens, id, []byte(t.Token), s.Clock.Now().Add(keep)); err != nil {
		return Person{}, fmt.Errorf("keep handoff token: %w", err)
	}
	// A person may have acted between the first look and the token
	// being kept: then they found no token, and this task answers.
	if o, ok, err := s.outcome(ctx, id); err != nil || ok {
		return Person{Outcome: o.Outcome}, err
	}
	return Person{}, workflow.ErrDeferred
}

func (s *Service) slaBreach(ctx context.Context, in Input) (Breach, error) {
	if _, ok, err := s.outcome(ctx, roundKey(in.Handoff, in.Round)); err != nil || ok {
		return Breach{Skipped: ok}, err
	}
	h, err := s.Get(ctx, in.Handoff)
	if errors.Is(err, ErrNotFound) {
		return Breach{Skipped: true}, nil // erased with its shop (EraseShop)
	}
	if err != nil {
		return Breach{}, err
	}
	if !h.IsOpen() {
		return Breach{Skipped: true}, nil // closed meanwhile: nobody is waiting
	}
	// Only a customer waiting for a person hears that it is taking
	// longer: one who asked and has no answer yet, in each conversation of
	// the case where they wait (its own and those that joined it), in
	// that conversation's channel, once. A handoff the customer did not
	// ask for (a delivery check's) is the team's business.
	waitingIn, err := s.customersWaiting(ctx, h)
	if err != nil {
		return Breach{}, err
	}
	waiting := len(waitingIn) > 0
	for _, cid := range waitingIn {
		key := "handoff|" + h.ID + "|breach-customer"
		if cid != h.ConversationID {
			key += "|" + cid
		}
		to := h
		to.ConversationID = cid
		if err := s.once(ctx, roundKey(key, in.Round), func() error { return s.tell(ctx, to, nil, "", breachText(h)) }); err != nil {
			return Breach{}, err
		}
	}
	set, err := s.settingsFor(ctx, h.Shop)
	if err != nil {
		return Breach{}, err
	}
	if set.SecondContact.Address != "" && s.Messenger.CanEmail() {
		err = s.once(ctx, roundKey("handoff|"+h.ID+"|breach-contact", in.Round), func() error {
			lead := fmt.Sprintf("Nobody has responded within the SLA (due %s).", set.when(h.SLADue))
			if waiting {
				lead += " The customer has been told it is taking longer."
			} else {
				lead += " The customer was not told: they are not waiting on a reply."
			}
			_, err := s.Messenger.Email(ctx, set.SecondContact, "[doorstep] SLA missed: "+title(h), staffText(h, set, s.brief(ctx, h), lead), nil)
			return err
		})
		if err != nil {
			return Breach{}, err
		}
	} else {
		s.log().WarnContext(ctx, "handoff breached its SLA; no second contact to notify", "handoff", h.ID)
	}
	now := s.Clock.Now()
	_, err = s.update(ctx, h.ID, func(h *Handoff) {
		if h.BreachedAt == nil {
			h.BreachedAt = &now
		}
	})
	s.log().WarnContext(ctx, "handoff sla breached", "handoff", h.ID, "kind", h.Kind)
	return Breach{}, err
}

func (s *Service) expire(ctx context.Context, in Input) (Expired, error) {
	h, err := s.handoff(ctx, StepExpire, in)
	if err != nil {
		return Expired{}, err
	}
	if h.Kind != KindApproval {
		// A handoff stays in the queue, overdue; the second contact
		// knows already.
		s.log().WarnContext(ctx, "handoff still unanswered; its escalation ends", "handoff", h.ID)
		return Expired{Outcome: OutcomeExpired}, nil
	}
	now := s.Clock.Now()
	err = s.createOutcome(ctx, h.ID, outcome{Outcome: OutcomeExpired, By: "sla", At: now})
	if errors.Is(err, ErrAlreadyDecided) {
		// A decision landed as the wait ended: act on it here.
		o, _, err := s.outcome(ctx, h.ID)
		if err != nil {
			return Expired{}, err
		}
		switch o.Outcome {
		case OutcomeApprove:
			_, err := s.runAction(ctx, in)
			var failed *workflow.ActionFailedError
			if errors.As(err, &failed) {
				_, err = s.actionFailed(ctx, in)
			}
			return Expired{Outcome: o.Outcome}, err
		case OutcomeDecline:
			_, err := s.decline(ctx, in)
			return Expired{Outcome: o.Outcome}, err
		}
	} else if err != nil {
		return Expired{}, err
	}
	open := conversation.StatusOpen
	err = s.once(ctx, "handoff|"+h.ID+"|expired", func() error {
		return s.tell(ctx, h, &open, conversation.ProposalFailed, fmt.Sprintf("I'm sorry: our team couldn't look at your request for %s on order %s in time, so nothing has been changed. If you'd still like it, just reply here and we'll try again.", phrase(h.Action), h.Order))
	})
	if err != nil {
		return Expired{}, err
	}
	_, err = s.update(ctx, h.ID, func(h *Handoff) { h.Status, h.ClosedAt = StatusExpired, &now })
	return Expired{Outcome: OutcomeExpired}, err
}

func (s *Service) runAction(ctx context.Context, in Input) (ActionResult, error) {
	h, err := s.handoff(ctx, StepRunAction, in)
	if err != nil {
		return ActionResult{}, err
	}
	if h.Action == nil || s.Executor == nil {
		return ActionResult{}, s.actionFailedResult(ctx, h, &workflow.ActionFailedError{Reason: "no way to run this action automatically"})
	}
	var detail string
	err = s.once(ctx, "handoff|"+h.ID+"|run", func() error {
		// A newer request about the same items replaced it: the
		// proposal's run refuses it (agent.Superseded).
		var err error
		detail, err = s.Executor.Execute(ctx, h.Shop, *h.Action)
		return err
	})
	var failed *workflow.ActionFailedError
	if errors.As(err, &failed) {
		return ActionResult{}, s.actionFailedResult(ctx, h, failed)
	}
	if err != nil {
		return ActionResult{}, err
	}
	open := conversation.StatusOpen
	err = s.once(ctx, "handoff|"+h.ID+"|told-done", func() error {
		return s.tell(ctx, h, &open, conversation.ProposalDone, approvedText(h))
	})
	if err != nil {
		return ActionResult{}, err
	}
	now := s.Clock.Now()
	_, err = s.update(ctx, h.ID, func(h *Handoff) {
		h.Status, h.ClosedAt = StatusDone, &now
		if detail != "" {
			h.Result = detail
		}
	})
	s.log().InfoContext(ctx, "approved action done", "handoff", h.ID, "tool", h.Action.Tool)
	return ActionResult{Done: true}, err
}

// actionFailedResult records why the action did not run (the shop
// refused, or policy no longer allows it) and returns the named error the
// definition catches.
func (s *Service) actionFailedResult(ctx context.Context, h Handoff, failed *workflow.ActionFailedError) error {
	if _, err := s.update(ctx, h.ID, func(h *Handoff) { h.Result, h.Refused = failed.Reason, failed.Refused }); err != nil {
		return err
	}
	return failed
}

func (s *Service) actionFailed(ctx context.Context, in Input) (Told, error) {
	h, err := s.handoff(ctx, StepActionFailed, in)
	if err != nil {
		return Told{}, err
	}
	if h.Refused {
		return s.refused(ctx, h)
	}
	err = s.once(ctx, "handoff|"+h.ID+"|told-failed", func() error {
		return s.tell(ctx, h, nil, conversation.ProposalFailed, fmt.Sprintf("Our team approved %s on order %s, but the shop's system couldn't complete it just now. A member of the team will sort it out and reply here; there's nothing you need to do.", phrase(h.Action), h.Order))
	})
	if err != nil {
		return Told{}, err
	}
	_, err = s.update(ctx, h.ID, func(h *Handoff) { h.Status = StatusFailed })
	s.log().WarnContext(ctx, "approved action failed; a person must follow up", "handoff", h.ID)
	return Told{Told: true}, err
}

// refused tells the customer why an approved action policy refused when it
// was to run did not happen (the order shipped meanwhile, a newer request
// replaced it), with what they can do instead; the agent has the
// conversation back, and nobody needs to follow up.
func (s *Service) refused(ctx context.Context, h Handoff) (Told, error) {
	if h.Result == conversation.WithdrawnOutcome {
		// The customer withdrew it, and was told then.
		now := s.Clock.Now()
		_, err := s.update(ctx, h.ID, func(h *Handoff) { h.Status, h.ClosedAt = StatusWithdrawn, &now })
		return Told{}, err
	}
	text := fmt.Sprintf("Our team approved %s on order %s, but it can't be done any more: %s. Nothing has been changed.", phrase(h.Action), h.Order, strings.TrimSuffix(h.Result, "."))
	if h.Action != nil && h.Action.Tool == toolname.CancelOrder && strings.Contains(h.Result, "returned") {
		text += " Once it arrives, just reply here and I'll start a return for you."
	} else {
		text += " Is there anything else I can help with?"
	}
	open := conversation.StatusOpen
	if err := s.once(ctx, "handoff|"+h.ID+"|told-refused", func() error { return s.tell(ctx, h, &open, conversation.ProposalFailed, text) }); err != nil {
		return Told{}, err
	}
	now := s.Clock.Now()
	_, err := s.update(ctx, h.ID, func(h *Handoff) { h.Status, h.ClosedAt = StatusRefused, &now })
	s.log().InfoContext(ctx, "approved action refused by policy; the customer was told why", "handoff", h.ID)
	return Told{Told: true}, err
}

func (s *Service) decline(ctx context.Context, in Input) (Told, error) {
	h, err := s.handoff(ctx, StepDecline, in)
	if err != nil {
		return Told{}, err
	}
	o, _, err := s.outcome(ctx, h.ID)
	if err != nil {
		return Told{}, err
	}
	if h.Status == StatusWithdrawn {
		// The customer withdrew it, and was told then. Nobody answered:
		// the agent has the conversation back.
		if h.ConversationID != "" && h.FirstResponseAt == nil {
			return Told{}, s.setStatus(ctx, h, conversation.StatusOpen)
		}
		return Told{}, nil
	}
	text := fmt.Sprintf("A member of our team looked at your request for %s on order %s and couldn't approve it, so nothing has been changed.", phrase(h.Action), h.Order)
	if note := strings.TrimSpace(o.Note); note != "" {
		text += " Their note: " + note
	}
	text += " Is there anything else I can help with?"
	open := conversation.StatusOpen
	if err := s.once(ctx, "handoff|"+h.ID+"|told-declined", func() error { return s.tell(ctx, h, &open, conversation.ProposalDeclined, text) }); err != nil {
		return Told{}, err
	}
	now := s.Clock.Now()
	_, err = s.update(ctx, h.ID, func(h *Handoff) {
		h.Status = StatusDeclined
		if h.ClosedAt == nil {
			h.ClosedAt = &now
		}
	})
	return Told{Told: true}, err
}

// tell gives the customer a message: into the conversation (mailed on the
// email channel), else by email. status, when set, becomes the
// conversation's; settled, when set, becomes the approved proposal's
// status in the conversation's record.
func (s *Service) tell(ctx context.Context, h Handoff, status *conversation.Status, settled, text string) error {
	// The problem's notice (a delivery handoff's), when there is one: what
	// the customer is told goes as a reply in its thread.
	th, noticed, err := s.noticeThread(ctx, h.Thread)
	if err != nil {
		return err
	}
	var parent []string
	if noticed {
		parent = []string{th.MessageID}
	}
	if h.ConversationID != "" {
		var nextErr error
		_, err := s.Messenger.updateConversation(ctx, h.Shop, h.ConversationID, func(c *conversation.Conversation) (conversation.Role, []string) {
			if status != nil {
				c.Status = *status
			}
			said := text
			if a := h.Action; settled != "" && a != nil && a.Proposal != nil {
				p := *a.Proposal
				p.Status, p.Outcome = settled, h.Result
				c.Settle(p)
				// The customer's other request, kept while this one
				// waited: stated now, for its own yes.
				if ns, ok := s.Executor.(nextStater); ok {
					next, err := ns.StateNext(ctx, c)
					nextErr = err
					if next != "" {
						said = text + "\n\n" + next
					}
				}
			}
			return conversation.RoleAgent, []string{said}
		}, parent)
		if err == nil && nextErr != nil {
			s.log().ErrorContext(ctx, "state the next request", "handoff", h.ID, "err", nextErr)
		}
		return err
	}
	if h.CustomerEmail == "" || !s.Messenger.CanEmail() {
		s.log().WarnContext(ctx, "handoff: no way to reach the customer", "handoff", h.ID)
		return nil
	}
	// No conversation: one thread all the same, under the notice (or the
	// workflow's first mail), each mail replying to the ones before.
	subject := "About your request"
	if h.Order != "" {
		subject = "About your order " + h.Order
	}
	if noticed {
		subject = th.Subject
	}
	refs := append(parent, h.Mailed...)
	if len(refs) > 0 && !strings.HasPrefix(strings.ToLower(subject), "re:") {
		subject = "Re: " + subject
	}
	out := email.Outgoing{To: mail.Address{Address: h.CustomerEmail}, Subject: subject, Text: text}
	if len(refs) > 0 {
		if len(refs) > 10 {
			refs = append(refs[:1:1], refs[len(refs)-9:]...)
		}
		out.InReplyTo, out.References = refs[len(refs)-1], refs
	}
	id, err := s.Messenger.Send(ctx, out)
	if err != nil {
		return err
	}
	if id == "" {
		return nil
	}
	_, err = s.update(ctx, h.ID, func(x *Handoff) { x.Mailed = append(x.Mailed, id) })
	return err
}

// setStatus sets the status of the handoff's conversation and of those
// that joined its case (Linked), unless one has it already.
func (s *Service) setStatus(ctx context.Context, h Handoff, status conversation.Status) error {
	for i, id := range append([]string{h.ConversationID}, h.Linked...) {
		if id == "" || (i > 0 && id == h.ConversationID) {
			continue
		}
		c, _, err := s.Store.GetConversation(ctx, h.Shop, id)
		if i > 0 && errors.Is(err, store.ErrNotFound) {
			continue // a conversation that joined the case, since erased
		}
		if err != nil {
			return fmt.Errorf("load conversation %s: %w", id, err)
		}
		if c.Status == status {
			continue
		}
		if _, err := s.Messenger.UpdateConversation(ctx, h.Shop, id, func(c *conversation.Conversation) (conversation.Role, []string) {
			c.Status = status
			return conversation.RoleAgent, nil
		}); err != nil {
			return err
		}
	}
	return nil
}

// --- outcomes ----------------------------------------------------------------

type outcome struct {
	Outcome string    `json:"outcome"`
	By      string    `json:"by,omitempty"`
	Note    string    `json:"note,omitempty"`
	At      time.Time `json:"at"`
}

func (s *Service) outcome(ctx context.Context, id string) (outcome, bool, error) {
	b, err := s.Store.GetDoc(ctx, handoffOutcomes, id)
	if errors.Is(err, store.ErrNotFound) {
		return outcome{}, false, nil
	}
	if err != nil {
		return outcome{}, false, fmt.Errorf("handoff outcome %s: %w", id, err)
	}
	var o outcome
	if err := json.Unmarshal(b, &o); err != nil {
		return outcome{}, false, fmt.Errorf("read handoff outcome %s: %w", id, err)
	}
	return o, true, nil
}

// createOutcome records what a person did first; ErrAlreadyDecided when
// something was recorded before.
func (s *Service) createOutcome(ctx context.Context, id string, o outcome) error {
	b, _ := json.Marshal(o)
	err := s.Store.CreateDoc(ctx, handoffOutcomes, id, b, s.Clock.Now().Add(keep))
	if errors.Is(err, store.ErrConflict) {
		return ErrAlreadyDecided
	}
	if err != nil {
		return fmt.Errorf("record handoff outcome %s: %w", id, err)
	}
	return nil
}

// resume completes the escalation's waiting task with the recorded
// outcome. With no task waiting (it is between waits, or has ended) there
// is nothing to do: a later wait reads the outcome itself.
// roundKey is key (a handoff's id, or a key of one of its steps) for the
// SLA wait round: the key itself for the first.
func roundKey(key string, round int) string {
	if round == 0 {
		return key
	}
	return key + "|r" + strconv.Itoa(round)
}

func (s *Service) resume(ctx context.Context, id, o string) error {
	tok, err := s.Store.GetDoc(ctx, handoffTokens, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("handoff token %s: %w", id, err)
	}
	err = s.Scheduler.SendTaskSuccess(ctx, string(tok), Person{Outcome: o})
	if errors.Is(err, workflow.ErrTaskGone) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("resume escalation %s: %w", id, err)
	}
	return nil
}

// --- words -------------------------------------------------------------------

func title(h Handoff) string {
	if h.Kind == KindApproval {
		what := "Approval needed: " + phrase(h.Action)
		if h.Order != "" {
			what += " on order " + h.Order
		}
		return what
	}
	if h.Problem != "" {
		// A delivery problem: "Order #1005: lost parcel (UPS), needs a person".
		what := h.Problem
		if h.Order != "" {
			what = "Order " + h.Order + ": " + what
		}
		if h.Parcel != nil && h.Parcel.Carrier != "" {
			what += " (" + h.Parcel.Carrier + ")"
		}
		return what + ", needs a person"
	}
	what := "A customer is waiting for a person"
	if h.Order != "" {
		what += " about order " + h.Order
	}
	return what
}

// brief is what staff need to act on a handoff without opening anything
// else: who the customer is, which order, and what they asked, read from
// the conversation when there is one.
type brief struct {
	Customer string
	Orders   []string
	Request  string
}

func (s *Service) brief(ctx context.Context, h Handoff) brief {
	b := brief{Customer: h.CustomerEmail}
	if h.Order != "" {
		b.Orders = []string{h.Order}
	}
	if h.ConversationID == "" || s.Messenger == nil || s.Messenger.Store == nil {
		return b
	}
	c, msgs, err := s.Messenger.Store.GetConversation(ctx, h.Shop, h.ConversationID)
	if err != nil {
		s.log().WarnContext(ctx, "handoff mail: read conversation", "handoff", h.ID, "err", err)
		return b
	}
	if b.Customer == "" {
		b.Customer = c.CustomerEmail
	}
	if len(b.Orders) == 0 {
		b.Orders = c.Orders
	}
	if h.Round > 0 {
		// A new SLA wait: the customer wrote again after a person's
		// answer, in any of the handoff's conversations. Their request
		// now is what they wrote since that answer.
		if said := s.saidSinceAnswer(ctx, h, msgs); len(said) > 0 {
			b.Request = clip(strings.Join(said, " / "), 600)
			return b
		}
	}
	// The customer's last words before the handoff, up to three messages.
	var said []string
	for i := len(msgs) - 1; i >= 0 && len(said) < 3; i-- {
		if msgs[i].Role == conversation.RoleCustomer && !msgs[i].At.After(h.OpenedAt) {
			said = append([]string{strings.Join(strings.Fields(msgs[i].Text), " ")}, said...)
		}
	}
	b.Request = clip(strings.Join(said, " / "), 600)
	return b
}

// saidSinceAnswer is what the customer wrote (up to three messages, oldest
// first) in h's conversations (own, whose messages are own, and those
// that joined it) since the last person's message before the wait under
// way began, up to now: the request of a new SLA wait.
func (s *Service) saidSinceAnswer(ctx context.Context, h Handoff, own []conversation.Message) []string {
	all := slices.Clone(own)
	for _, id := range h.Linked {
		if id == h.ConversationID {
			continue
		}
		_, msgs, err := s.Messenger.Store.GetConversation(ctx, h.Shop, id)
		if err != nil {
			continue // erased since it joined, or unreadable: the mail goes without it
		}
		all = append(all, msgs...)
	}
	slices.SortStableFunc(all, func(a, b conversation.Message) int { return a.At.Compare(b.At) })
	from := h.OpenedAt
	for _, m := range all {
		if m.Role == conversation.RoleStaff && !m.At.After(h.RoundStart()) && m.At.After(from) {
			from = m.At
		}
	}
	var said []string
	for i := len(all) - 1; i >= 0 && len(said) < 3; i-- {
		if m := all[i]; m.Role == conversation.RoleCustomer && m.At.After(from) {
			said = append([]string{strings.Join(strings.Fields(m.Text), " ")}, said...)
		}
	}
	return said
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && (s[n]&0xC0) == 0x80 {
		n--
	}
	return s[:n] + "…"
}

// day is a date as staff read it: in the shop's zone.
func (s Settings) day(t time.Time) string { return t.In(s.loc()).Format("Mon, Jan 2") }

// when is a time as staff read it: in the shop's zone.
func (s Settings) when(t time.Time) string {
	return t.In(s.loc()).Format("Mon, Jan 2 2006, 3:04 PM MST")
}

func staffText(h Handoff, set Settings, b brief, lead string) string {
	var w strings.Builder
	w.WriteString(lead + "\n\n")
	fmt.Fprintf(&w, "%s\n", title(h))
	if b.Customer != "" {
		fmt.Fprintf(&w, "Customer: %s\n", b.Customer)
	}
	if len(b.Orders) > 0 {
		fmt.Fprintf(&w, "Order: %s\n", strings.Join(b.Orders, ", "))
	}
	if b.Request != "" {
		fmt.Fprintf(&w, "They asked: %s\n", b.Request)
	}
	if h.Action != nil && h.Action.Statement != "" {
		fmt.Fprintf(&w, "Proposed to the customer: %s\n", h.Action.Statement)
	}
	if h.Problem != "" {
		fmt.Fprintf(&w, "Problem: %s\n", h.Problem)
	}
	if p := h.Parcel; p != nil && (p.Carrier != "" || p.Tracking != "") {
		fmt.Fprintf(&w, "Parcel: %s\n", strings.TrimSpace(p.Carrier+" "+p.Tracking))
		if p.TrackingURL != "" {
			fmt.Fprintf(&w, "Track it: %s\n", p.TrackingURL)
		}
	}
	if h.Reason != "" {
		fmt.Fprintf(&w, "Why a person: %s\n", h.Reason)
	}
	if h.Note != "" {
		fmt.Fprintf(&w, "Since then:\n  %s\n", strings.ReplaceAll(h.Note, "\n", "\n  "))
	}
	if h.ToDo != "" {
		fmt.Fprintf(&w, "What to do: %s\n", h.ToDo)
	} else if h.Kind == KindHandoff && h.ConversationID == "" {
		w.WriteString("What to do: look into it, write to the customer from the console, and resolve the handoff with a note.\n")
	}
	fmt.Fprintf(&w, "Opened: %s\nRespond by: %s\n", set.when(h.OpenedAt), set.when(h.SLADue))
	if set.ConsoleURL != "" {
		fmt.Fprintf(&w, "\nOpen it in the console: %s/console/handoffs/%s\n", strings.TrimRight(set.ConsoleURL, "/"), url.PathEscape(h.ID))
	}
	return w.String()
}

func breachText(h Handoff) string {
	if h.Kind == KindApproval {
		return fmt.Sprintf("I'm sorry for the wait. Your request for %s on order %s still needs a person's approval, and that is taking longer than it should. It hasn't been forgotten: you'll hear from us here as soon as someone has looked at it.", phrase(h.Action), h.Order)
	}
	return "I'm sorry for the wait. Your request is still with our team and nobody has been able to pick it up yet, which is longer than it should take. It hasn't been forgotten: a person will reply here as soon as they can."
}

// phrase names an action for the customer: "a return of 1 × Pour-Over
// Coffee Kit (Walnut)", "a refund".
func phrase(a *Action) string {
	if a == nil {
		return "your request"
	}
	switch a.Tool {
	case toolname.StartReturn:
		if a.Proposal != nil && len(a.Proposal.Lines) > 0 {
			var parts []string
			for _, l := range a.Proposal.Lines {
				item := l.Title
				if l.Variant != "" {
					item += " (" + l.Variant + ")"
				}
				parts = append(parts, fmt.Sprintf("%d × %s", l.Quantity, item))
			}
			return "a return of " + strings.Join(parts, ", ")
		}
		return "a return"
	case toolname.ChangeAddress:
		return "an address change"
	case toolname.CancelOrder:
		return "the cancellation"
	}
	if a.Proposal != nil {
		return agent.Describe(*a.Proposal) // plain words, never the tool's name
	}
	return "your request"
}

func approvedText(h Handoff) string {
	if h.Action != nil && h.Action.Proposal != nil {
		// What ran, as the proposal says: a return that refunds once the
		// item is back is not a refund done.
		return fmt.Sprintf("Good news: our team approved %s on order %s. %s", phrase(h.Action), h.Order, agent.Ran(*h.Action.Proposal))
	}
	text := fmt.Sprintf("Good news: our team approved %s on order %s, and it's done.", phrase(h.Action), h.Order)
	switch h.Action.Tool {
	case toolname.StartReturn, toolname.ExchangeItem:
		text += " You'll get an email shortly on how to send it back."
	case toolname.ChangeAddress:
		text += " Your parcel will go to the new address."
	case toolname.CancelOrder:
		text += " Your refund goes back to your original payment method and usually shows within 5 to 10 business days."
	}
	return text
}
