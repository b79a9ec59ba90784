package track_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/web/browsertest"
)

// TestSelfServeReturnInBrowser starts a return on the tracking page in
// headless Chromium, against the local runner: the customer of delivered
// order #1006 looks it up, picks one mug and a reason, reviews the exact
// proposal, confirms, and sees the return started with instructions; the
// demo shop applied exactly one return. Submitting a form with no item
// shows the error with the reason still chosen.
func TestSelfServeReturnInBrowser(t *testing.T) {
	exe := browsertest.Chromium(t)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	r, err := runner.New(runner.Config{DataDir: t.TempDir(), Shop: "demo-shop.myshopify.com", WebhookSecret: "s",
		Demo: events.DemoOrders(), Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/track", r.TrackPage)
	mux.Handle("/track/return", r.TrackPage)
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

	// The mug's select is the one whose label names it.
	const pickMug = `(() => {
		const l = [...document.querySelectorAll('[data-testid=return-form] label')].find(l => l.innerText.startsWith('Harbor Stoneware Mug'));
		const s = document.getElementById(l.htmlFor); s.value = '1'; return s.name;
	})()`
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(css(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return v
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/track"),
		chromedp.WaitVisible(css(`#order`)),
		chromedp.SendKeys(css(`#order`), "1006"),
		chromedp.SendKeys(css(`#email`), "samuel.whitfield@example.com"),
		chromedp.Click(css(`button[type=submit]`)),
		chromedp.WaitVisible(css(`[data-testid=return-form]`)),
		// No item chosen: the error, with the reason kept.
		chromedp.SetValue(css(`#reason`), "UNWANTED"),
		chromedp.Click(css(`[data-testid=return-review]`)),
		chromedp.WaitVisible(css(`.error`)),
	)
	if err != nil {
		t.Fatalf("look up #1006 and review an empty return: %v", err)
	}
	reason, err := chromedp.Run(ctx, chromedp.Value(css(`#reason`)))
	if msg := text(`.error`); err != nil || !strings.Contains(msg, "check the highlighted") || reason != "UNWANTED" {
		t.Errorf("empty return: error %q, reason kept %q (%v)", msg, reason, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](pickMug)); err != nil {
		t.Fatalf("pick the mug: %v", err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(css(`[data-testid=return-review]`)),
		chromedp.WaitVisible(css(`[data-testid=return-statement]`)),
	)
	if err != nil {
		t.Fatalf("review the return: %v", err)
	}
	statement := text(`[data-testid=return-statement]`)
	if err := chromedp.Do(ctx, chromedp.Click(css(`[data-testid=return-confirm]`)), chromedp.WaitVisible(css(`[data-testid=return-outcome]`))); err != nil {
		t.Fatalf("confirm: %v", err)
	}
	outcome, steps := text(`[data-testid=return-outcome]`), text(`[data-testid=return-instructions]`)
	if !strings.HasPrefix(statement, "I'll start a return of 1 × Harbor Stoneware Mug (Sea Glass / 12 oz) from order #1006 (reason: unwanted).") {
		t.Errorf("statement = %q", statement)
	}
	if outcome != "Your return has started" || !strings.Contains(steps, "41 Wharf Street") {
		t.Errorf("outcome %q, instructions %q", outcome, steps)
	}
	acts, err := demoshop.Actions(t.Context(), r.Store)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 1 || acts[0].Type != "return" || acts[0].Order != "#1006" || acts[0].Lines[0].Quantity != 1 {
		t.Errorf("shop actions = %+v, want one return of one mug", acts)
	}
}
