package agent

import (
	"encoding/json"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/resolution"
)

// A late parcel made good for some of its items (follow_up with items)
// settles only those: the delivery check records them as parts of the
// parcel (watch: Record.Parts) and keeps watching the rest, and the rest
// can be made good later, here or by a promise. The units already made
// good are never made good again: a new proposal holds only the rest, and
// the customer hears what was done with the part.

// doneInParts are the units of parcel shipmentID made good in parts, by
// line item id, and what was done with them, in words for the customer
// ("" when nothing was).
func doneInParts(problems []map[string]any, shipmentID string) (map[string]int, string) {
	done := map[string]int{}
	var said []string
	for _, p := range problems {
		if id, _ := p["shipment_id"].(string); id != shipmentID || p["made_good_lines"] == nil {
			continue
		}
		// The watch gives its own type in process; a copy that went
		// through JSON gives maps: one decoding reads both.
		var lines []resolution.MadeGoodLine
		if b, err := json.Marshal(p["made_good_lines"]); err == nil {
			_ = json.Unmarshal(b, &lines)
		}
		for _, l := range lines {
			done[l.LineItemID] += l.Quantity
		}
		switch parts := p["made_good_part"].(type) {
		case []string:
			said = append(said, parts...)
		case []any:
			for _, x := range parts {
				if s, ok := x.(string); ok {
					said = append(said, s)
				}
			}
		}
	}
	return done, strings.Join(said, "; ")
}

// withoutDone is lines less the units done.
func withoutDone(lines []conversation.ProposalLine, done map[string]int) []conversation.ProposalLine {
	var out []conversation.ProposalLine
	for _, l := range lines {
		if l.Quantity -= done[l.LineItemID]; l.Quantity > 0 {
			out = append(out, l)
		}
	}
	return out
}

// madeGoodLines are a proposal's lines as the record of a part made good;
// nil when they are all of parcel shipmentID that was left (the parcel is
// then made good whole).
func madeGoodLines(o order.Order, shipmentID string, lines []conversation.ProposalLine, done map[string]int) []resolution.MadeGoodLine {
	for _, sh := range o.Shipments {
		if sh.ID == shipmentID && sameUnits(lines, withoutDone(parcelLines(o, sh), done)) {
			return nil
		}
	}
	var out []resolution.MadeGoodLine
	for _, l := range lines {
		out = append(out, resolution.MadeGoodLine{LineItemID: l.LineItemID, Title: l.Title, Quantity: l.Quantity})
	}
	return out
}

// overlapsDone reports whether lines hold units of parcel shipmentID made
// good since they were stated: more of a line than the parcel has left.
func overlapsDone(o order.Order, shipmentID string, lines []conversation.ProposalLine, done map[string]int) bool {
	if len(done) == 0 {
		return false
	}
	left := map[string]int{}
	for _, sh := range o.Shipments {
		if sh.ID == shipmentID {
			for _, l := range withoutDone(parcelLines(o, sh), done) {
				left[l.LineItemID] = l.Quantity
			}
		}
	}
	for _, l := range lines {
		if l.Quantity > left[l.LineItemID] {
			return true
		}
	}
	return false
}

// sameUnits reports whether a and b hold the same units, in any order.
func sameUnits(a, b []conversation.ProposalLine) bool {
	n := map[string]int{}
	for _, l := range a {
		n[l.LineItemID] += l.Quantity
	}
	for _, l := range b {
		n[l.LineItemID] -= l.Quantity
	}
	for _, v := range n {
		if v != 0 {
			return false
		}
	}
	return true
}

// withPartSaid adds to a proposal's tool result what was made good of the
// parcel before (partSaid), so the customer hears the whole truth: the
// part done, then what is stated now.
func withPartSaid(res any, isErr bool, err error) func(partSaid string) (any, bool, error) {
	return func(partSaid string) (any, bool, error) {
		if m, ok := res.(map[string]any); ok && partSaid != "" && err == nil && !isErr {
			m["made_good_before"] = partSaid
			m["instruction"] = "first say what was already made good of this parcel (made_good_before), then tell the customer the statement word for word and ask them to reply yes"
		}
		return res, isErr, err
	}
}
