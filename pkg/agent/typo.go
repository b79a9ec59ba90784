package agent

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
		if damerau(w, s) <= limit {
			return true
		}
	}
	return false
}

// damerau is the edit distance between a and b with adjacent swaps.
func damerau(a, b string) int {
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
