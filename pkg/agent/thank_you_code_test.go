package agent

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
)

// fakeCheckIns is the check-in records as the store holds them now.
type fakeCheckIns struct {
	docs  []conversation.Doc
	reads int
}

func (f *fakeCheckIns) CheckInDocs(context.Context, string, string) ([]conversation.Doc, error) {
	f.reads++
	return f.docs, nil
}

func checkInDoc(t *testing.T, v map[string]any) conversation.Doc {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return conversation.Doc{ID: "c1", Value: b}
}

// An order's facts give the customer's thank-you code while it is valid,
// from the customer context's check-in record, or read afresh when the
// record's answer could have brought codes since the context was built;
// past the return window they give the window's last day.
func TestOrderFactsThankYouCodeAndWindow(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	delivered := func(days int) order.Order {
		d := now.Add(-time.Duration(days) * 24 * time.Hour)
		return order.Order{ID: "o1", Name: "#1001", FinancialStatus: "paid", FulfillmentStatus: "fulfilled",
			LineItems: []order.LineItem{{ID: "mug", Title: "Mug", Quantity: 1}},
			Shipments: []order.Shipment{{ID: "f1", State: "success", Status: order.StatusDelivered, LineItemIDs: []string{"mug"},
				DeliveredAt: &d, CreatedAt: d, UpdatedAt: d, LastEventAt: d}}}
	}
	codes := map[string]any{"own": "THANKS-AB12", "friend": "FRIEND-CD34", "off": "10%", "ends_at": now.Add(30 * 24 * time.Hour)}
	open := now.Add(48 * time.Hour)
	for _, tc := range []struct {
		name            string
		days            int
		context, stored map[string]any // check-in records; nil: none
		want            map[string]any // facts expected, "" meaning absent
		reads           int
	}{
		{"code in the context", 3, map[string]any{"order_id": "o1", "answer_by": open, "codes": codes}, nil,
			map[string]any{"thank_you_code": "THANKS-AB12", "thank_you_code_off": "10%", "thank_you_code_until": "Mon, Jan 4, 2027"}, 0},
		{"code issued since the context", 3, map[string]any{"order_id": "o1", "answer_by": open},
			map[string]any{"order_id": "o1", "answer_by": open, "codes": codes}, map[string]any{"thank_you_code": "THANKS-AB12"}, 1},
		{"answer time over: no read", 3, map[string]any{"order_id": "o1", "answer_by": now.Add(-time.Hour)},
			map[string]any{"order_id": "o1", "codes": codes}, map[string]any{"thank_you_code": ""}, 0},
		{"code expired", 3, map[string]any{"order_id": "o1", "codes": map[string]any{"own": "THANKS-AB12", "ends_at": now.Add(-time.Hour)}}, nil,
			map[string]any{"thank_you_code": ""}, 0},
		{"another order's code", 3, map[string]any{"order_id": "o2", "order_name": "#1002", "codes": codes}, nil,
			map[string]any{"thank_you_code": ""}, 0},
		{"past the window", 40, nil, nil, map[string]any{"return_window_closed": "Wed, Nov 25, 2026", "thank_you_code": ""}, 0},
		{"inside the window", 10, nil, nil, map[string]any{"return_window_closed": "", "return_window_ends": "Fri, Dec 25, 2026"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := &fakeCheckIns{}
			if tc.stored != nil {
				store.docs = []conversation.Doc{checkInDoc(t, tc.stored)}
			}
			cc := &conversation.Context{Email: "a@example.com"}
			if tc.context != nil {
				cc.CheckIns = []conversation.Doc{checkInDoc(t, tc.context)}
			}
			s := &session{a: &Agent{CheckIns: store}, now: now, pol: policy.Default(),
				conv: &conversation.Conversation{Shop: "shop", CustomerEmail: "a@example.com", Context: cc}}
			facts := s.orderFacts(context.Background(), delivered(tc.days))
			for k, want := range tc.want {
				got, ok := facts[k]
				if want == "" {
					if ok {
						t.Errorf("%s = %v, want none", k, got)
					}
					continue
				}
				if got != want {
					t.Errorf("%s = %v, want %v", k, got, want)
				}
			}
			if store.reads != tc.reads {
				t.Errorf("%d reads of the check-ins, want %d", store.reads, tc.reads)
			}
		})
	}
}
