package sms_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
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

	// Replies: START opts in again (and confirms), STOP opts out (and
	// confirms).
	clk.Set(clk.Now().Add(time.Hour))
	for _, tt := range []struct {
		body    string
		want    sms.Keyword
		optedIn bool
		texts   int
	}{
		{"Yes!", sms.KeywordStart, true, 2},
		{"where is my parcel?", sms.KeywordNone, true, 3},  // a general answer
		{"and where is it now?", sms.KeywordNone, true, 3}, // once a day
		{"stop", sms.KeywordStop, false, 4},
		{"START", sms.KeywordStart, true, 5},
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
	if err := s.OptIn(ctx, shop, sms.Consent{Phone: "+16175550142", Source: sms.SourceTrackingPage, OrderID: o.ID, Email: o.Email}); err != nil {
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

// Classify: the CTIA keywords alone (any case, spacing, punctuation) are
// keywords; a sentence that clearly asks for no more texts opts out too;
// a sentence that merely contains "stop" (or "cancel", "end", "quit")
// does not.
func TestClassify(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want sms.Keyword
	}{
		// The keywords alone.
		{"STOP", sms.KeywordStop},
		{" stop. ", sms.KeywordStop},
		{"Stop!!!", sms.KeywordStop},
		{"STOPALL", sms.KeywordStop},
		{"STOP ALL", sms.KeywordStop},
		{"unsubscribe", sms.KeywordStop},
		{"Opt out", sms.KeywordStop},
		{"cancel", sms.KeywordStop},
		{"End", sms.KeywordStop},
		{"quit", sms.KeywordStop},
		{"Yes", sms.KeywordStart},
		{"y", sms.KeywordStart},
		{"start!", sms.KeywordStart},
		{"UNSTOP", sms.KeywordStart},
		{"HELP", sms.KeywordHelp},
		{"info?", sms.KeywordHelp},
		// Sentences that clearly ask to stop texts.
		{"Stop texting me", sms.KeywordStop},
		{"stop please", sms.KeywordStop},
		{"please stop texting me", sms.KeywordStop},
		{"Please STOP sending me these messages.", sms.KeywordStop},
		{"I said STOP", sms.KeywordStop},
		{"stop it now!!", sms.KeywordStop},
		{"no more texts please", sms.KeywordStop},
		{"don't text me", sms.KeywordStop},
		{"Do not message me again", sms.KeywordStop},
		{"how do I unsubscribe from these?", sms.KeywordStop},
		{"opt me out", sms.KeywordStop},
		{"can you stop the late alerts", sms.KeywordStop},
		{"stop all", sms.KeywordStop},
		// Sentences with the words in them that ask for something else.
		{"cancel my order", sms.KeywordNone},
		{"cancel it", sms.KeywordNone},
		{"stop the delivery, I moved", sms.KeywordNone},
		{"the driver didn't stop at my house", sms.KeywordNone},
		{"when will it stop being late?", sms.KeywordNone},
		{"don't stop the updates, they're great", sms.KeywordNone},
		{"do not stop texting me", sms.KeywordNone},
		{"I got your text, where is it?", sms.KeywordNone},
		{"end of the week is fine", sms.KeywordNone},
		{"yes but where is it?", sms.KeywordNone},
		{"start the return", sms.KeywordNone},
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
		if sms.Classify("Please stop texting me. "+in.Body) != sms.KeywordStop {
			t.Errorf("%q after a clear request to stop is not an opt-out", in.Body)
		}
		for _, kw := range []string{"STOP", "stop please", "UNSUBSCRIBE!"} {
			if sms.Classify(kw+"\n"+strings.Repeat(" ", len(in.Body)%3)) != sms.KeywordStop {
				t.Errorf("%q is not an opt-out", kw)
			}
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

// While the merchant has texts switched off, a START (from a number that
// opted in and out before) is recorded but not answered by text.
func TestRepliesWhileTextsAreOff(t *testing.T) {
	s, tr, _ := newService(t)
	s.Enabled = func(context.Context, string) (bool, error) { return false, nil }
	if err := s.OptIn(t.Context(), shop, sms.Consent{Phone: "+16175550142", Source: sms.SourceTrackingPage}); err != nil {
		t.Fatal(err)
	}
	if err := s.OptOut(t.Context(), shop, "+16175550142", sms.SourceLink, ""); err != nil {
		t.Fatal(err)
	}
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

// What a customer's keyword does, one conversation by text at a time:
// STOP confirms exactly once and silences the number; START from a number
// we have no record of records nothing; HELP always answers.
func TestKeywordReplies(t *testing.T) {
	const phone = "+16175550142"
	type step struct {
		body string
		want sms.Keyword
	}
	for _, tt := range []struct {
		name string
		// known opts the number in on the tracking page first.
		known bool
		// textsOff switches texts off in the merchant's settings.
		textsOff bool
		// carrier: the transport has the number on its opted-out list
		// (AWS took the STOP and answered it itself).
		carrier bool
		steps   []step
		// then a notice about the order is sent.
		notice bool
		// texts are the texts sent, by their start.
		texts    []string
		optedIn  bool
		consents []string
	}{
		{name: "stop from an opted-in number", known: true, steps: []step{{"STOP", sms.KeywordStop}}, notice: true,
			texts: []string{"Hearth & Harbor: you're unsubscribed"}, consents: []string{"opt_in/tracking_page", "opt_out/sms_reply"}},
		{name: "stop twice (or redelivered) is confirmed once", known: true,
			steps: []step{{"stop", sms.KeywordStop}, {"STOP", sms.KeywordStop}, {"where is my parcel?", sms.KeywordNone}},
			texts: []string{"Hearth & Harbor: you're unsubscribed"}, consents: []string{"opt_in/tracking_page", "opt_out/sms_reply"}},
		{name: "a sentence asking to stop", known: true, steps: []step{{"please stop texting me", sms.KeywordStop}}, notice: true,
			texts: []string{"Hearth & Harbor: you're unsubscribed"}, consents: []string{"opt_in/tracking_page", "opt_out/sms_reply"}},
		{name: "a sentence with stop in it", known: true, steps: []step{{"the driver didn't stop", sms.KeywordNone}}, notice: true,
			texts: []string{"Hearth & Harbor: we can't discuss orders by text", "Hearth & Harbor: your order #1003"}, optedIn: true, consents: []string{"opt_in/tracking_page"}},
		{name: "stop from a number we never texted", steps: []step{{"Stop", sms.KeywordStop}},
			texts: []string{"Hearth & Harbor: you're unsubscribed"}, consents: []string{"opt_out/sms_reply"}},
		{name: "stop while texts are off is still confirmed", known: true, textsOff: true, steps: []step{{"STOP", sms.KeywordStop}},
			texts: []string{"Hearth & Harbor: you're unsubscribed"}, consents: []string{"opt_in/tracking_page", "opt_out/sms_reply"}},
		{name: "stop the carrier answered itself", known: true, carrier: true, steps: []step{{"STOP", sms.KeywordStop}, {"STOP", sms.KeywordStop}},
			consents: []string{"opt_in/tracking_page", "opt_out/sms_reply"}},
		{name: "start after stop", known: true, steps: []step{{"STOP", sms.KeywordStop}, {"START", sms.KeywordStart}}, notice: true,
			texts:    []string{"Hearth & Harbor: you're unsubscribed", "Hearth & Harbor: you'll get texts", "Hearth & Harbor: your order #1003"},
			optedIn:  true,
			consents: []string{"opt_in/tracking_page", "opt_out/sms_reply", "opt_in/sms_reply"}},
		{name: "start from a number with no record", steps: []step{{"START", sms.KeywordStart}}, notice: true,
			texts: []string{"Hearth & Harbor: we couldn't find"}},
		{name: "unstop from a number with no record, texts off", textsOff: true, steps: []step{{"unstop", sms.KeywordStart}}},
		{name: "yes from a number with no record", steps: []step{{"Yes", sms.KeywordStart}},
			texts: []string{"Hearth & Harbor: we couldn't find"}},
		{name: "help from a number with no record", steps: []step{{"HELP", sms.KeywordHelp}},
			texts: []string{"Hearth & Harbor order updates by text. Reply STOP"}},
		{name: "help while texts are off", textsOff: true, steps: []step{{"help", sms.KeywordHelp}},
			texts: []string{"Hearth & Harbor order updates by text. Reply STOP"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, tr, clk := newService(t)
			s.Contact = "support@hearthandharbor.example"
			s.Enabled = func(context.Context, string) (bool, error) { return !tt.textsOff, nil }
			ctx := t.Context()
			o := demoOrder()
			if tt.known {
				if err := s.OptIn(ctx, shop, sms.Consent{Phone: phone, Source: sms.SourceTrackingPage, OrderID: o.ID, Email: o.Email}); err != nil {
					t.Fatal(err)
				}
			}
			tr.optedOut[phone] = tt.carrier
			for _, st := range tt.steps {
				clk.Set(clk.Now().Add(time.Minute))
				k, err := s.Receive(ctx, shop, sms.Inbound{From: phone, Body: st.body})
				if err != nil || k != st.want {
					t.Fatalf("Receive(%q) = %v, %v; want %v", st.body, k, err, st.want)
				}
			}
			if tt.notice {
				if err := s.Text(ctx, o, "Hearth & Harbor: your order #1003 is running late."); err != nil {
					t.Fatal(err)
				}
			}
			if len(tr.sent) != len(tt.texts) {
				t.Fatalf("texts = %q, want %d starting %q", tr.sent, len(tt.texts), tt.texts)
			}
			for i, want := range tt.texts {
				got := tr.sent[i].Text
				if !strings.HasPrefix(got, want) || len(got) > 160 {
					t.Errorf("text %d = %q, want %q... in one SMS", i, got, want)
				}
				if strings.HasPrefix(want, "Hearth & Harbor: you're unsubscribed") && (!strings.Contains(got, "START") || strings.Contains(got, "http")) {
					t.Errorf("confirmation %q should say how to resubscribe and carry no link", got)
				}
				if strings.HasPrefix(want, "Hearth & Harbor order updates") && !strings.Contains(got, s.Contact) {
					t.Errorf("help %q does not say where to get help", got)
				}
			}
			n, err := s.Standing(ctx, shop, phone)
			if err != nil {
				t.Fatal(err)
			}
			if n.OptedIn != tt.optedIn {
				t.Errorf("opted in = %v, want %v", n.OptedIn, tt.optedIn)
			}
			consents, err := s.Consents(ctx, shop, phone)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range consents {
				got = append(got, c.Action+"/"+c.Source)
			}
			if strings.Join(got, " ") != strings.Join(tt.consents, " ") {
				t.Errorf("consents = %v, want %v", got, tt.consents)
			}
		})
	}
}

// Consent is the customer's: one customer's opt-in with a number texts
// about their orders only, not about another customer's order whose phone
// is that number, until that customer opts in too; a message from the
// shared number gets an answer that names neither order.
func TestConsentIsPerCustomer(t *testing.T) {
	const shared = "+16175550142"
	s, tr, clk := newService(t)
	s.Contact = "support@hearthandharbor.example"
	ctx := t.Context()
	daniel := order.Order{Shop: shop, ID: "5003", Name: "#1003", Email: "daniel.reyes@example.com",
		Customer: order.Customer{Email: "daniel.reyes@example.com", Phone: "+17205550119"}}
	maya := order.Order{Shop: shop, ID: "5001", Name: "#1001", Email: "maya.okafor@example.com",
		Customer: order.Customer{Email: "maya.okafor@example.com", Phone: shared}}
	mayaOld := maya
	mayaOld.ID, mayaOld.Name = "5007", "#1007"
	if err := s.OptIn(ctx, shop, sms.Consent{Phone: "+1 617 555 0142", Source: sms.SourceTrackingPage, OrderID: daniel.ID, Email: daniel.Email}); err != nil {
		t.Fatal(err)
	}
	texts := func() string {
		var out []string
		for _, m := range tr.sent {
			out = append(out, m.To+" "+m.Text[:strings.Index(m.Text, ".")])
		}
		tr.sent = nil
		return strings.Join(out, "\n")
	}
	for _, step := range []struct {
		name  string
		o     order.Order
		optIn bool // Maya opts in with the shared number first
		want  string
	}{
		{"Daniel, who opted in with the number", daniel, false, shared + " Hearth & Harbor: about #1003"},
		{"Maya, whose order has that number, did not opt in", maya, false, ""},
		{"Maya's other order neither", mayaOld, false, ""},
		{"Maya opts in with the same number", maya, true, shared + " Hearth & Harbor: about #1001"},
	} {
		if step.optIn {
			if err := s.OptIn(ctx, shop, sms.Consent{Phone: shared, Source: sms.SourceTrackingPage, OrderID: maya.ID, Email: maya.Email}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Text(ctx, step.o, "Hearth & Harbor: about "+step.o.Name+". More."); err != nil {
			t.Fatal(err)
		}
		if got := texts(); got != step.want {
			t.Errorf("%s: texts %q, want %q", step.name, got, step.want)
		}
	}
	if p, _ := s.NumberFor(ctx, daniel); p != shared {
		t.Errorf("Daniel's number = %q, want the one he gave", p)
	}
	// STOP from the number stops both; Daniel opting in again with it
	// brings back his texts, not Maya's; a START from the number (its
	// holder) brings back both.
	for _, step := range []struct {
		name, reply string
		daniel      bool // Daniel opts in again first
		want        string
	}{
		{"after STOP", "STOP", false, ""},
		{"Daniel opts in again", "", true, shared + " Hearth & Harbor: about #1003"},
		{"START from the number", "START", false, shared + " Hearth & Harbor: about #1003\n" + shared + " Hearth & Harbor: about #1001"},
	} {
		clk.Set(clk.Now().Add(time.Minute))
		if step.reply != "" {
			if _, err := s.Receive(ctx, shop, sms.Inbound{From: shared, Body: step.reply}); err != nil {
				t.Fatal(err)
			}
		}
		if step.daniel {
			if err := s.OptIn(ctx, shop, sms.Consent{Phone: shared, Source: sms.SourceTrackingPage, OrderID: daniel.ID, Email: daniel.Email}); err != nil {
				t.Fatal(err)
			}
		}
		tr.sent = nil
		for _, o := range []order.Order{daniel, maya} {
			if err := s.Text(ctx, o, "Hearth & Harbor: about "+o.Name+". More."); err != nil {
				t.Fatal(err)
			}
		}
		if got := texts(); got != step.want {
			t.Errorf("%s: texts %q, want %q", step.name, got, step.want)
		}
	}
	tr.sent = nil
	// The shared number asks about "my order": the answer names none.
	if _, err := s.Receive(ctx, shop, sms.Inbound{From: shared, Body: "where is my order?"}); err != nil {
		t.Fatal(err)
	}
	if len(tr.sent) != 1 {
		t.Fatalf("answers = %v, want one", tr.sent)
	}
	if a := tr.sent[0].Text; strings.Contains(a, "#10") || strings.Contains(a, "1001") || strings.Contains(a, "1003") || len(a) > 160 {
		t.Errorf("answer to a shared number %q names an order (or is over one SMS)", a)
	}
}

// Erasing a customer erases every number of theirs with its consents: the
// one their texts go to now, one they gave before and replaced, and one
// their order names that is known only from its replies (STOP); the
// export lists those consents. Another customer's number stays.
func TestEraseEveryNumberOfTheCustomer(t *testing.T) {
	const (
		replaced = "+447700900149"
		current  = "+447700900150"
		replied  = "+16175550142" // the order's number (demoOrder), never given on the page
		others   = "+447700900777"
	)
	for _, tt := range []struct {
		name   string
		phones []string // the numbers their orders name
		gone   []string
		kept   []string
	}{
		{"with their orders' numbers", sms.OrderPhones([]order.Order{demoOrder()}), []string{current, replaced, replied}, []string{others}},
		{"without", nil, []string{current, replaced}, []string{replied, others}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, _, clk := newService(t)
			ctx := t.Context()
			o := demoOrder()
			for _, c := range []sms.Consent{
				{Phone: replaced, Email: o.Email, OrderID: o.ID},
				{Phone: current, Email: "DANA@example.com", OrderID: o.ID},
				{Phone: others, Email: "tom@example.com", OrderID: "5002"},
			} {
				clk.Set(clk.Now().Add(time.Minute))
				c.Source = sms.SourceTrackingPage
				if err := s.OptIn(ctx, shop, c); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.Receive(ctx, shop, sms.Inbound{From: replied, Body: "STOP"}); err != nil {
				t.Fatal(err)
			}
			exported, err := s.CustomerConsents(ctx, shop, o.Email, tt.phones...)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range exported {
				got = append(got, c.Phone)
			}
			if !slices.Equal(got, tt.gone) {
				t.Errorf("exported consents of %q, want %q", got, tt.gone)
			}
			if err := s.Erase(ctx, shop, o.Email, tt.phones...); err != nil {
				t.Fatal(err)
			}
			for _, p := range tt.gone {
				if c, _ := s.Consents(ctx, shop, p); len(c) != 0 {
					t.Errorf("%s: %d consents after erasure", p, len(c))
				}
				if n, _ := s.Standing(ctx, shop, p); n.Source != "" {
					t.Errorf("%s: standing after erasure: %+v", p, n)
				}
			}
			for _, p := range tt.kept {
				if c, _ := s.Consents(ctx, shop, p); len(c) != 1 {
					t.Errorf("%s: %d consents, want its 1 kept", p, len(c))
				}
			}
			// Texts go only to a number the customer gave; with their
			// consents erased, none is left, not even the order's own.
			if n, err := s.NumberFor(ctx, o); err != nil || n != "" {
				t.Errorf("number for the order after erasure = %q %v, want none", n, err)
			}
		})
	}
}

// A tracking-page opt-in is confirmed to the number at once, naming the
// shop and how to stop, while the shop sends texts; not when it sends none.
func TestConfirmOptIn(t *testing.T) {
	for _, tt := range []struct {
		name string
		on   bool
		want int
	}{{"texts on", true, 1}, {"texts off", false, 0}} {
		t.Run(tt.name, func(t *testing.T) {
			s, tr, _ := newService(t)
			s.Enabled = func(context.Context, string) (bool, error) { return tt.on, nil }
			ctx := t.Context()
			if err := s.OptIn(ctx, shop, sms.Consent{Phone: "+1 720 555 0119", Source: sms.SourceTrackingPage, Email: "dana@example.com"}); err != nil {
				t.Fatal(err)
			}
			if err := s.ConfirmOptIn(ctx, shop, "+1 720 555 0119"); err != nil {
				t.Fatal(err)
			}
			if len(tr.sent) != tt.want {
				t.Fatalf("sent = %v, want %d texts", tr.sent, tt.want)
			}
			if tt.want == 0 {
				return
			}
			m := tr.sent[0]
			for _, w := range []string{"Hearth & Harbor:", "tracking page", "Reply STOP", "https://d.example/s/"} {
				if m.To != "+17205550119" || !strings.Contains(m.Text, w) {
					t.Errorf("confirmation %q to %s lacks %q", m.Text, m.To, w)
				}
			}
			if err := s.ConfirmOptIn(ctx, shop, "not a number"); !errors.Is(err, sms.ErrBadPhone) {
				t.Errorf("ConfirmOptIn(bad number) = %v, want ErrBadPhone", err)
			}
		})
	}
}
