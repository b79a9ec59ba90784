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

// howLongRe asks how long, with the word after it: "how long do they
// <verb>", "how long candles <verb>" (a search query drops the little
// words), "how long does it last".
var howLongRe = lazyRegexp(`(?i)\bhow\s+long\s+(\p{L}+)`)

// notLasting are the words after "how long" of a question that asks
// something else than how long a thing lasts: its length ("how long is
// it"), what to do ("how long to …", "how long should I …").
var notLasting = map[string]bool{"to": true, "is": true, "are": true, "was": true, "were": true, "should": true, "can": true,
	"could": true, "may": true, "must": true, "ago": true, "before": true, "after": true, "until": true, "till": true}

// doerRe is a person doing something: "how long do I leave it".
var doerRe = lazyRegexp(`(?i)\b(?:i|you|we|i'm|im|me)\b`)

// occasionRe names one occasion or use of a thing.
var occasionRe = lazyRegexp(`(?i)\b(?:first|each|every|per|at a time|at one time|one time|in one go|session|once|should|can|could|may|must)\b`)

// asksWhatLasts reports whether query asks how long a thing lasts or
// does something as a whole: "how long do they <verb>", not "how long
// should I …", "how long is it" or "how long each time".
func asksWhatLasts(query string) bool {
	m := howLongRe().FindStringSubmatch(query)
	if m == nil || notLasting[strings.ToLower(m[1])] {
		return false
	}
	return !occasionRe().MatchString(query) && !doerRe().MatchString(query)
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

// describing adds to naming the one word between an article and a named
// product's noun that no passage has: the customer's own word for the
// product ("the chopping board", "my wooden board") describes it, and is
// not a part of the question the guides lack. Two such words ("my bamboo
// chopping board") describe another thing, which stays unnamed, and a word
// after no article ("dripping inside my tent") is no description.
func (ix *Index) describing(query string, products, naming map[string]bool) {
	if products == nil {
		return
	}
	for _, m := range append(describedRe().FindAllStringSubmatch(query, -1), describedFirstRe().FindAllStringSubmatch(query, 1)...) {
		a, head := tokens(m[1]), tokens(m[2])
		if len(a) != 1 || len(head) != 1 || !naming[head[0]] {
			continue
		}
		if t := a[0]; len(ix.terms[t]) > 0 || ix.known(t) || len(ix.naming[t]) > 0 {
			continue
		}
		for _, n := range ix.naming[head[0]] {
			if n.head && products[ix.products[n.product]] {
				naming[a[0]] = true
			}
		}
	}
}

// describedRe is an article, one word and a noun: "the chopping board";
// or a query's first two words, as a search query drops the article.
var (
	describedRe      = lazyRegexp(`(?i)\b(?:the|my|a|an|our|your|this|that|these|those)\s+(\p{L}+)\s+(\p{L}+)`)
	describedFirstRe = lazyRegexp(`^\s*(\p{L}+)\s+(\p{L}+)`)
)

// applianceSafeRe is "dishwasher safe", "oven-safe": whether the thing
// can go in it, which a guide may say in its own words ("never put it in
// the dishwasher"), so "safe" counts for a passage's score but a passage
// without it still covers the question.
var applianceSafeRe = lazyRegexp(`(?i)\b(\p{L}{3,})[\s-]+safe\b`)

// safeTerm is the index term of "safe".
var safeTerm = stem("safe")
