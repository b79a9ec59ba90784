package shopify

// This file is where the Admin API access token comes from: a fixed token
// (an app created in the shop admin before 2026, whose token never
// expires), or the client credentials grant of an app made in the Dev
// Dashboard, whose tokens last 24 hours:
//
//	POST https://{shop}.myshopify.com/admin/oauth/access_token
//	Content-Type: application/x-www-form-urlencoded
//
//	grant_type=client_credentials&client_id={id}&client_secret={secret}
//
// answers {"access_token": "shpat_…", "scope": "read_orders,…",
// "expires_in": 86399}. The grant works only for an app of the merchant's
// own organization installed on the shop; there is no refresh token: a new
// exchange gives a new token.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
)

// TokenSource gives the access token each Admin API call carries.
type TokenSource interface {
	// Token is the token to use now.
	Token(ctx context.Context) (string, error)
	// Refused tells the source that Shopify answered 401 to tok; it
	// reports whether asking Token again may give a different one.
	Refused(tok string) bool
}

// StaticToken is a fixed Admin API access token (an app made in the shop
// admin under Settings → Develop apps, before 2026).
type StaticToken string

// Token returns the token.
func (t StaticToken) Token(context.Context) (string, error) { return string(t), nil }

// Refused reports false: there is no other token to try.
func (StaticToken) Refused(string) bool { return false }

// TokenPath is where a shop exchanges client credentials for a token.
const TokenPath = "/admin/oauth/access_token"

// errTokenTransient marks an exchange that failed in a way worth trying
// again (a transport failure, HTTP 429 or 5xx).
var errTokenTransient = errors.New("shopify token endpoint unavailable")

// defaultLifetime is assumed when Shopify's answer gives no expires_in.
const defaultLifetime = time.Hour

// ClientCredentials is a TokenSource for an app made in the Dev Dashboard:
// it exchanges the app's client id and secret for a token, keeps the token
// in memory, and exchanges again shortly before it expires or when Shopify
// refuses it. Concurrent callers share one exchange.
type ClientCredentials struct {
	shop, clientID, secret string
	endpoint               string
	client                 *http.Client
	clock                  clock.Clock
	log                    *slog.Logger

	mu        sync.Mutex
	token     string
	refreshAt time.Time
	flight    *exchange // the exchange under way, if any
	exchanges int
}

// exchange is one request to the token endpoint that callers wait for.
type exchange struct {
	done  chan struct{}
	token string
	err   error
}

// CredentialsOption configures ClientCredentials.
type CredentialsOption func(*ClientCredentials)

// WithTokenEndpoint replaces the token endpoint (tests point it at a fake).
func WithTokenEndpoint(u string) CredentialsOption {
	return func(c *ClientCredentials) { c.endpoint = u }
}

// WithTokenHTTPClient replaces the HTTP client.
func WithTokenHTTPClient(h *http.Client) CredentialsOption {
	return func(c *ClientCredentials) {
		if h != nil {
			c.client = h
		}
	}
}

// WithTokenClock sets the clock that dates a token's expiry.
func WithTokenClock(k clock.Clock) CredentialsOption {
	return func(c *ClientCredentials) {
		if k != nil {
			c.clock = k
		}
	}
}

// WithTokenLog sets where exchanges are logged (never a secret or token).
func WithTokenLog(l *slog.Logger) CredentialsOption {
	return func(c *ClientCredentials) {
		if l != nil {
			c.log = l
		}
	}
}

// NewClientCredentials is the token source of the Dev Dashboard app with
// clientID and clientSecret installed on shop ("example.myshopify.com").
// Its endpoint is https://{shop}/admin/oauth/access_token, or under
// $SHOPIFY_ADMIN_BASE_URL when that is set (as NewAdmin).
func NewClientCredentials(shop, clientID, clientSecret string, opts ...CredentialsOption) *ClientCredentials {
	base := "https://" + shop
	if b := os.Getenv(BaseURLEnv); b != "" {
		base = strings.TrimSuffix(b, "/")
	}
	c := &ClientCredentials{
		shop: shop, clientID: clientID, secret: clientSecret,
		endpoint: base + TokenPath,
		client:   &http.Client{Timeout: 30 * time.Second},
		clock:    clock.System{},
		log:      slog.New(slog.DiscardHandler),
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Exchanges is how many exchanges have been made.
func (c *ClientCredentials) Exchanges() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.exchanges
}

// Token returns the kept token while it is fresh, else waits for one
// exchange (shared with every other caller waiting at that moment). A
// caller whose ctx ends stops waiting; the exchange goes on for the others.
func (c *ClientCredentials) Token(ctx context.Context) (string, error) {
	c.mu.Lock()
	if c.token != "" && c.clock.Now().Before(c.refreshAt) {
		tok := c.token
		c.mu.Unlock()
		return tok, nil
	}
	f := c.flight
	if f == nil {
		f = &exchange{done: make(chan struct{})}
		c.flight = f
		c.exchanges++
		go c.run(f)
	}
	c.mu.Unlock()
	select {
	case <-f.done:
		return f.token, f.err
	case <-ctx.Done():
		return "", fmt.Errorf("wait for a shopify access token: %w", ctx.Err())
	}
}

// Refused forgets tok when it is the kept token, so the next Token
// exchanges again; a token already replaced leaves the new one alone.
func (c *ClientCredentials) Refused(tok string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if tok != "" && c.token == tok {
		c.token = ""
		c.log.Warn("shopify refused the access token; exchanging the client credentials again", "shop", c.shop)
	}
	return true
}

// run makes the exchange f and hands its result to the waiting callers.
func (c *ClientCredentials) run(f *exchange) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	tok, lifetime, err := c.exchange(ctx)
	c.mu.Lock()
	if err == nil {
		c.token = tok
		// Exchange again a little before Shopify stops taking it: five
		// minutes early for a day-long token, half way for a short one.
		c.refreshAt = c.clock.Now().Add(lifetime - min(5*time.Minute, lifetime/2))
	}
	c.flight = nil
	c.mu.Unlock()
	if err != nil {
		c.log.Error("shopify client credentials exchange failed", "shop", c.shop, "client_id", c.clientID, "err", err)
	} else {
		c.log.Info("shopify access token exchanged", "shop", c.shop, "client_id", c.clientID, "expires_in", lifetime.Round(time.Second).String())
	}
	f.token, f.err = tok, err
	close(f.done)
}

// tokenResponse is the token endpoint's answer, success or failure.
type tokenResponse struct {
	AccessToken string          `json:"access_token"`
	Scope       string          `json:"scope"`
	ExpiresIn   int64           `json:"expires_in"`
	Error       string          `json:"error"`
	Description string          `json:"error_description"`
	Errors      json.RawMessage `json:"errors"`
}

// exchange posts the client credentials and reads the token and how long
// it lasts.
func (c *ClientCredentials) exchange(ctx context.Context) (string, time.Duration, error) {
	what := fmt.Sprintf("exchange the client credentials of app %s for an access token of %s", c.clientID, c.shop)
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {c.clientID}, "client_secret": {c.secret}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return "", 0, fmt.Errorf("%s: %w", what, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		return "", 0, fmt.Errorf("%s: %w: %s", what, errTokenTransient, c.scrub(err.Error()))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", 0, fmt.Errorf("%s: %w: read response: %s", what, errTokenTransient, c.scrub(err.Error()))
	}
	var r tokenResponse
	decodeErr := json.Unmarshal(raw, &r)
	switch code := resp.StatusCode; {
	case code == http.StatusTooManyRequests || code >= 500:
		return "", 0, fmt.Errorf("%s: %w: http %d", what, errTokenTransient, code)
	case code < 200 || code > 299:
		reason := c.scrub(r.reason())
		if reason == "" {
			reason = http.StatusText(code)
		}
		return "", 0, fmt.Errorf("%s: Shopify refused them (http %d: %s): check the app's client id and client secret in the Dev Dashboard (Settings), and that the app is installed on %s", what, code, reason, c.shop)
	case decodeErr != nil:
		return "", 0, fmt.Errorf("%s: the answer is not JSON", what)
	case r.AccessToken == "":
		return "", 0, fmt.Errorf("%s: the answer has no access_token", what)
	}
	lifetime := time.Duration(r.ExpiresIn) * time.Second
	if r.ExpiresIn <= 0 {
		lifetime = defaultLifetime
	}
	return r.AccessToken, lifetime, nil
}

// reason is what a refusal says: "invalid_client: …", or Shopify's errors.
func (r tokenResponse) reason() string {
	var parts []string
	if r.Error != "" {
		parts = append(parts, r.Error)
	}
	if r.Description != "" {
		parts = append(parts, r.Description)
	}
	if len(r.Errors) > 0 {
		var s string
		if json.Unmarshal(r.Errors, &s) == nil {
			parts = append(parts, s)
		} else {
			parts = append(parts, string(r.Errors))
		}
	}
	return truncate(strings.Join(parts, ": "), 200)
}

// scrub keeps the client secret out of text that may be logged.
func (c *ClientCredentials) scrub(s string) string {
	if c.secret == "" {
		return s
	}
	return strings.ReplaceAll(s, c.secret, "[client secret]")
}

// String names the source without its secret.
func (c *ClientCredentials) String() string {
	return "client credentials of app " + c.clientID + " on " + c.shop
}
