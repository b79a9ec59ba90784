package offline

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Long conversations about parcels that did not come or came short
// (issue 18, flow12, a new user's trial). Each hook for one message read
// the latest words alone, so a conversation that changed course kept its
// first course:
//
//   - a parcel reported missing turns up ("found it at my neighbours"):
//     whole, the not-received report ends and nothing is proposed; short
//     of an item or damaged, what is wrong with it is read on its own
//     (the missing-item or damage report), never the lost parcel again;
//   - an item said to be missing from a split order that travels in its
//     other parcel, or has not shipped yet, is not missing: that parcel's
//     carrier, tracking and estimate are the answer;
//   - "it never came" about a parcel not delivered whose estimate has
//     passed says that it has, not that it should still be on its way;
//   - the replacement the conversation made ("the new one you sent") is
//     tracked as its own order, which the customer's order list may not
//     hold yet;
//   - the customer saying the answer did not help, or was said already,
//     is offered a person instead of the same answer again.
func (t *turn) flow12(n int) (agent.Message, bool) {
	if !t.verified || t.req.State == nil || t.confirmed != nil || t.declined || t.req.State.Answered != nil {
		return agent.Message{}, false
	}
	if m, ok := t.f12Answer(); ok {
		return m, true // a tool this hook called has answered
	}
	if n > 0 {
		return agent.Message{}, false
	}
	if m, ok := t.f12Circles(); ok {
		return m, true
	}
	if m, ok := t.f12TurnedUp(); ok {
		return m, true
	}
	if m, ok := t.f12Replacement(); ok {
		return m, true
	}
	if m, ok := t.f12OtherParcel(); ok {
		return m, true
	}
	return t.f12PastEstimate()
}

// f12Given is the current order's facts the context gives, as track_order
// returns them, in the shapes a decoded result has.
func (t *turn) f12Given() map[string]any {
	if t.req.State == nil || t.req.State.Given == nil {
		return nil
	}
	raw, err := json.Marshal(t.req.State.Given)
	if err != nil {
		return nil
	}
	var out map[string]any
	if json.Unmarshal(raw, &out) != nil {
		return nil
	}
	return out
}

// f12Tag ends the ID of a tool use this hook makes, with what it is for.
const f12Tag = "_f12"

// What a track_order this hook called is for.
const (
	f12ForReplacement = "replacement"
	f12ForOtherParcel = "parcel"
	f12ForLate        = "late"
)

func f12Call(name, purpose string, input map[string]any) agent.Message {
	m := toolCall(0, name, input)
	m.Blocks[0].ToolUse.ID += f12Tag + purpose
	return m
}

// f12Answer answers from the result of a tool this hook called.
func (t *turn) f12Answer() (agent.Message, bool) {
	for _, c := range t.calls {
		i := strings.Index(c.id, f12Tag)
		if i < 0 || c.result == nil {
			continue
		}
		if c.isErr || str(c.result, "status") == "not_found" || str(c.result, "error") != "" {
			return say("I'm sorry, I couldn't look that up just now. A member of our team can help if you'd like."), true
		}
		switch c.id[i+len(f12Tag):] {
		case f12ForReplacement:
			return say("%s", t.tracking(c.result)), true
		case f12ForOtherParcel:
			if m, ok := t.f12OtherParcelReply(c.result); ok {
				return m, true
			}
			return say("%s", t.tracking(c.result)), true
		case f12ForLate:
			if m, ok := t.f12LateReply(c.result); ok {
				return m, true
			}
			return say("%s", t.tracking(c.result)), true
		}
	}
	return agent.Message{}, false
}

// f12NotHelpedRe says the last answer did not help or repeats what was
// said: in English, Spanish, German and French.
var f12NotHelpedRe = regexp.MustCompile(`(?i)\b(?:(?:that|this|it|which|u|you|ur answer|your answer)(?:'s|s| is| was)?\s+(?:not|n'?t|doesn'?t|doesnt|does not|didn'?t|didnt|did not|dont|don'?t|isn'?t|isnt|wasn'?t|wasnt)\s+(?:help(?:ing|ful)?|answer(?:ing)? (?:my|the) question|what i (?:asked|meant))` +
	`|not (?:helpful|helping|useful)|no help|unhelpful|useless|pointless` +
	`|(?:you|u) (?:already|just) (?:said|told me|sent|gave me) (?:that|this|the same)|(?:you|u) said that already|already (?:told|said) (?:me )?that` +
	`|(?:you|u) (?:keep|kept) (?:saying|repeating|telling me|sending|giving me) (?:the same|that|this)|(?:the )?same (?:answer|thing|reply|message|response) (?:again|as before|every time|over and over)` +
	`|(?:going|go|goin) (?:round|around) in circles|stop repeating` +
	`|no me (?:ayuda|sirve)|eso no (?:ayuda|sirve)|ya me (?:lo )?dijiste|(?:das|es) hilft (?:mir )?nicht|hilft mir nicht|bringt mir nichts|hast du (?:schon|bereits) gesagt)` +
	// French: Go's \b knows no "ç".
	`|(?:ça|ca|cela) ne m'aide pas|(?:ça|ca) m'aide pas|(?:ça|ca|cela) ne sert à rien|vous (?:l'avez|avez) d[ée]j[àa] dit|tu (?:l'as|as) d[ée]j[àa] dit`)

// f12Circles offers a person when the customer says the answer did not
// help or was said already: giving it again would go in circles.
func (t *turn) f12Circles() (agent.Message, bool) {
	loc := f12NotHelpedRe.FindStringIndex(t.text)
	if loc == nil || t.lastBot == "" {
		return agent.Message{}, false // no answer before it to have helped
	}
	rest := strings.TrimSpace(t.text[:loc[0]] + " " + t.text[loc[1]:])
	norm := normalise(rest)
	switch classify(norm) {
	case intentNone, intentStatus, intentLate, intentThanks, intentGreeting:
	default:
		return agent.Message{}, false // a new request beside it: its hooks answer it
	}
	if isWriteAsk(rest) || resolutionTool(rest) != "" || boxProblem(strings.ToLower(norm)) {
		return agent.Message{}, false // "useless, it leaks": a report, not a complaint about the answer
	}
	return say("I'm sorry that didn't help, and I don't want to keep giving you the same answer. " +
		"Would you like me to pass this to a member of our team? They can see everything we've discussed and will reply right here."), true
}

// f12FoundRe says a parcel reported missing has turned up: found, at a
// neighbour's, after all; in English, Spanish, German and French.
var f12FoundRe = regexp.MustCompile(`(?i)(?:\b(?:i |we |ive |i've |i have |just |finally )?(?:found|find|located) (?:it|them|the (?:parcel|package|box|order|delivery))\b` +
	`|\b(?:it|they|the (?:parcel|package|box|order|delivery))(?:'s| has| have)? (?:turned|turnd|showed|popped|shown|turns|shows) up\b` +
	`|\bturned up after all\b|\b(?:it|they) (?:came|arrived|got here) (?:after all|in the end|finally)\b` +
	`|\b(?:my |the |a )?neighbou?r'?s? (?:had|has|took|got|kept|brought|dropped off) (?:it|them|the (?:parcel|package|box))\b` +
	`|\b(?:got|picked up|collected|grabbed) (?:it|them|the (?:parcel|package|box)) from (?:next door|my neighbou?rs?'?|the neighbou?rs?'?|a neighbou?r)\b` +
	`|\b(?:it|they) (?:was|were) (?:at|with|behind|under|next to|in) (?:my |the |a )?(?:neighbou?rs?'?s?|next door|porch|bins?|plant|door|garage|garden|shed|mailbox|locker|back)\b` +
	`|\b(?:brought|carried|fetched|took) (?:it|them|the (?:parcel|package|box)) (?:in|inside|up|over)\b` +
	`|\b(?:it|they|the (?:parcel|package|box)|my (?:parcel|package|box|order)) (?:did|has|have) (?:arrive|arrived|come|came)\b` +
	`|\bya apareci[oó]\b|\blo encontr[eé]\b|\blo ten[ií]a (?:el|la|mi) vecin[oa]\b|\bapareci[oó]\b` +
	`|\bwar beim nachbarn\b|\bhab(?:e)? (?:es|ihn|sie) gefunden\b|\bist (?:doch )?(?:aufgetaucht|angekommen)\b` +
	`|\bje l'ai trouv[ée]e?\b|\b(?:il|elle) (?:est|était) chez (?:le|la|les|mon|ma) voisine?s?\b|\best (?:finalement )?arriv[ée]e?\b)`)

// f12GoneRe is an item said to be gone from what came in words the
// missing-item reading does not take ("the filters r missing", "the
// skillet isnt in there", "the candle is gone").
var f12GoneRe = regexp.MustCompile(`(?i)\s*\b(?:(?:is|are|was|were|r|s)\s+)?(?:missing|gone|nowhere to be (?:seen|found))\b(?:\s+(?:from|in|out of)\s+(?:it|there|the (?:box|parcel|package)))?` +
	`|\s*\b(?:isn'?t|isnt|wasn'?t|wasnt|aren'?t|arent|weren'?t|werent|is not|was not|are not|were not|not)\s+(?:in (?:it|there|the (?:box|parcel|package))|inside|included)\b`)

// f12AfterNotReceived reports whether the conversation is reporting a
// parcel that never came: the last reply's step, or an open one.
func (t *turn) f12AfterNotReceived() bool {
	st := t.req.State
	for _, a := range append(append([]agent.StateAction(nil), st.Before...), st.Open...) {
		if a.Tool == toolname.ReportNotReceived {
			return true
		}
	}
	return false
}

// f12TurnedUp reads a message saying the parcel reported missing turned
// up: with nothing else, the report ends; with something wrong with what
// came, that is read alone (the message is rewritten and the other hooks
// go on).
func (t *turn) f12TurnedUp() (agent.Message, bool) {
	if !t.f12AfterNotReceived() {
		return agent.Message{}, false
	}
	low := strings.ToLower(t.text)
	if !f12FoundRe.MatchString(low) {
		return agent.Message{}, false
	}
	rest := strings.TrimSpace(f12FoundRe.ReplaceAllString(low, " "))
	rest = strings.TrimSpace(f12LeadRe.ReplaceAllString(rest, ""))
	norm := normalise(rest)
	if contentWords(norm) == 0 || f12AllGoodRe.MatchString(rest) && !boxProblem(norm) && !f12GoneRe.MatchString(rest) {
		return say("Glad to hear it turned up! There's nothing more you need to do about it. " +
			"If anything in it is missing or damaged, just tell me here."), true
	}
	if !boxProblem(rest) && !boxProblem(norm) && f12GoneRe.MatchString(rest) {
		rest = strings.TrimSpace(f12GoneRe.ReplaceAllString(rest, " is missing from the box"))
	}
	t.text = rest
	t.intent = classify(normalise(rest))
	return agent.Message{}, false
}

var (
	// f12LeadRe is what joins what turned up to what is wrong with it.
	f12LeadRe = regexp.MustCompile(`(?i)^(?:[\s,.;:!-]|\b(?:ok|okay|oh|wait|nvm|never ?mind|sorry|update|so|well|and|but|though|tho|however|although|at|from|behind|after all|in the end)\b)+`)
	// f12AllGoodRe says nothing is wrong: "all good now", "sorry to bother".
	f12AllGoodRe = regexp.MustCompile(`(?i)\b(?:all good|all fine|all ok(?:ay)?|everything(?:'s| is)? (?:fine|good|there|ok(?:ay)?)|sorry|thanks?|thank you|nvm|never ?mind|false alarm|my bad|no worries|ignore|erledigt|todo bien|tout va bien|c'est bon|gracias|danke|merci|vecin[oa]|nachbarn|voisine?s?)\b`)
)

// f12NewOneRe refers to a replacement without the word: "the new one you
// sent", "the new mug".
var f12NewOneRe = regexp.MustCompile(`(?i)\b(?:the|my|that|this) new (?:one|parcel|package|order|box|shipment|\w+)\b|\bthe (?:one|parcel|package|order) (?:you|u) (?:sent|are sending|re sending|shipped|(?:are|r) shipping)\b`)

// f12Replacement tracks the replacement order the customer asks about
// when their order list does not hold it (it was made in this
// conversation), or when they call it "the new one".
func (t *turn) f12Replacement() (agent.Message, bool) {
	norm := normalise(t.text)
	refers := agent.RefersToReplacement(t.text)
	if !refers && !f12NewOneRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	if classify(norm) != intentStatus && !whenAskRe.MatchString(strings.ToLower(t.text)) && !statusRe.MatchString(norm) {
		return agent.Message{}, false
	}
	if said := strings.ToLower(t.text); has(said, "delivered", "damaged", "broken", "cancel", "return", "refund") || boxProblem(said) {
		return agent.Message{}, false // something else about it: its hooks
	}
	name, listed := t.f12ReplacementOrder()
	if name == "" || (listed && refers) {
		return agent.Message{}, false // identify.go names a listed one
	}
	return f12Call(toolname.TrackOrder, f12ForReplacement, map[string]any{"order_number": name}), true
}

// f12ReplacementOrder is the replacement of the current order: from the
// customer's order list (listed), else as this conversation's replies
// named it ("(order #1006-R)").
func (t *turn) f12ReplacementOrder() (string, bool) {
	st := t.req.State
	cur := strings.TrimSuffix(st.CurrentOrder, "-R")
	for _, o := range st.Orders {
		if o.Replaces != "" && (o.Replaces == cur || cur == "") {
			return o.Name, true
		}
	}
	for i := len(t.req.Messages) - 1; i >= 0; i-- {
		m := t.req.Messages[i]
		if m.Role != agent.RoleAssistant {
			continue
		}
		for _, found := range replacementNameRe.FindAllStringSubmatch(m.Text(), -1) {
			name := replacementNamed(found[0])
			if cur == "" || strings.TrimSuffix(name, "-R") == cur {
				return name, false
			}
		}
	}
	return "", false
}

// f12MissingRe says items did not come, in words boxProblem does not
// take: "the candles are missing", "no candles in the box", "where are
// the rest".
var f12MissingRe = regexp.MustCompile(`(?i)\b(?:missing|missin|mising|not (?:in|inside) (?:it|the (?:box|parcel|package))|wasn'?t (?:in|inside) (?:it|the (?:box|parcel|package))|weren'?t (?:in|inside) (?:it|the (?:box|parcel|package))|no \w+(?: \w+)? in (?:the|my) (?:box|parcel|package)|didn'?t (?:come|get|receive)|only (?:got|received|the)|falta(?:n|ban|ron)?|fehl(?:t|en|ten)|manqu(?:e|ent|ait|aient))\b`)

// f12OtherParcel answers an item said to be missing from a split order
// that is in its other parcel, not delivered yet (or not shipped): that
// parcel's carrier, tracking and estimate.
func (t *turn) f12OtherParcel() (agent.Message, bool) {
	low := strings.ToLower(t.text)
	norm := strings.ToLower(normalise(t.text))
	if !f12MissingRe.MatchString(low) && !f12MissingRe.MatchString(norm) && !boxProblem(low) && !boxProblem(norm) {
		return agent.Message{}, false
	}
	if has(low, "broken", "damaged", "cracked", "wrong") {
		return agent.Message{}, false
	}
	cur := t.currentOrder()
	if t.order != "" {
		cur = t.order
	}
	var away []string
	for _, o := range t.req.State.Orders {
		if o.Name == cur {
			away = o.OnItsWay
		}
	}
	given := t.f12Given()
	if given == nil || str(given, "order_number") != cur {
		if len(away) == 0 {
			return agent.Message{}, false
		}
		return f12Call(toolname.TrackOrder, f12ForOtherParcel, map[string]any{"order_number": cur}), true
	}
	if _, ok := t.f12OtherParcelReply(given); !ok {
		return agent.Message{}, false
	}
	// Answered from the tool's own result, which the context also states.
	return f12Call(toolname.TrackOrder, f12ForOtherParcel, map[string]any{"order_number": cur}), true
}

// f12OtherParcelReply says the items the message names are in parcels
// not delivered: ok is false when a named item is in a delivered parcel,
// or none is named and nothing is on its way.
func (t *turn) f12OtherParcelReply(r map[string]any) (agent.Message, bool) {
	parcels := list(r, "parcels")
	if len(parcels) < 2 {
		return agent.Message{}, false
	}
	var waiting, came []map[string]any
	named := false
	for _, p := range parcels {
		hit := false
		for _, it := range strs(p, "items") {
			if t.f12Names(it) {
				hit = true
			}
		}
		named = named || hit
		switch stage := str(p, "stage"); {
		case stage == "delivered" || stage == "past_return_window":
			if hit && !f12CameRe.MatchString(t.text) {
				return agent.Message{}, false // what came is short: the missing-item report
			}
			came = append(came, p)
		case hit:
			waiting = append(waiting, p)
		}
	}
	if !named || len(waiting) == 0 || len(came) == 0 && !has(strings.ToLower(t.text), "came", "arrived", "got", "parcel", "box") {
		return agent.Message{}, false
	}
	name := str(r, "order_number")
	var b strings.Builder
	fmt.Fprintf(&b, "Nothing is missing: your order %s is coming in %d parts, and ", name, len(parcels))
	for i, p := range waiting {
		if i > 0 {
			b.WriteString(" ")
		}
		text := parcelText(name, p, false, str(r, "placed"))
		if i == 0 {
			text = strings.ToLower(text[:1]) + text[1:]
		}
		b.WriteString(text)
	}
	for _, p := range came {
		items := strs(p, "items")
		if d := str(p, "delivered"); d != "" && len(items) > 0 {
			fmt.Fprintf(&b, " The parcel with %s was delivered on %s.", joinAnd(items), d)
		}
	}
	b.WriteString(" If it hasn't come by then, tell me and I'll look into it.")
	return say("%s", b.String()), true
}

// f12CameRe says what came: "got the kit but", "only the kit was in it".
var f12CameRe = regexp.MustCompile(`(?i)\b(?:got|received|came|arrived|only|(?:was|were) in (?:it|the (?:box|parcel|package)))\b`)

// f12Names reports whether the customer's message names item, in its
// words or another language's product nouns.
func (t *turn) f12Names(item string) bool {
	if _, title, ok := strings.Cut(item, "× "); ok {
		item = title
	}
	for _, text := range []string{t.text, normalise(t.text), agent.WithProductNouns(strings.ToLower(t.text))} {
		if len(namedItemsIn([]string{item}, text)) > 0 {
			return true
		}
	}
	return len(namedItems([]string{item}, t.text)) > 0
}

// f12NeverCameRe says the parcel has not come.
var f12NeverCameRe = regexp.MustCompile(`(?i)\b(?:never|nothing|nothin|nuthin|nothng|didn'?t|didnt|did not|hasn'?t|hasnt|has not|haven'?t|havent|still not|not) (?:came|come|arrived|arrive|showed up|show up|turned up|got here|get here|been delivered|delivered|here)\b|\bstill nothing\b|\bno sign of (?:it|them)\b|\bis not here\b`)

// f12PastEstimate answers "it never came" about the current order's
// parcel that is not delivered and whose estimate has passed: it says so,
// from track_order's result.
func (t *turn) f12PastEstimate() (agent.Message, bool) {
	if !f12NeverCameRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	if low := strings.ToLower(t.text); hypotheticalRe.MatchString(low) || f12IfRe.MatchString(low) ||
		has(low, "replac", "refund", "money back", "another one", "new one", "credit") {
		return agent.Message{}, false // "if it hasn't come by Friday, send another": its hooks
	}
	given := t.f12Given()
	cur := t.currentOrder()
	if given == nil || str(given, "order_number") != cur || (t.order != "" && t.order != cur) {
		return agent.Message{}, false
	}
	if f12LateParcel(given) == nil {
		return agent.Message{}, false
	}
	return f12Call(toolname.TrackOrder, f12ForLate, map[string]any{"order_number": cur}), true
}

// f12IfRe makes a sentence conditional: "if it still hasn't turned up".
var f12IfRe = regexp.MustCompile(`(?i)\b(?:if|in case|unless|what happens|suppose|assuming)\b`)

// f12LateParcel is r's parcel with the carrier, not delivered, whose
// estimate has passed (nil: none).
func f12LateParcel(r map[string]any) map[string]any {
	for _, p := range list(r, "parcels") {
		switch str(p, "stage") {
		case "in_transit", "out_for_delivery":
		default:
			continue
		}
		if passed, _ := p["estimate_passed"].(bool); passed && str(p, "estimated_delivery") != "" {
			return p
		}
	}
	return nil
}

// f12LateReply says a parcel not delivered is past its estimate.
func (t *turn) f12LateReply(r map[string]any) (agent.Message, bool) {
	p := f12LateParcel(r)
	if p == nil {
		return agent.Message{}, false
	}
	name := str(r, "order_number")
	carrier := orDefault(str(p, "carrier"), "The carrier")
	track := ""
	if n := str(p, "tracking_number"); n != "" {
		track = " (tracking number " + n + ")"
	}
	var b strings.Builder
	b.WriteString("I'm sorry it still hasn't come. ")
	if str(p, "stage") == "out_for_delivery" {
		fmt.Fprintf(&b, "%s took your order %s out for delivery on %s%s and hasn't marked it delivered since.", carrier, name, str(p, "last_scan"), track)
	} else {
		fmt.Fprintf(&b, "%s last scanned your order %s on %s%s and hasn't marked it delivered.", carrier, name, str(p, "last_scan"), track)
	}
	fmt.Fprintf(&b, " It was due by %s, so that estimate has passed and it's running late.", str(p, "estimated_delivery"))
	if w := str(p, "what_we_did"); w != "" {
		fmt.Fprintf(&b, " %s", w)
	}
	if u := str(p, "tracking_url"); u != "" {
		fmt.Fprintf(&b, " You can follow it here: %s", u)
	}
	b.WriteString(" If you'd like, I can pass this to a member of our team so they can chase it with the carrier.")
	return say("%s", b.String()), true
}
