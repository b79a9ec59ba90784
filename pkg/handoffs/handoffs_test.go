package handoffs_test

import (
	"context"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/handoffs"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

const shop = "demo-shop.myshopify.com"

type opener struct{ reqs []escalation.Request }

func (o *opener) Open(_ context.Context, r escalation.Request) (escalation.Handoff, error) {
	o.reqs = append(o.reqs, r)
	return escalation.Handoff{ID: "esc-" + r.Key}, nil
}

func TestEscalations(t *testing.T) {
	op := &opener{}
	id, err := handoffs.Escalations{Service: op}.Escalate(t.Context(), watch.Handoff{ID: "delivery-x", Shop: shop,
		CustomerEmail: "a@example.com", Order: "#1001", Reason: "lost parcel: the policy asks for a person"})
	if err != nil || id != "esc-delivery-x" || len(op.reqs) != 1 || op.reqs[0].Kind != escalation.KindHandoff || op.reqs[0].Order != "#1001" {
		t.Errorf("Escalate = %q, %v; requests %+v", id, err, op.reqs)
	}
}
