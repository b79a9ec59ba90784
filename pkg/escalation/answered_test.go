package escalation_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/localflow"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// customerWrites adds a customer message to conversation id, as a quiet
// turn in handover saves it.
func (e *env) customerWrites(id, text string) conversation.Conversation {
	e.t.Helper()
	c, _ := e.conv(id)
	now := e.clk.Now()
	msg := conversation.Message{Seq: c.Messages, Role: conversation.RoleCustomer, Text: text, At: now, MessageID: "<answer@example.com>"}
	prev := c.Version
	c.Messages++
	c.UpdatedAt = now
	if err := e.st.SaveTurn(context.Background(), c, prev, []conversation.Message{msg}); err != nil {
		e.t.Fatal(err)
	}
	c, _ = e.conv(id)
	return c
}

// A customer who answers a person starts the handoff's SLA again: the
// handoff waits again with a full SLA from the answer, a new escalation
// execution times it, and when it runs out the customer hears it is
// taking longer and the second contact is told; a person's reply ends
// that wait. An answer before anyone replied keeps the first timer, and a
// resolved handoff is left alone.
func TestCustomerAnswerRestartsTheSLA(t *testing.T) {
	tests := []struct {
		name    string
		replied bool // a person replied before the customer answered
		resolve bool // and then resolved the handoff
		restart bool
	}{
		{name: "answer to a person", replied: true, restart: true},
		{name: "answer before anyone replied", restart: false},
		{name: "answer after the handoff was resolved", replied: true, resolve: true, restart: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			e := newEnv(t)
			e.conversation("c1", conversation.ChannelEmail)
			h, err := e.svc.Open(ctx, escalation.Request{Shop: shop, Kind: escalation.KindHandoff, ConversationID: "c1", Reason: "asked for a person", Key: "0"})
			if err != nil {
				t.Fatal(err)
			}
			e.advance(time.Hour)
			if tt.replied {
				if err := e.svc.Reply(ctx, h.ID, "alex", "Hi Sam, I'm on it: which mug was chipped?"); err != nil {
					t.Fatal(err)
				}
			}
			if tt.resolve {
				if err := e.svc.Resolve(ctx, h.ID, "alex", "sorted"); err != nil {
					t.Fatal(err)
				}
			}
			e.advance(time.Hour)
			answeredAt := e.clk.Now()
			before, _ := e.conv("c1")
			c := e.customerWrites("c1", "The blue one, thanks.")
			// The quiet turn's event, as the turn loop saves it, twice (a
			// redelivery).
			bus := &event.Bus{Claims: e.st, Duplicate: func(err error) bool { return errors.Is(err, store.ErrDuplicate) }}
			e.svc.Reactions(bus, nil)
			for i := range 2 {
				ev, err := event.New(conversation.KindTurn, shop, fmt.Sprint("turn-", i), answeredAt,
					conversation.TurnSaved{Before: before, After: c, Seq: c.Messages - 1, CustomerAt: answeredAt})
				if err != nil {
					t.Fatal(err)
				}
				if err := bus.Dispatch(ctx, ev); err != nil {
					t.Fatal(err)
				}
			}
			got := e.handoff(h.ID)
			if tt.restart {
				if got.Status != escalation.StatusOpen || got.Round != 1 || !got.SLADue.Equal(answeredAt.Add(4*time.Hour)) {
					t.Fatalf("after the answer: status %s, round %d, SLA due %s; want open, 1, %s", got.Status, got.Round, got.SLADue, answeredAt.Add(4*time.Hour))
				}
			} else {
				if got.Round != 0 || !got.SLADue.Equal(h.SLADue) {
					t.Fatalf("after the answer: round %d, SLA due %s; want the first timer (%s) kept", got.Round, got.SLADue, h.SLADue)
				}
				if _, err := e.engine.Describe(ctx, workflow.Escalation, workflow.ExecutionName(h.ID, "r1")); err == nil {
					t.Fatal("a second SLA wait was started")
				}
				return
			}
			owner := len(e.mailTo("owner@hearth.example"))
			e.advance(4*time.Hour - time.Minute)
			if n := len(e.mailTo("owner@hearth.example")); n != owner {
				t.Fatalf("second contact told before the new SLA ran out (%d mails)", n)
			}
			e.advance(time.Minute)
			breached := len(e.mailTo("owner@hearth.example")) > owner
			if !breached {
				t.Fatal("second contact not told when the new SLA ran out")
			}
			mails := e.mailTo("sam@example.com")
			if last := mails[len(mails)-1]; !strings.Contains(last.Text, "longer than it should") {
				t.Errorf("customer's last mail %q, want the honest update", last.Text)
			}
			if got := e.handoff(h.ID); !got.Breached() {
				t.Errorf("handoff not breached after the new SLA: %+v", got)
			}
			// A person answers: this wait ends, the handoff is answered.
			if err := e.svc.Reply(ctx, h.ID, "alex", "A new blue mug is on its way."); err != nil {
				t.Fatal(err)
			}
			x, err := e.engine.Describe(ctx, workflow.Escalation, workflow.ExecutionName(h.ID, "r1"))
			if err != nil || x.Status != localflow.StatusSucceeded {
				t.Errorf("round 1 execution %+v, %v; want SUCCEEDED after the reply", x.Status, err)
			}
			if got := e.handoff(h.ID); got.Status != escalation.StatusResponded {
				t.Errorf("handoff %s after the second reply, want responded", got.Status)
			}
		})
	}
}
