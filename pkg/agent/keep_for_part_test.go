package agent_test

import (
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/store/storetest"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

func TestAsksKeepForPart(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"can i keep it and get like 10 bucks back?", true},
		{"cant i just keep it n get a few bucks off", true},
		{"could i just keep it and get a partial refund instead?", true},
		{"i'll keep it if you give me a discount", true},
		{"¿puedo quedármela y que me devuelvan algo de dinero?", true},
		{"kann ich sie behalten und einen Teil des Geldes zurückbekommen?", true},
		{"je peux le garder avec un remboursement partiel ?", true},
		{"keep it and knock $15 off?", true},
		// The keep-it refund in full, or no money asked: not a part.
		{"can i keep it and get a refund?", false},
		{"i want to keep the mug", false},
		{"how do i keep the skillet from rusting", false},
		{"can i get 10 bucks back", false},
	} {
		if got := agent.AsksKeepForPart(tc.text); got != tc.want {
			t.Errorf("AsksKeepForPart(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// Keeping a damaged item for part of the money: report_damage's result
// says no partial refund is offered and what the policy allows (kept
// below the keep-it value, sent back above it); what is stated for a yes
// is the policy's own refund of the whole unit, nothing runs before it.
func TestReportDamageKeepForPart(t *testing.T) {
	for _, tc := range []struct {
		name, text, resolution string
		limit                  order.Money
		want                   string
		pending                bool
	}{
		{"kept below the limit, asked", "the mug is chipped, can i keep it and get like 10 bucks back?", "", 30_00, "need not come back", false},
		{"kept below the limit, refund stated", "mug came chipped, cant i just keep it n get a few bucks off", "refund", 30_00, "need not come back", true},
		{"above the limit: it comes back", "the mug has a crack, could i keep it and get a partial refund instead?", "refund", 10_00, "come back first", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			pol := policy.Default()
			pol.KeepItLimit = tc.limit
			f.agent.Policies = agent.StaticPolicy(pol)
			f.agent.Commerce = &demoshop.Shop{Store: f.store, Clock: clock.NewFixed(now)}
			o := storetest.Order("s", "7", "#1007", "ada@example.com", now.Add(-10*24*time.Hour))
			o.LineItems = []order.LineItem{{ID: "7-1", VariantID: "v-mug", Title: "Harbor Stoneware Mug", Quantity: 1, Price: 2400}}
			o.TotalPrice = 2400
			at := now.Add(-2 * 24 * time.Hour)
			sh := storetest.Shipment("s", "7", "f7", "1ZMUG", at, order.StatusDelivered)
			sh.DeliveredAt, sh.LineItemIDs = &at, nil
			if _, err := f.store.Apply(t.Context(), store.Change{Shop: "s", Order: &o, Shipments: []order.Shipment{sh}}); err != nil {
				t.Fatal(err)
			}
			c := adaConv()
			c.CurrentOrder = "#1007"
			input := `{"order_number":"#1007","items":[{"title":"mug","quantity":1}],"problem":"damaged"`
			if tc.resolution != "" {
				input += `,"resolution":"` + tc.resolution + `"`
			}
			f.turn(t, c, tc.text, 1, use(toolname.ReportDamage, input+"}"), say("ok"))
			res := f.model.lastResult(t)
			if !strings.Contains(res, "partial refund") || !strings.Contains(res, tc.want) {
				t.Errorf("result %s: want the partial-refund note with %q", res, tc.want)
			}
			if got := c.Pending != nil; got != tc.pending {
				t.Fatalf("pending %v, want %v (result %s)", got, tc.pending, res)
			}
			if tc.pending && c.Pending.Amount != 2400 {
				t.Errorf("stated amount %d, want the whole unit's 2400", c.Pending.Amount)
			}
			if acts, err := demoshop.Actions(t.Context(), f.store); err != nil || len(acts) != 0 {
				t.Errorf("shop actions before any yes: %v, %v", acts, err)
			}
		})
	}
}
