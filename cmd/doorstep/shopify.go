package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/shopify"
)

// shopifySetup registers doorstep's webhooks with the shop through the Admin
// GraphQL API, checks the app's scopes and prints the theme snippet.
func shopifySetup(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("shopify setup", flag.ContinueOnError)
	fs.SetOutput(out)
	shop := fs.String("shop", os.Getenv("SHOP_DOMAIN"), "the shop's myshopify.com domain")
	token := fs.String("token", os.Getenv("SHOPIFY_ADMIN_TOKEN"), "the app's Admin API access token (or SHOPIFY_ADMIN_TOKEN)")
	api := fs.String("api-url", os.Getenv("DOORSTEP_API_URL"), "the deployed API's base URL (the stack output ApiUrl)")
	endpoint := fs.String("endpoint", "", "Admin GraphQL endpoint override (tests)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var missing []string
	for name, v := range map[string]string{"-shop": *shop, "-token": *token, "-api-url": *api} {
		if strings.TrimSpace(v) == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("shopify setup needs %s", strings.Join(missing, ", "))
	}
	if !strings.HasPrefix(*api, "https://") && !strings.HasPrefix(*api, "http://127.0.0.1") {
		return errors.New("-api-url must be the https URL of the deployed API")
	}
	var opts []shopify.AdminOption
	if *endpoint != "" {
		opts = append(opts, shopify.WithEndpoint(*endpoint))
	}
	admin := shopify.NewAdmin(*shop, *token, opts...)

	missingScopes, err := admin.MissingScopes(ctx, shopify.RequiredScopes)
	if err != nil {
		return err
	}
	if len(missingScopes) > 0 {
		fmt.Fprintf(out, "scopes: MISSING %s (add them to the app's access scopes and reinstall it)\n", strings.Join(missingScopes, ", "))
	} else {
		fmt.Fprintf(out, "scopes: ok (%s)\n", strings.Join(shopify.RequiredScopes, ", "))
	}
	callback := strings.TrimRight(*api, "/") + "/webhooks/shopify"
	subs, err := admin.EnsureWebhooks(ctx, callback, shopify.Topics)
	if err != nil {
		return err
	}
	for _, s := range subs {
		state := "exists"
		if s.Created {
			state = "created"
		}
		fmt.Fprintf(out, "webhook %-22s %s → %s\n", s.Topic, state, s.CallbackURL)
	}
	fmt.Fprintf(out, `privacy webhooks: in the app's configuration (shopify.app.toml), set
  [webhooks] api_version = "%s"
  [[webhooks.subscriptions]] compliance_topics = ["customers/data_request", "customers/redact", "shop/redact"]
                             uri = "%s"
theme snippet (Online Store → Themes → Edit code → theme.liquid, before </body>):
  %s
`, admin.APIVersion(), callback, shopify.ThemeSnippet(*api, *shop))
	if len(missingScopes) > 0 {
		return errors.New("the app lacks required scopes")
	}
	return nil
}
