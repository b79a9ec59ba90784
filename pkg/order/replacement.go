package order

import (
	"regexp"
	"strings"
)

// ReplacementSuffix ends the name of a replacement order the demo shop
// creates: "#1006-R" replaces "#1006". Customers type it as "1006-r",
// "1006R" or "#1006 -R"; NormaliseName writes every form the same way so
// a lookup by name finds it.
const ReplacementSuffix = "-R"

// ReplacementTag marks an order doorstep created to replace another's
// items (a damaged or lost parcel); "replaces-<name>" says which.
const ReplacementTag = "doorstep-replacement"

// replacementNameRe is a number with the replacement suffix, however
// typed: the case, the dash and a space before it vary.
var replacementNameRe = regexp.MustCompile(`(?i)^(\d+)\s*-?\s*r$`)

// replacementName is n in the canonical "1006-R" form when it names a
// replacement order, else n unchanged.
func replacementName(n string) string {
	if m := replacementNameRe.FindStringSubmatch(n); m != nil {
		return m[1] + ReplacementSuffix
	}
	return n
}

// Replaces is the name of the order o replaces ("#1006"), from its
// "replaces-" tag (Shopify's resolver writes "replaces-1006", the demo
// shop "replaces-#1006"), else from a demo name like "#1006-R"; "" when o
// is no replacement.
func Replaces(o Order) string {
	tagged := false
	for _, t := range o.Tags {
		t = strings.TrimSpace(t)
		if strings.EqualFold(t, ReplacementTag) {
			tagged = true
		}
		if rest, ok := strings.CutPrefix(strings.ToLower(t), "replaces-"); ok && strings.TrimSpace(strings.TrimPrefix(rest, "#")) != "" {
			return NormaliseName(rest)
		}
	}
	if base, ok := strings.CutSuffix(o.Name, ReplacementSuffix); ok && base != "#" && base != "" {
		return NormaliseName(base)
	}
	if tagged {
		return "#" // a replacement of an order it does not name
	}
	return ""
}
