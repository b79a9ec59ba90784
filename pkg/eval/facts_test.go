package eval

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// group writes n with sep between groups of three digits.
func group(n int64, sep string) string {
	s := fmt.Sprint(n)
	var parts []string
	for len(s) > 3 {
		parts = append([]string{s[len(s)-3:]}, parts...)
		s = s[:len(s)-3]
	}
	return strings.Join(append([]string{s}, parts...), sep)
}

// amountFormats render c cents in each way a reply may write money.
var amountFormats = []func(c int64) string{
	func(c int64) string { return fmt.Sprintf("$%s.%02d", group(c/100, ","), c%100) },            // $1,234.56
	func(c int64) string { return fmt.Sprintf("%s,%02d €", group(c/100, "."), c%100) },           // 1.234,56 €
	func(c int64) string { return fmt.Sprintf("€%s,%02d", group(c/100, "."), c%100) },            // €1.234,56
	func(c int64) string { return fmt.Sprintf("%d.%02d USD", c/100, c%100) },                     // 1234.56 USD
	func(c int64) string { return fmt.Sprintf("USD %s.%02d", group(c/100, ","), c%100) },         // USD 1,234.56
	func(c int64) string { return fmt.Sprintf("%s,%02d\u00a0€", group(c/100, "\u202f"), c%100) }, // 1 234,56 € (French)
	func(c int64) string { return fmt.Sprintf("Erstattung: %d,%02d $", c/100, c%100) },           // Erstattung: 1234,56 $
	func(c int64) string { return fmt.Sprintf("%s.%02d dollars", group(c/100, ","), c%100) },     // 1,234.56 dollars
	func(c int64) string { return fmt.Sprintf("£%d.%02d", c/100, c%100) },                        // £1234.56
}

func TestFindAmounts(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []int64
	}{
		{"refund $54.00 today", []int64{5400}},
		{"12,34 €", []int64{1234}},
		{"€12,5", []int64{1250}},
		{"Erstattung: 12,34 $", []int64{1234}},
		{"1,234 USD", []int64{123400}},
		{"1.234,56 EUR and $7.95", []int64{123456, 795}},
		{"US$20", []int64{2000}},
		{"12 dollars", []int64{1200}},
		{"50 dollars, 30 bucks, 30 dólares, 30 €, 30,00 €, 50 Dollar", []int64{5000, 3000, 3000, 3000, 3000, 5000}},
		{"75W bulb, 2 items, Nov 30, 2026, zip 19031", nil},
		{"order #123456, 30 days, 5 to 10 business days, 1/4 inch", nil},
	} {
		var got []int64
		for _, a := range findAmounts(tc.text) {
			got = append(got, a.Cents)
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("findAmounts(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// dateFormats render a date in each way a reply may write it; now is
// the run's time, for "in N days".
var dateFormats = []func(d, now time.Time) string{
	func(d, _ time.Time) string { return d.Format("01/02/2006") },
	func(d, _ time.Time) string { return d.Format("2.1.2006") },
	func(d, _ time.Time) string { return d.Format("02.01.2006") },
	func(d, _ time.Time) string { return d.Format("2006-01-02") },
	func(d, _ time.Time) string { return d.Format("January 2") },
	func(d, _ time.Time) string { return d.Format("Jan 2nd, 2006") },
	func(d, _ time.Time) string { return d.Format("2 January 2006") },
	func(d, _ time.Time) string {
		return fmt.Sprintf("%d de %s", d.Day(), []string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}[d.Month()-1])
	},
	func(d, _ time.Time) string {
		return fmt.Sprintf("am %d. %s", d.Day(), []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}[d.Month()-1])
	},
	func(d, _ time.Time) string { return "the " + ordinalWords(d.Day()) + " of " + d.Month().String() },
	func(d, _ time.Time) string { return d.Month().String() + " the " + ordinalWords(d.Day()) },
	func(d, now time.Time) string {
		return fmt.Sprintf("in %d days", int(d.Sub(now.Truncate(24*time.Hour)).Hours()/24))
	},
}

func ordinalWords(day int) string {
	units := []string{"", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"}
	teens := []string{"tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"}
	switch {
	case day < 10:
		return units[day]
	case day < 20:
		return teens[day-10]
	case day == 20:
		return "twentieth"
	case day < 30:
		return "twenty-" + units[day-20]
	case day == 30:
		return "thirtieth"
	}
	return "thirty-first"
}

func TestFindDates(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		text string
		want string // the dates found, by their candidates
	}{
		{"12/25/2026", "[[12-25]]"},
		{"25/12/2026", "[[12-25]]"},
		{"05/12/2026", "[[05-12 12-05]]"},
		{"25.12.2026", "[[12-25]]"},
		{"the twenty-fifth of December", "[[12-25]]"},
		{"December twenty-fifth", "[[12-25]]"},
		{"in 3 days", "[[12-08 12-07 12-09]]"},
		{"in three days", "[[12-08 12-07 12-09]]"},
		{"in 3 business days, 1/4 inch, ratio 1:16, 30-day window, may I help", "[]"},
		{"the thirty-second of May, 31.02.2026", "[]"},
	} {
		var got [][]string
		for _, d := range findDates(tc.text, now) {
			got = append(got, d.Dates)
		}
		if g := fmt.Sprint(got); g != tc.want {
			t.Errorf("findDates(%q) = %s, want %s", tc.text, g, tc.want)
		}
	}
}

// An amount rendered in any supported format from a known value is read
// back as that value, and as nothing else.
func FuzzFindAmounts(f *testing.F) {
	for _, seed := range []uint32{0, 5, 1234, 5400, 123456, 99999999} {
		f.Add(seed, uint8(0), "")
	}
	f.Add(uint32(1234), uint8(6), "Ihre ")
	f.Fuzz(func(t *testing.T, c uint32, format uint8, prefix string) {
		cents := int64(c)
		text := amountFormats[int(format)%len(amountFormats)](cents)
		if !utf8.ValidString(prefix) || strings.ContainsAny(prefix, "0123456789$€£") || strings.ContainsFunc(prefix, func(r rune) bool { return r > 127 || (r >= 'A' && r <= 'z') }) {
			prefix = ""
		}
		got := findAmounts(prefix + text)
		if len(got) != 1 || got[0].Cents != cents {
			t.Fatalf("findAmounts(%q) = %+v, want exactly %d cents", prefix+text, got, cents)
		}
	})
}

// A date rendered in any supported format is read back with that date
// among its meanings; whatever the text, every meaning is a real date.
func FuzzFindDates(f *testing.F) {
	f.Add(uint16(0), uint8(0), "")
	f.Add(uint16(358), uint8(9), "the 5.12.")
	f.Add(uint16(59), uint8(3), "12/25/2026 in 3 days")
	f.Fuzz(func(t *testing.T, day uint16, format uint8, noise string) {
		now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
		d := now.AddDate(0, 0, int(day)%365)
		text := dateFormats[int(format)%len(dateFormats)](d, now)
		want := d.Format("01-02")
		found := false
		for _, got := range findDates(text, now) {
			found = found || containsStr(got.Dates, want)
		}
		if !found {
			t.Fatalf("findDates(%q) = %+v, want %s among them", text, findDates(text, now), want)
		}
		for _, got := range findDates(noise, now) {
			for _, md := range got.Dates {
				var m, dd int
				if _, err := fmt.Sscanf(md, "%02d-%02d", &m, &dd); err != nil || m < 1 || m > 12 || dd < 1 || dd > 31 {
					t.Fatalf("findDates(%q) gave %q, not a month-day", noise, md)
				}
			}
		}
	})
}
