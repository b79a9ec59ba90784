package stack

import (
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"github.com/doorstep-ai/doorstep/pkg/shopify"
)

// personCase is one customer asking for a person.
type personCase struct {
	num   int // the order the case adds for it (#num)
	email string
	ask   string
	// pending: a return of the skillet waits for the customer's yes when
	// they ask.
	pending bool
}

var personCases = []personCase{
	{num: 1018, email: "lena.vogt@example.com", ask: "can I talk to a real person please", pending: true},
	{num: 1019, email: "mateo.ruiz@example.com", ask: "quiero hablar con una persona, por favor"},
}

// flowPersonAsked: a customer who asks for a person (in English, with a
// return waiting for their yes; in Spanish) is handed over by code in the
// chat function, before the model runs (no Converse call in the turn): the
// conversation is the person's, a handoff opens in the console queue with
// its SLA timer (an escalation execution) and the staff are mailed, as in
// the chat handover flow. The waiting return lapses: a later yes runs
// nothing (no approval queued, no Shopify write).
func (h *harness) flowPersonAsked(f *flowT, data *shopifyData) error {
	for _, tc := range personCases {
		if err := h.personCase(f, data, tc); err != nil {
			return fmt.Errorf("%q: %w", tc.ask, err)
		}
	}
	return nil
}

func (h *harness) personCase(f *flowT, data *shopifyData, tc personCase) error {
	name := fmt.Sprintf("#%d", tc.num)
	delivered := time.Now().UTC().Truncate(24 * time.Hour).Add(-3*24*time.Hour + 12*time.Hour)
	id, body := parcelOrder(tc.num, tc.email, delivered)
	data.add(id, body)
	if code, err := h.webhook(shopify.TopicOrdersCreate, body); err != nil || code != http.StatusOK {
		return fmt.Errorf("orders/create %s: HTTP %d %v", name, code, err)
	}
	c, err := h.startChat(tc.email, name)
	if err != nil {
		return err
	}
	mark := len(h.s.Shopify.Ops())
	if tc.pending {
		before := h.s.Rec.Len()
		if err := h.askReturn(c, name); err != nil {
			return err
		}
		// The count below sees the chat function's model calls.
		if h.modelCalls(before, "ChatFunction") == 0 {
			return fmt.Errorf("no model call recorded for the return's turn: the count of model calls sees nothing")
		}
	}
	staff, err := h.mailTo(testParams["StaffEmail"], nil)
	if err != nil {
		return err
	}
	running, err := h.executions("EscalationStateMachine", "")
	if err != nil {
		return err
	}
	calls := h.s.Rec.Len()
	reply, err := c.say(tc.ask)
	if err != nil {
		return err
	}
	if n := h.modelCalls(calls, "ChatFunction"); n != 0 {
		return fmt.Errorf("the chat function called the model %d time(s) in the turn, want none (handed over by code); reply %q", n, reply)
	}
	v, err := h.conversation(c.id)
	if err != nil {
		return err
	}
	if v.Status != "handover" || !v.did("handover", "done") {
		return fmt.Errorf("conversation %s with actions %v, want handover (done); reply %q", v.Status, v.Actions, reply)
	}
	if p, err := h.pendingOf(c.id); err != nil || p != nil {
		return fmt.Errorf("a proposal still waits after the handover: %+v %v", p, err)
	}
	if tc.pending && !v.did("start_return", "lapsed") {
		return fmt.Errorf("actions %v, want the waiting start_return lapsed", v.Actions)
	}
	var item queueItem
	if err := h.waitFor("a handoff of the conversation in the console queue", func() (bool, error) {
		items, err := h.queue()
		for _, it := range items {
			if it.Kind == "handoff" && it.Conv == c.id {
				item = it
				return true, nil
			}
		}
		return false, err
	}); err != nil {
		return err
	}
	if item.SLADue.IsZero() || item.SLADue.Before(time.Now()) {
		return fmt.Errorf("handoff %s has SLA due %v, want a time ahead", item.ID, item.SLADue)
	}
	if err := h.waitFor("a new mail to the staff", func() (bool, error) {
		ms, err := h.mailTo(testParams["StaffEmail"], nil)
		return len(ms) > len(staff), err
	}); err != nil {
		return err
	}
	if err := h.waitFor("a new escalation execution running", func() (bool, error) {
		now, err := h.executions("EscalationStateMachine", sfntypes.ExecutionStatusRunning)
		return len(newExecutions(running, now)) > 0, err
	}); err != nil {
		return err
	}
	what := "no proposal waiting"
	if tc.pending {
		// The yes the return waited for now goes to the person.
		if _, err := c.say("yes"); err != nil {
			return err
		}
		time.Sleep(2 * time.Second)
		items, err := h.queue()
		if err != nil {
			return err
		}
		for _, it := range items {
			if it.Kind == "approval" && it.Order == name {
				return fmt.Errorf("after the handover a yes queued approval %s", it.ID)
			}
		}
		what = "the waiting return lapsed; a later yes ran nothing"
	}
	if w := h.writesAbout(mark, id, tc.num); len(w) != 0 {
		return fmt.Errorf("Shopify saw %v, want nothing", opNames(w))
	}
	f.note("%.30q -> handed over by code (no model call), handoff %s, staff mailed, escalation running; %s", tc.ask, item.ID, what)
	return nil
}

// modelCalls counts fn's bedrock:InvokeModel checks (each Converse call
// makes one or more) since the mark-th recorded call: 0 when it called
// no model.
func (h *harness) modelCalls(mark int, fn string) int {
	n := 0
	for _, c := range h.s.Rec.Calls()[mark:] {
		if c.Principal == fn && c.Action == "bedrock:InvokeModel" {
			n++
		}
	}
	return n
}

// newExecutions are the executions in now not in before.
func newExecutions(before, now []sfntypes.ExecutionListItem) []sfntypes.ExecutionListItem {
	was := map[string]bool{}
	for _, x := range before {
		was[aws.ToString(x.ExecutionArn)] = true
	}
	var out []sfntypes.ExecutionListItem
	for _, x := range now {
		if !was[aws.ToString(x.ExecutionArn)] {
			out = append(out, x)
		}
	}
	return out
}
