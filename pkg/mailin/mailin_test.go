package mailin_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/email"
	"github.com/doorstep-ai/doorstep/pkg/fileblob"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/mailin"
	"github.com/doorstep-ai/doorstep/pkg/mailparse"
	"github.com/doorstep-ai/doorstep/pkg/offline"
	"github.com/doorstep-ai/doorstep/pkg/outbox"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

const (
	shop    = "demo-shop.myshopify.com"
	support = "support@hearthandharbor.example"
)

// now is shortly after the demo orders and the fixtures were written.
var now = time.Date(2026, 11, 20, 22, 0, 0, 0, time.UTC)

// Store is what these tests need of a store.
type Store interface {
	mailin.Store
	store.Store
}

type env struct {
	svc    *mailin.Service
	store  Store
	outbox *outbox.Outbox
	clock  *clock.Manual
	blobs  string // folder
	sender *flakySender
}

// flakySender fails the next fail sends, then passes to the outbox.
type flakySender struct {
	next  email.Sender
	fail  atomic.Int32
	calls atomic.Int32
}

func (f *flakySender) Send(ctx context.Context, m email.Outgoing) (string, error) {
	f.calls.Add(1)
	if f.fail.Load() > 0 {
		f.fail.Add(-1)
		return "", errors.New("ses is down")
	}
	return f.next.Send(ctx, m)
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// loadDemo applies the demo shop's orders through the webhook intake.
func loadDemo(t testing.TB, st store.Store, clk clock.Clock) {
	t.Helper()
	secrets := intake.SecretMap{shop: []byte("s")}
	in := &intake.Service{Store: st, Secrets: secrets, Clock: clk, Log: quiet()}
	err := fs.WalkDir(events.DemoOrders(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(events.DemoOrders(), name)
		if err != nil {
			return err
		}
		_, err = in.Handle(context.Background(), intake.Delivery{Topic: "orders/create", Shop: shop, EventID: name, Body: body, Signature: shopify.Sign([]byte("s"), body)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func newService(t testing.TB, st Store, sender email.Sender, blobs mailin.Blobs, clk clock.Clock) *mailin.Service {
	a := &agent.Agent{Store: st, Model: offline.Model{}, Commerce: &demoshop.Shop{Store: st, Clock: clk},
		Policies: agent.StaticPolicy(policy.Default()), Clock: clk, Log: quiet()}
	return &mailin.Service{Store: st, Agent: a, Sender: sender, Blobs: blobs, From: mail.Address{Name: "Hearth & Harbor", Address: support},
		Shop: shop, Clock: clk, Log: quiet(), MaxRepliesPerHour: 5}
}

func newEnv(t testing.TB) *env {
	t.Helper()
	dir := t.TempDir()
	st, err := bolt.Open(filepath.Join(dir, "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clk := clock.NewFixed(now)
	loadDemo(t, st, clk)
	ob := &outbox.Outbox{Path: filepath.Join(dir, "outbox.jsonl"), Clock: clk}
	sender := &flakySender{next: ob}
	blobs := filepath.Join(dir, "blobs")
	return &env{svc: newService(t, st, sender, fileblob.New(blobs), clk), store: st, outbox: ob, clock: clk, blobs: blobs, sender: sender}
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "events", "ses", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// receive processes raw with the verdicts the local runner would give it.
func (e *env) receive(t testing.TB, id string, raw []byte) mailin.Result {
	t.Helper()
	msg, err := mailparse.Parse(raw)
	in := mailin.Inbound{ID: id, Raw: raw}
	if err == nil {
		in.Verdicts = mailin.DevVerdicts(msg)
	}
	res, err := e.svc.Process(context.Background(), in)
	if err != nil {
		t.Fatalf("process %s: %v", id, err)
	}
	return res
}

func (e *env) sent(t testing.TB) []outbox.Entry {
	t.Helper()
	list, err := e.outbox.List()
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func (e *env) conversation(t testing.TB, id string) (conversation.Conversation, []conversation.Message) {
	t.Helper()
	c, msgs, err := e.store.GetConversation(context.Background(), shop, id)
	if err != nil {
		t.Fatalf("conversation %s: %v", id, err)
	}
	return c, msgs
}

// TestFixtures: every fixture in events/ses does the right thing.
func TestFixtures(t *testing.T) {
	tests := []struct {
		file     string
		outcome  mailin.Outcome
		verified bool
		// The reply contains each of these, and none of the refused.
		contains, refuses []string
		attachments       int
	}{
		{file: "plain.eml", outcome: mailin.OutcomeReplied, verified: true, contains: []string{"#1003", "UPS"}},
		{file: "html-only.eml", outcome: mailin.OutcomeReplied, verified: true, contains: []string{"#1002"}},
		{file: "image.eml", outcome: mailin.OutcomeReplied, verified: true, contains: []string{"return"}, attachments: 1},
		{file: "reply-gmail.eml", outcome: mailin.OutcomeReplied, verified: true, contains: []string{"#1001"}},
		{file: "reply-outlook.eml", outcome: mailin.OutcomeReplied, verified: true, contains: []string{"#1006"}},
		{file: "reply-apple.eml", outcome: mailin.OutcomeReplied, verified: true},
		{file: "latin1.eml", outcome: mailin.OutcomeReplied, verified: true, contains: []string{"#1011"}},
		{file: "autoreply.eml", outcome: mailin.OutcomeIgnored},
		{file: "bounce.eml", outcome: mailin.OutcomeIgnored},
		{file: "bulk.eml", outcome: mailin.OutcomeIgnored},
		// Unverified: general answers only; the agent asks for the order
		// number and says nothing about the order.
		{file: "spoofed.eml", outcome: mailin.OutcomeReplied, verified: false, contains: []string{"email address you used"}, refuses: []string{"UPS", "1Z", "tracking number is", "Maple"}},
		// Authenticated, but for evil.test: the Q-encoded display name
		// (maya.okafor@example.com) changes nothing.
		{file: "display-name.eml", outcome: mailin.OutcomeReplied, verified: false, contains: []string{"email address you used"}, refuses: []string{"Linden", "Somerville"}},
		{file: "malformed.eml", outcome: mailin.OutcomeReplied, verified: true},
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "events", "ses", "*.eml"))
	if len(files) != len(tests) {
		t.Errorf("%d fixtures in events/ses, %d in this table", len(files), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			e := newEnv(t)
			raw := fixture(t, tt.file)
			res := e.receive(t, "ses-"+strings.TrimSuffix(tt.file, ".eml"), raw)
			if res.Outcome != tt.outcome {
				t.Fatalf("outcome %q (%s), want %q", res.Outcome, res.Reason, tt.outcome)
			}
			sent := e.sent(t)
			if tt.outcome != mailin.OutcomeReplied {
				if len(sent) != 0 {
					t.Fatalf("%d replies to a message that gets none: %+v", len(sent), sent)
				}
				return
			}
			if len(sent) != 1 {
				t.Fatalf("%d replies, want 1", len(sent))
			}
			in, _ := mailparse.Parse(raw)
			reply := sent[0]
			t.Logf("reply to %s: %s", tt.file, reply.Text)
			if reply.To != in.From.Address || reply.Headers["In-Reply-To"] != in.MessageID ||
				!strings.HasSuffix(reply.Headers["References"], in.MessageID) || reply.Subject != mailin.ReplySubject(in.Subject) ||
				!strings.Contains(reply.Headers["From"], support) || reply.Headers["Auto-Submitted"] != "auto-replied" {
				t.Errorf("reply headers: to %s subject %q %v", reply.To, reply.Subject, reply.Headers)
			}
			for _, s := range tt.contains {
				if !strings.Contains(reply.Text, s) {
					t.Errorf("reply does not say %q", s)
				}
			}
			for _, s := range tt.refuses {
				if strings.Contains(reply.Text, s) {
					t.Errorf("reply says %q", s)
				}
			}
			c, msgs := e.conversation(t, res.Conversation)
			if c.Verified() != tt.verified || res.Verified != tt.verified {
				t.Errorf("verified %v (result %v), want %v", c.Verified(), res.Verified, tt.verified)
			}
			if tt.verified && (c.CustomerEmail != in.From.Address || c.VerifiedBy != conversation.VerifiedByEmailSender) {
				t.Errorf("verified for %q by %q", c.CustomerEmail, c.VerifiedBy)
			}
			if c.Channel != conversation.ChannelEmail || c.Contact != in.From.Address {
				t.Errorf("channel %q contact %q", c.Channel, c.Contact)
			}
			if len(msgs) != 2 || msgs[0].MessageID != in.MessageID || msgs[0].Role != conversation.RoleCustomer || msgs[1].Text != reply.Text {
				t.Errorf("messages %+v", msgs)
			}
			if len(c.Photos) != tt.attachments {
				t.Fatalf("%d photos on the conversation, want %d", len(c.Photos), tt.attachments)
			}
			if tt.attachments > 0 {
				p := c.Photos[0]
				if p.Seq != 0 || p.Channel != conversation.ChannelEmail || p.ContentType != "image/png" || p.Name != "damage.png" ||
					len(msgs[0].Photos) != 1 || msgs[0].Photos[0] != p.ID {
					t.Fatalf("photo %+v, message photos %v", p, msgs[0].Photos)
				}
				b, err := fileblob.New(e.blobs).Get(context.Background(), p.Key)
				if err != nil || len(b) != p.Size || !strings.HasPrefix(p.Key, "photos/email/"+shop+"/"+c.ID+"/") {
					t.Errorf("photo at %s: %d bytes, %v", p.Key, len(b), err)
				}
				if !strings.Contains(msgs[0].Text, "[Photo attached: damage.png]") {
					t.Errorf("customer message %q does not name the photo", msgs[0].Text)
				}
			}
		})
	}
}

// TestReplyThreads: the customer's answer to our reply continues the
// conversation, found by In-Reply-To, and the reply to it threads again.
func TestReplyThreads(t *testing.T) {
	e2 := newEnv(t)
	res := e2.receive(t, "m1", []byte("From: Maya Okafor <maya.okafor@example.com>\nTo: "+support+"\nSubject: Help\nMessage-ID: <q1@example.com>\n\nHi, where is my order?\n"))
	sent := e2.sent(t)
	if res.Outcome != mailin.OutcomeReplied || len(sent) != 1 {
		t.Fatalf("first: %+v, %d sent", res, len(sent))
	}
	ourID := sent[0].Headers["Message-ID"]
	// A week and a bit later (past the sender window), she answers our
	// reply: In-Reply-To finds the conversation.
	e2.clock.Advance(9 * 24 * time.Hour)
	answer := "From: maya.okafor@example.com\nTo: " + support + "\nSubject: Re: Help\nMessage-ID: <q2@example.com>\nIn-Reply-To: " + ourID +
		"\nReferences: <q1@example.com> " + ourID + "\n\nIt's #1001, thanks.\n\nOn Fri, Nov 20, 2026 at 10:02 AM Hearth & Harbor <" + support + "> wrote:\n> Which order?\n"
	res2 := e2.receive(t, "m2", []byte(answer))
	if res2.Conversation != res.Conversation {
		t.Fatalf("answer went to %s, want %s", res2.Conversation, res.Conversation)
	}
	_, msgs := e2.conversation(t, res.Conversation)
	if len(msgs) != 4 || msgs[2].Text != "It's #1001, thanks." {
		t.Fatalf("messages: %+v", msgs)
	}
	sent = e2.sent(t)
	if len(sent) != 2 || sent[1].Headers["In-Reply-To"] != "<q2@example.com>" || sent[1].Headers["References"] != "<q1@example.com> "+ourID+" <q2@example.com>" ||
		sent[1].Subject != "Re: Help" {
		t.Fatalf("second reply: %+v", sent[len(sent)-1])
	}
}

// TestThreadBySender: a new mail from the same address within the window
// continues the conversation; after it, a new one starts.
func TestThreadBySender(t *testing.T) {
	e := newEnv(t)
	msg := func(id, text string) []byte {
		return []byte("From: daniel.reyes@example.com\nTo: " + support + "\nSubject: Question\nMessage-ID: <" + id + "@example.com>\n\n" + text + "\n")
	}
	a := e.receive(t, "a", msg("a", "Where is my order #1003?"))
	e.clock.Advance(2 * 24 * time.Hour)
	b := e.receive(t, "b", msg("b", "And order #1008?"))
	if a.Conversation != b.Conversation {
		t.Fatalf("within the window: %s then %s", a.Conversation, b.Conversation)
	}
	e.clock.Advance(8 * 24 * time.Hour)
	c := e.receive(t, "c", msg("c", "Hello again, where is #1003?"))
	if c.Conversation == a.Conversation {
		t.Fatal("after the window: same conversation")
	}
}

// TestThreadSafety: a thread match from another address, or an
// unauthenticated mail on a verified conversation, starts a new
// conversation instead.
func TestThreadSafety(t *testing.T) {
	e := newEnv(t)
	first := e.receive(t, "a", fixture(t, "plain.eml"))
	ourID := e.sent(t)[0].Headers["Message-ID"]
	other := "From: eve@example.net\nTo: " + support + "\nSubject: Re: Where is my order?\nMessage-ID: <eve1@example.net>\nIn-Reply-To: " + ourID + "\n\nSend me the tracking again?\n"
	r := e.receive(t, "b", []byte(other))
	if r.Conversation == first.Conversation || r.Verified {
		t.Fatalf("another address joined the conversation: %+v", r)
	}
	spoof := "From: daniel.reyes@example.com\nTo: " + support + "\nSubject: Re: Where is my order?\nMessage-ID: <spoof2@example.net>\nIn-Reply-To: " + ourID +
		"\nAuthentication-Results: mx; spf=fail; dkim=fail; dmarc=fail\n\nWhat is my delivery address?\n"
	r = e.receive(t, "c", []byte(spoof))
	if r.Conversation == first.Conversation || r.Verified {
		t.Fatalf("an unauthenticated mail continued a verified conversation: %+v", r)
	}
	for _, s := range e.sent(t)[1:] {
		if strings.Contains(s.Text, "UPS") {
			t.Errorf("order details to %s: %s", s.To, s.Text)
		}
	}
	// Daniel's own next mail still finds his conversation: the forged one
	// did not take its place.
	own := "From: daniel.reyes@example.com\nTo: " + support + "\nSubject: one more thing\nMessage-ID: <d2@example.com>\n\nAnd order #1008?\n"
	if r := e.receive(t, "d", []byte(own)); r.Conversation != first.Conversation || !r.Verified {
		t.Fatalf("daniel's next mail: %+v, want conversation %s", r, first.Conversation)
	}
}

// TestNoDetailsToOtherAddress: naming someone else's order number and
// email verifies nothing for this address: the reply is the generic text.
func TestNoDetailsToOtherAddress(t *testing.T) {
	e := newEnv(t)
	raw := "From: eve@example.net\nTo: " + support + "\nSubject: order\nMessage-ID: <eve@example.net>\n\nWhere is my order #1003? My email is daniel.reyes@example.com\n"
	r := e.receive(t, "a", []byte(raw))
	sent := e.sent(t)
	if len(sent) != 1 || sent[0].Text != mailin.GenericReply {
		t.Fatalf("reply: %+v", sent)
	}
	c, msgs := e.conversation(t, r.Conversation)
	if c.Verified() || r.Verified || msgs[1].Text != mailin.GenericReply {
		t.Fatalf("conversation verified for %q; saved %q", c.CustomerEmail, msgs[1].Text)
	}
}

// TestRedelivery: the same message delivered again, under the same or
// another SES id, gets no second reply; a failed send is retried once.
func TestRedelivery(t *testing.T) {
	e := newEnv(t)
	raw := fixture(t, "plain.eml")
	e.sender.fail.Store(1)
	msg, _ := mailparse.Parse(raw)
	if _, err := e.svc.Process(context.Background(), mailin.Inbound{ID: "x1", Raw: raw, Verdicts: mailin.DevVerdicts(msg)}); err == nil {
		t.Fatal("a failed send did not ask for a retry")
	}
	r := e.receive(t, "x1", raw) // Lambda's retry
	if r.Outcome != mailin.OutcomeReplied {
		t.Fatalf("retry: %+v", r)
	}
	for _, id := range []string{"x1", "x2", ""} {
		if r := e.receive(t, id, raw); r.Outcome != mailin.OutcomeDuplicate {
			t.Errorf("redelivery %q: %+v", id, r)
		}
	}
	if n := len(e.sent(t)); n != 1 {
		t.Fatalf("%d replies, want 1", n)
	}
	_, msgs := e.conversation(t, r.Conversation)
	if len(msgs) != 2 {
		t.Fatalf("%d messages saved", len(msgs))
	}
}

// TestMalformedNoStorm: broken MIME delivered again and again gets one
// reply at most.
func TestMalformedNoStorm(t *testing.T) {
	e := newEnv(t)
	raw := fixture(t, "malformed.eml")
	for i := 0; i < 3; i++ {
		e.receive(t, fmt.Sprintf("m%d", i), raw)
	}
	if n := len(e.sent(t)); n != 1 {
		t.Fatalf("%d replies", n)
	}
}

// TestReplyLimit: at most MaxRepliesPerHour replies an hour to one
// address; the rest are saved, not answered.
func TestReplyLimit(t *testing.T) {
	e := newEnv(t)
	var last mailin.Result
	for i := 0; i < 8; i++ {
		raw := fmt.Sprintf("From: daniel.reyes@example.com\nTo: %s\nSubject: q\nMessage-ID: <n%d@example.com>\n\nWhere is order #1003? (%d)\n", support, i, i)
		last = e.receive(t, fmt.Sprintf("n%d", i), []byte(raw))
	}
	if n := len(e.sent(t)); n != 5 {
		t.Fatalf("%d replies in an hour, want 5", n)
	}
	if last.Outcome != mailin.OutcomeSaved {
		t.Fatalf("last: %+v", last)
	}
	_, msgs := e.conversation(t, last.Conversation)
	if msgs[len(msgs)-1].Role != conversation.RoleCustomer {
		t.Fatal("the unanswered message was not saved")
	}
	e.clock.Advance(time.Hour)
	e.receive(t, "later", []byte("From: daniel.reyes@example.com\nTo: "+support+"\nSubject: q\nMessage-ID: <later@example.com>\n\nWhere is #1003?\n"))
	if n := len(e.sent(t)); n != 6 {
		t.Fatalf("next hour: %d replies", n)
	}
}

// TestNotAnswered: our own address, spam and viruses get nothing.
func TestNotAnswered(t *testing.T) {
	e := newEnv(t)
	own := "From: Hearth & Harbor <" + strings.ToUpper(support) + ">\nTo: " + support + "\nSubject: Re: x\nMessage-ID: <own@x>\n\nWhere is my order?\n"
	if r := e.receive(t, "own", []byte(own)); r.Outcome != mailin.OutcomeIgnored {
		t.Errorf("own: %+v", r)
	}
	raw := fixture(t, "plain.eml")
	for i, v := range []mailin.Verdicts{{SPF: "PASS", Spam: "FAIL", Virus: "PASS"}, {SPF: "PASS", Spam: "PASS", Virus: "FAIL"}} {
		r, err := e.svc.Process(context.Background(), mailin.Inbound{ID: fmt.Sprint("v", i), Raw: raw, Verdicts: v})
		if err != nil || r.Outcome != mailin.OutcomeDropped {
			t.Errorf("%+v: %+v %v", v, r, err)
		}
	}
	if r, err := e.svc.Process(context.Background(), mailin.Inbound{ID: "junk", Raw: []byte("\x00garbage")}); err != nil || r.Outcome != mailin.OutcomeIgnored {
		t.Errorf("unreadable: %+v %v", r, err)
	}
	if n := len(e.sent(t)); n != 0 {
		t.Fatalf("%d replies", n)
	}
	logs, err := e.store.ListDocs(context.Background(), mailin.CollLog, "", "", 100)
	if err != nil || len(logs) != 4 {
		t.Fatalf("%d mail log records, %v", len(logs), err)
	}
}

// TestLargeAttachment: an attachment over the limit is not kept and the
// reply says so, politely.
func TestLargeAttachment(t *testing.T) {
	e := newEnv(t)
	e.svc.MaxAttachment = 40 // bytes: the fixture's image is larger
	r := e.receive(t, "big", fixture(t, "image.eml"))
	sent := e.sent(t)
	if r.Outcome != mailin.OutcomeReplied || len(sent) != 1 || !strings.Contains(sent[0].Text, "damage.png is larger than") {
		t.Fatalf("%+v %+v", r, sent)
	}
	c, _ := e.conversation(t, r.Conversation)
	if len(c.Photos) != 0 {
		t.Fatalf("%d photos kept", len(c.Photos))
	}
}

// TestHandover: a conversation a person owns gets no agent reply; the
// message is saved for them.
func TestHandover(t *testing.T) {
	e := newEnv(t)
	r := e.receive(t, "h1", []byte("From: daniel.reyes@example.com\nTo: "+support+"\nSubject: help\nMessage-ID: <h1@x>\n\nI want to talk to a person please\n"))
	c, _ := e.conversation(t, r.Conversation)
	if c.Status != conversation.StatusHandover {
		t.Fatalf("status %s", c.Status)
	}
	r2 := e.receive(t, "h2", []byte("From: daniel.reyes@example.com\nTo: "+support+"\nSubject: help\nMessage-ID: <h2@x>\n\nHello? Anyone?\n"))
	if r2.Outcome != mailin.OutcomeSaved || r2.Conversation != r.Conversation || len(e.sent(t)) != 1 {
		t.Fatalf("%+v, %d sent", r2, len(e.sent(t)))
	}
}

// TestDevHandler: POST /dev/mail answers 202 and the reply is in the
// outbox, as `make dev` shows it.
func TestDevHandler(t *testing.T) {
	e := newEnv(t)
	h := mailin.DevHandler(e.svc)
	post := func(body []byte) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/dev/mail", strings.NewReader(string(body))))
		return rec
	}
	rec := post(fixture(t, "plain.eml"))
	var res mailin.Result
	if rec.Code != http.StatusAccepted || json.Unmarshal(rec.Body.Bytes(), &res) != nil || res.Outcome != mailin.OutcomeReplied || !res.Verified {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	rec = post(fixture(t, "spoofed.eml"))
	if rec.Code != http.StatusAccepted || !strings.Contains(rec.Body.String(), `"verified":false`) {
		t.Fatalf("spoofed: %d %s", rec.Code, rec.Body)
	}
	if rec := post(nil); rec.Code != http.StatusBadRequest {
		t.Fatalf("empty: %d", rec.Code)
	}
	if n := len(e.sent(t)); n != 2 {
		t.Fatalf("%d sent", n)
	}
	page := httptest.NewRecorder()
	e.outbox.Page().ServeHTTP(page, httptest.NewRequest(http.MethodGet, "/dev/outbox.html", nil))
	body := page.Body.String()
	if page.Code != 200 || !strings.Contains(body, "Re: Where is my order?") || !strings.Contains(body, "In-Reply-To") ||
		!strings.Contains(body, "&lt;CAJx8Q1w-plain-0001@mail.example.com&gt;") {
		t.Fatalf("outbox page: %d %s", page.Code, body)
	}
}

func TestDevVerdicts(t *testing.T) {
	tests := []struct {
		file string
		auth bool
	}{
		{"plain.eml", true}, {"spoofed.eml", false},
	}
	for _, tt := range tests {
		msg, err := mailparse.Parse(fixture(t, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		if got := mailin.Authenticated(mailin.DevVerdicts(msg), msg.From.Address); got != tt.auth {
			t.Errorf("%s: authenticated %v", tt.file, got)
		}
	}
	none, _ := mailparse.Parse([]byte("From: a@b.example\n\nhi"))
	if v := mailin.DevVerdicts(none); v.SPF != "PASS" || v.DKIM != "PASS" || v.Spam != "PASS" {
		t.Errorf("no header: %+v", v)
	}
}

func TestAuthenticated(t *testing.T) {
	tests := []struct {
		name string
		v    mailin.Verdicts
		want bool
	}{
		{"spf aligned", mailin.Verdicts{SPF: "PASS", MailFrom: "a@example.com"}, true},
		{"spf aligned subdomain", mailin.Verdicts{SPF: "PASS", MailFrom: "bounce@mail.example.com"}, true},
		{"spf aligned domain", mailin.Verdicts{SPF: "PASS", MailFrom: "example.com"}, true},
		{"spf for another domain", mailin.Verdicts{SPF: "PASS", MailFrom: "bounce@spammer.example"}, false},
		{"spf for an unknown envelope", mailin.Verdicts{SPF: "PASS"}, false},
		{"dkim aligned", mailin.Verdicts{DKIM: "PASS", DKIMDomains: []string{"evil.test", "example.com"}}, true},
		{"dkim for another domain", mailin.Verdicts{DKIM: "PASS", DKIMDomains: []string{"evil.test"}}, false},
		{"dkim for an unknown domain", mailin.Verdicts{DKIM: "PASS"}, false},
		{"dkim domain but not passed", mailin.Verdicts{DKIM: "FAIL", DKIMDomains: []string{"example.com"}}, false},
		{"dmarc", mailin.Verdicts{DMARC: "PASS"}, true},
		{"dmarc for the domain", mailin.Verdicts{DMARC: "PASS", DMARCDomain: "Example.com"}, true},
		{"dmarc for another domain", mailin.Verdicts{DMARC: "PASS", DMARCDomain: "evil.test"}, false},
		{"both fail", mailin.Verdicts{SPF: "FAIL", DKIM: "FAIL"}, false},
		{"gray", mailin.Verdicts{SPF: "GRAY", DKIM: "GRAY"}, false},
		{"dmarc fail vetoes", mailin.Verdicts{SPF: "PASS", MailFrom: "example.com", DKIM: "PASS", DKIMDomains: []string{"example.com"}, DMARC: "FAIL"}, false},
	}
	for _, tt := range tests {
		if got := mailin.Authenticated(tt.v, "a@example.com"); got != tt.want {
			t.Errorf("%s: %v", tt.name, got)
		}
	}
	if mailin.Authenticated(mailin.Verdicts{DMARC: "PASS"}, "") {
		t.Error("no sender authenticated")
	}
}

func TestThreadKey(t *testing.T) {
	a := mailin.ThreadKey("<0100019350aa-000000@email.amazonses.com>")
	b := mailin.ThreadKey("0100019350aa-000000@eu-west-1.amazonses.com")
	if a != b {
		t.Errorf("%q != %q", a, b)
	}
	if k := mailin.ThreadKey("<" + strings.Repeat("x", 1000) + "@y>"); len(k) > 100 {
		t.Errorf("long key %d", len(k))
	}
}

func TestReplySubject(t *testing.T) {
	for in, want := range map[string]string{"Where is it": "Re: Where is it", "Re: Where": "Re: Where", "RE: re: Fwd: x": "Re: x", "": "Re: Your message", "AW: x": "Re: x"} {
		if got := mailin.ReplySubject(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// A reply that hands the customer to a person asks for no rating: nobody
// has answered them yet. An answer from the agent does.
func TestRatingLinksOnlyOnAnswers(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		links      bool
	}{
		{"an answer", "where is my order #1003?", true},
		{"a handover", "I want to talk to a person please", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.svc.CSATLinks = func(shop, conv string) map[int]string {
				links := map[int]string{}
				for s := 1; s <= 5; s++ {
					links[s] = fmt.Sprintf("https://x.test/csat/%d", s)
				}
				return links
			}
			e.receive(t, "r1", []byte("From: daniel.reyes@example.com\nTo: "+support+"\nSubject: help\nMessage-ID: <r1@x>\n\n"+tc.text+"\n"))
			sent := e.sent(t)
			if len(sent) != 1 {
				t.Fatalf("%d sent, want 1", len(sent))
			}
			if got := strings.Contains(sent[0].Text, "https://x.test/csat/5"); got != tc.links {
				t.Errorf("rating links %v, want %v:\n%s", got, tc.links, sent[0].Text)
			}
		})
	}
}
