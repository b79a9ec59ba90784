package web_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/web/browsertest"
)

// shadow is a JS path into the widget's shadow root.
func shadow(sel string) chromedp.JSPath {
	return chromedp.JSPath(fmt.Sprintf(`document.querySelector('#doorstep-widget')?.shadowRoot?.querySelector(%q)`, sel))
}

// TestWidgetWhereIsMyOrder drives the demo storefront in headless Chromium
// against the real local runner: open the chat, ask about #1003, and read the
// agent's answer in the widget.
func TestWidgetWhereIsMyOrder(t *testing.T) {
	exe := browsertest.Chromium(t)
	start := time.Now()

	r, err := runner.New(runner.Config{DataDir: t.TempDir(), Shop: "demo-shop.myshopify.com", WebhookSecret: "s",
		Demo: events.DemoOrders(), Log: slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(r.Handler())
	t.Cleanup(srv.Close)

	chromeOut := &syncWriter{}
	alloc, cancelAlloc := browsertest.Allocator(t, exe, chromeOut)
	defer cancelAlloc() // runs before the temp dirs go: the browser has exited
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil { // start the browser, with no deadline
		t.Fatalf("start Chromium (%s): %v\n%s", exe, err, chromeOut.String())
	}
	ctx, cancelTimeout := browsertest.UntilTestDeadline(ctx, t)
	defer cancelTimeout()

	// Collect the page's console errors and uncaught exceptions.
	var (
		mu       sync.Mutex
		problems []string
		stale    bool // from when a 401 is expected
	)
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				mu.Lock()
				if !stale || m.Source != "network" || !strings.Contains(m.Text, "401") {
					problems = append(problems, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line+1))
				}
				mu.Unlock()
			}
		}
	}()

	const question = "where is my order #1003? daniel.reyes@example.com"
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 860),
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(shadow(`[data-testid="doorstep-launcher"]`)),
		chromedp.Click(shadow(`[data-testid="doorstep-launcher"]`)),
		chromedp.WaitVisible(shadow(`[data-testid="doorstep-panel"]`)),
		chromedp.WaitVisible(shadow(`[data-testid="doorstep-message"][data-role="system"]`)),
		chromedp.SendKeys(shadow(`[data-testid="doorstep-input"]`), question),
		chromedp.Click(shadow(`[data-testid="doorstep-send"]`)),
	); err != nil {
		t.Fatalf("open the chat and send: %v", err)
	}

	// Wait (until the test's deadline) for the agent's answer to show in the widget.
	reply, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => {
		const n = document.querySelector('#doorstep-widget').shadowRoot
			.querySelector('[data-testid="doorstep-message"][data-role="agent"]');
		return n ? n.textContent : false;
	})()`, chromedp.WithPollingTimeout(0), chromedp.WithPollingInterval(100*time.Millisecond)))
	if err != nil {
		t.Fatalf("no agent reply in the widget by the test's deadline: %v", err)
	}
	t.Logf("agent reply in the widget: %q", reply)
	for _, want := range []string{"#1003", "UPS"} {
		if !strings.Contains(reply, want) {
			t.Errorf("agent reply %q lacks %q", reply, want)
		}
	}

	// The customer's own message is there, as text, and the links are links.
	type view struct {
		Customer []string `json:"customer"`
		Links    []string `json:"links"`
		Typing   bool     `json:"typing"`
		Input    string   `json:"input"`
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[view](`(() => {
		const root = document.querySelector('#doorstep-widget').shadowRoot;
		const all = (s) => [...root.querySelectorAll(s)];
		return {
			customer: all('[data-testid="doorstep-message"][data-role="customer"]').map((n) => n.textContent),
			links: all('[data-testid="doorstep-message"][data-role="agent"] a').map((a) => a.href),
			typing: !!root.querySelector('[data-testid="doorstep-typing"]'),
			input: root.querySelector('[data-testid="doorstep-input"]').value,
		};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Customer) != 1 || v.Customer[0] != question {
		t.Errorf("customer messages = %q, want [%q]", v.Customer, question)
	}
	if v.Typing || v.Input != "" {
		t.Errorf("after the reply: typing indicator %v, input %q; want gone and empty", v.Typing, v.Input)
	}
	if strings.Contains(reply, "http") && len(v.Links) == 0 {
		t.Errorf("the reply has a URL but the widget made no link: %q", reply)
	}

	if err := browsertest.Settled(ctx); err != nil { // the panel's animation
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(t.TempDir(), "widget.png")
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	if p := os.Getenv("DOORSTEP_SCREENSHOT"); p != "" {
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
		shot = p
	}
	t.Logf("screenshot: %s", shot)

	// A reload continues the conversation (localStorage), and Enter sends.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.Click(shadow(`[data-testid="doorstep-launcher"]`)),
	); err != nil {
		t.Fatalf("reload and reopen: %v", err)
	}
	const count = `(() => {
		const root = document.querySelector('#doorstep-widget').shadowRoot;
		const n = (role) => root.querySelectorAll('[data-testid="doorstep-message"][data-role="' + role + '"]').length;
		return n('customer') === %d && n('agent') === %d;
	})()`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(count, 1, 1), chromedp.WithPollingTimeout(0))); err != nil {
		t.Fatalf("after a reload the widget did not show the conversation so far: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(shadow(`[data-testid="doorstep-input"]`), "thanks!"), pressEnter); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(count, 2, 2), chromedp.WithPollingTimeout(0))); err != nil {
		t.Fatalf("Enter did not send a second message in the same conversation: %v", err)
	}
	left, err := chromedp.Run(ctx, chromedp.Value(shadow(`[data-testid="doorstep-input"]`)))
	if err != nil || left != "" {
		t.Errorf("input after Enter sent it = %q (%v), want empty", left, err)
	}

	// A stored conversation the API no longer accepts (401) gives way to a
	// new one: greeting, no old messages, an offer to continue the old one
	// after an order-and-email check, and sending works.
	mu.Lock()
	stale = true // the browser logs the 401 itself; that one is expected
	mu.Unlock()
	if err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`(() => {
			const k = 'doorstep:demo-shop.myshopify.com';
			const v = JSON.parse(localStorage.getItem(k));
			v.token = 'not-a-valid-token';
			localStorage.setItem(k, JSON.stringify(v));
		})()`),
		chromedp.Navigate(srv.URL+"/"),
		chromedp.Click(shadow(`[data-testid="doorstep-launcher"]`)),
		chromedp.SendKeys(shadow(`[data-testid="doorstep-input"]`), "where is my order #1003? daniel.reyes@example.com"),
		pressEnter,
	); err != nil {
		t.Fatalf("stale session: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(count, 1, 1), chromedp.WithPollingTimeout(0))); err != nil {
		t.Fatalf("with a stale stored conversation the widget did not start a new one and answer: %v", err)
	}
	if offered, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector('#doorstep-widget').shadowRoot.querySelector('[data-testid="doorstep-resume"]')`)); err != nil || !offered {
		t.Errorf("no offer to continue the refused conversation (%v)", err)
	}

	// After the third agent reply the widget asks for a rating, once; a
	// star records it.
	for i := 2; i <= 3; i++ {
		if err := chromedp.Do(ctx, chromedp.SendKeys(shadow(`[data-testid="doorstep-input"]`), "thanks"), pressEnter); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(count, i, i), chromedp.WithPollingTimeout(0))); err != nil {
			t.Fatalf("reply %d: %v", i, err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Click(shadow(`[data-testid="doorstep-csat"] button[aria-label="Rate 5 out of 5"]`))); err != nil {
		t.Fatalf("no rating row after three replies: %v", err)
	}
	rated, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => {
		const root = document.querySelector('#doorstep-widget').shadowRoot;
		const row = root.querySelectorAll('[data-testid="doorstep-csat"]');
		return row.length === 1 && row[0].textContent.includes('Thanks') &&
			JSON.parse(localStorage.getItem('doorstep:demo-shop.myshopify.com')).id;
	})()`, chromedp.WithPollingTimeout(0)))
	if err != nil {
		t.Fatalf("the rating was not recorded: %v", err)
	}
	if got := csatScore(t, r, rated); got != 5 {
		t.Errorf("stored CSAT score = %d, want 5", got)
	}

	mu.Lock()
	defer mu.Unlock()
	if len(problems) > 0 {
		t.Errorf("the page logged errors:\n  %s", strings.Join(problems, "\n  "))
	}
	t.Logf("browser test took %s", time.Since(start).Round(time.Millisecond))
}

// pressEnter presses Enter as a keyboard does: keydown then keyup. (SendKeys
// with "\n" adds a char event that types a newline even when the page
// cancels the keydown, as a real keyboard would not.)
var pressEnter = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
		if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, input.DispatchKeyEventParams{
			Type: typ, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13,
		}); err != nil {
			return err
		}
	}
	return nil
})

// syncWriter lets Chromium's output and the test read one buffer safely.
type syncWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// csatScore is the stored rating of a conversation, 0 for none.
func csatScore(t *testing.T, r *runner.Runner, id string) int {
	t.Helper()
	c, _, err := r.Store.GetConversation(t.Context(), "demo-shop.myshopify.com", id)
	if err != nil {
		t.Fatalf("read conversation %s: %v", id, err)
	}
	if c.CSAT == nil {
		return 0
	}
	return c.CSAT.Score
}
