package escalation

import (
	"strings"
	"testing"
	"time"
)

// Staff read the shop's SLA, not the distance from the handoff's opening
// to a renewed round's deadline (a round days later read "1683 minute").
func TestDeadlineWordsNameTheShopsSLA(t *testing.T) {
	opened := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		set  Settings
		due  time.Time
		want string
	}{
		{"first round", Settings{}, opened.Add(4 * time.Hour), "the 4 hour SLA"},
		{"renewed round days later", Settings{}, opened.Add(28*time.Hour + 3*time.Minute), "the 4 hour SLA"},
		{"shop's own SLA", Settings{SLA: 90 * time.Minute}, opened.Add(50 * time.Hour), "the 90 minute SLA"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := Handoff{OpenedAt: opened, SLADue: tc.due}
			got := deadlineWords(h, tc.set, tc.due.Add(time.Minute))
			if !strings.Contains(got, tc.want) || !strings.Contains(got, "OVERDUE") {
				t.Errorf("deadlineWords = %q, want %q, overdue", got, tc.want)
			}
		})
	}
}
