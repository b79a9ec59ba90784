package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// identify settles which order and which customer the message is about
// before the other hooks read it (issue 18, ids8), and answers a
// correction of the recipient's name:
//
//   - a replacement order named as doorstep names it ("#1006-R", typed
//     "1006-r" or "1006R") is that order, not its original #1006;
//   - "the replacement" is the verified customer's replacement order;
//   - an order number and an email given over several messages verify the
//     customer together, and what they asked for first is then done.
func (t *turn) identify(n int) (agent.Message, bool) {
	if name := replacementNamed(t.text); name != "" {
		t.order = name
	} else if name := t.replacementMeant(); name != "" {
		t.order = name
	}
	t.assembleIdentity()
	return t.recipientName(n)
}

// replacementNameRe is an order number with the replacement suffix:
// "#1006-R", "order 1006-r", "1006R", "1006 -R".
var replacementNameRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}\d-])#?\s?(\d{3,9})(?:\s?-\s?|)r\b`)

// replacementNamed is the replacement order text names ("#1006-R"), else "".
func replacementNamed(text string) string {
	if m := replacementNameRe.FindStringSubmatch(text); m != nil {
		return order.NormaliseName(m[1] + order.ReplacementSuffix)
	}
	return ""
}

// replacementMeant is the verified customer's replacement order a message
// refers to without its number: the one replacing the order it names, else
// their newest replacement. "" when they have none or the message names
// no replacement.
func (t *turn) replacementMeant() string {
	st := t.req.State
	if st == nil || !t.verified || !agent.RefersToReplacement(t.text) {
		return ""
	}
	newest := ""
	for _, o := range st.Orders {
		if o.Replaces == "" {
			continue
		}
		if t.order != "" && o.Replaces == t.order {
			return o.Name
		}
		if newest == "" {
			newest = o.Name
		}
	}
	if t.order != "" && t.order != newest && !strings.Contains(strings.ToLower(t.text), "replac") {
		return "" // another order named, in words that may not mean the replacement
	}
	return newest
}

// assembleIdentity completes an order number or an email the message gives
// alone with the other, from the customer's earlier messages, while they
// are not verified (or were just verified this turn); and when the message
// only names them, takes up the request an earlier message made ("where
// is my parcel", then "1004", then the email).
func (t *turn) assembleIdentity() {
	justVerified := t.called(toolname.VerifyCustomer) != nil
	if t.verified && !justVerified {
		return
	}
	if t.order == "" {
		t.order = bareOrder(t.text)
	}
	if t.order == "" && t.email == "" {
		return
	}
	earlier := t.earlierCustomerTexts()
	if len(earlier) == 0 {
		return
	}
	for _, e := range earlier { // newest first
		if t.order == "" {
			t.order = orderNamed(e.text)
		}
		if t.email == "" {
			t.email = emailRe.FindString(e.text)
		}
	}
	if !onlyNames(t.text) {
		return
	}
	for _, e := range earlier {
		if !asksIdentityRe.MatchString(e.reply) {
			return // answered already: no request waits for the names
		}
		names := orderNamed(e.text) != "" || emailRe.MatchString(e.text)
		if (names && onlyNames(e.text)) || classify(normalise(e.text)) == intentGreeting || classify(normalise(e.text)) == intentThanks {
			continue // only the names, or no request
		}
		// The request, with what this message gave.
		t.text = e.text
		t.intent = classify(normalise(e.text))
		return
	}
}

// orderNamed is the order a message names: a replacement's "#1006-R", an
// order number ("#1006", "order 1006"), or a short message's bare number.
func orderNamed(text string) string {
	if name := replacementNamed(text); name != "" {
		return name
	}
	if m := orderRe.FindStringSubmatch(text); m != nil {
		return "#" + m[1]
	}
	return bareOrder(text)
}

// bareOrderRe is a number of four to nine digits standing alone: an
// order number given without "#" ("its 2611340, ana@x.org").
var bareOrderRe = regexp.MustCompile(`(?:^|[^\p{L}\d#.,-])(\d{4,9})(?:$|[^\p{L}\d.,-]|[.,](?:\s|$))`)

// bareOrder is the order number a short message, or one with an email,
// gives as a bare number; not a ZIP code of an address.
func bareOrder(text string) string {
	rest := emailRe.ReplaceAllString(text, " ")
	if len(text) >= 80 && rest == text || stateZipRe.MatchString(text) || newAddress(text) != nil {
		return ""
	}
	if m := bareOrderRe.FindStringSubmatch(rest); m != nil {
		return "#" + m[1]
	}
	return ""
}

// earlierMessage is one earlier customer message and the agent's reply to it.
type earlierMessage struct{ text, reply string }

// asksIdentityRe is a reply that asked for the order number or the email.
var asksIdentityRe = regexp.MustCompile(`(?i)order number|e-?mail|n[úu]mero de pedido|correo|bestellnummer|num[ée]ro de commande`)

// earlierCustomerTexts are the customer's messages before this one, with
// the agent's reply to each, newest first.
func (t *turn) earlierCustomerTexts() []earlierMessage {
	var all []earlierMessage
	for _, m := range t.req.Messages {
		switch {
		case m.Role == agent.RoleUser && m.Text() != "" && !strings.HasPrefix(m.Text(), "(system:"):
			text, _ := withoutPhotoNote(m.Text())
			all = append(all, earlierMessage{text: strings.TrimSpace(text)})
		case m.Role == agent.RoleAssistant && m.Text() != "" && len(all) > 0:
			all[len(all)-1].reply += m.Text()
		}
	}
	if len(all) > 0 {
		all = all[:len(all)-1] // this message
	}
	var out []earlierMessage
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].text != "" {
			out = append(out, all[i])
		}
	}
	return out
}
