package offline_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out phrasings of a wrong variant or item received, written before
// reading the model's code (issue 18; trial 4 found "I ordered sea glass
// mugs but you sent me charcoal ones" answered with the status). What came
// is not what the order holds: report_damage, problem wrong_item, for the
// item named; never a status alone, never a return.
func TestWrongVariantReceived(t *testing.T) {
	const (
		samuel = "samuel.whitfield@example.com" // #1006: walnut kit, 2 sea glass mugs, delivered
	)
	wrong := func(name, order, email, text, item string) heldOut {
		return heldOut{name: name, order: order, email: email, text: text, tool: toolname.ReportDamage,
			args: map[string]string{"problem": "wrong", "items": item}, notTools: []string{toolname.StartReturn}, own: true}
	}
	tests := []heldOut{
		wrong("ordered x got y", "#1006", samuel, "I ordered sea glass mugs but you sent me charcoal ones", "mug"),
		wrong("typo ordred", "#1006", samuel, "i ordred sea glass mugs but got blue ones", "mug"),
		wrong("paid for", "#1006", samuel, "the mugs that came are grey, i paid for sea glass", "mug"),
		wrong("instead of", "#1006", samuel, "got charcoal mugs instead of the sea glass ones", "mug"),
		wrong("supposed to be", "#1006", samuel, "these aren't the mugs I ordered, mine were supposed to be sea glass", "mug"),
		wrong("mixed up", "#1006", samuel, "whoever packed my order mixed it up, these mugs are charcoal not sea glass", "mug"),
		wrong("in the box", "#1006", samuel, "instead of the sea glass mugs there were charcoal ones in the box", "mug"),
		wrong("finish", "#1006", samuel, "the coffee kit came in oak, i ordered walnut", "coffee"),
		wrong("size mugs", "#1006", samuel, "i ordered the 12 oz mugs and 8 oz ones showed up", "mug"),
		wrong("recieved typo", "#1006", samuel, "recieved the mugs but theyre white, not sea glass like i orderd", "mug"),
		wrong("es", "#1006", samuel, "Pedí las tazas verde mar pero me llegaron negras", "mug"),
		wrong("de", "#1006", samuel, "Ich habe grüne Tassen bestellt, aber graue bekommen", "mug"),
		wrong("fr", "#1006", samuel, "j'ai commandé des tasses vertes et j'ai reçu des grises", "mug"),
		wrong("not the one", "#1006", samuel, "the coffee kit isn't the one i bought, it's a totally different colour", "coffee"),
		wrong("shipped me", "#1006", samuel, "you shipped me charcoal mugs, my order says sea glass", "mug"),
	}
	// Not a wrong item: a late or unshipped parcel, a remedy asked.
	notWrong := func(name, order, email, text string) heldOut {
		return heldOut{name: name, order: order, email: email, text: text, notTools: []string{toolname.ReportDamage}, own: true}
	}
	tests = append(tests,
		notWrong("ordered but not arrived", "#1003", "daniel.reyes@example.com", "I ordered it a week ago but it still hasn't arrived"),
		notWrong("ordered but not shipped", "#1001", "maya.okafor@example.com", "i ordered on monday but nothing has shipped yet"),
		notWrong("supposed to be here", "#1003", "daniel.reyes@example.com", "it was supposed to be here yesterday"),
		notWrong("credit instead of refund", "#1003", "daniel.reyes@example.com", "could i get store credit instead of a refund if it arrives late?"),
		notWrong("es no ha llegado", "#1003", "daniel.reyes@example.com", "Pedí una sartén hace una semana pero todavía no llegó"),
		notWrong("de noch nicht", "#1003", "daniel.reyes@example.com", "Ich habe vor einer Woche bestellt, aber noch nichts bekommen"),
		notWrong("fr pas reçu", "#1003", "daniel.reyes@example.com", "j'ai commandé il y a une semaine mais je n'ai rien reçu"),
	)
	runHeldOut(t, tests)
}
