package policy

import "fmt"

// madeGoodReason is why a return or exchange of a line is refused when
// units of it were made good already (replaced, refunded or credited) or
// are coming back: with units left, how many, so "the mugs" of two, one
// replaced, is told that the other one can still go (issue 18, reason14:
// the customer heard only "already replaced" and asked again in a loop).
func madeGoodReason(title string, ordered, taken int) string {
	left := ordered - taken
	if left <= 0 || ordered < 2 {
		return "the " + title + " was already replaced, refunded or credited"
	}
	return fmt.Sprintf("%d of the %d units of %s was already replaced, refunded or credited, or is coming back; the other %d can still be returned or exchanged", taken, ordered, title, left)
}
