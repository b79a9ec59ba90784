package escalation_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/notify"
)

// deliveryRequest is what the delivery check asks for a problem of
// order #1005's parcel.
func deliveryRequest(kind, problem string) escalation.Request {
	return escalation.Request{Shop: shop, Kind: escalation.KindHandoff, CustomerEmail: "dana@example.com", Order: "#1005", OrderID: "5005",
		Reason: "the policy asks for a person", Key: "delivery-5005-" + kind, Case: "delivery|5005", Problem: problem,
		ToDo: "ask UPS to trace it", Thread: notify.ThreadKey(shop, "5005", "f1"),
		Parcel: &escalation.Parcel{Carrier: "UPS", Tracking: "1Z999"}}
}

// One parcel, three problems over days: one handoff, one SLA, staff told
// of each change, and the customer (who asked nobody) never told "sorry
// for the wait".
func TestDeliveryCaseIsOneHandoff(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	first, err := e.svc.Open(ctx, deliveryRequest("failure", "failed delivery"))
	if err != nil {
		t.Fatal(err)
	}
	e.advance(24 * time.Hour) // past the SLA
	for _, p := range []struct{ kind, problem string }{{"late", "late parcel"}, {"lost", "lost parcel"}} {
		h, err := e.svc.Open(ctx, deliveryRequest(p.kind, p.problem))
		if err != nil {
			t.Fatal(err)
		}
		if h.ID != first.ID {
			t.Fatalf("%s opened handoff %s, want the open one %s", p.kind, h.ID, first.ID)
		}
		e.advance(24 * time.Hour)
	}
	// Asked again (a retried check): nothing more.
	if _, err := e.svc.Open(ctx, deliveryRequest("lost", "lost parcel")); err != nil {
		t.Fatal(err)
	}
	all, err := e.svc.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 {
		t.Fatalf("%d handoffs, want 1", len(all))
	}
	h := all[0]
	if h.Problem != "lost parcel" || !strings.Contains(h.Note, "now late parcel") || !strings.Contains(h.Note, "now lost parcel") {
		t.Errorf("handoff problem %q note %q, want the newest problem and a note of each", h.Problem, h.Note)
	}
	if got := e.mailTo("dana@example.com"); len(got) != 0 {
		t.Errorf("customer got %d mails (%q...), want none: she asked nobody", len(got), got[0].Text)
	}
	staff := e.mailTo("staff@hearth.example")
	var subjects []string
	for _, m := range staff {
		subjects = append(subjects, m.Subject)
	}
	want := []string{
		"[doorstep] Order #1005: failed delivery (UPS), needs a person",
		"[doorstep] Order #1005: now late parcel (update to an open handoff)",
		"[doorstep] Order #1005: now lost parcel (update to an open handoff)",
	}
	if strings.Join(subjects, "\n") != strings.Join(want, "\n") {
		t.Errorf("staff subjects:\n%s\nwant:\n%s", strings.Join(subjects, "\n"), strings.Join(want, "\n"))
	}
	for _, m := range staff {
		for _, must := range []string{"UPS 1Z999", "What to do: ask UPS to trace it", "/console/handoffs/" + h.ID} {
			if !strings.Contains(m.Text, must) {
				t.Errorf("staff mail %q lacks %q:\n%s", m.Subject, must, m.Text)
			}
		}
		if strings.Contains(m.Subject, "update to an open handoff") && !strings.Contains(m.Text, "OVERDUE: the 4 hour SLA passed") {
			t.Errorf("update %q past the SLA does not say it is overdue:\n%s", m.Subject, m.Text)
		}
		if strings.Contains(m.Subject, "handoff-") {
			t.Errorf("staff subject %q carries an internal id", m.Subject)
		}
	}
	owner := e.mailTo("owner@hearth.example")
	if len(owner) != 1 || !strings.Contains(owner[0].Text, "The customer was not told") {
		t.Errorf("second contact got %d mails, want one SLA mail saying the customer was not told", len(owner))
	}

	// Resolved: the next problem of the order opens a new handoff.
	if err := e.svc.Resolve(ctx, h.ID, "alex", "UPS found it; redelivered"); err != nil {
		t.Fatal(err)
	}
	if got := e.handoff(h.ID); got.Status != escalation.StatusResolved || got.ClosedAt == nil || !strings.Contains(got.Note, "UPS found it") {
		t.Errorf("after resolve: %+v", got)
	}
	if err := e.svc.Resolve(ctx, h.ID, "alex", "again"); !errors.Is(err, escalation.ErrClosed) {
		t.Errorf("resolve twice: %v, want ErrClosed", err)
	}
	next, err := e.svc.Open(ctx, deliveryRequest("returned", "parcel returned to sender"))
	if err != nil {
		t.Fatal(err)
	}
	if next.ID == h.ID {
		t.Errorf("a problem after the case was resolved reopened %s", h.ID)
	}
}

// A person writes to the customer of a delivery handoff: that starts an
// email conversation, linked to the handoff, whose first mail answers the
// problem's notice; the handoff has been responded to.
func TestReplyToDeliveryHandoffThreadsUnderNotice(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	th, _ := json.Marshal(notify.Thread{MessageID: "<notice-1@ses.example>", Subject: "A problem with your order #1005", Kind: notify.KindDelayed, At: t0})
	if err := e.st.PutDoc(ctx, notify.ThreadsCollection, notify.ThreadKey(shop, "5005", "f1"), th, t0.Add(time.Hour*24*30)); err != nil {
		t.Fatal(err)
	}
	h, err := e.svc.Open(ctx, deliveryRequest("failure", "failed delivery"))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Decide(ctx, h.ID, escalation.Decision{Approve: true, By: "alex"}); !errors.Is(err, escalation.ErrNoDecision) {
		t.Errorf("decide on a delivery handoff: %v, want ErrNoDecision", err)
	}
	if err := e.svc.Reply(ctx, h.ID, "alex", "UPS will try again tomorrow."); err != nil {
		t.Fatal(err)
	}
	got := e.handoff(h.ID)
	if got.ConversationID == "" || got.Status != escalation.StatusResponded {
		t.Fatalf("handoff after reply: conversation %q status %s, want linked and responded", got.ConversationID, got.Status)
	}
	c, msgs := e.conv(got.ConversationID)
	if c.Channel != conversation.ChannelEmail || c.Status != conversation.StatusHandover || c.CurrentOrder != "#1005" || len(msgs) != 1 || msgs[0].Role != conversation.RoleStaff {
		t.Errorf("conversation %+v with %d messages, want an email conversation in handover about #1005 with the reply", c, len(msgs))
	}
	mails := e.mailTo("dana@example.com")
	if len(mails) != 1 {
		t.Fatalf("customer got %d mails, want the reply", len(mails))
	}
	m := mails[0]
	if m.Subject != "Re: A problem with your order #1005" || m.Headers["In-Reply-To"] != "<notice-1@ses.example>" || m.Headers[escalation.HeaderConversation] != c.ID {
		t.Errorf("reply mail subject %q headers %v, want it in the notice's thread and naming the conversation", m.Subject, m.Headers)
	}
	// A second reply continues the same conversation.
	if err := e.svc.Reply(ctx, h.ID, "alex", "It was delivered."); err != nil {
		t.Fatal(err)
	}
	if _, msgs := e.conv(got.ConversationID); len(msgs) != 2 {
		t.Errorf("%d messages, want both replies in one conversation", len(msgs))
	}
}

// The customer is told "sorry for the wait" only while waiting on a
// person: not once a person has answered.
func TestBreachAfterPersonAnsweredTellsNoCustomer(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.conversation("c1", conversation.ChannelChat)
	if _, err := e.svc.Open(ctx, escalation.Request{Shop: shop, Kind: escalation.KindHandoff, ConversationID: "c1", Reason: "asked for a person", Key: "0"}); err != nil {
		t.Fatal(err)
	}
	// A person answers in the conversation (the console's conversation
	// page, which does not go through the handoff).
	_, err := e.svc.Messenger.UpdateConversation(ctx, shop, "c1", func(*conversation.Conversation) (conversation.Role, []string) {
		return conversation.RoleStaff, []string{"Hi Sam, Alex here."}
	})
	if err != nil {
		t.Fatal(err)
	}
	e.advance(5 * time.Hour)
	_, msgs := e.conv("c1")
	for _, m := range msgs {
		if strings.Contains(m.Text, "sorry for the wait") {
			t.Errorf("customer told %q after a person answered", m.Text)
		}
	}
}

// A customer who asked for a person about order #1005 has an open
// handoff: the delivery check's problem of that order joins it.
func TestDeliveryProblemJoinsTheCustomersHandoff(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.conversation("c1", conversation.ChannelChat)
	chat, err := e.svc.Open(ctx, escalation.Request{Shop: shop, Kind: escalation.KindHandoff, ConversationID: "c1", Order: "#1005", Reason: "asked for a person", Key: "0"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := e.svc.Open(ctx, deliveryRequest("failure", "failed delivery"))
	if err != nil {
		t.Fatal(err)
	}
	if h.ID != chat.ID || h.Problem != "failed delivery" || !strings.Contains(h.Note, "now failed delivery") {
		t.Errorf("delivery problem opened %+v, want it added to the customer's handoff %s", h, chat.ID)
	}
	if all, _ := e.svc.List(ctx); len(all) != 1 {
		t.Errorf("%d handoffs, want 1", len(all))
	}
}
