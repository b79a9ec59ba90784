package order

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// unitEndRe is a unit written at the end of a street line, with the
// separator before it: " Apt 5", ", Suite 200", " #7", " 3rd Floor",
// " Piso 3", " Whg. 3", " 3e étage". The unit's number starts with a
// digit, or is one letter set apart ("Apt B"), so a street named for a
// word ("Unity Road", "12 Suite Road") is no unit. Compiled at first use:
// only an address change reads it, and at start it was a third of the
// packages' init allocations (cmd/doorstep's TestOwnPackagesInitSmall).
var unitEndRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)([\s,]+)(` +
		`(?:apt|apartment|appt|app|unit|suite|ste|flat|fl|floor|rm|room|bldg|building|` +
		`apto|apartamento|depto|dpto|departamento|piso|puerta|` +
		`wohnung|whg|etage|appartement|étage|bât|bat|bâtiment)` +
		`(?:\.?\s*(?:(?:no|nr|n[º°o])\.?\s*|#\s*)?\d[0-9a-z]*(?:-[0-9a-z]+)*|(?:\.\s*|\s+)(?:(?:no|nr|n[º°o])\.?\s*|#\s*)?[a-z](?:-?\d[0-9a-z]*)?)` +
		`|#\s*(?:\d[0-9a-z]*(?:-[0-9a-z]+)*|[a-z](?:-?\d[0-9a-z]*)?)` +
		`|\d+(?:st|nd|rd|th|\.|e|ème|eme|er|re|º|°)\s*(?:floor|fl|etage|étage|stock|og|piso|planta)` +
		`)$`)
})

// SplitUnit splits a unit off the end of a street line ("220 Elm St Apt
// 5" is "220 Elm St" and "Apt 5"): Shopify keeps the unit in address2,
// and carriers read address1 as the street alone. The separator (spaces,
// a comma) is all that is dropped. The street keeps a name and a house
// number, so a line that is only a unit ("Apt 3") or a number and a unit
// ("12 Apt 3") stays whole; unit is "" when nothing was split.
func SplitUnit(line string) (street, unit string) {
	m := unitEndRe().FindStringSubmatchIndex(line)
	if m == nil {
		return line, ""
	}
	street, unit = line[:m[2]], line[m[4]:]
	if !strings.ContainsFunc(street, isLetter) || !strings.ContainsAny(street, "0123456789") {
		return line, ""
	}
	return street, unit
}

func isLetter(r rune) bool { return unicode.IsLetter(r) }
