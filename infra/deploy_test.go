package infra

import (
	"strings"
	"testing"
)

// TestMailOnlyFromSupportAddress: every statement that lets a function
// send mail limits it to the support address (ses:FromAddress), so no role
// can send as any other verified identity.
func TestMailOnlyFromSupportAddress(t *testing.T) {
	tpl := loadTemplate(t)
	senders := 0
	for _, fn := range tpl.resources(serverlessFunction) {
		for _, policy := range seqOrSelf(lookup(fn.node, "Properties", "Policies")) {
			for _, st := range seqOrSelf(lookup(policy, "Statement")) {
				sends := false
				for _, a := range seqOrSelf(lookup(st, "Action")) {
					if strings.HasPrefix(scalar(a), "ses:Send") {
						sends = true
					}
				}
				if !sends {
					continue
				}
				senders++
				sid := scalar(lookup(st, "Sid"))
				if got := flat(lookup(st, "Condition", "StringEquals", "ses:FromAddress")); got != "!Ref SupportEmail" {
					t.Errorf("%s statement %s sends mail with ses:FromAddress %q, want !Ref SupportEmail", fn.id, sid, got)
				}
			}
		}
	}
	if senders < 5 {
		t.Fatalf("found %d statements that send mail: the walk is broken", senders)
	}
}

// TestConsoleLinks: the functions that mail staff a link to the console
// (the escalation steps: package escalation reads CONSOLE_URL) are told
// its address.
func TestConsoleLinks(t *testing.T) {
	tpl := loadTemplate(t)
	fn, ok := tpl.resource("EscalationFunction")
	if !ok {
		t.Fatal("no EscalationFunction")
	}
	if got := tpl.environment(fn)["CONSOLE_URL"]; !strings.Contains(got, "${HttpApi}") {
		t.Errorf("EscalationFunction CONSOLE_URL = %q, want the HTTP API's address", got)
	}
}

// TestShopifyAdminAccess: the Admin API is reached with a fixed token or a
// Dev Dashboard app's client id, the template's rule asks for exactly one,
// and the Shopify secret carries whichever is set.
func TestShopifyAdminAccess(t *testing.T) {
	tpl := loadTemplate(t)
	for _, p := range []string{"ShopifyAdminToken", "ShopifyClientId"} {
		if d := lookup(tpl.root, "Parameters", p, "Default"); d == nil || d.Value != "" {
			t.Errorf("parameter %s must default to empty (one of the two is set)", p)
		}
	}
	if lookup(tpl.root, "Rules", "ShopifyAdminAccess", "Assertions") == nil {
		t.Error("no rule asks for ShopifyAdminToken or ShopifyClientId")
	}
	sec := lookup(tpl.root, "Resources", "ShopifySecret", "Properties", "SecretString")
	if sec == nil || sec.Tag != "!If" || len(sec.Content) != 3 {
		t.Fatalf("ShopifySecret's SecretString is not an !If on UsesClientCredentials")
	}
	var text []string
	for _, n := range sec.Content[1:] {
		text = append(text, n.Value)
	}
	for i, want := range []string{`"admin_client_ids":"${ShopDomain}=${ShopifyClientId}"`, `"admin_tokens":"${ShopDomain}=${ShopifyAdminToken}"`} {
		if !strings.Contains(text[i], want) || !strings.Contains(text[i], `"webhook_secrets":"${ShopDomain}=${ShopifyWebhookSecret}"`) {
			t.Errorf("SecretString branch %d = %s, want %s and the webhook secret", i, text[i], want)
		}
	}
}
