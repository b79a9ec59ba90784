package metrics_test

import (
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// An order that used a code doorstep issued is revenue from exactly the
// suggestion it was issued with, whoever placed the order: the customer's
// own code is suggestion revenue, the code for a friend referral revenue.
// A suggestion issued with a code earns nothing by product alone.
func TestCodeAttribution(t *testing.T) {
	const own, friend = "THANKS-7KQ2-M9XD-4TPA", "FRIEND-AB3C-DE4F-GH5J"
	sent := day1
	suggestions := []metrics.Suggestion{
		{Shop: shop, ID: "x1", CustomerEmail: "samuel.whitfield@example.com", Kind: metrics.SuggestAddOn, OrderID: "1006",
			DiscountCode: own, ProductTitles: []string{"Unbleached Paper Filters"}, SentAt: sent},
		{Shop: shop, ID: "x1|friend", CustomerEmail: "samuel.whitfield@example.com", Kind: metrics.SuggestReferral, OrderID: "1006",
			DiscountCode: friend, SentAt: sent},
	}
	type want struct {
		attributed                  bool
		orders, revenue             int64
		referralOrders, referralRev int64
	}
	for _, tc := range []struct {
		name string
		o    order.Order
		want want
	}{
		{"own code, by the customer", order.Order{ID: "3001", Email: "samuel.whitfield@example.com", TotalPrice: 6400,
			DiscountCodes: []string{own}, CreatedAt: sent.Add(time.Hour)}, want{true, 1, 6400, 0, 0}},
		{"own code typed in lower case", order.Order{ID: "3002", Email: "samuel.whitfield@example.com", TotalPrice: 1200,
			DiscountCodes: []string{"thanks 7kq2 m9xd 4tpa"}, CreatedAt: sent.Add(time.Hour)}, want{true, 1, 1200, 0, 0}},
		{"friend's code, by the friend", order.Order{ID: "3003", Email: "new.friend@example.com", TotalPrice: 8800,
			DiscountCodes: []string{friend}, CreatedAt: sent.Add(2 * time.Hour)}, want{true, 0, 0, 1, 8800}},
		// A code for a friend used by the customer it was given to is no
		// referral, and earns nothing.
		{"friend's code, by the customer it was made for", order.Order{ID: "3008", Email: "samuel.whitfield@example.com", TotalPrice: 8800,
			DiscountCodes: []string{friend}, CreatedAt: sent.Add(2 * time.Hour)}, want{}},
		{"friend's code, by her, known by her customer record", order.Order{ID: "3009", Customer: order.Customer{Email: "Samuel.Whitfield@Example.com"},
			TotalPrice: 8800, DiscountCodes: []string{friend}, CreatedAt: sent.Add(2 * time.Hour)}, want{}},
		{"friend's code and her own, by her: her own counts", order.Order{ID: "3010", Email: "samuel.whitfield@example.com", TotalPrice: 6400,
			DiscountCodes: []string{friend, own}, CreatedAt: sent.Add(time.Hour)}, want{true, 1, 6400, 0, 0}},
		{"a code of the merchant's own", order.Order{ID: "3004", Email: "samuel.whitfield@example.com", TotalPrice: 900,
			DiscountCodes: []string{"SUMMER20"}, CreatedAt: sent.Add(time.Hour)}, want{}},
		{"the suggested product, without the code", order.Order{ID: "3005", Email: "samuel.whitfield@example.com", TotalPrice: 900,
			LineItems: []order.LineItem{{Title: "Unbleached Paper Filters", Price: 900, Quantity: 1}}, CreatedAt: sent.Add(time.Hour)}, want{}},
		{"the code before it was sent", order.Order{ID: "3006", Email: "samuel.whitfield@example.com", TotalPrice: 900,
			DiscountCodes: []string{own}, CreatedAt: sent.Add(-time.Hour)}, want{}},
		{"the code after its window", order.Order{ID: "3007", Email: "new.friend@example.com", TotalPrice: 900,
			DiscountCodes: []string{friend}, CreatedAt: sent.Add(31 * 24 * time.Hour)}, want{}},
		{"the code on the order it followed", order.Order{ID: "1006", Email: "samuel.whitfield@example.com", TotalPrice: 900,
			DiscountCodes: []string{own}, CreatedAt: sent.Add(time.Hour)}, want{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec, _, clk := newRecorder(t)
			ctx := t.Context()
			for _, s := range suggestions {
				if err := rec.Suggest(ctx, s); err != nil {
					t.Fatal(err)
				}
			}
			clk.Set(sent.Add(3 * time.Hour))
			tc.o.Shop = shop
			ok, err := rec.AttributeOrder(ctx, tc.o)
			if err != nil || ok != tc.want.attributed {
				t.Fatalf("attributed %v, %v; want %v", ok, err, tc.want.attributed)
			}
			if ok, _ := rec.AttributeOrder(ctx, tc.o); ok {
				t.Error("attributed twice")
			}
			tot := read(t, rec, sent.Add(-48*time.Hour), sent.Add(40*24*time.Hour)).Total
			got := want{ok, tot.AttributedOrders, tot.RevenueCents, tot.ReferralOrders, tot.ReferralRevenueCents}
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
			if tot.SuggestionsSent != 1 || tot.ReferralsSent != 1 {
				t.Errorf("%d suggestions and %d referrals sent, want 1 and 1", tot.SuggestionsSent, tot.ReferralsSent)
			}
		})
	}
}

// A single-use code earns one order: the second order with it earns nothing.
func TestCodeAttributedOnce(t *testing.T) {
	rec, _, clk := newRecorder(t)
	ctx := t.Context()
	s := metrics.Suggestion{Shop: shop, ID: "y1", CustomerEmail: "a@example.com", Kind: metrics.SuggestReferral, OrderID: "1",
		DiscountCode: "FRIEND-AB3C-DE4F-GH5J", SentAt: day1}
	if err := rec.Suggest(ctx, s); err != nil {
		t.Fatal(err)
	}
	clk.Set(day1.Add(time.Hour))
	for i, id := range []string{"10", "11"} {
		o := order.Order{Shop: shop, ID: id, Email: "b@example.com", TotalPrice: 500, CreatedAt: day1.Add(time.Hour),
			DiscountCodes: []string{"FRIEND-AB3C-DE4F-GH5J"}}
		ok, err := rec.AttributeOrder(ctx, o)
		if err != nil || ok != (i == 0) {
			t.Errorf("order %s: attributed %v, %v", id, ok, err)
		}
	}
}

// An attributed order that is later cancelled or refunded gives its
// suggestion (or referral) revenue back: a refund its amount, a
// cancellation what is left, never more than was attributed, each event
// once whatever the retries and order; the order stops counting once all
// of it is back.
func TestAttributionReversed(t *testing.T) {
	const own, friend = "THANKS-7KQ2-M9XD-4TPA", "FRIEND-AB3C-DE4F-GH5J"
	sent := day1
	refund := func(id string, amount order.Money) order.Refund {
		return order.Refund{Shop: shop, OrderID: "3001", ID: id, Amount: amount}
	}
	type event struct {
		cancelled bool
		refunds   []order.Refund
	}
	for _, tc := range []struct {
		name            string
		code            string
		events          []event
		orders, revenue int64 // what counts in the end (own or referral)
	}{
		{"nothing happens", own, nil, 1, 6400},
		{"cancelled", own, []event{{cancelled: true}}, 0, 0},
		{"cancelled, told twice", own, []event{{cancelled: true}, {cancelled: true}}, 0, 0},
		{"part refunded", own, []event{{refunds: []order.Refund{refund("r1", 2400)}}}, 1, 4000},
		{"the same refund delivered twice", own, []event{{refunds: []order.Refund{refund("r1", 2400)}}, {refunds: []order.Refund{refund("r1", 2400)}}}, 1, 4000},
		{"two refunds, the whole order", own, []event{{refunds: []order.Refund{refund("r1", 2400)}}, {refunds: []order.Refund{refund("r1", 2400), refund("r2", 4000)}}}, 0, 0},
		{"refunded more than attributed", own, []event{{refunds: []order.Refund{refund("r1", 9000)}}}, 0, 0},
		{"cancelled with its refund, refund first", own, []event{{refunds: []order.Refund{refund("r1", 6400)}}, {cancelled: true, refunds: []order.Refund{refund("r1", 6400)}}}, 0, 0},
		{"cancelled with its refund, cancellation first", own, []event{{cancelled: true}, {refunds: []order.Refund{refund("r1", 6400)}}}, 0, 0},
		{"a friend's order cancelled", friend, []event{{cancelled: true}}, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec, _, clk := newRecorder(t)
			ctx := t.Context()
			kind := metrics.SuggestAddOn
			if tc.code == friend {
				kind = metrics.SuggestReferral
			}
			if err := rec.Suggest(ctx, metrics.Suggestion{Shop: shop, ID: "x1", CustomerEmail: "samuel.whitfield@example.com", Kind: kind,
				OrderID: "1006", DiscountCode: tc.code, SentAt: sent}); err != nil {
				t.Fatal(err)
			}
			clk.Set(sent.Add(3 * time.Hour))
			o := order.Order{Shop: shop, ID: "3001", Email: "someone@example.com", TotalPrice: 6400, DiscountCodes: []string{tc.code}, CreatedAt: sent.Add(time.Hour)}
			if ok, err := rec.AttributeOrder(ctx, o); !ok || err != nil {
				t.Fatalf("attributed %v, %v", ok, err)
			}
			clk.Set(sent.Add(72 * time.Hour)) // reversed days later: taken off the order's day
			for _, e := range tc.events {
				if err := rec.Reverse(ctx, shop, "3001", e.cancelled, e.refunds); err != nil {
					t.Fatal(err)
				}
			}
			if err := rec.Reverse(ctx, shop, "9999", true, nil); err != nil { // never attributed
				t.Fatal(err)
			}
			tot := read(t, rec, sent.Add(-48*time.Hour), sent.Add(10*24*time.Hour)).Total
			orders, revenue := tot.AttributedOrders, tot.RevenueCents
			if tc.code == friend {
				orders, revenue = tot.ReferralOrders, tot.ReferralRevenueCents
			}
			if orders != tc.orders || revenue != tc.revenue {
				t.Errorf("%d orders, %d revenue; want %d, %d", orders, revenue, tc.orders, tc.revenue)
			}
			day := read(t, rec, sent, sent).Total
			if tc.code == own && day.RevenueCents != tc.revenue {
				t.Errorf("the order's day has %d revenue, want %d", day.RevenueCents, tc.revenue)
			}
		})
	}
}
