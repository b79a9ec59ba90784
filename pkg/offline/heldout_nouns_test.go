package offline

import (
	"fmt"
	"testing"
)

// Items named by a noun of another language, plural (every unit: the
// English plural) or with its article elided, are the order's items; a French word that happens to be an
// English title's ("pour") names nothing.
func TestHeldOutForeignNouns(t *testing.T) {
	lines := []string{"Bluetooth Speaker (black)", "Ceramic Coffee Mug (white)", "Pour-Over Kettle (steel)", "Wool Blanket (grey)"}
	for _, tc := range []struct{ text, want string }{
		{"La taza llegó rota", "[mug]"},
		{"las tazas llegaron rotas", "[mugs]"},
		{"Der Lautsprecher ist kaputt angekommen", "[speaker]"},
		{"Die Lautsprecher sind kaputt", "[speaker]"},
		{"l'enceinte est arrivée cassée", "[speaker]"},
		{"Je voudrais un remboursement pour les tasses", "[mugs]"},
		{"die Tassen sind gesprungen", "[mugs]"},
		{"les couvertures sont abîmées", "[blankets]"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			var got []string
			for _, it := range namedItems(lines, tc.text) {
				got = append(got, it["title"].(string))
			}
			if s := fmt.Sprint(got); s != tc.want {
				t.Errorf("named %s, want %s", s, tc.want)
			}
		})
	}
}
