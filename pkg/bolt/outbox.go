package bolt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	bbolt "go.etcd.io/bbolt"

	"github.com/doorstep-ai/doorstep/pkg/event"
)

// putEvents writes events to the outbox, in the caller's transaction.
func putEvents(tx *bbolt.Tx, events []event.Event) error {
	b := tx.Bucket(bOutbox)
	for _, e := range events {
		if e.ID == "" {
			return errors.New("outbox: event has no id")
		}
		v, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("encode event %s: %w", e.ID, err)
		}
		if err := b.Put([]byte(e.ID), v); err != nil {
			return err
		}
	}
	return nil
}

// PendingEvents lists the outbox, oldest first (ids sort by time).
func (s *Store) PendingEvents(_ context.Context, limit int) ([]event.Event, error) {
	var out []event.Event
	err := s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bOutbox).Cursor()
		for k, v := c.First(); k != nil && len(out) < limit; k, v = c.Next() {
			var e event.Event
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("decode event %s: %w", k, err)
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pending events: %w", err)
	}
	return out, nil
}

// AckEvent removes an event from the outbox; no error when absent.
func (s *Store) AckEvent(_ context.Context, id string) error {
	err := s.db.Update(func(tx *bbolt.Tx) error { return tx.Bucket(bOutbox).Delete([]byte(id)) })
	if err != nil {
		return fmt.Errorf("ack event %s: %w", id, err)
	}
	return nil
}

// AddEvents writes events to the outbox alone, in one transaction.
func (s *Store) AddEvents(_ context.Context, events []event.Event) error {
	if err := s.db.Update(func(tx *bbolt.Tx) error { return putEvents(tx, events) }); err != nil {
		return fmt.Errorf("add events: %w", err)
	}
	return nil
}

// EraseEvents removes the outbox events match accepts, in one transaction.
// An event that does not decode is left.
func (s *Store) EraseEvents(_ context.Context, match func(event.Event) bool) (int, error) {
	erased := 0
	err := s.db.Update(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bOutbox)
		var gone [][]byte
		err := b.ForEach(func(k, v []byte) error {
			var e event.Event
			if json.Unmarshal(v, &e) == nil && match(e) {
				gone = append(gone, k)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range gone {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		erased = len(gone)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("erase events: %w", err)
	}
	return erased, nil
}
