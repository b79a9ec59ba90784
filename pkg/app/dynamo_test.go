package app_test

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/app"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/localflow"
	"github.com/doorstep-ai/doorstep/pkg/motoserver"
	"github.com/doorstep-ai/doorstep/pkg/offline"
	"github.com/doorstep-ai/doorstep/pkg/outbox"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/signed"
)

// TestTurnRequestsOnDynamoDB counts the DynamoDB requests of chat turns in
// the composition the chat Lambda runs (outreach, the delivery check's
// findings, metrics by event), on moto: the figures go to the log and the
// README; the bounds catch regressions. Today: the conversation (1), the
// customer's orders (1 + 1 an order), earlier conversations (1), the
// delivery check's findings (1), the save with its event (1), and a read
// of check-ins when the message could answer one. DESIGN.md §7 wants 2.
func TestTurnRequestsOnDynamoDB(t *testing.T) {
	endpoint := motoserver.Start(t)
	var n atomic.Int64
	client := dynamodb.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")},
		func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(endpoint) }, dynamo.CountRequests(&n))
	if err := dynamo.CreateTable(t.Context(), client, "doorstep"); err != nil {
		t.Fatal(err)
	}
	st := dynamo.New(client, "doorstep")
	clk := clock.NewManual()
	const shop = "demo-shop.myshopify.com"
	commerce := &demoshop.Shop{Store: st, Clock: clk}
	a, err := app.New(app.Ports{Store: st, Clock: clk, Model: offline.Model{}, Commerce: commerce, Resolver: commerce,
		Mailer: &outbox.Outbox{Path: filepath.Join(t.TempDir(), "outbox"), Clock: clk}, Scheduler: localflow.New(st, clk, nil),
		Secrets: intake.SecretMap{shop: []byte("s")}}, app.Config{Shop: shop, Policy: policy.Default(), ChatKeys: signed.NewKeyring([]byte("k"))})
	if err != nil {
		t.Fatal(err)
	}
	body, err := fs.ReadFile(events.DemoOrders(), "1003.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Intake.Handle(t.Context(), intake.Delivery{Topic: "orders/create", Shop: shop, EventID: "1", Body: body, Signature: shopify.Sign([]byte("s"), body)}); err != nil {
		t.Fatal(err)
	}
	h := a.ChatHandler()
	post := func(path, token, body string) map[string]any {
		t.Helper()
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var out map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &out)
		if rec.Code/100 != 2 {
			t.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
		return out
	}
	created := post("/v1/conversations", "", `{"email":"daniel.reyes@example.com","order_number":"#1003"}`)
	id, token := created["conversation_id"].(string), created["token"].(string)
	for _, tt := range []struct {
		text string
		max  int64
	}{
		{"Hi! Where is my order #1003?", 8},
		{"thanks, and when will it arrive?", 8},
	} {
		n.Store(0)
		post("/v1/conversations/"+id+"/messages", token, `{"text":"`+tt.text+`"}`)
		got := n.Load()
		t.Logf("DynamoDB requests for %q: %d", tt.text, got)
		if got > tt.max {
			t.Errorf("%q: %d DynamoDB requests, want at most %d", tt.text, got, tt.max)
		}
	}
}
