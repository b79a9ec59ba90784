package storetest

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Conversation returns a test conversation.
func Conversation(shop, id string) conversation.Conversation {
	return conversation.Conversation{Shop: shop, ID: id, Channel: conversation.ChannelChat, Status: conversation.StatusOpen,
		CreatedAt: base, UpdatedAt: base}
}

func testConversationRoundTrip(t *testing.T, s store.Store) {
	c := Conversation("a", "c1")
	if err := s.CreateConversation(ctx(), c); err != nil {
		t.Fatalf("CreateConversation: %v", err)
	}
	if err := s.CreateConversation(ctx(), c); !errors.Is(err, store.ErrConflict) {
		t.Errorf("second create err = %v, want ErrConflict", err)
	}
	got, msgs, err := s.GetConversation(ctx(), "a", "c1")
	if err != nil {
		t.Fatalf("GetConversation: %v", err)
	}
	if d := cmp.Diff(c, got); d != "" || len(msgs) != 0 {
		t.Errorf("new conversation (-want +got):\n%s, %d messages", d, len(msgs))
	}
	if _, _, err := s.GetConversation(ctx(), "a", "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing conversation err = %v", err)
	}
	if _, _, err := s.GetConversation(ctx(), "b", "c1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("other shop's conversation err = %v", err)
	}

	c.CustomerEmail, c.VerifiedBy = "ada@example.com", conversation.VerifiedByOrder
	c.Pending = &conversation.Proposal{ID: "c1-0-0", Tool: "start_return", Order: "#1001", OrderID: "1", Statement: "I will start a return",
		Lines:  []conversation.ProposalLine{{LineItemID: "l1", VariantID: "v1", Title: "Mug", Variant: "Charcoal", Quantity: 1, Price: 2400}},
		Reason: "UNWANTED", Resolution: "refund", Amount: 2400, Currency: "USD", StatedAt: 1, At: base, Status: conversation.ProposalStated}
	c.CurrentOrder = "#1001"
	c.Usage = conversation.Usage{InputTokens: 900, OutputTokens: 80, CostUSD: 0.0013, ModelCalls: 2}
	c.Messages = 2
	msgs = []conversation.Message{
		{Seq: 0, Role: conversation.RoleCustomer, Text: "where is #1001?", At: base},
		{Seq: 1, Role: conversation.RoleAgent, Text: "On its way.", At: base.Add(time.Second),
			Actions: []conversation.Action{{Tool: "track_order", Status: "done", Order: "#1001"}}, Usage: &conversation.Usage{InputTokens: 900}},
	}
	if err := s.SaveTurn(ctx(), c, 0, msgs); err != nil {
		t.Fatalf("SaveTurn: %v", err)
	}
	got, gotMsgs, err := s.GetConversation(ctx(), "a", "c1")
	if err != nil {
		t.Fatal(err)
	}
	want := c
	want.Version = 1
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("after SaveTurn (-want +got):\n%s", d)
	}
	if d := cmp.Diff(msgs, gotMsgs); d != "" {
		t.Errorf("messages (-want +got):\n%s", d)
	}
	// Saving against the old version again is a conflict and writes nothing.
	c.Summary = "should not land"
	if err := s.SaveTurn(ctx(), c, 0, []conversation.Message{{Seq: 2, Role: conversation.RoleCustomer, Text: "x", At: base}}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale SaveTurn err = %v, want ErrConflict", err)
	}
	got, gotMsgs, _ = s.GetConversation(ctx(), "a", "c1")
	if got.Summary != "" || len(gotMsgs) != 2 {
		t.Errorf("stale SaveTurn wrote: summary %q, %d messages", got.Summary, len(gotMsgs))
	}
	if err := s.SaveTurn(ctx(), Conversation("a", "ghost"), 0, nil); !errors.Is(err, store.ErrConflict) && !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SaveTurn of a conversation never created err = %v", err)
	}
}

// Twenty writers racing on one conversation: each retries on conflict, and
// every message lands once, in seq order, none lost.
func testConcurrentTurns(t *testing.T, s store.Store) {
	if err := s.CreateConversation(ctx(), Conversation("a", "busy")); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for attempt := 0; attempt < 200; attempt++ {
				c, _, err := s.GetConversation(ctx(), "a", "busy")
				if err != nil {
					t.Errorf("get: %v", err)
					return
				}
				v := c.Version
				seq := c.Messages
				c.Messages += 2
				err = s.SaveTurn(ctx(), c, v, []conversation.Message{
					{Seq: seq, Role: conversation.RoleCustomer, Text: fmt.Sprintf("q%d", i), At: base},
					{Seq: seq + 1, Role: conversation.RoleAgent, Text: fmt.Sprintf("a%d", i), At: base},
				})
				if err == nil {
					return
				}
				if !errors.Is(err, store.ErrConflict) {
					t.Errorf("save: %v", err)
					return
				}
				time.Sleep(time.Duration(attempt%7) * time.Millisecond)
			}
			t.Errorf("writer %d never landed", i)
		}(i)
	}
	wg.Wait()
	c, msgs, err := s.GetConversation(ctx(), "a", "busy")
	if err != nil {
		t.Fatal(err)
	}
	if c.Version != 20 || len(msgs) != 40 {
		t.Fatalf("version %d, %d messages; want 20 and 40", c.Version, len(msgs))
	}
	seen := map[string]int{}
	for i, m := range msgs {
		if m.Seq != i {
			t.Fatalf("message %d has seq %d: out of order", i, m.Seq)
		}
		seen[m.Text]++
		if i%2 == 1 && m.Text[1:] != msgs[i-1].Text[1:] {
			t.Errorf("reply %q does not follow its question %q", m.Text, msgs[i-1].Text)
		}
	}
	for i := 0; i < 20; i++ {
		if seen[fmt.Sprintf("q%d", i)] != 1 {
			t.Errorf("question %d stored %d times", i, seen[fmt.Sprintf("q%d", i)])
		}
	}
}

func testConversationsByEmail(t *testing.T, s store.Store) {
	for i := 1; i <= 3; i++ {
		c := Conversation("a", fmt.Sprint("c", i))
		c.CreatedAt = base.Add(time.Duration(i) * time.Hour)
		if err := s.CreateConversation(ctx(), c); err != nil {
			t.Fatal(err)
		}
		if i == 3 {
			continue // stays unverified
		}
		c.CustomerEmail = "ada@example.com"
		c.Summary = fmt.Sprint("summary ", i)
		if err := s.SaveTurn(ctx(), c, 0, nil); err != nil {
			t.Fatal(err)
		}
	}
	other := Conversation("b", "c9")
	other.CustomerEmail = "ada@example.com"
	if err := s.CreateConversation(ctx(), other); err != nil {
		t.Fatal(err)
	}
	got, err := s.ConversationsByEmail(ctx(), "a", "ADA@example.com", 10)
	if err != nil {
		t.Fatalf("ConversationsByEmail: %v", err)
	}
	var ids []string
	for _, c := range got {
		ids = append(ids, c.ID+":"+c.Summary)
	}
	if d := cmp.Diff([]string{"c2:summary 2", "c1:summary 1"}, ids); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	got, _ = s.ConversationsByEmail(ctx(), "a", "ada@example.com", 1)
	if len(got) != 1 {
		t.Errorf("limit 1 gave %d", len(got))
	}
}

func testHitAndRelease(t *testing.T, s store.Store) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var counts []int64
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := s.Hit(ctx(), "rl:1", base.Add(time.Minute))
			if err != nil {
				t.Errorf("Hit: %v", err)
				return
			}
			mu.Lock()
			counts = append(counts, n)
			mu.Unlock()
		}()
	}
	wg.Wait()
	sort.Slice(counts, func(i, j int) bool { return counts[i] < counts[j] })
	if d := cmp.Diff([]int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, counts); d != "" {
		t.Errorf("hit counts (-want +got):\n%s", d)
	}
	if n, _ := s.Hit(ctx(), "rl:2", base); n != 1 {
		t.Errorf("another key starts at %d", n)
	}

	if err := s.Claim(ctx(), "k", base); err != nil {
		t.Fatal(err)
	}
	if err := s.Release(ctx(), "k"); err != nil {
		t.Fatalf("Release: %v", err)
	}
	if err := s.Claim(ctx(), "k", base); err != nil {
		t.Errorf("Claim after Release: %v", err)
	}
	if err := s.Release(ctx(), "never-claimed"); err != nil {
		t.Errorf("Release of an unclaimed key: %v", err)
	}
}

func testReturnsWrittenOnce(t *testing.T, s store.Store) {
	o := Order("a", "1", "#1001", "ada@example.com", base)
	apply(t, s, store.Change{Shop: "a", Order: &o})
	ret := order.Return{Shop: "a", OrderID: "1", ID: "r1", Status: "requested", Reason: "DEFECTIVE",
		Lines: []order.ReturnLine{{LineItemID: "1-1", Quantity: 1}}, CreatedAt: base}
	if r := apply(t, s, store.Change{Shop: "a", Returns: []order.Return{ret}}); r.Written != 1 {
		t.Fatalf("first return: %+v", r)
	}
	ret.Status = "closed"
	if r := apply(t, s, store.Change{Shop: "a", Returns: []order.Return{ret}}); r.Stale != 1 {
		t.Errorf("second write of the same return: %+v, want stale", r)
	}
	got := get(t, s, "a", "1")
	if len(got.Returns) != 1 || got.Returns[0].Status != "requested" || got.Returns[0].Lines[0].Quantity != 1 {
		t.Errorf("returns = %+v", got.Returns)
	}
}

func testListConversations(t *testing.T, s store.Store) {
	for i := 0; i < 5; i++ {
		c := Conversation("a", fmt.Sprint("c", i))
		c.UpdatedAt = base.Add(time.Duration(i) * time.Hour)
		if err := s.CreateConversation(ctx(), c); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateConversation(ctx(), Conversation("b", "other")); err != nil {
		t.Fatal(err)
	}
	// c1 is updated last: it moves to the front.
	c1, _, _ := s.GetConversation(ctx(), "a", "c1")
	c1.UpdatedAt = base.Add(10 * time.Hour)
	if err := s.SaveTurn(ctx(), c1, c1.Version, nil); err != nil {
		t.Fatal(err)
	}
	ids := func(cs []conversation.Conversation) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	got, err := s.ListConversations(ctx(), "a", time.Time{}, 3)
	if err != nil {
		t.Fatalf("ListConversations: %v", err)
	}
	if d := cmp.Diff([]string{"c1", "c4", "c3"}, ids(got)); d != "" {
		t.Errorf("first page (-want +got):\n%s", d)
	}
	got, _ = s.ListConversations(ctx(), "a", got[len(got)-1].UpdatedAt, 10)
	if d := cmp.Diff([]string{"c2", "c0"}, ids(got)); d != "" {
		t.Errorf("next page (-want +got):\n%s", d)
	}
}

func testCounters(t *testing.T, s store.Store) {
	if n, err := s.Add(ctx(), "m:day:cost", 250, base); err != nil || n != 250 {
		t.Fatalf("Add = %d, %v", n, err)
	}
	if n, _ := s.Add(ctx(), "m:day:cost", -50, base); n != 200 {
		t.Errorf("Add -50 = %d, want 200", n)
	}
	if n, _ := s.Hit(ctx(), "m:day:count", base); n != 1 {
		t.Errorf("Hit = %d", n)
	}
	got, err := s.Counters(ctx(), []string{"m:day:cost", "m:day:count", "m:never"})
	if err != nil {
		t.Fatalf("Counters: %v", err)
	}
	if d := cmp.Diff(map[string]int64{"m:day:cost": 200, "m:day:count": 1}, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	var keys []string
	for i := 0; i < 130; i++ {
		keys = append(keys, fmt.Sprint("many:", i))
		if i%2 == 0 {
			_, _ = s.Add(ctx(), keys[i], int64(i), base)
		}
	}
	got, err = s.Counters(ctx(), keys)
	if err != nil || len(got) != 65 || got["many:128"] != 128 {
		t.Errorf("130 keys: %d found, many:128 = %d, %v", len(got), got["many:128"], err)
	}

	// Stores that can add to several counters in one write (metrics use it):
	// concurrent batches all count.
	b, ok := s.(interface {
		AddAll(ctx context.Context, deltas map[string]int64, expires time.Time) error
	})
	if !ok {
		return
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := b.AddAll(ctx(), map[string]int64{"batch:a": 1, "batch:b": 2, "m:day:cost": 10, "batch:zero": 0}, base); err != nil {
				t.Errorf("AddAll: %v", err)
			}
		}()
	}
	wg.Wait()
	got, _ = s.Counters(ctx(), []string{"batch:a", "batch:b", "m:day:cost", "batch:zero"})
	if d := cmp.Diff(map[string]int64{"batch:a": 8, "batch:b": 16, "m:day:cost": 280}, got); d != "" {
		t.Errorf("after AddAll (-want +got):\n%s", d)
	}
}
