package watch

import "testing"

func TestWorse(t *testing.T) {
	for _, tt := range []struct {
		a, b Kind
		want bool
	}{
		{KindLost, KindStalled, true},
		{KindStalled, KindLost, false},
		{KindLost, KindLate, true},
		{KindStalled, KindLate, true},
		{KindLate, KindLate, false},
	} {
		if got := Worse(tt.a, tt.b); got != tt.want {
			t.Errorf("Worse(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
