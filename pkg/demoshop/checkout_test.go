package demoshop_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// A demo order ships where the checkout says (checked as an address), else
// where the customer's last order shipped; a new customer who gives none
// gets an order with no shipping address. A bad address places nothing.
func TestCheckoutShipsTo(t *testing.T) {
	s, st := setup(t)
	ctx := t.Context()
	past := order.Order{Shop: shop, ID: "2001", Name: "#2001", Email: "mia@example.com", Currency: "USD", TotalPrice: 1000,
		FinancialStatus: "paid", CreatedAt: s.Clock.Now(), UpdatedAt: s.Clock.Now(),
		Customer:        order.Customer{ID: "77", Email: "mia@example.com", FirstName: "Mia", LastName: "Hart"},
		ShippingAddress: &order.Address{Name: "Mia Hart", Address1: "5 Pine St", City: "Austin", Province: "TX", ProvinceCode: "TX", Zip: "78701", Country: "United States", CountryCode: "US"},
		LineItems:       []order.LineItem{{ID: "m1", Title: "Mug", Quantity: 1, Price: 1000}}}
	if _, err := st.Apply(ctx, store.Change{Shop: shop, Order: &past}); err != nil {
		t.Fatal(err)
	}
	req := func(email string, to *demoshop.CheckoutAddress) demoshop.CheckoutRequest {
		r := demoshop.CheckoutRequest{Email: email, ShipTo: to}
		r.Lines = append(r.Lines, struct {
			Title    string `json:"title"`
			Price    string `json:"price"`
			Quantity int    `json:"quantity"`
		}{"Mug", "10.00", 1})
		return r
	}
	given := &demoshop.CheckoutAddress{Address1: "12 Oak Ave", City: "Denver", Province: "Colorado", Zip: "80205", CountryCode: "us"}
	tests := []struct {
		name, email string
		to          *demoshop.CheckoutAddress
		want        *order.Address // nil: no shipping address
		bad         bool
	}{
		{"given", "new@example.com", given, &order.Address{Address1: "12 Oak Ave", City: "Denver", Province: "CO", ProvinceCode: "CO", Zip: "80205", CountryCode: "US"}, false},
		{"given, returning customer's name", "mia@example.com", given, &order.Address{Name: "Mia Hart", Address1: "12 Oak Ave", City: "Denver", Province: "CO", ProvinceCode: "CO", Zip: "80205", CountryCode: "US"}, false},
		{"returning customer", "mia@example.com", nil, past.ShippingAddress, false},
		{"new customer, none", "new@example.com", nil, nil, false},
		{"no ZIP", "new@example.com", &demoshop.CheckoutAddress{Address1: "12 Oak Ave", City: "Denver", Province: "CO", CountryCode: "US"}, nil, true},
		{"no state", "new@example.com", &demoshop.CheckoutAddress{Address1: "12 Oak Ave", City: "Denver", Zip: "80205", CountryCode: "US"}, nil, true},
		{"no country", "new@example.com", &demoshop.CheckoutAddress{Address1: "12 Oak Ave", City: "Denver", Province: "CO", Zip: "80205"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Checkout(ctx, shop, req(tt.email, tt.to))
			if tt.bad {
				if err == nil || !strings.Contains(err.Error(), "shipping_address") || errors.Is(err, demoshop.ErrCodeRefused) {
					t.Errorf("err %v, want a bad shipping_address", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			p, err := shopify.ParseWebhook(shopify.TopicOrdersCreate, shop, got.Body)
			if err != nil {
				t.Fatal(err)
			}
			a := p.Order.ShippingAddress
			switch {
			case tt.want == nil && a != nil:
				t.Errorf("ships to %+v, want no address", *a)
			case tt.want != nil && a == nil:
				t.Errorf("no address, want %+v", *tt.want)
			case tt.want != nil && (a.Name != tt.want.Name || a.Address1 != tt.want.Address1 || a.City != tt.want.City ||
				a.ProvinceCode != tt.want.ProvinceCode || a.Zip != tt.want.Zip || a.CountryCode != tt.want.CountryCode):
				t.Errorf("ships to %+v, want %+v", *a, *tt.want)
			}
		})
	}
}
