package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/httpjson"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// HandoffCollection is where package escalation keeps handoff records.
const HandoffCollection = escalation.Handoffs

// Handoff is one escalation record: package escalation's, kind "handoff"
// (a person takes the conversation) or "approval" (a person approves or
// declines a write).
type Handoff = escalation.Handoff

// HandoffAction is the write an approval waits on.
type HandoffAction = escalation.Action

// Closed handoff statuses: the queue leaves them out.
var closedHandoff = map[string]bool{"done": true, "declined": true, "handed_back": true, "expired": true, "resolved": true, "refused": true}

// DocHandoffs reads handoff records straight from the store, for a
// deployment where the escalation service is not wired into the console:
// the queue shows them, but deciding needs the escalation workflow
// (ErrUnavailable).
type DocHandoffs struct {
	Store interface {
		ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
	}
}

// List reads the shop's handoffs, oldest first (at most 1,000).
func (d DocHandoffs) List(ctx context.Context, shop string) ([]Handoff, error) {
	var out []Handoff
	after := ""
	for range 5 {
		docs, err := d.Store.ListDocs(ctx, HandoffCollection, "", after, 200)
		if err != nil {
			return nil, fmt.Errorf("list handoffs: %w", err)
		}
		for _, doc := range docs {
			after = doc.ID
			var h Handoff
			if json.Unmarshal(doc.Value, &h) != nil || h.Shop != shop {
				continue
			}
			out = append(out, h)
		}
		if len(docs) < 200 {
			break
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].OpenedAt.Before(out[j].OpenedAt) })
	return out, nil
}

// Decide is not possible without the escalation workflow.
func (DocHandoffs) Decide(context.Context, string, string, bool, string) error {
	return ErrUnavailable
}

// QueueItem is a conversation waiting for a person, with its handoff when
// there is one.
type QueueItem struct {
	Summary
	// WaitingSince is when the customer started waiting.
	WaitingSince *time.Time `json:"waiting_since,omitempty"`
	LastMessage  string     `json:"last_message,omitempty"`
	LastRole     string     `json:"last_role,omitempty"`
	Handoff      *Handoff   `json:"handoff,omitempty"`
	// PersonAnswered is set once a person replied after the handover.
	PersonAnswered bool `json:"person_answered"`
	// State is what really happened: StateWaiting, StateAnswered or
	// StateRepliedAgain. Only a person's message answers.
	State string `json:"state,omitempty"`
	// SLA is where the customer's current wait stands against the
	// handoff's SLA: "met" (a person answered and the customer has not
	// written since), "due" (waiting, SLADue ahead) or "missed". A
	// person's reply meets the SLA; the customer's message after it starts
	// a new wait of the same length. Empty without a handoff deadline.
	SLA    string     `json:"sla,omitempty"`
	SLADue *time.Time `json:"sla_due,omitempty"`
}

// slaState sets item's SLA and SLADue at now.
func (item *QueueItem) slaState(now time.Time) {
	h := item.Handoff
	if h == nil || h.SLADue.IsZero() {
		return
	}
	due := h.SLADue
	switch {
	case item.PersonAnswered && item.WaitingSince == nil:
		item.SLA = "met"
		return
	case item.PersonAnswered:
		// A new wait as long as the one under way (a renewed round's
		// deadline is far from the handoff's opening).
		due = item.WaitingSince.Add(h.SLADue.Sub(h.RoundStart()))
	case h.Breached():
		item.SLA, item.SLADue = "missed", &due
		return
	}
	item.SLA, item.SLADue = "due", &due
	if !now.Before(due) {
		item.SLA = "missed"
	}
}

// lastHandover is the index of the last message that handed the
// conversation to a person (the agent's handover, or the acknowledgement
// of a message that joined a person's case); -1 when none did.
func lastHandover(msgs []conversation.Message) int {
	for i := len(msgs) - 1; i >= 0; i-- {
		if handedOver(msgs[i]) || joinedCase(msgs[i]) {
			return i
		}
	}
	return -1
}

// joinedCase reports whether m acknowledged a customer's message that went
// to the person owning the order's case (escalation.OwnedCase).
func joinedCase(m conversation.Message) bool {
	for _, a := range m.Actions {
		if a.Tool == toolname.Handoff && a.Status == "queued" {
			return true
		}
	}
	return false
}

// Queue states: what really happened in a conversation a person owns.
const (
	StateWaiting      = "waiting"       // the customer waits for a person; no person has written since the handover
	StateAnswered     = "answered"      // a person answered and the customer has not written since
	StateRepliedAgain = "replied_again" // the customer wrote again after a person's answer
)

// personWait is where a conversation a person owns stands: only a
// person's message (RoleStaff) answers the customer; the agent's messages
// (the acknowledgement, the SLA's honest update, a workflow's notice)
// never do. since is when the customer's current wait began (zero when
// answered).
func personWait(msgs []conversation.Message) (state string, since time.Time) {
	return personWaitSince(msgs, lastHandover(msgs))
}

// sharedWait is personWait for the messages of all of a handoff's
// conversations, read together: the handoff began at the first handover,
// and a later conversation's joining (its acknowledgement) is the customer
// writing again, not a new handover.
func sharedWait(msgs []conversation.Message) (state string, since time.Time) {
	h := slices.IndexFunc(msgs, func(m conversation.Message) bool { return handedOver(m) || joinedCase(m) })
	if h < 0 {
		h = lastHandover(msgs)
	}
	return personWaitSince(msgs, h)
}

// handoffWait is where a conversation of handoff h (nil: none known)
// stands, read from msgs, its messages or, shared, those of all of h's
// conversations (sharedWait). Only the messages since h opened count
// (sinceOpened): an earlier handoff's answer is not this one's.
func handoffWait(msgs []conversation.Message, h *Handoff, shared bool) (state string, since time.Time) {
	if h != nil {
		msgs = sinceOpened(msgs, h.OpenedAt)
	}
	if shared {
		return sharedWait(msgs)
	}
	return personWait(msgs)
}

// sinceOpened is msgs (in the order written) from the handoff opened at
// opened on: the messages written since, and before them the turn that
// went to the person (the customer's message and the agent's handover,
// written just before the handoff was recorded), never an earlier
// person's message. An earlier handoff of the same conversations, its
// person's answer and the customer's wait then, is left out.
func sinceOpened(msgs []conversation.Message, opened time.Time) []conversation.Message {
	if opened.IsZero() {
		return msgs
	}
	k := slices.IndexFunc(msgs, func(m conversation.Message) bool { return !m.At.Before(opened) })
	if k < 0 {
		k = len(msgs)
	}
	for k > 0 && msgs[k-1].Role != conversation.RoleStaff {
		k--
		if msgs[k].Role == conversation.RoleCustomer {
			break
		}
	}
	return msgs[k:]
}

// personWaitSince is personWait with the handover at index h.
func personWaitSince(msgs []conversation.Message, h int) (state string, since time.Time) {
	staff := -1
	for i := len(msgs) - 1; i > h; i-- {
		if msgs[i].Role == conversation.RoleStaff {
			staff = i
			break
		}
	}
	if staff >= 0 {
		for i := staff + 1; i < len(msgs); i++ {
			if msgs[i].Role == conversation.RoleCustomer {
				return StateRepliedAgain, msgs[i].At
			}
		}
		return StateAnswered, time.Time{}
	}
	// Nobody has answered: the customer waits since the message that
	// went to a person (the last before the handover), else their first
	// message after it, else the handover itself.
	for i := h; i >= 0; i-- {
		if msgs[i].Role == conversation.RoleCustomer {
			return StateWaiting, msgs[i].At
		}
	}
	for i := h + 1; i < len(msgs); i++ {
		if msgs[i].Role == conversation.RoleCustomer {
			return StateWaiting, msgs[i].At
		}
	}
	if h >= 0 {
		return StateWaiting, msgs[h].At
	}
	return StateWaiting, time.Time{}
}

// HandoffState is what happened to a handoff with no conversation in the
// queue, in the queue's words: waiting (for a person), answered (by a
// person), closed or refused.
func HandoffState(h Handoff) string {
	switch h.Status {
	case escalation.StatusOpen:
		if h.FirstResponseAt != nil {
			return StateRepliedAgain // a person answered; the customer wrote since
		}
		return StateWaiting
	case escalation.StatusResponded, escalation.StatusApproved:
		return StateAnswered
	case escalation.StatusDeclined, escalation.StatusRefused, escalation.StatusFailed:
		return "refused"
	}
	return "closed"
}

// QueueHandoff is a handoff with no conversation, as the queue lists it:
// with its State (HandoffState).
type QueueHandoff struct {
	Handoff
	State string `json:"state"`
}

type queueResponse struct {
	Conversations []QueueItem `json:"conversations"`
	// Approvals are writes waiting for a decision, with the photos of
	// their conversation.
	Approvals []HandoffView `json:"approvals"`
	// Handoffs are other open handoffs with no conversation here (an
	// email-only escalation, say).
	Handoffs []QueueHandoff `json:"handoffs"`
	// Decisions says whether approvals can be decided here.
	Decisions bool `json:"decisions"`
	Scanned   int  `json:"scanned"`
	Complete  bool `json:"complete"`
}

// queue is GET /console/api/queue: conversations a person owns (longest
// waiting first), approvals to decide, and other open handoffs.
func (c *Console) queue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	res, err := c.search(ctx, "", conversation.StatusHandover, time.Time{}, 200)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	out := queueResponse{Conversations: []QueueItem{}, Approvals: []HandoffView{}, Handoffs: []QueueHandoff{},
		Scanned: res.Scanned, Complete: res.Complete}
	handoffs := c.Handoffs
	if handoffs == nil {
		handoffs = DocHandoffs{Store: c.Store}
	}
	_, dec := handoffs.(DocHandoffs)
	out.Decisions = !dec
	list, err := handoffs.List(ctx, c.Shop)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	byConv := map[string]*Handoff{}
	var approvals []Handoff
	for i := range list {
		h := list[i]
		if closedHandoff[h.Status] {
			continue
		}
		if h.Kind == "approval" && (h.Status == "open" || h.Status == "responded") {
			approvals = append(approvals, h)
		}
		for _, id := range h.Linked {
			byConv[id] = &list[i]
		}
		if h.ConversationID != "" {
			byConv[h.ConversationID] = &list[i]
		} else if h.Kind != "approval" {
			out.Handoffs = append(out.Handoffs, QueueHandoff{Handoff: h, State: HandoffState(h)})
		}
	}
	views, err := c.withPhotos(ctx, approvals)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	out.Approvals = append(out.Approvals, views...)
	// A handoff's conversations (its own and those that joined it) share
	// its state: their messages read as one, so a person's reply in one
	// answers them all, and the customer's message in any after it is a
	// reply again.
	shared := map[string][]conversation.Message{}
	for _, s := range res.Conversations {
		item := QueueItem{Summary: s, Handoff: byConv[s.ID]}
		_, msgs, err := c.Store.GetConversation(ctx, c.Shop, s.ID)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		read, shares := msgs, false
		if h := item.Handoff; h != nil && len(h.Linked) > 0 {
			if len(item.Orders) == 0 && h.Order != "" {
				item.Orders = []string{h.Order}
			}
			all, ok := shared[h.ID]
			if !ok {
				if all, err = c.handoffMessages(ctx, *h); err != nil {
					c.fail(w, r, err)
					return
				}
				shared[h.ID] = all
			}
			read, shares = all, true
		}
		if n := len(msgs); n > 0 {
			last := msgs[n-1]
			item.LastMessage, item.LastRole = clip(last.Text, 160), string(last.Role)
			// Only a person's message answers: the agent's holding
			// messages ("still with our team") and acknowledgements do
			// not.
			state, since := handoffWait(read, item.Handoff, shares)
			item.State = state
			if !since.IsZero() {
				item.WaitingSince = &since
			}
			item.PersonAnswered = state != StateWaiting
		}
		item.slaState(c.Clock.Now())
		out.Conversations = append(out.Conversations, item)
	}
	sort.SliceStable(out.Conversations, func(i, j int) bool {
		a, b := out.Conversations[i].WaitingSince, out.Conversations[j].WaitingSince
		switch {
		case a != nil && b != nil:
			return a.Before(*b)
		case a != nil:
			return true
		case b != nil:
			return false
		}
		return out.Conversations[i].UpdatedAt.Before(out.Conversations[j].UpdatedAt)
	})
	httpjson.Write(w, http.StatusOK, out)
}

// handoffMessages are the messages of all of h's conversations, in the
// order they were written.
func (c *Console) handoffMessages(ctx context.Context, h Handoff) ([]conversation.Message, error) {
	var all []conversation.Message
	for _, id := range append([]string{h.ConversationID}, h.Linked...) {
		if id == "" {
			continue
		}
		_, msgs, err := c.Store.GetConversation(ctx, c.Shop, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("messages of handoff %s: %w", h.ID, err)
		}
		all = append(all, msgs...)
	}
	slices.SortStableFunc(all, func(a, b conversation.Message) int { return a.At.Compare(b.At) })
	return all, nil
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && (s[cut]&0xC0) == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}

// HandoffPage is one handoff as its console page shows it: with its
// order, and for a handoff with no conversation what a person can do.
type HandoffPage struct {
	HandoffView
	OrderView *OrderView `json:"order_view,omitempty"`
	// Related is the customer's conversation about the order, when the
	// handoff has none linked (their answer to the problem's notice).
	Related string `json:"related_conversation,omitempty"`
	// State is what happened to it (HandoffState).
	State string `json:"state"`
	// CanWrite and CanResolve say which actions this deployment offers.
	CanWrite   bool `json:"can_write"`
	CanResolve bool `json:"can_resolve"`
}

// handoff is GET /console/api/handoffs/{id}: one handoff, open or closed,
// for the page a staff email links to (/console/handoffs/{id}).
func (c *Console) handoff(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	handoffs := c.Handoffs
	if handoffs == nil {
		handoffs = DocHandoffs{Store: c.Store}
	}
	list, err := handoffs.List(ctx, c.Shop)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	for _, h := range list {
		if h.ID != r.PathValue("id") {
			continue
		}
		v, err := c.withPhotos(ctx, []Handoff{h})
		if err != nil {
			c.fail(w, r, err)
			return
		}
		page := HandoffPage{HandoffView: v[0], State: HandoffState(h)}
		if acts, ok := handoffs.(HandoffActs); ok {
			open := !closedHandoff[h.Status] && h.Status != escalation.StatusResolved
			page.CanWrite = open && h.Kind == escalation.KindHandoff && (h.ConversationID != "" || h.CustomerEmail != "")
			page.CanResolve = open && (h.Kind == escalation.KindHandoff || h.Status == escalation.StatusFailed)
			if page.Related, err = acts.Related(ctx, h); err != nil {
				c.fail(w, r, err)
				return
			}
		}
		if h.Order != "" {
			o, err := c.Store.GetOrderByName(ctx, c.Shop, h.Order)
			switch {
			case err == nil:
				ov := c.orderView(ctx, o, c.Clock.Now(), c.policy(ctx))
				page.OrderView = &ov
			case !errors.Is(err, store.ErrNotFound):
				c.fail(w, r, err)
				return
			}
		}
		httpjson.Write(w, http.StatusOK, page)
		return
	}
	c.fail(w, r, ErrNotFound)
}

// handoffWrite is POST /console/api/handoffs/{id}/reply {"text": "..."}:
// a person writes to the handoff's customer.
func (c *Console) handoffWrite(w http.ResponseWriter, r *http.Request) {
	c.handoffAct(w, r, "text", func(a HandoffActs, text string) error { return a.Write(r.Context(), c.Shop, r.PathValue("id"), text) })
}

// handoffResolve is POST /console/api/handoffs/{id}/resolve {"note":
// "..."}: a person closes the handoff, saying what was done.
func (c *Console) handoffResolve(w http.ResponseWriter, r *http.Request) {
	c.handoffAct(w, r, "note", func(a HandoffActs, note string) error { return a.Resolve(r.Context(), c.Shop, r.PathValue("id"), note) })
}

func (c *Console) handoffAct(w http.ResponseWriter, r *http.Request, field string, fn func(HandoffActs, string) error) {
	var body map[string]string
	dec := json.NewDecoder(io.LimitReader(r.Body, 16384))
	if err := dec.Decode(&body); err != nil || len(body) != 1 || strings.TrimSpace(body[field]) == "" {
		c.fail(w, r, badRequest(fmt.Sprintf(`body must be {"%s": "..."}`, field)))
		return
	}
	text := strings.TrimSpace(body[field])
	if len(text) > 5000 {
		c.fail(w, r, badRequest("limited to 5000 bytes"))
		return
	}
	acts, ok := c.Handoffs.(HandoffActs)
	if !ok {
		c.fail(w, r, ErrUnavailable)
		return
	}
	if err := fn(acts, text); err != nil {
		c.fail(w, r, err)
		return
	}
	c.log().InfoContext(r.Context(), "handoff acted on", "handoff", r.PathValue("id"), "act", field)
	httpjson.Write(w, http.StatusOK, map[string]string{"status": "ok"})
}

// decide is POST /console/api/handoffs/{id}/decide {"approve": true,
// "note": "..."}.
func (c *Console) decide(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Approve *bool  `json:"approve"`
		Note    string `json:"note"`
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, 8192))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil || body.Approve == nil {
		c.fail(w, r, badRequest(`body must be {"approve": true|false, "note": "..."}`))
		return
	}
	note := strings.TrimSpace(body.Note)
	if len(note) > 2000 {
		c.fail(w, r, badRequest("the note is limited to 2000 bytes"))
		return
	}
	handoffs := c.Handoffs
	if handoffs == nil {
		c.fail(w, r, ErrUnavailable)
		return
	}
	if err := handoffs.Decide(r.Context(), c.Shop, r.PathValue("id"), *body.Approve, note); err != nil {
		c.fail(w, r, err)
		return
	}
	c.log().InfoContext(r.Context(), "handoff decided", "handoff", r.PathValue("id"), "approve", *body.Approve)
	httpjson.Write(w, http.StatusOK, map[string]any{"status": "decided", "approve": *body.Approve})
}
