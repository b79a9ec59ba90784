package offline

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// What a second no-context trial found, in words neither it nor the eval
// uses: calling an order off, damage and a parcel marked delivered in
// other languages, an item missing from a parcel. A question about an
// order's whereabouts is no resolution.
func TestResolutionWordClasses(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"please void my order, I changed my mind", toolname.CancelOrder},
		{"abort the purchase please", toolname.CancelOrder},
		{"my order - I no longer want it", toolname.CancelOrder},
		{"Necesito cancelar el pedido", toolname.CancelOrder},
		{"Ich will die Bestellung stornieren", toolname.CancelOrder},
		{"Annulez ma commande svp", toolname.CancelOrder},
		{"La cafetera llegó dañada", toolname.ReportDamage},
		{"Die Tasse ist zerbrochen angekommen", toolname.ReportDamage},
		{"Ma tasse est arrivée fissurée", toolname.ReportDamage},
		{"Pone entregado pero no la encuentro", toolname.ReportNotReceived},
		{"Als zugestellt markiert, aber nie angekommen", toolname.ReportNotReceived},
		{"Indiqué livré, mais je ne le vois pas", toolname.ReportNotReceived},
		{"a mug is missing from my parcel", toolname.ReportDamage},
		{"the box came without the lid", toolname.ReportDamage},
		{"Aparece como entregado, pero nunca llegó", toolname.ReportNotReceived},
		{"Zugestellt steht da, habe es aber nie bekommen", toolname.ReportNotReceived},
		{"No ha llegado mi paquete", ""},
		{"ma commande n'est pas arrivée", ""},
		{"how long till it gets here", ""},
		{"I don't want to wait, where is my order", ""},
	} {
		if got := resolutionTool(tc.text); got != tc.want {
			t.Errorf("resolutionTool(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// When the things get here is a question about the order, in slang and
// typos too, not one for the shipping policy.
func TestArrivalAsksAreStatus(t *testing.T) {
	for _, text := range []string{"how long till it gets here", "hw long until my things arrive here", "when does it reach me"} {
		norm := normalise(text)
		if got := classify(norm); got != intentStatus {
			t.Errorf("classify(%q) = %v, want the status intent", text, got)
		}
		if isPolicyQuestion(norm) {
			t.Errorf("isPolicyQuestion(%q) = true, want false", text)
		}
	}
	// A parcel that has not come yet is late, in any language.
	for _, text := range []string{"No ha llegado mi paquete", "ma commande n'est pas arrivée", "Mein Paket ist nicht angekommen"} {
		if got := classify(normalise(text)); got != intentLate {
			t.Errorf("classify(%q) = %v, want the late intent", text, got)
		}
	}
	// How long a refund takes is the policy's, not the order's arrival.
	if norm := normalise("how long until my refund shows on my card"); !isPolicyQuestion(norm) {
		t.Errorf("isPolicyQuestion(%q) = false, want true", norm)
	}
}

// A question that is only its thing ("and the lamp?") names what the next
// one asks about; "I want to know if…" starts a question of its own.
func TestQuestionsOfFragmentsAndLeadIns(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"and the lamp? does it take LED bulbs", []string{"and the lamp, does it take LED bulbs"}},
		{"what about the blanket? can it be tumble dried?", []string{"what about the blanket, can it be tumble dried"}},
		{"where is my order? and the refund?", []string{"where is my order", "and the refund"}},
		{"send me the tracking number and I'd like to know how the lid comes off", []string{"send me the tracking number", "I'd like to know how the lid comes off"}},
	} {
		got := questions(tc.text)
		if len(got) != len(tc.want) {
			t.Errorf("questions(%q) = %q, want %q", tc.text, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("questions(%q) = %q, want %q", tc.text, got, tc.want)
			}
		}
	}
	for _, q := range []string{"want to know if the lamp is dimmable", "I'm wondering whether it fits", "tell me how the lid comes off", "I'd like to know whether it's oven safe"} {
		if !questionStartRe.MatchString(q) {
			t.Errorf("questionStartRe does not start a question at %q", q)
		}
	}
}
