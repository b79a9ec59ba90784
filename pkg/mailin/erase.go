package mailin

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/privacy"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Eraser removes the mail records of a customer, for customers/redact.
type Eraser interface {
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
	DeleteDoc(ctx context.Context, coll, id string) error
}

// RawStore is where the receipt rule keeps raw messages (SES's S3
// action): Prefix+the message's key, the key its mail log entry names.
type RawStore struct {
	Blobs  RawDeleter
	Prefix string // "inbound/"
	// Shop is the shop whose mail the receipt rule stores under Prefix
	// (the deployment's); shop/redact of it deletes every raw message
	// under Prefix, also one whose log entry failed to write.
	Shop string
}

// RawPruner deletes every stored raw message under a prefix (s3blob's
// and fileblob's DeletePrefix).
type RawPruner interface {
	DeletePrefix(ctx context.Context, prefix string) (int, error)
}

// RawDeleter deletes a stored raw message; a missing one is no error.
type RawDeleter interface {
	Delete(ctx context.Context, key string) error
}

// Erase removes what the mail channel keeps on a customer of shop: the
// sender record, the count of replies to their address (CollReplies), the attachment records of their conversations, their
// entries in the mail log, the Message-ID records that point at their
// conversations and, when raw.Blobs is set, the raw messages
// those entries name (kept InboundMailRetentionDays; the log outlives
// them, so every raw message kept has its entry). Attachment files go
// with their conversations (package photo).
func Erase(ctx context.Context, st Eraser, raw RawStore, shop, address string, conversations []string) error {
	address = strings.ToLower(strings.TrimSpace(address))
	if address != "" {
		if err := st.DeleteDoc(ctx, CollSenders, shop+"|"+address); err != nil {
			return fmt.Errorf("erase mail sender: %w", err)
		}
		if err := deleteAll(ctx, st, CollReplies, shop+"|"+address+"|", nil); err != nil {
			return err
		}
	}
	for _, id := range conversations {
		if err := deleteAll(ctx, st, CollAttachments, shop+"|"+id+"|", nil); err != nil {
			return err
		}
	}
	theirs := map[string]bool{}
	for _, id := range conversations {
		theirs[id] = true
	}
	if address == "" && len(theirs) == 0 {
		return nil
	}
	var rawErr error
	err := deleteAll(ctx, st, CollLog, "", func(v []byte) bool {
		var e struct {
			Shop         string `json:"shop"`
			Key          string `json:"key"`
			From         string `json:"from"`
			Conversation string `json:"conversation_id"`
		}
		if json.Unmarshal(v, &e) != nil || e.Shop != "" && e.Shop != shop || !(address != "" && strings.EqualFold(e.From, address) || theirs[e.Conversation]) {
			return false
		}
		if raw.Blobs != nil && e.Key != "" && rawErr == nil {
			if err := raw.Blobs.Delete(ctx, raw.Prefix+e.Key); err != nil {
				rawErr = fmt.Errorf("erase raw message: %w", err)
				return false // its entry stays, so a retry finds it
			}
		}
		return true
	})
	if err != nil {
		return err
	}
	if rawErr != nil {
		return rawErr
	}
	if len(theirs) == 0 {
		return nil
	}
	// The Message-ID records of their mails and of doorstep's replies in
	// their conversations (kept refTTL) point at the conversations erased.
	return deleteAll(ctx, st, CollMessageIDs, "", func(v []byte) bool {
		var r msgRef
		return json.Unmarshal(v, &r) == nil && (r.Shop == "" || r.Shop == shop) && theirs[r.Conversation]
	})
}

// EraseShop removes what the mail channel keeps on shop outside the
// documents whose ids name it (senders and attachments, which
// store.Store.EraseShop takes): the mail log entries and the Message-ID
// records of the shop (their ids are a time and a message key, and a
// Message-ID; the shop is in the record), and the raw messages, those
// the shop's log entries name and, when the shop is raw.Shop and the
// blob store can list, every one under raw.Prefix. A log entry written
// before entries carried their shop counts as raw.Shop's (the only shop
// a deployment receives mail for). It runs again on a retry: what went
// stays gone.
func EraseShop(ctx context.Context, st Eraser, raw RawStore, shop string) error {
	if shop == "" {
		return fmt.Errorf("erase mail of shop: no shop")
	}
	var rawErr error
	err := deleteAll(ctx, st, CollLog, "", func(v []byte) bool {
		var e struct {
			Key  string `json:"key"`
			Shop string `json:"shop"`
		}
		if json.Unmarshal(v, &e) != nil || !(e.Shop == shop || e.Shop == "" && raw.Shop == shop) {
			return false
		}
		if raw.Blobs != nil && e.Key != "" && rawErr == nil {
			if err := raw.Blobs.Delete(ctx, raw.Prefix+e.Key); err != nil {
				rawErr = fmt.Errorf("erase raw message: %w", err)
				return false
			}
		}
		return true
	})
	if err != nil {
		return err
	}
	if rawErr != nil {
		return rawErr
	}
	if err := deleteAll(ctx, st, CollMessageIDs, "", func(v []byte) bool {
		var r msgRef
		return json.Unmarshal(v, &r) == nil && r.Shop == shop
	}); err != nil {
		return err
	}
	if p, ok := raw.Blobs.(RawPruner); ok && raw.Shop == shop && raw.Prefix != "" {
		if _, err := p.DeletePrefix(ctx, raw.Prefix); err != nil {
			return fmt.Errorf("erase raw messages of shop: %w", err)
		}
	}
	return nil
}

// deleteAll deletes a collection's documents under prefix that match.
func deleteAll(ctx context.Context, st Eraser, coll, prefix string, match func([]byte) bool) error {
	after := ""
	for {
		docs, err := st.ListDocs(ctx, coll, prefix, after, 500)
		if err != nil {
			return fmt.Errorf("erase %s: %w", coll, err)
		}
		for _, d := range docs {
			if match == nil || match(d.Value) {
				if err := st.DeleteDoc(ctx, coll, d.ID); err != nil {
					return fmt.Errorf("erase %s: %w", coll, err)
				}
			}
		}
		if len(docs) < 500 {
			return nil
		}
		after = docs[len(docs)-1].ID
	}
}

// Reactions registers the email channel's erasers: redacting a customer
// erases their mail records (sender, attachments, message log) in st and
// their raw messages in raw; redacting a shop erases its mail log,
// Message-ID records and raw messages (EraseShop).
func Reactions(p *privacy.Service, st Eraser, raw RawStore) {
	p.AddEraser("mail", func(ctx context.Context, shop, email string, convs []string) error {
		return Erase(ctx, st, raw, shop, email, convs)
	})
	p.AddShopEraser("mail", func(ctx context.Context, shop string) error {
		return EraseShop(ctx, st, raw, shop)
	})
}
