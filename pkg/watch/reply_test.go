package watch_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// escalator opens every handoff with the deadline due.
type escalator struct{ due time.Time }

func (e escalator) Open(_ context.Context, r escalation.Request) (escalation.Handoff, error) {
	return escalation.Handoff{ID: "h-" + r.OrderID, Status: escalation.StatusOpen, SLADue: e.due}, nil
}

// A notice that hands the problem to a person says when they will answer
// as the handoff's deadline says it (the shop's SLA), and promises no time
// once that deadline has passed.
func TestHandoffNoticeSaysTheSLA(t *testing.T) {
	late := "2026-11-28T10:00:00Z" // the parcel is late from Nov 27 05:00 UTC
	for _, tt := range []struct {
		name string
		esc  func(now time.Time) watch.Escalator
		want string // in the notice; "" promises no time
	}{
		{"no workflow: the 4 hour SLA", func(time.Time) watch.Escalator { return nil }, "within 4 hours"},
		{"workflow, 4 hours left", func(now time.Time) watch.Escalator { return escalator{due: now.Add(4 * time.Hour)} }, "within 4 hours"},
		{"workflow, 30 minutes left", func(now time.Time) watch.Escalator { return escalator{due: now.Add(30 * time.Minute)} }, "within the hour"},
		{"joined a handoff already overdue", func(now time.Time) watch.Escalator { return escalator{due: now.Add(-2 * time.Hour)} }, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, policyWith(watch.ActionPerson), "")
			if esc := tt.esc(ts(t, late)); esc != nil {
				e.chk.Escalations = esc
			}
			e.run(t, late)
			if len(e.box.sent) != 1 {
				t.Fatalf("mails = %q, want one notice", e.box.subjects(""))
			}
			text := e.box.sent[0].Text
			if strings.Contains(text, "business day") {
				t.Errorf("notice promises a business day, not the SLA:\n%s", text)
			}
			promises := strings.Contains(text, "within ")
			if tt.want == "" && promises || tt.want != "" && !strings.Contains(text, tt.want) {
				t.Errorf("notice, want %q:\n%s", tt.want, text)
			}
		})
	}
}
