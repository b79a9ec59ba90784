package agent

import (
	"context"
	"regexp"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A customer with several orders points at one without its number (issue
// 18, ctx14): by what is in it ("the skillet one", "the order with the
// candle"), by where it is ("my cancelled order", "the one that hasn't
// shipped") or by what this conversation did to it ("the one I changed the
// address on"). Code makes that order the current one before the model
// runs, so its stage's tools and facts are offered, and the offline model
// reads the same description to pick the order its tools act on. A
// description two orders fit names neither: the model asks which.

// describedWords are the Spanish, German and French words of a
// description, as the English words the patterns below read.
var describedWords = sync.OnceValue(func() *strings.Replacer {
	pairs := []string{
		"pedido del", "order with the", "pedido de la", "order with the", "pedido con el", "order with the", "pedido con la", "order with the",
		"bestellung mit dem", "order with the", "bestellung mit der", "order with the", "bestellung mit den", "order with the",
		"commande avec le", "order with the", "commande avec la", "order with the", "commande avec les", "order with the", "commande du", "order with the",
		"die mit dem", "the one with the", "la del", "the one with the", "celle avec le", "the one with the", "celle avec la", "the one with the",
		"que cancelé", "that i cancelled", "que ya llegó", "that delivered", "que llegó", "that delivered", "que no se ha enviado", "that hasn't shipped",
		"que j'ai annulée", "that i cancelled", "die ich storniert habe", "that i cancelled",
	}
	words := map[string]string{
		"pedido": "order", "compra": "order", "paquete": "package", "bestellung": "order", "paket": "package", "lieferung": "order",
		"commande": "order", "colis": "package",
		"el": "the", "teh": "the", "mi": "my", "die": "the", "meine": "my", "ma": "my", "la": "the",
		"cancelado": "cancelled", "cancelada": "cancelled", "anulado": "cancelled", "stornierte": "cancelled", "stornierten": "cancelled",
		"storniert": "cancelled", "annulée": "cancelled", "annulee": "cancelled", "annulé": "cancelled",
		"reembolsado": "refunded", "reembolsada": "refunded", "erstattete": "refunded", "erstattet": "refunded", "erstatteten": "refunded",
		"zurückerstattete": "refunded", "remboursée": "refunded", "remboursee": "refunded", "remboursé": "refunded",
		"entregado": "delivered", "entregada": "delivered", "gelieferte": "delivered", "geliefert": "delivered", "livrée": "delivered", "livree": "delivered", "livré": "delivered",
		"enviado": "shipped", "enviada": "shipped", "versandte": "shipped", "verschickte": "shipped", "expédiée": "shipped", "envoyée": "shipped",
		"devuelto": "returned", "zurückgeschickte": "returned", "retournée": "returned", "renvoyée": "returned",
	}
	for k, v := range words {
		pairs = append(pairs, " "+k+" ", " "+v+" ")
	}
	return strings.NewReplacer(pairs...)
})

// describedEnglish is text lower-cased with the description's foreign
// words in English, padded with spaces.
func describedEnglish(text string) string {
	t := " " + strings.NewReplacer("’", "'", ",", " , ", "?", " ? ", "!", " ! ", ".", " . ", "¿", " ", "¡", " ").Replace(strings.ToLower(text)) + " "
	t = strings.Join(strings.Fields(t), " ")
	t = " " + t + " "
	// Twice: a replaced word's padding is shared with its neighbour.
	return describedWords().Replace(describedWords().Replace(t))
}

const (
	descCancelled   = "cancelled"
	descRefunded    = "refunded"
	descReturned    = "returned"
	descDelivered   = "delivered"
	descShipped     = "shipped"
	descUnshipped   = "unshipped"
	descOnItsWay    = "on_its_way"
	descUndelivered = "undelivered"
	descAddress     = "address_changed"
)

var (
	// describedAdjRe is "my cancelled order", "the delivered one".
	describedAdjRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\b(?:the|my|that)\s+(?:(?:other|older|newer|old|new|last|recent)\s+)?(cancell?ed|canceled|cancled|canceld|refunded|returned|delivered|arrived|shipped|unshipped|dispatched)\s+(?:one|order|package|parcel|purchase)\b|\b(?:the|my)\s+(?:order|package|parcel|purchase)\s+(cancell?ed|canceled|refunded|returned|delivered|shipped)\b`)
	})
	// describedRelRe is "the one that hasn't shipped", "the order i just
	// cancelled": the clause after it says which.
	describedRelRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\b(?:the|my|that)\s+(?:one|order|package|parcel|purchase)\s*,?\s+((?:that|which|thats|that's|i|i've|ive|you|u|we|where)\b[^.?!;,]{0,50})`)
	})
	// descRe holds the words that say what the order pointed at is (its
	// state, what this conversation did to it), compiled at first use:
	// the functions that never read a described order pay nothing at
	// start. aux ends "is the order cancelled?": a question about the
	// order, not a description of one.
	descRe = sync.OnceValue(func() descRegexps {
		return descRegexps{
			aux:         regexp.MustCompile(`\b(?:is|was|has|have|been|got|get|gets|did|does)\s*$`),
			address:     regexp.MustCompile(`\b(?:chang|updat|fix|correct|edit|redirect)\w*\b.{0,25}\baddress|\baddress\b.{0,15}\b(?:chang|updat|fix)\w*`),
			unshipped:   regexp.MustCompile(`\b(?:has ?n'?t|hasnt|has not|have ?n'?t|havent|not|never|isn'?t|isnt|is not|didn'?t|didnt|yet to)\s+(?:been\s+|yet\s+|even\s+)*(?:ship\w*|sent|dispatch\w*|gone out|go out|left)\b|\bunshipped\b`),
			undelivered: regexp.MustCompile(`\b(?:has ?n'?t|hasnt|has not|have ?n'?t|havent|not|never|isn'?t|isnt|is not|didn'?t|didnt)\s+(?:yet\s+|even\s+)*(?:arriv\w*|come|came|deliver\w*|got here|get here|show\w* up|turn\w* up|here)\b`),
			onWay:       regexp.MustCompile(`\b(?:on (?:its|the|it's) way|in transit|still coming|coming|being (?:shipped|delivered|sent)|out for delivery|en route)\b`),
			cancel:      regexp.MustCompile(`\b(?:cancell?ed|canceled|cancled|canceld|cancelld)\b`),
			refund:      regexp.MustCompile(`\b(?:refunded|got (?:a |my )?refund|got (?:my )?money back)\b`),
			ret:         regexp.MustCompile(`\b(?:returned|sent (?:it |them )?back|started a return)\b`),
			deliver:     regexp.MustCompile(`\b(?:delivered|arrived|came|showed up|turned up|got here|received)\b`),
			ship:        regexp.MustCompile(`\b(?:shipped|sent|dispatched|went out)\b`),
		}
	})
)

// describedKind is what the message says of the order it points at, or "".
func describedKind(en string) string {
	if loc := describedAdjRe().FindStringSubmatchIndex(en); loc != nil && !(loc[4] >= 0 && descRe().aux.MatchString(en[:loc[0]])) {
		m := describedAdjRe().FindStringSubmatch(en)
		switch m[1] + m[2] {
		case "refunded":
			return descRefunded
		case "returned":
			return descReturned
		case "delivered", "arrived":
			return descDelivered
		case "shipped", "dispatched":
			return descShipped
		case "unshipped":
			return descUnshipped
		}
		return descCancelled
	}
	m := describedRelRe().FindStringSubmatch(en)
	if m == nil {
		return ""
	}
	clause := m[1]
	switch {
	case descRe().address.MatchString(clause):
		return descAddress
	case descRe().unshipped.MatchString(clause):
		return descUnshipped
	case descRe().undelivered.MatchString(clause):
		return descUndelivered
	case descRe().onWay.MatchString(clause):
		return descOnItsWay
	case descRe().cancel.MatchString(clause):
		return descCancelled
	case descRe().refund.MatchString(clause):
		return descRefunded
	case descRe().ret.MatchString(clause):
		return descReturned
	case descRe().deliver.MatchString(clause):
		return descDelivered
	case descRe().ship.MatchString(clause):
		return descShipped
	}
	return ""
}

// fitsKind reports whether order o, at its stage and with what this
// conversation did, fits the kind of description.
func fitsKind(o StateOrder, kind string, done []StateDone) bool {
	s := strings.ToLower(o.Stage)
	did := func(tool string) bool {
		for _, d := range done {
			if d.Order == o.Name && d.Tool == tool {
				return true
			}
		}
		return false
	}
	closed := strings.Contains(s, "cancel") || strings.Contains(s, "refund") || strings.Contains(s, "returned")
	unshipped := strings.Contains(s, "not shipped") || strings.Contains(s, "label created")
	delivered := strings.HasPrefix(s, "delivered")
	switch kind {
	case descCancelled:
		return strings.Contains(s, "cancel") || did(toolname.CancelOrder)
	case descRefunded:
		return strings.Contains(s, "refund") || strings.Contains(s, "cancel") || did(toolname.CancelOrder)
	case descReturned:
		return strings.Contains(s, "returned") || did(toolname.StartReturn)
	case descDelivered:
		return delivered
	case descShipped:
		return !unshipped && !strings.Contains(s, "cancel")
	case descUnshipped:
		return unshipped && !closed
	case descOnItsWay:
		return !closed && !delivered && !strings.Contains(s, "not shipped")
	case descUndelivered:
		return !closed && !delivered
	case descAddress:
		return did(toolname.ChangeAddress)
	}
	return false
}

// describedItemRe is an order named by what is in it: "the skillet one",
// "my coffee kit order", "the one with the candle in it".
var describedItemRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\b(?:the|my)\s+((?:[\p{L}'-]+\s+){0,2}[\p{L}'-]+)\s+(?:one|order|package|parcel|purchase)\b|\b(?:the|my)\s+(?:one|order|package|parcel|purchase)\s+(?:with|containing|that has|that had|which has|which had|for|that had)\s+((?:[\p{L}'-]+\s+){0,3}[\p{L}'-]+)`)
})

// descNotItem are words of describedItemRe's phrase that name no item.
var descNotItem = map[string]bool{"other": true, "second": true, "first": true, "last": true, "new": true, "old": true, "same": true,
	"right": true, "wrong": true, "that": true, "this": true, "whole": true, "entire": true, "next": true, "previous": true,
	"the": true, "a": true, "an": true, "my": true, "in": true, "it": true}

// itemNoun is an order item's noun: the last word of its title, lower
// case, without quantity or variant ("skillet" for "2 × Cast-Iron
// Skillet (10 inch)").
func itemNoun(item string) string {
	if _, after, ok := strings.Cut(item, " × "); ok {
		item = after
	}
	if i := strings.Index(item, " ("); i > 0 {
		item = item[:i]
	}
	w := strings.Fields(strings.ToLower(item))
	if len(w) == 0 {
		return ""
	}
	return strings.Trim(w[len(w)-1], ".,")
}

// nearNoun reports whether a word the customer typed is noun, plural or
// one letter off ("skilet").
func nearNoun(word, noun string) bool {
	if word == noun || word == noun+"s" || word == noun+"es" {
		return true
	}
	if len(noun) < 5 {
		return false
	}
	return oneEditApart(word, noun)
}

// oneEditApart reports whether a and b differ by one inserted, deleted or
// changed letter, or two neighbours swapped ("kettel").
func oneEditApart(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	if len(rb)-len(ra) > 1 {
		return false
	}
	i := 0
	for i < len(ra) && ra[i] == rb[i] {
		i++
	}
	if len(ra) == len(rb) {
		swapped := i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i] && string(ra[i+2:]) == string(rb[i+2:])
		return i == len(ra) || string(ra[i+1:]) == string(rb[i+1:]) || swapped
	}
	return string(ra[i:]) == string(rb[i+1:])
}

// describedItemOrders are the orders holding an item the message names
// an order by, or nil.
func describedItemOrders(en string, orders []StateOrder) []string {
	var phrases []string
	for _, m := range describedItemRe().FindAllStringSubmatch(WithProductNouns(en)+" "+en, -1) {
		if describedAcross(m[1]) {
			continue
		}
		phrases = append(phrases, m[1]+" "+m[2])
	}
	var out []string
	for _, o := range orders {
		hit := false
		for _, p := range phrases {
			for _, w := range strings.Fields(p) {
				if descNotItem[w] {
					continue
				}
				for _, it := range o.Items {
					if n := itemNoun(it); n != "" && nearNoun(w, n) {
						hit = true
					}
				}
			}
		}
		if hit {
			out = append(out, o.Name)
		}
	}
	return out
}

// DescribedOrder is the order of orders (the verified customer's) that
// text points at without its number, given what this conversation did
// (done) and the order under discussion (discussed, "" for none): when
// the discussed order fits, it stays. fits are the orders the description
// fits when more than one does and none is discussed: the customer is
// asked which. Both are empty when text describes no order.
func DescribedOrder(text string, orders []StateOrder, done []StateDone, discussed string) (string, []string) {
	if len(orders) < 2 {
		return "", nil
	}
	en := describedEnglish(text)
	fits := describedItemOrders(en, orders)
	if len(fits) == 0 {
		kind := describedKind(en)
		if kind == "" {
			return "", nil
		}
		for _, o := range orders {
			if fitsKind(o, kind, done) {
				fits = append(fits, o.Name)
			}
		}
	}
	switch {
	case len(fits) == 0:
		return "", nil
	case len(fits) == 1:
		return fits[0], nil
	}
	for _, f := range fits {
		if f == discussed {
			return f, nil
		}
	}
	return "", fits
}

// noteDescribedOrder makes the order the customer's message describes
// without its number the current order, when exactly one of theirs fits
// and the order the agent's last reply spoke of does not.
func (s *session) noteDescribedOrder(ctx context.Context) error {
	mine, err := s.myOrders(ctx)
	if err != nil || len(mine) < 2 || ownBareOrder(s.text, mine) != "" {
		return err
	}
	var orders []StateOrder
	for _, o := range mine {
		orders = append(orders, StateOrder{Name: o.Name, Items: itemTitles(o), Stage: stageWords(order.JourneyOf(o, s.now, s.pol.ReturnWindow()).Stage)})
	}
	if name, _ := DescribedOrder(s.text, orders, doneState(s.conv), s.lastNamedOrder()); name != "" {
		s.conv.CurrentOrder = name
	}
	return nil
}

// lastNamedOrder is the one order the agent's previous reply named, or
// "" (none, or several).
func (s *session) lastNamedOrder() string {
	for i := len(s.history) - 1; i >= 0; i-- {
		m := s.history[i]
		if m.Role != conversation.RoleAgent {
			continue
		}
		found := ""
		for _, n := range namedOrderRe().FindAllStringSubmatch(m.Text, -1) {
			if found != "" && namedOrder(n) != found {
				return "" // a reply naming several orders discussed none
			}
			found = namedOrder(n)
		}
		return found
	}
	return ""
}

// describedFiller are the words around a bare pointer at an order: "oh
// sorry i meant the one i cancelled today, 1001".
var describedFiller = map[string]bool{"i": true, "mean": true, "meant": true, "no": true, "sorry": true, "oh": true, "ok": true, "okay": true,
	"wait": true, "um": true, "uh": true, "the": true, "its": true, "it's": true, "it": true, "is": true, "was": true, "that": true, "one": true,
	"today": true, "yesterday": true, "earlier": true, "just": true, "about": true, "talking": true, "asking": true, "on": true, "for": true,
	"number": true, "order": true, "#": true, ",": true, ".": true, "?": true, "!": true, "-": true, "like": true, "i'm": true, "im": true, "hmm": true,
	"actually": true, "nah": true, "this": true, "lol": true, "pls": true, "please": true, "and": true, "ah": true, "right": true, "nope": true}

// describedNumberRe is an order number as a customer types it.
var describedNumberRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`#?\s?\d{3,9}\b`) })

// OnlyPointsAtOrder reports whether text does no more than point at one
// of the customer's orders, by its number or a description ("the one i
// cancelled today, 1001"): the question it answers is the one before.
func OnlyPointsAtOrder(text string) bool {
	en := describedEnglish(text)
	pointed := describedNumberRe().MatchString(en) || describedKind(en) != "" || describedItemRe().MatchString(en)
	if !pointed {
		return false
	}
	for _, re := range []*regexp.Regexp{describedAdjRe(), describedRelRe(), describedItemRe(), describedNumberRe()} {
		en = re.ReplaceAllString(en, " ")
	}
	for _, w := range strings.Fields(en) {
		if !describedFiller[w] {
			return false
		}
	}
	return true
}

// DescribedKind is what text says of the order it points at without its
// number: "cancelled", "refunded", "returned", "delivered", "shipped",
// "unshipped", "on_its_way", "undelivered", "address_changed", or "".
func DescribedKind(text string) string {
	return describedKind(describedEnglish(text))
}

// DescribedItemWords are the words an order is named by in text ("lamp"
// in "the lamp one"), whatever the orders hold; nil when it names none.
func DescribedItemWords(text string) []string {
	var out []string
	for _, m := range describedItemRe().FindAllStringSubmatch(describedEnglish(text), -1) {
		if describedAcross(m[1]) {
			continue
		}
		for _, w := range strings.Fields(m[1] + " " + m[2]) {
			if !descNotItem[w] && !describedFiller[w] {
				out = append(out, w)
			}
		}
	}
	return out
}

// describedLinks are words that join an item to an order rather than name
// one: "the filters from my order", "the throw in that order" speak of an
// item of the order under discussion, not of an order named by its item.
var describedLinks = map[string]bool{"from": true, "in": true, "on": true, "of": true, "to": true, "for": true, "with": true, "at": true,
	"my": true, "the": true, "your": true, "our": true, "that": true, "this": true, "a": true, "an": true, "and": true, "or": true,
	"is": true, "was": true, "off": true, "out": true, "into": true}

// describedAcross reports whether the words between "the" and "one" or
// "order" hold a link word: an item of an order, not an order's name.
func describedAcross(phrase string) bool {
	for _, w := range strings.Fields(phrase) {
		if describedLinks[w] {
			return true
		}
	}
	return false
}

// descRegexps are descRe's, one per thing a description says.
type descRegexps struct {
	aux, address, unshipped, undelivered, onWay, cancel, refund, ret, deliver, ship *regexp.Regexp
}
