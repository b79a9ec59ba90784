package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/settings"
)

// The notice's HTML carries the logo and colours the shop's settings hold,
// read when the notice goes: a change in the console shows in the next one.
func TestNoticeCarriesSettingsBrand(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	svc := &settings.Service{Store: e.st, Clock: e.clk}
	e.n.Merchant = svc
	e.n.Brands = notify.MerchantBrands{Merchant: svc, Base: notify.Brand{ShopName: "Deployment name", FromAddress: "help@hearth.example"}}
	s := settings.Default(policy.Default())
	s.Policy.ShopName = "Hearth & Harbor"
	s.Brand = settings.Brand{LogoURL: "https://cdn.shopify.com/s/files/1/hh-logo.png", PrimaryColor: "#2f4858", AccentColor: "#d17a22"}
	if _, err := svc.Put(ctx, shop, s, "owner@example.com"); err != nil {
		t.Fatal(err)
	}
	e.n.ShipmentUpdated(ctx, e.sh)
	if len(e.box.sent) != 1 {
		t.Fatalf("sent %d mails, want the shipped notice", len(e.box.sent))
	}
	m := e.box.sent[0]
	for _, want := range []string{`<img src="https://cdn.shopify.com/s/files/1/hh-logo.png" alt="Hearth &amp; Harbor"`,
		"background:#2f4858", "background:#d17a22"} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("the notice's HTML lacks %q", want)
		}
	}
	if m.From.Name != "Hearth & Harbor" {
		t.Errorf("from name = %q, want the settings' shop name", m.From.Name)
	}

	// The merchant clears the logo and changes the primary colour: the
	// next notice shows the name and the new colour.
	s.Brand = settings.Brand{PrimaryColor: "#111111"}
	if _, err := svc.Put(ctx, shop, s, "owner@example.com"); err != nil {
		t.Fatal(err)
	}
	e.clk.Advance(time.Hour)
	out := e.sh
	out.Status, out.UpdatedAt = "out_for_delivery", e.clk.Now()
	e.n.ShipmentUpdated(ctx, out)
	if len(e.box.sent) != 2 {
		t.Fatalf("sent %d mails, want the out-for-delivery notice too", len(e.box.sent))
	}
	m = e.box.sent[1]
	if strings.Contains(m.HTML, "<img") || !strings.Contains(m.HTML, "background:#111111") || !strings.Contains(m.HTML, "background:"+notify.DefaultAccent) {
		t.Errorf("after the change the notice's HTML has a logo or lacks the new colours:\n%s", m.HTML)
	}
}
