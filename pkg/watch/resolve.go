package watch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	amounts "github.com/doorstep-ai/doorstep/pkg/money"
	"slices"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/resolution"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// The resolution port and its types live in package resolution; these
// names stay for code written against package watch.
type (
	Resolver       = resolution.Resolver
	RefundRequest  = resolution.RefundRequest
	RefundResult   = resolution.RefundResult
	ReplaceLine    = resolution.ReplaceLine
	ReplaceRequest = resolution.ReplaceRequest
	ReplaceResult  = resolution.ReplaceResult
)

// Errors a Resolver returns (package resolution's).
var (
	ErrAlreadyDone  = resolution.ErrAlreadyDone
	ErrRejected     = resolution.ErrRejected
	ErrUncertain    = resolution.ErrUncertain
	ErrNotDelivered = resolution.ErrNotDelivered
)

// Record is what doorstep found and did about one problem of one parcel:
// collection "problems", id "<shop>|<order>|<shipment>|<kind>".
type Record struct {
	Shop       string    `json:"shop"`
	OrderID    string    `json:"order_id"`
	OrderName  string    `json:"order_name"`
	ShipmentID string    `json:"shipment_id"`
	Kind       Kind      `json:"kind"`
	DetectedAt time.Time `json:"detected_at"`
	// Estimate is the delivery estimate when the problem was found.
	Estimate string `json:"estimate,omitempty"`
	Action   Action `json:"action"`
	// Done is set once the action was carried out.
	Done bool `json:"done"`
	// Detail says what was done, in words fit for the customer.
	Detail             string      `json:"detail"`
	RefundID           string      `json:"refund_id,omitempty"`
	RefundAmount       order.Money `json:"refund_amount,omitempty"`
	Currency           string      `json:"currency,omitempty"`
	ReplacementOrderID string      `json:"replacement_order_id,omitempty"`
	ReplacementName    string      `json:"replacement_name,omitempty"`
	HandoffID          string      `json:"handoff_id,omitempty"`
	// NoticeSent is set once the customer was told (or told already by an
	// earlier notice about this parcel, NoticeSkipped).
	NoticeSent    bool       `json:"notice_sent"`
	NoticeSkipped bool       `json:"notice_skipped,omitempty"`
	NoticeAt      *time.Time `json:"notice_at,omitempty"`
	// ClosedAt is set when the problem ended on its own (the parcel was
	// delivered after all); ClosedReason says how, for staff and the
	// agent. Withdrawn is set when the action had not run by then and
	// never will.
	ClosedAt     *time.Time `json:"closed_at,omitempty"`
	ClosedReason string     `json:"closed_reason,omitempty"`
	Withdrawn    bool       `json:"withdrawn,omitempty"`
	// Unscanned is set when the problem was found on a label the carrier
	// had never scanned: the carrier's first scan ends it.
	Unscanned bool `json:"unscanned,omitempty"`
	// Given is the delivery estimate the notice gave the customer.
	Given *edd.Estimate `json:"given,omitempty"`
	// Parts are parts of the parcel made good while the rest stayed
	// watched (part.go).
	Parts []Part `json:"parts,omitempty"`
	// Credit is set when the refund (RefundID, RefundAmount) was paid as
	// store credit at the customer's request.
	Credit bool `json:"credit,omitempty"`
}

// Open reports whether the problem is still a problem (not closed by a
// delivery after all, or by the carrier's first scan of a label).
func (r Record) Open() bool { return r.ClosedAt == nil }

// Collections the watch keeps.
const (
	ProblemsCollection = "problems"
	// HandoffsCollection holds the handoff records (package escalation's
	// collection), for the console's escalation queue.
	HandoffsCollection = escalation.Handoffs
)

func recordID(shop, orderID, shipmentID string, k Kind) string {
	return shop + "|" + orderID + "|" + shipmentID + "|" + string(k)
}

// HandoffSLA is when a person should have answered a delivery handoff
// that no escalation workflow times (Escalations unset).
const HandoffSLA = 4 * time.Hour

// Escalator opens a handoff through the escalation workflow (its SLA timer,
// staff told): package escalation's Service. With none, the watch writes
// the handoff record itself, with no timer.
type Escalator interface {
	// Open opens the handoff r asks for (the same r again opens nothing
	// new).
	Open(ctx context.Context, r escalation.Request) (escalation.Handoff, error)
}

// HandoffID is a delivery handoff's id: no characters a URL path or a
// Step Functions execution name would refuse.
func HandoffID(shop, orderID, shipmentID string, k Kind) string {
	short := strings.TrimSuffix(shop, ".myshopify.com")
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '-'
	}, "delivery-"+short+"-"+orderID+"-"+shipmentID+"-"+string(k))
}

// DocReader reads documents.
type DocReader interface {
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
}

// Cases reads an order's open delivery case (outreach.Cases): a parcel
// the customer reported not received or damaged that has not turned up
// since ("delivered after all" closes it).
type Cases struct{ Store DocReader }

// OpenCase reports whether the order has such a case, and its kind.
func (c Cases) OpenCase(ctx context.Context, shop, orderID string) (string, bool, error) {
	recs, err := OrderProblems(ctx, c.Store, shop, orderID)
	if err != nil {
		return "", false, err
	}
	for _, r := range recs {
		if (r.Kind == KindNotReceived || r.Kind == KindDamaged) && r.Open() && !r.Withdrawn {
			return string(r.Kind), true, nil
		}
	}
	return "", false, nil
}

// OrderProblems lists what the watch found and did about an order's
// parcels, for the agent and the tracking page.
func OrderProblems(ctx context.Context, st DocReader, shop, orderID string) ([]Record, error) {
	docs, err := st.ListDocs(ctx, ProblemsCollection, shop+"|"+orderID+"|", "", 50)
	if err != nil {
		return nil, fmt.Errorf("order problems: %w", err)
	}
	out := make([]Record, 0, len(docs))
	for _, d := range docs {
		var r Record
		if err := json.Unmarshal(d.Value, &r); err != nil {
			return nil, fmt.Errorf("decode problem %s: %w", d.ID, err)
		}
		if r.Kind == "" {
			continue // not a finding: kept with them (package promise's promises)
		}
		out = append(out, r)
	}
	return out, nil
}

// Summary is a record in a few words for the agent's tool result: the
// problem and what was done.
func (r Record) Summary() map[string]any {
	m := map[string]any{"problem": string(r.Kind), "action": string(r.Action), "what_we_did": r.Detail, "shipment_id": r.ShipmentID}
	if r.ReplacementName != "" {
		m["replacement_order"] = r.ReplacementName
	}
	if r.RefundAmount > 0 && r.Credit {
		m["store_credit"] = money(r.RefundAmount, r.Currency)
	} else if r.RefundAmount > 0 {
		m["refunded"] = money(r.RefundAmount, r.Currency)
	}
	if r.NoticeAt != nil {
		m["customer_told"] = r.NoticeAt.Format(time.DateOnly)
	}
	if r.ClosedReason != "" {
		m["outcome"] = r.ClosedReason
	}
	if len(r.Parts) > 0 {
		m["made_good_part"], m["made_good_lines"] = r.partsSaid(), r.partLines() // part.go
	}
	if !r.Open() {
		// Over: the chat must not speak of it as a problem still.
		m["problem"] = string(r.Kind) + ", now over"
	}
	return m
}

// ProblemsByShipment is each parcel's worst open problem, as order.Track
// takes them: a problem made good by nothing more (ActionNone) or closed
// by a delivery after all does not mark the parcel.
func ProblemsByShipment(rs []Record) map[string]string {
	out := map[string]string{}
	for _, r := range rs {
		if r.Action == ActionNone || !r.Open() {
			continue
		}
		if prev, ok := out[r.ShipmentID]; !ok || Worse(r.Kind, Kind(prev)) {
			out[r.ShipmentID] = string(r.Kind)
		}
	}
	return out
}

// Journey is o's journey at now with what the delivery check found: the
// one stage every view shows (the tracking page, the console, the local
// runner's order view), so a lost parcel is lost everywhere. loc is the
// shop's time zone (nil: UTC).
func Journey(ctx context.Context, st DocReader, o order.Order, now time.Time, loc *time.Location, returnWindow time.Duration) (order.Journey, error) {
	rs, err := OrderProblems(ctx, st, o.Shop, o.ID)
	if err == nil {
		rs, err = SettledByPerson(ctx, st, rs)
	}
	if err != nil {
		return order.Track(o, now, loc, returnWindow, nil), err
	}
	return order.Track(o, now, loc, returnWindow, ProblemsByShipment(rs)), nil
}

// money is an amount as the customer reads it (pkg/money; no currency is
// the default shop currency, as everywhere).
func money(m order.Money, currency string) string {
	return amounts.Format(int64(m), amounts.Or(currency))
}

// ForAgent is what the support agent asks the watch (the agent's
// Deliveries port): what happened to an order's parcels, and a customer's
// own report of a parcel that did not arrive or arrived damaged.
type ForAgent struct{ Checker *Checker }

// OrderProblems lists an order's problems and what was done, newest first
// (Record.Summary: problem, action, what_we_did, replacement_order,
// refunded, customer_told).
func (f ForAgent) OrderProblems(ctx context.Context, shop, orderID string) ([]map[string]any, error) {
	rs, err := OrderProblems(ctx, f.Checker.Store, shop, orderID)
	if err != nil {
		return nil, err
	}
	if rs, err = SettledByPerson(ctx, f.Checker.Store, rs); err != nil {
		return nil, err
	}
	return Explain(rs), nil
}

// ResolvedByPerson is the ClosedReason SettledByPerson gives a problem
// whose handoff a person resolved.
const ResolvedByPerson = "resolved by our team"

// SettledByPerson returns rs with each problem a person was handed
// (ActionPerson: nothing was made good) whose handoff a person has since resolved
// in the console shown as over (ClosedAt, ClosedReason ResolvedByPerson):
// the customer's report of a parcel that never came no longer covers its
// items, so a return of them goes by the return policy. Nothing is
// written: the handoff is the record of the person's decision. A problem
// whose handoff is still open, or cannot be read (st cannot read
// documents, the handoff was erased), stays as it is. One read per such
// problem, only for problems handed to a person.
func SettledByPerson(ctx context.Context, st DocReader, rs []Record) ([]Record, error) {
	get, ok := st.(interface {
		GetDoc(ctx context.Context, coll, id string) ([]byte, error)
	})
	if !ok {
		return rs, nil
	}
	out := slices.Clone(rs)
	for i, r := range rs {
		if r.HandoffID == "" || r.Action != ActionPerson || !r.Open() {
			continue
		}
		b, err := get.GetDoc(ctx, HandoffsCollection, r.HandoffID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read handoff of problem: %w", err)
		}
		var h escalation.Handoff
		if err := json.Unmarshal(b, &h); err != nil {
			return nil, fmt.Errorf("decode handoff %s: %w", r.HandoffID, err)
		}
		if h.Status != escalation.StatusResolved || h.ClosedAt == nil {
			continue
		}
		at := *h.ClosedAt
		out[i].ClosedAt, out[i].ClosedReason = &at, ResolvedByPerson
	}
	return out, nil
}

// ReportProblem handles the customer's report ("not_received" or
// "damaged") as Checker.ReportProblem does and says what was done. A
// parcel not delivered yet is ErrNotDelivered.
func (f ForAgent) ReportProblem(ctx context.Context, shop, orderID, kind string) (map[string]any, error) {
	r, err := f.Checker.ReportProblem(ctx, shop, orderID, Kind(kind))
	if err != nil {
		return nil, err
	}
	return r.Summary(), nil
}

// MadeGood records a parcel still on its way that the support agent
// replaced or refunded at the customer's request (a proposal they said yes
// to) as its made-good record (RecordMadeGood).
func (f ForAgent) MadeGood(ctx context.Context, g resolution.MadeGood) error {
	return RecordMadeGood(ctx, f.Checker.Store, f.Checker.Clock.Now(), g)
}

// DocStore reads and writes the problem records.
type DocStore interface {
	DocReader
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
}

// RecordMadeGood is the one record that a parcel was made good (replaced,
// refunded or credited), whoever did it: the agent at the customer's
// request, a promise kept at its time, or the delivery check itself. It is
// kept as the parcel's late problem, done and told (the customer heard it
// where it was done): no check acts on the parcel again or sends it a
// late or trace notice, no promise about it is made or kept, and the agent
// says it was done rather than offering it again (ParcelMadeGood). A
// parcel already made good keeps its record.
func RecordMadeGood(ctx context.Context, st DocStore, now time.Time, g resolution.MadeGood) error {
	recs, err := OrderProblems(ctx, st, g.Shop, g.OrderID)
	if err != nil {
		return fmt.Errorf("record parcel made good: %w", err)
	}
	if _, ok := ParcelMadeGood(recs, g.ShipmentID); ok {
		return nil
	}
	if len(g.Lines) > 0 {
		return recordPart(ctx, st, now, recs, g) // part.go: the rest stays watched
	}
	r := Record{Shop: g.Shop, OrderID: g.OrderID, OrderName: g.OrderName, ShipmentID: g.ShipmentID, Kind: KindLate, DetectedAt: now}
	for _, x := range recs {
		if x.ShipmentID == g.ShipmentID && x.Kind == KindLate {
			r = x
		}
	}
	r.Done, r.NoticeSent, r.Detail, r.Currency = true, true, g.Detail, g.Currency
	if r.NoticeAt == nil {
		r.NoticeSkipped = true
	}
	switch g.Action {
	case resolution.ActionRefund:
		r.Action, r.RefundID, r.RefundAmount = ActionRefund, g.RefundID, g.Refunded
	case resolution.ActionStoreCredit:
		r.Action, r.RefundID, r.RefundAmount, r.Credit = ActionRefund, g.RefundID, g.Refunded, true
	case resolution.ActionReplacement:
		r.Action, r.ReplacementName = ActionReplace, g.Replacement
	default:
		return fmt.Errorf("record parcel made good: action %q", g.Action)
	}
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("record parcel made good: %w", err)
	}
	if err := st.PutDoc(ctx, ProblemsCollection, recordID(r.Shop, r.OrderID, r.ShipmentID, r.Kind), b, time.Time{}); err != nil {
		return fmt.Errorf("record parcel made good: %w", err)
	}
	return nil
}

// ParcelMadeGood is the record that the parcel (shipmentID) was made good
// (replaced or refunded), among an order's records; every path that would
// replace, refund or promise to checks it first.
func ParcelMadeGood(recs []Record, shipmentID string) (Record, bool) {
	for _, r := range recs {
		if r.ShipmentID == shipmentID && r.Done && (r.Action == ActionReplace || r.Action == ActionRefund || r.Action == ActionNone && len(r.Parts) > 0) {
			return r, true // ActionNone with parts: made good in parts, nothing left (part.go)
		}
	}
	return Record{}, false
}

// MadeGoodText is what the customer is told of a parcel made good: what
// was done, with the replacement order's name.
func (r Record) MadeGoodText() string {
	switch {
	case r.Action == ActionNone && len(r.Parts) > 0:
		return "this parcel was already made good: " + strings.Join(r.partsSaid(), "; ")
	case r.Action == ActionReplace && r.ReplacementName != "":
		return "this parcel was already replaced (order " + r.ReplacementName + ")"
	case r.Action == ActionReplace:
		return "this parcel was already replaced"
	case r.Credit:
		return "this parcel was already made good with store credit (" + money(r.RefundAmount, r.Currency) + ")"
	case r.RefundAmount > 0:
		return "this parcel was already refunded (" + money(r.RefundAmount, r.Currency) + ")"
	}
	return "this parcel was already refunded"
}
