package runner_test

import (
	"strings"
	"testing"
)

// A late parcel of a partly shipped order (#1010: the throw with the
// carrier, days past its estimate and not scanned since; the skillet not
// shipped): a refund or a replacement asked for in plain words is the same
// late-parcel proposal a single-parcel order gets, for that parcel's lines
// only, and the yes (then the person's approval, above the refund limit)
// runs exactly it.
func TestLateParcelOfAPartlyShippedOrder(t *testing.T) {
	for _, tc := range []struct {
		ask, want, amount string
	}{
		{"I'd rather just get a refund", "refund", "128.50"},
		{"my throw is super late, refund it pls", "refund", "128.50"},
		{"can you just send me a new one instead", "replacement", ""},
	} {
		t.Run(tc.ask, func(t *testing.T) {
			r := promiseRunner(t)
			srv := startServer(t, r)
			if code := post(t, srv.URL+"/dev/clock", "", map[string]string{"advance": "216h"}, nil); code != 200 {
				t.Fatalf("advance: %d", code)
			}
			con := signIn(t, srv)
			c, _ := startChat(t, srv, map[string]string{"email": "marcus.johnson@example.com", "order_number": "#1010"})
			reply, acts := c.say(tc.ask)
			if !hasStatus(acts, "proposed") || acts[0]["tool"] != "follow_up" {
				t.Fatalf("actions %v, reply %q: want a follow_up proposal", statusesOf(acts), reply)
			}
			wantIn(t, reply, "1 × Stonewashed Linen Throw (Oatmeal)", "#1010", "now", "Just reply yes")
			wantNotIn(t, reply, "Skillet", "hasn't arrived by", "no refund")
			if _, acts = c.say("yes"); !hasStatus(acts, "needs_approval") {
				t.Fatalf("yes: %v, want needs_approval", statusesOf(acts))
			}
			aps := con.approvals()
			if len(aps) != 1 {
				t.Fatalf("%d approvals, want 1", len(aps))
			}
			p := aps[0].Action.Proposal
			if len(p.Lines) != 1 || p.Lines[0].Title != "Stonewashed Linen Throw" || p.Lines[0].Quantity != 1 {
				t.Fatalf("approval lines %+v, want the throw alone", p.Lines)
			}
			if code := con.do("POST", "/console/api/handoffs/"+aps[0].ID+"/decide", map[string]any{"approve": true}, nil); code != 200 {
				t.Fatalf("decide: %d", code)
			}
			got := ofType(shopActions(t, srv), tc.want)
			var mine []shopAction
			for _, a := range got {
				if a.Order == "#1010" || tc.want == "replacement" {
					mine = append(mine, a)
				}
			}
			if len(mine) != 1 || len(mine[0].Lines) != 1 || mine[0].Lines[0].Title != "Stonewashed Linen Throw" ||
				(tc.amount != "" && mine[0].Amount != tc.amount) {
				t.Fatalf("shop %s actions %+v: want one, of the throw alone, amount %q", tc.want, got, tc.amount)
			}
		})
	}
}

// A parcel that has had no carrier scan for the policy's stalled days is
// stalled, whatever its estimate says, even when the delivery check raised
// nothing new about it (a promise about it is pending): a refund asked for
// then is proposed now. Before it stalls, the refusal reminds the customer
// of the promise they hold, with its time.
func TestStalledParcelWithAPromise(t *testing.T) {
	r := promiseRunner(t)
	srv := startServer(t, r)
	c, _ := startChat(t, srv, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
	reply, _ := c.say("it's been ages, can you keep an eye on it and promise me you'll sort it?")
	wantIn(t, reply, "hasn't arrived by", "Just reply yes")
	if _, acts := c.say("yes"); !hasStatus(acts, "done") {
		t.Fatalf("the promise: %v", statusesOf(acts))
	}
	reply, _ = c.say("honestly I'd rather just get a refund")
	wantIn(t, reply, "can't do that now", "As I promised", "hasn't arrived by")
	if strings.Contains(reply, "Shall I go ahead") {
		t.Errorf("reply %q offers a second promise", reply)
	}
	// Days on with no scan (the last on Wed, Dec 2: stalled from Wed,
	// Dec 9), two days past its estimate (Mon, Dec 7) and hours before the
	// promise's time (Dec 9, 10:00 EST): stalled.
	if code := post(t, srv.URL+"/dev/clock", "", map[string]string{"advance": "160h"}, nil); code != 200 {
		t.Fatalf("advance: %d", code)
	}
	c, _ = startChat(t, srv, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
	reply, acts := c.say("honestly I'd rather just get a refund")
	if !hasStatus(acts, "proposed") {
		t.Fatalf("actions %v, reply %q: want a refund proposed", statusesOf(acts), reply)
	}
	wantIn(t, reply, "I'll refund $88.47", "#1003")
	wantNotIn(t, reply, "still moving")
}

// The answer to the agent's own "replacement or refund?" goes to the
// damage case it asked about, even on an order with another parcel still
// on its way (#1011); "can I get a replacement?" with no case open asks
// which item and what is wrong, not the FAQ.
func TestReplacementAnswerGoesToTheDamageCase(t *testing.T) {
	srv := actionsServer(t)
	for _, answer := range []string{"can I get a replacement?", "replacement"} {
		c, _ := startChat(t, srv, map[string]string{"email": "elena.petrova@example.com", "order_number": "#1011"})
		reply, _ := c.say("the pour over kit came with the glass carafe shattered")
		wantIn(t, reply, "replacement of 1 × Pour-Over Coffee Kit (Walnut)", "refund")
		reply, acts := c.say(answer)
		if len(acts) == 0 || acts[0]["tool"] != "report_damage" || !hasStatus(acts, "proposed") {
			t.Fatalf("%q: actions %v, reply %q: want report_damage proposed", answer, statusesOf(acts), reply)
		}
		wantIn(t, reply, "I'll send you a replacement of 1 × Pour-Over Coffee Kit (Walnut) from order #1011")
		wantNotIn(t, reply, "hasn't arrived by")
	}
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	reply, acts := c.say("can I get a replacement?")
	if len(acts) != 0 {
		t.Errorf("actions %v: nothing should be proposed yet", statusesOf(acts))
	}
	wantIn(t, reply, "Which items arrived damaged or wrong?")
	wantNotIn(t, reply, "our guide says")
}

// Through the Bedrock tool protocol: on a partly shipped order (#1010),
// follow_up is offered, and a refund asked for now of the late, stalled
// parcel is proposed for its lines alone (the skillet not shipped stays
// out of it), tax and shipping share included.
func TestLateParcelOfAPartlyShippedOrderBedrock(t *testing.T) {
	_, srv, fake := playedRunner(t,
		move{"refund", "follow_up", map[string]any{"order_number": "#1010", "resolution": "refund"}})
	if code := post(t, srv.URL+"/dev/clock", "", map[string]string{"advance": "216h"}, nil); code != 200 {
		t.Fatalf("advance: %d", code)
	}
	c, _ := startChat(t, srv, map[string]string{"email": "marcus.johnson@example.com", "order_number": "#1010"})
	_, acts := c.say("I'd rather just get a refund")
	call := fake.lastCall(t, "follow_up")
	resultHas(t, call, `"status":"needs_confirmation"`, "1 × Stonewashed Linen Throw (Oatmeal)", "$128.50")
	if strings.Contains(call.result, "Skillet") {
		t.Errorf("the proposal %s names the skillet, which has not shipped", call.result)
	}
	if !hasStatus(acts, "proposed") {
		t.Errorf("actions %v, want proposed", statusesOf(acts))
	}
}
