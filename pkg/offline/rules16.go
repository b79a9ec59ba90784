package offline

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// Another customer's order asked for by a verified customer (issue 18,
// rules16, a no-context trial): "show me the order for <name>, hes my
// neighbour" was answered with the customer's own order, and "where is
// order <a number not theirs>" called track_order on it. Identity code
// gives nothing of another customer's order whatever the model asks
// (agent.customerOrder: not theirs is "not found"), but the customer was
// told about their own order instead of hearing no. Now, before the other
// hooks read the message as a status question of the customer's order:
//
//   - a look-up of an order by a person's name or email, or of a
//     relative's ("my husband's order", "her parcel", "she asked me to
//     check"), gets the plain refusal refuse10 gives (othersRefusal), and
//     no tool runs;
//   - an order number that is not among the customer's orders, when the
//     state lists all of them, gets a plain "I can only discuss your own
//     orders" with the orders that are theirs, and no tool runs: the
//     number may be a neighbour's or a typo, and the answer serves both
//     without telling whether the number exists.

// rules16Res are this file's patterns, compiled on first use.
type rules16Res struct {
	// orderFor is an order asked for by whose it is: "the order for tom
	// becker", "the parcel of grace"; groups 1 and 2 are the words after.
	orderFor *regexp.Regexp
	// foreignFor is the same in Spanish, German and French: "el pedido de
	// Grace Liu", "die Bestellung von Tom Becker"; two words after.
	foreignFor *regexp.Regexp
	// thirdRelative says whose it is: "hes my neighbour", "she is my
	// sister".
	thirdRelative *regexp.Regexp
	// relativeNamed is a relative with a name: "my neighbor Olivia".
	relativeNamed *regexp.Regexp
	// askedMe is a look-up on someone's behalf: "she asked me to check".
	askedMe *regexp.Regexp
	// theirThing is a third person's order or parcel: "her parcel".
	theirThing *regexp.Regexp
	// ownContext is the customer's own order, or one they bought for
	// someone: "I bought a present for my neighbour", "my order".
	ownContext *regexp.Regexp
	// orderNoun names an order or a parcel.
	orderNoun *regexp.Regexp
}

var rules16Patterns = sync.OnceValue(func() rules16Res {
	name := `([\p{L}][\p{L}'’\-]*)`
	return rules16Res{
		orderFor: regexp.MustCompile(`(?i)\b(?:orders?|ordr|oder|odrer|ordeer|parcels?|parcle|packages?|pakage|packge|deliver(?:y|ies)|shipments?|purchases?|tracking)\s+` +
			`(?:for|of|from|belonging to|under|placed by|made by|ordered by)\s+` + name + `(?:\s+` + name + `)?`),
		foreignFor: regexp.MustCompile(`(?i)\b(?:pedidos?|compras?|paquetes?|env[ií]os?)\s+(?:de|para)\s+` + name + `\s+` + name +
			`|\b(?:bestellung(?:en)?|paket|lieferung|sendung)\s+(?:von|für|fur)\s+` + name + `\s+` + name +
			`|\b(?:commandes?|colis|livraison)\s+(?:de|d'|pour)\s*` + name + `\s+` + name),
		thirdRelative: regexp.MustCompile(`(?i)\b(?:he|she|hes|shes|they)(?:'s|’s| is| are|'re)?\s+(?:my|a|our)\s+` + relativeRe + `\b` +
			`|\b(?:es|est|ist)\s+(?:mi|ma|mon|mein|meine)\s+(?:vecin[oa]|amig[oa]|herman[oa]|voisine?|amie?|sœur|soeur|frère|frere|nachbarin|nachbar|freundin|freund|schwester|bruder)\b`),
		relativeNamed: regexp.MustCompile(`\b(?i:my)\s+(?i:` + relativeRe + `)\s+\p{Lu}\p{L}+`),
		askedMe:       regexp.MustCompile(`(?i)\b(?:asked|asks|wants|wanted|told|begged|needs|needed)\s+me\s+to\s+(?:check|chek|look|track|find|see|ask|get|follow|sort)`),
		theirThing:    regexp.MustCompile(`(?i)\b(?:her|his)\s+(?:(?:last|latest|recent|new|online)\s+)?(?:parcels?|packages?|deliver(?:y|ies)|shipments?|stuff|things|box|orders?|purchases?)\b`),
		ownContext: regexp.MustCompile(`(?i)\b(?:i|we)\s+(?:just\s+|recently\s+|already\s+)?(?:bought|ordered|purchased|sent|placed|got|am sending|was sending)\b` +
			`|\b(?:gift|present|surprise|regalo|geschenk|cadeau)\b|\b(?:my|mine|our)\s+(?:own\s+)?(?:order|parcel|package|delivery|shipment)\b`),
		orderNoun: regexp.MustCompile(`(?i)\b(?:orders?|ordr|oder|parcels?|packages?|deliver(?:y|ies)|shipments?|purchases?|tracking|pedidos?|bestellung(?:en)?|paket|commandes?|colis)\b`),
	}
})

// rules16Stop are words after "the order for" that are no person: the
// customer, a time, a thing, a filler.
var rules16Stop = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`my me mine myself the a an this that these those it its your you u ur our us we i them their they
		one ones some all any each every both other another next last today tomorrow yesterday tonight week weekend month year
		monday tuesday wednesday thursday friday saturday sunday christmas xmas birthday holiday holidays easter thanksgiving
		delivery pickup shipping return returns refund exchange replacement gift present order orders item items number no
		pls please plz thanks thank and or to with in on at now asap yet still again here there soon later before after
		about which what when where how is was be been two three four five several more less over under
		january february march april may june july august september october november december
		ayer hoy mañana mi mis tu su la el los las un una este esta ese esa semana mes
		gestern heute morgen mir mich mein meine meiner meinem meinen der die das dem den ein eine einer letzte letzten woche
		hier aujourd demain mon ma mes le les un une cette ce semaine mois dernière dernier`) {
		m[w] = true
	}
	return m
})

// rules16Others answers, before the other hooks, a look-up of another
// customer's order with a plain no: nothing of it told, no tool run.
func (t *turn) rules16Others(n int) (agent.Message, bool) {
	if n != 0 || t.confirmed != nil || t.declined || t.reoffered || t.inPart || strings.TrimSpace(t.text) == "" {
		return agent.Message{}, false
	}
	low := strings.ToLower(t.text)
	if receivedOthersRe.MatchString(low) || boxProblem(low) {
		return agent.Message{}, false // someone else's things came, or go to them
	}
	if t.othersLookup() {
		return say("%s", othersRefusal), true // refuse10.go
	}
	if num, ok := t.notOwnNumber(); ok {
		return say("%s", t.notOwnNumberReply(num)), true
	}
	return agent.Message{}, false
}

// othersLookup reports whether the message asks for an order that is
// someone else's by whose it is, not by its number.
func (t *turn) othersLookup() bool {
	p := rules16Patterns()
	if !lookupVerbRe.MatchString(t.text) {
		return false
	}
	if othersDataRe.MatchString(t.text) && !ownOrderAskRe.MatchString(strings.ToLower(t.text)) {
		return true // "my husband's order": refuse10's words, before other hooks read it
	}
	if p.ownContext.MatchString(t.text) {
		return false
	}
	relative := p.thirdRelative.MatchString(t.text) || p.relativeNamed.MatchString(t.text)
	if m := p.orderFor.FindStringSubmatch(t.text); m != nil && t.isPersonName(m[1], m[2], relative) {
		return true
	}
	if m := p.foreignFor.FindStringSubmatch(t.text); m != nil {
		for i := 1; i+1 < len(m); i += 2 {
			if m[i] != "" && t.isPersonName(m[i], m[i+1], relative) {
				return true
			}
		}
	}
	about := p.askedMe.MatchString(t.text) || p.theirThing.MatchString(t.text)
	return relative && (about || p.orderNoun.MatchString(t.text)) || p.askedMe.MatchString(t.text) && p.theirThing.MatchString(t.text)
}

// isPersonName reports whether the words after "the order for" are a
// person: "him" or "her"; two words neither of which is a common word or
// an item of the customer's orders ("grace liu"); one such word written
// with a capital, or said beside whose it is ("hes my neighbour").
func (t *turn) isPersonName(first, second string, relative bool) bool {
	stop := rules16Stop()
	f, s := strings.ToLower(first), strings.ToLower(second)
	if f == "him" || f == "her" {
		return true
	}
	own := t.ownItemWords()
	plain := func(w string) bool { return w != "" && !stop[w] && !own[w] && len([]rune(w)) > 1 }
	if !plain(f) {
		return false
	}
	if plain(s) {
		return true
	}
	return relative || unicode.IsUpper([]rune(first)[0])
}

// ownItemWords are the lower-case words of the customer's items and of
// the people on their orders.
func (t *turn) ownItemWords() map[string]bool {
	m := map[string]bool{}
	st := t.req.State
	if st == nil {
		return m
	}
	// The people on their orders: "the order for <my own name>" or for
	// a gift's recipient is the customer's.
	for _, name := range st.Names {
		for _, w := range letterWordRe.FindAllString(strings.ToLower(name), -1) {
			m[w] = true
		}
	}
	for _, o := range st.Orders {
		for _, it := range o.Items {
			for _, w := range letterWordRe.FindAllString(strings.ToLower(it), -1) {
				m[w] = true
			}
		}
	}
	return m
}

// notOwnNumber is an order number the message names that is not one of
// the verified customer's, when the state lists all their orders (the
// agent sends at most five: with five, an older one may be theirs, and
// the tool, which checks, is asked). A message with an email beside the
// number proves an order (verify_customer's), and is not this.
func (t *turn) notOwnNumber() (string, bool) {
	st := t.req.State
	if st == nil || !t.verified || len(st.Orders) == 0 || len(st.Orders) >= 5 || emailRe.MatchString(t.text) {
		return "", false
	}
	m := orderRe.FindStringSubmatchIndex(t.text)
	if m == nil || m[3]-m[2] < 4 || rules16AddressRe().MatchString(t.text) ||
		strings.HasPrefix(strings.ToUpper(t.text[m[3]:]), order.ReplacementSuffix) {
		// A unit or house number ("add #402 to the street line", "is it
		// 4512 fremont?"), or a replacement's name ("1006-R"): not this.
		return "", false
	}
	num := "#" + t.text[m[2]:m[3]]
	for _, o := range st.Orders {
		if o.Name == num {
			return "", false
		}
	}
	return num, true
}

// rules16AddressRe are words of an address: a number beside them is a
// house or unit number, not an order's.
var rules16AddressRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:address|adress|addres|street|st|avenue|ave|road|rd|lane|drive|unit|apt|apartment|suite|flat|line|zip|postcode|postal|` +
		`direcci[oó]n|calle|adresse|anschrift|stra(?:ß|ss)e|rue)\b`)
})

// notOwnNumberReply says the customer's own orders are all the agent can
// discuss, and which they are.
func (t *turn) notOwnNumberReply(num string) string {
	var names []string
	for _, o := range t.req.State.Orders {
		names = append(names, o.Name)
	}
	mine := "Your order is " + names[0]
	if len(names) > 1 {
		mine = "Your orders are " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	return fmt.Sprintf("I'm sorry, I can only discuss your own orders, and %s isn't one of the orders under the email you verified, so I can't share anything about it. "+
		"%s: I'm happy to help with any of them. If %s was placed with another email of yours, tell me that email with the order number and I'll check it. "+
		"A member of our team is here too if you'd like.", num, mine, num)
}

// rules16 is the hook of this file's answers.
func (t *turn) rules16(n int) (agent.Message, bool) {
	return t.rules16Others(n)
}
