package escalation

import (
	"context"
	"fmt"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
)

// DeliveryCase is the case of an order's delivery problems
// (Request.Case): the delivery check opens its handoff under it.
func DeliveryCase(orderID string) string { return "delivery|" + orderID }

// Cases finds the open handoff of a problem case and gives it a
// conversation (Service): what a channel needs to hand a customer's
// message to the person who owns its order's case.
type Cases interface {
	CaseHandoff(ctx context.Context, shop, caseName string) (Handoff, bool, error)
	// ConversationHandoff is the handoff a conversation belongs to.
	ConversationHandoff(ctx context.Context, shop, conversationID string) (Handoff, bool, error)
	Link(ctx context.Context, handoffID string, c conversation.Conversation) (string, error)
}

// Contexts builds a verified conversation's customer context, with the
// delivery problems of the customer's orders (agent.Agent).
type Contexts interface {
	Prepare(ctx context.Context, c *conversation.Conversation) error
}

// OwnedCase is the one place every channel (chat, email) asks whether a
// customer's message goes to a person before the agent or outreach sees
// it: the message is about an order (the conversation's current order, an
// order the text names, or one of orderIDs, say the order of the notice
// the customer answered) whose delivery case has an open handoff, or
// about which another conversation of the customer's waits for a person
// (a plain handoff: they asked for a person), so a person owns it. Then conversation c joins that handoff (Link: the
// person's, no second one; the queue shows the customer waiting), c is put
// in handover, and OwnedCase returns what the customer is told (who has
// it, by when). It returns "" when no person owns a case of the message,
// or c is not verified, or a person has c already (their SLA follows the
// customer's message: CustomerAnswered).
//
// Only orders with a delivery problem, or another conversation waiting
// for a person, in the customer's context are read, so a plain turn costs
// no request here.
func OwnedCase(ctx context.Context, cases Cases, contexts Contexts, c *conversation.Conversation, text string, orderIDs ...string) (string, error) {
	if cases == nil || !c.Verified() || c.Status == conversation.StatusHandover {
		return "", nil
	}
	for _, id := range orderIDs {
		said, err := joinCase(ctx, cases, c, id)
		if err != nil || said != "" {
			return said, err
		}
	}
	if contexts == nil {
		return "", nil
	}
	if err := contexts.Prepare(ctx, c); err != nil {
		return "", fmt.Errorf("customer context: %w", err)
	}
	if c.Context == nil {
		return "", nil
	}
	for _, o := range c.Context.Orders {
		if o.Name != c.CurrentOrder && !Mentions(text, o.Name) {
			continue
		}
		if other := c.Context.Waiting[o.Name]; other != "" && other != c.ID {
			said, err := joinConversation(ctx, cases, c, other)
			if err != nil {
				return "", fmt.Errorf("handoff about %s: %w", o.Name, err)
			}
			if said != "" {
				return said, nil
			}
		}
		if len(c.Context.Problems[o.ID]) == 0 {
			// No delivery problem found, so no case: nothing to read.
			continue
		}
		said, err := joinCase(ctx, cases, c, o.ID)
		if err != nil {
			return "", fmt.Errorf("delivery case of %s: %w", o.Name, err)
		}
		if said != "" {
			return said, nil
		}
	}
	return "", nil
}

// joinCase links c to the open handoff of order id's delivery case, if it
// has one, and puts c in handover.
func joinCase(ctx context.Context, cases Cases, c *conversation.Conversation, orderID string) (string, error) {
	if orderID == "" {
		return "", nil
	}
	h, open, err := cases.CaseHandoff(ctx, c.Shop, DeliveryCase(orderID))
	if err != nil || !open {
		return "", err
	}
	said, err := cases.Link(ctx, h.ID, *c)
	if err != nil {
		return "", err
	}
	c.Status = conversation.StatusHandover
	return said, nil
}

// joinConversation links c to the open handoff conversation other belongs
// to, if it has one, and puts c in handover.
func joinConversation(ctx context.Context, cases Cases, c *conversation.Conversation, other string) (string, error) {
	h, open, err := cases.ConversationHandoff(ctx, c.Shop, other)
	if err != nil || !open {
		return "", err
	}
	said, err := cases.Link(ctx, h.ID, *c)
	if err != nil {
		return "", err
	}
	c.Status = conversation.StatusHandover
	return said, nil
}

// Mentions reports whether text names order name ("#1002" or "1002"),
// not as part of a longer number.
func Mentions(text, name string) bool {
	n := strings.TrimPrefix(name, "#")
	if n == "" {
		return false
	}
	for i := strings.Index(text, n); i >= 0; {
		end := i + len(n)
		if (i == 0 || text[i-1] < '0' || text[i-1] > '9') && (end == len(text) || text[end] < '0' || text[end] > '9') {
			return true
		}
		j := strings.Index(text[end:], n)
		if j < 0 {
			break
		}
		i = end + j
	}
	return false
}
