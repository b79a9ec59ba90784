package agent

import (
	"regexp"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// houseNumberRe is a street line's house number: "48" of "48 Linden
// Street", or a house number given alone ("84", "12B").
var houseNumberRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d+[A-Za-z]?\b`) })

// withAddressPart is the order's address old with the parts in given
// changed and the rest kept: a customer correcting one part ("the zip
// should be 02139", "add apt 4B"), or only the recipient's name on it
// ("the parcel should be addressed to Camille Durand"): Shopify's
// MailingAddressInput carries the name (firstName, lastName), so it
// changes with the address, under the same policy and the same yes. A street line that is only a house
// number replaces the old line's number. ok is false when there is no old
// address, nothing was given, or nothing would change: the whole new
// address is then asked for.
func withAddressPart(in changeAddressInput, old *order.Address) (changeAddressInput, bool) {
	if old == nil {
		return in, false
	}
	given := strings.TrimSpace(in.Address1 + in.Address2 + in.City + in.Province + in.Zip)
	name := strings.Join(strings.Fields(in.Name), " ")
	if given == "" && name == "" {
		return in, false
	}
	if swapped, ok := swapNameWord(old.Name, in.Was, name); ok {
		name, in.Name = swapped, swapped // "it's Jon, not John": one word of the name
	}
	if n := strings.TrimSpace(in.Address1); n != "" && houseNumberRe().FindString(n) == n {
		if !houseNumberRe().MatchString(old.Address1) {
			return in, false
		}
		in.Address1 = houseNumberRe().ReplaceAllString(old.Address1, n)
	}
	province := old.ProvinceCode
	if province == "" {
		province = old.Province
	}
	fill := func(v *string, was string) {
		if strings.TrimSpace(*v) == "" {
			*v = was
		}
	}
	if strings.TrimSpace(in.Address1) == "" && strings.TrimSpace(in.Address2) != "" {
		in.Address1 = WithoutUnit(old.Address1)
	}
	fill(&in.Address1, old.Address1)
	fill(&in.Address2, old.Address2)
	fill(&in.City, old.City)
	fill(&in.Province, province)
	fill(&in.Zip, old.Zip)
	fill(&in.CountryCode, old.CountryCode)
	same := in.Address1 == old.Address1 && in.Address2 == old.Address2 && in.City == old.City &&
		in.Zip == old.Zip && (in.Province == old.Province || in.Province == old.ProvinceCode) &&
		(name == "" || name == old.Name)
	return in, !same
}

// unitSuffixRe is a unit written at the end of a street line: " Apt 3"
// of "418 Birch Ave Apt 3", ", #7", " Suite 200".
var unitSuffixRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)[\s,]+(?:(?:apt|apartment|appt|unit|suite|ste|flat)\b\.?\s*(?:no\.?\s*|#\s*)?|#\s*)[0-9a-z][0-9a-z-]*$`)
})

// WithoutUnit is a street line without the unit at its end, so a new
// second line replaces that unit instead of standing next to it.
func WithoutUnit(line string) string {
	if l := unitSuffixRe().ReplaceAllString(line, ""); l != "" {
		return l
	}
	return line
}

// tokenRe is a word or number of an address line.
var tokenRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[\p{L}\p{N}]+`) })

// ValueIn reports whether the old value a customer named ("not 97201",
// "not apt 3") is in lines: its last word or number is one of theirs.
func ValueIn(was string, lines ...string) bool {
	w := tokenRe().FindAllString(strings.ToLower(was), -1)
	if len(w) == 0 {
		return true
	}
	for _, l := range lines {
		for _, tok := range tokenRe().FindAllString(strings.ToLower(l), -1) {
			if tok == w[len(w)-1] {
				return true
			}
		}
	}
	return false
}

// partWas reports whether in.Was, the value the customer says is wrong,
// is in the part of old that in corrects.
func partWas(in changeAddressInput, old order.Address) bool {
	switch {
	case in.Name != "" && strings.TrimSpace(in.Address1+in.Address2+in.City+in.Zip) == "":
		return ValueIn(in.Was, old.Name)
	case in.Zip != "":
		return ValueIn(in.Was, old.Zip)
	case in.Address2 != "":
		return ValueIn(in.Was, old.Address2, unitSuffixRe().FindString(old.Address1))
	case in.Address1 != "":
		return ValueIn(in.Was, houseNumberRe().FindString(old.Address1))
	case in.City != "":
		return ValueIn(in.Was, old.City)
	}
	return true
}

// swapNameWord is the recipient's name old with its word was replaced by
// word: "Jon Smith" for "John Smith", was "John", word "Jon". ok is false
// unless word is one word and was one word of old.
func swapNameWord(old, was, word string) (string, bool) {
	was = strings.TrimSpace(was)
	if word == "" || was == "" || strings.Contains(word, " ") || strings.Contains(was, " ") {
		return "", false
	}
	parts := strings.Fields(old)
	for i, p := range parts {
		if strings.EqualFold(p, was) {
			parts[i] = word
			return strings.Join(parts, " "), true
		}
	}
	return "", false
}
