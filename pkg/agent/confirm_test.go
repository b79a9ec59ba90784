package agent

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

func TestAffirmative(t *testing.T) {
	tests := []struct {
		text    string
		yes, no bool
	}{
		{"yes", true, false},
		// Trial 7a: the everyday yeses.
		{"ya", true, false},
		{"fine, yes", true, false},
		{"yesss", true, false},
		{"alright go for it", true, false},
		{"ya know what, forget it", false, true},
		{"fine but only the mug", false, false},
		{"yard sale?", false, false},
		{"Yes please, go ahead", true, false},
		{"ok", true, false},
		{"sure thing", true, false},
		{"  Yeah do it!", true, false},
		{"no", false, true},
		{"no thanks", false, true},
		{"yes, no, wait", false, true},
		{"don't do that", false, true},
		{"what will happen?", false, false},
		{"I said yes earlier", false, false},
		{"yesterday it said delivered", false, false},
		{"", false, false},
		{"yes but only the mug", false, false},
		{"yes, can I get store credit instead?", false, false},
		{"ok?", false, false},
		{"yes, actually make it the other address", false, false},
		{"Sí, por favor", true, false},
		{"si, adelante", true, false},
		{"vale", true, false},
		{"de acuerdo, hazlo", true, false},
		{"no, gracias", false, true},
		{"sí, pero solo la taza", false, false},
		{"si no llega mañana", false, true},
		{"Ja, bitte", true, false},
		{"ja gerne", true, false},
		{"einverstanden", true, false},
		{"nein danke", false, true},
		{"ja, aber nur die Tasse", false, false},
		{"Jahr", false, false},
		{"Oui, merci", true, false},
		{"d'accord", true, false},
		{"allez-y", true, false},
		{"non merci", false, true},
		{"oui mais plutôt un avoir", false, false},
		{"¿sí?", false, false},
		{"okaysure", false, false},
		{"notably fine", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := Affirmative(tt.text); got != tt.yes {
				t.Errorf("Affirmative = %v, want %v", got, tt.yes)
			}
			if got := Negative(tt.text); got != tt.no {
				t.Errorf("Negative = %v, want %v", got, tt.no)
			}
		})
	}
}

// A leading yes followed only by the proposal said again is a yes to it;
// a no, a "but" or a question after the yes is not.
func TestAffirmativeTo(t *testing.T) {
	tests := []struct {
		text, tool string
		yes, no    bool
	}{
		{"yes cancel it", toolname.CancelOrder, true, false},
		{"yes, cancel it", toolname.CancelOrder, true, false},
		{"ok yes cancel", toolname.CancelOrder, true, false}, // trial 11a: read as a no
		{"ok yes, cancel it please", toolname.CancelOrder, true, false},
		{"ok yes cancel, no wait", toolname.CancelOrder, false, true},
		{"ok no cancel", toolname.CancelOrder, false, true},
		{"Yeah, cancel the order please", toolname.CancelOrder, true, false},
		{"sí, cancélalo", toolname.CancelOrder, true, false},
		{"oui, annulez", toolname.CancelOrder, true, false},
		{"ja, stornieren bitte", toolname.CancelOrder, true, false},
		{"yes cancel it, no wait", toolname.CancelOrder, false, true},
		{"yes cancel it?", toolname.CancelOrder, false, true},
		{"yes cancel the mug only", toolname.CancelOrder, false, true},
		{"no, cancel it", toolname.CancelOrder, false, true},
		{"cancel it", toolname.CancelOrder, false, true},
		{"yes cancel it", toolname.ChangeAddress, false, true},
		{"yes, change it", toolname.ChangeAddress, true, false},
		{"yes change it to the other address", toolname.ChangeAddress, false, false},
		{"ok start the return", toolname.StartReturn, true, false},
		{"yes", toolname.CancelOrder, true, false},
		{"no", toolname.CancelOrder, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.text+"/"+tt.tool, func(t *testing.T) {
			if got := AffirmativeTo(tt.text, tt.tool); got != tt.yes {
				t.Errorf("AffirmativeTo = %v, want %v", got, tt.yes)
			}
			if got := NegativeTo(tt.text, tt.tool); got != tt.no {
				t.Errorf("NegativeTo = %v, want %v", got, tt.no)
			}
		})
	}
}

func TestYesWithQuestion(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"yes - when will I get my money back?", true},
		{"yes, can I keep the box?", true},
		{"Yes please — how long does it take?", true},
		{"yes", false},
		{"yes but only the mug", false},
		{"yes but can it be only the mug?", false},
		{"when will I get my money back?", false},
		{"no - when will it arrive?", false},
		{"yes? what? really?", false},
	} {
		if got := YesWithQuestion(tc.text); got != tc.want {
			t.Errorf("YesWithQuestion(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// A yes with a question is never a no, and always one question.
func FuzzYesWithQuestion(f *testing.F) {
	for _, s := range []string{"yes - when will I get my money back?", "yes but only the mug", "no?", "ja, wann?"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if YesWithQuestion(s) && (strings.Count(s, "?") != 1 || Negative(s)) {
			t.Errorf("YesWithQuestion(%q) with %d question marks, negative %v", s, strings.Count(s, "?"), Negative(s))
		}
	})
}
