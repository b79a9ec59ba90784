package offline

import "testing"

// A parcel reported missing that turned up, in words trial 12b used
// ("husband just brought it in from the garage", "my parcel DID arrive"),
// reads as found; a parcel still not there does not.
func TestFoundWords(t *testing.T) {
	for _, tc := range []struct {
		text  string
		found bool
	}{
		{"husband just brought it in from the garage", true},
		{"my parcel did arrive, i never said it didnt", true},
		{"it did arrive after all", true},
		{"my neighbour brought the parcel over", true},
		{"found it at my neighbours", true},
		{"nope not there. send another one pls", false},
		{"it still hasn't arrived", false},
		{"did it arrive?", false},
	} {
		if got := f12FoundRe.MatchString(tc.text); got != tc.found {
			t.Errorf("%q: found %v, want %v", tc.text, got, tc.found)
		}
	}
}
