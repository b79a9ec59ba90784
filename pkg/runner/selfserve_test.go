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
		"Once the items are back with us you'll get a refund of $24.00 to your original payment method."
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
	if len(returns) != 1 || returns[0].Order != "#1006" || returns[0].Amount != "24.00" || len(returns[0].Lines) != 1 ||
		returns[0].Lines[0].Title != "Harbor Stoneware Mug" || returns[0].Lines[0].Quantity != 1 ||
		returns[0].Detail["reason"] != "UNWANTED" || returns[0].Detail["resolution"] != "refund" {
		t.Errorf("shop returns = %+v, want one return of one mug", returns)
	}
	mails := outboxTo(t, srv, "samuel.whitfield@example.com")
	n := 0
	for _, m := range mails {
		if m.Subject == "Your return for order #1006" {
			n++
			if !strings.Contains(m.Text, "41 Wharf Street") || !strings.Contains(m.Text, "refund of $24.00") {
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
	if len(returns) != 1 || returns[0].Lines[0].Title != "Pour-Over Coffee Kit" || returns[0].Amount != "64.00" {
		t.Fatalf("shop returns = %+v, want exactly the approved proposal", returns)
	}
	_, page = postForm(t, srv, "/track", url.Values{"order": {"1006"}, "email": {"samuel.whitfield@example.com"}})
	if strings.Contains(page, "Waiting for approval") || !strings.Contains(page, "Return of 1 × Pour-Over Coffee Kit (Walnut)") {
		t.Errorf("order page after approval:\n%s", page)
	}
}
