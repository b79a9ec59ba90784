package offline

import (
	"regexp"
	"strings"
)

// A care question about a thing of the customer's that the shop's guides
// do not describe ("my bamboo chopping board" where the shop sells an
// olive wood one) is not answered from another product's guide: a thing
// named in several words is the guides' only when every one of its words
// is in the passages found or in the customer's order.

// ownThingRe is a thing the customer calls theirs, named in two or three
// words that end a phrase: "for my bamboo chopping board?".
var ownThingRe = regexp.MustCompile(`(?i)\b(?:my|our)\s+((?:[\p{L}'-]+\s+){1,2}[\p{L}'-]+)\s*(?:[?.!,;:]|$)`)

// plainWords describe any thing, not which one.
var plainWords = map[string]bool{"new": true, "old": true, "brand": true, "little": true, "small": true, "big": true, "large": true,
	"favourite": true, "favorite": true, "lovely": true, "nice": true, "whole": true, "own": true, "first": true, "second": true,
	"beautiful": true, "current": true, "recent": true, "last": true, "latest": true, "main": true, "other": true, "poor": true}

// ownThingWords are the words of the thing text names as the customer's,
// nil when it names none in several words.
func ownThingWords(text string) []string {
	m := ownThingRe.FindAllStringSubmatch(text, -1)
	if len(m) == 0 || isPolicyQuestion(normalise(text)) {
		return nil
	}
	ws := wordRe.FindAllString(strings.ToLower(m[len(m)-1][1]), -1)
	if len(ws) < 2 || len(ws) > 3 {
		return nil
	}
	if head := ws[len(ws)-1]; strings.HasSuffix(head, "ed") || strings.HasSuffix(head, "ing") {
		return nil // "my present wrapped": a thing and what is done to it
	}
	var out []string
	for _, w := range ws {
		if len([]rune(w)) < 3 || function[w] || stop[w] || plainWords[w] || qualifiers[w] || linkWords[w] {
			return nil // "my refund after returning": a phrase, not a thing's name
		}
		out = append(out, stemWord(w))
	}
	return out
}

// linkWords join a thing to what is said of it: they are in no name.
var linkWords = map[string]bool{"after": true, "before": true, "since": true, "until": true, "till": true, "from": true, "into": true,
	"over": true, "under": true, "without": true, "within": true, "once": true, "again": true, "yet": true, "back": true, "then": true,
	"now": true, "today": true, "tomorrow": true, "yesterday": true, "anymore": true, "though": true, "please": true}

// otherProduct reports whether the passages ps are about another product
// than the one text names as the customer's: a word of its name is in
// none of them, nor in the customer's order.
func (t *turn) otherProduct(ps []map[string]any, text string) bool {
	thing := ownThingWords(text)
	if len(thing) == 0 || len(ps) == 0 {
		return false
	}
	known := map[string]bool{}
	for _, p := range ps {
		for _, w := range words(str(p, "source") + " " + str(p, "section") + " " + str(p, "text")) {
			known[w] = true
		}
	}
	var titles []string
	if st := t.req.State; st != nil {
		for _, o := range st.Orders {
			titles = append(titles, stateOrderLines(st, o.Name)...)
		}
	}
	for _, w := range thing {
		if sameWord(known, w) || sharesWord(known, w) {
			continue
		}
		inOrder := false
		for _, title := range titles {
			for _, tw := range wordRe.FindAllString(strings.ToLower(title), -1) {
				inOrder = inOrder || titleWordSaid(tw, w)
			}
		}
		if !inOrder {
			return true
		}
	}
	return false
}
