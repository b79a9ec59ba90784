package offline

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A part of the address corrected is read with its new value; messages
// that name a part's word for something else, or a whole address, are
// not corrections.
func TestCorrectedPart(t *testing.T) {
	tests := []struct {
		text  string
		field string
		args  map[string]any // besides partial; nil: not a correction
	}{
		{"oops I typed the wrong zip code, it should be 02139 not 02138", "zip", map[string]any{"zip": "02139", "was": "02138"}},
		{"not 02138, the zip is 02139", "zip", map[string]any{"zip": "02139", "was": "02138"}},
		{"I typed the wrong zip code", "zip", map[string]any{}},
		{"the apartment number is missing from my address, its apt 4B", "address2", map[string]any{"address2": "Apt 4B"}},
		{"suite should be 300 not suite 12", "address2", map[string]any{"address2": "Suite 300", "was": "12"}},
		{"forgot the apartment number in my address", "address2", map[string]any{}},
		{"the house number is wrong, it's 84 not 48", "address1", map[string]any{"address1": "84", "was": "48"}},
		{"wrong town in the address, it's Medford", "city", map[string]any{"city": "Medford"}},
		// Not corrections of a part.
		{"the unit arrived broken, wrong one", "", nil},
		{"can I add another unit to my order?", "", nil},
		{"which city do you ship from?", "", nil},
		{"the zip on the bag is broken", "", nil},
		{"wrong address, send it to 5 Pine St, Boston MA 02110", "", nil},
		{"the zip code is wrong and so is the apt", "", nil},
	}
	for _, tt := range tests {
		field, args, ok := correctedPart(tt.text)
		if tt.args == nil {
			if ok {
				t.Errorf("correctedPart(%q) = %s %v, want no correction", tt.text, field, args)
			}
			continue
		}
		want := map[string]any{"partial": true}
		for k, v := range tt.args {
			want[k] = v
		}
		if !ok || field != tt.field {
			t.Errorf("correctedPart(%q) = %q, %v, want %q", tt.text, field, ok, tt.field)
		}
		if diff := cmp.Diff(want, args); diff != "" && ok {
			t.Errorf("correctedPart(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}

// Left at the wrong place is read with a word of the handing over; a new
// address for later, or a wrong item, is not.
func TestDeliveredElsewhereWords(t *testing.T) {
	for text, want := range map[string]bool{
		"the driver left it at the wrong house":                 true,
		"tracking says delivered, but that's not my address":    true,
		"Le colis a été livré à la mauvaise adresse":            true,
		"can you deliver my next order to a different address?": false,
		"I got the wrong item":                                  false,
		"can the carrier take it to another address":            false,
		"El paquete fue entregado en la dirección equivocada":   true,
	} {
		if got := wrongPlaceRe.MatchString(text) && handedOverRe.MatchString(text); got != want {
			t.Errorf("%q: delivered elsewhere %v, want %v", text, got, want)
		}
	}
}
