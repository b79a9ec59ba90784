// Package intake takes in Shopify webhooks: it checks each delivery's
// signature, normalises its body into the order domain and applies it to the
// store exactly once, newest data winning.
package intake

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/httpjson"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/privacy"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// MaxBody is the largest webhook body accepted.
const MaxBody = 1 << 20

// DedupeFor is how long an event id is remembered. Shopify retries for about
// four hours; a week covers late redeliveries too.
const DedupeFor = 7 * 24 * time.Hour

// CheckInterval is when a shipment still on its way is first due for the
// delivery check after news of it arrives.
const CheckInterval = 12 * time.Hour

// Applier is the part of the store intake needs.
type Applier interface {
	Apply(ctx context.Context, c store.Change) (store.Result, error)
}

// Secrets gives a shop's webhook secret.
type Secrets interface {
	Secret(shop string) ([]byte, bool)
}

// SecretMap is Secrets from a map of shop domain to secret.
type SecretMap map[string][]byte

// Secret returns the shop's secret.
func (m SecretMap) Secret(shop string) ([]byte, bool) {
	s, ok := m[shop]
	return s, ok && len(s) > 0
}

// Service applies webhook deliveries.
type Service struct {
	Store   Applier
	Secrets Secrets
	Clock   clock.Clock
	Log     *slog.Logger
	// Topics handles topics that are not order data (products/* feed the
	// documentation index); a handler's *shopify.PayloadError is a 400. A
	// handler must be idempotent and newest-wins (Shopify delivers twice,
	// late and out of order): intake runs it, then records the event id, so
	// a redelivery is reported as a duplicate (see Handle).
	Topics map[string]func(ctx context.Context, d Delivery) error
	// Privacy carries out Shopify's privacy webhooks (customers/redact,
	// customers/data_request, shop/redact). It must be set: those topics
	// are mandatory.
	Privacy Privacy
	// Orders, when set, reads the stored order so a shipment's ship date
	// is kept as news over time tells it (order.KeepShipDate): a webhook
	// dated from the label never moves it back.
	Orders OrderReader
}

// OrderReader reads a stored order with its shipments.
type OrderReader interface {
	GetOrder(ctx context.Context, shop, id string) (order.Order, error)
}

// keepShipDates sets each shipment's ship date from the stored copy
// (order.KeepShipDate). An order not stored yet has none to keep.
func (s *Service) keepShipDates(ctx context.Context, c *store.Change) error {
	if s.Orders == nil {
		return nil
	}
	stored := map[string]*order.Order{}
	for i, sh := range c.Shipments {
		o, ok := stored[sh.OrderID]
		if !ok {
			v, err := s.Orders.GetOrder(ctx, c.Shop, sh.OrderID)
			switch {
			case errors.Is(err, store.ErrNotFound):
			case err != nil:
				return fmt.Errorf("read order %s: %w", sh.OrderID, err)
			default:
				o = &v
			}
			stored[sh.OrderID] = o
		}
		if o == nil {
			continue
		}
		for j := range o.Shipments {
			if o.Shipments[j].ID == sh.ID {
				c.Shipments[i] = order.KeepShipDate(&o.Shipments[j], sh)
			}
		}
	}
	return nil
}

// Privacy carries out a privacy request for a shop.
type Privacy interface {
	Handle(ctx context.Context, shop string, r privacy.Request) error
}

// KindApplied is the event of a webhook's change stored (an order created,
// updated, cancelled; a shipment; a refund; a return). Its payload is
// Applied.
const KindApplied = "order.applied"

// Applied is the payload of KindApplied: the webhook topic and what it
// changed.
type Applied struct {
	Topic     string           `json:"topic"`
	Shop      string           `json:"shop"`
	Order     *order.Order     `json:"order,omitempty"`
	Shipments []order.Shipment `json:"shipments,omitempty"`
	Refunds   []order.Refund   `json:"refunds,omitempty"`
	Returns   []order.Return   `json:"returns,omitempty"`
}

// AppliedOf is the payload of a change stored for topic.
func AppliedOf(topic string, c store.Change) Applied {
	return Applied{Topic: topic, Shop: c.Shop, Order: c.Order, Shipments: c.Shipments, Refunds: c.Refunds, Returns: c.Returns}
}

// Change is the stored change again.
func (a Applied) Change() store.Change {
	return store.Change{Shop: a.Shop, Order: a.Order, Shipments: a.Shipments, Refunds: a.Refunds, Returns: a.Returns}
}

// OnApplied adapts a reaction to stored changes (topic and change) to an
// event handler for KindApplied.
func OnApplied(fn func(ctx context.Context, topic string, c store.Change) error) event.Handler {
	return event.Typed(func(ctx context.Context, _ event.Event, a Applied) error {
		return fn(ctx, a.Topic, a.Change())
	})
}

// Outcome of one delivery.
const (
	OutcomeApplied   = "applied"
	OutcomeDuplicate = "duplicate"
	OutcomeStale     = "stale"
	OutcomeIgnored   = "ignored"
)

// Delivery is one webhook as received.
type Delivery struct {
	Topic, Shop, EventID, Signature string
	Body                            []byte
	// TriggeredAt is X-Shopify-Triggered-At, when Shopify says it sent the
	// event (the same on every retry); zero when absent or unreadable.
	TriggeredAt time.Time
	// ReceivedAt is when the delivery arrived; Handle sets it when zero.
	ReceivedAt time.Time
}

// At is when the delivery's event happened, for bodies that carry no date
// of their own (a products/delete, Shopify's sample refund): Shopify's
// X-Shopify-Triggered-At, which stays the same when Shopify retries, else
// when the delivery arrived. It is never later than the arrival, so a
// header cannot date an event in the future.
func (d Delivery) At() time.Time {
	if !d.TriggeredAt.IsZero() && !d.TriggeredAt.After(d.ReceivedAt) {
		return d.TriggeredAt
	}
	return d.ReceivedAt
}

// eventKey is what a delivery is deduplicated on: Shopify's event id, per
// topic, because one merchant action can send several topics under one
// event id (a product created and published: products/create and
// products/update), and each must be applied.
func (d Delivery) eventKey() string {
	if d.EventID == "" {
		return ""
	}
	return d.Topic + " " + d.EventID
}

// Error is a delivery problem with the HTTP status it maps to.
type Error struct {
	Status  int
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Verify checks the delivery's signature with its shop's secret.
func (s *Service) Verify(d Delivery) error {
	secret, ok := s.Secrets.Secret(d.Shop)
	if !ok || !shopify.Verify(secret, d.Body, d.Signature) {
		return &Error{http.StatusUnauthorized, "unauthenticated", "webhook signature missing or wrong"}
	}
	return nil
}

// Normalise parses a verified delivery into a store change. An unknown topic
// gives shopify.ErrUnknownTopic; a bad body an *Error with status 400.
func (s *Service) Normalise(d Delivery) (store.Change, error) {
	p, err := shopify.ParseWebhook(d.Topic, d.Shop, d.Body)
	if err != nil {
		var pe *shopify.PayloadError
		if errors.As(err, &pe) {
			return store.Change{}, &Error{http.StatusBadRequest, "bad_request", pe.Error()}
		}
		return store.Change{}, err
	}
	now := s.Clock.Now()
	if d.ReceivedAt.IsZero() {
		d.ReceivedAt = now
	}
	c := store.Change{Shop: d.Shop, EventKey: d.eventKey(), EventExpires: now.Add(DedupeFor),
		Order: p.Order, Shipments: p.Shipments, Refunds: p.Refunds}
	for i := range c.Refunds {
		if c.Refunds[i].CreatedAt.IsZero() { // undated by Shopify: dated by the delivery
			c.Refunds[i].CreatedAt = d.At().UTC()
		}
	}
	for i := range c.Shipments {
		c.Shipments[i].NextCheckAt = nextCheck(c.Shipments[i], now)
	}
	return c, nil
}

// nextCheck schedules the first delivery check of a shipment still moving.
func nextCheck(sh order.Shipment, now time.Time) *time.Time {
	if sh.Cancelled() {
		return nil
	}
	switch order.ShipmentStage(sh) {
	case order.StageDelivered:
		return nil
	}
	t := now.Add(CheckInterval)
	return &t
}

// Handle verifies, normalises and applies one delivery, and says what
// happened.
func (s *Service) Handle(ctx context.Context, d Delivery) (string, error) {
	if err := s.Verify(d); err != nil {
		return "", err
	}
	if d.ReceivedAt.IsZero() {
		d.ReceivedAt = s.Clock.Now()
	}
	if shopify.IsPrivacyTopic(d.Topic) {
		return s.privacy(ctx, d)
	}
	if h := s.Topics[d.Topic]; h != nil {
		return s.handleTopic(ctx, h, d)
	}
	c, err := s.Normalise(d)
	if errors.Is(err, shopify.ErrUnknownTopic) {
		return OutcomeIgnored, nil
	}
	if err != nil {
		return "", err
	}
	if err := s.keepShipDates(ctx, &c); err != nil {
		return "", err
	}
	// Other capabilities react to the stored change (KindApplied): its
	// event is written with it, or not at all.
	e, err := event.New(KindApplied, c.Shop, c.EventKey, s.Clock.Now(), AppliedOf(d.Topic, c))
	if err != nil {
		return "", err
	}
	c.Events = append(c.Events, e)
	res, err := s.Store.Apply(ctx, c)
	if err != nil {
		return "", fmt.Errorf("apply %s: %w", d.Topic, err)
	}
	switch {
	case res.Duplicate:
		return OutcomeDuplicate, nil
	case res.Written == 0:
		return OutcomeStale, nil
	}
	return OutcomeApplied, nil
}

// handleTopic runs a topic handler, then records the delivery's event id.
// The record comes after the handler, not before: a record taken first
// would turn a retry into a "duplicate" if the process died before the
// handler's write, losing the update. Handlers are idempotent and
// newest-wins, so a redelivery that runs the handler again changes
// nothing; the record then reports it as a duplicate.
func (s *Service) handleTopic(ctx context.Context, h func(context.Context, Delivery) error, d Delivery) (string, error) {
	if err := h(ctx, d); err != nil {
		var pe *shopify.PayloadError
		if errors.As(err, &pe) {
			return "", &Error{http.StatusBadRequest, "bad_request", pe.Error()}
		}
		return "", fmt.Errorf("apply %s: %w", d.Topic, err)
	}
	key := d.eventKey()
	if key == "" {
		return OutcomeApplied, nil
	}
	res, err := s.Store.Apply(ctx, store.Change{Shop: d.Shop, EventKey: key, EventExpires: s.Clock.Now().Add(DedupeFor)})
	if err != nil {
		return "", fmt.Errorf("record %s event %s: %w", d.Topic, d.EventID, err)
	}
	if res.Duplicate {
		return OutcomeDuplicate, nil
	}
	return OutcomeApplied, nil
}

// OutcomeErased is the outcome of a privacy request carried out.
const OutcomeErased = "done"

func (s *Service) privacy(ctx context.Context, d Delivery) (string, error) {
	r, err := shopify.ParsePrivacy(d.Topic, d.Body)
	var pe *shopify.PayloadError
	if errors.As(err, &pe) {
		return "", &Error{http.StatusBadRequest, "bad_request", pe.Error()}
	}
	if err != nil {
		return "", err
	}
	if s.Privacy == nil {
		return "", fmt.Errorf("privacy webhook %s: no privacy handler configured", d.Topic)
	}
	// The shop is the one the signature was checked for, whatever the body says.
	if err := s.Privacy.Handle(ctx, d.Shop, privacy.Request(r)); err != nil {
		return "", fmt.Errorf("privacy webhook %s: %w", d.Topic, err)
	}
	return OutcomeErased, nil
}

// ServeHTTP is POST /webhooks/shopify.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		httpjson.Error(w, http.StatusMethodNotAllowed, "method_not_allowed", "use POST")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		httpjson.Error(w, http.StatusBadRequest, "bad_request", "could not read the body")
		return
	}
	if len(body) > MaxBody {
		httpjson.Error(w, http.StatusRequestEntityTooLarge, "too_large", "webhook body is over 1 MiB")
		return
	}
	d := Delivery{
		Topic:     r.Header.Get(shopify.HeaderTopic),
		Shop:      strings.ToLower(strings.TrimSpace(r.Header.Get(shopify.HeaderShopDomain))),
		EventID:   r.Header.Get(shopify.HeaderEventID),
		Signature: r.Header.Get(shopify.HeaderHMAC),
		Body:      body,
	}
	if d.EventID == "" {
		d.EventID = r.Header.Get(shopify.HeaderWebhookID)
	}
	d.ReceivedAt = s.Clock.Now()
	if t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(r.Header.Get(shopify.HeaderTriggeredAt))); err == nil {
		d.TriggeredAt = t.UTC()
	}
	outcome, err := s.Handle(r.Context(), d)
	var ie *Error
	switch {
	case errors.As(err, &ie):
		s.Log.WarnContext(r.Context(), "webhook refused", "shop", d.Shop, "topic", d.Topic, "event_id", d.EventID, "status", ie.Status, "reason", ie.Code)
		httpjson.Error(w, ie.Status, ie.Code, ie.Message)
		return
	case err != nil:
		s.Log.ErrorContext(r.Context(), "webhook failed", "shop", d.Shop, "topic", d.Topic, "event_id", d.EventID, "err", err)
		httpjson.Error(w, http.StatusInternalServerError, "internal", "internal error")
		return
	}
	s.Log.InfoContext(r.Context(), "webhook", "shop", d.Shop, "topic", d.Topic, "event_id", d.EventID, "outcome", outcome)
	httpjson.Write(w, http.StatusOK, map[string]string{"status": outcome})
}
