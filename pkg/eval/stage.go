package eval

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Stages are what expect.stage may name: an order's stage as a customer
// is told it. track_order's finer stages map onto them: label_created is
// pre_shipment; out_for_delivery and delivery_exception in_transit;
// past_return_window and returned_refunded delivered.
var Stages = []string{"pre_shipment", "in_transit", "delivered", "cancelled"}

// contradicts are, for each stage, the stages a reply about such an order
// must not claim: a cancelled order is not on its way, an unshipped one
// not delivered. A delivered order was shipped, so "it shipped on Dec 1"
// contradicts nothing.
var contradicts = map[string][]string{
	"pre_shipment": {"in_transit", "delivered", "cancelled"},
	"in_transit":   {"pre_shipment", "delivered", "cancelled"},
	"delivered":    {"pre_shipment", "cancelled"},
	"cancelled":    {"pre_shipment", "in_transit", "delivered"},
}

// A reply claims a stage in so many words, in English, Spanish, German or
// French. Clauses that claim nothing are read out first: conditions ("as
// soon as it's on its way", "sobald es versandt ist"). A claim it has not
// shipped is read next ("has not shipped", "isn't dispatched yet", "we
// haven't sent it"), then negations and futures of another stage ("won't
// be shipped", "hasn't arrived", "will be delivered by", "can no longer be
// cancelled"), which claim nothing.
var (
	conditionRe = regexp.MustCompile(`(?i)\b(?:as soon as|once|when|whenever|after|before|if|until|sobald|wenn|falls|dès que|lorsque|quand|une fois|en cuanto|cuando|si|una vez)\b[^.;:!?\n]*`)
	// notRe is a negation: "not", "never", "isn't", "hasn't".
	notRe     = `(?:\b(?:not|never|no longer)|n['’]t)`
	neutralRe = regexp.MustCompile(`(?i)(?:\b(?:will|cannot|can no longer|could)\s+)?` + notRe + `\s+(?:yet\s+)?(?:be\s+|been\s+|have been\s+|have\s+|yet\s+)?(?:shipped|sent|dispatched|delivered|arrived|cancell?ed|on its way|at your (?:door|doorstep))\b` +
		`|\b(?:will|should|would|might|may|to|going to|expected to|due to|scheduled to)\s+(?:be\s+|have\s+|arrive\s+and\s+be\s+)?(?:delivered|cancell?ed|arrived|at your (?:door|doorstep))\b` +
		`|\bno se (?:enviar|entregar|cancelar)[aá]\b|\bser[aá] (?:entregad|cancelad)[oa]\b|\bno (?:ha sido|fue) (?:entregad|cancelad)[oa]\b|\b(?:a[uú]n|todav[ií]a)? ?no ha (?:llegado|sido entregad[oa])\b|\bllegar[aá]\b` +
		`|\b(?:wird|werden|kann)\b(?:[^.;:!?\n]|\d\.){0,40}\b(?:geliefert|zugestellt|storniert|ankommen)(?:\s+werden)?\b|\bnicht\s+(?:mehr\s+)?(?:storniert|zugestellt|geliefert|angekommen)\b|\bwird\s+nicht\s+(?:mehr\s+)?(?:versandt|verschickt)\b` +
		`|\b(?:sera|ne sera pas|ne peut plus être|n'a pas été|n['’]est pas (?:encore )?)\s*(?:\p{L}+\s+)?(?:livr|annul|exp[ée]di|arriv)\p{L}*|\barrivera\b`)
	// neverShipsRe is "will not be shipped", which the pre_shipment
	// pattern for "wird … versandt" would otherwise read.
	neverShipsRe = regexp.MustCompile(`(?i)\bwird\s+nicht\s+(?:mehr\s+)?(?:versandt|versendet|verschickt)\b`)
	stageRes     = map[string]*regexp.Regexp{
		"pre_shipment": regexp.MustCompile(`(?i)(?:\b(?:has|have|is|are|was|were)\s*` + notRe + `|\b(?:has|have|is|are)\s+(?:not\s+)?yet\s+to|\bnot)\s+(?:yet\s+)?(?:been\s+)?(?:shipped|sent|dispatched|mailed|posted|left (?:our|the) warehouse|gone out)\b|\byet to (?:ship|be shipped|be sent|be dispatched)\b` +
			`|\b(?:will|should|is (?:due|expected|scheduled) to|(?:we|I) (?:expect|plan|hope) to)\s+(?:ship|be shipped|be sent|be dispatched|go out|leave|send|dispatch)\b|\bships? (?:by|on|within|around|out)\b|\bbeing (?:prepared|packed|processed)\b|\b(?:still|not yet) (?:being )?(?:processing|in processing|at (?:our|the) warehouse)\b` +
			`|\b(?:a[uú]n|todav[ií]a) no (?:se )?ha (?:sido )?(?:enviad|despachad|salid)\p{L}*|\bno (?:se )?ha (?:sido )?(?:enviad|despachad)\p{L}* (?:a[uú]n|todav[ií]a)\b|\bse enviar[aá]\b` +
			`|\bnoch nicht (?:versandt|versendet|verschickt|unterwegs|raus|abgeschickt)\b|\bwird\b[^.;:!?\n]{0,40}\b(?:versandt|versendet|verschickt)\b` +
			`|\bpas encore (?:été )?(?:exp[ée]di|envoy|parti)\p{L}*|\bsera exp[ée]di\p{L}*`),
		"in_transit": regexp.MustCompile(`(?i)\bon (?:its|the|their) way\b|\bin transit\b|\bout for delivery\b|\b(?:has|have|had|was|were|is|are)\s+(?:already\s+)?(?:been\s+)?(?:shipped|dispatched|sent out)\b|\bit shipped\b` +
			`|\b(?:order|parcel|package|shipment|items?|it|they)\s+(?:has\s+|have\s+|was\s+|were\s+)?(?:already\s+|now\s+)?(?:been\s+)?(?:shipped|dispatched|sent|mailed)\b|\b(?:we|I)\s+(?:already\s+|have\s+|'ve\s+)?(?:shipped|dispatched|sent)\s+(?:it|them|your)\b` +
			`|\ben camino\b|\ben tr[aá]nsito\b|\b(?:ha sido|fue|ya fue|ya ha sido|se ha|ya se ha) (?:enviad|despachad)\p{L}*|\bunterwegs\b|\b(?:wurde|ist)\s+(?:bereits |schon )?(?:\p{L}+\s+)?(?:versandt|versendet|verschickt)\b` +
			`|\ben (?:route|cours de livraison|cours d'acheminement)\b|\ba (?:bien |déjà )?été exp[ée]di\p{L}*|\best (?:déjà )?(?:partie?|exp[ée]di\p{L}*)\b`),
		"delivered": regexp.MustCompile(`(?i)\b(?:was|were|has been|have been|had been|got|is|it's|been)\s+(?:already\s+)?delivered\b|\bdelivered(?:\s*:|\s+(?:on|to|at|yesterday|today|last)\b)` +
			`|\b(?:has|have|had|it|order|parcel|package|shipment|items?|they)\s+(?:already\s+)?arrived\b|\b(?:already|is|it's|was) (?:at|on) your (?:door|doorstep|porch)\b` +
			`|\b(?:fue|ha sido|está|se|ya fue) entregad[oa]\b|\bentregad[oa] el\b|\bha llegado\b|\bllegó|\bllego\b|\b(?:wurde|ist|sind|wurden)\b(?:[^.;:!?\n]|\d\.){0,30}\b(?:zugestellt|geliefert|angekommen)\b` +
			`|\ba été livr\p{L}*|\best livr\p{L}*|\best (?:bien )?arriv[ée]\p{L}*`),
		"cancelled": regexp.MustCompile(`(?i)\bcancell?ed\b|\bcancell?ation\b|\b(?:cancelad|anulad)[oa]\b|\bstorniert\b|\bannul[ée]`),
	}
)

// generalRe is a statement of policy about orders in general ("orders
// usually ship within 1 to 2 business days", "we ship within the United
// States"); thisOrderRe a reference to the customer's order (its number,
// "your order", "it"). A sentence with the first and not the second
// claims no stage. clauseRe is a clause of a sentence.
var (
	clauseRe    = regexp.MustCompile(`[^.!?\n;,]+[.!?;,]*`)
	generalRe   = regexp.MustCompile(`(?i)\b(?:orders|all\s+orders|most\s+orders|we\s+ship|usually|typically|normally|generally|in\s+general|on\s+average|business\s+days|Bestellungen|normalerweise|pedidos|normalmente|commandes|généralement|habituellement)\b`)
	thisOrderRe = regexp.MustCompile(`(?i)#\s?\d|\b(?:your|this|the)\s+(?:order|parcel|package|shipment)\b|\b(?:it|it's|it’s|its|yours)\b|\b(?:Ihre|deine)\s+(?:Bestellung|Sendung|Paket)\b|\b(?:su|tu)\s+(?:pedido|paquete|env[ií]o)\b|\b(?:votre|ta)\s+(?:commande|colis)\b`)
)

// stageClaims are the stages text claims an order is in.
func stageClaims(text string) map[string]bool {
	text = clauseRe.ReplaceAllStringFunc(text, func(s string) string {
		if generalRe.MatchString(s) && !thisOrderRe.MatchString(conditionRe.ReplaceAllString(s, " ")) {
			return strings.Repeat(" ", len(s))
		}
		return s
	})
	t := conditionRe.ReplaceAllString(text, " ")
	t = neverShipsRe.ReplaceAllString(t, " ")
	out := map[string]bool{}
	// A claim it has not shipped is read out before the negations and
	// before a claim it has: "hasn't shipped" holds "shipped".
	if re := stageRes["pre_shipment"]; re.MatchString(t) {
		out["pre_shipment"] = true
		t = re.ReplaceAllString(t, " ")
	}
	t = neutralRe.ReplaceAllString(t, " ")
	for _, st := range []string{"in_transit", "delivered", "cancelled"} {
		if stageRes[st].MatchString(t) {
			out[st] = true
		}
	}
	return out
}

// checkStage: some reply states the order's stage, and none claims one
// that contradicts it. A passage of the sources (the docs) quoted word for
// word claims nothing about this order.
func checkStage(stage string, replies, sources []string) []string {
	var fails []string
	stated := false
	quoted := quotedFrom(sources)
	for i, r := range replies {
		claims := stageClaims(quoted(r))
		stated = stated || claims[stage]
		for _, other := range contradicts[stage] {
			if claims[other] {
				fails = append(fails, fmt.Sprintf("stage: reply %d claims the order is %s; it is %s", i+1, other, stage))
			}
		}
	}
	if !stated {
		fails = append(fails, fmt.Sprintf("stage: the customer was never told the order is %s", stage))
	}
	return fails
}

// fieldValues are the values the sources' JSON holds at path: a key
// ("ships_by") anywhere, or keys under keys ("refunds.amount"), arrays
// passed through. Numbers are written as JSON writes them.
func fieldValues(sources []string, path string) []string {
	keys := strings.Split(path, ".")
	var out []string
	var walk func(v any, keys []string, anchored bool)
	walk = func(v any, keys []string, anchored bool) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				if k == keys[0] {
					if len(keys) == 1 {
						switch s := val.(type) {
						case string:
							if s != "" {
								out = append(out, s)
							}
						case float64, bool:
							b, _ := json.Marshal(s)
							out = append(out, string(b))
						}
					} else {
						walk(val, keys[1:], true)
					}
				}
				if !anchored {
					walk(val, keys, false)
				}
			}
		case []any:
			for _, e := range x {
				walk(e, keys, anchored)
			}
		}
	}
	for _, s := range sources {
		for _, v := range jsonValues(s) {
			walk(v, keys, false)
		}
	}
	return out
}

// reportFact is a tool result's value as a fact mention compares: its
// dates (any of a range's), its amount, else its text.
func reportFact(value string, now time.Time) string {
	var alts []string
	for _, d := range findDates(value, now) {
		if d.Rel {
			continue
		}
		for _, md := range d.Dates {
			alts = append(alts, "date="+md)
		}
	}
	if len(alts) > 0 {
		return strings.Join(alts, "|")
	}
	// A currency-formatted value is compared as money; a bare number (a
	// tracking number, a price field) as text, number by number.
	if a := findAmounts(value); len(a) == 1 && a[0].Text == strings.TrimSpace(value) {
		return fmt.Sprintf("$%d.%02d", a[0].Cents/100, a[0].Cents%100)
	}
	return value
}

// checkReport: for each field (alternatives "a|b"), some tool result of
// the conversation gave it and the replies state one of its values.
func checkReport(fields []string, replies []string, sources []string, now time.Time, where string) []string {
	var fails []string
	text := strings.Join(replies, "\n")
	for _, f := range fields {
		var values []string
		for _, alt := range strings.Split(f, "|") {
			values = append(values, fieldValues(sources, strings.TrimSpace(alt))...)
		}
		if len(values) == 0 {
			fails = append(fails, fmt.Sprintf("report%s: no tool result gave %s: it was never looked up", where, f))
			continue
		}
		told := false
		for _, v := range values {
			if mentions(text, reportFact(v, now), now) {
				told = true
				break
			}
		}
		if !told {
			fails = append(fails, fmt.Sprintf("report%s: the customer was never told %s (%q)", where, f, values[0]))
		}
	}
	return fails
}

// Answer is what the reply to one turn must state: the follow-up was
// answered, not only the first message.
type Answer struct {
	// Turn is the customer's message (1 is the first) whose reply is
	// judged.
	Turn    int      `json:"turn"`
	Mention []string `json:"mention,omitempty"`
	Report  []string `json:"report,omitempty"`
}

// checkAnswers judges each answer against the reply to its turn.
func checkAnswers(answers []Answer, t transcript) []string {
	var fails []string
	for _, a := range answers {
		where := fmt.Sprintf(" (reply to turn %d)", a.Turn)
		if a.Turn < 1 || a.Turn > len(t.Replies) {
			fails = append(fails, fmt.Sprintf("answers: turn %d was never answered (%d replies)", a.Turn, len(t.Replies)))
			continue
		}
		reply := t.Replies[a.Turn-1]
		for _, m := range a.Mention {
			if !mentions(reply, resolveFact(m, t.Now), t.Now) {
				fails = append(fails, fmt.Sprintf("mention%s: the customer was never told %q", where, m))
			}
		}
		fails = append(fails, checkReport(a.Report, []string{reply}, t.Sources, t.Now, where)...)
	}
	return fails
}
