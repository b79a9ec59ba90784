package runner_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/runner"
)

// seeded is a demo runner and its server.
func seeded(t *testing.T) (*runner.Runner, *httptest.Server) {
	t.Helper()
	r := newRunner(t, t.TempDir())
	t.Cleanup(func() { r.Close() })
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	return r, startServer(t, r)
}

// shopRules are the demo shop's delivery rules (America/New_York).
func shopRules(t *testing.T) edd.Rules {
	t.Helper()
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	return edd.DefaultRules(loc)
}

func pageText(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d", u, resp.StatusCode)
	}
	return string(b)
}

var trackLink = regexp.MustCompile(`https?://\S+/track\?t=\S+`)

// One parcel, one estimate: the chat, the delay email, the tracking page
// and the carrier claim for #1003 all give the date pkg/edd computes for
// that parcel, and once it has passed every one of them says so.
func TestOneEstimateEverywhere(t *testing.T) {
	r, srv := seeded(t)
	o, err := r.Store.GetOrderByName(t.Context(), "demo-shop.myshopify.com", "#1003")
	if err != nil {
		t.Fatal(err)
	}
	rules := shopRules(t)
	est := rules.ForParcel(o, &o.Shipments[0])
	from, to := edd.Day(est.From), edd.Day(est.To)
	if est.IsZero() || from == to {
		t.Fatalf("estimate %+v: want a range", est)
	}

	// Before the window ends, the chat gives its end; its start is past
	// (the window began on the day after pickup) so it is not offered as
	// ahead.
	c, _ := startChat(t, srv, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
	reply, _ := c.say("where is my order #1003?")
	wantIn(t, reply, to)
	wantNotIn(t, reply, from+" –", from+" to")

	// Past the window: the delay email, the page and the chat all say it
	// was due by the same day.
	advance(t, srv, "240h")
	var mail string
	for _, e := range outboxTo(t, srv, "daniel.reyes@example.com") {
		if strings.Contains(e.Subject, "#1003") && strings.Contains(e.Subject, "late") {
			mail = e.Text
		}
	}
	if mail == "" {
		t.Fatal("no delay notice for #1003")
	}
	wantIn(t, mail, "was due by: "+to)
	link := trackLink.FindString(mail)
	if link == "" {
		t.Fatalf("no tracking link in %q", mail)
	}
	page := pageText(t, srv.URL+link[strings.Index(link, "/track?"):])
	wantIn(t, page, "Was due by", to)
	c, _ = startChat(t, srv, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
	reply, _ = c.say("where is my order #1003?")
	wantIn(t, reply, "due by "+to)
	wantNotIn(t, reply, "estimated delivery", "on its way")

	// Lost: the claim's promised date is the same day.
	advance(t, srv, "240h")
	claims, err := r.Delivery.Claims.All(t.Context(), "demo-shop.myshopify.com")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, cl := range claims {
		if cl.OrderName == "#1003" {
			found = true
			if cl.PromisedBy != est.To.String() {
				t.Errorf("claim promised by %s, estimate says %s", cl.PromisedBy, est.To)
			}
		}
	}
	if !found {
		t.Errorf("no claim for lost #1003: %+v", claims)
	}
	c, _ = startChat(t, srv, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
	reply, _ = c.say("where is my order #1003?")
	wantNotIn(t, reply, "on its way", "estimated delivery")
	wantIn(t, reply, "lost")
	// The order list says the same.
	reply, _ = c.say("can you list my orders?")
	if i := strings.Index(reply, "#1003 "); i < 0 || strings.Contains(strings.SplitN(reply[i:], "\n", 2)[0], "on its way") {
		t.Errorf("order list: %q", reply)
	}
}

// Parcel by parcel, and the right stage for each.
func TestStagesParcelByParcel(t *testing.T) {
	r, srv := seeded(t)
	ctx, shop := t.Context(), "demo-shop.myshopify.com"
	get := func(name string) order.Order {
		o, err := r.Store.GetOrderByName(ctx, shop, name)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	now := r.Clock.Now()
	loc := shopRules(t).Location
	stages := func(j order.Journey) []order.Stage {
		var s []order.Stage
		for _, p := range j.Parcels {
			s = append(s, p.Stage)
		}
		return s
	}
	for _, tt := range []struct {
		name   string
		parcel []order.Stage
	}{
		{"#1010", []order.Stage{order.StageInTransit, order.StagePreShipment}},
		{"#1011", []order.Stage{order.StageDelivered, order.StageInTransit}},
		{"#1002", []order.Stage{order.StageLabelCreated}},
	} {
		j := order.Track(get(tt.name), now, loc, 30*24*time.Hour, nil)
		if got := stages(j); !equalStages(got, tt.parcel) {
			t.Errorf("%s parcels = %v, want %v", tt.name, got, tt.parcel)
		}
	}

	// #1010: the skillet has not shipped, the throw is with UPS.
	c, _ := startChat(t, srv, map[string]string{"email": "marcus.johnson@example.com", "order_number": "#1010"})
	reply, _ := c.say("where is the skillet?")
	skillet, throw := sentenceAbout(reply, "Skillet"), sentenceAbout(reply, "Throw")
	wantIn(t, skillet, "hasn't shipped")
	wantIn(t, throw, "on its way", "UPS")
	wantNotIn(t, throw, "hasn't shipped")
	if strings.Index(reply, "Skillet") > strings.Index(reply, "Throw") {
		t.Errorf("the skillet, asked about, should come first: %q", reply)
	}

	// #1011: both parcels shipped; nothing is "still being prepared".
	c, _ = startChat(t, srv, map[string]string{"email": "elena.petrova@example.com", "order_number": "#1011"})
	reply, _ = c.say("where is my order #1011?")
	wantIn(t, reply, "delivered", "on its way")
	wantNotIn(t, reply, "being prepared", "hasn't shipped")

	// #1002: a label, no scan.
	c, _ = startChat(t, srv, map[string]string{"email": "priya.natarajan@example.com", "order_number": "#1002"})
	reply, _ = c.say("where is my order #1002?")
	wantIn(t, reply, "label")
	wantNotIn(t, reply, "last scan")

	// #1004 two days after its out-for-delivery scan: not "today".
	advance(t, srv, "48h")
	j := order.Track(get("#1004"), r.Clock.Now(), loc, 30*24*time.Hour, nil)
	if j.Parcels[0].OutToday {
		t.Errorf("#1004 out for delivery today two days after its scan")
	}
	c, _ = startChat(t, srv, map[string]string{"email": "tom.becker@example.com", "order_number": "#1004"})
	reply, _ = c.say("where is my order #1004?")
	wantNotIn(t, reply, "today")
}

// Dates are the shop's: #1001 was placed at 21:27 on Dec 4 in New York
// (02:27 UTC on Dec 5).
func TestShopTimeZoneInChat(t *testing.T) {
	// The demo's newest order, #1001, is placed "now": at 02:30 UTC on
	// Dec 5, which is the evening of Dec 4 in the shop's New York.
	r := newRunner(t, t.TempDir())
	t.Cleanup(func() { r.Close() })
	r.Clock.Set(time.Date(2026, 12, 5, 2, 30, 0, 0, time.UTC))
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, r)
	c, _ := startChat(t, srv, map[string]string{"email": "maya.okafor@example.com", "order_number": "#1001"})
	reply, _ := c.say("where is my order #1001?")
	wantIn(t, reply, "Dec 4")
	wantNotIn(t, reply, "Dec 5")
}

func equalStages(a, b []order.Stage) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// sentenceAbout is the text from the first mention of word to the next
// parcel's sentence (or the end).
func sentenceAbout(text, word string) string {
	i := strings.Index(text, word)
	if i < 0 {
		return ""
	}
	rest := text[i:]
	if j := strings.Index(rest[1:], " The "); j >= 0 {
		return rest[:j+1]
	}
	return rest
}

// One problem, one thread: #1005's failed delivery, then its lateness,
// then its silence, over three weeks of a moving clock, tell the customer
// that a trace was opened once; a later message comes only with news (a
// replacement, a refund).
func TestOneThreadPerProblem(t *testing.T) {
	_, srv := seeded(t)
	for i := 0; i < 8; i++ {
		advance(t, srv, "72h")
	}
	traces, notices := 0, 0
	for _, e := range outboxTo(t, srv, "grace.liu@example.com") {
		if !strings.Contains(e.Subject, "#1005") {
			continue
		}
		notices++
		if strings.Contains(e.Text, "opened a trace") {
			traces++
		}
		t.Logf("%s", e.Subject)
	}
	if traces != 1 {
		t.Errorf("%d notices say a trace was opened, want 1", traces)
	}
	if notices > 2 {
		t.Errorf("%d notices about #1005's parcel, want the problem and at most one change", notices)
	}
	c, _ := startChat(t, srv, map[string]string{"email": "grace.liu@example.com", "order_number": "#1005"})
	reply, _ := c.say("where is my order #1005?")
	wantNotIn(t, reply, "on its way")
}
