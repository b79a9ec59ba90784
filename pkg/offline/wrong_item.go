package offline

import (
	"regexp"
	"strings"
)

// What came is not what was ordered, however it is put: "I ordered X but
// got Y", "Y came instead of X", "these aren't the ones I ordered", "mine
// were supposed to be X", "they mixed it up", in English, Spanish, German
// or French. The words between are free, so the colours and sizes named
// are the shop's own, never a list here.
var (
	// orderedButGotRe: ordered, a contrast, then what came; group 1 is
	// the words between the contrast and the verb.
	orderedButGotRe = regexp.MustCompile(`\b(?:i|we)\s+(?:ordered|ordred|orderd|oredered|bought|paid for|picked|chose|selected)\b[^.?!]{0,60}?\b(?:but|yet)\b([^.?!]{0,40}?)\b(?:got|received|recieved|sent|shipped|came|arrived|showed up|turned up|there (?:was|were|is|are)|it'?s|they'?re|theyre|these are|those are|it is|they are)\b`)
	// orderedAndOnesRe: "ordered the 12 oz and 8 oz ones showed up".
	orderedAndOnesRe = regexp.MustCompile(`\b(?:i|we)\s+(?:ordered|ordred|orderd|bought|paid for)\b[^.?!]{0,60}?\band\b[^.?!]{0,30}?\bones?\b[^.?!]{0,12}?\b(?:came|arrived|showed up|turned up|were in|was in)\b`)
	// gotInsteadRe: what came, said as taking the place of what was ordered.
	gotInsteadRe = regexp.MustCompile(`\b(?:got|received|recieved|sent|shipped|came|arrived|delivered|there (?:was|were))\b[^.?!]{0,40}?\binstead of\b`)
	// insteadGotRe: the same the other way round ("instead of the blue
	// ones there were grey ones"); group 1 is what was ordered.
	insteadGotRe = regexp.MustCompile(`\binstead of\b([^.?!]{0,40}?)\b(?:got|received|recieved|sent|shipped|came|arrived|there (?:was|were)|found)\b`)
	// remedyWords after "instead of" name a remedy, not a thing ordered
	// ("credit instead of a refund, it came late").
	remedyWords = regexp.MustCompile(`\b(?:refund|credit|money|cash|replacement|exchange|return|voucher|gift card|waiting)\b`)
	// notWhatOrderedRe: what came denied to be what was ordered.
	notWhatOrderedRe = regexp.MustCompile(`\b(?:isn'?t|aren'?t|is not|are not|wasn'?t|weren'?t|was not|were not|not)\b[^.?!]{0,30}?\b(?:i|we)\s+(?:ordered|ordred|orderd|bought|paid for|picked|chose|selected)\b`)
	// cameButOrderedRe: what came, then what was ordered ("came in oak, i
	// ordered walnut"; "shipped me charcoal, my order says sea glass").
	cameButOrderedRe = regexp.MustCompile(`\b(?:came|arrived|showed up|turned up|got|received|recieved|delivered|sent|shipped)\b[^.?!]{0,40}?(?:[,;]|\bbut\b|\bwhen\b|\bwhereas\b)\s*(?:(?:i|we)\s+(?:ordered|ordred|orderd|paid for|bought|picked|chose)|(?:my|the) order (?:says|said|shows|showed|was|is))\b`)
	// supposedRe: "mine were supposed to be X"; group 1 is X's first word.
	supposedRe = regexp.MustCompile(`\b(?:were|was|are|is)\s+supposed\s+to\s+be\s+(\w+)`)
	// mixedUpRe: the packing mixed up, or the wrong thing in so many words.
	mixedUpRe = regexp.MustCompile(`\bmixed (?:it |them |my order |the order |things )?up\b|\b(?:sent|shipped|gave|packed) (?:me |us )?(?:the |a )?wrong\b|\bwrong (?:finish|model|variant|version|ones|items?|things?)\b`)
	// foreignWrongRe: the same in Spanish, German and French; groups hold
	// the words between the contrast and the verb.
	foreignWrongRe = regexp.MustCompile(`\b(?:ped[ií]|encargu[eé]|compr[eé])[^.?!]{0,60}?\b(?:pero|y)\b([^.?!]{0,40}?)(?:lleg(?:ó|o|aron)|recib[ií]|mandaron|enviaron|vinieron|vino)` +
		`|\bbestellt\b[^.?!]{0,40}?\b(?:aber|doch|und)\b([^.?!]{0,40}?)\b(?:bekommen|erhalten|geliefert|gekommen|geschickt|kam|kamen)\b` +
		`|\bcommand[ée]e?s?[^.?!]{0,60}?\b(?:mais|et)\b([^.?!]{0,40}?)(?:re[çc]ue?s?|arriv[ée]e?s?|envoy[ée]e?s?|livr[ée]e?s?)\b`)
	// foreignInsteadRe: "en vez de", "statt", "au lieu de" with what came.
	foreignInsteadRe = regexp.MustCompile(`(?:\ben (?:vez|lugar) de\b|\b(?:an)?statt\b|\bau lieu d(?:e|es|u)\b)[^.?!]{0,40}?(?:lleg|recib|mandaron|enviaron|bekommen|erhalten|geliefert|geschickt|re[çc]u|envoy|livr)|(?:lleg|recib|mandaron|enviaron|bekommen|erhalten|geliefert|geschickt|re[çc]u|envoy|livr)[^.?!]{0,40}?(?:\ben (?:vez|lugar) de\b|\b(?:an)?statt\b|\bau lieu d(?:e|es|u)\b)`)
	// notYetRe: words of a thing that has not come, which make "ordered
	// it but it hasn't arrived" a late parcel, not a wrong one.
	notYetRe = regexp.MustCompile(`\b(?:not|hasn'?t|haven'?t|hadn'?t|didn'?t|never|still|yet|no|nicht|noch|nie|kein\w*|pas|rien|jamais|todav[ií]a|nunca|nada|n'?ai|n'?est)\b`)
	// placeWords follow "supposed to be" when the parcel is late, not wrong.
	placeWords = map[string]bool{"here": true, "there": true, "delivered": true, "arriving": true, "shipped": true,
		"at": true, "on": true, "in": true, "today": true, "tomorrow": true, "by": true, "sent": true, "dispatched": true}
)

// wrongReceived reports whether text says what came is not what was
// ordered.
func wrongReceived(text string) bool {
	t := strings.ToLower(text)
	if m := orderedButGotRe.FindStringSubmatchIndex(t); m != nil && !notYetRe.MatchString(t[m[2]:m[1]]) {
		return true
	}
	if m := foreignWrongRe.FindStringSubmatchIndex(t); m != nil {
		from := m[0]
		for g := 2; g+1 < len(m); g += 2 {
			if m[g] >= 0 {
				from = m[g]
			}
		}
		if !notYetRe.MatchString(t[from:m[1]]) {
			return true
		}
	}
	if m := insteadGotRe.FindStringSubmatch(t); m != nil && !remedyWords.MatchString(m[1]) && !notYetRe.MatchString(m[1]) {
		// Not "instead of the blue, it hasn't shipped": nothing came yet.
		return true
	}
	if m := supposedRe.FindStringSubmatch(t); m != nil && !placeWords[m[1]] {
		return true
	}
	return orderedAndOnesRe.MatchString(t) || gotInsteadRe.MatchString(t) || notWhatOrderedRe.MatchString(t) ||
		cameButOrderedRe.MatchString(t) || mixedUpRe.MatchString(t) || foreignInsteadRe.MatchString(t)
}
