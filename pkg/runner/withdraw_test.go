package runner_test

import (
	"testing"
)

// A customer who takes back their yes while it waits for a person's
// approval withdraws it: they are told it won't happen, the approver sees
// it withdrawn, deciding is a conflict, and nothing runs.
func TestApprovalWithdrawnByTheCustomer(t *testing.T) {
	srv := actionsServer(t)
	con := signIn(t, srv)
	con.set(func(s map[string]any) {
		s["policy"].(map[string]any)["cancel_auto_limit"] = 5000
	})
	c, _ := startChat(t, srv, map[string]string{"email": "maya.okafor@example.com", "order_number": "#1001"})
	c.say("pls cancel my order")
	_, acts := c.say("yes")
	if !hasStatus(acts, "needs_approval") {
		t.Fatalf("actions %v", statusesOf(acts))
	}
	aps := con.approvals()
	if len(aps) != 1 {
		t.Fatalf("approvals %+v", aps)
	}
	reply, acts := c.say("wait no!! dont cancel it, I changed my mind")
	if !hasStatus(acts, "withdrawn") {
		t.Fatalf("not withdrawn: %v\n%s", statusesOf(acts), reply)
	}
	wantIn(t, reply, "withdrawn", "won't happen", "#1001")
	wantNotIn(t, reply, "cancel_order")

	var h struct {
		Status string `json:"status"`
		Result string `json:"result"`
	}
	if code := con.do("GET", "/console/api/handoffs/"+aps[0].ID, nil, &h); code != 200 || h.Status != "withdrawn" || h.Result != "withdrawn by the customer" {
		t.Errorf("handoff after the withdrawal: %d %+v", code, h)
	}
	if code := con.do("POST", "/console/api/handoffs/"+aps[0].ID+"/decide", map[string]any{"approve": true}, nil); code != 409 {
		t.Errorf("decide a withdrawn approval: %d, want 409", code)
	}
	if got := ofType(shopActions(t, srv), "cancel"); len(got) != 0 {
		t.Fatalf("cancelled after the customer withdrew: %+v", got)
	}
	// The agent answers again (nobody had taken the conversation).
	reply, _ = c.say("where is my order #1001?")
	if reply == "" {
		t.Errorf("the agent is still quiet after the withdrawal")
	}
}

// What the customer hears about an approval names the action in plain
// words, never a tool's name ("report damage", "exchange item").
func TestApprovalTextPlainWords(t *testing.T) {
	srv := actionsServer(t)
	con := signIn(t, srv)
	con.set(func(s map[string]any) {
		p := s["policy"].(map[string]any)
		p["auto_returns"], p["refund_auto_limit"] = false, 1000 // the $24 mug needs a person
	})
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	c.say("the mug is broken, replace it")
	if _, acts := c.say("yes"); !hasStatus(acts, "needs_approval") {
		t.Fatalf("actions %v, want needs_approval", statusesOf(acts))
	}
	aps := con.approvals()
	if len(aps) != 1 {
		t.Fatalf("approvals %+v", aps)
	}
	if code := con.do("POST", "/console/api/handoffs/"+aps[0].ID+"/decide", map[string]any{"approve": true}, nil); code != 200 {
		t.Fatalf("decide: %d", code)
	}
	tr := c.transcript()
	last := tr[len(tr)-1]
	wantIn(t, last, "approved the replacement of 1 × Harbor Stoneware Mug")
	wantNotIn(t, last, "report damage", "report_damage")
}
