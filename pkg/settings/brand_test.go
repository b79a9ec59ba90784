package settings_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/settings"
)

func TestValidateBrand(t *testing.T) {
	for _, tc := range []struct {
		name  string
		brand settings.Brand
		want  settings.Brand    // after tidying, when valid
		bad   map[string]string // field → a word the problem must hold
	}{
		{name: "empty keeps the defaults"},
		{name: "https logo and colours", brand: settings.Brand{LogoURL: " https://cdn.shopify.com/s/files/logo.png ", PrimaryColor: " #2F4858", AccentColor: "#c8553d"},
			want: settings.Brand{LogoURL: "https://cdn.shopify.com/s/files/logo.png", PrimaryColor: "#2f4858", AccentColor: "#c8553d"}},
		{name: "http on this machine", brand: settings.Brand{LogoURL: "http://127.0.0.1:8080/brand/logo.svg"},
			want: settings.Brand{LogoURL: "http://127.0.0.1:8080/brand/logo.svg"}},
		{name: "http elsewhere", brand: settings.Brand{LogoURL: "http://cdn.example.com/logo.png"}, bad: map[string]string{"brand.logo_url": "https://"}},
		{name: "not a URL", brand: settings.Brand{LogoURL: "logo.png"}, bad: map[string]string{"brand.logo_url": "https://"}},
		{name: "javascript", brand: settings.Brand{LogoURL: "javascript:alert(1)"}, bad: map[string]string{"brand.logo_url": "https://"}},
		{name: "data URL", brand: settings.Brand{LogoURL: "data:image/png;base64,AAAA"}, bad: map[string]string{"brand.logo_url": "https://"}},
		{name: "quote in URL", brand: settings.Brand{LogoURL: `https://x.example/a"onerror="x`}, bad: map[string]string{"brand.logo_url": "quotes"}},
		{name: "too long", brand: settings.Brand{LogoURL: "https://x.example/" + strings.Repeat("a", settings.MaxLogoURL)}, bad: map[string]string{"brand.logo_url": "at most"}},
		{name: "colour name", brand: settings.Brand{PrimaryColor: "red"}, bad: map[string]string{"brand.primary_color": "#rrggbb"}},
		{name: "short hex", brand: settings.Brand{AccentColor: "#fff"}, bad: map[string]string{"brand.accent_color": "#rrggbb"}},
		{name: "no hash", brand: settings.Brand{AccentColor: "2f4858"}, bad: map[string]string{"brand.accent_color": "#rrggbb"}},
		{name: "css injection", brand: settings.Brand{PrimaryColor: "#000000;}body{x"}, bad: map[string]string{"brand.primary_color": "#rrggbb"}},
		{name: "all three wrong", brand: settings.Brand{LogoURL: "ftp://x.example/l.png", PrimaryColor: "blue", AccentColor: "#12345g"},
			bad: map[string]string{"brand.logo_url": "https://", "brand.primary_color": "#rrggbb", "brand.accent_color": "#rrggbb"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := settings.Default(policy.Default())
			s.Brand = tc.brand
			err := s.Validate()
			if len(tc.bad) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				if s.Brand != tc.want {
					t.Errorf("brand after Validate = %+v, want %+v", s.Brand, tc.want)
				}
				return
			}
			var ve *settings.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Validate() = %v, want a ValidationError", err)
			}
			if len(ve.Problems) != len(tc.bad) {
				t.Errorf("problems = %v, want only %v", ve.Problems, tc.bad)
			}
			for field, word := range tc.bad {
				if !strings.Contains(ve.Problems[field], word) {
					t.Errorf("problem with %s = %q, want it to say %q", field, ve.Problems[field], word)
				}
			}
		})
	}
}

// A save with a bad brand stores nothing: the earlier settings stay.
func TestBadBrandLosesNothing(t *testing.T) {
	st := openStore(t)
	svc := &settings.Service{Store: st, Clock: clock.NewFixed(time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC))}
	s, _ := svc.Get(t.Context(), shop)
	s.Brand = settings.Brand{LogoURL: "https://cdn.example.com/logo.svg", PrimaryColor: "#2f4858"}
	if _, err := svc.Put(t.Context(), shop, s, "dev"); err != nil {
		t.Fatal(err)
	}
	s.Brand.PrimaryColor = "dark green"
	if _, err := svc.Put(t.Context(), shop, s, "dev"); err == nil {
		t.Fatal("a colour that is not #rrggbb was saved")
	}
	other := &settings.Service{Store: st, Clock: clock.NewManual()}
	got, err := other.Get(t.Context(), shop)
	if err != nil {
		t.Fatal(err)
	}
	if want := (settings.Brand{LogoURL: "https://cdn.example.com/logo.svg", PrimaryColor: "#2f4858"}); got.Brand != want {
		t.Errorf("stored brand after a refused save = %+v, want %+v", got.Brand, want)
	}
}
