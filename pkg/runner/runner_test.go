package runner_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/runner"
)

func newRunner(t *testing.T, dir string) *runner.Runner {
	t.Helper()
	r, err := runner.New(runner.Config{Start: testStart, DataDir: dir, Shop: "demo-shop.myshopify.com", WebhookSecret: "s",
		Demo: events.DemoOrders(), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The demo shop covers every journey stage, today, and a restart loads
// nothing twice.
func TestSeedCoversEveryStage(t *testing.T) {
	dir := t.TempDir()
	r := newRunner(t, dir)
	n, err := r.Seed(t.Context())
	if err != nil || n != 11 {
		t.Fatalf("Seed = %d, %v; want 11 orders", n, err)
	}
	srv := httptest.NewServer(r.Handler())
	defer srv.Close()
	stages := map[order.Stage]bool{}
	for i := 1001; i <= 1011; i++ {
		resp, err := http.Get(fmt.Sprintf("%s/dev/orders/%d", srv.URL, i))
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Journey order.Journey `json:"journey"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("order %d: %d", i, resp.StatusCode)
		}
		stages[body.Journey.Stage] = true
	}
	for _, s := range []order.Stage{order.StagePreShipment, order.StageLabelCreated, order.StageInTransit, order.StageOutForDelivery,
		order.StageDeliveryException, order.StageDelivered, order.StagePastReturnWindow, order.StageReturnedRefunded, order.StageCancelled} {
		if !stages[s] {
			t.Errorf("no demo order in stage %s", s)
		}
	}
	r.Close()

	again := newRunner(t, dir)
	defer again.Close()
	if n, err := again.Seed(t.Context()); err != nil || n != 0 {
		t.Errorf("second Seed = %d, %v; want nothing new", n, err)
	}
}

func TestDevClockMovesTimeAndRunsTicks(t *testing.T) {
	dir := t.TempDir()
	r := newRunner(t, dir)
	var ticked []time.Time
	r.OnTick(func(_ context.Context, now time.Time) error { ticked = append(ticked, now); return nil })
	srv := httptest.NewServer(r.Handler())
	defer srv.Close()
	before := r.Clock.Now()

	tests := []struct {
		body   string
		status int
	}{
		{`{"advance":"72h"}`, 200},
		{`{"advance":"2d"}`, 200},
		{`{"advance":"-1h"}`, 400},
		{`{"advance":"soon"}`, 400},
		{`{"go":"1h"}`, 400},
		{`not json`, 400},
	}
	for _, tt := range tests {
		resp, err := http.Post(srv.URL+"/dev/clock", "application/json", strings.NewReader(tt.body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%s: %d %s, want %d", tt.body, resp.StatusCode, b, tt.status)
		}
	}
	if len(ticked) != 2 {
		t.Fatalf("ticks ran %d times, want 2", len(ticked))
	}
	if moved := ticked[1].Sub(before); moved < 120*time.Hour || moved > 121*time.Hour {
		t.Errorf("clock moved %v, want 120h", moved)
	}
	srv.Close()
	r.Close()

	// The offset survives a restart.
	again := newRunner(t, dir)
	defer again.Close()
	if moved := again.Clock.Now().Sub(before); moved < 120*time.Hour {
		t.Errorf("after restart the clock is %v ahead, want 120h", moved)
	}
}

func TestUnknownRouteIsJSON404(t *testing.T) {
	r := newRunner(t, t.TempDir())
	defer r.Close()
	rec := httptest.NewRecorder()
	r.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/nope", nil))
	if rec.Code != 404 || !strings.Contains(rec.Body.String(), `"not_found"`) {
		t.Errorf("got %d %s", rec.Code, rec.Body)
	}
}

// testStart is when every test runner's clock starts: a Wednesday
// morning in the demo shop's zone, so cutoffs, business days and weekends
// fall the same way whenever the suite runs.
var testStart = time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC)
