package console_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
)

// A delivery handoff (no conversation) can be acted on from the console:
// its page has the order and offers writing and resolving; deciding says
// why not; writing starts the customer's email conversation, which the
// queue then shows for a person; resolving closes it.
func TestDeliveryHandoffActions(t *testing.T) {
	e := newEnv(t, func(c *console.Console) {})
	e.con.Handoffs = console.Escalations{S: e.r.Escalation}
	ctx := t.Context()
	o, err := e.r.Store.GetOrderByName(ctx, shop, "#1005")
	if err != nil {
		t.Fatal(err)
	}
	h, err := e.r.Escalation.Open(ctx, escalation.Request{Shop: shop, Kind: escalation.KindHandoff, CustomerEmail: o.Email, Order: o.Name, OrderID: o.ID,
		Reason: "the policy asks for a person", Key: "lost", Case: "delivery|" + o.ID, Problem: "lost parcel", ToDo: "ask the carrier to trace it",
		Parcel: &escalation.Parcel{Carrier: "UPS", Tracking: "1Z1005"}})
	if err != nil {
		t.Fatal(err)
	}
	type page struct {
		console.Handoff
		OrderView  *console.OrderView `json:"order_view"`
		CanWrite   bool               `json:"can_write"`
		CanResolve bool               `json:"can_resolve"`
	}
	var p page
	if code := e.call(t, e.staff, http.MethodGet, "/console/api/handoffs/"+h.ID, nil, &p); code != http.StatusOK || !p.CanWrite || !p.CanResolve || p.OrderView == nil || p.OrderView.Name != "#1005" {
		t.Fatalf("handoff page = %d %+v; want the order and both actions", code, p)
	}
	var apiErr struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	if code := e.call(t, e.staff, http.MethodPost, "/console/api/handoffs/"+h.ID+"/decide", map[string]any{"approve": true}, &apiErr); code != http.StatusConflict ||
		apiErr.Error.Code != "not_an_approval" || !strings.Contains(apiErr.Error.Message, "write to the customer") {
		t.Errorf("decide on a delivery handoff = %d %+v; want a clear 409", code, apiErr)
	}
	var q struct {
		Conversations []console.QueueItem `json:"conversations"`
		Handoffs      []console.Handoff   `json:"handoffs"`
	}
	e.call(t, e.staff, http.MethodGet, "/console/api/queue", nil, &q)
	if len(q.Handoffs) != 1 || q.Handoffs[0].ID != h.ID || q.Handoffs[0].Problem != "lost parcel" {
		t.Fatalf("queue handoffs %+v; want the delivery handoff", q.Handoffs)
	}

	if code := e.call(t, e.staff, http.MethodPost, "/console/api/handoffs/"+h.ID+"/reply", map[string]string{"text": "UPS is tracing your parcel; I'll write tomorrow."}, nil); code != http.StatusOK {
		t.Fatalf("write to the customer = %d", code)
	}
	mailed := false
	for _, m := range e.outbox(t) {
		mailed = mailed || (m.To == o.Email && strings.Contains(m.Text, "UPS is tracing"))
	}
	if !mailed {
		t.Error("the person's message was not mailed to the customer")
	}
	e.call(t, e.staff, http.MethodGet, "/console/api/handoffs/"+h.ID, nil, &p)
	if p.ConversationID == "" {
		t.Fatal("the handoff is not linked to the conversation its message started")
	}
	q.Conversations, q.Handoffs = nil, nil
	e.call(t, e.staff, http.MethodGet, "/console/api/queue", nil, &q)
	found := false
	for _, c := range q.Conversations {
		found = found || (c.ID == p.ConversationID && c.Handoff != nil && c.Handoff.ID == h.ID)
	}
	if !found || len(q.Handoffs) != 0 {
		t.Errorf("queue after writing: conversations %+v handoffs %+v; want the conversation with its handoff", q.Conversations, q.Handoffs)
	}

	if code := e.call(t, e.staff, http.MethodPost, "/console/api/handoffs/"+h.ID+"/resolve", map[string]string{"note": ""}, nil); code != http.StatusBadRequest {
		t.Errorf("resolve without a note = %d, want 400", code)
	}
	if code := e.call(t, e.staff, http.MethodPost, "/console/api/handoffs/"+h.ID+"/resolve", map[string]string{"note": "UPS found it and delivered it"}, nil); code != http.StatusOK {
		t.Fatalf("resolve = %d", code)
	}
	e.call(t, e.staff, http.MethodGet, "/console/api/handoffs/"+h.ID, nil, &p)
	if p.Status != escalation.StatusResolved || p.CanWrite || p.CanResolve || !strings.Contains(p.Note, "UPS found it") {
		t.Errorf("after resolve: %+v", p)
	}
	if code := e.call(t, e.staff, http.MethodPost, "/console/api/handoffs/"+h.ID+"/resolve", map[string]string{"note": "again"}, nil); code != http.StatusConflict {
		t.Errorf("resolve twice = %d, want 409", code)
	}
}
