package storetest

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// testConversationContext: a conversation's customer context is created
// with it, read with it, replaced by a turn only if still the one the turn
// read, replaced by PutContext only by a context as new or newer, never
// written for a conversation that does not exist, and deleted with it.
func testConversationContext(t *testing.T, s store.Store) {
	ctxAt := func(at time.Time, name string) *conversation.Context {
		return &conversation.Context{Email: "ada@example.com", BuiltAt: at,
			Orders:   []order.Order{{Shop: "a", ID: "1", Name: name, Email: "ada@example.com", CreatedAt: base, UpdatedAt: at}},
			Earlier:  []conversation.Earlier{{ID: "c0", Channel: conversation.ChannelEmail, CreatedAt: base, Summary: "asked about #1000"}},
			Problems: map[string][]map[string]any{"1": {{"problem": "late", "what_we_did": "told them"}}},
			CheckIns: []conversation.Doc{{ID: "a|ada@example.com|1", Value: json.RawMessage(`{"order_id":"1"}`)}},
		}
	}
	read := func() *conversation.Context {
		t.Helper()
		c, _, err := s.GetConversation(ctx(), "a", "c1")
		if err != nil {
			t.Fatalf("GetConversation: %v", err)
		}
		return c.Context
	}
	plain := Conversation("a", "c0")
	if err := s.CreateConversation(ctx(), plain); err != nil {
		t.Fatal(err)
	}
	if c, _, err := s.GetConversation(ctx(), "a", "c0"); err != nil || c.Context != nil {
		t.Fatalf("conversation without a context: %v, context %+v", err, c.Context)
	}

	c := Conversation("a", "c1")
	c.CustomerEmail, c.VerifiedBy = "ada@example.com", conversation.VerifiedByOrder
	first := ctxAt(base, "#1001")
	c.Context = first
	if err := s.CreateConversation(ctx(), c); err != nil {
		t.Fatalf("CreateConversation with context: %v", err)
	}
	if d := cmp.Diff(first, read()); d != "" {
		t.Fatalf("context after create (-want +got):\n%s", d)
	}
	if err := s.CreateConversation(ctx(), c); !errors.Is(err, store.ErrConflict) {
		t.Errorf("second create err = %v, want ErrConflict", err)
	}
	// A turn that read no context may not replace one.
	c.Context = nil
	second := ctxAt(base.Add(time.Minute), "#1002")
	if err := s.CommitTurn(ctx(), store.Turn{Conversation: c, Version: 0, Context: second}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("turn with a stale context base err = %v, want ErrConflict", err)
	}
	// A turn without a context leaves it.
	if err := s.CommitTurn(ctx(), store.Turn{Conversation: c, Version: 0}); err != nil {
		t.Fatalf("CommitTurn: %v", err)
	}
	if d := cmp.Diff(first, read()); d != "" {
		t.Errorf("context after a turn without one (-want +got):\n%s", d)
	}
	// A turn that read it replaces it.
	if err := s.CommitTurn(ctx(), store.Turn{Conversation: c, Version: 1, Context: second, ContextBase: first.BuiltAt}); err != nil {
		t.Fatalf("CommitTurn with context: %v", err)
	}
	if d := cmp.Diff(second, read()); d != "" {
		t.Errorf("context after a turn (-want +got):\n%s", d)
	}
	// PutContext: newer wins, older is ignored, no error either way.
	if err := s.PutContext(ctx(), "a", "c1", *first); err != nil {
		t.Fatalf("PutContext older: %v", err)
	}
	if d := cmp.Diff(second, read()); d != "" {
		t.Errorf("an older context replaced a newer one (-want +got):\n%s", d)
	}
	third := ctxAt(base.Add(2*time.Minute), "#1003")
	if err := s.PutContext(ctx(), "a", "c1", *third); err != nil {
		t.Fatalf("PutContext newer: %v", err)
	}
	if d := cmp.Diff(third, read()); d != "" {
		t.Errorf("context after PutContext (-want +got):\n%s", d)
	}
	// A turn whose base is no longer stored conflicts, and writes nothing.
	if err := s.CommitTurn(ctx(), store.Turn{Conversation: c, Version: 2, Context: first, ContextBase: second.BuiltAt}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("turn after a refresh err = %v, want ErrConflict", err)
	}
	if got, _, _ := s.GetConversation(ctx(), "a", "c1"); got.Version != 2 {
		t.Errorf("a conflicting turn was saved: version %d", got.Version)
	}
	// No context for a conversation that does not exist.
	if err := s.PutContext(ctx(), "a", "gone", *third); err != nil {
		t.Fatalf("PutContext without conversation: %v", err)
	}
	if err := s.CreateConversation(ctx(), Conversation("a", "gone")); err != nil {
		t.Fatal(err)
	}
	if c, _, err := s.GetConversation(ctx(), "a", "gone"); err != nil || c.Context != nil {
		t.Errorf("context written for a missing conversation: %v, %+v", err, c.Context)
	}
	// Deleted with the conversation.
	if err := s.DeleteConversation(ctx(), "a", "c1"); err != nil {
		t.Fatal(err)
	}
	c.Context = nil
	if err := s.CreateConversation(ctx(), c); err != nil {
		t.Fatal(err)
	}
	if got := read(); got != nil {
		t.Errorf("context outlived its conversation: %+v", got)
	}
}
