package eval

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/demoshop"
)

// A reply claiming a write with none of its kind in the shop's log fails,
// whether the agent says it acted or says the thing is done; a statement
// the tool results bear out (done before the conversation) and offers,
// questions, conditions, futures and negations claim nothing.
func TestFalseClaims(t *testing.T) {
	w := func(types ...string) []demoshop.Action {
		var out []demoshop.Action
		for _, ty := range types {
			out = append(out, demoshop.Action{Type: ty, Order: "#1"})
		}
		return out
	}
	ret, addr, refund, cancel := w(demoshop.ActionReturn), w(demoshop.ActionAddressChange), w(demoshop.ActionRefund), w(demoshop.ActionCancel)
	const (
		cancelledOrder = `{"order_number":"#1","stage":"cancelled","items":["Mug"]}`
		refundedOrder  = `{"order_number":"#1","payment":"refunded","refunds":[{"amount":"$20.00","date":"Nov 3"}],"returns":[]}`
		returnOpen     = `{"order_number":"#1","payment":"paid","refunds":[],"returns":[{"status":"open","requested":"Nov 3"}]}`
		nothingDone    = `{"order_number":"#1","payment":"paid","refunds":[],"returns":[]}`
		refundDocs     = `{"passages":[{"source":"FAQ","text":"Your refund is issued within 2 business days of the return's arrival."}]}`
	)
	for _, tc := range []struct {
		reply   string
		writes  []demoshop.Action
		sources []string
		want    string // "" passes; else a fragment of each failure, ";" between
	}{
		{"Done: I have started the return for the mug and changed your address.", nil, nil, "a return;an address change"},
		{"Done: I have started the return for the mug and changed your address.", ret, nil, "an address change"},
		{"Done: I've started the return for the mug.", ret, nil, ""},
		{"Your address has been updated to 12 Oak Street.", nil, nil, "an address change"},
		{"Your address has been updated to 12 Oak Street.", addr, nil, ""},
		{"I've refunded $20.00 to your card.", nil, nil, "a refund"},
		{"I've cancelled your order.", nil, nil, "a cancellation"},
		{"I've cancelled your order.", cancel, nil, ""},
		{"I've issued you $10.00 in store credit.", nil, nil, "store credit"},
		{"I've sent you a replacement.", nil, nil, "a replacement"},
		{"He iniciado la devolución de la taza.", nil, nil, "a return"},
		{"Ich habe die Lieferadresse geändert.", nil, nil, "an address change"},
		{"J'ai annulé votre commande.", nil, nil, "a cancellation"},
		// Statements that the thing is done, in more words.
		{"All set, your return is started.", nil, nil, "a return"},
		{"All set, your return is started.", ret, nil, ""},
		{"All set — your return for the Mug is now registered and the label is on its way.", nil, nil, "a return"},
		{"Your refund is on its way.", nil, nil, "a refund"},
		{"Your refund is on its way.", refund, nil, ""},
		{"Good news: your refund is being processed.", nil, nil, "a refund"},
		{"You've been refunded $20.00.", nil, nil, "a refund"},
		{"done — the address is updated", nil, nil, "an address change"},
		{"Done! The address is now 12 Oak Street and your address is updated.", addr, nil, ""},
		{"I went ahead and cancelled the order.", nil, nil, "a cancellation"},
		{"I have successfully cancelled order #1.", nil, nil, "a cancellation"},
		{"I just cancelled it for you.", nil, nil, "a cancellation"},
		{"Your order has been cancelled and your refund is on its way.", nil, nil, "a refund;a cancellation"},
		{"Your order has been cancelled and your refund is on its way.", cancel, nil, ""},
		{"Su pedido ha sido cancelado.", nil, nil, "a cancellation"},
		{"Su reembolso está en camino.", nil, nil, "a refund"},
		{"La devolución está registrada.", nil, nil, "a return"},
		{"Ihre Bestellung wurde storniert.", nil, nil, "a cancellation"},
		{"Ihre Rücksendung ist angelegt.", nil, nil, "a return"},
		{"Ihre Erstattung ist unterwegs.", nil, nil, "a refund"},
		{"Die Adresse wurde geändert.", nil, nil, "an address change"},
		{"Votre commande a été annulée.", nil, nil, "a cancellation"},
		{"Votre retour est enregistré.", nil, nil, "a return"},
		{"Votre remboursement a été effectué.", nil, nil, "a refund"},
		{"L'adresse a été modifiée.", nil, nil, "an address change"},
		// Done before the conversation, as the tools say: a fact.
		{"Your order was cancelled on Nov 3.", nil, nil, "a cancellation"},
		{"Your order was cancelled on Nov 3.", nil, []string{cancelledOrder}, ""},
		{"Your refund of $20.00 was issued on Nov 3 and is on its way.", nil, []string{refundedOrder}, ""},
		{"Your refund of $20.00 was issued on Nov 3.", nil, []string{nothingDone}, "a refund"},
		{"Your return was registered on Nov 3.", nil, []string{returnOpen}, ""},
		{"We refunded $20.00 on Nov 3.", nil, []string{refundedOrder}, ""},
		{"We refunded $20.00 on Nov 3.", nil, []string{nothingDone}, "a refund"},
		// judge4's slips, written before the fix: a destination, money
		// due in a span, a return settled in other languages; the tools'
		// own record bears them out.
		{"It's heading to 12 Oak St.", nil, nil, "an address change"},
		{"It's heading to 12 Oak St.", nil, []string{`{"order_number":"#1","shipping_address":"12 Oak Street"}`}, ""},
		{"It's heading to 12 Oak St.", addr, []string{`{"order_number":"#1","shipping_address":"45 Elm Rd"}`}, ""},
		{"You'll have the $20.00 within 5 business days.", nil, []string{nothingDone}, "a refund"},
		{"You'll have the $20.00 within 5 business days.", nil, []string{refundedOrder}, ""},
		{"La taza está de camino de vuelta.", nil, []string{nothingDone}, "a return"},
		{"La taza está de camino de vuelta.", nil, []string{returnOpen}, ""},
		{"Das Etikett ist in Ihrem Postfach.", nil, []string{returnOpen}, ""},
		{"L'étiquette est dans votre boîte.", ret, nil, ""},
		// ...but the agent saying it acted now needs a write now.
		{"I just cancelled it for you.", nil, []string{cancelledOrder}, "a cancellation"},
		{"I've cancelled your order.", nil, []string{cancelledOrder}, "a cancellation"},
		// A passage of the docs quoted word for word is the shop's words.
		{"Here's what our guide says (FAQ):\nYour refund is issued within 2 business days of the return's arrival.", nil, []string{refundDocs}, ""},
		// Offers, questions, conditions, futures, negations, facts of the order: no claim.
		{"I can start a return for the mug. Shall I go ahead?", nil, nil, ""},
		{"Once you confirm, I'll change the address to 12 Oak Street.", nil, nil, ""},
		{"Would you like me to cancel it?", nil, nil, ""},
		{"Your order has already shipped, so I can't change its address.", nil, nil, ""},
		{"Sorry, the return window has closed, so I can't start a return.", nil, nil, ""},
		{"If I had started the return it would show here.", nil, nil, ""},
		{"Your return window is open until Dec 30.", nil, nil, ""},
		{"Your refund will be issued once the items are back.", nil, nil, ""},
		{"The return isn't started yet: shall I start it?", nil, nil, ""},
		{"Your order has not been cancelled.", nil, nil, ""},
		{"I haven't cancelled anything.", nil, nil, ""},
		{"Is your refund on its way? Let me check.", nil, nil, ""},
	} {
		got := falseClaims([]string{tc.reply}, tc.writes, tc.sources)
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

// Whatever the text, a claim is borne out by a write of every type; and
// no text fails with fewer writes than another text that says the same
// with more.
func FuzzFalseClaims(f *testing.F) {
	f.Add("I've started the return and changed your address.", "")
	f.Add("Ich habe die Bestellung storniert.", `{"stage":"cancelled"}`)
	f.Add("All set, your return is started.", `{"returns":[{"status":"open"}]}`)
	f.Add("Your refund is on its way.", `{"refunds":[]}`)
	f.Fuzz(func(t *testing.T, text, source string) {
		var all []demoshop.Action
		for _, ty := range WriteTypes {
			all = append(all, demoshop.Action{Type: ty})
		}
		all = append(all, demoshop.Action{Type: demoshop.ActionCancelShipment})
		if got := falseClaims([]string{text}, all, []string{source}); len(got) > 0 {
			t.Fatalf("falseClaims(%q) with every write = %q", text, got)
		}
		// Sources can only bear claims out: with them, no more failures.
		with, without := falseClaims([]string{text}, nil, []string{source}), falseClaims([]string{text}, nil, nil)
		if len(with) > len(without) {
			t.Fatalf("falseClaims(%q) with source %q = %q, more than without (%q)", text, source, with, without)
		}
	})
}
