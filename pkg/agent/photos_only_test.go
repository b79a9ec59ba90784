package agent

import "testing"

func TestLastQuestion(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"I'm sorry about that. Would you like a replacement of 1 × Mug (Sea Glass / 12 oz), or a refund of $25.68?",
			"Would you like a replacement of 1 × Mug (Sea Glass / 12 oz), or a refund of $25.68?"},
		{"Which one is it?", "Which one is it?"},
		{"Done: it's on its way.", ""},
		{"Thanks!\nWhich items arrived damaged? The order has: a, b.", "Which items arrived damaged? The order has: a, b."},
	} {
		if got := lastQuestion(tc.text); got != tc.want {
			t.Errorf("lastQuestion(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestOnlyPhotos(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"[Photo attached: mug.jpg]", true},
		{" [Photos attached: a.jpg, b.jpg]\n", true},
		{"a replacement please\n[Photo attached: mug.jpg]", false},
		{"", false},
	} {
		if got := onlyPhotos(tc.text); got != tc.want {
			t.Errorf("onlyPhotos(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
