package mailparse

import (
	"regexp"
	"strings"
	"testing"
)

// wroteRe is the regular expression wroteLine replaced; it stays here as
// the definition wroteLine is checked against.
var wroteRe = regexp.MustCompile(`(?i)^(on|le|am|el|il|op|em)\s.{4,300}((wrote|a écrit|escribió|ha scritto|schreef|escreveu)\s?|schrieb\s.{1,200}):$`)

func TestWroteLine(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool
	}{
		{"On Fri, Nov 20, 2026 at 10:02 AM Shop <s@x.example> wrote:", true},
		{"ON FRI, NOV 20 SHOP WROTE :", true},
		{"Le ven. 20 nov. 2026, Boutique a écrit :", true},
		{"Le ven. 20 nov. 2026, Boutique A ÉCRIT:", true},
		{"El vie, 20 nov 2026, Tienda escribió:", true},
		{"Il giorno ven 20 nov, Negozio ha scritto:", true},
		{"Op 20 nov 2026, Winkel schreef:", true},
		{"Op vr 20 nov 2026 schreef Winkel:", false}, // the word ends the line
		{"Em sex., 20 de nov., Loja escreveu:", true},
		{"Am Fr., 20. Nov. 2026 um 10:02 Uhr schrieb Laden <l@x.example>:", true},
		{"Am Fr., 20. Nov. schrieb\tLaden:", true},
		{"Am Fr., 20. Nov. ſchrieb Laden:", true}, // long s folds to s, as (?i) has it
		{"On ab wrote:", false},                   // three characters before the word, not four
		{"On abc wrote:", true},
		{"On " + strings.Repeat("x", 300) + " wrote:", false}, // 301 with the space
		{"On " + strings.Repeat("x", 299) + " wrote:", true},
		{"Am abcd schrieb x:", true},
		{"Am abcd schrieb :", false},
		{"Am abcd schrieb:", false},
		{"Am abcd schrieb " + strings.Repeat("y", 201) + ":", false},
		{"Am abcd schrieb " + strings.Repeat("y", 200) + ":", true},
		{"On Fri\n20 Nov wrote:", false}, // a newline is no character here
		{"On Fri 20 Nov wrote\n:", true}, // but it is a space
		{"On Fri 20 Nov wrote", false},
		{"Once upon a time she wrote:", false},
		{"On\u00a0Fri 20 Nov wrote:", false}, // \s is ASCII only
		{"On Fri 20 Nov wrote it:", false},
		{"On \xff\xfe\xfd\xfc wrote:", true}, // an invalid byte is a character
		{"Ön Fri 20 Nov wrote:", false},
		{"", false},
		{":", false},
	} {
		if got := wroteLine(tc.line); got != tc.want {
			t.Errorf("wroteLine(%q) = %v, want %v", tc.line, got, tc.want)
		}
		if re := wroteRe.MatchString(tc.line); re != tc.want {
			t.Errorf("the regexp says %v for %q, the table %v", re, tc.line, tc.want)
		}
	}
}

// FuzzWroteLine: wroteLine says what the regular expression it replaced
// says, for any string.
func FuzzWroteLine(f *testing.F) {
	f.Add("On Fri, Nov 20, 2026 at 10:02 AM Shop <s@x.example> wrote:")
	f.Add("Am Fr., 20. Nov. 2026 um 10:02 Uhr schrieb Laden <l@x.example>:")
	f.Add("Le ven. 20 nov. 2026, Boutique a écrit :")
	f.Add("on \xffabc\nwrote:")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := wroteLine(s), wroteRe.MatchString(s); got != want {
			t.Errorf("wroteLine(%q) = %v, the regexp says %v", s, got, want)
		}
	})
}
