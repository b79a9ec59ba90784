package offline

import (
	"fmt"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Items named in Spanish, German and French are matched to the order's
// English titles; English that names nothing gains no item.
func TestNamedItemsInOtherLanguages(t *testing.T) {
	lines := []string{"Hiking Backpack (green)", "Reading Lamp (black)", "Leather Wallet (brown)", "Travel Umbrella (navy)"}
	for _, tc := range []struct{ text, want string }{
		{"Quiero devolver la mochila, por favor", "[backpack]"},
		{"Ich möchte die Lampe zurückschicken", "[lamp]"},
		{"je voudrais renvoyer le portefeuille", "[wallet]"},
		{"le parapluie est arrivé cassé", "[umbrella]"},
		{"the umbrella arrived broken", "[umbrella]"},
		{"my portable thing is broken", "[]"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			var got []string
			for _, it := range namedItems(lines, tc.text) {
				got = append(got, it["title"].(string))
			}
			if s := fmt.Sprint(got); s != tc.want && !(tc.want == "[]" && len(got) == 0) {
				t.Errorf("named %s, want %s", s, tc.want)
			}
		})
	}
}

// Typos of the words a resolution is asked by are put right ("deliverd",
// "exchnage", "damagd"), and a word a letter short of two vocabulary
// words is the one it is missing from.
func TestResolutionsThroughTypos(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"the app says deliverd but there's nothing here", toolname.ReportNotReceived},
		{"it was marked as delivred yet I never got it", toolname.ReportNotReceived},
		{"can I exchnage my shoes for a bigger size", toolname.ExchangeItem},
		{"could you excahnge the lamp for another colour", toolname.ExchangeItem},
		{"the lamp came damagd", toolname.ReportDamage},
		{"where is my parcel", ""},
	} {
		if got := resolutionTool(tc.text); got != tc.want {
			t.Errorf("resolutionTool(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
	if got := correct("deliverd"); got != "delivered" {
		t.Errorf("correct(deliverd) = %q, want delivered", got)
	}
}

// Store credit in the customer's words is store credit; a credit card is
// not.
func TestStoreCreditWords(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"a gift card is fine", "store_credit"},
		{"I'd rather have credit to spend in the store", "store_credit"},
		{"shop credit please", "store_credit"},
		{"give me a voucher", "store_credit"},
		{"refund it to my credit card", "refund"},
		{"a new one please", "replacement"},
	} {
		if got := damageChoice(tc.text); got != tc.want {
			t.Errorf("damageChoice(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// Asking for an exception to the rules about an order is asking for a
// return (the tool then says what policy allows).
func TestExceptionIsAReturn(t *testing.T) {
	for _, text := range []string{"could you bend the rules and take the lamp back", "please make a one-time exception for the umbrella",
		"I know it's late, just this once?"} {
		if got := classify(normalise(text)); got != intentReturn {
			t.Errorf("classify(%q) = %v, want the return intent", text, got)
		}
	}
}
