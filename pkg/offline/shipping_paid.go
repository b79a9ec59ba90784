package offline

import (
	"fmt"
	"regexp"
	"strings"
)

// What the customer paid for their order's delivery (trial 9b: "what did
// I pay for shipping on my order" was answered with the shop's rates from
// the FAQ, or with the delivery date). It is a fact of the order, which
// track_order gives from the order's shipping lines; the shop's rates in
// general ("how much does shipping cost to Canada?") stay a docs question.

var (
	// shipChargeRe names delivery as something charged for.
	shipChargeRe = regexp.MustCompile(`\b(?:shipping|shiping|shippng|postage|delivery|s&h|p&p)\b|\benv[ií]o\b|\bversand(?:kosten)?\b|\bporto\b|\blivraison\b|\bfrais de port\b`)
	// returnShipRe speaks of sending something back: its postage is the
	// return policy's, not what the order's delivery cost.
	returnShipRe = regexp.MustCompile(`\breturn\w*|\bsend\w*\s+(?:\p{L}+\s+){0,3}back\b|\bdevol\w*|\brücksend\w*|\bzurück\w*|\bretour\w*|\brenvo\w*`)
	// shipPaidRe says it was this order's charge: paid, charged, on the
	// order, or whether it was free.
	shipPaidRe = regexp.MustCompile(`\b(?:did|have|had)\s+(?:i|we)\s+(?:pay|paid|get charged)\b|\b(?:i|we)\s+paid\b|\b(?:was|were)\s+(?:i|we)\s+(?:charged|billed)\b|\bdid\s+(?:you|u|ya|they)\s+(?:charge|bill)\b|\bcharged?\s+me\b|\bhow much (?:was|were)\b|\bcost\s+me\b|\b(?:was|were)\b[^.?!]{0,30}\bfree\b|\b(?:was|were)\b[^.?!]{0,30}\b(?:on|for)\s+(?:it|my order|this order|that order|the order|order\s*#?\d+)\b|\b(?:on|for|of)\s+(?:my|this|that)\s+order\b|\bpagu[eé](?:\P{L}|$)|\bpagamos\b|\bme cobr|\b(?:bezahlt|gezahlt|berechnet)\b|\bpay[ée](?:\P{L}|$)|\bfactur[ée](?:\P{L}|$)`)
)

// asksShippingPaid reports whether text asks what this order's delivery
// cost the customer.
func asksShippingPaid(low, norm string) bool {
	if strings.Contains(low, "address") || strings.Contains(low, "adress") || addressChangeRe.MatchString(low) {
		return false // "change the shipping address of my order": an address
	}
	if returnShipRe.MatchString(low) || returnShipRe.MatchString(norm) {
		return false // postage for a return: the docs' return section
	}
	ship := shipChargeRe.MatchString(low) || shipChargeRe.MatchString(norm)
	return ship && (shipPaidRe.MatchString(low) || shipPaidRe.MatchString(norm))
}

// shippingFacts says what the order's delivery cost, from track_order's
// shipping fact; without one, that the order shows no separate figure
// (never a rate from the docs).
func shippingFacts(r map[string]any) string {
	order := str(r, "order_number")
	sh, _ := r["shipping"].(map[string]any)
	if sh == nil {
		return fmt.Sprintf("Order %s doesn't show its shipping charge separately; the order came to %s in total (items, shipping and tax). If you need the breakdown, I can pass you to a member of our team.", order, str(r, "order_total"))
	}
	how := ""
	if m := str(sh, "method"); m != "" {
		how = " (" + m + ")"
	}
	if sh["free"] == true {
		return fmt.Sprintf("Shipping on order %s was free%s: you paid nothing for delivery. The order came to %s in total.", order, how, str(r, "order_total"))
	}
	return fmt.Sprintf("You paid %s for shipping on order %s%s. The order came to %s in total (items, shipping and tax).", str(sh, "paid"), order, how, str(r, "order_total"))
}
