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
		// A short word only with one of its letters doubled ("mugg"),
		// its plural written with a z ("cupz"), or, of four letters,
		// two of them swapped ("lmap").
		for s := range said {
			if doubledLetter(w, s) || s == w+"z" || (n == 4 && swapped(w, s)) {
				return true
			}
		}
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

// NearlySaid reports whether s is w or a typo of it, as saidNearly
// allows: for a model that names the customer's items in the order's
// words.
func NearlySaid(w, s string) bool { return saidNearly(w, map[string]bool{s: true}) }

// doubledLetter reports whether s is w with one of its letters typed
// twice ("mugg", "kitt").
func doubledLetter(w, s string) bool {
	rw, rs := []rune(w), []rune(s)
	if len(rw) < 3 || len(rs) != len(rw)+1 {
		return false
	}
	for i := 1; i < len(rs); i++ {
		if rs[i] == rs[i-1] && string(rs[:i])+string(rs[i+1:]) == w {
			return true
		}
	}
	return false
}

// swapped reports whether s is w with two adjacent letters swapped.
func swapped(w, s string) bool {
	rw, rs := []rune(w), []rune(s)
	if len(rw) != len(rs) {
		return false
	}
	for i := 0; i+1 < len(rw); i++ {
		if rw[i] != rs[i] {
			return rw[i] == rs[i+1] && rw[i+1] == rs[i] && string(rw[i+2:]) == string(rs[i+2:])
		}
	}
	return false
}
