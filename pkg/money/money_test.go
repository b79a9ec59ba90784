package money

import (
	"errors"
	"math"
	"testing"
)

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		minor    int64
		currency string
		want     string
		decimal  string
	}{
		{0, "USD", "$0.00", "0.00"},
		{5, "USD", "$0.05", "0.05"},
		{1200, "USD", "$12.00", "12.00"},
		{-1200, "USD", "-$12.00", "-12.00"},
		{123456789, "USD", "$1,234,567.89", "1234567.89"},
		{-5, "usd", "-$0.05", "-0.05"},
		{1200, "JPY", "¥1,200", "1200"},
		{-1200, "JPY", "-¥1,200", "-1200"},
		{999, "JPY", "¥999", "999"},
		{1500, "KWD", "KWD 1.500", "1.500"},
		{-1, "BHD", "-BHD 0.001", "-0.001"},
		{4999, "EUR", "€49.99", "49.99"},
		{4999, "GBP", "£49.99", "49.99"},
		{4999, "CAD", "CA$49.99", "49.99"},
		{123456, "KRW", "₩123,456", "123456"},
		{1200, "", "12.00", "12.00"},
		{1200, "ZZZ", "ZZZ 12.00", "12.00"},
		{1200, "not a code", "12.00", "12.00"},
		{math.MinInt64, "USD", "-$92,233,720,368,547,758.08", "-92233720368547758.08"},
		{math.MaxInt64, "JPY", "¥9,223,372,036,854,775,807", "9223372036854775807"},
	} {
		if got := Format(tc.minor, tc.currency); got != tc.want {
			t.Errorf("Format(%d, %q) = %q, want %q", tc.minor, tc.currency, got, tc.want)
		}
		if got := Decimal(tc.minor, tc.currency); got != tc.decimal {
			t.Errorf("Decimal(%d, %q) = %q, want %q", tc.minor, tc.currency, got, tc.decimal)
		}
		if got, err := Parse(tc.want, tc.currency); err != nil || got != tc.minor {
			t.Errorf("Parse(%q, %q) = %d, %v, want %d", tc.want, tc.currency, got, err, tc.minor)
		}
		if got, err := ParseDecimal(tc.decimal, tc.currency); err != nil || got != tc.minor {
			t.Errorf("ParseDecimal(%q, %q) = %d, %v, want %d", tc.decimal, tc.currency, got, err, tc.minor)
		}
	}
}

func TestDigits(t *testing.T) {
	for code, want := range map[string]int{"USD": 2, "EUR": 2, "JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "KWD": 3, "BHD": 3, "TND": 3, "": 2, "XYZ": 2} {
		if got := Digits(code); got != want {
			t.Errorf("Digits(%q) = %d, want %d", code, got, want)
		}
	}
}

// Shopify's decimal strings: fewer decimals than the currency has are
// padded, extra zeros dropped, anything else refused (never rounded).
func TestParseDecimal(t *testing.T) {
	for _, tc := range []struct {
		in, currency string
		want         int64
		ok           bool
	}{
		{"49.99", "USD", 4999, true},
		{"49.9", "USD", 4990, true},
		{"49", "USD", 4900, true},
		{"0.00", "USD", 0, true},
		{" 12.50 ", "USD", 1250, true},
		{"1200.0", "JPY", 1200, true},
		{"1200", "JPY", 1200, true},
		{"1.5", "KWD", 1500, true},
		{"49.999", "USD", 0, false},
		{"1200.5", "JPY", 0, false},
		{"", "USD", 0, false},
		{".5", "USD", 0, false},
		{"1e3", "USD", 0, false},
		{"12,00", "USD", 0, false},
		{"$12.00", "USD", 0, false},
		{"99999999999999999999", "USD", 0, false},
		{"NaN", "USD", 0, false},
	} {
		got, err := ParseDecimal(tc.in, tc.currency)
		if tc.ok && (err != nil || got != tc.want) {
			t.Errorf("ParseDecimal(%q, %q) = %d, %v, want %d", tc.in, tc.currency, got, err, tc.want)
		}
		if !tc.ok && !errors.Is(err, ErrAmount) {
			t.Errorf("ParseDecimal(%q, %q) = %d, %v, want ErrAmount", tc.in, tc.currency, got, err)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for _, tc := range []struct{ in, currency string }{
		{"12.00", "USD"}, {"$12", "USD"}, {"$12.0", "USD"}, {"$1234.00", "USD"}, {"$1,23.00", "USD"},
		{"$01.00", "USD"}, {"¥1,200.00", "JPY"}, {"KWD1.500", "KWD"}, {"€12.00", "USD"}, {"$-12.00", "USD"}, {"", "USD"},
	} {
		if got, err := Parse(tc.in, tc.currency); !errors.Is(err, ErrAmount) {
			t.Errorf("Parse(%q, %q) = %d, %v, want ErrAmount", tc.in, tc.currency, got, err)
		}
	}
}

var fuzzCurrencies = []string{"USD", "JPY", "KWD", "EUR", "GBP", "CAD", "KRW", "BHD", "CLP", "", "ZZZ"}

// Whatever the amount and currency, the text Format writes parses back to
// the same amount, and so does Decimal's.
func FuzzRoundTrip(f *testing.F) {
	for _, m := range []int64{0, 1, -1, 1200, -1200, 999, 1000, math.MaxInt64, math.MinInt64} {
		for i := range fuzzCurrencies {
			f.Add(m, uint8(i), "")
		}
	}
	f.Add(int64(5), uint8(255), "usd")
	f.Add(int64(5), uint8(255), "a$b")
	f.Fuzz(func(t *testing.T, m int64, pick uint8, other string) {
		code := other
		if int(pick) < len(fuzzCurrencies) {
			code = fuzzCurrencies[pick]
		}
		s := Format(m, code)
		if got, err := Parse(s, code); err != nil || got != m {
			t.Fatalf("Parse(Format(%d, %q) = %q) = %d, %v", m, code, s, got, err)
		}
		d := Decimal(m, code)
		if got, err := ParseDecimal(d, code); err != nil || got != m {
			t.Fatalf("ParseDecimal(Decimal(%d, %q) = %q) = %d, %v", m, code, d, got, err)
		}
	})
}

// ParseDecimal never panics, and what it accepts Decimal writes back as
// the same number.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"49.99", "1200.0", "-0.5", "1.500", "", "abc", "99999999999999999999.99"} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(1))
		f.Add(s, uint8(2))
	}
	f.Fuzz(func(t *testing.T, s string, pick uint8) {
		code := fuzzCurrencies[int(pick)%len(fuzzCurrencies)]
		m, err := ParseDecimal(s, code)
		if err != nil {
			return
		}
		again, err := ParseDecimal(Decimal(m, code), code)
		if err != nil || again != m {
			t.Fatalf("ParseDecimal(%q) = %d, but its Decimal %q reads back as %d, %v", s, m, Decimal(m, code), again, err)
		}
	})
}

// An amount that names no currency is in the default shop currency, the
// one rule every formatter uses.
func TestOr(t *testing.T) {
	for _, c := range []struct{ code, want, shown string }{
		{"", "USD", "$12.00"},
		{"JPY", "JPY", "¥1,200"},
		{"EUR", "EUR", "€12.00"},
	} {
		if got := Or(c.code); got != c.want {
			t.Errorf("Or(%q) = %q, want %q", c.code, got, c.want)
		}
		if got := Format(1200, Or(c.code)); got != c.shown {
			t.Errorf("Format(1200, Or(%q)) = %q, want %q", c.code, got, c.shown)
		}
	}
}

func TestShare(t *testing.T) {
	for _, tc := range []struct {
		total, part, whole, want int64
	}{
		{4936, 1, 2, 2468},            // one of two units, tax in
		{3211, 1, 3, 1070},            // rounds down to a minor unit
		{3211, 3, 3, 3211},            // all of it: exactly the total
		{3211, 5, 3, 3211},            // more than all: the total
		{3211, 0, 3, 0},               // none
		{3211, 1, 0, 0},               // nothing to share
		{1999, 2, 3, 1332},            // 1332.67 down
		{-600, 1, 2, -300},            // a negative total shares too
		{1 << 40, 7, 9, 855175710492}, // large sums stay exact
	} {
		if got := Share(tc.total, tc.part, tc.whole); got != tc.want {
			t.Errorf("Share(%d, %d, %d) = %d, want %d", tc.total, tc.part, tc.whole, got, tc.want)
		}
	}
}
