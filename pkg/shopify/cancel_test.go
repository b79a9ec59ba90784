package shopify

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

func TestCancelOrder(t *testing.T) {
	a, f := newOpsFake(t, map[string]string{"orderCancel": `{"data":{"orderCancel":{"job":{"id":"gid://shopify/Job/77","done":false},
	 "orderCancelUserErrors":[]}},` + costOK + `}`})
	res, err := a.CancelOrder(context.Background(), agent.CancelRequest{Shop: testShop, OrderID: "1001", Refund: 8551, Currency: "USD",
		Reason: "CUSTOMER", Note: "at the customer's request", IdempotencyKey: "c1-1-0"})
	if err != nil || res.Job != "77" {
		t.Fatalf("CancelOrder = %+v, %v", res, err)
	}
	want := []opCall{{"orderCancel", map[string]any{"orderId": "gid://shopify/Order/1001",
		"refundMethod": map[string]any{"originalPaymentMethodsRefund": true}, "restock": true, "reason": "CUSTOMER",
		"notifyCustomer": true, "staffNote": "at the customer's request"}}}
	if d := cmp.Diff(want, f.got()); d != "" {
		t.Errorf("calls (-want +got):\n%s", d)
	}
}

func TestCancelOrderRefused(t *testing.T) {
	a, _ := newOpsFake(t, map[string]string{"orderCancel": `{"data":{"orderCancel":{"job":null,
	 "orderCancelUserErrors":[{"field":["orderId"],"message":"Cannot cancel an order with fulfillments","code":"INVALID"}]}},` + costOK + `}`})
	_, err := a.CancelOrder(context.Background(), agent.CancelRequest{Shop: testShop, OrderID: "1001", Reason: "nonsense"})
	if !errors.Is(err, agent.ErrCommerceRejected) || !strings.Contains(err.Error(), "Cannot cancel an order with fulfillments") {
		t.Errorf("err = %v", err)
	}
	if _, err := a.CancelOrder(context.Background(), agent.CancelRequest{Shop: "other.myshopify.com", OrderID: "1"}); err == nil {
		t.Error("a cancel for another shop went through")
	}
}

// Store credit instead of the refund: the order is cancelled with no
// refundMethod (nothing refunded); the credit is issued after, by
// IssueStoreCredit.
func TestCancelOrderKeepingPayment(t *testing.T) {
	a, f := newOpsFake(t, map[string]string{"orderCancel": `{"data":{"orderCancel":{"job":{"id":"gid://shopify/Job/78","done":false},
	 "orderCancelUserErrors":[]}},` + costOK + `}`})
	res, err := a.CancelOrder(context.Background(), agent.CancelRequest{Shop: testShop, OrderID: "1001", Refund: 8551, Currency: "USD",
		Reason: "CUSTOMER", Note: "store credit instead", IdempotencyKey: "c1-3-0", KeepPayment: true})
	if err != nil || res.Job != "78" {
		t.Fatalf("CancelOrder = %+v, %v", res, err)
	}
	want := []opCall{{"orderCancel", map[string]any{"orderId": "gid://shopify/Order/1001", "restock": true, "reason": "CUSTOMER",
		"notifyCustomer": true, "staffNote": "store credit instead"}}}
	if d := cmp.Diff(want, f.got()); d != "" {
		t.Errorf("calls (-want +got):\n%s", d)
	}
}
