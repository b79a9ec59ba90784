package offline

import (
	"strings"
	"testing"
)

func TestAsksToAdd(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"can i add something to my order", true},
		{"can I add a second filter pack?", true},
		{"is it possible to add one more thing to the order before it ships?", true},
		{"could you add 2 more to my purchase", true},
		{"can I add a splash of milk to the brew?", false},
		{"how much water should I add", false},
		{"can I add oil to the board?", false},
		{"where is my order", false},
	} {
		if got := asksToAdd(tt.text); got != tt.want {
			t.Errorf("asksToAdd(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestOwnThingWords(t *testing.T) {
	for _, tt := range []struct {
		text string
		want string
	}{
		{"how do I care for my bamboo chopping board?", "bamboo chopping board"},
		{"my serving bord stinks of garlic now lol", ""},
		{"how do i clean my skillet?", ""},
		{"when will I see my refund after returning?", ""},
		{"can i get my present wrapped", ""},
		{"whats the return policy for my new mug?", ""},
	} {
		if got := strings.Join(ownThingWords(tt.text), " "); got != tt.want {
			t.Errorf("ownThingWords(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// FuzzAddAndThing: a request to add names adding; a thing's words are
// two or three, each the stem of a word of the message.
func FuzzAddAndThing(f *testing.F) {
	for _, s := range []string{"can i add something to my order", "can I add a second filter pack?", "how do I care for my bamboo chopping board?", "my x y", "ADD a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if asksToAdd(text) && !strings.Contains(strings.ToLower(text), "add") {
			t.Errorf("asksToAdd(%q) without the word add", text)
		}
		ws := ownThingWords(text)
		if len(ws) == 1 || len(ws) > 3 {
			t.Errorf("ownThingWords(%q) = %q: want none or 2 to 3 words", text, ws)
		}
		said := map[string]bool{}
		for _, w := range wordRe.FindAllString(strings.ToLower(text), -1) {
			said[stemWord(w)] = true
		}
		for _, w := range ws {
			if !said[w] {
				t.Errorf("ownThingWords(%q) has %q, not a word of it", text, w)
			}
		}
	})
}
