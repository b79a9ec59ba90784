// Package tracking is the one tracking model doorstep keeps: carrier events
// (time, status, location, description) and the carrier's estimate, fed by
// Shopify fulfillment updates and by tracking providers' webhooks (EasyPost,
// AfterShip). Each event is kept as a document (collection "trackevents"),
// and news changes the shipment (status, last event, estimate, delivery
// time) through store.Apply, newest data winning.
package tracking

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Collection is where tracking history is kept, one document per event,
// id "<shop>|<order>|<shipment>|<time>" (time in UTC, fixed width, so a
// shipment's events list in time order).
const Collection = "trackevents"

// KindUpdated is the event of a carrier's news stored on a shipment (a
// provider's webhook, not Shopify's): other capabilities react to it as to
// a Shopify change of that shipment (a delivered parcel starts the
// check-in; the customer's chats learn it). Its payload is Updated.
const KindUpdated = "tracking.updated"

// Updated is the payload of KindUpdated.
type Updated struct {
	Shop      string           `json:"shop"`
	Shipments []order.Shipment `json:"shipments"`
}

// KeepFor is how long tracking history is kept.
const KeepFor = 400 * 24 * time.Hour

// DedupeFor is how long a provider event id is remembered.
const DedupeFor = 7 * 24 * time.Hour

// CheckInterval is when a moving shipment with no check scheduled is next
// due for the delivery check (as the Shopify intake does).
const CheckInterval = 12 * time.Hour

// Providers doorstep takes tracking webhooks from, and Shopify as a source.
const (
	SourceShopify = "shopify"
	EasyPost      = "easypost"
	AfterShip     = "aftership"
)

// Event is one piece of carrier news.
type Event struct {
	Time        time.Time            `json:"time"`
	Status      order.ShipmentStatus `json:"status"`
	Location    string               `json:"location,omitempty"`
	Description string               `json:"description,omitempty"`
	Source      string               `json:"source"`
}

// Update is one provider delivery, normalised: a tracker's state and its
// events.
type Update struct {
	Provider string
	// EventID is the provider's id for the delivery (dedupe); empty uses a
	// hash of the body.
	EventID        string
	TrackingNumber string
	Carrier        string
	// Status is the tracker's current status; empty when the provider's
	// status says nothing doorstep can use (unknown, error, pending).
	Status order.ShipmentStatus
	// At is when the provider last heard news; zero uses the newest event.
	At     time.Time
	Events []Event
	// Estimate is the carrier's estimated delivery, when given.
	Estimate *time.Time
	// DeliveredAt is the delivery time, when the provider gives one.
	DeliveredAt *time.Time
	PublicURL   string
}

// Store is what tracking needs.
type Store interface {
	ShipmentsByTracking(ctx context.Context, trackingNumber string) ([]order.Shipment, error)
	Apply(ctx context.Context, c store.Change) (store.Result, error)
	Claim(ctx context.Context, key string, expires time.Time) error
	Release(ctx context.Context, key string) error
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
}

// Service records tracking news.
type Service struct {
	Store Store
	Clock clock.Clock
	Log   *slog.Logger
	// Secrets are the providers' webhook secrets (EasyPost, AfterShip); a
	// provider with no secret is accepted unsigned, unless RequireSignature.
	Secrets map[string][]byte
	// RequireSignature refuses (401) a provider with no secret set. The
	// Lambda sets it: an unsigned status could start a refund. The local
	// runner leaves it off, so a demo can post events by hand.
	RequireSignature bool
	// Updated, when set, is called with each shipment's new state after
	// news about it was stored (notifications, carrier claims); what it
	// does must be safe to do again, as a failure it returns is retried.
	Updated func(ctx context.Context, sh order.Shipment) error
}

// Outcomes of one provider delivery.
const (
	OutcomeApplied   = "applied"
	OutcomeDuplicate = "duplicate"
	OutcomeRecorded  = "recorded" // history kept; the shipment knew newer news
	OutcomeIgnored   = "ignored"  // no shipment has that tracking number
)

func (s *Service) log() *slog.Logger {
	if s.Log == nil {
		return slog.Default()
	}
	return s.Log
}

// EventID is a history document id.
func EventID(shop, orderID, shipmentID string, t time.Time) string {
	return ShipmentPrefix(shop, orderID, shipmentID) + t.UTC().Format("2006-01-02T15:04:05.000000000Z")
}

// ShipmentPrefix is the id prefix of one shipment's history.
func ShipmentPrefix(shop, orderID, shipmentID string) string {
	return shop + "|" + orderID + "|" + shipmentID + "|"
}

// Record keeps events in a shipment's history. Recording an event twice
// changes nothing.
func (s *Service) Record(ctx context.Context, sh order.Shipment, events []Event) error {
	for _, e := range events {
		if e.Time.IsZero() {
			continue
		}
		e.Time = e.Time.UTC()
		b, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("encode tracking event: %w", err)
		}
		if err := s.Store.PutDoc(ctx, Collection, EventID(sh.Shop, sh.OrderID, sh.ID, e.Time), b, e.Time.Add(KeepFor)); err != nil {
			return fmt.Errorf("record tracking event of shipment %s: %w", sh.ID, err)
		}
	}
	return nil
}

// History lists a shipment's events, oldest first.
func History(ctx context.Context, st interface {
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
}, shop, orderID, shipmentID string) ([]Event, error) {
	var out []Event
	after := ""
	for {
		docs, err := st.ListDocs(ctx, Collection, ShipmentPrefix(shop, orderID, shipmentID), after, 200)
		if err != nil {
			return nil, fmt.Errorf("tracking history of shipment %s: %w", shipmentID, err)
		}
		for _, d := range docs {
			var e Event
			if err := json.Unmarshal(d.Value, &e); err != nil {
				return nil, fmt.Errorf("decode tracking event %s: %w", d.ID, err)
			}
			out = append(out, e)
		}
		if len(docs) < 200 {
			return out, nil
		}
		after = docs[len(docs)-1].ID
	}
}

// History lists a shipment's events, oldest first.
func (s *Service) History(ctx context.Context, shop, orderID, shipmentID string) ([]Event, error) {
	return History(ctx, s.Store, shop, orderID, shipmentID)
}

// FromShopify records what a Shopify webhook said about shipments: the
// intake's Applied reaction calls it after the change was stored. It
// does what it can and returns the failures joined, for the event to be
// retried (history is keyed by time, notices by kind: a retry repeats
// nothing).
func (s *Service) FromShopify(ctx context.Context, topic string, c store.Change) error {
	var errs []error
	for _, sh := range c.Shipments {
		if sh.Cancelled() {
			continue
		}
		at := sh.LastEventAt
		if at.IsZero() {
			at = sh.UpdatedAt
		}
		e := Event{Time: at, Status: sh.Status, Description: Describe(sh.Status), Source: SourceShopify}
		if err := s.Record(ctx, sh, []Event{e}); err != nil {
			errs = append(errs, fmt.Errorf("record shopify tracking (%s): %w", topic, err))
			continue
		}
		if s.Updated != nil {
			if err := s.Updated(ctx, sh); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// Apply records a provider update on every shipment with its tracking
// number: history first, then the shipment, newer news winning. A delivery
// seen before is a duplicate; a tracking number doorstep does not know is
// ignored. It returns an error only when a retry could help; the dedupe
// claim is released then.
func (s *Service) Apply(ctx context.Context, u Update) (string, error) {
	number := strings.TrimSpace(u.TrackingNumber)
	if number == "" {
		return "", errors.New("update has no tracking number")
	}
	ships, err := s.Store.ShipmentsByTracking(ctx, number)
	if err != nil {
		return "", fmt.Errorf("find tracking number: %w", err)
	}
	if len(ships) == 0 {
		return OutcomeIgnored, nil
	}
	now := s.Clock.Now()
	key := "tracking:" + u.Provider + ":" + u.EventID
	if err := s.Store.Claim(ctx, key, now.Add(DedupeFor)); errors.Is(err, store.ErrDuplicate) {
		return OutcomeDuplicate, nil
	} else if err != nil {
		return "", fmt.Errorf("claim tracking event: %w", err)
	}
	outcome, updated, err := s.apply(ctx, number, ships, u, now)
	if err != nil {
		if rerr := s.Store.Release(ctx, key); rerr != nil {
			err = errors.Join(err, rerr)
		}
		return "", err
	}
	if s.Updated != nil {
		for _, sh := range updated {
			// The update is stored and its claim kept: a provider's retry
			// would be a duplicate, so a failure here is logged.
			if err := s.Updated(ctx, sh); err != nil {
				s.log().ErrorContext(ctx, "after tracking update", "shop", sh.Shop, "order_id", sh.OrderID, "shipment_id", sh.ID, "err", err)
			}
		}
	}
	return outcome, nil
}

func (s *Service) apply(ctx context.Context, number string, ships []order.Shipment, u Update, now time.Time) (string, []order.Shipment, error) {
	outcome := OutcomeRecorded
	var updated []order.Shipment
	for _, sh := range ships {
		if err := s.Record(ctx, sh, u.Events); err != nil {
			return "", nil, err
		}
		for attempt := 0; ; attempt++ {
			next, changed := Merge(sh, u, now)
			if !changed {
				break
			}
			// The event is written with the shipment, or not at all.
			e, err := event.New(KindUpdated, sh.Shop, "tracking:"+u.Provider+":"+u.EventID+":"+sh.OrderID+":"+sh.ID, now,
				Updated{Shop: sh.Shop, Shipments: []order.Shipment{next}})
			if err != nil {
				return "", nil, err
			}
			res, err := s.Store.Apply(ctx, store.Change{Shop: sh.Shop, Shipments: []order.Shipment{next}, Events: []event.Event{e}})
			if err != nil {
				return "", nil, fmt.Errorf("update shipment %s: %w", sh.ID, err)
			}
			if res.Written > 0 {
				outcome = OutcomeApplied
				updated = append(updated, next)
				break
			}
			// Someone stored newer data meanwhile: merge into that.
			if attempt >= 2 {
				break
			}
			fresh, err := s.Store.ShipmentsByTracking(ctx, number)
			if err != nil {
				return "", nil, fmt.Errorf("reread shipment %s: %w", sh.ID, err)
			}
			found := false
			for _, f := range fresh {
				if f.Shop == sh.Shop && f.OrderID == sh.OrderID && f.ID == sh.ID {
					sh, found = f, true
				}
			}
			if !found {
				break
			}
		}
	}
	return outcome, updated, nil
}

// Merge applies u to sh and reports whether anything changed. News older
// than the shipment's last event changes its status no more, but a fresh
// estimate is kept. The result is stored with an UpdatedAt after sh's.
func Merge(sh order.Shipment, u Update, now time.Time) (order.Shipment, bool) {
	before := sh
	latest := u.At
	for _, e := range u.Events {
		if e.Time.After(latest) {
			latest = e.Time
		}
	}
	if latest.IsZero() {
		latest = now
	}
	latest = latest.UTC()
	fresh := !latest.Before(sh.LastEventAt)
	if fresh {
		if u.Status != order.StatusNone && u.Status != sh.Status {
			sh.Status = u.Status
		}
		if latest.After(sh.LastEventAt) {
			sh.LastEventAt = latest
		}
		if u.Estimate != nil {
			est := u.Estimate.UTC()
			sh.EstimatedDelivery = &est
		}
	}
	if sh.Carrier == "" && u.Carrier != "" {
		sh.Carrier = u.Carrier
	}
	if sh.TrackingURL == "" && u.PublicURL != "" {
		sh.TrackingURL = u.PublicURL
	}
	stage := order.ShipmentStage(sh)
	if sh.ShippedAt == nil && stage != order.StageLabelCreated {
		t := firstMoving(u.Events, latest)
		sh.ShippedAt = &t
	}
	if stage == order.StageDelivered && sh.DeliveredAt == nil {
		t := latest
		if u.DeliveredAt != nil {
			t = u.DeliveredAt.UTC()
		} else if d := lastWith(u.Events, order.StatusDelivered, order.StatusPickedUp); !d.IsZero() {
			t = d
		}
		sh.DeliveredAt = &t
	}
	if equalShipment(before, sh) {
		return before, false
	}
	switch stage {
	case order.StageDelivered:
		sh.NextCheckAt = nil
	case order.StageDeliveryException:
		// Due now: the delivery check handles trouble at its next run.
		t := now
		sh.NextCheckAt = &t
	default:
		if sh.NextCheckAt == nil {
			t := now.Add(CheckInterval)
			sh.NextCheckAt = &t
		}
	}
	if sh.Cancelled() {
		sh.NextCheckAt = nil
	}
	sh.UpdatedAt = later(before.UpdatedAt.Add(time.Millisecond), latest)
	return sh, true
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// firstMoving is the time of the first event that shows the carrier had
// the parcel, else def.
func firstMoving(events []Event, def time.Time) time.Time {
	var first time.Time
	for _, e := range events {
		st := order.ShipmentStage(order.Shipment{Status: e.Status})
		if e.Status != order.StatusNone && st != order.StageLabelCreated && (first.IsZero() || e.Time.Before(first)) {
			first = e.Time
		}
	}
	if first.IsZero() {
		return def
	}
	return first.UTC()
}

func lastWith(events []Event, statuses ...order.ShipmentStatus) time.Time {
	var last time.Time
	for _, e := range events {
		for _, s := range statuses {
			if e.Status == s && e.Time.After(last) {
				last = e.Time
			}
		}
	}
	return last.UTC()
}

func equalShipment(a, b order.Shipment) bool {
	ab, _ := json.Marshal(a)
	bb, _ := json.Marshal(b)
	return string(ab) == string(bb)
}

// Describe is a status in words, for history kept from a bare status.
func Describe(s order.ShipmentStatus) string {
	switch s {
	case order.StatusNone:
		return "Fulfilled, waiting for carrier news"
	case order.StatusLabelPrinted, order.StatusLabelPurchased:
		return "Shipping label created"
	case order.StatusConfirmed:
		return "Carrier confirmed the shipment"
	case order.StatusCarrierPickedUp:
		return "Picked up by the carrier"
	case order.StatusInTransit:
		return "In transit"
	case order.StatusDelayed:
		return "Delayed in transit"
	case order.StatusOutForDelivery:
		return "Out for delivery"
	case order.StatusAttemptedDelivery:
		return "Delivery attempted"
	case order.StatusReadyForPickup:
		return "Ready for pickup"
	case order.StatusPickedUp:
		return "Picked up by the customer"
	case order.StatusDelivered:
		return "Delivered"
	case order.StatusFailure:
		return "Delivery problem reported by the carrier"
	case order.StatusReturnedToSender:
		return "Returned to sender"
	}
	return strings.ReplaceAll(string(s), "_", " ")
}
