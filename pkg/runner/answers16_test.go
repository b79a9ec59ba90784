package runner_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/pkg/trackpage"
)

// Trial findings on issue 16 (answers16): each through the chat on the
// runner, the offline model and the demo shop.

// The conversation's context shows the writes made in it: after a damage
// refund and store credit on #1006, "where is my refund?" names the
// refund, not a return waiting for the items.
func TestAnswersRefundStatusAfterWritesInTheConversation(t *testing.T) {
	srv := actionsServer(t)
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	for _, m := range []string{"my order arrived broken, the mug is cracked in half", "I'd like a refund for it", "yes",
		"I want to return the coffee kit for store credit", "yes"} {
		c.say(m)
	}
	if got := ofType(shopActions(t, srv), "refund"); len(got) != 1 || got[0].Amount != "25.68" {
		t.Fatalf("refunds %+v", got)
	}
	if got := ofType(shopActions(t, srv), "store_credit"); len(got) != 1 {
		t.Fatalf("credits %+v", got)
	}
	reply, acts := c.say("where is my refund?")
	wantIn(t, reply, "refund on order #1006", "$25.68")
	if strings.Contains(reply, "once the items are back") || strings.Contains(reply, "kept") {
		t.Errorf("reply %q talks of a return waiting", reply)
	}
	if len(acts) != 0 {
		t.Errorf("actions %v", statusesOf(acts))
	}
}

// labelShop is a label provider that hands out one label per reference.
type labelShop struct{}

func (labelShop) ReturnLabel(_ context.Context, r trackpage.LabelRequest) (trackpage.Label, error) {
	return trackpage.Label{URL: "https://labels.example/" + r.Reference, Carrier: "USPS", TrackingCode: "9400" + r.Reference}, nil
}

// The chat promises a return label only where a label provider makes
// one: without it, the proposal, the "done" and the email all speak of
// instructions; with it, all three of the label.
func TestAnswersReturnLabelOnlyWithAProvider(t *testing.T) {
	for _, tc := range []struct {
		name   string
		labels trackpage.LabelMaker
		want   string // in the proposal, the reply and the email
	}{
		{"no provider", nil, "instructions"},
		{"provider", labelShop{}, "label"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := runner.New(runner.Config{Start: testStart, DataDir: t.TempDir(), Shop: "demo-shop.myshopify.com", WebhookSecret: "s",
				Demo: events.DemoOrders(), ConsolePassword: consolePassword, Labels: tc.labels, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { r.Close() })
			if _, err := r.Seed(t.Context()); err != nil {
				t.Fatal(err)
			}
			srv := startServer(t, r)
			c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
			for _, step := range []struct{ say, want string }{
				{"I want to return the coffee kit", "I'll start a return"},
				{"yes", "started the return"},
				{"can I exchange a mug for the charcoal one?", "I'll exchange"},
				{"yes", "exchange on order #1006 is set up"},
			} {
				reply, _ := c.say(step.say)
				wantIn(t, reply, step.want, tc.want)
				if promised := strings.Contains(reply, "return label") && !strings.Contains(reply, "no prepaid return label"); promised != (tc.labels != nil) {
					t.Errorf("%q: label promised %v with provider %v", reply, promised, tc.labels != nil)
				}
			}
			n := 0
			for _, e := range outboxTo(t, srv, "samuel.whitfield@example.com") {
				if strings.Contains(e.Subject, "Your return for order #1006") {
					n++
					if got := strings.Contains(e.Text, "Print your return label"); got != (tc.labels != nil) {
						t.Errorf("email with label %v, provider %v:\n%s", got, tc.labels != nil, e.Text)
					}
				}
			}
			if n != 2 {
				t.Errorf("%d return mails, want 2", n)
			}
		})
	}
}

// A customer who writes in the chat about an order whose delivery case a
// person owns is routed like an email answer to the case's notice: the
// conversation joins the case's handoff, the customer is told who has it
// and by when, the agent does not answer, and no second handoff opens.
func TestAnswersChatAboutAnOwnedCaseGoesToThePerson(t *testing.T) {
	r, srv := truthRunner(t)
	const priya = "priya.natarajan@example.com"
	for range 6 {
		advance(t, srv, "72h")
	}
	openAbout := func() []string {
		hs, err := r.Escalation.List(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		var open []string
		for _, h := range hs {
			if h.Order == "#1002" && h.IsOpen() {
				open = append(open, h.ID)
			}
		}
		return open
	}
	open := openAbout()
	if len(open) != 1 {
		t.Fatalf("open handoffs about #1002 before the chat: %v, want the delivery handoff", open)
	}
	c, _ := startChat(t, srv, map[string]string{"email": priya, "order_number": "#1002"})
	reply, acts := c.say("when will my order actually ship? I need it by Friday")
	wantIn(t, reply, "member of our team is already looking after your order #1002", "by ")
	if strings.Contains(reply, "ship") && !strings.Contains(reply, "looking after") {
		t.Errorf("the agent answered: %q", reply)
	}
	if len(acts) != 1 || acts[0]["tool"] != "handoff" {
		t.Errorf("actions %v", acts)
	}
	if got := openAbout(); len(got) != 1 || got[0] != open[0] {
		t.Fatalf("open handoffs about #1002 after the chat: %v, want only %s", got, open[0])
	}
	h, err := r.Escalation.Get(t.Context(), open[0])
	if err != nil {
		t.Fatal(err)
	}
	if h.ConversationID != c.id {
		t.Errorf("handoff's conversation %q, want the chat %q", h.ConversationID, c.id)
	}
	// The person owns it now: the agent stays quiet on the next message.
	reply, _ = c.say("hello?")
	if strings.Contains(reply, "#1002 is") {
		t.Errorf("the agent answered after the handoff: %q", reply)
	}
	if got := openAbout(); len(got) != 1 {
		t.Errorf("open handoffs %v", got)
	}
}

// A pending proposal the customer's message does not confirm is never
// dropped silently: the reply says nothing was started, and nothing is.
func TestAnswersUnconfirmedProposalIsSaidToBeWithdrawn(t *testing.T) {
	for _, tc := range []struct {
		name, email, order, ask, then, want string
	}{
		{"yes with a question", "samuel.whitfield@example.com", "#1006", "can I exchange the mugs for charcoal?", "yes please! when will the new ones ship?",
			"I haven't started the exchange I proposed on order #1006"},
		{"a correction", "samuel.whitfield@example.com", "#1006", "can I exchange a mug for charcoal?", "the mugs, for sea glass",
			"I haven't started the exchange I proposed on order #1006"},
		{"a question first", "maya.okafor@example.com", "#1001", "I need to cancel my order", "wait, before that - do you ship to canada?",
			"I haven't started the cancellation I proposed on order #1001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := actionsServer(t)
			c, _ := startChat(t, srv, map[string]string{"email": tc.email, "order_number": tc.order})
			reply, _ := c.say(tc.ask)
			wantIn(t, reply, "Shall I go ahead")
			reply, acts := c.say(tc.then)
			if hasStatus(acts, "confirmed") {
				// A yes plus a question may confirm instead: then it ran once.
				if n := len(shopActions(t, srv)); n != 1 || strings.Contains(reply, "I haven't started") {
					t.Errorf("confirmed, %d shop actions, reply %q", n, reply)
				}
				return
			}
			if hasStatus(acts, "proposed") && strings.Contains(reply, "Shall I go ahead") {
				// A question asked before deciding (agent.AsksAside): the
				// same proposal stated again, nothing run.
				if n := len(shopActions(t, srv)); n != 0 {
					t.Errorf("%d shop actions", n)
				}
				return
			}
			wantIn(t, reply, tc.want, "nothing was done")
			if n := len(shopActions(t, srv)); n != 0 {
				t.Errorf("%d shop actions", n)
			}
		})
	}
}

// Two requests in one message keep their own reasons: the coffee kit's
// return is not DEFECTIVE because a mug arrived cracked.
func TestAnswersTwoRequestsKeepTheirOwnReasons(t *testing.T) {
	for _, tc := range []struct {
		say, wantReason string
		// then answers until the kit's return is confirmed: the mug's
		// damage is handled first when it is another request.
		then []string
	}{
		{"one mug arrived cracked, and separately I want to return the coffee kit for store credit", "UNKNOWN", []string{"a replacement please", "yes", "yes"}},
		{"the coffee kit arrived cracked, I want to return the coffee kit for store credit", "DEFECTIVE", []string{"yes"}},
	} {
		t.Run(tc.say, func(t *testing.T) {
			srv := actionsServer(t)
			c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
			reply, _ := c.say(tc.say)
			wantIn(t, reply, "return of 1 × Pour-Over Coffee Kit (Walnut)")
			if got := strings.Contains(reply, "reason: defective"); got != (tc.wantReason == "DEFECTIVE") {
				t.Errorf("reply %q states defective: %v", reply, got)
			}
			for _, text := range tc.then {
				c.say(text)
			}
			rets := ofType(shopActions(t, srv), "return")
			if len(rets) != 1 || rets[0].Lines[0].Title != "Pour-Over Coffee Kit" || rets[0].Detail["reason"] != tc.wantReason {
				t.Fatalf("returns %+v, want the kit with reason %s", rets, tc.wantReason)
			}
		})
	}
}
