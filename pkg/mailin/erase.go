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
}

// RawDeleter deletes a stored raw message; a missing one is no error.
type RawDeleter interface {
	Delete(ctx context.Context, key string) error
}

// Erase removes what the mail channel keeps on a customer of shop: the
// sender record, the attachment records of their conversations, their
// entries in the mail log and, when raw.Blobs is set, the raw messages
// those entries name (kept InboundMailRetentionDays; the log outlives
// them, so every raw message kept has its entry). Attachment files go
// with their conversations (package photo).
func Erase(ctx context.Context, st Eraser, raw RawStore, shop, address string, conversations []string) error {
	address = strings.ToLower(strings.TrimSpace(address))
	if address != "" {
		if err := st.DeleteDoc(ctx, CollSenders, shop+"|"+address); err != nil {
			return fmt.Errorf("erase mail sender: %w", err)
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
			Key          string `json:"key"`
			From         string `json:"from"`
			Conversation string `json:"conversation_id"`
		}
		if json.Unmarshal(v, &e) != nil || !(address != "" && strings.EqualFold(e.From, address) || theirs[e.Conversation]) {
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
	return rawErr
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

// Reactions registers the email channel's eraser: redacting a customer
// erases their mail records (sender, attachments, message log) in st and
// their raw messages in raw.
func Reactions(p *privacy.Service, st Eraser, raw RawStore) {
	p.AddEraser("mail", func(ctx context.Context, shop, email string, convs []string) error {
		return Erase(ctx, st, raw, shop, email, convs)
	})
}
