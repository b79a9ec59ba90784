package chat_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/chat"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/motoserver"
	"github.com/doorstep-ai/doorstep/pkg/offline"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// TestOrderStatusTurnOnDynamoDB runs the first turn of an order-status chat
// against DynamoDB (moto) with the offline model, and counts DynamoDB
// requests and model input tokens. The figures are logged for the notes;
// the bounds catch regressions.
func TestOrderStatusTurnOnDynamoDB(t *testing.T) {
	endpoint := motoserver.Start(t)
	var n atomic.Int64
	client := dynamodb.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")},
		func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(endpoint) }, dynamo.CountRequests(&n))
	ctx := context.Background()
	if err := dynamo.CreateTable(ctx, client, "doorstep"); err != nil {
		t.Fatal(err)
	}
	st := dynamo.New(client, "doorstep")
	clk := clock.NewManual()
	secrets := intake.SecretMap{"demo-shop.myshopify.com": []byte("s")}
	in := &intake.Service{Store: st, Secrets: secrets, Clock: clk, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, name := range []string{"1003.json", "1008.json"} {
		body, err := fs.ReadFile(events.DemoOrders(), name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := in.Handle(ctx, intake.Delivery{Topic: "orders/create", Shop: "demo-shop.myshopify.com", EventID: name, Body: body, Signature: shopify.Sign([]byte("s"), body)}); err != nil {
			t.Fatal(err)
		}
	}
	var tokens atomic.Int64
	model := countingModel{Model: offline.Model{}, input: &tokens}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := &agent.Agent{Store: st, Model: model, Commerce: &demoshop.Shop{Store: st, Clock: clk}, Policies: agent.StaticPolicy(policy.Default()), Clock: clk, Log: log}
	svc := &chat.Service{Store: st, Agent: a, Secrets: secrets, TokenKeys: signed.NewKeyring([]byte("k")), Shop: "demo-shop.myshopify.com", Clock: clk, Log: log}
	h := svc.Handler()

	n.Store(0)
	id, token, verified := create(t, h, `{"email":"daniel.reyes@example.com","order_number":"#1003"}`)
	if !verified {
		t.Fatal("not verified")
	}
	createReqs := n.Load()

	n.Store(0)
	req := httptest.NewRequest("POST", "/v1/conversations/"+id+"/messages", strings.NewReader(`{"text":"Hi! Where is my order #1003?"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "UPS") {
		t.Fatalf("turn: %d %s", rec.Code, rec.Body)
	}
	turnReqs := n.Load()
	t.Logf("DynamoDB requests: create (verify) %d, first order-status turn %d; model input tokens for the turn %d (estimated, 4 chars a token)", createReqs, turnReqs, tokens.Load())
	if turnReqs > 2 { // DESIGN.md §7: the conversation with its context, the turn
		t.Errorf("%d DynamoDB requests for one turn, want at most 2", turnReqs)
	}
	// DESIGN.md §7's 2,000 tokens are a model's first order-status turn,
	// answered from the context in one call: cmd/doorstep's
	// TestFirstOrderStatusTurnTokens asserts them on the Bedrock path. The
	// offline model calls track_order as well (two calls, each paying for
	// the prompt and tools); this guards that turn's growth, at the 2,106
	// measured since follow_up takes the items named (correct14).
	if tokens.Load() > offlineTurnTokens {
		t.Errorf("%d input tokens for the offline model's first order-status turn (two calls; guard %d)", tokens.Load(), offlineTurnTokens)
	}
}

// offlineTurnTokens guards the offline model's first order-status turn
// (two calls) from growing unseen.
const offlineTurnTokens = 2150

type countingModel struct {
	agent.Model
	input *atomic.Int64
}

func (m countingModel) Converse(ctx context.Context, req agent.Request) (agent.Response, error) {
	resp, err := m.Model.Converse(ctx, req)
	// The offline model reports no usage: estimate the request at four
	// characters a token.
	n := len(req.System) + len(req.Context)
	b, _ := json.Marshal(req.Tools)
	n += len(b)
	for _, msg := range req.Messages {
		b, _ := json.Marshal(msg.Blocks)
		n += len(b)
	}
	m.input.Add(int64((n + 3) / 4))
	return resp, err
}

// BenchmarkTurnDynamoDB is a verified order-status turn on DynamoDB (moto
// on loopback, so it measures moto too) with the offline model: p50/p99 of
// the server-side time, and DynamoDB requests per turn (2: the
// conversation with the customer's context, kept from its creation; the
// turn with its events).
func BenchmarkTurnDynamoDB(b *testing.B) {
	endpoint := motoserver.Start(b)
	var n atomic.Int64
	client := dynamodb.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")},
		func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(endpoint) }, dynamo.CountRequests(&n))
	ctx := context.Background()
	if err := dynamo.CreateTable(ctx, client, "doorstep"); err != nil {
		b.Fatal(err)
	}
	st := dynamo.New(client, "doorstep")
	clk := clock.NewManual()
	secrets := intake.SecretMap{"demo-shop.myshopify.com": []byte("s")}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	in := &intake.Service{Store: st, Secrets: secrets, Clock: clk, Log: log}
	body, _ := fs.ReadFile(events.DemoOrders(), "1003.json")
	if _, err := in.Handle(ctx, intake.Delivery{Topic: "orders/create", Shop: "demo-shop.myshopify.com", EventID: "1", Body: body, Signature: shopify.Sign([]byte("s"), body)}); err != nil {
		b.Fatal(err)
	}
	a := &agent.Agent{Store: st, Model: offline.Model{}, Commerce: &demoshop.Shop{Store: st, Clock: clk}, Policies: agent.StaticPolicy(policy.Default()), Clock: clk, Log: log}
	// A deployment's chat: the turn's metrics travel as an outbox event in
	// the turn's own write (the events function counts them).
	h := (&chat.Service{Store: st, Agent: a, Secrets: secrets, TokenKeys: signed.NewKeyring([]byte("k")), Shop: "demo-shop.myshopify.com", Clock: clk, Log: log,
		Metrics: &metrics.Recorder{Store: st, Clock: clk}}).Handler()
	var durs []time.Duration
	var requests int64
	var id, token string
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		if i%4 == 0 {
			id, token, _ = create(b, h, `{"email":"daniel.reyes@example.com","order_number":"#1003"}`)
		}
		clk.Advance(time.Minute)
		req := httptest.NewRequest("POST", "/v1/conversations/"+id+"/messages", strings.NewReader(`{"text":"where is my order?"}`))
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		n.Store(0)
		b.StartTimer()
		start := time.Now()
		h.ServeHTTP(rec, req)
		durs = append(durs, time.Since(start))
		requests += n.Load()
		if rec.Code != 200 {
			b.Fatalf("turn: %d %s", rec.Code, rec.Body)
		}
	}
	sort.Slice(durs, func(i, j int) bool { return durs[i] < durs[j] })
	b.ReportMetric(float64(durs[len(durs)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(durs[len(durs)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(float64(requests)/float64(len(durs)), "ddb-requests/turn")
}

// racing is the chat's store on DynamoDB where something else writes the
// conversation's partition just before the first turn that carries
// records (a confirmed write) commits.
type racing struct {
	*dynamo.Store
	race func()
	once sync.Once
}

func (r *racing) CommitTurn(ctx context.Context, t store.Turn) error {
	if len(t.Records) > 0 {
		r.once.Do(r.race)
	}
	return r.Store.CommitTurn(ctx, t)
}

// A confirmed return whose turn loses its conditional write, on DynamoDB
// (moto): to the context refresh a webhook causes, or to the same "yes"
// sent again and run by another process. The shop does the return once,
// the store records it once, and the customer's context is saved stale
// (the run that commits did not read the return).
func TestConfirmedWriteLosesItsRace(t *testing.T) {
	endpoint := motoserver.Start(t)
	client := dynamodb.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")},
		func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(endpoint) })
	const shop = "demo-shop.myshopify.com"
	for i, tt := range []string{"context refreshed", "the same yes in another process"} {
		t.Run(tt, func(t *testing.T) {
			table := fmt.Sprint("race", i)
			if err := dynamo.CreateTable(t.Context(), client, table); err != nil {
				t.Fatal(err)
			}
			st := dynamo.New(client, table)
			clk := clock.NewManual()
			secrets := intake.SecretMap{shop: []byte("s")}
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			in := &intake.Service{Store: st, Secrets: secrets, Clock: clk, Log: log}
			body, err := fs.ReadFile(events.DemoOrders(), "1006.json")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := in.Handle(t.Context(), intake.Delivery{Topic: "orders/create", Shop: shop, EventID: "1", Body: body, Signature: shopify.Sign([]byte("s"), body)}); err != nil {
				t.Fatal(err)
			}
			a := &agent.Agent{Store: st, Model: offline.Model{}, Commerce: &demoshop.Shop{Store: st, Clock: clk}, Policies: agent.StaticPolicy(policy.Default()), Clock: clk, Log: log}
			r := &racing{Store: st}
			newHandler := func(s chat.Store) http.Handler {
				return (&chat.Service{Store: s, Agent: a, Secrets: secrets, TokenKeys: signed.NewKeyring([]byte("k")), Shop: shop, Clock: clk, Log: log}).Handler()
			}
			h := newHandler(r)
			id, token, _ := create(t, h, `{"email":"samuel.whitfield@example.com","order_number":"#1006"}`)
			say := func(h http.Handler, text, want string) {
				t.Helper()
				code, out := call(t, h, "POST", "/v1/conversations/"+id+"/messages", token, `{"text":"`+text+`"}`)
				reply, _ := out["reply"].(map[string]any)
				if text, _ := reply["text"].(string); code != 200 || !strings.Contains(strings.ToLower(text), want) {
					t.Fatalf("%q: %d %v, want a reply that mentions %q", text, code, out, want)
				}
			}
			say(h, "I want to return the coffee kit", "pour-over coffee kit")
			switch tt {
			case "context refreshed":
				r.race = func() {
					clk.Advance(time.Second)
					cc, err := a.BuildContext(t.Context(), shop, "samuel.whitfield@example.com")
					if err != nil {
						t.Fatal(err)
					}
					if err := st.PutContext(t.Context(), shop, id, cc); err != nil {
						t.Fatal(err)
					}
				}
			default:
				// Another process (its own turn loop, so not serialised
				// with this one) runs the same yes first.
				r.race = func() { say(newHandler(st), "yes", "return") }
			}
			// The same yes twice: one answer says the return started, the
			// other (the run that lost) that nothing waits for a yes.
			say(h, "yes", "")
			c, msgs, err := st.GetConversation(t.Context(), shop, id)
			if err != nil {
				t.Fatal(err)
			}
			started := 0
			for _, m := range msgs {
				if m.Role == conversation.RoleAgent && strings.Contains(m.Text, "started the return") {
					started++
				}
			}
			if started != 1 {
				t.Errorf("%d replies say the return started, want 1", started)
			}
			if c.Context == nil || !c.Context.Stale {
				t.Errorf("context after the race = %+v; want it saved stale", c.Context)
			}

			actions, err := demoshop.Actions(t.Context(), st)
			if err != nil {
				t.Fatal(err)
			}
			if len(actions) != 1 || actions[0].Type != demoshop.ActionReturn {
				t.Errorf("shop actions = %+v, want one return", actions)
			}
			o, err := st.GetOrderByName(t.Context(), shop, "#1006")
			if err != nil || len(o.Returns) != 1 {
				t.Errorf("stored returns = %+v, %v; want one", o.Returns, err)
			}
		})
	}
}
