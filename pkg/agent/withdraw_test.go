package agent

import "testing"

func TestWithdraws(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"wait no!! dont cancel it, I changed my mind", true},
		{"actually I don't want the refund anymore", true},
		{"never mind, keep the order", true},
		{"he cambiado de opinión", true},
		{"j'ai changé d'avis", true},
		{"yes", false},
		{"no", false},
		{"I don't see my refund yet", false},
		{"where is my order?", false},
	} {
		if got := Withdraws(tc.text); got != tc.want {
			t.Errorf("Withdraws(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
