package console_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

type fakePromises struct{ promises []console.Promise }

func (f fakePromises) Pending(context.Context, string) ([]console.Promise, error) {
	return f.promises, nil
}

// TestAmountsFormattedByTheServer: every amount the console page shows
// comes formatted by pkg/money in its currency, and the revenue chart's
// days in major units, so the page never divides by the browser's digits
// (Intl says 0 for HUF, pkg/money 2). An amount that names no currency is
// the shop's.
func TestAmountsFormattedByTheServer(t *testing.T) {
	tests := []struct {
		code  string
		want  string  // 123456 minor units
		line  string  // 2 × 61728
		major float64 // 123456 minor units in major units
	}{
		{"HUF", "HUF 1,234.56", "HUF 1,234.56", 1234.56},
		{"JPY", "¥123,456", "¥123,456", 123456},
		{"KWD", "KWD 123.456", "KWD 123.456", 123.456},
		{"USD", "$1,234.56", "$1,234.56", 1234.56},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			e := newEnv(t, func(c *console.Console) {
				c.Claims = fakeClaims{[]console.Claim{{ID: "c1", OrderName: "#7001", GoodsValue: 123456, Currency: tt.code}}}
				c.Promises = fakePromises{[]console.Promise{{ID: "p1", OrderName: "#7001", Action: "refund", Amount: 123456}}}
			})
			ctx := t.Context()
			s, err := e.sets.Get(ctx, shop)
			if err != nil {
				t.Fatal(err)
			}
			s.Currency = tt.code
			if _, err := e.sets.Put(ctx, shop, s, "test"); err != nil {
				t.Fatal(err)
			}
			now := e.r.Clock.Now()
			o := order.Order{Shop: shop, ID: "7001", Name: "#7001", Email: "ada@example.com", Currency: tt.code, TotalPrice: 123456,
				DiscountCodes: []string{"THANKS-HUF"}, CreatedAt: now, UpdatedAt: now}
			if _, err := e.r.Store.Apply(ctx, store.Change{Shop: shop, Order: &o}); err != nil {
				t.Fatal(err)
			}
			p := &conversation.Proposal{ID: "p", Tool: "start_return", Order: "#7001", Resolution: "refund", Amount: 123456,
				Lines: []conversation.ProposalLine{{LineItemID: "1", Title: "Mug", Quantity: 2, Price: 61728}}}
			h, _ := json.Marshal(console.Handoff{ID: "approval-1", Shop: shop, Kind: "approval", Status: "open", Order: "#7001",
				OpenedAt: now, Action: &console.HandoffAction{Tool: "start_return", Order: "#7001", Amount: 123456, Proposal: p}})
			if err := e.r.Store.PutDoc(ctx, console.HandoffCollection, "approval-1", h, time.Time{}); err != nil {
				t.Fatal(err)
			}
			if err := e.rec.Suggest(ctx, metrics.Suggestion{Shop: shop, ID: "s1", CustomerEmail: "ada@example.com", Kind: metrics.SuggestReorder,
				OrderID: "1", DiscountCode: "THANKS-HUF", SentAt: now.Add(-time.Hour), Until: now.Add(24 * time.Hour)}); err != nil {
				t.Fatal(err)
			}
			if ok, err := e.rec.AttributeOrder(ctx, o); err != nil || !ok {
				t.Fatalf("attribute: %v %v", ok, err)
			}

			var q struct {
				Approvals []struct {
					ID            string `json:"id"`
					AmountText    string `json:"amount_text"`
					ProposalMoney struct {
						Amount string   `json:"amount"`
						Lines  []string `json:"lines"`
					} `json:"proposal_money"`
				} `json:"approvals"`
			}
			if code := e.call(t, e.staff, http.MethodGet, "/console/api/queue", nil, &q); code != http.StatusOK {
				t.Fatalf("queue: %d", code)
			}
			var got []string
			for _, a := range q.Approvals {
				if a.ID == "approval-1" {
					got = append(got, a.AmountText, a.ProposalMoney.Amount, fmt.Sprint(a.ProposalMoney.Lines))
				}
			}
			if want := []string{tt.want, tt.want, fmt.Sprint([]string{tt.line})}; fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("approval amounts %q, want %q", got, want)
			}

			var page struct {
				OrderView struct {
					TotalText string `json:"total_text"`
				} `json:"order_view"`
			}
			if code := e.call(t, e.staff, http.MethodGet, "/console/api/handoffs/approval-1", nil, &page); code != http.StatusOK || page.OrderView.TotalText != tt.want {
				t.Errorf("handoff page: %d, order total %q, want %q", code, page.OrderView.TotalText, tt.want)
			}

			var claims struct {
				Claims []struct {
					GoodsValueText string `json:"goods_value_text"`
				} `json:"claims"`
			}
			if e.call(t, e.staff, http.MethodGet, "/console/api/claims", nil, &claims); len(claims.Claims) != 1 || claims.Claims[0].GoodsValueText != tt.want {
				t.Errorf("claims %+v, want goods value %q", claims.Claims, tt.want)
			}
			var promises struct {
				Promises []struct {
					AmountText string `json:"amount_text"`
				} `json:"promises"`
			}
			if e.call(t, e.staff, http.MethodGet, "/console/api/promises", nil, &promises); len(promises.Promises) != 1 || promises.Promises[0].AmountText != tt.want {
				t.Errorf("promises %+v, want amount %q (the shop's currency)", promises.Promises, tt.want)
			}

			var rep struct {
				Days    []metrics.Day `json:"days"`
				Revenue struct {
					Suggestions []float64 `json:"suggestions"`
					Referrals   []float64 `json:"referrals"`
				} `json:"revenue"`
				Amounts map[string]string `json:"amounts"`
			}
			if code := e.call(t, e.staff, http.MethodGet, "/console/api/metrics?days=7", nil, &rep); code != http.StatusOK {
				t.Fatalf("metrics: %d", code)
			}
			if len(rep.Revenue.Suggestions) != len(rep.Days) || len(rep.Revenue.Referrals) != len(rep.Days) {
				t.Fatalf("revenue series of %d and %d days, want %d", len(rep.Revenue.Suggestions), len(rep.Revenue.Referrals), len(rep.Days))
			}
			var sum float64
			for i, v := range rep.Revenue.Suggestions {
				sum += v
				if v != 0 && rep.Days[i].RevenueCents == 0 {
					t.Errorf("day %d: %v in the chart, none in the counters", i, v)
				}
			}
			if sum != tt.major || rep.Amounts["revenue"] != tt.want {
				t.Errorf("revenue chart sums %v, total %q; want %v, %q", sum, rep.Amounts["revenue"], tt.major, tt.want)
			}
		})
	}
}
