package notify_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/email"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

const shop = "demo-shop.myshopify.com"

type mailbox struct {
	mu   sync.Mutex
	sent []email.Outgoing
	fail error
}

func (m *mailbox) Send(_ context.Context, o email.Outgoing) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return "", m.fail
	}
	m.sent = append(m.sent, o)
	return "<id@test>", nil
}

type texts struct{ sent []string }

func (t *texts) SendSMS(_ context.Context, to, text string) error {
	t.sent = append(t.sent, to+": "+text)
	return nil
}

func ts(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v.UTC()
}

type env struct {
	st  *bolt.Store
	n   *notify.Notifier
	box *mailbox
	sms *texts
	clk *clock.Manual
	o   order.Order
	sh  order.Shipment
}

func newEnv(t *testing.T) *env {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := &env{st: st, box: &mailbox{}, sms: &texts{}, clk: clock.NewFixed(ts(t, "2026-11-20T15:00:00Z"))}
	rules := edd.DefaultRules(time.UTC)
	e.n = &notify.Notifier{Store: st, Mail: e.box, SMS: e.sms, Clock: e.clk, Rules: &rules,
		Brands: notify.StaticBrand{ShopName: "Hearth & Harbor", FromAddress: "help@hearth.example", PrimaryColor: "#204030", AccentColor: "red;}body{x"},
		Keys:   signed.NewKeyring([]byte("k")), BaseURL: "https://doorstep.example", Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	created := ts(t, "2026-11-20T09:00:00Z")
	e.o = order.Order{Shop: shop, ID: "1", Name: "#1001", Email: "Maya.Okafor@example.com", CreatedAt: created, UpdatedAt: created,
		Customer:  order.Customer{FirstName: "Maya", LastName: "Okafor", Phone: "+15555550100"},
		LineItems: []order.LineItem{{ID: "l1", Title: "Harbor Stoneware Mug", Quantity: 2, Price: 2400}, {ID: "l2", Title: "Linen <Throw>", Quantity: 1}}}
	shipped := ts(t, "2026-11-20T12:00:00Z")
	e.sh = order.Shipment{Shop: shop, OrderID: "1", ID: "f1", State: "success", Status: order.StatusInTransit, Carrier: "UPS",
		TrackingNumber: "1Z1", CreatedAt: shipped, UpdatedAt: shipped, ShippedAt: &shipped, LastEventAt: shipped, LineItemIDs: []string{"l1"}}
	if _, err := st.Apply(t.Context(), store.Change{Shop: shop, Order: &e.o, Shipments: []order.Shipment{e.sh}}); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestShippingNotificationsOnceEach(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	e.n.ShipmentUpdated(ctx, e.sh)
	e.n.ShipmentUpdated(ctx, e.sh) // a duplicate webhook, or a retry
	ofd := e.sh
	ofd.Status, ofd.LastEventAt = order.StatusOutForDelivery, ts(t, "2026-11-20T13:00:00Z")
	e.n.ShipmentUpdated(ctx, ofd)
	del := ofd
	del.Status = order.StatusDelivered
	d := ts(t, "2026-11-20T14:30:00Z")
	del.DeliveredAt, del.LastEventAt = &d, d
	e.n.ShipmentUpdated(ctx, del)
	e.n.ShipmentUpdated(ctx, del)

	var subjects []string
	for _, m := range e.box.sent {
		subjects = append(subjects, m.Subject)
	}
	want := []string{"Your order #1001 is on its way", "Your order #1001 is out for delivery", "Your order #1001 was delivered"}
	if strings.Join(subjects, "|") != strings.Join(want, "|") {
		t.Errorf("sent %q, want %q", subjects, want)
	}
	if len(e.sms.sent) != 3 || !strings.HasPrefix(e.sms.sent[0], "+15555550100: Hearth & Harbor: your order #1001 has shipped") {
		t.Errorf("sms = %q", e.sms.sent)
	}
}

func TestShippedMailIsBranded(t *testing.T) {
	e := newEnv(t)
	e.n.ShipmentUpdated(t.Context(), e.sh)
	if len(e.box.sent) != 1 {
		t.Fatalf("sent %d", len(e.box.sent))
	}
	m := e.box.sent[0]
	if m.From.Name != "Hearth & Harbor" || m.From.Address != "help@hearth.example" || m.To.Address != "Maya.Okafor@example.com" {
		t.Errorf("from %v to %v", m.From, m.To)
	}
	for _, want := range []string{"background:#204030", "background:" + notify.DefaultAccent, "Hearth &amp; Harbor", "2 × Harbor Stoneware Mug",
		"https://doorstep.example/track?t=", "1Z1", "Estimated delivery"} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Contains(m.HTML, "Linen") {
		t.Error("the mail lists an item that is not in the parcel")
	}
	if !strings.Contains(m.Text, "Tracking number: 1Z1") || !strings.Contains(m.Text, "Stop shipping updates: https://doorstep.example/unsubscribe?token=") {
		t.Errorf("text = %s", m.Text)
	}
	if m.Headers["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click" || !strings.HasPrefix(m.Headers["List-Unsubscribe"], "<https://") {
		t.Errorf("headers = %v", m.Headers)
	}
	if _, err := m.MIME(); err != nil {
		t.Errorf("MIME: %v", err)
	}
}

func TestOldNewsSendsNothing(t *testing.T) {
	e := newEnv(t)
	e.clk.Advance(80 * time.Hour)
	e.n.ShipmentUpdated(t.Context(), e.sh)
	o := e.o
	e.n.OrderApplied(t.Context(), "orders/create", store.Change{Shop: shop, Order: &o})
	if len(e.box.sent) != 0 {
		t.Errorf("sent %d mails about old news", len(e.box.sent))
	}
}

func TestBackfillSendsNothing(t *testing.T) {
	e := newEnv(t)
	o := e.o
	ctx := notify.Backfill(t.Context())
	e.n.OrderApplied(ctx, "orders/create", store.Change{Shop: shop, Order: &o})
	e.n.ShipmentUpdated(ctx, e.sh)
	if len(e.box.sent) != 0 {
		t.Errorf("backfill sent %d mails", len(e.box.sent))
	}
	// Nothing was claimed either: news after the backfill is announced.
	e.n.ShipmentUpdated(t.Context(), e.sh)
	if len(e.box.sent) != 1 {
		t.Errorf("after the backfill, sent %d", len(e.box.sent))
	}
}

func TestOrderConfirmedOnce(t *testing.T) {
	e := newEnv(t)
	o := e.o
	for range 2 {
		e.n.OrderApplied(t.Context(), "orders/create", store.Change{Shop: shop, Order: &o})
	}
	e.n.OrderApplied(t.Context(), "orders/updated", store.Change{Shop: shop, Order: &o})
	if len(e.box.sent) != 1 || e.box.sent[0].Subject != "Order #1001 confirmed" {
		t.Errorf("sent %+v", e.box.sent)
	}
}

func TestFailedSendIsRetried(t *testing.T) {
	e := newEnv(t)
	e.box.fail = errors.New("ses down")
	nt := notify.Notice{Key: "k1", Kind: notify.KindDelayed, Order: e.o, Subject: "s", Heading: "h"}
	if sent, err := e.n.Deliver(t.Context(), nt); sent || err == nil {
		t.Fatalf("Deliver = %v, %v; want an error", sent, err)
	}
	e.box.fail = nil
	if sent, err := e.n.Deliver(t.Context(), nt); !sent || err != nil {
		t.Fatalf("retry = %v, %v", sent, err)
	}
	if sent, _ := e.n.Deliver(t.Context(), nt); sent {
		t.Error("sent twice")
	}
}

func TestOptOut(t *testing.T) {
	e := newEnv(t)
	srv := httptest.NewServer(http.HandlerFunc(e.n.ServeUnsubscribe))
	defer srv.Close()
	link := e.n.UnsubscribeURL(shop, e.o.Email)
	token := strings.TrimPrefix(link, "https://doorstep.example/unsubscribe?token=")

	// GET shows a button and changes nothing (mail scanners follow links).
	resp, err := http.Get(srv.URL + "/unsubscribe?token=" + token)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "ma***@example.com") || !strings.Contains(string(body), `<form method="post"`) {
		t.Errorf("GET = %d %s", resp.StatusCode, body)
	}
	// HEAD neither.
	req, _ := http.NewRequest(http.MethodHead, srv.URL+"/unsubscribe?token="+token, nil)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
	}
	if out, _ := e.n.OptedOut(t.Context(), shop, e.o.Email); out {
		t.Fatal("GET or HEAD opted the customer out")
	}
	// A tampered token is refused, on a page in the shop's name.
	resp, _ = http.PostForm(srv.URL+"/unsubscribe", url.Values{"token": {token + "x"}})
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(body), "Hearth &amp; Harbor") || strings.Contains(string(body), "our shop") {
		t.Errorf("tampered token: %d %s", resp.StatusCode, body)
	}
	// RFC 8058 one-click.
	resp, _ = http.PostForm(srv.URL+"/unsubscribe?token="+token, url.Values{"List-Unsubscribe": {"One-Click"}})
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("one-click: %d", resp.StatusCode)
	}
	if out, _ := e.n.OptedOut(t.Context(), shop, "maya.okafor@EXAMPLE.com"); !out {
		t.Fatal("not opted out")
	}
	// Shipping updates stop; a transactional notice still goes.
	e.n.ShipmentUpdated(t.Context(), e.sh)
	if len(e.box.sent) != 0 {
		t.Errorf("sent %d shipping mails after opt-out", len(e.box.sent))
	}
	sent, err := e.n.Deliver(t.Context(), notify.Notice{Kind: notify.Kind("refund"), Order: e.o, Subject: "Refund", Heading: "Refund", Transactional: true})
	if !sent || err != nil || strings.Contains(e.box.sent[0].Text, "unsubscribe") {
		t.Errorf("transactional notice: %v, %v", sent, err)
	}
}

func TestTokens(t *testing.T) {
	key := signed.NewKeyring([]byte("secret"))
	tok := notify.TrackToken(key, shop, "42")
	if s, o, err := notify.VerifyTrackToken(key, tok); err != nil || s != shop || o != "42" {
		t.Errorf("VerifyTrackToken = %q %q %v", s, o, err)
	}
	if _, _, err := notify.VerifyUnsubscribeToken(key, tok); err == nil {
		t.Error("a tracking token unsubscribed")
	}
	if _, _, err := notify.VerifyTrackToken(key, notify.UnsubscribeToken(key, shop, "a@example.com")); err == nil {
		t.Error("an unsubscribe token opened a tracking page")
	}
	if _, _, err := notify.VerifyTrackToken(signed.NewKeyring([]byte("other")), tok); err == nil {
		t.Error("a token verified under another key")
	}
	for _, bad := range []string{"", ".", "abc", "!!.!!", tok[:len(tok)-2]} {
		if _, _, err := notify.VerifyTrackToken(key, bad); err == nil {
			t.Errorf("%q verified", bad)
		}
	}
}

// A notifier with no BaseURL of its own links to the address the request
// came in on.
func TestRequestBase(t *testing.T) {
	e := newEnv(t)
	e.n.BaseURL = ""
	var sent bool
	h := notify.RequestBase(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent, _ = e.n.Deliver(r.Context(), notify.Notice{Key: "rb", Kind: notify.KindShipped, Order: e.o, Subject: "s", Heading: "h"})
	}))
	req := httptest.NewRequest(http.MethodPost, "/webhooks/tracking/easypost", nil)
	req.Host = "abc123.execute-api.us-east-1.amazonaws.com"
	h.ServeHTTP(httptest.NewRecorder(), req)
	if !sent || !strings.Contains(e.box.sent[0].Text, "https://abc123.execute-api.us-east-1.amazonaws.com/track?t=") {
		t.Errorf("sent %v: %s", sent, e.box.sent)
	}
}

// TestTrackingURLOnlyHTTP: with no tracking page to link, the mail links the
// carrier's tracking URL, but only an http(s) one.
func TestTrackingURLOnlyHTTP(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"https://www.ups.com/track?tracknum=1Z1", "https://www.ups.com/track?tracknum=1Z1"},
		{"javascript:alert(document.cookie)", ""},
		{"JavaScript:alert(1)", ""},
		{"data:text/html,<script>alert(1)</script>", ""},
		{"//evil.example/x", ""},
	} {
		t.Run(tc.url, func(t *testing.T) {
			e := newEnv(t)
			e.n.BaseURL, e.n.Keys = "", nil
			sh := e.sh
			sh.TrackingURL = tc.url
			e.n.ShipmentUpdated(t.Context(), sh)
			if len(e.box.sent) != 1 {
				t.Fatalf("sent %d", len(e.box.sent))
			}
			m := e.box.sent[0]
			for _, part := range []string{m.Text, m.HTML} {
				if tc.want == "" && (strings.Contains(strings.ToLower(part), "javascript:") || strings.Contains(part, "data:text") || strings.Contains(part, "evil.example")) {
					t.Errorf("mail carries %q:\n%s", tc.url, part)
				}
				if tc.want != "" && !strings.Contains(part, "tracknum=1Z1") {
					t.Errorf("mail lacks the tracking link:\n%s", part)
				}
			}
		})
	}
}

// The out-for-delivery notice says "today" only for a scan made today in
// the shop's zone; an older scan (a retried webhook, a late-evening scan
// read after midnight) names its day and says the estimate has passed.
func TestOutForDeliveryNoticeNamesTheDay(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, scan, now string
		subject, body   string
		notBody         string
		sms             string
	}{
		{"today", "2026-11-23T14:00:00Z", "2026-11-23T18:00:00Z", "Your order #1001 is out for delivery", "should arrive today", "went out", "is out for delivery today."},
		{"three days old (retried webhook)", "2026-11-20T14:00:00Z", "2026-11-23T10:00:00Z", "An update on your order #1001",
			"went out for delivery with UPS on Fri, Nov 20 and hasn't been marked delivered since", "today", "went out for delivery on Fri, Nov 20"},
		// 22:00 in New York on Nov 22 is 03:00 UTC on Nov 23.
		{"late-evening scan after midnight", "2026-11-23T03:00:00Z", "2026-11-23T06:00:00Z", "An update on your order #1001",
			"on Sun, Nov 22 and hasn't been marked delivered since", "today", "went out for delivery on Sun, Nov 22"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			rules := edd.DefaultRules(ny)
			e.n.Rules = &rules
			e.clk.Set(ts(t, tt.now))
			ofd := e.sh
			ofd.Status, ofd.LastEventAt, ofd.UpdatedAt = order.StatusOutForDelivery, ts(t, tt.scan), ts(t, tt.scan)
			if err := e.n.ShipmentUpdated(t.Context(), ofd); err != nil {
				t.Fatal(err)
			}
			if len(e.box.sent) != 1 || len(e.sms.sent) != 1 {
				t.Fatalf("sent %d mails, %d texts", len(e.box.sent), len(e.sms.sent))
			}
			m := e.box.sent[0]
			if m.Subject != tt.subject || !strings.Contains(m.Text, tt.body) || strings.Contains(m.Text, tt.notBody) {
				t.Errorf("mail %q:\n%s\nwant subject %q, %q and not %q", m.Subject, m.Text, tt.subject, tt.body, tt.notBody)
			}
			if !strings.Contains(e.sms.sent[0], tt.sms) {
				t.Errorf("sms %q, want %q", e.sms.sent[0], tt.sms)
			}
		})
	}
}
