package shopify

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/resolution"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// keyClaims is an in-memory Claimer.
type keyClaims struct {
	mu   sync.Mutex
	keys map[string]bool
}

func (c *keyClaims) Claim(_ context.Context, key string, _ time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.keys == nil {
		c.keys = map[string]bool{}
	}
	if c.keys[key] {
		return store.ErrDuplicate
	}
	c.keys[key] = true
	return nil
}

func (c *keyClaims) Release(_ context.Context, key string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.keys, key)
	return nil
}

const fulfillmentCancelOK = `{"data":{"fulfillmentCancel":{"fulfillment":{"id":"gid://shopify/Fulfillment/6100000010021","status":"CANCELLED"},
 "userErrors":[]}},` + costOK + `}`

func TestCancelFulfillment(t *testing.T) {
	req := resolution.CancelFulfillmentRequest{Shop: testShop, OrderID: "5500000001002", OrderName: "#1002",
		FulfillmentID: "6100000010021", IdempotencyKey: "c1-3-0"}
	tests := []struct {
		name      string
		body      string
		wantErr   error
		wantCalls int
		held      bool // the claim is kept after the first call
	}{
		{name: "cancelled", body: fulfillmentCancelOK, wantCalls: 1, held: true},
		{name: "refused: a carrier scan came first", body: `{"data":{"fulfillmentCancel":{"fulfillment":null,
		 "userErrors":[{"field":["id"],"message":"Fulfillment cannot be cancelled."}]}},` + costOK + `}`,
			wantErr: resolution.ErrRejected, wantCalls: 2},
		{name: "not reported cancelled", body: `{"data":{"fulfillmentCancel":{"fulfillment":{"id":"gid://shopify/Fulfillment/6100000010021","status":"SUCCESS"},
		 "userErrors":[]}},` + costOK + `}`, wantErr: resolution.ErrUncertain, wantCalls: 1, held: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, f := newOpsFake(t, map[string]string{"fulfillmentCancel": tt.body})
			c := &keyClaims{}
			r := NewResolver(a, c)
			err := r.CancelFulfillment(context.Background(), req)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("CancelFulfillment = %v, want %v", err, tt.wantErr)
			}
			// Again with the same key: once the claim is held, Shopify is not
			// called again; a refusal released it, so a retry asks again.
			err2 := r.CancelFulfillment(context.Background(), req)
			if tt.held && !errors.Is(err2, resolution.ErrAlreadyDone) {
				t.Errorf("second call = %v, want ErrAlreadyDone", err2)
			}
			want := opCall{"fulfillmentCancel", map[string]any{"id": "gid://shopify/Fulfillment/6100000010021"}}
			calls := f.got()
			if len(calls) != tt.wantCalls {
				t.Fatalf("%d calls, want %d: %+v", len(calls), tt.wantCalls, calls)
			}
			if d := cmp.Diff(want, calls[0]); d != "" {
				t.Errorf("call (-want +got):\n%s", d)
			}
		})
	}
}

// The agent's path holds the proposal's claim itself: Admin and Admins
// call fulfillmentCancel with no claim of their own, and refuse another
// shop's request.
func TestAdminsCancelFulfillment(t *testing.T) {
	a, f := newOpsFake(t, map[string]string{"fulfillmentCancel": fulfillmentCancelOK})
	req := resolution.CancelFulfillmentRequest{Shop: testShop, OrderID: "1002", FulfillmentID: "gid://shopify/Fulfillment/6100000010021", IdempotencyKey: "k"}
	if err := (Admins{testShop: a}).CancelFulfillment(context.Background(), req); err != nil {
		t.Fatalf("CancelFulfillment: %v", err)
	}
	if got := f.got(); len(got) != 1 || got[0].Vars["id"] != "gid://shopify/Fulfillment/6100000010021" {
		t.Errorf("calls %+v", got)
	}
	req.Shop = "other.myshopify.com"
	if err := (Admins{testShop: a}).CancelFulfillment(context.Background(), req); err == nil || !strings.Contains(err.Error(), "other.myshopify.com") {
		t.Errorf("another shop's cancel: %v", err)
	}
}
