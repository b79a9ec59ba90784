package offline

import (
	"regexp"
	"testing"
)

// plainWordsRe is a short run of plain lowercase words: a colour, size or
// thing as a customer names it.
var plainWordsRe = regexp.MustCompile(`^[a-z]+(?: [a-z]+){0,3}$`)

// FuzzWrongReceived holds, for any plain words x and y of up to four words
// each: "i ordered x but got y" is a wrong item, and "i ordered x but it
// still hasn't arrived" is not (unless x alone already says so).
func FuzzWrongReceived(f *testing.F) {
	f.Add("sea glass mugs", "charcoal ones")
	f.Add("the walnut kit", "an oak one")
	f.Add("large", "small")
	f.Fuzz(func(t *testing.T, x, y string) {
		if !plainWordsRe.MatchString(x) || !plainWordsRe.MatchString(y) || len(x) > 30 || len(y) > 30 || notYetRe.MatchString(y) {
			return
		}
		if got := "i ordered " + x + " but got " + y; !wrongReceived(got) {
			t.Errorf("wrongReceived(%q) = false, want true", got)
		}
		if late := "i ordered " + x + " but it still hasn't arrived"; wrongReceived(late) && !wrongReceived(x) {
			t.Errorf("wrongReceived(%q) = true for a parcel not yet come", late)
		}
	})
}
