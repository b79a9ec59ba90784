package escalation_test

import (
	"context"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/escalation"
)

// A handoff with no conversation (a delivery handoff, a tracking-page
// approval) is named by its order and key: its id, which is also the
// escalation's execution name, holds no part of the customer's email, is
// the same for the same request, and differs for another key or order.
func TestHandoffIDCarriesNoEmail(t *testing.T) {
	base := escalation.Request{Shop: shop, Kind: escalation.KindHandoff, CustomerEmail: "Sam.Rivera@Example.com", Order: "#1001", Key: "delivery-demo-1001-s1-late"}
	tests := []struct {
		name  string
		other func(escalation.Request) escalation.Request
		same  bool
	}{
		{"same request", func(r escalation.Request) escalation.Request { return r }, true},
		{"email differently written", func(r escalation.Request) escalation.Request { r.CustomerEmail = "sam.rivera@example.com"; return r }, true},
		{"another key", func(r escalation.Request) escalation.Request { r.Key = "delivery-demo-1001-s1-lost"; return r }, false},
		{"another order", func(r escalation.Request) escalation.Request { r.Order = "#1002"; return r }, false},
		{"an approval", func(r escalation.Request) escalation.Request { r.Kind = escalation.KindApproval; return r }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := escalation.HandoffID(base), escalation.HandoffID(tc.other(base))
			for _, id := range []string{a, b} {
				low := strings.ToLower(id)
				for _, part := range []string{"sam", "rivera", "example"} {
					if strings.Contains(low, part) {
						t.Errorf("handoff id %q contains %q from the customer's email", id, part)
					}
				}
			}
			if (a == b) != tc.same {
				t.Errorf("ids %q and %q: same = %v, want %v", a, b, a == b, tc.same)
			}
		})
	}
}

// Opening it starts the escalation under that id: the execution name the
// scheduler gets is the id.
func TestOpenedHandoffWithoutConversationNamesNoEmail(t *testing.T) {
	e := newEnv(t)
	h, err := e.svc.Open(context.Background(), escalation.Request{Shop: shop, Kind: escalation.KindHandoff, CustomerEmail: "jo.customer@mail.example",
		Order: "#1003", Reason: "lost parcel", Key: "delivery-1003"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.ToLower(h.ID), "jo") || strings.Contains(h.ID, "mail") {
		t.Errorf("handoff id %q carries the customer's email", h.ID)
	}
	if h.CustomerEmail != "jo.customer@mail.example" {
		t.Errorf("handoff record email = %q: the record keeps it for staff", h.CustomerEmail)
	}
}
