package runner_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/delivery"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/outbox"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

const demoShop = "demo-shop.myshopify.com"

// deliveryRunner is the runner with its own delivery side (the same
// composition as the Lambdas), served at the address its links point to,
// with the claims API open.
func deliveryRunner(t *testing.T) (*runner.Runner, *delivery.Delivery, *httptest.Server) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r, err := runner.New(runner.Config{Start: testStart, DataDir: t.TempDir(), Addr: ln.Addr().String(), Shop: demoShop, WebhookSecret: "s",
		Demo: events.DemoOrders(), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	d := r.Delivery
	d.ClaimsAPI.Authorize = func(*http.Request) bool { return true }
	mux := http.NewServeMux()
	d.RegisterClaimsAPI(mux)
	mux.Handle("/", r.Handler())
	srv := httptest.NewUnstartedServer(mux)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	return r, d, srv
}

func outboxTo(t *testing.T, srv *httptest.Server, to string) []outbox.Entry {
	t.Helper()
	resp, err := http.Get(srv.URL + "/dev/outbox")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var all []outbox.Entry
	if err := json.NewDecoder(resp.Body).Decode(&all); err != nil {
		t.Fatal(err)
	}
	var out []outbox.Entry
	for _, e := range all {
		if e.To == to {
			out = append(out, e)
		}
	}
	return out
}

func advance(t *testing.T, srv *httptest.Server, d string) {
	t.Helper()
	if code := post(t, srv.URL+"/dev/clock", "", map[string]string{"advance": d}, nil); code != 200 {
		t.Fatalf("advance %s: %d", d, code)
	}
}

// delayNotices are the delay notices among es: "running late" once the
// estimate (plus grace) has passed, "an update" when the parcel went quiet
// first (week-ends and holidays move the estimate, so which one depends on
// the day the test runs).
func delayNotices(es []outbox.Entry) []outbox.Entry {
	var out []outbox.Entry
	for _, e := range es {
		if e.Headers["X-Doorstep-Notice"] == string(notify.KindDelayed) {
			out = append(out, e)
		}
	}
	return out
}

func subjects(es []outbox.Entry, contains string) []string {
	var out []string
	for _, e := range es {
		if strings.Contains(e.Subject, contains) {
			out = append(out, e.Subject)
		}
	}
	return out
}

// A demo order left in transit goes late when the clock moves past its
// estimate; the customer's notice appears in the outbox, once, however far
// the clock moves after.
func TestDemoOrderGoesLate(t *testing.T) {
	r, d, srv := deliveryRunner(t)
	const daniel = "daniel.reyes@example.com"

	// Nothing is late yet.
	if got := delayNotices(outboxTo(t, srv, daniel)); len(got) != 0 {
		t.Fatalf("after seeding, Daniel has delay notices %q", subjects(got, ""))
	}

	advance(t, srv, "240h")
	late := delayNotices(outboxTo(t, srv, daniel))
	if len(late) != 1 || (late[0].Subject != "Your order #1003 is running late" && late[0].Subject != "An update on your order #1003") {
		t.Fatalf("after 240h, delay notices = %q", subjects(late, ""))
	}
	for _, step := range []string{"24h", "48h"} {
		advance(t, srv, step)
	}
	if got := delayNotices(outboxTo(t, srv, daniel)); len(got) != 1 {
		t.Errorf("after further clock moves, delay notices = %q, want exactly one", subjects(got, ""))
	}

	// The notice is the shop's, says what was done, and links to the
	// tracking page, which shows the same.
	notice := late[0]
	if !strings.Contains(notice.Headers["From"], "Hearth & Harbor") || !strings.Contains(notice.Text, "opened a trace with UPS") ||
		!strings.Contains(notice.HTML, "#2f4858") {
		t.Errorf("notice = %+v", notice)
	}
	link := ""
	for _, line := range strings.Split(notice.Text, "\n") {
		if after, ok := strings.CutPrefix(line, "Track your order: "); ok {
			link = after
		}
	}
	u, err := url.Parse(link)
	if err != nil {
		t.Fatalf("link %q: %v", link, err)
	}
	resp, err := http.Get(srv.URL + u.RequestURI()) // the runner's own address may be another
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), "opened a trace with UPS") || !strings.Contains(string(page), "Order #1003") {
		t.Errorf("tracking page from the notice: %d", resp.StatusCode)
	}

	// What the chat will be told: the problem and what was done.
	o, err := r.Store.GetOrderByName(t.Context(), demoShop, "#1003")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := watch.OrderProblems(t.Context(), r.Store, demoShop, o.ID)
	if err != nil || len(recs) != 1 || (recs[0].Kind != watch.KindLate && recs[0].Kind != watch.KindStalled) || recs[0].Action != watch.ActionWait {
		t.Errorf("problems of #1003 = %+v, %v", recs, err)
	}

	// The unsubscribe link in a shipping mail works from the runner.
	unsub, _ := url.Parse(strings.Trim(notice.Headers["List-Unsubscribe"], "<>"))
	resp, err = http.PostForm(srv.URL+"/unsubscribe?"+unsub.RawQuery, url.Values{"List-Unsubscribe": {"One-Click"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if out, _ := d.Notify.OptedOut(t.Context(), demoShop, daniel); resp.StatusCode != 200 || !out {
		t.Errorf("one-click unsubscribe: %d, opted out %v", resp.StatusCode, out)
	}
}

// Left long enough, the same parcel is lost: the default policy sends a
// replacement (recorded by the demo shop), once, and a carrier claim
// appears in the claims API.
func TestDemoOrderGetsLostAndReplaced(t *testing.T) {
	r, _, srv := deliveryRunner(t)
	advance(t, srv, "240h")
	advance(t, srv, "240h")
	advance(t, srv, "72h")
	var got []string
	for _, e := range outboxTo(t, srv, "daniel.reyes@example.com") {
		if e.Headers["X-Doorstep-Notice"] == "lost" {
			got = append(got, e.Subject)
		}
	}
	if len(got) != 1 {
		t.Fatalf("lost notices = %q", got)
	}
	rep, err := r.Store.GetOrderByName(t.Context(), demoShop, "#1003-R")
	if err != nil || rep.TotalPrice != 0 || len(rep.LineItems) != 2 {
		t.Errorf("replacement order = %+v, %v", rep, err)
	}
	resp, err := http.Get(srv.URL + "/console/api/claims")
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Claims []struct {
			OrderName string `json:"order_name"`
			Reason    string `json:"reason"`
			Events    []any  `json:"events"`
		} `json:"claims"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	found := false
	for _, c := range body.Claims {
		if c.OrderName == "#1003" && c.Reason == "lost" && len(c.Events) > 0 {
			found = true
		}
	}
	if !found {
		t.Errorf("claims = %+v, want #1003 lost with its tracking history", body.Claims)
	}
}
