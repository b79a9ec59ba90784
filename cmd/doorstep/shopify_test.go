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

// setupShop is a fake shop for the setup command: its token endpoint
// issues "shpat_exchanged" for the right client credentials, and its Admin
// GraphQL API takes that token or "tok", grants scopes, and subscribes
// topics.
func setupShop(t *testing.T, scopes []string) (*httptest.Server, map[string]bool) {
	t.Helper()
	created := map[string]bool{}
	gql := shopifytest.Handler(t, shopify.DefaultAPIVersion, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tok := r.Header.Get(shopify.HeaderAccessToken); tok != "tok" && tok != "shpat_exchanged" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var req struct {
			Query     string         `json:"query"`
			Variables map[string]any `json:"variables"`
		}
		_ = json.NewDecoder(r.Body).Decode(&req)
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.Contains(req.Query, "currentAppInstallation"):
			var handles []any
			for _, s := range scopes {
				handles = append(handles, map[string]any{"handle": s})
			}
			_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"currentAppInstallation": map[string]any{"accessScopes": handles}}})
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
	}))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != shopify.TokenPath {
			gql.ServeHTTP(w, r)
			return
		}
		_ = r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		if r.PostForm.Get("client_id") != "cid" || r.PostForm.Get("client_secret") != "shpss_right" || r.PostForm.Get("grant_type") != "client_credentials" {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":"invalid_client","error_description":"Client authentication failed"}`))
			return
		}
		_, _ = w.Write([]byte(`{"access_token":"shpat_exchanged","scope":"write_orders","expires_in":86399}`))
	}))
	t.Cleanup(srv.Close)
	return srv, created
}

// The setup command against a fake shop: it authenticates with a fixed
// token or with client credentials, checks scopes (naming the missing ones
// and what each is for), subscribes every topic once, and prints the
// snippet.
func TestShopifySetup(t *testing.T) {
	tests := []struct {
		name    string
		scopes  []string
		args    []string
		secret  string
		wantErr string
		want    []string
	}{
		{name: "fixed token", scopes: shopify.RequiredScopes, args: []string{"-token", "tok"},
			want: []string{"scopes: ok", "ORDERS_CREATE", "created", `data-shop="s.myshopify.com"`, "compliance_topics"}},
		{name: "client credentials", scopes: shopify.RequiredScopes, args: []string{"-client-id", "cid"}, secret: "shpss_right",
			want: []string{"scopes: ok", "ORDERS_CREATE", "created"}},
		{name: "an app made before store credit", scopes: []string{"write_orders", "write_returns", "read_products", "read_inventory", "read_fulfillments", "write_discounts"},
			args: []string{"-client-id", "cid"}, secret: "shpss_right", wantErr: "lacks required scopes",
			want: []string{"scopes: MISSING read_store_credit_accounts, write_gift_cards, write_merchant_managed_fulfillment_orders, write_store_credit_account_transactions",
				"write_gift_cards                         for a gift card where store credit is unavailable", "Dev Dashboard"}},
		{name: "wrong secret", args: []string{"-client-id", "cid"}, secret: "shpss_wrong",
			wantErr: "exchange the client credentials of app cid for an access token of s.myshopify.com: Shopify refused them (http 400: invalid_client"},
		{name: "no secret", args: []string{"-client-id", "cid"}, wantErr: "SHOPIFY_CLIENT_SECRET"},
		{name: "both", args: []string{"-client-id", "cid", "-token", "tok"}, secret: "shpss_right", wantErr: "not both"},
		{name: "neither", wantErr: "-token or -client-id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("SHOPIFY_CLIENT_SECRET", tt.secret)
			t.Setenv("SHOPIFY_ADMIN_TOKEN", "")
			t.Setenv("SHOPIFY_CLIENT_ID", "")
			srv, created := setupShop(t, tt.scopes)
			var out bytes.Buffer
			args := append([]string{"-shop", "s.myshopify.com", "-api-url", "https://api.example", "-endpoint", srv.URL + "/admin/api/" + shopify.DefaultAPIVersion + "/graphql.json"}, tt.args...)
			err := shopifySetup(t.Context(), args, &out)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("setup: %v\n%s", err, out.String())
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("err = %v, want %q\n%s", err, tt.wantErr, out.String())
			}
			for _, want := range tt.want {
				if !strings.Contains(out.String(), want) {
					t.Errorf("output lacks %q:\n%s", want, out.String())
				}
			}
			if tt.wantErr == "" && len(created) != len(shopify.Topics) {
				t.Errorf("%d topics subscribed", len(created))
			}
			if tt.secret != "" && (strings.Contains(out.String(), tt.secret) || (err != nil && strings.Contains(err.Error(), tt.secret))) {
				t.Errorf("the client secret was printed")
			}
		})
	}
}
