package agent

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/google/go-cmp/cmp"
)

// One part given with partial: the order's address with just that part
// changed; nothing given, nothing changed or no old address: not ok (the
// whole address is asked for).
func TestWithAddressPart(t *testing.T) {
	old := &order.Address{Name: "Maya Okafor", Address1: "48 Linden Street", Address2: "Apt 2", City: "Somerville",
		Province: "Massachusetts", ProvinceCode: "MA", Zip: "02143", CountryCode: "US"}
	whole := func(a1, a2, city, zip string) changeAddressInput {
		return changeAddressInput{Address1: a1, Address2: a2, City: city, Province: "MA", Zip: zip, CountryCode: "US", Partial: true}
	}
	tests := []struct {
		name string
		in   changeAddressInput
		old  *order.Address
		want changeAddressInput
		ok   bool
	}{
		{"zip", changeAddressInput{Zip: "02139", Partial: true}, old, whole("48 Linden Street", "Apt 2", "Somerville", "02139"), true},
		{"apartment", changeAddressInput{Address2: "Apt 4B", Partial: true}, old, whole("48 Linden Street", "Apt 4B", "Somerville", "02143"), true},
		{"house number", changeAddressInput{Address1: "84", Partial: true}, old, whole("84 Linden Street", "Apt 2", "Somerville", "02143"), true},
		{"house number with letter", changeAddressInput{Address1: "48A", Partial: true}, old, whole("48A Linden Street", "Apt 2", "Somerville", "02143"), true},
		{"city", changeAddressInput{City: "Cambridge", Partial: true}, old, whole("48 Linden Street", "Apt 2", "Cambridge", "02143"), true},
		{"whole street line", changeAddressInput{Address1: "12 Oak Street", Partial: true}, old, whole("12 Oak Street", "Apt 2", "Somerville", "02143"), true},
		{"apartment in line one", changeAddressInput{Address2: "Apt 4", Partial: true}, &order.Address{Address1: "418 Birch Ave Apt 3", City: "Seattle", ProvinceCode: "WA", Zip: "98109", CountryCode: "US"},
			changeAddressInput{Address1: "418 Birch Ave", Address2: "Apt 4", City: "Seattle", Province: "WA", Zip: "98109", CountryCode: "US", Partial: true}, true},
		{"nothing given", changeAddressInput{Partial: true}, old, changeAddressInput{Partial: true}, false},
		{"the name alone", changeAddressInput{Name: "Camille Durand", Partial: true}, old,
			changeAddressInput{Name: "Camille Durand", Address1: "48 Linden Street", Address2: "Apt 2", City: "Somerville", Province: "MA", Zip: "02143", CountryCode: "US", Partial: true}, true},
		{"one word of the name", changeAddressInput{Name: "Maia", Was: "maya", Partial: true}, old,
			changeAddressInput{Name: "Maia Okafor", Was: "maya", Address1: "48 Linden Street", Address2: "Apt 2", City: "Somerville", Province: "MA", Zip: "02143", CountryCode: "US", Partial: true}, true},
		{"the same name", changeAddressInput{Name: "Maya Okafor", Partial: true}, old,
			changeAddressInput{Name: "Maya Okafor", Address1: "48 Linden Street", Address2: "Apt 2", City: "Somerville", Province: "MA", Zip: "02143", CountryCode: "US", Partial: true}, false},
		{"the same zip", changeAddressInput{Zip: "02143", Partial: true}, old, whole("48 Linden Street", "Apt 2", "Somerville", "02143"), false},
		{"no old address", changeAddressInput{Zip: "02139", Partial: true}, nil, changeAddressInput{Zip: "02139", Partial: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := withAddressPart(tt.in, tt.old)
			if ok != tt.ok {
				t.Errorf("ok = %v, want %v", ok, tt.ok)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(changeAddressInput{})); diff != "" {
				t.Errorf("withAddressPart (-want +got):\n%s", diff)
			}
		})
	}
}
