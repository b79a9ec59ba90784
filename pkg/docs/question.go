package docs

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/doorstep-ai/doorstep/pkg/typo"
)

// asked is what a search reads in a customer's question besides its
// words: whether it asks how long (a passage that answers it states a
// duration), whether it asks for a total rather than a per-use figure,
// and which word is the action of a "how do I ..." question.
type asked struct {
	terms []string
	// duration: the question asks how long something takes or lasts.
	duration bool
	// total: it asks for the whole of something ("in total",
	// "altogether"), so a passage giving a figure per use answers another
	// question.
	total bool
	// limit: it asks how far something may go ("how hot can it get").
	limit bool
	// action is the stemmed verb of "how do I <verb> ...": the thing to
	// do. A passage about the same object that does not do it is a near
	// miss ("descale" asked, "espresso machine" found).
	action string
}

// durationTerm is the term a passage gets for each duration it states
// ("60 hours", "3 to 7 business days") and a question for asking how
// long. It cannot collide with a word: tokens are letters or digits.
const durationTerm = "~duration"

// temperatureTerm is the term of a temperature written with a degree
// sign ("86°F"): a question about temperature, heat or how hot finds it.
const temperatureTerm = "temperatur"

// limitTerm is the term of a limit a passage states ("up to 500°F",
// "no hotter than 86°F") and of a question that asks for one ("how hot
// can it get", "the oven limit").
const limitTerm = "~limit"

var (
	// limitAskRe asks how far something may go.
	limitAskRe = lazyRegexp(`(?i)\bhow (?:hot|high|long|much|many|far|big|heavy) (?:can|could|may|is it safe)\b|\b(?:limit|limits|max|maximum|highest|at most)\b`)
	// limitRe states a limit.
	limitRe = lazyRegexp(`(?i)\b(?:up to|no more than|no hotter than|no longer than|not more than|at most|maximum(?: of)?|max\.?)\s+(?:about\s+)?\d`)
	// timeRe is a time asked for.
	timeRe = lazyRegexp(`(?i)\btime\b`)
	// limitWords name a limit without saying of what.
	limitWords = map[string]bool{"limit": true, "max": true, "maximum": true, "highest": true}
)

// timeUnits are the words a duration ends on, stemmed.
var timeUnits = map[string]bool{"second": true, "minut": true, "min": true, "hour": true, "hr": true, "day": true, "week": true,
	"month": true, "year": true, "night": true, "overnight": true}

// durationRe asks how long something takes or lasts; "how long is it"
// asks its length.
var durationRe = lazyRegexp(`(?i)\bhow\s+(?:long|many\s+(?:hours|minutes|days|weeks|months|years|nights)|soon)\b(?:\s+(?:is|are|'s|was)\b)?`)

// totalRe asks for a whole, not a share.
var totalRe = lazyRegexp(`(?i)\b(?:in total|total|totally|altogether|all together|overall|in all|all the way|all in all|from start to finish|completely|entirely|whole|entire|lifetime|life ?span|in its life)\b`)

// perUseRe is a passage giving a figure for one use or one occasion.
var perUseRe = lazyRegexp(`(?i)\b(?:at a time|each time|every time|per (?:use|session|day|wash)|before every|after every|for every|each use|first use)\b`)

// actionRe is a how-to question's verb.
var actionRe = lazyRegexp(`(?i)\bhow\s+(?:do|can|should|would|could|to)\s+(?:(?:i|you|we|one)\s+)?(?:best\s+)?(\p{L}+)`)

// rephrasings put a way of asking into the word passages use: where to
// keep a thing is how to store it.
var rephrasings = []struct {
	re   func() *regexp.Regexp
	with string
}{
	{lazyRegexp(`(?i)\bwhere\s+(?:should|do|can|would)\s+(?:i|we|you)\s+keep\b`), "store"},
	{lazyRegexp(`(?i)\bhow\s+(?:should|do|can)\s+(?:i|we|you)\s+keep\b`), "store"},
	{lazyRegexp(`(?i)\bput\s+(?:it\s+|them\s+)?away\b`), "store"},
}

// wholes ask for a whole ("in total", "how long will it last"), which
// the total and duration marks stand for, or hedge a figure asked for
// ("roughly"): dropped when the question has other words.
var wholes = sync.OnceValue(func() map[string]bool { return wordSet(wholeWords) })

const wholeWords = `total totally altogether overall whole entire lifetime last lasts stuff roughly approximately approx
	around exactly`

// purchases say the customer would buy a thing, not what it is: "do you
// sell replacement filters" asks about the filters. They add nothing to a
// passage's score, and count for its coverage unless its heading is what
// the question names (a "Filters" section answers it; a cleaning passage
// with "equal parts" does not answer "replacement parts").
var purchases = lazyWordSet(`sell sells selling sold buy buying purchase purchasing replacement replacements spare spares extra
	additional refill refills`)

// lazyWordSet is wordSet(text) built at first use (init allocations:
// TestOwnPackagesInitSmall).
func lazyWordSet(text string) func() map[string]bool {
	return sync.OnceValue(func() map[string]bool { return wordSet(text) })
}

func wordSet(text string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(text) {
		for _, t := range tokens(w) {
			m[t] = true
		}
	}
	return m
}

// readQuestion reads a query: its terms, and what it asks besides them.
func readQuestion(query string) asked {
	var q asked
	for _, r := range rephrasings {
		query = r.re().ReplaceAllString(query, " "+r.with+" ")
	}
	if m := durationRe().FindString(query); m != "" {
		f := strings.Fields(strings.ToLower(m))
		switch f[len(f)-1] {
		case "is", "are", "'s", "was":
		default:
			q.duration = true
		}
	}
	q.total = totalRe().MatchString(query) || asksWhatLasts(query)
	if q.total && timeRe().MatchString(query) {
		q.duration = true // "the total burn time"
	}
	q.limit = limitAskRe().MatchString(query)
	limit := q.limit
	if m := actionRe().FindStringSubmatch(query); m != nil {
		if ts := tokens(m[1]); len(ts) == 1 {
			q.action = ts[0]
		}
	}
	terms := tokens(questionPhrases.ReplaceAllString(query, " "))
	var kept []string
	for _, t := range terms {
		if !wholes()[t] && !(limit && limitWords[t]) {
			kept = append(kept, t)
		}
	}
	if len(kept) > 0 || q.duration {
		terms = kept
	}
	if q.duration {
		terms = append(terms, durationTerm)
	}
	if limit {
		terms = append(terms, limitTerm)
	}
	q.terms = terms
	return q
}

// measureRe are the durations and temperatures a text states: "60
// hours", "3 to 7 business days", "overnight"; "86°F".
var (
	durationsRe = lazyRegexp(`(?i)\b\d+(?:[.,]\d+)?(?:\s*(?:–|-|to|or)\s*\d+)?\s+(?:[a-z]+\s+)?(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|nights?)\b|\bovernight\b`)
	degreesRe   = lazyRegexp(`\d\s*°`)
)

// measures are the terms of the durations and temperatures text states.
func measures(text string) []string {
	var out []string
	for range durationsRe().FindAllStringIndex(text, -1) {
		out = append(out, durationTerm)
	}
	for range limitRe().FindAllStringIndex(text, -1) {
		out = append(out, limitTerm)
	}
	for range degreesRe().FindAllStringIndex(text, -1) {
		out = append(out, temperatureTerm)
	}
	return out
}

// wordRe is a word of a question as written.
var wordRe = lazyRegexp(`\p{L}+`)

// namesAlone reports whether a word is a word of a product's name.
func (ix *Index) namesAlone(w string) bool {
	for _, t := range tokens(w) {
		if len(ix.naming[t]) > 0 {
			return true
		}
	}
	return false
}

// compounds writes two words of the query as one where the passages have
// them as one ("olive wood" for "olivewood"), so a name written apart
// still names its product.
func (ix *Index) compounds(query string) string {
	locs := wordRe().FindAllStringIndex(query, -1)
	if len(locs) < 2 {
		return query
	}
	var b strings.Builder
	last := 0
	for i := 0; i+1 < len(locs); i++ {
		a, c := locs[i], locs[i+1]
		if strings.TrimSpace(query[a[1]:c[0]]) != "" {
			continue
		}
		joined := strings.ToLower(query[a[0]:a[1]] + query[c[0]:c[1]])
		ts := tokens(joined)
		if len(ts) != 1 || len(ix.naming[ts[0]]) == 0 && len(ix.terms[ts[0]]) == 0 {
			continue
		}
		if ix.namesAlone(query[a[0]:a[1]]) || ix.namesAlone(query[c[0]:c[1]]) {
			// "pour over": its words name the product too; the joined
			// form counts beside them.
			b.WriteString(query[last:c[1]])
			b.WriteString(" " + joined)
		} else {
			b.WriteString(query[last:a[0]])
			b.WriteString(joined)
		}
		last = c[1]
		i++
	}
	b.WriteString(query[last:])
	return b.String()
}

// headingNamed reports whether the question names all of passage p's own
// heading (its last part): a "Filters" section for "more filters".
func (ix *Index) headingNamed(p int32, q []string) bool {
	sec := ix.passages[p].Section
	if i := strings.LastIndex(sec, " > "); i >= 0 {
		sec = sec[i+3:]
	}
	hs := tokens(sec)
	if len(hs) == 0 {
		return false
	}
	for _, h := range hs {
		if !slices.Contains(q, h) && !slices.ContainsFunc(synonyms[h], func(s string) bool { return slices.Contains(q, s) }) {
			return false
		}
	}
	return true
}

// fillerWords are the stop words and wholes as written.
var fillerWords = sync.OnceValue(func() []string {
	var out []string
	for w := range stopWords {
		out = append(out, w)
	}
	for _, w := range strings.Fields(wholeWords) {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
})

// dropFillerTypos takes out of a query the words no passage has that are
// one typo from a word that carries no topic ("dose" for "does", "shoud"
// for "should"): a typo of filler is filler, not a word the guides lack.
// Short words only go when their letters are the filler's swapped, so
// "lid" stays a word, not "id".
func (ix *Index) dropFillerTypos(query string) string {
	return wordRe().ReplaceAllStringFunc(query, func(w string) string {
		low := strings.ToLower(w)
		n := utf8.RuneCountInString(low)
		if n < 3 || stopWords[low] {
			return w
		}
		for _, t := range tokens(low) {
			if len(ix.terms[t]) > 0 || ix.known(t) || len(ix.naming[t]) > 0 {
				return w
			}
		}
		if isFillerShort(low) {
			return " "
		}
		for _, f := range fillerWords() {
			if abs(utf8.RuneCountInString(f)-n) > 1 || typo.Distance(low, f) != 1 {
				continue
			}
			if n >= 5 || anagram(low, f) {
				return " "
			}
		}
		return w
	})
}
