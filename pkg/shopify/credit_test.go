package shopify

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

const (
	creditOK = `{"data":{"storeCreditAccountCredit":{"storeCreditAccountTransaction":{"amount":{"amount":"70.4","currencyCode":"USD"},
	 "account":{"id":"gid://shopify/StoreCreditAccount/31","balance":{"amount":"70.4","currencyCode":"USD"}}},"userErrors":[]}},` + costOK + `}`
	creditUnsupported = `{"data":{"storeCreditAccountCredit":{"storeCreditAccountTransaction":null,
	 "userErrors":[{"field":["creditInput","creditAmount","currencyCode"],"message":"Currency is not supported","code":"UNSUPPORTED_CURRENCY"}]}},` + costOK + `}`
	giftCardOK = `{"data":{"giftCardCreate":{"giftCard":{"id":"gid://shopify/GiftCard/88"},"giftCardCode":"k7qp2m9xw4rt8vhn","userErrors":[]}},` + costOK + `}`
)

func TestIssueStoreCredit(t *testing.T) {
	req := agent.StoreCreditRequest{Shop: testShop, OrderID: "1006", CustomerID: "7700000000106", Amount: 7040, Currency: "USD", Note: "doorstep start_return #1006", IdempotencyKey: "p1"}
	money := map[string]any{"amount": "70.40", "currencyCode": "USD"}
	tests := []struct {
		name   string
		req    func(r *agent.StoreCreditRequest)
		bodies map[string]string
		want   agent.StoreCreditResult
		calls  []opCall
	}{
		{"to the customer's account, exact minor units, notified", nil, map[string]string{"storeCreditAccountCredit": creditOK},
			agent.StoreCreditResult{Kind: agent.CreditAccount, ID: "31"},
			[]opCall{{"storeCreditAccountCredit", map[string]any{"id": "gid://shopify/Customer/7700000000106", "creditInput": map[string]any{"creditAmount": money, "notify": true}}}}},
		{"guest order: a gift card", func(r *agent.StoreCreditRequest) { r.CustomerID = "" }, map[string]string{"giftCardCreate": giftCardOK},
			agent.StoreCreditResult{Kind: agent.CreditGiftCard, ID: "88", Code: "k7qp2m9xw4rt8vhn"},
			[]opCall{{"giftCardCreate", map[string]any{"input": map[string]any{"initialAmount": money, "note": "doorstep start_return #1006"}}}}},
		{"account refuses the currency: a gift card for the customer", func(r *agent.StoreCreditRequest) { r.Amount, r.Currency = 123456, "JPY" },
			map[string]string{"storeCreditAccountCredit": creditUnsupported, "giftCardCreate": giftCardOK},
			agent.StoreCreditResult{Kind: agent.CreditGiftCard, ID: "88", Code: "k7qp2m9xw4rt8vhn"},
			[]opCall{
				{"storeCreditAccountCredit", map[string]any{"id": "gid://shopify/Customer/7700000000106", "creditInput": map[string]any{
					"creditAmount": map[string]any{"amount": "123456", "currencyCode": "JPY"}, "notify": true}}},
				{"giftCardCreate", map[string]any{"input": map[string]any{"initialAmount": map[string]any{"amount": "123456", "currencyCode": "JPY"},
					"customerId": "gid://shopify/Customer/7700000000106", "note": "doorstep start_return #1006"}}},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, f := newOpsFake(t, tt.bodies)
			r := req
			if tt.req != nil {
				tt.req(&r)
			}
			got, err := a.IssueStoreCredit(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if d := cmp.Diff(tt.calls, f.got()); d != "" {
				t.Errorf("calls (-want +got):\n%s", d)
			}
		})
	}
}

func TestIssueStoreCreditRefused(t *testing.T) {
	a, f := newOpsFake(t, map[string]string{"storeCreditAccountCredit": `{"data":{"storeCreditAccountCredit":{"storeCreditAccountTransaction":null,
	 "userErrors":[{"field":["creditInput"],"message":"Credit limit exceeded","code":"CREDIT_LIMIT_EXCEEDED"}]}},` + costOK + `}`})
	_, err := a.IssueStoreCredit(context.Background(), agent.StoreCreditRequest{Shop: testShop, OrderID: "1", CustomerID: "5", Amount: 100, Currency: "USD"})
	if !errors.Is(err, agent.ErrCommerceRejected) {
		t.Errorf("err = %v", err)
	}
	if _, err := a.IssueStoreCredit(context.Background(), agent.StoreCreditRequest{Shop: testShop, OrderID: "1", CustomerID: "5", Amount: 0, Currency: "USD"}); !errors.Is(err, agent.ErrCommerceRejected) {
		t.Errorf("zero credit: %v", err)
	}
	if n := len(f.got()); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}
