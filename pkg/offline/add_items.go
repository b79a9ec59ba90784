package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// addToOrderRe asks to add to an order: "add it to my order", "add one
// more thing to the order". addMoreRe asks to add more of something with
// no other place named ("can I add a second pack?"); placeRe names a
// place that is not the order ("add a splash of milk to the brew").
var (
	addToOrderRe = regexp.MustCompile(`(?i)\badd(?:ing)?\b(?:\s+[\p{L}\p{N}'-]+){0,5}?\s+(?:to|onto|into|on)\s+(?:my|the|this|that|our|an?)\s+(?:existing\s+|current\s+|last\s+)?(?:order|purchase|parcel|package|shipment)\b`)
	addMoreRe    = regexp.MustCompile(`(?i)\b(?:can|could|may|want to|wanna|like to|possible to|way to|i'd like to|id like to|please|pls)\s+(?:i\s+|we\s+|you\s+|u\s+)?(?:still\s+|also\s+|just\s+)?add\s+(?:a|an|one|some|something|anything|another|more|extra|a second|an extra|one more|a few|a couple|two|three|\d+)\b`)
	placeRe      = regexp.MustCompile(`(?i)\b(?:to|into|onto|in|on|with)\b`)
)

// asksToAdd reports whether text asks to add items to an order already
// placed.
func asksToAdd(text string) bool {
	if addToOrderRe.MatchString(text) {
		return true
	}
	loc := addMoreRe.FindStringIndex(text)
	return loc != nil && !placeRe.MatchString(text[loc[1]:])
}

// addItems answers a request to add items to an order: no tool adds
// any, so it says so and offers a person, before the order's words send
// it to the order's status or a product's guide.
func (t *turn) addItems(n int) (agent.Message, bool) {
	if n > 0 || t.confirmed != nil || !asksToAdd(t.text) || strings.Contains(t.lastBot, "Shall I") {
		return agent.Message{}, false
	}
	return say("I'm sorry, I can't add items to an order once it has been placed: none of the changes I can make here does that. You're welcome to place a new order for anything else you'd like, and a member of our team can help if you'd like."), true
}
