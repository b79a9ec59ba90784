package eval

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A discount code in a reply must be one the shop issued (or one the
// tools or the customer gave): a model that makes one up ("use code
// SAVE20") promises money off that no checkout will take.
var (
	// codeWordRe is a word that names a code, in the four languages.
	codeWordRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:codes?|coupons?|vouchers?|c[oó]digos?|cup[oó]n|gutschein(?:code)?|rabattcode|bon de r[ée]duction)(?:[^\p{L}]|$)`)
	// codeTokenRe is what a code looks like: capitals and digits, in
	// groups joined by dashes.
	codeTokenRe = regexp.MustCompile(`\b[A-Z0-9]+(?:-[A-Z0-9]+)*\b`)
	// shopCodeRe is the shop's own format (pkg/discount), named or not.
	shopCodeRe = regexp.MustCompile(`\b(?:THANKS|FRIEND)-[A-Z0-9]{2,}(?:-[A-Z0-9]+)*\b`)
)

// discountCodes are the codes text states: a code-shaped token (five
// characters or more, a capital letter among them) within 30 characters
// after a word that names a code, and any token in the shop's own
// format.
func discountCodes(text string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(c string) {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for _, m := range codeWordRe.FindAllStringIndex(text, -1) {
		// The match ends with the boundary after the word (a "." of its
		// own): the window starts at that boundary.
		start := m[1]
		if r, size := utf8.DecodeLastRuneInString(text[m[0]:m[1]]); !unicode.IsLetter(r) {
			start -= size
		}
		end := min(len(text), start+30)
		window := text[start:end]
		// A code follows the word: stop at the end of the sentence.
		if i := sentenceEnd(window); i >= 0 {
			window = window[:i]
		}
		for _, tok := range codeTokenRe.FindAllString(window, -1) {
			if len(tok) >= 5 && strings.ContainsFunc(tok, unicode.IsUpper) {
				add(tok)
			}
		}
	}
	for _, tok := range shopCodeRe.FindAllString(text, -1) {
		add(tok)
	}
	return out
}

// flatCode is a code compared without case, dashes or spaces.
func flatCode(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToUpper(r)
	}, s)
}

// inventedCodes are the codes the replies state that the shop never
// issued and neither the tools nor the customer gave.
func inventedCodes(t transcript) []string {
	known := flatCode(strings.Join(t.Sources, " ") + " " + strings.Join(t.Customer, " ") + " " + strings.Join(t.Codes, " "))
	var fails []string
	seen := map[string]bool{}
	for _, r := range t.Replies {
		for _, c := range discountCodes(r) {
			if !seen[c] && !strings.Contains(known, flatCode(c)) {
				seen[c] = true
				fails = append(fails, fmt.Sprintf("grounding: discount code %s was never issued", c))
			}
		}
	}
	return fails
}

// sentenceEnd is where the first sentence of s ends (a ".", "!" or "?"
// before a space or the end, or a new line), or -1.
func sentenceEnd(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n':
			return i
		case '.', '!', '?':
			if i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\n' {
				return i
			}
		}
	}
	return -1
}
