package chat_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/chat"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/store/storetest"
)

const shop = "s.myshopify.com"

// echo is an instant model that repeats the customer.
type echo struct{}

func (echo) Converse(_ context.Context, req agent.Request) (agent.Response, error) {
	last := req.Messages[len(req.Messages)-1].Text()
	return agent.Response{Message: agent.Message{Role: agent.RoleAssistant, Blocks: []agent.Block{{Text: "re: " + last}}},
		StopReason: agent.StopEndTurn, Usage: agent.Usage{InputTokens: 10, OutputTokens: 2}}, nil
}

// customerKeys verify storefront customer tokens: a key of their own, not
// the shop's webhook secret ("shop-secret").
var customerKeys = signed.NewKeyring([]byte("customer-token-key"), []byte("previous-customer-key"))

func newService(t testing.TB, clk clock.Clock) (*chat.Service, *bolt.Store) {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	o := storetest.Order(shop, "1", "#1001", "ada@example.com", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	if _, err := st.Apply(context.Background(), store.Change{Shop: shop, Order: &o}); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := &agent.Agent{Store: st, Model: echo{}, Policies: agent.StaticPolicy(policy.Default()), Clock: clk, Log: log}
	return &chat.Service{Store: st, Agent: a, Secrets: intake.SecretMap{shop: []byte("shop-secret")},
		TokenKeys: signed.NewKeyring([]byte("token-key")), CustomerKeys: customerKeys,
		Shop: shop, Clock: clk, Log: log, TokenTTL: time.Hour}, st
}

func call(t testing.TB, h http.Handler, method, path, token, body string) (int, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out
}

func create(t testing.TB, h http.Handler, body string) (id, token string, verified bool) {
	t.Helper()
	code, out := call(t, h, "POST", "/v1/conversations", "", body)
	if code != 201 {
		t.Fatalf("create: %d %v", code, out)
	}
	return out["conversation_id"].(string), out["token"].(string), out["verified"].(bool)
}

func TestCreateVerification(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC))
	svc, _ := newService(t, clk)
	h := svc.Handler()
	exp := clk.Now().Add(time.Hour)
	good := chat.CustomerToken(customerKeys, shop, "Ada@example.com", exp)
	previous := chat.CustomerToken(signed.NewKeyring([]byte("previous-customer-key")), shop, "ada@example.com", exp)
	tests := []struct {
		name, body string
		verified   bool
	}{
		{"nothing", `{}`, false},
		{"empty body", ``, false},
		{"order and its email", `{"email":"ADA@example.com","order_number":"1001"}`, true},
		{"order and another email", `{"email":"eve@example.com","order_number":"#1001"}`, false},
		{"unknown order", `{"email":"ada@example.com","order_number":"#9999"}`, false},
		{"customer token", `{"customer_token":"` + good + `"}`, true},
		{"customer token under the previous key", `{"customer_token":"` + previous + `"}`, true},
		{"token signed with another secret", `{"customer_token":"` + chat.CustomerToken(signed.NewKeyring([]byte("x")), shop, "ada@example.com", exp) + `"}`, false},
		{"token signed with the webhook secret", `{"customer_token":"` + chat.CustomerToken(signed.NewKeyring([]byte("shop-secret")), shop, "ada@example.com", exp) + `"}`, false},
		{"token for another shop", `{"customer_token":"` + chat.CustomerToken(customerKeys, "other.myshopify.com", "ada@example.com", exp) + `"}`, false},
		{"conversation token as a customer token", `{"customer_token":"` + chat.ConversationToken(customerKeys, shop, "ada@example.com", exp) + `"}`, false},
		{"expired token", `{"customer_token":"` + chat.CustomerToken(customerKeys, shop, "ada@example.com", clk.Now().Add(-time.Second)) + `"}`, false},
		{"garbage token", `{"customer_token":"abc.def"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, v := create(t, h, tt.body); v != tt.verified {
				t.Errorf("verified = %v, want %v", v, tt.verified)
			}
		})
	}
	for _, body := range []string{`[1]`, `{"email": 5}`, `{"admin": true}`, `{"shop":"unknown.myshopify.com"}`} {
		if code, out := call(t, h, "POST", "/v1/conversations", "", body); code != 400 || out["error"] == nil {
			t.Errorf("create %s: %d %v, want 400 with the error shape", body, code, out)
		}
	}
}

func TestAuthAndLimits(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC))
	svc, _ := newService(t, clk)
	h := svc.Handler()
	id, token, _ := create(t, h, `{}`)
	otherID, otherToken, _ := create(t, h, `{}`)
	msg := `{"text":"hello"}`
	tests := []struct {
		name, method, path, token, body string
		status                          int
		code                            string
	}{
		{"no token", "POST", "/v1/conversations/" + id + "/messages", "", msg, 401, "unauthenticated"},
		{"garbage token", "POST", "/v1/conversations/" + id + "/messages", "x.y", msg, 401, "unauthenticated"},
		{"another conversation's token", "POST", "/v1/conversations/" + id + "/messages", otherToken, msg, 401, "unauthenticated"},
		{"transcript with another token", "GET", "/v1/conversations/" + otherID, token, "", 401, "unauthenticated"},
		{"too large", "POST", "/v1/conversations/" + id + "/messages", token, `{"text":"` + strings.Repeat("a", chat.MaxMessage+1) + `"}`, 413, "too_large"},
		{"body too large", "POST", "/v1/conversations/" + id + "/messages", token, strings.Repeat(" ", 20000), 413, "too_large"},
		{"empty text", "POST", "/v1/conversations/" + id + "/messages", token, `{"text":"   "}`, 400, "bad_request"},
		{"not json", "POST", "/v1/conversations/" + id + "/messages", token, `text=hi`, 400, "bad_request"},
		{"csat out of range", "POST", "/v1/conversations/" + id + "/csat", token, `{"score":6}`, 400, "bad_request"},
		{"ok", "POST", "/v1/conversations/" + id + "/messages", token, msg, 200, ""},
		{"csat", "POST", "/v1/conversations/" + id + "/csat", token, `{"score":5,"comment":"quick!"}`, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out := call(t, h, tt.method, tt.path, tt.token, tt.body)
			if code != tt.status {
				t.Fatalf("status %d %v, want %d", code, out, tt.status)
			}
			if tt.code != "" {
				e, _ := out["error"].(map[string]any)
				if e == nil || e["code"] != tt.code || e["message"] == "" {
					t.Errorf("error body %v, want code %s", out, tt.code)
				}
			}
		})
	}
	// Expired token.
	clk.Advance(2 * time.Hour)
	if code, _ := call(t, h, "GET", "/v1/conversations/"+id, token, ""); code != 401 {
		t.Errorf("expired token: %d", code)
	}
}

func TestRateLimits(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC))
	svc, _ := newService(t, clk)
	h := svc.Handler()
	id, token, _ := create(t, h, `{}`)
	codes := map[int]int{}
	for i := 0; i < chat.PerConversationPerMinute+3; i++ {
		code, _ := call(t, h, "POST", "/v1/conversations/"+id+"/messages", token, `{"text":"hi"}`)
		codes[code]++
	}
	if codes[200] != chat.PerConversationPerMinute || codes[429] != 3 {
		t.Errorf("per conversation: %v", codes)
	}
	clk.Advance(61 * time.Second)
	if code, _ := call(t, h, "POST", "/v1/conversations/"+id+"/messages", token, `{"text":"hi"}`); code != 200 {
		t.Errorf("after a minute: %d", code)
	}

	svc.PerClient = &chat.Limiter{Max: 3, Window: time.Minute}
	codes = map[int]int{}
	for i := 0; i < 5; i++ {
		code, _ := call(t, h, "POST", "/v1/conversations", "", `{}`)
		codes[code]++
	}
	if codes[201] != 3 || codes[429] != 2 {
		t.Errorf("per client: %v", codes)
	}
}

// Twenty messages sent at once to one conversation all land, each once,
// each followed by its own reply.
func TestConcurrentMessagesAllLand(t *testing.T) {
	clk := clock.NewManual()
	svc, st := newService(t, clk)
	h := svc.Handler()
	id, token, _ := create(t, h, `{}`)
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			code, out := call(t, h, "POST", "/v1/conversations/"+id+"/messages", token, fmt.Sprintf(`{"text":"message %d"}`, i))
			if code != 200 {
				t.Errorf("message %d: %d %v", i, code, out)
			}
		}(i)
	}
	wg.Wait()
	_, msgs, err := st.GetConversation(context.Background(), shop, id)
	if err != nil {
		t.Fatal(err)
	}
	var questions []string
	for i, m := range msgs {
		if m.Seq != i {
			t.Fatalf("message %d has seq %d", i, m.Seq)
		}
		if m.Role == "customer" {
			questions = append(questions, m.Text)
			if i+1 >= len(msgs) || msgs[i+1].Text != "re: "+m.Text {
				t.Errorf("%q is not followed by its reply", m.Text)
			}
		}
	}
	sort.Strings(questions)
	if len(questions) != 20 {
		t.Errorf("%d messages landed, want 20", len(questions))
	}
	for i := 1; i < len(questions); i++ {
		if questions[i] == questions[i-1] {
			t.Errorf("%q stored twice", questions[i])
		}
	}
}

// BenchmarkTurn is the server-side time of a chat turn on the embedded
// store with an instant model: read the conversation, build the prompt, run
// the agent, save the turn. Reports p50 and p99.
func BenchmarkTurn(b *testing.B) {
	clk := clock.NewManual()
	svc, _ := newService(b, clk)
	h := svc.Handler()
	_, _, _ = create(b, h, `{}`)
	var durs []time.Duration
	body := []byte(`{"text":"where is my order?"}`)
	var id, token string
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		// A fresh conversation every 8 turns keeps transcripts realistic.
		if i%8 == 0 {
			id, token, _ = create(b, h, `{"email":"ada@example.com","order_number":"#1001"}`)
		}
		clk.Advance(time.Minute)
		req := httptest.NewRequest("POST", "/v1/conversations/"+id+"/messages", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		b.StartTimer()
		start := time.Now()
		h.ServeHTTP(rec, req)
		durs = append(durs, time.Since(start))
		if rec.Code != 200 {
			b.Fatalf("turn: %d %s", rec.Code, rec.Body)
		}
	}
	sort.Slice(durs, func(i, j int) bool { return durs[i] < durs[j] })
	b.ReportMetric(float64(durs[len(durs)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(durs[len(durs)*99/100].Microseconds()), "p99-µs")
}
