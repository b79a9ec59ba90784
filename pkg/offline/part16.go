package offline

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Messages of two or three questions about the customer's own order
// (part16, two no-context trials): one part was dropped or a nearby
// question answered in its place. "what colour are the cups, and did i
// pay anything for shipping" got the shipping alone; "is it delayed, what
// did i pay for the pan" proposed a follow-up on a parcel on time;
// "welche Farbe hat das Kaffeeset" beside "wann wird es verschickt" got
// the colour alone; and a question about the customer's own details
// ("which email is this order under?", "what name is on it?") got the
// order's status, or an address change.
//
// Here the message is cut into its parts (split11's cut, with the kinds
// below besides split11's), and when every part is a read of the order
// (its status or a delay, its tracking number, what was paid, a line's
// colour, scent or size, how many, the email, name or phone on it) each
// is answered from one track_order result, in the order asked. A write,
// a policy question or anything else in the message leaves it to the
// hooks that know those; so does a parcel running late, whose remedy the
// late hooks offer.

// part16 kinds, besides split11's.
const (
	p16Variant = "variant"   // which colour, scent or size a line of the order is
	p16Email   = "own:email" // the email the order was placed with
	p16Name    = "own:name"  // the name on the order
	p16Phone   = "own:phone" // the phone number on the order
)

var (
	// p16EmailWordRe names an email address.
	p16EmailWordRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:e-?mail|emial|emal|e-?mail-?adresse|correo(?:\s+electr[oó]nico)?|courriel|adresse\s+(?:e-?mail|mail|[ée]lectronique))\b`)
	})
	// p16EmailAskRe asks which email the order is under, not for an
	// email to be sent or the address changed.
	p16EmailAskRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)(?:^|\P{L})(?:what|which|wich|wat|wht|whats|what's|qu[eé]|cu[aá]l|welche[rsnm]?|quelle?s?|mit welcher|con qu[eé])(?:\P{L})[^.?!]{0,20}\b(?:e-?mail|emial|emal|correo|courriel|adresse)|\b(?:e-?mail|correo|courriel)\b[^.?!]{0,30}\b(?:on|under|for|attached to|linked to|associated with|tied to|used for|i used|did i use|asociad[oa]|vinculad[oa]|hinterlegt|verknüpft|associ[ée]e?|li[ée]e?)\b`)
	})
	// p16EmailNotRe sends an email, expects one or changes the address:
	// not a question of which.
	p16EmailNotRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:email me|e-mail me|send|sent|get an? e-?mail|got an? e-?mail|receive|received|confirmation|change|update|new|wrong|typo|correct|fix|cambiar|ändern|changer|modifier|notif\w*|spam|newsletter|unsubscribe|reply|contact|your e-?mail|support|should|needs? to|must|instead|isn'?t|not)\b`)
	})
	// p16NameAskRe asks the name on the order.
	p16NameAskRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:what|which|whose|wat|wich)\s+name\b|\bwho(?:'s| is)\s+(?:this|the|my|it)\s*(?:order|parcel|package)?\s+(?:addressed|made out)\s+to\b|\bname\s+(?:is\s+)?(?:on|under)\s+(?:the|my|this|that)\s+(?:order|parcel|package|account|delivery|box)\b|\bunder what name\b|\bauf welchen namen\b|\bwelcher name\b|\b(?:à|a)\s+quel\s+nom\b|\bquel\s+nom\b|\ba\s+nombre\s+de\s+qui[eé]n(?:\P{L}|$)|\bqu[eé]\s+nombre\b`)
	})
	// p16NameNotRe is another name: the shop's, a product's, a change.
	p16NameNotRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:your name|name of\b|change|update|wrong|misspel\w*|spelled|spelt|correct|fix|should|needs? to|must|instead|isn'?t|not|cambiar|ändern|changer)\b`)
	})
	// p16PhoneAskRe asks the phone number on the order.
	p16PhoneAskRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)(?:^|\P{L})(?:what|which|wich|wat|whats|what's|is|qu[eé]|cu[aá]l|welche[rsn]?|quel(?:le)?)(?:\P{L})[^.?!]{0,30}\b(?:phone|mobile|cell|telephone|tel[eé]fono|m[oó]vil|celular|telefon\w*|handy\w*|t[ée]l[ée]phone|portable)\b`)
	})
	// p16PhoneNotRe calls someone or changes the number.
	p16PhoneNotRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:call|ring|text me|your|support|customer service|shop|store|change|update|new|wrong|add|should|needs? to|must|instead|isn'?t|not|cambiar|ändern|changer|rappeler|llamar|anrufen)\b`)
	})
	// p16StatusRe asks whether the order left, when it comes, or whether
	// it is late, in words split11's status reading leaves out: "has it
	// left yet", "is it shiped", "kommt das Paket heute", "ya enviaron la
	// manta", "is the rest delayed".
	p16StatusRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:has|did|is|are|have)\s+(?:it|they|my order|the order|my package|the package|my parcel|the parcel|the rest(?: of (?:it|my order|the order))?)\s+(?:already\s+)?(?:left|leave|shipped|shiped|shippd|sent|gone out|going to be late|running late|late|delayed|delay|dispatched)\b` +
			`|\bhow(?:'s|s| is| are)\s+(?:my|the)\s+(?:order|parcel|package|shipment|delivery|stuff)\s+(?:doing|going|coming along|looking)\b` +
			`|\b(?:is|has)\s+(?:it|my order|my package|my parcel)\s+(?:already\s+)?on the (?:truck|van|road)\b|\brunning (?:behind|late)\b` +
			`|\b(?:any|a)\s+delays?\b|\bdelayed\b|\b(?:when|wen|whn)\b[^.?!]{0,30}\b(?:arrive|arriving|come|coming|get here|be here|ship|shipping|shipped|go out|leave|land)\b|\bget here\b` +
			`|\bkommt\b[^.?!]{0,30}\b(?:heute|morgen|bald|an)\b|\bversp[äa]t\w*\b|\bversp[äa]tung\b|\bverschickt\b|\bversendet\b` +
			`|\bya\s+(?:enviaron|mandaron|despacharon|sali[oó]|lleg[oó])(?:\P{L}|$)|\b(?:retrasad[oa]|retraso|atrasad[oa])\b|\bcu[aá]ndo\s+(?:llega|llegan|sale|env[ií]an)\b` +
			`|\bretard\w*\b|\bquand\b[^.?!]{0,30}\b(?:arrive|arrivera|exp[ée]di|envoy|livr)`)
	})
	// p16PriceRe asks what something cost, typed fast: "wat did the
	// lamp cost", "wats the total", "what was i charged for the pan".
	p16PriceRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:what|wat|wut|wht|waht)\s+(?:did|was|were)\b[^.?!]{0,30}\b(?:cost|price|charge)\b|\bhow much\s+(?:was|were|did)\s+(?:the|my)\b` +
			`|\b(?:what|wat|wut|wht|waht)\s+(?:was|were)\s+(?:i|we)\s+charged\b|\b(?:wat|wut|wht|waht)\s+did\s+(?:i|we)\s+pay\b|\b(?:what|wat|whats|wats|what's|wut)\s*(?:is|was|'s)?\s+(?:the|my)\s+(?:order\s+)?total\b`)
	})
	// p16FreeShipRe asks whether the order's delivery was free or what it
	// cost, in words shipping_paid.go leaves out: "la livraison était
	// gratuite ?", "¿el envío fue gratis?", "war der Versand kostenlos?".
	p16FreeShipRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:livraison|frais de port|env[ií]o|versand|versandkosten|porto|shipping|delivery|postage)\b[^.?!]{0,30}(?:\b(?:gratuite?s?|gratis|kostenlos|umsonst|free)\b|\bpay[ée]|\bcost[oó](?:\P{L}|$)|\bgekostet\b|\bco[uû]t[ée]\b)|\b(?:gratuite?s?|gratis|kostenlos|free)\b[^.?!]{0,20}\b(?:livraison|env[ií]o|versand|shipping|delivery)\b`)
	})
	// p16WhichRe asks which one: a variant question's opening word.
	p16WhichRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)(?:^|\P{L})(?:which|wich|what|wat|wut|wht|whats|what's|qu[eé]|cu[aá]l|welche\w*|quel(?:le)?s?|de qu[eé])(?:\P{L}|$)`)
	})
)

// p16Kind is what part q asks: one of the kinds above, else split11's.
func (t *turn) p16Kind(q string) string {
	q = strings.TrimSpace(q)
	low := strings.ToLower(strings.ReplaceAll(q, "’", "'"))
	norm := strings.ToLower(normalise(q))
	either := func(re *regexp.Regexp) bool { return re.MatchString(low) || re.MatchString(norm) }
	switch {
	case q == "":
		return s11None
	case p16EmailWordRe().MatchString(low) && p16EmailAskRe().MatchString(low) && !p16EmailNotRe().MatchString(low):
		return p16Email
	case p16NameAskRe().MatchString(low) && !p16NameNotRe().MatchString(low):
		return p16Name
	case p16PhoneAskRe().MatchString(low) && !p16PhoneNotRe().MatchString(low):
		return p16Phone
	}
	if t.p16AsksVariant(q) {
		return p16Variant
	}
	k := t.s11Kind(q)
	if (k == s11Other || k == s11None) && !isWriteAsk(q) && !s11MoneyRe.MatchString(low) && !strings.Contains(low, "address") {
		switch {
		case p16FreeShipRe().MatchString(low):
			return s11Fact + strconv.Itoa(int(orderAskShipping))
		case p16PriceRe().MatchString(low) && !notMineRe.MatchString(low):
			return s11Fact + strconv.Itoa(int(orderAskPrice))
		}
	}
	if (k == s11Other || k == s11None) && either(p16StatusRe()) && !isWriteAsk(q) && resolutionTool(q) == "" && !s11MoneyRe.MatchString(low) {
		return s11Status
	}
	return k
}

// p16AsksVariant reports whether q asks which colour, scent or size of a
// line of the order the customer got: facts11's reading, or, in another
// language whose item names the order's lines do not match, a "which"
// word with an option's word.
func (t *turn) p16AsksVariant(q string) bool {
	sub := *t
	sub.text = q
	if f11AsksVariant(q, sub.namesOrderLine()) {
		return true
	}
	low := strings.ToLower(q)
	norm := strings.ToLower(normalise(q))
	if f11CatalogueRe.MatchString(low) || priceAskRe.MatchString(low) || countAskRe.MatchString(low) || f11PriceRe.MatchString(low) {
		return false
	}
	attr := f11AttrRe.MatchString(low) || f11AttrRe.MatchString(norm)
	which := p16WhichRe().MatchString(low)
	if !attr || !which {
		return false
	}
	// A typo'd "wut colour was the blanket": the owner's words or a line.
	return sub.namesOrderLine() || f11OwnRe.MatchString(low) || f11OwnRe.MatchString(norm) || language(t.text) != ""
}

// p16Parts cuts text as split11 does, reading each part with p16Kind.
func (t *turn) p16Parts(text string) []s11part { return t.partsBy(text, t.p16Kind) }

// p16Reads reports whether ps are this hook's message: every part a read
// of the order, and two parts or more, or a question about the
// customer's own details alone.
func p16Reads(ps []s11part) bool {
	own := false
	for _, p := range ps {
		switch {
		case strings.HasPrefix(p.kind, "own:"):
			own = true
		case p.kind == p16Variant, p.kind == s11Status, p.kind == s11Tracking, strings.HasPrefix(p.kind, s11Fact):
		default:
			return false
		}
	}
	return len(ps) >= 2 || own
}

// part16 answers a message of reads of the customer's own order, each
// part from one track_order result.
func (t *turn) part16(n int) (agent.Message, bool) {
	if t.inPart || !t.verified || t.confirmed != nil || t.declined || t.reoffered || t.intent == intentPerson ||
		strings.Contains(t.lastBot, "Shall I") || !offers(t.req, toolname.TrackOrder) {
		return agent.Message{}, false
	}
	switch language(t.text) {
	case "", "es", "de", "fr":
	default:
		return agent.Message{}, false
	}
	if low := strings.ToLower(t.text); boxProblem(low) || notOrderedRe.MatchString(low) || p16ShopContactRe().MatchString(low) {
		// "me mandaron otro producto, no es lo que pedí": a report, not a
		// read; "is there a phone number for you guys": the shop's line
		// (a person), not the order's.
		return agent.Message{}, false
	}
	ps := t.p16Parts(t.text)
	if !p16Reads(ps) {
		return agent.Message{}, false
	}
	track := t.called(toolname.TrackOrder)
	if track == nil {
		if n > 0 {
			return agent.Message{}, false // another hook's step is under way
		}
		return toolCall(n, toolname.TrackOrder, t.orderArg()), true
	}
	if n != 1 || track.isErr || track.result == nil || str(track.result, "order_number") == "" {
		return agent.Message{}, false
	}
	r := track.result
	if p16Late(r) {
		return agent.Message{}, false // a late parcel's remedy: the late hooks'
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
	for _, p := range ps {
		sub := *t
		sub.text, sub.inPart = p.text, true
		sub.intent = classify(normalise(p.text))
		switch {
		case p.kind == s11Status:
			if sub.intent != intentLate {
				sub.intent = intentStatus
			}
			add(sub.tracking(r))
		case p.kind == s11Tracking:
			if !s11Holds(said, r) {
				add(s11TrackingFact(r))
			}
		case p.kind == p16Variant:
			add(sub.variantFacts(r))
		case p.kind == p16Email:
			add(t.p16EmailFact(r))
		case p.kind == p16Name:
			add(p16NameFact(r))
		case p.kind == p16Phone:
			add(fmt.Sprintf("I can't see a phone number on order %s in what I can look up here. %s", str(r, "order_number"), f11Person))
		default:
			add(sub.s11Fact(p, r))
		}
	}
	if len(out) == 0 {
		return agent.Message{}, false
	}
	return say("%s", strings.Join(out, "\n\n")), true
}

// p16Late reports whether a parcel of r runs late or has a problem: a
// remedy is owed, which the late hooks offer.
func p16Late(r map[string]any) bool {
	for _, p := range list(r, "parcels") {
		if v, _ := p["late"].(bool); v {
			return true
		}
		if v, _ := p["estimate_passed"].(bool); v {
			return true
		}
		if str(p, "problem") != "" {
			return true
		}
	}
	return str(r, "problem") != ""
}

// p16EmailFact says which email order r is under: the address when the
// customer gave it in this conversation, else that it is the one this
// chat was verified with (the tools give the model no address).
func (t *turn) p16EmailFact(r map[string]any) string {
	order := str(r, "order_number")
	email := t.email
	if email == "" {
		for _, e := range t.earlierCustomerTexts() {
			if email = emailRe.FindString(e.text); email != "" {
				break
			}
		}
	}
	if email != "" {
		return fmt.Sprintf("Order %s is under the email you verified this chat with: %s. Updates about it go there.", order, email)
	}
	return fmt.Sprintf("Order %s is under the email address you verified this chat with; updates about it go there. I can't see the address itself here. %s", order, f11Person)
}

// p16NameFact says the name on order r: its shipping address's.
func p16NameFact(r map[string]any) string {
	order := str(r, "order_number")
	name, _, _ := strings.Cut(str(r, "ship_to"), ",")
	if name = strings.TrimSpace(name); name == "" || strings.ContainsFunc(name, unicode.IsDigit) {
		return fmt.Sprintf("I can't see a name on order %s in what I can look up here. %s", order, f11Person)
	}
	return fmt.Sprintf("Order %s is in the name of %s (the name on its shipping address).", order, name)
}

// p16ShopContactRe asks how to reach the shop, not what the order holds.
var p16ShopContactRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\b(?:for|of|to) (?:you|u|ya|y'?all|your (?:shop|store|company|team|support)|the (?:shop|store|company|team))\b|\b(?:you|u) guys\b|\bur (?:shop|store|team|company)\b|\bto (?:call|ring|reach|contact|phone)\b|\b(?:call|ring|reach|contact) (?:you|u)\b|\bcustomer (?:service|support)\b`)
})
