package runner_test

import (
	"net/http"
	"strings"
	"testing"
)

// On the runner as `make dev` wires it: a demo parcel goes late when the
// clock moves, the customer's notice is in the outbox once, and the chat
// knows what was done when the customer asks.
func TestLateParcelOnTheRunner(t *testing.T) {
	srv := demoServer(t)
	for _, d := range []string{"240h", "24h"} {
		resp, err := http.Post(srv.URL+"/dev/clock", "application/json", strings.NewReader(`{"advance":"`+d+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	n := 0
	for _, e := range outboxTo(t, srv, "daniel.reyes@example.com") {
		if strings.Contains(e.Subject, "#1003") && (strings.Contains(e.Subject, "late") || strings.Contains(e.Subject, "update")) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d delay notices for #1003, want exactly 1", n)
	}
	c, _ := startChat(t, srv, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
	reply, _ := c.say("where is my order #1003? it's late")
	wantIn(t, reply, "#1003", "trace")
}
