package offline

import "testing"

// Only an answer to "which order?" takes on the customer's previous
// request; a question of its own that names an order does not (after a
// person resolved "can I talk to a person?", "is there a new estimate for
// 1004?" was handed to a person again).
func TestOnlyNames(t *testing.T) {
	for text, want := range map[string]bool{
		"#1004":                              true,
		"it's 1004":                          true,
		"order #1004, ada@example.com":       true,
		"ada@example.com":                    true,
		"is there a new estimate for 1004?":  false,
		"and when will #1005 arrive at last": false,
	} {
		if got := onlyNames(text); got != want {
			t.Errorf("onlyNames(%q) = %v, want %v", text, got, want)
		}
	}
}
