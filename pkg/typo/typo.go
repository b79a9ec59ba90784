// Package typo measures how far apart two words are, for matching what a
// customer typed ("skilet") against what they meant ("skillet").
package typo

// Distance is the Damerau–Levenshtein distance between a and b: insertions,
// deletions, substitutions and adjacent swaps each count one.
func Distance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

// Limit is how many edits a typed word of n letters may be from the word
// meant: none below four letters, one from four, two from nine.
func Limit(n int) int {
	switch {
	case n >= 9:
		return 2
	case n >= 4:
		return 1
	}
	return 0
}

// Nearest is the word of words nearest w, within limit edits, and its
// distance; "" and limit+1 when none is. Of equally near words, one with
// w's own letters (two of them swapped: "candel", "cancle") wins, then
// the first.
func Nearest(w string, words []string, limit int) (string, int) {
	best, bestD, bestSwap := "", limit+1, false
	n := len([]rune(w))
	for _, v := range words {
		if m := len([]rune(v)); m-n > limit || n-m > limit {
			continue
		}
		d := Distance(w, v)
		if d > limit {
			continue
		}
		swap := SameLetters(w, v)
		if d < bestD || (d == bestD && swap && !bestSwap) {
			best, bestD, bestSwap = v, d, swap
		}
	}
	return best, bestD
}

// SameLetters reports whether a and b are made of the same letters, in
// any order.
func SameLetters(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[rune]int{}
	for _, r := range a {
		count[r]++
	}
	for _, r := range b {
		count[r]--
	}
	for _, c := range count {
		if c != 0 {
			return false
		}
	}
	return true
}

// Common are everyday English words an edit or two from the words support
// messages are recognised by ("cancel", "order", "track", "ship", "return"):
// a word a customer typed that is as near one of these is no typo of a
// support word ("candel" is a candle before it is a cancellation).
var Common = []string{
	"candle", "candles", "handle", "handles", "camel", "panel", "kernel", "channel", "chancel",
	"border", "ordeal", "folder", "holder",
	"truck", "trick", "trace", "crack", "tract", "trunk", "stack", "stick",
	"chip", "whip", "slip", "shipment",
	"retune",
	"statue", "stature", "state",
	"rotund",
	"pencil", "partial",
	"chance", "orange", "range", "strange",
	"broke", "brown", "token",
	"image", "manage",
	"adders",
	"liver", "lever", "clever",
}
