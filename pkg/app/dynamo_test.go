package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/aws/smithy-go/middleware"
	"io/fs"
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
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/app"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/localflow"
	"github.com/doorstep-ai/doorstep/pkg/motoserver"
	"github.com/doorstep-ai/doorstep/pkg/offline"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/outbox"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/settings"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/signed"
)

// TestTurnRequestsOnDynamoDB counts the DynamoDB requests of chat turns in
// the composition the chat Lambda runs (outreach, the delivery check's
// findings, metrics by event), on moto, with the operations in the log
// (the README's figures). DESIGN.md §7: a turn that changes nothing in
// Shopify is one Query (the conversation with its messages and its
// customer context) and one TransactWriteItems (the turn, its counters,
// its events). An order cancelled by webhook between two turns reaches
// the next turn's answer through the context's refresh (the events
// function's reaction), still in two requests. The customer types for 20
// seconds before each turn, so the settings cache is cold, and still no turn
// reads the settings: the policy comes with the customer context (README);
// the per-client limit is on, as in AWS, and adds nothing at that pace.
func TestTurnRequestsOnDynamoDB(t *testing.T) {
	endpoint := motoserver.Start(t)
	var n atomic.Int64
	var ops []string
	client := dynamodb.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")},
		func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(endpoint) }, dynamo.CountRequests(&n), func(o *dynamodb.Options) {
			o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
				return st.Initialize.Add(middleware.InitializeMiddlewareFunc("names", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
					op := fmt.Sprintf("%s %T", middleware.GetOperationName(ctx), in.Parameters)
					if g, ok := in.Parameters.(*dynamodb.GetItemInput); ok {
						if pk, ok := g.Key["pk"].(*types.AttributeValueMemberS); ok && pk.Value == "DOC#"+settings.Collection {
							op = settingsRead
						}
					}
					if q, ok := in.Parameters.(*dynamodb.QueryInput); ok {
						for _, v := range q.ExpressionAttributeValues {
							if sv, ok := v.(*types.AttributeValueMemberS); ok && strings.Contains(sv.Value, "#CONV#") {
								op = conversationRead
							}
						}
					}
					ops = append(ops, op)
					return next.HandleInitialize(ctx, in)
				}), middleware.After)
			})
		})
	if err := dynamo.CreateTable(t.Context(), client, "doorstep"); err != nil {
		t.Fatal(err)
	}
	st := dynamo.New(client, "doorstep")
	clk := clock.NewManual()
	const shop = "demo-shop.myshopify.com"
	// The demo shop stands for Shopify: its writes are not the turn's
	// DynamoDB requests, so it has a client of its own, not counted.
	shopClient := dynamodb.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")},
		func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(endpoint) })
	commerce := &demoshop.Shop{Store: dynamo.New(shopClient, "doorstep"), Clock: clk}
	a, err := app.New(app.Ports{Store: st, Clock: clk, Model: offline.Model{}, Commerce: commerce, Resolver: commerce,
		Mailer: &outbox.Outbox{Path: filepath.Join(t.TempDir(), "outbox"), Clock: clk}, Scheduler: localflow.New(st, clk, nil),
		Secrets: intake.SecretMap{shop: []byte("s")}}, app.Config{Shop: shop, Policy: policy.Default(), ChatKeys: signed.NewKeyring([]byte("k")),
		// As in AWS (awsstack): the per-client limit shares its count
		// through the store; its requests count with the turn's.
		ChatPerClient: 60})
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
	for _, name := range []string{"1001", "1006"} {
		b, err := fs.ReadFile(events.DemoOrders(), name+".json")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Intake.Handle(t.Context(), intake.Delivery{Topic: "orders/create", Shop: shop, EventID: name, Body: b, Signature: shopify.Sign([]byte("s"), b)}); err != nil {
			t.Fatal(err)
		}
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
	// A customer types for a while between turns: the clock moves past
	// the settings cache's TTL (settings.DefaultTTL) before each turn, so
	// the figures are a realistic turn's, not a warm cache's.
	const typing = 20 * time.Second
	// What the stream relays to the events function in AWS.
	relay := &event.Relay{Bus: a.Events, Outbox: st}
	for _, tt := range []struct {
		name, text string
		// before runs first (not counted): a webhook, say.
		before func()
		max    int64
		want   string // in the reply
	}{
		{name: "plain", text: "hello", max: 2},
		{name: "status", text: "Hi! Where is my order #1003?", max: 2, want: "#1003"},
		{name: "check-in words", text: "thanks, and when will it arrive?", max: 2},
		{name: "after a webhook", text: "Where is my order #1003 now?", max: 2, want: "cancel", before: func() {
			var o map[string]any
			if err := json.Unmarshal(body, &o); err != nil {
				t.Fatal(err)
			}
			o["cancelled_at"], o["updated_at"], o["cancel_reason"] = "2026-11-20T10:00:00-05:00", "2026-11-20T10:00:00-05:00", "customer"
			b, _ := json.Marshal(o)
			if _, err := a.Intake.Handle(t.Context(), intake.Delivery{Topic: "orders/cancelled", Shop: shop, EventID: "2", Body: b, Signature: shopify.Sign([]byte("s"), b)}); err != nil {
				t.Fatal(err)
			}
			if err := relay.Drain(t.Context()); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		if tt.before != nil {
			tt.before()
		}
		clk.Advance(typing)
		n.Store(0)
		ops = nil
		out := post("/v1/conversations/"+id+"/messages", token, `{"text":"`+tt.text+`"}`)
		got := n.Load()
		t.Logf("%s: DynamoDB requests %d %v", tt.name, got, ops)
		if got != tt.max || settingsReads(ops) != 0 {
			t.Errorf("%s: %d DynamoDB requests %v, want %d, none of them a read of the settings", tt.name, got, ops, tt.max)
		}
		reply, _ := out["reply"].(map[string]any)
		if text, _ := reply["text"].(string); !strings.Contains(strings.ToLower(text), tt.want) {
			t.Errorf("%s: reply %q, want it to mention %q", tt.name, text, tt.want)
		}
	}

	// Write actions: the proposal (nothing changes in Shopify: 2), then
	// the customer's yes runs it (DESIGN.md §7: at most 3): the read, the
	// claim of the proposal's id (a PutItem before Shopify is called), and
	// one TransactWriteItems of the turn with what the write recorded (the
	// return), the proposal's outcome, its events and the customer context
	// brought up to date, so the turn after it is 2 again (it was 7: the
	// context was rebuilt).
	shopStore := dynamo.New(shopClient, "doorstep")
	for _, tt := range []struct {
		email, order, text, want string
		requests                 int64
		// check runs after the turn (not counted).
		check func(id string)
	}{
		{"maya.okafor@example.com", "#1001", "please change the address to 42 Elm Street, Portland, OR 97201", "42 elm street", 2, nil},
		{"", "", "yes", "will now ship to", 3, func(id string) {
			o := contextOrder(t, shopStore, shop, id, "#1001")
			if o.ShippingAddress == nil || o.ShippingAddress.Address1 != "42 Elm Street" {
				t.Errorf("context after the address change ships to %+v, want 42 Elm Street", o.ShippingAddress)
			}
		}},
		{"", "", "thanks! where is my order #1001?", "#1001", 2, nil},
		{"samuel.whitfield@example.com", "#1006", "I want to return the coffee kit", "pour-over coffee kit", 2, nil},
		{"", "", "yes", "started the return", 3, func(id string) {
			o := contextOrder(t, shopStore, shop, id, "#1006")
			stored, err := shopStore.GetOrderByName(t.Context(), shop, "#1006")
			if err != nil {
				t.Fatal(err)
			}
			if len(o.Returns) != 1 || len(stored.Returns) != 1 || o.Returns[0].ID != stored.Returns[0].ID {
				t.Errorf("returns: context %+v, stored %+v; want the one return in both", o.Returns, stored.Returns)
			}
		}},
		{"", "", "thanks! where is my order #1006?", "#1006", 2, nil},
	} {
		if tt.email != "" {
			created = post("/v1/conversations", "", `{"email":"`+tt.email+`","order_number":"`+tt.order+`"}`)
			id, token = created["conversation_id"].(string), created["token"].(string)
		}
		clk.Advance(typing)
		n.Store(0)
		ops = nil
		out := post("/v1/conversations/"+id+"/messages", token, `{"text":"`+tt.text+`"}`)
		got := n.Load()
		t.Logf("%q: DynamoDB requests %d %v", tt.text, got, ops)
		if got != tt.requests || settingsReads(ops) != 0 {
			t.Errorf("%q: %d DynamoDB requests %v, want %d, none of them a read of the settings", tt.text, got, ops, tt.requests)
		}
		reply, _ := out["reply"].(map[string]any)
		if text, _ := reply["text"].(string); !strings.Contains(strings.ToLower(text), tt.want) {
			t.Errorf("%q: reply %q, want it to mention %q", tt.text, text, tt.want)
		}
		if tt.check != nil {
			tt.check(id)
		}
	}

	// The merchant saves settings between a proposal and the customer's
	// yes (the console, another instance: its own client and cache): the
	// address change that ran on its own now waits for a person. The yes
	// acts under the new policy: its guarded claim finds the context's
	// copy superseded, nothing runs, and the turn runs once more on the
	// policy as saved (a second read of the conversation, no third).
	created = post("/v1/conversations", "", `{"email":"maya.okafor@example.com","order_number":"#1001"}`)
	id, token = created["conversation_id"].(string), created["token"].(string)
	clk.Advance(typing)
	post("/v1/conversations/"+id+"/messages", token, `{"text":"please change the address to 7 Oak Road, Portland, OR 97202"}`)
	console := &settings.Service{Store: shopStore, Clock: clk, Defaults: func(string) settings.Settings { return settings.Default(policy.Default()) }}
	saved, err := console.Get(t.Context(), shop)
	if err != nil {
		t.Fatal(err)
	}
	saved.Policy.AutoAddressChange = false
	if _, err := console.Put(t.Context(), shop, saved, "merchant@example.com"); err != nil {
		t.Fatal(err)
	}
	clk.Advance(typing)
	n.Store(0)
	ops = nil
	out := post("/v1/conversations/"+id+"/messages", token, `{"text":"yes"}`)
	t.Logf("yes after a settings save: DynamoDB requests %d %v", n.Load(), ops)
	if reads := count(ops, conversationRead); reads != 2 {
		t.Errorf("yes after a settings save: %d reads of the conversation %v, want 2 (one retry)", reads, ops)
	}
	reply, _ := out["reply"].(map[string]any)
	if text, _ := reply["text"].(string); strings.Contains(strings.ToLower(text), "will now ship to") || !strings.Contains(strings.ToLower(text), "approv") {
		t.Errorf("yes after a settings save: reply %q, want the change sent for approval", text)
	}
	stored, err := shopStore.GetOrderByName(t.Context(), shop, "#1001")
	if err != nil {
		t.Fatal(err)
	}
	if a := stored.ShippingAddress; a == nil || a.Address1 != "42 Elm Street" {
		t.Errorf("order #1001 ships to %+v after the yes, want 42 Elm Street still (no write under the old policy)", a)
	}
}

// conversationRead names the Query of a conversation (with its messages
// and customer context) in the test's log of operations.
const conversationRead = "Query conversation"

// count is how many of ops are op.
func count(ops []string, op string) int {
	n := 0
	for _, o := range ops {
		if o == op {
			n++
		}
	}
	return n
}

// settingsRead names the GetItem of the shop's settings in the test's
// log of operations.
const settingsRead = "GetItem settings"

// settingsReads counts the settings reads in ops: a turn on a cold settings
// cache (settings.DefaultTTL passed since this instance last read them)
// makes one, over the turn's own budget (README, "DynamoDB requests").
func settingsReads(ops []string) int64 {
	var n int64
	for _, op := range ops {
		if op == settingsRead {
			n++
		}
	}
	return n
}

// contextOrder is order name as conversation id's stored customer context
// holds it; the context must be current (not stale).
func contextOrder(t *testing.T, st *dynamo.Store, shop, id, name string) order.Order {
	t.Helper()
	c, _, err := st.GetConversation(t.Context(), shop, id)
	if err != nil {
		t.Fatal(err)
	}
	if c.Context == nil || c.Context.Stale {
		t.Fatalf("customer context after the write: %+v, want a current one", c.Context)
	}
	for _, o := range c.Context.Orders {
		if o.Name == name {
			return o
		}
	}
	t.Fatalf("customer context holds no order %s", name)
	return order.Order{}
}
