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
	"github.com/doorstep-ai/doorstep/pkg/workflow"
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
// store: the merchant changes the not-received step while the other
// instance holds the settings it read a moment before (replace) in its
// cache, and the conversation's policy copy is the new one. A refund is
// proposed: the yes, answered by the other instance, makes exactly the
// refund stated. A trace is done at once: the report, answered by the
// other instance, opens the trace and makes no replacement.
func TestNotReceivedOnAnotherInstanceRunsTheTurnsPolicy(t *testing.T) {
	for _, tc := range []struct {
		name, action string
		// turns are the customer's, each answered by instance a or b.
		turns   []string
		onB     []bool
		refunds []int64 // amounts refunded, in cents
	}{
		{"refund proposed, yes on the other instance", policy.NotReceivedRefund,
			[]string{"my order #1007 says delivered but I never received it", "yes"}, []bool{false, true}, []int64{6320}},
		{"trace at once on the other instance", policy.NotReceivedTrace,
			[]string{"hi, it's about my order #1007", "my order #1007 says delivered but I never received it"}, []bool{false, true}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, a, b, say := twoInstances(t, tc.action)
			var replies []string
			for i, text := range tc.turns {
				on := a
				if tc.onB[i] {
					on = b
				}
				replies = append(replies, say(on, text))
			}
			var got []int64
			for _, r := range res.refunds {
				got = append(got, int64(r.Amount))
			}
			if len(res.replaces) != 0 || len(got) != len(tc.refunds) || (len(got) == 1 && got[0] != tc.refunds[0]) {
				t.Errorf("refunds %v, replacements %d; want refunds %v and no replacement; replies %q", got, len(res.replaces), tc.refunds, replies)
			}
			if tc.action == policy.NotReceivedRefund && !strings.Contains(replies[0], "$63.20") {
				t.Errorf("proposal %q: want the refund of $63.20 stated", replies[0])
			}
		})
	}
}

// twoInstances are two compositions over one store and one resolver, #1007
// received by webhook, three days after its parcel was marked delivered
// (the look-around is over, the claim in time); b read the settings a
// moment ago (replace), then a saved action as the not-received step.
// say posts a customer turn of one conversation, opened on a, to either.
func twoInstances(t *testing.T, action string) (*resolutions, *app.App, *app.App, func(on *app.App, text string) string) {
	t.Helper()
	db, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	const shop = "demo-shop.myshopify.com"
	clk := clock.NewFixed(time.Date(2026, 10, 9, 12, 0, 0, 0, time.UTC))
	res := &resolutions{}
	instance := func() *app.App {
		commerce := &demoshop.Shop{Store: db, Clock: clk}
		flows := localflow.New(db, clk, nil)
		a, err := app.New(app.Ports{Store: db, Clock: clk, Model: offline.Model{}, Commerce: commerce, Resolver: res,
			Mailer: &outbox.Outbox{Path: filepath.Join(t.TempDir(), "outbox"), Clock: clk}, Scheduler: flows,
			Secrets: intake.SecretMap{shop: []byte("s")}}, app.Config{Shop: shop, Policy: policy.Default(), ChatKeys: signed.NewKeyring([]byte("k"))})
		if err != nil {
			t.Fatal(err)
		}
		steps, err := a.Steps(workflow.Escalation) // a trace of a missing parcel is handed to a person
		if err != nil {
			t.Fatal(err)
		}
		if err := flows.RegisterMachine(workflow.Escalation, steps); err != nil {
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
	if _, err := b.Settings.Get(t.Context(), shop); err != nil { // a turn of another customer
		t.Fatal(err)
	}
	set, err := a.Settings.Get(t.Context(), shop)
	if err != nil {
		t.Fatal(err)
	}
	set.Policy.NotReceivedAction, set.Policy.NotReceivedWaitHours = action, 24
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
		t.Helper()
		b, _ := json.Marshal(map[string]string{"text": text})
		out := post(on, "/v1/conversations/"+id+"/messages", token, string(b))
		reply, _ := out["reply"].(map[string]any)
		s, _ := reply["text"].(string)
		return s
	}
	return res, a, b, say
}
