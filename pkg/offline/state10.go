package offline

import (
	"encoding/json"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A damage case spans turns: the customer says what arrived broken in
// one message, which remedy they want in another, corrects the item in a
// third ("no, it's the mug not the kit"), or answers a question with a
// word ("refund", "a new one please", "the 1007 one"). Each short answer
// is read against the case the conversation is on (the customer's own
// earlier messages since they reported it), never as a new request: the
// item and the unit they named stay, the remedy they chose stays, and the
// order is the one the case is about unless the answer names another.
// Every answer makes report_damage state a proposal afresh (or its
// refusal); only the customer's yes to that statement runs it.

// caseTurns is how many earlier customer messages a case is looked for in.
const caseTurns = 4

// state10ID tags the tool calls this file makes, so that the step after
// the result knows the call was its own.
const state10ID = "tooluse_state10_"

var (
	// notThisRe is a part of a correction that names what it is not:
	// "not the kit", "rather than the board".
	notThisRe = regexp.MustCompile(`(?i)(?:\bnot|\bisn'?t|\bwasn'?t|\brather than|\binstead of)\s+(?:the|my|a|an|that|this)?\s*[\p{L}\-]+(?:\s+[\p{L}\-]+)?`)
	// everyUnitRe widens the item asked about to every unit of it:
	// "both", "all of them", "the two".
	everyUnitRe = regexp.MustCompile(`(?i)\b(?:both|all of them|all (?:two|2)|the two|each of them|beide|ambas|ambos|les deux)\b`)
	// caseYesRe closes a case: the customer agreed to what was stated.
	caseYesRe = regexp.MustCompile(`(?i)^\W*(?:yes|yeah|yep|yup|sure|ok(?:ay)?|go ahead|do it|please do|sounds good|confirm(?:ed)?|ja|sí|si|oui)\b`)
)

// damageCase is the damage report the conversation is on: its opening
// message and the customer's answers since, oldest first.
type damageCase struct {
	opener string
	said   []string
}

// earlierTexts are the customer's messages before this one in the
// request's history, newest first.
func (t *turn) earlierTexts() []string {
	var out []string
	msgs := t.req.Messages
	last := -1
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == agent.RoleUser && msgs[i].Text() != "" && !strings.HasPrefix(msgs[i].Text(), "(system:") {
			last = i
			break
		}
	}
	for i := last - 1; i >= 0 && len(out) < caseTurns; i-- {
		if msgs[i].Role != agent.RoleUser || strings.HasPrefix(msgs[i].Text(), "(system:") {
			continue
		}
		for j := len(msgs[i].Blocks) - 1; j >= 0; j-- {
			if text, _ := withoutPhotoNote(msgs[i].Blocks[j].Text); strings.TrimSpace(text) != "" {
				out = append(out, text)
			}
		}
	}
	return out
}

// openDamageCase is the damage case the customer's earlier messages hold
// open: the latest one that reported damage, with only short answers
// after it (no yes, which settles it; no other request).
func (t *turn) openDamageCase() (damageCase, bool) {
	var answers []string
	for _, s := range t.earlierTexts() {
		if resolutionTool(s) == toolname.ReportDamage {
			c := damageCase{opener: s, said: []string{s}}
			for i := len(answers) - 1; i >= 0; i-- {
				c.said = append(c.said, answers[i])
			}
			return c, true
		}
		if caseYesRe.MatchString(s) || !shortAnswer(s) || resolutionTool(s) != "" {
			return damageCase{}, false
		}
		answers = append(answers, s)
	}
	return damageCase{}, false
}

// shortAnswer reports whether text reads as an answer to a question,
// not a request of its own: a few words, not asking anything.
func shortAnswer(text string) bool {
	if strings.Contains(text, "?") || len(strings.Fields(text)) > 12 {
		return false
	}
	switch classify(normalise(text)) {
	case intentPerson, intentAddress, intentStatus, intentLate, intentHowTo:
		return false
	}
	return true
}

// withoutNot is text with the things it says it is not taken out.
func withoutNot(text string) string {
	return notThisRe.ReplaceAllString(text, " ")
}

// caseChoice is the remedy the case's messages chose, the newest first:
// in so many words, or a short pick of one.
func caseChoice(said []string) string {
	for i := len(said) - 1; i >= 0; i-- {
		if c := damageChoice(said[i]); c != "" {
			return c
		}
		if c := damageChoice(normalise(said[i])); c != "" && language(said[i]) != "" {
			return c
		}
		if i > 0 && shortAnswer(said[i]) {
			if c := pickedOption(said[i]); c != "" {
				return c
			}
		}
	}
	return ""
}

// state10 takes the step for a short answer within an open damage case,
// or an order named in answer to a refusal or question about the
// previous request, and reports whether it did.
func (t *turn) state10(n int) (agent.Message, bool) {
	if !t.verified || t.confirmed != nil || t.other != "" {
		return agent.Message{}, false
	}
	if n > 0 {
		last := t.calls[n-1]
		if !strings.HasPrefix(last.id, state10ID) {
			return agent.Message{}, false
		}
		return say("%s", t.answer(last)), true
	}
	// A correction ("it's the B that's broken, not the A") may name the
	// damage again: it answers still.
	correction := notThisRe.MatchString(t.text) && len(namedItems(t.orderLines(t.currentOrder()), withoutNot(t.text))) > 0
	if !shortAnswer(t.text) || (resolutionTool(t.text) != "" && !correction) ||
		(agent.Negative(t.text) && !hasChoiceOrItem(t) && t.ownNamedOrder() == "") {
		return agent.Message{}, false
	}
	if args, ok := t.damageAnswer(); ok {
		return state10Call(toolname.ReportDamage, args), true
	}
	if tool, args, ok := t.orderAnswer(); ok {
		return state10Call(tool, args), true
	}
	return agent.Message{}, false
}

// hasChoiceOrItem reports whether a message that says no ("no, refund
// instead", "no wait, the mug") still picks a remedy or names an item.
func hasChoiceOrItem(t *turn) bool {
	return damageChoice(t.text) != "" || pickedOption(t.text) != "" || len(namedItems(t.orderLines(t.currentOrder()), withoutNot(t.text))) > 0
}

// damageAnswer is report_damage's input for this message as an answer
// within the open damage case: the items it names (or the case's), the
// remedy it picks (or the case's), on the order it names (or the
// case's).
func (t *turn) damageAnswer() (map[string]any, bool) {
	c, ok := t.openDamageCase()
	if !ok {
		return nil, false
	}
	sub := *t
	sub.text, sub.prevText, sub.order = c.opener, "", ""
	if m := orderRe.FindStringSubmatch(c.opener); m != nil {
		sub.order = "#" + m[1]
	}
	args := sub.resolutionArgs(toolname.ReportDamage)
	name, _ := args["order_number"].(string)
	answered := t.ownNamedOrder()
	if answered != "" && answered != name {
		name = answered // "the 1007 one"
		args["order_number"] = name
	}
	if name == "" {
		name = t.currentOrder()
		// A replacement tracked since the report (flow12.go) is the
		// current order, unlisted: the case is the original's still.
		if orig := strings.TrimSuffix(name, "-R"); orig != name && len(t.orderLines(name)) == 0 && len(t.orderLines(orig)) > 0 {
			name = orig
			args["order_number"] = name
		}
	}
	lines := t.orderLines(name)
	own := withoutNot(t.text)
	items := namedItems(lines, own)
	choice := damageChoice(t.text)
	if choice == "" {
		choice = pickedOption(t.text)
	}
	named := answered != "" && answered == name && onlyNames(t.text)
	widen := len(items) == 0 && everyUnitRe.MatchString(own)
	if len(items) == 0 && choice == "" && !named && !widen {
		return nil, false // nothing this case asked for
	}
	if len(items) == 0 {
		// The items the case named last: an answer to "which one?", else
		// the report itself; "both" said since widens them to every unit.
		for i := len(c.said) - 1; i >= 0; i-- {
			if items = namedItems(lines, withoutNot(c.said[i])); len(items) > 0 {
				break
			}
			widen = widen || everyUnitRe.MatchString(withoutNot(c.said[i]))
		}
	}
	if widen {
		for _, it := range items {
			if title, _ := it["title"].(string); !strings.HasPrefix(title, "both ") {
				it["title"] = "both " + title
			}
			delete(it, "quantity")
		}
	}
	if items == nil {
		items = []map[string]any{}
	}
	args["items"] = items
	if choice == "" {
		choice = caseChoice(c.said)
	}
	if choice != "" {
		args["resolution"] = choice
	} else {
		delete(args, "resolution")
	}
	return args, true
}

// orderNumRe is a number an order may be named by, with or without "#".
var orderNumRe = regexp.MustCompile(`(?:^|[^\p{L}\d.,/-])#?\s?(\d{3,9})(?:$|[^\p{L}\d.,/-])`)

// ownNamedOrder is the one verified customer's order this message names
// by its number, "#" or not ("the 1007 one"), or "".
func (t *turn) ownNamedOrder() string {
	st := t.req.State
	if st == nil {
		return ""
	}
	found := ""
	for _, m := range orderNumRe.FindAllStringSubmatch(t.text, -1) {
		for _, o := range st.Orders {
			if strings.TrimPrefix(o.Name, "#") == m[1] {
				if found != "" && found != o.Name {
					return ""
				}
				found = o.Name
			}
		}
	}
	return found
}

// orderAnswer is the previous request made again on the order this
// message names ("the 1001 one" after "can I cancel?" was refused on the
// current order): the customer's previous message asked for a write, and
// this one only names another of their orders.
func (t *turn) orderAnswer() (string, map[string]any, bool) {
	named := t.ownNamedOrder()
	if named == "" || !onlyNames(t.text) || t.prevText == "" {
		return "", nil, false
	}
	if m := orderRe.FindStringSubmatch(t.prevText); m != nil && "#"+m[1] == named {
		return "", nil, false // the same order again: not an answer naming another
	}
	tool := resolutionTool(t.prevText)
	switch tool {
	case toolname.CancelOrder, toolname.ReportNotReceived:
	default:
		return "", nil, false
	}
	sub := *t
	sub.text, sub.prevText = t.prevText, ""
	args := sub.resolutionArgs(tool)
	args["order_number"] = named
	return tool, args, true
}

// state10Call is a tool call tagged as this file's.
func state10Call(name string, input map[string]any) agent.Message {
	raw, _ := json.Marshal(input)
	return agent.Message{Role: agent.RoleAssistant, Blocks: []agent.Block{{ToolUse: &agent.ToolUse{ID: state10ID + name, Name: name, Input: raw}}}}
}

// unitRefRe names one unit of a line by its place, not a count: "mug #2",
// "mug no. 2", "cup number 1".
var unitRefRe = regexp.MustCompile(`(?i)#\s?\d{1,2}\b|\b(?:nr|no|num|number)\.?\s*\d{1,2}\b`)

// withoutUnitRefs is text with its unit references taken out, so that
// "mug #2 has a crack" counts no two units.
func withoutUnitRefs(text string) string {
	return unitRefRe.ReplaceAllString(text, " ")
}
