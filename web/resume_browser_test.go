package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/web/browsertest"
)

// TestWidgetResumesWithTeamReply: a customer chats, leaves, and a person
// on the team replies meanwhile. Back in the same browser, the launcher
// shows a dot and the widget shows the conversation with the team's reply
// after a note. Once the token has expired, the widget offers to continue
// after an order-and-email check, and doing so brings the same
// conversation back.
func TestWidgetResumesWithTeamReply(t *testing.T) {
	exe := browsertest.Chromium(t)
	const shop = "demo-shop.myshopify.com"
	r, err := runner.New(runner.Config{DataDir: t.TempDir(), Shop: shop, WebhookSecret: "s",
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
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium (%s): %v\n%s", exe, err, chromeOut.String())
	}
	ctx, cancelTimeout := browsertest.UntilTestDeadline(ctx, t)
	defer cancelTimeout()
	var (
		mu       sync.Mutex
		problems []string
	)
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			if (m.Type == chromedp.ConsoleError || m.IsException()) && !(m.Source == "network" && strings.Contains(m.Text, "401")) {
				mu.Lock()
				problems = append(problems, m.String())
				mu.Unlock()
			}
		}
	}()
	poll := func(what, js string) {
		t.Helper()
		for {
			_, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(0)))
			// A page still loading can drop the script context a poll
			// started in: poll again in the new one, until the deadline.
			if err != nil && strings.Contains(err.Error(), "Cannot find context with specified id") && ctx.Err() == nil {
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			return
		}
	}
	const root = `document.querySelector('#doorstep-widget')?.shadowRoot`
	count := func(role string) string {
		return fmt.Sprintf(`%s?.querySelectorAll('[data-testid="doorstep-message"][data-role="%s"]').length`, root, role)
	}

	// 1. The customer asks about #1003 (proving the order) and leaves.
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 860),
		chromedp.Navigate(srv.URL+"/"),
		chromedp.Click(shadow(`[data-testid="doorstep-launcher"]`)),
		chromedp.SendKeys(shadow(`[data-testid="doorstep-input"]`), "where is my order #1003? daniel.reyes@example.com"),
		pressEnter,
	); err != nil {
		t.Fatal(err)
	}
	poll("first answer", count("agent")+` === 1`)
	id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.parse(localStorage.getItem('doorstep:`+shop+`')).id`))
	if err != nil || id == "" {
		t.Fatalf("no conversation kept in localStorage: %q %v", id, err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}

	// 2. Meanwhile a person on the team replies.
	const reply = "Hi Daniel, this is Sam: I've asked UPS to hurry it along."
	if _, err := r.Escalation.Messenger.UpdateConversation(context.Background(), shop, id, func(c *conversation.Conversation) (conversation.Role, []string) {
		c.Status = conversation.StatusHandover
		return conversation.RoleStaff, []string{reply}
	}); err != nil {
		t.Fatal(err)
	}

	// 3. Back in the same browser: a dot, then the reply after a note.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	poll("unread dot on the launcher", `!!`+root+`?.querySelector('[data-testid="doorstep-unread"]')`)
	if err := chromedp.Do(ctx, chromedp.Click(shadow(`[data-testid="doorstep-launcher"]`))); err != nil {
		t.Fatal(err)
	}
	poll("the team's reply shown", count("staff")+` === 1 && `+count("customer")+` === 1`)
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](root+`.querySelector('.log').innerText`))
	if err != nil {
		t.Fatal(err)
	}
	if i, j := strings.Index(text, "Our team replied while you were away."), strings.Index(text, reply); i < 0 || j < i {
		t.Errorf("the reply is not announced before it:\n%s", text)
	}

	// 4. The token expires: the widget offers to continue; the order check
	// brings the same conversation back.
	if err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`(() => {
			const k = 'doorstep:`+shop+`', v = JSON.parse(localStorage.getItem(k));
			v.exp = '2000-01-01T00:00:00Z';
			localStorage.setItem(k, JSON.stringify(v));
		})()`),
		chromedp.Navigate(srv.URL+"/"),
		chromedp.Click(shadow(`[data-testid="doorstep-launcher"]`)),
		chromedp.WaitVisible(shadow(`[data-testid="doorstep-resume"]`)),
		chromedp.SendKeys(shadow(`[data-testid="doorstep-resume"] input[name="order"]`), "#1003"),
		chromedp.SendKeys(shadow(`[data-testid="doorstep-resume"] input[name="email"]`), "daniel.reyes@example.com"),
		chromedp.Click(shadow(`[data-testid="doorstep-resume"] button[type="submit"]`)),
	); err != nil {
		t.Fatalf("continue the expired chat: %v", err)
	}
	poll("the earlier chat back", count("staff")+` === 1 && `+count("customer")+` === 1 && !`+root+`.querySelector('[data-testid="doorstep-resume"]')`)
	again, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.parse(localStorage.getItem('doorstep:`+shop+`')).id`))
	if err != nil || again != id {
		t.Errorf("after continuing, the widget keeps conversation %q, want %q (%v)", again, id, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(problems) > 0 {
		t.Errorf("the page logged errors:\n  %s", strings.Join(problems, "\n  "))
	}
}
