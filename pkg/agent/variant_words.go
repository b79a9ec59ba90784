package agent

import (
	"sort"
	"strings"
)

// A customer names a variant by its option's words as they type them:
// "charcol" for Charcoal, "unsented" for Unscented. The shop's own option
// titles are the vocabulary (never a word list of ours), so a misspelt
// option is matched for the chat model and a hosted model alike.

// optionVocab is the words of variants' titles.
func optionVocab(variants []Variant) map[string]bool {
	vocab := map[string]bool{}
	for _, v := range variants {
		for _, w := range words(v.Title) {
			vocab[w] = true
		}
	}
	return vocab
}

// optionWordOf is the option word of vocab that the customer's word w
// names: w itself, or the word of five letters or more it misspells
// within typo's limit; "" when none.
func optionWordOf(w string, vocab map[string]bool) string {
	if vocab[w] {
		return w
	}
	if len([]rune(w)) < 5 {
		return ""
	}
	var near []string
	for v := range vocab {
		if len([]rune(v)) >= 5 && saidNearly(v, map[string]bool{w: true}) {
			near = append(near, v)
		}
	}
	if len(near) == 0 {
		return ""
	}
	sort.Strings(near) // the same answer every time
	return near[0]
}

// genericOptionWords say that another option is wanted without naming
// which.
var genericOptionWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`one ones size sizes colour colours color colors shade tone finish style version variant option
		different another other new same instead kind type pattern model edition scent scents smell fragrance
		farbe größe taille couleur talla tamaño color parfum duft aroma olor`) {
		genericOptionWords[w] = true
	}
}

// askedOptionWords are the words of want, said by the customer, that
// name an option none of the product's variants has ("purple"): no
// request word, no generic option word, none of title's words, none of
// vocab's (typos and all).
func askedOptionWords(want, said, title string, vocab map[string]bool) []string {
	saidWords := map[string]bool{}
	for _, w := range words(said) {
		saidWords[w] = true
	}
	own := map[string]bool{}
	for _, w := range words(title) {
		own[w] = true
	}
	var out []string
	for _, w := range words(want) {
		switch {
		case len([]rune(w)) < 3 || !saidWords[w] || requestWords()[w] || genericOptionWords[w] || own[w] || saidNearly(w, own):
		case optionWordOf(w, vocab) != "":
		default:
			out = append(out, w)
		}
	}
	return out
}
