package runner_test

import (
	"strings"
	"testing"
)

// An item made good once is not made good again (#1011): the carafe
// reported shattered in one chat is replaced (sent back, or kept under
// the keep-it limit); a not-received report of the same parcel in a new
// chat, with the shop's not-received step "replace", goes to a person
// naming what was done before, and the shop has one replacement.
func TestDamagedThenNotReceivedGoesToAPerson(t *testing.T) {
	for _, tc := range []struct {
		name   string
		keepIt float64 // the shop's keep-it limit in cents; 0: the default
		reason string
	}{
		{"returned", 0, "a return"},
		{"kept", 100000, "a kept item made good"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := actionsServer(t)
			con := signIn(t, srv)
			con.set(func(s map[string]any) {
				p := s["policy"].(map[string]any)
				p["not_received_wait_hours"], p["not_received_action"] = 0, "replace"
				if tc.keepIt > 0 {
					p["keep_it_limit"] = tc.keepIt
				}
			})
			c, _ := startChat(t, srv, map[string]string{"email": "elena.petrova@example.com", "order_number": "#1011"})
			c.say("the pour over kit came with the glass carafe shattered")
			reply, acts := c.say("replacement")
			if len(acts) == 0 || acts[0]["tool"] != "report_damage" || !hasStatus(acts, "proposed") {
				t.Fatalf("actions %v, reply %q: want report_damage proposed", statusesOf(acts), reply)
			}
			if reply, acts = c.say("yes"); !hasStatus(acts, "done") {
				t.Fatalf("yes: actions %v, reply %q: want report_damage done", statusesOf(acts), reply)
			}
			if got := ofType(shopActions(t, srv), "replacement"); len(got) != 1 {
				t.Fatalf("after the damage report: %d replacements, want 1", len(got))
			}

			n, _ := startChat(t, srv, map[string]string{"email": "elena.petrova@example.com", "order_number": "#1011"})
			reply, _ = n.say("someone nicked it from my porch")
			wantIn(t, reply, "A member of our team is looking into it")
			wantNotIn(t, reply, "We're sending you a replacement")
			if got := ofType(shopActions(t, srv), "replacement"); len(got) != 1 {
				t.Errorf("after the not-received report: %d replacements, want 1", len(got))
			}
			if got := ofType(shopActions(t, srv), "refund"); len(got) != 0 {
				t.Errorf("after the not-received report: %d refunds, want none", len(got))
			}
			var q struct {
				Handoffs []struct {
					Order  string `json:"order"`
					Reason string `json:"reason"`
				} `json:"handoffs"`
			}
			if code := con.do("GET", "/console/api/queue", nil, &q); code != 200 {
				t.Fatalf("queue: %d", code)
			}
			found := false
			for _, h := range q.Handoffs {
				found = found || (h.Order == "#1011" && strings.Contains(h.Reason, "already resolved ("+tc.reason))
			}
			if !found {
				t.Errorf("handoffs %+v: want one for #1011 naming %q", q.Handoffs, tc.reason)
			}
		})
	}
}
