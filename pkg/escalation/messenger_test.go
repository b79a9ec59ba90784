package escalation_test

import (
	"context"
	"errors"
	"net/mail"
	"path/filepath"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/email"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// flakyStore fails the next conversation saves with an error that is not a
// lost race (DynamoDB throttling, a timeout).
type flakyStore struct {
	*bolt.Store
	fails int
}

var errThrottled = errors.New("throttled")

func (f *flakyStore) CommitTurn(ctx context.Context, t store.Turn) error {
	if f.fails > 0 {
		f.fails--
		return errThrottled
	}
	return f.Store.CommitTurn(ctx, t)
}

func (f *flakyStore) SaveTurn(ctx context.Context, c conversation.Conversation, v int64, msgs []conversation.Message) error {
	if f.fails > 0 {
		f.fails--
		return errThrottled
	}
	return f.Store.SaveTurn(ctx, c, v, msgs)
}

// sender records what was mailed, and what the conversation held then.
type sender struct {
	st     *bolt.Store
	sent   []email.Outgoing
	fails  int
	stored []int // the conversation's message count at each send
}

func (s *sender) Send(ctx context.Context, out email.Outgoing) (string, error) {
	if s.fails > 0 {
		s.fails--
		return "", errors.New("ses: throttled")
	}
	c, _, err := s.st.GetConversation(ctx, shop, "c1")
	if err != nil {
		return "", err
	}
	s.sent, s.stored = append(s.sent, out), append(s.stored, c.Messages)
	return "<sent" + string(rune('0'+len(s.sent))) + "@ses>", nil
}

// A workflow step tells an email customer something (once per step, by its
// idempotency key), and SQS redelivers the step after a failure. The
// message is saved before it is mailed, so a step whose save failed mailed
// nothing and its redelivery mails it once; a redelivery after the step
// succeeded mails nothing.
func TestMessengerRedeliveredStepMailsOnce(t *testing.T) {
	tests := []struct {
		name           string
		saveFails      int
		sendFails      int
		wantDeliveries int // step runs until one succeeds
	}{
		{"saved and mailed first time", 0, 0, 1},
		{"save failed, then redelivered", 1, 0, 2},
		{"mail failed, then redelivered", 0, 1, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			bs, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
			if err != nil {
				t.Fatal(err)
			}
			defer bs.Close()
			t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
			clk := clock.NewFixed(t0)
			if err := bs.CreateConversation(ctx, conversation.Conversation{Shop: shop, ID: "c1", Channel: conversation.ChannelEmail,
				Status: conversation.StatusHandover, Contact: "sam@example.com", Subject: "My mugs", CreatedAt: t0, UpdatedAt: t0}); err != nil {
				t.Fatal(err)
			}
			st := &flakyStore{Store: bs, fails: tc.saveFails}
			out := &sender{st: bs, fails: tc.sendFails}
			m := &escalation.Messenger{Store: st, Mail: out, From: mail.Address{Address: "support@hearth.example"}, Clock: clk}
			step := func() error {
				return escalation.Once(ctx, bs, "step-tell-refund", t0.Add(time.Hour), func() error {
					return m.Tell(ctx, shop, "c1", "Your refund is on its way.")
				})
			}
			deliveries := 0
			for range 4 { // SQS redelivers until the step succeeds, then once more
				deliveries++
				if err := step(); err == nil {
					break
				}
			}
			if deliveries != tc.wantDeliveries {
				t.Errorf("step succeeded on delivery %d, want %d", deliveries, tc.wantDeliveries)
			}
			if err := step(); err != nil { // a duplicate delivery after success
				t.Fatal(err)
			}
			if len(out.sent) != 1 {
				t.Fatalf("mailed %d times, want once", len(out.sent))
			}
			if out.stored[0] == 0 {
				t.Error("mailed before the message was saved")
			}
		})
	}
}
