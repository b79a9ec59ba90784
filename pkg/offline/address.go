package offline

import (
	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"regexp"
	"strings"
)

// A new delivery address in a customer's message, however it is asked
// for ("send it to … instead", "my work address: …") and however its
// commas fall: a US address (street, optional second line, city, state as
// a code or a name, ZIP), or an address abroad that names its country,
// whose parts are read by their shape (a postcode before or after the
// city). The tool decides what can be done with it; this only reads it.

// usAddressRe is a US address anywhere in a message: street, optional
// second line, city, state (code or name), ZIP, commas optional between
// city, state and ZIP.
var usAddressRe = regexp.MustCompile(`(\d+[A-Za-z]?\s+[^,\n:]+?),\s*(?:([^,\n]+?),\s*)?([A-Za-z .'\-]+?)\s*,?\s+([A-Z]{2}|[A-Za-z][A-Za-z .]*?)\s*,?\s*(\d{5}(?:-\d{4})?)\b`)

// stateCodeEndRe is a two-letter state code at the end of what was read
// as the state: "York NY" is the city's last word and the state.
var stateCodeEndRe = regexp.MustCompile(`^(.*\S)\s+([A-Z]{2})$`)

// countries are country names as customers write them, by ISO code.
var countries = map[string]string{
	"united states": "US", "united states of america": "US", "usa": "US", "us": "US", "u.s.": "US", "u.s.a.": "US",
	"canada": "CA", "mexico": "MX", "méxico": "MX", "united kingdom": "GB", "uk": "GB", "u.k.": "GB", "great britain": "GB",
	"england": "GB", "scotland": "GB", "wales": "GB", "ireland": "IE", "france": "FR", "germany": "DE", "deutschland": "DE",
	"spain": "ES", "españa": "ES", "italy": "IT", "italia": "IT", "portugal": "PT", "netherlands": "NL", "the netherlands": "NL",
	"holland": "NL", "belgium": "BE", "belgique": "BE", "switzerland": "CH", "schweiz": "CH", "suisse": "CH", "austria": "AT",
	"österreich": "AT", "denmark": "DK", "sweden": "SE", "norway": "NO", "finland": "FI", "poland": "PL", "australia": "AU",
	"new zealand": "NZ", "japan": "JP",
}

// trailingRe is what may follow an address: "instead", "please", "thanks".
var trailingRe = regexp.MustCompile(`(?i)[\s,.!?]*\b(?:instead|please|pls|plz|thanks|thank you|thx|now|asap|then)\b[\s,.!?]*$`)

// addressCueRe introduces an address: "to", "address:", "is", "->".
var addressCueRe = regexp.MustCompile(`(?i)(?:\bto|:|->|=>|\bis|\binstead)\s+`)

// labelCueRe ends a label before an address's first digit: addressCueRe's
// cues, a dash ("updated address - ") and a lowercase "a" ("envíelo a").
var labelCueRe = regexp.MustCompile(`(?:(?i:\bto|:|->|=>|\s[-–]|\bis|\binstead)|\ba)\s+`)

var (
	zipCityRe = regexp.MustCompile(`^(\d{4,5}(?:-\d{3,4})?)\s+(\D+)$`)                               // 75002 Paris
	cityZipRe = regexp.MustCompile(`^(\D+?)\s+([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|\d{4,6})$`)         // London NW1 6XE
	provZipRe = regexp.MustCompile(`^([A-Z]{2})\s+([A-Z]\d[A-Z]\s?\d[A-Z]\d|\d{4,6}(?:-\d{3,4})?)$`) // ON M5V 1J5
	// cityProvZipRe is a city, a province code and a postcode in one part:
	// "Toronto ON M5H 2N2".
	cityProvZipRe = regexp.MustCompile(`^(\D+?)\s+([A-Z]{2})\s+([A-Z]\d[A-Z]\s?\d[A-Z]\d|\d{4,6}(?:-\d{3,4})?)$`)
	// caPostcodeRe is a Canadian postal code ending an address that names
	// no country: "ON M5H 2N2", "Toronto ON M5H 2N2" (its shape, letter
	// digit letter digit letter digit, is no other country's).
	caPostcodeRe = regexp.MustCompile(`\b[A-Z]{2}\s+[ABCEGHJ-NPRSTVXY]\d[A-Z]\s?\d[A-Z]\d$`)
	// countryZipRe is a country followed or preceded by a postcode in the
	// last part: "Mexico 06600", "06600 Mexico".
	countryZipRe = regexp.MustCompile(`^(?:(\D+?)\s+(\d{4,6})|(\d{4,6})\s+(\D+))$`)
	anyDigitRe   = regexp.MustCompile(`\d`)
	// postcodeRe is a postcode on its own: "D02 XY45", "8001".
	postcodeRe = regexp.MustCompile(`^(?:[A-Z0-9]*\d[A-Z0-9]*[ -]?[A-Z0-9]{2,4}|\d{4,6})$`)
)

// newAddress reads the new address in text: change_address's fields, or
// nil when text holds none.
func newAddress(text string) map[string]any {
	text = orderRe.ReplaceAllString(text, "")
	if a := foreignAddress(text); a != nil {
		return a
	}
	idx := usAddressRe.FindStringSubmatchIndex(text)
	if idx == nil && strings.Contains(text, "\n") {
		// One part a line: "New address:\n27 Willow Way\nTucson, AZ".
		text = strings.ReplaceAll(text, "\n", ", ")
		idx = usAddressRe.FindStringSubmatchIndex(text)
	}
	if idx == nil {
		return nil
	}
	m := make([]string, len(idx)/2)
	for i := range m {
		if idx[2*i] >= 0 {
			m[i] = text[idx[2*i]:idx[2*i+1]]
		}
	}
	street := m[1]
	if loc := addressCueRe.FindAllStringIndex(street, -1); len(loc) > 0 {
		street = street[loc[len(loc)-1][1]:] // "#1001 to 42 Elm Street"
	}
	city, state := strings.TrimSpace(m[3]), strings.TrimSpace(m[4])
	if s := stateCodeEndRe.FindStringSubmatch(state); s != nil {
		// The city runs on to the code, as the customer wrote it.
		city = strings.TrimSpace(text[idx[6] : idx[8]+len(s[1])])
		state = s[2]
	}
	a := map[string]any{"address1": strings.TrimSpace(street), "city": city, "province": state, "zip": m[5]}
	if m[2] != "" {
		a["address2"] = strings.TrimSpace(m[2])
	}
	if name := headName(text[:idx[2]]); name != "" {
		a["name"] = name // addr13_name.go: "ship it to Linda Whitfield, 77 …"
	}
	return streetFromLine2(a) // scope11.go
}

// foreignAddress reads an address that ends with a country other than
// the US: street first, then the parts by their shape.
func foreignAddress(text string) map[string]any {
	rest := strings.TrimSpace(text)
	for {
		trimmed := trailingRe.ReplaceAllString(rest, "")
		if trimmed == rest {
			break
		}
		rest = trimmed
	}
	rest = strings.TrimRight(rest, " .!?")
	i := strings.LastIndexAny(rest, ",\n")
	if i < 0 {
		return nil
	}
	last := strings.TrimSpace(rest[i+1:])
	code, ok := countries[strings.ToLower(last)]
	zip := ""
	if m := countryZipRe.FindStringSubmatch(last); !ok && m != nil {
		country, z := m[1]+m[4], m[2]+m[3]
		code, ok = countries[strings.ToLower(country)]
		zip = z
	}
	if !ok && caPostcodeRe.MatchString(last) {
		// No country named, but the postcode is Canada's: the last part
		// is part of the address.
		code, ok, i = "CA", true, len(rest)
	}
	if !ok || code == "US" || !anyDigitRe.MatchString(rest[:i]) {
		return nil
	}
	rest = rest[:i]
	// The address starts after the last cue before its first digit.
	first := anyDigitRe.FindStringIndex(rest)[0]
	start := 0
	for _, loc := range labelCueRe.FindAllStringIndex(rest[:first], -1) {
		start = loc[1]
	}
	if c := strings.LastIndex(rest[:first], ","); c >= start {
		// No cue, or words after it ("to Toronto instead, 100 …"): the
		// street is the part holding the first digit.
		start = c + 1
	}
	var parts []string
	for _, p := range strings.Split(rest[start:], ",") {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) < 2 {
		return nil
	}
	a := map[string]any{"address1": parts[0], "country_code": code}
	if zip != "" {
		a["zip"] = zip
	}
	var between []string
	for j, p := range parts[1:] {
		last := j == len(parts)-2
		switch m := (struct{ zc, cz, pz, cpz []string }{zipCityRe.FindStringSubmatch(p), cityZipRe.FindStringSubmatch(p), provZipRe.FindStringSubmatch(p), cityProvZipRe.FindStringSubmatch(p)}); {
		case m.cpz != nil:
			a["city"], a["province"], a["zip"] = strings.TrimSpace(m.cpz[1]), m.cpz[2], m.cpz[3]
		case m.pz != nil:
			a["province"], a["zip"] = m.pz[1], m.pz[2]
			if len(between) > 0 {
				a["city"], between = between[len(between)-1], between[:len(between)-1]
			}
		case m.zc != nil:
			a["zip"], a["city"] = m.zc[1], strings.TrimSpace(m.zc[2])
		case m.cz != nil:
			a["city"], a["zip"] = strings.TrimSpace(m.cz[1]), m.cz[2]
		case postcodeRe.MatchString(p) && a["zip"] == nil:
			a["zip"] = p
			if len(between) > 0 && a["city"] == nil {
				a["city"], between = between[len(between)-1], between[:len(between)-1]
			}
		case last && a["city"] == nil && (a["zip"] == nil || zip != ""):
			a["city"] = p
		default:
			if a["zip"] != nil && a["city"] != nil {
				a["province"] = p
			} else {
				between = append(between, p)
			}
		}
	}
	if len(between) > 0 {
		a["address2"] = strings.Join(between, ", ")
	}
	return a
}

// asksStatusToo reports whether a message that gives a new address also
// asks where its order is ("has it shipped yet? also can I change the
// address to …"): both are answered, the status first.
func (t *turn) asksStatusToo() bool {
	qs := questions(t.text)
	if len(qs) < 2 {
		return false
	}
	for _, q := range qs {
		if newAddress(q) != nil {
			continue
		}
		if classify(normalise(q)) == intentStatus {
			return true
		}
	}
	return false
}

// asksAddressToo reports whether one of a message's questions asks to
// change the address without giving the new one ("which carrier is it
// with, and can I change the address?"): the tool asks for it.
func (t *turn) asksAddressToo() bool {
	qs := questions(t.text)
	if len(qs) < 2 {
		return false
	}
	for _, q := range qs {
		if classify(normalise(q)) == intentAddress {
			return true
		}
	}
	return false
}

// statusAndAddress is the step of a message that asks where its order is
// and gives a new address: track_order, then change_address, then both
// answers. ok is false for any other message.
func (t *turn) statusAndAddress(addr map[string]any) (agent.Message, bool) {
	if (addr == nil && !t.asksAddressToo()) || !t.verified || t.confirmed != nil || !t.asksStatusToo() {
		return agent.Message{}, false
	}
	n := len(t.calls)
	track, change := t.called(toolname.TrackOrder), t.called(toolname.ChangeAddress)
	switch {
	case n == 0:
		return toolCall(n, toolname.TrackOrder, t.orderArg()), true
	case track != nil && change == nil:
		args := t.orderArg()
		if o := str(track.result, "order_number"); o != "" && !track.isErr {
			args["order_number"] = o
		}
		for k, v := range addr {
			args[k] = v
		}
		return t.fixAddress(toolCall(n, toolname.ChangeAddress, args)), true
	case track != nil && change != nil:
		return say("%s\n\n%s", t.answer(*track), t.answer(*change)), true
	}
	return agent.Message{}, false
}
