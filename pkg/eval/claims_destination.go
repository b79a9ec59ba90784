package eval

import (
	"regexp"
	"strings"
)

// A reply that says where the parcel goes ("it's heading to 12 Oak St",
// "the mug will ship to 12 Oak Street") states the order's address: the
// one the tool results hold, or one the agent changed it to. An address
// stated so that the tool results do not hold is a claim of an address
// change, whether or not "new", "instead" or the old address is said. A
// question, a condition, a negation or a modal before the words ("it can
// go to…", "once you confirm, it will go to…") claims nothing.

// destinationRe is the parcel's way to an address written with its
// house number first and its street's name capitalised (group 1: the
// number and the street's first word).
var destinationRe = regexp.MustCompile(`(?i)\b(?:(?:is|are|['’]s|['’]re)\s+(?:now\s+|still\s+)?(?:heading|headed|going|travel+ing|being\s+(?:sent|shipped|delivered|forwarded)|on\s+(?:its|their|the)\s+way|en\s+route|out\s+for\s+delivery)` +
	`|(?:will|['’]ll)\s+(?:now\s+)?(?:be\s+(?:sent|shipped|delivered|going|heading|forwarded)|go|ship|head|arrive|travel)|(?:now\s+)?(?:goes|ships|heads))` +
	`\s+(?:to|at)\s+(?:the\s+address\s+)?(?:at\s+)?(?-i:(\d{1,6}[A-Za-z]?\s+(?:[NSEW]\.?\s+)?\p{Lu}\p{Ll}+))`)

// destinationClaim is the first sentence of text that sends the parcel
// to an address sources do not hold; "" if none does.
func destinationClaim(text, sources string) string {
	if !strings.ContainsAny(text, "0123456789") {
		return ""
	}
	known := strings.ReplaceAll(addressStream(sources), " |", "")
	for _, sm := range amountSentenceRe.FindAllStringIndex(text, -1) {
		s := strings.TrimSpace(text[sm[0]:sm[1]])
		if s == "" || strings.HasSuffix(s, "?") || conditionRe.MatchString(s) {
			continue
		}
		for _, m := range destinationRe.FindAllStringSubmatchIndex(s, -1) {
			if modalRe.MatchString(clauseBefore(s, m[0])) || negatedWithin(s, m[0], negWindow) || negWordRe.MatchString(s[m[0]:m[1]]) {
				continue
			}
			if !strings.Contains(known, " "+strings.Join(addressTokens(s[m[2]:m[3]]), " ")+" ") {
				return s
			}
		}
	}
	return ""
}
