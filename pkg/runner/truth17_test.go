package runner_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/outbox"
	"github.com/doorstep-ai/doorstep/pkg/parcelaudit"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/pkg/tracking"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// truthRunner is the demo runner with a console password, served.
func truthRunner(t *testing.T) (*runner.Runner, *httptest.Server) {
	t.Helper()
	r, err := runner.New(runner.Config{Start: testStart, DataDir: t.TempDir(), Shop: demoShop, WebhookSecret: "s",
		Demo: events.DemoOrders(), ConsolePassword: consolePassword, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	return r, startServer(t, r)
}

// devStage is GET /dev/orders/{n}'s journey: the order's stage and its
// parcels'.
func devStage(t *testing.T, srv *httptest.Server, n string) (order.Stage, []order.Stage) {
	t.Helper()
	resp, err := http.Get(srv.URL + "/dev/orders/" + n)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Journey order.Journey `json:"journey"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	var ps []order.Stage
	for _, p := range body.Journey.Parcels {
		ps = append(ps, p.Stage)
	}
	return body.Journey.Stage, ps
}

// consoleStage is the stage the console's view of a conversation gives
// the order.
func consoleStage(t *testing.T, con *console, conversationID, name string) order.Stage {
	t.Helper()
	var d struct {
		OrderViews []struct {
			Name  string      `json:"name"`
			Stage order.Stage `json:"stage"`
		} `json:"order_views"`
	}
	if code := con.do(http.MethodGet, "/console/api/conversations/"+conversationID, nil, &d); code != 200 {
		t.Fatalf("console conversation: %d", code)
	}
	for _, v := range d.OrderViews {
		if v.Name == name {
			return v.Stage
		}
	}
	t.Fatalf("console shows no %s: %+v", name, d.OrderViews)
	return ""
}

// about are the delivery notices among es about order name (not the
// check-ins or a handoff's own mails).
func about(es []outbox.Entry, name string) []outbox.Entry {
	var out []outbox.Entry
	for _, e := range es {
		if strings.Contains(e.Subject, name) && e.Headers["X-Doorstep-Notice"] != "" {
			out = append(out, e)
		}
	}
	return out
}

// #1003 goes lost on a moving clock, then UPS delivers it after all. While
// lost, /dev/orders, the console, the chat and the tracking page say so;
// once delivered, the lost claim is withdrawn with the reason, the
// customer gets one "delivered after all" mail (no plain "delivered" mail)
// as a reply in the problem's thread under its subject, and the chat knows.
func TestDeliveredAfterLost(t *testing.T) {
	r, srv := truthRunner(t)
	ctx := t.Context()
	const daniel = "daniel.reyes@example.com"
	advance(t, srv, "240h")
	advance(t, srv, "240h")

	// Lost: one stage everywhere.
	if stage, parcels := devStage(t, srv, "1003"); stage != order.StageDeliveryException || !equalStages(parcels, []order.Stage{order.StageDeliveryException}) {
		t.Errorf("/dev/orders/1003 while lost: %s %v", stage, parcels)
	}
	c, _ := startChat(t, srv, map[string]string{"email": daniel, "order_number": "#1003"})
	reply, _ := c.say("where is my order #1003?")
	wantIn(t, reply, "lost")
	con := signIn(t, srv)
	if got := consoleStage(t, con, c.id, "#1003"); got != order.StageDeliveryException {
		t.Errorf("console stage while lost = %s", got)
	}
	mails := about(outboxTo(t, srv, daniel), "#1003")
	if len(mails) == 0 {
		t.Fatal("no notice about #1003")
	}
	first := mails[0]
	page := pageText(t, srv.URL+trackLink.FindString(first.Text)[strings.Index(trackLink.FindString(first.Text), "/track?"):])
	wantIn(t, page, "lost")

	// Delivered after all.
	now := r.Clock.Now()
	if out, err := r.Delivery.Tracking.Apply(ctx, tracking.Update{Provider: tracking.AfterShip, EventID: "delivered-after-lost",
		TrackingNumber: "1Z9HH4870345612786", Status: order.StatusDelivered, At: now,
		Events: []tracking.Event{{Time: now.Add(-time.Minute), Status: order.StatusDelivered, Description: "Delivered"}}}); err != nil || out != tracking.OutcomeApplied {
		t.Fatalf("Apply = %q, %v", out, err)
	}
	advance(t, srv, "72h") // nothing more comes of it
	mails = about(outboxTo(t, srv, daniel), "#1003")
	var afterAll []outbox.Entry
	for _, m := range mails {
		if strings.Contains(m.Subject, "was delivered") {
			t.Errorf("a plain delivered mail for a parcel with a problem thread: %q", m.Subject)
		}
		if strings.Contains(m.Text, "after all") {
			afterAll = append(afterAll, m)
		}
		if m.Headers["List-Unsubscribe"] == "" || m.Headers["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click" {
			t.Errorf("notice %q has no one-click opt-out: %v", m.Subject, m.Headers)
		}
	}
	if len(afterAll) != 1 {
		t.Fatalf("%d 'delivered after all' mails, want 1 (mails %q)", len(afterAll), subjects(mails, ""))
	}
	m := afterAll[0]
	if m.Subject != first.Subject || m.Headers["In-Reply-To"] != first.Headers["Message-ID"] || !strings.Contains(m.Headers["References"], first.Headers["Message-ID"]) {
		t.Errorf("after-all mail not in the thread of %q (%s): subject %q, In-Reply-To %q, References %q",
			first.Subject, first.Headers["Message-ID"], m.Subject, m.Headers["In-Reply-To"], m.Headers["References"])
	}
	// The replacement, not shipped yet, is cancelled (a write the demo shop
	// records), and the same mail says so.
	wantIn(t, m.Text, "cancelled the replacement", "#1003-R")
	wantNotIn(t, m.Text, "nothing you need to do about the replacement")
	var acts []shopAction
	resp, err := http.Get(srv.URL + "/dev/shop/actions")
	if err != nil {
		t.Fatal(err)
	}
	_ = json.NewDecoder(resp.Body).Decode(&acts)
	resp.Body.Close()
	cancels := 0
	for _, a := range acts {
		if a.Type == "cancel" && a.Order == "#1003-R" {
			cancels++
		}
	}
	if cancels != 1 {
		t.Errorf("cancellations of #1003-R in /dev/shop/actions = %d, want 1 (%+v)", cancels, acts)
	}

	// The claim is withdrawn, saying why; the problem is closed.
	o, err := r.Store.GetOrderByName(ctx, demoShop, "#1003")
	if err != nil {
		t.Fatal(err)
	}
	cl, err := r.Delivery.Claims.Get(ctx, demoShop, parcelaudit.ID(o.ID, o.Shipments[0].ID, parcelaudit.ReasonLost))
	if err != nil || cl.Status != parcelaudit.StatusWithdrawn || !strings.Contains(cl.ClosedReason, "delivered") || cl.DeliveredAt == nil {
		t.Errorf("lost claim after delivery = %+v, %v", cl, err)
	}
	recs, err := watch.OrderProblems(ctx, r.Store, demoShop, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs {
		if rec.Open() {
			t.Errorf("problem %s still open after delivery", rec.Kind)
		}
	}

	// Every view: delivered.
	if stage, _ := devStage(t, srv, "1003"); stage != order.StageDelivered {
		t.Errorf("/dev/orders/1003 after delivery: %s", stage)
	}
	con = signIn(t, srv) // the session ended while the clock moved
	if got := consoleStage(t, con, c.id, "#1003"); got != order.StageDelivered {
		t.Errorf("console stage after delivery = %s", got)
	}
	c, _ = startChat(t, srv, map[string]string{"email": daniel, "order_number": "#1003"})
	reply, _ = c.say("where is my order #1003?")
	wantIn(t, reply, "delivered", "after all")
	wantNotIn(t, reply, "seems to be lost", "we're sending you a replacement")
}

// #1005's customer is talking to a person (the demo's handed-over
// conversation): over three weeks of a moving clock the delivery check
// sends no replacement or refund for it, its notice says a person is on
// it, and the one message after it in the same thread gives the delay's
// estimate (which the page and the chat show), again saying a person has
// it.
func TestNoAutomaticResolutionWhileAPersonOwnsTheCase(t *testing.T) {
	r, srv := truthRunner(t)
	if _, err := r.SeedConversations(t.Context()); err != nil {
		t.Fatal(err)
	}
	for range 8 {
		advance(t, srv, "72h")
	}
	var acts []shopAction
	resp, err := http.Get(srv.URL + "/dev/shop/actions")
	if err != nil {
		t.Fatal(err)
	}
	_ = json.NewDecoder(resp.Body).Decode(&acts)
	resp.Body.Close()
	for _, a := range acts {
		if a.Order == "#1005" {
			t.Errorf("the check did %s on #1005 while a person owns it", a.Type)
		}
	}
	mails := about(outboxTo(t, srv, "grace.liu@example.com"), "#1005")
	if len(mails) != 1 && len(mails) != 2 {
		t.Fatalf("mails about #1005 = %q, want the notice and at most the delay's estimate", subjects(mails, ""))
	}
	for i, m := range mails {
		wantIn(t, m.Text, "member of our team is already looking after your order")
		wantNotIn(t, m.Text, "opened a trace", "replacement")
		if i > 0 {
			wantIn(t, m.Text, "Was due by")
			if !strings.Contains(m.Headers["References"], mails[0].Headers["Message-ID"]) {
				t.Errorf("the delay's estimate is not in the notice's thread: References %q", m.Headers["References"])
			}
		}
	}
}

// #1002's label was printed and never scanned: its delay notice says the
// carrier has not received it and a person is getting it on its way, not
// that a trace was opened; no carrier claim is opened for it.
func TestNeverScannedLabelIsNotTraced(t *testing.T) {
	r, srv := truthRunner(t)
	for range 6 {
		advance(t, srv, "72h")
	}
	mails := about(outboxTo(t, srv, "priya.natarajan@example.com"), "#1002")
	if len(mails) != 1 {
		t.Fatalf("mails about #1002 = %q, want one", subjects(mails, ""))
	}
	wantIn(t, mails[0].Text, "hasn't picked the parcel up", "asked our team")
	wantNotIn(t, mails[0].Text, "opened a trace", "keeping a close eye")
	claims, err := r.Delivery.Claims.All(t.Context(), demoShop)
	if err != nil {
		t.Fatal(err)
	}
	for _, cl := range claims {
		if cl.OrderName == "#1002" {
			t.Errorf("a claim for a parcel the carrier never had: %+v", cl)
		}
	}
	hs, err := r.Escalation.List(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, h := range hs {
		found = found || (h.Order == "#1002" && strings.Contains(h.Reason, "never scanned"))
	}
	if !found {
		t.Errorf("no handoff for #1002's unscanned label: %+v", hs)
	}
}

// An unshipped order whose ship-by day went by: the chat and the tracking
// page give the same estimate, rolled forward from now (never "today" for
// items still in the warehouse), and once the first promise has passed
// they say so.
func TestUnshippedEstimateRollsForwardEverywhere(t *testing.T) {
	r, srv := truthRunner(t)
	rules := shopRules(t)
	for _, step := range []string{"96h", "240h"} {
		advance(t, srv, step)
		o, err := r.Store.GetOrderByName(t.Context(), demoShop, "#1001")
		if err != nil {
			t.Fatal(err)
		}
		ol := rules.At(rules.ForParcel(o, nil), r.Clock.Now())
		if !ol.Estimate.From.After(ol.Today) || (step == "240h") != ol.Rolled() {
			t.Fatalf("after %s: estimate %+v (step %d) not ahead of today %s, or not replaced once it could no longer be made", step, ol.Estimate, ol.Step, ol.Today)
		}
		c, _ := startChat(t, srv, map[string]string{"email": "maya.okafor@example.com", "order_number": "#1001"})
		reply, _ := c.say("where is my order #1001?")
		wantIn(t, reply, ol.Value())
		wantNotIn(t, reply, "today")
		if ol.Rolled() {
			wantIn(t, reply, "was due by "+edd.Day(ol.Promise.To)) // the broken promise is owned up to
		}
		page := pageText(t, srv.URL+r.Delivery.Notify.TrackURL(demoShop, o.ID)[len(r.Delivery.Notify.BaseURL):])
		wantIn(t, strings.ReplaceAll(page, "&ndash;", "–"), ol.Value())
	}
}
