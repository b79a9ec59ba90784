package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// nameFixRe is a correction of the name a parcel goes to: "the name on
// the order should be…", "wrong name on the parcel", "recipient name",
// "put it under my partner's name", in English, Spanish, German, French.
var nameFixRe = regexp.MustCompile(`(?i)(?:\bname\s+(?:on|of)\s+(?:the\s+|my\s+|this\s+|that\s+)?(?:order|parcel|package|pkg|label|shipping(?:\s+label)?|box|delivery|shipment|address|recipient)\b|\bre?ci?e?pi?ent'?s?\s+name\b|\bname\s+of\s+the\s+re?ci?e?pi?ent\b|\baddressee\b|\bwrong\s+name\b|\bname\s+(?:is\s+|was\s+)?(?:wrong|misspel\w*|mispel\w*|incorrect|spel+ed\s+wrong|spelt\s+wrong|not\s+right)\b|\b(?:misspel\w*|mispel\w*|typo\s+in)\s+(?:my\s+|the\s+)?name\b|\bunder\s+(?:my\s+|his\s+|her\s+|their\s+)?(?:\p{L}+'s\s+)?name\b|\bnombre\s+(?:del|en\s+el|en\s+la|de\s+la)\s+(?:pedido|paquete|env[ií]o|etiqueta|destinatario)\b|\bnombre\s+(?:est[aá]\s+mal|incorrecto|equivocado)\b|\ba\s+nombre\s+de\b|\bname\s+(?:auf|im|in|an)\s+(?:dem|der|meiner|meinem)?\s*(?:paket|bestellung|etikett|adresse|sendung)\b|\bfalsche[rn]?\s+name\b|\bname\s+(?:ist\s+)?falsch\b|\bempf[äa]nger(?:name|s)?\b|\bnom\s+(?:sur|de|du)\s+(?:le\s+|la\s+|l'|ma\s+|mon\s+)?(?:colis|commande|[ée]tiquette|destinataire|paquet)\b|\bmauvais\s+nom\b|\bnom\s+(?:est\s+)?(?:faux|incorrect|mal\s+[ée]crit)\b)`)

// notRecipientNameRe is a name that is not the parcel's: the account's,
// the card's, a product's, the shop's or the agent's own.
var notRecipientNameRe = regexp.MustCompile(`(?i)\b(?:account|profile|login|user ?name|card|billing|invoice|receipt|company name|product|item name|your name|ur name|cuenta|konto|compte)\b`)

// nameCueRe introduces the name the parcel should go to: "should be",
// "change it to", "it's", "debe ser", "auf … ändern", "c'est".
var nameCueRe = regexp.MustCompile(`(?i)(?:\bsh\w{0,3}d\s+(?:be|say|read)|\bneeds?\s+to\s+(?:be|say|read)|\bmust\s+be|\bto\b|\bit'?s|\bits|\bis|\binstead|\bname,|\bdebe\s+ser|\bdeber[ií]a\s+ser|\bes|\bsoll(?:te)?\s+(?:sein|lauten)|\bauf|\bist|\blautet|\bc'est|\bdevrait\s+[êe]tre|\bdoit\s+[êe]tre|\bau\s+nom\s+de|\ba\s+nombre\s+de|:)\s*,?\s*`)

// personNameRe is a name as written: one to four capitalised words
// ("Camille Durand", "Maya Okafor-Reid", "Jo O'Neil").
var personNameRe = regexp.MustCompile(`^\p{Lu}[\p{L}'’-]*(?:\s+(?:(?:de|van|von|der|da|di|le|la|del)\s+)?\p{Lu}[\p{L}'’-]*){0,3}`)

// swapRe is "it's Jon, not John": the right word of the name, then the
// wrong one.
var swapRe = regexp.MustCompile(`(\p{Lu}[\p{L}'’-]+)\s*,?\s+(?:not|nicht|pas|no|instead of|statt|au lieu de|en vez de|en lugar de)\s+(\p{Lu}[\p{L}'’-]+)\b`)

// nameWordsNot are capitalised words a cue may be followed by that are no
// name: "it's Tom not Thom" is read by swapRe; "is Wrong" is not a name.
var nameWordsNot = map[string]bool{"i": true, "the": true, "my": true, "it": true, "wrong": true, "please": true, "pls": true, "thanks": true,
	"order": true, "parcel": true, "package": true, "name": true, "not": true, "ok": true, "hi": true, "hello": true, "el": true, "la": true,
	"der": true, "die": true, "das": true, "le": true, "bitte": true, "merci": true, "gracias": true}

// wantedName is the name the customer wants on the parcel, and, when they
// corrected one word of it ("it's Maia, not Maya"), the word it replaces.
func wantedName(text string) (name, was string) {
	if m := swapRe.FindStringSubmatch(text); m != nil && !strings.EqualFold(m[1], m[2]) {
		return m[1], m[2]
	}
	best := ""
	for _, loc := range nameCueRe.FindAllStringIndex(text, -1) {
		rest := text[loc[1]:]
		n := strings.TrimRight(personNameRe.FindString(rest), "'’-")
		if n == "" {
			continue
		}
		words := strings.Fields(n)
		for len(words) > 0 && nameWordsNot[strings.ToLower(words[len(words)-1])] {
			words = words[:len(words)-1]
		}
		if len(words) > 0 && nameWordsNot[strings.ToLower(words[0])] {
			continue
		}
		if len(words) >= 2 && len(strings.Join(words, " ")) > len(best) {
			best = strings.Join(words, " ")
		}
	}
	// German puts the name before the verb: "bitte auf Jonas Weber ändern".
	return best, ""
}

// recipientName answers a correction of the name on the parcel. Nothing
// changes a customer's name as such; the name on the shipping address is
// part of the address change_address writes (Shopify's MailingAddressInput
// carries firstName and lastName), so while the order is unshipped the
// new name is proposed like any address change, the street kept. Once
// shipped it is refused, and a person is offered. Without a name given,
// the name is asked for.
func (t *turn) recipientName(n int) (agent.Message, bool) {
	if !nameFixRe.MatchString(t.text) || notRecipientNameRe.MatchString(t.text) || newAddress(t.text) != nil {
		return agent.Message{}, false
	}
	if t.confirmed != nil || !t.verified {
		return agent.Message{}, false
	}
	if !offers(t.req, toolname.ChangeAddress) {
		// Shipped (or further): the address, name and all, is on the
		// label. Where the order is, then the honest no and a person.
		if n == 0 {
			return toolCall(n, toolname.TrackOrder, t.orderArg()), true
		}
		last := t.calls[n-1]
		if last.name != toolname.TrackOrder || last.isErr {
			return agent.Message{}, false
		}
		ord, _ := last.result["order_number"].(string)
		if ord == "" {
			ord = t.orderShown(last)
		}
		return say("I'm sorry, I can't change the name on order %s here: the name is part of the shipping address, which can only be changed before the order ships. %s\n\nA person on our team can see whether the carrier can help. Would you like me to hand you over to them?", ord, t.answer(last)), true
	}
	if n > 0 {
		last := t.calls[n-1]
		if last.name != toolname.ChangeAddress || last.input["partial"] != true || last.input["name"] == nil {
			return agent.Message{}, false
		}
		if status, _ := last.result["status"].(string); status == "refused" {
			reason, _ := last.result["reason"].(string)
			return say("I'm sorry, I can't change the name on order %s here%s: the label with the name on it is already on the parcel. A person on our team can see what the carrier can do. Would you like me to hand you over to them?", t.orderShown(last), reasonClause(reason)), true
		}
		return agent.Message{}, false // the proposal (or a problem) is answered as for any address change
	}
	name, was := wantedName(t.text)
	if name == "" {
		return say("I can change the name on the shipping address while the order hasn't shipped yet. What name should the parcel go to, exactly as it should appear on the label?"), true
	}
	args := t.orderArg()
	args["name"], args["partial"] = name, true
	if was != "" {
		args["was"] = was
	}
	return toolCall(n, toolname.ChangeAddress, args), true
}

// orderShown is the order a call was about, for the reply.
func (t *turn) orderShown(c call) string {
	if o, _ := c.input["order_number"].(string); o != "" {
		return o
	}
	if st := t.req.State; st != nil {
		return stateCurrentOrder(st)
	}
	return "your order"
}

// reasonClause is a refusal's reason after a comma, "" when none.
func reasonClause(reason string) string {
	if reason = strings.TrimSpace(strings.TrimSuffix(reason, ".")); reason == "" {
		return ""
	}
	return fmt.Sprintf(" (%s)", reason)
}
