package escalation_test

import (
	"context"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// fakeCases has one open case per order id in open.
type fakeCases struct {
	open   map[string]string // case name → handoff id
	linked []string          // handoff ids Link was called with
}

func (f *fakeCases) CaseHandoff(_ context.Context, _, c string) (escalation.Handoff, bool, error) {
	id, ok := f.open[c]
	return escalation.Handoff{ID: id}, ok, nil
}

func (f *fakeCases) ConversationHandoff(_ context.Context, _, id string) (escalation.Handoff, bool, error) {
	if id == "waiting" {
		return escalation.Handoff{ID: "h3"}, true, nil
	}
	return escalation.Handoff{}, false, nil
}

func (f *fakeCases) Link(_ context.Context, id string, _ conversation.Conversation) (string, error) {
	f.linked = append(f.linked, id)
	return "a person has it", nil
}

// contexts gives a conversation the customer's orders, #1005 with a
// delivery problem and #1003 without, and #1004 without a problem but
// another conversation of the customer's waiting for a person about it
// (handoff h3).
type contexts struct{}

func (contexts) Prepare(_ context.Context, c *conversation.Conversation) error {
	c.Context = &conversation.Context{
		Orders:   []order.Order{{ID: "5", Name: "#1005"}, {ID: "3", Name: "#1003"}, {ID: "4", Name: "#1004"}},
		Problems: map[string][]map[string]any{"5": {{"kind": "failure"}}},
		Waiting:  map[string]string{"#1004": "waiting"},
	}
	return nil
}

// OwnedCase is the one routing of both channels: a verified customer's
// message about an order whose case a person owns joins that case's
// handoff; nothing else does.
func TestOwnedCaseJoinsTheCaseOfTheOrderTheMessageIsAbout(t *testing.T) {
	for _, tc := range []struct {
		name    string
		c       conversation.Conversation
		text    string
		notice  []string
		want    string // handoff joined; "" none
		handoff bool   // the conversation is in handover after
	}{
		{"current order has an owned case", conversation.Conversation{CustomerEmail: "g@x", CurrentOrder: "#1005", Status: conversation.StatusOpen}, "where is it?", nil, "h5", true},
		{"names the order", conversation.Conversation{CustomerEmail: "g@x", Status: conversation.StatusOpen}, "my order 1005 is late", nil, "h5", true},
		{"names a longer number", conversation.Conversation{CustomerEmail: "g@x", Status: conversation.StatusOpen}, "my order 10055 is late", nil, "", false},
		{"order without a problem", conversation.Conversation{CustomerEmail: "g@x", CurrentOrder: "#1003", Status: conversation.StatusOpen}, "where is it?", nil, "", false},
		{"another conversation waits about the order", conversation.Conversation{CustomerEmail: "g@x", CurrentOrder: "#1004", Status: conversation.StatusOpen}, "I asked for a person", nil, "h3", true},
		{"names the order another conversation waits about", conversation.Conversation{CustomerEmail: "g@x", Status: conversation.StatusOpen}, "about 1004 again", nil, "h3", true},
		{"the waiting conversation itself", conversation.Conversation{ID: "waiting", CustomerEmail: "g@x", CurrentOrder: "#1004", Status: conversation.StatusOpen}, "hi", nil, "", false},
		{"the notice's order", conversation.Conversation{CustomerEmail: "g@x", Status: conversation.StatusOpen}, "any news?", []string{"5"}, "h5", true},
		{"not verified", conversation.Conversation{CurrentOrder: "#1005", Status: conversation.StatusOpen}, "where is it?", nil, "", false},
		{"a person has it already", conversation.Conversation{CustomerEmail: "g@x", CurrentOrder: "#1005", Status: conversation.StatusHandover}, "hello?", nil, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeCases{open: map[string]string{escalation.DeliveryCase("5"): "h5"}}
			c := tc.c
			said, err := escalation.OwnedCase(t.Context(), f, contexts{}, &c, tc.text, tc.notice...)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if len(f.linked) > 0 {
				got = f.linked[0]
			}
			if got != tc.want || len(f.linked) > 1 {
				t.Errorf("joined %v, want %q", f.linked, tc.want)
			}
			if (said != "") != (tc.want != "") {
				t.Errorf("told %q", said)
			}
			if (c.Status == conversation.StatusHandover) != tc.handoff {
				t.Errorf("status %s", c.Status)
			}
		})
	}
}
