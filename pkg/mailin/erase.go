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

// Erase removes what the mail channel keeps on a customer of shop: the
// sender record, the attachment records of their conversations, and their
// entries in the mail log. Attachment files themselves expire by the
// bucket's lifecycle (AttachmentRetentionDays).
func Erase(ctx context.Context, st Eraser, shop, address string, conversations []string) error {
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
	if address == "" {
		return nil
	}
	return deleteAll(ctx, st, CollLog, "", func(v []byte) bool {
		var e struct {
			From string `json:"from"`
		}
		return json.Unmarshal(v, &e) == nil && strings.EqualFold(e.From, address)
	})
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
// erases their mail records (sender, attachments, message log) in st.
func Reactions(p *privacy.Service, st Eraser) {
	p.AddEraser("mail", func(ctx context.Context, shop, email string, convs []string) error {
		return Erase(ctx, st, shop, email, convs)
	})
}
