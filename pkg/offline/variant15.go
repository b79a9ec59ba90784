package offline

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"github.com/doorstep-ai/doorstep/pkg/typo"
)

// Variants and their stock (issue 18, variant15): "only if the charcoal
// one is in stock?", "swap the sea salt one for unscented?", "is the sand
// one available?", "can i get the mugs in purple?". Which words name a
// variant is not known before the shop says: the turn first reads the
// order's items' options and stock (item_options), then matches the
// customer's words (typos and all) against those option titles. A named
// option is exchanged through exchange_item (code proposes it only when
// it is in stock at the same price), or answered from its stock; an
// option none of them has is said so, with the ones there are.

var (
	// v15StockRe asks whether something is in stock or offered.
	v15StockRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:in[- ]?sto(?:ck|k|kc)|sto(?:ck|k|kc)|out of stock|sold out|available|availab\w*|avail|avaliable|availble|avalable|avialable|lieferbar|vorrätig|auf lager|verfügbar|disponibles?|en stock|(?:do|does|d) (?:you|u|ya|they) (?:have|carry|make|sell|do)|comes? in)(?:[^\p{L}]|$)`)
	// v15SwapRe asks for another option of an item.
	v15SwapRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:swap|swop|exchange|exchnage|exhange|switch|trade|cambiar|cambio|cámbiame|umtauschen|tauschen|eintauschen|échanger|echanger|(?:change|chnage|chang|chaneg) (?:\p{L}+ ){0,3}?(?:to|into|for)|(?:get|want|like|(?:can|could|may) (?:i|we) have) (?:it|them|one|ones|mine|the \p{L}+(?: \p{L}+)?) in)(?:[^\p{L}]|$)`)
	// v15OtherRe is a request of another kind, left to its own steps.
	v15OtherRe = regexp.MustCompile(`(?i)\b(?:broken|damaged|damage|cracked|chipped|crack|defective|faulty|refund\w*|money back|return\w*|send (?:it|them|\w+) back|cancel\w*|address|credit|wrong (?:item|one|thing|colou?r|size)|person|human|someone|late|replace\w*|new one|pick\w* (?:it |them )?up|pickup|add|gift|packs?|descuento|deliver\w*|arriv\w*|track\w*|where|ship\w*|shipping|discount|code|price|cost\w*|pay|paid)\b`)
	// v15SplitRe is where the item ends and what is wanted begins.
	v15SplitRe = regexp.MustCompile(`(?i)\s(?:for|to|into|with|in|por|gegen|contre|en)\s`)
	// v15SoRe makes an exchange conditional on stock: "if so swap",
	// "si hay, la cambio", "only if".
	v15SoRe = regexp.MustCompile(`(?i)\b(?:if so|if (?:it is|its|it's|they are|theyre|they're|you have|u have|in stock|available|avail)|only if|si hay|si (?:está|esta|están|estan) disponible|falls|wenn (?:sie|es) (?:da|lieferbar|verfügbar)|si (?:elle|il) est disponible|s'il est|si disponible)\b`)
	// v15StatedRe is an exchange the agent stated: its wanted variant.
	v15StatedRe = regexp.MustCompile(`for \d+ × .+? \(([^)]+)\), at no extra cost`)
	// v15WhichRe is the agent's question which option an exchange is for.
	v15WhichRe = regexp.MustCompile(`Which would you like instead of|Would you like one of those\?|I'll exchange`)
	// v15ThenRe names another option in answer to an exchange stated or
	// asked about: "no, the sand one then", "charcoal instead".
	v15ThenRe = regexp.MustCompile(`(?i)\bthe \p{L}+(?: \p{L}+)? ones?\b|\bthen\b|\binstead\b|\brather\b`)
	// v15AllRe names every unit without the item's noun: "the charcoal
	// ones", "swap them", "both".
	v15AllRe = regexp.MustCompile(`(?i)\b(?:ones|them|they|both|all|todas|todos|beide|alle|toutes|tous)\b`)
)

// v15Glue are words that name neither an item nor an option.
var v15Glue = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the a an my one ones it its them they this that these those some any mine i me you u your ya
		is are be can could would will please pls plz like want id i'd get have do does did still if so only also and or but then now rn
		in stock available avail availability for to into with instead of swap exchange change switch trade actually wait just really
		la las el los un una uno unos unas de del por en si hay tienen cambio cambiar quiero puedo está esta
		die der das den dem ein eine einen ich kann gegen umtauschen tauschen ist lieferbar verfügbar bitte
		le les une des du je voudrais échanger contre est-ce que est disponible ce il elle
		ok okay hey hi hello thanks thx yes no not sure what which ones colour color size scent option options`) {
		v15Glue[w] = true
	}
}

// v15Token is a word of the customer's message with where it stands.
type v15Token struct {
	word  string
	after bool // after the split between the item and what is wanted
}

func v15Tokens(text string) []v15Token {
	low := strings.ToLower(text)
	split := len(low)
	if loc := v15SplitRe.FindStringIndex(low); loc != nil {
		split = loc[0]
	}
	var out []v15Token
	pos := 0
	for _, f := range strings.FieldsFunc(low, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' }) {
		i := strings.Index(low[pos:], f)
		if i < 0 {
			continue
		}
		pos += i
		out = append(out, v15Token{word: strings.Trim(f, "'"), after: pos >= split})
		pos += len(f)
	}
	// The English nouns of the customer's own ("las tazas": mugs) name
	// the item.
	if extra := strings.TrimPrefix(strings.ToLower(agent.WithProductNouns(text)), low); extra != "" {
		for _, w := range v15Words(extra) {
			out = append(out, v15Token{word: w})
		}
	}
	return out
}

// v15Near reports whether the customer's word w names word (typos and
// all), and a plural "s".
func v15Near(w, word string) bool {
	w, word = strings.TrimSuffix(w, "s"), strings.TrimSuffix(word, "s")
	if w == word {
		return true
	}
	n := len([]rune(word))
	if n < 5 || len([]rune(w)) < 4 {
		return false
	}
	return typo.Distance(w, word) <= typo.Limit(n)
}

// v15Words are the lower-case words of a title.
func v15Words(title string) []string {
	return strings.FieldsFunc(strings.ToLower(title), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// v15Line is an item of the order with its product's options, from
// item_options.
type v15Line struct {
	title, ordered string
	quantity       int
	options        []map[string]any
}

func v15Lines(r map[string]any) []v15Line {
	var out []v15Line
	for _, it := range list(r, "items") {
		q, _ := it["quantity"].(float64)
		out = append(out, v15Line{title: str(it, "item"), ordered: str(it, "ordered"), quantity: int(q), options: list(it, "options")})
	}
	return out
}

// v15Pick is the line the customer means and the option of its product
// they name.
type v15Pick struct {
	line   v15Line
	option map[string]any
	said   []string // the customer's words that name the option
}

// v15Choose matches the customer's words against the order's lines and
// their options: the line named before the split (its title or its own
// option), and the option named by words its own option does not have.
func v15Choose(lines []v15Line, toks []v15Token) (v15Pick, bool) {
	type scored struct {
		pick      v15Pick
		lineScore int
		optScore  int
	}
	var best *scored
	for _, l := range lines {
		own := map[string]bool{}
		for _, w := range v15Words(l.ordered) {
			own[w] = true
		}
		lineScore := 0
		for _, tk := range toks {
			if tk.after || v15Glue[tk.word] {
				continue
			}
			for _, w := range append(v15Words(l.title), v15Words(l.ordered)...) {
				if len(w) >= 3 && v15Near(tk.word, w) {
					lineScore++
					break
				}
			}
		}
		for _, o := range l.options {
			if o["ordered"] == true {
				continue
			}
			score := 0
			var said []string
			for _, tk := range toks {
				if v15Glue[tk.word] {
					continue
				}
				for _, w := range v15Words(str(o, "option")) {
					if !own[w] && v15Near(tk.word, w) {
						score++
						said = append(said, tk.word)
						break
					}
				}
			}
			if score == 0 {
				continue
			}
			// Among options named alike, the one most like the line's
			// own ("charcoal" for a 12 oz mug: Charcoal / 12 oz).
			alike := 0
			for _, w := range v15Words(str(o, "option")) {
				if own[w] {
					alike++
				}
			}
			s := scored{v15Pick{l, o, said}, lineScore, score*10 + alike}
			if best == nil || s.lineScore > best.lineScore || (s.lineScore == best.lineScore && s.optScore > best.optScore) {
				best = &s
			}
		}
	}
	if best == nil {
		return v15Pick{}, false
	}
	return best.pick, true
}

// v15Named is the line the customer's words name before the split, or
// the only product's line, for an option none of its options has.
func v15Named(lines []v15Line, toks []v15Token) (v15Line, bool) {
	var named []v15Line
	for _, l := range lines {
		for _, tk := range toks {
			hit := false
			for _, w := range v15Words(l.title + " " + l.ordered) {
				if len(w) >= 3 && !v15Glue[tk.word] && v15Near(tk.word, w) {
					hit = true
				}
			}
			if hit && !tk.after {
				named = append(named, l)
				break
			}
		}
	}
	switch {
	case len(named) == 1:
		return named[0], true
	case len(named) == 0 && len(lines) == 1:
		return lines[0], true
	}
	return v15Line{}, false
}

// v15Asked are the customer's words after the split that name neither
// the line nor any option: "purple".
func v15Asked(l v15Line, toks []v15Token) []string {
	var out []string
	for _, tk := range toks {
		if !tk.after || v15Glue[tk.word] || len([]rune(tk.word)) < 3 {
			continue
		}
		known := false
		for _, w := range v15Words(l.title + " " + l.ordered) {
			known = known || v15Near(tk.word, w)
		}
		for _, o := range l.options {
			for _, w := range v15Words(str(o, "option")) {
				known = known || v15Near(tk.word, w)
			}
		}
		if !known {
			out = append(out, tk.word)
		}
	}
	return out
}

// v15Options says a line's options with their stock.
func v15Options(l v15Line) string {
	var parts []string
	for _, o := range l.options {
		s := str(o, "option")
		switch {
		case o["ordered"] == true:
			s += " (the one you have)"
		case o["in_stock"] == true:
			s += " (in stock)"
		default:
			s += " (out of stock)"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// v15Plural reports whether the customer named line's item in the plural
// ("the mugs", "las tazas"): an exchange of every unit.
func v15Plural(l v15Line, texts ...string) bool {
	if l.quantity <= 1 {
		return true
	}
	for _, text := range texts {
		if v15AllRe.MatchString(text) {
			return true
		}
		for _, f := range v15Words(agent.WithProductNouns(text)) {
			if !strings.HasSuffix(f, "s") || len(f) < 4 {
				continue
			}
			for _, w := range v15Words(l.title) {
				if len(w) >= 3 && v15Near(strings.TrimSuffix(f, "s"), w) {
					return true
				}
			}
		}
	}
	return false
}

// v15Exchanging reports whether the conversation is in the middle of an
// exchange: the agent asked which option, or stated one.
func (t *turn) v15Exchanging() bool {
	if v15WhichRe.MatchString(t.lastBot) {
		return true
	}
	st := t.req.State
	return st != nil && st.Answered != nil && st.Answered.Tool == toolname.ExchangeItem
}

// v15Asks reports whether the message asks about an item's options or
// their stock, or for another option, in words the other steps do not
// take: the first step reads the options.
func (t *turn) v15Asks() bool {
	low := strings.ToLower(t.text)
	norm := strings.ToLower(normaliseWords(t.text))
	stock := v15StockRe.MatchString(low)
	swap := v15SwapRe.MatchString(low) || v15SwapRe.MatchString(norm) || (t.v15Exchanging() && v15ThenRe.MatchString(low))
	if !stock && !swap {
		return false
	}
	if v15OtherRe.MatchString(low) || v15OtherRe.MatchString(norm) || addAskRe.MatchString(low) {
		return false
	}
	// A bare question of stock ("is it available?") with nothing said of
	// an option is not about a variant unless an exchange is under way.
	if !swap && !t.v15Exchanging() && len(strings.Fields(low)) < 3 {
		return false
	}
	return true
}

// variant15 is the hook (see the top of the file).
func (t *turn) variant15(n int) (agent.Message, bool) {
	if t.v15Skip || !t.verified || t.confirmed != nil || t.other != "" || t.inPart || !offers(t.req, toolname.ItemOptions) {
		return agent.Message{}, false
	}
	switch {
	case n == 0:
		if !t.v15Asks() {
			return agent.Message{}, false
		}
		if !offers(t.req, toolname.ExchangeItem) && !v15StockRe.MatchString(strings.ToLower(t.text)) {
			return agent.Message{}, false // another option before delivery: a change of the order, not ours
		}
		return toolCall(n, toolname.ItemOptions, t.orderArg()), true
	case t.calls[0].name != toolname.ItemOptions || !t.v15Asks():
		// Another step's calls, or options read for one clause of a
		// message with several requests (multi4's severalWrites plans
		// that clause alone and says the rest).
		return agent.Message{}, false
	case n == 1 && len(v15Lines(t.calls[0].result)) == 0 && !t.calls[0].isErr && str(t.calls[0].result, "error") == "":
		// No options read: the other steps plan the turn.
		return t.v15Replan(), true
	case n == 1:
		return t.v15FromOptions(), true
	case n == 2 && t.calls[1].name == toolname.ExchangeItem:
		return say("%s", t.v15Exchanged(t.calls[1])), true
	}
	return agent.Message{}, false
}

// v15Replan plans the turn as if this step had not looked (the other
// steps' tool ids name their tools, so none repeats this one's).
func (t *turn) v15Replan() agent.Message {
	saved := t.calls
	t.calls, t.v15Skip = nil, true
	m := t.plan()
	t.calls, t.v15Skip = saved, false
	return m
}

// v15NotOptionRe is what names no option of the item: "a different
// size", "another colour", or an article before a noun ("for the makeup
// kit", "por un indoor camera", "gegen einen wristwatch"): another
// product. "the purple one" names an option.
var v15NotOptionRe = regexp.MustCompile(`(?i)^(?:different|diferent|another|other|new|something|anything|else|otro|otra|diferente|andere[nrs]?|autre|différent|differente)$`)

// v15NotOption reports whether first, the first word of what the
// customer asked for that names no option, is no option at all
// (v15NotOptionRe), or follows an article in low with no "one" after.
func v15NotOption(low, first string) bool {
	if v15NotOptionRe.MatchString(first) {
		return true
	}
	art := regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:a|an|the|un|una|el|la|los|las|ein|eine|einen|den|die|das|der|le|les|une)\s+` + regexp.QuoteMeta(strings.ToLower(first)) + `(\s+\p{L}+)?(\s+\p{L}+)?`)
	m := art.FindStringSubmatch(low)
	if m == nil {
		return false
	}
	return !strings.Contains(m[0], " one")
}

// v15FromOptions is the step after the options came: an exchange, or an
// answer from their stock.
func (t *turn) v15FromOptions() agent.Message {
	c := t.calls[0]
	if c.isErr || str(c.result, "error") != "" || str(c.result, "status") == "unavailable" {
		return say("%s", t.answer(c))
	}
	lines := v15Lines(c.result)
	toks := v15Tokens(t.text)
	low := strings.ToLower(t.text)
	stock := v15StockRe.MatchString(low)
	swap := v15SwapRe.MatchString(low) || v15SwapRe.MatchString(strings.ToLower(normaliseWords(t.text)))
	exchange := swap || t.v15Exchanging() || (stock && v15SoRe.MatchString(low))
	pick, ok := v15Choose(lines, toks)
	if !ok && t.v15Exchanging() {
		// "wait, is it actually in stock?": the option of the exchange
		// just stated or asked about.
		if m := v15StatedRe.FindStringSubmatch(t.lastBot); m != nil {
			pick, ok = v15Choose(lines, v15Tokens("for "+m[1]))
			if ok {
				pick.said = nil
			}
		}
	}
	if !ok {
		l, named := v15Named(lines, toks)
		asked := v15Asked(l, toks)
		if swap && !named {
			// "i want to exchange something": no item named, so the
			// steps before this one ask which.
			return t.v15Replan()
		}
		if swap && len(asked) == 0 {
			// No option named: the exchange steps before this one ask
			// which, or say another product is no exchange.
			return t.v15Replan()
		}
		if !named {
			var each []string
			for _, l := range lines {
				each = append(each, fmt.Sprintf("%s comes in: %s.", l.title, v15Options(l)))
			}
			return say("Here's what your items come in and what's in stock:\n%s\nWhich one did you mean?", strings.Join(each, "\n"))
		}
		if swap && len(asked) > 0 && v15NotOption(low, asked[0]) {
			// "for a different size", "for the makeup kit": no option
			// named, or another product: the steps before this one
			// take it to the exchange step, which asks or refuses.
			return t.v15Replan()
		}
		if len(asked) > 0 {
			return say("I'm sorry, %s doesn't come in %s. It comes in: %s.%s", l.title, strings.Join(asked, " "), v15Options(l), v15Offer(l, exchange))
		}
		return say("%s comes in: %s.%s", l.title, v15Options(l), v15Offer(l, exchange))
	}
	inStock := pick.option["in_stock"] == true
	if exchange && (inStock || swap) {
		q := pick.line.quantity
		if !v15Plural(pick.line, t.text, t.prevText) {
			q = 1
		}
		want := strings.Join(pick.said, " ")
		if want == "" {
			want = str(pick.option, "option")
		}
		args := t.orderArg()
		args["item"] = map[string]any{"title": pick.line.title, "variant": pick.line.ordered, "quantity": q}
		args["want"] = want
		return toolCall(1, toolname.ExchangeItem, args)
	}
	name := fmt.Sprintf("%s in %s", pick.line.title, str(pick.option, "option"))
	if !inStock {
		return say("I'm sorry, the %s is out of stock right now.%s", name, v15InStock(pick.line))
	}
	reply := fmt.Sprintf("Yes, the %s is in stock.", name)
	if others := v15AlsoNamed(lines, pick); len(others) > 0 {
		reply += " " + strings.Join(others, " ")
	}
	if pick.option["same_price"] == true {
		reply += fmt.Sprintf(" If you'd like to exchange your %s (%s) for it, just say so.", pick.line.title, pick.line.ordered)
	}
	return say("%s", reply)
}

// v15AlsoNamed say the other options the customer's words name too
// ("charcoal": the 16 oz as well), with their stock.
func v15AlsoNamed(lines []v15Line, pick v15Pick) []string {
	if len(pick.said) == 0 {
		return nil
	}
	var out []string
	for _, o := range pick.line.options {
		if o["ordered"] == true || str(o, "option") == str(pick.option, "option") {
			continue
		}
		all := true
		for _, s := range pick.said {
			hit := false
			for _, w := range v15Words(str(o, "option")) {
				hit = hit || v15Near(s, w)
			}
			all = all && hit
		}
		if !all {
			continue
		}
		state := "in stock"
		if o["in_stock"] != true {
			state = "out of stock"
		}
		out = append(out, fmt.Sprintf("%s is %s too (%s).", str(o, "option"), state, str(o, "price")))
	}
	return out
}

// v15InStock offers the line's options in stock at its price.
func v15InStock(l v15Line) string {
	var in []string
	for _, o := range l.options {
		if o["ordered"] != true && o["in_stock"] == true && o["same_price"] == true {
			in = append(in, str(o, "option"))
		}
	}
	if len(in) == 0 {
		return ""
	}
	sort.Strings(in)
	return fmt.Sprintf(" In stock at the same price: %s.", joinAnd(in))
}

// v15Offer is the offer of an exchange after the options are listed.
func v15Offer(l v15Line, exchange bool) string {
	if !exchange {
		return ""
	}
	return fmt.Sprintf(" Which would you like instead of your %s (%s)?", l.title, l.ordered)
}

// v15Exchanged answers the exchange step: the statement to say yes to,
// with the stock it was asked about; else the exchange step's own answer.
func (t *turn) v15Exchanged(c call) string {
	r := c.result
	low := strings.ToLower(t.text)
	switch str(r, "status") {
	case "needs_confirmation":
		if v15StockRe.MatchString(low) {
			if m := v15StatedRe.FindStringSubmatch(str(r, "statement")); m != nil {
				return fmt.Sprintf("Yes, %s is in stock. %s Shall I go ahead? Just reply yes.", m[1], str(r, "statement"))
			}
		}
	}
	return t.answer(c)
}
