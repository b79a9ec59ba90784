package web_test

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/web/browsertest"
)

// TestConsoleDeliveryHandoff: the page a delivery handoff's staff mail
// links to shows the order and the parcel, and a person writes to the
// customer and resolves the handoff there.
func TestConsoleDeliveryHandoff(t *testing.T) {
	exe := browsertest.Chromium(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	r, err := runner.New(runner.Config{DataDir: t.TempDir(), Shop: demoShop, WebhookSecret: "s", Demo: events.DemoOrders(), Log: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	o, err := r.Store.GetOrderByName(t.Context(), demoShop, "#1005")
	if err != nil {
		t.Fatal(err)
	}
	h, err := r.Escalation.Open(t.Context(), escalation.Request{Shop: demoShop, Kind: escalation.KindHandoff, CustomerEmail: o.Email, Order: o.Name, OrderID: o.ID,
		Reason: "the policy asks for a person", Key: "lost", Case: "delivery|" + o.ID, Problem: "lost parcel", ToDo: "ask UPS to trace it",
		Parcel: &escalation.Parcel{Carrier: "UPS", Tracking: "1Z1005"}})
	if err != nil {
		t.Fatal(err)
	}
	const password = "console-handoff-password"
	con := &console.Console{Store: r.Store, Auth: console.NewDevAuth(password, r.Clock), Shop: demoShop, Clock: r.Clock, Log: log,
		Handoffs: console.Escalations{S: r.Escalation}}
	srv := httptest.NewServer(con.Handler())
	t.Cleanup(srv.Close)

	alloc, cancelAlloc := browsertest.Allocator(t, exe, nil)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium (%s): %v", exe, err)
	}
	ctx, cancelTimeout := browsertest.UntilTestDeadline(ctx, t)
	defer cancelTimeout()
	var page string
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/console/handoffs/"+h.ID),
		chromedp.WaitVisible(`[data-testid="login-password"]`),
		chromedp.SendKeys(`[data-testid="login-password"]`, password),
		chromedp.Click(`[data-testid="login-submit"]`),
		chromedp.WaitVisible(`[data-testid="handoff"] [data-testid="order"]`),
	); err != nil {
		t.Fatalf("open the handoff: %v", err)
	}
	page, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main').innerText`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Order #1005: lost parcel", "1Z1005", "ask UPS to trace it", o.Email, "Write to the customer", "Resolve"} {
		if !strings.Contains(page, want) {
			t.Errorf("handoff page lacks %q:\n%s", want, page)
		}
	}
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(`#handoff-text`, "UPS is tracing your parcel."),
		chromedp.Click(`#handoff-write button[type=submit]`),
		chromedp.WaitVisible(`[data-testid="handoff-conversation"]`),
		chromedp.SendKeys(`#handoff-note`, "UPS found it"),
		chromedp.Click(`#handoff-resolve button[type=submit]`),
		chromedp.WaitVisible(`[data-testid="handoff-note"]`),
		chromedp.WaitNotPresent(`#handoff-resolve`),
	); err != nil {
		t.Fatalf("write and resolve: %v", err)
	}
	got, err := r.Escalation.Get(t.Context(), h.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != escalation.StatusResolved || got.ConversationID == "" || !strings.Contains(got.Note, "UPS found it") {
		t.Errorf("handoff after the page: status %s conversation %q note %q", got.Status, got.ConversationID, got.Note)
	}
}
