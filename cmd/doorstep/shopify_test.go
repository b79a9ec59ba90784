package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/shopify/shopifytest"
)

// The setup command against a fake Admin GraphQL server: it checks scopes,
// subscribes every topic once, and prints the snippet.
func TestShopifySetup(t *testing.T) {
	created := map[string]bool{}
	srv := httptest.NewServer(shopifytest.Handler(t, shopify.DefaultAPIVersion, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Query     string         `json:"query"`
			Variables map[string]any `json:"variables"`
		}
		_ = json.NewDecoder(r.Body).Decode(&req)
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.Contains(req.Query, "currentAppInstallation"):
			_, _ = w.Write([]byte(`{"data":{"currentAppInstallation":{"accessScopes":[{"handle":"write_orders"},{"handle":"write_returns"},{"handle":"read_products"},{"handle":"read_fulfillments"},{"handle":"write_discounts"}]}}}`))
		case strings.Contains(req.Query, "webhookSubscriptionCreate("):
			topic := req.Variables["topic"].(string)
			if created[topic] {
				t.Errorf("%s created twice", topic)
			}
			created[topic] = true
			_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"webhookSubscriptionCreate": map[string]any{
				"webhookSubscription": map[string]any{"id": "gid://shopify/WebhookSubscription/1", "topic": topic}, "userErrors": []any{}}}})
		case strings.Contains(req.Query, "webhookSubscriptions("):
			_, _ = w.Write([]byte(`{"data":{"webhookSubscriptions":{"nodes":[]}}}`))
		default:
			t.Errorf("unexpected query %s", req.Query)
		}
	})))
	defer srv.Close()
	var out bytes.Buffer
	err := shopifySetup(t.Context(), []string{"-shop", "s.myshopify.com", "-token", "tok", "-api-url", "https://api.example", "-endpoint", srv.URL}, &out)
	if err != nil {
		t.Fatalf("setup: %v\n%s", err, out.String())
	}
	for _, want := range []string{"scopes: ok", "ORDERS_CREATE", "created", `data-shop="s.myshopify.com"`, "compliance_topics"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if len(created) != 8 {
		t.Errorf("%d topics subscribed", len(created))
	}
	if err := shopifySetup(t.Context(), []string{"-shop", "s.myshopify.com"}, &out); err == nil || !strings.Contains(err.Error(), "-token") {
		t.Errorf("missing flags: %v", err)
	}
}
