package app_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/app"
	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/localflow"
	"github.com/doorstep-ai/doorstep/pkg/offline"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/outbox"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// countingReads counts the reads a turn should not need: everything
// besides the conversation's own.
type countingReads struct {
	store.Store
	n atomic.Int64
}

func (c *countingReads) GetOrder(ctx context.Context, shop, id string) (order.Order, error) {
	c.n.Add(1)
	return c.Store.GetOrder(ctx, shop, id)
}

func (c *countingReads) GetOrderByName(ctx context.Context, shop, name string) (order.Order, error) {
	c.n.Add(1)
	return c.Store.GetOrderByName(ctx, shop, name)
}

func (c *countingReads) OrdersByEmail(ctx context.Context, shop, email string, limit int) ([]order.Order, error) {
	c.n.Add(1)
	return c.Store.OrdersByEmail(ctx, shop, email, limit)
}

func (c *countingReads) ConversationsByEmail(ctx context.Context, shop, email string, limit int) ([]conversation.Conversation, error) {
	c.n.Add(1)
	return c.Store.ConversationsByEmail(ctx, shop, email, limit)
}

func (c *countingReads) ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error) {
	c.n.Add(1)
	return c.Store.ListDocs(ctx, coll, prefix, after, limit)
}

// On the embedded store, as the local runner runs (events in process): a
// verified conversation's turns read nothing but the conversation, and an
// order cancelled by webhook between two turns is in the next turn's
// answer, still without another read; a conversation idle past the
// context's age bound rebuilds it (orders, earlier conversations, the
// delivery check's findings for its one order, check-ins: 4 reads).
func TestContextFollowsOrderChangesOnBolt(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st := &countingReads{Store: db}
	clk := clock.NewManual()
	const shop = "demo-shop.myshopify.com"
	commerce := &demoshop.Shop{Store: db, Clock: clk}
	a, err := app.New(app.Ports{Store: st, Clock: clk, Model: offline.Model{}, Commerce: commerce, Resolver: commerce,
		Mailer: &outbox.Outbox{Path: filepath.Join(t.TempDir(), "outbox"), Clock: clk}, Scheduler: localflow.New(db, clk, nil),
		Secrets: intake.SecretMap{shop: []byte("s")}}, app.Config{Shop: shop, Policy: policy.Default(), ChatKeys: signed.NewKeyring([]byte("k")), InProcessEvents: true})
	if err != nil {
		t.Fatal(err)
	}
	body, err := fs.ReadFile(events.DemoOrders(), "1003.json")
	if err != nil {
		t.Fatal(err)
	}
	webhook := func(topic, id string, b []byte) {
		t.Helper()
		if _, err := a.Intake.Handle(t.Context(), intake.Delivery{Topic: topic, Shop: shop, EventID: id, Body: b, Signature: shopify.Sign([]byte("s"), b)}); err != nil {
			t.Fatal(err)
		}
	}
	webhook("orders/create", "1", body)
	h := a.ChatHandler()
	post := func(path, token, body string) map[string]any {
		t.Helper()
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code/100 != 2 {
			t.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
		var out map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &out)
		return out
	}
	created := post("/v1/conversations", "", `{"email":"daniel.reyes@example.com","order_number":"#1003"}`)
	id, token := created["conversation_id"].(string), created["token"].(string)
	for _, tt := range []struct {
		name   string
		before func()
		reads  int64
		want   string
	}{
		{name: "status", reads: 0, want: "in transit"},
		{name: "after a cancellation", reads: 0, want: "cancel", before: func() {
			var o map[string]any
			if err := json.Unmarshal(body, &o); err != nil {
				t.Fatal(err)
			}
			o["cancelled_at"], o["updated_at"], o["cancel_reason"] = "2026-11-20T10:00:00-05:00", "2026-11-20T10:00:00-05:00", "customer"
			b, _ := json.Marshal(o)
			webhook("orders/cancelled", "2", b)
		}},
		{name: "idle past the bound", reads: 4, want: "cancel", before: func() { clk.Advance(time.Hour) }},
	} {
		if tt.before != nil {
			tt.before()
		}
		st.n.Store(0)
		out := post("/v1/conversations/"+id+"/messages", token, `{"text":"Where is my order #1003?"}`)
		reply, _ := out["reply"].(map[string]any)
		text, _ := reply["text"].(string)
		if !strings.Contains(strings.ToLower(text), tt.want) {
			t.Errorf("%s: reply %q, want it to mention %q", tt.name, text, tt.want)
		}
		if got := st.n.Load(); got != tt.reads {
			t.Errorf("%s: %d reads besides the conversation, want %d", tt.name, got, tt.reads)
		}
	}
}
