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

// The update mail to staff says where the SLA wait under way stands: an
// earlier round's answer does not meet the wait the customer's new message
// began (a trial read "the SLA was met" on a round nobody had answered).
func TestDeadlineWordsReadTheCurrentRound(t *testing.T) {
	opened := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	at := func(h int) time.Time { return opened.Add(time.Duration(h) * time.Hour) }
	answered := func(h *Handoff, when int) *Handoff { h.respond(at(when)); return h }
	again := func(h *Handoff, when int) *Handoff { h.nextRound(at(when), at(when+4)); return h }
	first := func() *Handoff { return &Handoff{OpenedAt: opened, SLADue: at(4), Status: StatusOpen} }
	t1 := at(1)
	for _, tc := range []struct {
		name string
		h    *Handoff
		now  int
		want string
	}{
		{"first round answered in time", answered(first(), 1), 2, "was met"},
		{"first round answered late", func() *Handoff { h := answered(first(), 6); h.BreachedAt = ptrTime(at(4)); return h }(), 7, "after the 4 hour SLA had passed"},
		{"second round, nobody has answered yet", again(answered(first(), 1), 20), 21, "keeps its deadline, Mon, Dec 7 2026, 10:00 AM UTC"},
		{"second round overdue", again(answered(first(), 1), 20), 25, "OVERDUE"},
		{"second round answered", answered(again(answered(first(), 1), 20), 22), 23, "was met"},
		{"a record from before rounds kept their answer", &Handoff{OpenedAt: opened, SLADue: at(4), FirstResponseAt: &t1}, 2, "was met"},
		{"a renewed record from before rounds kept their answer", &Handoff{OpenedAt: opened, SLADue: at(24), Round: 1, FirstResponseAt: &t1}, 30, "OVERDUE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := deadlineWords(*tc.h, Settings{}, at(tc.now))
			if !strings.Contains(got, tc.want) {
				t.Errorf("deadlineWords = %q, want %q", got, tc.want)
			}
		})
	}
}

func ptrTime(t time.Time) *time.Time { return &t }
