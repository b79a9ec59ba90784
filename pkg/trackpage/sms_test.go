package trackpage_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/catalog"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/sms"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/trackpage"
)

type nullSMS struct{}

func (nullSMS) SendSMS(context.Context, string, string) error { return nil }

// smsSetup is a page over one shipped order whose lines have pictures, with
// texts switched on or off.
func smsSetup(t *testing.T, on bool) (*httptest.Server, *sms.Service, order.Order) {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := t.Context()
	now := time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC)
	shipped := now.Add(-24 * time.Hour)
	o := order.Order{Shop: shop, ID: "5500000001003", Name: "#1003", Email: "Daniel.Reyes@example.com", Currency: "USD",
		CreatedAt: now.Add(-48 * time.Hour), UpdatedAt: now.Add(-48 * time.Hour), FinancialStatus: "paid",
		LineItems: []order.LineItem{
			{ID: "1", ProductID: "p1", VariantID: "v12", Title: "Harbor Stoneware Mug", Variant: "Charcoal / 12 oz", Quantity: 2, Price: 2400},
			{ID: "2", ProductID: "p2", VariantID: "v21", Title: "Linen Throw", Variant: "Oatmeal", Quantity: 1, Price: 8900},
			{ID: "3", ProductID: "p3", Title: "Gift Card", Quantity: 1, Price: 2500},
		}}
	sh := order.Shipment{Shop: shop, OrderID: o.ID, ID: "f1", State: "success", Status: order.StatusInTransit, Carrier: "UPS",
		TrackingNumber: "1Z9", CreatedAt: shipped, UpdatedAt: shipped, ShippedAt: &shipped, LastEventAt: shipped}
	if _, err := st.Apply(ctx, store.Change{Shop: shop, Order: &o, Shipments: []order.Shipment{sh}}); err != nil {
		t.Fatal(err)
	}
	for id, img := range map[string]catalog.Images{
		"p1": {Image: "https://cdn.shopify.com/mug.jpg", Variants: map[string]string{"v12": "https://cdn.shopify.com/mug-charcoal.jpg"}},
		"p2": {Image: "javascript:alert(1)"}, // never shown
	} {
		if err := catalog.RecordImages(ctx, st, shop, id, img); err != nil {
			t.Fatal(err)
		}
	}
	clk := clock.NewFixed(now)
	svc := &sms.Service{Store: st, Transport: nullSMS{}, Keys: key, BaseURL: "https://d.example", Shop: shop, ShopName: "Hearth & Harbor", Clock: clk,
		Enabled: func(context.Context, string) (bool, error) { return on, nil }}
	p := &trackpage.Page{Store: st, Shop: shop, Brands: notify.StaticBrand(notify.Brand{ShopName: "Hearth & Harbor"}),
		Rules: edd.DefaultRules(time.UTC), Keys: key, Clock: clk, SMS: svc}
	mux := http.NewServeMux()
	mux.Handle("GET /track", p)
	mux.HandleFunc("POST /track/sms", p.ServeSMSOptIn)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, svc, o
}

// Each line of a parcel shows its picture (the variant's where it has
// one), its title and the variant chosen; an unsafe picture URL is not
// shown.
func TestLinesShowPicturesAndVariants(t *testing.T) {
	srv, _, o := smsSetup(t, false)
	status, body, _ := get(t, srv.URL+"/track?t="+url.QueryEscape(notify.TrackToken(key, shop, o.ID)))
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	for _, want := range []string{
		`src="https://cdn.shopify.com/mug-charcoal.jpg" alt="Harbor Stoneware Mug"`,
		`2 × Harbor Stoneware Mug</span><span class="line-variant">Charcoal / 12 oz</span>`,
		`Linen Throw</span><span class="line-variant">Oatmeal</span>`,
		`<span class="line-title">Gift Card</span>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(body, "javascript:") {
		t.Error("page shows an unsafe picture URL")
	}
	if n := strings.Count(body, `data-testid="line"`); n != 3 {
		t.Errorf("%d lines shown, want 3", n)
	}
	if strings.Contains(body, `id="sms"`) {
		t.Error("texts are off, but the page offers them")
	}
}

// The tracking page's opt-in needs a number in international form and the
// consent box; it records one consent with the page's wording, and the
// page then says where texts go, masked.
func TestTrackPageSMSOptIn(t *testing.T) {
	srv, svc, o := smsSetup(t, true)
	token := notify.TrackToken(key, shop, o.ID)
	_, page, _ := get(t, srv.URL+"/track?t="+url.QueryEscape(token))
	if !strings.Contains(page, `action="/track/sms"`) || !strings.Contains(page, "Msg &amp; data rates may apply") {
		t.Fatal("no opt-in form on the page")
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tt := range []struct {
		name   string
		form   url.Values
		status int
		want   string
		origin string
	}{
		{"no consent", url.Values{"t": {token}, "phone": {"+1 720 555 0119"}}, 400, "Tick the box", ""},
		{"no country code", url.Values{"t": {token}, "phone": {"720 555 0119"}, "consent": {"yes"}}, 400, "country code", ""},
		{"bad token", url.Values{"t": {token + "x"}, "phone": {"+17205550119"}, "consent": {"yes"}}, 400, "not valid", ""},
		// No Sec-Fetch-Site (an older browser): another site's Origin is refused.
		{"foreign origin", url.Values{"t": {token}, "phone": {"+17205550119"}, "consent": {"yes"}}, 403, "another site", "https://evil.example"},
		{"opt in", url.Values{"t": {token}, "phone": {"+1 (720) 555-0119"}, "consent": {"yes"}}, 303, "", srv.URL},
	} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/track/sms", strings.NewReader(tt.form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if tt.origin != "" {
			req.Header.Set("Origin", tt.origin)
		}
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		_, _ = io.Copy(&b, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || !strings.Contains(b.String(), tt.want) {
			t.Errorf("%s: %d, want %d with %q", tt.name, resp.StatusCode, tt.status, tt.want)
		}
		if tt.status == 303 {
			_, after, _ := get(t, srv.URL+resp.Header.Get("Location"))
			if !strings.Contains(after, "Done: we'll text •••• 0119") {
				t.Errorf("after opting in, the page says: %s", section(after, `id="sms"`))
			}
		}
	}
	consents, err := svc.Consents(t.Context(), shop, "+17205550119")
	if err != nil {
		t.Fatal(err)
	}
	if len(consents) != 1 {
		t.Fatalf("consents = %+v, want one", consents)
	}
	c := consents[0]
	if c.Source != sms.SourceTrackingPage || c.OrderID != o.ID || c.Email != "daniel.reyes@example.com" ||
		c.Wording != sms.ConsentWording("Hearth & Harbor") || c.At.IsZero() || c.Action != sms.OptInAction {
		t.Errorf("consent = %+v", c)
	}
}

func section(page, marker string) string {
	i := strings.Index(page, marker)
	if i < 0 {
		return "(none)"
	}
	return page[i:min(len(page), i+400)]
}

type sentSMS struct{ to, text []string }

func (s *sentSMS) SendSMS(_ context.Context, to, text string) error {
	s.to, s.text = append(s.to, to), append(s.text, text)
	return nil
}

// Opting in on the page texts the number a confirmation that names the
// shop and says how to stop: someone who typed another person's number
// does not sign them up silently.
func TestTrackPageOptInIsConfirmed(t *testing.T) {
	srv, svc, o := smsSetup(t, true)
	sent := &sentSMS{}
	svc.Transport = sent
	form := url.Values{"t": {notify.TrackToken(key, shop, o.ID)}, "phone": {"+1 (720) 555-0119"}, "consent": {"yes"}}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/track/sms", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", srv.URL)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d, want 303", res.StatusCode)
	}
	if len(sent.text) != 1 || sent.to[0] != "+17205550119" || !strings.Contains(sent.text[0], "Hearth & Harbor") || !strings.Contains(sent.text[0], "Reply STOP") {
		t.Errorf("texts = %q to %q, want one confirmation naming the shop and STOP", sent.text, sent.to)
	}
}
