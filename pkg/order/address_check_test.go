package order

import (
	"errors"
	"testing"
)

func TestNormaliseAddress(t *testing.T) {
	us := Address{Address1: "42 Elm Street", City: "Springfield", Province: "IL", Zip: "62704"}
	tests := []struct {
		name    string
		in      Address
		country string
		want    Address // checked fields: Province, ProvinceCode, Zip, CountryCode
		field   string  // the AddressError field expected, or "other" for ErrOtherCountry
	}{
		{"us by code", us, "US", Address{Province: "IL", ProvinceCode: "IL", Zip: "62704", CountryCode: "US"}, ""},
		{"us state in full", Address{Address1: "1 Kendall Sq", City: "Cambridge", Province: "massachusetts", Zip: "02139-4307"}, "us",
			Address{Province: "MA", ProvinceCode: "MA", Zip: "02139-4307", CountryCode: "US"}, ""},
		{"canada split wrongly", Address{Address1: "100 Queen St W", Address2: "Toronto", City: "ON M5H 2N2", Province: "Ca", Zip: "nada"}, "US", Address{}, "city"},
		{"canada to a us order", Address{Address1: "100 Queen St W", City: "Toronto", Province: "ON", Zip: "M5H 2N2", CountryCode: "CA"}, "US", Address{}, "other"},
		{"canada order", Address{Address1: "100 Queen St W", City: "Toronto", Province: "Ontario", Zip: "m5h2n2"}, "CA",
			Address{Province: "ON", ProvinceCode: "ON", Zip: "M5H 2N2", CountryCode: "CA"}, ""},
		{"bad zip", Address{Address1: "42 Elm Street", City: "Springfield", Province: "IL", Zip: "6270"}, "US", Address{}, "zip"},
		{"unknown state", Address{Address1: "42 Elm Street", City: "Springfield", Province: "Ca nada", Zip: "62704"}, "US", Address{}, "province"},
		{"street without a name", Address{Address1: "42", City: "Springfield", Province: "IL", Zip: "62704"}, "US", Address{}, "address1"},
		{"uk", Address{Address1: "221B Baker Street", City: "London", Zip: "nw1 6xe"}, "GB", Address{Zip: "NW1 6XE", CountryCode: "GB"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormaliseAddress(tt.in, tt.country)
			var ae *AddressError
			switch {
			case tt.field == "other":
				if !errors.Is(err, ErrOtherCountry) {
					t.Fatalf("err = %v, want ErrOtherCountry", err)
				}
			case tt.field != "":
				if !errors.As(err, &ae) || ae.Field != tt.field {
					t.Fatalf("err = %v, want a problem with %s", err, tt.field)
				}
			case err != nil:
				t.Fatalf("err = %v", err)
			default:
				if got.Province != tt.want.Province || got.ProvinceCode != tt.want.ProvinceCode || got.Zip != tt.want.Zip || got.CountryCode != tt.want.CountryCode {
					t.Errorf("got %+v, want %+v", got, tt.want)
				}
			}
		})
	}
}

// FuzzNormaliseAddress: an accepted address is accepted again unchanged
// (normalising is idempotent), and an accepted US one has a known state and
// a ZIP of the right shape.
func FuzzNormaliseAddress(f *testing.F) {
	f.Add("42 Elm Street", "Springfield", "Illinois", "62704", "", "US")
	f.Add("100 Queen St W", "Toronto", "ON", "m5h2n2", "CA", "CA")
	f.Add("1", "2", "3", "4", "5", "")
	f.Fuzz(func(t *testing.T, a1, city, prov, zip, cc, country string) {
		a, err := NormaliseAddress(Address{Address1: a1, City: city, Province: prov, Zip: zip, CountryCode: cc}, country)
		if err != nil {
			return
		}
		b, err := NormaliseAddress(a, country)
		if err != nil || b != a {
			t.Fatalf("not idempotent: %+v -> %+v, %v", a, b, err)
		}
		if a.CountryCode == "US" {
			if _, ok := usStates[a.ProvinceCode]; !ok || !usZip.MatchString(a.Zip) {
				t.Fatalf("accepted US address %+v", a)
			}
		}
	})
}
