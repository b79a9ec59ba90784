package agent

import "github.com/doorstep-ai/doorstep/pkg/typo"

// saidNearly reports whether the customer wrote w, or a typo of it: one
// edit (an adjacent swap counts one) in a word of five letters or more, two
// from nine. Item names the model passes must be the customer's, but a
// customer who writes "skilet" named the skillet.
func saidNearly(w string, said map[string]bool) bool {
	if said[w] {
		return true
	}
	n := len([]rune(w))
	if n < 5 {
		return false
	}
	limit := 1
	if n >= 9 {
		limit = 2
	}
	for s := range said {
		if d := len([]rune(s)) - n; d > limit || -d > limit {
			continue
		}
		if typo.Distance(w, s) <= limit {
			return true
		}
	}
	return false
}
