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
					ID     string `json:"id"`
					Order  string `json:"order"`
					Reason string `json:"reason"`
				} `json:"handoffs"`
			}
			if code := con.do("GET", "/console/api/queue", nil, &q); code != 200 {
				t.Fatalf("queue: %d", code)
			}
			id := ""
			for _, h := range q.Handoffs {
				if h.Order == "#1011" && strings.Contains(h.Reason, "already resolved ("+tc.reason) {
					id = h.ID
				}
			}
			if id == "" {
				t.Fatalf("handoffs %+v: want one for #1011 naming %q", q.Handoffs, tc.reason)
			}
			// The parcel's one item was made good: nothing left to offer.
			var page struct {
				Offers []any `json:"offers"`
			}
			if code := con.do("GET", "/console/api/handoffs/"+id, nil, &page); code != 200 || len(page.Offers) != 0 {
				t.Errorf("handoff page: %d, offers %v; want none", code, page.Offers)
			}
		})
	}
}

// A person making good a parcel part of which was made good before (#1006:
// one of its 2 mugs replaced after a damage report, then the parcel
// reported not received): the handoff offers the coffee kit and the other
// mug, and approving the replacement runs it (it is newer than the damage
// report's proposal on the mugs, not superseded by it: 1 + 1 of 2 mugs).
func TestParcelOfferLeavesOutUnitsMadeGood(t *testing.T) {
	srv := actionsServer(t)
	con := signIn(t, srv)
	con.set(func(s map[string]any) {
		p := s["policy"].(map[string]any)
		p["not_received_wait_hours"], p["not_received_action"] = 0, "replace"
	})
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	c.say("one of the mugs arrived chipped")
	c.say("replacement")
	if reply, acts := c.say("yes"); !hasStatus(acts, "done") {
		t.Fatalf("yes: actions %v, reply %q: want report_damage done", statusesOf(acts), reply)
	}
	n, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	wantIn(t, func() string { r, _ := n.say("it says delivered but I never got it"); return r }(), "A member of our team is looking into it")
	var q struct {
		Handoffs []struct {
			ID    string `json:"id"`
			Order string `json:"order"`
		} `json:"handoffs"`
	}
	if code := con.do("GET", "/console/api/queue", nil, &q); code != 200 {
		t.Fatalf("queue: %d", code)
	}
	id := ""
	for _, h := range q.Handoffs {
		if h.Order == "#1006" {
			id = h.ID
		}
	}
	if id == "" {
		t.Fatalf("no handoff about #1006 in %+v", q.Handoffs)
	}
	var page struct {
		Offers []struct {
			Resolution string `json:"resolution"`
			Lines      []struct {
				Title    string `json:"title"`
				Quantity int    `json:"quantity"`
			} `json:"lines"`
		} `json:"offers"`
	}
	if code := con.do("GET", "/console/api/handoffs/"+id, nil, &page); code != 200 || len(page.Offers) == 0 {
		t.Fatalf("handoff page: %d, offers %+v", code, page.Offers)
	}
	for _, o := range page.Offers {
		if len(o.Lines) != 2 || o.Lines[0].Title != "Pour-Over Coffee Kit" || o.Lines[1].Title != "Harbor Stoneware Mug" || o.Lines[1].Quantity != 1 {
			t.Errorf("offer %s lines %+v: want the coffee kit and 1 mug", o.Resolution, o.Lines)
		}
	}
	var res map[string]any
	if code := con.do("POST", "/console/api/handoffs/"+id+"/decide", map[string]any{"approve": true, "offer": "replacement"}, &res); code != 200 {
		t.Fatalf("approve the replacement: %d %v", code, res)
	}
	r := ofType(shopActions(t, srv), "replacement")
	if len(r) != 2 || len(r[1].Lines) != 2 || r[1].Lines[1].Quantity != 1 {
		t.Errorf("replacements %+v: want the mug's, then the coffee kit's and the other mug's", r)
	}
}
