package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A return said by what the customer keeps: "return both mugs but keep
// the coffee kit", "everything except the kit", "all but the mugs", "not
// the kit, just the mugs", "keep the mugs, send back the rest", "todo
// menos la cafetera", "alles außer den Tassen", "tout sauf les tasses".
// The words naming what is kept are told apart from the rest of the
// message; start_return gets the items the rest names (or all) and the
// kept ones as except, and code takes the kept units out (the agent's
// pickReturnLines), so what is kept is never read as named.

// keptMarkRe starts the words naming what the customer keeps. A letter
// boundary of its own: Go's \b knows no "ß" or "à".
var keptMarkRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}'])(?:exc?ept(?: for)?|excepting|excluding|apart from|aside from|other than|but not|not|(?:everything|all|the lot|the whole order|the entire order|the whole lot) but|minus|without|(?:i'?ll |i will |i'?d |i would |i'?m |i am |to |can i |could i |and )?keep(?:ing)?|menos|excepto|salvo|me quedo con|quedarme con|außer|ausser|bis auf|behalte|ohne|sauf|à part|a part|excepté|hormis|je garde|garder|sans)(?:[^\p{L}]|$)`)

// keptEndRe ends the words naming what is kept: a stop, a comma, or the
// start of the rest of the request.
var keptEndRe = regexp.MustCompile(`(?i)[,.;!?]|\s(?:and|but|just|only|y|pero|solo|sólo|und|aber|nur|et|mais|seulement)\s`)

// keepNegatedRe is a keep that is not one: "I don't want to keep them".
var keepNegatedRe = regexp.MustCompile(`(?i)(?:n'?t|\bnot|\bno longer|\bnever)\b(?:\s+\S+){0,3}\s*$`)

// keptSplit is text's words naming what the customer keeps, and the rest
// of text; ok is false when text keeps nothing.
func keptSplit(text string) (kept, rest string, ok bool) {
	low := strings.ToLower(text)
	for _, loc := range keptMarkRe.FindAllStringSubmatchIndex(low, -1) {
		mark := strings.TrimSpace(strings.Trim(low[loc[0]:loc[1]], " ,.;!?"))
		if strings.HasSuffix(mark, "keep") || strings.HasSuffix(mark, "keeping") {
			if keepNegatedRe.MatchString(low[:loc[0]+1]) {
				continue
			}
		}
		if mark == "not" && !regexp.MustCompile(`^\s*(?:the|my|any of the|los?|las?|el|die|den|der|das|les?)\s`).MatchString(low[loc[1]-1:]) {
			continue // "I do not want it": no item kept
		}
		start := loc[1]
		if start > 0 && start <= len(low) && !isLetter(low[start-1]) {
			start-- // the letter boundary after the mark is the span's
		}
		end := len(text)
		if e := keptEndRe.FindStringIndex(low[start:]); e != nil {
			end = start + e[0]
		}
		return text[start:end], text[:loc[0]] + " " + text[end:], true
	}
	return "", "", false
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80 }

// keptArgs are start_return's items and except for text about the lines
// of an order: the items the rest of text names that are not kept (none:
// all of them), and the kept ones. ok is false when text keeps none of
// lines.
func keptArgs(lines []string, text string) (items, except []map[string]any, ok bool) {
	kept, rest, found := keptSplit(text)
	if !found {
		return nil, nil, false
	}
	except = namedItems(lines, kept)
	if len(except) == 0 {
		return nil, nil, false
	}
	if n := unitsSaid(kept); n > 0 && len(except) == 1 {
		except[0]["quantity"] = n
	}
	keptLine := map[string]bool{}
	for _, l := range lines {
		if len(namedItems([]string{l}, kept)) > 0 {
			keptLine[l] = true
		}
	}
	for _, l := range lines {
		if keptLine[l] {
			continue
		}
		if named := namedItems([]string{l}, rest); len(named) > 0 {
			items = append(items, named...)
		}
	}
	return items, except, true
}

// withKept sets args's items, except and all for a return said by what is
// kept of the order's lines, and reports whether text said so.
func withKept(args map[string]any, lines []string, text string) bool {
	items, except, ok := keptArgs(lines, text)
	if !ok {
		return false
	}
	delete(args, "items")
	delete(args, "all")
	if len(items) > 0 {
		args["items"] = items
	} else {
		args["all"] = true
	}
	args["except"] = except
	return true
}

// sentBackRe sends something back in any of the customer's languages.
var sentBackRe = regexp.MustCompile(`(?i)\bback\b|zurück|devolver|devuelvo|retourner|renvoyer|rendre`)

// keptReturn takes the step for a fresh request to return part of an
// order, said by what is kept, and reports whether it did: start_return
// with the kept items as except, then its answer.
func (t *turn) keptReturn(n int) (agent.Message, bool) {
	st := t.req.State
	if !t.verified || t.confirmed != nil || st == nil || st.Answered != nil || t.intent == intentPerson {
		return agent.Message{}, false
	}
	if tool := resolutionTool(t.text); tool != "" && tool != toolname.StartReturn {
		return agent.Message{}, false
	}
	if !(t.intent == intentReturn || t.intent == intentRefund || t.before(toolname.StartReturn, "asked") || sentBackRe.MatchString(t.text)) {
		return agent.Message{}, false
	}
	args := t.orderArg()
	name, _ := args["order_number"].(string)
	if name == "" {
		name = t.currentOrder()
		args["order_number"] = name
	}
	if !withKept(args, t.orderLines(name), t.text) {
		return agent.Message{}, false
	}
	if n > 0 {
		if last := t.calls[n-1]; last.name == toolname.StartReturn {
			return say("%s", t.answer(last)), true
		}
		return agent.Message{}, false
	}
	if r := returnReason(t.text); r != "" {
		args["reason"] = r
	}
	if agent.WantsCredit(t.text) {
		args["resolution"] = "store_credit"
	}
	return toolCall(n, toolname.StartReturn, args), true
}
