package console_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"
	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/settings"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// stubStore answers every call with nothing and records that it was
// called: a request that was refused must not have read anything.
type stubStore struct {
	mu    sync.Mutex
	calls []string
}

func (s *stubStore) called(m string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, m)
}

func (s *stubStore) take() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.calls
	s.calls = nil
	return c
}

func (s *stubStore) ListConversations(context.Context, string, time.Time, int) ([]conversation.Conversation, error) {
	s.called("ListConversations")
	return nil, nil
}

func (s *stubStore) ConversationsByEmail(context.Context, string, string, int) ([]conversation.Conversation, error) {
	s.called("ConversationsByEmail")
	return nil, nil
}

func (s *stubStore) GetConversation(context.Context, string, string) (conversation.Conversation, []conversation.Message, error) {
	s.called("GetConversation")
	return conversation.Conversation{}, nil, store.ErrNotFound
}

func (s *stubStore) SaveTurn(context.Context, conversation.Conversation, int64, []conversation.Message) error {
	s.called("SaveTurn")
	return nil
}

func (s *stubStore) GetOrderByName(context.Context, string, string) (order.Order, error) {
	s.called("GetOrderByName")
	return order.Order{}, store.ErrNotFound
}

func (s *stubStore) OrdersByEmail(context.Context, string, string, int) ([]order.Order, error) {
	s.called("OrdersByEmail")
	return nil, nil
}

func (s *stubStore) ListDocs(context.Context, string, string, string, int) ([]store.Doc, error) {
	s.called("ListDocs")
	return nil, nil
}

func (s *stubStore) GetDoc(context.Context, string, string) ([]byte, error) {
	s.called("GetDoc")
	return nil, store.ErrNotFound
}

func (s *stubStore) PutDoc(context.Context, string, string, []byte, time.Time) error {
	s.called("PutDoc")
	return nil
}

func (s *stubStore) Counters(context.Context, []string) (map[string]int64, error) {
	s.called("Counters")
	return map[string]int64{}, nil
}

func (s *stubStore) Add(context.Context, string, int64, time.Time) (int64, error) {
	s.called("Add")
	return 0, nil
}

func (s *stubStore) Claim(context.Context, string, time.Time) error {
	s.called("Claim")
	return nil
}

func (s *stubStore) CreateDoc(context.Context, string, string, []byte, time.Time) error {
	s.called("CreateDoc")
	return nil
}

// The routes that answer without signing in, and why: the sign-in page
// and form must, and the static assets hold no data. This is the only
// list written by hand; every other route is found in the console's own
// route list.
var publicRoutes = []string{
	"GET /console/login",            // the sign-in page
	"POST /console/login",           // the sign-in form
	"GET /console/assets/{file...}", // scripts and styles, no data
}

func newStubConsole(st *stubStore, auth console.Authenticator) *console.Console {
	clk := clock.NewFixed(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC))
	return &console.Console{Store: st, Auth: auth, Shop: shop, Clock: clk, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Settings: &settings.Service{Store: st, Clock: clk}, Metrics: &metrics.Recorder{Store: st, Clock: clk}}
}

var param = regexp.MustCompile(`\{([a-z]+)(\.\.\.)?\}`)

// request builds a request a route's pattern matches.
func request(t *testing.T, pattern string) *http.Request {
	t.Helper()
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = http.MethodGet, pattern
	}
	path = strings.ReplaceAll(path, "{$}", "")
	path = param.ReplaceAllStringFunc(path, func(p string) string {
		if strings.HasSuffix(p, "...}") {
			return "app.js"
		}
		return "x1"
	})
	if strings.HasSuffix(path, "/") && !strings.HasSuffix(pattern, "{$}") && path != "/console/" {
		path += "no-such-thing"
	}
	var body io.Reader
	if method == http.MethodPost || method == http.MethodPut {
		body = strings.NewReader("{}")
	}
	r := httptest.NewRequest(method, path, body)
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	return r
}

func accessOf(t *testing.T, c *console.Console) (public []string, routes []console.Route) {
	t.Helper()
	routes = c.Routes()
	if len(routes) < 20 {
		t.Fatalf("only %d routes registered", len(routes))
	}
	for _, r := range routes {
		if r.Access == console.Public {
			public = append(public, r.Pattern)
		}
	}
	sort.Strings(public)
	want := append([]string(nil), publicRoutes...)
	sort.Strings(want)
	if diff := cmp.Diff(want, public); diff != "" {
		t.Errorf("public routes (-want +got):\n%s", diff)
	}
	return public, routes
}

// Locally: no console route or console API answers without the session
// cookie, route by route. API routes say 401 (and read nothing); pages
// send the browser to sign in. With a signed-in session, none refuses.
func TestEveryRouteNeedsSignInDev(t *testing.T) {
	st := &stubStore{}
	auth := console.NewDevAuth(password, clock.NewFixed(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)))
	c := newStubConsole(st, auth)
	h := c.Handler()
	_, routes := accessOf(t, c)

	// A signed-in session, and cookies that are not one.
	rec := httptest.NewRecorder()
	auth.StartSession(rec, httptest.NewRequest(http.MethodPost, "/console/login", nil))
	good := rec.Result().Cookies()[0]
	other := console.NewDevAuth(password, auth.Clock)
	rec = httptest.NewRecorder()
	other.StartSession(rec, httptest.NewRequest(http.MethodPost, "/console/login", nil))
	forged := rec.Result().Cookies()[0] // signed with another key
	expired := console.NewDevAuth(password, clock.NewFixed(auth.Clock.Now().Add(-13*time.Hour)))
	expired.Key = auth.Key
	rec = httptest.NewRecorder()
	expired.StartSession(rec, httptest.NewRequest(http.MethodPost, "/console/login", nil))
	old := rec.Result().Cookies()[0]
	tampered := *good
	tampered.Value = strings.Replace(good.Value, good.Value[:4], "ZGV2", 1) + "x"

	for _, route := range routes {
		t.Run(route.Pattern, func(t *testing.T) {
			for _, ck := range []struct {
				name   string
				cookie *http.Cookie
			}{{"no cookie", nil}, {"forged", forged}, {"expired", old}, {"tampered", &tampered}} {
				r := request(t, route.Pattern)
				if ck.cookie != nil {
					r.AddCookie(ck.cookie)
				}
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				calls := st.take()
				switch route.Access {
				case console.API:
					var body struct {
						Error struct{ Code string } `json:"error"`
					}
					_ = json.Unmarshal(w.Body.Bytes(), &body)
					if w.Code != http.StatusUnauthorized || body.Error.Code != "unauthenticated" {
						t.Errorf("%s: %s %s = %d %s; want 401 unauthenticated", ck.name, r.Method, r.URL.Path, w.Code, w.Body)
					}
				case console.Page:
					if loc := w.Header().Get("Location"); w.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/console/login?next=") {
						t.Errorf("%s: %s %s = %d to %q; want a redirect to sign in", ck.name, r.Method, r.URL.Path, w.Code, loc)
					}
				case console.Public: // answers anyone (the sign-in form says 401 to a wrong password)
				default:
					t.Fatalf("route %s has access %q", route.Pattern, route.Access)
				}
				if len(calls) > 0 {
					t.Errorf("%s: %s %s read the store (%v) without a session", ck.name, r.Method, r.URL.Path, calls)
				}
			}

			if route.Access == console.Public {
				return
			}
			r := request(t, route.Pattern)
			r.AddCookie(good)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			st.take()
			if w.Code == http.StatusUnauthorized || (w.Code == http.StatusSeeOther && strings.HasPrefix(w.Header().Get("Location"), "/console/login")) {
				t.Errorf("signed in: %s %s = %d; want it to answer", r.Method, r.URL.Path, w.Code)
			}
		})
	}
}

// In AWS: API Gateway's JWT authorizer checks the token and passes its
// claims in the request context; the handler refuses any API request
// without claims from the right user pool and app client, route by route.
// Page routes serve the data-free shell (a page load cannot carry the
// bearer token): they read nothing.
func TestEveryRouteNeedsSignInCognito(t *testing.T) {
	st := &stubStore{}
	auth := console.CognitoAuth{Region: "eu-west-1", UserPoolID: "eu-west-1_AbCdEf123", ClientID: "console-client"}
	c := newStubConsole(st, auth)
	adapter := httpadapter.NewV2(c.Handler())
	_, routes := accessOf(t, c)

	good := map[string]string{"sub": "8f2c", "iss": auth.Issuer(), "client_id": "console-client", "token_use": "access", "username": "sam"}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for a, b := range good {
			m[a] = b
		}
		m[k] = v
		return m
	}
	idToken := with("token_use", "id")
	delete(idToken, "client_id")
	idToken["aud"] = "console-client"
	idToken["email"] = "sam@example.com"

	serve := func(t *testing.T, pattern string, claims map[string]string) events.APIGatewayV2HTTPResponse {
		t.Helper()
		r := request(t, pattern)
		b, _ := io.ReadAll(r.Body)
		ev := events.APIGatewayV2HTTPRequest{Version: "2.0", RawPath: r.URL.Path, RawQueryString: r.URL.RawQuery,
			Headers: map[string]string{"content-type": "application/json", "host": "api.example.com"}, Body: string(b),
			RequestContext: events.APIGatewayV2HTTPRequestContext{DomainName: "api.example.com",
				HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: r.Method, Path: r.URL.Path}}}
		if claims != nil {
			ev.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
				JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: claims}}
		}
		resp, err := adapter.ProxyWithContext(t.Context(), ev)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}

	for _, route := range routes {
		t.Run(route.Pattern, func(t *testing.T) {
			for _, tc := range []struct {
				name   string
				claims map[string]string
			}{
				{"no authorizer", nil},
				{"another user pool", with("iss", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other")},
				{"another app client", with("client_id", "someone-else")},
				{"no subject", with("sub", "")},
				{"not an access or id token", with("token_use", "refresh")},
			} {
				resp := serve(t, route.Pattern, tc.claims)
				calls := st.take()
				switch route.Access {
				case console.API:
					if resp.StatusCode != http.StatusUnauthorized {
						t.Errorf("%s: %s = %d %s; want 401", tc.name, route.Pattern, resp.StatusCode, resp.Body)
					}
				case console.Page:
					if resp.StatusCode == http.StatusOK && strings.Contains(resp.Body, "@example.com") {
						t.Errorf("%s: the page shell holds data", tc.name)
					}
				}
				if len(calls) > 0 && route.Access != console.Public {
					t.Errorf("%s: %s read the store (%v) without valid claims", tc.name, route.Pattern, calls)
				}
			}
			for name, claims := range map[string]map[string]string{"access token": good, "id token": idToken} {
				resp := serve(t, route.Pattern, claims)
				st.take()
				if resp.StatusCode == http.StatusUnauthorized {
					t.Errorf("%s: %s = 401; want it to answer", name, route.Pattern)
				}
			}
		})
	}

	// The signed-in user is who the claims say.
	resp := serve(t, "GET /console/api/me", idToken)
	var me struct {
		User console.User `json:"user"`
		Mode string       `json:"mode"`
	}
	if err := json.Unmarshal([]byte(resp.Body), &me); err != nil || me.User.Name != "sam@example.com" || me.User.ID != "8f2c" || me.Mode != "cognito" {
		t.Errorf("me = %s (%v)", resp.Body, err)
	}
	// The sign-in form is local only.
	if resp := serve(t, "POST /console/login", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("POST /console/login in AWS = %d, want 404", resp.StatusCode)
	}
}

// The dev sign-in: a wrong password fails (and is throttled), the right
// one sets the session, and logout ends it.
func TestDevSignIn(t *testing.T) {
	st := &stubStore{}
	auth := console.NewDevAuth(password, clock.NewManual())
	srv := httptest.NewServer(newStubConsole(st, auth).Handler())
	t.Cleanup(srv.Close)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	resp, err := noRedirect.PostForm(srv.URL+"/console/login", url.Values{"password": {"wrong"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/console/login?error=1" || len(resp.Cookies()) != 0 {
		t.Errorf("wrong password: %d to %q, cookies %v", resp.StatusCode, resp.Header.Get("Location"), resp.Cookies())
	}
	post := func(pw string) *http.Response {
		resp, err := http.Post(srv.URL+"/console/login", "application/json", strings.NewReader(`{"password":`+strings.TrimSpace(jsonString(pw))+`}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post(password); resp.StatusCode != http.StatusOK || len(resp.Cookies()) != 1 {
		t.Fatalf("right password: %d, cookies %v", resp.StatusCode, resp.Cookies())
	}
	// An open redirect is not possible through next=.
	resp, _ = noRedirect.PostForm(srv.URL+"/console/login?next=//evil.example/", url.Values{"password": {password}})
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); loc != "/console/" {
		t.Errorf("next=//evil.example/ redirected to %q", loc)
	}
	ck := resp.Cookies()[0]
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/console/api/logout", nil)
	req.AddCookie(ck)
	resp, _ = http.DefaultClient.Do(req)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent || len(resp.Cookies()) != 1 || resp.Cookies()[0].MaxAge >= 0 {
		t.Errorf("logout: %d, cookies %v; want the cookie cleared", resp.StatusCode, resp.Cookies())
	}
	for range 10 {
		post("guess")
	}
	if resp := post(password); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("after ten wrong passwords in a minute: %d, want 429", resp.StatusCode)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
