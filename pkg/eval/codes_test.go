package eval

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestDiscountCodes(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"Use code SAVE20 at checkout", []string{"SAVE20"}},
		{"As a thank-you, code THANKS-7KQ2-M9XD-4TPA takes 10% off", []string{"THANKS-7KQ2-M9XD-4TPA"}},
		{"give them this one: FRIEND-AB12-CD34, 10% off", []string{"FRIEND-AB12-CD34"}},
		{"Tu código es DESCUENTO10.", []string{"DESCUENTO10"}},
		{"Ihr Gutscheincode: DANKE2026", []string{"DANKE2026"}},
		{"votre bon de réduction : MERCI-15", []string{"MERCI-15"}},
		{"the tracking code 1Z999AA10123456784 shows it moving", []string{"1Z999AA10123456784"}},
		{"your zip code 62704 is right", nil},
		{"postal code M5H 2N2, Canada", nil},
		{"I can't create a discount code. USPS tracking TB123456 is below", nil},
		{"I don't have a code for you, UPS ships it", nil},
		{"Decoded: NOTACODE", nil},
	} {
		if got := discountCodes(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("discountCodes(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// A code in a reply is judged by what the shop issued: one made up fails,
// one the shop issued (or the tools or the customer stated) passes.
func TestInventedCodes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		t     transcript
		fails int
	}{
		{"made up", transcript{Replies: []string{"Sure! Use code SAVE20 for 20% off."}}, 1},
		{"issued by the shop", transcript{Replies: []string{"Your code is THANKS-7KQ2-M9XD-4TPA."}, Codes: []string{"THANKS-7KQ2-M9XD-4TPA"}}, 0},
		{"issued, written without dashes", transcript{Replies: []string{"Your code is THANKS7KQ2M9XD4TPA."}, Codes: []string{"THANKS-7KQ2-M9XD-4TPA"}}, 0},
		{"another issued code", transcript{Replies: []string{"Your code is THANKS-AAAA-BBBB-CCCC."}, Codes: []string{"THANKS-7KQ2-M9XD-4TPA"}}, 1},
		{"the customer's own words", transcript{Replies: []string{"Code WELCOME10 has expired."}, Customer: []string{"is WELCOME10 still valid?"}}, 0},
		{"a tool's tracking code", transcript{Replies: []string{"tracking code 1Z999AA1 shows it"}, Sources: []string{`{"tracking_number":"1Z999AA1"}`}}, 0},
		{"no code", transcript{Replies: []string{"I can't issue a discount code, sorry."}}, 0},
	} {
		if got := inventedCodes(tc.t); len(got) != tc.fails {
			t.Errorf("%s: %q, want %d failures", tc.name, got, tc.fails)
		}
	}
}

// Whatever the text, every code found is in it, five characters or
// more, with a capital letter.
func FuzzDiscountCodes(f *testing.F) {
	for _, s := range []string{"Use code SAVE20 at checkout", "código: ABC-123.", "THANKS-7KQ2-M9XD-4TPA", "code\n\nX1234", "coupon é ÉÉÉÉÉ1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, c := range discountCodes(text) {
			if !strings.Contains(text, c) || len(c) < 5 || !strings.ContainsFunc(c, unicode.IsUpper) {
				t.Fatalf("discountCodes(%q) gave %q", text, c)
			}
		}
	})
}
