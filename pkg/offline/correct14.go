package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A correction right after a proposal (correct14, issue 18's new-user
// trial of `make dev`): code lapsed or declined the proposal the
// customer did not say a plain yes to; the message says what they want
// instead of it: another remedy ("actually send a replacement instead",
// "make it a refund not a replacement", "store credit instead"), fewer
// lines ("only the kit, the mugs can stay", "keep one of the mugs, send
// back the rest"), or one line cancelled of an order only cancelled
// whole. The corrected request goes to the same tool, whose code states
// it afresh for its own yes (or says honestly what policy does not
// allow); nothing of the old proposal runs. Corrections the older hooks
// read (answered.go's "no, both mugs", an address corrected) are theirs.

// remedyRes are the words of each remedy, typos and all, in English,
// Spanish, German and French.
var remedyRes = map[string]*regexp.Regexp{
	"refund":       regexp.MustCompile(`(?i)\b(?:re?fu?n?d|refnd|refund(?:ed)?|money back|my money|reembolso|reembolsar|devolución del dinero|erstattung|rückerstattung|geld zurück|remboursement|rembourser|remboursez)\b`),
	"replacement":  regexp.MustCompile(`(?i)\b(?:repl?ac?e?ments?|replacment|replacemnt|replace(?: it| them)?|a new one|new ones?|(?:send|ship|get|give|want|need)(?: me| us)? (?:a |an )?(?:new|fresh|another)\b|send (?:it|them) again|resend|reemplazo|reemplazar|uno nuevo|una nueva|otra nueva|otro nuevo|ersatz|eine neue|einen neuen|ein neues|remplacement|remplacer|une nouvelle|un nouveau)`),
	"store_credit": regexp.MustCompile(`(?i)\b(?:store credit|store credt|shop credit|credit (?:note|instead)|as credit|in credit|crédito|guthaben|gutschrift|avoir|bon d'achat)\b`),
}

// remedyDownRe ends the words just before a remedy that turn it down:
// "not a", "no", "instead of", "rather than", "pas de", "kein", "sin".
var remedyDownRe = regexp.MustCompile(`(?i)(?:\bnot|\bno|\bnor|\binstead of|\brather than|\bdon'?t(?: want| need)?|\bdont(?: want| need)?|\bdo not(?: want| need)?|\bnever|\bno more|\bpas d[e']|\bpas un|\bpas une|\bkein(?:e|en)?|\bnicht|\bsin|\bno quiero|\bplutôt que|\bstatt|\banstatt|\ben vez de|\ben lugar de|\bau lieu d[e'])\s*(?:an?|the|any|my|un|une|le|la|el|den|die|das|einen|eine|du|des)?\s*$`)

// verbDownRe turns down a remedy said with its verb ("don't send
// another"); a bare "no" before the verb ("no send me a new one") is the
// no to what was stated, not to this.
var verbDownRe = regexp.MustCompile(`(?i)(?:\bdon'?t|\bdont|\bdo not|\bnever|\bno need to|\bnot)\s*$`)

// remedyVerbRe starts a remedy said with its verb.
var remedyVerbRe = regexp.MustCompile(`(?i)^(?:send|ship|get|give|want|need|resend)\b`)

// chosenRemedy is the one remedy text asks for and does not turn down, or
// "" for none or more than one.
func chosenRemedy(text string) string {
	low := strings.ToLower(text)
	var chosen []string
	for _, r := range []string{"store_credit", "refund", "replacement"} {
		for _, m := range remedyRes[r].FindAllStringIndex(low, -1) {
			if r == "refund" && strings.Contains(low[m[0]:m[1]], "money") && storeCreditSaid(low) {
				continue
			}
			down := remedyDownRe
			if remedyVerbRe.MatchString(low[m[0]:m[1]]) {
				down = verbDownRe
			}
			if !down.MatchString(low[max(0, m[0]-30):m[0]]) {
				chosen = append(chosen, r)
				break
			}
		}
	}
	if len(chosen) == 2 && chosen[0] == "store_credit" && chosen[1] == "refund" {
		return "store_credit" // "store credit instead of a refund": refund turned down after it
	}
	if len(chosen) != 1 {
		return ""
	}
	return chosen[0]
}

func storeCreditSaid(low string) bool { return remedyRes["store_credit"].MatchString(low) }

// askedHowRe asks about a remedy rather than choosing one: "would a
// refund be quicker?", "do i have to send the replacement back?".
var askedHowRe = regexp.MustCompile(`(?i)^\s*(?:do|does|did|is|are|how|what|when|why|would|will|could)\b`)

// correctedRe marks a message as a correction of what was just stated,
// for a question form that is one all the same ("could you make it a
// refund instead?").
var correctedRe = regexp.MustCompile(`(?i)\b(?:instead|actually|actualy|rather|make it|prefer|change it|switch|only|just|not|no)\b|en vez|en lugar|mejor|lieber|doch|statt|plutôt|finalement|seulement`)

// elsewhereRe is a message about another order or about a refund already
// made ("did the refund for my other order go through?"): no correction.
var elsewhereRe = regexp.MustCompile(`(?i)\b(?:other order|another order|my other|go(?:ne)? through|go thru|gone thru|been processed|went through)\b`)

// correct14 turns a correction of the proposal just lapsed or declined
// into the corrected request (n is the turn's tool calls so far).
// c14PartialRe asks for part of the money back.
var c14PartialRe = regexp.MustCompile(`(?i)\d+\s?%|\b(?:part|some|half|a bit|a little|portion) of (?:my|the) (?:money|payment|price|cost)\b|\bpartial(?:ly)?\b|\b(?:percent|discount)\b`)

func (t *turn) correct14(n int) (agent.Message, bool) {
	st := t.req.State
	if n > 0 || st == nil || st.Answered == nil || st.Answered.Expired || st.Answered.Reoffered || t.order != "" && t.order != t.currentOrder() {
		return agent.Message{}, false
	}
	a := st.Answered
	if a.Status != "declined" && a.Status != "lapsed" {
		return agent.Message{}, false
	}
	if askedHowRe.MatchString(t.text) && !correctedRe.MatchString(t.text) || c14PartialRe.MatchString(t.text) {
		// A share of the money ("refund me 10%", "part of my money back")
		// is no remedy the proposal could take: the shop's answer to it is
		// the other steps'.
		return agent.Message{}, false
	}
	switch a.Tool {
	case toolname.FollowUp:
		if resolutionTool(t.text) == toolname.CancelOrder || elsewhereRe.MatchString(t.text) {
			return agent.Message{}, false // another request, or about another order or a refund made
		}
		return t.lateRemedyCorrected(n)
	case toolname.ReportDamage:
		return t.damageRemedyCorrected(n, a)
	case toolname.StartReturn:
		return t.returnNarrowed(n, a)
	case toolname.CancelOrder:
		return t.cancelNarrowed(a)
	}
	return agent.Message{}, false
}

// lateRemedyCorrected asks follow_up for the remedy the customer chose
// instead of the one stated, for a late parcel now or as a promise's
// fallback, or for part of the parcel: policy decides whether it can be
// now (the tool says why not, with the promise it can make).
func (t *turn) lateRemedyCorrected(n int) (agent.Message, bool) {
	if m, ok := t.lateNarrowed(n); ok {
		return m, true
	}
	choice := chosenRemedy(t.text)
	if choice != "refund" && choice != "replacement" {
		return agent.Message{}, false
	}
	args := map[string]any{"resolution": choice}
	if name := t.currentOrder(); name != "" {
		args["order_number"] = name
	}
	return toolCall(n, toolname.FollowUp, args), true
}

// lateNarrowed asks follow_up for part of a late parcel ("only the
// board actually, i bought mugs locally"): the items named among those
// stated, with the remedy chosen or the one stated; code picks the lines
// and says what it can do.
func (t *turn) lateNarrowed(n int) (agent.Message, bool) {
	a := t.req.State.Answered
	if len(a.Items) < 2 || !onlyRe.MatchString(t.text) && !notThisRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	said := withoutNot(t.text)
	if clause := onlyClause(t.text); clause != "" {
		said = clause
	}
	var names []string
	for _, l := range a.Items {
		if len(namedItems([]string{l}, said)) > 0 {
			names = append(names, l)
		}
	}
	if len(names) == 0 || len(names) == len(a.Items) {
		return agent.Message{}, false
	}
	choice := chosenRemedy(t.text)
	if choice != "refund" && choice != "replacement" {
		choice = a.Resolution
	}
	if choice != "refund" && choice != "replacement" {
		choice = "replacement"
	}
	args := map[string]any{"resolution": choice, "items": namedItems(names, said)}
	if name := t.currentOrder(); name != "" {
		args["order_number"] = name
	}
	return toolCall(n, toolname.FollowUp, args), true
}

// damageRemedyCorrected states the damage report again with the remedy
// chosen instead of the one stated, for the same lines (or the lines the
// message names, when it names some).
func (t *turn) damageRemedyCorrected(n int, a *agent.StateAnswer) (agent.Message, bool) {
	choice := chosenRemedy(t.text)
	if choice == "" || choice == a.Resolution {
		return agent.Message{}, false
	}
	items := namedItems(t.orderLines(t.currentOrder()), withoutNot(t.text))
	if len(items) == 0 || len(namedItems(t.orderLines(t.currentOrder()), t.text)) == 0 {
		items = statedItems(a.Items)
	}
	if len(items) == 0 {
		return agent.Message{}, false
	}
	args := map[string]any{"items": items, "problem": "damaged", "resolution": choice}
	switch a.Reason {
	case "WRONG_ITEM":
		args["problem"] = "wrong_item"
	case "OTHER":
		args["problem"] = "missing"
	}
	if name := t.currentOrder(); name != "" {
		args["order_number"] = name
	}
	return toolCall(n, toolname.ReportDamage, args), true
}

// stayRe keeps something by saying it stays: "the mugs can stay", "the
// mugs stay", "i'll hang on to the mugs".
var stayRe = regexp.MustCompile(`(?i)([\p{L}\- ]{2,40}?)\s+(?:can|will|may|should)?\s*stay\b|\bhang on to\s+([\p{L}\- ]{2,40})`)

// onlyRe narrows to what follows it: "only the kit", "just the kit".
var onlyRe = regexp.MustCompile(`(?i)\b(?:only|just|solo|sólo|nur|seulement|uniquement)\b`)

// onlyClause is the words after "only" or "just" up to the end of their
// clause ("only the board actually, i bought mugs" is "the board
// actually"), or "".
func onlyClause(text string) string {
	loc := onlyRe.FindStringIndex(text)
	if loc == nil {
		return ""
	}
	rest := text[loc[1]:]
	if e := keptEndRe.FindStringIndex(rest); e != nil {
		rest = rest[:e[0]]
	}
	return rest
}

// returnNarrowed states a return again without what the customer now
// keeps: "only the kit, the mugs can stay" (the kit), "keep one of the
// mugs, send back the rest" (one mug fewer). A correction that names a
// line other than what was stated ("not the mugs, the kit") or asks for
// more is answered.go's.
func (t *turn) returnNarrowed(n int, a *agent.StateAnswer) (agent.Message, bool) {
	stated := statedItems(a.Items)
	if len(stated) == 0 {
		return agent.Message{}, false
	}
	kept, onlyNamed := t.keptOfStated(stated)
	if len(kept) == 0 {
		return agent.Message{}, false
	}
	var items, except []map[string]any
	for _, it := range stated {
		q, _ := it["quantity"].(int)
		title, _ := it["title"].(string)
		if k, ok := kept[title]; ok {
			if k <= 0 || k >= q {
				except = append(except, map[string]any{"title": title, "quantity": q})
				continue
			}
			except = append(except, map[string]any{"title": title, "quantity": k})
			q -= k
		}
		items = append(items, map[string]any{"title": title, "quantity": q})
	}
	if len(items) == 0 {
		return agent.Message{}, false
	}
	args := map[string]any{}
	switch {
	case onlyNamed:
		// "only the kit": the lines named, in the customer's words.
		args["items"] = items
	case len(stated) == len(t.orderLines(t.currentOrder())):
		// All of it but what is kept: start_return takes the kept units
		// out of every line (the agent's pickReturnLines).
		args["except"] = except
	default:
		args["items"], args["except"] = stated, except
	}
	if name := t.currentOrder(); name != "" {
		args["order_number"] = name
	}
	if a.Reason != "" && a.Reason != "UNKNOWN" {
		args["reason"] = a.Reason
	}
	if a.Resolution != "" {
		args["resolution"] = a.Resolution
	}
	if c := chosenRemedy(t.text); c == "store_credit" || c == "refund" {
		args["resolution"] = c
	}
	return toolCall(n, toolname.StartReturn, args), true
}

// keptOfStated are the stated lines (by title) the customer keeps now,
// with the units kept (0: all of them): named as kept ("keep one of the
// mugs", "the mugs can stay"), or left out of an "only the kit".
func (t *turn) keptOfStated(stated []map[string]any) (kept map[string]int, onlyNamed bool) {
	kept = map[string]int{}
	var titles []string
	for _, it := range stated {
		title, _ := it["title"].(string)
		titles = append(titles, title)
	}
	if rest := onlyClause(t.text); rest != "" {
		named := map[string]bool{}
		for _, title := range titles {
			if len(namedItems([]string{title}, rest)) > 0 {
				named[title] = true
			}
		}
		if len(named) > 0 && len(named) < len(titles) {
			for _, title := range titles {
				if !named[title] {
					kept[title] = 0
				}
			}
			return kept, true
		}
	}
	keptText := ""
	if k, _, ok := keptSplit(t.text); ok {
		keptText = k
	}
	for _, m := range stayRe.FindAllStringSubmatch(t.text, -1) {
		keptText += " " + m[1] + " " + m[2]
	}
	if keptText != "" {
		for _, title := range titles {
			if len(namedItems([]string{title}, keptText)) > 0 {
				kept[title] = unitsSaid(keptText)
			}
		}
	}
	return kept, false
}

// cancelNarrowed answers "only cancel the filters" right after a
// cancellation was stated: an order is cancelled whole, so nothing is
// proposed; the customer hears what can be done instead.
func (t *turn) cancelNarrowed(a *agent.StateAnswer) (agent.Message, bool) {
	if resolutionTool(t.text) != toolname.CancelOrder || !onlyRe.MatchString(t.text) {
		return agent.Message{}, false
	}
	lines := t.orderLines(t.currentOrder())
	var named []string
	for _, l := range lines {
		if len(namedItems([]string{l}, t.text)) > 0 {
			named = append(named, "the "+itemTitle(l))
		}
	}
	if len(named) == 0 || len(named) == len(lines) {
		return agent.Message{}, false
	}
	return say("I haven't cancelled anything. An order can only be cancelled as a whole, not item by item, so I can't cancel just %s. "+
		"I can cancel the whole order if you'd like, or once it arrives, anything you don't want can be returned. %s",
		strings.Join(named, " and "), cantPerson), true
}
