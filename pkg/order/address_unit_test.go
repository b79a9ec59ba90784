package order

import (
	"regexp"
	"strings"
	"testing"
)

// A unit written at the end of a street line ("220 Elm St Apt 5") is
// Shopify's second address line; the street keeps its house number and
// name, and a line with no unit at its end stays whole.
func TestSplitUnit(t *testing.T) {
	tests := []struct{ line, street, unit string }{
		{"220 Elm St Apt 5", "220 Elm St", "Apt 5"},
		{"220 Elm St, Apt 5", "220 Elm St", "Apt 5"},
		{"220 Elm St apt. 5B", "220 Elm St", "apt. 5B"},
		{"418 Birch Ave Apartment 12", "418 Birch Ave", "Apartment 12"},
		{"77 River Road Unit 5", "77 River Road", "Unit 5"},
		{"12 Oak Street Suite 200", "12 Oak Street", "Suite 200"},
		{"12 Oak Street Ste. 200", "12 Oak Street", "Ste. 200"},
		{"9 Elm St #7", "9 Elm St", "#7"},
		{"9 Elm St # 7", "9 Elm St", "# 7"},
		{"9 Elm St Apt #7", "9 Elm St", "Apt #7"},
		{"500 Market St Fl 3", "500 Market St", "Fl 3"},
		{"500 Market St Floor 12", "500 Market St", "Floor 12"},
		{"500 Market St 3rd Floor", "500 Market St", "3rd Floor"},
		{"350 Pine Avenue Apt B", "350 Pine Avenue", "Apt B"},
		{"350 Pine Avenue Unit 4-C", "350 Pine Avenue", "Unit 4-C"},
		{"Calle Mayor 5 Piso 3", "Calle Mayor 5", "Piso 3"},
		{"Av. Reforma 222, Depto 4B", "Av. Reforma 222", "Depto 4B"},
		{"Calle Luna 8 Apto 2", "Calle Luna 8", "Apto 2"},
		{"Hauptstraße 5 Wohnung 3", "Hauptstraße 5", "Wohnung 3"},
		{"Hauptstraße 5, Whg. 3", "Hauptstraße 5", "Whg. 3"},
		{"Lindenweg 12, 2. Etage", "Lindenweg 12", "2. Etage"},
		{"12 rue de la Paix Appt 4", "12 rue de la Paix", "Appt 4"},
		{"12 rue de la Paix, Appartement 4", "12 rue de la Paix", "Appartement 4"},
		{"12 rue de la Paix 3e étage", "12 rue de la Paix", "3e étage"},
		// No unit at the end: the line stays whole.
		{"48 Linden Street", "48 Linden Street", ""},
		{"1 Unity Road", "1 Unity Road", ""},
		{"12 Suite Road", "12 Suite Road", ""},
		{"5 Floor St", "5 Floor St", ""},
		{"Route 66", "Route 66", ""},
		{"Apt 3", "Apt 3", ""},
		{"12 Apt 3", "12 Apt 3", ""},
		{"Elm Street Apt 3", "Elm Street Apt 3", ""},
		{"Hauptstraße 5. Etage", "Hauptstraße 5. Etage", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			street, unit := SplitUnit(tt.line)
			if street != tt.street || unit != tt.unit {
				t.Errorf("SplitUnit(%q) = %q, %q; want %q, %q", tt.line, street, unit, tt.street, tt.unit)
			}
		})
	}
}

var (
	separatorRe = regexp.MustCompile(`^[\s,]+$`)
	digitsRe    = regexp.MustCompile(`\d+`)
)

// FuzzSplitUnit: a split loses nothing but the separator between street
// and unit, and never takes the street's house number: the street keeps
// a letter and the line's first number, whole.
func FuzzSplitUnit(f *testing.F) {
	for _, s := range []string{"220 Elm St Apt 5", "9 Elm St #7", "Apt 3", "", " #1", "12 rue X 3e étage", "Hauptstraße 5, Whg. 3", "1 A Apt 22"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		street, unit := SplitUnit(line)
		if unit == "" {
			if street != line {
				t.Fatalf("SplitUnit(%q) = %q with no unit", line, street)
			}
			return
		}
		if !strings.HasPrefix(line, street) || !strings.HasSuffix(line, unit) || len(street)+len(unit) >= len(line) {
			t.Fatalf("SplitUnit(%q) = %q, %q: not the line's two ends", line, street, unit)
		}
		if sep := line[len(street) : len(line)-len(unit)]; !separatorRe.MatchString(sep) {
			t.Fatalf("SplitUnit(%q) dropped %q", line, sep)
		}
		if !strings.ContainsFunc(street, isLetter) {
			t.Fatalf("SplitUnit(%q): street %q has no name", line, street)
		}
		first := digitsRe.FindStringIndex(line)
		if first == nil || first[1] > len(street) {
			t.Fatalf("SplitUnit(%q): street %q lost the house number", line, street)
		}
		if again, more := SplitUnit(street + ", " + unit); again != street || more != unit {
			t.Fatalf("SplitUnit(%q, %q) = %q, %q: not stable", street, unit, again, more)
		}
	})
}
