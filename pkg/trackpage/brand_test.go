package trackpage_test

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/settings"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/trackpage"
)

// The page shows the logo and colours of the shop's settings, read per
// request, and lets the browser load a logo served on this machine.
func TestPageShowsSettingsBrand(t *testing.T) {
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc := &settings.Service{Store: st, Clock: clock.NewFixed(time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC))}
	p := &trackpage.Page{Shop: shop, Keys: signed.NewKeyring([]byte("k")),
		Brands: notify.MerchantBrands{Merchant: svc, Base: notify.Brand{ShopName: "Deployment name"}}}
	for _, tt := range []struct {
		name  string
		brand settings.Brand
		want  []string
		not   []string
		csp   string
	}{
		{name: "defaults", want: []string{"--primary:" + notify.DefaultPrimary, "--accent:" + notify.DefaultAccent, `<a href="/track">Hearth &amp; Harbor</a>`},
			not: []string{"<img"}, csp: "img-src 'self' https:;"},
		{name: "https logo and colours", brand: settings.Brand{LogoURL: "https://cdn.shopify.com/s/files/1/hh.png", PrimaryColor: "#2f4858", AccentColor: "#d17a22"},
			want: []string{`<img src="https://cdn.shopify.com/s/files/1/hh.png" alt="Hearth &amp; Harbor">`, "--primary:#2f4858", "--accent:#d17a22"},
			csp:  "img-src 'self' https:;"},
		{name: "logo on this machine", brand: settings.Brand{LogoURL: "http://localhost:8080/demo/logo.svg"},
			want: []string{`<img src="http://localhost:8080/demo/logo.svg"`}, csp: "img-src 'self' https: http://localhost:8080;"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := settings.Default(policy.Default())
			s.Policy.ShopName = "Hearth & Harbor"
			s.Brand = tt.brand
			if _, err := svc.Put(t.Context(), shop, s, "owner@example.com"); err != nil {
				t.Fatal(err)
			}
			rec := httptest.NewRecorder()
			p.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/track", nil))
			body := rec.Body.String()
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(body, w) {
					t.Errorf("page has %q", w)
				}
			}
			if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, tt.csp) {
				t.Errorf("CSP = %q, want %q in it", csp, tt.csp)
			}
		})
	}
}
