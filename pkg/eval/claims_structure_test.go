package eval

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/demoshop"
)

// Natural claims the exact verb phrases miss are read by structure (a
// write's noun and a completion marker in one clause), in four languages;
// offers, questions, conditions, negations and statements of policy are
// not; a write of the kind bears the claim out.
func TestStructuralClaims(t *testing.T) {
	for _, tc := range []struct {
		reply string
		want  string // the claim kinds, ";" between; "" none
	}{
		// An order number between noun and verb.
		{"Great news — the address on order #2768383 has been updated to 12 Oak Street.", "an address change"},
		{"The shipping address for order #1001 has been changed.", "an address change"},
		{"Your order #1001 has been cancelled.", "a cancellation"},
		{"Order #1001 has been cancelled and refunded.", "a refund;a cancellation"},
		{"Tu pedido #1001 ha sido cancelado.", "a cancellation"},
		{"Ihre Bestellung #1001 wurde storniert.", "a cancellation"},
		{"Votre commande n°1001 a été annulée.", "a cancellation"},
		// Exchanges and discount codes.
		{"I've submitted the exchange for the blue one.", "an exchange"},
		{"Your exchange has been processed.", "an exchange"},
		{"I've set up the exchange for the blue one.", "an exchange"},
		{"Your exchange is confirmed.", "an exchange"},
		{"Your discount code THANKS10 has been sent.", "a discount code"},
		{"Sent you a 10% discount code: THANKS10.", "a discount code"},
		// Shorthand.
		{"✅ Return initiated for the LED Light Bulb.", "a return"},
		{"Return created ✔", "a return"},
		{"Refund processed: $85.51.", "a refund"},
		{"I've voided the order.", "a cancellation"},
		{"I've processed the cancellation.", "a cancellation"},
		{"Consider it cancelled!", "a cancellation"},
		{"Your order is now canceled.", "a cancellation"},
		{"The new address is in: 12 Oak St.", "an address change"},
		{"Your shipping address now reads 12 Oak St.", "an address change"},
		{"Your money is on its way back to your card.", "a refund"},
		{"Your return request went through.", "a return"},
		{"I've got the return going for you.", "a return"},
		{"I've sent a prepaid return label to your email.", "a return"},
		{"I've put through a refund of $25.00.", "a refund"},
		{"I've credited your account with $10.", "store credit"},
		{"A replacement is on its way.", "a replacement"},
		{"A replacement ships when the damaged one is back.", ""},
		{"Your replacement is on its way.", "a replacement"},
		// Spanish, German, French without the exact verb forms.
		{"Listo, devolución iniciada.", "a return"},
		{"Ya cancelé su pedido.", "a cancellation"},
		{"Erledigt – die Rücksendung läuft.", "a return"},
		{"Storniert! Sie bekommen eine Bestätigung.", "a cancellation"},
		{"C'est fait, votre commande est annulée.", "a cancellation"},
		{"Remboursement effectué.", "a refund"},
		// No claim: offers, questions, conditions, futures, negations, policy.
		{"I can start a return for the mug if you confirm.", ""},
		{"Would you like me to set up the exchange?", ""},
		{"Once you confirm, the exchange is processed.", ""},
		{"Your refund will be processed after the return arrives.", ""},
		{"The exchange hasn't been processed yet.", ""},
		{"Your order has not been cancelled.", ""},
		{"Refunds are usually issued within 5 business days.", ""},
		{"Your return window closed on Nov 3.", ""},
		{"Your refund goes back to the credit card you paid with.", ""},
		{"Your order has shipped with UPS, tracking 1Z12345E0205271688.", ""},
		{"Your address on file is 12 Oak Street.", ""},
		{"Ich kann die Bestellung stornieren, wenn Sie möchten.", ""},
		{"La commande n'a pas été annulée.", ""},
		{"Su pedido no ha sido cancelado.", ""},
		{"Should I send you a discount code?", ""},
	} {
		said := structuralClaims(conditionRe.ReplaceAllString(tc.reply, " "))
		var got []string
		for _, c := range writeClaims {
			if said[c.what] != "" {
				got = append(got, c.what)
			}
		}
		if strings.Join(got, ";") != tc.want {
			t.Errorf("%q: claims %q, want %q", tc.reply, got, tc.want)
		}
		// A write of each kind claimed bears the reply out.
		var writes []demoshop.Action
		for _, c := range writeClaims {
			if said[c.what] != "" {
				writes = append(writes, demoshop.Action{Type: c.types[0]})
			}
		}
		if fails := falseClaims([]string{tc.reply}, writes, nil); len(fails) > 0 {
			t.Errorf("%q with writes %v: %q", tc.reply, writes, fails)
		}
		// With none, each is a false claim.
		if fails := falseClaims([]string{tc.reply}, nil, nil); len(fails) < len(got) {
			t.Errorf("%q with no writes: %q, want %d failures", tc.reply, fails, len(got))
		}
	}
}
