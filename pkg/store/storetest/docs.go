package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/store"
)

func testDocs(t *testing.T, s store.Store) {
	if _, err := s.GetDoc(ctx(), "c", "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing doc err = %v", err)
	}
	if err := s.CreateDoc(ctx(), "c", "x", []byte(`{"v":1}`), time.Time{}); err != nil {
		t.Fatalf("CreateDoc: %v", err)
	}
	if err := s.CreateDoc(ctx(), "c", "x", []byte(`{"v":2}`), time.Time{}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("second CreateDoc err = %v, want ErrConflict", err)
	}
	if err := s.PutDoc(ctx(), "c", "x", []byte(`{"v":3}`), base.Add(time.Hour)); err != nil {
		t.Fatalf("PutDoc: %v", err)
	}
	got, err := s.GetDoc(ctx(), "c", "x")
	if err != nil || string(got) != `{"v":3}` {
		t.Errorf("GetDoc = %s, %v", got, err)
	}
	// Another collection with the same id is separate.
	if _, err := s.GetDoc(ctx(), "other", "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("doc leaked across collections: %v", err)
	}
	if err := s.DeleteDoc(ctx(), "c", "x"); err != nil {
		t.Fatalf("DeleteDoc: %v", err)
	}
	if err := s.DeleteDoc(ctx(), "c", "x"); err != nil {
		t.Errorf("DeleteDoc of a missing doc: %v", err)
	}
	if _, err := s.GetDoc(ctx(), "c", "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted doc err = %v", err)
	}
}

func testListDocs(t *testing.T, s store.Store) {
	for i := 0; i < 12; i++ {
		id := fmt.Sprintf("2026-11-%02d#%d", 20-i, i)
		if err := s.PutDoc(ctx(), "timers", id, []byte(fmt.Sprint(i)), time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	_ = s.PutDoc(ctx(), "timerz", "2026-11-01#x", []byte("no"), time.Time{})
	ids := func(docs []store.Doc) []string {
		var out []string
		for _, d := range docs {
			out = append(out, d.ID)
		}
		return out
	}
	got, err := s.ListDocs(ctx(), "timers", "", "", 3)
	if err != nil {
		t.Fatalf("ListDocs: %v", err)
	}
	if d := cmp.Diff([]string{"2026-11-09#11", "2026-11-10#10", "2026-11-11#9"}, ids(got)); d != "" {
		t.Errorf("first page (-want +got):\n%s", d)
	}
	got, _ = s.ListDocs(ctx(), "timers", "", got[len(got)-1].ID, 2)
	if d := cmp.Diff([]string{"2026-11-12#8", "2026-11-13#7"}, ids(got)); d != "" {
		t.Errorf("next page (-want +got):\n%s", d)
	}
	got, _ = s.ListDocs(ctx(), "timers", "2026-11-2", "", 10)
	if d := cmp.Diff([]string{"2026-11-20#0"}, ids(got)); d != "" || string(got[0].Value) != "0" {
		t.Errorf("prefix (-want +got):\n%s", d)
	}
	got, _ = s.ListDocs(ctx(), "empty", "", "", 10)
	if len(got) != 0 {
		t.Errorf("empty collection listed %d", len(got))
	}
}
