package bolt

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

func seqKey(shop, id string, seq int) []byte { return key(shop, id, fmt.Sprintf("%010d", seq)) }

func convEmailKey(c conversation.Conversation) []byte {
	return key(c.Shop, order.NormaliseEmail(c.CustomerEmail), nanos(c.CreatedAt), c.ID)
}

// CreateConversation stores a new conversation.
func (s *Store) CreateConversation(_ context.Context, c conversation.Conversation) error {
	err := s.db.Update(func(tx *bbolt.Tx) error {
		if tx.Bucket(bConvs).Get(key(c.Shop, c.ID)) != nil {
			return store.ErrConflict
		}
		if c.Context != nil {
			if err := writeContext(tx, c.Shop, c.ID, *c.Context); err != nil {
				return err
			}
		}
		return writeConversation(tx, c)
	})
	if err != nil {
		return fmt.Errorf("create conversation %s: %w", c.ID, err)
	}
	return nil
}

func convUpdatedKey(c conversation.Conversation) []byte {
	return key(c.Shop, nanos(c.UpdatedAt), c.ID)
}

func writeConversation(tx *bbolt.Tx, c conversation.Conversation) error {
	v, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("encode conversation: %w", err)
	}
	if err := tx.Bucket(bConvs).Put(key(c.Shop, c.ID), v); err != nil {
		return err
	}
	if err := tx.Bucket(bConvUpdated).Put(convUpdatedKey(c), nil); err != nil {
		return err
	}
	if c.CustomerEmail != "" {
		return tx.Bucket(bConvEmail).Put(convEmailKey(c), nil)
	}
	return nil
}

func readConversation(tx *bbolt.Tx, shop, id string) (conversation.Conversation, error) {
	var c conversation.Conversation
	v := tx.Bucket(bConvs).Get(key(shop, id))
	if v == nil {
		return c, store.ErrNotFound
	}
	if err := json.Unmarshal(v, &c); err != nil {
		return c, fmt.Errorf("decode conversation: %w", err)
	}
	return c, nil
}

// GetConversation returns a conversation and its messages.
func (s *Store) GetConversation(_ context.Context, shop, id string) (conversation.Conversation, []conversation.Message, error) {
	var c conversation.Conversation
	var msgs []conversation.Message
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		if c, err = readConversation(tx, shop, id); err != nil {
			return err
		}
		if c.Context, err = readContext(tx, shop, id); err != nil {
			return err
		}
		return scan(tx.Bucket(bMessages), prefix(shop, id), func(_, v []byte) error {
			var m conversation.Message
			if err := json.Unmarshal(v, &m); err != nil {
				return fmt.Errorf("decode message: %w", err)
			}
			msgs = append(msgs, m)
			return nil
		})
	})
	if err != nil {
		return conversation.Conversation{}, nil, fmt.Errorf("get conversation %s: %w", id, err)
	}
	return c, msgs, nil
}

// SaveTurn writes the conversation and its new messages if it is still at
// version.
func (s *Store) SaveTurn(ctx context.Context, c conversation.Conversation, version int64, msgs []conversation.Message) error {
	return s.CommitTurn(ctx, store.Turn{Conversation: c, Version: version, Messages: msgs})
}

// CommitTurn writes a turn, its counters and its events in one transaction
// if the conversation is still at t.Version.
func (s *Store) CommitTurn(_ context.Context, t store.Turn) error {
	c, version, msgs := t.Conversation, t.Version, t.Messages
	err := s.db.Update(func(tx *bbolt.Tx) error {
		old, err := readConversation(tx, c.Shop, c.ID)
		if err != nil {
			return err
		}
		if old.Version != version {
			return store.ErrConflict
		}
		if err := checkGuard(tx, t.Guard); err != nil {
			return err
		}
		if t.Context != nil {
			stored, err := readContext(tx, c.Shop, c.ID)
			if err != nil {
				return err
			}
			if (stored == nil) != t.ContextBase.IsZero() || (stored != nil && !stored.BuiltAt.Equal(t.ContextBase)) {
				return store.ErrConflict
			}
			if err := writeContext(tx, c.Shop, c.ID, *t.Context); err != nil {
				return err
			}
		}
		mb := tx.Bucket(bMessages)
		for _, m := range msgs {
			if mb.Get(seqKey(c.Shop, c.ID, m.Seq)) != nil {
				return store.ErrConflict
			}
			v, err := json.Marshal(m)
			if err != nil {
				return fmt.Errorf("encode message: %w", err)
			}
			if err := mb.Put(seqKey(c.Shop, c.ID, m.Seq), v); err != nil {
				return err
			}
		}
		if old.CustomerEmail != "" {
			if err := tx.Bucket(bConvEmail).Delete(convEmailKey(old)); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bConvUpdated).Delete(convUpdatedKey(old)); err != nil {
			return err
		}
		c.Version = version + 1
		if err := writeConversation(tx, c); err != nil {
			return err
		}
		if err := addCounters(tx, t.Counters); err != nil {
			return err
		}
		for _, r := range t.Records {
			if r.EventKey != "" || len(r.Events) > 0 {
				return fmt.Errorf("record of shop %s: a turn's records carry no event key and no events", r.Shop)
			}
			if _, err := putRecords(tx, r, store.Result{}); err != nil {
				return err
			}
		}
		return putEvents(tx, t.Events)
	})
	if err != nil {
		return fmt.Errorf("save turn of conversation %s: %w", c.ID, err)
	}
	return nil
}

func readContext(tx *bbolt.Tx, shop, id string) (*conversation.Context, error) {
	v := tx.Bucket(bContexts).Get(key(shop, id))
	if v == nil {
		return nil, nil
	}
	var cc conversation.Context
	if err := json.Unmarshal(v, &cc); err != nil {
		return nil, fmt.Errorf("decode context: %w", err)
	}
	return &cc, nil
}

func writeContext(tx *bbolt.Tx, shop, id string, cc conversation.Context) error {
	v, err := json.Marshal(cc)
	if err != nil {
		return fmt.Errorf("encode context: %w", err)
	}
	return tx.Bucket(bContexts).Put(key(shop, id), v)
}

// PutContext replaces a conversation's customer context unless the
// conversation is gone or a newer context is stored.
func (s *Store) PutContext(_ context.Context, shop, id string, cc conversation.Context) error {
	err := s.db.Update(func(tx *bbolt.Tx) error {
		if _, err := readConversation(tx, shop, id); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return nil
			}
			return err
		}
		stored, err := readContext(tx, shop, id)
		if err != nil {
			return err
		}
		if stored != nil && stored.BuiltAt.After(cc.BuiltAt) {
			return nil
		}
		return writeContext(tx, shop, id, cc)
	})
	if err != nil {
		return fmt.Errorf("put context of conversation %s: %w", id, err)
	}
	return nil
}

// ConversationsByEmail lists a customer's conversations, newest first.
func (s *Store) ConversationsByEmail(_ context.Context, shop, email string, limit int) ([]conversation.Conversation, error) {
	var out []conversation.Conversation
	err := s.db.View(func(tx *bbolt.Tx) error {
		var keys [][]byte
		err := scan(tx.Bucket(bConvEmail), prefix(shop, order.NormaliseEmail(email)), func(k, _ []byte) error {
			keys = append(keys, append([]byte(nil), k...))
			return nil
		})
		if err != nil {
			return err
		}
		for i := len(keys) - 1; i >= 0 && len(out) < limit; i-- {
			parts := splitKey(keys[i])
			c, err := readConversation(tx, shop, parts[len(parts)-1])
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("conversations by email: %w", err)
	}
	return out, nil
}

// Release forgets a claim.
func (s *Store) Release(_ context.Context, k string) error {
	err := s.db.Update(func(tx *bbolt.Tx) error {
		return tx.Bucket(bClaims).Delete(key("claim", k))
	})
	if err != nil {
		return fmt.Errorf("release %s: %w", k, err)
	}
	return nil
}

// Hit adds one to a counter.
func (s *Store) Hit(ctx context.Context, k string, expires time.Time) (int64, error) {
	return s.Add(ctx, k, 1, expires)
}

// Add adds delta to a counter.
func (s *Store) Add(_ context.Context, k string, delta int64, _ time.Time) (int64, error) {
	var n int64
	err := s.db.Update(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bCounters)
		if v := b.Get([]byte(k)); len(v) == 8 {
			n = int64(binary.BigEndian.Uint64(v))
		}
		n += delta
		return b.Put([]byte(k), binary.BigEndian.AppendUint64(nil, uint64(n)))
	})
	if err != nil {
		return 0, fmt.Errorf("count %s: %w", k, err)
	}
	return n, nil
}

// Counters reads counters.
func (s *Store) Counters(_ context.Context, keys []string) (map[string]int64, error) {
	out := map[string]int64{}
	err := s.db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bCounters)
		for _, k := range keys {
			if v := b.Get([]byte(k)); len(v) == 8 {
				out[k] = int64(binary.BigEndian.Uint64(v))
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read counters: %w", err)
	}
	return out, nil
}

// ListConversations lists a shop's conversations, last updated first.
func (s *Store) ListConversations(_ context.Context, shop string, before time.Time, limit int) ([]conversation.Conversation, error) {
	var out []conversation.Conversation
	err := s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bConvUpdated).Cursor()
		p := prefix(shop)
		var k []byte
		if before.IsZero() {
			k, _ = c.Seek(prefix(shop, "99999999999999999999"))
		} else {
			k, _ = c.Seek(prefix(shop, nanos(before)))
		}
		if k == nil {
			k, _ = c.Last()
		} else {
			k, _ = c.Prev()
		}
		for ; k != nil && bytes.HasPrefix(k, p) && len(out) < limit; k, _ = c.Prev() {
			parts := splitKey(k)
			conv, err := readConversation(tx, shop, parts[len(parts)-1])
			if err != nil {
				return err
			}
			out = append(out, conv)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list conversations: %w", err)
	}
	return out, nil
}

// AddAll adds each delta to its counter in one transaction.
func (s *Store) AddAll(_ context.Context, deltas map[string]int64, _ time.Time) error {
	err := s.db.Update(func(tx *bbolt.Tx) error { return addCounters(tx, deltas) })
	if err != nil {
		return fmt.Errorf("add counters: %w", err)
	}
	return nil
}

func addCounters(tx *bbolt.Tx, deltas map[string]int64) error {
	b := tx.Bucket(bCounters)
	for k, d := range deltas {
		if d == 0 {
			continue
		}
		var n int64
		if v := b.Get([]byte(k)); len(v) == 8 {
			n = int64(binary.BigEndian.Uint64(v))
		}
		if err := b.Put([]byte(k), binary.BigEndian.AppendUint64(nil, uint64(n+d))); err != nil {
			return err
		}
	}
	return nil
}
