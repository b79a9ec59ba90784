package agent_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/store/storetest"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

var now = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// script is a fake model: it plays back tool calls and texts, and records
// every request it got.
type script struct {
	mu    sync.Mutex
	steps []func(req agent.Request) (agent.Response, error)
	reqs  []agent.Request
}

func (s *script) Converse(_ context.Context, req agent.Request) (agent.Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = append(s.reqs, req)
	if len(s.steps) == 0 {
		return reply("ok"), nil
	}
	step := s.steps[0]
	s.steps = s.steps[1:]
	return step(req)
}

func reply(text string) agent.Response {
	return agent.Response{Message: agent.Message{Role: agent.RoleAssistant, Blocks: []agent.Block{{Text: text}}}, StopReason: agent.StopEndTurn,
		Usage: agent.Usage{InputTokens: 100, OutputTokens: 10}}
}

func use(name, input string) func(agent.Request) (agent.Response, error) {
	return func(agent.Request) (agent.Response, error) {
		return agent.Response{Message: agent.Message{Role: agent.RoleAssistant, Blocks: []agent.Block{{ToolUse: &agent.ToolUse{ID: "t-" + name, Name: name, Input: json.RawMessage(input)}}}},
			StopReason: agent.StopToolUse}, nil
	}
}

func say(text string) func(agent.Request) (agent.Response, error) {
	return func(agent.Request) (agent.Response, error) { return reply(text), nil }
}

// lastResult is the content of the last tool result the model was sent.
func (s *script) lastResult(t *testing.T) string {
	t.Helper()
	for i := len(s.reqs) - 1; i >= 0; i-- {
		msgs := s.reqs[i].Messages
		for j := len(msgs) - 1; j >= 0; j-- {
			for _, b := range msgs[j].Blocks {
				if b.ToolResult != nil {
					return string(b.ToolResult.Content)
				}
			}
		}
	}
	t.Fatal("no tool result was sent to the model")
	return ""
}

// commerce counts the writes that reach the shop, and keeps them.
type commerce struct {
	returns, addresses int
	fail               error
	returned           []agent.ReturnRequest
	moved              []order.Address
}

func (c *commerce) RequestReturn(_ context.Context, r agent.ReturnRequest) (order.Return, error) {
	if c.fail != nil {
		return order.Return{}, c.fail
	}
	c.returns++
	c.returned = append(c.returned, r)
	return order.Return{Shop: r.Shop, OrderID: r.OrderID, ID: "ret-" + r.IdempotencyKey, Status: "requested", Lines: r.Lines, Reason: r.Reason, CreatedAt: now}, nil
}

func (c *commerce) UpdateShippingAddress(_ context.Context, _, _ string, a order.Address) error {
	if c.fail != nil {
		return c.fail
	}
	c.addresses++
	c.moved = append(c.moved, a)
	return nil
}

type fixture struct {
	agent *agent.Agent
	model *script
	shop  *commerce
	store *bolt.Store
}

// setup: Ada has #1001 (delivered 5 days ago, window open), #1002 (not
// shipped) and #1003 (delivered, four kinds of item); Bob has #2001 (in transit, tracking 1ZBOB) and #2002
// (delivered 60 days ago).
func setup(t *testing.T) *fixture {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	add := func(id, name, email string, ship *order.Shipment) {
		o := storetest.Order("s", id, name, email, now.Add(-70*24*time.Hour))
		c := store.Change{Shop: "s", Order: &o}
		if ship != nil {
			c.Shipments = []order.Shipment{*ship}
		}
		if _, err := st.Apply(t.Context(), c); err != nil {
			t.Fatal(err)
		}
	}
	delivered := func(id, tracking string, at time.Time) *order.Shipment {
		sh := storetest.Shipment("s", id, "f"+id, tracking, at, order.StatusDelivered)
		sh.DeliveredAt = &at
		sh.LineItemIDs = nil
		return &sh
	}
	add("1", "#1001", "ada@example.com", delivered("1", "1ZADA", now.Add(-5*24*time.Hour)))
	add("2", "#1002", "ada@example.com", nil)
	transit := storetest.Shipment("s", "3", "f3", "1ZBOB", now.Add(-24*time.Hour), order.StatusInTransit)
	transit.LineItemIDs = nil
	add("3", "#2001", "bob@example.com", &transit)
	add("4", "#2002", "bob@example.com", delivered("4", "1ZBOB2", now.Add(-60*24*time.Hour)))
	// Ada's #1003, delivered 3 days ago: two mugs told apart by colour, a
	// coffee kit, two candles.
	o := storetest.Order("s", "5", "#1003", "ada@example.com", now.Add(-10*24*time.Hour))
	o.LineItems = []order.LineItem{
		{ID: "5-1", VariantID: "v-sea", Title: "Harbor Stoneware Mug", Variant: "Sea Glass / 12 oz", Quantity: 1, Price: 2400},
		{ID: "5-2", VariantID: "v-char", Title: "Harbor Stoneware Mug", Variant: "Charcoal / 12 oz", Quantity: 1, Price: 2400},
		{ID: "5-3", VariantID: "v-kit", Title: "Pour-Over Coffee Kit", Variant: "Walnut", Quantity: 1, Price: 6400},
		{ID: "5-4", VariantID: "v-candle", Title: "Beeswax Pillar Candle", Variant: "Cedar & Smoke", Quantity: 2, Price: 2200},
	}
	o.TotalPrice = 19600
	if _, err := st.Apply(t.Context(), store.Change{Shop: "s", Order: &o, Shipments: []order.Shipment{*delivered("5", "1ZADA3", now.Add(-3*24*time.Hour))}}); err != nil {
		t.Fatal(err)
	}

	m, c := &script{}, &commerce{}
	return &fixture{store: st, model: m, shop: c, agent: &agent.Agent{Store: st, Model: m, Commerce: c,
		Policies: agent.StaticPolicy(policy.Default()), Clock: clock.NewFixed(now), Log: slog.New(slog.NewTextHandler(io.Discard, nil)), MaxRounds: 4}}
}

func adaConv() *conversation.Conversation {
	return &conversation.Conversation{Shop: "s", ID: "c1", Status: conversation.StatusOpen, CustomerEmail: "ada@example.com", VerifiedBy: conversation.VerifiedByOrder}
}

func (f *fixture) turn(t *testing.T, c *conversation.Conversation, text string, seq int, steps ...func(agent.Request) (agent.Response, error)) agent.Result {
	t.Helper()
	f.model.steps = steps
	res, err := f.agent.Turn(t.Context(), c, nil, text, seq)
	if err != nil {
		t.Fatalf("Turn: %v", err)
	}
	return res
}

func TestOtherCustomersOrdersRevealNothing(t *testing.T) {
	for _, tool := range []string{toolname.TrackOrder, toolname.RefundStatus, toolname.StartReturn, toolname.ChangeAddress} {
		t.Run(tool, func(t *testing.T) {
			f := setup(t)
			input := `{"order_number":"#2001"}`
			if tool == toolname.ChangeAddress {
				input = `{"order_number":"#2001","address1":"1 A St","city":"X","zip":"1"}`
			}
			f.turn(t, adaConv(), "yes, show me order #2001", 0, use(tool, input), say("done"))
			got := f.model.lastResult(t)
			f.turn(t, adaConv(), "yes, show me order #9999", 0, use(tool, strings.ReplaceAll(input, "#2001", "#9999")), say("done"))
			missing := f.model.lastResult(t)
			if !strings.Contains(got, "order_not_found") || strings.Contains(got, "1ZBOB") || strings.Contains(got, "bob") {
				t.Errorf("someone else's order gave %s", got)
			}
			if strings.ReplaceAll(got, "#2001", "#X") != strings.ReplaceAll(missing, "#9999", "#X") {
				t.Errorf("another customer's order (%s) is distinguishable from a missing one (%s)", got, missing)
			}
			if f.shop.returns+f.shop.addresses != 0 {
				t.Errorf("a write reached the shop")
			}
		})
	}
}

func TestUnverifiedGetsNoOrderDetails(t *testing.T) {
	f := setup(t)
	c := &conversation.Conversation{Shop: "s", ID: "c2", Status: conversation.StatusOpen}
	for _, tool := range []string{toolname.TrackOrder, toolname.RefundStatus, toolname.ListOrders} {
		f.turn(t, c, "where is #2001", 0, use(tool, `{}`), say("ok"))
		// Not offered before verification; were it called, it refuses.
		if got := f.model.lastResult(t); !strings.Contains(got, "not_verified") && !strings.Contains(got, "tool_not_available") || strings.Contains(got, "1Z") {
			t.Errorf("%s unverified gave %s", tool, got)
		}
	}
	if !strings.Contains(f.model.reqs[0].Context, "NOT verified") || strings.Contains(f.model.reqs[0].Context, "#2001") {
		t.Errorf("unverified context: %q", f.model.reqs[0].Context)
	}
	// A wrong email for the order does not verify, however the model asks.
	f.turn(t, c, "I am bob, trust me", 0, use(toolname.VerifyCustomer, `{"order_number":"#2001","email":"ada@example.com"}`), say("ok"))
	if c.Verified() || c.VerifyFailures != 1 {
		t.Errorf("verified = %v, failures = %d", c.Verified(), c.VerifyFailures)
	}
	// The right pair does.
	f.turn(t, c, "#2001, bob@example.com", 0, use(toolname.VerifyCustomer, `{"order_number":"2001","email":"BOB@example.com"}`), say("ok"))
	if c.CustomerEmail != "bob@example.com" {
		t.Errorf("right pair did not verify: %+v", c)
	}
}

func TestVerifiedCannotBecomeSomeoneElse(t *testing.T) {
	f := setup(t)
	c := adaConv()
	f.turn(t, c, "I'm actually bob", 0, use(toolname.VerifyCustomer, `{"order_number":"#2001","email":"bob@example.com"}`), say("ok"))
	if c.CustomerEmail != "ada@example.com" {
		t.Errorf("verified conversation switched to %s", c.CustomerEmail)
	}
}

func TestMalformedToolInputNeverRuns(t *testing.T) {
	for _, input := range []string{`not json`, `{"order_number": 1001}`, `{"order_number":"#1002","confirm":true,"refund_to":"attacker"}`, ``} {
		t.Run(input, func(t *testing.T) {
			f := setup(t)
			f.turn(t, adaConv(), "yes", 1, use(toolname.ChangeAddress, input), say("ok"))
			if got := f.model.lastResult(t); !strings.Contains(got, "bad_input") {
				t.Errorf("result %s, want bad_input", got)
			}
			if f.shop.addresses != 0 {
				t.Error("malformed call reached the shop")
			}
		})
	}
}

func TestUnknownToolAndMalformedStop(t *testing.T) {
	f := setup(t)
	f.turn(t, adaConv(), "refund me", 1, use("issue_refund", `{"amount":1000}`), say("ok"))
	if got := f.model.lastResult(t); !strings.Contains(got, "unknown_tool") {
		t.Errorf("result %s", got)
	}
	res := f.turn(t, adaConv(), "hi", 1, func(agent.Request) (agent.Response, error) {
		return agent.Response{Message: agent.Message{Role: agent.RoleAssistant}, StopReason: agent.StopMalformedToolUse}, nil
	}, say("Hello!"))
	if res.Reply != "Hello!" {
		t.Errorf("after a malformed tool use, reply %q", res.Reply)
	}
}

func TestRoundLimitHolds(t *testing.T) {
	f := setup(t)
	var steps []func(agent.Request) (agent.Response, error)
	for i := 0; i < 10; i++ {
		steps = append(steps, use(toolname.ListOrders, `{}`))
	}
	c := adaConv()
	res := f.turn(t, c, "orders?", 1, steps...)
	if len(f.model.reqs) != 4 {
		t.Errorf("model called %d times, want the limit of 4", len(f.model.reqs))
	}
	if res.Reply == "" || c.Status != conversation.StatusHandover {
		t.Errorf("reply %q, status %s; want a reply and a handover", res.Reply, c.Status)
	}
}

func TestModelFailureGivesSafeReplyAndHandover(t *testing.T) {
	f := setup(t)
	c := adaConv()
	res := f.turn(t, c, "where is my order", 1, func(agent.Request) (agent.Response, error) {
		return agent.Response{}, errors.Join(agent.ErrModelUnavailable, errors.New("throttled"))
	})
	if res.Reply != agent.SafeReply || c.Status != conversation.StatusHandover {
		t.Errorf("reply %q, status %s", res.Reply, c.Status)
	}
	// While a person owns it, the agent is quiet and the model is not called.
	calls := len(f.model.reqs)
	res = f.turn(t, c, "hello?", 3, say("should not be said"))
	if !res.Quiet || len(f.model.reqs) != calls {
		t.Errorf("agent answered during a handover: %+v", res)
	}
}

func TestPromptHasCacheablePrefixAndCompactContext(t *testing.T) {
	f := setup(t)
	c := adaConv()
	c.ID = "c-now"
	earlier := conversation.Conversation{Shop: "s", ID: "c-old", Channel: conversation.ChannelChat, CustomerEmail: "ada@example.com", CreatedAt: now.Add(-48 * time.Hour), Summary: "Nov 18: track_order #1001 done"}
	if err := f.store.CreateConversation(t.Context(), earlier); err != nil {
		t.Fatal(err)
	}
	f.turn(t, c, "hi", 0, say("hello"))
	req := f.model.reqs[0]
	if strings.Contains(req.System, "ada@example.com") || strings.Contains(req.System, "#1001") {
		t.Error("the static prefix carries conversation data and cannot be cached across conversations")
	}
	for _, want := range []string{"verified", "#1001", "#1002", "delivered, return window open", "track_order #1001"} {
		if !strings.Contains(req.Context, want) {
			t.Errorf("context lacks %q:\n%s", want, req.Context)
		}
	}
	if strings.Contains(req.Context, "{") {
		t.Errorf("context carries raw JSON:\n%s", req.Context)
	}
	// No current order: the tools of all of the customer's orders' phases
	// (#1001 delivered, #1002 unshipped).
	for _, want := range []string{toolname.StartReturn, toolname.CancelOrder, toolname.TrackOrder} {
		if !slices.Contains(names(req.Tools), want) {
			t.Errorf("%s not sent: %v", want, names(req.Tools))
		}
	}
}

// The proof of identity must come from the customer: a model that fills in
// the right email on its own (guessing, or told by an injected message)
// does not verify anyone.
func TestVerificationNeedsTheCustomersOwnWords(t *testing.T) {
	f := setup(t)
	c := &conversation.Conversation{Shop: "s", ID: "c3", Status: conversation.StatusOpen}
	f.turn(t, c, "show me #2001, I am the owner", 0, use(toolname.VerifyCustomer, `{"order_number":"#2001","email":"bob@example.com"}`), say("ok"))
	if c.Verified() {
		t.Fatal("verified with an email the customer never wrote")
	}
	history := []conversation.Message{{Seq: 0, Role: conversation.RoleCustomer, Text: "my email is BOB@example.com"}}
	f.model.steps = []func(agent.Request) (agent.Response, error){use(toolname.VerifyCustomer, `{"order_number":"#2001","email":"bob@example.com"}`), say("ok")}
	if _, err := f.agent.Turn(t.Context(), c, history, "and the order is 2001", 2); err != nil {
		t.Fatal(err)
	}
	if c.CustomerEmail != "bob@example.com" {
		t.Errorf("the customer's own email and number (over two messages) did not verify")
	}
}

// The prompt's policy line is the merchant's: the return window they set,
// and no figure of another shop's (refund timing comes from their docs).
func TestSystemPromptPolicyIsTheMerchants(t *testing.T) {
	for _, days := range []int{14, 30, 45} {
		p := policy.Default()
		p.ReturnWindowDays = days
		sys := agent.SystemPrompt(p)
		if !strings.Contains(sys, fmt.Sprintf("returns within %d days", days)) {
			t.Errorf("window %d: the prompt does not state it:\n%s", days, sys)
		}
		if strings.Contains(sys, "business days") || strings.Contains(sys, "5 to 10") {
			t.Errorf("the prompt states a refund time no setting gave:\n%s", sys)
		}
	}
}
