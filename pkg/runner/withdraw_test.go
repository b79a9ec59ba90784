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
