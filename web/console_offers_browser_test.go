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

// TestConsoleDeliveryHandoffOffers: a delivery handoff's page shows the
// replacement and the refund a person may approve for the parcel; a click
// on the replacement runs it, and the page shows the handoff resolved with
// nothing left to approve.
func TestConsoleDeliveryHandoffOffers(t *testing.T) {
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
		Reason: "the policy asks for a person", Key: "lost", Case: "delivery|" + o.ID, Problem: "lost parcel", ToDo: "ask UPS to trace it"})
	if err != nil {
		t.Fatal(err)
	}
	const password = "console-offers-password"
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
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/console/handoffs/"+h.ID),
		chromedp.WaitVisible(`[data-testid="login-password"]`),
		chromedp.SendKeys(`[data-testid="login-password"]`, password),
		chromedp.Click(`[data-testid="login-submit"]`),
		chromedp.WaitVisible(`[data-testid="handoff-offers"]`),
	); err != nil {
		t.Fatalf("open the handoff: %v", err)
	}
	offers, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid="handoff-offers"]').innerText`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Make good the parcel", "Approve the replacement", "Approve the refund of $", "Stonewashed Linen Throw"} {
		if !strings.Contains(offers, want) {
			t.Errorf("offers lack %q:\n%s", want, offers)
		}
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(`[data-offer="replacement"]`),
		chromedp.WaitNotPresent(`[data-testid="handoff-offers"]`),
		chromedp.WaitVisible(`[data-testid="handoff-note"]`),
	); err != nil {
		t.Fatalf("approve the replacement: %v", err)
	}
	got, err := r.Escalation.Get(t.Context(), h.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != escalation.StatusResolved || got.Action == nil || got.Action.Proposal.Resolution != "replacement" || !strings.Contains(got.Result, "replacement order") {
		t.Errorf("handoff after the click: status %s action %+v result %q", got.Status, got.Action, got.Result)
	}
}
