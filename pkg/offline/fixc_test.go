package offline_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A damage report of "one of" several units (fixC, problem 1): how many
// units the proposal names and whether a refund was the resolution.
type fixcDamage struct {
	text   string
	units  int    // the units report_damage names
	refund bool   // the customer asked for their money back
	gap    string // a known gap: logged, never counted as passing
}

// Held-out phrasings (issue 18, fixC), written before reading the model.
// Problem 1: "one of the N" names one unit, and a crack with a refund
// asked is a damage report, never a return. Judged by the tool that ran,
// its lines and its resolution.
func TestFixCOneOfDamaged(t *testing.T) {
	tests := []fixcDamage{
		{text: "Una de las tazas llegó con una grieta, quiero un reembolso", units: 1, refund: true},
		{text: "Hola, una de las tazas llegó rota. ¿Qué hago?", units: 1},
		{text: "una de las tazas vino agrietada, me devuelven el dinero?", units: 1, refund: true},
		{text: "Una de las dos tazas llegó rota, quiero que me devuelvan el dinero", units: 1, refund: true},
		{text: "Eine der Tassen hat einen Riss, ich möchte mein Geld zurück", units: 1, refund: true},
		{text: "Eine der Tassen ist kaputt angekommen. Was soll ich tun?", units: 1},
		{text: "l'une des tasses est arrivée fêlée, je voudrais un remboursement", units: 1, refund: true},
		{text: "Une des tasses a une fissure, remboursez-moi s'il vous plaît", units: 1, refund: true, gap: "\"remboursez-moi\": the refund chosen is not read; the agent asks which"},
		{text: "one of the mugs has a crack in it, i want a refund", units: 1, refund: true},
		{text: "one of teh mugs came craked, refund pls", units: 1, refund: true},
		{text: "One of the mugs arrived cracked, what do I do?", units: 1},
		{text: "both mugs arrived cracked, refund please", units: 2, refund: true},
		{text: "Las dos tazas llegaron rotas, quiero un reembolso", units: 2, refund: true},
	}
	base, log := heldoutStack(t)
	failed := 0
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			c := chat(t, base, &log.toolLog, "#1006", m4samuel)
			got := c.say(tt.text)
			var problems []string
			if got.called(toolname.StartReturn) || got.status(toolname.StartReturn) != "" {
				problems = append(problems, "a return for a damaged unit")
			}
			for _, a := range got.actions {
				if s, _ := a["status"].(string); s == "done" || s == "confirmed" {
					problems = append(problems, fmt.Sprintf("ran %v without a yes", a["tool"]))
				}
			}
			if !got.called(toolname.ReportDamage) {
				problems = append(problems, fmt.Sprintf("tools %v, no report_damage", got.toolNames()))
			} else {
				// The agent resolves the lines; the reply names their units.
				if want := fmt.Sprintf("%d ×", tt.units); !strings.Contains(got.reply, want) {
					problems = append(problems, fmt.Sprintf("reply names not %q (items %s)", want, got.arg(toolname.ReportDamage, "items")))
				}
				res := strings.Trim(got.arg(toolname.ReportDamage, "resolution"), `"`)
				if tt.refund && res != "refund" {
					problems = append(problems, fmt.Sprintf("resolution %q, want refund", res))
				}
				if !tt.refund && res != "" {
					problems = append(problems, fmt.Sprintf("resolution %q chosen for the customer", res))
				}
			}
			switch {
			case len(problems) > 0 && tt.gap != "":
				t.Logf("known gap (%s): %s", tt.gap, strings.Join(problems, "; "))
			case len(problems) > 0:
				failed++
				for _, p := range problems {
					t.Error(p)
				}
			case tt.gap != "":
				t.Logf("passes now: drop its gap mark (%s)", tt.gap)
			}
		})
	}
	t.Logf("fixC problem 1: %d of %d failed", failed, len(tests))
}

// Problems 2 and 3: a status question, a how-to and a hypothetical return
// in one message, each answered; an added item and a colour change before
// shipping, each answered as something this chat can't do.
func TestFixCMultiPart(t *testing.T) {
	status, oil, policy := m4status(), m4docs("mineral oil", "overnight"), m4docs("30 days")
	cant := m4part{kind: "said", words: []string{"can't", "cannot", "not able", "unable"}}
	add := m4part{kind: "said", words: []string{"add"}}
	colour := m4part{kind: "said", words: []string{"colour", "color", "oak", "variant"}}
	person := m4part{kind: "said", words: []string{"person", "team", "colleague"}}
	tests := []m4case{
		{problem: 2, order: "#1004", email: m4tom, text: "when will it arrive, how do I oil the board, and can I return the mugs if I dont like the color",
			parts: []m4part{status, oil, policy}, noProposal: true},
		{problem: 2, order: "#1004", email: m4tom, text: "when's it getting here? how should i oil the board? and if the mugs colour isnt what i want can i send them back?",
			parts: []m4part{status, oil, policy}, noProposal: true, gap: "\"isnt what i want\" is read as a wrong item: the damage passage is quoted"},
		{problem: 2, order: "#1004", email: m4tom, text: "wen will my order arrive + how do i oil the cutting board + can i return the mugs if i dont like them",
			parts: []m4part{status, oil, policy}, noProposal: true, gap: "\"oil the cutting board\" ranks the guide's preamble first (docs ranking)"},
		{problem: 2, order: "#1004", email: m4tom, text: "1) ETA? 2) how do I oil the board 3) could I return the mugs if the color is off",
			parts: []m4part{status, oil, policy}, noProposal: true},
		{problem: 2, order: "#1004", email: m4tom, text: "Is it arriving today? Also how should I oil the board, and could I send the mugs back if I don't like them?",
			parts: []m4part{status, oil, policy}, noProposal: true},
		{problem: 2, order: "#1004", email: m4tom, text: "when does it come, whats the best way to oil the board, and would i be able to return the mugs if i change my mind",
			parts: []m4part{status, oil, policy}, noProposal: true},
		{problem: 2, order: "#1004", email: m4tom, text: "how do I oil the board, and can I return the mugs if I don't like the colour? also when will it arrive",
			parts: []m4part{status, oil, policy}, noProposal: true},
		{problem: 2, order: "#1004", email: m4tom, text: "when will it arrive and can i return the mugs if i dont like the color?",
			parts: []m4part{status, policy}, noProposal: true},
		{problem: 2, order: "#1004", email: m4tom, text: "how do i oil the board and can i return the mugs if i dont like the colour?",
			parts: []m4part{oil, policy}, noProposal: true},

		{problem: 3, order: "#1001", email: m4maya, text: "can u ad another mug to my ordr and change the colur of the kit to oak?",
			parts: []m4part{cant, add, colour, person}, noProposal: true},
		{problem: 3, order: "#1001", email: m4maya, text: "could you add one more mug to the order and make the kit oak instead?",
			parts: []m4part{cant, add, colour, person}, noProposal: true},
		{problem: 3, order: "#1001", email: m4maya, text: "pls add a 2nd mug n switch the kit colour to oak",
			parts: []m4part{cant, add, colour, person}, noProposal: true, gap: "\" n \" for \"and\" does not split the two requests"},
		{problem: 3, order: "#1001", email: m4maya, text: "I'd like to add another mug and change the kit's color to oak, please",
			parts: []m4part{cant, add, colour, person}, noProposal: true},
		{problem: 3, order: "#1001", email: m4maya, text: "add another mug to my order? also can the kit be oak instead",
			parts: []m4part{cant, add, colour, person}, noProposal: true},
		{problem: 3, order: "#1001", email: m4maya, text: "Can I add a mug to the order and change the kit to the oak colour?",
			parts: []m4part{cant, add, colour, person}, noProposal: true},
		{problem: 3, order: "#1001", email: m4maya, text: "change the colour of the kit to oak and add another mug pls",
			parts: []m4part{cant, add, colour, person}, noProposal: true},
		{problem: 3, order: "#1001", email: m4maya, text: "¿Puedes añadir otra taza a mi pedido y cambiar el color del kit a roble?",
			parts: []m4part{person}, noProposal: true},
	}
	failed, total := map[int]int{}, map[int]int{}
	stacks := map[int]struct {
		base string
		log  *resultLog
	}{}
	for _, tt := range tests {
		total[tt.problem]++
		if _, ok := stacks[tt.problem]; !ok {
			b, l := heldoutStack(t)
			stacks[tt.problem] = struct {
				base string
				log  *resultLog
			}{b, l}
		}
		s := stacks[tt.problem]
		t.Run(tt.text, func(t *testing.T) {
			switch problems := multi4Case(t, s.base, s.log, tt); {
			case len(problems) > 0 && tt.gap != "":
				t.Logf("known gap (%s): %s", tt.gap, strings.Join(problems, "; "))
			case len(problems) > 0:
				failed[tt.problem]++
				for _, p := range problems {
					t.Error(p)
				}
			case tt.gap != "":
				t.Logf("passes now: drop its gap mark (%s)", tt.gap)
			}
		})
	}
	for p := 2; p <= 3; p++ {
		t.Logf("fixC problem %d: %d of %d failed", p, failed[p], total[p])
	}
}
