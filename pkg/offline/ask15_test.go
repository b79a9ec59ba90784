package offline

import "testing"

// The not-here reading takes a parcel said to be missing, never a
// delivered order with "no problem" beside it.
func TestAsk15NotHere(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Tracking sagt zugestellt aber hier ist kein Paket", true},
		{"el seguimiento dice entregado pero aquí no hay ningún paquete", true},
		{"le suivi dit livré mais il n'y a pas de colis ici", true},
		{"dice entregado pero no está aquí", true},
		{"laut sendungsverfolgung zugestelt, aber nix da", true},
		{"le colis a été livré, il n'y a pas de problème, merci", false},
		{"fue entregado, no hay problema, gracias", false},
		{"wurde zugestellt, alles gut", false},
	} {
		low := tc.text
		if got := a15DeliveredRe.MatchString(low) && a15NotHereRe.MatchString(low); got != tc.want {
			t.Errorf("%q: not here %v, want %v", tc.text, got, tc.want)
		}
	}
}
