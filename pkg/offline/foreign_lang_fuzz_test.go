package offline

import (
	"strings"
	"testing"
)

// FuzzForeignWords: folding accents is idempotent; in an English message
// a word is read as another language's only when it is one as written
// (or with a full stop); and a message with more everyday English words
// than words of any kind at all is never taken for another language.
func FuzzForeignWords(f *testing.F) {
	for _, s := range []string{"llego", "rota.", "zurueckgeben", "storniren", "livre", "Quisiera devolver una taza", "où est mon colis", "¿Qué?"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if fold(fold(s)) != fold(s) {
			t.Errorf("fold(%q) = %q, folded again %q", s, fold(s), fold(fold(s)))
		}
		low := strings.ToLower(s)
		if _, ok := foreignWord(low, ""); ok {
			_, exact := foreign[low]
			_, trimmed := foreign[strings.TrimRight(low, ".")]
			if !exact && !trimmed {
				t.Errorf("foreignWord(%q, \"\") read a word no list holds as written", low)
			}
		}
		n := len(tokenRe.FindAllString(s, -1))
		english := s + " " + strings.Repeat("the my is ", n+1)
		if l := detectLanguage(english); l != "" {
			t.Errorf("detectLanguage(%q) = %q, want English", english, l)
		}
	})
}
