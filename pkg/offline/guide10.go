package offline

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"github.com/doorstep-ai/doorstep/pkg/typo"
)

// Product questions answered from the wrong passage (issue 18, guide10):
// a thing named loosely ("the pour over thing", "my candle", "the
// blanket") with a care or use topic (clean, wash, set up, made of,
// warranty) found another product's passage, or the right guide's wrong
// section, because the search ranks words, not products. Here the thing
// is looked up on its own first (a search of its name alone finds its
// guide, by the guide's title or because its passages are all one
// guide's), and only that guide's passages may answer: the one whose
// heading, else whose text, holds the topic. A guide that says nothing
// on the topic, or no guide for the thing at all, is "I don't know" and
// a person, never a near miss from another guide. And a count of what
// came below what the order holds ("only 1 mug in it") is an item
// missing from the box: report_damage for the units that did not come.

// guide10 is plan's hook for this file.
func (t *turn) guide10(n int) (agent.Message, bool) {
	if t.confirmed != nil || t.declined || t.reoffered {
		return agent.Message{}, false
	}
	if m, ok := t.countShort(n); ok {
		return m, true
	}
	return t.productTopic(n)
}

// countShortRe is a count of what came: "only 1 mug in it", "box came
// with just one mug", "solo venía una taza". Group 1 is the count, group
// 2 the thing counted.
var countShortRe = regexp.MustCompile(`(?i)\b(?:only|just|solo|sólo|nur|seulement|juste)\s+(?:(?:got|received|had|came with|contained|was|were|ven[ií]a|vino|lleg[oó]|hab[ií]a|war|kam|lag|avait|y avait)\s+)?(?:a single\s+)?(one|1|two|2|three|3|una|uno|un|une|eine|einen|ein|dos|deux|zwei)\s+(?:of (?:the|my)\s+)?(\p{L}[\p{L}'\-]*)`)

// countBoxRe places the count in what came: the box, the parcel, "in it".
var countBoxRe = regexp.MustCompile(`(?i)\b(?:box|package|parcel|delivery|shipment|in it|in there|inside|came|arrived|got|received|caja|paquete|paket|karton|lieferung|colis|bo[iî]te|carton|ven[ií]a|lleg[oó]|kam|re[çc]u)\b`)

// countWords are the counts countShortRe reads, in any of its languages.
var countWords = map[string]int{"one": 1, "1": 1, "una": 1, "uno": 1, "un": 1, "une": 1, "eine": 1, "einen": 1, "ein": 1,
	"two": 2, "2": 2, "dos": 2, "deux": 2, "zwei": 2, "three": 3, "3": 3}

// countShort is the step for a count of an item that came below the
// quantity the current order holds: report_damage (problem missing) for
// the units that did not come, then its answer.
func (t *turn) countShort(n int) (agent.Message, bool) {
	if n > 0 {
		c := t.calls[0]
		if c.name != toolname.ReportDamage || str(c.input, "problem") != "missing" || n > 1 || !t.countShortText() {
			return agent.Message{}, false
		}
		return say("%s", t.answer(c)), true
	}
	if !t.verified || !t.countShortText() {
		return agent.Message{}, false
	}
	m := countShortRe.FindStringSubmatch(t.text)
	name := t.currentOrder()
	st := t.req.State
	if st == nil || name == "" {
		return agent.Message{}, false
	}
	count := countWords[strings.ToLower(m[1])]
	// The order's units of each title, whatever lines hold them.
	var titles []string
	units, lines, first := map[string]int{}, map[string]int{}, map[string]string{}
	for _, o := range st.Orders {
		if o.Name != name {
			continue
		}
		for _, it := range o.Items {
			qty, line := 1, it
			if q, after, ok := strings.Cut(it, " × "); ok {
				if v, err := strconv.Atoi(strings.TrimSpace(q)); err == nil {
					qty = v
				}
				line = strings.TrimSpace(after)
			}
			title := itemTitle(line)
			if _, ok := units[title]; !ok {
				titles, first[title] = append(titles, title), line
			}
			units[title] += qty
			lines[title]++
		}
	}
	for _, title := range titles {
		if units[title] <= count || len(namedItems([]string{first[title]}, m[2])) == 0 {
			continue
		}
		item := map[string]any{"title": title, "quantity": units[title] - count}
		if lines[title] == 1 {
			item["title"] = first[title] // its variant too
		}
		args := map[string]any{"order_number": name, "problem": "missing", "items": []map[string]any{item}} // policy.Missing: never asked back (found13)
		return toolCall(0, toolname.ReportDamage, args), true
	}
	return agent.Message{}, false
}

// countShortText reports whether the message is a count of what came and
// nothing it asks for besides (a return, a question for the guides).
func (t *turn) countShortText() bool {
	m := countShortRe.FindStringSubmatch(t.text)
	if m == nil || !countBoxRe.MatchString(t.text) || len(questions(t.text)) > 1 {
		return false
	}
	switch classify(normalise(t.text)) {
	case intentReturn, intentRefund, intentAddress, intentPerson:
		return false
	}
	return true
}

// productTopicRe are the care and use topics a product's guide answers,
// in generic words: cleaning, washing, care, setting up, what it is made
// of, a warranty, shrinking, drying, storing, oiling, the dishwasher.
var productTopicRe = regexp.MustCompile(`(?i)\b(?:clean\w*|wash\w*|care|caring|set ?up|setting up|assembl\w*|put\b[^.?!]{0,30}\btogether|made (?:of|from|out of|with)|materials?|warrant\w*|guarantee\w*|shrink\w*|dryer|tumble|storage|store (?:it|them)|oil|oiling|dishwasher)\b`)

// setUpRe asks how to set a thing up or put it together.
var setUpRe = regexp.MustCompile(`(?i)\bset ?up\b|\bsetting up\b|\bassembl\w*|\bput\b[^.?!]{0,30}\btogether\b`)

// materialTopicRe asks what a thing is made of: its guide's opening.
var materialTopicRe = regexp.MustCompile(`(?i)\bmade (?:of|from|out of|with)\b|\bmaterials?\b`)

// broadTopicRe is a topic any passage of the guide speaks to: "how do I
// care for it" is answered by the guide, whichever section comes first.
var broadTopicRe = regexp.MustCompile(`(?i)^(?:care|caring|instructions?|tips?|info|information)$`)

// topicKin are words a guide heads a topic's section with, for the
// customer's word: generic household words, no shop's.
var topicKin = map[string][]string{
	"clean": {"cleaning", "wash", "washing", "care"}, "wash": {"washing", "clean", "cleaning"},
	"care": {"cleaning", "washing"}, "set": {"setting", "first"}, "setup": {"setting", "first"},
	"assemble": {"setting", "first"}, "together": {"setting", "first"}, "dryer": {"drying", "dry", "tumble"},
	"tumble": {"drying", "dry"}, "store": {"storage"}, "oil": {"oiling"}, "dishwasher": {"washing", "cleaning"},
	"shrink": {"shrinkage", "shrinking"},
}

// thingStopRe are words that end a thing's name: what is done with it,
// where it goes, how.
var thingStopRe = regexp.MustCompile(`^(?:clean\w*|wash\w*|care|caring|set|setup|up|together|assembl\w*|made|materials?|warrant\w*|guarantee\w*|shrin\w*|dry\w*|tumble|stor\w*|oil\w*|safe|before|after|first|when|while|once|thing|things|stuff|one|ones|bit|kind|sort|properly|correctly|right|again|now|please|pls)$`)

// determinerRe introduces a thing: "the", "my", and the articles of
// Spanish, German and French.
var determinerRe = regexp.MustCompile(`^(?:the|my|your|our|this|that|these|those|la|el|le|les|los|las|mi|mis|ma|mon|mes|die|der|das|den|dem|meine|meinen|mein)$`)

// thingPhrases are the things text names by an article ("the pour over",
// "my candel", "la manta"), and the English nouns of other languages'
// product words, longest first, each as a search for its guide.
func (t *turn) thingPhrases(text string) []string {
	toks := regexp.MustCompile(`[\p{L}\p{N}][\p{L}\p{N}'\-]*`).FindAllString(strings.ToLower(text), -1)
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		p = strings.TrimSpace(p)
		if p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for i := 0; i < len(toks) && language(text) == ""; i++ {
		// In another language only its product nouns in English name a
		// thing: "das Holzbrett" is no search of its own.
		if !determinerRe.MatchString(toks[i]) {
			continue
		}
		var phrase []string
		for j := i + 1; j < len(toks) && len(phrase) < 3; j++ {
			w := toks[j]
			if thingStopRe.MatchString(w) || function[w] || stop[w] || qualifiers[w] || orderNouns[w] || applianceRe.MatchString(w) || len([]rune(w)) < 3 {
				break
			}
			phrase = append(phrase, w)
		}
		if len(phrase) > 0 {
			add(strings.Join(phrase, " "))
		}
	}
	// Other languages' product words, in English ("la manta": blanket).
	if en := agent.WithProductNouns(text); en != text {
		for _, w := range strings.Fields(strings.Trim(strings.TrimSpace(strings.ToLower(strings.TrimPrefix(en, text))), "()")) {
			add(w)
		}
	}
	if noun, _ := t.namedItemNoun(text); noun != "" {
		add(noun) // an item of the customer's, typos and all
	}
	for _, p := range append([]string(nil), out...) {
		if r := []rune(p); len(r) >= 4 && len(r) <= 6 && r[len(r)-1] == r[len(r)-2] && !strings.Contains(p, " ") {
			add(string(r[:len(r)-1])) // "mugg": its last letter typed twice
		}
	}
	for _, p := range append([]string(nil), out...) {
		if f := strings.Fields(p); len(f) > 1 && len(f[len(f)-1]) >= 3 {
			add(f[len(f)-1]) // "the pour-ovr kit": kit
		}
	}
	if len(out) > 4 {
		out = out[:4]
	}
	return out
}

// topicWords are the words of text that are not the thing's: what the
// customer asks about it.
func topicWords(text string, things []string) []string {
	thing := map[string]bool{}
	for _, p := range things {
		for _, w := range words(p) {
			thing[w] = true
		}
	}
	var out []string
	seen := map[string]bool{}
	if setUpRe.MatchString(text) {
		out, seen["setup"] = append(out, "setup"), true // "set" is no word of its own
	}
	for _, w := range words(docsQueryWiden(text, false)) {
		if thing[w] || seen[w] || function[w] || qualifiers[w] || narrowFillers[w] || w == "thing" {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}

// guideSearches are the second step's searches, once the thing's guide
// is known: the guide's product name (its title up to the dash) and the
// thing's own words, each with each topic word and the words guides head
// that topic with.
func guideSearches(guide, thing string, topic []string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(q string) {
		if q = strings.TrimSpace(q); q != "" && !seen[q] && len(out) < 2*maxNarrow {
			seen[q] = true
			out = append(out, q)
		}
	}
	name := guideTitleCutRe.Split(guide, 2)[0]
	add(name)
	for _, w := range topic {
		for _, f := range append([]string{w}, topicKin[w]...) {
			add(name + " " + f)
			add(thing + " " + f)
		}
	}
	return out
}

// productTopic is the step for a care or use question about a thing the
// customer names: the question's search and one for each thing alone,
// then the searches of the thing's guide, then the answer from that guide
// alone.
func (t *turn) productTopic(n int) (agent.Message, bool) {
	text := topicSpelling(normaliseWords(t.text))
	low := strings.ToLower(text)
	if orderRe.MatchString(t.text) || len(questions(t.text)) > 1 || !productTopicRe.MatchString(low) || ifCoveredRe.MatchString(low) {
		return agent.Message{}, false
	}
	switch t.intent {
	case intentHowTo, intentNone, intentGreeting:
	default:
		return agent.Message{}, false
	}
	if tool := resolutionTool(t.text); tool != "" {
		return agent.Message{}, false
	}
	if language(t.text) != "" && applianceRe.MatchString(low) {
		return agent.Message{}, false // another language's compound appliance: foreign_docs.go reads it
	}
	things := t.thingPhrases(t.text)
	if len(things) == 0 {
		return agent.Message{}, false
	}
	topic := topicWords(text, things)
	if len(topic) == 0 {
		return agent.Message{}, false
	}
	first := append([]string{docsQuery(text)}, things...)
	if n == 0 {
		return searches(0, first), true
	}
	if n < len(first) {
		return agent.Message{}, false
	}
	for i, q := range first {
		if c := t.calls[i]; c.name != toolname.SearchDocs || str(c.input, "query") != q {
			return agent.Message{}, false
		}
	}
	guide, thing, found := t.thingGuide(things, first)
	if !found {
		return say("%s", dontKnow), true // the guides have nothing on the thing
	}
	if guide == "" {
		// The thing's guide is not plain: the question's own search answers.
		if text, ok := t.docsReply(t.calls[0], t.text, nil); ok {
			return say("%s", text), true
		}
		return say("%s", dontKnow), true
	}
	second := guideSearches(guide, thing, topic)
	if n == len(first) {
		return searches(n, second), true
	}
	if n != len(first)+len(second) {
		return agent.Message{}, false
	}
	pool := guidePassages(t.calls, guide)
	if materialTopicRe.MatchString(low) {
		if p := guideOpening(pool, guide); p != nil {
			return say("%s", quotePassage(p)), true
		}
		return say("I'm sorry, I couldn't find what it's made of in our guide (%s), and I'd rather not guess. A member of our team can check for you if you'd like.", guide), true
	}
	if p := bestOnTopic(pool, topic); p != nil {
		return say("%s", quotePassage(p)), true
	}
	for _, w := range topic {
		if broadTopicRe.MatchString(w) && len(pool) > 0 {
			return say("%s", quotePassage(pool[0])), true
		}
	}
	return say("%s", dontKnow), true
}

// ifCoveredRe is a question on a condition ("if a mug ever breaks
// ..., is that covered?"): what the shop does then, not the guide's care.
var ifCoveredRe = regexp.MustCompile(`\bif\b|\bcovered\b`)

// thingGuide is the guide of the first thing whose search found one: a
// guide whose title names it (typos allowed), else the one guide all its
// passages are from. found is false when no thing's search found any
// passage at all; guide is "" when one did but named no single guide.
func (t *turn) thingGuide(things, queries []string) (guide, thing string, found bool) {
	byQuery := map[string][]map[string]any{}
	for i, q := range queries {
		byQuery[q] = list(t.calls[i].result, "passages")
	}
	// A phrase's last word stands for it only when the phrase itself
	// found something, or its other words are its guide's title's ("the
	// pour-ovr kit"): "my bamboo chopping board" is no other board's.
	var kept []string
	for _, th := range things {
		ok := true
		for _, p := range things {
			f := strings.Fields(p)
			if len(f) < 2 || f[len(f)-1] != th || len(byQuery[p]) > 0 {
				continue
			}
			ok = false
			for _, q := range byQuery[th] {
				title := words(guideTitleCutRe.Split(str(q, "source"), 2)[0])
				all := true
				for _, w := range words(strings.Join(f[:len(f)-1], " ")) {
					in := false
					for _, tw := range title {
						in = in || w == tw || near(tw, w)
					}
					all = all && in
				}
				ok = ok || all
			}
		}
		if ok {
			kept = append(kept, th)
		}
	}
	things = kept
	for _, th := range things {
		ps := byQuery[th]
		if len(ps) > 0 {
			found = true
		}
		said := words(th)
		for _, p := range ps {
			src := str(p, "source")
			name := guideTitleCutRe.Split(src, 2)[0]
			if name == src {
				continue // a policy page, not a product's guide
			}
			for _, w := range words(name) {
				for _, s := range said {
					if w == s || near(w, s) {
						return src, th, true
					}
				}
			}
		}
	}
	// The guide most of a thing's passages are from, when the first is:
	// "pan" finds the skillet's guide twice and a board's once.
	for _, th := range things {
		ps := byQuery[th]
		if len(ps) < 2 {
			continue
		}
		first, n := str(ps[0], "source"), 0
		for _, p := range ps {
			if str(p, "source") == first {
				n++
			}
		}
		if 2*n > len(ps) && guideTitleCutRe.Split(first, 2)[0] != first {
			return first, th, true
		}
	}
	for _, th := range things {
		ps := byQuery[th]
		one := ""
		for _, p := range ps {
			src := str(p, "source")
			if guideTitleCutRe.Split(src, 2)[0] == src || one != "" && src != one {
				one = ""
				break
			}
			one = src
		}
		if one != "" {
			return one, th, true
		}
	}
	return "", "", found
}

// guidePassages are the passages of guide the calls found, each once, in
// the order found.
func guidePassages(calls []call, guide string) []map[string]any {
	var out []map[string]any
	seen := map[string]bool{}
	for _, c := range calls {
		if c.name != toolname.SearchDocs {
			continue
		}
		for _, p := range list(c.result, "passages") {
			if k := passageKey(p); str(p, "source") == guide && !seen[k] {
				seen[k] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// bestOnTopic is the passage of ps whose heading holds most of the topic
// words (or a word a guide heads that topic with), else whose text holds
// most; nil when none holds any.
func bestOnTopic(ps []map[string]any, topic []string) map[string]any {
	var best map[string]any
	bestScore := 0
	for _, p := range ps {
		head := words(str(p, "section"))
		text := words(str(p, "text"))
		score := 0
		for i, w := range topic {
			forms := append([]string{w}, topicKin[w]...)
			switch {
			case holdsForm(head, forms):
				score += 10 + len(topic) - i // the first topic word is what is asked
			case holdsForm(text, []string{w}):
				score++
			}
		}
		if score > bestScore {
			best, bestScore = p, score
		}
	}
	return best
}

// holdsForm reports whether ws holds one of forms: the same word, a typo
// of it, or a longer word of the same stem ("shrink": "shrinkage").
func holdsForm(ws, forms []string) bool {
	for _, f := range forms {
		for _, w := range ws {
			if w == f || near(f, w) || len(f) >= 4 && strings.HasPrefix(w, f) || len(w) >= 4 && strings.HasPrefix(f, w) ||
				len(f) >= 5 && strings.HasPrefix(w, f[:len(f)-1]) { // "shrinc": shrinkage
				return true
			}
		}
	}
	return false
}

// quotePassage is a passage quoted with its source and section.
func quotePassage(p map[string]any) string {
	src := str(p, "source")
	if sec := str(p, "section"); sec != "" {
		src += ", " + sec
	}
	return fmt.Sprintf("Here's what our guide says (%s):\n%s", src, str(p, "text"))
}

// topicWordsTyped are topic words a customer drops a letter of ("clen").
var topicWordsTyped = []string{"clean", "wash", "assemble", "warranty", "guarantee", "material", "dishwasher"}

// topicSpelling is text with a topic word typed one letter short put
// right: "how do I clen it" is "how do I clean it".
func topicSpelling(text string) string {
	return regexp.MustCompile(`\p{L}+`).ReplaceAllStringFunc(text, func(tok string) string {
		low := strings.ToLower(tok)
		if len(low) < 4 {
			return tok
		}
		for _, w := range topicWordsTyped {
			if len(w) == len(low)+1 && low[0] == w[0] && typo.Distance(low, w) == 1 {
				return w
			}
		}
		return tok
	})
}

// The impersonal "¿cómo se lava?" (how is it washed) asks how to wash it,
// as "lavo" and "lavar" do.
func init() {
	for w, en := range map[string]string{"lava": "wash", "lavan": "wash", "limpian": "clean"} {
		foreignOnly[w] = en
	}
}
