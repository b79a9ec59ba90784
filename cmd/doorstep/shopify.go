package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"sort"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/shopify"
)

// shopifySetup registers doorstep's webhooks with the shop through the Admin
// GraphQL API, checks the app's scopes and prints the theme snippet. It
// authenticates like the deployment: with a fixed Admin API token (an app
// made in the shop admin before 2026), or with the client id and secret of
// a Dev Dashboard app, exchanged for a token (client credentials grant).
func shopifySetup(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("shopify setup", flag.ContinueOnError)
	fs.SetOutput(out)
	shop := fs.String("shop", os.Getenv("SHOP_DOMAIN"), "the shop's myshopify.com domain")
	token := fs.String("token", os.Getenv("SHOPIFY_ADMIN_TOKEN"), "a fixed Admin API access token, of an app made in the shop admin (or SHOPIFY_ADMIN_TOKEN)")
	clientID := fs.String("client-id", os.Getenv("SHOPIFY_CLIENT_ID"), "the Dev Dashboard app's client id (or SHOPIFY_CLIENT_ID); with SHOPIFY_CLIENT_SECRET instead of -token")
	api := fs.String("api-url", os.Getenv("DOORSTEP_API_URL"), "the deployed API's base URL (the stack output ApiUrl)")
	endpoint := fs.String("endpoint", "", "Admin GraphQL endpoint override (tests); the token endpoint is on the same host")
	if err := fs.Parse(args); err != nil {
		return err
	}
	// The secret comes only from the environment, never a flag: flags show
	// in the process list and the shell history.
	clientSecret := os.Getenv("SHOPIFY_CLIENT_SECRET")
	var missing []string
	for name, v := range map[string]string{"-shop": *shop, "-api-url": *api} {
		if strings.TrimSpace(v) == "" {
			missing = append(missing, name)
		}
	}
	useClient := strings.TrimSpace(*clientID) != ""
	switch {
	case useClient && *token != "":
		return errors.New("shopify setup takes -token or -client-id, not both")
	case useClient && strings.TrimSpace(clientSecret) == "":
		missing = append(missing, "SHOPIFY_CLIENT_SECRET (the app's client secret, in the environment)")
	case !useClient && strings.TrimSpace(*token) == "":
		missing = append(missing, "-token or -client-id")
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("shopify setup needs %s", strings.Join(missing, ", "))
	}
	if !strings.HasPrefix(*api, "https://") && !strings.HasPrefix(*api, "http://127.0.0.1") {
		return errors.New("-api-url must be the https URL of the deployed API")
	}
	var opts []shopify.AdminOption
	var ccOpts []shopify.CredentialsOption
	if *endpoint != "" {
		opts = append(opts, shopify.WithEndpoint(*endpoint))
		u, err := url.Parse(*endpoint)
		if err != nil {
			return fmt.Errorf("-endpoint: %w", err)
		}
		ccOpts = append(ccOpts, shopify.WithTokenEndpoint(u.Scheme+"://"+u.Host+shopify.TokenPath))
	}
	var tokens shopify.TokenSource = shopify.StaticToken(*token)
	if useClient {
		tokens = shopify.NewClientCredentials(*shop, strings.TrimSpace(*clientID), strings.TrimSpace(clientSecret), ccOpts...)
	}
	admin := shopify.NewAdminWith(*shop, tokens, opts...)

	missingScopes, err := admin.MissingScopes(ctx, shopify.RequiredScopes)
	if err != nil {
		return err
	}
	if len(missingScopes) > 0 {
		fmt.Fprintf(out, "scopes: MISSING %s\n", strings.Join(missingScopes, ", "))
		for _, s := range missingScopes {
			fmt.Fprintf(out, "  %-40s for %s\n", s, shopify.ScopeUse(s))
		}
		if useClient {
			fmt.Fprintln(out, "  add them in the Dev Dashboard (your app → Versions → new version → Access → Scopes), release the version, and approve the update in the shop admin")
		} else {
			fmt.Fprintln(out, "  add them to the app's Admin API access scopes in the shop admin and reinstall it")
		}
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
