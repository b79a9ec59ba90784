package mailin_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/mailin"
)

// rawBlobs is the raw mail bucket: the keys present.
type rawBlobs map[string]bool

func (r rawBlobs) Delete(_ context.Context, key string) error { delete(r, key); return nil }

// Redacting a customer erases their raw messages (found by the mail log:
// mail from their address, or filed in their conversations) with the log
// entries, and not another customer's.
func TestEraseRawMail(t *testing.T) {
	ctx := t.Context()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	raw := rawBlobs{}
	for i, e := range []struct{ key, from, conv string }{
		{"ses-daniel-1", "Daniel.Reyes@example.com", "conv-d"},
		{"ses-daniel-2", "daniel@work.example", "conv-d"}, // their conversation, from another address
		{"ses-maya-1", "maya@example.com", "conv-m"},
	} {
		b, _ := json.Marshal(map[string]string{"key": e.key, "from": e.from, "conversation_id": e.conv})
		if err := st.PutDoc(ctx, mailin.CollLog, at.Add(time.Duration(i)*time.Second).Format(time.RFC3339Nano)+"|"+e.key, b, at.Add(90*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		raw["inbound/"+e.key] = true
	}
	if err := mailin.Erase(ctx, st, mailin.RawStore{Blobs: raw, Prefix: "inbound/"}, "shop", "daniel.reyes@example.com", []string{"conv-d"}); err != nil {
		t.Fatal(err)
	}
	var left []string
	for k := range raw {
		left = append(left, k)
	}
	if !slices.Equal(left, []string{"inbound/ses-maya-1"}) {
		t.Errorf("raw messages left %q, want only maya's", left)
	}
	docs, err := st.ListDocs(ctx, mailin.CollLog, "", "", 100)
	if err != nil || len(docs) != 1 {
		t.Errorf("mail log left %d entries (%v), want maya's only", len(docs), err)
	}
}
