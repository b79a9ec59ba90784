package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// One part of the delivery address corrected ("it should be 02139 not
// 02138", "its apt 4B", "the house number is 84"): change_address with
// just that part, partial, so the tool proposes the order's address with
// it changed, stated in full for a yes. A part named without its new value
// ("I typed the wrong zip") gets the tool's question for the full address.

// addressPart is one kind of part of an address: the words that name it,
// and how its new value is read.
type addressPart struct {
	field string
	noun  *regexp.Regexp
}

var addressParts = []addressPart{
	{"zip", regexp.MustCompile(`(?i)\b(?:zip(?: ?code)?|zipcode|post ?code|postal code|plz|postleitzahl|c[oó]digo postal|code postal)\b`)},
	{"address2", regexp.MustCompile(`(?i)\b(?:apt|apto|apartment|app?art?[a-z]*m[a-z]*|appt|unit|suite|ste|flat|wohnung(?:snummer)?|apartamento|appartement|departamento|depto)\b|(?:^|\s)#\s?\d`)},
	{"address1", regexp.MustCompile(`(?i)\b(?:house|st?r+e+e?t|building|door|haus)[ -]?(?:number|no\b|num\b|#|nummer)|\bn[uú]m(?:ero|éro)? de (?:casa|calle|rue|maison)\b`)},
	{"city", regexp.MustCompile(`(?i)\b(?:city|town|ville|ciudad|stadt)\b`)},
}

// partFixRe says a part is wrong, missing or to be added.
var partFixRe = regexp.MustCompile(`(?i)\b(?:wrong|typo|typed|mistake|missing|missed|forgot|left (?:it |that )?out|should (?:be|have been|'ve been)|shld be|shoud be|incorrect|not right|add|put|falsch|fehlt|vergessen|richtig|mal|equivocad[oa]|incorrect[oa]|falta|olvid\w*|faux|fausse|erreur|manque|oubli\w*)\b|\bnot (?:apt |#)?\d|\b(?:no|y no)\s+(?:el|la)\s+(?:(?:apto|apt|apartamento|departamento|depto|unidad|suite)\.?\s+)?#?\d|\b(?:nicht|statt|anstatt|pas|en vez del?|au lieu de?)\s+(?:(?:die|der|le|la|l'|apt|appartement|wohnung|unit|suite)\.?\s*)?#?\d`)

// notBeforeRe ends the words before a value the customer says is wrong:
// "not 02138", "nicht 48", "instead of 2".
var notBeforeRe = regexp.MustCompile(`(?i)\b(?:not|nicht|no|pas|instead of|statt|anstatt|en vez del?|au lieu de?)\s*(?:(?:the|el|la|le|die|der)\s+|l')?(?:apt|apto|apartment|apartamento|appartement|wohnung|unit|suite|#)?\.?\s*#?\s*$`)

var (
	zipValueRe  = regexp.MustCompile(`\b\d{5}(?:-\d{4})?\b`)
	unitValueRe = regexp.MustCompile(`(?i)\b(apt|apto|apartment|app?art?[a-z]*m[a-z]*|appt|unit|suite|ste|flat|wohnung|apartamento|appartement|departamento|depto)\b\.?(?:\s*(?:number|no\.?|nr\.?|num(?:ber|ero|éro)?|#))?\s*[:,]?\s*(?:(?:is|it's|its|es|el|ist|c'est|est|le|should be|=)\s+)*#?\s*(\d+[a-z]?|[a-z]\d+)\b|(?:^|\s)#(\d+[a-z]?)\b`)
	numValueRe  = regexp.MustCompile(`\b\d{1,6}[A-Za-z]?\b`)
	cityValueRe = regexp.MustCompile(`\b(?:should be|is|it's|its|it is|es|ist|c'est|est)\s+(\p{Lu}[\p{L}'.-]+(?:[ -]\p{Lu}[\p{L}'.-]+)*)`)
)

// unitKinds are the words a second line starts with, by the word the
// customer used.
var unitKinds = map[string]string{"unit": "Unit", "suite": "Suite", "ste": "Suite", "flat": "Flat"}

// said reports whether the value at text[at:] is one the customer says is
// not right ("not 02138").
func said(text string, at int) bool {
	return !notBeforeRe.MatchString(text[:at])
}

// correctedPart reads a correction of one part of the address: the
// field it names, and change_address's arguments for it (no value when
// the customer gave none). ok is false for any other message, or one that
// names several parts or a whole address.
func correctedPart(text string) (field string, args map[string]any, ok bool) {
	text = orderRe.ReplaceAllString(text, "")
	if !partFixRe.MatchString(text) || newAddress(text) != nil {
		return "", nil, false
	}
	var named []addressPart
	for _, p := range addressParts {
		if p.noun.MatchString(text) {
			named = append(named, p)
		}
	}
	if len(named) != 1 {
		return "", nil, false
	}
	field = named[0].field
	args = map[string]any{"partial": true}
	switch field {
	case "zip":
		for _, loc := range zipValueRe.FindAllStringIndex(text, -1) {
			if said(text, loc[0]) {
				args["zip"] = text[loc[0]:loc[1]]
				break
			}
		}
	case "address2":
		for _, m := range unitValueRe.FindAllStringSubmatchIndex(text, -1) {
			if !said(text, m[0]) {
				continue
			}
			kind, value := "Apt", ""
			if m[2] >= 0 {
				if k, ok := unitKinds[strings.ToLower(text[m[2]:m[3]])]; ok {
					kind = k
				}
				value = text[m[4]:m[5]]
			} else {
				value = text[m[6]:m[7]]
			}
			args["address2"] = kind + " " + strings.ToUpper(value)
			break
		}
	case "address1":
		after := named[0].noun.FindStringIndex(text)[1]
		for _, loc := range numValueRe.FindAllStringIndex(text, -1) {
			if loc[0] >= after && said(text, loc[0]) {
				args["address1"] = strings.ToUpper(text[loc[0]:loc[1]])
				break
			}
		}
	case "city":
		for _, m := range cityValueRe.FindAllStringSubmatchIndex(text, -1) {
			if said(text, m[0]) {
				args["city"] = text[m[2]:m[3]]
				break
			}
		}
	}
	if was := notValue(field, text); was != "" {
		args["was"] = was
	}
	if len(args) == 1 && sharedNoun[strings.ToLower(named[0].noun.FindString(text))] && !addressWordRe.MatchString(text) {
		// A word that names other things too ("the unit", "a flat
		// tyre", "the city") without a value is about the address only
		// when the message says so.
		return "", nil, false
	}
	return field, args, true
}

// sharedNoun are the words of a part that name other things too.
var sharedNoun = map[string]bool{"unit": true, "flat": true, "suite": true, "ste": true, "city": true, "town": true,
	"ville": true, "ciudad": true, "stadt": true}

// addressWordRe names the address, in English, Spanish, German or French.
var addressWordRe = regexp.MustCompile(`(?i)\b(?:add?ress?e?|addy|addr|direcci[oó]n|lieferadresse|shipping)\b`)

// partCorrection is the step for a message correcting one part of the
// address of the current order; ok is false for any other message.
func (t *turn) partCorrection(n int) (agent.Message, bool) {
	if !t.verified || t.confirmed != nil || t.intent == intentPerson {
		return agent.Message{}, false
	}
	field, part, ok := correctedPart(t.text)
	if !ok {
		return agent.Message{}, false
	}
	if n > 0 {
		if last := t.calls[n-1]; n == 1 && last.name == toolname.ChangeAddress {
			return say("%s", t.answer(last)), true
		}
		return agent.Message{}, false
	}
	if !offers(t.req, toolname.ChangeAddress) {
		if sharedNoun[strings.ToLower(addressPartNoun(field, t.text))] && !addressWordRe.MatchString(t.text) {
			// "unit 2 arrived wrong" on an order that came: not this.
			return agent.Message{}, false
		}
		return t.notOffered(toolname.ChangeAddress), true
	}
	args := t.orderArg()
	if st := t.req.State; st != nil && st.Answered != nil && st.Answered.Tool == toolname.ChangeAddress {
		// Right after a stated change: that address with the part
		// changed, not the order's.
		base := statedAddress(t.lastBot)
		if base == nil {
			return agent.Message{}, false
		}
		for k, v := range base {
			args[k] = v
		}
		if was, _ := part["was"].(string); was != "" && !statedWas(field, was, base) {
			return t.notInStated(base), true
		}
		if _, ok := part["address2"]; ok {
			a1, _ := args["address1"].(string)
			args["address1"] = agent.WithoutUnit(a1)
		}
		for k, v := range part {
			switch a1, _ := args["address1"].(string); {
			case k == "partial", k == "was":
			case k == "address1":
				if !houseNumberRe.MatchString(a1) {
					return agent.Message{}, false
				}
				args[k] = houseNumberRe.ReplaceAllString(a1, v.(string))
			default:
				args[k] = v
			}
		}
		return toolCall(n, toolname.ChangeAddress, args), true
	}
	for k, v := range part {
		args[k] = v
	}
	return toolCall(n, toolname.ChangeAddress, args), true
}

// notValue is the value of field that text says is not right ("not
// 97201", "not apt 3"), "" when it names none.
func notValue(field, text string) string {
	var re *regexp.Regexp
	switch field {
	case "zip":
		re = zipValueRe
	case "address2", "address1":
		re = numValueRe
	default:
		return ""
	}
	for _, loc := range re.FindAllStringIndex(text, -1) {
		if !said(text, loc[0]) {
			return text[loc[0]:loc[1]]
		}
	}
	return ""
}

// statedWas reports whether was, the value the customer says is wrong,
// is in the part field of the stated address base.
func statedWas(field, was string, base map[string]any) bool {
	s := func(k string) string { v, _ := base[k].(string); return v }
	switch field {
	case "zip":
		return agent.ValueIn(was, s("zip"))
	case "address2":
		return agent.ValueIn(was, s("address2"), strings.TrimPrefix(s("address1"), agent.WithoutUnit(s("address1"))))
	case "address1":
		return agent.ValueIn(was, houseNumberRe.FindString(s("address1")))
	}
	return true
}

// notInStated is the reply when the customer corrects a value the
// address just stated does not have.
func (t *turn) notInStated(base map[string]any) agent.Message {
	var parts []string
	for _, k := range []string{"address1", "address2", "city", "province", "zip"} {
		if v, _ := base[k].(string); v != "" {
			parts = append(parts, v)
		}
	}
	return say("The address I have is %s, so I'm not sure which part to change. Could you send me the full new address? Please include the street, city, state and ZIP code.", strings.Join(parts, ", "))
}

// houseNumberRe is a street line's house number.
var houseNumberRe = regexp.MustCompile(`^\d+[A-Za-z]?\b`)

// statedAddress is the address an address change's statement ("I'll
// change the shipping address of order #1 to: Name, 1 Elm St, …") gave,
// nil when reply states none.
func statedAddress(reply string) map[string]any {
	i := strings.LastIndex(reply, " to: ")
	if i < 0 {
		return nil
	}
	stated := reply[i+len(" to: "):]
	if j := strings.Index(stated, ", "); j >= 0 && !strings.ContainsAny(stated[:j], "0123456789") {
		stated = stated[j+2:] // the name the statement starts with
	}
	return newAddress(stated)
}

// wrongPlaceRe is a parcel left at the wrong place ("went to the wrong
// address", "someone else's porch", "not my house"), and handedOverRe the
// carrier having delivered it: together, on a delivered order, a parcel
// the customer has not got (report_not_received), not a new address.
var (
	wrongPlaceRe = regexp.MustCompile(`(?i)\b(?:wrong|different|another|other)\s+(?:add?ress?e?|house|home|building|door|porch|street|place|apartment|flat|unit|location|number)\b|\bsomeone(?: else)?'?s (?:house|home|porch|door|building|place)\b|\bsomewhere else\b|\bsomeone else (?:got|has|received)\b|\b(?:not|isn'?t|isnt|is not|wasn'?t|aint) my (?:house|home|porch|door|building|place|address|adress|street)\b|\bthat isn'?t mine\b|\bthat isnt mine\b|\bnot mine\b|\bfalsche[n]? (?:adresse|haus|tür)\b|\bdirecci[oó]n (?:equivocada|incorrecta|err[oó]nea)\b|\bcasa equivocada\b|\bmauvaise (?:adresse|maison|porte)\b`)
	handedOverRe = regexp.MustCompile(`(?i)\b(?:delivered|dropped|drop(?:ped)? off|left (?:it|them|my|the)|took it|brought it|driver|courier|photo|pic|picture|went to|gone to|geliefert|zugestellt|entregad[oa]|fahrer|repartidor|livreur)\b|\blivr[ée]`)
)

// deliveredElsewhere reports whether the customer says the parcel of the
// current order, which the carrier marked delivered, was left somewhere
// else.
func (t *turn) deliveredElsewhere() bool {
	return t.verified && offers(t.req, toolname.ReportNotReceived) && !offers(t.req, toolname.ChangeAddress) &&
		wrongPlaceRe.MatchString(t.text) && handedOverRe.MatchString(t.text)
}

// elsewhere is the step for a parcel delivered to the wrong place:
// report_not_received, then its answer.
func (t *turn) elsewhere(n int) (agent.Message, bool) {
	if t.confirmed != nil || t.intent == intentPerson || !t.deliveredElsewhere() {
		return agent.Message{}, false
	}
	if n == 0 {
		return toolCall(n, toolname.ReportNotReceived, t.orderArg()), true
	}
	if last := t.calls[n-1]; n == 1 && last.name == toolname.ReportNotReceived {
		return say("%s", t.answer(last)), true
	}
	return agent.Message{}, false
}

// withoutLabel is a street line without the label that introduced it
// ("new address:", "Neue Adresse:", "ship to:", "my new addy is"): what
// follows the last cue of a label (labelCueRe) before its first digit, or
// anywhere when it has none.
func withoutLabel(street string) string {
	head := street
	if i := anyDigitRe.FindStringIndex(street); i != nil {
		head = street[:i[0]]
	}
	cues := labelCueRe.FindAllStringIndex(head+" ", -1)
	if len(cues) == 0 {
		return street
	}
	// The cue's spaces may run into the one added after head: never past it.
	return strings.TrimSpace(street[min(cues[len(cues)-1][1], len(head)):])
}

// addressFix is the step for one part of the address corrected, or a
// parcel delivered to the wrong place.
func (t *turn) addressFix(n int) (agent.Message, bool) {
	if m, ok := t.elsewhere(n); ok {
		return m, true
	}
	return t.partCorrection(n)
}

// addressPartNoun is the word of text that names the part field.
func addressPartNoun(field, text string) string {
	for _, p := range addressParts {
		if p.field == field {
			return p.noun.FindString(text)
		}
	}
	return ""
}
