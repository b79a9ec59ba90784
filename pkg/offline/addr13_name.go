package offline

import (
	"regexp"
	"strings"
	"unicode"
)

// The recipient's name written at the head of a new address ("ship it to
// Linda Whitfield, 77 W 3rd St …", "attn Peter van der Berg, 9 Birch
// Lane …", a name on the line above the street): it is part of the
// address change_address writes, so the proposal carries it. A trial
// proposed the address under the order's old name, silently dropping the
// one given.

// headCueRe ends the words before a recipient's name: "to", "an", "a",
// "à", a label's colon, "attn". The name is what follows the last one.
var headCueRe = regexp.MustCompile(`(?i)(?:(?:^|\s)(?:to|an|a|à|attn\.?|attention|z\.\s?hd\.?|zu händen(?:\s+von)?|a la atenci[oó]n de)|:|->)\s+`)

// attnRe is "attn" and its spellings before a name, after another cue.
var attnRe = regexp.MustCompile(`(?i)^(?:attn\.?|attention|z\.\s?hd\.?|zu händen(?:\s+von)?)\s*:?\s+`)

// careOfRe is "c/o" and its spellings: the name after it receives the
// parcel for the customer.
var careOfRe = regexp.MustCompile(`(?i)^(?:c/o|c\.o\.|care of)\s+`)

// nameParticles are the small words inside a family name.
var nameParticles = map[string]bool{"de": true, "la": true, "del": true, "van": true, "von": true, "der": true, "den": true,
	"da": true, "di": true, "du": true, "le": true, "dos": true, "das": true, "y": true, "bin": true, "al": true, "st.": true}

// notNameWords are words that make a run of words no person's name.
var notNameWords = map[string]bool{"my": true, "the": true, "our": true, "your": true, "his": true, "her": true, "their": true,
	"it": true, "me": true, "us": true, "this": true, "that": true, "new": true, "old": true, "office": true, "home": true, "work": true,
	"house": true, "address": true, "adress": true, "order": true, "please": true, "pls": true, "plz": true, "hi": true, "hello": true,
	"hey": true, "thanks": true, "thank": true, "dear": true, "yes": true, "no": true, "ok": true, "okay": true, "sure": true,
	"street": true, "st": true, "avenue": true, "ave": true, "road": true, "apt": true, "suite": true, "unit": true, "instead": true,
	"change": true, "send": true, "ship": true, "deliver": true, "mail": true, "shipping": true, "delivery": true, "parcel": true,
	"package": true, "neue": true, "nueva": true, "nouvelle": true, "adresse": true, "dirección": true, "direccion": true, "bitte": true,
	"lieferadresse": true, "just": true, "do": true, "then": true, "and": true, "also": true, "is": true, "name": true, "should": true,
	"be": true, "a": true, "an": true, "to": true, "for": true, "of": true, "in": true, "at": true, "on": true, "cancel": true,
	"keep": true, "great": true, "perfect": true, "correct": true, "right": true, "wrong": true, "fine": true, "good": true,
	"thx": true, "ty": true, "wait": true, "never": true, "mind": true, "nvm": true, "what": true, "where": true, "why": true,
	"how": true, "when": true, "can": true, "could": true, "would": true, "will": true, "you": true, "i": true, "we": true,
	"sorry": true, "actually": true, "friend": true, "mom": true, "mum": true, "dad": true, "parents": true, "neighbor": true,
	"neighbour": true, "gracias": true, "danke": true, "merci": true, "sí": true, "si": true, "ja": true, "oui": true, "nein": true,
	"non": true, "svp": true, "por": true, "favor": true, "update": true, "updated": true}

// personName reports whether s is a person's name as written: two to
// five words, each capitalised, an initial ("J." or "J"), or a particle
// inside the name ("de la", "van der"); lower-case words too when lower
// is set (a name typed in lower case after an explicit "to").
func personName(s string, lower bool) bool {
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 5 {
		return false
	}
	named := 0
	for i, w := range words {
		lw := strings.ToLower(w)
		if nameParticles[lw] && i > 0 && i < len(words)-1 {
			continue
		}
		if notNameWords[strings.Trim(lw, ".,'’")] {
			return false
		}
		r := []rune(w)
		for _, c := range r {
			if !unicode.IsLetter(c) && !strings.ContainsRune(".'’-", c) {
				return false
			}
		}
		if !unicode.IsLetter(r[0]) || (!unicode.IsUpper(r[0]) && !lower) {
			return false
		}
		if strings.Contains(w, ".") && !(len(r) == 2 && r[1] == '.') {
			return false // "J." is an initial; "St." is no name
		}
		named++
	}
	return named >= 2
}

// headName is the recipient's name written just before an address's
// street, in before (the text before the street): "" when there is none.
// A name after "c/o" keeps it ("c/o Ana de la Cruz"): the tool puts the
// order's name in front. Every character is the customer's own.
func headName(before string) string {
	before = strings.ReplaceAll(before, "\n", ", ")
	segs := strings.Split(before, ",")
	i := len(segs) - 1
	for i >= 0 && strings.TrimSpace(segs[i]) == "" {
		i--
	}
	if i < 0 {
		return ""
	}
	seg := strings.TrimSpace(segs[i])
	cued, said := false, false
	if loc := headCueRe.FindAllStringIndex(seg, -1); len(loc) > 0 {
		seg, cued, said = strings.TrimSpace(seg[loc[len(loc)-1][1]:]), true, true
	} else if i > 0 && strings.HasSuffix(strings.TrimSpace(segs[i-1]), ":") {
		cued = true // a label, then the name on its own line
	} else if i == 0 && strings.Contains(before, ", ") {
		cued = true // the name on the first line, the street below
	}
	seg = strings.TrimRight(seg, " \t-–:")
	if !cued || seg == "" {
		return ""
	}
	if m := attnRe.FindString(seg); m != "" {
		seg = strings.TrimSpace(seg[len(m):]) // "to: attn Peter …"
	}
	name := seg
	if m := careOfRe.FindString(seg); m != "" {
		name = strings.TrimSpace(seg[len(m):])
	}
	// A name typed in lower case is taken only after a spoken cue ("ship
	// it to linda whitfield, …").
	if !personName(name, said && strings.ToLower(name) == name) {
		return ""
	}
	return seg
}
