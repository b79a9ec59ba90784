package docs

import (
	"regexp"
	"strings"
	"unicode"
)

// tokens splits text into index terms: lower-cased runs of letters or of
// digits, stop words dropped, each stemmed. A hyphenated or slashed word
// also gives its joined form ("pour-over" gives pour, over and pourover), so
// "pourover" and "pour over" both find it.
func tokens(text string) []string {
	var out []string
	var word, joined strings.Builder
	parts := 0
	emit := func(w string) {
		if w == "" || stopWords[w] {
			return
		}
		if w[0] == '0' && len(w) > 1 && unicode.IsDigit(rune(w[len(w)-1])) {
			// "#02" filters are size 2 filters.
			if t := strings.TrimLeft(w, "0"); t != "" && allDigits(t) {
				w = t
			}
		}
		out = append(out, stem(w))
	}
	flushWord := func() {
		if word.Len() == 0 {
			return
		}
		w := word.String()
		word.Reset()
		emit(w)
		joined.WriteString(w)
		parts++
	}
	flushJoined := func() {
		flushWord()
		if parts > 1 && joined.Len() <= 24 {
			emit(joined.String())
		}
		joined.Reset()
		parts = 0
	}
	prev := rune(0)
	runes := []rune(text)
	for i, r := range runes {
		switch {
		case unicode.IsLetter(r):
			if unicode.IsDigit(prev) {
				flushJoined()
			}
			word.WriteRune(unicode.ToLower(r))
		case unicode.IsDigit(r):
			if unicode.IsLetter(prev) {
				flushJoined()
			}
			word.WriteRune(r)
		case (r == '\'' || r == '’') && unicode.IsLetter(prev) && i+1 < len(runes) && unicode.IsLetter(runes[i+1]):
			// don't, it's, customer's: one word.
			word.WriteRune('\'')
			r = prev
		case (r == '-' || r == '/') && unicode.IsLetter(prev) && i+1 < len(runes) && unicode.IsLetter(runes[i+1]):
			flushWord()
		default:
			flushJoined()
		}
		prev = r
	}
	flushJoined()
	return out
}

// stem is a light English suffix stripper: enough that "cleaning",
// "cleaned" and "cleans" meet "clean", "washes" meets "wash" and "dried"
// meets "dry", without a dictionary. It only has to agree with itself,
// since documents and queries go through the same function.
func stem(w string) string {
	if i := strings.IndexByte(w, '\''); i >= 0 {
		switch w[i:] {
		case "'s":
			w = w[:i]
		default: // don't, can't: keep the letters
			w = strings.ReplaceAll(w, "'", "")
		}
	}
	if len(w) <= 3 || !isASCII(w) {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "zes"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:len(w)-1]
	}
	switch {
	case strings.HasSuffix(w, "ied") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ing") && len(w) >= 6:
		w = undouble(w[:len(w)-3])
	case strings.HasSuffix(w, "ed") && len(w) >= 5:
		w = undouble(w[:len(w)-2])
	case strings.HasSuffix(w, "ly") && len(w) >= 6 && !strings.HasSuffix(w, "ily"):
		w = w[:len(w)-2]
	}
	// Adjectives and nouns made from a word meet it: "whitish" is
	// "white", "shrinkage" is "shrink".
	switch {
	case strings.HasSuffix(w, "ish") && len(w) >= 7:
		w = w[:len(w)-3]
	case strings.HasSuffix(w, "kage") && len(w) >= 8:
		w = w[:len(w)-3]
	}
	if len(w) >= 4 && strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "ee") {
		w = w[:len(w)-1]
	}
	return w
}

// undouble turns "shipp" into "ship" and "stopp" into "stop", but leaves
// "fill", "press" and "buzz" alone.
func undouble(w string) string {
	n := len(w)
	if n >= 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouylsz", rune(w[n-1])) {
		return w[:n-1]
	}
	return w
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// stopWords carry no meaning for search: function words, and the filler
// of a customer's question ("hi, I just got my ... and was wondering how I
// should ...").
var stopWords = func() map[string]bool {
	m := make(map[string]bool, 320) // sized once: no growth at start
	for _, w := range strings.Fields(`
a about above after again against all also am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during
each few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers
herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more
most mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own same
shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves
then there there's these they they'd they'll they're they've this those through to too under until up very
was wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while who who's
whom why why's will with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves
hi hello hey thanks thank please just got get gets getting know wondering wonder wondered want wanted like
would could might may maybe also really actually thing things something anything way ok okay yes yeah
question questions help tell say said bought ordered received new work works working does do did done
use using used one it's im id ive dont cant doesnt isnt put puts much many take takes show shows happen
happens normal really fix come comes made make need needs go goes keep still ever already time tiny
supposed there's lot lots per
u ur ya yall guys`) {
		m[w] = true
	}
	for _, w := range asideWords { // guide14.go
		m[w] = true
	}
	return m
}()

// synonymGroups are words customers use for the same thing in questions
// about home goods and orders. A question's word finds passages with any
// word of its group (at a lower weight), so "can it go on the stove"
// finds "works on all cooktops". Kept short and general on purpose: each
// entry must hold for any shop.
var synonymGroups = [][]string{
	{"stove", "stovetop", "cooktop", "hob", "burner"},
	{"dryer", "tumble"},
	{"clean", "wash"},
	{"pan", "skillet"},
	{"blanket", "throw"},
	{"cup", "mug"},
	{"size", "dimension", "measure", "big"},
	{"ship", "shipping", "deliver", "delivery"},
	{"international", "internationally", "abroad", "overseas", "worldwide", "outside"},
	{"price", "cost", "fee"},
	{"setup", "set", "assemble"},
	{"instruction", "guide", "directions"},
	{"fit", "compatible"},
	{"weigh", "weight", "heavy"},
	{"temperature", "temp", "heat", "hot", "hotter"},
	{"capacity", "hold", "volume"},
	{"cut", "slice", "knife"},
	{"meat", "chicken", "beef", "pork", "steak", "fish", "charcuterie"},
	{"store", "storage"},
	{"stain", "spill", "wine"},
	{"mold", "mould", "mildew", "moldy", "mouldy"},
	{"ounce", "oz"},
	{"pound", "lb"},
	{"inch", "inches"},
	{"length", "long", "short", "inch"},
	{"centimeter", "centimetre", "cm"},
	{"milliliter", "millilitre", "ml"},
}

// questionPhrases are a question's shape, not its subject: "how long does
// shipping take" asks about shipping.
var questionPhrases = regexp.MustCompile(`(?i)\bhow\s+(?:long|much|many|often|soon)\b`)

// queryTokens are a question's terms.
func queryTokens(q string) []string {
	return tokens(questionPhrases.ReplaceAllString(q, " "))
}

// synonyms maps a stemmed word to the other stemmed words of its group.
var synonyms = func() map[string][]string {
	m := map[string][]string{}
	for _, g := range synonymGroups {
		var stems []string
		for _, w := range g {
			for _, t := range tokens(w) {
				if !contains(stems, t) {
					stems = append(stems, t)
				}
			}
		}
		for _, s := range stems {
			for _, o := range stems {
				if o != s && !contains(m[s], o) {
					m[s] = append(m[s], o)
				}
			}
		}
	}
	return m
}()

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
