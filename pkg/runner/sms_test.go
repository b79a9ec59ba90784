package runner_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/runner"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

func texts(t *testing.T, srv *httptest.Server) []notify.SMSEntry {
	t.Helper()
	resp, err := http.Get(srv.URL + "/dev/sms")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out []notify.SMSEntry
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

var trackToken = regexp.MustCompile(`name="t" value="([^"]+)"`)

// On the runner as make dev wires it: no texts without consent; a customer
// opts in on the tracking page, the late notice then goes by text too,
// once, with the opt-out link; STOP by reply stops texts and START brings
// them back (with a confirmation); the link's page opts out; no phone
// number or email reaches the logs.
func TestTextsOnTheRunner(t *testing.T) {
	logs := &lockedBuffer{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r, err := runner.New(runner.Config{Start: testStart, DataDir: t.TempDir(), Addr: ln.Addr().String(), Shop: demoShop, WebhookSecret: "s",
		Demo: events.DemoOrders(), Log: slog.New(slog.NewJSONHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	srv := httptest.NewUnstartedServer(r.Handler())
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	// The tracking page offers texts (the demo switches them on) and takes
	// the opt-in.
	resp, err := http.PostForm(srv.URL+"/track", url.Values{"order": {"1003"}, "email": {"daniel.reyes@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := trackToken.FindSubmatch(page)
	if m == nil {
		t.Fatal("the tracking page offers no text updates")
	}
	token := strings.ReplaceAll(string(m[1]), "&#43;", "+")
	resp, err = noRedirect.PostForm(srv.URL+"/track/sms", url.Values{"t": {token}, "phone": {"+1 (617) 555-0142"}, "consent": {"yes"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("opt-in: %d", resp.StatusCode)
	}
	// The number hears at once who signed it up and how to stop.
	if got := texts(t, srv); len(got) != 1 || got[0].To != "+16175550142" || !strings.Contains(got[0].Text, "Hearth & Harbor") ||
		!strings.Contains(got[0].Text, "Reply STOP") {
		t.Fatalf("texts after the opt-in: %v; want only its confirmation", got)
	}
	// Maya's own page (#1001, whose phone is that number) is not opted in
	// by Daniel's consent: it offers the opt-in.
	resp, err = http.PostForm(srv.URL+"/track", url.Values{"order": {"1001"}, "email": {"maya.okafor@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	maya, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Contains(string(maya), "ll text") || trackToken.Find(maya) == nil {
		t.Error("Maya's tracking page says texts go to her number on Daniel's consent, or offers no opt-in")
	}

	advance(t, srv, "240h")
	advance(t, srv, "48h")
	// +16175550142 is also Maya's phone on #1001, whose unshipped items
	// are late by then too: she did not opt in, so nothing about her order
	// goes to the number Daniel gave (consent is per customer).
	got := texts(t, srv)[1:] // after the opt-in's confirmation
	if len(got) != 1 || got[0].To != "+16175550142" || !strings.Contains(got[0].Text, "#1003") || !strings.Contains(got[0].Text, srv.URL+"/s/") {
		t.Fatalf("after #1003 went late, texts = %+v; want one to +16175550142 with the opt-out link", got)
	}
	if len(delayNotices(outboxTo(t, srv, "daniel.reyes@example.com"))) != 1 {
		t.Errorf("the text's notice is not in the outbox once")
	}
	link := got[0].Text[strings.Index(got[0].Text, srv.URL+"/s/"):]
	already := len(texts(t, srv)) - len(got) // the confirmation, the other orders' texts

	for _, tt := range []struct {
		text, keyword string
		texts         int
	}{
		{"STOP", "stop", 2}, // and one confirmation
		{"where is it", "none", 2},
		{"Start", "start", 3}, // and a confirmation
	} {
		var out map[string]string
		if code := post(t, srv.URL+"/dev/sms", "", map[string]string{"from": "+16175550142", "text": tt.text}, &out); code != 200 || out["keyword"] != tt.keyword {
			t.Errorf("reply %q: %d %v, want keyword %s", tt.text, code, out, tt.keyword)
		}
		if n := len(texts(t, srv)) - already; n != tt.texts {
			t.Errorf("after %q: %d texts, want %d", tt.text, n, tt.texts)
		}
	}
	resp, err = http.Post(link, "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Texts stopped") {
		t.Errorf("opt-out link: %d %s", resp.StatusCode, body)
	}
	if n, _ := r.App.SMS.Standing(t.Context(), demoShop, "+16175550142"); n.OptedIn {
		t.Error("still opted in after the link")
	}
	for _, secret := range []string{"6175550142", "555-0142", "daniel.reyes"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the logs hold %q", secret)
		}
	}
}
