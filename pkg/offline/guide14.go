package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// A new user's trial of `make dev` (issue 18, guide14) found the guides
// answering messages about an order: "what other orders do i have" got a
// care passage, "the skillet one, is it going to make it before
// saturday?" the skillet's re-seasoning, "will the blanket still come to
// my place?" the throw's storage; and a product question after an order's
// status ("are they microwave safe btw", "how do i season it when it
// arrives") got no answer. A message naming a product is about the product
// only when it asks how to use or look after it; when it asks where the
// order is, where it goes, what else is in it or which other orders there
// are, the order tools answer it. guide14 says such a message in the words
// the order steps read ("where is order #1003?"), and gives a product
// question whose "it" is the item the customer's previous message named
// that item's name, so the guide's search finds it.

var (
	// g14OtherOrdersRe asks which other orders the customer has.
	g14OtherOrdersRe = regexp.MustCompile(`(?i)\b(?:other|another|more|any|all|previous|past|older)\s+orders\b|\borders?\s+(?:do|have|did)\s+(?:i|we)\b|\bwhat\s+(?:else\s+)?(?:have|did)\s+i\s+(?:ordered|order)\s+(?:from|with)\s+(?:you|u)\b`)
	// g14ElseRe asks what else an order holds: "what else did i buy
	// besides the board", "apart from the mugs what's in it".
	g14ElseRe = regexp.MustCompile(`(?i)\bwhat\s+else\b[^.?!]{0,30}\b(?:buy|bought|order|ordered|get|got|in it|in there|in the (?:order|box|parcel|package))\b|\b(?:besides|apart from|other than|except(?: for)?)\s+(?:the|my)\b[^.?!]{0,30}\b(?:what|which)\b|\b(?:what|which)\b[^.?!]{0,30}\b(?:besides|apart from|other than)\s+(?:the|my)\b`)
	// g14WhereGoesRe asks where an order goes, not to change it: "is it
	// still going to 12 Oak St?", "will it still come to my place?",
	// "do you still have the right address for it".
	g14WhereGoesRe = regexp.MustCompile(`(?i)\b(?:still|right|correct|same|usual)\b[^.?!]{0,40}\b(?:address|go(?:ing)? to|come to|coming to|sent to|be sent to|deliver(?:ed)? to|ship(?:ped|ping)? to|arrive at)\b|\b(?:address|go(?:ing)? to|come to|coming to|sent to|deliver(?:ed)? to)\b[^.?!]{0,40}\b(?:still|right|correct|same|usual)\b|\b(?:which|what)\s+address\b`)
	// g14ChangeRe wants a change, not to know: the address steps'.
	g14ChangeRe = regexp.MustCompile(`(?i)\b(?:instead|change|changed|different|new|update|updated|wrong|moved|move|redirect|reroute|not there|won'?t be)\b`)
	// g14ArriveRe asks when a thing comes: "will it get here by
	// saturday", "is it going to make it before friday", "is the pan
	// coming".
	g14ArriveRe = regexp.MustCompile(`(?i)\b(?:get here|gets here|be here|arriv(?:e|es|ing)|make it (?:before|by|in time|for)|com(?:e|es|m?ing)|deliver(?:ed|y)?|ship(?:ped)?|sent out|on (?:its|the) way|in time)\b`)
	// g14ArriveNotRe asks how the things come, not when: together, in
	// one box, one first, the rest later.
	g14ArriveNotRe = regexp.MustCompile(`(?i)\b(?:same|together|separate\w*|first|rest|box|drop|instead|only|without|with the|both|each|all|parts?|later)\b`)
	// g14CareRe is how to use or look after a thing, or what it is like:
	// the guides' questions, whatever else the message says.
	g14CareRe = regexp.MustCompile(`(?i)\bhow\s+(?:do|should|can|often|long|hot|much|many|big|to)\b|\b(?:wash\w*|clean\w*|care|dishwasher|microwave\w*|oven|stove\w*|smell\w*|scent\w*|made (?:of|from)|material|safe|stain\w*|rust\w*|oil(?:ing|ed)?|dry\w*|store|storing|storage|dimensions?|size|weigh\w*|capacity|instructions?|set ?up|use it|using)\b`)
	// g14OtherAskRe is anything else the order steps do: late, lost,
	// broken, a return, a refund, a cancellation, a person.
	g14OtherAskRe = regexp.MustCompile(`(?i)\b(?:sent me|shipped me|says|said|wrong|missing|left out|not in (?:the|my) (?:box|parcel|package|delivery)|forgot\w*|without|late|overnight|express|faster|delay\w*|lost|stuck|still not|not (?:here|arrived|come)|hasn'?t|haven'?t|never|broke\w*|damag\w*|crack\w*|chip\w*|return\w*|refund\w*|exchang\w*|cancel\w*|swap|replace\w*|person|human|someone|wrap\w*|photo|why)\b`)
	// g14RequestRe asks the shop to do something ("can you ship the mug
	// separately"): a request, not a question about where the order is.
	g14RequestRe = regexp.MustCompile(`(?i)\b(?:can|could|would|will) (?:you|u|ya)\b|\b(?:please|pls|plz|separately|split|add|remove|upgrade|faster|express|rush|hold)\b` +
		// a change to the order asked for: "can the kettle order be
		// cancelled instead?", "change the thermostat's colour before it ships"
		`|\b(?:cancel\w*|chang\w*|swap\w*|exchang\w*|return\w*|refund\w*|replac\w*|colou?r|size)\b`)
	// g14WhenItComesRe is a clause about the thing's coming inside a
	// product question: "how do i season it when it arrives".
	g14WhenItComesRe = regexp.MustCompile(`(?i)\s*\b(?:when|once|after)\s+(?:it|they)\s+(?:arrives?|comes?|gets? here|is here|are here|shows? up|turns? up|lands?)\b`)
	// g14WhichSwapRe is the agent's question which item to exchange, and
	// g14ForRe the answer's variant: "the mug, for a charcoal one".
	g14WhichSwapRe = regexp.MustCompile(`(?i)\bwhich items? would you like to exchange\b`)
	g14ForRe       = regexp.MustCompile(`(?i)\bfor (?:a |an |the )?\p{L}+`)
	// g14DashRe are the marks between the item and its variant ("that mug
	// - for charcoal pls"), which the exchange step reads as two requests.
	g14DashRe = regexp.MustCompile(`(?i)\s[-–—:]+\s|,|\bpl(?:ease|s|z)\b`)
	// g14AndRe joins two asks: "shipped and still going to Denver?".
	g14AndRe = regexp.MustCompile(`(?i)\b(?:and|also|plus|n)\b`)
	// g14KeepAsideRe are a turned-down cancellation's words keep10 does
	// not know as filler: "nvm", "as it is", "the way it is".
	g14KeepAsideRe = regexp.MustCompile(`(?i)\b(?:nvm|never ?mind|as it is|as is|the way it is|leave it)\b`)
)

// guide14 is the hook in plan(): it rewords the message (see above) and
// lets the steps after it answer. It never answers itself.
func (t *turn) guide14(n int) (agent.Message, bool) {
	if t.rewritten || t.inPart || t.confirmed != nil || t.declined || !t.verified || language(t.text) != "" || t.g14Waiting() {
		return agent.Message{}, false
	}
	said := t.text + "\n" + normalise(t.text) // typos put right ("comming")
	is := func(re *regexp.Regexp) bool { return re.MatchString(said) }
	switch {
	case g14WhichSwapRe.MatchString(t.lastBot) && g14ForRe.MatchString(t.text) && t.g14NamedOrder() != "" && !is(g14OtherAskRe):
		// The answer to "which item?", read as the exchange it names, not
		// as a question about the item.
		t.g14Say("i want to exchange "+strings.Join(strings.Fields(g14DashRe.ReplaceAllString(t.text, " ")), " "), "")
	case keepsOrderRe.MatchString(t.text) && g14KeepAsideRe.MatchString(t.text) && noCancelRe.MatchString(t.text):
		// "hmm ok nvm dont cancel then, ill keep it as it is".
		t.g14Say(strings.Join(strings.Fields(g14KeepAsideRe.ReplaceAllString(t.text, " ")), " "), "")
	case is(g14CareRe) && t.prevText != "" && !is(g14OtherAskRe):
		t.g14ItsItem()
	case is(g14OtherAskRe) || newAddress(t.text) != nil || len(questions(t.text)) > 1 || strings.Contains(t.text, "\n") || g14AndRe.MatchString(t.text):
		// Several asks in one message: the steps for several answer each.
	case is(g14OtherOrdersRe) && !is(g14CareRe):
		t.g14Say("list my orders", "")
	case !is(g14CareRe) && is(g14WhereGoesRe) && !is(g14ChangeRe):
		if o := t.g14Order(); o != "" {
			t.g14Say("what address is order "+o+" going to?", o)
		}
	case !is(g14CareRe) && is(g14ElseRe):
		if o := t.g14Order(); o != "" {
			t.g14Say("what items are in order "+o+"?", o)
		}
	case !is(g14CareRe) && !is(g14RequestRe) && !is(g14ArriveNotRe) && is(g14ArriveRe) && t.g14NamedOrder() != "":
		o := t.g14NamedOrder()
		t.g14Say("where is order "+o+"?", o)
	}
	return agent.Message{}, false
}

// g14Say puts text in place of the customer's message, about order when
// one is given.
func (t *turn) g14Say(text, order string) {
	t.text = text
	t.intent = classify(normalise(text))
	if order != "" {
		t.order = order
	}
}

// g14Waiting reports whether the agent's previous reply left a proposal
// waiting for the customer's yes: the steps for that come first.
func (t *turn) g14Waiting() bool {
	if t.req.State == nil {
		return false
	}
	for _, a := range t.req.State.Before {
		if a.Status == "proposed" {
			return true
		}
	}
	return false
}

// g14NamedOrder is the customer's order holding an item the message
// names: the current order first.
func (t *turn) g14NamedOrder() string {
	st := t.req.State
	if st == nil {
		return ""
	}
	names := []string{}
	if c := t.currentOrder(); c != "" {
		names = append(names, c)
	}
	for _, o := range st.Orders {
		names = append(names, o.Name)
	}
	for _, name := range names {
		if namesItem(stateOrderLines(st, name), t.text) {
			return name
		}
	}
	return ""
}

// g14Order is the order the message is about: the one whose item it
// names, else the one named, else the conversation's.
func (t *turn) g14Order() string {
	if o := t.g14NamedOrder(); o != "" {
		return o
	}
	if t.order != "" {
		return t.order
	}
	return t.currentOrder()
}

// g14ItsItem gives a product question that names no item of its own
// ("are they microwave safe btw", "how do i season it when it arrives")
// the item the customer's previous message named, when it named exactly
// one, and drops the clause about the item's coming.
func (t *turn) g14ItsItem() {
	st := t.req.State
	if st == nil || !pronounRe.MatchString(t.text) || t.g14NamedOrder() != "" {
		return
	}
	var named []string
	seen := map[string]bool{}
	for _, o := range st.Orders {
		for _, l := range stateOrderLines(st, o.Name) {
			title := itemTitle(l)
			if !seen[title] && namesItem([]string{l}, t.prevText) {
				seen[title] = true
				named = append(named, title)
			}
		}
	}
	if len(named) != 1 {
		return
	}
	text := strings.TrimSpace(g14WhenItComesRe.ReplaceAllString(t.text, ""))
	t.g14Say(text+" ("+named[0]+")", "")
}
