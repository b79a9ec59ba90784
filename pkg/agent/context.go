package agent

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Context bounds: a kept customer context is rebuilt when older than
// DefaultContextMaxAge (what no event refreshes: the delivery check's
// findings, check-ins, earlier conversations' summaries), or when its
// conversation was idle for DefaultContextIdle (order changes refresh only
// the contexts of conversations updated that recently; see Refresh).
const (
	DefaultContextMaxAge = 15 * time.Minute
	DefaultContextIdle   = 24 * time.Hour
)

// contextOrders is how many of a customer's orders a context keeps, and
// contextProblems of how many of them the delivery check's findings.
const (
	contextOrders   = 10
	contextProblems = 5
	contextEarlier  = 5
)

// CheckIns reads a customer's post-delivery check-in records (package
// outreach), for the customer context.
type CheckIns interface {
	CheckInDocs(ctx context.Context, shop, email string) ([]conversation.Doc, error)
}

func (a *Agent) maxAge() time.Duration {
	if a.ContextMaxAge > 0 {
		return a.ContextMaxAge
	}
	return DefaultContextMaxAge
}

func (a *Agent) idle() time.Duration {
	if a.ContextIdle > 0 {
		return a.ContextIdle
	}
	return DefaultContextIdle
}

// Prepare makes c.Context the verified customer's context: the kept one
// while it is fresh, else a new one (which the turn loop saves with the
// turn, CreateConversation with a new conversation). An unverified
// conversation gets none.
func (a *Agent) Prepare(ctx context.Context, c *conversation.Conversation) error {
	if !c.Verified() {
		return nil
	}
	if c.Context.Fresh(c.CustomerEmail, a.Clock.Now(), a.maxAge(), a.idle(), c.UpdatedAt) {
		return nil
	}
	cc, err := a.BuildContext(ctx, c.Shop, c.CustomerEmail)
	if err != nil {
		return err
	}
	c.Context = &cc
	return nil
}

// BuildContext reads a customer's context: their newest orders, earlier
// conversations, the delivery check's findings about their newest orders,
// their check-ins. BuiltAt is taken before the reads.
func (a *Agent) BuildContext(ctx context.Context, shop, email string) (conversation.Context, error) {
	email = order.NormaliseEmail(email)
	cc := conversation.Context{Email: email, BuiltAt: a.Clock.Now()}
	if pc, ok := a.Policies.(PolicyCopier); ok {
		cp, err := pc.PolicyCopy(ctx, shop)
		if err != nil {
			return cc, fmt.Errorf("customer context: policy: %w", err)
		}
		cc.Policy = &cp
	}
	orders, err := a.Store.OrdersByEmail(ctx, shop, email, contextOrders)
	if err != nil {
		return cc, fmt.Errorf("customer context: orders: %w", err)
	}
	cc.Orders = orders
	earlier, err := a.Store.ConversationsByEmail(ctx, shop, email, contextEarlier)
	if err != nil {
		return cc, fmt.Errorf("customer context: earlier conversations: %w", err)
	}
	for _, c := range earlier {
		if c.Status == conversation.StatusHandover && c.CurrentOrder != "" && cc.Waiting[c.CurrentOrder] == "" {
			if cc.Waiting == nil {
				cc.Waiting = map[string]string{}
			}
			cc.Waiting[c.CurrentOrder] = c.ID
		}
		if c.Summary != "" {
			cc.Earlier = append(cc.Earlier, conversation.Earlier{ID: c.ID, Channel: c.Channel, CreatedAt: c.CreatedAt, Summary: c.Summary})
		}
	}
	if a.Deliveries != nil {
		cc.Problems = map[string][]map[string]any{}
		for i, o := range orders {
			if i == contextProblems {
				break
			}
			ps, err := a.Deliveries.OrderProblems(ctx, shop, o.ID)
			if err != nil {
				return cc, fmt.Errorf("customer context: delivery findings: %w", err)
			}
			cc.Problems[o.ID] = ps
		}
	}
	if a.CheckIns != nil {
		if cc.CheckIns, err = a.CheckIns.CheckInDocs(ctx, shop, email); err != nil {
			return cc, fmt.Errorf("customer context: check-ins: %w", err)
		}
	}
	return cc, nil
}

// orderProblems is what the delivery check found about an order: from the
// customer context when it holds them, else read.
func (s *session) orderProblems(ctx context.Context, o order.Order) ([]map[string]any, error) {
	if cc := s.conv.Context; cc != nil && cc.Email == s.conv.CustomerEmail {
		if ps, ok := cc.Problems[o.ID]; ok {
			return ps, nil
		}
	}
	if s.a.Deliveries == nil {
		return nil, nil
	}
	return s.a.Deliveries.OrderProblems(ctx, o.Shop, o.ID)
}

// staleContext marks the customer context out of date after this turn
// changed one of their orders: the turn saves it so, and the next turn
// rebuilds it (a refresh on the order's event may come first).
func (s *session) staleContext() {
	if s.conv.Context == nil {
		return
	}
	cp := *s.conv.Context
	cp.Stale = true
	s.conv.Context = &cp
	// The rest of this turn goes on with what it read.
	s.contextStale = true
}

// wrote brings the customer context up to date after this turn ran p, whose
// execution recorded records: the order of p in the context gets the new
// shipping address a proposal states, and the order, shipments, refunds
// and returns recorded. The context keeps its BuiltAt, so a refresh built
// later still replaces it. A write that changed the order in a way the
// context cannot show (nothing recorded, no address) marks it stale.
func (s *session) wrote(p conversation.Proposal, records []store.Change) {
	cc := s.conv.Context
	if cc == nil || s.contextStale {
		return
	}
	if madeOrder(p) { // a replacement order, new to the context (replacement_cancel.go)
		s.staleContext()
		return
	}
	i := slices.IndexFunc(cc.Orders, func(o order.Order) bool { return o.ID == p.OrderID })
	if i < 0 {
		s.staleContext()
		return
	}
	o := cc.Orders[i]
	o.Shipments, o.Refunds, o.Returns = slices.Clone(o.Shipments), slices.Clone(o.Refunds), slices.Clone(o.Returns)
	shown := false
	if p.Address != nil {
		a := *p.Address
		o.ShippingAddress, shown = &a, true
	}
	for _, r := range records {
		if r.Order != nil && r.Order.ID == o.ID {
			if r.Order.UpdatedAt.After(o.UpdatedAt) {
				n := *r.Order
				n.Shipments, n.Refunds, n.Returns = o.Shipments, o.Refunds, o.Returns
				o = n
			}
			shown = true
		}
		for _, sh := range r.Shipments {
			if sh.OrderID == o.ID {
				o.Shipments = upsert(o.Shipments, sh, func(x order.Shipment) bool { return x.ID == sh.ID })
				shown = true
			}
		}
		for _, rf := range r.Refunds {
			if rf.OrderID == o.ID {
				o.Refunds = upsert(o.Refunds, rf, func(x order.Refund) bool { return x.ID == rf.ID })
				shown = true
			}
		}
		for _, rt := range r.Returns {
			if rt.OrderID == o.ID {
				o.Returns = upsert(o.Returns, rt, func(x order.Return) bool { return x.ID == rt.ID })
				shown = true
			}
		}
	}
	if !shown {
		s.staleContext()
		return
	}
	cp := *cc
	cp.Orders = slices.Clone(cc.Orders)
	cp.Orders[i] = o
	s.conv.Context = &cp
	// Later reads in this turn see the change.
	s.mine, s.mineLoaded = nil, false
}

// upsert replaces the element of list that is v's, or appends v.
func upsert[T any](list []T, v T, same func(T) bool) []T {
	if i := slices.IndexFunc(list, same); i >= 0 {
		list[i] = v
		return list
	}
	return append(list, v)
}

// contextOrder is the order with id as the customer context holds it, if
// the context is fresh (read with the conversation, or built this turn).
func (s *session) contextOrder(id string) *order.Order {
	cc := s.conv.Context
	if s.contextStale || !cc.Fresh(s.conv.CustomerEmail, s.now, s.a.maxAge(), s.a.idle(), s.conv.UpdatedAt) {
		return nil
	}
	for i := range cc.Orders {
		if cc.Orders[i].ID == id {
			o := cc.Orders[i]
			return &o
		}
	}
	return nil
}

// ContextIdleBound is how recently a conversation must have been updated
// for Refresh to keep its context fresh (ContextIdle or its default).
func (a *Agent) ContextIdleBound() time.Duration { return a.idle() }

// findingsChanged brings the customer context's findings about o up to
// date after this turn changed them (a customer's report of a parcel that
// never came), with one read, so the next turn knows the open report
// (a return of its items is refused while it is open) without a rebuild.
// A failed read marks the context stale instead.
func (s *session) findingsChanged(ctx context.Context, o order.Order) {
	cc := s.conv.Context
	if cc == nil || s.contextStale || s.a.Deliveries == nil {
		return
	}
	ps, err := s.a.Deliveries.OrderProblems(ctx, o.Shop, o.ID)
	if err != nil {
		s.staleContext()
		return
	}
	cp := *cc
	cp.Problems = maps.Clone(cc.Problems)
	if cp.Problems == nil {
		cp.Problems = map[string][]map[string]any{}
	}
	cp.Problems[o.ID] = ps
	s.conv.Context = &cp
}
