package runner_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/localflow"
	"github.com/doorstep-ai/doorstep/pkg/mailin"
	"github.com/doorstep-ai/doorstep/pkg/privacy"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/sms"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

func sendWebhook(t *testing.T, url, topic string, body []byte, secret string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/webhooks/shopify", bytes.NewReader(body))
	req.Header.Set(shopify.HeaderTopic, topic)
	req.Header.Set(shopify.HeaderShopDomain, "demo-shop.myshopify.com")
	req.Header.Set(shopify.HeaderEventID, topic+time.Now().String())
	req.Header.Set(shopify.HeaderHMAC, shopify.Sign([]byte(secret), body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func privacyFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := fs.ReadFile(events.Shopify(), "privacy/"+name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The privacy webhooks, signed like every webhook: a data request exports
// what doorstep holds on the customer; a customer redaction erases their
// conversations and the personal fields of their orders; a shop redaction
// erases the shop.
func TestPrivacyWebhooks(t *testing.T) {
	r := newRunner(t, t.TempDir())
	defer r.Close()
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, r)
	c, _ := startChat(t, srv, map[string]string{"email": "daniel.reyes@example.com", "order_number": "#1003"})
	c.say("my new address would be 9 Secret Lane")
	other, _ := startChat(t, srv, map[string]string{"email": "maya.okafor@example.com", "order_number": "#1001"})
	other.say("hello")

	mail := "From: daniel.reyes@example.com\r\nTo: support@hearthandharbor.example\r\nSubject: hi\r\nMessage-ID: <p1@example.com>\r\n\r\nwhere is #1003?\r\n"
	if resp, err := http.Post(srv.URL+"/dev/mail", "message/rfc822", strings.NewReader(mail)); err == nil {
		resp.Body.Close()
	}
	if _, err := r.Store.GetDoc(t.Context(), mailin.CollSenders, "demo-shop.myshopify.com|daniel.reyes@example.com"); err != nil {
		t.Fatalf("mail sender record missing before the redaction: %v", err)
	}

	// A wrong signature is refused and erases nothing.
	if code := sendWebhook(t, srv.URL, shopify.TopicCustomersRedact, privacyFixture(t, "customers_redact.json"), "wrong"); code != 401 {
		t.Fatalf("unsigned redact: %d", code)
	}
	if _, _, err := r.Store.GetConversation(t.Context(), "demo-shop.myshopify.com", c.id); err != nil {
		t.Fatalf("conversation gone after a refused webhook: %v", err)
	}

	// Two numbers given on the tracking page, the first replaced by the
	// second: both are theirs, in the export and in the erasure.
	numbers := []string{"+447700900149", "+447700900150"}
	for _, n := range numbers {
		if err := r.App.SMS.OptIn(t.Context(), "demo-shop.myshopify.com", sms.Consent{Phone: n, Source: sms.SourceTrackingPage, Email: "daniel.reyes@example.com"}); err != nil {
			t.Fatal(err)
		}
	}

	if code := sendWebhook(t, srv.URL, shopify.TopicCustomersDataRequest, privacyFixture(t, "customers_data_request.json"), "s"); code != 200 {
		t.Fatalf("data request: %d", code)
	}
	doc, err := r.Store.GetDoc(t.Context(), privacy.ExportsCollection("demo-shop.myshopify.com"), "9999")
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	var ex privacy.Export
	_ = json.Unmarshal(doc, &ex)
	var names []string
	for _, o := range ex.Orders {
		names = append(names, o.Name)
	}
	if len(ex.Conversations) != 2 || len(ex.Conversations[0].Messages) < 2 || !strings.Contains(strings.Join(names, ","), "#1003") {
		t.Errorf("export: %d conversations, orders %v", len(ex.Conversations), names)
	}
	var texts struct{ Consents []sms.Consent }
	_ = json.Unmarshal(ex.Records["sms"], &texts)
	var phones []string
	for _, c := range texts.Consents {
		phones = append(phones, c.Phone)
	}
	if slices.Sort(phones); !slices.Equal(phones, numbers) {
		t.Errorf("export's sms consents of %q, want %q", phones, numbers)
	}
	for _, o := range ex.Orders {
		if o.Email != "daniel.reyes@example.com" {
			t.Errorf("export holds someone else's order %s", o.Name)
		}
	}

	if code := sendWebhook(t, srv.URL, shopify.TopicCustomersRedact, privacyFixture(t, "customers_redact.json"), "s"); code != 200 {
		t.Fatalf("redact: %d", code)
	}
	if _, _, err := r.Store.GetConversation(t.Context(), "demo-shop.myshopify.com", c.id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("redacted customer's conversation: %v", err)
	}
	o, err := r.Store.GetOrderByName(t.Context(), "demo-shop.myshopify.com", "#1003")
	if err != nil {
		t.Fatal(err)
	}
	if o.Email != "" || o.Customer.FirstName != "" || o.ShippingAddress != nil || len(o.LineItems) == 0 {
		t.Errorf("redacted order keeps personal fields or lost its items: %+v", o)
	}
	if got, _ := r.Store.OrdersByEmail(t.Context(), "demo-shop.myshopify.com", "daniel.reyes@example.com", 10); len(got) != 0 {
		t.Errorf("%d orders still found by the redacted email", len(got))
	}
	if _, _, err := r.Store.GetConversation(t.Context(), "demo-shop.myshopify.com", other.id); err != nil {
		t.Errorf("another customer's conversation was erased: %v", err)
	}
	if _, err := r.Store.GetDoc(t.Context(), mailin.CollSenders, "demo-shop.myshopify.com|daniel.reyes@example.com"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("mail sender record after the redaction: %v", err)
	}
	for _, n := range numbers {
		if cs, err := r.App.SMS.Consents(t.Context(), "demo-shop.myshopify.com", n); err != nil || len(cs) != 0 {
			t.Errorf("sms consents of %s after the redaction: %d (%v)", n, len(cs), err)
		}
	}

	// Maya's mail: a log entry and the Message-ID records of the mail and
	// of the reply, whose ids do not name the shop.
	mail = "From: maya.okafor@example.com\r\nTo: support@hearthandharbor.example\r\nSubject: hi\r\nMessage-ID: <p2@example.com>\r\n\r\nwhere is #1001?\r\n"
	if resp, err := http.Post(srv.URL+"/dev/mail", "message/rfc822", strings.NewReader(mail)); err == nil {
		resp.Body.Close()
	}
	for _, coll := range []string{mailin.CollLog, mailin.CollMessageIDs} {
		if docs, err := r.Store.ListDocs(t.Context(), coll, "", "", 10); err != nil || len(docs) == 0 {
			t.Fatalf("%s before the shop redaction: %d records (%v)", coll, len(docs), err)
		}
	}

	if docs, err := r.Store.ListDocs(t.Context(), localflow.Executions, "", "", 10); err != nil || len(docs) == 0 {
		t.Fatalf("workflow executions before the shop redaction: %d (%v), want the demo's", len(docs), err)
	}
	if code := sendWebhook(t, srv.URL, shopify.TopicShopRedact, privacyFixture(t, "shop_redact.json"), "s"); code != 200 {
		t.Fatalf("shop redact: %d", code)
	}
	// The scheduler's own shop eraser (app.New registers it) took the
	// shop's executions.
	if docs, err := r.Store.ListDocs(t.Context(), localflow.Executions, "", "", 10); err != nil || len(docs) != 0 {
		t.Errorf("workflow executions after the shop redaction: %d (%v), want none", len(docs), err)
	}
	for _, coll := range []string{mailin.CollLog, mailin.CollMessageIDs} {
		if docs, err := r.Store.ListDocs(t.Context(), coll, "", "", 10); err != nil || len(docs) != 0 {
			t.Errorf("%s after the shop redaction: %d records (%v), want none", coll, len(docs), err)
		}
	}
	if _, err := r.Store.GetOrderByName(t.Context(), "demo-shop.myshopify.com", "#1001"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("order after shop redact: %v", err)
	}
	if _, _, err := r.Store.GetConversation(t.Context(), "demo-shop.myshopify.com", other.id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("conversation after shop redact: %v", err)
	}
	if code := sendWebhook(t, srv.URL, shopify.TopicCustomersRedact, []byte(`{"shop_domain":"demo-shop.myshopify.com"}`), "s"); code != 400 {
		t.Errorf("redact without a customer: %d, want 400", code)
	}
}
