package agent_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/store/storetest"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A refund of a line gives back what the customer paid for its units, as
// Shopify's suggested refund computes it: the discounted price plus the
// line's tax share. A return and a damaged item's refund of the same unit
// state the same figure, and the demo shop records that figure for both
// (the return when it is requested, the damaged item's refund when it
// runs).
func TestReturnAndDamageRefundTheSameFigure(t *testing.T) {
	for _, tc := range []struct {
		name  string
		line  order.LineItem
		units int
		want  order.Money // minor units
		say   string
	}{
		// 2 × $24.00, $2.00 off, $3.36 tax: one unit is half of $49.36.
		{"one of two, taxed and discounted", order.LineItem{Quantity: 2, Price: 2400, Discount: 200, Tax: 336}, 1, 2468, "$24.68"},
		{"the whole line", order.LineItem{Quantity: 2, Price: 2400, Discount: 200, Tax: 336}, 2, 4936, "$49.36"},
		// Odd tax: the unit's share rounds down to a cent.
		{"odd tax, one of three", order.LineItem{Quantity: 3, Price: 1000, Tax: 211}, 1, 1070, "$10.70"},
		{"no tax", order.LineItem{Quantity: 1, Price: 6400}, 1, 6400, "$64.00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			pol := policy.Default()
			pol.KeepItLimit = 1_000_00 // the damaged item is kept: refunded at once
			f.agent.Policies = agent.StaticPolicy(pol)
			shop := &demoshop.Shop{Store: f.store, Clock: clock.NewFixed(now)}
			f.agent.Commerce = shop
			o := storetest.Order("s", "7", "#1007", "ada@example.com", now.Add(-10*24*time.Hour))
			li := tc.line
			li.ID, li.VariantID, li.Title, li.Variant = "7-1", "v-mug", "Harbor Stoneware Mug", "Sea Glass / 12 oz"
			o.LineItems = []order.LineItem{li}
			o.TotalPrice = li.Price*order.Money(li.Quantity) - li.Discount + li.Tax
			at := now.Add(-2 * 24 * time.Hour)
			sh := storetest.Shipment("s", "7", "f7", "1ZMUG", at, order.StatusDelivered)
			sh.DeliveredAt, sh.LineItemIDs = &at, nil
			_, err := f.store.Apply(t.Context(), store.Change{Shop: "s", Order: &o, Shipments: []order.Shipment{sh}})
			if err != nil {
				t.Fatal(err)
			}
			if o, err = f.store.GetOrder(t.Context(), "s", "7"); err != nil {
				t.Fatal(err)
			}
			if got := order.PaidFor(o, []order.ReturnLine{{LineItemID: "7-1", Quantity: tc.units}}); got != tc.want {
				t.Fatalf("PaidFor = %d, want %d", got, tc.want)
			}

			// The return, as the tracking page and the chat state it.
			ret, d, err := agent.ProposeReturn(pol, o, []order.ReturnLine{{LineItemID: "7-1", Quantity: tc.units}}, "UNWANTED", "refund", false, now)
			if err != nil || d.Verdict == policy.Refuse {
				t.Fatalf("ProposeReturn: %v, %+v", err, d)
			}
			if ret.Amount != tc.want || !strings.Contains(ret.Statement, "refund of "+tc.say) {
				t.Errorf("return: amount %d, statement %q; want %d and %q", ret.Amount, ret.Statement, tc.want, tc.say)
			}

			// The damaged item's refund of the same units, in the chat.
			c := adaConv()
			c.CurrentOrder = "#1007"
			input := `{"order_number":"#1007","items":[{"title":"mug","quantity":` + itoa(tc.units) + `}],"problem":"damaged","resolution":"refund"}`
			res := f.turn(t, c, "the mug arrived broken, refund it please", 1, use(toolname.ReportDamage, input), say("ok"))
			if c.Pending == nil {
				t.Fatalf("no damage proposal; reply %q, result %s", res.Reply, f.model.lastResult(t))
			}
			dmg := *c.Pending
			if dmg.Amount != ret.Amount || !strings.Contains(dmg.Statement, "refund "+tc.say) {
				t.Errorf("damage: amount %d, statement %q; want the return's %d (%s)", dmg.Amount, dmg.Statement, ret.Amount, tc.say)
			}
			f.model.steps = append(f.model.steps[:0], use(toolname.ReportDamage, `{"confirm":true}`), say("done"))
			history := []conversation.Message{{Seq: 1, Role: conversation.RoleCustomer, Text: "the mug arrived broken"}, {Seq: 2, Role: conversation.RoleAgent, Text: res.Reply}}
			if _, err := f.agent.Turn(t.Context(), c, history, "yes", 3); err != nil {
				t.Fatal(err)
			}
			acts, err := demoshop.Actions(t.Context(), f.store)
			if err != nil {
				t.Fatal(err)
			}
			amounts := map[string]string{}
			for _, a := range acts {
				amounts[a.Type] = a.Amount
			}
			// The return runs in a shop of its own: the units refunded
			// above are not returned again.
			g := setup(t)
			g.agent.Policies, g.agent.Commerce = f.agent.Policies, &demoshop.Shop{Store: g.store, Clock: clock.NewFixed(now)}
			if _, err := g.store.Apply(t.Context(), store.Change{Shop: "s", Order: &o, Shipments: []order.Shipment{sh}}); err != nil {
				t.Fatal(err)
			}
			ret.ID = "track-7"
			ret.Order, ret.OrderID, ret.Tool = "#1007", "7", toolname.StartReturn
			if _, err := g.agent.Execute(t.Context(), "s", ret, false); err != nil {
				t.Fatalf("run the return: %v", err)
			}
			if acts, err = demoshop.Actions(t.Context(), g.store); err != nil {
				t.Fatal(err)
			}
			for _, a := range acts {
				amounts[a.Type] = a.Amount
			}
			wantDec := strings.TrimPrefix(tc.say, "$")
			if amounts["refund"] != wantDec || amounts["return"] != wantDec {
				t.Errorf("the shop's actions moved %v; want refund and return of %s each", amounts, wantDec)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
