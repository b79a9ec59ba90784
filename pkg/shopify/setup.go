package shopify

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Topics doorstep subscribes to with webhookSubscriptionCreate. The
// mandatory privacy topics (customers/data_request, customers/redact,
// shop/redact) are not among them: Shopify takes those from the app's
// configuration (shopify.app.toml [webhooks] compliance_topics, or the
// Partner Dashboard), not from the Admin API.
var Topics = []string{
	TopicOrdersCreate, TopicOrdersUpdated, TopicOrdersCancelled,
	TopicFulfillmentsCreate, TopicFulfillmentsUpdate, TopicRefundsCreate,
	// A deleted product leaves the shop's documentation (pkg/docs).
	TopicProductsCreate, TopicProductsUpdate, TopicProductsDelete,
}

// Scopes are the Admin API access scopes doorstep needs, each with what
// needs it (the merchant selects them on the app's version in the Dev
// Dashboard). A write scope grants its read scope too.
var Scopes = []Scope{
	{"read_orders", "orders/*, refunds/create webhooks; an order's fulfillments and transactions"},
	{"write_orders", "address changes, cancellations, refunds, replacement orders"},
	{"read_returns", "the return reason library"},
	{"write_returns", "return requests, exchanges"},
	{"read_products", "products/* webhooks; a product's variants for an exchange"},
	{"read_inventory", "the stock of each variant offered in an exchange"},
	{"read_fulfillments", "fulfillments/* webhooks"},
	{"write_merchant_managed_fulfillment_orders", "cancelling a shipment the carrier never picked up when its items are refunded or replaced"},
	{"write_discounts", "the codes sent with suggestions"},
	{"write_store_credit_account_transactions", "store credit on returns and refunds"},
	{"read_store_credit_accounts", "the customer's store credit account the credit went to"},
	{"write_gift_cards", "a gift card where store credit is unavailable"},
}

// Scope is one access scope and what doorstep uses it for.
type Scope struct{ Handle, For string }

// RequiredScopes are the handles of Scopes.
var RequiredScopes = func() []string {
	out := make([]string, len(Scopes))
	for i, s := range Scopes {
		out[i] = s.Handle
	}
	return out
}()

// ScopeUse is what doorstep uses scope for ("" for one it does not need).
func ScopeUse(scope string) string {
	for _, s := range Scopes {
		if s.Handle == scope {
			return s.For
		}
	}
	return ""
}

// operationScopes are the scopes each root field doorstep queries or
// mutates needs (TestEveryOperationHasScopes keeps it complete): fields
// that need none map to nil.
var operationScopes = map[string][]string{
	"order":                     {"read_orders"},
	"returnReasonDefinitions":   {"read_returns"},
	"returnRequest":             {"write_returns"},
	"returnCreate":              {"write_returns"},
	"orderUpdate":               {"write_orders"},
	"orderCancel":               {"write_orders"},
	"refundCreate":              {"write_orders"},
	"orderCreate":               {"write_orders"},
	"fulfillmentCancel":         {"write_merchant_managed_fulfillment_orders"},
	"storeCreditAccountCredit":  {"write_store_credit_account_transactions", "read_store_credit_accounts"},
	"giftCardCreate":            {"write_gift_cards"},
	"discountCodeBasicCreate":   {"write_discounts"},
	"product":                   {"read_products", "read_inventory"},
	"shop":                      nil,
	"webhookSubscriptions":      nil,
	"webhookSubscriptionCreate": nil, // each topic needs its own read scope (Topics)
	"currentAppInstallation":    nil,
}

// TopicEnum is a webhook topic as the GraphQL WebhookSubscriptionTopic enum
// spells it: "orders/create" → "ORDERS_CREATE".
func TopicEnum(topic string) string {
	return strings.ToUpper(strings.NewReplacer("/", "_", "-", "_").Replace(topic))
}

// Subscription is one webhook subscription of the app.
type Subscription struct {
	ID, Topic, CallbackURL string
	Created                bool
}

const webhooksQuery = `query DoorstepWebhooks($uri: String!) {
  webhookSubscriptions(first: 100, uri: $uri) {
    nodes { id topic uri }
  }
}`

const webhookCreateMutation = `mutation DoorstepWebhookCreate($topic: WebhookSubscriptionTopic!, $sub: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $sub) {
    webhookSubscription { id topic }
    userErrors { field message }
  }
}`

// EnsureWebhooks subscribes every topic to callbackURL, creating only the
// subscriptions that do not exist yet, so running it twice changes nothing.
func (a *Admin) EnsureWebhooks(ctx context.Context, callbackURL string, topics []string) ([]Subscription, error) {
	var existing struct {
		WebhookSubscriptions struct {
			Nodes []struct {
				ID    string `json:"id"`
				Topic string `json:"topic"`
				URI   string `json:"uri"`
			} `json:"nodes"`
		} `json:"webhookSubscriptions"`
	}
	if err := a.do(ctx, webhooksQuery, map[string]any{"uri": callbackURL}, &existing); err != nil {
		return nil, fmt.Errorf("list webhook subscriptions: %w", err)
	}
	have := map[string]string{}
	for _, n := range existing.WebhookSubscriptions.Nodes {
		if n.URI == callbackURL {
			have[n.Topic] = n.ID
		}
	}
	var out []Subscription
	for _, t := range topics {
		enum := TopicEnum(t)
		if id, ok := have[enum]; ok {
			out = append(out, Subscription{ID: id, Topic: enum, CallbackURL: callbackURL})
			continue
		}
		var created struct {
			WebhookSubscriptionCreate struct {
				WebhookSubscription *struct {
					ID string `json:"id"`
				} `json:"webhookSubscription"`
				UserErrors []userError `json:"userErrors"`
			} `json:"webhookSubscriptionCreate"`
		}
		vars := map[string]any{"topic": enum, "sub": map[string]any{"uri": callbackURL, "format": "JSON"}}
		if err := a.do(ctx, webhookCreateMutation, vars, &created); err != nil {
			return out, fmt.Errorf("subscribe %s: %w", t, err)
		}
		r := created.WebhookSubscriptionCreate
		if len(r.UserErrors) > 0 || r.WebhookSubscription == nil {
			var msgs []string
			for _, e := range r.UserErrors {
				msgs = append(msgs, e.Message)
			}
			return out, fmt.Errorf("subscribe %s: %s", t, strings.Join(msgs, "; "))
		}
		out = append(out, Subscription{ID: r.WebhookSubscription.ID, Topic: enum, CallbackURL: callbackURL, Created: true})
	}
	return out, nil
}

const scopesQuery = `query DoorstepScopes { currentAppInstallation { accessScopes { handle } } }`

// MissingScopes returns the required scopes the app's installation lacks. A
// write scope implies its read scope, as in Shopify.
func (a *Admin) MissingScopes(ctx context.Context, required []string) ([]string, error) {
	var r struct {
		CurrentAppInstallation struct {
			AccessScopes []struct {
				Handle string `json:"handle"`
			} `json:"accessScopes"`
		} `json:"currentAppInstallation"`
	}
	if err := a.do(ctx, scopesQuery, nil, &r); err != nil {
		return nil, fmt.Errorf("read access scopes: %w", err)
	}
	have := map[string]bool{}
	for _, s := range r.CurrentAppInstallation.AccessScopes {
		have[s.Handle] = true
		if rest, ok := strings.CutPrefix(s.Handle, "write_"); ok {
			have["read_"+rest] = true
		}
	}
	var missing []string
	for _, s := range required {
		if !have[s] {
			missing = append(missing, s)
		}
	}
	sort.Strings(missing)
	return missing, nil
}

// ThemeSnippet is what a merchant pastes into the theme (theme.liquid,
// before </body>) to put the chat widget on every page.
func ThemeSnippet(apiURL, shop string) string {
	apiURL = strings.TrimRight(apiURL, "/")
	return fmt.Sprintf(`<script src="%s/widget.js" data-shop="%s" data-api="%s" async></script>`, apiURL, shop, apiURL)
}
