package agent_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// resolver is the fixture's shop with the resolution ports (issue 16).
type resolver struct {
	*commerce
	cancels []agent.CancelRequest
}

func (r *resolver) CancelOrder(_ context.Context, req agent.CancelRequest) (agent.CancelResult, error) {
	r.cancels = append(r.cancels, req)
	return agent.CancelResult{Job: "job-" + req.IdempotencyKey}, nil
}

func withResolver(f *fixture) *resolver {
	r := &resolver{commerce: f.shop}
	f.agent.Commerce = r
	return r
}

// Through the Bedrock protocol: the model proposes cancelling #1002, then
// confirms naming another order (#1001, delivered). Exactly the stated
// cancellation runs, once.
func TestBedrockCancelOrderRunsTheStatedProposal(t *testing.T) {
	f := setup(t)
	shop := withResolver(f)
	withBedrock(t, f, func(n int, body map[string]any) (int, string, any) {
		switch n {
		case 1:
			return 200, "", toolUseBody("tu-1", "cancel_order", map[string]any{"order_number": "#1002"})
		case 2:
			return 200, "", textBody("Shall I cancel it?")
		case 3:
			return 200, "", toolUseBody("tu-2", "cancel_order", map[string]any{"confirm": true, "order_number": "#1001"})
		}
		return 200, "", textBody("Done, it's cancelled.")
	})
	c := adaConv()
	res, err := f.agent.Turn(t.Context(), c, nil, "please cancel #1002", 1)
	if err != nil || c.Pending == nil {
		t.Fatalf("Turn: %v, pending %+v", err, c.Pending)
	}
	p := *c.Pending
	if p.Tool != toolname.CancelOrder || p.Order != "#1002" || p.Amount != 4999 || len(p.Lines) != 2 || !strings.Contains(res.Reply, p.Statement) ||
		!strings.Contains(p.Statement, "refund $49.99") {
		t.Fatalf("proposal %+v, reply %q", p, res.Reply)
	}
	history := []conversation.Message{{Seq: 1, Role: conversation.RoleCustomer, Text: "please cancel #1002"}, {Seq: 2, Role: conversation.RoleAgent, Text: res.Reply}}
	if _, err := f.agent.Turn(t.Context(), c, history, "yes", 3); err != nil {
		t.Fatal(err)
	}
	if len(shop.cancels) != 1 || shop.cancels[0].OrderID != "2" || shop.cancels[0].Refund != 4999 || shop.cancels[0].IdempotencyKey != p.ID || shop.cancels[0].Reason != "CUSTOMER" {
		t.Fatalf("cancels %+v", shop.cancels)
	}
	// The same proposal again (a retry, an approval replayed) does nothing.
	if _, err := f.agent.Execute(t.Context(), "s", p, true); err != agent.ErrAlreadyDone {
		t.Errorf("second run: %v, want ErrAlreadyDone", err)
	}
	if len(shop.cancels) != 1 {
		t.Errorf("%d cancels", len(shop.cancels))
	}
}

func TestCancelOrderRefusedOnceShipped(t *testing.T) {
	f := setup(t)
	shop := withResolver(f)
	// No order named: cancel_order is offered (#1002 has not shipped),
	// and the tool itself refuses the shipped one.
	f.turn(t, adaConv(), "cancel my order", 1, use(toolname.CancelOrder, `{"order_number":"#1001"}`), say("no"))
	var r map[string]any
	_ = json.Unmarshal([]byte(f.model.lastResult(t)), &r)
	if r["status"] != "refused" || !strings.Contains(r["reason"].(string), "handed to the carrier") {
		t.Errorf("result %v", r)
	}
	if len(shop.cancels) != 0 {
		t.Errorf("cancelled a shipped order")
	}
}
