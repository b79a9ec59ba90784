package agent

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Tool names.
const (
	ToolVerifyCustomer = "verify_customer"
	ToolListOrders     = "list_orders"
	ToolTrackOrder     = "track_order"
	ToolStartReturn    = "start_return"
	ToolChangeAddress  = "change_address"
	ToolRefundStatus   = "refund_status"
	ToolHandover       = "handover"
	ToolSearchDocs     = "search_docs"
)

// MaxVerifyFailures is how many wrong order/email pairs a conversation may
// try before verification is refused. Across conversations, channels and
// instances, package lockout bounds failures per order and per client.
const MaxVerifyFailures = 5

func obj(props map[string]any, required ...string) map[string]any {
	s := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

var str = map[string]any{"type": "string"}

func strDesc(d string) map[string]any { return map[string]any{"type": "string", "description": d} }

var orderArg = strDesc("e.g. #1001; default: latest order")

var confirmArg = map[string]any{"type": "boolean", "description": "true only after the customer's yes"}

// Tools is every tool the agent offers, in a fixed order (part of the
// cacheable prefix).
var Tools = []ToolSpec{
	{ToolVerifyCustomer, "Verify the customer by an order number and that order's email.",
		obj(map[string]any{"order_number": str, "email": str}, "order_number", "email")},
	{ToolListOrders, "The customer's recent orders.", obj(map[string]any{})},
	{ToolTrackOrder, "Where an order is: stage, carrier, tracking link, last scan, estimated delivery.",
		obj(map[string]any{"order_number": orderArg})},
	{ToolStartReturn, "Start a return. Call with confirm false first and put the returned statement to the customer.",
		obj(map[string]any{"order_number": orderArg,
			"items":   map[string]any{"type": "array", "items": str, "description": "item titles; default: all"},
			"reason":  strDesc("DEFECTIVE, WRONG_ITEM, NOT_AS_DESCRIBED, UNWANTED, SIZE_TOO_SMALL, SIZE_TOO_LARGE or OTHER"),
			"confirm": confirmArg})},
	{ToolChangeAddress, "Change the shipping address (whole address) of an unshipped order. Call with confirm false first.",
		obj(map[string]any{"order_number": orderArg, "name": str, "address1": str, "address2": str, "city": str,
			"province": str, "zip": str, "country_code": str, "confirm": confirmArg}, "address1", "city", "zip")},
	{ToolRefundStatus, "An order's refunds and returns.", obj(map[string]any{"order_number": orderArg})},
	{ToolHandover, "Hand the conversation to a person.", obj(map[string]any{"reason": str}, "reason")},
	{ToolSearchDocs, "Search product guides and FAQs.", obj(map[string]any{"query": str}, "query")},
}

// session is what a turn's tools may touch: the conversation (whose verified
// customer they act for) and the customer's message that started the turn.
type session struct {
	a        *Agent
	conv     *conversation.Conversation
	text     string // the customer's message this turn
	history  []conversation.Message
	seq      int // its Seq
	pol      policy.Policy
	now      time.Time
	actions  []conversation.Action
	orders   map[string]bool
	topics   map[string]bool
	handover bool
	// ctxKey and ctxText cache the prompt's context within a turn.
	ctxKey, ctxText string
	// mine caches the verified customer's newest orders within a turn.
	mine       []order.Order
	mineLoaded bool
}

// myOrders is the verified customer's newest orders, read once a turn.
func (s *session) myOrders(ctx context.Context) ([]order.Order, error) {
	if s.mineLoaded {
		return s.mine, nil
	}
	orders, err := s.a.Store.OrdersByEmail(ctx, s.conv.Shop, s.conv.CustomerEmail, 10)
	if err != nil {
		return nil, fmt.Errorf("customer orders: %w", err)
	}
	s.mine, s.mineLoaded = orders, true
	return orders, nil
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
	if !knownTool(use.Name) {
		r, e := fail("unknown_tool", "there is no tool called "+use.Name)
		return r, e, nil
	}
	var in toolInput
	dec := json.NewDecoder(strings.NewReader(string(use.Input)))
	dec.DisallowUnknownFields()
	if len(use.Input) == 0 || dec.Decode(&in) != nil {
		r, e := fail("bad_input", "the tool input was not valid for "+use.Name)
		return r, e, nil
	}
	s.topics[use.Name] = true
	switch use.Name {
	case ToolVerifyCustomer:
		return s.verify(ctx, in)
	case ToolListOrders:
		return s.listOrders(ctx)
	case ToolTrackOrder:
		return s.withOrder(ctx, in, func(o order.Order) any { return s.tracking(ctx, o) })
	case ToolRefundStatus:
		return s.withOrder(ctx, in, func(o order.Order) any { return s.refunds(o) })
	case ToolStartReturn:
		return s.startReturn(ctx, in)
	case ToolChangeAddress:
		return s.changeAddress(ctx, in)
	case ToolSearchDocs:
		return s.searchDocs(ctx, in)
	case ToolHandover:
		s.handover = true
		s.act(ToolHandover, "done", "", "")
		return map[string]any{"status": "handed_over", "message": "a person on the team will take over this conversation"}, false, nil
	}
	r, e := fail("unknown_tool", "there is no tool called "+use.Name)
	return r, e, nil
}

func knownTool(name string) bool {
	for _, t := range Tools {
		if t.Name == name {
			return true
		}
	}
	return false
}

// toolInput is every tool's arguments; each tool reads its own.
type toolInput struct {
	OrderNumber string   `json:"order_number"`
	Email       string   `json:"email"`
	Items       []string `json:"items"`
	Reason      string   `json:"reason"`
	Confirm     bool     `json:"confirm"`
	Name        string   `json:"name"`
	Address1    string   `json:"address1"`
	Address2    string   `json:"address2"`
	City        string   `json:"city"`
	Province    string   `json:"province"`
	Zip         string   `json:"zip"`
	CountryCode string   `json:"country_code"`
	Query       string   `json:"query"`
}

func (s *session) act(tool, status, orderName, detail string) {
	s.actions = append(s.actions, conversation.Action{Tool: tool, Status: status, Order: orderName, Detail: detail})
	if orderName != "" {
		s.orders[orderName] = true
	}
}

func (s *session) verify(ctx context.Context, in toolInput) (any, bool, error) {
	if s.conv.Verified() {
		return map[string]any{"verified": true, "message": "the customer is already verified"}, false, nil
	}
	if s.conv.VerifyFailures >= MaxVerifyFailures {
		s.act(ToolVerifyCustomer, "refused", "", "too many attempts")
		r, e := fail("too_many_attempts", "too many failed attempts; offer to hand over to a person")
		return r, e, nil
	}
	// The proof must come from the customer, not the model: both the order
	// number and the email must be in what the customer wrote.
	if !s.customerWrote(in.Email) || !s.customerWrote(strings.TrimPrefix(order.NormaliseName(in.OrderNumber), "#")) {
		s.conv.VerifyFailures++
		s.act(ToolVerifyCustomer, "failed", "", "not given by the customer")
		r, e := fail("not_verified", "ask the customer for their order number and the email used on it; only what they write counts")
		return r, e, nil
	}
	ok, err := s.a.VerifyOrderEmail(ctx, s.conv, in.OrderNumber, in.Email)
	if r, locked := s.verifyLocked(err); locked {
		return r, true, nil
	}
	if err != nil {
		return nil, false, err
	}
	if !ok {
		s.conv.VerifyFailures++
		s.act(ToolVerifyCustomer, "failed", "", "")
		r, e := fail("not_verified", "that order number and email do not match an order; ask the customer to check both")
		return r, e, nil
	}
	s.act(ToolVerifyCustomer, "done", order.NormaliseName(in.OrderNumber), "")
	return map[string]any{"verified": true}, false, nil
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

// VerifyOrderEmail verifies conv when orderName's email is email. It
// returns a *lockout.LockedError, whatever the email, while the order or
// the client in ctx (lockout.WithClient) is locked.
func (a *Agent) VerifyOrderEmail(ctx context.Context, conv *conversation.Conversation, orderName, email string) (bool, error) {
	name, email := order.NormaliseName(orderName), order.NormaliseEmail(email)
	if name == "" || email == "" {
		return false, nil
	}
	// Failed guesses are counted in the store, per order and per client
	// (package lockout): past the limit even the right email is refused
	// with a *lockout.LockedError.
	guess, err := a.guessGuard().Check(ctx, conv.Shop, name)
	if err != nil {
		return false, err
	}
	o, err := a.Store.GetOrderByName(ctx, conv.Shop, name)
	if errors.Is(err, store.ErrNotFound) {
		return false, guess.Fail(ctx)
	}
	if err != nil {
		return false, fmt.Errorf("verify: %w", err)
	}
	if order.NormaliseEmail(o.Email) != email {
		return false, guess.Fail(ctx)
	}
	conv.CustomerEmail, conv.VerifiedBy = email, conversation.VerifiedByOrder
	return true, nil
}

// customerOrder finds an order of the verified customer. An order that is
// not theirs is "not found", exactly like one that does not exist.
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

func (s *session) withOrder(ctx context.Context, in toolInput, fn func(order.Order) any) (any, bool, error) {
	o, problem, err := s.customerOrder(ctx, in.OrderNumber)
	if err != nil || problem != nil {
		return problem, problem != nil, err
	}
	s.orders[o.Name] = true
	return fn(o), false, nil
}

func (s *session) listOrders(ctx context.Context) (any, bool, error) {
	if !s.conv.Verified() {
		r, e := fail("not_verified", "the customer is not verified; ask for their order number and the email used on it")
		return r, e, nil
	}
	orders, err := s.myOrders(ctx)
	if err != nil {
		return nil, false, err
	}
	var out []map[string]any
	for _, o := range orders {
		out = append(out, map[string]any{"order_number": o.Name, "placed": s.day(o.CreatedAt),
			"stage": s.journey(ctx, o).Stage, "items": itemTitles(o), "total": money(o.TotalPrice, o.Currency)})
	}
	return map[string]any{"orders": out}, false, nil
}

func itemTitles(o order.Order) []string {
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

func money(m order.Money, currency string) string {
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	sym := currency + " "
	switch currency {
	case "USD", "":
		sym = "$"
	case "EUR":
		sym = "€"
	case "GBP":
		sym = "£"
	}
	return fmt.Sprintf("%s%s%d.%02d", sign, sym, m/100, m%100)
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

// tracking is the journey-aware answer to "where is my order" (orderFacts).
func (s *session) tracking(ctx context.Context, o order.Order) any { return s.orderFacts(ctx, o) }

func (s *session) refunds(o order.Order) any {
	var refunds, returns []map[string]any
	for _, r := range o.Refunds {
		refunds = append(refunds, map[string]any{"amount": money(r.Amount, o.Currency), "date": s.day(r.CreatedAt),
			"note": "refunds reach the original payment method in 5 to 10 business days"})
	}
	for _, r := range o.Returns {
		returns = append(returns, map[string]any{"status": r.Status, "requested": s.day(r.CreatedAt)})
	}
	return map[string]any{"order_number": o.Name, "payment": o.FinancialStatus, "refunded_total": money(o.RefundedTotal(), o.Currency),
		"order_total": money(o.TotalPrice, o.Currency), "refunds": refunds, "returns": returns}
}

// ---- write tools ----

// proposal is what a write tool does before the customer has said yes.
func (s *session) propose(tool string, o order.Order, input any, statement string) (any, bool, error) {
	raw, _ := json.Marshal(input)
	s.conv.Pending = &conversation.PendingAction{Tool: tool, Input: raw, Statement: statement, ProposedAt: s.seq, At: s.now}
	s.act(tool, "proposed", o.Name, "")
	return map[string]any{"status": "needs_confirmation", "statement": statement,
		"instruction": "tell the customer exactly this and ask them to reply yes to go ahead"}, false, nil
}

// confirmedInput returns the pending action's input when the customer's
// message this turn is an explicit yes to a pending action of this tool,
// proposed in an earlier turn. What runs is exactly what was proposed, not
// what the model sends along with its confirm.
func (s *session) confirmedInput(tool string, into any) bool {
	p := s.conv.Pending
	if p == nil || p.Tool != tool || p.ProposedAt >= s.seq || !Affirmative(s.text) {
		return false
	}
	return json.Unmarshal(p.Input, into) == nil
}

// pendingOrder is the order of a pending action of this tool, so a bare
// "confirm" acts on the order that was proposed.
func (s *session) pendingOrder(tool string) string {
	p := s.conv.Pending
	if p == nil || p.Tool != tool {
		return ""
	}
	var in struct {
		Order string `json:"order"`
	}
	_ = json.Unmarshal(p.Input, &in)
	return in.Order
}

// claimKey is the idempotency key of a side effect.
func claimKey(shop, tool string, input any) string {
	raw, _ := json.Marshal(input)
	h := sha256.Sum256(append([]byte(shop+"\x00"+tool+"\x00"), raw...))
	return "action:" + hex.EncodeToString(h[:16])
}

// perform runs a confirmed side effect once: claim its key, act, and
// release the claim if the act failed so a retry can try again.
func (s *session) perform(ctx context.Context, tool string, input any, do func() error) (done bool, err error) {
	k := claimKey(s.conv.Shop, tool, input)
	if err := s.a.Store.Claim(ctx, k, s.now.Add(90*24*time.Hour)); errors.Is(err, store.ErrDuplicate) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("claim %s: %w", tool, err)
	}
	if err := do(); err != nil {
		if rerr := s.a.Store.Release(ctx, k); rerr != nil {
			err = errors.Join(err, rerr)
		}
		return false, err
	}
	return true, nil
}

type returnInput struct {
	Order  string             `json:"order"`
	Lines  []order.ReturnLine `json:"lines"`
	Reason string             `json:"reason"`
}

func (s *session) startReturn(ctx context.Context, in toolInput) (any, bool, error) {
	if in.Confirm && in.OrderNumber == "" {
		in.OrderNumber = s.pendingOrder(ToolStartReturn)
	}
	o, problem, err := s.customerOrder(ctx, in.OrderNumber)
	if err != nil || problem != nil {
		return problem, problem != nil, err
	}
	d := s.pol.Return(o, s.now)
	switch d.Verdict {
	case policy.Refuse:
		s.act(ToolStartReturn, "refused", o.Name, d.Reason)
		return map[string]any{"status": "refused", "reason": d.Reason, "offer": "a person on the team can look at exceptions"}, false, nil
	case policy.Approval:
		s.act(ToolStartReturn, "needs_approval", o.Name, d.Reason)
		s.handover = true
		return map[string]any{"status": "needs_approval", "reason": d.Reason, "message": "the request has been passed to the team, who will reply here"}, false, nil
	}
	var input returnInput
	if !in.Confirm || !s.confirmedInput(ToolStartReturn, &input) || input.Order != o.Name {
		lines, titles := pickLines(o, in.Items)
		if len(lines) == 0 {
			r, e := fail("no_items", "none of those items are on the order; items are: "+strings.Join(itemTitles(o), ", "))
			return r, e, nil
		}
		reason := returnReason(in.Reason)
		input = returnInput{Order: o.Name, Lines: lines, Reason: reason}
		stmt := fmt.Sprintf("I'll start a return for %s on order %s. Once it's approved you'll get an email with a return label and instructions; the refund follows when the items are back with us.", strings.Join(titles, ", "), o.Name)
		if s.pol.StoreCreditBonusPercent > 0 {
			stmt += fmt.Sprintf(" If you'd rather have store credit, it comes with a %d%% bonus.", s.pol.StoreCreditBonusPercent)
		}
		return s.propose(ToolStartReturn, o, input, stmt)
	}
	lines, reason, titles := input.Lines, input.Reason, lineTitles(o, input.Lines)
	var ret order.Return
	done, err := s.perform(ctx, ToolStartReturn, input, func() error {
		var err error
		ret, err = s.a.Commerce.RequestReturn(ctx, ReturnRequest{Shop: o.Shop, OrderID: o.ID, Lines: lines, Reason: reason})
		if err != nil {
			return err
		}
		_, err = s.a.Store.Apply(ctx, store.Change{Shop: o.Shop, Returns: []order.Return{ret}})
		return err
	})
	s.conv.Pending = nil
	switch {
	case err != nil && errors.Is(err, ErrCommerceRejected):
		s.act(ToolStartReturn, "failed", o.Name, "shop refused")
		return map[string]any{"status": "failed", "message": "the shop could not start this return; offer a person"}, true, nil
	case err != nil:
		s.act(ToolStartReturn, "failed", o.Name, "")
		return nil, false, fmt.Errorf("start return: %w", err)
	case !done:
		s.act(ToolStartReturn, "duplicate", o.Name, "")
		return map[string]any{"status": "already_done", "message": "this return was already requested"}, false, nil
	}
	s.act(ToolStartReturn, "done", o.Name, ret.ID)
	return map[string]any{"status": "return_requested", "order_number": o.Name, "items": titles,
		"next": "an email with the return label and instructions follows once the team approves the return"}, false, nil
}

// returnReason is the model's reason as one of Shopify's return reasons.
func returnReason(r string) string {
	r = strings.ToUpper(strings.TrimSpace(r))
	switch r {
	case "DEFECTIVE", "NOT_AS_DESCRIBED", "WRONG_ITEM", "SIZE_TOO_SMALL", "SIZE_TOO_LARGE", "STYLE", "COLOR", "UNWANTED", "OTHER":
		return r
	case "":
		return "UNKNOWN"
	}
	return "OTHER"
}

// pickLines matches the customer's words to the order's line items; no
// words means every item.
func pickLines(o order.Order, items []string) ([]order.ReturnLine, []string) {
	var lines []order.ReturnLine
	var titles []string
	for _, li := range o.LineItems {
		match := len(items) == 0
		for _, w := range items {
			w = strings.ToLower(strings.TrimSpace(w))
			if w != "" && (strings.Contains(strings.ToLower(li.Title), w) || strings.EqualFold(li.SKU, w) || strings.Contains(w, strings.ToLower(li.Title))) {
				match = true
			}
		}
		if match {
			lines = append(lines, order.ReturnLine{LineItemID: li.ID, Quantity: li.Quantity})
			titles = append(titles, li.Title)
		}
	}
	sort.Strings(titles)
	return lines, titles
}

type addressInput struct {
	Order   string        `json:"order"`
	Address order.Address `json:"address"`
}

func (s *session) changeAddress(ctx context.Context, in toolInput) (any, bool, error) {
	if in.Confirm && in.OrderNumber == "" {
		in.OrderNumber = s.pendingOrder(ToolChangeAddress)
	}
	o, problem, err := s.customerOrder(ctx, in.OrderNumber)
	if err != nil || problem != nil {
		return problem, problem != nil, err
	}
	d := s.pol.AddressChange(o, s.now)
	switch d.Verdict {
	case policy.Refuse:
		s.act(ToolChangeAddress, "refused", o.Name, d.Reason)
		return map[string]any{"status": "refused", "reason": d.Reason,
			"offer": "the carrier may be able to redirect the parcel using the tracking link; a person on the team can help"}, false, nil
	case policy.Approval:
		s.act(ToolChangeAddress, "needs_approval", o.Name, d.Reason)
		s.handover = true
		return map[string]any{"status": "needs_approval", "reason": d.Reason, "message": "passed to the team, who will reply here"}, false, nil
	}
	var input addressInput
	if in.Confirm && s.confirmedInput(ToolChangeAddress, &input) && input.Order == o.Name {
		return s.applyAddress(ctx, o, input)
	}
	if strings.TrimSpace(in.Address1) == "" || strings.TrimSpace(in.City) == "" || strings.TrimSpace(in.Zip) == "" {
		r, e := fail("incomplete_address", "ask for the full new address: street, city, state or province, ZIP or postcode")
		return r, e, nil
	}
	addr := order.Address{Name: strings.TrimSpace(in.Name), Address1: strings.TrimSpace(in.Address1), Address2: strings.TrimSpace(in.Address2),
		City: strings.TrimSpace(in.City), Province: strings.TrimSpace(in.Province), Zip: strings.TrimSpace(in.Zip),
		CountryCode: strings.ToUpper(strings.TrimSpace(in.CountryCode))}
	if old := o.ShippingAddress; old != nil {
		if addr.Name == "" {
			addr.Name = old.Name
		}
		if addr.CountryCode == "" {
			addr.CountryCode, addr.Country = old.CountryCode, old.Country
		}
		addr.Phone = old.Phone
	}
	input = addressInput{Order: o.Name, Address: addr}
	stmt := fmt.Sprintf("I'll change the shipping address of order %s to: %s.", o.Name, formatAddress(addr))
	return s.propose(ToolChangeAddress, o, input, stmt)
}

func (s *session) applyAddress(ctx context.Context, o order.Order, input addressInput) (any, bool, error) {
	addr := input.Address
	done, err := s.perform(ctx, ToolChangeAddress, input, func() error {
		return s.a.Commerce.UpdateShippingAddress(ctx, o.Shop, o.ID, addr)
	})
	s.conv.Pending = nil
	switch {
	case err != nil && errors.Is(err, ErrCommerceRejected):
		s.act(ToolChangeAddress, "failed", o.Name, "shop refused")
		return map[string]any{"status": "failed", "message": "the shop could not change the address; offer a person"}, true, nil
	case err != nil:
		s.act(ToolChangeAddress, "failed", o.Name, "")
		return nil, false, fmt.Errorf("change address: %w", err)
	case !done:
		s.act(ToolChangeAddress, "duplicate", o.Name, "")
		return map[string]any{"status": "already_done"}, false, nil
	}
	s.act(ToolChangeAddress, "done", o.Name, "")
	return map[string]any{"status": "address_changed", "order_number": o.Name, "ships_to": formatAddress(addr)}, false, nil
}

func lineTitles(o order.Order, lines []order.ReturnLine) []string {
	var t []string
	for _, l := range lines {
		for _, li := range o.LineItems {
			if li.ID == l.LineItemID {
				t = append(t, li.Title)
			}
		}
	}
	sort.Strings(t)
	return t
}

func formatAddress(a order.Address) string {
	return strings.Join(nonEmpty(a.Name, a.Address1, a.Address2, a.City, strings.TrimSpace(a.Province+" "+a.Zip), a.CountryCode), ", ")
}
