// Package conversation is the conversation domain: a customer's exchange with
// the shop on one channel, who they have proven to be, what is pending their
// confirmation, and the messages in it.
package conversation

import (
	"encoding/json"
	"time"
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

	// Pending is a write the agent has proposed and the customer has not
	// yet confirmed.
	Pending *PendingAction `json:"pending,omitempty"`

	// Summary is a short, code-written account of the conversation, used as
	// memory in the customer's later conversations.
	Summary string   `json:"summary,omitempty"`
	Topics  []string `json:"topics,omitempty"`
	Orders  []string `json:"orders,omitempty"` // order names discussed
	Usage   Usage    `json:"usage"`
	CSAT    *CSAT    `json:"csat,omitempty"`

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Version counts saved turns; each save must name the version it read.
	Version int64 `json:"version"`
	// Messages counts the messages saved; the next message's Seq.
	Messages int `json:"messages"`
}

// Verified reports whether the customer has proven who they are.
func (c Conversation) Verified() bool { return c.CustomerEmail != "" }

// PendingAction is a proposed write awaiting the customer's explicit yes.
type PendingAction struct {
	Tool      string          `json:"tool"`
	Input     json.RawMessage `json:"input"`
	Statement string          `json:"statement"` // what will happen, as told to the customer
	// ProposedAt is the Seq of the agent message that proposed it; only a
	// later customer message can confirm it.
	ProposedAt int       `json:"proposed_at"`
	At         time.Time `json:"at"`
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
}

// Action is something the agent did, or tried, during a turn.
type Action struct {
	Tool   string `json:"tool"`
	Status string `json:"status"` // done, proposed, refused, failed, duplicate
	Order  string `json:"order,omitempty"`
	Detail string `json:"detail,omitempty"`
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
