package outreach_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/mail"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/localflow"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/outbox"
	"github.com/doorstep-ai/doorstep/pkg/outreach"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/watch"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

const (
	shop     = "demo-shop.myshopify.com"
	customer = "samuel.whitfield@example.com"
	day      = 24 * time.Hour
)

// delivered is when the test order's parcel arrived; the tests' clock
// starts an hour later, as a fulfillments/update webhook would.
var delivered = time.Date(2026, 11, 17, 19, 32, 7, 0, time.UTC)

type env struct {
	t      *testing.T
	shop   *codes
	st     *bolt.Store
	clk    *clock.Manual
	engine *localflow.Engine
	box    *outbox.Outbox
	esc    *escalation.Service
	svc    *outreach.Service
}

func settings() outreach.Settings {
	return outreach.Settings{ShopName: "Hearth & Harbor", ShopURL: "https://demo-shop.myshopify.com",
		DiscountPercent: 10, DiscountDays: 30, FriendCodes: true, ReviewURL: "https://demo-shop.myshopify.com/pages/reviews", ReturnWindowDays: 30,
		AddOns: []outreach.AddOn{
			{When: "Pour-Over Coffee Kit", Suggest: "Unbleached Paper Filters", URL: "https://demo-shop.myshopify.com/products/paper-filters"},
			{When: "Harbor Stoneware Mug", Suggest: "Pour-Over Coffee Kit"},
		}}
}

func newEnv(t *testing.T) *env {
	t.Helper()
	dir := t.TempDir()
	st, err := bolt.Open(filepath.Join(dir, "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clk := clock.NewFixed(delivered.Add(time.Hour))
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	engine := localflow.New(st, clk, log)
	box := &outbox.Outbox{Path: filepath.Join(dir, "outbox.jsonl"), Clock: clk}
	msgr := &escalation.Messenger{Store: st, Mail: box, From: mail.Address{Name: "Hearth & Harbor", Address: "support@hearth.example"}, Clock: clk}
	esc := &escalation.Service{Store: st, Scheduler: engine, Messenger: msgr, Clock: clk, Log: log,
		Settings: escalation.Settings{Staff: mail.Address{Address: "staff@hearth.example"}, SLA: 4 * time.Hour}}
	shopCodes := &codes{}
	svc := &outreach.Service{Store: st, Scheduler: engine, Messenger: msgr, Escalations: esc, Clock: clk, Log: log, Settings: settings(),
		Discounts: shopCodes}
	if err := engine.RegisterMachine(workflow.Escalation, esc.Steps()); err != nil {
		t.Fatal(err)
	}
	if err := engine.RegisterMachine(workflow.Outreach, svc.Steps()); err != nil {
		t.Fatal(err)
	}
	return &env{t: t, shop: shopCodes, st: st, clk: clk, engine: engine, box: box, esc: esc, svc: svc}
}

func (e *env) order() (order.Order, order.Shipment) {
	o := order.Order{Shop: shop, ID: "6006", Name: "#1006", Email: customer, Currency: "USD", TotalPrice: 11200,
		Customer:        order.Customer{FirstName: "Samuel", LastName: "Whitfield", Email: customer},
		FinancialStatus: "paid", FulfillmentStatus: "fulfilled", CreatedAt: delivered.Add(-4 * day), UpdatedAt: delivered,
		LineItems: []order.LineItem{{ID: "l1", Title: "Pour-Over Coffee Kit", SKU: "HH-POK-WAL", Quantity: 1, Price: 6400},
			{ID: "l2", Title: "Harbor Stoneware Mug", SKU: "HH-MUG-SG12", Quantity: 2, Price: 2400}}}
	d := delivered
	sh := order.Shipment{Shop: shop, OrderID: o.ID, ID: "5506", State: "success", Status: order.StatusDelivered, Carrier: "UPS",
		DeliveredAt: &d, CreatedAt: delivered.Add(-3 * day), UpdatedAt: delivered, LastEventAt: delivered}
	return o, sh
}

// deliver stores the order and its delivered shipment as the webhook intake
// does, and lets outreach react, as intake.Service.Applied will.
func (e *env) deliver() (order.Order, order.Shipment) {
	e.t.Helper()
	o, _ := e.order()
	return e.deliverOrder(o)
}

// deliverOrder is deliver with the order given.
func (e *env) deliverOrder(o order.Order) (order.Order, order.Shipment) {
	e.t.Helper()
	_, sh := e.order()
	c := store.Change{Shop: shop, EventKey: "fulfillments/update-1", Order: &o, Shipments: []order.Shipment{sh}}
	if _, err := e.st.Apply(context.Background(), c); err != nil {
		e.t.Fatal(err)
	}
	e.svc.Applied(context.Background(), "fulfillments/update", c)
	return o, sh
}

func (e *env) advance(d time.Duration) {
	e.t.Helper()
	if err := e.engine.Tick(context.Background(), e.clk.Advance(d)); err != nil {
		e.t.Fatalf("tick: %v", err)
	}
}

// until advances the clock to delivery plus d.
func (e *env) until(d time.Duration) {
	e.t.Helper()
	if at := delivered.Add(d); at.After(e.clk.Now()) {
		e.advance(at.Sub(e.clk.Now()))
	}
}

func (e *env) mail() []outbox.Entry {
	e.t.Helper()
	all, err := e.box.List()
	if err != nil {
		e.t.Fatal(err)
	}
	var out []outbox.Entry
	for _, m := range all {
		if m.To == customer {
			out = append(out, m)
		}
	}
	return out
}

func (e *env) answer(text, conv string) outreach.Match {
	e.t.Helper()
	m, err := e.svc.Answer(context.Background(), outreach.Message{Shop: shop, Email: customer, ConversationID: conv, Text: text})
	if err != nil {
		e.t.Fatal(err)
	}
	return m
}

func (e *env) execution(sh order.Shipment) localflow.Execution {
	e.t.Helper()
	x, err := e.engine.Describe(context.Background(), workflow.Outreach, outreach.ExecutionName(shop, sh.OrderID, sh.ID))
	if err != nil {
		e.t.Fatal(err)
	}
	return x
}

func subjects(ms []outbox.Entry) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Subject)
	}
	return out
}

func TestHappyPath(t *testing.T) {
	e := newEnv(t)
	_, sh := e.deliver()
	e.until(5*day - time.Minute)
	if got := e.mail(); len(got) != 0 {
		t.Fatalf("mail before the check-in window: %v", subjects(got))
	}
	e.until(5 * day)
	got := e.mail()
	if len(got) != 1 || !strings.Contains(got[0].Subject, "#1006") || !strings.Contains(got[0].Text, "Hi Samuel") ||
		!strings.Contains(got[0].Text, "Pour-Over Coffee Kit and Harbor Stoneware Mug") {
		t.Fatalf("check-in: %+v", got)
	}

	m := e.answer("Love it, thank you!", "")
	if m.Kind != outreach.MatchCheckIn || m.Sentiment != outreach.Happy || m.Reply == "" {
		t.Fatalf("answer matched %+v, want a happy check-in answer", m)
	}
	got = e.mail()
	if len(got) != 2 {
		t.Fatalf("mail after a happy answer: %v, want the suggestion", subjects(got))
	}
	sug := got[1].Text
	if len(e.shop.made) != 2 {
		t.Fatalf("%d codes made in the shop, want the customer's and a friend's", len(e.shop.made))
	}
	own, friend := e.shop.made[0], e.shop.made[1]
	for _, want := range []string{"Unbleached Paper Filters", "https://demo-shop.myshopify.com/products/paper-filters",
		"code " + own.Code + " takes 10% off your next order (one use, until December 22)", "give them this one: " + friend.Code} {
		if !strings.Contains(sug, want) {
			t.Errorf("suggestion %q lacks %q", sug, want)
		}
	}
	if again := e.answer("love it", ""); again.Kind != "" {
		t.Errorf("a second answer matched %+v; the check-in was answered", again)
	}

	e.until(13*day - time.Minute)
	if n := len(e.mail()); n != 2 {
		t.Fatalf("%d mails before day 13, want 2", n)
	}
	e.until(13 * day)
	got = e.mail()
	if len(got) != 3 || !strings.Contains(got[2].Text, "1 (poor) to 5 (great)") || !strings.Contains(got[2].Text, "/pages/reviews") {
		t.Fatalf("review request: %v\n%s", subjects(got), got[len(got)-1].Text)
	}
	if m := e.answer("5", ""); m.Kind != outreach.MatchRating || m.Rating != 5 {
		t.Fatalf("rating matched %+v", m)
	}
	raw, err := e.st.GetDoc(context.Background(), outreach.Ratings, shop+"|6006")
	if err != nil {
		t.Fatal(err)
	}
	var r outreach.Rating
	if err := json.Unmarshal(raw, &r); err != nil || r.Score != 5 || r.OrderName != "#1006" {
		t.Errorf("stored rating %s, %v", raw, err)
	}
	x := e.execution(sh)
	if x.Status != localflow.StatusSucceeded || strings.Join(x.Path, ",") != "WaitForCheckIn,CheckIn,Answered,Suggest,WaitForReview,RequestReview,Done" {
		t.Errorf("execution %s via %v", x.Status, x.Path)
	}
	e.until(60 * day)
	if n := len(e.mail()); n != 3 {
		t.Errorf("%d mails in the end, want 3", n)
	}
}

func TestUnhappyPathOpensHandoff(t *testing.T) {
	e := newEnv(t)
	_, sh := e.deliver()
	e.until(5 * day)
	// A damaged item is the agent's to resolve (AsksToAct): unhappy words
	// that ask for nothing are the check-in's answer.
	m := e.answer("Honestly I'm disappointed, the quality is poor.", "")
	if m.Sentiment != outreach.Unhappy {
		t.Fatalf("matched %+v, want unhappy", m)
	}
	got := e.mail()
	if len(got) != 2 || !strings.Contains(got[1].Text, "passed this to a member of our team") || !strings.Contains(got[1].Text, "returns are open until December 17") {
		t.Fatalf("after an unhappy answer: %v\n%s", subjects(got), got[len(got)-1].Text)
	}
	queue, err := e.esc.List(context.Background(), escalation.StatusOpen)
	if err != nil || len(queue) != 1 || queue[0].Order != "#1006" || queue[0].CustomerEmail != customer {
		t.Fatalf("handoff queue %+v, %v; want the order's handoff", queue, err)
	}
	if staff, _ := e.box.List(); !strings.Contains(staff[len(staff)-1].To, "staff@") {
		t.Errorf("staff were not notified: last mail to %s", staff[len(staff)-1].To)
	}
	e.until(13 * day)
	got = e.mail()
	last := got[len(got)-1].Text
	if !strings.Contains(last, "1 (poor) to 5 (great)") || strings.Contains(last, "review of") {
		t.Errorf("an unhappy customer's request should ask the delivery rating only:\n%s", last)
	}
	if x := e.execution(sh); !strings.Contains(strings.Join(x.Path, ","), "Answered,Resolve,WaitForReview") {
		t.Errorf("path %v", x.Path)
	}
}

func TestNoAnswerStillAsksForReview(t *testing.T) {
	e := newEnv(t)
	_, sh := e.deliver()
	e.until(5 * day)
	e.until(9 * day)
	if m := e.answer("love it", ""); m.Kind != "" {
		t.Errorf("an answer after the answer window matched %+v", m)
	}
	e.until(13 * day)
	if got := e.mail(); len(got) != 2 {
		t.Fatalf("mail %v, want check-in and review request", subjects(got))
	}
	if x := e.execution(sh); !strings.Contains(strings.Join(x.Path, ","), "CheckIn,NoAnswer,WaitForReview") {
		t.Errorf("path %v", x.Path)
	}
}

func TestRefundStopsIt(t *testing.T) {
	e := newEnv(t)
	o, sh := e.deliver()
	e.until(2 * day)
	c := store.Change{Shop: shop, EventKey: "refunds/create-1", Refunds: []order.Refund{{Shop: shop, OrderID: o.ID, ID: "r1", Amount: 2400, CreatedAt: e.clk.Now()}}}
	if _, err := e.st.Apply(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	e.svc.Applied(context.Background(), "refunds/create", c)
	if x := e.execution(sh); x.Status != localflow.StatusAborted {
		t.Fatalf("execution %s after a refund, want ABORTED", x.Status)
	}
	e.until(30 * day)
	if got := e.mail(); len(got) != 0 {
		t.Errorf("mail after a refund: %v", subjects(got))
	}
}

func TestStopConditionWithoutCancel(t *testing.T) {
	e := newEnv(t)
	o, sh := e.deliver()
	// A return recorded without the Applied hook (by the agent, say):
	// the check-in step itself sees it.
	ret := order.Return{Shop: shop, OrderID: o.ID, ID: "ret1", Status: "requested", CreatedAt: e.clk.Now()}
	if _, err := e.st.Apply(context.Background(), store.Change{Shop: shop, Returns: []order.Return{ret}}); err != nil {
		t.Fatal(err)
	}
	e.until(30 * day)
	if got := e.mail(); len(got) != 0 {
		t.Errorf("mail for a returned order: %v", subjects(got))
	}
	x := e.execution(sh)
	if x.Status != localflow.StatusSucceeded || x.Path[len(x.Path)-1] != "Stopped" {
		t.Errorf("execution %s via %v, want it to end in Stopped", x.Status, x.Path)
	}
}

func TestOptOut(t *testing.T) {
	e := newEnv(t)
	_, sh := e.deliver()
	e.until(5 * day)
	if m := e.answer("STOP", ""); m.Kind != outreach.MatchOptOut {
		t.Fatalf("matched %+v, want an opt-out", m)
	}
	if x := e.execution(sh); x.Status != localflow.StatusAborted {
		t.Errorf("execution %s after opt-out, want ABORTED", x.Status)
	}
	// A later delivery to the same customer starts nothing that sends.
	o2, sh2 := e.order()
	o2.ID, o2.Name, sh2.OrderID, sh2.ID = "6007", "#1007", "6007", "5507"
	d := e.clk.Now()
	sh2.DeliveredAt, sh2.UpdatedAt = &d, d
	c := store.Change{Shop: shop, Order: &o2, Shipments: []order.Shipment{sh2}}
	if _, err := e.st.Apply(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	e.svc.Applied(context.Background(), "fulfillments/update", c)
	e.until(40 * day)
	if got := e.mail(); len(got) != 1 {
		t.Errorf("mail %v, want only the first check-in", subjects(got))
	}
}

func TestNoDuplicateMessages(t *testing.T) {
	e := newEnv(t)
	o, sh := e.deliver()
	e.deliver() // the same webhook again
	// A second parcel of the same order, delivered a day later.
	sh2 := sh
	sh2.ID = "5507"
	d := delivered.Add(day)
	sh2.DeliveredAt, sh2.UpdatedAt = &d, d
	c := store.Change{Shop: shop, Order: &o, Shipments: []order.Shipment{sh2}}
	if _, err := e.st.Apply(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	e.svc.Applied(context.Background(), "fulfillments/update", c)
	for i := 0; i < 6; i++ {
		e.until(time.Duration(5*24+i) * time.Hour)
	}
	e.answer("Great, thanks", "")
	for i := 0; i < 20; i++ {
		e.advance(day)
	}
	got := e.mail()
	seen := map[string]int{}
	for _, m := range got {
		seen[m.Subject]++
	}
	for s, n := range seen {
		if n > 1 {
			t.Errorf("%q sent %d times", s, n)
		}
	}
	if len(got) != 3 {
		t.Errorf("mail %v, want check-in, suggestion and review request once each", subjects(got))
	}
	if x := e.execution(sh2); x.Status != localflow.StatusSucceeded {
		t.Errorf("second parcel's execution %s", x.Status)
	}
}

func TestCheckInInTheOpenChat(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.deliver()
	e.until(5*day - time.Hour)
	now := e.clk.Now()
	c := conversation.Conversation{Shop: shop, ID: "chat1", Channel: conversation.ChannelChat, Status: conversation.StatusOpen,
		CustomerEmail: customer, VerifiedBy: conversation.VerifiedByOrder, CreatedAt: now, UpdatedAt: now}
	if err := e.st.CreateConversation(ctx, c); err != nil {
		t.Fatal(err)
	}
	e.until(5 * day)
	if got := e.mail(); len(got) != 0 {
		t.Fatalf("mail %v: the check-in should go to the open chat", subjects(got))
	}
	_, msgs, err := e.st.GetConversation(ctx, shop, "chat1")
	if err != nil || len(msgs) != 1 || msgs[0].Role != conversation.RoleAgent || !strings.Contains(msgs[0].Text, "How are you getting on") {
		t.Fatalf("chat messages %+v, %v", msgs, err)
	}
	if m := e.answer("love it", "chat1"); m.Sentiment != outreach.Happy {
		t.Fatalf("matched %+v", m)
	}
	_, msgs, _ = e.st.GetConversation(ctx, shop, "chat1")
	if len(msgs) != 2 || !strings.Contains(msgs[1].Text, "Unbleached Paper Filters") {
		t.Errorf("chat after the answer: %+v", msgs)
	}
	// A week later the chat is quiet: the review request goes by email.
	e.until(13 * day)
	if got := e.mail(); len(got) != 1 || !strings.Contains(got[0].Subject, "How did the delivery") {
		t.Errorf("mail %v, want the review request by email", subjects(got))
	}
}

func TestCheckInNamesTheDeliveredParcel(t *testing.T) {
	e := newEnv(t)
	o, sh := e.order()
	o.LineItems = append(o.LineItems, order.LineItem{ID: "l3", Title: "Beeswax Pillar Candle", Quantity: 1})
	sh.LineItemIDs = []string{"l1", "l2"}
	c := store.Change{Shop: shop, Order: &o, Shipments: []order.Shipment{sh}}
	if _, err := e.st.Apply(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	e.svc.Applied(context.Background(), "fulfillments/update", c)
	e.until(5 * day)
	got := e.mail()
	if len(got) != 1 || strings.Contains(got[0].Text, "Candle") || !strings.Contains(got[0].Text, "(Pour-Over Coffee Kit and Harbor Stoneware Mug)") {
		t.Errorf("check-in %q: want the parcel's items only", got)
	}
}

func TestOldDeliveryStartsNothing(t *testing.T) {
	e := newEnv(t)
	e.clk.Set(delivered.Add(30 * day))
	_, sh := e.deliver()
	if _, err := e.engine.Describe(context.Background(), workflow.Outreach, outreach.ExecutionName(shop, sh.OrderID, sh.ID)); err == nil {
		t.Error("outreach started for a delivery 30 days old")
	}
}

func TestErase(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.deliver()
	e.until(5 * day)
	e.answer("love it", "")
	if err := e.svc.Erase(ctx, shop, customer); err != nil {
		t.Fatal(err)
	}
	docs, err := e.st.ListDocs(ctx, outreach.CheckIns, shop+"|"+customer+"|", "", 10)
	if err != nil || len(docs) != 0 {
		t.Errorf("records after erase: %d, %v", len(docs), err)
	}
}

// failOnce is a scheduler whose first SendTaskSuccess fails (Step
// Functions throttled, say).
type failOnce struct {
	workflow.Scheduler
	failed bool
}

func (f *failOnce) SendTaskSuccess(ctx context.Context, token string, output any) error {
	if !f.failed {
		f.failed = true
		return errors.New("ThrottlingException: rate exceeded")
	}
	return f.Scheduler.SendTaskSuccess(ctx, token, output)
}

// TestAnswerRetryCompletesTask: when completing the check-in's task fails
// after the answer was recorded, the retry completes it (the answer is
// not lost as "answered already"); after that the message is the agent's.
func TestAnswerRetryCompletesTask(t *testing.T) {
	e := newEnv(t)
	e.svc.Scheduler = &failOnce{Scheduler: e.engine}
	_, sh := e.deliver()
	e.until(5 * day)
	if got := e.mail(); len(got) != 1 {
		t.Fatalf("check-in mail: %v", subjects(got))
	}
	msg := outreach.Message{Shop: shop, Email: customer, Text: "Love it, thank you!"}
	if _, err := e.svc.Answer(context.Background(), msg); err == nil {
		t.Fatal("first answer: no error, want the failed task completion")
	}
	for _, want := range []string{outreach.MatchCheckIn, ""} { // the retry completes it; later the agent answers
		m, err := e.svc.Answer(context.Background(), msg)
		if err != nil {
			t.Fatalf("answer: %v", err)
		}
		if m.Kind != want {
			t.Fatalf("answer matched %q, want %q", m.Kind, want)
		}
	}
	if got := e.mail(); len(got) != 2 {
		t.Errorf("mail after the retried answer: %v, want the check-in and the suggestion", subjects(got))
	}
	if x := e.execution(sh); x.State == "CheckIn" || x.Token != "" {
		t.Errorf("execution still waiting in %s", x.State)
	}
}

// A customer who said the parcel never came (or came broken) gets no
// "how are you getting on with it?" while that case is open; once it is
// closed (delivered after all), the check-in goes as usual.
func TestCheckInHeldForOpenDeliveryCase(t *testing.T) {
	for _, tc := range []struct {
		name      string
		kind      watch.Kind
		closed    bool
		wantMails int
	}{
		{"not received, open", watch.KindNotReceived, false, 0},
		{"damaged, open", watch.KindDamaged, false, 0},
		{"not received, delivered after all", watch.KindNotReceived, true, 1},
		{"late, open", watch.KindLate, false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.svc.Cases = watch.Cases{Store: e.st}
			o, sh := e.deliver()
			r := watch.Record{Shop: shop, OrderID: o.ID, OrderName: o.Name, ShipmentID: sh.ID, Kind: tc.kind, DetectedAt: e.clk.Now(), Action: watch.ActionPerson}
			if tc.closed {
				at := e.clk.Now()
				r.ClosedAt = &at
			}
			b, _ := json.Marshal(r)
			if err := e.st.PutDoc(context.Background(), watch.ProblemsCollection, shop+"|"+o.ID+"|"+sh.ID+"|"+string(tc.kind), b, time.Time{}); err != nil {
				t.Fatal(err)
			}
			e.until(5 * day)
			if got := e.mail(); len(got) != tc.wantMails {
				t.Errorf("mail by the check-in day: %v, want %d", subjects(got), tc.wantMails)
			}
		})
	}
}
