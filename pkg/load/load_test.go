package load_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/load"
	"github.com/doorstep-ai/doorstep/pkg/runner"
)

// A small load against the in-process runner: concurrent conversations and
// webhook bursts with duplicates and reordering lose nothing.
func TestLoadLosesNothing(t *testing.T) {
	r, err := runner.New(runner.Config{DataDir: t.TempDir(), Shop: "demo-shop.myshopify.com", WebhookSecret: "s", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	srv := httptest.NewServer(r.Handler())
	defer srv.Close()
	rep, err := load.Run(t.Context(), load.Config{BaseURL: srv.URL, Shop: "demo-shop.myshopify.com", Secret: "s",
		Conversations: 8, Messages: 5, Orders: 6, Updates: 4, Duplicates: 2})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rep.Print(&out)
	t.Log("\n" + out.String())
	if rep.Errors > 0 || rep.Lost() {
		t.Errorf("load run lost or doubled something, or failed:\n%s", out.String())
	}
	if rep.MessagesAccepted != 40 || rep.WebhooksAccepted != 6*4*3 {
		t.Errorf("accepted %d messages and %d webhooks", rep.MessagesAccepted, rep.WebhooksAccepted)
	}
	if rep.WebhooksApplied > 6*4 {
		t.Errorf("%d webhooks applied, at most %d distinct events", rep.WebhooksApplied, 6*4)
	}
}
