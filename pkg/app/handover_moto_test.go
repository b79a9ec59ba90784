package app_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/app"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/localflow"
	"github.com/doorstep-ai/doorstep/pkg/mailin"
	"github.com/doorstep-ai/doorstep/pkg/mailparse"
	"github.com/doorstep-ai/doorstep/pkg/motoserver"
	"github.com/doorstep-ai/doorstep/pkg/offline"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/ses"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/signed"
)

// The composition the Lambdas run, on moto's DynamoDB and SES v2: a person
// answers a handed-over conversation in the console, the answer goes out
// through SES (which gives it its own Message-ID), and the customer's reply
// to that mail, as the email-inbound function processes it, lands in the
// same conversation, which stays the person's; the agent sends nothing.
func TestStaffMailAnswerOnMoto(t *testing.T) {
	const (
		shop     = "demo-shop.myshopify.com"
		support  = "support@hearthandharbor.example"
		customer = "daniel.reyes@example.com"
		password = "correct horse battery staple"
	)
	endpoint := motoserver.Start(t)
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")}
	ddb := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(endpoint) })
	sesc := sesv2.NewFromConfig(cfg, func(o *sesv2.Options) { o.BaseEndpoint = aws.String(endpoint) })
	if _, err := sesc.CreateEmailIdentity(t.Context(), &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String(support)}); err != nil {
		t.Fatal(err)
	}
	// sent is what moto's SES accepted, parsed, with the id SES gave it.
	type sentMail struct {
		id, raw string
		msg     mailparse.Incoming
	}
	sent := func() []sentMail {
		t.Helper()
		resp, err := http.Get(endpoint + "/moto-api/data.json")
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
			t.Fatal(err)
		}
		var out []sentMail
		for _, r := range data.SES.Raw {
			m, err := mailparse.Parse([]byte(r.RawData))
			if err != nil {
				t.Fatalf("parse sent mail: %v", err)
			}
			out = append(out, sentMail{id: r.ID, raw: r.RawData, msg: m})
		}
		return out
	}

	for i, tt := range []struct {
		name string
		// open starts the conversation and hands it over.
		open func(t *testing.T, a *app.App, clk *clock.Manual) string
		// away is how long the customer is silent before the person
		// answers; wait how long they take to answer that mail.
		away, wait time.Duration
	}{
		{
			name: "handed over in the chat",
			open: func(t *testing.T, a *app.App, clk *clock.Manual) string {
				h := a.ChatHandler()
				post := func(path, token, body string) map[string]any {
					req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
					if token != "" {
						req.Header.Set("Authorization", "Bearer "+token)
					}
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					if rec.Code/100 != 2 {
						t.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
					}
					var out map[string]any
					_ = json.Unmarshal(rec.Body.Bytes(), &out)
					return out
				}
				c := post("/v1/conversations", "", `{"email":"`+customer+`","order_number":"#1003"}`)
				id, token := c["conversation_id"].(string), c["token"].(string)
				post("/v1/conversations/"+id+"/messages", token, `{"text":"my skillet has a crack in it, I want to talk to a person"}`)
				return id
			},
			away: 25 * time.Hour, wait: time.Hour,
		},
		{
			name: "handed over by email",
			open: func(t *testing.T, a *app.App, clk *clock.Manual) string {
				res, err := a.Mail.Process(t.Context(), inbound(customer, support, "<first@example.com>", "", "My skillet",
					"My skillet from order #1003 has a crack in it, I want to talk to a person please."))
				if err != nil || res.Outcome != mailin.OutcomeReplied {
					t.Fatalf("first mail: %+v %v", res, err)
				}
				return res.Conversation
			},
			away: time.Hour, wait: 8 * 24 * time.Hour, // past the 7-day window for threading by sender
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			table := fmt.Sprintf("doorstep%d", i)
			if err := dynamo.CreateTable(t.Context(), ddb, table); err != nil {
				t.Fatal(err)
			}
			st := dynamo.New(ddb, table)
			clk := clock.NewManual()
			commerce := &demoshop.Shop{Store: st, Clock: clk}
			a, err := app.New(app.Ports{Store: st, Clock: clk, Model: offline.Model{}, Commerce: commerce, Resolver: commerce,
				Mailer: ses.New(sesc), Scheduler: localflow.New(st, clk, nil), Secrets: intake.SecretMap{shop: []byte("s")},
				ConsoleAuth: console.NewDevAuth(password, clk)},
				app.Config{Shop: shop, Policy: policy.Default(), ChatKeys: signed.NewKeyring([]byte("k")), Support: mail.Address{Address: support}})
			if err != nil {
				t.Fatal(err)
			}
			body, err := fs.ReadFile(events.DemoOrders(), "1003.json")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Intake.Handle(t.Context(), intake.Delivery{Topic: "orders/create", Shop: shop, EventID: "1", Body: body, Signature: shopify.Sign([]byte("s"), body)}); err != nil {
				t.Fatal(err)
			}
			id := tt.open(t, a, clk)
			if c, _, err := st.GetConversation(t.Context(), shop, id); err != nil || c.Status != conversation.StatusHandover {
				t.Fatalf("after asking for a person: %+v %v", c.Status, err)
			}

			// A person answers in the console.
			clk.Advance(tt.away)
			srv := httptest.NewServer(a.ConsoleHandler())
			defer srv.Close()
			jar, _ := cookiejar.New(nil)
			staff := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			resp, err := staff.PostForm(srv.URL+"/console/login", url.Values{"password": {password}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			before := len(sent())
			resp, err = staff.Post(srv.URL+"/console/api/conversations/"+id+"/reply", "application/json", strings.NewReader(`{"text":"A new skillet is on its way to you."}`))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("console reply: %d", resp.StatusCode)
			}
			all := sent()
			if len(all) != before+1 {
				t.Fatalf("%d mails sent for the person's reply, want 1", len(all)-before)
			}
			staffMail := all[len(all)-1]
			if staffMail.msg.From.Address != support || !strings.Contains(staffMail.msg.Text, "A new skillet") {
				t.Fatalf("the person's mail: %+v", staffMail.msg)
			}
			if strings.Contains(staffMail.raw, mailin.HeaderConversation) {
				t.Errorf("an internal header went out:\n%s", staffMail.raw)
			}

			// The customer answers it: their client names the id SES gave
			// the mail (in another region's domain, as SES may).
			clk.Advance(tt.wait)
			ourID := ses.FormatMessageID(staffMail.id, "eu-west-1.amazonses.com")
			res, err := a.Mail.Process(t.Context(), inbound(customer, support, "<answer@example.com>", ourID, "Re: "+staffMail.msg.Subject,
				"Thanks! Will it come before Friday?\n\n> A new skillet is on its way to you."))
			if err != nil {
				t.Fatal(err)
			}
			if res.Conversation != id || res.Outcome != mailin.OutcomeSaved {
				t.Fatalf("the answer: %+v; want conversation %s, saved for the person", res, id)
			}
			if n := len(sent()); n != before+1 {
				t.Errorf("the agent answered a conversation a person owns (%d more mails)", n-before-1)
			}
			c, msgs, err := st.GetConversation(t.Context(), shop, id)
			if err != nil {
				t.Fatal(err)
			}
			last := msgs[len(msgs)-1]
			if c.Status != conversation.StatusHandover || last.Role != conversation.RoleCustomer || !strings.Contains(last.Text, "before Friday") {
				t.Errorf("conversation %s, last %s %q", c.Status, last.Role, last.Text)
			}
		})
	}
}

// inbound is a customer's mail as SES receives it, authenticated for its
// sender's domain.
func inbound(from, to, id, inReplyTo, subject, text string) mailin.Inbound {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: %s\r\n", from, to, subject, id)
	if inReplyTo != "" {
		fmt.Fprintf(&b, "In-Reply-To: %s\r\nReferences: %s\r\n", inReplyTo, inReplyTo)
	}
	fmt.Fprintf(&b, "Content-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n", text)
	d := from[strings.LastIndexByte(from, '@')+1:]
	return mailin.Inbound{Raw: b.Bytes(), Verdicts: mailin.Verdicts{SPF: "PASS", DKIM: "PASS", DMARC: "PASS", Spam: "PASS", Virus: "PASS",
		MailFrom: d, DKIMDomains: []string{d}, DMARCDomain: d}}
}
