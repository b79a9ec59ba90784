package runner_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/escalation"
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
