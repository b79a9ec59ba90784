package offline

import (
	"testing"
)

// FuzzCantKind: reading a request no tool does never panics, gives a
// known kind, and does not depend on the spaces around the message.
func FuzzCantKind(f *testing.F) {
	for _, s := range []string{
		"can you hold the parcel till monday?", "could u upgrade me to overnite shipping pls",
		"do you have a discount code for next time?", "can you place the order for me?",
		"can i change the filters to the pack of 200 instead", "¿Pueden retener el paquete?",
		"Können Sie das Paket zurückhalten?", "pouvez-vous passer une nouvelle commande pour moi ?",
		"please change the address to 12 Oak Street, Springfield, IL 62704", "", "instead of",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := cantKindOf(s)
		if k < cantNone || k > cantLines {
			t.Fatalf("cantKindOf(%q) = %d, not a kind", s, k)
		}
		if k2 := cantKindOf("  " + s + "\n"); k2 != k {
			t.Fatalf("cantKindOf(%q) = %d, with spaces around %d", s, k, k2)
		}
	})
}

// The kinds of request no tool does, read from the words alone.
func TestCantKindOf(t *testing.T) {
	tests := []struct {
		text string
		want cantKind
	}{
		{"can you hold the package, im away till the 20th", cantDelivery},
		{"hold on, when would the refund arrive?", cantNone},
		{"actually never mind, I'll keep them", cantNone},
		{"can you just send it faster?", cantFaster},
		{"do you offer express shipping?", cantNone},
		{"should I leave the oil on overnight? please advise", cantNone},
		{"any chance of a cupon code for next time?", cantCode},
		{"what was that code again?", cantNone},
		{"a voucher instead would be fine", cantNone},
		{"the skillet is on sale now, can you refund me the difference?", cantPrice},
		{"Is it possible to expedite my order? I'll pay the difference.", cantFaster},
		{"could you plase order 2 more for me and charge the same card", cantNewOrder},
		{"Can you track order #1930780 for me?", cantNone},
		{"can i change the filtres to the pack of 200 instead", cantLines},
		{"is it possible to exchange the filters for a different size once they arrive?", cantNone},
		{"can I have store credit instead", cantNone},
		{"I moved! can you ship it to 450 Pine Avenue, Portland, OR 97205 instead", cantNone},
		{"sorry, wrong one, make it 450 Pine Avenue, Portland, OR 97205 instead", cantNone},
	}
	for _, tt := range tests {
		if got := cantKindOf(tt.text); got != tt.want {
			t.Errorf("cantKindOf(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}
