package bolt

import (
	"bytes"
	"context"
	"fmt"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/doorstep-ai/doorstep/pkg/store"
)

var bDocs = []byte("docs")

func docKey(coll, id string) []byte { return key(coll, id) }

// PutDoc writes a document.
func (s *Store) PutDoc(_ context.Context, coll, id string, doc []byte, _ time.Time) error {
	err := s.db.Update(func(tx *bbolt.Tx) error {
		return tx.Bucket(bDocs).Put(docKey(coll, id), doc)
	})
	if err != nil {
		return fmt.Errorf("put %s/%s: %w", coll, id, err)
	}
	return nil
}

// CreateDoc writes a document if its id is new.
func (s *Store) CreateDoc(_ context.Context, coll, id string, doc []byte, _ time.Time) error {
	err := s.db.Update(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bDocs)
		if b.Get(docKey(coll, id)) != nil {
			return store.ErrConflict
		}
		return b.Put(docKey(coll, id), doc)
	})
	if err != nil {
		return fmt.Errorf("create %s/%s: %w", coll, id, err)
	}
	return nil
}

// GetDoc reads a document.
func (s *Store) GetDoc(_ context.Context, coll, id string) ([]byte, error) {
	var out []byte
	err := s.db.View(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bDocs).Get(docKey(coll, id))
		if v == nil {
			return store.ErrNotFound
		}
		out = append([]byte(nil), v...)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("get %s/%s: %w", coll, id, err)
	}
	return out, nil
}

// ListDocs lists a collection in id order.
func (s *Store) ListDocs(_ context.Context, coll, pfx, after string, limit int) ([]store.Doc, error) {
	var out []store.Doc
	err := s.db.View(func(tx *bbolt.Tx) error {
		p := key(coll, pfx)
		start := p
		if after != "" {
			start = append(docKey(coll, after), 0)
		}
		c := tx.Bucket(bDocs).Cursor()
		for k, v := c.Seek(start); k != nil && bytes.HasPrefix(k, p) && len(out) < limit; k, v = c.Next() {
			out = append(out, store.Doc{ID: string(k[len(coll)+1:]), Value: append([]byte(nil), v...)})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", coll, err)
	}
	return out, nil
}

// DeleteDoc removes a document.
func (s *Store) DeleteDoc(_ context.Context, coll, id string) error {
	err := s.db.Update(func(tx *bbolt.Tx) error { return tx.Bucket(bDocs).Delete(docKey(coll, id)) })
	if err != nil {
		return fmt.Errorf("delete %s/%s: %w", coll, id, err)
	}
	return nil
}

// checkGuard is store.ErrSuperseded when g's document is not g.Doc.
func checkGuard(tx *bbolt.Tx, g *store.DocGuard) error {
	if g == nil {
		return nil
	}
	if !bytes.Equal(tx.Bucket(bDocs).Get(docKey(g.Coll, g.ID)), g.Doc) {
		return fmt.Errorf("%s/%s: %w", g.Coll, g.ID, store.ErrSuperseded)
	}
	return nil
}

// ClaimIf is Claim in the transaction that checks g.
func (s *Store) ClaimIf(_ context.Context, k string, expires time.Time, g store.DocGuard) error {
	err := s.db.Update(func(tx *bbolt.Tx) error {
		if err := checkGuard(tx, &g); err != nil {
			return err
		}
		return claim(tx, k, expires)
	})
	if err != nil {
		return fmt.Errorf("claim %s: %w", k, err)
	}
	return nil
}
