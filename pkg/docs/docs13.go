package docs

import (
	"strings"
	"unicode/utf8"
)

// What a search reads in a question besides its words, found in new
// users' trials (issue 18, docs13): "how long do they <verb>" asks how long
// the thing lasts, not how long one use of it should be; a short word one
// letter short of a product's name ("bord", "thow") is that name, and one
// letter short of filler ("wat") is filler.

// thingLastsRe asks how long a thing itself does something: "how long do
// they burn", "how long does it last", "how long will the battery run".
// A question about what the customer does ("how long do I leave it",
// "how long should I …") or about one occasion ("the first time", "each
// time") asks something else.
var thingLastsRe = lazyRegexp(`(?i)\bhow\s+long\s+(?:do|does|will|would)\s+(?:it|they|these|those|(?:the|a|an|my|our|your|this|that|these|those|one)\s+\p{L}+(?:[\s-]+\p{L}+)?)\s+\p{L}+`)

// itLastsRe is the same asked with the verb's subject last, as a search
// query may put it: "how long candles they <verb>".
var itLastsRe = lazyRegexp(`(?i)\bhow\s+long(?:\s+[\p{L}-]+){0,3}\s+(?:it|they)\s+\p{L}+`)

// doerRe is a person doing something: "how long do I leave it".
var doerRe = lazyRegexp(`(?i)\b(?:i|you|we|i'm|im)\b`)

// occasionRe names one occasion or use of a thing.
var occasionRe = lazyRegexp(`(?i)\b(?:first|each|every|per|at a time|session|once|should|can|could|may|must)\b`)

// asksWhatLasts reports whether query asks how long a thing lasts as a
// whole.
func asksWhatLasts(query string) bool {
	if occasionRe().MatchString(query) {
		return false
	}
	return thingLastsRe().MatchString(query) || itLastsRe().MatchString(query) && !doerRe().MatchString(query)
}

// shortSpelling is the product-name word a four-letter word no passage
// has is, with one letter left out inside it ("bord" is "board"), or "".
func (ix *Index) shortSpelling(t string) string {
	if utf8.RuneCountInString(t) != 4 || len(ix.terms[t]) > 0 || ix.known(t) {
		return ""
	}
	best := ""
	for name := range ix.naming {
		if missingInside(t, name) && (best == "" || name < best) {
			best = name
		}
	}
	return best
}

// isFillerShort reports whether a three- or four-letter word is filler
// with one letter left out inside ("wat" is "what", "wen" is "when").
func isFillerShort(low string) bool {
	if n := utf8.RuneCountInString(low); n < 3 || n > 4 {
		return false
	}
	for _, f := range fillerWords() {
		if missingInside(low, strings.ToLower(f)) {
			return true
		}
	}
	return false
}
