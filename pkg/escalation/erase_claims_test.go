package escalation_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// claimRecorder is the escalation's store, noting every key claimed.
type claimRecorder struct {
	escalation.Store
	mu   sync.Mutex
	keys []string
}

func (r *claimRecorder) Claim(ctx context.Context, key string, expires time.Time) error {
	r.mu.Lock()
	r.keys = append(r.keys, key)
	r.mu.Unlock()
	return r.Store.Claim(ctx, key, expires)
}

// TestEraseShopReleasesClaims: after shop/redact (the store's EraseShop,
// then the escalation's) no once-claim the shop's escalations took is
// left, those named by the handoff id (the shop only short) included: of
// each SLA round, a case's later problem, a conversation told the case
// ended, an approval run and told.
func TestEraseShopReleasesClaims(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	rec := &claimRecorder{Store: e.svc.Store}
	e.svc.Store = rec

	// A delivery case: its SLA runs out, a later problem joins it.
	if _, err := e.svc.Open(ctx, deliveryRequest("failure", "failed delivery")); err != nil {
		t.Fatal(err)
	}
	e.advance(5 * time.Hour)
	if _, err := e.svc.Open(ctx, deliveryRequest("late", "late parcel")); err != nil {
		t.Fatal(err)
	}
	// A chat handoff: a person replies, the customer answers (a second
	// SLA round), it runs out, then the problem ends by itself.
	e.conversation("c1", conversation.ChannelChat)
	h, err := e.svc.Open(ctx, escalation.Request{Shop: shop, Kind: escalation.KindHandoff, ConversationID: "c1", Reason: "x", Key: "0"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Reply(ctx, h.ID, "Alex", "On it."); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.CustomerAnswered(ctx, e.customerWrites("c1", "Any news?")); err != nil {
		t.Fatal(err)
	}
	e.advance(5 * time.Hour)
	if err := e.svc.Ended(ctx, h.ID, "delivered after all", "It arrived."); err != nil {
		t.Fatal(err)
	}
	// An approval, approved and run.
	e.seedOrder()
	e.conversation("c2", conversation.ChannelChat)
	a := approval("start_return", kitReturn())
	a.ConversationID = "c2"
	ap, err := e.svc.Open(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Decide(ctx, ap.ID, escalation.Decision{Approve: true, By: "alex"}); err != nil {
		t.Fatal(err)
	}

	rec.mu.Lock()
	keys := append([]string(nil), rec.keys...)
	rec.mu.Unlock()
	for _, want := range []string{"|notify|r1", "|breach-contact", "|case|", "|ended|c1", "|run", "|told-done"} {
		if !strings.Contains(strings.Join(keys, "\n"), want) {
			t.Fatalf("claims taken %q, want one with %q: the test no longer drives that step", keys, want)
		}
	}

	if _, err := e.st.EraseShop(ctx, shop); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.EraseShop(ctx, shop); err != nil {
		t.Fatal(err)
	}
	far := t0.Add(24 * time.Hour)
	for _, k := range keys {
		switch err := e.st.Claim(ctx, k, far); {
		case errors.Is(err, store.ErrDuplicate):
			t.Errorf("claim %q is still there after shop/redact", k)
		case err != nil:
			t.Fatal(err)
		}
		_ = e.st.Release(ctx, k)
	}
}
