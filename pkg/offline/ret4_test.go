package offline_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out phrasings for the fourth returns trial of issue 18, written
// before reading the model's code. Demo order #1006 (Samuel) is
// delivered, in its window: one Pour-Over Coffee Kit (Walnut) and two
// Harbor Stoneware Mugs (Sea Glass / 12 oz).

const ret4Samuel = "samuel.whitfield@example.com"

// Exclusions: what the customer keeps is left out of the return; exactly
// the other lines are proposed, and the yes returns exactly them.
func TestRet4Exclusions(t *testing.T) {
	const kit, mugs, oneMug = "1 × Pour-Over Coffee Kit", "2 × Harbor Stoneware Mug", "1 × Harbor Stoneware Mug"
	const kitRun, mugsRun, oneMugRun = "Pour-Over Coffee Kit×1", "Harbor Stoneware Mug×2", "Harbor Stoneware Mug×1"
	for _, tc := range []struct {
		before []string
		text   string
		stated []string // the proposal's lines
		not    string   // a line the proposal must not hold
		run    []string // the return's lines after the yes (sorted by title)
	}{
		{text: "return both mugs but keep the coffee kit", stated: []string{mugs}, not: "Coffee Kit", run: []string{mugsRun}},
		{text: "i want to retrn both mugs but keep the cofee kit, and will i get a refund to my card?", stated: []string{mugs}, not: "Coffee Kit", run: []string{mugsRun}},
		{text: "I'd like to send everything back except the coffee kit", stated: []string{mugs}, not: "Coffee Kit", run: []string{mugsRun}},
		{text: "return all but the kit please", stated: []string{mugs}, not: "Coffee Kit", run: []string{mugsRun}},
		{text: "I want to return, not the kit, just the mugs", stated: []string{mugs}, not: "Coffee Kit", run: []string{mugsRun}},
		{text: "keep the mugs, send back the rest", stated: []string{kit}, not: "Stoneware Mug", run: []string{kitRun}},
		{text: "I'll keep the kit, can I send the rest back?", stated: []string{mugs}, not: "Coffee Kit", run: []string{mugsRun}},
		{text: "return everything apart from the mugs", stated: []string{kit}, not: "Stoneware Mug", run: []string{kitRun}},
		{text: "Please refund the whole order except for the mugs", stated: []string{kit}, not: "Stoneware Mug", run: []string{kitRun}},
		{text: "i want to return evrything exept the mugs", stated: []string{kit}, not: "Stoneware Mug", run: []string{kitRun}},
		{text: "send back the mugs, I'm keeping the coffee kit", stated: []string{mugs}, not: "Coffee Kit", run: []string{mugsRun}},
		{text: "everything but the mugs needs to go back", stated: []string{kit}, not: "Stoneware Mug", run: []string{kitRun}},
		{text: "i want to return the mugs but not the coffee kit", stated: []string{mugs}, not: "Coffee Kit", run: []string{mugsRun}},
		{text: "I'd like to return the whole order except the kit", stated: []string{mugs}, not: "Coffee Kit", run: []string{mugsRun}},
		{text: "keep one mug and return the rest", stated: []string{kit, oneMug}, run: []string{kitRun, oneMugRun}},
		{text: "Quiero devolver todo menos la cafetera", stated: []string{mugs}, not: "Coffee Kit", run: []string{mugsRun}},
		{text: "Quiero devolver todo menos las tazas", stated: []string{kit}, not: "Stoneware Mug", run: []string{kitRun}},
		{text: "Ich möchte alles außer den Tassen zurückschicken", stated: []string{kit}, not: "Stoneware Mug", run: []string{kitRun}},
		{text: "Ich will alles außer dem Kaffeebereiter zurückgeben", stated: []string{mugs}, not: "Coffee Kit", run: []string{mugsRun}},
		{text: "je veux tout retourner sauf les tasses", stated: []string{kit}, not: "Stoneware Mug", run: []string{kitRun}},
		{before: []string{"I want to return something"}, text: "everything except the kit", stated: []string{mugs}, not: "Coffee Kit", run: []string{mugsRun}},
		{before: []string{"can I send some things back?"}, text: "all but the mugs", stated: []string{kit}, not: "Stoneware Mug", run: []string{kitRun}},
	} {
		t.Run(tc.text, func(t *testing.T) {
			base, log := demoStack(t)
			c := chat(t, base, log, "#1006", ret4Samuel)
			for _, s := range tc.before {
				c.say(s)
			}
			got := c.say(tc.text)
			if !got.hasStatus(toolname.StartReturn, "proposed") {
				t.Fatalf("actions %v, want start_return proposed; reply %q", got.actions, got.reply)
			}
			for _, l := range tc.stated {
				if !strings.Contains(got.reply, l+" ") {
					t.Errorf("reply %q does not state %q", got.reply, l)
				}
			}
			if tc.not != "" && strings.Contains(got.reply, tc.not) {
				t.Errorf("reply %q proposes %q, which the customer keeps", got.reply, tc.not)
			}
			yes := c.say("yes")
			acts := shopActions(t, base)
			if yes.status(toolname.StartReturn) == "needs_approval" && len(acts) == 0 {
				return // a person approves exactly what was stated
			}
			want := "return " + strings.Join(tc.run, " ")
			if g := actionSummary(acts); len(g) != 1 || g[0] != want {
				t.Errorf("shop actions %v, want [%s]", g, want)
			}
		})
	}
}

// A swap for another product is no variant exchange: said plainly, with
// a return and a new order (or a person) offered, and nothing proposed.
func TestRet4SwapForAnotherProduct(t *testing.T) {
	kitVariants := []string{"Oak"}
	mugVariants := []string{"Charcoal", "Sand", "16 oz"}
	for _, tc := range []struct {
		text   string
		unsaid []string // the swapped item's own variants
	}{
		{"Can I swap the coffee kit for the linen throw instead?", kitVariants},
		{"could i exchange the mugs for the serving board?", mugVariants},
		{"I'd like to trade the kit for a skillet", kitVariants},
		{"can i exchnage one mug for a candle instead", mugVariants},
		{"swap the pour over kit for the cast iron skillet pls", kitVariants},
		{"Instead of the mugs I'd rather have the linen throw, can you switch them?", mugVariants},
		{"Is it possible to exchange the coffee kit for a different product, like the olivewood board?", kitVariants},
		{"can I change the mugs for a beeswax candle", mugVariants},
		{"i want to swop the mugs for the skilet", mugVariants},
		{"Could you exchange the coffee kit with the linen throw?", kitVariants},
		{"can the mugs be exchanged for something else, like the serving board", mugVariants},
		{"kit for a throw swap?", kitVariants},
		{"¿Puedo cambiar la cafetera por la manta de lino?", kitVariants},
		{"Kann ich die Tassen gegen eine Kerze umtauschen?", mugVariants},
		{"Est-ce que je peux échanger les tasses contre le plaid en lin ?", mugVariants},
	} {
		t.Run(tc.text, func(t *testing.T) {
			base, log := demoStack(t)
			c := chat(t, base, log, "#1006", ret4Samuel)
			got := c.say(tc.text)
			if p := got.proposed(); p != "" {
				t.Errorf("proposed %s, want nothing (actions %v); reply %q", p, got.actions, got.reply)
			}
			low := strings.ToLower(got.reply)
			for _, v := range tc.unsaid {
				if strings.Contains(got.reply, v) {
					t.Errorf("reply %q offers the item's own variant %q", got.reply, v)
				}
			}
			if !strings.Contains(low, "variant") {
				t.Errorf("reply %q does not say exchanges are for another variant", got.reply)
			}
			if !strings.Contains(low, "return") || !(strings.Contains(low, "new order") || strings.Contains(low, "member of our team")) {
				t.Errorf("reply %q offers no return and new order (or a person)", got.reply)
			}
		})
	}
}

// A question about return postage or the return label is answered from
// the shop's passage about return shipping; nothing is proposed.
func TestRet4ReturnPostage(t *testing.T) {
	for _, tc := range []struct {
		order, email string
		text         string
	}{
		{"#1001", "maya.okafor@example.com", "what if I return the kit after it arrives, would I have to pay for return shipping?"},
		{"#1006", ret4Samuel, "is return postage free?"},
		{"", "", "is return postage free?"},
		{"#1006", ret4Samuel, "do I have to pay for the return shipping?"},
		{"", "", "who pays for return shipping?"},
		{"#1006", ret4Samuel, "will you send me a return label?"},
		{"#1006", ret4Samuel, "do i get a prepaid label for returns"},
		{"", "", "how much does it cost to send something back?"},
		{"#1006", ret4Samuel, "retrun shiping free?"},
		{"#1006", ret4Samuel, "if I send the mugs back do I pay the postage?"},
		{"#1006", ret4Samuel, "would returning the mugs cost me anything for shipping?"},
		{"", "", "do you cover the cost of return postage?"},
		{"#1006", ret4Samuel, "how do I get a return label?"},
		{"#1006", ret4Samuel, "¿Tengo que pagar el envío de la devolución?"},
		{"#1006", ret4Samuel, "Muss ich den Rückversand bezahlen?"},
		{"", "", "Est-ce que les frais de retour sont à ma charge ?"},
		{"#1003", "daniel.reyes@example.com", "once the skillet arrives, if I send it back is the postage on me?"},
	} {
		t.Run(tc.order+" "+tc.text, func(t *testing.T) {
			base, log := demoStack(t)
			c := chat(t, base, log, tc.order, tc.email)
			got := c.say(tc.text)
			if p := got.proposed(); p != "" {
				t.Errorf("proposed %s, want nothing (actions %v); reply %q", p, got.actions, got.reply)
			}
			if got.called(toolname.StartReturn) {
				t.Errorf("tools %v, want no %s", got.toolNames(), toolname.StartReturn)
			}
			low := strings.ToLower(got.reply)
			// The shop's passage on return shipping: who pays the
			// postage, and that there is no prepaid label.
			if !strings.Contains(low, "return postage") || !strings.Contains(low, "label") {
				t.Errorf("reply %q is not the shop's passage on return postage and labels", got.reply)
			}
			if strings.Contains(low, "email you a prepaid return label") {
				t.Errorf("reply %q promises a prepaid label the demo shop does not send", got.reply)
			}
		})
	}
}
