package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Scope: which lines a request is about. A customer who reports damage
// often says what is fine as well ("one mug is cracked, the kit is
// fine"): an item said to be fine is never the item acted on, so the
// clause that says so names nothing. And a variant is often named by one
// of its words ("the cedar one" for Cedar & Smoke).

// fineClauseRe is a clause saying its item arrived well: "the kit is
// fine", "the mugs are totally fine", "the kit survived", "rest is ok";
// in Spanish, German and French too.
var fineClauseRe = regexp.MustCompile(`(?i)^\s*(?:(?:and|but|though|tho|y|pero|und|aber|et|mais)\s+)?[\p{L}\s'’&-]{1,40}?\s+(?:` +
	`(?:is|are|was|were|seems?|looks?|arrived|came|'s|’s)\s+(?:totally\s+|perfectly\s+|all\s+|completely\s+|just\s+|absolutely\s+|still\s+)?(?:fine|ok|okay|perfect|intact|good|great|alright|all right|undamaged|unharmed|in one piece|in perfect condition)` +
	`|survived(?:\s+\w+)?|(?:is|are)\s+not\s+damaged|(?:isn'?t|aren'?t)\s+damaged` +
	`|(?:está|están|llegó|llegaron)\s+(?:bien|perfect[oa]s?|intact[oa]s?)` +
	`|(?:ist|sind|kam|kamen)\s+(?:in ordnung|ok|okay|gut|heil|intakt|unbeschädigt)(?:\s+an(?:gekommen)?)?` +
	`|(?:va|vont|est|sont)\s+(?:bien|intacte?s?|parfaite?s?|ok)` +
	`)\s*$` +
	`|(?i)^\s*(?:(?:and|but)\s+)?(?:there'?s\s+)?nothing wrong with\s+(?:the|my)\s+[\p{L}\s'’&-]{1,30}$`)

// clauseEndRe ends a clause of a message.
var clauseEndRe = regexp.MustCompile(`(?i)[,.;!?\n]+|\s+-\s+|\s+(?:but|though|tho|pero|aber|mais)\s+`)

// unitOrdinalRe tells units of one line apart ("the first mug is fine but
// the second one is chipped"): such a clause stays, for the unit reading
// (state10) to count one unit of the line it names.
var unitOrdinalRe = regexp.MustCompile(`(?i)\b(?:first|second|third|other|1st|2nd|3rd|one of|primera?|segund[oa]|erste[rsn]?|zweite[rsn]?|premi[eè]re?|deuxi[eè]me|#\s*\d|n(?:ú|u)mero\s*\d|nr\.?\s*\d|n°\s*\d)\b`)

// withoutFine is text with its clauses that say an item is fine blanked
// out, so that naming items in it names only the ones with a problem.
func withoutFine(text string) string {
	var b strings.Builder
	start := 0
	clause := func(s string) {
		if fineClauseRe.MatchString(s) && !damageRe.MatchString(strings.ToLower(s)) && !unitOrdinalRe.MatchString(s) {
			b.WriteString(strings.Repeat(" ", len(s)))
			return
		}
		b.WriteString(s)
	}
	for _, loc := range clauseEndRe.FindAllStringIndex(text, -1) {
		clause(text[start:loc[0]])
		b.WriteString(text[loc[0]:loc[1]])
		start = loc[1]
	}
	clause(text[start:])
	return b.String()
}

// variantOptions are the options of a variant title, each named by its
// own words: "Sea Glass / 12 oz" is "Sea Glass" and "12 oz"; a scent
// of two ("Cedar & Smoke") is named by either ("the cedar one").
func variantOptions(variant string) []string {
	var out []string
	for _, opt := range strings.Split(variant, "/") {
		out = append(out, strings.Split(opt, "&")...)
	}
	return out
}

// newItemRe asks for the item again: "send me a new mug", "a new one".
var newItemRe = regexp.MustCompile(`(?i)\b(?:a|another)\s+(?:new|fresh)\s+[\p{L}]+`)

// scopeChoice is the remedy of a damage report said in words
// damageChoice does not read: a new item asked for by its noun ("can you
// send me a new mug"), or a misspelt remedy ("replacment pls").
func scopeChoice(text string) string {
	low := strings.ToLower(text)
	if loc := newItemRe.FindStringIndex(low); loc != nil && !turnedDownRe.MatchString(low[max(0, loc[0]-40):loc[0]]) {
		return "replacement"
	}
	remedies := map[string]bool{"replacement": true, "refund": true}
	for _, w := range wordRe.FindAllString(low, -1) {
		if len(w) < 5 || remedies[w] {
			continue
		}
		if k := typoOf(remedies, w); k != "" {
			return k
		}
	}
	return ""
}

// Reason: a change of mind is a return with a change-of-mind reason
// (UNWANTED), never a damage report, even when the conversation was on a
// damage case before ("actually forget that, i'd rather return the mugs,
// they're unused, changed my mind"): the shop's record carries the reason
// the customer gave.

// mindRe is a change of mind about an item, in English (misspelt too),
// Spanish, German and French: "changed my mind", "unused", "don't need
// it anymore", "cambié de opinión", "anders überlegt", "changé d'avis".
var mindRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:ch?a?n?ge?d my mind|chnged my mind|change of heart|changed our minds?|(?:don'?t|dont|do not|no longer) (?:need|want|like)\b|not needed|never used|unused|not used|haven'?t used|still (?:in|sealed)|sealed|` +
	`cambi[eé] de (?:opini[oó]n|idea)|ya no (?:lo|la|los|las) (?:necesito|quiero)|no (?:lo|la|los|las) (?:he )?usad[oa]s?|no (?:lo|la|los|las) us[eé]|sin usar|` +
	`anders überlegt|es mir anders|nicht mehr (?:brauche|will|benötige)|unbenutzt|ungebraucht|nie benutzt|` +
	`chang[ée] d'avis|change d'avis|plus besoin|jamais utilis[ée]e?s?|pas utilis[ée]e?s?)(?:[^\p{L}]|$)`)

// changedMind reports whether text gives a change of mind as its reason
// and no damage.
func changedMind(text string) bool {
	low := strings.ToLower(text)
	return mindRe.MatchString(low) && !damageRe.MatchString(low) && !damageRe.MatchString(strings.ToLower(normalise(text)))
}

// keepOrCancelRe speaks of keeping or cancelling the order: a change of
// mind then is about a cancellation, not a return.
var keepOrCancelRe = regexp.MustCompile(`(?i)\b(?:keep|keeping|cancel\p{L}*|cancle\p{L}*|still want)\b`)

// mindReturn asks for the return of the items a message names with a
// change of mind as its reason; it reports whether it did.
func (t *turn) mindReturn(n int) (agent.Message, bool) {
	if n > 0 || !t.verified || t.confirmed != nil || !changedMind(t.text) || keepOrCancelRe.MatchString(t.text) ||
		!offers(t.req, toolname.StartReturn) {
		return agent.Message{}, false
	}
	name := t.currentOrder()
	items := namedItems(t.orderLines(name), dropNegated(t.text))
	if len(items) == 0 {
		return agent.Message{}, false
	}
	args := t.orderArg()
	args["items"], args["reason"] = items, "UNWANTED"
	if agent.WantsCredit(normalise(t.text)) || agent.WantsCredit(t.text) {
		args["resolution"] = "store_credit"
	}
	return toolCall(n, toolname.StartReturn, args), true
}

// takeBackRe takes back what was just proposed: "wait no dont", "i
// changed my mind, keep the order", "i still want it".
var takeBackRe = regexp.MustCompile(`(?i)(?:changed my mind|keep (?:the order|my order|it|them|everything)|still want (?:it|them|the order)|leave it|(?:no|wait)\W+(?:don'?t|dont|do not)\b|(?:don'?t|dont)\s*[.!]*\s*$)`)

// takeBack answers a message that only takes back the proposal code has
// just declined: nothing is offered again.
func (t *turn) takeBack(n int) (agent.Message, bool) {
	a := t.answeredProposal()
	if n > 0 || t.confirmed != nil || a == nil || a.Status != "declined" || !takeBackRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	rest := takeBackRe.ReplaceAllString(strings.ToLower(t.text), " ")
	rest = regexp.MustCompile(`(?i)\b(?:i|please|the order|my order|order|wait|no|dont|don'?t|do not)\b`).ReplaceAllString(rest, " ")
	if t.asksSomething(rest) {
		return agent.Message{}, false
	}
	return say("No problem, I won't go ahead with it: nothing has changed. Is there anything else I can help with?"), true
}

// scope11 is this file's hook in plan.
func (t *turn) scope11(n int) (agent.Message, bool) {
	// addressUnit and mindReturn are not hooked: early in plan they took
	// unit corrections (ww1, ww4, addr5) and hypothetical or undelivered
	// returns (heldout_returns, fixc, state10) from the hooks that own
	// them. scope12.go's unitAdded and mindReturn12 read the same with
	// narrower triggers.
	return t.takeBack(n)
}

// Address: the part of a message that is an address. Words before it
// with a number in them ("I bought 2 things, pls deliver to my mom's
// place - 12 Orchard Lane, Salem, MA 01970") read as a street and a
// second line; when that second line ends in a street, the street is
// that one and the words before it are no part of the address.

// streetEndRe is a street ending a second line: "… - 12 Orchard Lane".
var streetEndRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}\d])(\d+[A-Za-z]?\s+(?:[\p{L}.'’]+\s+){0,4}(?:st|street|ave|avenue|rd|road|ln|lane|blvd|boulevard|dr|drive|way|ct|court|pl|place|ter|terrace|pkwy|parkway|hwy|highway|sq|square|cir|circle|row|alley|trail)\.?)\s*$`)

// streetFromLine2 is address a with its street taken from its second
// line when the second line ends in one.
func streetFromLine2(a map[string]any) map[string]any {
	line2, _ := a["address2"].(string)
	if m := streetEndRe.FindStringSubmatch(line2); m != nil {
		a["address1"] = strings.TrimSpace(m[1])
		delete(a, "address2")
	}
	return a
}

// unitRe is a second address line said on its own: "suite 400", "apt
// 2B", "3rd floor", "unit 5".
var unitRe = regexp.MustCompile(`(?i)\b(?:(?:suite|ste\.?|apt\.?|apartment|unit|floor|fl\.?|room|rm\.?|building|bldg\.?)\s*#?\s*[\dA-Za-z]{1,5}\b|\d+(?:st|nd|rd|th)\s+(?:floor|fl\.?)\b)`)

// addressUnit states the address change just proposed again with the
// second line a message adds to it ("oh and its suite 400", "sorry
// forgot, 3rd floor"): the statement, the model's own last reply, gives
// the rest.
func (t *turn) addressUnit(n int) (agent.Message, bool) {
	if n > 0 || t.confirmed != nil || !strings.Contains(t.lastBot, "change the shipping address") || newAddress(t.text) != nil {
		return agent.Message{}, false
	}
	unit := unitRe.FindString(t.text)
	if unit == "" || len(strings.Fields(t.text)) > 10 {
		return agent.Message{}, false
	}
	stated := t.lastBot
	if i := strings.LastIndex(stated, " to: "); i >= 0 {
		stated = stated[i+len(" to: "):]
	}
	if i := strings.Index(stated, ". "); i >= 0 {
		stated = stated[:i]
	}
	if i := strings.Index(stated, ", "); i >= 0 && !strings.ContainsAny(stated[:i], "0123456789") {
		stated = stated[i+2:] // the name the statement starts with
	}
	addr := newAddress(stated)
	if addr == nil {
		return agent.Message{}, false
	}
	args := t.orderArg()
	for k, v := range addr {
		args[k] = v
	}
	args["address2"] = strings.TrimSpace(unit)
	return toolCall(n, toolname.ChangeAddress, args), true
}

// narrowForeign is items, the lines a message in another language names
// by its product nouns, narrowed to the one its other words name too
// when the nouns fit several lines: "la vela cedar" is the Cedar & Smoke
// candle, not every candle. The same number of items, more precisely
// named, or items as they were.
func narrowForeign(lines []string, text string, items []map[string]any) []map[string]any {
	if len(items) == 0 {
		return items
	}
	var nouns []string
	for _, it := range items {
		if s, _ := it["title"].(string); s != "" {
			nouns = append(nouns, s)
		}
	}
	if narrowed := namedItemsIn(lines, strings.Join(nouns, " ")+" "+text); len(narrowed) == len(items) {
		// The units stay as the nouns counted them: "la taza número 2"
		// is one mug, not two for its number.
		for i := range narrowed {
			if narrowed[i]["title"] != items[i]["title"] {
				continue
			}
			if q, ok := items[i]["quantity"]; ok {
				narrowed[i]["quantity"] = q
			} else {
				delete(narrowed[i], "quantity")
			}
		}
		return narrowed
	}
	return items
}
