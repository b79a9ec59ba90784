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
	if got := ofType(shopActions(t, srv), "refund"); len(got) != 1 || got[0].Amount != "24.00" {
		t.Fatalf("refunds %+v", got)
	}
	if got := ofType(shopActions(t, srv), "store_credit"); len(got) != 1 {
		t.Fatalf("credits %+v", got)
	}
	reply, acts := c.say("where is my refund?")
	wantIn(t, reply, "refund on order #1006", "$24.00")
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
			r, err := runner.New(runner.Config{DataDir: t.TempDir(), Shop: "demo-shop.myshopify.com", WebhookSecret: "s",
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
