// Package privacy honours Shopify's mandatory privacy webhooks: a
// customer's data request (an export of everything doorstep holds on
// them), a customer redaction (their conversations and messages erased,
// personal fields cleared from their orders) and a shop redaction
// (everything of the shop erased).
//
// A shop redaction can take longer than a webhook may: the webhook only
// records it (a KindShopRedact event in the store's outbox) and answers;
// the erase runs as that event's reaction (Reactions), in AWS in the
// events function, with the stream's retries, dead-letter queue and alarm.
package privacy

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Store is what privacy needs.
type Store interface {
	GetOrder(ctx context.Context, shop, id string) (order.Order, error)
	OrdersByEmail(ctx context.Context, shop, email string, limit int) ([]order.Order, error)
	Apply(ctx context.Context, c store.Change) (store.Result, error)
	GetConversation(ctx context.Context, shop, id string) (conversation.Conversation, []conversation.Message, error)
	ConversationsByEmail(ctx context.Context, shop, email string, limit int) ([]conversation.Conversation, error)
	ListConversations(ctx context.Context, shop string, before time.Time, limit int) ([]conversation.Conversation, error)
	DeleteConversation(ctx context.Context, shop, id string) error
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	GetDoc(ctx context.Context, coll, id string) ([]byte, error)
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
	DeleteDoc(ctx context.Context, coll, id string) error
	EraseShop(ctx context.Context, shop string) (int, error)
	AddEvents(ctx context.Context, events []event.Event) error
	EraseEvents(ctx context.Context, match func(event.Event) bool) (int, error)
}

// The privacy requests, by their Shopify webhook topics.
const (
	TopicDataRequest    = "customers/data_request"
	TopicRedactCustomer = "customers/redact"
	TopicRedactShop     = "shop/redact"
)

// Request is one privacy request (shopify.ParsePrivacy reads one from a
// webhook; its PrivacyRequest converts to this type).
type Request struct {
	Topic      string
	ShopDomain string
	Email      string   // the customer's, for the customer topics
	CustomerID string   // the customer's, for the customer topics
	OrderIDs   []string // orders_requested or orders_to_redact
	RequestID  string   // data_request.id
}

// Service carries out privacy requests.
type Service struct {
	Store Store
	Clock clock.Clock

	erasers     []eraser
	shopErasers []shopEraser
	exporters   []exporter
}

// Exporter returns what a feature keeps on a customer (by email, and the
// customer's orders, read before), for a data request's export; nil
// when nothing.
type Exporter func(ctx context.Context, shop, email string, orders []order.Order) (any, error)

type exporter struct {
	name string
	fn   Exporter
}

// AddExporter registers a feature's exporter: what it returns is in the
// export's Records under name.
func (s *Service) AddExporter(name string, fn Exporter) {
	s.exporters = append(s.exporters, exporter{name, fn})
}

// ShopEraser removes what a feature keeps on a shop outside the table
// (the photos' files), for shop/redact; it runs again on a retry, so it
// must be idempotent.
type ShopEraser func(ctx context.Context, shop string) error

type shopEraser struct {
	name string
	fn   ShopEraser
}

// AddShopEraser registers a feature's shop eraser, run by the erase-shop
// reaction after the shop's items went.
func (s *Service) AddShopEraser(name string, fn ShopEraser) {
	s.shopErasers = append(s.shopErasers, shopEraser{name, fn})
}

// Eraser removes what a feature keeps on a customer (outreach records,
// handoffs, mail records, opt-outs), given the conversations being erased.
type Eraser func(ctx context.Context, shop, email string, conversations []string) error

type eraser struct {
	name string
	fn   Eraser
}

// AddEraser registers a feature's eraser; each feature registers its own
// (their Reactions methods), so customers/redact reaches everything.
func (s *Service) AddEraser(name string, fn Eraser) {
	s.erasers = append(s.erasers, eraser{name, fn})
}

// Erasers lists the registered erasers' names.
func (s *Service) Erasers() []string {
	out := make([]string, len(s.erasers))
	for i, e := range s.erasers {
		out[i] = e.name
	}
	return out
}

// KindShopRedact is the event of a shop/redact received; its reaction
// erases the shop.
const KindShopRedact = "privacy.shop_redact"

// shopRedact is KindShopRedact's payload.
type shopRedact struct {
	Shop string `json:"shop"`
}

// Reactions registers the shop erase, the reaction to KindShopRedact.
func (s *Service) Reactions(reg event.Registry) {
	reg.On(KindShopRedact, "erase-shop", event.Typed(s.eraseShop))
}

// EraseMargin is how long before its invocation's deadline the shop erase
// stops: it then fails, its claim is released and the event is retried
// (the stream's retry; what was deleted stays deleted, so each run has
// less to do), rather than the function being stopped mid-reaction.
const EraseMargin = 5 * time.Second

// eraseShop erases the shop's items (store.Store.EraseShop), what the shop
// erasers keep elsewhere (photo files) and its other events still in the
// outbox.
func (s *Service) eraseShop(ctx context.Context, e event.Event, r shopRedact) error {
	if deadline, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline.Add(-EraseMargin))
		defer cancel()
	}
	n, err := s.Store.EraseShop(ctx, r.Shop)
	if err != nil {
		return fmt.Errorf("erase shop (%d items erased, the retry goes on): %w", n, err)
	}
	for _, e := range s.shopErasers {
		if err := e.fn(ctx, r.Shop); err != nil {
			return fmt.Errorf("erase shop: %s: %w", e.name, err)
		}
	}
	if _, err := s.Store.EraseEvents(ctx, func(o event.Event) bool { return o.Shop == r.Shop && o.ID != e.ID }); err != nil {
		return fmt.Errorf("erase shop: %w", err)
	}
	return nil
}

// ExportsCollection holds data-request exports, one collection per shop.
func ExportsCollection(shop string) string { return "exports:" + shop }

// Export is everything doorstep holds on a customer.
type Export struct {
	Shop          string               `json:"shop"`
	Email         string               `json:"email"`
	CustomerID    string               `json:"customer_id,omitempty"`
	RequestID     string               `json:"request_id"`
	CreatedAt     time.Time            `json:"created_at"`
	Orders        []order.Order        `json:"orders"`
	Conversations []ConversationExport `json:"conversations"`
	// Records are what the features' exporters returned, by their names
	// ("sms": the consents of the customer's numbers).
	Records map[string]json.RawMessage `json:"records,omitempty"`
}

// ConversationExport is one conversation with its messages.
type ConversationExport struct {
	Conversation conversation.Conversation `json:"conversation"`
	Messages     []conversation.Message    `json:"messages"`
}

// Handle carries out one privacy request for shop.
func (s *Service) Handle(ctx context.Context, shop string, r Request) error {
	switch r.Topic {
	case TopicDataRequest:
		_, err := s.DataRequest(ctx, shop, r)
		return err
	case TopicRedactCustomer:
		return s.RedactCustomer(ctx, shop, r)
	case TopicRedactShop:
		// Recorded now, erased by the reaction (Reactions).
		e, err := event.New(KindShopRedact, shop, "", s.Clock.Now(), shopRedact{Shop: shop})
		if err != nil {
			return err
		}
		if err := s.Store.AddEvents(ctx, []event.Event{e}); err != nil {
			return fmt.Errorf("record shop redaction: %w", err)
		}
		return nil
	}
	return fmt.Errorf("privacy: unknown topic %s", r.Topic)
}

// DataRequest gathers what doorstep holds on the customer and keeps it as
// an export document (collection ExportsCollection(shop), id the request
// id) for the merchant to hand over; it keeps 30 days.
func (s *Service) DataRequest(ctx context.Context, shop string, r Request) (Export, error) {
	orders, err := s.orders(ctx, shop, r)
	if err != nil {
		return Export{}, err
	}
	convs, err := s.conversations(ctx, shop, r.Email)
	if err != nil {
		return Export{}, err
	}
	ex := Export{Shop: shop, Email: r.Email, CustomerID: r.CustomerID, RequestID: r.RequestID, CreatedAt: s.Clock.Now(), Orders: orders, Conversations: []ConversationExport{}}
	for _, c := range convs {
		conv, msgs, err := s.Store.GetConversation(ctx, shop, c.ID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return Export{}, fmt.Errorf("data request: %w", err)
		}
		ex.Conversations = append(ex.Conversations, ConversationExport{Conversation: conv, Messages: msgs})
	}
	for _, e := range s.exporters {
		v, err := e.fn(ctx, shop, r.Email, orders)
		if err != nil {
			return Export{}, fmt.Errorf("data request: export %s: %w", e.name, err)
		}
		if v == nil {
			continue
		}
		b, err := json.Marshal(v)
		if err != nil {
			return Export{}, fmt.Errorf("data request: export %s: %w", e.name, err)
		}
		if ex.Records == nil {
			ex.Records = map[string]json.RawMessage{}
		}
		ex.Records[e.name] = b
	}
	doc, err := json.Marshal(ex)
	if err != nil {
		return Export{}, fmt.Errorf("data request: %w", err)
	}
	if err := s.Store.PutDoc(ctx, ExportsCollection(shop), r.RequestID, doc, s.Clock.Now().Add(30*24*time.Hour)); err != nil {
		return Export{}, fmt.Errorf("data request: %w", err)
	}
	return ex, nil
}

// RedactCustomer erases the customer's conversations and messages and
// clears the personal fields of their orders (email, name, phone,
// address), keeping what the shop's figures need (amounts, items, dates).
// First it records an erasure marker (Erased skips the events made before
// it that name the customer: those already on their way from the outbox)
// and erases the shop's events still in the outbox (not yet dispatched,
// or given up on) that carry the customer's data.
func (s *Service) RedactCustomer(ctx context.Context, shop string, r Request) error {
	convs, err := s.conversations(ctx, shop, r.Email)
	if err != nil {
		return err
	}
	orders, err := s.orders(ctx, shop, r)
	if err != nil {
		return err
	}
	var ids []string
	theirs := map[string]bool{}
	for _, c := range convs {
		ids = append(ids, c.ID)
		theirs[c.ID] = true
	}
	for _, o := range orders {
		theirs[o.ID] = true
	}
	for _, id := range append(r.OrderIDs, r.CustomerID) {
		if id != "" {
			theirs[id] = true
		}
	}
	email := order.NormaliseEmail(r.Email)
	if err := s.markErased(ctx, shop, email, theirs); err != nil {
		return fmt.Errorf("redact customer: %w", err)
	}
	if _, err := s.Store.EraseEvents(ctx, func(e event.Event) bool { return e.Shop == shop && carries(e.Data, email, theirs) }); err != nil {
		return fmt.Errorf("redact customer: %w", err)
	}
	if err := s.eraseExports(ctx, shop, email, r.CustomerID); err != nil {
		return fmt.Errorf("redact customer: %w", err)
	}
	for _, e := range s.erasers {
		if err := e.fn(ctx, shop, email, ids); err != nil {
			return fmt.Errorf("redact customer: erase %s: %w", e.name, err)
		}
	}
	for _, c := range convs {
		if err := s.Store.DeleteConversation(ctx, shop, c.ID); err != nil {
			return fmt.Errorf("redact customer: %w", err)
		}
	}
	for _, o := range orders {
		o.Email = ""
		o.Customer = order.Customer{ID: o.Customer.ID}
		o.ShippingAddress = nil
		o.UpdatedAt = o.UpdatedAt.Add(time.Microsecond)
		o.Shipments, o.Refunds, o.Returns = nil, nil, nil
		if _, err := s.Store.Apply(ctx, store.Change{Shop: shop, Order: &o}); err != nil {
			return fmt.Errorf("redact order %s: %w", o.ID, err)
		}
	}
	return nil
}

// eraseExports deletes the shop's data-request exports of the customer
// (by email or customer id).
func (s *Service) eraseExports(ctx context.Context, shop, email, customerID string) error {
	coll := ExportsCollection(shop)
	after := ""
	for {
		docs, err := s.Store.ListDocs(ctx, coll, "", after, 200)
		if err != nil {
			return fmt.Errorf("list exports: %w", err)
		}
		for _, d := range docs {
			var ex Export
			if json.Unmarshal(d.Value, &ex) != nil {
				continue
			}
			if email != "" && order.NormaliseEmail(ex.Email) == email || customerID != "" && ex.CustomerID == customerID {
				if err := s.Store.DeleteDoc(ctx, coll, d.ID); err != nil {
					return fmt.Errorf("delete export %s: %w", d.ID, err)
				}
			}
		}
		if len(docs) < 200 {
			return nil
		}
		after = docs[len(docs)-1].ID
	}
}

// ExportSummary is an export as the merchant's list shows it.
type ExportSummary struct {
	RequestID     string    `json:"request_id"`
	Email         string    `json:"email"`
	CreatedAt     time.Time `json:"created_at"`
	Orders        int       `json:"orders"`
	Conversations int       `json:"conversations"`
}

// Exports lists the shop's data-request exports kept (30 days), newest
// first, for the merchant to hand to the customer.
func (s *Service) Exports(ctx context.Context, shop string) ([]ExportSummary, error) {
	out := []ExportSummary{}
	after := ""
	for {
		docs, err := s.Store.ListDocs(ctx, ExportsCollection(shop), "", after, 200)
		if err != nil {
			return nil, fmt.Errorf("list exports: %w", err)
		}
		for _, d := range docs {
			var ex Export
			if json.Unmarshal(d.Value, &ex) != nil {
				continue
			}
			out = append(out, ExportSummary{RequestID: d.ID, Email: ex.Email, CreatedAt: ex.CreatedAt, Orders: len(ex.Orders), Conversations: len(ex.Conversations)})
		}
		if len(docs) < 200 {
			break
		}
		after = docs[len(docs)-1].ID
	}
	slices.SortFunc(out, func(a, b ExportSummary) int { return b.CreatedAt.Compare(a.CreatedAt) })
	return out, nil
}

// ExportDoc is one export as kept (JSON); store.ErrNotFound when there
// is none by that request id (never made, expired or redacted).
func (s *Service) ExportDoc(ctx context.Context, shop, requestID string) ([]byte, error) {
	b, err := s.Store.GetDoc(ctx, ExportsCollection(shop), requestID)
	if err != nil {
		return nil, fmt.Errorf("read export %s: %w", requestID, err)
	}
	return b, nil
}

// orders are the customer's orders: by email, and the ones named.
func (s *Service) orders(ctx context.Context, shop string, r Request) ([]order.Order, error) {
	seen := map[string]bool{}
	out := []order.Order{}
	if r.Email != "" {
		byEmail, err := s.Store.OrdersByEmail(ctx, shop, r.Email, 1000)
		if err != nil {
			return nil, fmt.Errorf("customer orders: %w", err)
		}
		for _, o := range byEmail {
			seen[o.ID] = true
			out = append(out, o)
		}
	}
	for _, id := range r.OrderIDs {
		if seen[id] {
			continue
		}
		o, err := s.Store.GetOrder(ctx, shop, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("customer order %s: %w", id, err)
		}
		seen[id] = true
		out = append(out, o)
	}
	return out, nil
}

// conversations are the customer's: verified as them, or written from or to
// their address (email conversations that never verified).
func (s *Service) conversations(ctx context.Context, shop, email string) ([]conversation.Conversation, error) {
	if email == "" {
		return nil, nil
	}
	email = order.NormaliseEmail(email)
	seen := map[string]bool{}
	var out []conversation.Conversation
	verified, err := s.Store.ConversationsByEmail(ctx, shop, email, 1000)
	if err != nil {
		return nil, fmt.Errorf("customer conversations: %w", err)
	}
	for _, c := range verified {
		seen[c.ID] = true
		out = append(out, c)
	}
	var before time.Time
	for {
		page, err := s.Store.ListConversations(ctx, shop, before, 200)
		if err != nil {
			return nil, fmt.Errorf("customer conversations: %w", err)
		}
		for _, c := range page {
			if !seen[c.ID] && order.NormaliseEmail(c.Contact) == email {
				seen[c.ID] = true
				out = append(out, c)
			}
		}
		if len(page) < 200 {
			return out, nil
		}
		before = page[len(page)-1].UpdatedAt
	}
}

// carries says whether an event's payload names the customer: a string in
// it that is their email (normalised) or one of ids (their customer id,
// their orders' and conversations' ids).
func carries(data json.RawMessage, email string, ids map[string]bool) bool {
	var v any
	if json.Unmarshal(data, &v) != nil {
		return false
	}
	var walk func(v any) bool
	walk = func(v any) bool {
		switch v := v.(type) {
		case string:
			return ids[v] || email != "" && order.NormaliseEmail(v) == email
		case []any:
			for _, x := range v {
				if walk(x) {
					return true
				}
			}
		case map[string]any:
			for _, x := range v {
				if walk(x) {
					return true
				}
			}
		}
		return false
	}
	return walk(v)
}

// ErasedCollection holds the shop's erasure markers: one per
// customers/redact, naming the customer by hashes (Erased).
func ErasedCollection(shop string) string { return "erased:" + shop }

// MarkerKeep is how long an erasure marker is kept: past the outbox's
// 14 days (and the stream's 24 hours), after which no event made before
// the erasure is dispatched any more.
const MarkerKeep = 15 * 24 * time.Hour

// marker is an erasure marker: when, and the hashes (nameHash) of the
// customer's email and ids.
type marker struct {
	At    time.Time `json:"at"`
	Names []string  `json:"names"`
}

// nameHash is how a marker names an erased email or id: no one reads the
// customer back out of it.
func nameHash(shop, name string) string {
	sum := sha256.Sum256([]byte(shop + "|" + name))
	return hex.EncodeToString(sum[:16])
}

// markErased records the erasure of the customer named by email and ids.
func (s *Service) markErased(ctx context.Context, shop, email string, ids map[string]bool) error {
	m := marker{At: s.Clock.Now()}
	if email != "" {
		m.Names = append(m.Names, nameHash(shop, email))
	}
	for id := range ids {
		m.Names = append(m.Names, nameHash(shop, id))
	}
	if len(m.Names) == 0 {
		return nil
	}
	slices.Sort(m.Names)
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	var r [6]byte
	_, _ = rand.Read(r[:])
	id := m.At.UTC().Format(time.RFC3339Nano) + "|" + hex.EncodeToString(r[:])
	if err := s.Store.PutDoc(ctx, ErasedCollection(shop), id, b, m.At.Add(MarkerKeep)); err != nil {
		return fmt.Errorf("record erasure marker: %w", err)
	}
	return nil
}

// Erased says whether e was made before its shop erased a customer its
// payload names (their email, customer id, an order or conversation id
// of theirs): such an event was on its way when customers/redact ran (in
// the table's stream, or listed by a relay), and its reactions would
// write the customer's data again. The event bus skips it (event.Bus's
// Skip). It reads the shop's markers (one query; they keep MarkerKeep).
func (s *Service) Erased(ctx context.Context, e event.Event) (bool, error) {
	if e.Shop == "" || e.Kind == KindShopRedact {
		return false, nil
	}
	var names map[string]bool
	after := ""
	for {
		docs, err := s.Store.ListDocs(ctx, ErasedCollection(e.Shop), "", after, 200)
		if err != nil {
			return false, fmt.Errorf("read erasure markers: %w", err)
		}
		for _, d := range docs {
			var m marker
			if json.Unmarshal(d.Value, &m) != nil || e.At.After(m.At) {
				continue
			}
			if names == nil {
				names = payloadHashes(e.Shop, e.Data)
			}
			for _, n := range m.Names {
				if names[n] {
					return true, nil
				}
			}
		}
		if len(docs) < 200 {
			return false, nil
		}
		after = docs[len(docs)-1].ID
	}
}

// payloadHashes are the nameHash of every string in an event's payload,
// as it is and as a normalised email.
func payloadHashes(shop string, data json.RawMessage) map[string]bool {
	out := map[string]bool{}
	var v any
	if json.Unmarshal(data, &v) != nil {
		return out
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			if v != "" {
				out[nameHash(shop, v)] = true
				out[nameHash(shop, order.NormaliseEmail(v))] = true
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return out
}
