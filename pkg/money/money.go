// Package money formats and parses sums of money held in minor units of an
// ISO 4217 currency: cents for USD, yen for JPY (no minor unit), fils for
// KWD (three digits). It is the one place doorstep turns an amount into
// text, for customers (Format: "$1,234.50", "-¥1,200", "KWD 1.500") and for
// machines (Decimal: "1234.50", as Shopify's Money and Decimal scalars and
// the claims CSV take it).
//
// The number of minor digits is CLDR's (golang.org/x/text/currency
// Standard rounding): 0 for JPY, KRW, CLP, ISK; 3 for KWD, BHD, TND, OMR,
// JOD; 2 for most. An empty or unknown currency has 2 digits.
package money

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// unit is the currency for code ("USD", "usd"), ok false when code is not
// an ISO 4217 code x/text knows.
func unit(code string) (currency.Unit, bool) {
	if !isCode(code) {
		return currency.Unit{}, false
	}
	u, err := currency.ParseISO(code)
	return u, err == nil
}

// isCode reports whether code is three ASCII letters.
func isCode(code string) bool {
	if len(code) != 3 {
		return false
	}
	for _, r := range code {
		if (r < 'A' || r > 'Z') && (r < 'a' || r > 'z') {
			return false
		}
	}
	return true
}

// Known reports whether code is an ISO 4217 currency code ("JPY"; upper
// case) that Format and Parse know the minor digits of.
func Known(code string) bool {
	if code != strings.ToUpper(code) {
		return false
	}
	_, ok := unit(code)
	return ok
}

// Digits is how many minor-unit digits currency has: 0 for JPY, 2 for
// USD, 3 for KWD; 2 for an empty or unknown code.
func Digits(code string) int {
	u, ok := unit(strings.ToUpper(strings.TrimSpace(code)))
	if !ok {
		return 2
	}
	scale, _ := currency.Standard.Rounding(u)
	return scale
}

var englishSymbols = message.NewPrinter(language.English)

// Symbol is how amounts of currency are marked: "$" for USD, "€", "£",
// "¥" for JPY, "CA$" for CAD, the code itself ("KWD") where English has no
// symbol; "" for an empty code.
func Symbol(code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	u, ok := unit(code)
	switch {
	case !ok && isCode(code):
		return code // a code x/text does not know yet
	case !ok:
		return ""
	}
	return englishSymbols.Sprint(currency.Symbol(u))
}

// DefaultCurrency is the currency of an amount that names none: the
// shop's currency when its settings name none (settings.DefaultCurrency).
// Every formatter that gets an amount without a currency uses it (Or).
const DefaultCurrency = "USD"

// Or is code, or DefaultCurrency when code is empty.
func Or(code string) string {
	if code == "" {
		return DefaultCurrency
	}
	return code
}

// Format is minor units of currency for people: the symbol, thousands
// grouped, the currency's own minor digits, the sign first: "$1,234.50",
// "-$12.00", "¥1,200", "-¥1,200", "KWD 1.500", "12.00" with no currency.
func Format(minor int64, code string) string {
	var b strings.Builder
	if minor < 0 {
		b.WriteByte('-')
	}
	sym := Symbol(code)
	b.WriteString(sym)
	if r := lastRune(sym); unicode.IsLetter(r) {
		b.WriteByte(' ') // "KWD 1.500", not "KWD1.500"
	}
	whole, frac := split(minor, Digits(code))
	b.WriteString(group(whole))
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// Decimal is minor units of currency as a plain decimal string, the shape
// APIs take: "1234.50", "-12.00", "1200" for JPY, "1.500" for KWD.
func Decimal(minor int64, code string) string {
	whole, frac := split(minor, Digits(code))
	s := whole
	if frac != "" {
		s += "." + frac
	}
	if minor < 0 {
		return "-" + s
	}
	return s
}

// split is |minor| as whole units and exactly digits fraction digits.
func split(minor int64, digits int) (whole, frac string) {
	// Work in uint64 so that math.MinInt64 has an absolute value.
	abs := uint64(minor)
	if minor < 0 {
		abs = uint64(-(minor + 1)) + 1
	}
	if digits == 0 {
		return strconv.FormatUint(abs, 10), ""
	}
	p := uint64(math.Pow10(digits))
	return strconv.FormatUint(abs/p, 10), fmt.Sprintf("%0*d", digits, abs%p)
}

// group puts a comma between each group of three digits: "1234567" →
// "1,234,567".
func group(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	lead := len(digits) % 3
	if lead > 0 {
		b.WriteString(digits[:lead])
	}
	for i := lead; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

func lastRune(s string) rune {
	r := []rune(s)
	if len(r) == 0 {
		return 0
	}
	return r[len(r)-1]
}

// ErrAmount is what Parse and ParseDecimal return for text that is not an
// amount of the currency.
var ErrAmount = errors.New("not an amount")

// Parse reads what Format writes, for currency: Parse(Format(m, c), c) is
// m for every m and c.
func Parse(s, code string) (int64, error) {
	in := s
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	sym := Symbol(code)
	rest, ok := strings.CutPrefix(s, sym)
	if !ok {
		return 0, fmt.Errorf("%w: %q does not start with %q", ErrAmount, in, sym)
	}
	if unicode.IsLetter(lastRune(sym)) {
		if rest, ok = strings.CutPrefix(rest, " "); !ok {
			return 0, fmt.Errorf("%w: %q: no space after %s", ErrAmount, in, sym)
		}
	}
	whole, frac, _ := strings.Cut(rest, ".")
	ungrouped, err := ungroup(whole)
	if err != nil {
		return 0, fmt.Errorf("%w: %q: %v", ErrAmount, in, err)
	}
	digits := Digits(code)
	if (digits == 0 && strings.Contains(rest, ".")) || (digits > 0 && len(frac) != digits) {
		return 0, fmt.Errorf("%w: %q: want %d decimal digits", ErrAmount, in, digits)
	}
	return compose(in, neg, ungrouped, frac, digits)
}

// ungroup checks the comma grouping Format writes and removes it.
func ungroup(s string) (string, error) {
	parts := strings.Split(s, ",")
	for i, p := range parts {
		if p == "" || len(p) > 3 || (i > 0 && len(p) != 3) || (len(parts) > 1 && i == 0 && p[0] == '0') {
			return "", errors.New("bad digit grouping")
		}
	}
	joined := strings.Join(parts, "")
	if len(joined) > 1 && joined[0] == '0' {
		return "", errors.New("leading zero")
	}
	return joined, nil
}

// ParseDecimal reads a decimal amount of currency ("49.99", "-12.5",
// "1200", "1200.0" for JPY) into minor units. Fewer fraction digits than
// the currency has are padded; more are refused unless they are zeros, so
// nothing is ever rounded away.
func ParseDecimal(s, code string) (int64, error) {
	in := s
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	whole, frac, _ := strings.Cut(s, ".")
	digits := Digits(code)
	if trimmed := strings.TrimRight(frac, "0"); len(trimmed) > digits {
		return 0, fmt.Errorf("%w: %q has more decimals than %s's %d", ErrAmount, in, code, digits)
	} else if len(frac) > digits {
		frac = frac[:digits]
	}
	frac += strings.Repeat("0", digits-len(frac))
	if whole == "" {
		return 0, fmt.Errorf("%w: %q", ErrAmount, in)
	}
	return compose(in, neg, whole, frac, digits)
}

// compose is the amount whole.frac (digits fraction digits, all checked
// to be ASCII digits) in minor units, negated when neg.
func compose(in string, neg bool, whole, frac string, digits int) (int64, error) {
	for _, part := range []string{whole, frac} {
		for _, r := range part {
			if r < '0' || r > '9' {
				return 0, fmt.Errorf("%w: %q", ErrAmount, in)
			}
		}
	}
	if whole == "" {
		return 0, fmt.Errorf("%w: %q", ErrAmount, in)
	}
	// The magnitude may be 2^63 when negative (math.MinInt64).
	mag, err := strconv.ParseUint(whole+frac, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %q: %v", ErrAmount, in, err)
	}
	if neg {
		if mag > 1<<63 {
			return 0, fmt.Errorf("%w: %q is out of range", ErrAmount, in)
		}
		return int64(-mag), nil // -(1<<63) wraps to math.MinInt64, as intended
	}
	if mag > math.MaxInt64 {
		return 0, fmt.Errorf("%w: %q is out of range", ErrAmount, in)
	}
	return int64(mag), nil
}

// Share is part/whole of total minor units, rounded down to a minor unit:
// the units' share of a line's total (tax in) when some of its units are
// refunded, a parcel's share of what was paid. Whole or more of whole is
// all of total; nothing of nothing is 0. Exact in 64-bit minor units for
// any order a shop can take (total × part stays far below 2⁶³).
func Share(total, part, whole int64) int64 {
	switch {
	case whole <= 0 || part <= 0:
		return 0
	case part >= whole:
		return total
	}
	return total * part / whole
}
