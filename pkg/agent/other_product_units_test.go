package agent

import "testing"

// A size typed with its unit run in ("16oz") is the product's own
// variant, not another product (trial 16); a product of another name is.
func TestWantsOtherProductUnits(t *testing.T) {
	variants := []Variant{{Title: "Sea Glass / 12 oz"}, {Title: "Sea Glass / 16 oz"}, {Title: "Charcoal / 16 oz"}}
	tests := []struct {
		want, said string
		other      bool
	}{
		{"16oz size", "can I exchange the mug for the 16oz size? how much extra", false},
		{"16 oz", "swap it for the 16 oz one", false},
		{"12oz charcoal", "could i get the 12oz charcoal instead", false},
		{"teapot", "can i swap the mug for a teapot", true},
		{"20oz tumbler", "swap the mug for the 20oz tumbler", true},
	}
	for _, tc := range tests {
		if got := wantsOtherProduct("Harbor Stoneware Mug", variants, tc.want, tc.said); got != tc.other {
			t.Errorf("wantsOtherProduct(%q) = %v, want %v", tc.want, got, tc.other)
		}
	}
}
