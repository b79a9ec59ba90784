package shopify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
)

const (
	ccClientID = "0123456789abcdef0123456789abcdef"
	ccSecret   = "shpss_the-client-secret-42"
)

// fakeShop is a shop's token endpoint (POST /admin/oauth/access_token, as
// Shopify speaks it: a form in, JSON out) and its Admin GraphQL API, which
// takes only tokens the endpoint issued and has not revoked.
type fakeShop struct {
	t        *testing.T
	lifetime int64 // expires_in, seconds
	// refuse answers the exchange with this status and body when set.
	refuseStatus int
	refuseBody   string
	// release, when set, holds each exchange until it is closed.
	release chan struct{}

	mu        sync.Mutex
	refuseAll bool // every GraphQL call gets 401
	exchanges int
	issued    map[string]bool
	calls     []string // the token each GraphQL call carried
}

func newFakeShop(t *testing.T) (*fakeShop, *httptest.Server) {
	f := &fakeShop{t: t, lifetime: 86399, issued: map[string]bool{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *fakeShop) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == TokenPath:
		f.token(w, r)
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/graphql.json"):
		tok := r.Header.Get(HeaderAccessToken)
		f.mu.Lock()
		f.calls = append(f.calls, tok)
		ok := f.issued[tok] && !f.refuseAll
		f.mu.Unlock()
		if !ok {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}`)
			return
		}
		fmt.Fprint(w, `{"data":{"shop":{"ianaTimezone":"Asia/Tokyo"}},`+costOK+`}`)
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeShop) token(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
		f.t.Errorf("token request Content-Type %q", ct)
	}
	if err := r.ParseForm(); err != nil {
		f.t.Errorf("token request: %v", err)
	}
	if r.PostForm.Get("grant_type") != "client_credentials" || r.PostForm.Get("client_id") != ccClientID {
		f.t.Errorf("token request form %v", r.PostForm)
	}
	if f.release != nil {
		<-f.release
	}
	f.mu.Lock()
	f.exchanges++
	n := f.exchanges
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if f.refuseStatus != 0 {
		w.WriteHeader(f.refuseStatus)
		fmt.Fprint(w, f.refuseBody)
		return
	}
	if r.PostForm.Get("client_secret") != ccSecret {
		w.WriteHeader(http.StatusBadRequest)
		// An unkind endpoint that echoes what it was sent.
		fmt.Fprintf(w, `{"error":"invalid_client","error_description":"Client authentication failed for secret %s"}`, r.PostForm.Get("client_secret"))
		return
	}
	tok := fmt.Sprintf("shpat_issued_%d", n)
	f.mu.Lock()
	f.issued[tok] = true
	f.mu.Unlock()
	_ = json.NewEncoder(w).Encode(map[string]any{"access_token": tok, "scope": "read_orders,write_orders", "expires_in": f.lifetime})
}

func (f *fakeShop) revokeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.issued = map[string]bool{}
}

func (f *fakeShop) counts() (exchanges int, calls []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.exchanges, append([]string(nil), f.calls...)
}

func newTestCredentials(srv *httptest.Server, clk clock.Clock, secret string, log *slog.Logger) *ClientCredentials {
	return NewClientCredentials(testShop, ccClientID, secret, WithTokenEndpoint(srv.URL+TokenPath),
		WithTokenClock(clk), WithTokenLog(log))
}

func newTestAdmin(srv *httptest.Server, tokens TokenSource) *Admin {
	return NewAdminWith(testShop, tokens, WithEndpoint(srv.URL+"/admin/api/2026-10/graphql.json"),
		WithBackoff(time.Microsecond, time.Microsecond), WithMaxAttempts(3))
}

// TestClientCredentialsExpiry: the token is kept until five minutes before
// Shopify's expires_in, then exchanged again.
func TestClientCredentialsExpiry(t *testing.T) {
	tests := []struct {
		name     string
		lifetime int64
		after    time.Duration
		want     int // exchanges after the second call
	}{
		{"fresh", 86399, time.Hour, 1},
		{"just before the margin", 86399, 86399*time.Second - 5*time.Minute - time.Second, 1},
		{"inside the margin", 86399, 86399*time.Second - 4*time.Minute, 2},
		{"expired", 86399, 25 * time.Hour, 2},
		{"short token, half way", 60, 31 * time.Second, 2},
		{"no expires_in: an hour", 0, 61 * time.Minute, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, srv := newFakeShop(t)
			f.lifetime = tt.lifetime
			clk := clock.NewFixed(time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC))
			cc := newTestCredentials(srv, clk, ccSecret, nil)
			first, err := cc.Token(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			clk.Advance(tt.after)
			second, err := cc.Token(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			n, _ := f.counts()
			if n != tt.want || cc.Exchanges() != tt.want {
				t.Fatalf("exchanges = %d at the endpoint, %d counted; want %d", n, cc.Exchanges(), tt.want)
			}
			if (first == second) != (tt.want == 1) {
				t.Errorf("first %q, second %q", first, second)
			}
		})
	}
}

// TestAdminRefreshesOn401: a token Shopify stops taking before its time is
// exchanged once more and the call made again; a fixed token that is
// refused fails, saying so.
func TestAdminRefreshesOn401(t *testing.T) {
	f, srv := newFakeShop(t)
	cc := newTestCredentials(srv, clock.NewManual(), ccSecret, nil)
	a := newTestAdmin(srv, cc)
	ctx := context.Background()
	if _, err := a.ShopTimezone(ctx); err != nil {
		t.Fatal(err)
	}
	f.revokeAll() // rotated in the Dev Dashboard, say
	loc, err := a.ShopTimezone(ctx)
	if err != nil {
		t.Fatalf("after revocation: %v", err)
	}
	if loc.String() != "Asia/Tokyo" {
		t.Errorf("zone %s", loc)
	}
	n, calls := f.counts()
	if want := []string{"shpat_issued_1", "shpat_issued_1", "shpat_issued_2"}; n != 2 || strings.Join(calls, " ") != strings.Join(want, " ") {
		t.Errorf("exchanges %d, calls %v; want 2, %v", n, calls, want)
	}

	// Refused even after a new token: one exchange more, then the error.
	f.mu.Lock()
	f.refuseAll = true
	f.mu.Unlock()
	_, err = a.ShopTimezone(ctx)
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
	if n2, _ := f.counts(); n2 != 3 {
		t.Errorf("exchanges = %d, want 3 (one more, not a loop)", n2)
	}

	fixed := newTestAdmin(srv, StaticToken("shpat_revoked"))
	if _, err := fixed.ShopTimezone(ctx); !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "http 401") {
		t.Errorf("fixed token: err = %v", err)
	}
}

// TestClientCredentialsSingleFlight: callers that want a token at the same
// time share one exchange, and 401s to the same old token give one new
// exchange, not one each.
func TestClientCredentialsSingleFlight(t *testing.T) {
	f, srv := newFakeShop(t)
	f.release = make(chan struct{})
	cc := newTestCredentials(srv, clock.NewManual(), ccSecret, nil)
	a := newTestAdmin(srv, cc)
	const callers = 16
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for range callers {
		wg.Go(func() {
			_, err := a.ShopTimezone(context.Background())
			errs <- err
		})
	}
	close(f.release) // whoever came before or after, one token serves them all
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n, calls := f.counts(); n != 1 || len(calls) != callers {
		t.Fatalf("exchanges %d, calls %d; want 1, %d", n, len(calls), callers)
	}

	f.revokeAll()
	f.release = nil
	var wg2 sync.WaitGroup
	for range callers {
		wg2.Go(func() {
			if _, err := a.ShopTimezone(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
	wg2.Wait()
	// Every caller met the revoked token and reports it; only the first
	// report forgets it (the others find it gone or replaced).
	if n, _ := f.counts(); n != 2 {
		t.Errorf("exchanges after revocation = %d, want 2", n)
	}
}

// TestClientCredentialsBadSecret: a wrong secret fails with an error that
// says what failed and what to check, and neither the error nor the log
// holds the secret or a token.
func TestClientCredentialsBadSecret(t *testing.T) {
	tests := []struct {
		name         string
		secret       string
		status       int
		body         string
		want         []string
		wantRetrying bool
	}{
		{"wrong secret", "shpss_wrong-secret-99", 0, "",
			[]string{"exchange the client credentials of app " + ccClientID, testShop, "http 400", "invalid_client", "client secret", "Dev Dashboard"}, false},
		{"app not installed", ccSecret, http.StatusForbidden, `{"errors":"app is not installed"}`,
			[]string{"http 403", "app is not installed", "installed on " + testShop}, false},
		{"endpoint down", ccSecret, http.StatusServiceUnavailable, `oops`,
			[]string{"http 503", "3 attempts"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, srv := newFakeShop(t)
			f.refuseStatus, f.refuseBody = tt.status, tt.body
			var logs bytes.Buffer
			cc := newTestCredentials(srv, clock.NewManual(), tt.secret, slog.New(slog.NewJSONHandler(&logs, nil)))
			a := newTestAdmin(srv, cc)
			_, err := a.ShopTimezone(context.Background())
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			n, calls := f.counts()
			if len(calls) != 0 {
				t.Errorf("%d GraphQL calls made without a token", len(calls))
			}
			if wantN := map[bool]int{false: 1, true: 3}[tt.wantRetrying]; n != wantN {
				t.Errorf("exchanges = %d, want %d", n, wantN)
			}
			for _, leaked := range []string{tt.secret, "shpat_"} {
				if strings.Contains(err.Error(), leaked) || strings.Contains(logs.String(), leaked) {
					t.Errorf("%q leaked: error %q; log %s", leaked, err, logs.String())
				}
			}
			if !strings.Contains(logs.String(), "exchange failed") {
				t.Errorf("the failure is not logged: %s", logs.String())
			}
		})
	}
}

// TestClientCredentialsCallerGivesUp: a caller whose context ends stops
// waiting; the exchange still serves the next caller.
func TestClientCredentialsCallerGivesUp(t *testing.T) {
	f, srv := newFakeShop(t)
	f.release = make(chan struct{})
	cc := newTestCredentials(srv, clock.NewManual(), ccSecret, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := cc.Token(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	close(f.release)
	tok, err := cc.Token(context.Background())
	if err != nil || tok != "shpat_issued_1" {
		t.Fatalf("token %q, err %v", tok, err)
	}
	if n, _ := f.counts(); n != 1 {
		t.Errorf("exchanges = %d, want 1", n)
	}
}
