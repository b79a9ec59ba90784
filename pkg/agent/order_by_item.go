package agent

import (
	"regexp"
	"sync"
)

// orderByItemRe names an order by an item in it, not part of it: "the one
// with the jigsaw puzzle", "the kettle one", "the order that has the
// lamp". A customer with several orders points at one this way (issue
// 18's ninth trials, refer11); cancelling it cancels the whole order.
var orderByItemRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:the|my)\s+(?:one|order|package|parcel)\s+(?:with|that has|that had|which has|containing)\s+(?:the|my|a|an)\b|\b(?:the|my)\s+[\p{L}\- ]{2,40}?\s+one\b`)
})

// otherOneRe is "the other one", "the second one": no item named.
var otherOneRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:the|my)\s+(?:other|second|first|last|new|same|right|wrong)\s+one\b`)
})

// namesOrderByItem reports whether text points at an order by its item
// and asks for no part of it ("just", "only", "keep the filters").
func namesOrderByItem(text string) bool {
	return orderByItemRe().MatchString(otherOneRe().ReplaceAllString(text, " ")) && !partRe().MatchString(text) && !keepRe().MatchString(text)
}
