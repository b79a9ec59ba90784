package shopify

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/shopify/shopifytest"
)

// setupFake answers the setup queries like the Admin GraphQL API and keeps
// the subscriptions it was asked to create.
type setupFake struct {
	mu     sync.Mutex
	subs   map[string]string // topic enum → callback
	scopes []string
	calls  []string
}

func (f *setupFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("X-Shopify-Access-Token") != "tok" {
		http.Error(w, "no token", 401)
		return
	}
	var req struct {
		Query     string         `json:"query"`
		Variables map[string]any `json:"variables"`
	}
	_ = json.NewDecoder(r.Body).Decode(&req)
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case strings.Contains(req.Query, "webhookSubscriptionCreate("):
		topic, _ := req.Variables["topic"].(string)
		sub, _ := req.Variables["sub"].(map[string]any)
		f.calls = append(f.calls, "create "+topic)
		if sub["format"] != "JSON" || sub["uri"] == "" {
			_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"webhookSubscriptionCreate": map[string]any{
				"webhookSubscription": nil, "userErrors": []any{map[string]any{"field": []string{"webhookSubscription"}, "message": "bad input"}}}}})
			return
		}
		f.subs[topic] = sub["uri"].(string)
		_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"webhookSubscriptionCreate": map[string]any{
			"webhookSubscription": map[string]any{"id": "gid://shopify/WebhookSubscription/" + topic, "topic": topic}, "userErrors": []any{}}}})
	case strings.Contains(req.Query, "webhookSubscriptions("):
		f.calls = append(f.calls, "list")
		nodes := []any{}
		for t, uri := range f.subs {
			if want, ok := req.Variables["uri"].(string); ok && uri != want {
				continue // the uri argument filters
			}
			nodes = append(nodes, map[string]any{"id": "gid://shopify/WebhookSubscription/" + t, "topic": t, "uri": uri})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"webhookSubscriptions": map[string]any{"nodes": nodes}}})
	case strings.Contains(req.Query, "currentAppInstallation"):
		var scopes []any
		for _, s := range f.scopes {
			scopes = append(scopes, map[string]any{"handle": s})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"currentAppInstallation": map[string]any{"accessScopes": scopes}}})
	default:
		http.Error(w, "unexpected query", 400)
	}
}

func TestEnsureWebhooksIsIdempotent(t *testing.T) {
	fake := &setupFake{subs: map[string]string{"ORDERS_CREATE": "https://old.example/webhooks/shopify"}}
	srv := httptest.NewServer(shopifytest.Handler(t, DefaultAPIVersion, fake))
	defer srv.Close()
	a := NewAdmin("s.myshopify.com", "tok", WithEndpoint(srv.URL))
	url := "https://api.example/webhooks/shopify"
	subs, err := a.EnsureWebhooks(t.Context(), url, Topics)
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != len(Topics) {
		t.Fatalf("%d subscriptions, want %d", len(subs), len(Topics))
	}
	for _, topic := range Topics {
		if fake.subs[TopicEnum(topic)] != url {
			t.Errorf("%s → %q", topic, fake.subs[TopicEnum(topic)])
		}
	}
	fake.calls = nil
	subs, err = a.EnsureWebhooks(t.Context(), url, Topics)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"list"}, fake.calls); d != "" {
		t.Errorf("second run made calls (-want +got):\n%s", d)
	}
	for _, s := range subs {
		if s.Created {
			t.Errorf("second run created %s", s.Topic)
		}
	}
}

// Every topic doorstep handles is subscribed, and only once; the
// subscriptions themselves are checked against Shopify's schema in
// TestEnsureWebhooksIsIdempotent (the topic enum values).
func TestTopicsSubscribed(t *testing.T) {
	seen := map[string]int{}
	for _, topic := range Topics {
		seen[topic]++
	}
	for _, topic := range []string{
		TopicOrdersCreate, TopicOrdersUpdated, TopicOrdersCancelled,
		TopicFulfillmentsCreate, TopicFulfillmentsUpdate, TopicRefundsCreate,
		TopicProductsCreate, TopicProductsUpdate, TopicProductsDelete,
	} {
		if seen[topic] != 1 {
			t.Errorf("Topics has %s %d times, want once", topic, seen[topic])
		}
	}
}

func TestMissingScopes(t *testing.T) {
	// An app made before store credit and shipment cancelling:
	// write_gift_cards, the store credit scopes and
	// write_merchant_managed_fulfillment_orders are missing too.
	fake := &setupFake{subs: map[string]string{}, scopes: []string{"write_orders", "read_products", "write_returns", "write_discounts", "read_inventory"}}
	srv := httptest.NewServer(shopifytest.Handler(t, DefaultAPIVersion, fake))
	defer srv.Close()
	a := NewAdmin("s.myshopify.com", "tok", WithEndpoint(srv.URL))
	missing, err := a.MissingScopes(t.Context(), RequiredScopes)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"read_fulfillments", "read_store_credit_accounts", "write_gift_cards", "write_merchant_managed_fulfillment_orders",
		"write_store_credit_account_transactions"}
	if d := cmp.Diff(want, missing); d != "" {
		t.Errorf("missing (-want +got):\n%s", d)
	}
}

func TestTopicEnumAndSnippet(t *testing.T) {
	if got := TopicEnum("fulfillments/update"); got != "FULFILLMENTS_UPDATE" {
		t.Errorf("TopicEnum = %s", got)
	}
	got := ThemeSnippet("https://abc.execute-api.us-east-1.amazonaws.com/", "s.myshopify.com")
	want := `<script src="https://abc.execute-api.us-east-1.amazonaws.com/widget.js" data-shop="s.myshopify.com" data-api="https://abc.execute-api.us-east-1.amazonaws.com" async></script>`
	if got != want {
		t.Errorf("snippet = %s", got)
	}
}
