package runner_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/runner"
)

type client struct {
	t     *testing.T
	base  string
	id    string
	token string
}

func post(t *testing.T, url, token string, body any, out any) int {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		_ = json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

func startChat(t *testing.T, srv *httptest.Server, body map[string]string) (*client, bool) {
	t.Helper()
	var created struct {
		ConversationID string `json:"conversation_id"`
		Token          string `json:"token"`
		Verified       bool   `json:"verified"`
	}
	if code := post(t, srv.URL+"/v1/conversations", "", body, &created); code != 201 {
		t.Fatalf("create: %d", code)
	}
	return &client{t: t, base: srv.URL, id: created.ConversationID, token: created.Token}, created.Verified
}

func (c *client) say(text string) (string, []map[string]any) {
	c.t.Helper()
	var out struct {
		Reply *struct {
			Text string `json:"text"`
		} `json:"reply"`
		Actions []map[string]any `json:"actions"`
	}
	if code := post(c.t, c.base+"/v1/conversations/"+c.id+"/messages", c.token, map[string]string{"text": text}, &out); code != 200 {
		c.t.Fatalf("say %q: %d", text, code)
	}
	if out.Reply == nil {
		return "", out.Actions
	}
	c.t.Logf("customer: %s\n  agent: %s", text, out.Reply.Text)
	return out.Reply.Text, out.Actions
}

func startServer(t *testing.T, r *runner.Runner) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(r.Handler())
	t.Cleanup(srv.Close)
	return srv
}

func demoServer(t *testing.T) *httptest.Server {
	t.Helper()
	r := newRunner(t, t.TempDir())
	t.Cleanup(func() { r.Close() })
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(r.Handler())
	t.Cleanup(srv.Close)
	return srv
}

func wantIn(t *testing.T, reply string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(strings.ToLower(reply), strings.ToLower(p)) {
			t.Errorf("reply %q lacks %q", reply, p)
		}
	}
}

func wantNotIn(t *testing.T, reply string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(strings.ToLower(reply), strings.ToLower(p)) {
			t.Errorf("reply %q reveals %q", reply, p)
		}
	}
}

func TestChatWhereIsMyOrder(t *testing.T) {
	srv := demoServer(t)
	c, verified := startChat(t, srv, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
	if !verified {
		t.Fatal("order number + its email did not verify")
	}
	reply, _ := c.say("Hi, where is my order #1003?")
	wantIn(t, reply, "#1003", "UPS", "tracking number", "estimated delivery", "http")
}

func TestChatVerifyInConversation(t *testing.T) {
	srv := demoServer(t)
	c, verified := startChat(t, srv, map[string]string{})
	if verified {
		t.Fatal("empty create verified")
	}
	reply, _ := c.say("where is my order?")
	wantIn(t, reply, "order number", "email")
	reply, _ = c.say("it's #1003, daniel.reyes@example.com")
	wantIn(t, reply, "UPS", "#1003")
}

func TestChatRevealsNothingUnverifiedOrForeign(t *testing.T) {
	srv := demoServer(t)
	// The tracking number and carrier of #1003 (Daniel's order).
	secret := []string{"1Z", "UPS", "in transit", "on its way", "Daniel", "shipped"}

	c, _ := startChat(t, srv, map[string]string{})
	reply, _ := c.say("where is order #1003?")
	wantNotIn(t, reply, secret...)

	// Wrong email for the order: not verified, nothing shown.
	c, verified := startChat(t, srv, map[string]string{"email": "maya.okafor@example.com", "order_number": "#1003"})
	if verified {
		t.Fatal("someone else's email verified #1003")
	}
	reply, _ = c.say("where is order #1003?")
	wantNotIn(t, reply, secret...)

	// Verified as Maya, asking about Daniel's order.
	c, _ = startChat(t, srv, map[string]string{"email": "maya.okafor@example.com", "order_number": "#1001"})
	reply, _ = c.say("where is order #1003?")
	wantNotIn(t, reply, secret...)
	wantIn(t, reply, "#1001", "#1007") // her own orders, offered instead
}

func TestChatAddressChange(t *testing.T) {
	srv := demoServer(t)
	c, _ := startChat(t, srv, map[string]string{"email": "maya.okafor@example.com", "order_number": "#1001"})
	reply, _ := c.say("Please change the shipping address of #1001 to 42 Elm Street, Portland, OR 97201")
	wantIn(t, reply, "42 Elm Street", "Portland", "yes")
	reply, acts := c.say("yes please")
	wantIn(t, reply, "will now ship to", "42 Elm Street")
	if len(acts) == 0 || acts[len(acts)-1]["status"] != "done" {
		t.Errorf("actions = %v, want a done address change", acts)
	}
	resp, _ := http.Get(srv.URL + "/dev/orders/1001")
	var o struct {
		Order struct {
			ShippingAddress struct{ Address1, City string } `json:"shipping_address"`
		} `json:"order"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&o)
	resp.Body.Close()
	if o.Order.ShippingAddress.Address1 != "42 Elm Street" || o.Order.ShippingAddress.City != "Portland" {
		t.Errorf("stored address = %+v", o.Order.ShippingAddress)
	}

	// After shipping: refused, with the reason.
	c, _ = startChat(t, srv, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
	reply, acts = c.say("change the address of #1003 to 42 Elm Street, Portland, OR 97201")
	wantIn(t, reply, "can't change the address", "carrier")
	// change_address is not offered once shipped: nothing is proposed
	// or done (a tool that refuses records "refused").
	for _, a := range acts {
		if a["status"] != "refused" {
			t.Errorf("actions = %v, want none or refused", acts)
		}
	}
}

func TestChatReturns(t *testing.T) {
	srv := demoServer(t)
	// Past the window: explained, not started.
	c, _ := startChat(t, srv, map[string]string{"email": "maya.okafor@example.com", "order_number": "#1007"})
	reply, acts := c.say("I want to return order #1007")
	wantIn(t, reply, "can't start a return", "return window closed")
	for _, a := range acts {
		if a["status"] != "refused" {
			t.Errorf("actions = %v, want none or refused", acts)
		}
	}
	if r, _ := c.say("yes"); strings.Contains(r, "I've started the return") {
		t.Errorf("a yes after a refusal started a return: %q", r)
	}

	// Inside the window: proposed, confirmed, done once.
	c, _ = startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	reply, _ = c.say("The mug arrived broken, I want to return order #1006")
	wantIn(t, reply, "start a return of 1 × Harbor Stoneware Mug (Sea Glass / 12 oz)", "Shall I go ahead")
	wantNotIn(t, reply, "Coffee Kit")
	reply, acts = c.say("yes")
	wantIn(t, reply, "I've started the return")
	if len(acts) == 0 || acts[len(acts)-1]["status"] != "done" {
		t.Errorf("actions = %v, want done", acts)
	}
	reply, _ = c.say("I want to return both mugs from order #1006")
	wantIn(t, reply, "already under way")
}

func TestChatTurnsAndTranscript(t *testing.T) {
	srv := demoServer(t)
	c, _ := startChat(t, srv, map[string]string{"email": "maya.okafor@example.com", "order_number": "#1001"})
	c.say("hello")
	c.say("thanks!")
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/conversations/"+c.id, nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var tr struct {
		Verified bool `json:"verified"`
		Messages []struct {
			Seq  int    `json:"seq"`
			Role string `json:"role"`
			Text string `json:"text"`
		} `json:"messages"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&tr)
	resp.Body.Close()
	if !tr.Verified || len(tr.Messages) != 4 || tr.Messages[0].Text != "hello" || tr.Messages[1].Role != "agent" {
		t.Errorf("transcript = %+v", tr)
	}
}

func TestChatCarriesTheRequestThroughVerification(t *testing.T) {
	srv := demoServer(t)
	c, _ := startChat(t, srv, map[string]string{})
	reply, _ := c.say("I want to return the coffee kit from order #1006")
	wantIn(t, reply, "email")
	reply, _ = c.say("samuel.whitfield@example.com")
	wantIn(t, reply, "start a return of 1 × Pour-Over Coffee Kit", "#1006", "yes")
}
