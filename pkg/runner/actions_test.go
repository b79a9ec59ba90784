package runner_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/runner"
)

// Actions customers can trust (issue 15), end to end on the runner with the
// offline model: through the chat API and by email, with what the demo
// shop applied read back from GET /dev/shop/actions.

const consolePassword = "actions-test-password"

func actionsServer(t *testing.T) *httptest.Server {
	t.Helper()
	r, err := runner.New(runner.Config{Start: testStart, DataDir: t.TempDir(), Shop: "demo-shop.myshopify.com", WebhookSecret: "s",
		Demo: events.DemoOrders(), ConsolePassword: consolePassword, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	return startServer(t, r)
}

type shopAction struct {
	Type  string `json:"type"`
	Order string `json:"order"`
	Lines []struct {
		Title    string `json:"title"`
		Variant  string `json:"variant"`
		Quantity int    `json:"quantity"`
	} `json:"lines"`
	Amount   string         `json:"amount"`
	Currency string         `json:"currency"`
	Detail   map[string]any `json:"detail"`
	At       string         `json:"at"`
}

func shopActions(t *testing.T, srv *httptest.Server) []shopAction {
	t.Helper()
	resp, err := http.Get(srv.URL + "/dev/shop/actions")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out []shopAction
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 {
		t.Fatalf("/dev/shop/actions: %d, %v", resp.StatusCode, err)
	}
	return out
}

func ofType(as []shopAction, typ string) []shopAction {
	var out []shopAction
	for _, a := range as {
		if a.Type == typ {
			out = append(out, a)
		}
	}
	return out
}

func statusesOf(acts []map[string]any) []string {
	var out []string
	for _, a := range acts {
		out = append(out, a["tool"].(string)+":"+a["status"].(string))
	}
	return out
}

func hasStatus(acts []map[string]any, status string) bool {
	for _, a := range acts {
		if a["status"] == status {
			return true
		}
	}
	return false
}

func TestActionsStaleYesRunsNothing(t *testing.T) {
	srv := actionsServer(t)
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	reply, _ := c.say("I want to return the coffee kit")
	wantIn(t, reply, "1 × Pour-Over Coffee Kit (Walnut)", "#1006")
	wantNotIn(t, reply, "Mug")
	// About something else: the proposal lapses (a new one, for store
	// credit, is stated).
	reply, acts := c.say("can I get store credit instead?")
	if !hasStatus(acts, "lapsed") {
		t.Errorf("actions %v, want the refund proposal lapsed", statusesOf(acts))
	}
	wantIn(t, reply, "store credit", "1 × Pour-Over Coffee Kit (Walnut)")
	reply, _ = c.say("yes")
	wantIn(t, reply, "I've started the return")
	returns := ofType(shopActions(t, srv), "return")
	if len(returns) != 1 || returns[0].Order != "#1006" || len(returns[0].Lines) != 1 || returns[0].Lines[0].Title != "Pour-Over Coffee Kit" ||
		returns[0].Lines[0].Quantity != 1 || returns[0].Detail["resolution"] != "store_credit" || returns[0].Amount != "68.48" {
		t.Errorf("shop returns %+v, want the coffee kit alone, as store credit", returns)
	}

	// An address change, a question aside (the change stated again, word
	// for word: agent.AsksAside), then something unrelated, then "yes":
	// nothing runs.
	c, _ = startChat(t, srv, map[string]string{"email": "maya.okafor@example.com", "order_number": "#1001"})
	c.say("please change the address to 42 Elm Street, Portland, OR 97201")
	reply, acts = c.say("does the coffee kit come with filters?")
	if !hasStatus(acts, "lapsed") || !hasStatus(acts, "proposed") {
		t.Errorf("actions %v, want the address proposal lapsed and stated again", statusesOf(acts))
	}
	wantIn(t, reply, "42 Elm Street", "Shall I go ahead")
	_, acts = c.say("my sister lives in Portland too.")
	if !hasStatus(acts, "lapsed") {
		t.Errorf("actions %v, want the restated proposal lapsed", statusesOf(acts))
	}
	reply, _ = c.say("yes")
	wantNotIn(t, reply, "will now ship to")
	if got := ofType(shopActions(t, srv), "address_change"); len(got) != 0 {
		t.Errorf("a stale yes changed the address: %+v", got)
	}
}

func TestActionsLinesByWhatTheCustomerSaid(t *testing.T) {
	srv := actionsServer(t)
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	c.say("I want to return the coffee kit")
	c.say("yes")
	returns := ofType(shopActions(t, srv), "return")
	if len(returns) != 1 || len(returns[0].Lines) != 1 || returns[0].Lines[0].Title != "Pour-Over Coffee Kit" || returns[0].Lines[0].Variant != "Walnut" {
		t.Fatalf("shop returns %+v, want the kit alone", returns)
	}
	// Two mugs on the same line: "a mug" is one, "the mugs" both; neither
	// brings the (already returned) kit along.
	c, _ = startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	reply, _ := c.say("I'd like to return a mug")
	wantIn(t, reply, "1 × Harbor Stoneware Mug (Sea Glass / 12 oz)")
	wantNotIn(t, reply, "Kit")
	reply, _ = c.say("no, I'd like to return the mugs")
	wantIn(t, reply, "2 × Harbor Stoneware Mug (Sea Glass / 12 oz)")
	wantNotIn(t, reply, "Kit")
}

func TestActionsCurrentOrder(t *testing.T) {
	srv := actionsServer(t)
	c, _ := startChat(t, srv, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1008"})
	reply, _ := c.say("did I get my refund for the throw?")
	wantIn(t, reply, "#1008")
	wantNotIn(t, reply, "#1003")
}

func TestActionsIdempotencyIsByProposal(t *testing.T) {
	srv := actionsServer(t)
	c, _ := startChat(t, srv, map[string]string{"email": "maya.okafor@example.com", "order_number": "#1001"})
	for _, a := range []string{"42 Elm Street, Portland, OR 97201", "7 Oak Road, Salem, OR 97301", "42 Elm Street, Portland, OR 97201"} {
		c.say("please change the address to " + a)
		reply, _ := c.say("yes")
		wantIn(t, reply, "will now ship to", a[:10])
	}
	changes := ofType(shopActions(t, srv), "address_change")
	if len(changes) != 3 {
		t.Fatalf("%d address changes, want 3", len(changes))
	}
	if addr, _ := changes[2].Detail["address"].(map[string]any); addr["address1"] != "42 Elm Street" || addr["zip"] != "97201" || addr["countryCode"] != "US" {
		t.Errorf("last change %+v", changes[2].Detail)
	}
}

// console is a signed-in console session.
type console struct {
	t   *testing.T
	srv *httptest.Server
	c   *http.Client
}

func signIn(t *testing.T, srv *httptest.Server) *console {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	cl := &http.Client{Jar: jar}
	resp, err := cl.Post(srv.URL+"/console/login", "application/json", strings.NewReader(`{"password":"`+consolePassword+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	return &console{t: t, srv: srv, c: cl}
}

func (c *console) do(method, path string, body, out any) int {
	c.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.srv.URL+path, r)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		_ = json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

// set changes settings in the console: fn edits the settings document.
func (c *console) set(fn func(s map[string]any)) {
	c.t.Helper()
	var got struct {
		Settings map[string]any `json:"settings"`
	}
	if code := c.do("GET", "/console/api/settings", nil, &got); code != 200 {
		c.t.Fatalf("get settings: %d", code)
	}
	fn(got.Settings)
	if code := c.do("PUT", "/console/api/settings", got.Settings, nil); code != 200 {
		c.t.Fatalf("put settings: %d", code)
	}
}

type approvalItem struct {
	ID     string `json:"id"`
	Order  string `json:"order"`
	Action struct {
		Tool     string `json:"tool"`
		Proposal struct {
			ID    string `json:"id"`
			Lines []struct {
				LineItemID string `json:"line_item_id"`
				Title      string `json:"title"`
				Variant    string `json:"variant"`
				Quantity   int    `json:"quantity"`
			} `json:"lines"`
			Amount    int64             `json:"amount"`
			Currency  string            `json:"currency"`
			Reason    string            `json:"reason"`
			Address   map[string]string `json:"address"`
			Statement string            `json:"statement"`
		} `json:"proposal"`
	} `json:"action"`
	ConversationID string `json:"conversation_id"`
}

func (c *console) approvals() []approvalItem {
	c.t.Helper()
	var q struct {
		Approvals []approvalItem `json:"approvals"`
	}
	if code := c.do("GET", "/console/api/queue", nil, &q); code != 200 {
		c.t.Fatalf("queue: %d", code)
	}
	return q.Approvals
}

func (c *client) transcript() []string {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.base+"/v1/conversations/"+c.id, nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var tr struct {
		Messages []struct {
			Text string `json:"text"`
		} `json:"messages"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&tr)
	var out []string
	for _, m := range tr.Messages {
		out = append(out, m.Text)
	}
	return out
}

// With automatic returns and address changes off, the customer still hears
// the exact proposal and says yes; the person sees exactly it, approves, and
// exactly it runs; the customer hears the outcome in the conversation.
func TestActionsApprovalAfterConsent(t *testing.T) {
	srv := actionsServer(t)
	con := signIn(t, srv)
	con.set(func(s map[string]any) {
		p := s["policy"].(map[string]any)
		p["auto_returns"], p["auto_address_change"] = false, false
	})

	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	reply, _ := c.say("I want to return the coffee kit, it arrived broken")
	wantIn(t, reply, "1 × Pour-Over Coffee Kit (Walnut)", "approves", "Shall I go ahead")
	reply, acts := c.say("yes")
	if !hasStatus(acts, "needs_approval") {
		t.Fatalf("actions %v, want needs_approval", statusesOf(acts))
	}
	wantIn(t, reply, "passed")
	if got := ofType(shopActions(t, srv), "return"); len(got) != 0 {
		t.Fatalf("a return ran before approval: %+v", got)
	}
	aps := con.approvals()
	if len(aps) != 1 {
		t.Fatalf("%d approvals, want 1", len(aps))
	}
	ap := aps[0]
	p := ap.Action.Proposal
	if ap.Order != "#1006" || ap.ConversationID != c.id || len(p.Lines) != 1 || p.Lines[0].Title != "Pour-Over Coffee Kit" || p.Lines[0].Quantity != 1 ||
		p.Amount != 6848 || p.Currency != "USD" || p.Reason != "DEFECTIVE" || !strings.Contains(reply+c.transcript()[1], p.Statement) {
		t.Errorf("the approval shows %+v", ap)
	}
	if code := con.do("POST", "/console/api/handoffs/"+ap.ID+"/decide", map[string]any{"approve": true}, nil); code != 200 {
		t.Fatalf("decide: %d", code)
	}
	returns := ofType(shopActions(t, srv), "return")
	if len(returns) != 1 || len(returns[0].Lines) != 1 || returns[0].Lines[0].Title != "Pour-Over Coffee Kit" || returns[0].Detail["reason"] != "DEFECTIVE" {
		t.Fatalf("shop returns %+v, want exactly the approved proposal", returns)
	}
	tr := c.transcript()
	wantIn(t, tr[len(tr)-1], "approved a return of 1 × Pour-Over Coffee Kit (Walnut) on order #1006")

	// An address change: approved, exactly the address the customer gave.
	c, _ = startChat(t, srv, map[string]string{"email": "maya.okafor@example.com", "order_number": "#1001"})
	c.say("please change the address to 42 Elm Street, Portland, OR 97201")
	c.say("yes")
	aps = con.approvals()
	if len(aps) != 1 || aps[0].Action.Proposal.Address["address1"] != "42 Elm Street" {
		t.Fatalf("approvals %+v", aps)
	}
	if code := con.do("POST", "/console/api/handoffs/"+aps[0].ID+"/decide", map[string]any{"approve": true}, nil); code != 200 {
		t.Fatalf("decide: %d", code)
	}
	changes := ofType(shopActions(t, srv), "address_change")
	if len(changes) != 1 {
		t.Fatalf("address changes %+v", changes)
	}
	if addr, _ := changes[0].Detail["address"].(map[string]any); addr["address1"] != "42 Elm Street" || addr["city"] != "Portland" {
		t.Errorf("changed to %+v", changes[0].Detail)
	}
	tr = c.transcript()
	wantIn(t, tr[len(tr)-1], "approved an address change")
}

// By email: the proposal, the yes in a reply, and (with approval on) the
// outcome in the same thread.
func TestActionsByEmail(t *testing.T) {
	srv := actionsServer(t)
	con := signIn(t, srv)
	drop := func(raw string) {
		t.Helper()
		resp, err := http.Post(srv.URL+"/dev/mail", "message/rfc822", strings.NewReader(strings.ReplaceAll(raw, "\n", "\r\n")))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted {
			t.Fatalf("/dev/mail: %d", resp.StatusCode)
		}
	}
	outbox := func() []map[string]any {
		resp, err := http.Get(srv.URL + "/dev/outbox")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out []map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return out
	}
	last := func() (string, string) {
		box := outbox()
		m := box[len(box)-1]
		h, _ := m["headers"].(map[string]any)
		id, _ := h["Message-ID"].(string)
		text, _ := m["text"].(string)
		return text, id
	}
	drop(`From: Samuel Whitfield <samuel.whitfield@example.com>
To: support@hearthandharbor.example
Subject: Return
Message-ID: <r1@mail.example.com>
Date: Mon, 23 Nov 2026 09:00:00 +0000
Content-Type: text/plain; charset=utf-8

Hi, I want to return the coffee kit from order #1006.
Sam
`)
	text, id := last()
	wantIn(t, text, "1 × Pour-Over Coffee Kit (Walnut)", "#1006")
	wantNotIn(t, text, "Mug")
	drop(`From: Samuel Whitfield <samuel.whitfield@example.com>
To: support@hearthandharbor.example
Subject: Re: Return
Message-ID: <r2@mail.example.com>
In-Reply-To: ` + id + `
References: <r1@mail.example.com> ` + id + `
Date: Mon, 23 Nov 2026 09:05:00 +0000
Content-Type: text/plain; charset=utf-8

Yes please
`)
	text, _ = last()
	wantIn(t, text, "I've started the return")
	returns := ofType(shopActions(t, srv), "return")
	if len(returns) != 1 || len(returns[0].Lines) != 1 || returns[0].Lines[0].Title != "Pour-Over Coffee Kit" {
		t.Fatalf("shop returns %+v", returns)
	}

	// With approval on: the outcome reaches the customer in the thread.
	con.set(func(s map[string]any) { s["policy"].(map[string]any)["auto_address_change"] = false })
	drop(`From: Maya Okafor <maya.okafor@example.com>
To: support@hearthandharbor.example
Subject: New address
Message-ID: <a1@mail.example.com>
Date: Mon, 23 Nov 2026 10:00:00 +0000
Content-Type: text/plain; charset=utf-8

Please change the address of order #1001 to 42 Elm Street, Portland, OR 97201
`)
	text, id = last()
	wantIn(t, text, "42 Elm Street", "approves")
	drop(`From: Maya Okafor <maya.okafor@example.com>
To: support@hearthandharbor.example
Subject: Re: New address
Message-ID: <a2@mail.example.com>
In-Reply-To: ` + id + `
References: <a1@mail.example.com> ` + id + `
Date: Mon, 23 Nov 2026 10:05:00 +0000
Content-Type: text/plain; charset=utf-8

yes
`)
	aps := con.approvals()
	if len(aps) != 1 || aps[0].Action.Proposal.Address["address1"] != "42 Elm Street" {
		t.Fatalf("approvals %+v", aps)
	}
	if code := con.do("POST", "/console/api/handoffs/"+aps[0].ID+"/decide", map[string]any{"approve": true}, nil); code != 200 {
		t.Fatalf("decide: %d", code)
	}
	box := outbox()
	m := box[len(box)-1]
	text, _ = m["text"].(string)
	h, _ := m["headers"].(map[string]any)
	if m["to"] != "maya.okafor@example.com" || !strings.Contains(text, "approved an address change") || h["In-Reply-To"] == nil {
		t.Errorf("outcome mail %v", m)
	}
	if got := ofType(shopActions(t, srv), "address_change"); len(got) != 1 {
		t.Errorf("address changes %+v", got)
	}
}
