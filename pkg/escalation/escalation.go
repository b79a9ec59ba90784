// Package escalation is human handoff: a conversation given to a person
// (kind handoff) or a write that policy does not allow on its own waiting
// for a person's approval (kind approval). Each is a handoff record in the
// "handoffs" collection, which the console lists, and an execution of the
// escalation state machine (infra/statemachines/escalation.asl.json) that
// keeps the SLA: a person must answer within it, or the customer gets an
// honest update and a second contact is told.
//
// The console calls Reply, Decide, TakeOver and HandBack; each records what
// the person did and completes the execution's waiting task. While a person
// owns a conversation (conversation.StatusHandover) the agent stays quiet;
// HandBack gives it back.
package escalation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// Kinds of handoff.
const (
	KindHandoff  = "handoff"  // a person takes the conversation
	KindApproval = "approval" // a person approves or declines a write
)

// Step names, as escalation.asl.json sends them.
const (
	StepOpen         = "open"
	StepAwaitPerson  = "await_person"
	StepSLABreach    = "sla_breach"
	StepExpire       = "expire"
	StepRunAction    = "run_action"
	StepActionFailed = "action_failed"
	StepDecline      = "decline"
)

// Outcomes: what a person did, as the await_person task's output.
const (
	OutcomeApprove    = "approve"
	OutcomeDecline    = "decline"
	OutcomeReplied    = "replied"
	OutcomeTaken      = "taken"
	OutcomeHandedBack = "handed_back"
	OutcomeExpired    = "expired"
	OutcomeResolved   = "resolved"
)

// Handoff statuses, for the console's queue.
const (
	StatusOpen       = "open"        // waiting for a person
	StatusResponded  = "responded"   // a person replied or took it over
	StatusApproved   = "approved"    // approved; the action is running
	StatusDone       = "done"        // approved and done
	StatusDeclined   = "declined"    // a person declined
	StatusFailed     = "failed"      // approved, but the shop refused it: a person must follow up
	StatusHandedBack = "handed_back" // back with the agent
	StatusExpired    = "expired"     // an approval nobody decided in time
	StatusResolved   = "resolved"    // a person closed it with a note
	StatusWithdrawn  = "withdrawn"   // an approval the customer withdrew before anyone decided
	// StatusRefused: approved, but policy no longer allows it (the order
	// shipped meanwhile, a newer request replaced it); the customer was
	// told why, and nobody needs to follow up.
	StatusRefused = "refused"
)

// Collections this package writes.
const (
	// Handoffs holds one Handoff record per escalation, by id.
	Handoffs = "handoffs"
	// handoffTokens holds the waiting task token of a handoff.
	handoffTokens = "handoff_tokens"
	// handoffOutcomes holds the first thing a person did (CreateDoc: the
	// first decision wins).
	handoffOutcomes = "handoff_outcomes"
	// handoffCases holds, by shop and Request.Case, the id of the handoff
	// that case opened: while it is open, later problems of the case
	// update it.
	handoffCases = "handoff_cases"
	// handoffConversations holds, by shop and conversation, the id of the
	// newest handoff linked to the conversation: a customer's answer in it
	// restarts that handoff's SLA (CustomerAnswered).
	handoffConversations = "handoff_conversations"
)

// Errors the console maps to statuses.
var (
	ErrNotFound       = errors.New("no such handoff")                  // 404
	ErrNotApproval    = errors.New("this handoff is not an approval")  // 409
	ErrAlreadyDecided = errors.New("this handoff was decided already") // 409
	ErrClosed         = errors.New("this handoff is closed")           // 409
	ErrBadRequest     = errors.New("bad request")                      // 400
	// ErrNoDecision is Decide on a handoff that is not an approval: there
	// is nothing to approve; write to the customer or resolve it.
	ErrNoDecision = fmt.Errorf("%w: this handoff is not an approval, so there is nothing to approve or decline: write to the customer, or resolve it with a note", ErrNotApproval)
)

// Parcel is the parcel a delivery handoff is about, for staff.
type Parcel struct {
	Carrier     string `json:"carrier,omitempty"`
	Tracking    string `json:"tracking,omitempty"`
	TrackingURL string `json:"tracking_url,omitempty"`
}

// Action is a write waiting for approval, as the agent proposed it.
type Action struct {
	// Tool is the agent tool: start_return, change_address, refund, ...
	Tool    string `json:"tool"`
	Order   string `json:"order"` // order name, "#1001"
	OrderID string `json:"order_id,omitempty"`
	// Proposal is what the customer said yes to, exactly: what runs on
	// approval, and what the person approving sees (lines, amounts,
	// address, the statement word for word).
	Proposal *conversation.Proposal `json:"proposal,omitempty"`
	// Statement is what will happen, as the customer was told.
	Statement string `json:"statement,omitempty"`
	// Amount is the money involved, when there is any (minor units of
	// Currency; no currency is the shop's).
	Amount   order.Money `json:"amount,omitempty"`
	Currency string      `json:"currency,omitempty"`
	// Reason is why policy wants a person, in words fit for staff.
	Reason string `json:"reason,omitempty"`
}

// Handoff is one escalation, as the console shows it.
type Handoff struct {
	ID             string               `json:"id"`
	Shop           string               `json:"shop"`
	Kind           string               `json:"kind"`
	Status         string               `json:"status"`
	ConversationID string               `json:"conversation_id,omitempty"`
	Channel        conversation.Channel `json:"channel,omitempty"`
	// Linked are the customer's other conversations about the case, which
	// joined it when they wrote there while a person owned it (Link): the
	// queue shows them with this handoff, and their messages are the
	// person's too.
	Linked []string `json:"linked,omitempty"`
	// CustomerEmail is where updates go when there is no conversation.
	CustomerEmail string  `json:"customer_email,omitempty"`
	Order         string  `json:"order,omitempty"`
	Reason        string  `json:"reason"`
	Action        *Action `json:"action,omitempty"`
	// OrderID is the order's id, for the console's link to it.
	OrderID string `json:"order_id,omitempty"`
	// Case, Problem, Parcel, ToDo and Thread: see Request.
	Case    string  `json:"case,omitempty"`
	Problem string  `json:"problem,omitempty"`
	Parcel  *Parcel `json:"parcel,omitempty"`
	ToDo    string  `json:"todo,omitempty"`
	Thread  string  `json:"thread,omitempty"`
	// Mailed are the Message-IDs of the workflow's own mails to a customer
	// with no conversation, oldest first: each later one replies to them.
	Mailed []string `json:"mailed,omitempty"`
	// Round is the SLA wait under way (Input.Round): a customer who
	// answers a person starts a new one, with a new SLADue.
	Round int `json:"round,omitempty"`
	// Added are the ids (HandoffID) of the later requests of its case
	// that were added to it (addToCase): their once-claims name them, so
	// shop/redact finds them (EraseShop).
	Added []string `json:"added,omitempty"`

	OpenedAt        time.Time  `json:"opened_at"`
	SLADue          time.Time  `json:"sla_due"`
	FirstResponseAt *time.Time `json:"first_response_at,omitempty"`
	// RoundAt is when the SLA wait under way began (zero: the first, at
	// OpenedAt), and RespondedAt when a person first acted in it (nil:
	// nobody yet). FirstResponseAt is the first round's, kept for the
	// metrics.
	RoundAt     time.Time  `json:"round_at,omitempty"`
	RespondedAt *time.Time `json:"responded_at,omitempty"`
	BreachedAt  *time.Time `json:"breached_at,omitempty"`
	ClosedAt    *time.Time `json:"closed_at,omitempty"`
	Assignee    string     `json:"assignee,omitempty"`
	DecidedBy   string     `json:"decided_by,omitempty"`
	Note        string     `json:"note,omitempty"`
	// Result is what running an approved action did, or why it failed.
	Result string `json:"result,omitempty"`
	// Refused is set when policy refused the approved action when it was
	// to run: Result is then its reason, fit for the customer.
	Refused bool `json:"refused,omitempty"`
}

// Breached reports whether the SLA passed with no response.
func (h Handoff) Breached() bool { return h.BreachedAt != nil }

// RoundStart is when the SLA wait under way began.
func (h Handoff) RoundStart() time.Time {
	if h.RoundAt.IsZero() {
		return h.OpenedAt
	}
	return h.RoundAt
}

// Responded is when a person first acted in the SLA wait under way: nil
// while nobody has (a customer who answered a person starts a new wait,
// which an earlier round's answer does not meet).
func (h Handoff) Responded() *time.Time {
	if h.RespondedAt != nil || h.Round > 0 {
		return h.RespondedAt
	}
	return h.FirstResponseAt // a record from before RespondedAt was kept
}

// respond records a person's act at now: the first response of the
// handoff and of the SLA wait under way.
func (h *Handoff) respond(now time.Time) {
	if h.FirstResponseAt == nil {
		h.FirstResponseAt = &now
	}
	if h.RespondedAt == nil {
		h.RespondedAt = &now
	}
}

// nextRound starts a new SLA wait of h at now, due at due.
func (h *Handoff) nextRound(now, due time.Time) {
	h.Status, h.Round, h.SLADue, h.BreachedAt = StatusOpen, h.Round+1, due, nil
	h.RoundAt, h.RespondedAt = now, nil
}

// Request opens a handoff.
type Request struct {
	Shop           string
	Kind           string // KindHandoff or KindApproval
	ConversationID string // empty when the customer is reached by email only
	CustomerEmail  string
	Order          string // order name
	// Reason is short and free of personal data ("asked for a person",
	// "refund above the limit"): staff read it in the queue.
	Reason string
	// Key tells apart handoffs of one conversation (the customer message's
	// Seq, say); the same key opens the same handoff.
	Key    string
	Action *Action // for KindApproval

	// OrderID is the order's id (the console links to the order).
	OrderID string
	// Case names the problem case the handoff is about ("delivery" and
	// the order's id, say): while a handoff of the case is open, opening
	// another request of the case adds it to that handoff (a note and a
	// staff mail) instead of opening a second one with its own SLA.
	Case string
	// Problem is the problem in plain words for staff ("lost parcel").
	Problem string
	// Parcel is the parcel the problem is about, when there is one.
	Parcel *Parcel
	// ToDo is what the person should do, in plain words.
	ToDo string
	// Thread is the notice thread (notify.ThreadKey) the customer was told
	// of the problem in: mail to the customer goes as a reply in it.
	Thread string
}

// Input is the escalation execution's input. It carries no personal data:
// the handoff record has the rest.
type Input struct {
	Handoff     string `json:"handoff_id"`
	Shop        string `json:"shop"`
	Kind        string `json:"kind"`
	SLASeconds  int64  `json:"sla_seconds"`
	LateSeconds int64  `json:"late_seconds"`
	// Person is await_person's output, once a person acted.
	Person *Person `json:"person,omitempty"`
	// Round counts the SLA waits of the handoff: 0 the first, one more
	// each time the customer answered a person (CustomerAnswered).
	Round int `json:"round,omitempty"`
}

// Person is what a person did: await_person's output.
type Person struct {
	Outcome string `json:"outcome"`
}

// Settings are the merchant's escalation settings.
type Settings struct {
	// Staff is notified of every new handoff.
	Staff mail.Address
	// SecondContact is notified when a handoff breaches its SLA.
	SecondContact mail.Address
	// ConsoleURL is the console's base URL, for links in notifications.
	ConsoleURL string
	// SLA is how long a person has to respond (default 4 hours).
	SLA time.Duration
	// Late is how long after a breach an approval waits before it expires
	// (default 3 days). A handoff stays in the queue.
	Late time.Duration
	// ShopName signs messages.
	ShopName string
	// Location is the shop's time zone, for the times in staff mail (nil:
	// UTC).
	Location *time.Location
	// ChatAway is how long a chat customer may be silent before a
	// person's reply is mailed to them too (DefaultChatAway, the chat
	// token's life).
	ChatAway time.Duration
}

func (s Settings) loc() *time.Location {
	if s.Location != nil {
		return s.Location
	}
	return time.UTC
}

func (s Settings) sla() time.Duration {
	if s.SLA > 0 {
		return s.SLA
	}
	return 4 * time.Hour
}

func (s Settings) late() time.Duration {
	if s.Late > 0 {
		return s.Late
	}
	return 72 * time.Hour
}

// Store is what escalation reads and writes.
type Store interface {
	ConversationStore
	CreateConversation(ctx context.Context, c conversation.Conversation) error
	ConversationsByEmail(ctx context.Context, shop, email string, limit int) ([]conversation.Conversation, error)
	Claim(ctx context.Context, key string, expires time.Time) error
	Release(ctx context.Context, key string) error
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	CreateDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	GetDoc(ctx context.Context, coll, id string) ([]byte, error)
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
	DeleteDoc(ctx context.Context, coll, id string) error
}

// Executor runs an approved action.
type Executor interface {
	// Execute runs a; a *workflow.ActionFailedError when the shop refused
	// it (a person must follow up), another error when a retry may help.
	// detail is a short account for the record.
	Execute(ctx context.Context, shop string, a Action) (detail string, err error)
}

// Service runs escalations.
type Service struct {
	Store     Store
	Scheduler workflow.Scheduler
	Messenger *Messenger
	Executor  Executor
	Clock     clock.Clock
	Log       *slog.Logger
	Settings  Settings
	// Merchant, when set, lays the console's settings (team email, second
	// contact, SLA) over Settings, per shop.
	Merchant Merchant
}

// keep is how long handoff records and claims are kept.
const keep = 365 * 24 * time.Hour

// HandoffID is the id (and execution name) of the handoff a request opens.
// It carries no personal data (it is in execution names, URLs and logs):
// a handoff with no conversation is named by its order and key, never by
// the customer's email, not even hashed (an email is easy to guess).
func HandoffID(r Request) string {
	who := r.ConversationID
	if who == "" {
		who = "order-" + r.Order
	}
	return workflow.ExecutionName(r.Kind, shopShort(r.Shop), who, r.Key)
}

func shopShort(shop string) string { return strings.TrimSuffix(shop, ".myshopify.com") }

// Open records a handoff and starts its escalation. Opening the same
// request again returns the same handoff and starts nothing new.
func (s *Service) Open(ctx context.Context, r Request) (Handoff, error) {
	if r.Shop == "" || (r.Kind != KindHandoff && r.Kind != KindApproval) || (r.ConversationID == "" && r.CustomerEmail == "") {
		return Handoff{}, fmt.Errorf("%w: a handoff needs a shop, a kind and a conversation or an email", ErrBadRequest)
	}
	if r.Kind == KindApproval && r.Action == nil {
		return Handoff{}, fmt.Errorf("%w: an approval needs its action", ErrBadRequest)
	}
	set, err := s.settingsFor(ctx, r.Shop)
	if err != nil {
		return Handoff{}, err
	}
	now := s.Clock.Now()
	h := Handoff{ID: HandoffID(r), Shop: r.Shop, Kind: r.Kind, Status: StatusOpen, ConversationID: r.ConversationID,
		CustomerEmail: order.NormaliseEmail(r.CustomerEmail), Order: r.Order, Reason: r.Reason, Action: r.Action,
		OpenedAt: now, SLADue: now.Add(set.sla()), OrderID: r.OrderID, Case: r.Case, Problem: r.Problem, Parcel: r.Parcel,
		ToDo: r.ToDo, Thread: r.Thread}
	if r.Case != "" {
		if open, ok, err := s.openOfCase(ctx, r.Shop, r.Case, r.Order); err != nil {
			return Handoff{}, err
		} else if ok {
			return s.addToCase(ctx, open, r, set)
		}
	}
	if r.ConversationID != "" {
		c, _, err := s.Store.GetConversation(ctx, r.Shop, r.ConversationID)
		if err != nil {
			return Handoff{}, fmt.Errorf("open handoff: %w", err)
		}
		h.Channel = c.Channel
		if h.CustomerEmail == "" {
			h.CustomerEmail = c.CustomerEmail
		}
	}
	b, _ := json.Marshal(h)
	err = s.Store.CreateDoc(ctx, Handoffs, h.ID, b, now.Add(keep))
	if errors.Is(err, store.ErrConflict) {
		if h, err = s.Get(ctx, h.ID); err != nil {
			return Handoff{}, err
		}
	} else if err != nil {
		return Handoff{}, fmt.Errorf("open handoff: %w", err)
	}
	if r.Kind == KindApproval && r.Action.Proposal != nil {
		// Confirmed and waiting for a person: it supersedes older
		// requests about the same items (agent.Superseded).
		if err := agent.NoteNewest(ctx, s.Store, r.Shop, *r.Action.Proposal, now); err != nil {
			return Handoff{}, fmt.Errorf("open handoff: %w", err)
		}
	}
	if r.Case != "" {
		if err := s.Store.PutDoc(ctx, handoffCases, caseKey(r.Shop, r.Case), []byte(h.ID), now.Add(keep)); err != nil {
			return Handoff{}, fmt.Errorf("open handoff: remember its case: %w", err)
		}
	}
	if err := s.linkConversation(ctx, h); err != nil {
		return Handoff{}, fmt.Errorf("open handoff: %w", err)
	}
	in := Input{Handoff: h.ID, Shop: h.Shop, Kind: h.Kind, SLASeconds: seconds(h.SLADue.Sub(h.OpenedAt)), LateSeconds: seconds(set.late())}
	if err := s.Scheduler.Start(ctx, workflow.Escalation, h.ID, in); err != nil {
		return Handoff{}, fmt.Errorf("start escalation %s: %w", h.ID, err)
	}
	s.log().InfoContext(ctx, "handoff opened", "handoff", h.ID, "kind", h.Kind, "conversation", h.ConversationID)
	return h, nil
}

func seconds(d time.Duration) int64 {
	n := int64(d / time.Second)
	if n < 1 {
		n = 1
	}
	return n
}

// Get returns a handoff.
func (s *Service) Get(ctx context.Context, id string) (Handoff, error) {
	b, err := s.Store.GetDoc(ctx, Handoffs, id)
	if errors.Is(err, store.ErrNotFound) {
		return Handoff{}, ErrNotFound
	}
	if err != nil {
		return Handoff{}, fmt.Errorf("get handoff %s: %w", id, err)
	}
	var h Handoff
	if err := json.Unmarshal(b, &h); err != nil {
		return Handoff{}, fmt.Errorf("read handoff %s: %w", id, err)
	}
	return h, nil
}

// List returns the handoffs with one of statuses (all when none), oldest
// first: the console's queue.
func (s *Service) List(ctx context.Context, statuses ...string) ([]Handoff, error) {
	var out []Handoff
	after := ""
	for {
		docs, err := s.Store.ListDocs(ctx, Handoffs, "", after, 200)
		if err != nil {
			return nil, fmt.Errorf("list handoffs: %w", err)
		}
		for _, d := range docs {
			var h Handoff
			if err := json.Unmarshal(d.Value, &h); err != nil {
				return nil, fmt.Errorf("read handoff %s: %w", d.ID, err)
			}
			if len(statuses) == 0 || slices.Contains(statuses, h.Status) {
				out = append(out, h)
			}
			after = d.ID
		}
		if len(docs) < 200 {
			break
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].OpenedAt.Before(out[j].OpenedAt) })
	return out, nil
}

// update changes a handoff record.
func (s *Service) update(ctx context.Context, id string, fn func(*Handoff)) (Handoff, error) {
	h, err := s.Get(ctx, id)
	if err != nil {
		return h, err
	}
	linked, also := h.ConversationID, len(h.Linked)
	fn(&h)
	b, _ := json.Marshal(h)
	if err := s.Store.PutDoc(ctx, Handoffs, id, b, h.OpenedAt.Add(keep)); err != nil {
		return h, fmt.Errorf("save handoff %s: %w", id, err)
	}
	if h.ConversationID != linked || len(h.Linked) != also {
		if err := s.linkConversation(ctx, h); err != nil {
			return h, fmt.Errorf("save handoff %s: %w", id, err)
		}
	}
	return h, nil
}

func (s *Service) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// once claims key and runs fn; a claimed key skips fn, and a failed fn
// releases the key so a retry can try again.
func (s *Service) once(ctx context.Context, key string, fn func() error) error {
	return Once(ctx, s.Store, key, s.Clock.Now().Add(keep), fn)
}

// Claimer claims idempotency keys.
type Claimer interface {
	Claim(ctx context.Context, key string, expires time.Time) error
	Release(ctx context.Context, key string) error
}

// Once runs fn unless key was claimed before: the side effects of a retried
// workflow step happen once. A failed fn releases the key.
func Once(ctx context.Context, st Claimer, key string, expires time.Time, fn func() error) error {
	err := st.Claim(ctx, key, expires)
	if errors.Is(err, store.ErrDuplicate) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("claim %s: %w", key, err)
	}
	if err := fn(); err != nil {
		if rerr := st.Release(ctx, key); rerr != nil {
			err = errors.Join(err, rerr)
		}
		return err
	}
	return nil
}
