package chat_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/chat"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/lockout"
	"github.com/doorstep-ai/doorstep/pkg/motoserver"
	"github.com/doorstep-ai/doorstep/pkg/offline"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/store/storetest"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// stores opens an empty store of each kind, with #1001 (ada@example.com)
// and #1002 (bo@example.com) in it.
var stores = []struct {
	name string
	open func(t *testing.T) store.Store
}{
	{"bolt", func(t *testing.T) store.Store {
		st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return seed(t, st)
	}},
	{"dynamodb", func(t *testing.T) store.Store {
		endpoint := motoserver.Start(t)
		client := dynamodb.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")},
			func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(endpoint) })
		if err := dynamo.CreateTable(context.Background(), client, "doorstep"); err != nil {
			t.Fatal(err)
		}
		return seed(t, dynamo.New(client, "doorstep"))
	}},
}

func seed(t *testing.T, st store.Store) store.Store {
	t.Helper()
	for _, o := range []struct{ id, name, email string }{{"1", "#1001", "ada@example.com"}, {"2", "#1002", "bo@example.com"}} {
		x := storetest.Order(shop, o.id, o.name, o.email, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
		if _, err := st.Apply(context.Background(), store.Change{Shop: shop, Order: &x}); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// instance is one chat Lambda over st: its own agent, limiter and locks,
// sharing only the store.
func instance(st store.Store, clk clock.Clock, model agent.Model) http.Handler {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := &agent.Agent{Store: st, Model: model, Policies: agent.StaticPolicy(policy.Default()), Clock: clk, Log: log}
	return (&chat.Service{Store: st, Agent: a, Secrets: intake.SecretMap{shop: []byte("shop-secret")}, TokenKeys: signed.NewKeyring([]byte("token-key")),
		Shop: shop, Clock: clk, Log: log, TokenTTL: 24 * time.Hour, PerClient: &chat.Limiter{Max: 1000, Window: time.Minute, Store: st}}).Handler()
}

// createFrom opens a conversation as the client at addr; it returns the
// status and the decoded body.
func createFrom(t *testing.T, h http.Handler, addr, body string) (int, map[string]any, http.Header) {
	t.Helper()
	req := httptest.NewRequest("POST", "/v1/conversations", strings.NewReader(body))
	req.RemoteAddr = addr
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	return rec.Code, out, rec.Header()
}

func errorCode(out map[string]any) string {
	e, _ := out["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

// TestGuessingIsBoundedAcrossConversations: wrong emails for #1001 in new
// conversations, on two chat instances sharing a store (two Lambdas),
// from several addresses: the tenth locks #1001 for the hour, even for the
// right email; #1002 is unaffected; after the hour the right email works.
func TestGuessingIsBoundedAcrossConversations(t *testing.T) {
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) {
			st := s.open(t)
			clk := clock.NewFixed(time.Date(2026, 11, 20, 10, 2, 0, 0, time.UTC))
			lambdas := []http.Handler{instance(st, clk, echo{}), instance(st, clk, echo{})}
			for i := range 10 {
				code, out, _ := createFrom(t, lambdas[i%2], fmt.Sprintf("192.0.2.%d:5000", i%3), fmt.Sprintf(`{"order_number":"#1001","email":"guess%d@example.com"}`, i))
				if code != 201 || out["verified"] != false {
					t.Fatalf("wrong email %d: %d %v", i+1, code, out)
				}
				clk.Advance(time.Minute)
			}
			for _, tt := range []struct{ what, body string }{
				{"11th wrong email", `{"order_number":"#1001","email":"guess11@example.com"}`},
				{"right email", `{"order_number":"1001","email":"Ada@Example.com"}`},
			} {
				for i, h := range lambdas {
					code, out, hdr := createFrom(t, h, "203.0.113.9:1", tt.body)
					msg, _ := out["error"].(map[string]any)["message"].(string)
					if code != 429 || errorCode(out) != agent.ErrorVerificationLocked || !strings.Contains(msg, "order #1001") || !strings.Contains(msg, "11:05 UTC") {
						t.Errorf("%s on instance %d: %d %v", tt.what, i, code, out)
					}
					if hdr.Get("Retry-After") == "" {
						t.Errorf("%s: no Retry-After", tt.what)
					}
				}
			}
			if code, out, _ := createFrom(t, lambdas[0], "192.0.2.0:5000", `{"order_number":"#1002","email":"bo@example.com"}`); code != 201 || out["verified"] != true {
				t.Errorf("another order: %d %v", code, out)
			}
			// The first failure was at 10:02 (the 10:00 bucket): it ages out
			// of the hour at 11:05.
			clk.Set(time.Date(2026, 11, 20, 11, 4, 59, 0, time.UTC))
			if code, _, _ := createFrom(t, lambdas[1], "203.0.113.9:1", `{"order_number":"#1001","email":"ada@example.com"}`); code != 429 {
				t.Errorf("right email at 11:04:59: %d, want 429", code)
			}
			clk.Set(time.Date(2026, 11, 20, 11, 5, 0, 0, time.UTC))
			if code, out, _ := createFrom(t, lambdas[1], "203.0.113.9:1", `{"order_number":"#1001","email":"ada@example.com"}`); code != 201 || out["verified"] != true {
				t.Errorf("right email after the hour: %d %v", code, out)
			}
		})
	}
}

// TestGuessingPerClient: one address guessing across many orders is
// stopped after lockout.DefaultPerClient failures; other addresses are not.
func TestGuessingPerClient(t *testing.T) {
	st := stores[0].open(t)
	clk := clock.NewFixed(time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC))
	h := instance(st, clk, echo{})
	for i := range lockout.DefaultPerClient {
		code, out, _ := createFrom(t, h, "192.0.2.1:1", fmt.Sprintf(`{"order_number":"#%d","email":"ada@example.com"}`, 2000+i))
		if code != 201 || out["verified"] != false {
			t.Fatalf("guess %d: %d %v", i+1, code, out)
		}
	}
	if code, out, _ := createFrom(t, h, "192.0.2.1:2", `{"order_number":"#1001","email":"ada@example.com"}`); code != 429 || errorCode(out) != agent.ErrorVerificationLocked {
		t.Errorf("guessing address: %d %v", code, out)
	}
	if code, out, _ := createFrom(t, h, "198.51.100.7:1", `{"order_number":"#1001","email":"ada@example.com"}`); code != 201 || out["verified"] != true {
		t.Errorf("another address: %d %v", code, out)
	}
}

// TestVerifyToolRefusesLockedOrder: guesses through the verify_customer
// tool, in chat turns with the offline model, count like the API's; once
// #1001 is locked the tool refuses the right email too and the reply says
// so, and creating a conversation for #1001 answers 429.
func TestVerifyToolRefusesLockedOrder(t *testing.T) {
	st := stores[0].open(t)
	clk := clock.NewFixed(time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC))
	h := instance(st, clk, offline.Model{})
	say := func(id, token, text string) (string, []any) {
		t.Helper()
		req := httptest.NewRequest("POST", "/v1/conversations/"+id+"/messages", strings.NewReader(fmt.Sprintf(`{"text":%q}`, text)))
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var out struct {
			Reply   struct{ Text string }
			Actions []any
		}
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &out) != nil {
			t.Fatalf("say %q: %d %s", text, rec.Code, rec.Body)
		}
		return out.Reply.Text, out.Actions
	}
	for i := range 10 { // two guesses a conversation, under its own limit of five
		if i%2 == 0 {
			clk.Advance(time.Minute)
		}
		id, token, _ := create(t, h, `{}`)
		reply, _ := say(id, token, fmt.Sprintf("Where is order #1001? My email is guess%d@example.com", i))
		if !strings.Contains(reply, "couldn't match") {
			t.Fatalf("guess %d: %q", i+1, reply)
		}
	}
	id, token, _ := create(t, h, `{}`)
	reply, actions := say(id, token, "Where is order #1001? My email is ada@example.com")
	if !strings.Contains(reply, "too many unsuccessful attempts to verify order #1001") || !strings.Contains(reply, "paused verification for this order until 11:05 UTC") {
		t.Errorf("reply = %q", reply)
	}
	if a, _ := actions[len(actions)-1].(map[string]any); len(actions) == 0 || a["tool"] != toolname.VerifyCustomer || a["status"] != "refused" {
		t.Errorf("actions = %v", actions)
	}
	code, out := call(t, h, "GET", "/v1/conversations/"+id, token, "")
	if code != 200 || out["verified"] != false {
		t.Errorf("conversation verified while locked: %d %v", code, out)
	}
	if code, out, _ := createFrom(t, h, "192.0.2.1:1", `{"order_number":"#1001","email":"ada@example.com"}`); code != 429 {
		t.Errorf("create while locked: %d %v", code, out)
	}
	locks, err := lockout.Locks(context.Background(), st, shop, clk.Now())
	if err != nil || len(locks) != 1 || locks[0].Order != "#1001" {
		t.Errorf("locks = %+v, %v", locks, err)
	}
}

// counting counts store adds.
type counting struct {
	chat.Counter
	n *atomic.Int64
}

func (c counting) Add(ctx context.Context, key string, delta int64, expires time.Time) (int64, error) {
	c.n.Add(1)
	return c.Counter.Add(ctx, key, delta, expires)
}

// TestLimiterSharedAcrossInstances: two instances' limiters share the
// count through the store, adding to it only every Sync requests.
func TestLimiterSharedAcrossInstances(t *testing.T) {
	st := stores[0].open(t)
	var adds atomic.Int64
	ctr := counting{Counter: st, n: &adds}
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	a := &chat.Limiter{Max: 12, Window: time.Minute, Store: ctr, Sync: 2}
	b := &chat.Limiter{Max: 12, Window: time.Minute, Store: ctr, Sync: 2}
	if !a.Allow(context.Background(), "192.0.2.1", now) || adds.Load() != 0 {
		t.Fatalf("first request: %d store adds", adds.Load())
	}
	allowed := 1
	for i := range 40 {
		l := a
		if i%2 == 1 {
			l = b
		}
		if l.Allow(context.Background(), "192.0.2.1", now.Add(time.Second)) {
			allowed++
		}
	}
	// Max, plus at most Sync-1 unsynced on each instance.
	if allowed < 12 || allowed > 14 {
		t.Errorf("allowed %d of 41 across two instances, want 12 to 14", allowed)
	}
	if !a.Allow(context.Background(), "192.0.2.2", now.Add(time.Second)) {
		t.Error("another client refused")
	}
	if !b.Allow(context.Background(), "192.0.2.1", now.Add(time.Minute)) {
		t.Error("refused in the next window")
	}
	// One instance alone, no store: the old in-memory limit.
	m := &chat.Limiter{Max: 3, Window: time.Minute}
	got := 0
	for range 5 {
		if m.Allow(context.Background(), "x", now) {
			got++
		}
	}
	if got != 3 {
		t.Errorf("memory limiter allowed %d of 5, want 3", got)
	}
}

// TestLimiterCostsNoStoreRequestPerTurn: a customer's messages in a minute,
// under the default sync, never reach the store.
func TestLimiterCostsNoStoreRequestPerTurn(t *testing.T) {
	st := stores[0].open(t)
	var adds atomic.Int64
	l := &chat.Limiter{Max: 60, Window: time.Minute, Store: counting{Counter: st, n: &adds}}
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	for i := range 9 {
		if !l.Allow(context.Background(), "192.0.2.1", now.Add(time.Duration(i)*time.Second)) {
			t.Fatalf("request %d refused", i+1)
		}
	}
	if adds.Load() != 0 {
		t.Errorf("%d store adds for 9 requests in a minute, want 0", adds.Load())
	}
}
