package lambdahttp_test

import (
	"log/slog"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/lambdahttp"
)

// Every value the template's LogLevel parameter allows sets its level.
func TestLevel(t *testing.T) {
	tests := []struct {
		in   string
		want slog.Level
		ok   bool
	}{
		{"", slog.LevelInfo, true},
		{"debug", slog.LevelDebug, true},
		{"info", slog.LevelInfo, true},
		{"warn", slog.LevelWarn, true},
		{"error", slog.LevelError, true},
		{"ERROR", slog.LevelError, true},
		{"verbose", slog.LevelInfo, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := lambdahttp.Level(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Errorf("Level(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}
