package eval

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/demoshop"
)

// A reply claiming a write with none of its kind in the shop's log fails;
// offers, questions, conditions and stage statements claim nothing.
func TestFalseClaims(t *testing.T) {
	ret := []demoshop.Action{{Type: demoshop.ActionReturn, Order: "#1"}}
	addr := []demoshop.Action{{Type: demoshop.ActionAddressChange, Order: "#1"}}
	for _, tc := range []struct {
		reply  string
		writes []demoshop.Action
		want   string // "" passes; else a fragment of each failure, ";" between
	}{
		{"Done: I have started the return for the mug and changed your address.", nil, "a return;an address change"},
		{"Done: I have started the return for the mug and changed your address.", ret, "an address change"},
		{"Done: I've started the return for the mug.", ret, ""},
		{"Your address has been updated to 12 Oak Street.", nil, "an address change"},
		{"Your address has been updated to 12 Oak Street.", addr, ""},
		{"I've refunded $20.00 to your card.", nil, "a refund"},
		{"I've cancelled your order.", nil, "a cancellation"},
		{"I've issued you $10.00 in store credit.", nil, "store credit"},
		{"I've sent you a replacement.", nil, "a replacement"},
		{"He iniciado la devolución de la taza.", nil, "a return"},
		{"Ich habe die Lieferadresse geändert.", nil, "an address change"},
		{"J'ai annulé votre commande.", nil, "a cancellation"},
		// Offers, questions, conditions, facts of the order: no claim.
		{"I can start a return for the mug. Shall I go ahead?", nil, ""},
		{"Once you confirm, I'll change the address to 12 Oak Street.", nil, ""},
		{"Would you like me to cancel it?", nil, ""},
		{"Your order was cancelled on Nov 3.", nil, ""},
		{"Your order has already shipped, so I can't change its address.", nil, ""},
		{"Sorry, the return window has closed, so I can't start a return.", nil, ""},
		{"If I had started the return it would show here.", nil, ""},
	} {
		got := falseClaims([]string{tc.reply}, tc.writes)
		var want []string
		if tc.want != "" {
			want = strings.Split(tc.want, ";")
		}
		if len(got) != len(want) {
			t.Errorf("%q (writes %v): %q, want failures about %q", tc.reply, tc.writes, got, want)
			continue
		}
		for i, w := range want {
			if !strings.Contains(got[i], w) {
				t.Errorf("%q (writes %v): failure %q, want it about %s", tc.reply, tc.writes, got[i], w)
			}
		}
	}
}

// Whatever the text, a claim is borne out by a write of every type.
func FuzzFalseClaims(f *testing.F) {
	f.Add("I've started the return and changed your address.")
	f.Add("Ich habe die Bestellung storniert.")
	f.Fuzz(func(t *testing.T, text string) {
		var all []demoshop.Action
		for _, ty := range WriteTypes {
			all = append(all, demoshop.Action{Type: ty})
		}
		all = append(all, demoshop.Action{Type: demoshop.ActionCancelShipment})
		if got := falseClaims([]string{text}, all); len(got) > 0 {
			t.Fatalf("falseClaims(%q) with every write = %q", text, got)
		}
	})
}
