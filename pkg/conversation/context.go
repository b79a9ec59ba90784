package conversation

import (
	"encoding/json"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
)

// Context is what a turn knows of a verified customer besides the
// conversation: their newest orders (with shipments and refunds), what
// their earlier conversations were about, what the delivery check found
// about their orders, and their post-delivery check-ins. It is kept as an
// item in the conversation's partition, so the turn's one read returns it;
// it is rebuilt when older than a bound and refreshed when one of the
// customer's orders changes (package chat's reactions).
type Context struct {
	// Email is the customer it was built for; a context for anyone else
	// is ignored.
	Email string `json:"email"`
	// BuiltAt is when its reads began: data changed after it may be
	// missing. A newer context replaces an older one, never the reverse.
	BuiltAt time.Time `json:"built_at"`
	// Orders are the customer's newest orders, newest first.
	Orders []order.Order `json:"orders,omitempty"`
	// Earlier are the customer's other conversations with a summary,
	// newest first.
	Earlier []Earlier `json:"earlier,omitempty"`
	// Waiting are the customer's conversations a person owns (in
	// handover), by the order they are about: a message about that order
	// in another conversation joins that conversation's handoff
	// (escalation.OwnedCase).
	Waiting map[string]string `json:"waiting,omitempty"`
	// Problems are the delivery check's findings and what was done, by
	// order id, newest first (watch.Explain's shape).
	Problems map[string][]map[string]any `json:"problems,omitempty"`
	// CheckIns are the customer's post-delivery check-in records (package
	// outreach's documents), in id order.
	CheckIns []Doc `json:"check_ins,omitempty"`
	// Stale is set by a turn that changed one of the orders: the next turn
	// rebuilds it.
	Stale bool `json:"stale,omitempty"`
	// Policy is the shop's policy, copied from its settings when the
	// context was built, so a turn needs no read of the settings; the turn
	// is guarded by the settings document it came from (store.DocGuard).
	Policy *PolicyCopy `json:"policy,omitempty"`
}

// PolicyCopy is the agent's policy as a settings document held it.
type PolicyCopy struct {
	Policy policy.Policy `json:"policy"`
	// Coll and ID name the settings document; Doc is its bytes as stored,
	// empty when none was stored (the policy is the defaults).
	Coll string `json:"coll"`
	ID   string `json:"id"`
	Doc  []byte `json:"doc,omitempty"`
}

// Earlier is an earlier conversation, in brief.
type Earlier struct {
	ID        string    `json:"id"`
	Channel   Channel   `json:"channel"`
	CreatedAt time.Time `json:"created_at"`
	Summary   string    `json:"summary"`
}

// Doc is one stored document, as kept in a Context.
type Doc struct {
	ID    string          `json:"id"`
	Value json.RawMessage `json:"value"`
}

// Fresh reports whether ctx may stand for email's data at now: built for
// them, not marked stale, within maxAge, for a conversation last updated within idle (the
// refresh on order changes covers only conversations updated that
// recently).
func (c *Context) Fresh(email string, now time.Time, maxAge, idle time.Duration, updated time.Time) bool {
	return c != nil && !c.Stale && email != "" && c.Email == email && now.Sub(c.BuiltAt) < maxAge && now.Sub(updated) < idle
}
