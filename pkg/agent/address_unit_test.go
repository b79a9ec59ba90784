package agent

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// A unit at the end of a street line comes off it; a line without one
// stays as it is.
func TestWithoutUnit(t *testing.T) {
	tests := []struct{ line, want string }{
		{"418 Birch Ave Apt 3", "418 Birch Ave"},
		{"418 Birch Ave Apt. 3", "418 Birch Ave"},
		{"77 River Road, Unit 5", "77 River Road"},
		{"9 Elm St #7", "9 Elm St"},
		{"350 Pine Avenue Apt 3B", "350 Pine Avenue"},
		{"12 Oak Street Suite 200", "12 Oak Street"},
		{"48 Linden Street", "48 Linden Street"},
		{"1 Unity Road", "1 Unity Road"},
		{"Apt 3", "Apt 3"},
	}
	for _, tt := range tests {
		if got := WithoutUnit(tt.line); got != tt.want {
			t.Errorf("WithoutUnit(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

// The old value a customer names must be in the part corrected.
func TestPartWas(t *testing.T) {
	old := order.Address{Address1: "48 Linden Street", Address2: "Apt 2", City: "Somerville", Zip: "02143"}
	inLine := order.Address{Address1: "418 Birch Ave Apt 3", City: "Seattle", Zip: "98109"}
	tests := []struct {
		name string
		in   changeAddressInput
		old  order.Address
		want bool
	}{
		{"zip matches", changeAddressInput{Zip: "02139", Was: "02143"}, old, true},
		{"zip not on order", changeAddressInput{Zip: "97202", Was: "97201"}, old, false},
		{"apt matches", changeAddressInput{Address2: "Apt 5", Was: "apt 2"}, old, true},
		{"apt not on order", changeAddressInput{Address2: "Apt 5", Was: "3"}, old, false},
		{"apt in line one", changeAddressInput{Address2: "Apt 4", Was: "3"}, inLine, true},
		{"house number", changeAddressInput{Address1: "84", Was: "48"}, old, true},
		{"house number not it", changeAddressInput{Address1: "84", Was: "12"}, old, false},
		{"no old value", changeAddressInput{Zip: "02139"}, old, true},
	}
	for _, tt := range tests {
		if got := partWas(tt.in, tt.old); got != tt.want {
			t.Errorf("%s: partWas = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// WithoutUnit only ever cuts the end of a line, and never to nothing.
func FuzzWithoutUnit(f *testing.F) {
	for _, s := range []string{"418 Birch Ave Apt 3", "9 Elm St #7", "Apt 3", "", " #1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		got := WithoutUnit(line)
		if !strings.HasPrefix(line, got) || got == "" && line != "" {
			t.Errorf("WithoutUnit(%q) = %q", line, got)
		}
	})
}
