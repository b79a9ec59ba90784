package bolt

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	bbolt "go.etcd.io/bbolt"

	"github.com/doorstep-ai/doorstep/pkg/store"
)

// DeleteConversation removes a conversation, its messages and its index
// entries.
func (s *Store) DeleteConversation(_ context.Context, shop, id string) error {
	err := s.db.Update(func(tx *bbolt.Tx) error {
		c, err := readConversation(tx, shop, id)
		if err != nil {
			return nil // nothing to delete
		}
		if err := tx.Bucket(bConvs).Delete(key(shop, id)); err != nil {
			return err
		}
		if c.CustomerEmail != "" {
			if err := tx.Bucket(bConvEmail).Delete(convEmailKey(c)); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bConvUpdated).Delete(convUpdatedKey(c)); err != nil {
			return err
		}
		if err := tx.Bucket(bContexts).Delete(key(shop, id)); err != nil {
			return err
		}
		return deletePrefix(tx.Bucket(bMessages), prefix(shop, id))
	})
	if err != nil {
		return fmt.Errorf("delete conversation %s: %w", id, err)
	}
	return nil
}

func deletePrefix(b *bbolt.Bucket, p []byte) error {
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = c.Next() {
		keys = append(keys, append([]byte(nil), k...))
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// EraseShop removes every key that names the shop, in every bucket.
func (s *Store) EraseShop(_ context.Context, shop string) (int, error) {
	n := 0
	err := s.db.Update(func(tx *bbolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
			var keys [][]byte
			err := b.ForEach(func(k, _ []byte) error {
				for _, part := range strings.Split(string(k), "\x00") {
					if store.NamesShop(part, shop) {
						keys = append(keys, append([]byte(nil), k...))
						break
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			for _, k := range keys {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
			n += len(keys)
			return nil
		})
	})
	if err != nil {
		return n, fmt.Errorf("erase shop: %w", err)
	}
	return n, nil
}
