package escalation

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// One handoff per case: a parcel that is late, then lost, is one problem
// for the person on it, with one deadline. Later problems of an open case
// are added to its handoff as a note and a staff mail.

func caseKey(shop, c string) string { return shop + "|" + c }

// IsOpen reports whether a person still has the handoff to deal with.
func (h Handoff) IsOpen() bool { return h.Status == StatusOpen || h.Status == StatusResponded }

// openOfCase is the open handoff of a case, if there is one: the one the
// case opened, else a person's open handoff of a conversation about the
// same order (the customer asked for a person about it), which the case
// joins.
func (s *Service) openOfCase(ctx context.Context, shop, c, orderName string) (Handoff, bool, error) {
	b, err := s.Store.GetDoc(ctx, handoffCases, caseKey(shop, c))
	if errors.Is(err, store.ErrNotFound) {
		if orderName == "" {
			return Handoff{}, false, nil
		}
		open, err := s.List(ctx, StatusOpen, StatusResponded)
		if err != nil {
			return Handoff{}, false, err
		}
		for _, h := range open {
			if h.Shop == shop && h.Kind == KindHandoff && h.ConversationID != "" && h.Order == orderName {
				if err := s.Store.PutDoc(ctx, handoffCases, caseKey(shop, c), []byte(h.ID), s.Clock.Now().Add(keep)); err != nil {
					return Handoff{}, false, fmt.Errorf("join handoff %s to its case: %w", h.ID, err)
				}
				return h, true, nil
			}
		}
		return Handoff{}, false, nil
	}
	if err != nil {
		return Handoff{}, false, fmt.Errorf("handoff of case: %w", err)
	}
	h, err := s.Get(ctx, string(b))
	if errors.Is(err, ErrNotFound) {
		return Handoff{}, false, nil
	}
	if err != nil {
		return Handoff{}, false, err
	}
	return h, h.IsOpen(), nil
}

// addToCase adds request r, a later problem of h's case, to h: a dated
// note, the newest problem, and a mail to staff, once per request key.
// No new handoff, no new deadline.
func (s *Service) addToCase(ctx context.Context, h Handoff, r Request, set Settings) (Handoff, error) {
	if h.ID == HandoffID(r) {
		return h, nil // the request that opened it, again
	}
	note := fmt.Sprintf("%s: %s", set.day(s.Clock.Now()), plainProblem(r.Problem, r.Reason))
	var updated Handoff
	err := s.once(ctx, "handoff|"+h.ID+"|case|"+HandoffID(r), func() error {
		var err error
		updated, err = s.update(ctx, h.ID, func(x *Handoff) {
			if id := HandoffID(r); !slices.Contains(x.Added, id) {
				x.Added = append(x.Added, id)
			}
			if !strings.Contains(x.Note, note) {
				x.Note = strings.TrimSpace(x.Note + "\n" + note)
			}
			if r.Problem != "" {
				x.Problem = r.Problem
			}
			if r.Parcel != nil {
				x.Parcel = r.Parcel
			}
			if r.ToDo != "" {
				x.ToDo = r.ToDo
			}
			if r.Thread != "" && x.Thread == "" {
				x.Thread = r.Thread
			}
		})
		if err != nil {
			return err
		}
		if set.Staff.Address == "" || !s.Messenger.CanEmail() {
			return nil
		}
		lead := fmt.Sprintf("News on a handoff that is already open: %s. Nothing was done automatically; %s", plainProblem(r.Problem, r.Reason), deadlineWords(updated, set, s.Clock.Now()))
		_, err = s.Messenger.Email(ctx, set.Staff, "[doorstep] "+updateTitle(updated, r), staffText(updated, set, s.brief(ctx, updated), lead), nil)
		return err
	})
	if err != nil {
		return Handoff{}, fmt.Errorf("add to handoff %s: %w", h.ID, err)
	}
	s.log().InfoContext(ctx, "handoff case updated", "handoff", h.ID)
	return s.Get(ctx, h.ID)
}

// deadlineWords is where a handoff's SLA wait under way stands, for
// staff: answered already (in time or late), due at its deadline, or
// overdue since it. An earlier round's answer does not count: the customer
// wrote again since. The SLA named is the shop's (a renewed round's
// deadline is far from the handoff's opening, so their distance is no
// SLA).
func deadlineWords(h Handoff, set Settings, now time.Time) string {
	sla := fmt.Sprintf("the %s SLA", slaWords(set.sla()))
	switch at := h.Responded(); {
	case at != nil && (h.Breached() || (!h.SLADue.IsZero() && at.After(h.SLADue))):
		return fmt.Sprintf("a person has answered it already, after %s had passed on %s.", sla, set.when(h.SLADue))
	case at != nil:
		return "a person has answered it already (" + sla + " was met)."
	case h.SLADue.IsZero():
		return "the handoff keeps its place in the queue."
	case h.Breached() || !now.Before(h.SLADue):
		return fmt.Sprintf("the handoff is OVERDUE: %s passed on %s.", sla, set.when(h.SLADue))
	}
	return fmt.Sprintf("the handoff keeps its deadline, %s (%s).", set.when(h.SLADue), sla)
}

// slaWords is an SLA as staff read it: "4 hour", "90 minute", "2 day".
func slaWords(d time.Duration) string {
	switch {
	case d <= 0:
		return "shop's"
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("%d day", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%d hour", d/time.Hour)
	}
	return fmt.Sprintf("%d minute", d/time.Minute)
}

// plainProblem is a later problem of a case as the note and the mail say
// it: "now lost parcel". Its reason is left out: while the case is open a
// person owns it, which is why the problem came here.
func plainProblem(problem, reason string) string {
	if problem != "" {
		return "now " + problem
	}
	return reason
}

func updateTitle(h Handoff, r Request) string {
	what := "Update"
	if h.Order != "" {
		what = "Order " + h.Order + ":"
	}
	if r.Problem != "" {
		return what + " now " + r.Problem + " (update to an open handoff)"
	}
	return what + " update to an open handoff"
}

// customerWaiting reports whether the customer of h is waiting for a
// person: an approval's customer always is; otherwise they asked (the handoff has a conversation, in handover), no
// person has written since it opened, and the customer spoke last (an
// agent's holding message aside). A handoff the customer did not ask for
// (a delivery check's) has no one waiting.
func (s *Service) customerWaiting(ctx context.Context, h Handoff) (bool, error) {
	if h.Kind == KindApproval {
		// They said yes and were told a person approves it: they wait
		// for that answer, whatever they wrote since.
		return true, nil
	}
	if h.ConversationID == "" {
		return false, nil
	}
	c, msgs, err := s.Store.GetConversation(ctx, h.Shop, h.ConversationID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("is the customer waiting: %w", err)
	}
	if c.Status != conversation.StatusHandover {
		return false, nil
	}
	return waitingForPerson(msgs), nil
}

// customersWaiting are the conversations of h where its customer waits
// for a person (customerWaiting): its own, and those that joined its case
// (Linked). An approval's customer waits in its own conversation, or by
// email when it has none ("" then).
func (s *Service) customersWaiting(ctx context.Context, h Handoff) ([]string, error) {
	var out []string
	if h.Kind == KindApproval {
		return []string{h.ConversationID}, nil
	}
	for i, id := range append([]string{h.ConversationID}, h.Linked...) {
		if id == "" || (i > 0 && (id == h.ConversationID || slices.Contains(out, id))) {
			continue
		}
		in := h
		in.ConversationID = id
		waiting, err := s.customerWaiting(ctx, in)
		if err != nil {
			return nil, err
		}
		if waiting {
			out = append(out, id)
		}
	}
	return out, nil
}

// waitingForPerson reports whether, among msgs, the customer spoke after
// any person did (the agent's messages aside).
func waitingForPerson(msgs []conversation.Message) bool {
	for i := len(msgs) - 1; i >= 0; i-- {
		switch msgs[i].Role {
		case conversation.RoleStaff:
			return false
		case conversation.RoleCustomer:
			return true
		}
	}
	return false
}

// Resolve closes a handoff with a person's note: the case is dealt with.
// A conversation the person owned goes back to the agent. An approval
// must be decided instead.
func (s *Service) Resolve(ctx context.Context, id, by, note string) error {
	note = strings.TrimSpace(note)
	if strings.TrimSpace(by) == "" || note == "" {
		return fmt.Errorf("%w: resolving needs a note and the person's name", ErrBadRequest)
	}
	h, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if h.Kind == KindApproval && h.Status == StatusOpen {
		return fmt.Errorf("%w: approve or decline the approval instead", ErrBadRequest)
	}
	if !h.IsOpen() && h.Status != StatusFailed {
		return ErrClosed
	}
	if h.ConversationID != "" {
		if err := s.setStatus(ctx, h, conversation.StatusOpen); err != nil {
			return err
		}
	}
	now := s.Clock.Now()
	set, err := s.settingsFor(ctx, h.Shop)
	if err != nil {
		return err
	}
	if _, err := s.update(ctx, id, func(h *Handoff) {
		h.Status, h.ClosedAt = StatusResolved, &now
		h.Note = strings.TrimSpace(h.Note + "\n" + fmt.Sprintf("%s: resolved by %s: %s", set.day(now), by, note))
		h.respond(now)
		if h.Assignee == "" {
			h.Assignee = by
		}
	}); err != nil {
		return err
	}
	s.log().InfoContext(ctx, "handoff resolved", "handoff", id)
	if h.Kind == KindApproval {
		return nil
	}
	return s.recordAndResume(ctx, h, by, OutcomeResolved)
}

// caseConversation is the email conversation a person's message on h
// goes in: h's own, else the customer's email conversation about h's
// order (linked to h from now on), else a new one, in handover, whose
// first mail replies to the problem's notice.
func (s *Service) caseConversation(ctx context.Context, h Handoff) (conversation.Conversation, []string, error) {
	if h.ConversationID != "" {
		c, _, err := s.Store.GetConversation(ctx, h.Shop, h.ConversationID)
		return c, nil, err
	}
	if h.CustomerEmail == "" {
		return conversation.Conversation{}, nil, errors.New("the handoff has no conversation and no email")
	}
	c, found, err := s.orderConversation(ctx, h)
	if err != nil {
		return c, nil, err
	}
	var parent []string
	if !found {
		subject := "Your order " + h.Order
		if th, ok, err := s.noticeThread(ctx, h.Thread); err != nil {
			return c, nil, err
		} else if ok {
			subject, parent = th.Subject, []string{th.MessageID}
		}
		now := s.Clock.Now()
		sum := sha256.Sum256([]byte(h.Shop + "|" + h.ID))
		c = conversation.Conversation{Shop: h.Shop, ID: "hf" + hex.EncodeToString(sum[:12]), Channel: conversation.ChannelEmail,
			Status: conversation.StatusHandover, Contact: h.CustomerEmail, Subject: subject, CurrentOrder: h.Order,
			CreatedAt: now, UpdatedAt: now}
		if h.Order != "" {
			c.Orders = []string{h.Order}
		}
		err := s.Store.CreateConversation(ctx, c)
		if errors.Is(err, store.ErrConflict) {
			c, _, err = s.Store.GetConversation(ctx, h.Shop, c.ID)
		}
		if err != nil {
			return c, nil, fmt.Errorf("start the customer's conversation: %w", err)
		}
	}
	if _, err := s.update(ctx, h.ID, func(x *Handoff) { x.ConversationID, x.Channel = c.ID, c.Channel }); err != nil {
		return c, nil, err
	}
	return c, parent, nil
}

// orderConversation is the customer's newest email conversation about h's
// order (their answer to the problem's notice, say).
func (s *Service) orderConversation(ctx context.Context, h Handoff) (conversation.Conversation, bool, error) {
	if h.Order == "" {
		return conversation.Conversation{}, false, nil
	}
	cs, err := s.Store.ConversationsByEmail(ctx, h.Shop, h.CustomerEmail, 20)
	if err != nil {
		return conversation.Conversation{}, false, fmt.Errorf("customer's conversations: %w", err)
	}
	var best conversation.Conversation
	found := false
	for _, c := range cs {
		if c.Channel != conversation.ChannelEmail || order.NormaliseEmail(c.Contact) != h.CustomerEmail {
			continue
		}
		if c.CurrentOrder != h.Order && !slices.Contains(c.Orders, h.Order) {
			continue
		}
		if !found || c.UpdatedAt.After(best.UpdatedAt) {
			best, found = c, true
		}
	}
	return best, found, nil
}

// RelatedConversation is the conversation a handoff with none would
// continue: the customer's email conversation about its order.
func (s *Service) RelatedConversation(ctx context.Context, h Handoff) (conversation.Conversation, bool, error) {
	if h.ConversationID != "" || h.CustomerEmail == "" {
		return conversation.Conversation{}, false, nil
	}
	return s.orderConversation(ctx, h)
}

func (s *Service) noticeThread(ctx context.Context, key string) (notify.Thread, bool, error) {
	if key == "" {
		return notify.Thread{}, false, nil
	}
	b, err := s.Store.GetDoc(ctx, notify.ThreadsCollection, key)
	if errors.Is(err, store.ErrNotFound) {
		return notify.Thread{}, false, nil
	}
	if err != nil {
		return notify.Thread{}, false, fmt.Errorf("read notice thread: %w", err)
	}
	var th notify.Thread
	if err := json.Unmarshal(b, &th); err != nil {
		return notify.Thread{}, false, fmt.Errorf("decode notice thread: %w", err)
	}
	return th, th.MessageID != "", nil
}

// Ended closes handoff id by itself, not by a person: its problem is over
// (the parcel was delivered after all, its label was scanned). Staff read
// note on it; the customer is told, once, in each conversation of the
// handoff (its own and those linked to it, chat and email alike) what
// happened (told), and the agent answers there again. A handoff with no
// conversation tells nobody here: the customer got the problem's notice.
// A closed handoff is left alone (ErrClosed).
func (s *Service) Ended(ctx context.Context, id, note, told string) error {
	h, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if !h.IsOpen() {
		return ErrClosed
	}
	if told = strings.TrimSpace(told); told != "" {
		open := conversation.StatusOpen
		for _, cid := range append([]string{h.ConversationID}, h.Linked...) {
			if cid == "" {
				continue
			}
			in := h
			in.ConversationID = cid
			if err := s.once(ctx, "handoff|"+h.ID+"|ended|"+cid, func() error { return s.tell(ctx, in, &open, "", told) }); err != nil {
				return fmt.Errorf("tell the customer handoff %s ended: %w", id, err)
			}
		}
	}
	return s.Resolve(ctx, id, "doorstep", note)
}
