package chat_test

import (
	"context"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/store/storetest"
)

// A customer whose chat token expired continues the same conversation by
// proving the order again (order number and email) with its id: a new
// token for it, its transcript readable. Another customer, an unverified
// proof or an unknown id opens a new conversation instead.
func TestResumeExpiredConversation(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC))
	svc, st := newService(t, clk)
	o := storetest.Order(shop, "2", "#1002", "bea@example.com", time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC))
	if _, err := st.Apply(context.Background(), store.Change{Shop: shop, Order: &o}); err != nil {
		t.Fatal(err)
	}
	h := svc.Handler()
	status, created := call(t, h, "POST", "/v1/conversations", "", `{"email":"ada@example.com","order_number":"#1001"}`)
	if status != 201 || created["verified"] != true {
		t.Fatalf("create: %d %v", status, created)
	}
	id, token := created["conversation_id"].(string), created["token"].(string)
	if status, _ := call(t, h, "POST", "/v1/conversations/"+id+"/messages", token, `{"text":"hello"}`); status != 200 {
		t.Fatalf("message: %d", status)
	}
	clk.Set(clk.Now().Add(2 * time.Hour)) // the token (1h) expired
	if status, _ := call(t, h, "GET", "/v1/conversations/"+id, token, ""); status != 401 {
		t.Fatalf("expired token read the transcript: %d", status)
	}

	for _, tt := range []struct {
		name, body string
		resumed    bool
	}{
		{"other customer", `{"email":"bea@example.com","order_number":"#1002","conversation_id":"` + id + `"}`, false},
		{"wrong email", `{"email":"eve@example.com","order_number":"#1001","conversation_id":"` + id + `"}`, false},
		{"unknown id", `{"email":"ada@example.com","order_number":"#1001","conversation_id":"nope"}`, false},
		{"same customer", `{"email":"ADA@example.com","order_number":"1001","conversation_id":"` + id + `"}`, true},
	} {
		status, out := call(t, h, "POST", "/v1/conversations", "", tt.body)
		if status != 201 {
			t.Fatalf("%s: %d %v", tt.name, status, out)
		}
		gotID, _ := out["conversation_id"].(string)
		if (gotID == id) != tt.resumed || (out["resumed"] == true) != tt.resumed {
			t.Errorf("%s: conversation %s (resumed %v), want resumed %v", tt.name, gotID, out["resumed"], tt.resumed)
		}
		if tt.resumed {
			status, tr := call(t, h, "GET", "/v1/conversations/"+id, out["token"].(string), "")
			msgs, _ := tr["messages"].([]any)
			if status != 200 || len(msgs) < 2 {
				t.Errorf("resumed transcript: %d, %d messages", status, len(msgs))
			}
		}
	}
}
