package agent_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/store/storetest"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A late parcel made good in part (correct14): "only the mugs" after a
// remedy of the whole parcel. Code picks the lines among the parcel's
// from the customer's words; the statement and, after the yes, the shop's
// write hold only them. Items not in the parcel, or a parcel never picked
// up (cancelled whole), are asked about: nothing is proposed.
func TestLateParcelInPart(t *testing.T) {
	shipped := now.Add(-20 * 24 * time.Hour)
	for _, tc := range []struct {
		name, said, items string
		status            order.ShipmentStatus
		parcel            []string // the parcel's line ids (suffixes)
		resolution        string
		wantLines         string // the proposal's lines, "" for none proposed
		wantWrite         string // the shop's write after the yes
	}{
		{"refund the mugs only", "only the blue mugs please, refund them", `[{"title":"blue mugs"}]`, order.StatusInTransit,
			[]string{"-1", "-2"}, "refund", "Blue mug×2", "refund Blue mug×2"},
		{"replace the wrap only", "just the gift wrap, send it again", `[{"title":"gift wrap"}]`, order.StatusInTransit,
			[]string{"-1", "-2"}, "replacement", "Gift wrap×1", "replacement Gift wrap×1"},
		{"an item not in the parcel", "only the gift wrap please", `[{"title":"gift wrap"}]`, order.StatusInTransit,
			[]string{"-1"}, "refund", "", ""},
		{"never picked up", "only the blue mugs please", `[{"title":"blue mugs"}]`, order.StatusLabelPrinted,
			[]string{"-1", "-2"}, "refund", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.agent.Commerce = &demoshop.Shop{Store: f.store, Clock: clock.NewFixed(now)}
			o := storetest.Order("s", "6", "#1004", "ada@example.com", shipped.Add(-24*time.Hour))
			sh := storetest.Shipment("s", "6", "f6", "1Z9", shipped, tc.status)
			sh.LineItemIDs = nil
			for _, s := range tc.parcel {
				sh.LineItemIDs = append(sh.LineItemIDs, "6"+s)
			}
			if tc.status == order.StatusInTransit {
				sh.ShippedAt = &shipped
			}
			if _, err := f.store.Apply(t.Context(), store.Change{Shop: "s", Order: &o, Shipments: []order.Shipment{sh}}); err != nil {
				t.Fatal(err)
			}
			c := adaConv()
			res := f.turn(t, c, tc.said, 1,
				use(toolname.FollowUp, fmt.Sprintf(`{"order_number":"#1004","resolution":%q,"items":%s}`, tc.resolution, tc.items)), say("ok"))
			if tc.wantLines == "" {
				if c.Pending != nil {
					t.Fatalf("proposed %q, want a question", c.Pending.Statement)
				}
				if r := f.model.lastResult(t); !strings.Contains(r, "ask_customer") {
					t.Fatalf("result %s, want a question for the customer", r)
				}
				return
			}
			if c.Pending == nil {
				t.Fatalf("no proposal; reply %q, last result %s", res.Reply, f.model.lastResult(t))
			}
			var lines []string
			for _, l := range c.Pending.Lines {
				lines = append(lines, fmt.Sprintf("%s×%d", l.Title, l.Quantity))
			}
			if got := strings.Join(lines, " "); got != tc.wantLines {
				t.Fatalf("proposal lines %s, want %s (%q)", got, tc.wantLines, c.Pending.Statement)
			}
			f.model.steps = append(f.model.steps[:0], use(toolname.FollowUp, `{"confirm":true}`), say("done"))
			history := []conversation.Message{{Seq: 1, Role: conversation.RoleCustomer, Text: tc.said}, {Seq: 2, Role: conversation.RoleAgent, Text: res.Reply}}
			if _, err := f.agent.Turn(t.Context(), c, history, "yes", 3); err != nil {
				t.Fatal(err)
			}
			acts, err := demoshop.Actions(t.Context(), f.store)
			if err != nil {
				t.Fatal(err)
			}
			var writes []string
			for _, a := range acts {
				w := a.Type
				for _, l := range a.Lines {
					w += fmt.Sprintf(" %s×%d", l.Title, l.Quantity)
				}
				writes = append(writes, w)
			}
			if got := strings.Join(writes, "|"); got != tc.wantWrite {
				t.Errorf("shop writes %s, want %s", got, tc.wantWrite)
			}
		})
	}
}
