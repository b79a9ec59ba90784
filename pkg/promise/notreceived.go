package promise

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// Case is a customer's report that a parcel marked delivered never came,
// made while the merchant's policy still has them look around (a
// neighbour, a safe place: policy.StepLookAround): they were told to tell
// us if it has not turned up by Until. It is kept with the order's
// findings, so any later conversation of the customer, on any channel and
// after the chat's token expired, knows it and lets them carry it on
// ("still nothing") rather than start again. The delivery check's own
// not-received record, made once the policy acts, takes its place.
type Case struct {
	Shop       string    `json:"shop"`
	OrderID    string    `json:"order_id"`
	OrderName  string    `json:"order_name"`
	ShipmentID string    `json:"shipment_id"`
	ReportedAt time.Time `json:"reported_at"`
	Until      time.Time `json:"until"`
	// Conversation is where the customer reported it.
	Conversation string `json:"conversation,omitempty"`
	// Case marks the document (a promise or a finding has none).
	Case string `json:"case"`
	// ClosedAt is set when the customer withdrew the report: the parcel
	// came after all (Arrived). A closed case is no finding.
	ClosedAt *time.Time `json:"closed_at,omitempty"`
}

// caseKind is Case.Case.
const caseKind = "not_received"

// caseFor is how long after its wait ends a case is kept: a customer back
// much later starts afresh.
const caseFor = 30 * 24 * time.Hour

func caseID(shop, orderID, shipmentID string) string {
	return shop + "|" + orderID + "|notreceived:" + shipmentID
}

func isCase(id string) bool { return strings.Contains(id, "|notreceived:") }

// LookAround records (or renews) the customer's open report of a parcel
// marked delivered that has not come, while they look around until until.
func (s *Service) LookAround(ctx context.Context, c Case) error {
	c.Case = caseKind
	b, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("encode not-received case: %w", err)
	}
	if err := s.Store.PutDoc(ctx, Collection, caseID(c.Shop, c.OrderID, c.ShipmentID), b, c.Until.Add(caseFor)); err != nil {
		return fmt.Errorf("record not-received case on %s: %w", c.OrderName, err)
	}
	return nil
}

// LookAround records the customer's open report of order's parcel
// shipmentID, made at reported, with the wait until until, in conversation
// conv (the agent's port): Promises keeps it.
func (f Findings) LookAround(ctx context.Context, shop, orderID, orderName, shipmentID string, reported, until time.Time, conv string) error {
	if f.Promises == nil {
		return fmt.Errorf("record not-received case: no promises service")
	}
	return f.Promises.LookAround(ctx, Case{Shop: shop, OrderID: orderID, OrderName: orderName, ShipmentID: shipmentID,
		ReportedAt: reported, Until: until, Conversation: conv})
}

// openCases are the cases among an order's documents that the delivery
// check has not taken over (no not-received record of its own for the
// parcel), as the agent is told them.
func (s *Service) openCases(docs []store.Doc, recs []watch.Record) ([]map[string]any, error) {
	var out []map[string]any
	for _, d := range docs {
		if !isCase(d.ID) {
			continue
		}
		var c Case
		if err := json.Unmarshal(d.Value, &c); err != nil {
			return nil, fmt.Errorf("decode not-received case %s: %w", d.ID, err)
		}
		if c.ClosedAt != nil {
			continue // withdrawn: the parcel came after all
		}
		taken := false
		for _, r := range recs {
			if r.ShipmentID == c.ShipmentID && r.Kind == watch.KindNotReceived {
				taken = true
			}
		}
		if taken {
			continue
		}
		out = append(out, map[string]any{"problem": string(watch.KindNotReceived), "shipment_id": c.ShipmentID, "step": "look_around",
			"until": s.When(c.Until), "reported": s.When(c.ReportedAt),
			"what_we_did": fmt.Sprintf("You told us on %s that this parcel, marked delivered, hadn't come, and we suggested checking with neighbours and around the door until %s. If it still hasn't turned up, tell us and we act at once.",
				s.When(c.ReportedAt), s.When(c.Until))})
	}
	return out, nil
}
