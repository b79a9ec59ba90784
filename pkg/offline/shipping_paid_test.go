package offline_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// TestShippingPaid: "what did I pay for shipping?" is a fact of the
// customer's own order (its shipping lines), not the shop's rates from the
// docs (trial 9b: answered from the FAQ). A question about the shop's
// rates in general still goes to the docs.
func TestShippingPaid(t *testing.T) {
	for _, tc := range []struct {
		name, order, email, text string
		want                     []string // facts the reply must give; nil: a docs answer
	}{
		{"how much did i pay", "#1001", "maya.okafor@example.com", "how much did i pay for shipping?", []string{"$7.95", "#1001"}},
		{"what did it cost me", "#1001", "maya.okafor@example.com", "what did shipping cost me on this order", []string{"$7.95"}},
		{"charged", "#1001", "maya.okafor@example.com", "did u charge me for delivery??", []string{"$7.95"}},
		{"fee typo", "#1001", "maya.okafor@example.com", "whats the shiping fee i paid", []string{"$7.95"}},
		{"free", "#1002", "priya.natarajan@example.com", "was shipping free on my order?", []string{"free", "#1002"}},
		{"postage", "#1003", "daniel.reyes@example.com", "how much was postage on it", []string{"$7.95"}},
		{"es", "#1001", "maya.okafor@example.com", "cuánto pagué de envío?", []string{"$7.95"}},
		{"de", "#1001", "maya.okafor@example.com", "wie viel habe ich für den versand bezahlt?", []string{"$7.95"}},
		{"fr", "#1001", "maya.okafor@example.com", "combien j'ai payé pour la livraison ?", []string{"$7.95"}},
		{"rates in general", "#1001", "maya.okafor@example.com", "how much does shipping cost to canada?", nil},
		{"an address, not a charge", "#1001", "maya.okafor@example.com", "Please change the shipping address of my order #1001 to 42 Elm Street, Portland, OR 97201.", []string{"42 Elm Street"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, log := heldoutStack(t)
			c := chat(t, base, &log.toolLog, tc.order, tc.email)
			got := c.say(tc.text)
			if tc.want == nil {
				if !got.called(toolname.SearchDocs) {
					t.Errorf("%q: tools %v, reply %q: want the docs", tc.text, got.toolNames(), got.reply)
				}
				return
			}
			if !got.called(toolname.TrackOrder) && !got.called(toolname.ChangeAddress) {
				t.Errorf("%q: tools %v: want the order looked up", tc.text, got.toolNames())
			}
			for _, w := range tc.want {
				if !strings.Contains(strings.ToLower(got.reply), strings.ToLower(w)) {
					t.Errorf("%q: reply %q lacks %q", tc.text, got.reply, w)
				}
			}
		})
	}
}
