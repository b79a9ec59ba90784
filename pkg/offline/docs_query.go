package offline

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// concepts are the support topics a policy question may be about, each
// with generic words to search with when the customer's own found
// nothing: one retry a phrasing, in the words shops commonly use for the
// topic, none of them a particular FAQ's.
var concepts = []struct {
	when *regexp.Regexp
	try  []string
	// widen are words added to the first search: synonyms any shop's
	// guides use for the topic.
	widen string
}{
	{regexp.MustCompile(`\b(?:refunds?|money)\b.*\b(?:how long|when|days|take|see|back|timeline|arrive|show)\b|\b(?:how (?:long|many days|fast|quickly)|when|how soon)\b.*\b(?:refunds?|money)\b`), []string{"money back", "refund days"}, ""},
	{regexp.MustCompile(`\breturns?\b|\bsend\w* (?:\w+ )?back\b|\b(?:go|goes|mail|post|take) (?:\w+ )?back\b`), []string{"return days", "refund days"}, ""},
	{regexp.MustCompile(`\b(?:how much|cost|charge|free|price|pay)\b.*\b(?:shipping|delivery|ship)\b|\b(?:shipping|delivery)\b.*\b(?:cost|free|charge)\b`), []string{"shipping cost", "delivery free"}, ""},
	{regexp.MustCompile(`\b(?:ship|shipping|deliver|delivered|delivery|send)\b.*\b(?:to|a|nach|vers|outside|internationally|abroad|overseas)\b|\binternationally\b`), []string{"ship international", "ship outside"}, ""},
	{regexp.MustCompile(`\b(?:clean|cleaning|wash|washing)\b`), []string{"care", "wash"}, "cleaning care wash"},
	{regexp.MustCompile(`\bcare\b`), []string{"care"}, ""},
	{regexp.MustCompile(`\bgift[- ]?wrap|\bwrap(?:ped|ping)?\b`), []string{"gift wrap", "gift"}, ""},
	// How much a thing holds or how big it is: its size and capacity.
	{regexp.MustCompile(`\b(?:hold|holds|capacity|how big|how large|how tall|how wide|dimensions?|volume|ounces?|oz|ml|millilit(?:re|er)s?|lit(?:re|er)s?)\b`), []string{"capacity size", "size"}, "capacity size"},
	// Where a return goes: how to start one, and its address.
	{regexp.MustCompile(`\bwhere\b.*\b(?:send|mail|post|ship)\w*\b.*\breturns?\b|\breturns?\b.*\baddress\b|\bwhere\b.*\breturns?\b.*\b(?:go|to)\b`), []string{"start a return address", "return address"}, "start address"},
	// When an order leaves the shop: the dispatch times.
	{regexp.MustCompile(`\b(?:dispatch\w*|warehouse|leaves?|ships? out|cut-?off|cut off|same[- ]day|processing time)\b`), []string{"order ship business day", "ship"}, ""},
	// Who carries it: the carriers shipped with.
	{regexp.MustCompile(`\b(?:cou?rr?iers?|carriers?|shipping company|delivery company|postal service)\b`), []string{"ship with usps ups fedex dhl", "delivery ship"}, "usps ups fedex dhl"},
	// The customer's country or a place abroad, ordering or sending.
	{regexp.MustCompile(`\b(?:i'?m|im|i am|we'?re|we are|i live|we live|living|based|located) (?:in|from|over in)\b|\b(?:sent|send|ship\w*|deliver\w*|post\w*|mail\w*) (?:\w+ ){0,4}in [A-Z]?[a-z]+\b`), []string{"ship international", "ship outside"}, ""},
	// Arrived broken: what to do about damage.
	{regexp.MustCompile(`\b(?:smashed|shattered|broken|broke|damaged|crushed|dented)\b`), []string{"arrived damaged", "damaged"}, ""},
	// A note in the parcel: the gift service.
	{regexp.MustCompile(`\b(?:card|note) with (?:a |my )?message|\b(?:message|note) card\b|\bhandwritten\b|\b(?:add|include|put) (?:a |an )?(?:little |small |short )?(?:card|note)\b`), []string{"gift wrap card", "gift"}, ""},
	// Who pays to send a return back: the return label.
	{regexp.MustCompile(`\b(?:pay|paying|cost|costs|charge|free)\b.*\breturns?\b.*\b(?:shipping|postage|label|send)|\breturn (?:shipping|postage|label)\b`), []string{"return label", "return shipping"}, "return label prepaid"},
}

// applianceRe names where a thing may be put or used: a question whether
// it can go there is about the appliance ("is it oven safe?", "can it go
// in the dishwasher?"), whatever else it says.
var applianceRe = regexp.MustCompile(`\b(?:oven|microwave|dishwasher|freezer|fridge|dryer|stove|stovetop|hob|induction|grill|campfire|toaster)\b`)

// qualifiers ask whether or how far, not about what: a search does better
// without them once the appliance is named.
var qualifiers = map[string]bool{"safe": true, "ok": true, "okay": true, "fine": true, "allowed": true, "possible": true, "max": true,
	"maximum": true, "temperature": true, "temp": true, "hot": true, "heat": true, "bake": true, "baking": true, "put": true, "go": true,
	"use": true, "used": true, "using": true, "cook": true, "cooking": true, "into": true, "degree": true, "degrees": true,
	"celsius": true, "fahrenheit": true}

// limitRe is a passage that states a limit: "up to 500°F".
var limitRe = regexp.MustCompile(`(?i)\bup to \d`)

// docsQueryFor is the search for one question of several: its own words.
func docsQueryFor(q string) string {
	return docsQuery(q)
}

// docsPhrases are phrasings of a topic put in one word the guides use
// for it, in any shop: "look after" is "care".
var docsPhrases = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`(?i)\b(?:look(?:ing)? after|take care of|taking care of|maintain|maintaining|treat)\b`), "care"},
	{regexp.MustCompile(`(?i)\bre-(\p{L})`), "re$1"},
	{regexp.MustCompile(`(?i)\bmicrowav(?:e-?)?able\b`), "microwave"},
	{regexp.MustCompile(`(?i)\boven-?proof\b`), "oven"},
	{regexp.MustCompile(`(?i)\breturn (?:window|period|deadline)\b`), "return days"},
	{regexp.MustCompile(`(?i)\bsend\w* (?:something|anything|an item|items|stuff|things) back\b`), "return"},
	{regexp.MustCompile(`(?i)\bpersonali[sz](e|ed|ing|ation)\b`), "personalis$1 personaliz$1"},
	{regexp.MustCompile(`(?i)\bhow long do i have to send (?:something|anything|an item|items|it|them|stuff) back\b`), "how long return window days"},
}

// docsQuery is the question as the documentation search gets it: the
// customer's own content words, typos put right and other languages'
// support words in English, but not rewritten into any FAQ's phrases.
func docsQuery(text string) string { return docsQueryWiden(text, true) }

// docsQueryWiden is docsQuery, with the topics' synonyms added when widen
// is set: they find passages, but say nothing of which answers best.
func docsQueryWiden(text string, widen bool) string {
	for _, p := range docsPhrases {
		text = p.re.ReplaceAllString(text, p.with)
	}
	norm := normaliseWords(text)
	appliance := applianceRe.MatchString(strings.ToLower(norm))
	var q []string
	for _, w := range regexp.MustCompile(`[\p{L}\p{N}:/'\-]+`).FindAllString(norm, -1) {
		lw := strings.ToLower(w)
		if !function[lw] && !(appliance && (qualifiers[lw] || strings.ContainsAny(w, "0123456789"))) {
			q = append(q, foldAccents(w))
		}
	}
	for _, c := range concepts {
		if widen && c.widen != "" && c.when.MatchString(strings.ToLower(norm)) {
			q = append(q, c.widen)
		}
	}
	if len(q) == 0 {
		return text
	}
	return strings.Join(q, " ")
}

// foldAccents writes a word without its accents: "México" is "Mexico".
func foldAccents(w string) string {
	return strings.NewReplacer("á", "a", "à", "a", "â", "a", "ä", "a", "é", "e", "è", "e", "ê", "e", "ë", "e", "í", "i", "î", "i", "ï", "i",
		"ó", "o", "ô", "o", "ö", "o", "ú", "u", "ù", "u", "û", "u", "ü", "u", "ñ", "n", "ç", "c", "Á", "A", "É", "E", "Í", "I", "Ó", "O", "Ú", "U").Replace(w)
}

// conceptTries are the generic searches for the topics norm is about.
func conceptTries(norm string) []string {
	var out []string
	for _, c := range concepts {
		if c.when.MatchString(norm) {
			out = append(out, c.try...)
		}
	}
	return out
}

// function words carry no topic: a search does better without them.
var function = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the i me my mine you your ur u we us our it its is are was were be been am do does did can could
		should would will shall may might must have has had what whats what's which who whom how when where why there here this that these
		those to of for on in at by with from about as and or but if so not no yes please pls any some just also too very much many
		long get got go goes going possible help tell know want like need hi hello hey thanks thank ok okay best way still
		something anything really honestly
		el la los las de del que en un una es por para con hacen hace puedo se mi
		le les des du est-ce est ce qui au aux une et je peut passe vous
		der die das den dem ein eine ist und ich kann sie mit zu nach`) {
		function[w] = true
	}
}

// docsRetry is the next query to try when the searches so far (tried
// of them) found nothing: the topic's generic searches in turn, then
// nothing.
func docsRetry(text string, tried int) string {
	tries := conceptTries(normalise(text))
	if tried < 1 || tried > len(tries) || tried > 2 {
		return ""
	}
	return tries[tried-1]
}

// applianceRetry is the search to try when a question about an appliance
// found passages of which none names it ("can the wooden tray go in the
// microwave?" found the tray's washing guide): the words of the
// question that name the passages' product (their source's title) with
// the appliance alone. "" when there is nothing better to try.
func applianceRetry(question string, c call) string {
	low := strings.ToLower(question)
	apps := applianceRe.FindAllString(low, -1)
	if len(apps) == 0 {
		return ""
	}
	title := map[string]bool{}
	for _, p := range list(c.result, "passages") {
		for _, a := range apps {
			if strings.Contains(strings.ToLower(str(p, "text")), a) {
				return ""
			}
		}
		for _, w := range words(str(p, "source")) {
			title[w] = true
		}
	}
	var q []string
	for _, w := range words(question) {
		if title[w] {
			q = append(q, w)
		}
	}
	if len(q) == 0 {
		return ""
	}
	return strings.Join(append(q, apps...), " ")
}

// docsReply answers from the passages search_docs returned: the one that
// shares most words (typos allowed) with the question first, and a second
// when it shares some too, each with its source. A passage is quoted once
// a reply: quoted holds those an earlier part of the reply quoted (nil: a
// reply of one part), and a question whose passages are all there is
// pointed to them rather than given the same paragraph again.
func (t *turn) docsReply(c call, question string, quoted map[string]bool) (string, bool) {
	ps := namedSource(onTopic(list(c.result, "passages"), question), question)
	if len(ps) == 0 || t.otherProduct(ps, question) {
		return "", false
	}
	ps, guide := t.ownGuide(ps, question)
	if !guide || len(ps) == 0 {
		return "", false // another product's guide is no answer
	}
	if quoted == nil {
		quoted = map[string]bool{}
	}
	qw := words(docsQuery(question))
	own := map[string]bool{}
	for _, w := range words(normalise(question)) {
		own[w] = true
	}
	for _, m := range possessedRe.FindAllStringSubmatch(strings.ToLower(question), -1) {
		// "for my order": the customer's own thing, not the topic.
		delete(own, stemWord(m[1]))
	}
	type scored struct {
		p     map[string]any
		score int
	}
	var ranked []scored
	for i, p := range ps {
		pw := map[string]bool{}
		for _, w := range words(str(p, "section") + " " + str(p, "text")) {
			pw[w] = true
		}
		if degreeRe.MatchString(str(p, "text")) {
			// "200–205°F" states a temperature, in no word of it.
			pw[stemWord("temperature")] = true
		}
		source := map[string]bool{} // the product's own words head all its sections
		for _, w := range words(str(p, "source")) {
			source[w] = true
		}
		titled := map[string]bool{}
		for _, w := range words(str(p, "section")) {
			titled[w] = true
		}
		n := 0
		for _, w := range qw {
			switch {
			case sameWord(pw, w):
				n += 2
			case sharesWord(pw, w):
				n++ // a longer word its stem starts: weaker
			}
			if own[w] && !source[w] && sameWord(titled, w) {
				n += 3 // a section headed with the customer's words is about it
			}
		}
		score := n*10 - i // ties keep the search's order
		if applianceRe.MatchString(strings.ToLower(question)) && limitRe.MatchString(str(p, "text")) {
			score += 5 // "can it go in the oven?" is answered by how hot it may get
		}
		ranked = append(ranked, scored{p, score})
	}
	sort.SliceStable(ranked, func(i, j int) bool { return ranked[i].score > ranked[j].score })
	cite := func(p map[string]any) string {
		src := str(p, "source")
		if sec := str(p, "section"); sec != "" {
			src += ", " + sec
		}
		return src
	}
	// The same passage may come back twice (two chunks of one section, a
	// search and its retry) or have been quoted for an earlier question.
	// A passage below the best one that shares none of the question's
	// words is no answer of its own.
	var fresh []scored
	seen := map[string]bool{}
	for i, r := range ranked {
		if k := passageKey(r.p); !quoted[k] && !seen[k] && (i == 0 || r.score >= 10) {
			seen[k] = true
			fresh = append(fresh, r)
		}
	}
	if len(fresh) == 0 {
		return fmt.Sprintf("The passage above (%s) answers that too.", cite(ranked[0].p)), true
	}
	var b strings.Builder
	for i, r := range fresh {
		if i == 2 || (i == 1 && str(r.p, "source") != str(fresh[0].p, "source")) {
			// A second passage only says more about the same thing.
			break
		}
		quoted[passageKey(r.p)] = true
		if i == 0 {
			fmt.Fprintf(&b, "Here's what our guide says (%s):\n%s", cite(r.p), str(r.p, "text"))
		} else {
			fmt.Fprintf(&b, "\n\nAlso (%s):\n%s", cite(r.p), str(r.p, "text"))
		}
	}
	return b.String(), true
}

// possessedRe is a thing the customer calls theirs: "my order".
var possessedRe = regexp.MustCompile(`\b(?:my|our) (\p{L}+)`)

// passageKey is what makes two passages the same: their text, in one
// spacing and case (a section found by two searches, or in two chunks
// that cover the same words).
func passageKey(p map[string]any) string {
	return strings.ToLower(strings.Join(strings.Fields(str(p, "text")), " "))
}

// addressRe is a US-style address anywhere in a message: street, optional
// second line, city, state, ZIP.
var addressRe = regexp.MustCompile(`(\d+[A-Za-z]? [^,\n]+?),\s*(?:([^,\n]+?),\s*)?([A-Za-z .'\-]+?),\s*([A-Z]{2})\s+(\d{5}(?:-\d{4})?)\b`)

// fixAddress puts a full address found in the message into a
// change_address call, in place of a looser reading.
func (t *turn) fixAddress(msg agent.Message) agent.Message {
	for _, b := range msg.Blocks {
		u := b.ToolUse
		if u == nil || u.Name != toolname.ChangeAddress {
			continue
		}
		m := addressRe.FindStringSubmatch(t.text)
		if m == nil {
			return msg
		}
		args := t.orderArg()
		street := m[1]
		if i := strings.LastIndex(street, " to "); i >= 0 {
			street = street[i+4:] // "#1001 to 42 Elm Street"
		}
		street = withoutLabel(street) // "my friend's flat: 88 Harbor Road" (scope12)
		args["address1"], args["city"], args["province"], args["zip"] = strings.TrimSpace(street), strings.TrimSpace(m[3]), m[4], m[5]
		if m[2] != "" {
			args["address2"] = strings.TrimSpace(m[2])
		}
		return toolCall(len(t.calls), toolname.ChangeAddress, streetFromLine2(args)) // scope11.go
	}
	return msg
}

// personRe asks for a person in words classify does not know.
var personRe = regexp.MustCompile(`\b(?:member of (?:your|the) team|customer (?:service|support|care)|contact me|call me|someone (?:to|who)|real person|(?:a|the) person|human)\b`)

// refundForItemRe is a refund asked for an item: a return.
var refundForItemRe = regexp.MustCompile(`\b(?:want|like|need|request|give me|get me) (?:a )?refund (?:for|on) (?:the|my|this|these|those) (?:order\b)?`)

// phraseTokRe are a text's words, and the stops between its phrases.
var phraseTokRe = regexp.MustCompile(`[\p{L}\p{N}]+|[.,;:!?()\n"]`)

// endPhrase is the two words a question ends on when both carry a topic
// ("do you sell gift cards": gift, card), stemmed; ok is false when it
// ends otherwise ("how do I clean the mug") or asks about an appliance
// (whose words applianceRetry weighs).
func endPhrase(question string) (mod, head string, ok bool) {
	low := strings.ToLower(normaliseWords(question))
	if applianceRe.MatchString(low) {
		return "", "", false
	}
	var ws []string
	for _, tok := range phraseTokRe.FindAllString(low, -1) {
		if len(tok) == 1 && strings.ContainsAny(tok, ".,;:!?()\n\"") {
			continue
		}
		ws = append(ws, tok)
	}
	if len(ws) < 2 {
		return "", "", false
	}
	m, h := ws[len(ws)-2], ws[len(ws)-1]
	topic := func(w string) bool { return len(w) >= 3 && !function[w] && !qualifiers[w] && !stop[w] }
	if !topic(m) || !topic(h) {
		return "", "", false
	}
	return stemWord(m), stemWord(h), true
}

// onTopic are the passages that may answer question: a question that
// ends on a two-word name of a thing ("gift cards") is not answered by a
// passage headed with its first word naming another thing ("gift
// wrapping") that has the second word only somewhere in its text ("a
// handwritten card").
func onTopic(ps []map[string]any, question string) []map[string]any {
	mod, head, ok := endPhrase(question)
	if !ok || !buyingRe.MatchString(strings.ToLower(question)) {
		// Only a question whether the shop has a thing ("do you sell
		// ...?") names it by its last words.
		return ps
	}
	var out []map[string]any
	for _, p := range ps {
		heading := str(p, "section")
		if !otherThing(heading, mod, head) || !mentionsWord(str(p, "text"), head) {
			out = append(out, p)
		}
	}
	return out
}

// mentionsWord reports whether text has w (stemmed) as a word.
func mentionsWord(text, w string) bool {
	for _, x := range words(text) {
		if x == w {
			return true
		}
	}
	return false
}

// namedSource are the passages whose source is titled with a word the
// question names ("how about the candle": the candle's guide), when any
// is: the thing the customer names wins over another thing's guide that
// shares more of the question's other words. All of ps when none is.
func namedSource(ps []map[string]any, question string) []map[string]any {
	own := map[string]bool{}
	for _, w := range words(docsQueryWiden(question, false)) {
		if !actionWords.MatchString(w) && !qualifiers[w] {
			own[w] = true
		}
	}
	var out []map[string]any
	for _, p := range ps {
		for _, w := range words(str(p, "source")) {
			if own[w] {
				out = append(out, p)
				break
			}
		}
	}
	if len(out) == 0 {
		return ps
	}
	return out
}

// otherThing reports whether text uses mod only for something other than
// head: never within three words of it, and followed at least once by
// another word that carries a topic ("gift wrap" for "gift card").
func otherThing(text, mod, head string) bool {
	toks := phraseTokRe.FindAllString(strings.ToLower(text), -1)
	other := false
	for i, tok := range toks {
		if stemWord(tok) != mod {
			continue
		}
		for j := max(0, i-3); j <= min(len(toks)-1, i+3); j++ {
			if x := stemWord(toks[j]); j != i && (near(head, x) || len(x) >= 3 && (strings.HasPrefix(x, head) || strings.HasPrefix(head, x))) {
				return false
			}
		}
		if i+1 < len(toks) {
			next := toks[i+1]
			if len(next) >= 3 && !function[next] && !stop[next] && wordRe.MatchString(next) {
				other = true
			}
		}
	}
	return other
}

// degreeRe is a temperature written with a degree sign: "86°F", "30 °C".
var degreeRe = regexp.MustCompile(`\d\s*°`)
