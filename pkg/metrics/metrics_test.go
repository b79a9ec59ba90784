package metrics_test

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

const shop = "demo-shop.myshopify.com"

var day1 = time.Date(2026, 11, 18, 15, 0, 0, 0, time.UTC)

// counting wraps a store and counts calls by method.
type counting struct {
	metrics.Store
	mu    sync.Mutex
	calls map[string]int
}

func (c *counting) count(m string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.calls == nil {
		c.calls = map[string]int{}
	}
	c.calls[m]++
}

func (c *counting) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = map[string]int{}
}

func (c *counting) Counters(ctx context.Context, keys []string) (map[string]int64, error) {
	c.count("Counters")
	return c.Store.Counters(ctx, keys)
}

func (c *counting) Add(ctx context.Context, k string, d int64, e time.Time) (int64, error) {
	c.count("Add")
	return c.Store.Add(ctx, k, d, e)
}

func (c *counting) GetDoc(ctx context.Context, coll, id string) ([]byte, error) {
	c.count("GetDoc")
	return c.Store.GetDoc(ctx, coll, id)
}

func (c *counting) ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error) {
	c.count("ListDocs")
	return c.Store.ListDocs(ctx, coll, prefix, after, limit)
}

func (c *counting) CreateDoc(ctx context.Context, coll, id string, b []byte, e time.Time) error {
	c.count("CreateDoc")
	return c.Store.CreateDoc(ctx, coll, id, b, e)
}

func (c *counting) PutDoc(ctx context.Context, coll, id string, b []byte, e time.Time) error {
	c.count("PutDoc")
	return c.Store.PutDoc(ctx, coll, id, b, e)
}

func (c *counting) Claim(ctx context.Context, k string, e time.Time) error {
	c.count("Claim")
	return c.Store.Claim(ctx, k, e)
}

func newRecorder(t *testing.T) (*metrics.Recorder, *counting, *clock.Manual) {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return recorderOn(st)
}

func recorderOn(st metrics.Store) (*metrics.Recorder, *counting, *clock.Manual) {
	clk := clock.NewFixed(day1)
	cs := &counting{Store: st}
	return &metrics.Recorder{Store: cs, Clock: clk}, cs, clk
}

// memStore is the metrics' part of a store, in memory, for volume tests
// (the embedded store syncs every write to disk).
type memStore struct {
	mu       sync.Mutex
	counters map[string]int64
	docs     map[string][]byte
	claims   map[string]bool
}

func newMemStore() *memStore {
	return &memStore{counters: map[string]int64{}, docs: map[string][]byte{}, claims: map[string]bool{}}
}

func (m *memStore) Add(_ context.Context, k string, d int64, _ time.Time) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.counters[k] += d
	return m.counters[k], nil
}

func (m *memStore) Counters(_ context.Context, keys []string) (map[string]int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]int64{}
	for _, k := range keys {
		if v, ok := m.counters[k]; ok {
			out[k] = v
		}
	}
	return out, nil
}

func (m *memStore) Claim(_ context.Context, k string, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.claims[k] {
		return store.ErrDuplicate
	}
	m.claims[k] = true
	return nil
}

func (m *memStore) CreateDoc(_ context.Context, coll, id string, b []byte, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.docs[coll+"\x00"+id]; ok {
		return store.ErrConflict
	}
	m.docs[coll+"\x00"+id] = b
	return nil
}

func (m *memStore) PutDoc(_ context.Context, coll, id string, b []byte, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.docs[coll+"\x00"+id] = b
	return nil
}

func (m *memStore) GetDoc(_ context.Context, coll, id string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.docs[coll+"\x00"+id]
	if !ok {
		return nil, store.ErrNotFound
	}
	return b, nil
}

func (m *memStore) ListDocs(context.Context, string, string, string, int) ([]store.Doc, error) {
	return nil, nil
}

// chat plays a conversation's turns through Recorder.Turn the way the chat
// service does: the conversation as read, the agent's changes, as saved.
type chat struct {
	t   *testing.T
	rec *metrics.Recorder
	c   conversation.Conversation
}

func newChat(t *testing.T, rec *metrics.Recorder, id string, at time.Time) *chat {
	return &chat{t: t, rec: rec, c: conversation.Conversation{Shop: shop, ID: id, Channel: conversation.ChannelChat,
		Status: conversation.StatusOpen, CreatedAt: at, UpdatedAt: at}}
}

// turn is one turn: the tools the agent used, its actions, whether it
// handed over, the turn's cost, and how long the reply took.
func (ch *chat) turn(tools []string, actions []conversation.Action, handover bool, cost float64, took time.Duration) {
	ch.t.Helper()
	before := metrics.Snapshot(ch.c)
	at := ch.c.UpdatedAt.Add(time.Minute)
	replied := ch.c.Status != conversation.StatusHandover
	for _, tool := range tools {
		found := false
		for _, x := range ch.c.Topics {
			found = found || x == tool
		}
		if !found {
			ch.c.Topics = append(ch.c.Topics, tool)
		}
	}
	if handover {
		ch.c.Status = conversation.StatusHandover
	}
	ch.c.Usage.CostUSD += cost
	ch.c.Usage.InputTokens += 1000
	ch.c.Usage.OutputTokens += 100
	ch.c.Messages += 2
	ch.c.UpdatedAt = at
	if err := ch.rec.Turn(ch.t.Context(), metrics.Turn{Before: before, After: ch.c, Actions: actions, Replied: replied,
		CustomerAt: at, RepliedAt: at.Add(took)}); err != nil {
		ch.t.Fatal(err)
	}
}

func read(t *testing.T, rec *metrics.Recorder, from, to time.Time) metrics.Report {
	t.Helper()
	rep, err := rec.Read(t.Context(), shop, from, to)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func near(t *testing.T, what string, got *float64, want float64) {
	t.Helper()
	if got == nil || math.Abs(*got-want) > 1e-9 {
		g := "nil"
		if got != nil {
			g = fmt.Sprint(*got)
		}
		t.Errorf("%s = %s, want %v", what, g, want)
	}
}

// Metrics are computed from the counters the events wrote.
func TestMetricsFromEvents(t *testing.T) {
	rec, _, clk := newRecorder(t)
	ctx := t.Context()

	// 1: where is my order: answered by the agent, in 40 ms.
	a := newChat(t, rec, "c1", day1)
	a.turn([]string{"verify_customer", "track_order"}, nil, false, 0.002, 40*time.Millisecond)
	a.turn(nil, nil, false, 0.001, 0) // "thanks": nothing new

	// 2: a return, started by the agent (answered first, then the return).
	b := newChat(t, rec, "c2", day1)
	b.turn([]string{"track_order"}, nil, false, 0.002, 60*time.Millisecond)
	b.turn([]string{"start_return"}, []conversation.Action{{Tool: "start_return", Status: "proposed"}}, false, 0.002, 0)
	b.turn(nil, []conversation.Action{{Tool: "start_return", Status: "done", Order: "#1006"}}, false, 0.002, 0)

	// 3: answered, then the customer asks for a person: a handover after all.
	c := newChat(t, rec, "c3", day1)
	c.turn([]string{"refund_status"}, nil, false, 0.002, 50*time.Millisecond)
	c.turn([]string{"handover"}, []conversation.Action{{Tool: "handover", Status: "done"}}, true, 0.001, 0)
	c.turn(nil, nil, false, 0, 0) // the agent is quiet now
	// A person replies after 30 minutes.
	if err := rec.StaffResponse(ctx, shop, day1.Add(30*time.Minute), 30*time.Minute); err != nil {
		t.Fatal(err)
	}

	// 4: "hi" then nothing: a conversation with no topic, not resolved.
	d := newChat(t, rec, "c4", day1)
	d.turn(nil, nil, false, 0.001, 30*time.Millisecond)

	// 5: "hi", then a product question: "other" is taken back.
	e := newChat(t, rec, "c5", day1)
	e.turn(nil, nil, false, 0.001, 30*time.Millisecond)
	e.turn([]string{"search_docs"}, nil, false, 0.001, 0)

	// Ratings: CSAT 5 and 3, then the 3 becomes a 4; delivery 4 (twice
	// from a retried step: counted once).
	day2 := day1.Add(24 * time.Hour)
	for _, r := range []struct {
		score int
		prev  *conversation.CSAT
	}{{5, nil}, {3, nil}, {4, &conversation.CSAT{Score: 3, At: day2}}} {
		if err := rec.CSAT(ctx, shop, day2, r.score, r.prev); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if err := rec.DeliveryRating(ctx, shop, "outreach-1006", day2, 4); err != nil {
			t.Fatal(err)
		}
	}
	clk.Set(day2)

	rep := read(t, rec, day1, day2)
	if len(rep.Days) != 2 || rep.Days[0].Date != "2026-11-18" || rep.Days[1].Date != "2026-11-19" {
		t.Fatalf("days = %+v", rep.Days)
	}
	d1 := rep.Days[0]
	if d1.Conversations != 5 {
		t.Errorf("conversations = %d, want 5", d1.Conversations)
	}
	want := map[metrics.Resolution]int64{metrics.Answered: 2, metrics.Return: 1, metrics.Handover: 1}
	for _, k := range metrics.Resolutions {
		if d1.Mix[k] != want[k] {
			t.Errorf("mix[%s] = %d, want %d", k, d1.Mix[k], want[k])
		}
	}
	if d1.Resolutions != 4 || d1.Handovers != 1 || d1.Deflected != 3 {
		t.Errorf("resolutions %d, handovers %d, deflected %d; want 4, 1, 3", d1.Resolutions, d1.Handovers, d1.Deflected)
	}
	near(t, "deflection rate", d1.DeflectionRate, 3.0/5)
	// Topics: order status (c1, c2), return (c2), refund (c3), product
	// (c5), other (c4): 6 questions, 2 about order status.
	if d1.Questions != 6 || d1.Topics["order_status"] != 2 || d1.Topics["other"] != 1 || d1.Topics["product"] != 1 {
		t.Errorf("questions %d, topics %v", d1.Questions, d1.Topics)
	}
	near(t, "order-status share", d1.OrderStatusShare, 2.0/6)
	near(t, "first response ms", d1.FirstResponseMS, (40+60+50+30+30)/5.0)
	near(t, "wait for a person (min)", d1.StaffResponseMin, 30)
	if rep.Days[1].StaffResponseMin != nil {
		t.Errorf("day 2 staff response = %v, want none", *rep.Days[1].StaffResponseMin)
	}
	near(t, "cost", &d1.CostUSD, 0.015)
	near(t, "cost per conversation", d1.CostPerConversationUSD, 0.015/5)
	near(t, "cost per resolution", d1.CostPerResolutionUSD, 0.015/3)
	if d1.InputTokens != 11*1000 {
		t.Errorf("input tokens = %d, want 11000 (11 turns)", d1.InputTokens)
	}
	d2 := rep.Days[1]
	near(t, "csat", d2.CSAT, (5+4)/2.0)
	near(t, "delivery satisfaction", d2.DeliverySatisfaction, 4)
	if d2.CSATCount != 2 || d2.DeliveryCount != 1 || d2.Conversations != 0 || d2.DeflectionRate != nil {
		t.Errorf("day 2 = %+v", d2)
	}
	if rep.Total.Conversations != 5 || rep.Total.CSATCount != 2 {
		t.Errorf("total = %+v", rep.Total)
	}
}

// A suggestion earns the later order that uses its code (the whole order)
// or buys its product (those lines), once, within its window.
func TestAttribution(t *testing.T) {
	rec, _, clk := newRecorder(t)
	ctx := t.Context()
	sent := day1
	for _, s := range []metrics.Suggestion{
		{Shop: shop, ID: "s1", CustomerEmail: "Maya.Okafor@example.com", Kind: metrics.SuggestReorder, OrderID: "1007",
			DiscountCode: "THANKS10", SentAt: sent},
		{Shop: shop, ID: "s2", CustomerEmail: "daniel.reyes@example.com", Kind: metrics.SuggestAddOn, OrderID: "1003",
			ProductIDs: []string{"p-mug"}, SentAt: sent, Until: sent.Add(7 * 24 * time.Hour)},
		{Shop: shop, ID: "s3", CustomerEmail: "grace.liu@example.com", Kind: metrics.SuggestAddOn, OrderID: "1005",
			ProductTitles: []string{"Unbleached Paper Filters"}, SentAt: sent},
	} {
		for range 2 { // recording twice counts once
			if err := rec.Suggest(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
	}
	clk.Set(sent.Add(48 * time.Hour))

	withCode := order.Order{Shop: shop, ID: "2001", Name: "#2001", Email: "maya.okafor@example.com", TotalPrice: 5400,
		CreatedAt: sent.Add(48 * time.Hour)}
	ok, err := rec.AttributeOrder(ctx, withCode, "thanks10")
	if err != nil || !ok {
		t.Fatalf("order with the code: attributed %v, %v", ok, err)
	}
	if ok, _ := rec.AttributeOrder(ctx, withCode, "THANKS10"); ok {
		t.Error("the same order was attributed twice")
	}
	again := withCode
	again.ID = "2002"
	if ok, _ := rec.AttributeOrder(ctx, again, "THANKS10"); ok {
		t.Error("a second order was credited to a suggestion already attributed")
	}

	late := order.Order{Shop: shop, ID: "2003", Email: "daniel.reyes@example.com", TotalPrice: 9000, CreatedAt: sent.Add(8 * 24 * time.Hour),
		LineItems: []order.LineItem{{ProductID: "p-mug", Price: 1800, Quantity: 2}}}
	if ok, _ := rec.AttributeOrder(ctx, late, ""); ok {
		t.Error("an order after the window was attributed")
	}
	inTime := late
	inTime.ID, inTime.CreatedAt = "2004", sent.Add(3*24*time.Hour)
	inTime.LineItems = append(inTime.LineItems, order.LineItem{ProductID: "p-other", Price: 5400, Quantity: 1})
	if ok, err := rec.AttributeOrder(ctx, inTime); err != nil || !ok {
		t.Fatalf("order with the product: attributed %v, %v", ok, err)
	}
	unrelated := order.Order{Shop: shop, ID: "2005", Email: "olivia.brandt@example.com", TotalPrice: 100, CreatedAt: sent.Add(time.Hour)}
	if ok, _ := rec.AttributeOrder(ctx, unrelated, "THANKS10"); ok {
		t.Error("another customer's order with a code already used was attributed")
	}
	byTitle := order.Order{Shop: shop, ID: "2006", Email: "grace.liu@example.com", TotalPrice: 3300, CreatedAt: sent.Add(time.Hour),
		LineItems: []order.LineItem{{Title: "unbleached paper filters", Price: 900, Quantity: 1}, {Title: "Linen Throw", Price: 2400, Quantity: 1}}}
	if ok, err := rec.AttributeOrder(ctx, byTitle); err != nil || !ok {
		t.Fatalf("order with the product by title: attributed %v, %v", ok, err)
	}

	rep := read(t, rec, sent, sent.Add(4*24*time.Hour))
	if rep.Total.SuggestionsSent != 3 || rep.Total.AttributedOrders != 3 || rep.Total.RevenueCents != 5400+3600+900 {
		t.Errorf("total: %d suggestions, %d orders, %d cents; want 3, 3, 9900", rep.Total.SuggestionsSent, rep.Total.AttributedOrders, rep.Total.RevenueCents)
	}
}

// Read costs one counters read whatever the number of conversations: the
// counters are per day, not per conversation.
func TestReadIsBounded(t *testing.T) {
	for _, n := range []int{10, 2000} {
		t.Run(fmt.Sprint(n, " conversations"), func(t *testing.T) {
			rec, cs, _ := recorderOn(newMemStore())
			for i := range n {
				ch := newChat(t, rec, fmt.Sprint("c", i), day1.Add(-time.Duration(i%30)*24*time.Hour))
				ch.turn([]string{"track_order"}, nil, i%4 == 0, 0.001, 10*time.Millisecond)
			}
			cs.reset()
			rep := read(t, rec, day1.Add(-29*24*time.Hour), day1)
			if rep.Total.Conversations != int64(n) {
				t.Errorf("conversations = %d, want %d", rep.Total.Conversations, n)
			}
			if len(cs.calls) != 1 || cs.calls["Counters"] != 1 {
				t.Errorf("Read made store calls %v, want one Counters call", cs.calls)
			}
		})
	}
}

// A plain turn writes counters only: no outcome reads unless the turn
// changed the conversation's resolution.
func TestTurnWritesLittle(t *testing.T) {
	rec, cs, _ := newRecorder(t)
	ch := newChat(t, rec, "c1", day1)
	ch.turn([]string{"track_order"}, nil, false, 0.001, time.Millisecond)
	cs.reset()
	ch.turn(nil, nil, false, 0.001, 0)
	if cs.calls["GetDoc"]+cs.calls["CreateDoc"]+cs.calls["PutDoc"] != 0 || cs.calls["Add"] > 3 {
		t.Errorf("a plain later turn made calls %v; want a few counter adds only", cs.calls)
	}
}

func TestReadRejectsBadRanges(t *testing.T) {
	rec, _, _ := newRecorder(t)
	if _, err := rec.Read(t.Context(), shop, day1, day1.Add(-48*time.Hour)); err == nil {
		t.Error("a range ending before it starts was read")
	}
	if _, err := rec.Read(t.Context(), shop, day1.AddDate(-2, 0, 0), day1); err == nil {
		t.Error("two years were read at once")
	}
}
