package offline

import (
	"regexp"
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
		{"pls send it to 5 Quarry Lane, Dayton, OH 45402 instead",
			map[string]any{"address1": "5 Quarry Lane", "city": "Dayton", "province": "OH", "zip": "45402"}},
		{"my office address is 90 Dock Road, Tacoma WA 98402",
			map[string]any{"address1": "90 Dock Road", "city": "Tacoma", "province": "WA", "zip": "98402"}},
		{"address: 14 Mill St, Unit 7, Providence, RI 02903",
			map[string]any{"address1": "14 Mill St", "address2": "Unit 7", "city": "Providence", "province": "RI", "zip": "02903"}},
		{"it should go to 3 Fern Way, Eugene, Oregon 97401 thx",
			map[string]any{"address1": "3 Fern Way", "city": "Eugene", "province": "Oregon", "zip": "97401"}},
		{"66 Park Place, New York NY 10001",
			map[string]any{"address1": "66 Park Place", "city": "New York", "province": "NY", "zip": "10001"}},
		{"redirect to 2 Rue du Port, 13002 Marseille, France instead",
			map[string]any{"address1": "2 Rue du Port", "zip": "13002", "city": "Marseille", "country_code": "FR"}},
		{"new address: Hauptstraße 4, 80331 München, Germany",
			map[string]any{"address1": "Hauptstraße 4", "zip": "80331", "city": "München", "country_code": "DE"}},
		{"send to 10 High Street, Leeds LS1 4AP, UK",
			map[string]any{"address1": "10 High Street", "city": "Leeds", "zip": "LS1 4AP", "country_code": "GB"}},
		{"we moved, new place: 77 Rue Sherbrooke, Montréal, QC H2X 1X3, Canada",
			map[string]any{"address1": "77 Rue Sherbrooke", "city": "Montréal", "province": "QC", "zip": "H2X 1X3", "country_code": "CA"}},
		{"to Carrer Nou 8, 2º 1ª, 08001 Barcelona, Spain pls",
			map[string]any{"address1": "Carrer Nou 8", "address2": "2º 1ª", "zip": "08001", "city": "Barcelona", "country_code": "ES"}},
		{"I live in Cork now, my address is 4 Main Street, Cork City, T12 AB34, Ireland",
			map[string]any{"address1": "4 Main Street", "city": "Cork City", "zip": "T12 AB34", "country_code": "IE"}},
		{"ship it to Toronto instead, 100 Queen St W, Toronto ON M5H 2N2, Canada",
			map[string]any{"address1": "100 Queen St W", "city": "Toronto", "province": "ON", "zip": "M5H 2N2", "country_code": "CA"}},
		{"can you send it to 100 Queen St W, Toronto, ON M5H 2N2 instead",
			map[string]any{"address1": "100 Queen St W", "city": "Toronto", "province": "ON", "zip": "M5H 2N2", "country_code": "CA"}},
		{"new address: 500 Av. Reforma, CDMX, Mexico 06600",
			map[string]any{"address1": "500 Av. Reforma", "city": "CDMX", "zip": "06600", "country_code": "MX"}},
		{"to Calle Durango 12, Roma Norte, 06700 Ciudad de México, México",
			map[string]any{"address1": "Calle Durango 12", "address2": "Roma Norte", "zip": "06700", "city": "Ciudad de México", "country_code": "MX"}},
		{"can you deliver to Mexico?", nil},
		{"send it to 5 Quarry Lane, Dayton, OH 45402, CA", // CA here is no country: the US address stands
			map[string]any{"address1": "5 Quarry Lane", "city": "Dayton", "province": "OH", "zip": "45402"}},
		{"where is my order #1001?", nil},
		{"I ordered 2 things, France is lovely", nil},
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
	for _, s := range []string{"pls send it to 5 Quarry Lane, Dayton, OH 45402 instead", "to 2 Rue du Port, 13002 Marseille, France",
		"77 Rue Sherbrooke, Montréal, QC H2X 1X3, Canada", "1, 2, 3, France", "", ", , Germany",
		// addr13: a recipient's name before the street.
		"Ship it to Linda Whitfield, 77 W 3rd St Apt 5, New York, NY 10012", "to: attn Peter van der Berg, 9 Birch Lane, Salem, MA 01970",
		"c/o Ana de la Cruz, 350 Pine Avenue, Denver, CO 80203", "Linda Whitfield\n77 W 3rd St\nNew York, NY 10012", "a J. R. Tolkien,  12 Oak Street, Austin TX 78701"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		labelsStayOut(t, s)
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
			// A second line is the customer's parts between street and
			// city, joined by commas.
			part, _ := v.(string)
			for _, p := range strings.Split(part, ", ") {
				if !strings.Contains(s, p) {
					t.Fatalf("newAddress(%q): %s = %q is not in the text", s, k, part)
				}
			}
		}
	})
}

// addressLabels are labels customers put before a new address.
var addressLabels = []string{"new address:", "Neue Adresse:", "nueva dirección:", "nouvelle adresse :", "ship to:",
	"send it to", "my new addy is", "Lieferadresse:", "deliver to ->", "NEW ADDRESS:\n", "updated address -", "Envíelo a"}

// labelsStayOut checks that no word of a label put before s ends up in the
// street line read from the message, by either reading (newAddress, and
// addressArgs, the words after "What's the full new address?"), unless s
// holds that word itself.
func labelsStayOut(t *testing.T, s string) {
	t.Helper()
	own := map[string]bool{}
	for _, w := range labelWordRe.FindAllString(strings.ToLower(s), -1) {
		own[w] = true
	}
	for _, label := range addressLabels {
		text := label + " " + s
		streets := map[string]string{}
		if a := newAddress(text); a != nil {
			streets["newAddress"], _ = a["address1"].(string)
		}
		tt := &turn{text: text, order: "#1", lastBot: "What's the full new address?"}
		streets["addressArgs"], _ = tt.addressArgs()["address1"].(string)
		for how, street := range streets {
			for _, w := range labelWordRe.FindAllString(strings.ToLower(street), -1) {
				if strings.Contains(strings.ToLower(label), w) && !own[w] {
					t.Fatalf("%s(%q): address1 %q keeps %q of the label", how, text, street, w)
				}
			}
		}
	}
}

// labelWordRe are a label's words and signs.
var labelWordRe = regexp.MustCompile(`[\p{L}]+|:|->|-`)

// A message's questions are split at question marks, "also", and an
// "and" that starts a new question; an "and" inside one stays.
func TestQuestionsSplitAtAnd(t *testing.T) {
	for in, want := range map[string][]string{
		"how do exchanges work and can I pay with a gift card?": {"how do exchanges work", "can I pay with a gift card"},
		"has it shipped yet, and is the lamp dimmable?":         {"has it shipped yet", "is the lamp dimmable"},
		"check my order please and what size is the rug":        {"check my order please", "what size is the rug"},
		"I want to return the salt and pepper mills":            {"I want to return the salt and pepper mills"},
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
