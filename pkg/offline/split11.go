package offline

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Messages of two or three parts about the customer's own order (split11,
// a no-context trial): "a que direccion va mi pedido? y ya lo enviaron?",
// "where is it, how much did i pay, and can i still change the address?".
// The hooks for one question each took the part they knew and dropped the
// rest: no cut at "y", "und" or "et", none in a run-on "wheres my package
// how much did i pay", a status part they did not read as asking, and a
// write beside a fact sent to the write's hooks alone.
//
// Here the message is cut into its parts once, each part is read for
// what it asks (the order's status, one of its facts, its tracking
// number, or one write), and each is answered by the logic for a message
// of that one part: the status and the write as sub-turns through the
// whole pipeline (their tool calls tagged with the part), the facts from
// track_order's result. The answers are joined in the order asked, the
// write's proposal last. A message with any other kind of part (a policy
// question, something the shop cannot do) is left to the hooks that know
// those.

// s11 part kinds: what a part asks.
const (
	s11None     = ""
	s11Status   = "status"   // where the order is, whether it shipped or came
	s11Tracking = "tracking" // its tracking number
	s11Write    = "write"    // something done to it (or whether it still can be)
	s11Other    = "other"    // anything else: not this hook's message
	s11Fact     = "fact:"    // + the orderAsk: what was paid, where it goes, what it holds
)

// s11StatusAsk is the status question in the words the pipeline reads.
const s11StatusAsk = "where is my order?"

// s11Tag ends the ID of a tool use this hook makes for part i.
const s11Tag = "_s11p"

var s11TagRe = regexp.MustCompile(s11Tag + `(\d+)$`)

var (
	// s11JoinRe is where two parts meet: a comma, "and", "y", "und", "et".
	s11JoinRe = regexp.MustCompile(`(?i)\s*[,;]\s*(?:(?:and|&|\+|y|e|und|et|plus|also|n)\s+)?|\s+(?:and|&|\+|y|und|et|plus|also|n)\s+`)
	// s11RunOnRe is a question word inside a part where a run-on message
	// ("wheres my package how much did i pay") starts its next question.
	s11RunOnRe = regexp.MustCompile(`(?i)\s(?:how much|how many|what|whats|what's|wat|where|wheres|where's|when|whens|when's|cu[aá]nto|cu[aá]ndo|d[oó]nde|cu[aá]l|wie ?viel|wo|wann|welche|o[uù]|combien|quand|quel|quelle)(?:\s|$)`)

	// s11StatusRe asks where the order is or whether it left or came, in
	// Spanish, German and French words normalise leaves alone.
	s11StatusRe = regexp.MustCompile(`(?i)(?:^|\P{L})(?:` +
		`(?:ya\s+)?(?:lo|la|los|las|se|me|l[eo]s)\s+(?:enviaron|envi[oó]|mandaron|mand[oó]|despacharon|despach[oó]|entreg[oó]|entregaron|lleg[oó])` +
		`|(?:ya\s+)?(?:ha|han)\s+(?:sido\s+)?(?:enviad[oa]s?|mandad[oa]s?|entregad[oa]s?|llegado|salido)` +
		`|ya\s+(?:sali[oó]|lleg[oó]|est[aá]\s+en\s+camino)|est[aá]\s+en\s+camino|(?:d[oó]nde|cu[aá]ndo)\s+(?:est[aá]|llega|llegar[aá]|viene|sale|saldr[aá]|(?:lo|la|los|las|me\s+lo)\s+(?:env[ií]an|mandan|enviar[aá]n|mandar[aá]n))` +
		`|(?:wurde|ist|wird|sind|wurden)\b[^.?!]{0,30}\b(?:versendet|verschickt|versandt|geliefert|zugestellt|unterwegs|angekommen|losgeschickt|raus)` +
		`|wo\s+(?:ist|sind|bleibt)|wann\s+(?:kommt|kommen|wird|ist)` +
		`|(?:est|sont|a\s+[ée]t[ée]|ont\s+[ée]t[ée])\s+(?:d[ée]j[aà]\s+)?(?:exp[ée]di[ée]e?s?|envoy[ée]e?s?|livr[ée]e?s?|arriv[ée]e?s?|partie?s?)` +
		`|o[uù]\s+(?:est|en\s+est|se\s+trouve|sont)|est\s+o[uù]|quand\s+(?:est-ce|va|arrive|arrivera|sera|vais-je)` +
		`|(?:est|sont)-(?:il|elle|ils|elles)\s+(?:d[ée]j[aà]\s+)?(?:parti|exp[ée]di|envoy|livr|arriv)` +
		`)(?:\P{L}|$)`)

	// s11RequestRe asks for something in Spanish, German or French
	// words: "quiero", "bitte", "je voudrais".
	s11RequestRe = regexp.MustCompile(`(?i)\b(?:quiero|quisiera|quer[ií]a|puede[ns]?|podr[ií]a[ns]?|por favor|porfa|bitte|m[öo]chte|k[öo]nn(?:en|ten|test)|kannst|je veux|je voudrais|voudrais|pouvez|pourriez|pourrais|merci de|s'il vous pla[iî]t|svp)\b`)
	// s11MoneyRe is a refund or a return: what refund_status answers,
	// never the order's status.
	s11MoneyRe = regexp.MustCompile(`\b(?:refunds?|refunded|reembolso|erstattung|remboursement|returns?|returned|devoluci[oó]n|r[üu]cksendung|retour|money|credit)\b`)
	// s11PostageRe is the cost of shipping, a policy's figure rather than
	// what the order cost: "combien coûte la livraison".
	s11PostageRe = regexp.MustCompile(`(?i)\b(?:livraison|frais de port|env[ií]o|gastos|versand|porto|lieferung|shipping|postage|delivery)\b`)
	// s11StillRe asks whether the order still ships or comes as it
	// should: "is it still shipping this week?".
	s11StillRe = regexp.MustCompile(`^\W*(?:is|will|does|did|has|are|do)\s+(?:it|they|my order|the order|my package|everything)\s+(?:still\s+)?(?:ship|shipping|going out|go out|leave|leaving|arrive|arriving|come|coming|be here|get here)\b`)
	// s11PriceRe asks what was paid in words priceAskRe leaves out.
	s11PriceRe = regexp.MustCompile(`(?i)\bcombien\b[^.?!]{0,30}\bco[uû]t(?:é|ait)|\bwas hat\b[^.?!]{0,25}\bgekostet\b|\bwie ?viel\b[^.?!]{0,30}\b(?:kostet|gekostet|bezahlt)\b|\bcu[aá]nto\b[^.?!]{0,25}\b(?:cost[oó]|pagu[eé]|pag[oó]|fue|sali[oó])(?:\P{L}|$)|\bwhat did i pay\b|\bwhat (?:i|we) paid\b|\bhow much (?:did i|i|was it|was my order|was the order)\b`)
	// s11AddressRe asks where the order goes in words addressAskRe leaves
	// out.
	s11AddressRe = regexp.MustCompile(`(?i)\bwhere (?:was|were) (?:it|they|my order|the order|my package|the package) (?:sent|shipped|delivered|addressed)\b|\baddress (?:on file|you have)\b|\b(?:delivery|shipping) address\b|\bdirecci[oó]n de (?:env[ií]o|entrega)\b|\b(?:cu[aá]l es la|a qu[eé]|qu[eé]) direcci[oó]n\b|\ba d[oó]nde (?:lo|la|los|las) (?:mandaron|enviaron|mandan|env[ií]an)\b|\b(?:an )?welche (?:adresse|anschrift|lieferadresse)\b|\b(?:liefer|versand)adresse\b|\b(?:quelle|à quelle|a quelle) adresse\b|\badresse de livraison\b`)
	// s11TrackNounRe names the tracking number.
	s11TrackNounRe = regexp.MustCompile(`(?i)\btracking(?:\s*(?:number|numbers|no|nr|num|#|code|id|link|info))?\b|\bn[uú]mero de seguimiento\b|\bc[oó]digo de seguimiento\b|\bsendungsnummer\b|\btrackingnummer\b|\bsendungsverfolgung\b|\bnum[ée]ro de suivi\b|\blien de suivi\b|\bnum[ée]ro de colis\b`)
	// s11TrackSaysRe says something of the tracking rather than asking
	// for it: "tracking says delivered", "tracking hasn't updated".
	s11TrackSaysRe = regexp.MustCompile(`(?i)\btracking\b[^.?!]{0,20}\b(?:says|said|shows|showed|stuck|hasn'?t|has not|not updat|isn'?t|doesn'?t|won'?t|wrong|broken|invalid|no updates?|didn'?t)\b`)
)

// s11part is one part of a message and what it asks.
type s11part struct {
	text string
	kind string
}

// s11Kind is what part q asks: the order's status, one of its facts, its
// tracking number, a write, something else, or nothing (a few words that
// say more of the part beside them). A statement ("I returned the mugs
// last week", "tracking says delivered to 12 Elm St") asks nothing of
// these: it is something else, for the hooks that read reports.
func (t *turn) s11Kind(q string) string {
	q = strings.TrimSpace(q)
	low := strings.ToLower(q)
	norm := strings.ToLower(normalise(q))
	if q == "" {
		return s11None
	}
	if (s11TrackNounRe.MatchString(low) || s11TrackNounRe.MatchString(norm)) && !s11TrackSaysRe.MatchString(low) && !isWriteAsk(q) {
		return s11Tracking
	}
	if asksShippingPaid(low, norm) {
		return s11Fact + strconv.Itoa(int(orderAskShipping)) // "how much was shipping?"
	}
	if f11AskOf(q, "") == f11Tax {
		return s11Fact + strconv.Itoa(int(orderAskTax)) // "did I pay tax?"
	}
	if ask := besideAsk(q); ask != orderAskNone {
		return s11Fact + strconv.Itoa(int(ask))
	}
	mine := !addressChangeRe.MatchString(low) && !addressChangeRe.MatchString(norm) && newAddress(q) == nil
	if mine && (s11AddressRe.MatchString(low) || s11AddressRe.MatchString(norm)) {
		return s11Fact + strconv.Itoa(int(orderAskAddress))
	}
	if mine && s11PriceRe.MatchString(low) && !notMineRe.MatchString(low) && !s11PostageRe.MatchString(low) {
		return s11Fact + strconv.Itoa(int(orderAskPrice))
	}
	asks := t.s11Asks(q)
	if isWriteAsk(q) || resolutionTool(q) != "" || cancelRe.MatchString(norm) {
		if !asks {
			return s11Other // a report or a fact told: not a request
		}
		return s11Write
	}
	if t.cantKindHere(q) != cantNone || s11MoneyRe.MatchString(low) || s11MoneyRe.MatchString(norm) {
		return s11Other // a refund or a return asked about: refund_status's
	}
	in := classify(norm)
	if isPolicyQuestion(norm) && !mineRe.MatchString(low) || hypotheticalRe.MatchString(low) || in == intentHowTo {
		return s11Other
	}
	switch {
	case s11StatusRe.MatchString(low), s11StillRe.MatchString(norm), shippedAskRe.MatchString(low), asksWhenWhere(q),
		asksWhenWhere(norm), statusAskRe.MatchString(norm), arriveAskRe.MatchString(norm):
		return s11Status
	case language(t.text) != "":
		// The support words normalise maps are no question in another
		// language: "¿me pueden enviar otra?" asks for a mug.
	case in == intentLate && t.s11Asks(q):
		// "isn't it late?" asks; "my throw is super late" beside a
		// request tells (the request's proposal says what it covers).
		return s11Status
	case (in == intentStatus || besideStatusRe.MatchString(low)) && (asks || len(strings.Fields(q)) <= 3):
		return s11Status // "order status?", "hows my order doing"
	}
	if filler(q) {
		return s11None
	}
	return s11Other
}

// s11Asks reports whether part q asks something or asks for something:
// its words, or the question mark after it in the message.
func (t *turn) s11Asks(q string) bool {
	if openAskRe.MatchString(q) || questionStartRe.MatchString(q) || requestVerbRe.MatchString(q) || requestLeadRe.MatchString(q) ||
		s11RequestRe.MatchString(q) || newAddress(q) != nil {
		return true
	}
	i := strings.Index(t.text, q)
	return i >= 0 && strings.HasPrefix(strings.TrimLeft(t.text[i+len(q):], " "), "?")
}

// s11Parts cuts text into its parts, each with what it asks: its
// questions, then at each comma or joining word ("and", "y", "und",
// "et") and each question word of a run-on where both sides ask
// something of their own. Words that ask nothing stay with the part
// before them; parts that ask the same are one part.
func (t *turn) s11Parts(text string) []s11part { return t.partsBy(text, t.s11Kind) }

// partsBy cuts text as s11Parts says, reading each part with kind (part16
// reads more kinds of part with the same cutting).
func (t *turn) partsBy(text string, kind func(string) string) []s11part {
	var raw []s11part
	for _, q := range questions(text) {
		for _, line := range strings.Split(q, "\n") {
			for _, p := range cutBy(line, kind) {
				raw = append(raw, s11part{text: p, kind: kind(p)})
			}
		}
	}
	var out []s11part
	held := ""
	for _, p := range raw {
		switch {
		case p.kind == s11None && len(out) == 0:
			held = joinComma(held, p.text)
			continue
		case p.kind == s11None:
			out[len(out)-1].text = joinComma(out[len(out)-1].text, p.text)
			continue
		}
		p.text = joinComma(held, p.text)
		held = ""
		same := -1
		for i := range out {
			if out[i].kind == p.kind {
				same = i
			}
		}
		if same >= 0 {
			out[same].text += "? " + p.text // "where is it? when does it come?": one part
			continue
		}
		out = append(out, p)
	}
	return out
}

// cutBy cuts one question at its joining words and run-on question
// words, where each side has two words or more and asks something kind
// reads; never at the commas of an address.
func cutBy(q string, kind func(string) string) []string {
	q = strings.TrimSpace(leadRe.ReplaceAllString(q, ""))
	type cut struct{ at, end int }
	var cuts []cut
	address := newAddress(q) != nil
	for _, loc := range s11JoinRe.FindAllStringIndex(q, -1) {
		if address && !strings.ContainsFunc(q[loc[0]:loc[1]], unicode.IsLetter) {
			continue // "22 Elm Street, Cambridge, MA": the commas of an address
		}
		cuts = append(cuts, cut{loc[0], loc[1]})
	}
	for _, loc := range s11RunOnRe.FindAllStringIndex(q, -1) {
		cuts = append(cuts, cut{loc[0], loc[0] + 1})
	}
	// In the order they come; a run-on word right after a join is the
	// join's.
	for i := 1; i < len(cuts); i++ {
		for j := i; j > 0 && cuts[j].at < cuts[j-1].at; j-- {
			cuts[j], cuts[j-1] = cuts[j-1], cuts[j]
		}
	}
	var out []string
	start, last := 0, 0
	for _, c := range cuts {
		if c.at < last || c.at == 0 {
			continue
		}
		left := strings.TrimSpace(q[start:c.at])
		right := strings.TrimSpace(q[c.end:])
		// The right side up to the next cut is what this cut would start.
		next := right
		for _, d := range cuts {
			if d.at > c.end {
				next = strings.TrimSpace(q[c.end:d.at])
				break
			}
		}
		last = c.end
		if len(strings.Fields(left)) < 2 || len(strings.Fields(next)) < 2 {
			continue
		}
		lk, rk := kind(left), kind(next)
		if rk == s11None || rk == s11Other {
			rk = kind(right) // "what did i pay for it": the whole of the rest
		}
		if lk == s11None || rk == s11None || lk == s11Other || rk == s11Other {
			continue
		}
		out = append(out, left)
		start = c.end
	}
	return append(out, strings.TrimSpace(q[start:]))
}

// s11Message reports whether ps are a message this hook answers: two
// kinds of part or more, each the order's status, a fact of it, its
// tracking number or one write, and at least one of them not a write.
func s11Message(ps []s11part) bool {
	if len(ps) < 2 {
		return false
	}
	writes, reads := 0, 0
	for _, p := range ps {
		switch {
		case p.kind == s11Write:
			writes++
		case p.kind == s11Status, p.kind == s11Tracking, strings.HasPrefix(p.kind, s11Fact):
			reads++
		default:
			return false
		}
	}
	return writes <= 1 && reads >= 1
}

// split11 answers a message of several parts about the order, each part
// as a message of its own.
func (t *turn) split11(n int) (agent.Message, bool) {
	if t.inPart || !t.verified || t.confirmed != nil || t.declined || t.reoffered || t.intent == intentPerson ||
		strings.Contains(t.lastBot, "Shall I") || !offers(t.req, toolname.TrackOrder) {
		return agent.Message{}, false
	}
	switch language(t.text) {
	case "", "es", "de", "fr":
	default:
		return agent.Message{}, false
	}
	ps := t.s11Parts(t.text)
	if !s11Message(ps) {
		return agent.Message{}, false
	}
	// Every call so far is one of this hook's; else the turn is another's.
	byPart := make([][]call, len(ps))
	for _, c := range t.calls {
		m := s11TagRe.FindStringSubmatch(c.id)
		if m == nil {
			return agent.Message{}, false
		}
		i, err := strconv.Atoi(m[1])
		if err != nil || i >= len(ps) {
			return agent.Message{}, false
		}
		byPart[i] = append(byPart[i], c)
	}
	track := t.s11Track()
	rounds := t.rounds()
	var uses []agent.ToolUse
	answers := make([]string, len(ps))
	write := -1
	needTrack := -1 // the first part answered from track_order's result
	for i, p := range ps {
		if p.kind == s11Tracking || strings.HasPrefix(p.kind, s11Fact) {
			if needTrack < 0 {
				needTrack = i
			}
			continue
		}
		if p.kind == s11Write {
			write = i
		}
		sub := *t
		sub.inPart = true
		sub.text, sub.prevText = thanksTailRe.ReplaceAllString(p.text, ""), ""
		sub.intent = classify(normalise(sub.text))
		if p.kind == s11Status && sub.intent != intentStatus && sub.intent != intentLate {
			// A status part the pipeline does not read as one ("wurde es
			// schon versendet"): the status question in its words.
			sub.text, sub.intent = s11StatusAsk, intentStatus
		}
		sub.calls = byPart[i]
		msg := sub.onlyOffered(sub.plan())
		if hasToolUse(msg) {
			if rounds < partRounds {
				for _, b := range msg.Blocks {
					if b.ToolUse != nil {
						u := *b.ToolUse
						u.ID = fmt.Sprintf("tooluse_%d_%s%s%d", n+len(uses), u.Name, s11Tag, i)
						uses = append(uses, u)
					}
				}
				continue
			}
			if k := len(sub.calls); k > 0 {
				answers[i] = sub.answer(sub.calls[k-1])
			}
		} else {
			answers[i] = msg.Text()
		}
		if strings.TrimSpace(answers[i]) == "" || unhelpful(answers[i]) {
			answers[i] = "I'm not sure about the part where you asked \"" + strings.TrimSpace(p.text) + "\"; a member of our team can help with that if you'd like."
		}
	}
	if needTrack >= 0 && track == nil && !containsTool(uses, toolname.TrackOrder) {
		if rounds >= partRounds {
			return agent.Message{}, false
		}
		uses = append(uses, agent.ToolUse{ID: fmt.Sprintf("tooluse_%d_%s%s%d", n+len(uses), toolname.TrackOrder, s11Tag, needTrack),
			Name: toolname.TrackOrder, Input: mustJSON(t.orderArg())})
	}
	if len(uses) > 0 {
		msg := agent.Message{Role: agent.RoleAssistant}
		for i := range uses {
			msg.Blocks = append(msg.Blocks, agent.Block{ToolUse: &uses[i]})
		}
		return msg, true
	}
	if needTrack >= 0 && (track == nil || track.isErr || track.result == nil || str(track.result, "order_number") == "") {
		return agent.Message{}, false
	}
	for i, p := range ps {
		switch {
		case p.kind == s11Tracking:
			answers[i] = s11TrackingFact(track.result)
		case strings.HasPrefix(p.kind, s11Fact):
			answers[i] = t.s11Fact(p, track.result)
		}
	}
	var out []string
	said := ""
	add := func(s string) {
		s = strings.TrimSpace(strings.ReplaceAll(s, englishOnly, ""))
		if s != "" && !strings.Contains(said, s) {
			said += "\n" + s
			out = append(out, s)
		}
	}
	for i, p := range ps {
		if i == write {
			continue
		}
		if p.kind == s11Tracking && s11Holds(said, track.result) {
			continue // the status above gave the tracking numbers
		}
		add(answers[i])
	}
	if write >= 0 {
		add(answers[write])
	}
	return say("%s", strings.Join(out, "\n\n")), true
}

// s11Track is the turn's track_order call with a result, or nil.
func (t *turn) s11Track() *call {
	for i := len(t.calls) - 1; i >= 0; i-- {
		if c := &t.calls[i]; c.name == toolname.TrackOrder && (c.result != nil || c.isErr) {
			return c
		}
	}
	return nil
}

// s11Canonical asks each fact in the words besideFact reads, for a part
// asked in words it does not ("combien elle a coûté").
var s11Canonical = map[orderAsk]string{
	orderAskPrice:   "how much did i pay",
	orderAskAddress: "what address is it going to",
	orderAskItems:   "what did i order",
	orderAskCount:   "how many did i order",
}

// s11Fact answers a fact part from the order r.
func (t *turn) s11Fact(p s11part, r map[string]any) string {
	k, _ := strconv.Atoi(strings.TrimPrefix(p.kind, s11Fact))
	switch orderAsk(k) {
	case orderAskShipping:
		return shippingFacts(r)
	case orderAskTax:
		return taxFacts(r)
	}
	if orderAsk(k) == orderAskAddress {
		// As orderFacts says it: "is going to" would read as a change made.
		if a := str(r, "ship_to"); a != "" {
			return fmt.Sprintf("Order %s is addressed to: %s.", str(r, "order_number"), a)
		}
		return ""
	}
	if s := t.besideFact(p.text, r); s != "" {
		return s
	}
	if q, ok := s11Canonical[orderAsk(k)]; ok {
		return t.besideFact(q, r)
	}
	return ""
}

// s11TrackingFact gives each parcel's carrier and tracking number, or
// says there is none yet.
func s11TrackingFact(r map[string]any) string {
	var each []string
	for _, p := range list(r, "parcels") {
		num := str(p, "tracking_number")
		if num == "" {
			continue
		}
		s := strings.TrimSpace(str(p, "carrier") + " tracking number " + num)
		if u := str(p, "tracking_url"); u != "" {
			s += " (" + u + ")"
		}
		each = append(each, s)
	}
	order := str(r, "order_number")
	if len(each) == 0 {
		return fmt.Sprintf("Order %s has no tracking number yet: it gets one when it ships, and you'll get it by email then.", order)
	}
	return fmt.Sprintf("Tracking for order %s: %s.", order, strings.Join(each, "; "))
}

// s11Holds reports whether said already gives every tracking number of r.
func s11Holds(said string, r map[string]any) bool {
	found := false
	for _, p := range list(r, "parcels") {
		if num := str(p, "tracking_number"); num != "" {
			if !strings.Contains(said, num) {
				return false
			}
			found = true
		}
	}
	return found
}
