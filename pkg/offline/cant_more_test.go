package offline

import (
	"strings"
	"testing"
)

// The requests of cant_more.go, and near misses that ask something else.
func TestCantKindMore(t *testing.T) {
	for _, tc := range []struct {
		text string
		want cantKind
	}{
		{"could the driver leave it with my neighbour?", cantDelivery},
		{"Kann der Fahrer das Paket bei meinem Nachbarn abgeben?", cantDelivery},
		{"tracking says it was left with my neighbour, can you check?", cantNone},
		{"can you remove the filters from my order?", cantLines},
		{"can you remove my old address from the order?", cantNone},
		{"can you send the filters now and the rest later?", cantSplit},
		{"could you split my order into two shipments?", cantSplit},
		{"can you send it now rather than later?", cantNone},
		{"why did you split my order?", cantNone},
		{"order the same cups again for me", cantNewOrder},
		{"can you place a new order for the filters", cantNewOrder},
		{"can you check my order again?", cantNone},
		{"how do I place a new order?", cantNone},
	} {
		if got := cantKindOf(tc.text); got != tc.want {
			t.Errorf("cantKindOf(%q) = %d, want %d", tc.text, got, tc.want)
		}
	}
}

// A material or choice question, and ones that are not.
func TestMaterialChoices(t *testing.T) {
	for _, tc := range []struct {
		text    string
		choices string
	}{
		{"is the candle soy or beeswax?", "soy|beeswax"},
		{"is the throw cotton or linen", "cotton|linen"},
		{"is the order shipped or not?", ""},
		{"is the lamp a return or an exchange?", ""},
	} {
		m := choiceRe.FindStringSubmatch(tc.text)
		got := ""
		if m != nil && !notMaterialRe.MatchString(m[1]) && !notMaterialRe.MatchString(m[2]) {
			got = m[1] + "|" + m[2]
		}
		if got != tc.choices {
			t.Errorf("choices of %q = %q, want %q", tc.text, got, tc.choices)
		}
	}
}

// cantKindMore gives only its own kinds, and a text that asks no one
// anything (no asking words, no imperative) is no request.
func FuzzCantKindMore(f *testing.F) {
	for _, s := range []string{"could the driver leave it with my neighbour?", "send the filters now and the rest later",
		"order the same again for me", "remove the x from my order", "it was left at the front door"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		low := strings.ToLower(s)
		k := cantKindMore(low, false)
		switch k {
		case cantNone, cantDelivery, cantSplit, cantLines, cantNewOrder:
		default:
			t.Fatalf("cantKindMore(%q) = %d, not a kind of its own", s, k)
		}
		if k != cantNone && !carrierAskRe.MatchString(low) && !typoAskRe.MatchString(low) && !imperativeRe.MatchString(low) &&
			!reorderStartRe.MatchString(low) && !strings.HasPrefix(strings.TrimSpace(low), "just") {
			t.Fatalf("cantKindMore(%q) = %d without asking anyone", s, k)
		}
		if k2 := cantKindMore(low, true); k != cantNone && k2 == cantNone {
			t.Fatalf("cantKindMore(%q): a request without asking words, none with them", s)
		}
	})
}
