package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/chat"
	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/web/browsertest"
)

// TestConsoleLinksOnlyHTTP: the console's own script links a tracking URL
// only when it is http(s), whatever the API sends. The API filters too
// (pkg/console); here a proxy in front of it puts the URL back, so the
// page's own check is what is tested: a javascript: URL shows the tracking
// number as text and runs nothing when clicked; an https one is a link.
func TestConsoleLinksOnlyHTTP(t *testing.T) {
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
	const password = "console-links-password"
	con := &console.Console{Store: r.Store, Auth: console.NewDevAuth(password, r.Clock), Shop: demoShop, Clock: r.Clock, Log: log}
	chatAPI := (&chat.Service{Store: r.Store, Agent: r.Agent, Secrets: intake.SecretMap{demoShop: []byte("s")}, TokenKeys: r.Keys.Chat,
		Shop: demoShop, Clock: r.Clock, Log: log, PerClient: &chat.Limiter{Max: 1000, Window: time.Minute}}).Handler()

	var (
		mu       sync.Mutex
		injected string // the tracking_url the proxy puts in conversation details
	)
	mux := http.NewServeMux()
	mux.Handle("/console/", injectTrackingURL(con.Handler(), func() string { mu.Lock(); defer mu.Unlock(); return injected }))
	mux.Handle("/v1/", chatAPI)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	var created struct {
		ID    string `json:"conversation_id"`
		Token string `json:"token"`
	}
	if code := apiCall(t, srv.URL, http.MethodPost, "/v1/conversations", "", map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"}, &created); code != http.StatusCreated {
		t.Fatalf("create conversation: %d", code)
	}
	apiCall(t, srv.URL, http.MethodPost, "/v1/conversations/"+created.ID+"/messages", created.Token, map[string]string{"text": "where is my order #1003?"}, nil)

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
		chromedp.Navigate(srv.URL+"/console/conversations"),
		chromedp.WaitVisible(`[data-testid="login-password"]`),
		chromedp.SendKeys(`[data-testid="login-password"]`, password),
		chromedp.Click(`[data-testid="login-submit"]`),
		chromedp.WaitVisible(`[data-testid="conversation-row"]`),
	); err != nil {
		t.Fatalf("sign in: %v", err)
	}

	type orderLinks struct {
		Text        string   `json:"text"`
		Hrefs       []string `json:"hrefs"`
		TrackingRef string   `json:"tracking"`
		Pwned       bool     `json:"pwned"`
	}
	for _, tc := range []struct {
		url      string
		wantLink bool
	}{
		{"javascript:window.__pwned=true", false},
		{"JAVASCRIPT:window.__pwned=true", false},
		{" javascript:window.__pwned=true", false},
		{"data:text/html,<script>alert(1)</script>", false},
		{"https://www.ups.com/track?tracknum=1Z", true},
	} {
		t.Run(tc.url, func(t *testing.T) {
			mu.Lock()
			injected = tc.url
			mu.Unlock()
			if err := chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/console/conversations/"+created.ID),
				chromedp.WaitVisible(`[data-testid="order"]`),
			); err != nil {
				t.Fatalf("open the conversation: %v", err)
			}
			// Click where the link would be (the tracking number), then look.
			got, err := chromedp.Run(ctx, chromedp.Evaluate[orderLinks](`(() => {
				const order = document.querySelector('[data-testid="order"]');
				const link = order.querySelector('[data-testid="tracking-link"]');
				if (link) link.addEventListener('click', (e) => e.preventDefault(), { once: true });
				if (link && !link.href.startsWith('http')) link.click();
				return { text: order.innerText, hrefs: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
					tracking: link ? link.getAttribute('href') : '', pwned: !!window.__pwned };
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got.Text, "1Z") {
				t.Errorf("the tracking number is not shown: %q", got.Text)
			}
			for _, h := range got.Hrefs {
				if l := strings.ToLower(strings.TrimSpace(h)); !strings.HasPrefix(l, "http") && !strings.HasPrefix(l, "/") {
					t.Errorf("a link to %q on the page", h)
				}
			}
			if got.Pwned {
				t.Error("the injected script ran")
			}
			if (got.TrackingRef != "") != tc.wantLink {
				t.Errorf("tracking link = %q; want a link: %v", got.TrackingRef, tc.wantLink)
			}
		})
	}
}

// injectTrackingURL passes requests to h, setting every order view's and
// parcel's tracking_url in a conversation's detail to url().
func injectTrackingURL(h http.Handler, url func() string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || !strings.HasPrefix(r.URL.Path, "/console/api/conversations/") {
			h.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		var d map[string]any
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &d) != nil {
			copyResponse(w, rec)
			return
		}
		views, _ := d["order_views"].([]any)
		for _, v := range views {
			if m, ok := v.(map[string]any); ok {
				m["tracking_url"] = url()
				parcels, _ := m["parcels"].([]any) // each parcel's link too
				for _, p := range parcels {
					if pm, ok := p.(map[string]any); ok {
						pm["tracking_url"] = url()
					}
				}
			}
		}
		b, err := json.Marshal(d)
		if err != nil {
			panic(fmt.Sprintf("re-encode conversation detail: %v", err))
		}
		rec.Body = bytes.NewBuffer(b)
		rec.Header().Del("Content-Length")
		copyResponse(w, rec)
	})
}

func copyResponse(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}
