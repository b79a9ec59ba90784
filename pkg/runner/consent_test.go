package runner_test

import (
	"strings"
	"testing"
)

// Consent found wanting by a new-user trial (issue 16), judged by what the
// demo shop ran (GET /dev/shop/actions), with the offline model.

// "yes store credit" to a refund return that offered credit as the
// alternative confirms nothing: the credit return is stated for a new yes,
// and only that runs. "credit" alone, in a return, is store credit.
func TestConsentYesToTheAlternative(t *testing.T) {
	srv := actionsServer(t)
	con := signIn(t, srv)
	con.set(func(s map[string]any) { s["policy"].(map[string]any)["store_credit_bonus_percent"] = 10 })
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	reply, _ := c.say("I want to return the coffee kit")
	wantIn(t, reply, "refund of $68.48", "$75.32 instead")
	reply, _ = c.say("yes store credit")
	if got := shopActions(t, srv); len(got) != 0 {
		t.Fatalf("a yes to the alternative ran %+v", got)
	}
	wantIn(t, reply, "$75.32 in store credit", "Shall I go ahead")
	c.say("yes")
	acts := shopActions(t, srv)
	returns, credits := ofType(acts, "return"), ofType(acts, "store_credit")
	if len(returns) != 1 || returns[0].Detail["resolution"] != "store_credit" || len(credits) != 1 || credits[0].Amount != "75.32" {
		t.Fatalf("actions %+v", acts)
	}

	// "credit" without "store": read as store credit.
	c, _ = startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	reply, _ = c.say("could I get credit instead of a refund for a mug?")
	wantIn(t, reply, "Harbor Stoneware Mug", "in store credit")
	c.say("yes")
	if got := ofType(shopActions(t, srv), "store_credit"); len(got) != 2 || got[1].Amount != "28.24" {
		t.Fatalf("credits %+v", got)
	}
	if got := ofType(shopActions(t, srv), "return"); len(got) != 2 || got[1].Detail["resolution"] != "store_credit" {
		t.Fatalf("returns %+v", got)
	}
}

// Cancelling part of an order never cancels the whole: refused with the
// reason; a yes narrowed to one item does not confirm a whole-order
// cancellation.
func TestConsentPartialCancel(t *testing.T) {
	srv := actionsServer(t)
	c, _ := startChat(t, srv, map[string]string{"email": "maya.okafor@example.com", "order_number": "#1001"})
	reply, _ := c.say("just cancel the filters, keep the coffee kit")
	wantIn(t, reply, "can't cancel", "whole", "returned")
	wantNotIn(t, reply, "Shall I go ahead")
	if got := ofType(shopActions(t, srv), "cancel"); len(got) != 0 {
		t.Fatalf("part of an order cancelled the whole: %+v", got)
	}
	// Stated as the whole order, a yes narrowed to one item is no yes.
	c, _ = startChat(t, srv, map[string]string{"email": "maya.okafor@example.com", "order_number": "#1001"})
	reply, _ = c.say("please cancel my order")
	wantIn(t, reply, "I'll cancel order #1001", "Shall I go ahead")
	reply, _ = c.say("yes, just the filters")
	wantIn(t, reply, "haven't done anything")
	if got := ofType(shopActions(t, srv), "cancel"); len(got) != 0 {
		t.Fatalf("a yes to part cancelled the whole: %+v", got)
	}
}

// After a person's approval the customer hears what ran: a damaged mug
// refunded once it is back is a return started, not a refund done.
func TestConsentApprovalSaysWhatRan(t *testing.T) {
	srv := actionsServer(t)
	con := signIn(t, srv)
	con.set(func(s map[string]any) {
		p := s["policy"].(map[string]any)
		p["refund_auto_limit"], p["keep_it_limit"] = 1000, 0 // a person approves; the mug comes back
	})
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	reply, _ := c.say("my order arrived broken, the mug is cracked in half")
	for i := 0; i < 2 && !strings.Contains(reply, "Shall I go ahead"); i++ {
		reply, _ = c.say("I'd like a refund please")
	}
	wantIn(t, reply, "once it is back with us")
	if _, acts := c.say("yes"); !hasStatus(acts, "needs_approval") {
		t.Fatalf("actions %v", statusesOf(acts))
	}
	aps := con.approvals()
	if len(aps) != 1 {
		t.Fatalf("approvals %+v", aps)
	}
	if code := con.do("POST", "/console/api/handoffs/"+aps[0].ID+"/decide", map[string]any{"approve": true}, nil); code != 200 {
		t.Fatalf("decide: %d", code)
	}
	acts := shopActions(t, srv)
	if len(ofType(acts, "return")) != 1 || len(ofType(acts, "refund")) != 0 {
		t.Fatalf("actions %+v, want a return and no refund yet", acts)
	}
	tr := c.transcript()
	last := tr[len(tr)-1]
	wantIn(t, last, "approved the return of 1 × Harbor Stoneware Mug", "return of 1 × Harbor Stoneware Mug", "is started", "follows once it is back with us")
	wantNotIn(t, last, "it's done", "is refunded")
}

// A damage refund gives back what the customer paid for those units, tax
// included: a $24.00 mug with its share of the line's $3.36 tax is $25.68,
// stated and refunded alike.
func TestConsentDamageRefundIncludesTax(t *testing.T) {
	srv := actionsServer(t)
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	reply, _ := c.say("my order arrived broken, the mug is cracked in half")
	for i := 0; i < 2 && !strings.Contains(reply, "Shall I go ahead"); i++ {
		reply, _ = c.say("I'd like a refund please")
	}
	wantIn(t, reply, "I'll refund $25.68 for 1 × Harbor Stoneware Mug")
	c.say("yes")
	refunds := ofType(shopActions(t, srv), "refund")
	if len(refunds) != 1 || refunds[0].Amount != "25.68" || refunds[0].Currency != "USD" {
		t.Fatalf("refunds %+v, want 25.68 USD", refunds)
	}
}

// Two writes in one chat each count once among the console's writes; the
// conversation counts once in the mix.
func TestConsentEveryWriteCounts(t *testing.T) {
	srv := actionsServer(t)
	con := signIn(t, srv)
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	c.say("I want to return the coffee kit")
	c.say("yes")
	c.say("I also want to return a mug")
	c.say("yes")
	if got := ofType(shopActions(t, srv), "return"); len(got) != 2 {
		t.Fatalf("returns %+v", got)
	}
	var rep struct {
		Total struct {
			Mix         map[string]int64 `json:"mix"`
			Writes      map[string]int64 `json:"writes"`
			WritesTotal int64            `json:"writes_total"`
		} `json:"total"`
	}
	if code := con.do("GET", "/console/api/metrics", nil, &rep); code != 200 {
		t.Fatalf("metrics: %d", code)
	}
	if rep.Total.Writes["return"] != 2 || rep.Total.WritesTotal != 2 || rep.Total.Mix["return"] != 1 {
		t.Errorf("writes %v (total %d), mix %v: want 2 returns written, 1 conversation", rep.Total.Writes, rep.Total.WritesTotal, rep.Total.Mix)
	}
}

// A yes 30 hours after the proposal (the chat token expired, the
// conversation resumed) confirms nothing: the customer hears it lapsed and
// gets it afresh; only their yes to that runs it, once.
func TestConsentLateYesLapses(t *testing.T) {
	srv := actionsServer(t)
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	reply, _ := c.say("I want to return the coffee kit")
	wantIn(t, reply, "I'll start a return of 1 × Pour-Over Coffee Kit (Walnut)")
	if code := post(t, srv.URL+"/dev/clock", "", map[string]string{"advance": "30h"}, nil); code != 200 {
		t.Fatalf("clock: %d", code)
	}
	var resumed struct {
		ConversationID string `json:"conversation_id"`
		Token          string `json:"token"`
	}
	if code := post(t, srv.URL+"/v1/conversations", "", map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006", "conversation_id": c.id}, &resumed); code != 201 || resumed.ConversationID != c.id {
		t.Fatalf("resume: %d, %s", code, resumed.ConversationID)
	}
	c.token = resumed.Token
	reply, _ = c.say("yes")
	if got := ofType(shopActions(t, srv), "return"); len(got) != 0 {
		t.Fatalf("a day-old proposal ran: %+v", got)
	}
	wantIn(t, reply, "lapsed", "I'll start a return of 1 × Pour-Over Coffee Kit (Walnut)", "Shall I go ahead")
	c.say("yes")
	if got := ofType(shopActions(t, srv), "return"); len(got) != 1 || len(got[0].Lines) != 1 || got[0].Lines[0].Title != "Pour-Over Coffee Kit" {
		t.Fatalf("returns %+v", got)
	}
}
