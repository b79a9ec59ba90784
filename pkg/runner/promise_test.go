package runner_test

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/promise"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// promised runs the chat of a customer whose parcel is late up to their
// yes, and returns the promise it made.
func promised(t *testing.T, r *runner.Runner, c *client) promise.Promise {
	t.Helper()
	reply, acts := c.say("my order #1003 is late, it's still not here")
	wantIn(t, reply, "hasn't arrived by", "10:00 AM", "replacement", "Just reply yes")
	if !hasStatus(acts, "proposed") {
		t.Fatalf("no follow-up proposed: %v", statusesOf(acts))
	}
	reply, acts = c.say("yes")
	wantIn(t, reply, "You have my word", "replacement")
	if !hasStatus(acts, "done") {
		t.Fatalf("the yes did not make the promise: %v", statusesOf(acts))
	}
	ps, err := r.App.Promises.Pending(t.Context(), demoShop)
	if err != nil || len(ps) != 1 {
		t.Fatalf("pending promises %v, %v; want 1", ps, err)
	}
	p := ps[0]
	if p.OrderName != "#1003" || p.Action != promise.ActionReplace || p.Conversation != c.id || p.Channel != conversation.ChannelChat {
		t.Errorf("promise = %+v", p)
	}
	if due := p.DueAt.In(time.FixedZone("", 0)); p.DueAt.Before(r.Clock.Now()) || due.Minute() != 0 {
		t.Errorf("due at %s: want a whole hour in the future", p.DueAt)
	}
	// The chat knows about it when the customer asks again.
	reply, _ = c.say("what's happening with my order #1003?")
	wantIn(t, reply, "As we promised", "hasn't arrived by", "replacement")
	return p
}

// past moves the runner's clock to just after t.
func past(t *testing.T, r *runner.Runner, srv string, at time.Time) {
	t.Helper()
	d := at.Sub(r.Clock.Now()) + time.Minute
	if code := post(t, srv+"/dev/clock", "", map[string]string{"advance": d.String()}, nil); code != 200 {
		t.Fatalf("advance %s: %d", d, code)
	}
}

func conversationTexts(t *testing.T, r *runner.Runner, id string) []string {
	t.Helper()
	_, msgs, err := r.Store.GetConversation(t.Context(), demoShop, id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		out = append(out, m.Text)
	}
	return out
}

func count(texts []string, part string) int {
	n := 0
	for _, s := range texts {
		if strings.Contains(s, part) {
			n++
		}
	}
	return n
}

// A promise made in the chat is kept at its time: the parcel has not
// arrived, so the replacement is made once and the customer is told in the
// same conversation (and by email, being away), without writing again. A
// retry of the due step, whether it reads the promise kept or (a crash
// before the save) still pending, acts and tells nothing twice.
func TestPromiseKeptOnTheRunner(t *testing.T) {
	r := promiseRunner(t)
	srv := startServer(t, r)
	c, _ := startChat(t, srv, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
	p := promised(t, r, c)
	staff := signIn(t, srv)
	if got := consolePromises(staff); len(got) != 1 || got[0]["order_name"] != "#1003" || got[0]["action"] != "replacement" ||
		got[0]["due_at"] != p.DueAt.Format(time.RFC3339) || got[0]["conversation_id"] != c.id {
		t.Errorf("console promises = %v, want #1003's, due %s", got, p.DueAt.Format(time.RFC3339))
	}
	if n := len(ofType(shopActions(t, srv), "replacement")); n != 0 {
		t.Fatalf("%d replacements before the promise was due", n)
	}

	past(t, r, srv.URL, p.DueAt)
	reps := ofType(shopActions(t, srv), "replacement")
	if len(reps) != 1 || reps[0].Order != "#1003" {
		t.Fatalf("replacements %+v: want exactly one for #1003", reps)
	}
	texts := conversationTexts(t, r, c.id)
	if n := count(texts, "so as promised we're sending you a replacement"); n != 1 {
		t.Errorf("%d messages telling the customer, want 1:\n%s", n, strings.Join(texts, "\n---\n"))
	}
	mails := 0
	for _, e := range outboxTo(t, srv, "daniel.reyes@example.com") {
		if strings.Contains(e.Text, "so as promised") {
			mails++
		}
	}
	if mails != 1 {
		t.Errorf("%d emails to the away customer, want 1", mails)
	}
	kept, err := r.App.Promises.Get(t.Context(), p.Key())
	if err != nil || kept.State != promise.StateKept || !kept.Told || kept.Replacement == "" {
		t.Fatalf("promise after its time: %+v, %v", kept, err)
	}

	// Retries of the due step.
	in, _ := json.Marshal(promise.Input{Shop: p.Shop, Promise: p.Key(), DueAt: workflow.Timestamp(p.DueAt)})
	if _, err := r.App.Promises.Steps().Run(t.Context(), workflow.Task{Step: promise.StepKeep, Input: in}); err != nil {
		t.Fatalf("retried step: %v", err)
	}
	stale := p // as a run that stopped before saving would find it
	if _, err := r.App.Promises.Keep(t.Context(), stale); err != nil {
		t.Fatalf("retry from pending: %v", err)
	}
	if n := len(ofType(shopActions(t, srv), "replacement")); n != 1 {
		t.Errorf("%d replacements after retries, want 1", n)
	}
	if n := count(conversationTexts(t, r, c.id), "so as promised"); n != 1 {
		t.Errorf("%d messages after retries, want 1", n)
	}
	if got := consolePromises(signIn(t, srv)); len(got) != 0 { // a new session: the clock moved days
		t.Errorf("console still lists %v", got)
	}
}

func promiseRunner(t *testing.T) *runner.Runner {
	t.Helper()
	r, err := runner.New(runner.Config{Start: testStart, DataDir: t.TempDir(), Shop: demoShop, WebhookSecret: "s", Demo: events.DemoOrders(),
		ConsolePassword: consolePassword, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	return r
}

// consolePromises is GET /console/api/promises's list.
func consolePromises(c *console) []map[string]any {
	c.t.Helper()
	var out struct {
		Available bool             `json:"available"`
		Promises  []map[string]any `json:"promises"`
	}
	if code := c.do("GET", "/console/api/promises", nil, &out); code != 200 || !out.Available {
		c.t.Fatalf("console promises: %d, available %v", code, out.Available)
	}
	return out.Promises
}

// A parcel delivered before the promised time cancels the promise (the
// reaction to the delivery webhook): at the time, nothing is done and the
// customer is not written to.
func TestPromiseCancelledByDelivery(t *testing.T) {
	r := promiseRunner(t)
	srv := startServer(t, r)
	c, _ := startChat(t, srv, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
	p := promised(t, r, c)
	before := len(conversationTexts(t, r, c.id))

	deliver(t, r, srv.URL, "6100000010031", "5500000001003")
	got, err := r.App.Promises.Get(t.Context(), p.Key())
	if err != nil || got.State != promise.StateCancelled {
		t.Fatalf("promise after delivery: %+v, %v", got, err)
	}
	if ps, _ := r.App.Promises.Pending(t.Context(), demoShop); len(ps) != 0 {
		t.Errorf("still pending after delivery: %+v", ps)
	}

	past(t, r, srv.URL, p.DueAt)
	if n := len(ofType(shopActions(t, srv), "replacement")) + len(ofType(shopActions(t, srv), "refund")); n != 0 {
		t.Errorf("%d resolutions for a parcel that arrived", n)
	}
	if after := conversationTexts(t, r, c.id); len(after) != before {
		t.Errorf("the customer was written to: %q", after[before:])
	}
	// Kept late anyway (a step that ran before the stop): nothing happens.
	if _, err := r.App.Promises.Keep(t.Context(), got); err == nil || !strings.Contains(err.Error(), "stopped") {
		t.Errorf("keeping a cancelled promise: %v, want stopped", err)
	}
}

// deliver sends the fulfillments/update webhook of a delivered parcel, as
// Shopify would, dated now on the runner's clock.
func deliver(t *testing.T, r *runner.Runner, srv, fulfillmentID, orderID string) {
	t.Helper()
	raw, err := fs.ReadFile(events.DemoOrders(), "1003.json")
	if err != nil {
		t.Fatal(err)
	}
	var o struct {
		Fulfillments []map[string]any `json:"fulfillments"`
	}
	if err := json.Unmarshal(raw, &o); err != nil || len(o.Fulfillments) == 0 {
		t.Fatalf("demo order: %v", err)
	}
	f := o.Fulfillments[0]
	if fmt.Sprint(f["id"]) != fulfillmentID && fmt.Sprintf("%.0f", f["id"]) != fulfillmentID {
		t.Fatalf("fulfillment id %v", f["id"])
	}
	now := r.Clock.Now().Format(time.RFC3339)
	f["shipment_status"], f["updated_at"] = "delivered", now
	body, _ := json.Marshal(f)
	req, _ := http.NewRequest(http.MethodPost, srv+"/webhooks/shopify", strings.NewReader(string(body)))
	req.Header.Set(shopify.HeaderTopic, "fulfillments/update")
	req.Header.Set(shopify.HeaderShopDomain, demoShop)
	req.Header.Set(shopify.HeaderEventID, "delivered-"+orderID)
	req.Header.Set(shopify.HeaderHMAC, shopify.Sign([]byte("s"), body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("delivery webhook: %d", resp.StatusCode)
	}
	o2, err := r.Store.GetOrder(t.Context(), demoShop, orderID)
	if err != nil || len(o2.Shipments) == 0 || o2.Shipments[0].Status != "delivered" {
		t.Fatalf("parcel not delivered after the webhook: %+v, %v", o2.Shipments, err)
	}
}
