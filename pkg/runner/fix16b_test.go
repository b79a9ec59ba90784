package runner_test

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// A not-received report a person resolved in the console no longer covers
// the parcel's items: nothing was made good for them, so a return of them
// goes by the return policy (and runs in the shop). While the report is
// open, the same return is not offered and nothing runs.
func TestNotReceivedResolvedByPersonAllowsReturn(t *testing.T) {
	r := promiseRunner(t)
	srv := startServer(t, r)
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	_, acts := c.say("it says delivered but I never got it")
	if !hasStatus(acts, "done") {
		t.Fatalf("report: actions %v, want report_not_received done", statusesOf(acts))
	}
	// While it is open, the return is not stated (refused, or passed to
	// the person who has the report).
	_, acts = c.say("I'd like to return the coffee kit")
	if hasStatus(acts, "proposed") {
		t.Fatalf("return while the report is open: actions %v, want no proposal", statusesOf(acts))
	}
	hs, err := r.Escalation.List(t.Context(), escalation.StatusOpen, escalation.StatusResponded)
	if err != nil {
		t.Fatal(err)
	}
	var id string
	for _, h := range hs {
		if h.Order == "#1006" && h.Kind == escalation.KindHandoff {
			id = h.ID
		}
	}
	if id == "" {
		t.Fatalf("no open handoff about #1006 in %+v", hs)
	}
	con := signIn(t, srv)
	if code := con.do("POST", "/console/api/handoffs/"+id+"/resolve", map[string]any{"note": "found with a neighbour"}, nil); code != 200 {
		t.Fatalf("resolve: %d", code)
	}
	// The same conversation (its customer context was built before the
	// resolve) and a new one both allow the return now.
	for _, cl := range []*client{c, func() *client {
		n, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
		return n
	}()} {
		reply, acts := cl.say("I'd like to return the coffee kit")
		if hasStatus(acts, "refused") || !strings.Contains(reply, "Pour-Over Coffee Kit") {
			t.Fatalf("return after the resolve: %q, actions %v; want a proposal", reply, statusesOf(acts))
		}
	}
	c.say("I'd like to return the coffee kit")
	c.say("yes")
	returns := ofType(shopActions(t, srv), "return")
	if len(returns) != 1 || returns[0].Order != "#1006" || len(returns[0].Lines) != 1 || returns[0].Lines[0].Title != "Pour-Over Coffee Kit" {
		t.Errorf("shop returns %+v, want the coffee kit's return, once", returns)
	}
}

// csatRunner is the runner with rating links in its mail, as make dev has
// (CSATBaseURL from its address).
func csatRunner(t *testing.T) (*runner.Runner, *httptest.Server) {
	t.Helper()
	r, err := runner.New(runner.Config{Start: testStart, DataDir: t.TempDir(), Shop: demoShop, WebhookSecret: "s", Demo: events.DemoOrders(),
		Addr: "127.0.0.1:8080", ConsolePassword: consolePassword, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	return r, startServer(t, r)
}

// The "How did we do?" block comes only with a mail that settles the
// matter: not with a proposal awaiting the customer's yes, nor with the
// yes that made a follow-up promise not yet due; it does come with the
// reply saying the change was made.
func TestRatingOnlyOnceSettled(t *testing.T) {
	_, srv := csatRunner(t)
	mail := func(from, subject, msgID, inReplyTo, text string) (string, string) {
		t.Helper()
		raw := "From: " + from + "\nTo: support@hearthandharbor.example\nSubject: " + subject + "\nMessage-ID: " + msgID + "\n"
		if inReplyTo != "" {
			raw += "In-Reply-To: " + inReplyTo + "\nReferences: " + inReplyTo + "\n"
		}
		dropMail(t, srv.URL, raw+"Content-Type: text/plain; charset=utf-8\n\n"+text+"\n")
		sent := outboxTo(t, srv, strings.Trim(strings.Split(from, "<")[len(strings.Split(from, "<"))-1], "<>"))
		if len(sent) == 0 {
			t.Fatalf("no reply to %q", text)
		}
		last := sent[len(sent)-1]
		return last.Text, last.Headers["Message-ID"]
	}
	const rating = "How did we do?"

	// An address change: stated (no rating), then done (rated).
	text, id := mail("Maya Okafor <maya.okafor@example.com>", "Address", "<m1@mail.example.com>", "",
		"Hi, please change the shipping address of order #1001 to 42 Elm Street, Portland, OR 97201.")
	wantIn(t, text, "42 Elm Street", "yes")
	wantNotIn(t, text, rating)
	text, _ = mail("Maya Okafor <maya.okafor@example.com>", "Re: Address", "<m2@mail.example.com>", id, "Yes please")
	if len(ofType(shopActions(t, srv), "address_change")) != 1 {
		t.Fatalf("no address change ran; reply %q", text)
	}
	wantIn(t, text, rating)

	// A late parcel: the promise stated, then made; not due yet, so the
	// matter is open and neither mail asks for a rating.
	text, id = mail("Daniel Reyes <daniel.reyes@example.com>", "Late", "<d1@mail.example.com>", "", "My order #1003 is late, it's still not here.")
	wantIn(t, text, "hasn't arrived by")
	wantNotIn(t, text, rating)
	text, _ = mail("Daniel Reyes <daniel.reyes@example.com>", "Re: Late", "<d2@mail.example.com>", id, "Yes")
	wantIn(t, text, "You have my word")
	wantNotIn(t, text, rating)
}

// deliverDemo sends the fulfillments/update webhook that delivers demo
// order file's first parcel now, on the runner's clock.
func deliverDemo(t *testing.T, r *runner.Runner, srv, file, orderID string) {
	t.Helper()
	raw, err := fs.ReadFile(events.DemoOrders(), file)
	if err != nil {
		t.Fatal(err)
	}
	var o struct {
		Fulfillments []map[string]any `json:"fulfillments"`
	}
	if err := json.Unmarshal(raw, &o); err != nil || len(o.Fulfillments) == 0 {
		t.Fatalf("demo order: %v", err)
	}
	f := o.Fulfillments[0]
	f["shipment_status"], f["updated_at"] = "delivered", r.Clock.Now().Format(time.RFC3339)
	body, _ := json.Marshal(f)
	if code := sendWebhook(t, srv, "fulfillments/update", body, "s"); code != 200 {
		t.Fatalf("delivery webhook: %d", code)
	}
	o2, err := r.Store.GetOrder(t.Context(), demoShop, orderID)
	if err != nil || len(o2.Shipments) == 0 || o2.Shipments[0].Status != "delivered" {
		t.Fatalf("parcel not delivered after the webhook: %+v, %v", o2.Shipments, err)
	}
}

// A customer told to look around for a parcel marked delivered ("if it
// hasn't turned up by …, tell me here") comes back after the chat's token
// expired: a new verified conversation about the order knows the open
// report, and "still nothing" carries it on, so the delivery policy acts
// (here: a person on it, the report recorded) without the customer
// starting over.
func TestNotReceivedCarriesOnInANewConversation(t *testing.T) {
	r := promiseRunner(t)
	srv := startServer(t, r)
	advance(t, srv, "1h") // the delivery is newer than the demo's last update
	deliverDemo(t, r, srv.URL, "1004.json", "5500000001004")
	c, _ := startChat(t, srv, map[string]string{"email": "tom.becker@example.com", "order_number": "#1004"})
	reply, acts := c.say("it says delivered but I never got it")
	if !hasStatus(acts, "look_around") {
		t.Fatalf("report: %q, actions %v; want the look-around step", reply, statusesOf(acts))
	}
	advance(t, srv, "25h")
	// The first chat's token has expired.
	if code := post(t, srv.URL+"/v1/conversations/"+c.id+"/messages", c.token, map[string]string{"text": "still nothing"}, nil); code != 401 {
		t.Fatalf("old token: %d, want 401", code)
	}
	n, _ := startChat(t, srv, map[string]string{"email": "tom.becker@example.com", "order_number": "#1004"})
	reply, acts = n.say("still nothing")
	if !hasStatus(acts, "proposed") || !strings.Contains(reply, "replacement") {
		t.Fatalf("new conversation: %q, actions %v; want the policy's replacement stated for a yes", reply, statusesOf(acts))
	}
	reply, acts = n.say("yes")
	if !hasStatus(acts, "done") || !strings.Contains(fmt.Sprint(acts), "report_not_received") {
		t.Fatalf("new conversation: %q, actions %v; want the report carried on (report_not_received done)", reply, statusesOf(acts))
	}
	recs, err := watch.OrderProblems(t.Context(), r.Store, demoShop, "5500000001004")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range recs {
		got = append(got, string(x.Kind)+":"+string(x.Action))
	}
	if len(recs) != 1 || recs[0].Kind != watch.KindNotReceived || recs[0].Action != watch.ActionReplace {
		t.Errorf("findings %v, want the not-received report acted on once (a replacement, the shop's default step)", got)
	}
	// The case is the delivery check's now: no look-around step is left.
	ps, err := r.App.Agent.Deliveries.OrderProblems(t.Context(), demoShop, "5500000001004")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p["step"] == "look_around" {
			t.Errorf("the look-around case is still open after the report was acted on: %v", ps)
		}
	}
}
