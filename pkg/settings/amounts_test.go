package settings_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/money"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/settings"
)

// TestAmounts: money settings are shown and typed in the shop's currency
// (no minor units for JPY, three for KWD), and a bad amount is refused
// with the reason, changing nothing.
func TestAmounts(t *testing.T) {
	tests := []struct {
		name     string
		currency string
		in       map[string]string
		want     map[string]string // Amounts() after, when accepted
		wantErr  map[string]string // field → part of the problem
	}{
		{name: "dollars", currency: "", in: map[string]string{"policy.keep_it_limit": "30", "policy.refund_auto_limit": "1,250.5"},
			want: map[string]string{"policy.keep_it_limit": "30.00", "policy.refund_auto_limit": "1250.50"}},
		{name: "yen", currency: "JPY", in: map[string]string{"policy.keep_it_limit": "3000", "outreach.discount_amount": "500"},
			want: map[string]string{"policy.keep_it_limit": "3000", "outreach.discount_amount": "500"}},
		{name: "yen with zero decimals", currency: "JPY", in: map[string]string{"policy.keep_it_limit": "3000.00"},
			want: map[string]string{"policy.keep_it_limit": "3000"}},
		{name: "dinars", currency: "KWD", in: map[string]string{"policy.cancel_auto_limit": "12.345"},
			want: map[string]string{"policy.cancel_auto_limit": "12.345"}},
		{name: "yen has no minor units", currency: "JPY", in: map[string]string{"policy.keep_it_limit": "30.50", "policy.refund_auto_limit": "100"},
			wantErr: map[string]string{"policy.keep_it_limit": "JPY has no minor units"}},
		{name: "cents past two", currency: "USD", in: map[string]string{"policy.keep_it_limit": "30.505"},
			wantErr: map[string]string{"policy.keep_it_limit": "USD has 2 decimals"}},
		{name: "words, another currency's symbol", currency: "EUR", in: map[string]string{"policy.keep_it_limit": "thirty", "policy.refund_auto_limit": "$30"},
			wantErr: map[string]string{"policy.keep_it_limit": "is not an amount of EUR", "policy.refund_auto_limit": "is not an amount of EUR"}},
		{name: "as the console shows them", currency: "JPY", in: map[string]string{"policy.keep_it_limit": "¥3,000", "policy.refund_auto_limit": "JPY 12,000"},
			want: map[string]string{"policy.keep_it_limit": "3000", "policy.refund_auto_limit": "12000"}},
		{name: "the shop's symbol", currency: "EUR", in: map[string]string{"policy.refund_auto_limit": "€30"},
			want: map[string]string{"policy.refund_auto_limit": "30.00"}},
		{name: "negative", currency: "USD", in: map[string]string{"outreach.discount_amount": "-5"},
			wantErr: map[string]string{"outreach.discount_amount": "negative"}},
		{name: "empty", currency: "USD", in: map[string]string{"outreach.discount_amount": " "},
			wantErr: map[string]string{"outreach.discount_amount": "empty"}},
		{name: "commas out of place", currency: "USD", in: map[string]string{"policy.keep_it_limit": "1,2,3"},
			wantErr: map[string]string{"policy.keep_it_limit": "commas"}},
		{name: "not a money field", currency: "USD", in: map[string]string{"policy.return_window_days": "30"},
			wantErr: map[string]string{"policy.return_window_days": "not an amount setting"}},
		{name: "unknown currency", currency: "XYZ", in: map[string]string{"policy.keep_it_limit": "30"},
			wantErr: map[string]string{"currency": "currency code"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := settings.Default(policy.Default())
			s.Currency = tt.currency
			before := s
			err := s.SetAmounts(tt.in)
			if tt.wantErr != nil {
				var ve *settings.ValidationError
				if !errors.As(err, &ve) {
					t.Fatalf("err = %v, want a ValidationError", err)
				}
				for f, w := range tt.wantErr {
					if !strings.Contains(ve.Problems[f], w) {
						t.Errorf("%s: problem %q, want %q", f, ve.Problems[f], w)
					}
				}
				if d := cmp.Diff(before, s); d != "" {
					t.Errorf("a refused amount changed the settings:\n%s", d)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Validate(); err != nil {
				t.Fatal(err)
			}
			got := s.Amounts()
			for f, w := range tt.want {
				if got[f] != w {
					t.Errorf("%s = %q, want %q", f, got[f], w)
				}
			}
		})
	}
}

// TestValidateAmountsInCurrency: the upper bound is in the shop's currency
// and the error says it in that currency.
func TestValidateAmountsInCurrency(t *testing.T) {
	s := settings.Default(policy.Default())
	s.Currency = "jpy"
	s.Policy.KeepItLimit = 10_000_001
	var ve *settings.ValidationError
	if err := s.Validate(); !errors.As(err, &ve) || ve.Problems["policy.keep_it_limit"] != "must be from 0 to ¥10,000,000" {
		t.Fatalf("err = %v", err)
	}
	if s.Currency != "JPY" {
		t.Errorf("currency %q not tidied", s.Currency)
	}
	s.Policy.KeepItLimit = 10_000_000
	if err := s.Validate(); err != nil {
		t.Errorf("¥10,000,000: %v", err)
	}
	s.Currency = "dollars"
	if err := s.Validate(); !errors.As(err, &ve) || ve.Problems["currency"] == "" {
		t.Errorf("bad currency: %v", err)
	}
}

// FuzzSetAmounts: whatever is typed, an accepted amount reads back as the
// same number (Amounts then SetAmounts again changes nothing) and is what
// the decimal said, never rounded; a refused one changes nothing.
func FuzzSetAmounts(f *testing.F) {
	for _, seed := range []struct{ text, cur string }{
		{"30", "USD"}, {"1,250.50", "USD"}, {"3000", "JPY"}, {"30.5", "JPY"}, {"12.345", "KWD"},
		{"-1", "USD"}, {"1e3", "USD"}, {"", "EUR"}, {"99999999999999999999", "USD"}, {"0.000", "JPY"},
	} {
		f.Add(seed.text, seed.cur)
	}
	f.Fuzz(func(t *testing.T, text, cur string) {
		s := settings.Default(policy.Default())
		s.Currency = cur
		before := s
		err := s.SetAmounts(map[string]string{"policy.keep_it_limit": text})
		if err != nil {
			if d := cmp.Diff(before, s); d != "" {
				t.Fatalf("refused %q changed the settings:\n%s", text, d)
			}
			return
		}
		v := int64(s.Policy.KeepItLimit)
		if v < 0 {
			t.Fatalf("%q %s accepted as %d", text, cur, v)
		}
		shown := s.Amounts()["policy.keep_it_limit"]
		if back, err := money.ParseDecimal(shown, s.ShopCurrency()); err != nil || back != v {
			t.Fatalf("%q %s → %d shown as %q → %d, %v", text, cur, v, shown, back, err)
		}
		again := s
		if err := again.SetAmounts(map[string]string{"policy.keep_it_limit": shown}); err != nil || again.Policy.KeepItLimit != s.Policy.KeepItLimit {
			t.Fatalf("%q shown as %q does not read back: %v", text, shown, err)
		}
		if want, err := money.ParseDecimal(strings.ReplaceAll(strings.TrimSpace(text), ",", ""), s.ShopCurrency()); err != nil || want != v {
			t.Fatalf("%q %s accepted as %d, but the decimal says %d (%v)", text, cur, v, want, err)
		}
	})
}
