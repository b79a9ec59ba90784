package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/pkg/settings"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/web/browsertest"
)

// consoleSite is the local runner with the console mounted, and headless
// Chromium signed in to it on the queue page.
type consoleSite struct {
	r    *runner.Runner
	con  *console.Console
	sets *settings.Service
	rec  *metrics.Recorder
	srv  *httptest.Server
	ctx  context.Context
	// problems are the page's console errors and exceptions.
	mu       sync.Mutex
	problems []string
}

// newConsoleSite builds the site; prepare runs before the browser signs
// in (the data the pages will show).
func newConsoleSite(t *testing.T, prepare func(s *consoleSite)) *consoleSite {
	t.Helper()
	exe := browsertest.Chromium(t)
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	r, err := runner.New(runner.Config{DataDir: t.TempDir(), Shop: demoShop, WebhookSecret: "s", Demo: events.DemoOrders(), Log: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	s := &consoleSite{r: r}
	s.sets = &settings.Service{Store: r.Store, Clock: r.Clock, Defaults: func(string) settings.Settings { return settings.Default(policy.Default()) }}
	r.Agent.Policies = s.sets
	s.rec = &metrics.Recorder{Store: r.Store, Clock: r.Clock}
	const password = "console-test-password"
	s.con = &console.Console{Store: r.Store, Auth: console.NewDevAuth(password, r.Clock), Shop: demoShop,
		Settings: s.sets, Metrics: s.rec, Clock: r.Clock, Log: log}
	prepare(s)
	mux := http.NewServeMux()
	mux.Handle("/console/", s.con.Handler())
	mux.Handle("/", r.Handler())
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)

	chromeOut := &syncWriter{}
	alloc, cancelAlloc := browsertest.Allocator(t, exe, chromeOut)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium (%s): %v\n%s", exe, err, chromeOut.String())
	}
	ctx, cancelTimeout := browsertest.UntilTestDeadline(ctx, t)
	t.Cleanup(cancelTimeout)
	s.ctx = ctx
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				s.mu.Lock()
				s.problems = append(s.problems, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line+1))
				s.mu.Unlock()
			}
		}
	}()
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1440, 900),
		chromedp.Navigate(s.srv.URL+"/console/queue"),
		chromedp.WaitVisible(`[data-testid="login-password"]`),
		chromedp.SendKeys(`[data-testid="login-password"]`, password),
		chromedp.Click(`[data-testid="login-submit"]`),
		chromedp.WaitVisible(`.nav a[data-nav="queue"].active`),
	); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	return s
}

// text polls until js returns a string (not false) and returns it.
func (s *consoleSite) text(t *testing.T, what, js string) string {
	t.Helper()
	got, err := chromedp.Run(s.ctx, chromedp.Poll[string](js, chromedp.WithPollingTimeout(0), chromedp.WithPollingInterval(100*time.Millisecond)))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return got
}

func (s *consoleSite) noProblems(t *testing.T) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.problems) > 0 {
		t.Errorf("the console logged errors:\n  %s", strings.Join(s.problems, "\n  "))
	}
}

// TestConsoleMoneyInShopCurrency: a HUF shop and a JPY shop. The page
// shows each amount as pkg/money formats it in the server: 123456 minor
// units are HUF 1,234.56 (the browser's Intl says HUF has no minor digits
// and made it HUF 123,456) and ¥123,456; the revenue chart draws major
// units the server computed.
func TestConsoleMoneyInShopCurrency(t *testing.T) {
	tests := []struct {
		code   string
		want   string
		major  float64
		refuse string // what the page showed when it divided by Intl's digits
	}{
		{"HUF", "HUF 1,234.56", 1234.56, "123,456"},
		{"JPY", "¥123,456", 123456, "1,234.56"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			s := newConsoleSite(t, func(s *consoleSite) {
				ctx := t.Context()
				set, err := s.sets.Get(ctx, demoShop)
				if err != nil {
					t.Fatal(err)
				}
				set.Currency = tt.code
				if _, err := s.sets.Put(ctx, demoShop, set, "test"); err != nil {
					t.Fatal(err)
				}
				now := s.r.Clock.Now()
				// An approval in the shop's currency (the action names
				// none), with the proposal the customer said yes to.
				p := &conversation.Proposal{ID: "p", Tool: "start_return", Order: "#1006", Resolution: "refund", Amount: 123456,
					Lines: []conversation.ProposalLine{{LineItemID: "1", Title: "Stoneware mug", Quantity: 2, Price: 61728}}, Statement: "Return two mugs."}
				h, _ := json.Marshal(console.Handoff{ID: "approval-money", Shop: demoShop, Kind: "approval", Status: "open", Order: "#1006",
					OpenedAt: now, SLADue: now.Add(4 * time.Hour), Action: &console.HandoffAction{Tool: "start_return", Order: "#1006", Amount: 123456, Proposal: p}})
				if err := s.r.Store.PutDoc(ctx, console.HandoffCollection, "approval-money", h, time.Time{}); err != nil {
					t.Fatal(err)
				}
				// A suggestion, and the order in the shop's currency that
				// answers it.
				o := order.Order{Shop: demoShop, ID: "7001", Name: "#7001", Email: "ada@example.com", Currency: tt.code, TotalPrice: 123456,
					DiscountCodes: []string{"THANKS-MONEY"}, CreatedAt: now, UpdatedAt: now}
				if _, err := s.r.Store.Apply(ctx, store.Change{Shop: demoShop, Order: &o}); err != nil {
					t.Fatal(err)
				}
				if err := s.rec.Suggest(ctx, metrics.Suggestion{Shop: demoShop, ID: "s1", CustomerEmail: "ada@example.com", Kind: metrics.SuggestReorder,
					OrderID: "1", DiscountCode: "THANKS-MONEY", SentAt: now.Add(-time.Hour), Until: now.Add(24 * time.Hour)}); err != nil {
					t.Fatal(err)
				}
				if ok, err := s.rec.AttributeOrder(ctx, o); err != nil || !ok {
					t.Fatalf("attribute: %v %v", ok, err)
				}
			})
			approval := s.text(t, "the approval", `(() => { const e = document.querySelector('[data-testid="approval"][data-id="approval-money"]'); return e ? e.textContent : false; })()`)
			amount := s.text(t, "the approval's amount", `document.querySelector('[data-testid="approval"][data-id="approval-money"] [data-testid="approval-amount"]')?.textContent || false`)
			line := s.text(t, "the proposal's line", `document.querySelector('[data-testid="approval"][data-id="approval-money"] [data-testid="proposal"] li')?.textContent || false`)
			if amount != tt.want || !strings.HasSuffix(line, "· "+tt.want) || strings.Contains(approval, tt.refuse) {
				t.Errorf("approval amount %q, line %q (want %s); the approval reads %q", amount, line, tt.want, approval)
			}

			if err := chromedp.Do(s.ctx, chromedp.Click(`.nav a[data-nav="metrics"]`), chromedp.WaitVisible(`[data-testid="chart-revenue"]`)); err != nil {
				t.Fatalf("metrics page: %v", err)
			}
			kpis := s.text(t, "the revenue figure", `(() => { const k = document.querySelector('[data-testid="kpis"]'); return k && k.textContent.includes('Revenue from suggestions') ? k.textContent : false; })()`)
			if !strings.Contains(kpis, "Revenue from suggestions"+tt.want) {
				t.Errorf("metrics read %q, want revenue %s", kpis, tt.want)
			}
			sum := s.text(t, "the revenue chart", `(() => { const c = Chart.getChart(document.querySelector('[data-testid="chart-revenue"]'));
				return c ? String(c.data.datasets[0].data.reduce((s, v) => s + (v || 0), 0)) : false; })()`)
			if sum != fmt.Sprint(tt.major) {
				t.Errorf("revenue chart sums %s, want %v (major units of %s)", sum, tt.major, tt.code)
			}
			s.noProblems(t)
		})
	}
}
