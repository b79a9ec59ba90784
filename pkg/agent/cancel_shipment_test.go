package agent_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/store/storetest"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A refund or replacement now of a late parcel the carrier never picked
// up (a label printed, no scan) cancels its shipment first, so the
// warehouse does not send it; the statement the customer says yes to says
// so. A scanned parcel is refunded or replaced as it is. The demo shop
// applies it (GET /dev/shop/actions), once, whatever the retries.
func TestLateParcelNeverPickedUpIsCancelled(t *testing.T) {
	label := now.Add(-20 * 24 * time.Hour)
	for _, tc := range []struct {
		name       string
		resolution string
		status     order.ShipmentStatus
		shipped    *time.Time
		wantSay    string // in the statement
		wantTypes  string // the demo shop's actions, in order
		wantState  string // the shipment's state after
	}{
		{"refund, label printed", "refund", order.StatusLabelPrinted, nil,
			"I'll cancel the shipment of 2 × Blue mug from your late order #1004, which the carrier never picked up, so it won't be sent, and refund $39.98",
			"cancel_shipment,refund", "cancelled"},
		{"replacement, label printed", "replacement", order.StatusLabelPrinted, nil,
			"which the carrier never picked up, and have the items sent again now, at no cost", "cancel_shipment", "cancelled"},
		{"refund, in transit", "refund", order.StatusInTransit, &label,
			"I'll refund", "refund", "success"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			shop := &demoshop.Shop{Store: f.store, Clock: clock.NewFixed(now)}
			f.agent.Commerce = shop
			o := storetest.Order("s", "6", "#1004", "ada@example.com", label.Add(-24*time.Hour))
			sh := storetest.Shipment("s", "6", "f6", "9400", label, tc.status)
			sh.ShippedAt = tc.shipped
			if _, err := f.store.Apply(t.Context(), store.Change{Shop: "s", Order: &o, Shipments: []order.Shipment{sh}}); err != nil {
				t.Fatal(err)
			}
			c := adaConv()
			res := f.turn(t, c, "it never came, I'd rather have a "+tc.resolution, 1,
				use(toolname.FollowUp, `{"order_number":"#1004","resolution":"`+tc.resolution+`"}`), say("ok"))
			if c.Pending == nil {
				t.Fatalf("no proposal; reply %q, last result %s", res.Reply, f.model.lastResult(t))
			}
			p := *c.Pending
			if !strings.Contains(p.Statement, tc.wantSay) || p.CancelShipment != (tc.wantState == "cancelled") {
				t.Fatalf("proposal %+v: want the statement to say %q", p, tc.wantSay)
			}
			if strings.Contains(p.Statement, "cancel") != p.CancelShipment {
				t.Errorf("statement %q and CancelShipment %v disagree", p.Statement, p.CancelShipment)
			}
			f.model.steps = append(f.model.steps[:0], use(toolname.FollowUp, `{"confirm":true}`), say("done"))
			history := []conversation.Message{{Seq: 1, Role: conversation.RoleCustomer, Text: "it never came"}, {Seq: 2, Role: conversation.RoleAgent, Text: res.Reply}}
			if _, err := f.agent.Turn(t.Context(), c, history, "yes", 3); err != nil {
				t.Fatal(err)
			}
			// A retry, an approval replayed: nothing runs again.
			if _, err := f.agent.Execute(t.Context(), "s", p, true); err != agent.ErrAlreadyDone {
				t.Errorf("second run: %v, want ErrAlreadyDone", err)
			}
			acts, err := demoshop.Actions(t.Context(), f.store)
			if err != nil {
				t.Fatal(err)
			}
			var types []string
			for _, a := range acts {
				types = append(types, a.Type)
			}
			if got := strings.Join(types, ","); got != tc.wantTypes {
				t.Errorf("shop actions %s, want %s", got, tc.wantTypes)
			}
			got, err := f.store.GetOrder(t.Context(), "s", "6")
			if err != nil || len(got.Shipments) != 1 || got.Shipments[0].State != tc.wantState {
				t.Errorf("shipments %+v, %v; want state %s", got.Shipments, err, tc.wantState)
			}
		})
	}
}

// A carrier scan after the customer's yes and before the proposal runs
// (an approval later): the stated cancellation can no longer happen, so
// nothing runs and the customer hears why.
func TestCancelShipmentRefusedOnceScanned(t *testing.T) {
	f := setup(t)
	shop := &demoshop.Shop{Store: f.store, Clock: clock.NewFixed(now)}
	f.agent.Commerce = shop
	label := now.Add(-20 * 24 * time.Hour)
	o := storetest.Order("s", "6", "#1004", "ada@example.com", label.Add(-24*time.Hour))
	sh := storetest.Shipment("s", "6", "f6", "9400", label, order.StatusLabelPrinted)
	if _, err := f.store.Apply(t.Context(), store.Change{Shop: "s", Order: &o, Shipments: []order.Shipment{sh}}); err != nil {
		t.Fatal(err)
	}
	p := conversation.Proposal{ID: "c1-9-0", Tool: toolname.FollowUp, Order: "#1004", OrderID: "6", ShipmentID: "f6", Resolution: "refund",
		CancelShipment: true, Amount: 1000, Currency: "USD", Lines: []conversation.ProposalLine{{LineItemID: "6-1", Quantity: 1, Price: 1000}}}
	scanned := now.Add(-time.Hour)
	sh.Status, sh.ShippedAt, sh.UpdatedAt = order.StatusInTransit, &scanned, scanned
	if _, err := f.store.Apply(t.Context(), store.Change{Shop: "s", Shipments: []order.Shipment{sh}}); err != nil {
		t.Fatal(err)
	}
	_, err := f.agent.Execute(t.Context(), "s", p, true)
	var refused *agent.RefusedError
	if !errors.As(err, &refused) || !strings.Contains(refused.Reason, "picked up the parcel since") {
		t.Fatalf("Execute = %v, want refused: picked up since", err)
	}
	if acts, _ := demoshop.Actions(t.Context(), f.store); len(acts) != 0 {
		t.Errorf("shop actions %+v, want none", acts)
	}
}
