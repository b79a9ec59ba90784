package mailin_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/mailin"
	"github.com/doorstep-ai/doorstep/pkg/mailparse"
	"github.com/doorstep-ai/doorstep/pkg/motoserver"
	"github.com/doorstep-ai/doorstep/pkg/s3blob"
	"github.com/doorstep-ai/doorstep/pkg/ses"
)

const (
	bucket = "doorstep-inbound"
	prefix = "inbound/"
)

// motoEnv is the AWS path end to end: raw mail in moto's S3, the SES
// receipt rule's Lambda event, DynamoDB, replies through moto's SES v2.
type motoEnv struct {
	endpoint string
	s3       *s3.Client
	handler  *mailin.SESHandler
	store    *dynamo.Store
	clock    *clock.Manual
}

func newMotoEnv(t *testing.T) *motoEnv {
	t.Helper()
	endpoint := motoserver.Start(t)
	ctx := context.Background()
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")}
	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.BaseEndpoint = aws.String(endpoint); o.UsePathStyle = true })
	if _, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}
	sesc := sesv2.NewFromConfig(cfg, func(o *sesv2.Options) { o.BaseEndpoint = aws.String(endpoint) })
	if _, err := sesc.CreateEmailIdentity(ctx, &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String(support)}); err != nil {
		t.Fatal(err)
	}
	ddb := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(endpoint) })
	if err := dynamo.CreateTable(ctx, ddb, "doorstep"); err != nil {
		t.Fatal(err)
	}
	st := dynamo.New(ddb, "doorstep")
	clk := clock.NewFixed(now)
	loadDemo(t, st, clk)
	blobs := s3blob.New(s3c, bucket)
	svc := newService(t, st, ses.New(sesc), blobs, clk)
	return &motoEnv{endpoint: endpoint, s3: s3c, store: st, clock: clk,
		handler: &mailin.SESHandler{Service: svc, Raw: blobs, Prefix: prefix, NotFound: s3blob.ErrNotFound, Log: quiet()}}
}

// deliver does what SES's receipt rule does: the S3 action stores raw
// under prefix+id, then the Lambda action sends the event.
func (m *motoEnv) deliver(t *testing.T, id string, raw []byte) {
	t.Helper()
	m.deliverWith(t, id, raw, nil)
}

// deliverWith is deliver with the receipt's verdicts and envelope sender
// changed by edit (nil: the fixture's, all PASS from daniel.reyes@).
func (m *motoEnv) deliverWith(t *testing.T, id string, raw []byte, edit func(*events.SimpleEmailService)) {
	t.Helper()
	if _, err := m.s3.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(prefix + id), Body: bytes.NewReader(raw)}); err != nil {
		t.Fatal(err)
	}
	var ev events.SimpleEmailEvent
	if err := json.Unmarshal(fixture(t, "ses-event.json"), &ev); err != nil {
		t.Fatal(err)
	}
	ev.Records[0].SES.Mail.MessageID = id
	if edit != nil {
		edit(&ev.Records[0].SES)
	}
	if err := m.handler.Handle(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
}

// sentMail is a message moto's SES v2 accepted.
type sentMail struct {
	ID  string
	Raw []byte
}

// sent reads what moto's SES sent, from /moto-api/data.json.
func (m *motoEnv) sent(t *testing.T) []sentMail {
	t.Helper()
	resp, err := http.Get(m.endpoint + "/moto-api/data.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var data struct {
		SES struct {
			Raw []struct {
				ID      string `json:"id"`
				RawData string `json:"raw_data"`
			} `json:"RawMessage"`
		} `json:"ses"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&data); err != nil {
		t.Fatalf("data.json: %v", err)
	}
	var out []sentMail
	for _, msg := range data.SES.Raw {
		out = append(out, sentMail{ID: msg.ID, Raw: []byte(msg.RawData)})
	}
	return out
}

// TestSESRoundTrip: a customer's mail arrives the AWS way (S3 + SES
// event), the agent's answer goes out through SES v2 as a threaded raw
// reply, and the customer's reply to it lands in the same conversation.
func TestSESRoundTrip(t *testing.T) {
	m := newMotoEnv(t)
	first := fixture(t, "plain.eml")
	m.deliver(t, "o3vrnil0e2ic28trm7dfhrc2v0cnbeccl4nbp0g1", first)

	sent := m.sent(t)
	if len(sent) != 1 {
		t.Fatalf("%d sent, want 1", len(sent))
	}
	reply, err := mailparse.Parse(sent[0].Raw)
	if err != nil {
		t.Fatalf("parse reply: %v\n%s", err, sent[0].Raw)
	}
	if reply.From.Address != support || reply.Subject != "Re: Where is my order?" ||
		reply.InReplyTo != "<CAJx8Q1w-plain-0001@mail.example.com>" ||
		strings.Join(reply.References, " ") != "<CAJx8Q1w-plain-0001@mail.example.com>" ||
		!strings.Contains(reply.Text, "UPS") || !strings.Contains(string(sent[0].Raw), "text/html") {
		t.Fatalf("reply: %+v\n%s", reply, sent[0].Raw)
	}
	to, err := mail.ParseAddress(headerOf(t, sent[0].Raw, "To"))
	if err != nil || !strings.EqualFold(to.Address, "daniel.reyes@example.com") {
		t.Fatalf("reply to %v (%v)", to, err)
	}
	ourID := ses.FormatMessageID(sent[0].ID, "email.amazonses.com")

	// The customer answers from Gmail an hour later, quoting our reply.
	m.clock.Advance(time.Hour)
	answer := "Return-Path: <daniel.reyes@example.com>\r\nFrom: Daniel Reyes <daniel.reyes@example.com>\r\nTo: Hearth & Harbor <" + support + ">\r\n" +
		"Subject: Re: Where is my order?\r\nMessage-ID: <CAJx8Q1w-plain-0002@mail.example.com>\r\nIn-Reply-To: " + ourID + "\r\n" +
		"References: <CAJx8Q1w-plain-0001@mail.example.com> " + ourID + "\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" +
		"Thanks! And my other order #1008?\r\n\r\nOn Fri, Nov 20, 2026 at 10:05 AM Hearth & Harbor <" + support + "> wrote:\r\n> " +
		strings.ReplaceAll(reply.Text, "\n", "\r\n> ") + "\r\n"
	m.deliver(t, "9k2mqp7f1c0lrv3sd8b5n4e6ahtj0u1o2x3y4z5a", []byte(answer))

	sent = m.sent(t)
	if len(sent) != 2 {
		t.Fatalf("%d sent, want 2", len(sent))
	}
	second := sent[0]
	if second.ID == ourID || strings.Contains(ourID, second.ID) {
		second = sent[1]
	}
	reply2, err := mailparse.Parse(second.Raw)
	if err != nil {
		t.Fatal(err)
	}
	if reply2.InReplyTo != "<CAJx8Q1w-plain-0002@mail.example.com>" ||
		strings.Join(reply2.References, " ") != "<CAJx8Q1w-plain-0001@mail.example.com> "+ourID+" <CAJx8Q1w-plain-0002@mail.example.com>" ||
		reply2.Subject != "Re: Where is my order?" || !strings.Contains(reply2.Text, "#1008") {
		t.Fatalf("second reply: %+v", reply2)
	}

	convs, err := m.store.ConversationsByEmail(context.Background(), shop, "daniel.reyes@example.com", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(convs) != 1 {
		t.Fatalf("%d conversations, want 1", len(convs))
	}
	c, msgs, err := m.store.GetConversation(context.Background(), shop, convs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Channel != conversation.ChannelEmail || c.VerifiedBy != conversation.VerifiedByEmailSender || len(msgs) != 4 ||
		msgs[2].Text != "Thanks! And my other order #1008?" {
		t.Fatalf("conversation %+v, messages %+v", c, msgs)
	}

	// SES retries the event (or delivers the mail twice): no new reply.
	m.deliver(t, "9k2mqp7f1c0lrv3sd8b5n4e6ahtj0u1o2x3y4z5a", []byte(answer))
	if n := len(m.sent(t)); n != 2 {
		t.Fatalf("%d sent after a redelivery", n)
	}
}

// TestSESImageToS3: an image attachment is kept in the bucket and listed
// for the conversation.
func TestSESImageToS3(t *testing.T) {
	m := newMotoEnv(t)
	m.deliver(t, "img0000000000000000000000000000000000001", fixture(t, "image.eml"))
	cs, err := m.store.ListConversations(context.Background(), shop, time.Time{}, 10)
	if err != nil || len(cs) != 1 || len(cs[0].Photos) != 1 {
		t.Fatalf("conversations %+v, %v", cs, err)
	}
	p := cs[0].Photos[0]
	key := p.Key
	if !strings.HasPrefix(key, "photos/email/"+shop+"/"+cs[0].ID+"/") {
		t.Fatalf("key %q", key)
	}
	out, err := m.s3.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatal(err)
	}
	defer out.Body.Close()
	if aws.ToString(out.ContentType) != "image/png" || aws.ToInt64(out.ContentLength) != int64(p.Size) {
		t.Fatalf("object %s, %d bytes", aws.ToString(out.ContentType), aws.ToInt64(out.ContentLength))
	}
}

// TestSESMissingObject: an event whose raw message is not in the bucket is
// logged, not retried forever; other errors ask for a retry.
func TestSESMissingObject(t *testing.T) {
	m := newMotoEnv(t)
	var ev events.SimpleEmailEvent
	if err := json.Unmarshal(fixture(t, "ses-event.json"), &ev); err != nil {
		t.Fatal(err)
	}
	if err := m.handler.Handle(context.Background(), ev); err != nil {
		t.Fatalf("missing object: %v", err)
	}
	if n := len(m.sent(t)); n != 0 {
		t.Fatalf("%d sent", n)
	}
}

func headerOf(t *testing.T, raw []byte, name string) string {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return msg.Header.Get(name)
}

// TestSESIdentity: the AWS path (S3, the SES event with its receipt
// verdicts, DynamoDB, SES v2) verifies nobody by a display name, and
// counts SES's SPF and DKIM passes only for domains aligned with the From
// domain, whatever a header the sender wrote says.
func TestSESIdentity(t *testing.T) {
	m := newMotoEnv(t)
	const sesPassEvil = "Authentication-Results: amazonses.com;\r\n spf=pass (spfCheck: domain of evil.test designates 192.0.2.7 as permitted sender) client-ip=192.0.2.7; envelope-from=bounce@evil.test; helo=mx.evil.test;\r\n dkim=pass header.i=@evil.test;\r\n"
	receipt := func(spf, dkim, dmarc, source string) func(*events.SimpleEmailService) {
		return func(s *events.SimpleEmailService) {
			s.Receipt.SPFVerdict.Status, s.Receipt.DKIMVerdict.Status, s.Receipt.DMARCVerdict.Status = spf, dkim, dmarc
			s.Mail.Source = source
		}
	}
	tests := []struct {
		name, id, raw string
		edit          func(*events.SimpleEmailService)
		replyTo       string // "" for no reply
		verified      bool
	}{
		{"Q-encoded address as display name", "ses0000000000000000000000000000000000001",
			sesPassEvil + " dmarc=pass header.from=evil.test;\r\nDKIM-Signature: v=1; d=evil.test; s=s; h=from; bh=x; b=y\r\n" +
				"From: =?utf-8?Q?maya.okafor=40example.com?= <mallory@evil.test>\r\n",
			receipt("PASS", "PASS", "PASS", "bounce@evil.test"), "mallory@evil.test", false},
		{"two mailboxes", "ses0000000000000000000000000000000000002",
			sesPassEvil + " dmarc=pass header.from=evil.test;\r\nFrom: maya.okafor@example.com, mallory@evil.test\r\n",
			receipt("PASS", "PASS", "PASS", "bounce@evil.test"), "", false},
		// SES's DKIM verdict is PASS for evil.test's signature; a header
		// the sender wrote below SES's claims example.com passed.
		{"dkim pass for an unaligned d=", "ses0000000000000000000000000000000000003",
			sesPassEvil + "DKIM-Signature: v=1; d=evil.test; s=s; h=from; bh=x; b=y\r\n" +
				"Authentication-Results: amazonses.com; dkim=pass header.i=@example.com; dmarc=pass header.from=example.com\r\n" +
				"From: Maya Okafor <maya.okafor@example.com>\r\n",
			receipt("PASS", "PASS", "GRAY", "bounce@evil.test"), "maya.okafor@example.com", false},
		{"spf pass for an unaligned mail from", "ses0000000000000000000000000000000000004",
			"Authentication-Results: amazonses.com; spf=pass envelope-from=bounce@evil.test; dkim=none;\r\nFrom: Maya Okafor <maya.okafor@example.com>\r\n",
			receipt("PASS", "GRAY", "GRAY", "bounce@evil.test"), "maya.okafor@example.com", false},
		// Control: the same message signed by example.com verifies.
		{"control: dkim pass for example.com", "ses0000000000000000000000000000000000005",
			"Authentication-Results: amazonses.com; spf=pass envelope-from=bounce@evil.test; dkim=pass header.i=@example.com;\r\n" +
				"DKIM-Signature: v=1; d=example.com; s=s; h=from; bh=x; b=y\r\nFrom: Maya Okafor <maya.okafor@example.com>\r\n",
			receipt("PASS", "PASS", "GRAY", "bounce@evil.test"), "maya.okafor@example.com", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(m.sent(t))
			raw := tt.raw + "To: " + support + "\r\nSubject: My order\r\nMessage-ID: <" + tt.id + "@client.example>\r\n\r\n" +
				"Where is my order #1001?\r\n"
			m.deliverWith(t, tt.id, []byte(raw), tt.edit)
			sent := m.sent(t)[before:]
			if tt.replyTo == "" {
				if len(sent) != 0 {
					t.Fatalf("%d replies to mail without a single sender", len(sent))
				}
				return
			}
			if len(sent) != 1 {
				t.Fatalf("%d replies, want 1", len(sent))
			}
			to, err := mail.ParseAddressList(headerOf(t, sent[0].Raw, "To"))
			if err != nil || len(to) != 1 || to[0].Address != tt.replyTo || headerOf(t, sent[0].Raw, "Cc")+headerOf(t, sent[0].Raw, "Bcc") != "" {
				t.Fatalf("reply to %v (%v), want only %s", to, err, tt.replyTo)
			}
			reply, err := mailparse.Parse(sent[0].Raw)
			if err != nil {
				t.Fatal(err)
			}
			if asked := strings.Contains(reply.Text, "email address you used"); asked == tt.verified {
				t.Errorf("asked for the order's email: %v, want %v\n%s", asked, !tt.verified, reply.Text)
			}
			convs, err := m.store.ConversationsByEmail(context.Background(), shop, "maya.okafor@example.com", 10)
			if err != nil {
				t.Fatal(err)
			}
			verified := 0
			for _, c := range convs {
				if c.Verified() {
					verified++
				}
			}
			if want := map[bool]int{true: 1}[tt.verified]; verified != want {
				t.Errorf("%d conversations verified for maya, want %d", verified, want)
			}
		})
	}
}
