package web_test

import (
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/web/browsertest"
)

// TestWidgetShowsLaterMessages: a message written into the conversation
// after the agent's reply (a thank-you's codes, saved once the reply is)
// shows in the open widget without a reload, once, after the reply.
func TestWidgetShowsLaterMessages(t *testing.T) {
	exe := browsertest.Chromium(t)
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
	out := &syncWriter{}
	alloc, cancelAlloc := browsertest.Allocator(t, exe, out)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium (%s): %v\n%s", exe, err, out.String())
	}
	ctx, cancelTimeout := browsertest.UntilTestDeadline(ctx, t)
	defer cancelTimeout()

	agentTexts := `[...document.querySelector('#doorstep-widget').shadowRoot.querySelectorAll('[data-testid="doorstep-message"][data-role="agent"]')].map((n) => n.textContent)`
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 860),
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(shadow(`[data-testid="doorstep-launcher"]`)),
		chromedp.Click(shadow(`[data-testid="doorstep-launcher"]`)),
		chromedp.WaitVisible(shadow(`[data-testid="doorstep-panel"]`)),
		chromedp.SendKeys(shadow(`[data-testid="doorstep-input"]`), "where is my order #1003? daniel.reyes@example.com"),
		chromedp.Click(shadow(`[data-testid="doorstep-send"]`)),
	); err != nil {
		t.Fatalf("open the chat and send: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](agentTexts+`.length === 1`, chromedp.WithPollingTimeout(0), chromedp.WithPollingInterval(100*time.Millisecond))); err != nil {
		t.Fatalf("no reply: %v", err)
	}
	id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.parse(localStorage.getItem('doorstep:demo-shop.myshopify.com')).id`))
	if err != nil || id == "" {
		t.Fatalf("conversation id %q: %v", id, err)
	}

	// The later message, as outreach writes a thank-you's codes.
	const later = "As a thank-you, code THANKS-LATER1 takes 10% off your next order."
	if _, err := r.Escalation.Messenger.UpdateConversation(t.Context(), "demo-shop.myshopify.com", id, func(*conversation.Conversation) (conversation.Role, []string) {
		return conversation.RoleAgent, []string{later}
	}); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Poll[[]string](`(() => { const a = `+agentTexts+`; return a.length >= 2 ? a : false; })()`,
		chromedp.WithPollingTimeout(0), chromedp.WithPollingInterval(100*time.Millisecond)))
	if err != nil {
		t.Fatalf("the later message never showed without a reload: %v", err)
	}
	if len(got) != 2 || got[1] != later || strings.Contains(got[0], "THANKS-LATER1") {
		t.Errorf("agent messages %q, want the reply then the later message, once", got)
	}
}
