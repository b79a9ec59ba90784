package app_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/app"
	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/localflow"
	"github.com/doorstep-ai/doorstep/pkg/offline"
	"github.com/doorstep-ai/doorstep/pkg/outbox"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/resolution"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/signed"
)

// resolutions records the refunds and replacements the delivery check
// makes, whichever instance makes them.
type resolutions struct {
	mu       sync.Mutex
	refunds  []resolution.RefundRequest
	replaces []resolution.ReplaceRequest
}

func (r *resolutions) Refund(_ context.Context, req resolution.RefundRequest) (resolution.RefundResult, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refunds = append(r.refunds, req)
	return resolution.RefundResult{ID: "r1", Amount: req.Amount}, nil
}

func (r *resolutions) Replace(_ context.Context, req resolution.ReplaceRequest) (resolution.ReplaceResult, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.replaces = append(r.replaces, req)
	return resolution.ReplaceResult{OrderID: "9001", Name: "#1090"}, nil
}

// Two chat instances (two Lambda instances of one function) over one
// store: the merchant sets the not-received step to refund while the
// other instance holds the settings it read a moment before (replace) in
// its cache. The customer is proposed the refund; their yes, answered by
// that other instance, makes exactly the refund stated, not the step its
// cache still holds.
func TestNotReceivedYesOnAnotherInstanceRunsWhatWasProposed(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const shop = "demo-shop.myshopify.com"
	// Three days after #1007's parcel was marked delivered: the look-around
	// is over, the claim is in time.
	clk := clock.NewFixed(time.Date(2026, 10, 9, 12, 0, 0, 0, time.UTC))
	res := &resolutions{}
	instance := func() *app.App {
		t.Helper()
		commerce := &demoshop.Shop{Store: db, Clock: clk}
		a, err := app.New(app.Ports{Store: db, Clock: clk, Model: offline.Model{}, Commerce: commerce, Resolver: res,
			Mailer: &outbox.Outbox{Path: filepath.Join(t.TempDir(), "outbox"), Clock: clk}, Scheduler: localflow.New(db, clk, nil),
			Secrets: intake.SecretMap{shop: []byte("s")}}, app.Config{Shop: shop, Policy: policy.Default(), ChatKeys: signed.NewKeyring([]byte("k"))})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	a, b := instance(), instance()
	body, err := fs.ReadFile(events.DemoOrders(), "1007.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Intake.Handle(t.Context(), intake.Delivery{Topic: "orders/create", Shop: shop, EventID: "1", Body: body, Signature: shopify.Sign([]byte("s"), body)}); err != nil {
		t.Fatal(err)
	}
	// b read the settings a moment ago (a turn of another customer).
	if _, err := b.Settings.Get(t.Context(), shop); err != nil {
		t.Fatal(err)
	}
	set, err := a.Settings.Get(t.Context(), shop)
	if err != nil {
		t.Fatal(err)
	}
	set.Policy.NotReceivedAction, set.Policy.NotReceivedWaitHours = policy.NotReceivedRefund, 24
	if _, err := a.Settings.Put(t.Context(), shop, set, "owner@example.com"); err != nil {
		t.Fatal(err)
	}
	post := func(on *app.App, path, token, body string) map[string]any {
		t.Helper()
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		on.ChatHandler().ServeHTTP(rec, req)
		if rec.Code/100 != 2 {
			t.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
		var out map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &out)
		return out
	}
	created := post(a, "/v1/conversations", "", `{"email":"maya.okafor@example.com","order_number":"#1007"}`)
	id, token := created["conversation_id"].(string), created["token"].(string)
	say := func(on *app.App, text string) string {
		out := post(on, "/v1/conversations/"+id+"/messages", token, `{"text":"`+text+`"}`)
		reply, _ := out["reply"].(map[string]any)
		s, _ := reply["text"].(string)
		return s
	}
	proposal := say(a, "my order #1007 says delivered but I never received it")
	if !strings.Contains(proposal, "$63.20") || len(res.refunds)+len(res.replaces) != 0 {
		t.Fatalf("proposal %q, refunds %v, replacements %v: want the refund of $63.20 stated and nothing made", proposal, res.refunds, res.replaces)
	}
	yes := say(b, "yes")
	if len(res.refunds) != 1 || res.refunds[0].Amount != 6320 || len(res.replaces) != 0 {
		t.Errorf("after the yes on the other instance: refunds %+v, replacements %+v; want the $63.20 refund proposed, only; reply %q",
			res.refunds, res.replaces, yes)
	}
}
