package offline

import (
	"strings"
	"testing"
)

func TestHeadName(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Ship it to Linda Whitfield, 77 W 3rd St Apt 5, New York, NY 10012", "Linda Whitfield"},
		{"send it to J. R. Tolkien, 12 Oak Street, Austin TX 78701", "J. R. Tolkien"},
		{"change the address to c/o Ana de la Cruz, 350 Pine Avenue, Denver, CO 80203", "c/o Ana de la Cruz"},
		{"new address: attn Peter van der Berg, 9 Birch Lane, Salem, MA 01970", "Peter van der Berg"},
		{"Envíelo a María García López, 140 Grove St, Raleigh, NC 27601", "María García López"},
		{"Bitte schicken an: Hans Müller, 88 Market Street, Columbus OH 43215", "Hans Müller"},
		{"Envoyez-le à Claire Dubois, 61 Union Square, Nashville TN 37201", "Claire Dubois"},
		{"Linda Whitfield\n77 W 3rd St\nNew York, NY 10012", "Linda Whitfield"},
		{"new shipping address:\nLinda Whitfield\n77 W 3rd St, New York, NY 10012", "Linda Whitfield"},
		// No name: the order's stays.
		{"send it to my office, 191 Peachtree St NE, Atlanta, GA 30303", ""},
		{"please change the address to 12 Oak Street, Austin TX 78701", ""},
		{"Hi, I moved.\nNew address:\n27 Willow Way\nTucson, AZ 85701", ""},
		{"Thanks Anna, 12 Oak Street, Austin, TX 78701", ""},
		{"ship it to a friend, 12 Oak Street, Austin, TX 78701", ""},
		{"Yes Please, 12 Oak Street, Austin, TX 78701", ""},
		{"NEW ADDRESS: 8 Chestnut St, Hartford CT 06103", ""},
		{"my address is now 400 Broad Street, Richmond, VA 23219", ""},
	}
	for _, tt := range tests {
		got, _ := newAddress(tt.text)["name"].(string)
		if got != tt.want {
			t.Errorf("name of %q = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// Any text before a street: a name read from it is the customer's own
// words, two to five of them, with no digit.
func FuzzHeadName(f *testing.F) {
	for _, s := range []string{"Ship it to Linda Whitfield, ", "to: attn Peter van der Berg, ", "c/o Ana de la Cruz\n", "a J. R. Tolkien ", "Envíelo a María García López, ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := headName(s)
		if n == "" {
			return
		}
		if !strings.Contains(s, n) {
			t.Fatalf("headName(%q) = %q: not in the text", s, n)
		}
		if w := len(strings.Fields(n)); w < 2 || w > 6 || anyDigitRe.MatchString(n) {
			t.Fatalf("headName(%q) = %q: no name", s, n)
		}
	})
}

func TestAddressLook(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"whr is it going, wht adress", true},
		{"don't want to change it, what address do you have on file", true},
		{"no change needed, just checking which address you have", true},
		{"wich adres will it ship to??", true},
		{"read back the address please", true},
		{"Quelle est l'adresse de livraison ?", true},
		{"Wie lautet die Lieferadresse jetzt?", true},
		{"what address is it going to", true},
		// A change, another address, or a new one given: no look-up.
		{"i want to change the address", false},
		{"can you change the address? what address do you need", false},
		{"what's the return address?", false},
		{"which address do I send it back to", false},
		{"what email address is on the order", false},
		{"what's your store's address", false},
		{"what address? 12 Oak Street, Austin, TX 78701", false},
	}
	for _, tt := range tests {
		if got := addressLook(tt.text); got != tt.want {
			t.Errorf("addressLook(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
