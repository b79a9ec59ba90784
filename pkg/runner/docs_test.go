package runner_test

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/docs"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
)

// docsRunner is the runner with the demo documentation, wired as the
// runner should (the runner itself does not do it yet).
func docsRunner(t *testing.T) (*runner.Runner, *docs.Library, *httptest.Server) {
	t.Helper()
	r, err := runner.New(runner.Config{Start: testStart, DataDir: t.TempDir(), Shop: "demo-shop.myshopify.com", WebhookSecret: "s",
		Demo: events.DemoOrders(), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	files, err := docs.LoadFS(events.Docs())
	if err != nil {
		t.Fatal(err)
	}
	lib := docs.NewLibrary(files)
	lib.Store = r.Store
	if r.Agent.Docs == nil {
		r.Agent.Docs = lib
	}
	srv := httptest.NewServer(r.Handler())
	t.Cleanup(srv.Close)
	return r, lib, srv
}

// A new user on make dev asks how to set up a demo product in the chat
// widget and gets the right passage with its source; asks something the
// guides don't cover and is told so and offered a person.
func TestDocsChatScenario(t *testing.T) {
	_, _, srv := docsRunner(t)
	c, verified := startChat(t, srv, map[string]string{})
	if verified {
		t.Fatal("a guest is verified")
	}
	reply, actions := c.say("How do I set up the pour-over coffee kit?")
	for _, want := range []string{"Pour-Over Coffee Kit – setup and brewing guide", "Setting up your kit", "Rinse the filter with hot water"} {
		if !strings.Contains(reply, want) {
			t.Errorf("reply lacks %q:\n%s", want, reply)
		}
	}
	if len(actions) == 0 || actions[len(actions)-1]["tool"] != "search_docs" {
		t.Errorf("actions %v", actions)
	}
	reply, _ = c.say("What grind size should I use?")
	if !strings.Contains(reply, "medium-fine") || !strings.Contains(reply, "Grind size") {
		t.Errorf("grind size: %s", reply)
	}
	reply, _ = c.say("Does the mug work with an AeroPress?")
	if !strings.Contains(reply, "I don't know") || !strings.Contains(reply, "member of our team") {
		t.Fatalf("unanswerable: %s", reply)
	}
	if strings.Contains(strings.ToLower(reply), "aeropress") {
		t.Errorf("the answer talks about what it does not know: %s", reply)
	}
	reply, _ = c.say("yes please")
	if !strings.Contains(reply, "passed your conversation to a member of our team") {
		t.Errorf("yes to a person: %s", reply)
	}
}

// A products/update webhook's description is answered from at once, and
// an older redelivery does not undo it.
func TestDocsProductWebhook(t *testing.T) {
	_, lib, srv := docsRunner(t)
	const shop = "demo-shop.myshopify.com"
	body := `{"id": 8800000000105, "title": "Beeswax Pillar Candle", "handle": "beeswax-pillar-candle", "status": "active",
	 "body_html": "<p>Hand-poured in small batches.</p><h3>Packaging</h3><p>Each candle ships in a recycled kraft gift box with a cotton ribbon.</p>",
	 "updated_at": "2026-11-19T10:00:00-05:00"}`
	older := `{"id": 8800000000105, "title": "Beeswax Pillar Candle", "status": "active", "body_html": "<p>Plain wrap.</p>",
	 "updated_at": "2026-11-01T10:00:00-05:00"}`
	c, _ := startChat(t, srv, map[string]string{})
	if reply, _ := c.say("Does the candle come in a gift box?"); !strings.Contains(reply, "I don't know") {
		t.Fatalf("before the webhook: %s", reply)
	}
	for _, b := range []string{body, body, older} {
		if err := lib.ProductWebhook(t.Context(), shopify.TopicProductsUpdate, shop, []byte(b)); err != nil {
			t.Fatal(err)
		}
	}
	reply, _ := c.say("Does the candle come in a gift box?")
	if !strings.Contains(reply, "Beeswax Pillar Candle – product description") || !strings.Contains(reply, "kraft gift box") {
		t.Errorf("after the webhook: %s", reply)
	}
	if err := lib.ProductWebhook(t.Context(), shopify.TopicProductsUpdate, shop, []byte(`{"id": "x"}`)); err == nil {
		t.Error("a bad body was accepted")
	}
	if err := lib.ProductWebhook(t.Context(), shopify.TopicProductsDelete, shop, []byte(`{"id": 8800000000105}`)); err != nil {
		t.Fatal(err)
	}
	if reply, _ := c.say("Does the candle come in a gift box?"); !strings.Contains(reply, "I don't know") {
		t.Errorf("after the delete: %s", reply)
	}
}
