package offline

import (
	"fmt"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// The offline model calls only the tools the request offers: code offers
// a round the tools the order's stage allows. When what the customer asks
// needs a tool that is not offered, it says why from the order's stage and
// offers a person.

// offers reports whether req offers the tool name. A request that lists
// no tools at all (one built by hand) is taken to offer every tool.
func offers(req agent.Request, name string) bool {
	if len(req.Tools) == 0 {
		return true
	}
	for _, s := range req.Tools {
		if s.Name == name {
			return true
		}
	}
	return false
}

// firstToolUse is the name of the first tool m calls, "" if none.
func firstToolUse(m agent.Message) string {
	for _, b := range m.Blocks {
		if b.ToolUse != nil {
			return b.ToolUse.Name
		}
	}
	return ""
}

// notOfferedDo is what each write tool would have done, as the reply
// names it.
var notOfferedDo = map[string]string{
	"start_return":   "start a return for",
	"change_address": "change the address of",
	"cancel_order":   "cancel",
	"exchange_item":  "exchange an item of",
	"report_damage":  "report damage on",
}

// notOffered answers a request for tool name, which is not offered, from
// the stage of the order in question.
func (t *turn) notOffered(name string) agent.Message {
	do := notOfferedDo[name]
	if do == "" {
		do = "do that here for"
	}
	ord, why := t.stageOfOrder()
	if ord == "" {
		return say("I'm sorry, I can't %s this order. A member of our team can help if you'd like.", do)
	}
	if why == "" {
		return say("I'm sorry, I can't %s order %s at its current stage. A member of our team can help if you'd like.", do, ord)
	}
	return say("I'm sorry, I can't %s order %s: %s. A member of our team can help if you'd like.", do, ord, why)
}

// stageOfOrder is the order in question and why its stage rules a change
// out, from the request's State.
func (t *turn) stageOfOrder() (string, string) {
	st := t.req.State
	if st == nil {
		return "", ""
	}
	ord := stateCurrentOrder(st)
	stage := ""
	if s, ok := st.Given["stage"].(string); ok {
		stage = s
	}
	for _, o := range st.Orders {
		if o.Name == ord && stage == "" {
			stage = o.Stage
		}
	}
	s := strings.ToLower(stage)
	switch {
	case strings.Contains(s, "window closed") || s == "past_return_window":
		if n := st.ReturnWindowDays; n > 0 {
			return ord, fmt.Sprintf("it was delivered more than %d days ago, so its %d-day return window closed", n, n)
		}
		return ord, "it was delivered and its return window closed"
	case strings.Contains(s, "cancel"):
		return ord, "it is already cancelled"
	case strings.Contains(s, "return") && strings.Contains(s, "refund"):
		return ord, "it has already been returned and refunded"
	case strings.HasPrefix(s, "delivered"):
		return ord, "it has already been delivered"
	case s == "pre_shipment" || strings.Contains(s, "not shipped"):
		return ord, "it hasn't shipped yet"
	case s != "":
		return ord, "it has already shipped: it is with the carrier and on its way"
	}
	return ord, ""
}

// onlyOffered replaces a call of a tool req does not offer with the
// answer from the order's stage.
func (t *turn) onlyOffered(m agent.Message) agent.Message {
	if name := firstToolUse(m); name != "" && !offers(t.req, name) {
		no := t.notOffered(name)
		// A question the turn already looked up is answered too.
		if track := t.called(toolname.TrackOrder); track != nil && !track.isErr && track.result != nil {
			return say("%s\n\n%s", t.answer(*track), no.Text())
		}
		return no
	}
	return m
}
