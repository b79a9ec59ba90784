package trackpage_test

import (
	"bytes"
	"context"
	"errors"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/email"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"github.com/doorstep-ai/doorstep/pkg/trackpage"
)

// fakeApprovals is the approval queue: it records what was opened.
type fakeApprovals struct {
	mu     sync.Mutex
	opened []escalation.Request
	status string // what Get reports
	result string
}

func (f *fakeApprovals) Open(_ context.Context, r escalation.Request) (escalation.Handoff, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.opened = append(f.opened, r)
	return escalation.Handoff{ID: "approval-" + r.Key, Status: escalation.StatusOpen}, nil
}

func (f *fakeApprovals) Get(_ context.Context, id string) (escalation.Handoff, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return escalation.Handoff{ID: id, Status: f.status, Result: f.result}, nil
}

// fakeLabels makes labels and counts them.
type fakeLabels struct {
	mu    sync.Mutex
	reqs  []trackpage.LabelRequest
	calls int
	err   error
}

func (f *fakeLabels) ReturnLabel(_ context.Context, r trackpage.LabelRequest) (trackpage.Label, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.err != nil {
		return trackpage.Label{}, f.err
	}
	// Idempotent by reference, as LabelMaker promises (easypost finds the
	// shipment by its reference): reqs counts labels bought.
	bought := false
	for _, q := range f.reqs {
		bought = bought || q.Reference == r.Reference
	}
	if !bought {
		f.reqs = append(f.reqs, r)
	}
	return trackpage.Label{URL: "https://easypost-files.example/label-" + r.Reference + ".png", Carrier: "USPS", TrackingCode: "9400100000000000000001"}, nil
}

type fakeMail struct {
	mu   sync.Mutex
	sent []email.Outgoing
}

func (f *fakeMail) Send(_ context.Context, m email.Outgoing) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, m)
	return "<m@example>", nil
}

type returnsEnv struct {
	srv       *httptest.Server
	st        *bolt.Store
	clk       *clock.Manual
	order     order.Order
	approvals *fakeApprovals
	labels    *fakeLabels
	mail      *fakeMail
	logs      *bytes.Buffer
	pol       *policy.Policy
	page      *trackpage.Page
}

// newReturnsEnv serves the tracking page with self-service returns over
// the demo shop, for order #1003 delivered five days ago: a skillet
// ($52.00) and two candles ($22.00 each).
func newReturnsEnv(t *testing.T, labels bool) *returnsEnv {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC)
	created, shipped, delivered := now.Add(-10*24*time.Hour), now.Add(-8*24*time.Hour), now.Add(-5*24*time.Hour)
	o := order.Order{Shop: shop, ID: "5500000001003", Name: "#1003", Email: "Daniel.Reyes@example.com", Currency: "USD",
		TotalPrice: 9600, FinancialStatus: "paid", FulfillmentStatus: "fulfilled", CreatedAt: created, UpdatedAt: created,
		ShippingAddress: &order.Address{Name: "Daniel Reyes", Address1: "1550 Larimer St", City: "Denver", Province: "CO", ProvinceCode: "CO", CountryCode: "US", Zip: "80202"},
		LineItems: []order.LineItem{
			{ID: "1", ProductID: "p1", VariantID: "v1", Title: "Cast-Iron Skillet", Quantity: 1, Price: 5200},
			{ID: "2", ProductID: "p2", VariantID: "v2", Title: "Beeswax Pillar Candle", Quantity: 2, Price: 2200},
		}}
	sh := order.Shipment{Shop: shop, OrderID: o.ID, ID: "f1", State: "success", Status: order.StatusDelivered, Carrier: "UPS",
		TrackingNumber: "1Z9HH4870345612786", CreatedAt: shipped, UpdatedAt: delivered, ShippedAt: &shipped, DeliveredAt: &delivered, LastEventAt: delivered}
	if _, err := st.Apply(t.Context(), store.Change{Shop: shop, Order: &o, Shipments: []order.Shipment{sh}}); err != nil {
		t.Fatal(err)
	}
	clk := clock.NewFixed(now)
	pol := policy.Default()
	e := &returnsEnv{st: st, clk: clk, order: o, approvals: &fakeApprovals{}, mail: &fakeMail{}, logs: &bytes.Buffer{}, pol: &pol}
	pols := policyFunc(func() policy.Policy { return *e.pol })
	log := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	run := &agent.Agent{Store: st, Commerce: &demoshop.Shop{Store: st, Clock: clk}, Policies: pols, Clock: clk, Log: log}
	rt := &trackpage.Returns{Store: st, Policies: pols, Runner: run, Approvals: e.approvals, Mail: e.mail,
		From:    mailAddr("Hearth & Harbor", "help@hearth.example"),
		Address: "Hearth & Harbor Returns\n12 Mill Road\nAsheville, NC 28801"}
	if labels {
		e.labels = &fakeLabels{}
		rt.Labels = e.labels
	}
	loc, _ := time.LoadLocation("America/New_York")
	p := &trackpage.Page{Store: st, Shop: shop, Rules: edd.DefaultRules(loc), Keys: key, Clock: clk, PerClient: 50,
		ReturnWindow: 30 * 24 * time.Hour, Log: log, Returns: rt,
		Brands: notify.StaticBrand{ShopName: "Hearth & Harbor", PrimaryColor: "#204030", StoreURL: "https://hearth.example"}}
	e.page = p
	mux := http.NewServeMux()
	mux.Handle("GET /track", p)
	mux.Handle("POST /track", p)
	mux.Handle("POST /track/return", p)
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	return e
}

type policyFunc func() policy.Policy

func (f policyFunc) Policy(context.Context, string) (policy.Policy, error) { return f(), nil }

var tokenRe = regexp.MustCompile(`name="s" value="([^"]+)"`)
var proposalRe = regexp.MustCompile(`name="p" value="([^"]+)"`)

// lookup proves the order on the page and returns the return form's token.
func (e *returnsEnv) lookup(t *testing.T) (string, string) {
	t.Helper()
	status, body := post(t, e.srv.URL+"/track", "1003", "daniel.reyes@example.com")
	if status != 200 {
		t.Fatalf("lookup = %d", status)
	}
	m := tokenRe.FindStringSubmatch(body)
	if m == nil {
		return "", body
	}
	return html.UnescapeString(m[1]), body
}

func (e *returnsEnv) postReturn(t *testing.T, v url.Values) (int, string) {
	t.Helper()
	resp, err := http.PostForm(e.srv.URL+"/track/return", v)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (e *returnsEnv) actions(t *testing.T) []demoshop.Action {
	t.Helper()
	acts, err := demoshop.Actions(t.Context(), e.st)
	if err != nil {
		t.Fatal(err)
	}
	return acts
}

// propose posts the form and returns the proposal id from the
// confirmation page.
func (e *returnsEnv) propose(t *testing.T, tok string, v url.Values) (string, string) {
	t.Helper()
	v.Set("s", tok)
	v.Set("step", "propose")
	status, body := e.postReturn(t, v)
	if status != 200 {
		t.Fatalf("propose = %d %s", status, body)
	}
	m := proposalRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no proposal to confirm in %s", body)
	}
	return m[1], body
}

// TestSelfServeReturn: verify → pick → the chat's own proposal, word for
// word → confirm → one return in the shop; confirming again (a retry, a
// double click) shows the same outcome and does nothing twice.
func TestSelfServeReturn(t *testing.T) {
	e := newReturnsEnv(t, false)
	tok, page := e.lookup(t)
	if tok == "" || !strings.Contains(page, `action="/track/return"`) || !strings.Contains(page, `name="qty.2"`) {
		t.Fatalf("the order page offers no return form:\n%s", page)
	}
	id, body := e.propose(t, tok, url.Values{"qty.2": {"1"}, "reason": {"UNWANTED"}, "resolution": {"refund"}})
	stored, err := e.st.GetOrder(t.Context(), shop, e.order.ID)
	if err != nil {
		t.Fatal(err)
	}
	want, d, err := agent.ProposeReturn(*e.pol, stored, []order.ReturnLine{{LineItemID: "2", Quantity: 1}}, "UNWANTED", "refund", e.labels != nil, e.clk.Now())
	if err != nil || d.Verdict != policy.Allow {
		t.Fatalf("ProposeReturn = %v %v", d, err)
	}
	if !strings.Contains(html.UnescapeString(body), want.Statement) {
		t.Errorf("the page does not state the chat's proposal word for word:\nwant %q\nin %s", want.Statement, body)
	}
	if len(e.actions(t)) != 0 {
		t.Fatal("a proposal acted before the customer confirmed")
	}
	confirm := url.Values{"s": {tok}, "step": {"confirm"}, "p": {id}}
	for i := range 3 {
		status, body := e.postReturn(t, confirm)
		if status != 200 || !strings.Contains(body, "Your return has started") {
			t.Fatalf("confirm %d = %d %s", i+1, status, body)
		}
		if !strings.Contains(body, "12 Mill Road") || !strings.Contains(body, "note saying order #1003") {
			t.Errorf("confirm %d: no instructions from the merchant's address: %s", i+1, body)
		}
		if !strings.Contains(body, "Requested: waiting for the shop") {
			t.Errorf("confirm %d: the return's status is not shown", i+1)
		}
	}
	acts := e.actions(t)
	if len(acts) != 1 || acts[0].Type != demoshop.ActionReturn || acts[0].Order != "#1003" || acts[0].Amount != "22.00" ||
		len(acts[0].Lines) != 1 || acts[0].Lines[0].Quantity != 1 || acts[0].Lines[0].Title != "Beeswax Pillar Candle" {
		t.Errorf("shop actions after three confirms = %+v, want one return of one candle", acts)
	}
	if len(e.mail.sent) != 1 || !strings.Contains(e.mail.sent[0].Text, "12 Mill Road") || e.mail.sent[0].To.Address != "Daniel.Reyes@example.com" {
		t.Errorf("mail = %+v, want the instructions once", e.mail.sent)
	}
	// The order page now shows the return, and offers one more candle.
	_, page = e.lookup(t)
	if !strings.Contains(page, "Return of 1 × Beeswax Pillar Candle") || !strings.Contains(page, `<option value="1">1</option></select>`) {
		t.Errorf("order page after the return:\n%s", page)
	}
	for _, secret := range []string{"daniel.reyes@example.com", "Daniel.Reyes", "Larimer"} {
		if strings.Contains(strings.ToLower(e.logs.String()), strings.ToLower(secret)) {
			t.Errorf("the log holds customer data %q:\n%s", secret, e.logs.String())
		}
	}
}

// TestSelfServeReturnApproval: above the merchant's limit the customer
// confirms, and exactly the stated proposal goes to the approval queue
// (once, however often they confirm); nothing runs until a person approves.
func TestSelfServeReturnApproval(t *testing.T) {
	e := newReturnsEnv(t, true)
	e.pol.RefundAutoLimit = 5000
	tok, _ := e.lookup(t)
	id, body := e.propose(t, tok, url.Values{"qty.1": {"1"}, "qty.2": {"0"}, "reason": {"DEFECTIVE"}})
	if !strings.Contains(body, "approves requests like this one") || !strings.Contains(body, "Confirm and send for approval") {
		t.Errorf("the proposal does not say a person approves it: %s", body)
	}
	for range 2 {
		status, body := e.postReturn(t, url.Values{"s": {tok}, "step": {"confirm"}, "p": {id}})
		if status != 200 || !strings.Contains(body, "Waiting for approval") {
			t.Fatalf("confirm = %d %s", status, body)
		}
	}
	if len(e.approvals.opened) != 1 {
		t.Fatalf("approvals opened = %d, want 1", len(e.approvals.opened))
	}
	r := e.approvals.opened[0]
	if r.Kind != escalation.KindApproval || r.Order != "#1003" || r.Action == nil || r.Action.Proposal == nil ||
		r.Action.Proposal.ID != id || r.Action.Proposal.Amount != 5200 || r.Action.Proposal.Tool != toolname.StartReturn ||
		!strings.Contains(html.UnescapeString(body), r.Action.Statement) || r.CustomerEmail == "" || r.Key != id {
		t.Errorf("approval request = %+v", r)
	}
	if len(e.actions(t)) != 0 || len(e.labels.reqs) != 0 {
		t.Error("a return ran before a person approved it")
	}
	// A person approves: the queue runs the proposal (here: the same
	// Execute) and the page then offers its label.
	run := &agent.Agent{Store: e.st, Commerce: &demoshop.Shop{Store: e.st, Clock: e.clk}, Policies: agent.StaticPolicy(*e.pol), Clock: e.clk}
	detail, err := run.Execute(t.Context(), shop, *r.Action.Proposal, true)
	if err != nil {
		t.Fatal(err)
	}
	e.approvals.status, e.approvals.result = escalation.StatusDone, detail
	_, page := e.lookup(t)
	if strings.Contains(page, "Waiting for approval") || !strings.Contains(page, "Return of 1 × Cast-Iron Skillet") ||
		!strings.Contains(page, "easypost-files.example/label-"+id) {
		t.Errorf("order page after approval:\n%s", page)
	}
	if len(e.labels.reqs) != 1 || e.labels.reqs[0].Customer.Zip != "80202" || e.labels.reqs[0].Units != 1 {
		t.Errorf("labels = %+v", e.labels.reqs)
	}
}

// TestSelfServeReturnLabel: with a label provider the outcome links the
// label and the mail carries it; a failing provider leaves instructions
// and a button to try again, which buys it once.
func TestSelfServeReturnLabel(t *testing.T) {
	e := newReturnsEnv(t, true)
	e.labels.err = errors.New("easypost: 503")
	tok, _ := e.lookup(t)
	id, _ := e.propose(t, tok, url.Values{"qty.2": {"2"}, "reason": {"OTHER"}})
	status, body := e.postReturn(t, url.Values{"s": {tok}, "step": {"confirm"}, "p": {id}})
	if status != 200 || !strings.Contains(body, "How to send it back") || !strings.Contains(body, "Get a prepaid return label") {
		t.Fatalf("confirm with the provider down = %d %s", status, body)
	}
	e.labels.err = nil
	for range 2 {
		status, body = e.postReturn(t, url.Values{"s": {tok}, "step": {"label"}, "p": {id}})
		if status != 200 || !strings.Contains(body, "https://easypost-files.example/label-"+id+".png") || !strings.Contains(body, "9400100000000000000001") {
			t.Fatalf("label = %d %s", status, body)
		}
	}
	// Asked twice: the failed try and the one that bought it; the second
	// "label" post finds it on the record.
	if len(e.labels.reqs) != 1 || e.labels.calls != 2 || len(e.actions(t)) != 1 {
		t.Errorf("labels %d (calls %d), returns %d: want 1 (2) and 1", len(e.labels.reqs), e.labels.calls, len(e.actions(t)))
	}
}

// TestSelfServeReturnRefusals: bad input is said clearly with the choices
// kept; policy refusals (past the window, more than was bought) change
// nothing; forms without a valid token change nothing.
func TestSelfServeReturnRefusals(t *testing.T) {
	e := newReturnsEnv(t, false)
	tok, _ := e.lookup(t)
	for _, tt := range []struct {
		name   string
		form   url.Values
		status int
		want   []string
	}{
		{"nothing picked", url.Values{"qty.1": {"0"}, "reason": {"UNWANTED"}}, 400,
			[]string{"Choose at least one item", `<option value="UNWANTED" selected>`}},
		{"no reason", url.Values{"qty.2": {"2"}}, 400,
			[]string{"Choose a reason", `<option value="2" selected>2</option>`}},
		{"too many", url.Values{"qty.2": {"3"}, "reason": {"OTHER"}}, 400, []string{"Choose a number from 0 to 2"}},
		{"not a number", url.Values{"qty.2": {"two"}, "reason": {"OTHER"}}, 400, []string{"Choose a number from 0 to 2"}},
		{"another order's line", url.Values{"qty.99": {"1"}, "reason": {"OTHER"}}, 400, []string{"not on this order"}},
		{"unknown resolution", url.Values{"qty.2": {"1"}, "reason": {"OTHER"}, "resolution": {"cash"}}, 400, []string{"Choose what you would like"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.form
			v.Set("s", tok)
			v.Set("step", "propose")
			status, body := e.postReturn(t, v)
			if status != tt.status {
				t.Errorf("status = %d, want %d", status, tt.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q:\n%s", w, body)
				}
			}
		})
	}
	for _, tt := range []struct {
		name string
		form url.Values
		hdr  string
	}{
		{"no token", url.Values{"step": {"propose"}, "qty.2": {"1"}, "reason": {"OTHER"}}, ""},
		{"tampered token", url.Values{"s": {tok + "x"}, "step": {"propose"}, "qty.2": {"1"}, "reason": {"OTHER"}}, ""},
		{"a tracking link's token", url.Values{"s": {notify.TrackToken(key, shop, e.order.ID)}, "step": {"propose"}, "qty.2": {"1"}, "reason": {"OTHER"}}, ""},
		{"cross-site post", url.Values{"s": {tok}, "step": {"propose"}, "qty.2": {"1"}, "reason": {"OTHER"}}, "cross-site"},
		// No Sec-Fetch-Site (an older browser), another site's Origin.
		{"foreign origin", url.Values{"s": {tok}, "step": {"propose"}, "qty.2": {"1"}, "reason": {"OTHER"}}, "origin:https://evil.example"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/track/return", strings.NewReader(tt.form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if o, ok := strings.CutPrefix(tt.hdr, "origin:"); ok {
				req.Header.Set("Origin", o)
			} else if tt.hdr != "" {
				req.Header.Set("Sec-Fetch-Site", tt.hdr)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("status = %d, want 403", resp.StatusCode)
			}
		})
	}
	// A proposal id the form's order does not have.
	if status, _ := e.postReturn(t, url.Values{"s": {tok}, "step": {"confirm"}, "p": {"track-0000"}}); status != 404 {
		t.Errorf("confirm of an unknown proposal = %d", status)
	}
	// Past the window: the page says returns are closed, and a form
	// posted anyway (a token signed now) is refused with the reason.
	e.clk.Advance(40 * 24 * time.Hour)
	_, page := e.lookup(t)
	if !strings.Contains(page, "Returns are closed: the 30-day return window closed on") || strings.Contains(page, `name="step" value="propose"`) {
		t.Errorf("past the window the page still offers returns:\n%s", page)
	}
	late := key.Sign(signed.ReturnForm, e.clk.Now().Add(time.Hour), shop, e.order.ID)
	status, body := e.postReturn(t, url.Values{"s": {late}, "step": {"propose"}, "qty.2": {"1"}, "reason": {"OTHER"}})
	if status != 409 || !strings.Contains(body, "return window closed") {
		t.Errorf("propose past the window = %d %s", status, body)
	}
	// The old token has expired by now.
	if status, body := e.postReturn(t, url.Values{"s": {tok}, "step": {"propose"}, "qty.2": {"1"}, "reason": {"OTHER"}}); status != 403 || !strings.Contains(body, "expired") {
		t.Errorf("expired token = %d", status)
	}
	if n := len(e.actions(t)); n != 0 {
		t.Errorf("%d shop actions after refusals", n)
	}
}

// TestSelfServeReturnPolicyAtConfirm: what runs is checked again when the
// customer confirms. A proposal stated as the window closes and confirmed
// after it is refused with the reason; one nobody confirmed within a day
// has lapsed. Neither runs anything.
func TestSelfServeReturnPolicyAtConfirm(t *testing.T) {
	e := newReturnsEnv(t, false)
	e.clk.Advance(24*24*time.Hour + 23*time.Hour) // an hour of the window left
	tok, _ := e.lookup(t)
	id, _ := e.propose(t, tok, url.Values{"qty.1": {"1"}, "reason": {"OTHER"}})
	e.clk.Advance(90 * time.Minute)
	status, body := e.postReturn(t, url.Values{"s": {tok}, "step": {"confirm"}, "p": {id}})
	if status != 409 || !strings.Contains(body, "We couldn&#39;t start this return") || !strings.Contains(body, "return window closed") {
		t.Errorf("confirm after the window closed = %d %s", status, body)
	}
	// Confirming again changes nothing.
	if status, _ := e.postReturn(t, url.Values{"s": {tok}, "step": {"confirm"}, "p": {id}}); status != 409 {
		t.Errorf("second confirm = %d", status)
	}

	e2 := newReturnsEnv(t, false)
	tok, _ = e2.lookup(t)
	id, _ = e2.propose(t, tok, url.Values{"qty.1": {"1"}, "reason": {"OTHER"}})
	e2.clk.Advance(25 * time.Hour)
	tok2 := key.Sign(signed.ReturnForm, e2.clk.Now().Add(time.Hour), shop, e2.order.ID)
	status, body = e2.postReturn(t, url.Values{"s": {tok2}, "step": {"confirm"}, "p": {id}})
	if status != 404 || !strings.Contains(body, "expired") {
		t.Errorf("confirm of a lapsed proposal = %d %s", status, body)
	}
	if n := len(e.actions(t)) + len(e2.actions(t)); n != 0 {
		t.Errorf("%d shop actions", n)
	}
}

// TestSignedLinkOffersReturns: the signed link in a notification opens the
// same form.
func TestSignedLinkOffersReturns(t *testing.T) {
	e := newReturnsEnv(t, false)
	status, body, _ := get(t, e.srv.URL+"/track?t="+notify.TrackToken(key, shop, e.order.ID))
	if status != 200 || !tokenRe.MatchString(body) || !strings.Contains(body, "Review my return") {
		t.Errorf("signed link = %d, return form missing", status)
	}
}

func mailAddr(name, addr string) mail.Address { return mail.Address{Name: name, Address: addr} }

// TestSelfServeReturnSuperseded: a proposal stated on the page is refused
// on confirm, with the reason, once a newer request about the same items
// was confirmed elsewhere (the chat's, gone to approval); a newer request
// about other units of the line, or an older one, leaves it standing.
func TestSelfServeReturnSuperseded(t *testing.T) {
	tests := []struct {
		name  string
		form  url.Values
		other conversation.ProposalLine // the other request's line
		after time.Duration             // its statement, from the page's
		want  string
	}{
		{"newer about the skillet", url.Values{"qty.1": {"1"}, "qty.2": {"0"}, "reason": {"UNWANTED"}},
			conversation.ProposalLine{LineItemID: "1", Quantity: 1}, time.Minute, agent.SupersededReason},
		{"newer about the other candle", url.Values{"qty.2": {"1"}, "reason": {"UNWANTED"}},
			conversation.ProposalLine{LineItemID: "2", Quantity: 1}, time.Minute, "Your return has started"},
		{"newer about both candles", url.Values{"qty.2": {"1"}, "reason": {"UNWANTED"}},
			conversation.ProposalLine{LineItemID: "2", Quantity: 2}, time.Minute, agent.SupersededReason},
		{"older about the skillet", url.Values{"qty.1": {"1"}, "qty.2": {"0"}, "reason": {"UNWANTED"}},
			conversation.ProposalLine{LineItemID: "1", Quantity: 1}, -time.Minute, "Your return has started"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newReturnsEnv(t, false)
			tok, _ := e.lookup(t)
			id, _ := e.propose(t, tok, tt.form)
			other := conversation.Proposal{ID: "c1-3-0", Tool: toolname.ReportDamage, Order: "#1003", OrderID: e.order.ID,
				Lines: []conversation.ProposalLine{tt.other}, At: e.clk.Now().Add(tt.after), Status: conversation.ProposalQueued}
			e.clk.Advance(2 * time.Minute)
			if err := agent.NoteNewest(t.Context(), e.st, shop, other, e.clk.Now()); err != nil {
				t.Fatal(err)
			}
			_, body := e.postReturn(t, url.Values{"s": {tok}, "step": {"confirm"}, "p": {id}})
			if !strings.Contains(html.UnescapeString(body), tt.want) {
				t.Errorf("confirm: want %q in\n%s", tt.want, body)
			}
			started := len(e.actions(t)) == 1
			if want := tt.want != agent.SupersededReason; started != want {
				t.Errorf("return made = %v, want %v", started, want)
			}
		})
	}
}

// TestGiftCardIssuedMail: a gift card issued without a return (store
// credit for a kept item) is mailed with its code, once however often
// it is reported; credit on the customer's account mails nothing here.
func TestGiftCardIssuedMail(t *testing.T) {
	tests := []struct {
		name   string
		detail string
		want   string // in the one mail; "" for none
	}{
		{"gift card", "gift card gid://shopify/GiftCard/7 code HHGIFT0000ABCD12", "Gift card code: HHGIFT0000ABCD12"},
		{"gift card after a refund", "refund 9; gift card 7 code HHGIFT0000ABCD12; note", "Gift card code: HHGIFT0000ABCD12"},
		{"account credit", "store credit gid://shopify/StoreCreditAccountCreditTransaction/1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newReturnsEnv(t, false)
			p := conversation.Proposal{ID: "c1-3-0", Tool: toolname.ReportDamage, Order: "#1003", OrderID: e.order.ID, KeepIt: true,
				Resolution: "store_credit", Amount: 2420, Currency: "USD",
				Lines: []conversation.ProposalLine{{LineItemID: "2", Title: "Beeswax Pillar Candle", Quantity: 1, Price: 2200}}}
			for range 2 {
				if err := e.page.GiftCardIssued(t.Context(), e.order, p, tt.detail); err != nil {
					t.Fatal(err)
				}
			}
			if tt.want == "" {
				if len(e.mail.sent) != 0 {
					t.Errorf("mails %+v, want none", e.mail.sent)
				}
				return
			}
			if len(e.mail.sent) != 1 || !strings.Contains(e.mail.sent[0].Text, tt.want) || !strings.Contains(e.mail.sent[0].Text, "$24.20") ||
				e.mail.sent[0].To.Address != e.order.Email || !strings.Contains(e.mail.sent[0].Subject, "#1003") {
				t.Errorf("mails %+v, want one with %q", e.mail.sent, tt.want)
			}
		})
	}
}
