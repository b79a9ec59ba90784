// Package conversation is the conversation domain: a customer's exchange with
// the shop on one channel, who they have proven to be, what is pending their
// confirmation, and the messages in it.
package conversation

import (
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// Channel is where a conversation happens.
type Channel string

// Channels.
const (
	ChannelChat  Channel = "chat"
	ChannelEmail Channel = "email"
)

// Status is who is answering.
type Status string

// Statuses.
const (
	StatusOpen     Status = "open"     // the agent answers
	StatusHandover Status = "handover" // a person owns it; the agent is quiet
	StatusClosed   Status = "closed"
)

// How a conversation became verified.
const (
	VerifiedByOrder         = "order"          // order number + that order's email
	VerifiedByCustomerToken = "customer_token" // storefront token signed with the shop's secret
	VerifiedByEmailSender   = "email_sender"   // mail from the order's address, SPF/DKIM passing
)

// Conversation is one conversation's state. Messages are kept apart.
type Conversation struct {
	Shop    string  `json:"shop"`
	ID      string  `json:"id"`
	Channel Channel `json:"channel"`
	Status  Status  `json:"status"`

	// CustomerEmail is the verified customer's email, normalised; empty
	// while the conversation is unverified. Only code sets it.
	CustomerEmail  string `json:"customer_email,omitempty"`
	VerifiedBy     string `json:"verified_by,omitempty"`
	VerifyFailures int    `json:"verify_failures,omitempty"`
	// Contact is where replies go on channels that need it (email).
	Contact string `json:"contact,omitempty"`
	Subject string `json:"subject,omitempty"`

	// CurrentOrder is the order the conversation is about: the one it was
	// opened with, or the last one the customer named ("#1006"). Tools
	// default to it.
	CurrentOrder string `json:"current_order,omitempty"`

	// Pending is the write the agent stated in its last message, awaiting
	// the customer's answer: their next message confirms, declines or
	// lapses it.
	Pending *Proposal `json:"pending,omitempty"`
	// Next are requests the customer made with an earlier one, checked by
	// policy but not stated: code states the first afresh, for its own
	// yes, once the one before it is settled. Never confirmed as they are.
	Next []Proposal `json:"next,omitempty"`
	// Proposals are the conversation's settled proposals, newest last
	// (at most MaxProposals): what was confirmed, declined or lapsed, and
	// what became of it.
	Proposals []Proposal `json:"proposals,omitempty"`

	// Summary is a short, code-written account of the conversation, used as
	// memory in the customer's later conversations.
	// Photos are the pictures the customer sent (chat or email), oldest
	// first, at most MaxPhotos.
	Photos []Photo `json:"photos,omitempty"`

	Summary string   `json:"summary,omitempty"`
	Topics  []string `json:"topics,omitempty"`
	Orders  []string `json:"orders,omitempty"` // order names discussed
	Usage   Usage    `json:"usage"`
	CSAT    *CSAT    `json:"csat,omitempty"`

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Version counts saved turns; each save must name the version it read.
	Version int64 `json:"version"`

	// Context is the verified customer's context kept with the
	// conversation (GetConversation returns it; CreateConversation and
	// CommitTurn write it when set, store.Turn.Context), so a turn reads
	// it with the conversation in one request. Not part of the
	// conversation's own record.
	Context *Context `json:"-"`
	// Messages counts the messages saved; the next message's Seq.
	Messages int `json:"messages"`
}

// Verified reports whether the customer has proven who they are.
func (c Conversation) Verified() bool { return c.CustomerEmail != "" }

// Proposal is a write the agent stated to the customer (DESIGN.md §3): what
// exactly would happen, recorded when it was stated, so that what runs on the
// customer's yes (or on a person's approval) is exactly what they were told,
// whatever arguments a model sends later. Its ID is the write's idempotency
// key: a retry never acts twice, and a new proposal with the same content is
// a new action.
type Proposal struct {
	ID      string `json:"id"`
	Tool    string `json:"tool"`
	Order   string `json:"order"`    // order name, "#1006"
	OrderID string `json:"order_id"` // the shop's order id
	// Lines are the order's line items the write is about, with how many.
	Lines []ProposalLine `json:"lines,omitempty"`
	// Reason is why, in the shop's vocabulary (a return reason).
	Reason string `json:"reason,omitempty"`
	// Resolution is what the customer gets: refund, store_credit,
	// exchange, replacement.
	Resolution string `json:"resolution,omitempty"`
	// Amount is the money involved (minor units, bonus included) in
	// Currency.
	Amount   order.Money `json:"amount,omitempty"`
	Currency string      `json:"currency,omitempty"`
	// Refundable is what a refund of Lines gives back (order.PaidFor:
	// discounts out, tax in), before any store credit bonus: the refund
	// a store credit keeps in the shop. Zero on proposals made before it.
	Refundable order.Money `json:"refundable,omitempty"`
	// Address is the new shipping address of an address change, whole.
	Address *order.Address `json:"address,omitempty"`
	// ExchangeFor is what an exchange sends instead of Lines: another
	// variant of the same product (VariantID, Variant, Quantity, Price).
	ExchangeFor *ProposalLine `json:"exchange_for,omitempty"`
	// KeepIt is set when the customer keeps a damaged, defective or wrong
	// item: no return.
	KeepIt bool `json:"keep_it,omitempty"`
	// Statement is what the customer was told would happen, word for word.
	Statement string `json:"statement"`
	// Approval, when set, is why policy wants a person to approve it after
	// the customer's yes.
	Approval string `json:"approval,omitempty"`
	// ShipmentID and DueAt are a follow-up promise's terms (package
	// promise): the parcel, and when it is checked.
	ShipmentID string     `json:"shipment_id,omitempty"`
	DueAt      *time.Time `json:"due_at,omitempty"`
	// CancelShipment is set when a refund or replacement of a parcel the
	// carrier never picked up (a label printed, no scan) also cancels that
	// shipment (ShipmentID), so the warehouse does not send it.
	CancelShipment bool `json:"cancel_shipment,omitempty"`
	// StatedAt is the Seq of the agent message that stated it: only the
	// customer message right after it (Seq StatedAt+1) can confirm it.
	StatedAt int       `json:"stated_at"`
	At       time.Time `json:"at"`
	// Photos are the ids of the conversation's photos when it was stated
	// (Conversation.Photos): the evidence a person approving it sees.
	Photos []string `json:"photos,omitempty"`
	// Status is where it stands (ProposalStated, ...); Outcome is what
	// running it did, or why it did not run.
	Status  string `json:"status"`
	Outcome string `json:"outcome,omitempty"`
}

// ProposalLife is how long a stated proposal can be confirmed, in every
// channel (chat, email, the tracking page): a yes that comes later
// confirms nothing, and the customer is offered it afresh.
const ProposalLife = 24 * time.Hour

// Expired reports whether p, stated at p.At, can no longer be confirmed
// at now (ProposalLife).
func (p Proposal) Expired(now time.Time) bool {
	return !p.At.IsZero() && now.Sub(p.At) > ProposalLife
}

// ProposalLine is one line item of a proposal.
type ProposalLine struct {
	LineItemID string      `json:"line_item_id"`
	VariantID  string      `json:"variant_id,omitempty"`
	Title      string      `json:"title"`
	Variant    string      `json:"variant,omitempty"` // "Charcoal / 12 oz"
	Quantity   int         `json:"quantity"`
	Price      order.Money `json:"price"` // each
}

// Proposal statuses.
const (
	ProposalStated    = "stated"    // told to the customer, awaiting their answer
	ProposalConfirmed = "confirmed" // the customer said yes; running or ran
	ProposalDeclined  = "declined"  // the customer said no
	ProposalLapsed    = "lapsed"    // the customer's next message was about something else
	ProposalQueued    = "queued"    // the customer said yes; waiting for a person's approval
	ProposalDone      = "done"      // it ran
	ProposalFailed    = "failed"    // it was refused or could not run
	// ProposalWithdrawn: the customer took their yes back while it
	// waited for a person's approval; no approval can run it.
	ProposalWithdrawn = "withdrawn"
)

// WithdrawnOutcome is a withdrawn proposal's Outcome, as the person
// approving it sees it.
const WithdrawnOutcome = "withdrawn by the customer"

// AwaitingApproval is the newest proposal the customer said yes to that
// waits for a person's approval.
func (c Conversation) AwaitingApproval() (Proposal, bool) {
	for i := len(c.Proposals) - 1; i >= 0; i-- {
		if c.Proposals[i].Status == ProposalQueued {
			return c.Proposals[i], true
		}
	}
	return Proposal{}, false
}

// PendingAction is the old name of Proposal.
//
// Deprecated: use Proposal.
type PendingAction = Proposal

// MaxProposals is how many settled proposals a conversation keeps.
const MaxProposals = 10

// Settle records p, settled, in the conversation's proposals (replacing an
// earlier record with its ID), keeping the newest MaxProposals.
func (c *Conversation) Settle(p Proposal) {
	for i := range c.Proposals {
		if c.Proposals[i].ID == p.ID {
			c.Proposals[i] = p
			return
		}
	}
	c.Proposals = append(c.Proposals, p)
	if len(c.Proposals) > MaxProposals {
		c.Proposals = c.Proposals[len(c.Proposals)-MaxProposals:]
	}
}

// FindProposal returns the proposal with id: pending or settled.
func (c Conversation) FindProposal(id string) (Proposal, bool) {
	if c.Pending != nil && c.Pending.ID == id {
		return *c.Pending, true
	}
	for _, p := range c.Proposals {
		if p.ID == id {
			return p, true
		}
	}
	return Proposal{}, false
}

// Usage is model tokens and cost spent on a conversation.
type Usage struct {
	InputTokens      int     `json:"input_tokens"`
	OutputTokens     int     `json:"output_tokens"`
	CacheReadTokens  int     `json:"cache_read_tokens,omitempty"`
	CacheWriteTokens int     `json:"cache_write_tokens,omitempty"`
	CostUSD          float64 `json:"cost_usd"`
	ModelCalls       int     `json:"model_calls"`
}

// CSAT is the customer's rating of the conversation.
type CSAT struct {
	Score   int       `json:"score"` // 1 to 5
	Comment string    `json:"comment,omitempty"`
	At      time.Time `json:"at"`
}

// Role says who wrote a message.
type Role string

// Message roles.
const (
	RoleCustomer Role = "customer"
	RoleAgent    Role = "agent"
	RoleStaff    Role = "staff"
)

// Message is one message in a conversation.
type Message struct {
	Seq     int       `json:"seq"`
	Role    Role      `json:"role"`
	Text    string    `json:"text"`
	At      time.Time `json:"at"`
	Actions []Action  `json:"actions,omitempty"`
	// Usage is the model's tokens for the turn this agent message ends.
	Usage *Usage `json:"usage,omitempty"`
	// MessageID is the channel's id of the message (email Message-ID).
	MessageID string `json:"message_id,omitempty"`
	// Photos are the ids of the photos that came with a customer message
	// (Conversation.Photos).
	Photos []string `json:"photos,omitempty"`
}

// Action is something the agent did, or tried, during a turn.
type Action struct {
	Tool string `json:"tool"`
	// Status: done, proposed, confirmed, declined, lapsed, needs_approval,
	// refused, failed, duplicate, ...
	Status string `json:"status"`
	Order  string `json:"order,omitempty"`
	Detail string `json:"detail,omitempty"`
	// Proposal is the id of the proposal the action is about.
	Proposal string `json:"proposal,omitempty"`
}

// KindTurn is the event of a turn saved (package event): other
// capabilities react to it (metrics count it; escalation opens a handoff
// when it gave the conversation to a person). Its payload is TurnSaved.
const KindTurn = "conversation.turn"

// TurnSaved is what one saved turn did.
type TurnSaved struct {
	// Before and After are the conversation as the turn read it and as it
	// saved it.
	Before Conversation `json:"before"`
	After  Conversation `json:"after"`
	// Seq is the customer message's Seq.
	Seq int `json:"seq"`
	// Replied is whether an agent message was saved; Actions are its
	// actions.
	Replied    bool      `json:"replied"`
	Actions    []Action  `json:"actions,omitempty"`
	CustomerAt time.Time `json:"customer_at"`
	RepliedAt  time.Time `json:"replied_at,omitempty"`
}

// HandedOver reports whether the turn gave the conversation to a person.
func (t TurnSaved) HandedOver() bool {
	return t.Before.Status != StatusHandover && t.After.Status == StatusHandover
}

// Unsettled says why the conversation's matter is not settled at now, or
// "" when it is: a proposal stated and awaiting the customer's answer (or
// a next request still to be stated), a confirmed one waiting for a
// person's approval, a follow-up promise not yet due (the customer is to
// hear its outcome), or a person owning the conversation. A rating asked
// for then would rate half a resolution, so none is asked (package
// mailin's "How did we do?").
func (c Conversation) Unsettled(now time.Time) string {
	switch {
	case c.Status == StatusHandover:
		return "a person has the case"
	case c.Pending != nil:
		return "a proposal awaits the customer's answer"
	case len(c.Next) > 0:
		return "a request is still to be stated"
	}
	if _, ok := c.AwaitingApproval(); ok {
		return "a proposal awaits a person's approval"
	}
	for _, p := range c.Proposals {
		if p.Status == ProposalDone && p.DueAt != nil && now.Before(*p.DueAt) {
			return "a follow-up promise is pending"
		}
	}
	return ""
}
