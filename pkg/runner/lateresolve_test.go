package runner_test

import (
	"testing"
)

// A customer whose late parcel is still moving asks for a refund or a
// replacement now. Policy (late_act_days, 3 by default, or a stalled
// parcel) decides: not yet, and they hear why and get the follow-up
// promise; late enough, and they get exactly what they asked for, stated,
// confirmed and run once; the delivery check then never makes the parcel
// good a second time.
func TestLateParcelRefundOrReplacementNow(t *testing.T) {
	for _, tc := range []struct {
		name    string
		advance string // the clock moved before the chat
		ask     string
		want    string // the shop action the yes makes: "" for a promise
	}{
		{"inside its estimate: a promise", "", "I'd rather just get a refund", ""},
		{"four days late: refund now", "216h", "I'd rather just get a refund", "refund"},
		{"four days late: replacement now", "216h", "just send me a new one", "replacement"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := promiseRunner(t)
			srv := startServer(t, r)
			if tc.advance != "" {
				if code := post(t, srv.URL+"/dev/clock", "", map[string]string{"advance": tc.advance}, nil); code != 200 {
					t.Fatalf("advance: %d", code)
				}
			}
			before := len(ofType(shopActions(t, srv), "replacement"))
			c, _ := startChat(t, srv, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
			reply, acts := c.say(tc.ask)
			if !hasStatus(acts, "proposed") {
				t.Fatalf("nothing proposed: %v", statusesOf(acts))
			}
			if tc.want == "" {
				wantIn(t, reply, "can't do that now", "hasn't arrived by", "Just reply yes")
			} else {
				wantIn(t, reply, "#1003", "now", "Just reply yes")
				wantNotIn(t, reply, "hasn't arrived by")
			}
			_, acts = c.say("yes")
			if !hasStatus(acts, "done") {
				t.Fatalf("the yes ran nothing: %v", statusesOf(acts))
			}
			refunds := ofType(shopActions(t, srv), "refund")
			replacements := len(ofType(shopActions(t, srv), "replacement")) - before
			switch tc.want {
			case "":
				if ps, err := r.App.Promises.Pending(t.Context(), demoShop); err != nil || len(ps) != 1 || len(refunds) != 0 || replacements != 0 {
					t.Fatalf("pending promises %d (%v), %d refunds, %d replacements: want a promise and nothing else", len(ps), err, len(refunds), replacements)
				}
				return
			case "refund":
				if len(refunds) != 1 || refunds[0].Order != "#1003" || refunds[0].Amount != "88.47" || replacements != 0 {
					t.Fatalf("refunds %+v, %d replacements: want one refund of 88.47 for #1003 (all paid: the parcel is the whole order)", refunds, replacements)
				}
			case "replacement":
				if len(refunds) != 0 || replacements != 1 {
					t.Fatalf("%d refunds, %d replacements: want one replacement", len(refunds), replacements)
				}
			}
			// A second yes runs nothing; the delivery check, finding the
			// parcel lost days later, does not make it good again.
			c.say("yes")
			if code := post(t, srv.URL+"/dev/clock", "", map[string]string{"advance": "240h"}, nil); code != 200 {
				t.Fatalf("advance: %d", code)
			}
			n := 0
			for _, a := range shopActions(t, srv) {
				if a.Order == "#1003" && (a.Type == "refund" || a.Type == "replacement") {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%d refunds and replacements of #1003 in the end, want 1", n)
			}
		})
	}
}
