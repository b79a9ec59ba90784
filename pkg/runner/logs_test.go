package runner_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/runner"
)

// syncBuffer is a log sink safe for concurrent handlers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Logs carry no customer email, address or message text: a whole session
// of webhooks, chats (including refusals and a handover), and mail is
// logged at debug level and searched for the customer's data.
func TestLogsCarryNoCustomerData(t *testing.T) {
	var logs syncBuffer
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	r, err := runner.New(runner.Config{Start: testStart, DataDir: t.TempDir(), Shop: "demo-shop.myshopify.com", WebhookSecret: "s", Demo: events.DemoOrders(), Log: log})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(r.Handler())
	defer srv.Close()

	secretText := "my dog is called Biscuit"
	c, _ := startChat(t, srv, map[string]string{})
	c.say("where is my order #1003? daniel.reyes@example.com " + secretText)
	c.say("please change the address of #1003 to 42 Elm Street, Portland, OR 97201")
	c.say("I want to talk to a person")
	c2, _ := startChat(t, srv, map[string]string{"email": "maya.okafor@example.com", "order_number": "#1001"})
	c2.say("change the shipping address of #1001 to 77 Hidden Way, Salem, OR 97301")
	c2.say("yes")
	body, _ := fs.ReadFile(events.Shopify(), "new_order_create.json")
	sendWebhook(t, srv.URL, "orders/create", body, "s")
	sendWebhook(t, srv.URL, "orders/create", []byte(`{"id":"not a number","email":"leak@example.com"}`), "s")
	mail := "From: Daniel Reyes <daniel.reyes@example.com>\r\nTo: support@hearthandharbor.example\r\nSubject: parcel\r\nMessage-ID: <m1@example.com>\r\nContent-Type: text/plain\r\n\r\nHi, where is #1003? " + secretText + "\r\n"
	resp, err := http.Post(srv.URL+"/dev/mail", "message/rfc822", strings.NewReader(mail))
	if err == nil {
		resp.Body.Close()
	}

	out := logs.String()
	if !strings.Contains(out, `"msg"`) {
		t.Fatal("nothing was logged: the test would prove nothing")
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !json.Valid([]byte(line)) {
			t.Errorf("log line is not JSON: %s", line)
		}
	}
	leaks := []*regexp.Regexp{
		regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}`), // any email address
		regexp.MustCompile(`(?i)elm street|hidden way|biscuit|Daniel|Maya|Okafor|Reyes`),
	}
	for _, re := range leaks {
		if m := re.FindString(out); m != "" {
			t.Errorf("logs carry customer data %q:\n%s", m, out)
		}
	}
}
