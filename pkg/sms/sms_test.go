package sms_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/sms"
)

const shop = "demo-shop.myshopify.com"

// transport records what was sent; numbers in optedOut are refused as SNS
// refuses a number that replied STOP to it.
type transport struct {
	mu       sync.Mutex
	sent     []notify.SMSEntry
	optedOut map[string]bool
	optIns   []string
}

func (t *transport) SendSMS(_ context.Context, to, text string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.optedOut[to] {
		return notify.ErrSMSOptedOut
	}
	t.sent = append(t.sent, notify.SMSEntry{To: to, Text: text})
	return nil
}

func (t *transport) OptIn(_ context.Context, phone string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.optIns = append(t.optIns, phone)
	delete(t.optedOut, phone)
	return nil
}

func newService(t *testing.T) (*sms.Service, *transport, *clock.Manual) {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	tr := &transport{optedOut: map[string]bool{}}
	clk := clock.NewFixed(time.Date(2026, 12, 5, 16, 0, 0, 0, time.UTC))
	return &sms.Service{Store: st, Transport: tr, Keys: signed.NewKeyring([]byte("test-link-key-0123456789")), BaseURL: "https://d.example",
		Shop: shop, ShopName: "Hearth & Harbor", Clock: clk}, tr, clk
}

func demoOrder() order.Order {
	return order.Order{Shop: shop, ID: "5001", Name: "#1003", Email: "Dana@Example.com",
		Customer: order.Customer{Email: "dana@example.com", Phone: "+1 (617) 555-0142"}}
}

// A customer gets texts only after opting in; each text carries the short
// opt-out link; the link's GET changes nothing, its POST opts out; a STOP
// reply opts out too, START opts back in, and every step is a record.
func TestConsentLifecycle(t *testing.T) {
	s, tr, clk := newService(t)
	ctx := t.Context()
	o := demoOrder()

	if err := s.Text(ctx, o, "Hearth & Harbor: your order #1003 is running late."); err != nil {
		t.Fatal(err)
	}
	if len(tr.sent) != 0 {
		t.Fatalf("texted without consent: %v", tr.sent)
	}

	// Opt in on the tracking page with another number than the order's.
	if err := s.OptIn(ctx, shop, sms.Consent{Phone: "+44 7700 900149", Source: sms.SourceTrackingPage, OrderID: o.ID, Email: o.Email,
		Wording: sms.ConsentWording("Hearth & Harbor")}); err != nil {
		t.Fatal(err)
	}
	if err := s.Text(ctx, o, "Hearth & Harbor: your order #1003 is running late."); err != nil {
		t.Fatal(err)
	}
	if len(tr.sent) != 1 || tr.sent[0].To != "+447700900149" {
		t.Fatalf("sent = %v, want one text to the number given on the page", tr.sent)
	}
	text := tr.sent[0].Text
	i := strings.Index(text, "https://d.example/s/")
	if i < 0 {
		t.Fatalf("no opt-out link in %q", text)
	}
	if strings.Contains(text, "447700900149") {
		t.Errorf("the link names the number: %q", text)
	}
	if len(text) > 160 {
		t.Errorf("text is %d characters, more than one SMS: %q", len(text), text)
	}
	link := strings.TrimPrefix(text[i:], "https://d.example")

	mux := http.NewServeMux()
	mux.HandleFunc("GET /s/{ref}", s.ServeStop)
	mux.HandleFunc("POST /s/{ref}", s.ServeStop)
	for _, tt := range []struct {
		method, path string
		status       int
		optedIn      bool
	}{
		{"GET", link, 200, true},                  // a preview changes nothing
		{"GET", "/s/AAAAAAAAAAAAAAAA", 404, true}, // a made-up link
		{"POST", "/s/AAAAAAAAAAAAAAAA", 404, true},
		{"POST", link, 200, false},
	} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
		if rec.Code != tt.status {
			t.Errorf("%s %s = %d, want %d", tt.method, tt.path, rec.Code, tt.status)
		}
		n, err := s.Standing(ctx, shop, "+447700900149")
		if err != nil {
			t.Fatal(err)
		}
		if n.OptedIn != tt.optedIn {
			t.Errorf("after %s %s: opted in = %v, want %v", tt.method, tt.path, n.OptedIn, tt.optedIn)
		}
		if strings.Contains(rec.Body.String(), "447700900149") {
			t.Errorf("%s %s shows the whole number", tt.method, tt.path)
		}
	}
	if err := s.Text(ctx, o, "Hearth & Harbor: your order #1003 was delivered."); err != nil {
		t.Fatal(err)
	}
	if len(tr.sent) != 1 {
		t.Fatalf("texted after the opt-out link: %v", tr.sent[1:])
	}

	// Replies: START opts in again (and confirms), STOP opts out.
	clk.Set(clk.Now().Add(time.Hour))
	for _, tt := range []struct {
		body    string
		want    sms.Keyword
		optedIn bool
		texts   int
	}{
		{"Yes!", sms.KeywordStart, true, 2},
		{"where is my parcel?", sms.KeywordNone, true, 2},
		{"stop", sms.KeywordStop, false, 2},
		{"START", sms.KeywordStart, true, 3},
	} {
		clk.Set(clk.Now().Add(time.Minute))
		k, err := s.Receive(ctx, shop, sms.Inbound{From: "+447700900149", Body: tt.body})
		if err != nil {
			t.Fatal(err)
		}
		n, _ := s.Standing(ctx, shop, "+447700900149")
		if k != tt.want || n.OptedIn != tt.optedIn || len(tr.sent) != tt.texts {
			t.Errorf("reply %q: keyword %v, opted in %v, %d texts; want %v, %v, %d", tt.body, k, n.OptedIn, len(tr.sent), tt.want, tt.optedIn, tt.texts)
		}
	}
	if len(tr.optIns) != 3 {
		t.Errorf("transport opt-ins = %d, want 3 (page, YES, START)", len(tr.optIns))
	}
	consents, err := s.Consents(ctx, shop, "+447700900149")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range consents {
		got = append(got, c.Action+"/"+c.Source)
		if c.At.IsZero() {
			t.Errorf("consent without a time: %+v", c)
		}
	}
	want := "opt_in/tracking_page opt_out/sms_link opt_in/sms_reply opt_out/sms_reply opt_in/sms_reply"
	if strings.Join(got, " ") != want {
		t.Errorf("consents = %v, want %s", got, want)
	}
	if consents[0].Wording != sms.ConsentWording("Hearth & Harbor") || consents[0].OrderID != o.ID {
		t.Errorf("the page's consent lost its wording or order: %+v", consents[0])
	}

	// Erasure forgets the number, its standing and its consents.
	if err := s.Erase(ctx, shop, o.Email); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Consents(ctx, shop, "+447700900149"); len(c) != 0 {
		t.Errorf("consents after erasure: %v", c)
	}
	if n, _ := s.Standing(ctx, shop, "+447700900149"); n.OptedIn {
		t.Error("still opted in after erasure")
	}
}

// A number on the transport's opted-out list (SNS) is recorded as opted out
// and not texted again.
func TestCarrierOptOut(t *testing.T) {
	s, tr, _ := newService(t)
	ctx := t.Context()
	o := demoOrder()
	if _, err := s.Receive(ctx, shop, sms.Inbound{From: "+16175550142", Body: "START"}); err != nil {
		t.Fatal(err)
	}
	tr.optedOut["+16175550142"] = true // replied STOP to the sending number since
	if err := s.Text(ctx, o, "Hearth & Harbor: your order #1003 was delivered."); err != nil {
		t.Fatal(err)
	}
	n, _ := s.Standing(ctx, shop, "+16175550142")
	if n.OptedIn || n.Source != sms.SourceCarrier {
		t.Errorf("standing = %+v, want opted out by the carrier", n)
	}
}

func TestOptInRefusesBadNumbers(t *testing.T) {
	s, _, _ := newService(t)
	for _, p := range []string{"", "6175550142", "+1 617 555 0142 ext 3", "call me"} {
		if err := s.OptIn(t.Context(), shop, sms.Consent{Phone: p, Source: sms.SourceTrackingPage}); !errors.Is(err, sms.ErrBadPhone) {
			t.Errorf("OptIn(%q) = %v, want ErrBadPhone", p, err)
		}
	}
}

func TestClassify(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want sms.Keyword
	}{
		{"STOP", sms.KeywordStop},
		{" stop. ", sms.KeywordStop},
		{"Stop texting me", sms.KeywordStop},
		{"STOP ALL", sms.KeywordStop},
		{"unsubscribe", sms.KeywordStop},
		{"Opt out", sms.KeywordStop},
		{"cancel", sms.KeywordStop},
		{"cancel my order", sms.KeywordNone},
		{"Yes", sms.KeywordStart},
		{"y", sms.KeywordStart},
		{"start!", sms.KeywordStart},
		{"yes but where is it?", sms.KeywordNone},
		{"HELP", sms.KeywordHelp},
		{"ſtop", sms.KeywordNone}, // not ASCII: not read as STOP
		{"", sms.KeywordNone},
		{"🙂", sms.KeywordNone},
	} {
		if got := sms.Classify(tt.in); got != tt.want {
			t.Errorf("Classify(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseInbound(t *testing.T) {
	raw, err := os.ReadFile("../../events/sms/inbound_stop.json")
	if err != nil {
		t.Fatal(err)
	}
	var ev events.SNSEvent
	if err := json.Unmarshal(raw, &ev); err != nil {
		t.Fatal(err)
	}
	in, err := sms.ParseInbound(ev.Records[0].SNS.Message)
	if err != nil {
		t.Fatal(err)
	}
	if in.From != "+16175550142" || in.To != "+18445550100" || in.Body != "Stop" || in.ID == "" {
		t.Errorf("parsed %+v", in)
	}
	for _, bad := range []string{"", "{}", `{"originationNumber":"6175550142","messageBody":"STOP"}`, "[1]", `{"originationNumber":7}`,
		`{"originationNumber":"+16175550142","messageBody":"` + strings.Repeat("x", sms.MaxInbound) + `"}`} {
		if _, err := sms.ParseInbound(bad); !errors.Is(err, sms.ErrNotInbound) {
			t.Errorf("ParseInbound(%.40q) = %v, want ErrNotInbound", bad, err)
		}
	}
}

// Whatever arrives, a parsed message comes from a number in E.164, and its
// keyword does not depend on ASCII case, surrounding space or punctuation;
// a message that starts with STOP is always an opt-out.
func FuzzParseInbound(f *testing.F) {
	f.Add(`{"originationNumber":"+16175550142","destinationNumber":"+18445550100","messageBody":"Stop"}`)
	f.Add(`{"originationNumber":"+1 (617) 555-0142","messageBody":"yes please"}`)
	f.Add(`{"originationNumber":"+44","messageBody":"START"}`)
	f.Add(`not json`)
	f.Fuzz(func(t *testing.T, payload string) {
		in, err := sms.ParseInbound(payload)
		if err != nil {
			if !errors.Is(err, sms.ErrNotInbound) {
				t.Fatalf("error %v is not ErrNotInbound", err)
			}
			return
		}
		if in.From == "" || sms.Normalise(in.From) != in.From {
			t.Errorf("From %q is not E.164", in.From)
		}
		k := sms.Classify(in.Body)
		for _, v := range []string{strings.ToUpper(in.Body), strings.ToLower(in.Body), "  " + in.Body + " !", "\n" + in.Body + "."} {
			if ascii(in.Body) && sms.Classify(v) != k {
				t.Errorf("Classify(%q) = %v but Classify(%q) = %v", in.Body, k, v, sms.Classify(v))
			}
		}
		if sms.Classify("STOP "+in.Body) != sms.KeywordStop {
			t.Errorf("%q after STOP is not an opt-out", in.Body)
		}
	})
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// While the merchant has texts switched off, a START is recorded but not
// answered by text.
func TestRepliesWhileTextsAreOff(t *testing.T) {
	s, tr, _ := newService(t)
	s.Enabled = func(context.Context, string) (bool, error) { return false, nil }
	k, err := s.Receive(t.Context(), shop, sms.Inbound{From: "+16175550142", Body: "start"})
	if err != nil || k != sms.KeywordStart {
		t.Fatalf("Receive = %v, %v", k, err)
	}
	if n, _ := s.Standing(t.Context(), shop, "+16175550142"); !n.OptedIn {
		t.Error("START not recorded")
	}
	if len(tr.sent) != 0 {
		t.Errorf("answered by text while texts are off: %v", tr.sent)
	}
}
