// Package offline is a deterministic model for make dev and tests. It speaks
// the agent's tool-call protocol like a real model: it reads the prompt and
// the customer's words, asks for tools, and writes its answer from their
// results. It understands order status, late parcels, returns, address
// changes, refund status, requests for a person, greetings and thanks, picks
// out order numbers and emails, and says plainly when it cannot help.
package offline

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Model is the offline model.
type Model struct{}

var _ agent.Model = Model{}

var (
	orderRe   = regexp.MustCompile(`(?i)(?:#\s?|\border\s*(?:number|no\.?|num|nr\.?)?\s*(?:(?:is|was|:|=)\s*)?#?\s*)(\d{3,9})\b`)
	bareNumRe = regexp.MustCompile(`\b(\d{4})\b`)
	// stateZipRe is the end of a US-style address: ", IL 6270".
	stateZipRe = regexp.MustCompile(`,\s*[A-Z]{2}\s+\d{3,}`)
	emailRe    = regexp.MustCompile(`(?i)[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}`)
	shopRe     = regexp.MustCompile(`You are (.+?)'s support assistant`)
	// confirmedRe and declinedRe read what code did with the customer's
	// answer to the last proposal (agent.session.answerContext).
	confirmedRe = regexp.MustCompile(`confirmed your proposal \(tool (\w+)\), and code handled it\. Outcome: (\{.*\})\. Tell them`)
	declinedRe  = regexp.MustCompile(`declined your proposal \(tool (\w+)\)`)
	ctxOrderRe  = regexp.MustCompile(`(?m)^- (#\d+) placed`)
	stateRe     = regexp.MustCompile(`(?i)^(.*?)[,\s]+([A-Z]{2})\s+(\d{5}(?:-\d{4})?)\s*$`)
)

// howToRe is a product question: how to use, set up or look after
// something, or whether it fits or works with something.
var howToRe = regexp.MustCompile(`\b(?:how (?:do|should|can|often|long should) (?:i|you|we)|how to|can i|can you (?:put|use|wash|microwave)|is it safe|safe to|safe (?:around|for|with|near) (?:pets|dogs|cats|kids|children|babies)|does (?:it|this|the \w+(?: \w+)?) (?:work|fit)|works? (?:with|on)|compatible|what size|which size|instructions?|manual|set ?up|clean|wash|care|dishwasher|microwave|oven)\b`)

// productQuestionRe is a yes/no question about a thing ("does the candle
// come in a box?", "is the mug lead free?"): a product question when it
// says nothing about an order.
var productQuestionRe = regexp.MustCompile(`^\s*(?:does|do|is|are|will|can|should) (?:the|it|they|this|these|your|my)\b`)

// statusRe asks where an order is in other words: its shipment, an
// update, when to expect it, whether it has left, who carries it.
var statusRe = regexp.MustCompile(`\b(?:(?:shipping|delivery|courier|parcel|postal) (?:company|firm|service|provider|partner)|who(?:'s| is| will be) (?:delivering|bringing|shipping|carrying)|shipments?|dispatch(?:ed)?|update on|any updates?|expect (?:it|them|my|the|delivery)|(?:leave|left) (?:the )?(?:warehouse|depot|building|facility)|warehouse|carrier|courier|on (?:its|the) way|sent (?:it |them )?(?:out|yet)|posted|mailed|in transit|out for delivery|when (?:can|will|should|do|would|might) (?:i|we) (?:get|have|receive|see|expect|count on|be getting|be having) (?:it|them|this|that|my (?:order|package|parcel|stuff|things))|count on (?:it|them|having it|getting it))\b`)

// arriveAskRe asks when the customer's things reach them: "how long till
// my stuff gets here", "when does it reach me", "is it arriving today". About an order, not the
// shipping policy.
var arriveAskRe = regexp.MustCompile(`\b(?:(?:is|are|will|would|should|could|might) (?:it|they|this|that|these|those|(?:my|the) (?:stuff|things|order|package|parcel|items?|delivery|purchase)) (?:be )?(?:arriv(?:e|es|ing)|com(?:e|es|ing)|deliver(?:ed|ing)?|here|get(?:ting)? here|show(?:ing)? up|turn(?:ing)? up) (?:today|tomorrow|tonight|this (?:week|weekend|morning|afternoon|evening)|on time|soon|by)|(?:gets?|getting|arrives?|comes?|shows? up|turns? up|reach(?:es)?) (?:here|to me|me|my (?:door|house|place|home))|how long (?:till|until|before|til) (?:(?:my|the) (?:stuff|things|order|package|parcel|items?|delivery|purchase)|it|they) (?:gets?|arrives?|comes?|shows? up|turns? up|reach(?:es)?|is here|are here))\b`)

// lateRe is a parcel that is late, stalled or lost in other words: "still
// hasn't moved", "it's been ages", "can you keep an eye on it", "what
// happens if it's not here by Friday".
var lateRe = regexp.MustCompile(`\b(?:still (?:hasn'?t|haven'?t|hasnt|havent|not|no sign)|(?:hasn'?t|haven'?t|hasnt|havent|has not|have not|not) (?:moved|come|came|arrived|shown up|turned up|updated|budged)|taking (?:forever|ages|so long|too long)|been ages|for ages|keep an eye|not (?:here|there|arrived) by|(?:isn'?t|is not|aren'?t|are not|not) (?:here|there) yet|promise me|gone missing)\b`)

// whenAskRe asks for an order's dates or whereabouts.
var whenAskRe = regexp.MustCompile(`\b(?:when (?:did|was|were|will|does|do|is|should)|what (?:day|date)|ha(?:s|ve) (?:it|they) (?:shipped|arrived|been delivered)|where(?:'s| is| are)|tracking)\b`)

type intent int

const (
	intentNone intent = iota
	intentGreeting
	intentThanks
	intentPerson
	intentReturn
	intentAddress
	intentRefund
	intentLate
	intentStatus
	intentHowTo
)

func has(text string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// exceptionRe asks for an exception to the rules ("make an exception for
// the lamp", "just this once"): after an order has arrived, what the rules
// stand in the way of is a return, and the return tool says whether policy
// allows it.
var exceptionRe = regexp.MustCompile(`(?i)\b(?:make an? (?:one[- ]time |small |little )?exception|an exception for|bend the rules?|just this once|let it slide|overlook the (?:window|deadline|policy))\b`)

// buyingRe asks whether the shop sells something ("do you sell gift
// cards?", "can I buy a voucher?"): a question for the guides, not a wish
// for credit.
var buyingRe = regexp.MustCompile(`\b(?:do|does|did) (?:you|u|ya|the shop|the store|your shop|your store) (?:sell|offer|have|do|stock|carry|make)\b|\b(?:can|could|may) (?:i|we|you|u) (?:buy|purchase|order|get) (?:an?|some|one|your)\b`)

// personNounRe is a person asked for after normalise() has put the
// customer's word for one ("Mitarbeiter", "Kundendienst") as "person":
// "ja bitte, einen Mitarbeiter", "mit einem Mitarbeiter sprechen".
var personNounRe = regexp.MustCompile(`(?:^|\s)(?:einen|einem|eine|einer|den|dem|mit|una|un|une|avec|con)\s+person\b`)

// thanksWordRe is a thank-you in the customer's words: "thx", "ty",
// "merci", "gracias", "danke".
var thanksWordRe = regexp.MustCompile(`\b(?:thx|thnx|thanx|thanku|ty|tysm|merci|gracias|danke\w*|vielen dank)\b`)

func classify(text string) intent {
	t := strings.ToLower(text)
	switch {
	case has(t, "human", "a person", "real person", "representative", "someone real", "talk to someone", "speak to someone",
		"speak to a", "talk to a", "manager", "agent please", "live agent", "customer service rep",
		"get me someone", "get someone", "transfer me", "put me through", "connect me to",
		"mitarbeiter", "einem menschen", "mit jemandem", "quelqu'un", "un humain", "une personne", "un conseiller",
		"una persona", "un humano", "un agente", "alguien"), personNounRe.MatchString(t):
		if agent.MentionsPersonOnly(t) {
			return intentNone // "quicker than a real person": no one asked for
		}
		return intentPerson
	case has(t, "return", "send it back", "send them back", "send this back", "exchange", "broken", "damaged", "doesn't fit", "does not fit",
		"devolver", "devolución", "zurückgeben", "zurückschicken", "zurücksenden", "rücksendung", "retourner", "renvoyer", "retour"),
		agent.WantsCredit(t) && !buyingRe.MatchString(t), exceptionRe.MatchString(t):
		return intentReturn
	case has(t, "address", "ship it to", "ship to", "deliver it to", "moved house", "wrong street", "somewhere else", "elsewhere", "redirect", "different place"):
		return intentAddress
	case has(t, "refund", "my money", "money back", "reembolso", "erstattung", "remboursement"):
		return intentRefund
	case has(t, "late", "delayed", "delay", "hasn't arrived", "has not arrived", "not arrived", "never arrived", "still waiting", "still not", "stuck", "taking so long", "taking forever", "where the heck", "lost"),
		lateRe.MatchString(t):
		return intentLate
	case arriveAskRe.MatchString(t) && !has(t, "late", "delayed", "still"):
		// "is it arriving today?", "is it coming today?": the order,
		// not the guides.
		return intentStatus
	case howToRe.MatchString(t) && !has(t, "my order", "track", "where is", "where's", "#", "my package", "my parcel", "status") && !statusRe.MatchString(t),
		productQuestionRe.MatchString(t) && !has(t, "order", "track", "where", "#", "package", "parcel", "status", "ship", "deliver", "arriv") && !statusRe.MatchString(t):
		return intentHowTo
	case has(t, "where", "status", "track", "shipped", "ship ", "arrive", "when will", "deliver", "eta", "package", "parcel", "order", "#",
		"coming today", "coming tomorrow", "it coming", "get here", "be here"), statusRe.MatchString(t), arriveAskRe.MatchString(t),
		statusAskRe.MatchString(t):
		return intentStatus
	case has(t, "thank", "cheers", "appreciate", "great, that's all", "that's all"), thanksWordRe.MatchString(t):
		return intentThanks
	case regexp.MustCompile(`(?i)^\s*(hi|hello|hey|good (morning|afternoon|evening)|howdy)\b`).MatchString(t):
		return intentGreeting
	}
	return intentNone
}

// turn is what the model can see of the current turn.
type turn struct {
	req      agent.Request
	text     string // the customer's message
	intent   intent
	order    string // an order number the customer named, "#1001"
	email    string
	verified bool
	// confirmed is the proposal the customer's message confirmed, with
	// what code did; declined is set when they turned it down.
	confirmed *call
	declined  bool
	// other is what the customer's yes asked for that the proposal it
	// answered does not do (agent.AsksOther): it confirmed nothing.
	other string
	// expired: the proposal answered had lapsed for its age; reoffered:
	// code stated it afresh for a new yes (the reply carries it).
	expired, reoffered bool
	lastBot            string // the agent's previous reply
	// photos is "photo" or "photos" when the customer's message came with
	// any (a conversation.PhotoNote, taken out of text).
	photos   string
	prevText string // the customer's previous message
	calls    []call // tool calls made so far this turn, with results
	shop     string
	// rewritten: text is the canonical form of the customer's answer
	// (follow7.go), read once.
	rewritten bool
	inPart    bool // a part of a message of several, answered on its own (parts.go)
	// heldAsk is a question said beside the customer's choice of remedy
	// ("replacement please, and do i have to be home to sign?"): the
	// choice is read alone, the question answered honestly after it
	// (remedy_aside.go).
	heldAsk string
	// v15Skip: the variant step stands aside for this planning (variant15.go).
	v15Skip bool
}

type call struct {
	id     string // the tool use's ID: parts.go tags each with its part
	name   string
	input  map[string]any
	result map[string]any
	isErr  bool
}

// Converse answers one request.
func (Model) Converse(_ context.Context, req agent.Request) (agent.Response, error) {
	t := read(req)
	var msg agent.Message
	switch {
	case t.photos != "" && strings.TrimSpace(t.text) == "" && len(t.calls) == 0:
		// A photo and nothing else: say it came.
		msg = say("%s", photoThanks(t.photos, true))
	default:
		msg = t.withLanguageNote(t.withHeldAsk(t.besideProposal(t.onlyOffered(t.arbitrate(t.plan())))))
		if t.photos != "" && !hasToolUse(msg) {
			msg = say("%s %s", photoThanks(t.photos, false), msg.Text())
		}
	}
	// No usage: the offline model has no tokenizer, and invented figures
	// would pass for measured ones.
	return agent.Response{Message: msg, StopReason: stopFor(msg)}, nil
}

func stopFor(m agent.Message) agent.StopReason {
	for _, b := range m.Blocks {
		if b.ToolUse != nil {
			return agent.StopToolUse
		}
	}
	return agent.StopEndTurn
}

func read(req agent.Request) *turn {
	t := &turn{req: req}
	if !t.fromState() {
		// No State (a caller that builds requests by hand): read the
		// prompt's text.
		// Over the Converse wire the per-conversation context may arrive
		// as part of the system text: read both.
		prose := req.System + "\n" + req.Context
		t.verified = strings.Contains(prose, "The customer is verified.")
		if m := shopRe.FindStringSubmatch(req.System); m != nil {
			t.shop = m[1]
		}
		if m := confirmedRe.FindStringSubmatch(prose); m != nil {
			c := &call{name: m[1]}
			if json.Unmarshal([]byte(m[2]), &c.result) == nil {
				t.confirmed = c
			}
		}
		t.declined = declinedRe.MatchString(prose)
	}
	// The customer's message is the last user message with text; what
	// follows it are this turn's tool calls and results.
	start := -1
	for i := len(req.Messages) - 1; i >= 0; i-- {
		m := req.Messages[i]
		if m.Role == agent.RoleUser && m.Text() != "" && !strings.HasPrefix(m.Text(), "(system:") {
			start = i
			break
		}
	}
	if start >= 0 {
		t.text, t.photos = withoutPhotoNote(req.Messages[start].Text())
		t.prevText = previousCustomerText(req.Messages, start)
		for i := start - 1; i >= 0; i-- {
			if req.Messages[i].Role == agent.RoleAssistant {
				t.lastBot = req.Messages[i].Text()
				break
			}
		}
		// By index: a step of several calls grows t.calls past a pointer.
		byID := map[string]int{}
		for _, m := range req.Messages[start+1:] {
			for _, b := range m.Blocks {
				if u := b.ToolUse; u != nil {
					c := call{id: u.ID, name: u.Name}
					_ = json.Unmarshal(u.Input, &c.input)
					t.calls = append(t.calls, c)
					byID[u.ID] = len(t.calls) - 1
				}
				if r := b.ToolResult; r != nil {
					if i, ok := byID[r.ToolUseID]; ok {
						c := &t.calls[i]
						_ = json.Unmarshal(r.Content, &c.result)
						c.isErr = r.IsError
					}
				}
			}
		}
	}
	t.text = t.itemSpelling(strings.TrimSpace(injectedRe.ReplaceAllString(t.text, " ")))
	if rest := withoutGreeting(t.text); rest != t.text && (classify(normalise(rest)) != intentNone || contentWords(normalise(rest)) >= 2) {
		t.text = rest // "hi, is the board ok for raw meat?" asks about the board
	}
	t.intent = classify(normalise(t.text))
	if m := orderRe.FindStringSubmatch(t.text); m != nil {
		t.order = "#" + m[1]
	} else if m := bareNumRe.FindStringSubmatch(t.text); m != nil && (len(t.text) < 60 || emailRe.MatchString(t.text)) && t.intent != intentAddress && !stateZipRe.MatchString(t.text) && newAddress(t.text) == nil {
		// A bare number is an order number, but not the ZIP code of an
		// address ("…, IL 6270" is a ZIP with a digit missing).
		t.order = "#" + m[1]
	}
	t.email = emailRe.FindString(t.text)
	t.carryIntent()
	t.alsoSameWrite()
	// A message that only answers "which order, which email?" carries on
	// with what the customer asked before.
	if t.intent == intentNone || (t.intent == intentStatus && t.email != "" && len(t.text) < 80) {
		if prev := previousCustomerText(req.Messages, start); prev != "" && (t.intent != intentNone || onlyNames(t.text)) {
			if pi := classify(normalise(prev)); pi != intentNone && pi != intentGreeting && pi != intentThanks && (t.email != "" || t.order != "") {
				t.intent = pi
				if t.order == "" {
					if m := orderRe.FindStringSubmatch(prev); m != nil {
						t.order = "#" + m[1]
					}
				}
			}
		}
	}
	t.unstick() // sticky9.go
	return t
}

// onlyNames reports whether text is little more than an order number or
// an email (at most four other words: "it's #1004", "order 1004, ada@x.com"):
// an answer to "which order?", not a question of its own ("is there a new
// estimate for 1004?", after a person resolved the last request).
func onlyNames(text string) bool {
	rest := emailRe.ReplaceAllString(orderRe.ReplaceAllString(text, " "), " ")
	rest = bareNumRe.ReplaceAllString(rest, " ")
	return len(strings.Fields(rest)) <= 4
}

func previousCustomerText(msgs []agent.Message, before int) string {
	for i := before - 1; i >= 0; i-- {
		if msgs[i].Role == agent.RoleUser && msgs[i].Text() != "" && !strings.HasPrefix(msgs[i].Text(), "(system:") {
			text, _ := withoutPhotoNote(msgs[i].Text())
			if strings.TrimSpace(text) == "" {
				continue // photos alone: the words before them say what they are about
			}
			return text
		}
	}
	return ""
}

func toolCall(n int, name string, input map[string]any) agent.Message {
	raw, _ := json.Marshal(input)
	return agent.Message{Role: agent.RoleAssistant, Blocks: []agent.Block{{ToolUse: &agent.ToolUse{ID: fmt.Sprintf("tooluse_%d_%s", n, name), Name: name, Input: raw}}}}
}

func say(format string, a ...any) agent.Message {
	return agent.Message{Role: agent.RoleAssistant, Blocks: []agent.Block{{Text: fmt.Sprintf(format, a...)}}}
}

func (t *turn) called(name string) *call {
	for i := len(t.calls) - 1; i >= 0; i-- {
		if t.calls[i].name == name {
			return &t.calls[i]
		}
	}
	return nil
}

// orderArg is the order the customer means: the one they named, else the
// one under discussion, else none (the tools take the latest).
func (t *turn) orderArg() map[string]any {
	if t.order != "" {
		return map[string]any{"order_number": t.order}
	}
	if name := t.orderWithItem(); name != "" {
		return map[string]any{"order_number": name}
	}
	if name := t.otherOrder(); name != "" {
		return map[string]any{"order_number": name}
	}
	for _, m := range orderRe.FindAllStringSubmatch(t.lastBot, -1) {
		return map[string]any{"order_number": "#" + m[1]}
	}
	return map[string]any{}
}

// orderWithItem is the one order of the customer's that holds an item
// this message names ("where's my skillet?"), when the current order does
// not: "" when none or several do.
func (t *turn) orderWithItem() string {
	st := t.req.State
	if st == nil || len(st.Orders) < 2 {
		return ""
	}
	return t.soleOrderNaming(stateCurrentOrder(st), namesItem)
}

// soleOrderNaming is the one order of the customer's whose items names
// finds in the message, when cur (the order under discussion) has none
// the message names: "" when none or several do.
func (t *turn) soleOrderNaming(cur string, names func(items []string, text string) bool) string {
	st := t.req.State
	if namesItem(stateOrderLines(st, cur), t.text) {
		return ""
	}
	found := ""
	for _, o := range st.Orders {
		if !names(stateOrderLines(st, o.Name), t.text) {
			continue
		}
		if found != "" {
			return ""
		}
		found = o.Name
	}
	return found
}

// namesItem reports whether text names one of the items by its noun, the
// last word of its title ("skillet" for "Cast-Iron Skillet"), typos and
// plurals allowed.
func namesItem(items []string, text string) bool {
	if namesItemIn(items, text) {
		return true
	}
	translated := agent.WithProductNouns(text)
	return translated != text && namesItemIn(items, translated)
}

func namesItemIn(items []string, text string) bool {
	said := words(text)
	for _, it := range items {
		tw := words(itemTitle(it))
		if len(tw) == 0 {
			continue
		}
		head := stemWord(tw[len(tw)-1])
		for _, w := range said {
			if near(head, stemWord(w)) {
				return true
			}
		}
	}
	return false
}

func (t *turn) decide() agent.Message {
	n := len(t.calls)
	// 1. After tool results: answer from them, or take the next step.
	if n > 0 {
		last := t.calls[n-1]
		if last.name == toolname.VerifyCustomer && !last.isErr && n < 3 {
			if next := t.afterVerify(); next != nil {
				return toolCall(n, next.name, next.input)
			}
		}
		if next := t.followUpNext(last); next != nil {
			return toolCall(n, next.name, next.input)
		}
		if track := t.called(toolname.TrackOrder); last.name == toolname.StartReturn && track != nil && !track.isErr && (whenAskRe.MatchString(strings.ToLower(t.text)) || t.asksStatusToo()) {
			// "When did it arrive, and can I send the mug back?": the
			// order's dates first, then the return.
			return say("%s\n\n%s", t.answer(*track), t.answer(last))
		}
		return say("%s", t.answer(last))
	}
	// 2. The customer answered a proposal: code has confirmed (and run)
	// or declined it; say what happened.
	if t.confirmed != nil {
		return say("%s", t.answer(*t.confirmed))
	}
	if t.declined && (t.intent == intentNone || t.intent == intentThanks) {
		return say("No problem, I won't make that change. Is there anything else I can help with?")
	}
	// A yes to a proposal stated too long ago: nothing ran.
	if t.expired && agent.Affirmative(t.text) {
		if t.reoffered {
			return say("I'm sorry, that offer was made more than a day ago, so it has lapsed and I haven't done anything yet. Here it is again, checked against your order as it is now:")
		}
		return say("I'm sorry, that offer was made more than a day ago, so it has lapsed and I haven't done anything. Could you tell me again what you'd like?")
	}
	// A yes with a question that did not confirm it: code stated the
	// proposal again; its statement says what happens and when.
	if t.reoffered && !t.expired && agent.YesWithQuestion(t.text) {
		return say("I haven't started anything yet. Here's exactly what I'd do, with when you'd get what's due:")
	}
	// A yes that asked for something the proposal did not do, and no
	// other request to act on: nothing ran; say so and ask.
	if t.other != "" && (t.intent == intentNone || t.intent == intentThanks || t.intent == intentPerson || strings.HasPrefix(t.other, "only part")) {
		return say("I haven't done anything yet: what I offered doesn't match what you asked for (%s), so I didn't go ahead with it. Could you tell me exactly what you'd like? A member of our team can also help if you'd like.", t.other)
	}
	// A yes and nothing else ("ja, und wann kommt es?" asks on).
	bareYes := agent.Affirmative(t.text) && (t.intent == intentNone || t.intent == intentThanks || t.intent == intentPerson)
	if bareYes && (offeredPerson(t.lastBot) || t.intent == intentPerson) {
		// "yes get me a person": the yes is to the person it names, offered
		// in this reply or one before.
		return toolCall(n, toolname.Handover, map[string]any{"reason": "customer accepted the offer of a person"})
	}
	if bareYes && len(t.text) < 30 && t.intent != intentThanks && !openAskRe.MatchString(strings.ToLower(t.text)) && !strings.Contains(t.text, "?") {
		// A thank-you ("ok thx") closes, and "ok whats in it" asks: neither
		// is a yes to a proposal nobody made.
		return say("I'm not sure what you'd like me to go ahead with: nothing is waiting for your yes right now. What can I help with?")
	}
	// 3. A new message.
	if !t.verified && t.order != "" && t.email != "" {
		return toolCall(n, toolname.VerifyCustomer, map[string]any{"order_number": t.order, "email": t.email})
	}
	if t.intent == intentPerson {
		// Asked for a person in so many words: that wins over what the
		// rest of the message would have the agent do itself.
		return toolCall(n, toolname.Handover, map[string]any{"reason": "customer asked for a person"})
	}
	if m, ok := t.thankYouCode(); ok {
		return m
	}
	if m, ok := t.lateResolution(n); ok {
		return m
	}
	if m, ok := t.resolution(n); ok {
		return m
	}
	if strings.Contains(t.lastBot, "full new address") && t.intent != intentPerson {
		return toolCall(n, toolname.ChangeAddress, t.addressArgs())
	}
	switch t.intent {
	case intentHowTo:
		return toolCall(n, toolname.SearchDocs, map[string]any{"query": t.text})
	case intentGreeting:
		return say("Hi there! I'm the %s assistant. I can check on an order, look into a late parcel, start a return, change a delivery address before it ships, or check on a refund. What can I help with?", t.shopName())
	case intentThanks:
		return say("You're very welcome! If anything else comes up with your order, just message me here.")
	case intentPerson:
		return toolCall(n, toolname.Handover, map[string]any{"reason": "customer asked for a person"})
	}
	if t.intent == intentNone {
		if t.order != "" && t.verified {
			return toolCall(n, toolname.TrackOrder, t.orderArg())
		}
		// Perhaps the product guides or the FAQ answer it.
		return toolCall(n, toolname.SearchDocs, map[string]any{"query": t.text})
	}
	if !t.verified {
		return say("%s", t.askToVerify())
	}
	switch t.intent {
	case intentReturn:
		return toolCall(n, toolname.StartReturn, t.returnArgs())
	case intentAddress:
		return toolCall(n, toolname.ChangeAddress, t.addressArgs())
	case intentRefund:
		return toolCall(n, toolname.RefundStatus, t.orderArg())
	}
	return toolCall(n, toolname.TrackOrder, t.orderArg())
}

// afterVerify is the step after a successful verification: what the
// customer came for.
func (t *turn) afterVerify() *call {
	if c := t.resolutionAfterVerify(); c != nil {
		return c
	}
	args := t.orderArg()
	switch t.intent {
	case intentReturn:
		return &call{name: toolname.StartReturn, input: t.returnArgs()}
	case intentAddress:
		return &call{name: toolname.ChangeAddress, input: t.addressArgs()}
	case intentRefund:
		return &call{name: toolname.RefundStatus, input: args}
	case intentPerson:
		return &call{name: toolname.Handover, input: map[string]any{"reason": "customer asked for a person"}}
	}
	return &call{name: toolname.TrackOrder, input: args}
}

func (t *turn) shopName() string {
	if t.shop == "" {
		return "store's"
	}
	return t.shop
}

func (t *turn) askToVerify() string {
	lead := "I can help with that."
	switch t.intent {
	case intentLate:
		lead = "I'm sorry your order is taking a while. Let me look into it."
	case intentReturn:
		lead = "I can help you with a return."
	case intentAddress:
		lead = "I can check whether the address can still be changed."
	}
	switch {
	case t.order != "" && t.email == "":
		return fmt.Sprintf("%s To keep your details safe, could you tell me the email address you used for order %s?", lead, t.order)
	case t.order == "" && t.email != "":
		return lead + " Could you also give me your order number? It's in your confirmation email and starts with #."
	}
	return lead + " First, could you give me your order number (it starts with #) and the email address you used at checkout? That way I know it's really you."
}

// offeredPerson reports whether the agent's last reply offered a person.
func offeredPerson(reply string) bool {
	r := strings.ToLower(strings.ReplaceAll(reply, englishOnly, ""))
	if has(r, "pass this to a member", "pass you to a member", "pass it to a member", "get our team to", "pass this to our team") {
		return true
	}
	// "… and a member of our team can help too if you'd like."
	return has(r, "member of our team", "our team", "a person") && has(r, "if you'd like", "would you like", "shall i", "want me to") &&
		!has(r, "i've passed", "i have passed")
}

// returnArgs names the order, the reason, and the items the customer
// named, in their own words: for each of the order's lines (from the
// prompt's context) the words of the message that fit it; a line whose
// words are fewer than another's (the Sea Glass mug when they said
// "charcoal mug") is not meant. When this message names no item, the
// previous one may ("can I get store credit instead?").
func (t *turn) returnArgs() map[string]any {
	args := t.orderArg()
	if r := returnReason(t.text); r != "" {
		args["reason"] = r
	}
	if agent.WantsCredit(t.text) || agent.WantsCredit(normalise(t.text)) {
		args["resolution"] = "store_credit"
	}
	if wantsAll(t.text) {
		args["all"] = true
		return args
	}
	name, _ := args["order_number"].(string)
	if name == "" {
		name = t.currentOrder()
	}
	lines := t.orderLines(name)
	if withKept(args, lines, t.text) {
		return args
	}
	items := namedItems(lines, t.text)
	if len(items) == 0 {
		items = t.offeredItems(lines)
	}
	if st := t.req.State; len(items) == 0 && st != nil && st.Answered != nil && st.Answered.Tool == toolname.StartReturn && len(st.Answered.Items) > 0 {
		// The return just stated, when this message names no item ("could
		// i get store credit instead of a refund?" after "both of them":
		// a second trial asked which items, three times).
		items = statedItems(st.Answered.Items)
	}
	if len(items) == 0 {
		items = namedItems(lines, t.prevText)
	}
	if len(items) > 0 {
		args["items"] = items
	}
	return args
}

// offeredRe is the units an exchange refusal offered a return of: "so I
// can't exchange 1 × Harbor Stoneware Mug (Sea Glass / 12 oz) for it".
var offeredRe = regexp.MustCompile(`I can't (?:exchange|swap) (\d+) × (.+?) for it`)

// offeredItems are the lines of the return the previous reply offered
// instead of an exchange, exactly (title and units): the answer to that
// offer ("store credit then") takes them and no more.
func (t *turn) offeredItems(lines []string) []map[string]any {
	m := offeredRe.FindStringSubmatch(t.lastBot)
	if m == nil {
		return nil
	}
	items := namedItems(lines, m[2])
	if len(items) != 1 {
		return nil
	}
	if q, err := strconv.Atoi(m[1]); err == nil && q > 0 {
		items[0]["quantity"] = q
	}
	return items
}

var currentRe = regexp.MustCompile(`Current order: (#\d+)`)

// currentOrder is the conversation's current order, as the context says.
func (t *turn) currentOrder() string {
	if st := t.req.State; st != nil {
		return stateCurrentOrder(st)
	}
	if m := currentRe.FindStringSubmatch(t.req.Context); m != nil {
		return m[1]
	}
	if m := ctxOrderRe.FindStringSubmatch(t.req.Context); m != nil {
		return m[1]
	}
	return ""
}

// orderLines are an order's lines as the context lists them: "Harbor
// Stoneware Mug (Sea Glass / 12 oz)".
func (t *turn) orderLines(name string) []string {
	if st := t.req.State; st != nil {
		return stateOrderLines(st, name)
	}
	for _, line := range strings.Split(t.req.Context, "\n") {
		rest, ok := strings.CutPrefix(line, "- "+name+" placed ")
		if !ok || name == "" {
			continue
		}
		_, items, _ := strings.Cut(rest, ": ")
		items, _, _ = strings.Cut(items, "; ")
		var out []string
		for _, title := range strings.Split(items, ", ") {
			if _, after, ok := strings.Cut(title, " × "); ok {
				title = after
			}
			out = append(out, strings.TrimSpace(title))
		}
		return out
	}
	return nil
}

var wordRe = regexp.MustCompile(`[a-z0-9]+`)

func stemWord(w string) string {
	if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		return w[:len(w)-1]
	}
	return w
}

var fillers = map[string]bool{"the": true, "and": true, "for": true, "from": true, "order": true, "return": true, "want": true, "with": true, "can": true, "get": true, "instead": true, "please": true}

// lineWords are the words of an order line ("Harbor Stoneware Mug (Sea
// Glass / 12 oz)") that name it: its title's, and a variant option's only
// when said has all of that option's words. The product comes first: "the
// glass" does not name a mug whose colour is Sea Glass (the customer is
// asked which item), "the sea glass one" does.
func lineWords(line string, said map[string]bool) map[string]bool {
	lw := map[string]bool{}
	title := itemTitle(line)
	for _, w := range wordRe.FindAllString(strings.ToLower(title), -1) {
		lw[stemWord(w)] = true
	}
	variant := ""
	if i := strings.Index(line, " ("); i > 0 {
		variant = strings.TrimSuffix(line[i+2:], ")")
	}
	for _, opt := range variantOptions(variant) { // scope11.go
		ow := wordRe.FindAllString(strings.ToLower(opt), -1)
		all := len(ow) > 0
		for _, w := range ow {
			all = all && said[stemWord(w)]
		}
		for _, w := range ow {
			if all {
				lw[stemWord(w)] = true
			}
		}
	}
	return lw
}

// namedItems are the items text names among lines, in its own words; or,
// when it names none in English, by the English of the product nouns of
// another language it uses ("la gourde": a bottle).
func namedItems(lines []string, text string) []map[string]any {
	text = withoutFine(text) // scope11.go
	if items := foreignNamedItems(lines, text); len(items) > 0 {
		if len(items) == 1 && oneOfRe.MatchString(text) {
			items[0]["quantity"] = 1 // "una de las tazas": one unit
		}
		return items
	}
	if items := namedItemsIn(lines, text); len(items) > 0 {
		return items
	}
	if translated := agent.WithProductNouns(text); translated != text {
		return namedItemsIn(lines, translated)
	}
	return nil
}

func namedItemsIn(lines []string, text string) []map[string]any {
	words := wordRe.FindAllString(strings.ToLower(text), -1)
	type match struct{ words []string }
	var ms []match
	said := map[string]bool{}
	for _, w := range words {
		said[stemWord(w)] = true
	}
	for _, l := range lines {
		lw := lineWords(l, said)
		var got []string
		seen := map[string]bool{}
		for _, w := range words {
			if len(w) < 3 || fillers[w] || seen[w] {
				continue
			}
			if lw[stemWord(w)] {
				got, seen[w] = append(got, w), true
			} else if k := typoOf(lw, w); k != "" && !seen[k] {
				got, seen[k] = append(got, k), true // the line's own word
			}
		}
		if len(got) > 0 {
			ms = append(ms, match{got})
		}
	}
	subset := func(a, b []string) bool { // a ⊂ b, strictly
		if len(a) >= len(b) {
			return false
		}
		for _, w := range a {
			found := false
			for _, x := range b {
				found = found || x == w
			}
			if !found {
				return false
			}
		}
		return true
	}
	var items []map[string]any
	seen := map[string]bool{}
	for i, m := range ms {
		dominated := false
		for j, o := range ms {
			if i != j && subset(m.words, o.words) {
				dominated = true
			}
		}
		title := strings.Join(m.words, " ")
		if dominated || seen[title] {
			continue
		}
		seen[title] = true
		if strings.Contains(" "+strings.ToLower(text)+" ", " both ") {
			title = "both " + title
		}
		items = append(items, map[string]any{"title": title})
	}
	if n := unitsSaid(text); n > 0 && len(items) == 1 && !strings.HasPrefix(items[0]["title"].(string), "both ") {
		items[0]["quantity"] = n
	}
	return items
}

// allRe names a whole order; keepRe keeps part of it ("… but keep
// everything else").
var (
	allRe  = regexp.MustCompile(`(?i)\b(?:everything|whole order|entire order|all of it|all items|all the items)\b`)
	keepRe = regexp.MustCompile(`(?i)\b(?:everything else|all the rest|keep|except|but not)\b`)
)

// wantsAll reports whether text asks for the whole order.
func wantsAll(text string) bool {
	return (allRe.MatchString(text) || wantsAllLoosely(text)) && !keepRe.MatchString(text)
}

// returnReason is the reason text gives for a return, in English or in
// another language's words for it ("llegaron rotas" is "broken").
func returnReason(text string) string {
	t := strings.ToLower(text + " " + normaliseWords(text))
	switch {
	case has(t, "broken", "damaged", "defective", "doesn't work", "does not work", "cracked", "chipped", "leaks", "leaking", "faulty"):
		return "DEFECTIVE"
	case has(t, "wrong item", "not what i ordered", "wrong one"):
		return "WRONG_ITEM"
	case has(t, "too small"):
		return "SIZE_TOO_SMALL"
	case has(t, "too big", "too large"):
		return "SIZE_TOO_LARGE"
	case has(t, "colour", "color"):
		return "COLOR"
	case has(t, "don't want", "do not want", "changed my mind", "don't need", "no longer") || changedMind(text): // scope11.go
		return "UNWANTED"
	}
	return ""
}

// addressArgs reads a new address from the customer's words: "... to
// 42 Elm Street, Portland, OR 97201".
func (t *turn) addressArgs() map[string]any {
	args := t.orderArg()
	text := t.text
	if i := strings.LastIndex(strings.ToLower(text), " to "); i >= 0 && !strings.Contains(t.lastBot, "full new address") {
		text = text[i+4:]
	}
	text = orderRe.ReplaceAllString(text, "")
	parts := strings.Split(strings.Trim(text, " .!"), ",")
	if len(parts) < 2 {
		return args
	}
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	args["address1"] = withoutLabel(parts[0])
	rest := parts[1:]
	if len(rest) >= 3 {
		args["address2"], rest = rest[0], rest[1:]
	}
	if len(rest) == 1 {
		if m := stateRe.FindStringSubmatch(rest[0]); m != nil {
			args["city"], args["province"], args["zip"] = strings.TrimSpace(m[1]), m[2], m[3]
		}
		return args
	}
	args["city"] = rest[0]
	if m := regexp.MustCompile(`^([A-Za-z]{2})?\s*(\S+)$`).FindStringSubmatch(rest[1]); m != nil {
		args["province"], args["zip"] = m[1], m[2]
	}
	if len(rest) > 2 {
		args["country_code"] = rest[2]
	}
	return args
}

// photoNoteRe is a conversation.PhotoNote.
var photoNoteRe = regexp.MustCompile(`\[(Photos?) attached: [^\]\n]*\]`)

// withoutPhotoNote takes the photo notes out of a customer's message: the
// text, and "photo" or "photos" when there were any.
func withoutPhotoNote(text string) (string, string) {
	kind := ""
	text = photoNoteRe.ReplaceAllStringFunc(text, func(m string) string {
		if kind != "photos" {
			kind = strings.ToLower(photoNoteRe.FindStringSubmatch(m)[1])
		}
		return ""
	})
	if kind == "" {
		return text, ""
	}
	return strings.TrimSpace(text), kind
}

// photoThanks acknowledges a photo; alone, it also asks what it shows.
func photoThanks(kind string, alone bool) string {
	it := "it"
	if kind == "photos" {
		it = "them"
	}
	s := fmt.Sprintf("Thanks, I've got your %s. I've saved %s with this conversation, so our team can see %s too.", kind, it, it)
	if alone {
		s += " What's the problem? If an item arrived damaged or isn't what you ordered, tell me which order and item, and I'll take it from there."
	}
	return s
}
