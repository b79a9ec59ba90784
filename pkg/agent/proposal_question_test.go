package agent

import (
	"strings"
	"testing"
)

// A question about a proposal's terms, alone, is neither a yes nor a no;
// a question about something else, a no, or a yes is not one.
func TestAsksAboutProposal(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"wait, how much would I get back?", true},
		{"how much would I get back?", true},
		{"hold on - when would the refund arrive?", true},
		{"quick question: do I have to pay for return shipping?", true},
		{"is return shipping free?", true},
		{"¿cuánto me devolverían?", true},
		{"wie viel bekomme ich zurück?", true},
		{"wait, before that - do you ship to canada?", false},
		{"no, how much for the other one?", false},
		{"yes, how much would I get back?", false},
		{"how much would I get back? and can I keep the box?", false},
		{"how much would I get back", false},
		{"wait", false},
		{"never mind, how much was it anyway?", false},
		{"how much would I get back if I returned only one?", false},
		// Trial 14: a condition on the proposal, a remark after the question.
		{"hmm if i cancel do i lose the free shipping? i paid 7.95 shipping i think", true},
		{"wait, does the refund include shipping?", true},
		{"if i do that will i get the shipping back?", true},
		{"is shipping refunded?", true},
		{"do i lose the shipping? no forget it", false},
		{"do i lose the shipping? yes go ahead", false},
		{"do i lose the shipping? but i want the kit", false},
	} {
		if got := AsksAboutProposal(tc.text); got != tc.want {
			t.Errorf("AsksAboutProposal(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// A question about the terms is never a yes, never a withdrawal, and
// always one question.
func FuzzAsksAboutProposal(f *testing.F) {
	for _, s := range []string{"wait, how much would I get back?", "yes, how much?", "no?", "¿cuánto?", "hold on, hold on, when?"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if AsksAboutProposal(s) && (Affirmative(s) || Withdraws(s) || strings.Count(s, "?") != 1) {
			t.Errorf("AsksAboutProposal(%q) and a yes %v, a withdrawal %v, %d question marks", s, Affirmative(s), Withdraws(s), strings.Count(s, "?"))
		}
	})
}

// A customer who types a short word with a letter doubled, or a
// four-letter one with two letters swapped, named it; other short words
// are not typos of it.
func TestNearlySaidShortWords(t *testing.T) {
	for _, tc := range []struct {
		w, s string
		want bool
	}{
		{"mug", "mugg", true},
		{"mug", "mmug", true},
		{"mug", "bug", false},
		{"mug", "mud", false},
		{"lamp", "lmap", true},
		{"lamp", "lamb", false},
		{"lamp", "lammp", true},
		{"kit", "kti", false},
		{"coffee", "cofee", true},
		{"skillet", "skilet", true},
	} {
		if got := NearlySaid(tc.w, tc.s); got != tc.want {
			t.Errorf("NearlySaid(%q, %q) = %v, want %v", tc.w, tc.s, got, tc.want)
		}
	}
}

// A foreign product noun in the plural gives the English plural; in the
// singular, the singular.
func TestWithProductNounsPlural(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"quiero devolver las tazas", "quiero devolver las tazas (cups mugs)"},
		{"quiero devolver la taza", "quiero devolver la taza (cup mug)"},
		{"je renvoie les tasses", "je renvoie les tasses (cups mugs)"},
		{"die Tassen sind kaputt", "die Tassen sind kaputt (cups mugs)"},
		{"las mochilas", "las mochilas (backpacks)"},
		{"les bouteilles", "les bouteilles (bottles)"},
		{"the mugs", "the mugs"},
	} {
		if got := WithProductNouns(tc.text); got != tc.want {
			t.Errorf("WithProductNouns(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
