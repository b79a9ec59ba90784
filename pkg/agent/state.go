package agent

import (
	"context"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// State is what code established about the conversation, as data: for a
// model that reads structure rather than prose (the offline model). A
// hosted model gets the same facts as the Context text; adapters that
// cannot send structure ignore it.
type State struct {
	ShopName string `json:"shop_name,omitempty"`
	Verified bool   `json:"verified"`
	// ReturnWindowDays is the shop's return window, from delivery.
	ReturnWindowDays int          `json:"return_window_days,omitempty"`
	CurrentOrder     string       `json:"current_order,omitempty"`
	Orders           []StateOrder `json:"orders,omitempty"`
	// Given are the facts of the order the conversation is about, exactly
	// as track_order returns them, which the Context text also states: a
	// model can answer where that order is without calling the tool.
	Given map[string]any `json:"given,omitempty"`
	// Answered is what the customer's message did to the proposal the last
	// reply stated.
	Answered *StateAnswer `json:"answered,omitempty"`
	// Before are what the agent's previous reply did, tool and status
	// ("report_damage", "ask_resolution"): the step a short answer
	// ("credit", "still nothing") carries on.
	Before []StateAction `json:"before,omitempty"`
	// Open are steps an earlier conversation of the customer took about
	// the current order (else any of their orders) that wait for the
	// customer still: a report of a parcel that never came while they
	// look around ("report_not_received", "look_around"). A short answer
	// ("still nothing") carries them on as it would the previous reply's.
	Open []StateAction `json:"open,omitempty"`
	// Done are this conversation's proposals that ran (or wait for a
	// person): what "did the refund go through?" is answered from.
	Done []StateDone `json:"done,omitempty"`
	// Names are the people on the verified customer's orders (state_names.go).
	Names []string `json:"names,omitempty"`
}

// StateAction is one thing the agent's previous reply did.
type StateAction struct {
	Tool   string `json:"tool"`
	Status string `json:"status"`
}

// StateOrder is one of the verified customer's orders.
type StateOrder struct {
	Name  string   `json:"name"`
	Items []string `json:"items"`
	Stage string   `json:"stage"`
	// OnItsWay are the items of its parcel with the carrier, not
	// delivered (parcelOnItsWay), whatever the order's own stage says: a
	// partly shipped or partly delivered order has one too.
	OnItsWay []string `json:"on_its_way,omitempty"`
	// Replaces is the order this one replaces ("#1006") when doorstep
	// created it as a replacement (order.Replaces): the customer calls it
	// "the replacement". "#" when the original is not named.
	Replaces string `json:"replaces,omitempty"`
}

// StateAnswer is a proposal the customer's message settled: status is
// confirmed, declined or lapsed; Outcome what code did when confirmed.
type StateAnswer struct {
	Tool    string         `json:"tool"`
	Status  string         `json:"status"`
	Outcome map[string]any `json:"outcome,omitempty"`
	// Other is what a yes that did not confirm it asked for instead
	// (AsksOther): "store credit", "only part of it (the candle)".
	Other string `json:"other,omitempty"`
	// Expired is set when it lapsed for its age
	// (conversation.ProposalLife); Reoffered when code stated it afresh
	// this turn, for a new yes.
	Expired   bool `json:"expired,omitempty"`
	Reoffered bool `json:"reoffered,omitempty"`
	// Aside is set when it was stated afresh for a question asked before
	// deciding (AsksAside): the question is the model's to answer.
	Aside bool `json:"aside,omitempty"`
	// AskedAmount is the figure ("$120.00") the customer asked for in
	// place of the stated one (AsksOtherAmount): it was stated again.
	AskedAmount string `json:"asked_amount,omitempty"`
	// Items, Resolution, Reason and Want are what it stated: its lines
	// ("2 × Harbor Stoneware Mug (Sea Glass / 12 oz)"), what the customer
	// gets, why, and an exchange's new variant: what a correction ("no,
	// both mugs") keeps of it.
	Items      []string `json:"items,omitempty"`
	Resolution string   `json:"resolution,omitempty"`
	Reason     string   `json:"reason,omitempty"`
	Want       string   `json:"want,omitempty"`
	// Amount is the money it involves, formatted ("$25.68"), when any:
	// what a question about it ("how much would I get back?") is told.
	Amount string `json:"amount,omitempty"`
	// KeepIt is set when the customer keeps the items (a damage report
	// below the keep-it value): nothing goes back, so a question about
	// postage or a label is answered from it.
	KeepIt bool `json:"keep_it,omitempty"`
}

// modelState is the turn's State, from the same data as the context.
func (s *session) modelState(ctx context.Context) (*State, error) {
	st := &State{ShopName: s.pol.ShopName, Verified: s.conv.Verified(), ReturnWindowDays: s.pol.ReturnWindowDays, Done: doneDetails(s.conv, s.a.ReturnLabels, doneState(s.conv))}
	if p := s.answered; p != nil {
		st.Answered = &StateAnswer{Tool: p.Tool, Status: string(p.Status), Other: s.other, Expired: s.expired, Reoffered: s.reoffered, Aside: s.aside, AskedAmount: s.askedAmount,
			Resolution: p.Resolution, Reason: p.Reason, KeepIt: p.KeepIt}
		for _, l := range p.Lines {
			st.Answered.Items = append(st.Answered.Items, describeLines([]conversation.ProposalLine{l}))
		}
		if p.ExchangeFor != nil {
			st.Answered.Want = p.ExchangeFor.Variant
		}
		if p.Amount > 0 {
			st.Answered.Amount = money(p.Amount, p.Currency)
		}
		if p.Status != conversation.ProposalDeclined && p.Status != conversation.ProposalLapsed {
			st.Answered.Status, st.Answered.Outcome = "confirmed", s.answerResult
		}
	}
	for i := len(s.history) - 1; i >= 0; i-- {
		if m := s.history[i]; m.Role == conversation.RoleAgent {
			for _, a := range m.Actions {
				st.Before = append(st.Before, StateAction{Tool: a.Tool, Status: a.Status})
			}
			break
		}
	}
	if !st.Verified {
		return st, nil
	}
	st.CurrentOrder = s.conv.CurrentOrder
	orders, err := s.myOrders(ctx)
	if err != nil {
		return nil, err
	}
	if len(orders) > 5 {
		orders = orders[:5]
	}
	st.Given = s.givenFacts(ctx, orders)
	st.Names = orderNames(orders)
	st.Open = s.openSteps(ctx, orders)
	for _, o := range orders {
		so := StateOrder{Name: o.Name, Items: itemTitles(o), Stage: stageWords(order.JourneyOf(o, s.now, s.pol.ReturnWindow()).Stage),
			Replaces: order.Replaces(o)}
		if sh := parcelOnItsWay(o); sh != nil {
			for _, l := range parcelLines(o, *sh) {
				so.OnItsWay = append(so.OnItsWay, describeLines([]conversation.ProposalLine{l}))
			}
		}
		st.Orders = append(st.Orders, so)
	}
	return st, nil
}

// openSteps are the customer's open reports of a parcel that never came
// (the order's findings, from the customer context: no read), about the
// current order when it has one, else about any of orders.
func (s *session) openSteps(ctx context.Context, orders []order.Order) []StateAction {
	for _, o := range orders {
		if s.conv.CurrentOrder != "" && o.Name != s.conv.CurrentOrder {
			continue
		}
		ps, err := s.orderProblems(ctx, o)
		if err != nil {
			continue
		}
		for _, p := range ps {
			if p["step"] == "look_around" {
				return []StateAction{{Tool: toolname.ReportNotReceived, Status: "look_around"}}
			}
		}
	}
	return nil
}
