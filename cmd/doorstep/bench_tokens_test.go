package main

import (
	"strings"
	"testing"
)

// The first turn of a verified order-status chat stays within DESIGN.md
// §7's 2,000 input tokens, counted from the usage the (fake) Converse
// server reports, and is answered in one model call.
func TestFirstOrderStatusTurnTokens(t *testing.T) {
	got, err := firstTurnTokens(t.Context(), false)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("whole turn %d input tokens (%s), %d tools, %d cache points; reply %q", got.Input(), got.perCall(), got.Tools, got.CachePoints, got.Reply)
	if got.Input() > 2000 {
		t.Errorf("first order-status turn: %d input tokens (%s), budget 2,000", got.Input(), got.perCall())
	}
	if len(got.Calls) != 1 {
		t.Errorf("%d model calls, want 1 (answered from the context)", len(got.Calls))
	}
	two, err := firstTurnTokens(t.Context(), true)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("with a track_order call: %d input tokens (%s)", two.Input(), two.perCall())
	if len(two.Calls) != 2 {
		t.Errorf("scripted tool call: %d model calls, want 2", len(two.Calls))
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 4096: "4,096", 1234567: "1,234,567", -2000: "-2,000"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// The bench's token rows: the whole turn within budget, no cache point on
// Haiku 4.5, padding not worth it.
func TestTokenRows(t *testing.T) {
	rows, err := tokenRows(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var buf strings.Builder
	if err := printRows(&buf, rows); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + buf.String())
	if len(rows) != 4 || rows[0].verdict != "yes" || rows[2].verdict != "yes" || !strings.Contains(rows[2].value, "0 cache points") || !strings.Contains(rows[3].value, "pays only when over") {
		t.Errorf("rows:\n%s", buf.String())
	}
}
