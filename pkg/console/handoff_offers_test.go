package console_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
)

// A delivery handoff about a parcel offers a replacement and a refund of
// the parcel's lines; approving one runs it, mails the customer (no
// conversation: by email), and resolves the handoff; a second approval is
// 409; an offer the handoff does not have is 400.
func TestDeliveryHandoffOffers(t *testing.T) {
	e := newEnv(t, func(c *console.Console) {})
	e.con.Handoffs = console.Escalations{S: e.r.Escalation}
	ctx := t.Context()
	o, err := e.r.Store.GetOrderByName(ctx, shop, "#1005")
	if err != nil {
		t.Fatal(err)
	}
	h, err := e.r.Escalation.Open(ctx, escalation.Request{Shop: shop, Kind: escalation.KindHandoff, CustomerEmail: o.Email, Order: o.Name, OrderID: o.ID,
		Reason: "the policy asks for a person", Key: "lost", Case: "delivery|" + o.ID, Problem: "lost parcel", ToDo: "ask the carrier to trace it"})
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		console.Handoff
		Offers []console.Offer `json:"offers"`
	}
	if code := e.call(t, e.staff, http.MethodGet, "/console/api/handoffs/"+h.ID, nil, &p); code != http.StatusOK {
		t.Fatalf("handoff page = %d", code)
	}
	offers := map[string]console.Offer{}
	for _, x := range p.Offers {
		offers[x.Resolution] = x
	}
	refund, ok := offers["refund"]
	if _, rep := offers["replacement"]; !ok || !rep {
		t.Fatalf("offers %+v; want a replacement and a refund", p.Offers)
	}
	var items order.Money
	for _, l := range refund.Lines {
		items += l.Price * order.Money(l.Quantity)
	}
	if want := policy.ParcelRefund(o, items); refund.Amount != want || want <= 0 || refund.AmountText == "" || !strings.Contains(refund.Statement, refund.AmountText) {
		t.Errorf("refund offer %+v; want %d, stated", refund, want)
	}

	tests := []struct {
		name string
		body map[string]any
		want int
	}{
		{"an offer it does not have", map[string]any{"approve": true, "offer": "store_credit"}, http.StatusBadRequest},
		{"declining an offer", map[string]any{"approve": false, "offer": "refund"}, http.StatusBadRequest},
		{"the refund", map[string]any{"approve": true, "offer": "refund"}, http.StatusOK},
		{"again", map[string]any{"approve": true, "offer": "refund"}, http.StatusConflict},
		{"the other after it", map[string]any{"approve": true, "offer": "replacement"}, http.StatusConflict},
	}
	for _, tc := range tests {
		if code := e.call(t, e.staff, http.MethodPost, "/console/api/handoffs/"+h.ID+"/decide", tc.body, nil); code != tc.want {
			t.Errorf("%s: decide = %d, want %d", tc.name, code, tc.want)
		}
	}
	told := 0
	for _, m := range e.outbox(t) {
		if m.To == o.Email && strings.Contains(m.Text, refund.AmountText+" is refunded") {
			told++
		}
	}
	if told != 1 {
		t.Errorf("the customer was mailed the refund %d times, want once", told)
	}
	p.Offers = nil
	e.call(t, e.staff, http.MethodGet, "/console/api/handoffs/"+h.ID, nil, &p)
	if p.Status != escalation.StatusResolved || len(p.Offers) != 0 || p.Action == nil || p.Action.Proposal.Resolution != "refund" || p.Result == "" {
		t.Errorf("after the approval: %+v", p)
	}
}
