package docs

// What a search must not take for an answer, found in a new user's trial
// of `make dev` (issue 18, guide14): a message about an order that names
// the product ("will the blanket still come to my place?") found the
// throw's storage passage through the product's word alone, and an aside
// ("btw", "anyway") left a product question short of coverage.

// asideWords are a chatty message's asides: they ask nothing, so a passage
// need not hold them to answer (stop words, tokenize.go).
var asideWords = []string{"anyway", "anyways", "btw", "tho", "lol", "hmm", "hmmm", "nvm", "haha", "pls", "plz"}

// namesOnlyProduct reports whether passage p matched (bits of matched,
// over the question's terms q with weights w) nothing but words of its own
// product's name or their synonyms ("blanket" for the throw), while the
// question asks about something besides: the product is there, what is
// asked about it is not. A question of the product alone ("the candle?")
// has no other word and keeps every passage of it.
func (ix *Index) namesOnlyProduct(p int32, q []string, w []float64, matched uint64) bool {
	pr := ix.passages[p].Product
	if pr == "" {
		return false
	}
	asks, topic := false, false
	for ci, t := range q {
		if w[ci] == 0 || ix.namesProduct(t, pr) {
			continue
		}
		asks = true
		if matched&(1<<ci) != 0 {
			topic = true
		}
	}
	return asks && !topic
}

// namesProduct reports whether term t, or a synonym of it, is a word of
// product pr's name.
func (ix *Index) namesProduct(t, pr string) bool {
	for _, x := range append([]string{t}, synonyms[t]...) {
		for _, n := range ix.naming[x] {
			if ix.products[n.product] == pr {
				return true
			}
		}
	}
	return false
}
