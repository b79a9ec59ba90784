package escalation_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/outbox"
)

const noticeID = "<notice-1@hearth.example>"

// The workflow's own mails to the customer (the SLA's "taking longer",
// then the decision) are replies in the problem's thread: under the
// notice the customer was first told in (its subject, In-Reply-To and
// References naming it), each later one replying to the one before; with
// no notice, in a thread of their own; in an email conversation, with the
// notice as the root of References.
func TestWorkflowMailsInTheProblemThread(t *testing.T) {
	tests := []struct {
		name         string
		notice       bool
		conversation bool
		wantSubject  string
	}{
		{name: "no conversation, a notice", notice: true, wantSubject: "Re: Your order #1006 is running late"},
		{name: "no conversation, no notice", wantSubject: "About your order #1006"},
		{name: "email conversation, a notice", notice: true, conversation: true, wantSubject: "Re: My mugs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			e := newEnv(t)
			e.seedOrder()
			thread := notify.ThreadKey(shop, "6006", "f1")
			if tt.notice {
				b, _ := json.Marshal(notify.Thread{MessageID: noticeID, Subject: "Your order #1006 is running late", Kind: notify.KindDelayed, At: t0})
				if err := e.st.PutDoc(ctx, notify.ThreadsCollection, thread, b, time.Time{}); err != nil {
					t.Fatal(err)
				}
			}
			req := escalation.Request{Shop: shop, Kind: escalation.KindApproval, CustomerEmail: "sam@example.com", Order: "#1006",
				Reason: "refund above the limit", Key: "p1", Thread: thread,
				Action: &escalation.Action{Tool: "refund", Order: "#1006", OrderID: "6006", Statement: "I'll refund $112.00."}}
			if tt.conversation {
				e.conversation("c1", conversation.ChannelEmail)
				req.ConversationID = "c1"
			}
			h, err := e.svc.Open(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			e.advance(4 * time.Hour) // the SLA passes
			if err := e.svc.Decide(ctx, h.ID, escalation.Decision{By: "alex", Note: "We can't refund this one."}); err != nil {
				t.Fatal(err)
			}
			e.advance(time.Minute)
			mails := e.mailTo("sam@example.com")
			if len(mails) != 2 || !strings.Contains(mails[0].Text, "longer than it should") {
				t.Fatalf("customer mails = %d (%v), want the SLA's and the decision's", len(mails), texts(mails))
			}
			if mails[0].Subject != tt.wantSubject {
				t.Errorf("first mail's subject %q, want %q", mails[0].Subject, tt.wantSubject)
			}
			if want := "Re: " + strings.TrimPrefix(tt.wantSubject, "Re: "); mails[1].Subject != want {
				t.Errorf("second mail's subject %q, want %q", mails[1].Subject, want)
			}
			refs0, refs1 := strings.Fields(mails[0].Headers["References"]), strings.Fields(mails[1].Headers["References"])
			switch {
			case tt.conversation:
				if len(refs0) < 2 || refs0[0] != noticeID || refs0[1] != "<c1@example.com>" || mails[0].Headers["In-Reply-To"] != "<c1@example.com>" {
					t.Errorf("first mail: In-Reply-To %q, References %q; want the customer's mail, under the notice", mails[0].Headers["In-Reply-To"], refs0)
				}
			case tt.notice:
				if mails[0].Headers["In-Reply-To"] != noticeID || len(refs0) != 1 || refs0[0] != noticeID {
					t.Errorf("first mail: In-Reply-To %q, References %q; want the notice", mails[0].Headers["In-Reply-To"], refs0)
				}
			default:
				if mails[0].Headers["In-Reply-To"] != "" {
					t.Errorf("first mail replies to %q, want a new thread", mails[0].Headers["In-Reply-To"])
				}
			}
			first := mails[0].Headers["Message-ID"]
			if tt.conversation {
				// Each mail replies in the conversation (the sender files
				// what it mails under it, package mailin).
				if len(refs1) < 2 || refs1[0] != noticeID || mails[1].Headers["In-Reply-To"] == "" {
					t.Errorf("second mail: In-Reply-To %q, References %q", mails[1].Headers["In-Reply-To"], refs1)
				}
			} else if first == "" || mails[1].Headers["In-Reply-To"] != first || len(refs1) == 0 || refs1[len(refs1)-1] != first {
				t.Errorf("second mail: In-Reply-To %q, References %q; want a reply to the first (%s)", mails[1].Headers["In-Reply-To"], refs1, first)
			}
			if tt.notice && (len(refs1) == 0 || refs1[0] != noticeID) {
				t.Errorf("second mail's References %q do not start at the notice", refs1)
			}
		})
	}
}

func texts(ms []outbox.Entry) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Subject+": "+m.Text)
	}
	return out
}
