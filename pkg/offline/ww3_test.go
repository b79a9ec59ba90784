package offline_test

import (
	"context"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/offline"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out phrasings (issue 18 trial, helper ww3), written before reading
// the model's code: store credit asked for in Spanish, German and French
// with a return; a replacement asked for in so many words with damage;
// a thank-you code asked for again after it was lost.
func TestHeldOutWW3(t *testing.T) {
	const samuel = "samuel.whitfield@example.com"
	credit := map[string]string{"resolution": "store_credit"}
	replace := map[string]string{"resolution": "replacement"}
	var tests []heldOut
	for _, s := range []string{
		"Me gustaría devolver las tazas y recibir crédito en la tienda",
		"quiero devolver las tazas, prefiero saldo en la tienda",
		"Quisiera devolver las tazas a cambio de un vale",
		"me gustaria devolver las tazas y recibir credito para la tienda",
		"Ich möchte die Tassen zurückgeben und eine Gutschrift bekommen",
		"Ich möchte die Tassen zurückschicken, lieber als Guthaben im Shop",
		"Je voudrais retourner les tasses et recevoir un avoir",
		"je veux renvoyer les tasses contre un bon d'achat",
		"Je souhaite retourner les tasses pour un crédit en magasin",
	} {
		tests = append(tests, heldOut{name: "credit: " + s, order: "#1006", email: samuel, text: s,
			tool: toolname.StartReturn, args: credit, propose: toolname.StartReturn, mention: []string{"store credit"}, unsaid: []string{"original payment method"}})
	}
	for _, s := range []string{
		"une des tasses est arrivée fêlée. Pouvez-vous m'en envoyer une autre ?",
		"Una de las tazas llegó agrietada, ¿me pueden mandar otra?",
		"una taza llegó rota, ¿me pueden enviar otra por favor?",
		"Eine der Tassen kam mit einem Sprung an, schicken Sie mir bitte eine neue?",
		"Eine Tasse ist kaputt angekommen, ich hätte gern Ersatz",
		"une tasse est arrivée cassée, je voudrais un remplacement",
		"una de las tazas llegó rota, quiero un reemplazo",
		"one of the mugs arrived cracked, cud u send me another",
	} {
		tests = append(tests, heldOut{name: "replace: " + s, order: "#1006", email: samuel, text: s,
			tool: toolname.ReportDamage, args: replace})
	}
	runHeldOut(t, tests)
}

// A thank-you code lost or not found is asked for again, not a parcel.
func TestHeldOutWW3Code(t *testing.T) {
	given := map[string]any{"order_number": "#1006", "stage": "delivered", "thank_you_code": "THANKS-AB12-CD34",
		"thank_you_code_off": "10%", "thank_you_code_until": "Tue, Jan 5, 2027"}
	for _, text := range []string{
		"whats the code again, i lost it",
		"do u still have that discount code from before? cant find it",
		"what was the coupon? I can't find it anywhere",
		"sorry, the code you gave me, i lost it",
		"I misplaced that discount code, can you resend?",
		"cant find the code anymore, can u send it again",
		"the promo code from earlier, I lost it somewhere",
	} {
		t.Run(text, func(t *testing.T) {
			req := agent.Request{Tools: []agent.ToolSpec{{Name: "track_order"}, {Name: "search_docs"}, {Name: "handover"},
				{Name: toolname.ReportNotReceived}},
				State: &agent.State{Verified: true, CurrentOrder: "#1006", Given: given,
					Orders: []agent.StateOrder{{Name: "#1006", Items: []string{"Item"}, Stage: "delivered, return window open"}}},
				Messages: []agent.Message{{Role: agent.RoleUser, Blocks: []agent.Block{{Text: text}}}}}
			resp, err := offline.Model{}.Converse(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if reply := resp.Message.Text(); !strings.Contains(reply, "THANKS-AB12-CD34") {
				t.Errorf("reply %q lacks the code (calls %+v)", reply, *resp.Message.Blocks[0].ToolUse)
			}
		})
	}
}

// The trial's conversation: the Spanish wish for store credit, then "sí":
// the return that ran is for store credit.
func TestWW3CreditYes(t *testing.T) {
	base, log := demoStack(t)
	c := chat(t, base, log, "#1006", "samuel.whitfield@example.com")
	c.say("Me gustaría devolver las tazas y recibir crédito en la tienda")
	got := c.say("sí")
	if !got.hasStatus(toolname.StartReturn, "done") {
		t.Fatalf("actions %v, want start_return done", got.actions)
	}
	if !strings.Contains(strings.ToLower(got.reply), "store credit") {
		t.Errorf("reply %q does not say store credit", got.reply)
	}
}
