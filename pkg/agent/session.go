package agent

import (
	"context"
	"errors"
	"fmt"
	pkgmoney "github.com/doorstep-ai/doorstep/pkg/money"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// session is what a turn's tools may touch: the conversation (whose verified
// customer they act for) and the customer's message that started the turn.
type session struct {
	a       *Agent
	conv    *conversation.Conversation
	text    string // the customer's message this turn
	history []conversation.Message
	seq     int // its Seq
	pol     policy.Policy
	now     time.Time
	actions []conversation.Action
	orders  map[string]bool
	topics  map[string]bool
	// refused are the tools the model called in this turn though the
	// request did not offer them.
	refused  map[string]bool
	handover bool
	// answered is the proposal the customer's message answered (confirmed,
	// declined or lapsed), and answerResult what became of it, for the
	// model; proposed is the proposal a write tool made this turn.
	answered     *conversation.Proposal
	answerResult map[string]any
	proposed     *conversation.Proposal
	// other is what a yes to the pending proposal asked for instead
	// (AsksOther): it did not confirm it.
	other string
	// expired is set when the pending proposal was stated longer ago
	// than conversation.ProposalLife; reoffered when code stated it
	// afresh on the customer's late yes.
	expired, reoffered bool
	// aside: the reoffer answers a question asked before deciding
	// (AsksAside).
	aside bool
	// askedAmount is the figure the customer asked for in place of the
	// pending proposal's (AsksOtherAmount): it was stated again.
	askedAmount string
	// ctxKey and ctxText cache the prompt's context within a turn.
	ctxKey, ctxText string
	// mine caches the verified customer's newest orders within a turn.
	mine       []order.Order
	mineLoaded bool
	// contextStale is set once this turn changed an order in a way the
	// context cannot show: the context is saved as stale, and not rebuilt
	// within the turn.
	contextStale bool
	// asked: a tool asked the customer a question this turn; queued are
	// proposals made after the turn's first (or after a question), kept
	// as next requests; nexted: code stated a next request (next.go).
	asked, nexted bool
	askedTool     string
	// askedAbout is what the tool call that asked the customer a
	// question was about (its order and lines), when it knew.
	askedAbout *conversation.Proposal
	queued     []conversation.Proposal
	// nextRefused are what the reply says of next requests policy
	// refused when code came to state them ("this order was cancelled").
	nextRefused []string
	// mootNotes say which request a cancellation stated this turn made
	// moot (moot.go).
	mootNotes []string
	// records are what this turn's writes to the shop recorded, for the
	// turn's own transaction (Result.Records).
	records []store.Change
}

// myOrders is the verified customer's newest orders, read once a turn.
func (s *session) myOrders(ctx context.Context) ([]order.Order, error) {
	if s.mineLoaded {
		return s.mine, nil
	}
	// The customer context (read with the conversation) holds them.
	if !s.contextStale {
		if err := s.a.Prepare(ctx, s.conv); err != nil {
			return nil, fmt.Errorf("customer orders: %w", err)
		}
	}
	if s.conv.Context != nil {
		s.mine = s.conv.Context.Orders
	}
	s.mineLoaded = true
	return s.mine, nil
}

// toolError is a tool result that tells the model what went wrong.
type toolError struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

func fail(code, msg string) (any, bool) { return toolError{code, msg}, true }

// run executes one tool call. It returns the result (a JSON object) and
// whether it is an error result. It never returns a Go error for the
// customer's or the model's mistakes: those go back to the model.
func (s *session) run(ctx context.Context, use ToolUse) (any, bool, error) {
	t, ok := ToolByName(use.Name)
	if !ok {
		r, e := fail("unknown_tool", "there is no tool called "+use.Name)
		return r, e, nil
	}
	s.topics[use.Name] = true
	s.askedAbout = nil
	out, isErr, err := t.run(ctx, s, use.Input)
	if m, ok := out.(map[string]any); ok && m["status"] == "ask_customer" {
		s.asked, s.askedTool = true, use.Name
		if p := s.proposed; p != nil && (p.Tool != use.Name || s.askedAbout != nil && !overlaps(*p, *s.askedAbout)) {
			// A question after a proposal about something else: a
			// yes would answer both (trial 12a: "yeah it's not in
			// the box", about the kit asked of, ran the mug's refund
			// stated beside it). The proposal waits as the next
			// request (next.go). About the same items (a lookup while
			// it is stated again for a question aside), it stays.
			s.proposed = nil
			_, _, _ = s.queueNext(*p)
		}
	}
	return out, isErr, err
}

func (s *session) act(tool, status, orderName, detail string) {
	s.actProposal(tool, status, orderName, detail, "")
}

func (s *session) actProposal(tool, status, orderName, detail, proposal string) {
	s.actions = append(s.actions, conversation.Action{Tool: tool, Status: status, Order: orderName, Detail: detail, Proposal: proposal})
	if orderName != "" {
		s.orders[orderName] = true
	}
}

// customerWrote reports whether the customer wrote v (case-insensitive) in
// this conversation.
func (s *session) customerWrote(v string) bool {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "" {
		return false
	}
	if strings.Contains(strings.ToLower(s.text), v) {
		return true
	}
	for _, m := range s.history {
		if m.Role == conversation.RoleCustomer && strings.Contains(strings.ToLower(m.Text), v) {
			return true
		}
	}
	return false
}

// customerWroteOrder reports whether the customer wrote the order number
// name, in any of the forms order.NormaliseName reads the same: a
// replacement order's "#1006-R" typed as "1006r" counts.
func (s *session) customerWroteOrder(name string) bool {
	n := strings.TrimPrefix(order.NormaliseName(name), "#")
	if n == "" {
		return false
	}
	base, ok := strings.CutSuffix(n, order.ReplacementSuffix)
	if !ok {
		return s.customerWrote(n)
	}
	for _, m := range namedOrderRe().FindAllStringSubmatch(s.customerWords(), -1) {
		if namedOrder(m) == "#"+n {
			return true
		}
	}
	return s.customerWrote(n) || s.customerWrote(base+"r") || s.customerWrote(base+" -r") || s.customerWrote(base+" r")
}

// customerWords is everything the customer wrote in this conversation,
// lower case, newest last.
func (s *session) customerWords() string {
	var b strings.Builder
	for _, m := range s.history {
		if m.Role == conversation.RoleCustomer {
			b.WriteString(strings.ToLower(m.Text))
			b.WriteString("\n")
		}
	}
	b.WriteString(strings.ToLower(s.text))
	return b.String()
}

// namedOrderRe finds order numbers in a customer's message: "#1006",
// "order 1006", "order number 1006", and a replacement order's "#1006-R"
// (order.NormaliseName writes "1006r" the same way).
var namedOrderRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:#\s?|\border\s*(?:number|no\.?|num)?\s*#?\s*)(\d{3,9}(?:-?r)?)\b|(?:^|[^\p{L}\d#-])(\d{3,9}-?r)\b`)
}) // at first use, like phrases

// namedOrder is the order number a namedOrderRe match names.
func namedOrder(m []string) string {
	if m[1] != "" {
		return order.NormaliseName(m[1])
	}
	return order.NormaliseName(m[2])
}

// noteNamedOrder makes the last order the customer named in this message,
// when it is theirs, the conversation's current order.
func (s *session) noteNamedOrder(ctx context.Context) error {
	if !s.conv.Verified() {
		return nil
	}
	m := namedOrderRe().FindAllStringSubmatch(s.text, -1)
	if len(m) == 0 {
		if RefersToReplacement(s.text) || TakesBackSent(s.text) {
			return s.noteReplacement(ctx)
		}
		if err := s.noteOriginal(ctx); err != nil { // replacement_cancel.go
			return err
		}
		if err := s.noteBareOrder(ctx); err != nil { // answer_state.go
			return err
		}
		return s.noteDescribedOrder(ctx) // described_order.go
	}
	name := namedOrder(m[len(m)-1])
	// Their newest orders are read for the prompt anyway; an older one
	// costs a read.
	mine, err := s.myOrders(ctx)
	if err != nil {
		return err
	}
	for _, o := range mine {
		if o.Name == name {
			s.conv.CurrentOrder = o.Name
			return nil
		}
	}
	o, err := s.a.Store.GetOrderByName(ctx, s.conv.Shop, name)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("named order: %w", err)
	}
	if order.NormaliseEmail(o.Email) == s.conv.CustomerEmail {
		s.conv.CurrentOrder = o.Name
	}
	return nil
}

// noteReplacement makes the customer's newest replacement order the
// conversation's current order, when they have one: "the replacement"
// names no number.
func (s *session) noteReplacement(ctx context.Context) error {
	mine, err := s.myOrders(ctx)
	if err != nil {
		return err
	}
	for _, o := range mine { // newest first
		if order.Replaces(o) != "" {
			s.conv.CurrentOrder = o.Name
			return nil
		}
	}
	return nil
}

// customerOrder finds an order of the verified customer: the one named, or
// the conversation's current order, or their newest. An order that is not
// theirs is "not found", exactly like one that does not exist.
func (s *session) customerOrder(ctx context.Context, name string) (order.Order, any, error) {
	if !s.conv.Verified() {
		r, _ := fail("not_verified", "the customer is not verified; ask for their order number and the email used on it")
		return order.Order{}, r, nil
	}
	orders, err := s.myOrders(ctx)
	if err != nil {
		return order.Order{}, nil, err
	}
	if strings.TrimSpace(name) == "" {
		name = s.conv.CurrentOrder
	}
	if strings.TrimSpace(name) == "" {
		if len(orders) == 0 {
			r, _ := fail("no_orders", "the customer has no orders")
			return order.Order{}, r, nil
		}
		return orders[0], nil, nil
	}
	for _, o := range orders {
		if o.Name == order.NormaliseName(name) {
			return o, nil, nil
		}
	}
	// Older than the newest ten: look it up, and check it is theirs.
	o, err := s.a.Store.GetOrderByName(ctx, s.conv.Shop, order.NormaliseName(name))
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return order.Order{}, nil, fmt.Errorf("get order: %w", err)
	}
	if err != nil || order.NormaliseEmail(o.Email) != s.conv.CustomerEmail {
		r, _ := fail("order_not_found", "no order "+order.NormaliseName(name)+" for this customer")
		return order.Order{}, r, nil
	}
	return o, nil, nil
}

// withOrder runs fn on the customer's order (named, else current).
func (s *session) withOrder(ctx context.Context, name string, fn func(order.Order) any) (any, bool, error) {
	o, problem, err := s.customerOrder(ctx, name)
	if err != nil || problem != nil {
		return problem, problem != nil, err
	}
	s.orders[o.Name] = true
	return fn(o), false, nil
}

func itemTitles(o order.Order) []string {
	var t []string
	for _, li := range o.LineItems {
		s := li.Title
		if li.Variant != "" {
			s += " (" + li.Variant + ")"
		}
		if li.Quantity > 1 {
			s = fmt.Sprintf("%d × %s", li.Quantity, s)
		}
		t = append(t, s)
	}
	return t
}

// plainTitles are an order's items without their variants, for tool
// results (the prompt's order summary names the variants).
func plainTitles(o order.Order) []string {
	var t []string
	for _, li := range o.LineItems {
		s := li.Title
		if li.Quantity > 1 {
			s = fmt.Sprintf("%d × %s", li.Quantity, li.Title)
		}
		t = append(t, s)
	}
	return t
}

// money formats minor units in a currency the one way the project does
// (pkg/money): "$12.00", "€5.50", "¥6,809", "KWD 1.500". No currency is
// the default shop currency (money.Or).
func money(m order.Money, currency string) string {
	return pkgmoney.Format(int64(m), pkgmoney.Or(currency))
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, x := range s {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

func formatAddress(a order.Address) string {
	return strings.Join(nonEmpty(a.Name, a.Address1, a.Address2, a.City, strings.TrimSpace(a.Province+" "+a.Zip), a.CountryCode), ", ")
}
