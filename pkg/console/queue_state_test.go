package console

import (
	"slices"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Only a person's message answers a customer waiting for a person: the
// agent's handover, its acknowledgement that a person has the case, and
// the SLA's honest update leave them waiting.
func TestPersonWaitCountsOnlyAPersonsAnswer(t *testing.T) {
	t0 := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	customer := func(m int) conversation.Message {
		return conversation.Message{Role: conversation.RoleCustomer, Text: "hi", At: at(m)}
	}
	agentSays := func(m int) conversation.Message {
		return conversation.Message{Role: conversation.RoleAgent, Text: "still with our team", At: at(m)}
	}
	handover := func(m int) conversation.Message {
		return conversation.Message{Role: conversation.RoleAgent, At: at(m), Actions: []conversation.Action{{Tool: toolname.Handover, Status: "done"}}}
	}
	ack := func(m int) conversation.Message {
		return conversation.Message{Role: conversation.RoleAgent, At: at(m), Actions: []conversation.Action{{Tool: "handoff", Status: "queued", Order: "#1005"}}}
	}
	staff := func(m int) conversation.Message {
		return conversation.Message{Role: conversation.RoleStaff, Text: "Sam here", At: at(m)}
	}
	for _, tc := range []struct {
		name      string
		msgs      []conversation.Message
		wantState string
		wantSince int // minutes; -1: none
	}{
		{"handed over", []conversation.Message{customer(0), handover(1)}, StateWaiting, 0},
		{"after the SLA's update", []conversation.Message{customer(0), handover(1), agentSays(300)}, StateWaiting, 0},
		{"joined a person's case", []conversation.Message{customer(5), ack(6)}, StateWaiting, 5},
		{"joined, then the SLA's update", []conversation.Message{customer(5), ack(6), agentSays(400)}, StateWaiting, 5},
		{"joined, wrote again", []conversation.Message{customer(5), ack(6), customer(9)}, StateWaiting, 5},
		{"a person answered", []conversation.Message{customer(0), handover(1), staff(30)}, StateAnswered, -1},
		{"answered, then an automatic message", []conversation.Message{customer(0), handover(1), staff(30), agentSays(40)}, StateAnswered, -1},
		{"the customer replied again", []conversation.Message{customer(0), handover(1), staff(30), customer(50), customer(55)}, StateRepliedAgain, 50},
		{"answered long ago, handed over again", []conversation.Message{customer(0), handover(1), staff(30), customer(60), handover(61)}, StateWaiting, 60},
	} {
		t.Run(tc.name, func(t *testing.T) {
			state, since := personWait(tc.msgs)
			if state != tc.wantState {
				t.Errorf("state %q, want %q", state, tc.wantState)
			}
			switch {
			case tc.wantSince < 0 && !since.IsZero():
				t.Errorf("waiting since %s, want nobody waiting", since)
			case tc.wantSince >= 0 && !since.Equal(at(tc.wantSince)):
				t.Errorf("waiting since %s, want %s", since, at(tc.wantSince))
			}
		})
	}
}

// A handoff with no conversation says what happened to it: only a
// person's answer (or decision) makes it answered.
func TestHandoffStateSaysWhatHappened(t *testing.T) {
	now := time.Now()
	for _, tc := range []struct {
		h    Handoff
		want string
	}{
		{Handoff{Status: escalation.StatusOpen}, StateWaiting},
		{Handoff{Status: escalation.StatusOpen, Round: 1, BreachedAt: &now}, StateWaiting}, // the SLA ran out: still nobody answered
		{Handoff{Status: escalation.StatusResponded, FirstResponseAt: &now}, StateAnswered},
		{Handoff{Status: escalation.StatusOpen, Round: 2, FirstResponseAt: &now}, StateRepliedAgain},
		{Handoff{Status: escalation.StatusResolved, FirstResponseAt: &now}, "closed"},
		{Handoff{Status: escalation.StatusHandedBack}, "closed"},
		{Handoff{Status: escalation.StatusRefused}, "refused"},
		{Handoff{Status: escalation.StatusDeclined}, "refused"},
	} {
		if got := HandoffState(tc.h); got != tc.want {
			t.Errorf("%+v: state %q, want %q", tc.h, got, tc.want)
		}
	}
}

// A handoff opened after an earlier one about the same conversations was
// resolved reads only its own messages: the earlier person's answer and
// the customer's wait then are not this handoff's (a trial saw "replied
// again" and the earlier wait on a handoff nobody had answered).
func TestHandoffWaitReadsOnlyMessagesSinceItOpened(t *testing.T) {
	t0 := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	customer := func(m int) conversation.Message {
		return conversation.Message{Role: conversation.RoleCustomer, Text: "hi", At: at(m)}
	}
	agentSays := func(m int) conversation.Message {
		return conversation.Message{Role: conversation.RoleAgent, Text: "here you go", At: at(m)}
	}
	handover := func(m int) conversation.Message {
		return conversation.Message{Role: conversation.RoleAgent, At: at(m), Actions: []conversation.Action{{Tool: toolname.Handover, Status: "done"}}}
	}
	needsApproval := func(m int) conversation.Message {
		return conversation.Message{Role: conversation.RoleAgent, At: at(m), Actions: []conversation.Action{{Tool: toolname.CancelOrder, Status: "needs_approval"}}}
	}
	ack := func(m int) conversation.Message {
		return conversation.Message{Role: conversation.RoleAgent, At: at(m), Actions: []conversation.Action{{Tool: "handoff", Status: "queued", Order: "#1005"}}}
	}
	staff := func(m int) conversation.Message {
		return conversation.Message{Role: conversation.RoleStaff, Text: "Sam here", At: at(m)}
	}
	// The first handoff: handed over at 1, answered at 30, resolved; the
	// agent answered at 60.
	earlier := []conversation.Message{customer(0), handover(1), staff(30), customer(59), agentSays(60)}
	opened := func(m int) *Handoff { return &Handoff{OpenedAt: at(m).Add(time.Second)} }
	for _, tc := range []struct {
		name      string
		msgs      []conversation.Message
		h         *Handoff
		shared    bool
		wantState string
		wantSince int // minutes; -1: none
	}{
		{"an approval after a resolved handoff", append(slices.Clone(earlier), customer(100), needsApproval(101)), opened(101), false, StateWaiting, 100},
		{"a joined chat after a resolved handoff", append(slices.Clone(earlier), customer(100), ack(101)), opened(90), true, StateWaiting, 100},
		{"handed over again, read with a joined chat", append(slices.Clone(earlier), customer(100), handover(101), customer(120), ack(121)), opened(101), true, StateWaiting, 100},
		{"the new handoff answered", append(slices.Clone(earlier), customer(100), handover(101), staff(130)), opened(101), true, StateAnswered, -1},
		{"the new handoff answered, the customer wrote again", append(slices.Clone(earlier), customer(100), handover(101), staff(130), customer(140)), opened(101), true, StateRepliedAgain, 140},
		{"no handoff known reads them all", append(slices.Clone(earlier), customer(100), ack(101)), nil, true, StateRepliedAgain, 59},
	} {
		t.Run(tc.name, func(t *testing.T) {
			state, since := handoffWait(tc.msgs, tc.h, tc.shared)
			if state != tc.wantState {
				t.Errorf("state %q, want %q", state, tc.wantState)
			}
			switch {
			case tc.wantSince < 0 && !since.IsZero():
				t.Errorf("waiting since %s, want nobody waiting", since)
			case tc.wantSince >= 0 && !since.Equal(at(tc.wantSince)):
				t.Errorf("waiting since %s, want %s", since, at(tc.wantSince))
			}
		})
	}
}

// The customer's new wait after a person's answer is as long as the SLA
// wait under way, not the distance from the handoff's opening to a
// renewed round's deadline.
func TestQueueSLAOfANewWaitIsTheRoundsLength(t *testing.T) {
	opened := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	wrote := opened.Add(26 * time.Hour)
	for _, tc := range []struct {
		name string
		h    Handoff
		want time.Time
	}{
		{"the first wait", Handoff{OpenedAt: opened, SLADue: opened.Add(4 * time.Hour)}, wrote.Add(4 * time.Hour)},
		{"a renewed round", Handoff{OpenedAt: opened, Round: 1, RoundAt: wrote, SLADue: wrote.Add(4 * time.Hour)}, wrote.Add(4 * time.Hour)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			item := QueueItem{Handoff: &tc.h, PersonAnswered: true, WaitingSince: &wrote}
			item.slaState(wrote.Add(time.Hour))
			if item.SLADue == nil || !item.SLADue.Equal(tc.want) || item.SLA != "due" {
				t.Errorf("SLA %q due %v, want due %s", item.SLA, item.SLADue, tc.want)
			}
		})
	}
}
