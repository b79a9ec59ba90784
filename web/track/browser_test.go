package track_test

import (
	"github.com/doorstep-ai/doorstep/web/browsertest"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/runner"
)

// TestTrackingPage looks up demo order #1003 on the tracking page in
// headless Chromium, against the local runner with the delivery side
// wired, after the clock has moved ten days: the page shows the status,
// the problem and what was done, the timeline and related products.
func TestTrackingPage(t *testing.T) {
	exe := browsertest.Chromium(t)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	r, err := runner.New(runner.Config{DataDir: t.TempDir(), Shop: "demo-shop.myshopify.com", WebhookSecret: "s",
		Demo: events.DemoOrders(), Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	d := r.Delivery
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Checker.Run(t.Context(), r.Clock.Advance(240*time.Hour)); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/track", r.TrackPage)
	srv := httptest.NewServer(mux)
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

	type view struct {
		Status, Problem, Timeline, Related, Header, Error string
	}
	read := func() view {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[view](`(() => {
			const text = s => document.querySelector(s)?.innerText || "";
			return {Status: text("h1.status"), Problem: text(".notice"), Timeline: text(".timeline"),
				Related: text(".related"), Error: text(".error"),
				Header: getComputedStyle(document.querySelector("header")).backgroundColor};
		})()`))
		if err != nil {
			t.Fatalf("read the page: %v", err)
		}
		return v
	}
	lookup := func(orderNo, email, waitFor string) view {
		t.Helper()
		err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/track"),
			chromedp.WaitVisible(chromedp.CSS(`#order`)),
			chromedp.SendKeys(chromedp.CSS(`#order`), orderNo),
			chromedp.SendKeys(chromedp.CSS(`#email`), email),
			chromedp.Click(chromedp.CSS(`button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(waitFor)),
		)
		if err != nil {
			t.Fatalf("look up %s: %v", orderNo, err)
		}
		return read()
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1024, 900)); err != nil {
		t.Fatal(err)
	}

	v := lookup("1003", "Daniel.Reyes@example.com", "h1.status")
	if v.Status != "On its way" {
		t.Errorf("status = %q", v.Status)
	}
	if !strings.Contains(v.Problem, "opened a trace with UPS") {
		t.Errorf("problem notice = %q", v.Problem)
	}
	if !strings.Contains(v.Timeline, "In transit") {
		t.Errorf("timeline = %q", v.Timeline)
	}
	if v.Related == "" || strings.Contains(v.Related, "Skillet") {
		t.Errorf("related products = %q (must not offer what was bought)", v.Related)
	}
	if v.Header != "rgb(47, 72, 88)" {
		t.Errorf("header colour = %q, want the shop's #2f4858", v.Header)
	}

	// A wrong email shows the form again with the error, and nothing else.
	v = lookup("1003", "someone@example.com", ".error")
	if !strings.Contains(v.Error, "couldn't find an order") || v.Status != "" || v.Timeline != "" {
		t.Errorf("wrong email: %+v", v)
	}
}
