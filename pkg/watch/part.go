package watch

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/resolution"
)

// A late parcel made good in part (the agent's follow_up for some of its
// items): only the units made good are settled. They are kept as parts of
// the parcel's late record, which they do not mark done, so the delivery
// check still watches the parcel (late, stalled, lost) and acts on the
// rest alone, and the agent and a promise make good only the rest. Once
// the rest is made good too, the record is the parcel's made-good record
// (ParcelMadeGood) with its parts kept.

// Part is units of a parcel made good while the rest stayed watched.
type Part struct {
	Lines           []resolution.MadeGoodLine `json:"lines"`
	Action          Action                    `json:"action"`
	RefundID        string                    `json:"refund_id,omitempty"`
	RefundAmount    order.Money               `json:"refund_amount,omitempty"`
	Currency        string                    `json:"currency,omitempty"`
	ReplacementName string                    `json:"replacement_name,omitempty"`
	// Credit is set when the refund was paid as store credit.
	Credit bool `json:"credit,omitempty"`
	// Detail is what was done, in words fit for the customer.
	Detail string    `json:"detail,omitempty"`
	At     time.Time `json:"at"`
}

// recordPart adds g, units of a parcel made good, to the parcel's late
// record (a new one, not done, when the check has not found it late): the
// same units made good the same way again (a retry) add nothing.
func recordPart(ctx context.Context, st DocStore, now time.Time, recs []Record, g resolution.MadeGood) error {
	r := Record{Shop: g.Shop, OrderID: g.OrderID, OrderName: g.OrderName, ShipmentID: g.ShipmentID, Kind: KindLate, DetectedAt: now, Currency: g.Currency}
	for _, x := range recs {
		if x.ShipmentID == g.ShipmentID && x.Kind == KindLate {
			r = x
		}
	}
	part := Part{Lines: g.Lines, Detail: g.Detail, Currency: g.Currency, At: now}
	switch g.Action {
	case resolution.ActionRefund:
		part.Action, part.RefundID, part.RefundAmount = ActionRefund, g.RefundID, g.Refunded
	case resolution.ActionStoreCredit:
		part.Action, part.RefundID, part.RefundAmount, part.Credit = ActionRefund, g.RefundID, g.Refunded, true
	case resolution.ActionReplacement:
		part.Action, part.ReplacementName = ActionReplace, g.Replacement
	default:
		return fmt.Errorf("record part of parcel made good: action %q", g.Action)
	}
	for _, p := range r.Parts {
		if p.Action == part.Action && sameLines(p.Lines, part.Lines) {
			return nil
		}
	}
	r.Parts = append(r.Parts, part)
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("record part of parcel made good: %w", err)
	}
	if err := st.PutDoc(ctx, ProblemsCollection, recordID(r.Shop, r.OrderID, r.ShipmentID, r.Kind), b, time.Time{}); err != nil {
		return fmt.Errorf("record part of parcel made good: %w", err)
	}
	return nil
}

func sameLines(a, b []resolution.MadeGoodLine) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].LineItemID != b[i].LineItemID || a[i].Quantity != b[i].Quantity {
			return false
		}
	}
	return true
}

// PartsMadeGood are the units of parcel shipmentID made good in parts,
// by line item id.
func PartsMadeGood(recs []Record, shipmentID string) map[string]int {
	done := map[string]int{}
	for _, r := range recs {
		if r.ShipmentID != shipmentID {
			continue
		}
		for _, p := range r.Parts {
			for _, l := range p.Lines {
				done[l.LineItemID] += l.Quantity
			}
		}
	}
	return done
}

// withoutParts is o with the units of parcel sh made good in parts taken
// off its lines (a line with none left is dropped): what the check may
// still make good of the parcel. Its totals are o's.
func withoutParts(o order.Order, sh order.Shipment, recs map[Kind]Record) order.Order {
	var rs []Record
	for _, r := range recs {
		rs = append(rs, r)
	}
	done := PartsMadeGood(rs, sh.ID)
	if len(done) == 0 {
		return o
	}
	rest := o
	rest.LineItems = nil
	for _, li := range o.LineItems {
		if li.Quantity -= done[li.ID]; li.Quantity > 0 {
			rest.LineItems = append(rest.LineItems, li)
		}
	}
	return rest
}

// partsSaid says each part made good, for the agent: its units and what
// was done.
func (r Record) partsSaid() []string {
	var out []string
	for _, p := range r.Parts {
		var units []string
		for _, l := range p.Lines {
			units = append(units, fmt.Sprintf("%d × %s", l.Quantity, l.Title))
		}
		what := p.Detail
		if what == "" {
			what = map[Action]string{ActionRefund: "refunded", ActionReplace: "replaced"}[p.Action]
		}
		out = append(out, strings.Join(units, ", ")+": "+what)
	}
	return out
}

// partLines are the units made good in parts, every part's.
func (r Record) partLines() []resolution.MadeGoodLine {
	var out []resolution.MadeGoodLine
	for _, p := range r.Parts {
		out = append(out, p.Lines...)
	}
	return out
}
