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
	return say("%s A member of our team can help if you'd like.", t.notOfferedWhy(name, false))
}

// notOfferedWhy says why tool name cannot act on the order in question,
// and what the customer can do instead when the order is on its way;
// either words it as the second of a message's requests.
func (t *turn) notOfferedWhy(name string, either bool) string {
	do := notOfferedDo[name]
	if do == "" {
		do = "do that here for"
	}
	lead, tail := "I'm sorry, I can't", ""
	if either {
		lead, tail = "I can't", " either"
	}
	ord, why := t.stageOfOrder()
	if ord == "" {
		return fmt.Sprintf("%s %s this order%s.", lead, do, tail)
	}
	if why == "" {
		return fmt.Sprintf("%s %s order %s%s at its current stage.", lead, do, ord, tail)
	}
	if why == labelWhy {
		done := "changed"
		if name == toolname.CancelOrder {
			done = "cancelled"
		}
		why += ", so it can no longer be " + done + " here"
	}
	s := fmt.Sprintf("%s %s order %s%s: %s.", lead, do, ord, tail, why)
	if strings.HasPrefix(why, shippedWhy) || strings.HasPrefix(why, labelWhy) {
		if instead := t.insteadOnItsWay(name); instead != "" {
			s += " " + instead
		}
	}
	return s
}

// shippedWhy is stageOfOrder's reason for an order on its way.
const shippedWhy = "it has already shipped: it is with the carrier and on its way"

// labelWhy is stageOfOrder's reason for an order whose shipping label is
// printed and that no carrier has picked up yet.
const labelWhy = "its shipping label is printed and it is about to be handed to the carrier"

// insteadOnItsWay is what the customer can do instead of tool name while
// their order is on its way: send it back once it arrives, or ask the
// carrier to redirect the parcel.
func (t *turn) insteadOnItsWay(name string) string {
	st := t.req.State
	switch name {
	case toolname.CancelOrder:
		if st != nil && st.ReturnWindowDays > 0 {
			return fmt.Sprintf("Once it arrives, you can send it back for a refund within %d days of delivery.", st.ReturnWindowDays)
		}
		return "Once it arrives, you can send it back for a refund."
	case toolname.ChangeAddress:
		carrier, url := givenParcel(st)
		if url == "" {
			return ""
		}
		if carrier == "" {
			carrier = "the carrier"
		}
		return fmt.Sprintf("%s may be able to redirect the parcel or hold it for collection: %s", carrier, url)
	}
	return ""
}

// givenParcel is the carrier and tracking link of the first parcel of the
// order in question that has one, from the State's given facts.
func givenParcel(st *agent.State) (string, string) {
	for _, p := range givenParcels(st) {
		if url, _ := p["tracking_url"].(string); url != "" {
			carrier, _ := p["carrier"].(string)
			return carrier, url
		}
	}
	return "", ""
}

// givenParcels are the parcels of the order in question, from the
// State's given facts (nil without them).
func givenParcels(st *agent.State) []map[string]any {
	if st == nil {
		return nil
	}
	var parcels []map[string]any
	switch ps := st.Given["parcels"].(type) {
	case []map[string]any:
		parcels = ps
	case []any:
		for _, p := range ps {
			if m, ok := p.(map[string]any); ok {
				parcels = append(parcels, m)
			}
		}
	}
	return parcels
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
	case s == "label_created" || strings.HasPrefix(s, "label created"):
		// Packed and labelled, not yet picked up: not on its way.
		return ord, labelWhy
	case s != "":
		return ord, shippedWhy
	}
	return ord, ""
}

// onlyOffered replaces a call of a tool req does not offer with the
// answer from the order's stage.
func (t *turn) onlyOffered(m agent.Message) agent.Message {
	if name := firstToolUse(m); name != "" && !offers(t.req, name) {
		if m, ok := t.statusInstead(name); ok {
			return m
		}
		no := t.notOffered(name)
		// A question the turn already looked up is answered too.
		if track := t.called(toolname.TrackOrder); track != nil && !track.isErr && track.result != nil {
			return say("%s\n\n%s", t.answer(*track), no.Text())
		}
		return no
	}
	return m
}
