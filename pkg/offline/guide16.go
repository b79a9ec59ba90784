package offline

import (
	"regexp"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Product questions answered from the wrong passage (issue 18, guide16,
// two no-context trials of `make dev`): "are they dishwasher safe?" met
// the stain passage, "does it come in other colours?" the storage one,
// "a bigger size?" a scent's stock. The search weighs every word of a
// question ("survive", "reheat", "over the summer") and, missing one,
// finds nothing, after which a retry on a generic topic word finds a
// neighbour. Here a question about one facet of a product (an appliance,
// storage, drying; the colours, sizes or scents it comes in) is searched
// as the product's word and the facet's alone, once for each word of the
// question that may name the product, beside the whole question: the
// passage quoted is the one that names the facet, of the product the
// customer named. Colours, sizes and scents come from the order's items'
// options when item_options is offered; a guide's passage answers them
// only when it lists them or heads its section with them; otherwise an
// honest "I don't know" and a person.

// g16Facet is one thing a product question may ask about.
type g16Facet struct {
	ask    *regexp.Regexp // the question asks about it (lower case, English support words)
	search []string       // the words searched beside the product's, a search each
	names  []string       // a passage names it with one of these (lower case)
	option bool           // what the product comes in: a passage must list it
	size   bool           // its size: a passage stating its measures answers
}

var g16Facets = sync.OnceValue(func() []g16Facet {
	return []g16Facet{
		{ask: regexp.MustCompile(`\bdish ?w\p{L}*|\blavavajillas\b|\blave-vaisselle\b|\bspülmaschine\b|\bgeschirrspüler\b`), search: []string{"dishwasher"}, names: []string{"dishwasher"}},
		{ask: regexp.MustCompile(`\bmicro(?:wave\p{L}*|wav\p{L}*|-?ondes|ondas)?\b|\bmikrowelle\b`), search: []string{"microwave"}, names: []string{"microwave"}},
		{ask: regexp.MustCompile(`\bovens?\b|\bhorno\b|\b(?:back)?ofen\b|\bau four\b`), search: []string{"oven"}, names: []string{"oven"}},
		{ask: regexp.MustCompile(`\bfreez\p{L}*|\bcongela\p{L}*|\bgefrier\p{L}*|\bcongél\p{L}*`), search: []string{"freezer"}, names: []string{"freezer"}},
		{ask: regexp.MustCompile(`\bstove\p{L}*|\bhobs?\b|\bcooktops?\b|\bestufa\b|\bherd\b`), search: []string{"stovetop"}, names: []string{"stove", "cooktop", "hob"}},
		{ask: regexp.MustCompile(`\bstor(?:e|ed|ing|age)\b|\bput (?:it|them) away\b|\bguardar\b|\balmacenar\b|\baufbewahr\p{L}*|\blager(?:n|t)?\b|\branger\b|\bconserver\b`), search: []string{"storage"}, names: []string{"storage", "store"}},
		{ask: regexp.MustCompile(`\btumble\p{L}*|\bdryer\b|\bsecadora\b|\btrockner\b|\bsèche-linge\b`), search: []string{"tumble dry"}, names: []string{"tumble", "drying"}},
		{ask: regexp.MustCompile(`\bcolou?rs?\b|\bcolu?rs?\b|\bcolores?\b|\bfarben?\b|\bcouleurs?\b|\bshades?\b`), search: []string{"colour"}, names: []string{"colour", "color"}, option: true},
		{ask: regexp.MustCompile(`\bsizes?\b|\bbigger\b|\blarger\b|\bsmaller\b|\btamaños?\b|\bgrößen?\b|\bgrößer\b|\bgroesser\b|\btailles?\b|\bplus (?:grande?s?|petite?s?)\b|\bmás (?:grande|pequeñ)\p{L}*`), search: []string{"size", "wide tall"}, names: []string{"size"}, option: true, size: true},
		{ask: regexp.MustCompile(`\bscents?\b|\bfragrances?\b|\baromas?\b|\bdüfte\b|\bduft\p{L}*|\bparfums?\b|\bsenteurs?\b`), search: []string{"scent"}, names: []string{"scent"}, option: true},
	}
})

var (
	// g16OfferedRe asks what a product comes in, not what the customer has.
	g16OfferedRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\bcomes? (?:in|bigger|smaller|larger)\b|\bavailable\b|\bav\p{L}*ble\b|\bavail\p{L}*|\bother\b|\banother\b|\bany\b|\bdifferent\b|\bversion\b|\b(?:do|does) (?:you|u|ya|they|it) (?:have|sell|make|do|offer|carry)\b|\bis there\b|\bare there\b|\bw(?:h)?at\b|\bwhich\b|\bexist\p{L}*|\bgibt es\b|\bhay\b|\btienen\b|\bvenden\b|\bwelche\p{L}*|\bquel\p{L}*|\bqué\b|\bcuál\p{L}*|\bbigger\b|\blarger\b|\bsmaller\b|\bgrößer\b|\bplus grand\p{L}*|\bmás grande\b|\banderen?\b|\botros?\b|\botras?\b|\bautres?\b`)
	})
	// g16MineRe is about what the customer has or ordered: the order's own
	// facts answer it; or about how to use it ("what grind size should I
	// use?"): the guides' use, not what it comes in.
	g16MineRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:did i|i got|i ordered|i bought|i picked|i chose|my order|mine|in my|i have|were|was|bestellt|gekauft|command\p{L}*|ped\p{L}*)\b|\b(?:takes?|fits?|need)\b|\bshould (?:i|we)\b|\b(?:to|i) use\b`)
	})
	// g16ListRe is a list of what a thing comes in, in brackets: "(Red,
	// Blue, Green)".
	g16ListRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\((?:[A-Z][\p{L}&' ]*, )+[A-Z][\p{L}&' ]*\)`)
	})
	// g16MeasureRe states a measure: "3 in (7.5 cm) wide", "10-inch".
	g16MeasureRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\d+(?:\.\d+)?[- ]?(?:in|inch|cm|mm|fl oz|ml|oz)\b`)
	})
	// g16CommonWords name no product: the words of asking.
	g16CommonWords = sync.OnceValue(func() map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Fields(`come comes came available other another any different version sell make offer carry exist
			there they them their one ones also too again else bit little more less now yet only hand wash safe put keep
			gibt hay tienen venden otros otras otro otra anderen andere autres autre existe plus mas más version`) {
			m[w] = true
		}
		return m
	})
)

// g16Plan is what this step does with a question: the facet asked, the
// searches made, and whether the options are read first.
type g16Plan struct {
	facet    g16Facet
	full     string   // the whole question's search ("" for an options question)
	searches []string // the product's word with the facet's, one a word
	words    []string // the word of each search
}

// guide16 is plan's hook for this file.
func (t *turn) guide16(n int) (agent.Message, bool) {
	if t.confirmed != nil || t.declined || t.reoffered || t.inPart || t.other != "" {
		return agent.Message{}, false
	}
	if m, ok := t.g16Damage(); ok {
		return m, true
	}
	if m, ok := t.g16Abroad(n); ok {
		return m, true
	}
	p, ok := t.g16Plan()
	if !ok {
		return agent.Message{}, false
	}
	// Only a size is read from the options here: a colour or scent asked
	// of an order's item is the variant step's (variant15.go), whose
	// answer the next turn's exchange reads.
	readOptions := p.facet.size && t.verified && offers(t.req, toolname.ItemOptions)
	first := 0 // where this step's searches start among the calls
	if readOptions {
		switch {
		case n == 0:
			return toolCall(0, toolname.ItemOptions, t.orderArg()), true
		case t.calls[0].name != toolname.ItemOptions:
			return agent.Message{}, false
		case n == 1:
			if m, ok := t.g16FromOptions(t.calls[0], p.facet.size); ok {
				return m, true
			}
			return t.g16Search(1, p), true
		}
		first = 1
	}
	if n == first {
		return t.g16Search(n, p), true
	}
	if n != first+len(p.queries()) {
		return agent.Message{}, false
	}
	mine := t.calls[first:]
	for i, q := range p.queries() {
		if mine[i].name != toolname.SearchDocs || str(mine[i].input, "query") != q {
			return agent.Message{}, false
		}
	}
	return say("%s", t.g16Answer(p, mine)), true
}

// queries are the plan's searches, the whole question's first.
func (p g16Plan) queries() []string {
	if p.full == "" {
		return p.searches
	}
	return append([]string{p.full}, p.searches...)
}

// g16Search makes the plan's searches at once.
func (t *turn) g16Search(n int, p g16Plan) agent.Message {
	var uses []agent.ToolUse
	for _, q := range p.queries() {
		uses = append(uses, agent.ToolUse{Name: toolname.SearchDocs, Input: mustJSON(map[string]any{"query": q})})
	}
	return toolCalls(n, uses)
}

// g16Plan reads the question: one facet of one product, asked on its
// own. ok is false for anything else, which the other steps answer.
func (t *turn) g16Plan() (g16Plan, bool) {
	text := t.withReferent(t.text)
	if orderRe.MatchString(t.text) || strings.Count(t.text, "?") > 1 {
		return g16Plan{}, false
	}
	if r := resolutionTool(t.text); r != "" && r != toolname.ExchangeItem || g16SwapRe().MatchString(strings.ToLower(t.text)) {
		return g16Plan{}, false // "too small, can I get a bigger one instead?": an exchange asked for
	}
	switch t.intent {
	case intentHowTo, intentNone, intentGreeting:
	default:
		return g16Plan{}, false
	}
	en := agent.WithProductNouns(text)
	low := strings.ToLower(normaliseWords(en))
	raw := strings.ToLower(t.text)
	if damageRe.MatchString(strings.ToLower(normalise(t.text))) || guide12OrderTopicRe.MatchString(low) || guide12ShapeRe.MatchString(low) || v15OtherRe.MatchString(low) || v15SwapRe.MatchString(raw) {
		return g16Plan{}, false
	}
	var facet g16Facet
	found := 0
	for _, f := range g16Facets() {
		if f.ask.MatchString(low) || f.ask.MatchString(raw) {
			if found == 0 {
				facet = f
			}
			found++
		}
	}
	if found == 0 {
		return g16Plan{}, false
	}
	if !facet.option && (strings.Contains(t.text, ",") || language(t.text) != "") {
		// A clause beside the question ("tea marks inside, is the
		// dishwasher ok?", "if it breaks in the dishwasher, is it
		// covered?") or another language: the other steps read those.
		return g16Plan{}, false
	}
	if facet.option && !facet.size && t.verified {
		return g16Plan{}, false // an order's item's colour or scent: the variant steps
	}
	if facet.option && (!g16OfferedRe().MatchString(raw) && !g16OfferedRe().MatchString(low) || g16MineRe().MatchString(raw)) {
		return g16Plan{}, false
	}
	if !facet.option && resolutionTool(t.text) != "" {
		return g16Plan{}, false // "a bigger size" is asked, not an exchange; anything else is
	}
	p := g16Plan{facet: facet}
	seen := map[string]bool{}
	for _, w := range strings.Fields(docsQueryWiden(en, false)) {
		lw := strings.ToLower(strings.Trim(w, "()"))
		if len([]rune(lw)) < 3 || function[lw] || qualifiers[lw] || g16CommonWords()[lw] || strings.ContainsAny(lw, "0123456789") || seen[stemWord(lw)] {
			continue
		}
		facetWord := false
		for _, f := range g16Facets() {
			facetWord = facetWord || f.ask.MatchString(lw)
		}
		if facetWord || actionWords.MatchString(lw) {
			continue
		}
		if n := len(lw); n >= 4 && lw[n-1] == lw[n-2] && lw[n-1] != 's' {
			lw = lw[:n-1] // a letter doubled at the end: "mugg"
		}
		seen[stemWord(lw)] = true
		for _, fs := range facet.search {
			p.words = append(p.words, lw)
			p.searches = append(p.searches, lw+" "+fs)
		}
		if len(p.searches) >= 4 {
			break
		}
	}
	if len(p.searches) == 0 {
		return g16Plan{}, false // no product named: the other steps ask which
	}
	if !facet.option {
		p.full = docsQuery(text)
	}
	return p, true
}

// g16FromOptions answers from the order's items' options: the item the
// customer named, with what it comes in. ok is false when no item of the
// order is named (another product: the guides are searched).
func (t *turn) g16FromOptions(c call, size bool) (agent.Message, bool) {
	if c.isErr || str(c.result, "error") != "" || str(c.result, "status") == "unavailable" {
		return agent.Message{}, false
	}
	lines := v15Lines(c.result)
	if len(lines) == 0 {
		return agent.Message{}, false
	}
	toks := v15Tokens(agent.WithProductNouns(t.withReferent(t.text)))
	for i := range toks {
		toks[i].after = false // the whole question names the item
	}
	named := false
	var l v15Line
	for _, x := range lines {
		for _, tk := range toks {
			for _, w := range v15Words(x.title) {
				if len(w) >= 3 && !v15Glue[tk.word] && v15Near(tk.word, w) {
					named, l = true, x
				}
			}
		}
		if named {
			break
		}
	}
	if !named {
		return agent.Message{}, false
	}
	if size && !g16Sized(l) {
		// "a bigger one?" of a thing whose options are not sizes: it
		// comes in one size, and its options are something else.
		return say("I can't see another size of the %s: it comes in one size, in these options: %s. A member of our team can check for you if you'd like.", l.title, v15Options(l)), true
	}
	return say("%s comes in: %s. If you'd like to exchange yours for one of them, just say which.", l.title, v15Options(l)), true
}

// g16SizeWordRe is an option that is a size: a measure or a size's name.
var g16SizeWordRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\d|\b(?:x*s|x*l|m|small|medium|large|regular|petite|tall|size|mini|king|queen|twin|double|single)\b`)
})

// g16Sized reports whether any of l's options names a size.
func g16Sized(l v15Line) bool {
	for _, o := range l.options {
		if g16SizeWordRe().MatchString(str(o, "option")) {
			return true
		}
	}
	return false
}

// g16Answer is the passage that answers the facet asked, of the product
// named, from the searches made; else "I don't know" and a person. A
// passage whose source's title has a word of the question is the
// product's; then one found by a word its search's passages hold nowhere
// (the search took it for the product's other name); then one that holds
// the question's words (a part of the product: "the carafe"), the more
// the better.
func (t *turn) g16Answer(p g16Plan, calls []call) string {
	stems := map[string]bool{}
	for _, w := range p.words {
		stems[stemWord(w)] = true
	}
	var best map[string]any
	bestScore := 0
	consider := func(c call, w string) {
		all := list(c.result, "passages")
		ps := g16Naming(p.facet, all)
		if c.isErr || len(ps) == 0 {
			return
		}
		synonym := w != "" && !g16Holds(all, stemWord(w)) && g16OneSource(ps)
		for i, x := range ps {
			title := map[string]bool{}
			for _, tw := range words(str(x, "source")) {
				title[tw] = true
			}
			level, held := 0, 0
			for st := range stems {
				if sameWord(title, st) {
					level = 3
				}
				for tw := range title {
					if len(tw) >= 3 && len(st) == len(tw)+1 && strings.HasPrefix(st, tw) {
						level = 3 // a letter doubled: "mugg"
					}
				}
				if g16Holds([]map[string]any{x}, st) {
					held++
				}
			}
			switch {
			case level == 3:
			case synonym:
				level = 2
			case held > 0:
				level = 1
			}
			if level == 0 {
				continue
			}
			if score := level*1000 + held*10 - i; score > bestScore {
				best, bestScore = x, score
			}
		}
	}
	offset := 0
	if p.full != "" {
		consider(calls[0], "")
		offset = 1
	}
	for i, w := range p.words {
		consider(calls[offset+i], w)
	}
	if best == nil && p.full != "" && !calls[0].isErr {
		// No passage names the facet: the whole question's passages, as
		// the other steps read them.
		if r, ok := t.docsReply(calls[0], t.text, nil); ok {
			return r
		}
	}
	if best == nil {
		return dontKnow
	}
	reply := quotePassage(best)
	if p.facet.size && !strings.Contains(strings.ToLower(str(best, "section")), "size") {
		reply += "\n\nOur guide gives no other size than this. A member of our team can check for you if you'd like."
	}
	return reply
}

// g16Naming are the passages that answer facet, best first: those headed
// with it, then (for where a thing may go) those that state a limit.
// A colour or scent must be listed; a size listed, headed or measured.
func g16Naming(f g16Facet, ps []map[string]any) []map[string]any {
	var headed, limited, rest []map[string]any
	for _, p := range ps {
		sec := strings.ToLower(str(p, "section"))
		text := str(p, "text")
		lowText := strings.ToLower(text)
		head, in := false, false
		for _, nm := range f.names {
			head = head || strings.Contains(sec, nm)
			in = in || strings.Contains(lowText, nm)
		}
		switch {
		case f.option && !head && !g16ListRe().MatchString(text) && !(f.size && g16MeasureRe().MatchString(text)):
		case f.option && f.size && !head && !g16MeasureRe().MatchString(text):
		case head:
			headed = append(headed, p)
		case !in && !f.option:
		case !f.option && limitRe.MatchString(text):
			limited = append(limited, p)
		default:
			rest = append(rest, p)
		}
	}
	return append(append(headed, limited...), rest...)
}

// g16Holds reports whether any passage has the word w, in its text,
// section or source.
func g16Holds(ps []map[string]any, w string) bool {
	for _, p := range ps {
		for _, x := range words(str(p, "source") + " " + str(p, "section") + " " + str(p, "text")) {
			if x == w || near(x, w) {
				return true
			}
		}
	}
	return false
}

// g16OneSource reports whether the passages all come from one source.
func g16OneSource(ps []map[string]any) bool {
	for _, p := range ps {
		if str(p, "source") != str(ps[0], "source") {
			return false
		}
	}
	return len(ps) > 0
}

var (
	// g16BrokeRe is a thing come damaged in words the damage steps do
	// not read ("came split", "arrived scuffed"), typos and all.
	g16BrokeRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:split|splintered|scuffed|scuffs?|warped|dinged|gouged?|nicked|crushed|squashed|bashed|chiped|chippd|crakced|cracke|scrached|scratced|scartched|scrathed|brokn|borken|smashd|shatterd|fell apart|came apart|in bits|in two|in half)\b`)
	})
	// g16ArrivalRe places the damage at the delivery: it came so.
	g16ArrivalRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:came|arrived|arrive|arriving|arrival|delivered|delivery|turned up|showed up|got (?:it|them|mine|my)|opened|unboxed|unboxing|unpacked|in the (?:box|parcel|package|post|mail)|in transit|out of the box)\b`)
	})
)

// g16Damage reads a damage report said in words the damage steps do not
// know ("the lid came split") as the report it is: the other steps plan
// it with the damage named, so it goes down the damage path (the remedy
// the policy offers), not to a guide or the return policy.
func (t *turn) g16Damage() (agent.Message, bool) {
	if t.rewritten || t.confirmed != nil || t.declined || t.inPart {
		return agent.Message{}, false
	}
	low := strings.ToLower(normalise(t.text))
	if !g16BrokeRe().MatchString(t.text) || damageRe.MatchString(low) || !g16ArrivalRe().MatchString(t.text) && !g16ArrivalRe().MatchString(low) || strings.Contains(t.text, "?") {
		return agent.Message{}, false
	}
	sub := *t
	sub.text = strings.TrimRight(strings.TrimSpace(t.text), ".!") + ", it arrived damaged"
	sub.intent, sub.rewritten = classify(normalise(sub.text)), true
	return sub.plan(), true
}

var (
	// g16AbroadRe asks, in Spanish, German or French, whether the shop
	// sends to a place: "schickt ihr in die Schweiz?", "¿mandan a Chile?".
	g16AbroadRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:(?:ver)?schick|versend|liefer)\p{L}*\b.*\b(?:nach|in die|in den|ins|in das)\b|\b(?:envi|enví|mand)\p{L}*\b.*\b(?:a|al|hasta)\b|\b(?:livr|expédi|expedi|envoy)\p{L}*\b.*\b(?:en|au|aux|vers|à|a)\b`)
	})
	// g16AddressRe names an address, in any of the languages.
	g16AddressRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:address|direcci[oó]n|domicilio|adresse|anschrift|calle|street|rue|stra(?:ß|ss)e)\b`)
	})
	// g16OutsideRe is a passage that says where the shop ships, or not.
	g16OutsideRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:outside|internationally|international|worldwide|countries|abroad|overseas)\b`)
	})
)

// g16AbroadSearches are the searches of where a shop ships, in the words
// shops' FAQs use.
var g16AbroadSearches = []string{"ship international", "ship outside"}

// g16Abroad answers whether the shop ships to a place, asked in another
// language, from the shipping policy's passage: not the order's status.
func (t *turn) g16Abroad(n int) (agent.Message, bool) {
	// A question, with no address in it: "envíenlo a 450 Pine Avenue" and
	// "cambien la dirección de envío a …" are address changes.
	if language(t.text) == "" || !g16AbroadRe().MatchString(t.text) || !strings.Contains(t.text, "?") || strings.ContainsAny(t.text, "0123456789") ||
		g16AddressRe().MatchString(t.text) {
		return agent.Message{}, false
	}
	if orderRe.MatchString(t.text) || strings.Count(t.text, "?") > 2 {
		return agent.Message{}, false
	}
	if n == 0 {
		var uses []agent.ToolUse
		for _, q := range g16AbroadSearches {
			uses = append(uses, agent.ToolUse{Name: toolname.SearchDocs, Input: mustJSON(map[string]any{"query": q})})
		}
		return toolCalls(0, uses), true
	}
	if n != len(g16AbroadSearches) {
		return agent.Message{}, false
	}
	for i, q := range g16AbroadSearches {
		if t.calls[i].name != toolname.SearchDocs || str(t.calls[i].input, "query") != q {
			return agent.Message{}, false
		}
	}
	for _, c := range t.calls {
		for _, p := range list(c.result, "passages") {
			if g16OutsideRe().MatchString(str(p, "text")) {
				return say("%s", quotePassage(p)), true
			}
		}
	}
	return say("%s", dontKnow), true
}

// g16SwapRe asks for the item to be swapped, not what it comes in.
var g16SwapRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\binstead\b|\btoo (?:small|big|large|tight|loose|short|long|narrow|wide)\b|\b(?:swap|exchange|switch|trade)\b|\ben (?:lugar|vez)\b|\bstatt\b|\bau lieu\b|\bà la place\b`)
})
