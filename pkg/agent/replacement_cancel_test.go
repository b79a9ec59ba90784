package agent_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/store/storetest"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// freeReplacement adds Ada's replacement of #1002, "#1002-R", sent at no
// cost, with shipments sh (none: not shipped).
func freeReplacement(t *testing.T, f *fixture, sh ...order.Shipment) {
	t.Helper()
	o := storetest.Order("s", "9", "#1002-R", "ada@example.com", now.Add(-time.Hour))
	o.Tags = []string{order.ReplacementTag, "replaces-#1002"}
	o.TotalPrice = 0
	o.LineItems = o.LineItems[:1]
	o.LineItems[0].Quantity = 1
	if len(sh) > 0 {
		o.FulfillmentStatus = "fulfilled"
	}
	if _, err := f.store.Apply(t.Context(), store.Change{Shop: "s", Order: &o, Shipments: sh}); err != nil {
		t.Fatal(err)
	}
}

// "Cancel the replacement", however said: the proposal is to cancel the
// replacement order (never the original), and says it is the
// replacement; the yes cancels exactly that order, once, refunding
// nothing; the next turn's State says what ran.
func TestCancelTheReplacement(t *testing.T) {
	for _, text := range []string{"found the other mug, pls cancel the replacement", "nvm dont send the new one", "Bitte den Ersatz stornieren"} {
		t.Run(text, func(t *testing.T) {
			f := setup(t)
			shop := withResolver(f)
			freeReplacement(t, f)
			c := adaConv()
			c.CurrentOrder = "#1002"
			res := f.turn(t, c, text, 1, use(toolname.CancelOrder, `{}`), say("ok"))
			p := c.Pending
			if p == nil {
				t.Fatalf("no proposal; result %s", f.model.lastResult(t))
			}
			if p.Tool != toolname.CancelOrder || p.Order != "#1002-R" || p.Amount != 0 {
				t.Fatalf("proposal %s on %s for %d, want cancel_order on #1002-R for 0", p.Tool, p.Order, p.Amount)
			}
			if !strings.Contains(p.Statement, "#1002-R") || !strings.Contains(p.Statement, "replacement") || !strings.Contains(p.Statement, "#1002") ||
				strings.Contains(p.Statement, "$0.00") || !strings.Contains(res.Reply, p.Statement) {
				t.Errorf("statement %q (reply %q): want #1002-R named as the replacement for #1002, no $0.00 refund", p.Statement, res.Reply)
			}
			history := []conversation.Message{{Seq: 1, Role: conversation.RoleCustomer, Text: text}, {Seq: 2, Role: conversation.RoleAgent, Text: res.Reply}}
			f.model.steps = append(f.model.steps[:0], use(toolname.CancelOrder, `{"confirm":true}`), say("done"))
			if _, err := f.agent.Turn(t.Context(), c, history, "yes", 3); err != nil {
				t.Fatal(err)
			}
			if len(shop.cancels) != 1 || shop.cancels[0].OrderID != "9" || shop.cancels[0].Refund != 0 || shop.cancels[0].IdempotencyKey != p.ID {
				t.Fatalf("cancels %+v, want one of #1002-R (id 9) refunding 0", shop.cancels)
			}
			if _, err := f.agent.Execute(t.Context(), "s", *p, true); err != agent.ErrAlreadyDone {
				t.Errorf("second run: %v, want ErrAlreadyDone", err)
			}
			if got := f.model.lastResult(t); strings.Contains(got, "$0.00") {
				t.Errorf("done result %s speaks of a $0.00 refund", got)
			}
			f.turn(t, c, "did it go through?", 5, say("ok"))
			st := f.model.reqs[len(f.model.reqs)-1].State
			if st == nil || len(st.Done) != 1 || st.Done[0].Tool != toolname.CancelOrder || st.Done[0].Order != "#1002-R" || st.Done[0].Status != conversation.ProposalDone {
				t.Errorf("state done %+v, want the cancellation of #1002-R", st)
			}
		})
	}
}

// A replacement that shipped is not cancelled: the refusal says it is
// the replacement, with its tracking, and offers a person.
func TestCancelTheReplacementShipped(t *testing.T) {
	f := setup(t)
	shop := withResolver(f)
	sh := storetest.Shipment("s", "9", "f9", "1ZREPL123", now.Add(-2*time.Hour), order.StatusInTransit)
	shipped := now.Add(-2 * time.Hour)
	sh.ShippedAt = &shipped
	freeReplacement(t, f, sh)
	c := adaConv()
	f.turn(t, c, "cancel the replacement", 1, use(toolname.CancelOrder, `{"order_number":"#1002-R"}`), say("ok"))
	var r map[string]any
	_ = json.Unmarshal([]byte(f.model.lastResult(t)), &r)
	reason, _ := r["reason"].(string)
	if r["status"] != "refused" || !strings.Contains(reason, "1ZREPL123") || !strings.Contains(reason, "replacement") || r["offer"] == nil {
		t.Errorf("result %v, want refused with the replacement's tracking and a person offered", r)
	}
	if c.Pending != nil || len(shop.cancels) != 0 {
		t.Errorf("pending %+v, cancels %+v: want nothing", c.Pending, shop.cancels)
	}
}
