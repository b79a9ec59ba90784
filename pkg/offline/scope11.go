package offline

import (
	"regexp"
	"strings"
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
	`)\s*$`)

// clauseEndRe ends a clause of a message.
var clauseEndRe = regexp.MustCompile(`(?i)[,.;!?\n]+|\s+-\s+|\s+(?:but|though|tho|pero|aber|mais)\s+`)

// withoutFine is text with its clauses that say an item is fine blanked
// out, so that naming items in it names only the ones with a problem.
func withoutFine(text string) string {
	var b strings.Builder
	start := 0
	clause := func(s string) {
		if fineClauseRe.MatchString(s) && !damageRe.MatchString(strings.ToLower(s)) {
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
	if fixed := strings.ToLower(normalise(text)); fixed != low {
		if r, _ := saidOption(fixed, "replacement", "replace"); r {
			return "replacement"
		}
		if r, _ := saidOption(fixed, "refund"); r {
			return "refund"
		}
	}
	return ""
}
