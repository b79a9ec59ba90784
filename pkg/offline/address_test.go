package offline

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A new address is read whatever the words around it and wherever its
// commas fall; an address abroad keeps its country.
func TestNewAddress(t *testing.T) {
	for _, tt := range []struct {
		text string
		want map[string]any
	}{
		{"send it to 12 Oak Street, Springfield, IL 62704 instead",
			map[string]any{"address1": "12 Oak Street", "city": "Springfield", "province": "IL", "zip": "62704"}},
		{"can you ship to my work address: 450 Pine Avenue, Portland OR 97205",
			map[string]any{"address1": "450 Pine Avenue", "city": "Portland", "province": "OR", "zip": "97205"}},
		{"new adress: 88 Harbor Road, Apt 3, Boston, MA 02110",
			map[string]any{"address1": "88 Harbor Road", "address2": "Apt 3", "city": "Boston", "province": "MA", "zip": "02110"}},
		{"could u send my order to 12 Oak Street, Springfield, Illinois 62704 pls",
			map[string]any{"address1": "12 Oak Street", "city": "Springfield", "province": "Illinois", "zip": "62704"}},
		{"66 Park Place, New York NY 10001",
			map[string]any{"address1": "66 Park Place", "city": "New York", "province": "NY", "zip": "10001"}},
		{"please send it to 14 Rue de la Paix, 75002 Paris, France instead",
			map[string]any{"address1": "14 Rue de la Paix", "zip": "75002", "city": "Paris", "country_code": "FR"}},
		{"Can you change the address to Friedrichstraße 12, 10117 Berlin, Germany?",
			map[string]any{"address1": "Friedrichstraße 12", "zip": "10117", "city": "Berlin", "country_code": "DE"}},
		{"ship it to 221B Baker Street, London NW1 6XE, United Kingdom",
			map[string]any{"address1": "221B Baker Street", "city": "London", "zip": "NW1 6XE", "country_code": "GB"}},
		{"I'm moving, new adress: 300 King Street West, Toronto, ON M5V 1J5, Canada",
			map[string]any{"address1": "300 King Street West", "city": "Toronto", "province": "ON", "zip": "M5V 1J5", "country_code": "CA"}},
		{"deliver it to Calle Mayor 5, 3º izquierda, 28013 Madrid, Spain please",
			map[string]any{"address1": "Calle Mayor 5", "address2": "3º izquierda", "zip": "28013", "city": "Madrid", "country_code": "ES"}},
		{"I moved to Dublin, new address is 8 Grafton Street, Dublin 2, D02 XY45, Ireland",
			map[string]any{"address1": "8 Grafton Street", "city": "Dublin 2", "zip": "D02 XY45", "country_code": "IE"}},
		{"do you ship to Canada?", nil},
		{"where is my order #1001?", nil},
		{"I ordered 2 mugs, France is lovely", nil},
	} {
		got := newAddress(tt.text)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("newAddress(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}

// Any text: an address read from it has a street, and every part of it
// is the customer's own words, never made up.
func FuzzNewAddress(f *testing.F) {
	for _, s := range []string{"send it to 12 Oak Street, Springfield, IL 62704 instead", "to 14 Rue de la Paix, 75002 Paris, France",
		"300 King Street West, Toronto, ON M5V 1J5, Canada", "1, 2, 3, France", "", ", , Germany"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := newAddress(s)
		if a == nil {
			return
		}
		if street, _ := a["address1"].(string); strings.TrimSpace(street) == "" {
			t.Fatalf("newAddress(%q) = %v: no street", s, a)
		}
		for k, v := range a {
			if k == "country_code" {
				continue
			}
			if part, _ := v.(string); !strings.Contains(s, part) {
				t.Fatalf("newAddress(%q): %s = %q is not in the text", s, k, part)
			}
		}
	})
}

// A message's questions are split at question marks, "also", and an
// "and" that starts a new question; an "and" inside one stays.
func TestQuestionsSplitAtAnd(t *testing.T) {
	for in, want := range map[string][]string{
		"what's your return policy and do you ship to Canada?":           {"what's your return policy", "do you ship to Canada"},
		"when will my order arrive and is the skillet oven safe?":        {"when will my order arrive", "is the skillet oven safe"},
		"track my order please, and how short should the candle wick be": {"track my order please", "how short should the candle wick be"},
		"I want to return the salt and pepper mills":                     {"I want to return the salt and pepper mills"},
	} {
		if diff := cmp.Diff(want, questions(in)); diff != "" {
			t.Errorf("questions(%q) (-want +got):\n%s", in, diff)
		}
	}
}

// A yes answers an offer of a person however the reply put it, and not a
// reply that already passed the conversation on.
func TestOfferedPerson(t *testing.T) {
	for reply, want := range map[string]bool{
		"I'm sorry, I can't change the address: it has shipped. The carrier may be able to redirect the parcel, and a member of our team can help too if you'd like.": true,
		"I'm sorry, I can't cancel order #1: it shipped. If you'd like, a member of our team can take a look.":                                                        true,
		"Would you like me to pass this to a member of our team?":                                                                                                     true,
		"Of course. I've passed your conversation to a member of our team, and they'll reply right here. If you'd like to add anything, write here.":                  false,
		"Your order #1 is on its way with UPS.": false,
	} {
		if got := offeredPerson(reply); got != want {
			t.Errorf("offeredPerson(%q) = %v, want %v", reply, got, want)
		}
	}
}
