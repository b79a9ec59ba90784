package runner_test

import (
	"strings"
	"testing"
)

// Every resolution a shop offers after the sale (issue 16), end to end on
// the runner with the offline model and the demo shop, read back from GET
// /dev/shop/actions.

func TestResolveCancelUnfulfilledOrder(t *testing.T) {
	srv := actionsServer(t)
	// #1010 is partly fulfilled: refused with the reason.
	c, _ := startChat(t, srv, map[string]string{"email": "marcus.johnson@example.com", "order_number": "#1010"})
	reply, _ := c.say("please cancel my order")
	wantIn(t, reply, "can't cancel order #1010", "already")
	// #1001 has not shipped: stated exactly, confirmed, cancelled once.
	c, _ = startChat(t, srv, map[string]string{"email": "maya.okafor@example.com", "order_number": "#1001"})
	reply, _ = c.say("I need to cancel my order")
	wantIn(t, reply, "I'll cancel order #1001", "1 × Pour-Over Coffee Kit (Walnut)", "1 × Unbleached Paper Filters (Pack of 100)", "refund $85.51", "Shall I go ahead")
	if got := ofType(shopActions(t, srv), "cancel"); len(got) != 0 {
		t.Fatalf("cancelled before the yes: %+v", got)
	}
	reply, _ = c.say("yes")
	wantIn(t, reply, "order #1001 is cancelled", "$85.51")
	cancels := ofType(shopActions(t, srv), "cancel")
	if len(cancels) != 1 || cancels[0].Order != "#1001" || cancels[0].Amount != "85.51" || cancels[0].Currency != "USD" || len(cancels[0].Lines) != 2 ||
		cancels[0].Detail["restock"] != true || cancels[0].Detail["notify_customer"] != true || cancels[0].Detail["refund_method"] != "original_payment" {
		t.Fatalf("shop cancels %+v", cancels)
	}
	// Cancelled now: asking again is refused with the reason.
	reply, _ = c.say("cancel order #1001")
	wantIn(t, reply, "already cancelled")
	if got := ofType(shopActions(t, srv), "cancel"); len(got) != 1 {
		t.Errorf("%d cancels, want 1", len(got))
	}
}

// Above the merchant's cancellation limit: the customer's yes, then a
// person's approval, then exactly it runs and the customer hears.
func TestResolveCancelNeedsApprovalAboveTheLimit(t *testing.T) {
	srv := actionsServer(t)
	con := signIn(t, srv)
	con.set(func(s map[string]any) {
		s["policy"].(map[string]any)["cancel_auto_limit"] = 5000
	})
	c, _ := startChat(t, srv, map[string]string{"email": "maya.okafor@example.com", "order_number": "#1001"})
	reply, _ := c.say("can you cancel my order?")
	wantIn(t, reply, "I'll cancel order #1001", "approves")
	reply, acts := c.say("yes")
	if !hasStatus(acts, "needs_approval") {
		t.Fatalf("actions %v", statusesOf(acts))
	}
	if got := ofType(shopActions(t, srv), "cancel"); len(got) != 0 {
		t.Fatalf("cancelled before approval: %+v", got)
	}
	aps := con.approvals()
	if len(aps) != 1 || aps[0].Action.Tool != "cancel_order" || aps[0].Action.Proposal.Amount != 8551 || len(aps[0].Action.Proposal.Lines) != 2 {
		t.Fatalf("approvals %+v", aps)
	}
	if code := con.do("POST", "/console/api/handoffs/"+aps[0].ID+"/decide", map[string]any{"approve": true}, nil); code != 200 {
		t.Fatalf("decide: %d", code)
	}
	if got := ofType(shopActions(t, srv), "cancel"); len(got) != 1 || got[0].Amount != "85.51" {
		t.Fatalf("cancels %+v", got)
	}
	tr := c.transcript()
	wantIn(t, tr[len(tr)-1], "approved the cancellation on order #1001")
	_ = reply
}

// Store credit with the merchant's bonus: the refund proposal offers it;
// asked for, it is stated exactly, issued to the customer's store credit
// account on yes, and the console's metrics show the revenue kept.
func TestResolveStoreCreditWithBonus(t *testing.T) {
	srv := actionsServer(t)
	con := signIn(t, srv)
	con.set(func(s map[string]any) { s["policy"].(map[string]any)["store_credit_bonus_percent"] = 10 })
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	reply, _ := c.say("I want to return the coffee kit")
	wantIn(t, reply, "refund of $68.48", "store credit, it would be $75.32 instead (a 10% bonus)")
	reply, _ = c.say("store credit please")
	wantIn(t, reply, "1 × Pour-Over Coffee Kit (Walnut)", "$75.32 in store credit, including a 10% bonus")
	reply, _ = c.say("yes")
	wantIn(t, reply, "$75.32 in store credit is yours now", "store credit account")
	acts := shopActions(t, srv)
	credits, returns := ofType(acts, "store_credit"), ofType(acts, "return")
	if len(returns) != 1 || returns[0].Detail["resolution"] != "store_credit" || len(returns[0].Lines) != 1 {
		t.Fatalf("returns %+v", returns)
	}
	if len(credits) != 1 || credits[0].Order != "#1006" || credits[0].Amount != "75.32" || credits[0].Currency != "USD" ||
		credits[0].Detail["issued_as"] != "store_credit_account" || credits[0].Detail["customer_id"] != "7700000000106" {
		t.Fatalf("credits %+v", credits)
	}
	var rep struct {
		Total struct {
			Kept    int64 `json:"credit_kept_cents"`
			Issued  int64 `json:"credit_issued_cents"`
			Credits int64 `json:"credits"`
		} `json:"total"`
	}
	if code := con.do("GET", "/console/api/metrics?days=30", nil, &rep); code != 200 {
		t.Fatalf("metrics: %d", code)
	}
	if rep.Total.Kept != 6848 || rep.Total.Issued != 7532 || rep.Total.Credits != 1 {
		t.Errorf("metrics %+v, want 6848 kept, 7532 issued, 1", rep.Total)
	}
}

// Exchanges: a mug for the same mug in another colour, in stock, through
// a return with an exchange item; out of stock, the customer hears so and
// is offered credit or a refund instead.
func TestResolveExchange(t *testing.T) {
	srv := actionsServer(t)
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	reply, _ := c.say("can I swap a mug for the sand one?")
	wantIn(t, reply, "Sand / 12 oz", "out of stock", "store credit", "refund of $25.68")
	reply, _ = c.say("then can I exchange a mug for the charcoal one instead?")
	wantIn(t, reply, "I'll exchange 1 × Harbor Stoneware Mug (Sea Glass / 12 oz) from order #1006 for 1 × Harbor Stoneware Mug (Charcoal / 12 oz)", "Shall I go ahead")
	reply, _ = c.say("yes")
	wantIn(t, reply, "exchange on order #1006 is set up")
	ex := ofType(shopActions(t, srv), "exchange")
	if len(ex) != 1 || ex[0].Order != "#1006" || len(ex[0].Lines) != 1 || ex[0].Lines[0].Variant != "Sea Glass / 12 oz" || ex[0].Lines[0].Quantity != 1 {
		t.Fatalf("exchanges %+v", ex)
	}
	if f, _ := ex[0].Detail["exchange_for"].(map[string]any); f["variant"] != "Charcoal / 12 oz" || f["variant_id"] != "4700000000102" {
		t.Errorf("exchange_for %+v", ex[0].Detail)
	}
	// A different price is not a straight exchange.
	reply, _ = c.say("could I also swap the other mug for a 16 oz?")
	wantIn(t, reply, "different amount")
	if got := ofType(shopActions(t, srv), "exchange"); len(got) != 1 {
		t.Errorf("%d exchanges", len(got))
	}
}

// Damaged or wrong items: a replacement or refund of just the affected
// lines; below the merchant's keep-it value nothing comes back, above it a
// return is started.
func TestResolveDamagedItem(t *testing.T) {
	srv := actionsServer(t)
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	reply, _ := c.say("my order arrived broken, the mug is cracked in half")
	wantIn(t, reply, "replacement of 1 × Harbor Stoneware Mug (Sea Glass / 12 oz)", "refund of $25.68")
	reply, _ = c.say("can I get a replacement?")
	wantIn(t, reply, "I'll send you a replacement of 1 × Harbor Stoneware Mug (Sea Glass / 12 oz) from order #1006 at no cost", "no need to send anything back")
	reply, _ = c.say("yes")
	wantIn(t, reply, "replacement", "#1006-R")
	acts := shopActions(t, srv)
	if r := ofType(acts, "replacement"); len(r) != 1 || r[0].Order != "#1006" || len(r[0].Lines) != 1 || r[0].Lines[0].Quantity != 1 || r[0].Detail["replacement_order"] != "#1006-R" {
		t.Fatalf("replacements %+v", r)
	}
	if r := ofType(acts, "return"); len(r) != 0 {
		t.Errorf("a keep-it replacement started a return: %+v", r)
	}
	// The coffee kit is worth more than the keep-it value: refund once it
	// is back, and a return is started for it alone.
	reply, _ = c.say("the coffee kit is defective too, I'd like a refund for it")
	wantIn(t, reply, "I'll refund $68.48 for 1 × Pour-Over Coffee Kit (Walnut) from order #1006", "once it is back with us", "return label")
	c.say("yes")
	acts = shopActions(t, srv)
	rets := ofType(acts, "return")
	if len(rets) != 1 || len(rets[0].Lines) != 1 || rets[0].Lines[0].Title != "Pour-Over Coffee Kit" || rets[0].Detail["reason"] != "DEFECTIVE" || rets[0].Detail["resolution"] != "refund" {
		t.Fatalf("returns %+v", rets)
	}
	if r := ofType(acts, "refund"); len(r) != 0 {
		t.Errorf("refunded before the item came back: %+v", r)
	}
}

// Delivered but not received: within the merchant's wait after the
// delivery scan, look around (neighbours, a safe place) until a stated
// time; after it, the delivery policy acts, once.
func TestResolveNotReceived(t *testing.T) {
	srv := actionsServer(t)
	con := signIn(t, srv)
	con.set(func(s map[string]any) { s["policy"].(map[string]any)["not_received_wait_hours"] = 24 * 365 })
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	reply, _ := c.say("it says delivered but I never got it")
	wantIn(t, reply, "check with your neighbours", "If it hasn't turned up by")
	if n := len(shopActions(t, srv)); n != 0 {
		t.Fatalf("%d shop actions while looking around", n)
	}
	con.set(func(s map[string]any) { s["policy"].(map[string]any)["not_received_wait_hours"] = 0 })
	reply, acts := c.say("it still hasn't turned up, the parcel says delivered but it's not here")
	wantIn(t, reply, "never reached you")
	t.Logf("reply: %s; actions %v; shop %+v", reply, statusesOf(acts), shopActions(t, srv))
	again, _ := c.say("it says delivered but I never got it")
	before := len(shopActions(t, srv))
	// A person owns the delivery case now: the agent says so, or the chat
	// goes to them (as an answer to the case's notice by email would).
	if after := len(shopActions(t, srv)); after != before || !(strings.Contains(again, "never reached you") || strings.Contains(again, "already looking after your order #1006")) {
		t.Errorf("asked again: %q, shop actions %d → %d", again, before, after)
	}
}

// With a store-credit bonus set, a cancellation offers credit at the
// bonus beside the refund; "store credit instead" states the cancellation
// with credit, and its yes cancels with no refund and issues exactly the
// credit stated.
func TestResolveCancelWithStoreCredit(t *testing.T) {
	srv := actionsServer(t)
	con := signIn(t, srv)
	con.set(func(s map[string]any) { s["policy"].(map[string]any)["store_credit_bonus_percent"] = 10 })
	c, _ := startChat(t, srv, map[string]string{"email": "maya.okafor@example.com", "order_number": "#1001"})
	reply, _ := c.say("I need to cancel my order")
	wantIn(t, reply, "I'll cancel order #1001", "refund $85.51", "store credit, it would be $94.06 instead (a 10% bonus)")
	reply, _ = c.say("can I get store credit instead?")
	wantIn(t, reply, "I'll cancel order #1001", "instead of a refund of $85.51, give you $94.06 in store credit, including a 10% bonus", "Shall I go ahead")
	if got := shopActions(t, srv); len(ofType(got, "cancel")) != 0 || len(ofType(got, "store_credit")) != 0 {
		t.Fatalf("shop actions before the yes: %+v", got)
	}
	reply, _ = c.say("yes")
	wantIn(t, reply, "order #1001 is cancelled", "$94.06 in store credit")
	acts := shopActions(t, srv)
	cancels, credits, refunds := ofType(acts, "cancel"), ofType(acts, "store_credit"), ofType(acts, "refund")
	if len(cancels) != 1 || cancels[0].Detail["refund_method"] != "none (store credit instead)" || cancels[0].Detail["restock"] != true {
		t.Fatalf("cancels %+v", cancels)
	}
	if len(credits) != 1 || credits[0].Order != "#1001" || credits[0].Amount != "94.06" || credits[0].Currency != "USD" || len(refunds) != 0 {
		t.Fatalf("credits %+v, refunds %+v: want $94.06 of credit and no refund", credits, refunds)
	}
}

// On the offline model: a yes with a question lapses the return, which is
// stated again word for word; the plain yes after it starts exactly that
// return, once.
func TestYesWithQuestionThenYes(t *testing.T) {
	srv := actionsServer(t)
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	first, _ := c.say("I want to return the coffee kit")
	wantIn(t, first, "1 × Pour-Over Coffee Kit (Walnut)")
	reply, acts := c.say("yes - can I keep the box?")
	if !hasStatus(acts, "lapsed") || len(ofType(shopActions(t, srv), "return")) != 0 {
		t.Fatalf("actions %v, shop %+v: want the proposal lapsed and nothing run", statusesOf(acts), shopActions(t, srv))
	}
	wantIn(t, reply, "1 × Pour-Over Coffee Kit (Walnut)", "Shall I go ahead")
	wantNotIn(t, reply, "nothing is waiting for your yes")
	reply, _ = c.say("yes")
	wantNotIn(t, reply, "nothing is waiting for your yes")
	if returns := ofType(shopActions(t, srv), "return"); len(returns) != 1 || returns[0].Order != "#1006" || returns[0].Lines[0].Title != "Pour-Over Coffee Kit" {
		t.Fatalf("returns %+v, want the coffee kit once; reply %q", returns, reply)
	}
	c.say("yes")
	if returns := ofType(shopActions(t, srv), "return"); len(returns) != 1 {
		t.Errorf("a stale yes: %d returns", len(returns))
	}
}

// make dev: the console's not-received step decides what a missing parcel
// gets after the wait (a replacement or a refund, within its value limit);
// it is a proposal: nothing is written before the customer's yes, exactly
// one write after it, nothing more on a second yes; no handoff.
func TestResolveNotReceivedBySettings(t *testing.T) {
	for _, tc := range []struct{ action, kind, other, says string }{
		{"refund", "refund", "replacement", "I'll refund $"},
		{"replace", "replacement", "refund", "I'll send you a replacement of"},
	} {
		t.Run(tc.action, func(t *testing.T) {
			srv := actionsServer(t)
			con := signIn(t, srv)
			con.set(func(s map[string]any) {
				p := s["policy"].(map[string]any)
				p["not_received_wait_hours"], p["not_received_action"], p["not_received_auto_limit"], p["refund_auto_limit"] = 0, tc.action, 100000, 100000
			})
			c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
			reply, acts := c.say("it says delivered but I never got it")
			if n := len(shopActions(t, srv)); n != 0 || !hasStatus(acts, "proposed") {
				t.Fatalf("before the yes: shop actions %+v, actions %v; reply %q: want a proposal and no write", shopActions(t, srv), statusesOf(acts), reply)
			}
			wantIn(t, reply, "#1006", "was marked delivered on", tc.says, "Shall I go ahead")
			reply, _ = c.say("yes")
			got, other := ofType(shopActions(t, srv), tc.kind), ofType(shopActions(t, srv), tc.other)
			if len(got) != 1 || got[0].Order != "#1006" || len(other) != 0 {
				t.Fatalf("%s %+v, %s %+v; reply %q: want one %s of #1006", tc.kind, got, tc.other, other, reply, tc.kind)
			}
			c.say("yes")
			if n := len(shopActions(t, srv)); n != 1 {
				t.Errorf("a second yes: %d shop actions, want 1", n)
			}
			if len(con.approvals()) != 0 {
				t.Errorf("a handoff or approval for a %s within the limit", tc.kind)
			}
		})
	}
}
