// Package bolt is the embedded Store adapter for the local runner, on bbolt:
// one file, ACID transactions, no server.
//
// Layout: one bucket per kind of item, keyed by NUL-joined parts, values in
// JSON; index buckets hold keys only.
//
//	orders     shop·id                      → order (no shipments, refunds)
//	shipments  shop·order·id                → shipment
//	refunds    shop·order·id                → refund
//	names      shop·name                    → order id
//	emails     shop·email·created(20d)·id   → (empty)
//	tracking   number·shop·order·id         → (empty)
//	due        next-check(20d)·shop·order·id → (empty)
//	claims     key                          → expiry (unix seconds)
//	outbox     event id                     → event (package event), until acked
//
// Every Apply is one bbolt read-write transaction, so the event claim and
// the items it writes land together or not at all.
package bolt

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

var _ store.Store = (*Store)(nil)

var (
	bOrders    = []byte("orders")
	bShipments = []byte("shipments")
	bRefunds   = []byte("refunds")
	bNames     = []byte("names")
	bEmails    = []byte("emails")
	bTracking  = []byte("tracking")
	bDue       = []byte("due")
	bClaims    = []byte("claims")
	bReturns   = []byte("returns")
	bConvs     = []byte("conversations")
	bMessages  = []byte("messages")
	bConvEmail = []byte("conversation_emails")
	bCounters  = []byte("counters")
	// conversations_updated: shop·updated(20d)·id → (empty)
	bConvUpdated = []byte("conversations_updated")
	bOutbox      = []byte("outbox")
	// conversation_contexts: shop·id → the conversation's customer context
	bContexts = []byte("conversation_contexts")
)

// Store keeps doorstep's data in one bbolt file.
type Store struct {
	db *bbolt.DB
}

// Open opens (creating when absent) the store file at path.
func Open(path string) (*Store, error) {
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("open bolt store %s: %w", path, err)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		for _, b := range [][]byte{bOrders, bShipments, bRefunds, bNames, bEmails, bTracking, bDue, bClaims,
			bReturns, bConvs, bMessages, bConvEmail, bCounters, bDocs, bConvUpdated, bOutbox, bContexts} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("create buckets: %w", err)
	}
	return &Store{db: db}, nil
}

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

// DB exposes the bbolt handle to sibling adapters in this package's callers
// that keep their own buckets in the same file.
func (s *Store) DB() *bbolt.DB { return s.db }

func key(parts ...string) []byte { return []byte(strings.Join(parts, "\x00")) }

func prefix(parts ...string) []byte { return append(key(parts...), 0) }

func nanos(t time.Time) string { return fmt.Sprintf("%020d", t.UnixNano()) }

// Apply writes one event's change; see store.Change.
func (s *Store) Apply(_ context.Context, c store.Change) (store.Result, error) {
	var res store.Result
	err := s.db.Update(func(tx *bbolt.Tx) error {
		res = store.Result{}
		if c.EventKey != "" {
			claims := tx.Bucket(bClaims)
			k := key("event", c.Shop, c.EventKey)
			if claims.Get(k) != nil {
				res.Duplicate = true
				return nil
			}
			if err := claims.Put(k, []byte(strconv.FormatInt(c.EventExpires.Unix(), 10))); err != nil {
				return err
			}
		}
		var err error
		if res, err = putRecords(tx, c, res); err != nil {
			return err
		}
		if res.Written > 0 {
			return putEvents(tx, c.Events)
		}
		return nil
	})
	if err != nil {
		return store.Result{}, fmt.Errorf("apply change for shop %s: %w", c.Shop, err)
	}
	return res, nil
}

// putRecords writes c's order, shipments, refunds and returns (not its
// events), each only when newer than or absent from what is stored.
func putRecords(tx *bbolt.Tx, c store.Change, res store.Result) (store.Result, error) {
	if c.Order != nil {
		ok, err := putOrder(tx, *c.Order)
		if err != nil {
			return res, err
		}
		count(&res, ok)
	}
	for _, sh := range c.Shipments {
		ok, err := putShipment(tx, sh)
		if err != nil {
			return res, err
		}
		count(&res, ok)
	}
	for _, r := range c.Refunds {
		ok, err := putOnce(tx, bRefunds, key(r.Shop, r.OrderID, r.ID), r)
		if err != nil {
			return res, err
		}
		count(&res, ok)
	}
	for _, r := range c.Returns {
		ok, err := putOnce(tx, bReturns, key(r.Shop, r.OrderID, r.ID), r)
		if err != nil {
			return res, err
		}
		count(&res, ok)
	}
	return res, nil
}

func putOrder(tx *bbolt.Tx, o order.Order) (bool, error) {
	orders := tx.Bucket(bOrders)
	k := key(o.Shop, o.ID)
	var old order.Order
	if v := orders.Get(k); v != nil {
		if err := json.Unmarshal(v, &old); err != nil {
			return false, fmt.Errorf("decode order %s: %w", o.ID, err)
		}
		if !old.UpdatedAt.Before(o.UpdatedAt) {
			return false, nil
		}
		if err := tx.Bucket(bNames).Delete(key(o.Shop, old.Name)); err != nil {
			return false, err
		}
		if err := tx.Bucket(bEmails).Delete(emailKey(old)); err != nil {
			return false, err
		}
	}
	o.Shipments, o.Refunds = nil, nil
	v, err := json.Marshal(o)
	if err != nil {
		return false, fmt.Errorf("encode order %s: %w", o.ID, err)
	}
	if err := orders.Put(k, v); err != nil {
		return false, err
	}
	if o.Name != "" {
		if err := tx.Bucket(bNames).Put(key(o.Shop, o.Name), []byte(o.ID)); err != nil {
			return false, err
		}
	}
	if o.Email != "" {
		if err := tx.Bucket(bEmails).Put(emailKey(o), nil); err != nil {
			return false, err
		}
	}
	return true, nil
}

func emailKey(o order.Order) []byte {
	return key(o.Shop, order.NormaliseEmail(o.Email), nanos(o.CreatedAt), o.ID)
}

func putShipment(tx *bbolt.Tx, sh order.Shipment) (bool, error) {
	ships := tx.Bucket(bShipments)
	k := key(sh.Shop, sh.OrderID, sh.ID)
	if v := ships.Get(k); v != nil {
		var old order.Shipment
		if err := json.Unmarshal(v, &old); err != nil {
			return false, fmt.Errorf("decode shipment %s: %w", sh.ID, err)
		}
		if !old.UpdatedAt.Before(sh.UpdatedAt) {
			return false, nil
		}
		if err := unindexShipment(tx, old); err != nil {
			return false, err
		}
	}
	return true, writeShipment(tx, sh)
}

func writeShipment(tx *bbolt.Tx, sh order.Shipment) error {
	v, err := json.Marshal(sh)
	if err != nil {
		return fmt.Errorf("encode shipment %s: %w", sh.ID, err)
	}
	if err := tx.Bucket(bShipments).Put(key(sh.Shop, sh.OrderID, sh.ID), v); err != nil {
		return err
	}
	if sh.TrackingNumber != "" {
		if err := tx.Bucket(bTracking).Put(key(sh.TrackingNumber, sh.Shop, sh.OrderID, sh.ID), nil); err != nil {
			return err
		}
	}
	if sh.NextCheckAt != nil {
		if err := tx.Bucket(bDue).Put(key(nanos(*sh.NextCheckAt), sh.Shop, sh.OrderID, sh.ID), nil); err != nil {
			return err
		}
	}
	return nil
}

func unindexShipment(tx *bbolt.Tx, old order.Shipment) error {
	if old.TrackingNumber != "" {
		if err := tx.Bucket(bTracking).Delete(key(old.TrackingNumber, old.Shop, old.OrderID, old.ID)); err != nil {
			return err
		}
	}
	if old.NextCheckAt != nil {
		if err := tx.Bucket(bDue).Delete(key(nanos(*old.NextCheckAt), old.Shop, old.OrderID, old.ID)); err != nil {
			return err
		}
	}
	return nil
}

// putOnce writes v under k unless k exists.
func putOnce(tx *bbolt.Tx, bucket, k []byte, v any) (bool, error) {
	b := tx.Bucket(bucket)
	if b.Get(k) != nil {
		return false, nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		return false, fmt.Errorf("encode %s: %w", bucket, err)
	}
	return true, b.Put(k, data)
}

// GetOrder returns an order with its shipments and refunds.
func (s *Store) GetOrder(_ context.Context, shop, id string) (order.Order, error) {
	var o order.Order
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		o, err = readOrder(tx, shop, id)
		return err
	})
	if err != nil {
		return order.Order{}, fmt.Errorf("get order %s: %w", id, err)
	}
	return o, nil
}

func readOrder(tx *bbolt.Tx, shop, id string) (order.Order, error) {
	var o order.Order
	v := tx.Bucket(bOrders).Get(key(shop, id))
	if v == nil {
		return o, store.ErrNotFound
	}
	if err := json.Unmarshal(v, &o); err != nil {
		return o, fmt.Errorf("decode: %w", err)
	}
	err := scan(tx.Bucket(bShipments), prefix(shop, id), func(_, v []byte) error {
		var sh order.Shipment
		if err := json.Unmarshal(v, &sh); err != nil {
			return fmt.Errorf("decode shipment: %w", err)
		}
		o.Shipments = append(o.Shipments, sh)
		return nil
	})
	if err != nil {
		return o, err
	}
	err = scan(tx.Bucket(bRefunds), prefix(shop, id), func(_, v []byte) error {
		var r order.Refund
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("decode refund: %w", err)
		}
		o.Refunds = append(o.Refunds, r)
		return nil
	})
	if err != nil {
		return o, err
	}
	err = scan(tx.Bucket(bReturns), prefix(shop, id), func(_, v []byte) error {
		var r order.Return
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("decode return: %w", err)
		}
		o.Returns = append(o.Returns, r)
		return nil
	})
	sort.SliceStable(o.Returns, func(i, j int) bool { return o.Returns[i].CreatedAt.Before(o.Returns[j].CreatedAt) })
	sort.SliceStable(o.Shipments, func(i, j int) bool { return o.Shipments[i].CreatedAt.Before(o.Shipments[j].CreatedAt) })
	sort.SliceStable(o.Refunds, func(i, j int) bool { return o.Refunds[i].CreatedAt.Before(o.Refunds[j].CreatedAt) })
	return o, err
}

func scan(b *bbolt.Bucket, p []byte, fn func(k, v []byte) error) error {
	c := b.Cursor()
	for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

// GetOrderByName finds an order by its name.
func (s *Store) GetOrderByName(_ context.Context, shop, name string) (order.Order, error) {
	var o order.Order
	err := s.db.View(func(tx *bbolt.Tx) error {
		id := tx.Bucket(bNames).Get(key(shop, order.NormaliseName(name)))
		if id == nil {
			return store.ErrNotFound
		}
		var err error
		o, err = readOrder(tx, shop, string(id))
		return err
	})
	if err != nil {
		return order.Order{}, fmt.Errorf("get order by name: %w", err)
	}
	return o, nil
}

// OrdersByEmail lists a customer's orders, newest first.
func (s *Store) OrdersByEmail(_ context.Context, shop, email string, limit int) ([]order.Order, error) {
	var out []order.Order
	err := s.db.View(func(tx *bbolt.Tx) error {
		var ids []string
		err := scan(tx.Bucket(bEmails), prefix(shop, order.NormaliseEmail(email)), func(k, _ []byte) error {
			parts := strings.Split(string(k), "\x00")
			ids = append(ids, parts[len(parts)-1])
			return nil
		})
		if err != nil {
			return err
		}
		for i := len(ids) - 1; i >= 0 && len(out) < limit; i-- {
			o, err := readOrder(tx, shop, ids[i])
			if err != nil {
				return err
			}
			out = append(out, o)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("orders by email: %w", err)
	}
	return out, nil
}

// ShipmentsByTracking finds shipments by tracking number.
func (s *Store) ShipmentsByTracking(_ context.Context, number string) ([]order.Shipment, error) {
	var out []order.Shipment
	err := s.db.View(func(tx *bbolt.Tx) error {
		return scan(tx.Bucket(bTracking), prefix(number), func(k, _ []byte) error {
			p := strings.Split(string(k), "\x00")
			sh, err := readShipment(tx, p[1], p[2], p[3])
			if err != nil {
				return err
			}
			out = append(out, sh)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("shipments by tracking: %w", err)
	}
	return out, nil
}

func readShipment(tx *bbolt.Tx, shop, orderID, id string) (order.Shipment, error) {
	var sh order.Shipment
	v := tx.Bucket(bShipments).Get(key(shop, orderID, id))
	if v == nil {
		return sh, store.ErrNotFound
	}
	if err := json.Unmarshal(v, &sh); err != nil {
		return sh, fmt.Errorf("decode shipment %s: %w", id, err)
	}
	return sh, nil
}

// DueShipments lists shipments due for a check at now, earliest first. It
// walks the due index from its start and stops at the first key past now.
func (s *Store) DueShipments(_ context.Context, now time.Time, limit int) ([]order.Shipment, error) {
	var out []order.Shipment
	end := []byte(nanos(now))
	err := s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bDue).Cursor()
		for k, _ := c.First(); k != nil && len(out) < limit; k, _ = c.Next() {
			p := strings.Split(string(k), "\x00")
			if bytes.Compare([]byte(p[0]), end) > 0 {
				break
			}
			sh, err := readShipment(tx, p[1], p[2], p[3])
			if err != nil {
				return err
			}
			out = append(out, sh)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("due shipments: %w", err)
	}
	return out, nil
}

// SetNextCheck reschedules a shipment's check.
func (s *Store) SetNextCheck(_ context.Context, shop, orderID, id string, next *time.Time) error {
	err := s.db.Update(func(tx *bbolt.Tx) error {
		sh, err := readShipment(tx, shop, orderID, id)
		if err != nil {
			return err
		}
		if err := unindexShipment(tx, sh); err != nil {
			return err
		}
		sh.NextCheckAt = next
		return writeShipment(tx, sh)
	})
	if err != nil {
		return fmt.Errorf("set next check of shipment %s: %w", id, err)
	}
	return nil
}

// Claim records an idempotency key.
func (s *Store) Claim(_ context.Context, k string, expires time.Time) error {
	err := s.db.Update(func(tx *bbolt.Tx) error { return claim(tx, k, expires) })
	if err != nil {
		return fmt.Errorf("claim %s: %w", k, err)
	}
	return nil
}

func claim(tx *bbolt.Tx, k string, expires time.Time) error {
	b := tx.Bucket(bClaims)
	if b.Get(key("claim", k)) != nil {
		return store.ErrDuplicate
	}
	return b.Put(key("claim", k), []byte(strconv.FormatInt(expires.Unix(), 10)))
}

func count(r *store.Result, written bool) {
	if written {
		r.Written++
	} else {
		r.Stale++
	}
}

func splitKey(k []byte) []string { return strings.Split(string(k), "\x00") }
