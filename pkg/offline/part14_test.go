package offline

import "testing"

// A check of the address names a place; a question whether the parcel
// is going to arrive is none.
func TestPart14Checks(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"its going to linden st right?", true},
		{"is it still going to apt 2?", true},
		{"wait is it going to my old address on elm st??", true},
		{"is the blanket going to my address on mclendon ave?", true},
		{"just want to know if its headed to the mclendon address", true},
		{"is the address on the order 4512 fremont?", true},
		{"is it going to 12 oak road?", true},
		{"is it going to arrive by friday?", false},
		{"is my order going to be late?", false},
		{"is the parcel going to come today?", false},
		{"its going to take forever isnt it?", false},
	} {
		if got := p14Checks(tc.text); got != tc.want {
			t.Errorf("p14Checks(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
