package outreach_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/discount"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/outreach"
)

// codes is a shop that makes discount codes: it keeps each request, and
// refuses the codes in taken, or everything with fail.
type codes struct {
	mu    sync.Mutex
	made  []discount.Request
	tried int
	taken int // the first taken requests are refused as taken
	fail  error
}

func (c *codes) CreateDiscount(_ context.Context, r discount.Request) (discount.Discount, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tried++
	switch {
	case c.tried <= c.taken:
		return discount.Discount{}, discount.ErrTaken
	case c.fail != nil:
		return discount.Discount{}, c.fail
	}
	c.made = append(c.made, r)
	return discount.Discount{ID: "gid://shopify/DiscountCodeNode/1", Code: r.Code}, nil
}

// The happy customer's thank-you carries two new codes made in the shop:
// theirs, for them only, and one for anyone; each single use, ending
// after the merchant's days. Both are recorded for attribution, the
// friend's as a referral.
func TestSuggestionCodes(t *testing.T) {
	e := newEnv(t)
	e.shop.taken = 1 // the shop has the first code drawn already
	rec := &suggestions{}
	e.svc.Metrics = rec
	o, _ := e.order()
	o.Customer.ID = "7006"
	e.deliverOrder(o)
	e.until(5 * day)
	e.answer("Love it, thank you!", "")

	if e.shop.tried != 3 || len(e.shop.made) != 2 {
		t.Fatalf("%d tries, %d codes made; want 3 and 2", e.shop.tried, len(e.shop.made))
	}
	own, friend := e.shop.made[0], e.shop.made[1]
	now := e.clk.Now()
	for _, tc := range []struct {
		name, prefix, customer string
		r                      discount.Request
	}{
		{"own", discount.PrefixThanks, "7006", own},
		{"friend", discount.PrefixFriend, "", friend},
	} {
		if c, ok := discount.Parse(tc.r.Code); !ok || c != tc.r.Code || !strings.HasPrefix(c, tc.prefix+"-") {
			t.Errorf("%s code %q", tc.name, tc.r.Code)
		}
		if tc.r.CustomerID != tc.customer || tc.r.Value != (discount.Value{Percent: 10, Currency: "USD"}) || !tc.r.StartsAt.Equal(now) ||
			tc.r.EndsAt.Sub(tc.r.StartsAt) != 30*day || tc.r.Shop != shop || tc.r.Order != "#1006" {
			t.Errorf("%s request %+v", tc.name, tc.r)
		}
	}
	if own.Code == friend.Code {
		t.Error("the same code twice")
	}
	if len(rec.got) != 2 {
		t.Fatalf("recorded %+v", rec.got)
	}
	if s := rec.got[0]; s.DiscountCode != own.Code || s.Kind != metrics.SuggestAddOn || s.CustomerEmail != customer {
		t.Errorf("suggestion %+v", s)
	}
	if s := rec.got[1]; s.DiscountCode != friend.Code || s.Kind != metrics.SuggestReferral || s.CustomerEmail != customer {
		t.Errorf("referral %+v", s)
	}

	// Later, the customer asks for their friend's code: they get the one
	// issued, and nothing new is made.
	for _, ask := range []string{"Could I get a discount code for my friend?", "do you have a referral code"} {
		m := e.answer(ask, "")
		if m.Kind != outreach.MatchFriendCode || !strings.Contains(m.Reply, friend.Code) || !strings.Contains(m.Reply, "10% off") {
			t.Errorf("%q matched %+v", ask, m)
		}
	}
	if len(e.shop.made) != 2 {
		t.Errorf("asking made more codes: %d", len(e.shop.made))
	}
	// After the code ends, the agent answers instead.
	e.clk.Set(friend.EndsAt.Add(time.Minute))
	if m := e.answer("Could I get a discount code for my friend?", ""); m.Kind != "" {
		t.Errorf("an ended code was given again: %+v", m)
	}
}

// A shop that refuses codes (a missing write_discounts scope) still gets
// the customer their thank-you, without a code.
func TestSuggestionWithoutCodes(t *testing.T) {
	e := newEnv(t)
	e.shop.fail = errors.New("access denied for discountCodeBasicCreate")
	rec := &suggestions{}
	e.svc.Metrics = rec
	e.deliver()
	e.until(5 * day)
	e.answer("Love it, thank you!", "")
	got := e.mail()
	if len(got) != 2 || strings.Contains(got[1].Text, "code") || !strings.Contains(got[1].Text, "Unbleached Paper Filters") {
		t.Fatalf("mail %v", got)
	}
	if len(rec.got) != 1 || rec.got[0].DiscountCode != "" || len(rec.got[0].ProductTitles) != 1 {
		t.Errorf("recorded %+v, want the suggestion by product", rec.got)
	}
}

func TestFriendCodeRequest(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Could I get a discount code for my friend?", true},
		{"my friend wants a code too", true},
		{"referral code please", true},
		{"can I refer a friend", true},
		{"my friend's order hasn't arrived", false},
		{"where is my order", false},
		{"I need a discount code", false},
		{"and is there one i can give my sister?", true},
		{"can i get one for my mum too", true},
		{"¿hay uno para mi hermana?", true},
		{"Est-ce qu'il y a un code pour ma sœur ?", true},
		{"Gibt es auch einen Code für meine Schwester?", true},
		{"my sister's parcel hasn't arrived", false},
		{"can my partner pick it up?", false},
	} {
		t.Run(tc.text, func(t *testing.T) {
			e := newEnv(t)
			_ = e
			// Without any codes issued, no request is matched either way.
			if m := e.answer(tc.text, ""); m.Kind != "" {
				t.Errorf("matched %+v with nothing issued", m)
			}
			if got := outreach.FriendCodeRequest(tc.text); got != tc.want {
				t.Errorf("FriendCodeRequest(%q) = %v, want %v", tc.text, got, tc.want)
			}
		})
	}
}

// A friend's code is handed out only while no order has used it: once a
// friend's order (or the customer's own) used it, the customer hears it
// was used, and the code is not given again.
func TestFriendCodeOnlyUnused(t *testing.T) {
	tests := []struct {
		name    string
		orderBy string // who placed an order with the friend's code; "" for nobody
		want    string // in the reply
	}{
		{name: "unused", want: "Give your friend this code"},
		{name: "used by a friend", orderBy: "friend@example.com", want: "has been used already"},
		{name: "used by the customer", orderBy: customer, want: "has been used already"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			rec := &metrics.Recorder{Store: e.st, Clock: e.clk}
			e.svc.Metrics = rec
			e.deliver()
			e.until(5 * day)
			e.answer("Love it, thank you!", "")
			if len(e.shop.made) != 2 {
				t.Fatalf("%d codes made, want 2", len(e.shop.made))
			}
			friend := e.shop.made[1].Code
			if tt.orderBy != "" {
				o, _ := e.order()
				o.ID, o.Name, o.Email, o.CreatedAt = "9001", "#9001", tt.orderBy, e.clk.Now()
				o.Customer.Email = tt.orderBy
				o.DiscountCodes = []string{strings.ToLower(friend)}
				if _, err := rec.AttributeOrder(t.Context(), o); err != nil {
					t.Fatal(err)
				}
			}
			m := e.answer("Could I get a discount code for my friend?", "")
			if m.Kind != outreach.MatchFriendCode || !strings.Contains(m.Reply, tt.want) {
				t.Errorf("reply %+v, want %q", m, tt.want)
			}
			if given := strings.Contains(m.Reply, friend); given != (tt.orderBy == "") {
				t.Errorf("reply %q: the code given = %v", m.Reply, given)
			}
		})
	}
}
