package watch_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/resolution"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// A parcel made good in part (the agent refunded the candle of a late
// parcel) settles only the candle: the check still watches the parcel and,
// when it goes late, makes good the skillet alone; a parcel made good
// whole, or in parts that cover it, is left alone.
func TestPartMadeGoodKeepsTheRestWatched(t *testing.T) {
	candle := []resolution.MadeGoodLine{{LineItemID: "13900000100302", Title: "Beeswax Pillar Candle", Quantity: 1}}
	skillet := []resolution.MadeGoodLine{{LineItemID: "13900000100301", Title: "Cast-Iron Skillet", Quantity: 1}}
	for _, tc := range []struct {
		name   string
		act    watch.Action
		before [][]resolution.MadeGoodLine // parts made good before the check, in order; nil: the whole parcel
		want   string                      // the check's write, "" for none
	}{
		{"replace the rest", watch.ActionReplace, [][]resolution.MadeGoodLine{candle}, "replace 13900000100301×1"},
		{"refund the rest", watch.ActionRefund, [][]resolution.MadeGoodLine{candle}, "refund 13900000100301×1"},
		{"no part: the whole parcel", watch.ActionReplace, nil, "replace 13900000100301×1 13900000100302×1"},
		{"made good whole", watch.ActionReplace, [][]resolution.MadeGoodLine{nil}, ""},
		{"parts cover the parcel", watch.ActionReplace, [][]resolution.MadeGoodLine{candle, nil}, ""},
		{"both lines as parts", watch.ActionRefund, [][]resolution.MadeGoodLine{candle, skillet}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, policyWith(tc.act), "")
			e.clk.Set(ts(t, "2026-11-20T10:00:00Z"))
			for i, lines := range tc.before {
				g := resolution.MadeGood{Shop: shop, OrderID: e.order.ID, OrderName: e.order.Name, ShipmentID: "6100000010031", Currency: "USD",
					Action: resolution.ActionRefund, RefundID: fmt.Sprint("agent-r", i), Refunded: 2200, Detail: "We refunded $22.00.", Lines: lines}
				for range 2 { // a retry records nothing more
					if err := watch.RecordMadeGood(t.Context(), e.st, e.clk.Now(), g); err != nil {
						t.Fatal(err)
					}
				}
				_, whole := watch.ParcelMadeGood(e.problems(t), "6100000010031")
				if whole != (lines == nil) {
					t.Fatalf("after part %d: made good whole = %v", i, whole)
				}
			}
			if n := len(e.problems(t)); len(tc.before) > 0 && n != 1 {
				t.Fatalf("%d records, want the parcel's one", n)
			}
			e.run(t, "2026-11-28T10:00:00Z")
			var writes []string
			for _, r := range e.res.replaces {
				w := "replace"
				for _, l := range r.Lines {
					w += fmt.Sprintf(" %s×%d", l.LineItemID, l.Quantity)
				}
				writes = append(writes, w)
			}
			for _, r := range e.res.refunds {
				w := "refund"
				for _, l := range r.Lines {
					w += fmt.Sprintf(" %s×%d", l.LineItemID, l.Quantity)
				}
				if want := policy.ParcelRefund(e.order, 5200); r.Amount != want {
					t.Errorf("refund of %d, want the skillet's share %d", r.Amount, want)
				}
				writes = append(writes, w)
			}
			if got := strings.Join(writes, "|"); got != tc.want {
				t.Errorf("check wrote %q, want %q", got, tc.want)
			}
			recs := e.problems(t)
			if _, whole := watch.ParcelMadeGood(recs, "6100000010031"); !whole {
				t.Errorf("after the check the parcel is not made good whole: %+v", recs)
			}
			if got := watch.PartsMadeGood(recs, "6100000010031"); len(tc.before) > 0 && tc.before[0] != nil && got["13900000100302"] != 1 {
				t.Errorf("parts made good %v, want the candle kept", got)
			}
		})
	}
}
