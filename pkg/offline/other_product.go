package offline

import (
	"fmt"
	"regexp"
	"strings"
)

// A swap of an item for something else, in words resolutionTool does not
// read as an exchange ("trade the kit for a skillet", "change the mugs
// for a candle", "instead of the mugs I'd rather have the throw",
// "cambiar la cafetera por la manta", "die Tassen gegen eine Kerze
// umtauschen", "échanger les tasses contre le plaid"): exchange_item is
// asked, with what they want in their own words, and says whether it is
// another variant of the same product. When it is another product, the
// answer says so plainly and offers a return and a new order, or a
// person, and proposes nothing.

// swapAskRe is a swap of one thing for another.
var swapAskRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:(?:swap|swop|exchange|exchnage|trade|switch|change|replace)\b[^.?!]{1,60}?\b(?:for|with|into)\b|instead of\b[^.?!]{1,60}?\b(?:rather have|prefer|want|like)\b|(?:cambiar|intercambiar|canjear)[^.?!]{1,60}?\bpor\b|gegen[^.?!]{1,60}?(?:um|aus|ein)?tauschen|(?:échanger|echanger|changer)[^.?!]{1,60}?\bcontre\b|\bfor an?\b[^.?!]{1,30}?\bswap\b)`)

// swapWantRe is what the customer wants instead: the words after the
// last "for", "with", "por", "gegen", "contre" or "rather have".
var swapWantRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:for|with|into|por|gegen|contre|rather have|prefer)\s+((?:[^\s,.!?;]+\s*){1,6})`)

// swapTailRe are the words that end a swap request, not part of the thing
// wanted.
var swapTailRe = regexp.MustCompile(`(?i)\s*(?:\b(?:instead|please|pls|then|swap|exchange|umtauschen|tauschen|eintauschen|austauschen|bitte|por favor|s'il vous plaît|svp|can you|could you|switch them)\b\s*)+$`)

// genericOtherRe is another product not named: "something else".
var genericOtherRe = regexp.MustCompile(`(?i)^(?:something|anything|(?:an?|the) (?:different|other) (?:product|item|thing)|another (?:product|item|thing))\b`)

// swapAsked reports whether text asks to swap something for something.
func swapAsked(text string) bool {
	return swapAskRe.MatchString(text) && !addressNamedRe.MatchString(strings.ToLower(normalise(text)))
}

// swapWant is what text wants instead, in the customer's words, or "".
func swapWant(text string) string {
	ms := swapWantRe.FindAllStringSubmatch(text, -1)
	if len(ms) == 0 {
		return ""
	}
	want := strings.TrimSpace(ms[len(ms)-1][1])
	for i := 0; i < 3; i++ {
		want = strings.TrimSpace(swapTailRe.ReplaceAllString(want, ""))
	}
	return want
}

// otherProductAnswer words exchange_item's answer that what the customer
// wants is another product: no swap, a return and a new order instead, or
// a person.
func otherProductAnswer(r map[string]any) string {
	wanted := strings.TrimSpace(str(r, "wanted"))
	lead := wanted + " is a different product"
	if wanted == "" || len(wanted) > 40 || genericOtherRe.MatchString(wanted) {
		wanted, lead = "what you'd like instead", "that would be a different product"
	}
	money := ""
	if refund, credit := str(r, "refund"), str(r, "store_credit"); refund != "" {
		money = ", for a refund of " + refund
		if credit != "" && credit != refund {
			money += " or store credit of " + credit
		}
	}
	return fmt.Sprintf("I'm sorry, %s, so I can't exchange %s for it: an exchange here is for another variant (another size or colour) of the same product. "+
		"I can start a return of it instead%s, and you can place a new order for %s; or a member of our team can help. Which would you prefer?",
		lead, str(r, "item"), money, wanted)
}
