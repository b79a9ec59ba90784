package offline

import "testing"

// An address's state code is not a word of another language: "Cambridge
// MA 02139" is not French "ma" (trial 10a: an English customer's new
// address got the English-only note).
func TestStateCodeIsNoLanguage(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"112 Prospect St apt 5, Cambridge MA 02139", ""},
		{"500 Boylston St, 3rd Floor, Boston, MA 02116", ""},
		{"12 Main St, Dover, DE 19901", ""},
		{"où est ma commande ?", "fr"},
		{"wo ist meine Bestellung?", "de"},
	} {
		if got := detectLanguage(tc.text); got != tc.want {
			t.Errorf("detectLanguage(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
