package mailin_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"

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

// prunableRaw is a raw mail bucket that can delete by prefix.
type prunableRaw struct{ rawBlobs }

func (r prunableRaw) DeletePrefix(_ context.Context, prefix string) (int, error) {
	n := 0
	for k := range r.rawBlobs {
		if strings.HasPrefix(k, prefix) {
			delete(r.rawBlobs, k)
			n++
		}
	}
	return n, nil
}

// Redacting a shop erases its mail log entries and Message-ID records
// (their ids do not name the shop) and its raw messages: those its log
// entries name, and every one under the prefix when the bucket receives
// the shop's mail (also one whose entry never got written). Another
// shop's records stay.
func TestEraseShopMail(t *testing.T) {
	const shop, other = "a.myshopify.com", "b.myshopify.com"
	for _, tc := range []struct {
		name     string
		rawShop  string // the shop the bucket receives mail for
		prune    bool   // the bucket can delete by prefix
		wantRaw  []string
		wantLogs []string // log ids left
	}{
		{"the deployment's shop", shop, true, nil, []string{"3|ses-b"}},
		{"the deployment's shop, no listing", shop, false, []string{"inbound/ses-b", "inbound/unlogged"}, []string{"3|ses-b"}},
		{"another deployment's shop", other, true, []string{"inbound/ses-b", "inbound/ses-legacy", "inbound/unlogged"}, []string{"2|ses-legacy", "3|ses-b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			exp := time.Now().Add(time.Hour)
			blobs := rawBlobs{"inbound/unlogged": true}
			for _, e := range []struct{ id, shop, key string }{
				{"1|ses-a", shop, "ses-a"}, {"2|ses-legacy", "", "ses-legacy"}, {"3|ses-b", other, "ses-b"},
			} {
				v := map[string]string{"key": e.key, "from": "x@example.com"}
				if e.shop != "" {
					v["shop"] = e.shop
				}
				b, _ := json.Marshal(v)
				if err := st.PutDoc(ctx, mailin.CollLog, e.id, b, exp); err != nil {
					t.Fatal(err)
				}
				blobs["inbound/"+e.key] = true
			}
			for _, f := range []struct{ id, shop string }{{"<m1@amazonses.com>", shop}, {"<m2@amazonses.com>", other}} {
				if err := mailin.FileMessageID(ctx, st, f.id, f.shop, "conv", "", time.Now()); err != nil {
					t.Fatal(err)
				}
			}
			var raw mailin.RawDeleter = blobs
			if tc.prune {
				raw = prunableRaw{blobs}
			}
			if err := mailin.EraseShop(ctx, st, mailin.RawStore{Blobs: raw, Prefix: "inbound/", Shop: tc.rawShop}, shop); err != nil {
				t.Fatal(err)
			}
			var left []string
			for k := range blobs {
				left = append(left, k)
			}
			slices.Sort(left)
			if !slices.Equal(left, tc.wantRaw) {
				t.Errorf("raw messages left %q, want %q", left, tc.wantRaw)
			}
			if got := docIDs(t, st, mailin.CollLog); !slices.Equal(got, tc.wantLogs) {
				t.Errorf("mail log left %q, want %q", got, tc.wantLogs)
			}
			if got := docIDs(t, st, mailin.CollMessageIDs); !slices.Equal(got, []string{"m2@amazonses"}) {
				t.Errorf("message-id records left %q, want the other shop's only", got)
			}
		})
	}
}

func docIDs(t *testing.T, st mailin.Eraser, coll string) []string {
	t.Helper()
	docs, err := st.ListDocs(t.Context(), coll, "", "", 100)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, d := range docs {
		out = append(out, d.ID)
	}
	return out
}

// Redacting a customer erases the Message-ID records that point at their
// conversations (their mails and doorstep's replies); another customer's
// and another shop's stay.
func TestEraseMessageIDs(t *testing.T) {
	ctx := t.Context()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	for _, r := range []struct{ id, shop, conv string }{
		{"<c1@example.com>", "shop", "conv-d"},
		{"<reply-1@doorstep>", "shop", "conv-d"},
		{"<c2@example.com>", "shop", "conv-m"},
		{"<c3@example.com>", "other", "conv-d"},
	} {
		b, _ := json.Marshal(map[string]string{"shop": r.shop, "conversation_id": r.conv})
		if err := st.PutDoc(ctx, mailin.CollMessageIDs, r.id, b, at.Add(400*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if err := mailin.Erase(ctx, st, mailin.RawStore{}, "shop", "daniel@example.com", []string{"conv-d"}); err != nil {
		t.Fatal(err)
	}
	docs, err := st.ListDocs(ctx, mailin.CollMessageIDs, "", "", 100)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, d := range docs {
		left = append(left, d.ID)
	}
	slices.Sort(left)
	if want := []string{"<c2@example.com>", "<c3@example.com>"}; !slices.Equal(left, want) {
		t.Errorf("Message-ID records left %q, want %q", left, want)
	}
}

// Redacting a customer leaves nothing of the count of replies to their
// address (the reply limit's, MaxRepliesPerHour): no key in the store
// names it. Another sender's count stays, and still limits them.
func TestEraseReplyCount(t *testing.T) {
	ctx := t.Context()
	e := newEnv(t)
	for i, from := range []string{"Daniel.Reyes@example.com", "daniel.reyes@example.com", "maya@example.com"} {
		raw := fmt.Sprintf("From: %s\nTo: %s\nSubject: q\nMessage-ID: <rc%d@example.com>\n\nWhere is order #1003?\n", from, support, i)
		e.receive(t, fmt.Sprintf("rc%d", i), []byte(raw))
	}
	keys := func(addr string) []string {
		var out []string
		err := e.store.(*bolt.Store).DB().View(func(tx *bbolt.Tx) error {
			return tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
				return b.ForEach(func(k, _ []byte) error {
					if s := strings.ToLower(string(k)); strings.Contains(s, addr) && strings.Contains(s, "repl") {
						out = append(out, string(name)+": "+string(k))
					}
					return nil
				})
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if len(keys("daniel.reyes@example.com")) == 0 || len(keys("maya@example.com")) == 0 {
		t.Fatalf("before: no reply count names the senders: %q %q", keys("daniel.reyes@example.com"), keys("maya@example.com"))
	}
	if err := mailin.Erase(ctx, e.store, mailin.RawStore{}, shop, "Daniel.Reyes@example.com", nil); err != nil {
		t.Fatal(err)
	}
	if left := keys("daniel.reyes@example.com"); len(left) > 0 {
		t.Errorf("after customers/redact: %q", left)
	}
	if len(keys("maya@example.com")) == 0 {
		t.Error("maya's reply count went too")
	}
}
