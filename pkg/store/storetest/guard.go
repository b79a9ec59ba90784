package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// testGuards: a turn (CommitTurn) and a claim (ClaimIf) guarded by a
// document write only while the document is as the guard holds it (or
// absent, for an empty guard); else ErrSuperseded and nothing is written.
func testGuards(t *testing.T, s store.Store) {
	absent := store.DocGuard{Coll: "settings", ID: "a"}
	v1 := store.DocGuard{Coll: "settings", ID: "a", Doc: []byte(`{"v":1}`)}
	c := Conversation("a", "g1")
	if err := s.CreateConversation(ctx(), c); err != nil {
		t.Fatal(err)
	}
	turn := func(version int64, seq int, g store.DocGuard) error {
		c := c
		c.Messages = seq + 1
		return s.CommitTurn(ctx(), store.Turn{Conversation: c, Version: version, Guard: &g,
			Messages: []conversation.Message{{Seq: seq, Role: conversation.RoleCustomer, Text: "hi", At: base}}})
	}
	steps := []struct {
		name string
		put  []byte // the document is written first, when set
		run  func() error
		want error
	}{
		{"turn, no document, absent guard", nil, func() error { return turn(0, 0, absent) }, nil},
		{"claim, no document, absent guard", nil, func() error { return s.ClaimIf(ctx(), "k0", time.Time{}, absent) }, nil},
		{"turn, absent guard, document written", v1.Doc, func() error { return turn(1, 1, absent) }, store.ErrSuperseded},
		{"claim, absent guard, document written", nil, func() error { return s.ClaimIf(ctx(), "k1", time.Time{}, absent) }, store.ErrSuperseded},
		{"turn, guard of the document", nil, func() error { return turn(1, 1, v1) }, nil},
		{"claim, guard of the document", nil, func() error { return s.ClaimIf(ctx(), "k1", time.Time{}, v1) }, nil},
		{"claim again", nil, func() error { return s.ClaimIf(ctx(), "k1", time.Time{}, v1) }, store.ErrDuplicate},
		{"turn, document changed", []byte(`{"v":2}`), func() error { return turn(2, 2, v1) }, store.ErrSuperseded},
		{"claim, document changed", nil, func() error { return s.ClaimIf(ctx(), "k2", time.Time{}, v1) }, store.ErrSuperseded},
	}
	for _, st := range steps {
		if st.put != nil {
			if err := s.PutDoc(ctx(), "settings", "a", st.put, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.run(); !errors.Is(err, st.want) || (st.want == nil && err != nil) {
			t.Errorf("%s: err %v, want %v", st.name, err, st.want)
		}
	}
	got, msgs, err := s.GetConversation(ctx(), "a", "g1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 || len(msgs) != 2 {
		t.Errorf("after the guarded turns: version %d, %d messages; want 2 and 2 (the superseded turns wrote nothing)", got.Version, len(msgs))
	}
	// A superseded claim claimed nothing: the key is free.
	if err := s.Claim(ctx(), "k2", time.Time{}); err != nil {
		t.Errorf("claim of the key a superseded ClaimIf named: %v, want it free", err)
	}
}
