package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// More requests no tool does (issue 18, a second no-context trial): a
// parcel left with a neighbour or somewhere else asked of the driver, one
// line taken out of an order, a shipment split, an order placed again.
// cantKindOf falls back on cantKindMore; the answer is cant_do.go's.

const (
	cantSplit cantKind = iota + 100 // part of an order sent now, the rest later
)

var (
	// carrierAskRe asks the carrier's people, not the shop: "could the
	// driver leave it", "can the courier", "el repartidor puede", "kann
	// der Fahrer", "le livreur peut-il".
	carrierAskRe = regexp.MustCompile(`(?i)\b(?:can|could|would|will|may)\s+(?:the\s+|your\s+)?(?:driver|drivr|courier|carrier|delivery\s+(?:guy|man|person|driver|people)|postman|postie|mailman|mail carrier)\b` +
		`|\b(?:repartidor|mensajero|cartero)\b[^.?!]{0,20}\b(?:puede|podría|podria)\b|\b(?:fahrer|bote|zusteller|paketbote)\b[^.?!]{0,20}\b(?:kann|könnte)\b|\b(?:kann|könnte)\s+(?:der|die)\s+(?:fahrer|bote|zusteller|paketbote)\b` +
		`|\b(?:livreur|facteur|transporteur)\b[^.?!]{0,10}\b(?:peut|pourrait)\b|\bpeut-(?:il|elle)\b`)
	// leaveWithRe is a parcel left with someone or somewhere other than
	// the door it is addressed to.
	leaveWithRe = regexp.MustCompile(`(?i)\b(?:leave|leaving|left|drop|dropped|deliver|hand)\b[^.?!]{0,40}\b(?:neighbou?rs?|neighbors?|nieghbou?rs?|naybors?|concierge|reception|front desk|porch|doorstep|back door|front door|mailroom|safe place|garage|doorman|building manager)\b` +
		`|\b(?:dejar|dejen|dejarlo|dejarla|entregar|entregarlo)\b[^.?!]{0,40}\b(?:vecin[oa]s?|conserje|portería|porteria|portero)\b` +
		`|\b(?:bei|beim)\s+(?:meinem|meiner|dem|der|den)?\s*nachbar\w*|\bnachbar\w*\b[^.?!]{0,30}\b(?:abgeben|lassen|zustellen)\b` +
		`|\b(?:laisser|déposer|deposer|livrer)\b[^.?!]{0,40}\b(?:voisin\w*|gardien\w*|concierge)\b`)
	// reportedLeftRe tells where a parcel was left: not a wish.
	reportedLeftRe = regexp.MustCompile(`(?i)\b(?:was|were|been|says|said|shows|marked|supposedly|claims|apparently)\b`)

	// removeLineRe takes a line out of an order: "remove the filters
	// from my order", "take them off the order", "drop the X and ship
	// the rest", "quitar los filtros", "entfernen", "retirer".
	removeLineRe = regexp.MustCompile(`(?i)\b(?:remove|remvoe|rmove|remoev|delete|take\s+(?:\p{L}+\s+){0,3}?(?:off|out of))\b[^.?!]{0,50}\b(?:order|ordr|oder|cart|shipment|parcel|package)\b` +
		`|\b(?:drop|remove|skip|leave out)\b[^.?!]{0,40}\b(?:ship|send)\b[^.?!]{0,15}\b(?:the rest|everything else|the others?)\b` +
		`|\b(?:quitar|quiten|quitad|eliminar|eliminen|sacar|saquen|borrar)\b[^.?!]{0,40}\b(?:pedido|orden|compra)\b` +
		`|\b(?:entfernen|herausnehmen|rausnehmen|streichen|löschen)\b` +
		`|\b(?:retirer|enlever|supprimer|retirez|enlevez|supprimez)\b[^.?!]{0,40}\bcommande\b`)

	// splitRe sends part of an order now and the rest later, or in
	// separate parcels.
	splitRe = regexp.MustCompile(`(?i)\bsplit\b[^.?!]{0,30}\b(?:order|shipment|shipments|delivery|deliveries|parcels?|packages?|two|2)\b` +
		`|\b(?:ship|send|deliver)\w*\b[^.?!]{0,40}\b(?:separately|seperately|seperatly|separatly|in (?:two|2|separate|seperate) (?:shipments|parcels|packages|boxes|deliveries))\b` +
		`|\b(?:ship|send|deliver)\w*\b[^.?!]{0,40}\b(?:now|first|right away|today|already|immediately|asap|ahead)\b[^.?!]{0,40}\b(?:the rest|rest of|everything else|the others?|the remaining\w*)\b` +
		`|\b(?:ship|send|deliver)\w*\b[^.?!]{0,40}\b(?:first|now)\b[^.?!]{0,60}\b(?:can|could|may)\s+come\s+(?:later|afterwards|after)\b` +
		`|\b(?:enviar|envíen|envien|mandar|manden)\b[^.?!]{0,40}\b(?:ahora|ya|primero)\b[^.?!]{0,40}\b(?:el resto|lo demás|lo demas)\b|\bpor separado\b` +
		`|\b(?:jetzt|schon|zuerst)\b[^.?!]{0,40}\bden rest\b|\b(?:getrennt|separat)\s+(?:schicken|senden|liefern|versenden)\b` +
		`|\b(?:envoyer|expédier|expedier|livrer)\b[^.?!]{0,40}\b(?:maintenant|d'abord|tout de suite)\b[^.?!]{0,40}\ble reste\b|\bséparément\b`)

	// typoAskRe is "can you" mistyped.
	typoAskRe = regexp.MustCompile(`(?i)\b(?:can|could|cna|coudl|culd|would|wuold)\s+(?:yuo|yo|yu|ypu|yoy|tou|uou)\b`)

	// reorderRe asks the shop to order again or anew for the customer.
	reorderRe = regexp.MustCompile(`(?i)\bre-?order\w*\b` +
		`|(?:^\s*|\b(?:to|you|u|ya|please|pls|plz|just|and|then)\s+)order\s+(?:the same|the|my|those|these|them|it|that|this|another|more|\d+|two|three)\b[^.?!]{0,40}\b(?:again|once more|another time|for me)\b` +
		`|\b(?:place|put in|submit|make)\s+(?:an?\s+|another\s+|a second\s+)?(?:new\s+)?order\b` +
		`|\b(?:buy|purchase|get)\b[^.?!]{0,30}\b(?:again|more)\b[^.?!]{0,30}\b(?:for me|and send)\b` +
		`|\bput\s+(?:that|it|this|the order|an order)\s+through\b` +
		`|\b(?:pedir|pedirme|pídanme|pidanme|encargar|comprar)\b[^.?!]{0,30}\b(?:otra vez|de nuevo|nuevamente)\b|\b(?:otra vez|de nuevo)\b[^.?!]{0,30}\b(?:pedir|encargar|comprar)\b|\bnuevo pedido\b` +
		`|\b(?:bestellen|nachbestellen)\b[^.?!]{0,40}\b(?:noch einmal|nochmal|erneut|wieder)\b|\b(?:noch einmal|nochmal|erneut|wieder)\b[^.?!]{0,40}\bbestellen\b|\bneue bestellung\b` +
		`|\brecommander\s+(?:les|la|le|la même|le même)\b|\bnouvelle commande\b|\brepasser\s+(?:une|la)\s+commande\b`)
	// reorderStartRe starts with the order itself: "order the same again".
	reorderStartRe = regexp.MustCompile(`(?i)^\s*(?:(?:just|pls|please|ok|okay|so)[\s,]+)?(?:re-?order|order|buy|purchase)\b|\bfor me\b`)
	// howToOrderRe asks how to order, not for an order placed.
	howToOrderRe = regexp.MustCompile(`(?i)\bhow\s+(?:do|can|should)\s+i\b|\bwhere\s+(?:do|can)\s+i\b`)
)

// cantKindMore is cantKindOf's fallback for the requests above, with
// asks telling the message asks someone to do something.
func cantKindMore(low string, asks bool) cantKind {
	asks = asks || typoAskRe.MatchString(low)
	switch {
	case leaveWithRe.MatchString(low) && (asks || carrierAskRe.MatchString(low)) && !reportedLeftRe.MatchString(low):
		return cantDelivery
	case splitRe.MatchString(low) && (asks || imperativeRe.MatchString(low)):
		return cantSplit
	case removeLineRe.MatchString(low) && !notLinesRe.MatchString(low) && (asks || imperativeRe.MatchString(low) || strings.HasPrefix(strings.TrimSpace(low), "just")):
		return cantLines
	case reorderRe.MatchString(low) && (asks || reorderStartRe.MatchString(low)) && !howToOrderRe.MatchString(low):
		return cantNewOrder
	}
	return cantNone
}

// cantSayMore is cantSay's sentence for the kinds of this file.
func (t *turn) cantSayMore(kind cantKind) string {
	switch kind {
	case cantSplit:
		return "I'm sorry, I can't split an order or send some of its items ahead of the rest from here." + t.linesInstead()
	case cantSendNow:
		return t.sendNowSay()
	}
	return ""
}

// newOrderInstead is what a customer who wants an order placed can use:
// the thank-you code the shop gave them, when the order's facts have one.
func (t *turn) newOrderInstead() string {
	st := t.req.State
	if st == nil {
		return ""
	}
	code, _ := st.Given["thank_you_code"].(string)
	if code == "" {
		return ""
	}
	s := fmt.Sprintf(" Your thank-you code %s works on it", code)
	if off, _ := st.Given["thank_you_code_off"].(string); off != "" {
		s += fmt.Sprintf(" (%s off)", off)
	}
	if until, _ := st.Given["thank_you_code_until"].(string); until != "" {
		s += fmt.Sprintf(", until %s", until)
	}
	return s + "."
}

// Store credit asked as a question ("could I get a gift card instead of
// a refund?"): the return the tools offer, as store credit, not a refund
// looked up or the store credit the order has.

var (
	// insteadRe prefers one thing to another.
	insteadRe = regexp.MustCompile(`(?i)\b(?:instead|rather|in place of|prefer\w*|en (?:lugar|vez)|statt|anstatt|anstelle|lieber|au lieu|plut[ôo]t)\b`)
	// refundWordRe is a refund or money back.
	refundWordRe = regexp.MustCompile(`(?i)\b(?:refunds?|refnd|money back|my money|reembolso|erstattung|r[üu]ckerstattung|geld zur[üu]ck|remboursement|rembourser)\b`)
)

// creditInstead answers a wish for store credit in place of a refund,
// for a verified customer: the return step, as store credit, whose
// answer says store credit is what it would be.
func (t *turn) creditInstead() (agent.Message, bool) {
	if !t.verified || t.confirmed != nil || t.declined {
		return agent.Message{}, false
	}
	norm := normalise(t.text)
	if !(agent.WantsCredit(t.text) || agent.WantsCredit(norm)) || !insteadRe.MatchString(t.text) ||
		!(refundWordRe.MatchString(t.text) || refundWordRe.MatchString(norm)) {
		return agent.Message{}, false
	}
	sub := *t
	sub.intent = intentReturn
	m := sub.step()
	if u := firstToolUse(m); u == toolname.SearchDocs || u == toolname.RefundStatus {
		// The return, not what the guides or the refunds say.
		return toolCall(len(t.calls), toolname.StartReturn, t.returnArgs()), true
	}
	if hasToolUse(m) {
		return m, true
	}
	text := m.Text()
	if !strings.Contains(strings.ToLower(text), "credit") && strings.Contains(text, "?") {
		// The return asks which items: say what it will be.
		text = "Yes: a return can be made as store credit instead of a refund. " + text
	}
	return say("%s", text), true
}
