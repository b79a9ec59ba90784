package runner_test

import (
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Self-service returns on the tracking page (issue 16), end to end on the
// runner: the page's forms as a browser without script posts them, what
// the demo shop applied read back from GET /dev/shop/actions, the mail
// from GET /dev/outbox, approvals from the console's queue.

var (
	formTokenRe  = regexp.MustCompile(`name="s" value="([^"]+)"`)
	proposalIDRe = regexp.MustCompile(`name="p" value="([^"]+)"`)
	statementRe  = regexp.MustCompile(`data-testid="return-statement">([^<]+)<`)
)

func postForm(t *testing.T, srv *httptest.Server, path string, v url.Values) (int, string) {
	t.Helper()
	resp, err := http.PostForm(srv.URL+path, v)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// lineField is the form field of the line titled title on the page.
func lineField(t *testing.T, page, title string) string {
	t.Helper()
	m := regexp.MustCompile(`for="(qty\.[0-9]+)"[^>]*>` + regexp.QuoteMeta(title)).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the page offers no return of %q:\n%s", title, page)
	}
	return m[1]
}

// startReturn proves #1006 on the page, picks n of the line titled title
// and returns the token, the proposal id and the statement shown.
func startReturn(t *testing.T, srv *httptest.Server, title string) (string, string, string) {
	t.Helper()
	status, page := postForm(t, srv, "/track", url.Values{"order": {"#1006"}, "email": {"samuel.whitfield@example.com"}})
	m := formTokenRe.FindStringSubmatch(page)
	if status != 200 || m == nil {
		t.Fatalf("lookup: %d, no return form", status)
	}
	tok := html.UnescapeString(m[1])
	status, page = postForm(t, srv, "/track/return", url.Values{"s": {tok}, "step": {"propose"}, lineField(t, page, title): {"1"},
		"reason": {"UNWANTED"}, "resolution": {"refund"}})
	p, st := proposalIDRe.FindStringSubmatch(page), statementRe.FindStringSubmatch(page)
	if status != 200 || p == nil || st == nil {
		t.Fatalf("propose: %d\n%s", status, page)
	}
	return tok, p[1], html.UnescapeString(st[1])
}

func TestTrackPageReturnOnRunner(t *testing.T) {
	srv := actionsServer(t)
	tok, id, statement := startReturn(t, srv, "Harbor Stoneware Mug")
	want := "I'll start a return of 1 × Harbor Stoneware Mug (Sea Glass / 12 oz) from order #1006 (reason: unwanted). " +
		"Once the items are back with us you'll get a refund of $25.68 to your original payment method."
	if !strings.HasPrefix(statement, want) {
		t.Errorf("statement = %q, want it to start %q", statement, want)
	}
	if n := len(shopActions(t, srv)); n != 0 {
		t.Fatalf("%d shop actions before the customer confirmed", n)
	}
	for range 2 { // a retry does nothing twice
		status, page := postForm(t, srv, "/track/return", url.Values{"s": {tok}, "step": {"confirm"}, "p": {id}})
		if status != 200 || !strings.Contains(page, "Your return has started") || !strings.Contains(page, "41 Wharf Street") {
			t.Fatalf("confirm: %d\n%s", status, page)
		}
	}
	returns := ofType(shopActions(t, srv), "return")
	if len(returns) != 1 || returns[0].Order != "#1006" || returns[0].Amount != "25.68" || len(returns[0].Lines) != 1 ||
		returns[0].Lines[0].Title != "Harbor Stoneware Mug" || returns[0].Lines[0].Quantity != 1 ||
		returns[0].Detail["reason"] != "UNWANTED" || returns[0].Detail["resolution"] != "refund" {
		t.Errorf("shop returns = %+v, want one return of one mug", returns)
	}
	mails := outboxTo(t, srv, "samuel.whitfield@example.com")
	n := 0
	for _, m := range mails {
		if m.Subject == "Your return for order #1006" {
			n++
			if !strings.Contains(m.Text, "41 Wharf Street") || !strings.Contains(m.Text, "refund of $25.68") {
				t.Errorf("return mail: %s", m.Text)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d return mails, want 1", n)
	}
	// The page now shows the return.
	_, page := postForm(t, srv, "/track", url.Values{"order": {"1006"}, "email": {"samuel.whitfield@example.com"}})
	if !strings.Contains(page, "Return of 1 × Harbor Stoneware Mug (Sea Glass / 12 oz)") || !strings.Contains(page, "Requested: waiting for the shop") {
		t.Errorf("order page after the return:\n%s", page)
	}
}

// TestTrackPageReturnApprovalOnRunner: with automatic returns off in the
// console, the customer's confirmed proposal waits in the console's queue
// exactly as stated, and runs once when a person approves it.
func TestTrackPageReturnApprovalOnRunner(t *testing.T) {
	srv := actionsServer(t)
	con := signIn(t, srv)
	con.set(func(s map[string]any) { s["policy"].(map[string]any)["auto_returns"] = false })
	tok, id, statement := startReturn(t, srv, "Pour-Over Coffee Kit")
	if !strings.Contains(statement, "approves requests like this one") {
		t.Errorf("statement = %q", statement)
	}
	status, page := postForm(t, srv, "/track/return", url.Values{"s": {tok}, "step": {"confirm"}, "p": {id}})
	if status != 200 || !strings.Contains(page, "Waiting for approval") {
		t.Fatalf("confirm: %d\n%s", status, page)
	}
	aps := con.approvals()
	if len(aps) != 1 || aps[0].Order != "#1006" || aps[0].Action.Proposal.ID != id || len(aps[0].Action.Proposal.Lines) != 1 ||
		aps[0].Action.Proposal.Lines[0].Title != "Pour-Over Coffee Kit" {
		t.Fatalf("approvals = %+v", aps)
	}
	if n := len(ofType(shopActions(t, srv), "return")); n != 0 {
		t.Fatalf("%d returns before approval", n)
	}
	if code := con.do("POST", "/console/api/handoffs/"+aps[0].ID+"/decide", map[string]any{"approve": true}, nil); code != 200 {
		t.Fatalf("decide: %d", code)
	}
	// Confirming again after the approval runs nothing more.
	postForm(t, srv, "/track/return", url.Values{"s": {tok}, "step": {"confirm"}, "p": {id}})
	returns := ofType(shopActions(t, srv), "return")
	if len(returns) != 1 || returns[0].Lines[0].Title != "Pour-Over Coffee Kit" || returns[0].Amount != "68.48" {
		t.Fatalf("shop returns = %+v, want exactly the approved proposal", returns)
	}
	_, page = postForm(t, srv, "/track", url.Values{"order": {"1006"}, "email": {"samuel.whitfield@example.com"}})
	if strings.Contains(page, "Waiting for approval") || !strings.Contains(page, "Return of 1 × Pour-Over Coffee Kit (Walnut)") {
		t.Errorf("order page after approval:\n%s", page)
	}
}

// proposeOn proves #1006 and posts the form with more fields; it returns
// the token, the status and the page.
func proposeOn(t *testing.T, srv *httptest.Server, fields func(page string) url.Values) (string, int, string) {
	t.Helper()
	status, page := postForm(t, srv, "/track", url.Values{"order": {"#1006"}, "email": {"samuel.whitfield@example.com"}})
	m := formTokenRe.FindStringSubmatch(page)
	if status != 200 || m == nil {
		t.Fatalf("lookup: %d, no return form", status)
	}
	tok := html.UnescapeString(m[1])
	v := fields(page)
	v.Set("s", tok)
	v.Set("step", "propose")
	status, page = postForm(t, srv, "/track/return", v)
	return tok, status, page
}

// TestTrackPageStoreCreditOnRunner: with a 10% bonus set, the page offers
// store credit; taken, the chat's own store-credit statement, and the
// credit is issued with the return, once.
func TestTrackPageStoreCreditOnRunner(t *testing.T) {
	srv := actionsServer(t)
	con := signIn(t, srv)
	con.set(func(s map[string]any) { s["policy"].(map[string]any)["store_credit_bonus_percent"] = 10 })
	tok, status, page := proposeOn(t, srv, func(page string) url.Values {
		if !strings.Contains(page, `value="store_credit"`) || !strings.Contains(page, "Store credit, with a 10% bonus") {
			t.Errorf("the form offers no store credit:\n%s", page)
		}
		return url.Values{lineField(t, page, "Harbor Stoneware Mug"): {"1"}, "reason": {"UNWANTED"}, "resolution": {"store_credit"}}
	})
	st, p := statementRe.FindStringSubmatch(page), proposalIDRe.FindStringSubmatch(page)
	if status != 200 || st == nil || p == nil {
		t.Fatalf("propose: %d\n%s", status, page)
	}
	if want := "You'll get $28.24 in store credit, including a 10% bonus, issued as soon as the return starts (before the items are back)"; !strings.Contains(html.UnescapeString(st[1]), want) {
		t.Errorf("statement %q lacks %q", st[1], want)
	}
	for range 2 {
		status, page = postForm(t, srv, "/track/return", url.Values{"s": {tok}, "step": {"confirm"}, "p": {p[1]}})
		if status != 200 || !strings.Contains(page, "$28.24 store credit is on") {
			t.Fatalf("confirm: %d\n%s", status, page)
		}
	}
	acts := shopActions(t, srv)
	if r, c := ofType(acts, "return"), ofType(acts, "store_credit"); len(r) != 1 || len(c) != 1 || c[0].Amount != "28.24" || r[0].Detail["resolution"] != "store_credit" {
		t.Errorf("shop actions = %+v, want one return and one credit of 28.24", acts)
	}
}

// TestTrackPageExchangeOnRunner: an exchange for another colour in stock
// is the chat's exchange proposal and runs once; an option out of stock is
// refused with a return for a refund offered; exchanges are one item at a
// time.
func TestTrackPageExchangeOnRunner(t *testing.T) {
	srv := actionsServer(t)
	// Out of stock: the Oak coffee kit.
	_, status, page := proposeOn(t, srv, func(page string) url.Values {
		f := lineField(t, page, "Pour-Over Coffee Kit")
		if !strings.Contains(page, "Oak (out of stock)") {
			t.Errorf("the form does not say Oak is out of stock:\n%s", page)
		}
		return url.Values{f: {"1"}, "want." + strings.TrimPrefix(f, "qty."): {"4700000000202"}, "reason": {"COLOR"}, "resolution": {"exchange"}}
	})
	if status != 409 || !strings.Contains(page, "out of stock") || !strings.Contains(page, "refund of $68.48 instead") {
		t.Errorf("out-of-stock exchange: %d\n%s", status, page)
	}
	// Two items at once.
	_, status, page = proposeOn(t, srv, func(page string) url.Values {
		return url.Values{lineField(t, page, "Pour-Over Coffee Kit"): {"1"}, lineField(t, page, "Harbor Stoneware Mug"): {"1"},
			"reason": {"COLOR"}, "resolution": {"exchange"}}
	})
	if status != 400 || !strings.Contains(page, "one item at a time") {
		t.Errorf("two-item exchange: %d\n%s", status, page)
	}
	// The mug for Charcoal.
	tok, status, page := proposeOn(t, srv, func(page string) url.Values {
		f := lineField(t, page, "Harbor Stoneware Mug")
		return url.Values{f: {"1"}, "want." + strings.TrimPrefix(f, "qty."): {"4700000000102"}, "reason": {"COLOR"}, "resolution": {"exchange"}}
	})
	st, p := statementRe.FindStringSubmatch(page), proposalIDRe.FindStringSubmatch(page)
	if status != 200 || st == nil || p == nil {
		t.Fatalf("propose: %d\n%s", status, page)
	}
	want := "I'll exchange 1 × Harbor Stoneware Mug (Sea Glass / 12 oz) from order #1006 for 1 × Harbor Stoneware Mug (Charcoal / 12 oz), at no extra cost."
	if !strings.HasPrefix(html.UnescapeString(st[1]), want) {
		t.Errorf("statement %q, want %q", st[1], want)
	}
	for range 2 {
		status, page = postForm(t, srv, "/track/return", url.Values{"s": {tok}, "step": {"confirm"}, "p": {p[1]}})
		if status != 200 || !strings.Contains(page, "Your exchange has started") {
			t.Fatalf("confirm: %d\n%s", status, page)
		}
	}
	ex := ofType(shopActions(t, srv), "exchange")
	if len(ex) != 1 || ex[0].Detail["exchange_for"].(map[string]any)["variant"] != "Charcoal / 12 oz" || len(ofType(shopActions(t, srv), "return")) != 0 {
		t.Errorf("shop actions = %+v, want one exchange for Charcoal / 12 oz", shopActions(t, srv))
	}
}
