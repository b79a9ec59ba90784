package escalation_test

import (
	"context"
	"errors"
	"net/mail"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/localflow"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/outbox"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

const shop = "demo-shop.myshopify.com"

var t0 = time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)

type env struct {
	t      *testing.T
	st     *bolt.Store
	clk    *clock.Manual
	engine *localflow.Engine
	box    *outbox.Outbox
	svc    *escalation.Service
}

func newEnv(t *testing.T) *env {
	t.Helper()
	dir := t.TempDir()
	st, err := bolt.Open(filepath.Join(dir, "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clk := clock.NewFixed(t0)
	engine := localflow.New(st, clk, nil)
	box := &outbox.Outbox{Path: filepath.Join(dir, "outbox.jsonl"), Clock: clk}
	svc := &escalation.Service{
		Store:     st,
		Scheduler: engine,
		Messenger: &escalation.Messenger{Store: st, Mail: box, From: mail.Address{Name: "Hearth & Harbor", Address: "support@hearth.example"}, Clock: clk},
		Executor:  &escalation.CommerceExecutor{Commerce: &demoshop.Shop{Store: st, Clock: clk}, Store: st},
		Clock:     clk,
		Settings: escalation.Settings{Staff: mail.Address{Address: "staff@hearth.example"}, SecondContact: mail.Address{Address: "owner@hearth.example"},
			ConsoleURL: "http://127.0.0.1:8080", SLA: 4 * time.Hour, Late: 72 * time.Hour, ShopName: "Hearth & Harbor"},
	}
	if err := engine.RegisterMachine(workflow.Escalation, svc.Steps()); err != nil {
		t.Fatal(err)
	}
	return &env{t: t, st: st, clk: clk, engine: engine, box: box, svc: svc}
}

// conversation opens a verified conversation the agent has handed over.
func (e *env) conversation(id string, ch conversation.Channel) {
	e.t.Helper()
	c := conversation.Conversation{Shop: shop, ID: id, Channel: ch, Status: conversation.StatusOpen, CustomerEmail: "sam@example.com",
		CreatedAt: t0, UpdatedAt: t0}
	if ch == conversation.ChannelEmail {
		c.Contact, c.Subject = "sam@example.com", "My mugs"
	}
	if err := e.st.CreateConversation(context.Background(), c); err != nil {
		e.t.Fatal(err)
	}
	msgs := []conversation.Message{
		{Seq: 0, Role: conversation.RoleCustomer, Text: "I want to speak to a person", At: t0, MessageID: "<c1@example.com>"},
		{Seq: 1, Role: conversation.RoleAgent, Text: "I've passed this to the team.", At: t0},
	}
	c.Messages = 2
	if err := e.st.SaveTurn(context.Background(), c, 0, msgs); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) conv(id string) (conversation.Conversation, []conversation.Message) {
	e.t.Helper()
	c, msgs, err := e.st.GetConversation(context.Background(), shop, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return c, msgs
}

func (e *env) advance(d time.Duration) {
	e.t.Helper()
	if err := e.engine.Tick(context.Background(), e.clk.Advance(d)); err != nil {
		e.t.Fatalf("tick: %v", err)
	}
}

func (e *env) execution(id string) localflow.Execution {
	e.t.Helper()
	x, err := e.engine.Describe(context.Background(), workflow.Escalation, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return x
}

func (e *env) mailTo(addr string) []outbox.Entry {
	e.t.Helper()
	all, err := e.box.List()
	if err != nil {
		e.t.Fatal(err)
	}
	var out []outbox.Entry
	for _, m := range all {
		if m.To == addr {
			out = append(out, m)
		}
	}
	return out
}

func (e *env) handoff(id string) escalation.Handoff {
	e.t.Helper()
	h, err := e.svc.Get(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return h
}

func lastText(msgs []conversation.Message) string { return msgs[len(msgs)-1].Text }

func TestHandoffReplyMeetsSLAAndHandBack(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.conversation("c1", conversation.ChannelChat)
	h, err := e.svc.Open(ctx, escalation.Request{Shop: shop, Kind: escalation.KindHandoff, ConversationID: "c1", Reason: "asked for a person", Key: "0"})
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := e.conv("c1"); c.Status != conversation.StatusHandover {
		t.Errorf("conversation status %s, want handover: the agent must stay quiet", c.Status)
	}
	queue, err := e.svc.List(ctx, escalation.StatusOpen)
	if err != nil || len(queue) != 1 || queue[0].ID != h.ID || queue[0].CustomerEmail != "sam@example.com" {
		t.Fatalf("queue %+v, %v; want the one handoff", queue, err)
	}
	staff := e.mailTo("staff@hearth.example")
	if len(staff) != 1 || !strings.Contains(staff[0].Text, "/console/handoffs/"+h.ID) {
		t.Fatalf("staff mail %+v, want one notification linking the console", staff)
	}
	// Opening it again changes nothing.
	if h2, err := e.svc.Open(ctx, escalation.Request{Shop: shop, Kind: escalation.KindHandoff, ConversationID: "c1", Reason: "asked for a person", Key: "0"}); err != nil || h2.ID != h.ID {
		t.Fatalf("reopen: %v, %s", err, h2.ID)
	}
	if n := len(e.mailTo("staff@hearth.example")); n != 1 {
		t.Errorf("staff notified %d times, want once", n)
	}

	e.advance(time.Hour)
	if err := e.svc.Reply(ctx, h.ID, "alex", "Hi Sam, Alex here. Let me look into this."); err != nil {
		t.Fatal(err)
	}
	c, msgs := e.conv("c1")
	if got := msgs[len(msgs)-1]; got.Role != conversation.RoleStaff || !strings.Contains(got.Text, "Alex here") || c.Status != conversation.StatusHandover {
		t.Fatalf("last message %+v, status %s; want the staff reply and handover", got, c.Status)
	}
	got := e.handoff(h.ID)
	if got.Status != escalation.StatusResponded || got.FirstResponseAt == nil || got.Assignee != "alex" {
		t.Errorf("handoff %+v, want responded by alex", got)
	}
	if x := e.execution(h.ID); x.Status != localflow.StatusSucceeded {
		t.Errorf("escalation %s in %s, want SUCCEEDED once a person replied", x.Status, x.State)
	}
	e.advance(24 * time.Hour)
	if _, msgs := e.conv("c1"); len(msgs) != 3 || len(e.mailTo("owner@hearth.example")) != 0 {
		t.Errorf("after the SLA passed: %d messages, %d mails to the second contact; want no breach", len(msgs), len(e.mailTo("owner@hearth.example")))
	}

	if err := e.svc.HandBack(ctx, h.ID, "alex"); err != nil {
		t.Fatal(err)
	}
	if c, _ := e.conv("c1"); c.Status != conversation.StatusOpen {
		t.Errorf("status %s after hand-back, want open: the agent answers again", c.Status)
	}
	if got := e.handoff(h.ID); got.Status != escalation.StatusHandedBack || got.ClosedAt == nil {
		t.Errorf("handoff %+v, want handed back and closed", got)
	}
}

func TestSLABreach(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.conversation("c1", conversation.ChannelChat)
	h, err := e.svc.Open(ctx, escalation.Request{Shop: shop, Kind: escalation.KindHandoff, ConversationID: "c1", Reason: "asked for a person", Key: "0"})
	if err != nil {
		t.Fatal(err)
	}
	e.advance(4*time.Hour - time.Minute)
	if _, msgs := e.conv("c1"); len(msgs) != 2 {
		t.Fatalf("%d messages before the SLA, want 2", len(msgs))
	}
	e.advance(time.Minute)
	_, msgs := e.conv("c1")
	if len(msgs) != 3 || !strings.Contains(lastText(msgs), "longer than it should") {
		t.Fatalf("messages after the SLA: %d, last %q; want an honest update", len(msgs), lastText(msgs))
	}
	owner := e.mailTo("owner@hearth.example")
	if len(owner) != 1 || !strings.Contains(owner[0].Subject, "SLA missed") {
		t.Fatalf("second contact mail %+v, want one SLA notice", owner)
	}
	if got := e.handoff(h.ID); !got.Breached() || got.Status != escalation.StatusOpen {
		t.Errorf("handoff %+v, want breached and still open", got)
	}
	e.advance(time.Hour)
	if _, msgs := e.conv("c1"); len(msgs) != 3 {
		t.Errorf("%d messages, want the update once", len(msgs))
	}
	// A person picks it up late: the late wait ends.
	if err := e.svc.TakeOver(ctx, h.ID, "alex"); err != nil {
		t.Fatal(err)
	}
	if x := e.execution(h.ID); x.Status != localflow.StatusSucceeded {
		t.Errorf("escalation %s in %s, want SUCCEEDED after the take-over", x.Status, x.State)
	}
}

func (e *env) seedOrder() {
	e.t.Helper()
	delivered := t0.Add(-3 * 24 * time.Hour)
	o := order.Order{Shop: shop, ID: "6006", Name: "#1006", Email: "sam@example.com", Currency: "USD", TotalPrice: 11200,
		FinancialStatus: "paid", FulfillmentStatus: "fulfilled", CreatedAt: t0.Add(-7 * 24 * time.Hour), UpdatedAt: delivered,
		LineItems: []order.LineItem{{ID: "l1", Title: "Pour-Over Coffee Kit", Quantity: 1, Price: 6400}, {ID: "l2", Title: "Harbor Stoneware Mug", Quantity: 2, Price: 2400}}}
	sh := order.Shipment{Shop: shop, OrderID: "6006", ID: "f1", State: "success", Status: order.StatusDelivered, DeliveredAt: &delivered, CreatedAt: delivered, UpdatedAt: delivered}
	if _, err := e.st.Apply(context.Background(), store.Change{Shop: shop, Order: &o, Shipments: []order.Shipment{sh}}); err != nil {
		e.t.Fatal(err)
	}
}

// kitReturn is the proposal the customer said yes to: the coffee kit only.
func kitReturn() *conversation.Proposal {
	return &conversation.Proposal{ID: "c1-3-0", Tool: "start_return", Order: "#1006", OrderID: "6006",
		Lines:  []conversation.ProposalLine{{LineItemID: "l1", Title: "Pour-Over Coffee Kit", Quantity: 1, Price: 6400}},
		Reason: "DEFECTIVE", Resolution: "refund", Amount: 6400, Currency: "USD", Status: conversation.ProposalQueued,
		Statement: "I'll start a return of 1 × Pour-Over Coffee Kit from order #1006."}
}

func approval(tool string, p *conversation.Proposal) escalation.Request {
	return escalation.Request{Shop: shop, Kind: escalation.KindApproval, ConversationID: "c1", Order: "#1006", Reason: "return above the automatic limit", Key: "4",
		Action: &escalation.Action{Tool: tool, Order: "#1006", Proposal: p, Statement: "I'll start a return for your order #1006."}}
}

func TestApprovalApproved(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.seedOrder()
	e.conversation("c1", conversation.ChannelChat)
	h, err := e.svc.Open(ctx, approval("start_return", kitReturn()))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.HandBack(ctx, h.ID, "alex"); !errors.Is(err, escalation.ErrBadRequest) {
		t.Errorf("hand-back before a decision: %v, want ErrBadRequest", err)
	}
	if err := e.svc.Decide(ctx, h.ID, escalation.Decision{Approve: true, By: "alex"}); err != nil {
		t.Fatal(err)
	}
	o, err := e.st.GetOrder(ctx, shop, "6006")
	if err != nil {
		t.Fatal(err)
	}
	want := []order.ReturnLine{{LineItemID: "l1", Quantity: 1}}
	if len(o.Returns) != 1 || !reflect.DeepEqual(o.Returns[0].Lines, want) || o.Returns[0].Reason != "DEFECTIVE" {
		t.Fatalf("returns %+v, want one return of exactly the proposal's line", o.Returns)
	}
	c, msgs := e.conv("c1")
	if p, ok := c.FindProposal("c1-3-0"); !ok || p.Status != conversation.ProposalDone {
		t.Errorf("proposal in the conversation: %+v", p)
	}
	if !strings.Contains(lastText(msgs), "approved a return of 1 × Pour-Over Coffee Kit on order #1006") || c.Status != conversation.StatusOpen {
		t.Errorf("last message %q, status %s; want the customer told and the agent back", lastText(msgs), c.Status)
	}
	if got := e.handoff(h.ID); got.Status != escalation.StatusDone || got.DecidedBy != "alex" {
		t.Errorf("handoff %+v, want done, decided by alex", got)
	}
	if err := e.svc.Decide(ctx, h.ID, escalation.Decision{Approve: false, By: "sam"}); !errors.Is(err, escalation.ErrAlreadyDecided) {
		t.Errorf("second decision: %v, want ErrAlreadyDecided", err)
	}
	if x := e.execution(h.ID); x.Status != localflow.StatusSucceeded || !strings.Contains(strings.Join(x.Path, ","), "Decided,RunAction,Done") {
		t.Errorf("escalation %s via %v", x.Status, x.Path)
	}
}

func TestApprovalDeclined(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.seedOrder()
	e.conversation("c1", conversation.ChannelChat)
	h, err := e.svc.Open(ctx, approval("start_return", kitReturn()))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Decide(ctx, h.ID, escalation.Decision{Approve: false, By: "alex", Note: "These were a final-sale item."}); err != nil {
		t.Fatal(err)
	}
	if o, _ := e.st.GetOrder(ctx, shop, "6006"); len(o.Returns) != 0 {
		t.Fatalf("returns %+v after a decline", o.Returns)
	}
	c, msgs := e.conv("c1")
	if !strings.Contains(lastText(msgs), "couldn't approve it") || !strings.Contains(lastText(msgs), "final-sale") || c.Status != conversation.StatusOpen {
		t.Errorf("last message %q, status %s", lastText(msgs), c.Status)
	}
	if got := e.handoff(h.ID); got.Status != escalation.StatusDeclined {
		t.Errorf("status %s, want declined", got.Status)
	}
}

func TestApprovalExpires(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.seedOrder()
	e.conversation("c1", conversation.ChannelChat)
	h, err := e.svc.Open(ctx, approval("start_return", kitReturn()))
	if err != nil {
		t.Fatal(err)
	}
	e.advance(4 * time.Hour)
	if _, msgs := e.conv("c1"); !strings.Contains(lastText(msgs), "still needs a person's approval") {
		t.Fatalf("after the SLA: %q", lastText(msgs))
	}
	e.advance(72 * time.Hour)
	c, msgs := e.conv("c1")
	if !strings.Contains(lastText(msgs), "nothing has been changed") || c.Status != conversation.StatusOpen {
		t.Fatalf("after expiry: %q, status %s", lastText(msgs), c.Status)
	}
	if got := e.handoff(h.ID); got.Status != escalation.StatusExpired {
		t.Errorf("status %s, want expired", got.Status)
	}
	if err := e.svc.Decide(ctx, h.ID, escalation.Decision{Approve: true, By: "alex"}); !errors.Is(err, escalation.ErrAlreadyDecided) {
		t.Errorf("decision after expiry: %v, want ErrAlreadyDecided", err)
	}
	if o, _ := e.st.GetOrder(ctx, shop, "6006"); len(o.Returns) != 0 {
		t.Errorf("a return was made after expiry")
	}
}

func TestApprovedActionTheShopRefuses(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.seedOrder()
	e.conversation("c1", conversation.ChannelChat)
	h, err := e.svc.Open(ctx, approval("refund", &conversation.Proposal{ID: "c1-3-0", Tool: "refund", Order: "#1006", OrderID: "6006", Amount: 9000, Currency: "USD"}))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Decide(ctx, h.ID, escalation.Decision{Approve: true, By: "alex"}); err != nil {
		t.Fatal(err)
	}
	c, msgs := e.conv("c1")
	if !strings.Contains(lastText(msgs), "couldn't complete it") || c.Status != conversation.StatusHandover {
		t.Errorf("last message %q, status %s; want the customer told and a person to follow up", lastText(msgs), c.Status)
	}
	got := e.handoff(h.ID)
	if got.Status != escalation.StatusFailed || !strings.Contains(got.Result, "not automated") {
		t.Errorf("handoff %+v, want failed with the reason", got)
	}
	if x := e.execution(h.ID); !strings.Contains(strings.Join(x.Path, ","), "RunAction,ActionFailed,Done") {
		t.Errorf("path %v: ActionFailedError must be caught", x.Path)
	}
}

func TestEmailConversationReply(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.conversation("c1", conversation.ChannelEmail)
	h, err := e.svc.Open(ctx, escalation.Request{Shop: shop, Kind: escalation.KindHandoff, ConversationID: "c1", Reason: "asked for a person", Key: "0"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Reply(ctx, h.ID, "alex", "Hi Sam, a replacement is on its way."); err != nil {
		t.Fatal(err)
	}
	got := e.mailTo("sam@example.com")
	if len(got) != 1 || got[0].Subject != "Re: My mugs" || got[0].Headers["In-Reply-To"] != "<c1@example.com>" {
		t.Fatalf("customer mail %+v, want the reply threaded", got)
	}
	if _, msgs := e.conv("c1"); msgs[len(msgs)-1].Role != conversation.RoleStaff || msgs[len(msgs)-1].Text != "Hi Sam, a replacement is on its way." {
		t.Errorf("last message %+v, want the staff reply saved", msgs[len(msgs)-1])
	}
}

func TestConsoleErrors(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.conversation("c1", conversation.ChannelChat)
	h, err := e.svc.Open(ctx, escalation.Request{Shop: shop, Kind: escalation.KindHandoff, ConversationID: "c1", Reason: "x", Key: "0"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"decide a handoff", e.svc.Decide(ctx, h.ID, escalation.Decision{Approve: true, By: "a"}), escalation.ErrNotApproval},
		{"unknown", e.svc.Reply(ctx, "nope", "a", "hi"), escalation.ErrNotFound},
		{"empty reply", e.svc.Reply(ctx, h.ID, "a", " "), escalation.ErrBadRequest},
		{"approval without action", func() error {
			_, err := e.svc.Open(ctx, escalation.Request{Shop: shop, Kind: escalation.KindApproval, ConversationID: "c1"})
			return err
		}(), escalation.ErrBadRequest},
	}
	for _, tt := range tests {
		if !errors.Is(tt.err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, tt.err, tt.want)
		}
	}
}

// TestErase: customers/redact closes the customer's open handoff and
// clears their email; its escalation ends quietly: no "SLA missed" mail,
// no update to the erased customer.
func TestErase(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.conversation("c1", conversation.ChannelChat)
	h, err := e.svc.Open(ctx, escalation.Request{Shop: shop, Kind: escalation.KindHandoff, ConversationID: "c1", Reason: "x", Key: "0"})
	if err != nil {
		t.Fatal(err)
	}
	mailed, err := e.box.List()
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Erase(ctx, shop, "SAM@example.com"); err != nil {
		t.Fatal(err)
	}
	if err := e.st.DeleteConversation(ctx, shop, "c1"); err != nil { // with the rest of the customer's data
		t.Fatal(err)
	}
	got := e.handoff(h.ID)
	if got.CustomerEmail != "" || got.IsOpen() || got.ClosedAt == nil {
		t.Errorf("after erase: email %q, status %s, closed %v; want no email, closed", got.CustomerEmail, got.Status, got.ClosedAt)
	}
	e.advance(5 * time.Hour)
	e.advance(80 * time.Hour)
	after, err := e.box.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range after[len(mailed):] {
		t.Errorf("mail after the erase to %s: %q", m.To, m.Subject)
	}
	if x := e.execution(h.ID); x.Status != localflow.StatusSucceeded {
		t.Errorf("escalation %s (%s %s), want it ended quietly", x.Status, x.Error, x.Cause)
	}
}

// TestApprovedActionPolicyRefuses: an approved action policy no longer
// allows when it is to run is not reported as the shop's failure: the
// customer hears why, with what they can do instead, the agent has the
// conversation back, and nothing changes in the shop.
func TestApprovedActionPolicyRefuses(t *testing.T) {
	tests := []struct {
		name  string
		tool  string
		p     *conversation.Proposal
		newer *conversation.Proposal // a newer request confirmed meanwhile
		want  []string
	}{
		{name: "cancellation of an order that shipped meanwhile", tool: "cancel_order",
			p: &conversation.Proposal{ID: "c1-3-0", Tool: "cancel_order", Order: "#1006", OrderID: "6006", Resolution: "refund",
				Reason: "CUSTOMER", Amount: 11200, Currency: "USD", Status: conversation.ProposalQueued, At: t0},
			want: []string{"approved the cancellation on order #1006", "handed to the carrier", "start a return for you"}},
		{name: "return replaced by a newer request", tool: "start_return", p: func() *conversation.Proposal {
			p := kitReturn()
			p.At = t0.Add(-time.Hour)
			return p
		}(),
			newer: &conversation.Proposal{ID: "track-1", Tool: "exchange_item", Order: "#1006", OrderID: "6006", At: t0,
				Lines: []conversation.ProposalLine{{LineItemID: "l1", Quantity: 1}}},
			want: []string{"a return of 1 × Pour-Over Coffee Kit", agent.SupersededReason}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			e := newEnv(t)
			e.seedOrder()
			e.conversation("c1", conversation.ChannelChat)
			h, err := e.svc.Open(ctx, approval(tt.tool, tt.p))
			if err != nil {
				t.Fatal(err)
			}
			if tt.newer != nil {
				if err := agent.NoteNewest(ctx, e.st, shop, *tt.newer, t0); err != nil {
					t.Fatal(err)
				}
			}
			if err := e.svc.Decide(ctx, h.ID, escalation.Decision{Approve: true, By: "alex"}); err != nil {
				t.Fatal(err)
			}
			c, msgs := e.conv("c1")
			for _, w := range tt.want {
				if !strings.Contains(lastText(msgs), w) {
					t.Errorf("last message %q, want %q in it", lastText(msgs), w)
				}
			}
			if strings.Contains(lastText(msgs), "couldn't complete") || c.Status != conversation.StatusOpen {
				t.Errorf("last message %q, status %s; want the reason and the agent back", lastText(msgs), c.Status)
			}
			if got := e.handoff(h.ID); got.Status != escalation.StatusRefused || !got.Refused || got.ClosedAt == nil {
				t.Errorf("handoff %+v, want refused and closed", got)
			}
			if acts, _ := demoshop.Actions(ctx, e.st); len(acts) != 0 {
				t.Errorf("shop actions %+v, want none", acts)
			}
			if p, ok := c.FindProposal(tt.p.ID); !ok || p.Status != conversation.ProposalFailed {
				t.Errorf("proposal in the conversation %+v, want failed", p)
			}
		})
	}
}

// An approved return of one of two mugs runs although a newer request
// about the other mug was confirmed meanwhile: only a newer request the
// order's units cannot hold beside it supersedes it.
func TestApprovalNotSupersededByOtherUnits(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.seedOrder()
	e.conversation("c1", conversation.ChannelChat)
	p := &conversation.Proposal{ID: "c1-3-0", Tool: "start_return", Order: "#1006", OrderID: "6006", At: t0.Add(-time.Hour),
		Lines:  []conversation.ProposalLine{{LineItemID: "l2", Title: "Harbor Stoneware Mug", Quantity: 1, Price: 2400}},
		Reason: "UNWANTED", Resolution: "refund", Amount: 2400, Currency: "USD", Status: conversation.ProposalQueued}
	h, err := e.svc.Open(ctx, approval("start_return", p))
	if err != nil {
		t.Fatal(err)
	}
	newer := conversation.Proposal{ID: "track-1", Tool: "report_damage", Order: "#1006", OrderID: "6006", At: t0,
		Lines: []conversation.ProposalLine{{LineItemID: "l2", Quantity: 1}}}
	if err := agent.NoteNewest(ctx, e.st, shop, newer, t0); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Decide(ctx, h.ID, escalation.Decision{Approve: true, By: "alex"}); err != nil {
		t.Fatal(err)
	}
	if got := e.handoff(h.ID); got.Status != escalation.StatusDone {
		t.Errorf("handoff %+v, want done", got)
	}
	if o, _ := e.st.GetOrder(ctx, shop, "6006"); len(o.Returns) != 1 {
		t.Errorf("returns %+v, want the one mug's", o.Returns)
	}
}

// TestEraseShop: shop/redact's erasers delete the shop's handoffs, their
// task tokens and outcomes, and locally their executions and timers
// (ids that name the shop only short, which store.Store.EraseShop
// leaves); another shop's stay.
func TestEraseShop(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.conversation("c1", conversation.ChannelChat)
	h, err := e.svc.Open(ctx, escalation.Request{Shop: shop, Kind: escalation.KindHandoff, ConversationID: "c1", Reason: "x", Key: "0"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := e.svc.Open(ctx, escalation.Request{Shop: "other.myshopify.com", Kind: escalation.KindHandoff, CustomerEmail: "kim@example.com", Order: "#9", Reason: "x", Key: "0"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Reply(ctx, h.ID, "Alex", "On it."); err != nil {
		t.Fatal(err)
	}
	named := func() []string {
		var out []string
		for _, coll := range []string{escalation.Handoffs, "handoff_tokens", "handoff_outcomes", localflow.Executions, localflow.Timers} {
			docs, err := e.st.ListDocs(ctx, coll, "", "", 100)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range docs {
				if strings.Contains(d.ID, h.ID) || store.NamesShop(string(d.Value), shop) {
					out = append(out, coll+"|"+d.ID)
				}
			}
		}
		return out
	}
	if len(named()) < 3 {
		t.Fatalf("before the erase: %q, want the handoff, its outcome and its execution", named())
	}
	if err := e.svc.EraseShop(ctx, shop); err != nil {
		t.Fatal(err)
	}
	if err := e.engine.EraseShop(ctx, shop); err != nil {
		t.Fatal(err)
	}
	if left := named(); len(left) > 0 {
		t.Errorf("after the erase, still there: %q", left)
	}
	if _, err := e.svc.Get(ctx, other.ID); err != nil {
		t.Errorf("the other shop's handoff: %v", err)
	}
	if x := e.execution(other.ID); x.Status != localflow.StatusRunning {
		t.Errorf("the other shop's execution: %s", x.Status)
	}
	e.advance(5 * time.Hour) // nothing of the erased shop wakes
}

// TestEraseShopExecutionEndsQuietly: in AWS the executions of an erased
// shop's handoffs keep waiting; when they wake they end quietly, with no
// mail and no failure.
func TestEraseShopExecutionEndsQuietly(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.conversation("c1", conversation.ChannelChat)
	h, err := e.svc.Open(ctx, escalation.Request{Shop: shop, Kind: escalation.KindHandoff, ConversationID: "c1", Reason: "x", Key: "0"})
	if err != nil {
		t.Fatal(err)
	}
	mailed, err := e.box.List()
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.EraseShop(ctx, shop); err != nil {
		t.Fatal(err)
	}
	e.advance(5 * time.Hour)
	e.advance(80 * time.Hour)
	after, err := e.box.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range after[len(mailed):] {
		t.Errorf("mail after the erase to %s: %q", m.To, m.Subject)
	}
	if x := e.execution(h.ID); x.Status != localflow.StatusSucceeded {
		t.Errorf("escalation %s (%s %s), want it ended quietly", x.Status, x.Error, x.Cause)
	}
}
