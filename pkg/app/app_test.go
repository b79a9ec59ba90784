package app_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/app"
	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/fileblob"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/localflow"
	"github.com/doorstep-ai/doorstep/pkg/offline"
	"github.com/doorstep-ai/doorstep/pkg/outbox"
	"github.com/doorstep-ai/doorstep/pkg/policy"
)

// Every reaction of one capability to another is registered by the
// composition every deployment uses: the list is what DESIGN.md §2 says.
func TestEveryReactionIsRegistered(t *testing.T) {
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	clk := clock.NewFixed(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	shop := &demoshop.Shop{Store: st, Clock: clk}
	a, err := app.New(app.Ports{Store: st, Clock: clk, Model: offline.Model{}, Commerce: shop, Resolver: shop,
		Mailer: &outbox.Outbox{Path: filepath.Join(t.TempDir(), "outbox"), Clock: clk}, Scheduler: localflow.New(st, clk, nil),
		Secrets: intake.SecretMap{"s": []byte("k")}}, app.Config{Shop: "s", Policy: policy.Default()})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"conversation.turn: escalation",          // a handover opens a handoff (an approval when policy asked)
		"conversation.turn: metrics",             // turns are counted
		"conversation.turn: promise",             // a yes to a follow-up makes the promise
		"order.applied: conversation-context",    // the customer's conversations know the change at their next turn
		"order.applied: delivery",                // confirmation, shipping notices, tracking history
		"order.applied: metrics",                 // a new order attributes suggestion revenue
		"order.applied: outreach",                // delivered starts outreach; refunds, returns, cancellations stop it
		"order.applied: promise",                 // a parcel delivered in time cancels its promises
		"outreach.answered: outreach",            // a check-in answer saved with its turn is applied
		"privacy.shop_redact: erase-shop",        // shop/redact, recorded by the webhook, erases the shop
		"tracking.updated: conversation-context", // a carrier's news reaches the customer's chats
		"tracking.updated: outreach",             // a carrier's delivery starts outreach
		"tracking.updated: promise",              // and cancels the parcel's follow-up promises
	}
	if d := cmp.Diff(want, a.Events.Reactions()); d != "" {
		t.Errorf("reactions (-want +got):\n%s", d)
	}
	// The SMS records are erased also where no texts are sent (the
	// webhooks function has no SMS transport).
	if d := cmp.Diff([]string{"escalation", "outreach", "sms", "notifications", "promises", "mail"}, a.Privacy.Erasers()); d != "" {
		t.Errorf("erasers (-want +got):\n%s", d)
	}
	// With a blob store that deletes, redacting a customer deletes their
	// photo files too.
	withPhotos, err := app.New(app.Ports{Store: st, Clock: clk, Model: offline.Model{}, Commerce: shop, Resolver: shop,
		Mailer: &outbox.Outbox{Path: filepath.Join(t.TempDir(), "outbox"), Clock: clk}, Scheduler: localflow.New(st, clk, nil),
		Secrets: intake.SecretMap{"s": []byte("k")}, Blobs: fileblob.New(t.TempDir())}, app.Config{Shop: "s", Policy: policy.Default()})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"escalation", "outreach", "sms", "notifications", "promises", "mail", "photos"}, withPhotos.Privacy.Erasers()); d != "" {
		t.Errorf("erasers with a blob store (-want +got):\n%s", d)
	}
	if a.Agent.Deliveries == nil {
		t.Error("the chat does not know what the delivery check did")
	}
	if _, err := app.New(app.Ports{Store: st}, app.Config{}); err == nil {
		t.Error("missing ports accepted")
	}
}
