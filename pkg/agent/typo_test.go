package agent

import "testing"

func TestSaidNearly(t *testing.T) {
	said := map[string]bool{"skilet": true, "noteobok": true, "mug": true, "lamp": true}
	for w, want := range map[string]bool{
		"skillet": true, "notebook": true, "mug": true, "lamp": true,
		"lamps": true, "clamps": false, "blanket": false, "kettle": false, "skillets": false,
	} {
		if got := saidNearly(w, said); got != want {
			t.Errorf("saidNearly(%q) = %v, want %v", w, got, want)
		}
	}
}
