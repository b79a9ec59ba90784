package console_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/chat"
	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/pkg/settings"
)

const (
	shop     = "demo-shop.myshopify.com"
	password = "correct horse battery staple"
)

// env is the local runner with the demo shop, the console mounted beside
// it, and the agent reading its policy from settings: what `make dev`
// serves once the console is wired in.
type env struct {
	r    *runner.Runner
	con  *console.Console
	sets *settings.Service
	rec  *metrics.Recorder
	srv  *httptest.Server
	// staff is an HTTP client signed in to the console.
	staff *http.Client
	// chat is the chat API, its turns counted by its own metrics.
	chat http.Handler
}

// chatService is the chat API over the runner's store and agent, its turns
// and ratings counted by rec.
func chatService(r *runner.Runner, log *slog.Logger, rec *metrics.Recorder) *chat.Service {
	return &chat.Service{Store: r.Store, Agent: r.Agent, Secrets: intake.SecretMap{shop: []byte("s")}, TokenKeys: r.Keys.Chat,
		Shop: shop, Clock: r.Clock, Log: log, PerClient: &chat.Limiter{Max: 1000, Window: time.Minute}, Metrics: rec}
}

func newEnv(t *testing.T, opts ...func(*console.Console)) *env {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	r, err := runner.New(runner.Config{DataDir: t.TempDir(), Shop: shop, WebhookSecret: "s", Demo: events.DemoOrders(), Log: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	pol := policy.Default()
	pol.ShopName = "Hearth & Harbor"
	e := &env{r: r}
	e.sets = &settings.Service{Store: r.Store, Clock: r.Clock, Defaults: func(string) settings.Settings { return settings.Default(pol) }}
	r.Agent.Policies = e.sets
	e.rec = &metrics.Recorder{Store: r.Store, Clock: r.Clock}
	e.con = &console.Console{Store: r.Store, Auth: console.NewDevAuth(password, r.Clock), Shop: shop,
		Settings: e.sets, Metrics: e.rec, Clock: r.Clock, Log: log}
	for _, o := range opts {
		o(e.con)
	}
	mux := http.NewServeMux()
	mux.Handle("/console/", e.con.Handler())
	e.chat = chatService(r, log, e.rec).Handler()
	mux.Handle("/v1/", http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) { e.chat.ServeHTTP(w, req) }))
	mux.Handle("/", r.Handler())
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	e.staff = e.signIn(t)
	return e
}

// signIn signs in with the dev password, as the login form does.
func (e *env) signIn(t *testing.T) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(e.srv.URL+"/console/login?next=/console/queue", url.Values{"password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/console/queue" {
		t.Fatalf("sign in: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	ck := resp.Cookies()
	if len(ck) != 1 || !ck[0].HttpOnly || ck[0].SameSite != http.SameSiteStrictMode || ck[0].MaxAge <= 0 {
		t.Fatalf("session cookie = %+v; want one, HttpOnly, SameSite=Strict, with an expiry", ck)
	}
	return c
}

// call makes a console API call and decodes the JSON answer into out.
func (e *env) call(t *testing.T, c *http.Client, method, path string, body, out any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		b, _ := io.ReadAll(resp.Body)
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %d, body %s: %v", method, path, resp.StatusCode, b, err)
		}
	}
	return resp.StatusCode
}

// customer is a storefront chat, through the chat API.
type customer struct {
	t     *testing.T
	e     *env
	id    string
	token string
}

func (e *env) customer(t *testing.T, body map[string]string) *customer {
	t.Helper()
	var out struct {
		ID    string `json:"conversation_id"`
		Token string `json:"token"`
	}
	if code := e.call(t, http.DefaultClient, http.MethodPost, "/v1/conversations", body, &out); code != http.StatusCreated {
		t.Fatalf("create conversation: %d", code)
	}
	return &customer{t: t, e: e, id: out.ID, token: out.Token}
}

func (c *customer) do(method, path string, body, out any) int {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.e.srv.URL+path, rd)
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		_ = json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

// say sends a message and returns the reply ("" when the agent kept
// quiet).
func (c *customer) say(text string) string {
	c.t.Helper()
	var out struct {
		Reply *struct {
			Text string `json:"text"`
		} `json:"reply"`
	}
	if code := c.do(http.MethodPost, "/v1/conversations/"+c.id+"/messages", map[string]string{"text": text}, &out); code != http.StatusOK {
		c.t.Fatalf("say %q: %d", text, code)
	}
	if out.Reply == nil {
		return ""
	}
	return out.Reply.Text
}

// transcript is what the customer sees: GET /v1/conversations/{id}.
func (c *customer) transcript() []conversation.Message {
	c.t.Helper()
	var out struct {
		Messages []conversation.Message `json:"messages"`
	}
	if code := c.do(http.MethodGet, "/v1/conversations/"+c.id, nil, &out); code != http.StatusOK {
		c.t.Fatalf("transcript: %d", code)
	}
	return out.Messages
}
