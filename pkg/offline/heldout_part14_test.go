package offline_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// part14Case is one conversation and the outcome of its last turn.
type part14Case struct {
	name         string
	order, email string   // "": unverified
	before       []string // said first
	text         string
	tool         string   // called in the last turn ("a|b": either)
	notTools     []string // none called in the last turn
	noProposal   bool     // no write proposed or run in the last turn (but keep's)
	keep         string   // a write proposed before that still stands after the last turn
	done         string   // a write confirmed or done in the last turn
	facts        [][]string
	unsaid       []string // the reply holds none of these (case folded)
	person       bool     // the reply offers a person (or the turn hands over)
	then         string   // said after the last turn
	thenDone     string   // the write confirmed or done by then ("tool|proposed": or proposed)
	gap          string
}

// Held-out phrasings (issue 18, part14), written before reading
// pkg/offline: a request or question the shop can or cannot meet, alone or
// mid-conversation, gets its own honest answer. Shipping options and
// costs come from the shop's FAQ (standard only, $7.95, free over $75);
// a check of the address answers with the address on file and proposes
// nothing, while a yes with "same address?" runs the yes; what happens to
// the money of a late or lost parcel is the late/lost resolution
// (replacement or refund), not the return window; which variant an order
// has comes from its lines; an account change is declined with a person.
func TestHeldOutPart14(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"
		priya  = "priya.natarajan@example.com"
		daniel = "daniel.reyes@example.com"
		tom    = "tom.becker@example.com"
		grace  = "grace.liu@example.com"
		samuel = "samuel.whitfield@example.com"
		marcus = "marcus.johnson@example.com"
	)
	standard := []string{"standard"}
	cost := [][]string{{"7.95"}, {"75"}}
	lateMoney := [][]string{{"refund"}, {"replace"}}
	notWindow := []string{"30 days", "30-day", "return window"}
	noAddr := []string{toolname.ChangeAddress}
	replace := []string{"one mug arrived cracked", "a replacement please"}
	offer := []string{"exchange", "person", "someone", "team", "colleague"}
	tests := []part14Case{
		// Shipping options and costs: the shop's FAQ.
		{name: "S1 upgrade to express, unshipped", order: "#1001", email: maya,
			text: "can u upgrade my order to express?? need it by friday", facts: [][]string{standard}, person: true, noProposal: true},
		{name: "S2 overnight, in transit", order: "#1003", email: daniel,
			text: "is there overnight shipping? can you speed it up somehow", facts: [][]string{standard}, person: true, noProposal: true},
		{name: "S3 next day delivery, unverified",
			text: "do you guys do next day delivery", facts: [][]string{standard}, noProposal: true},
		{name: "S4 how much is shipping, unverified",
			text: "how much is shiping", facts: cost, noProposal: true},
		{name: "S5 another filter pack, after status", order: "#1001", email: maya, before: []string{"where is my order"},
			text: "whats the shipping cost if i order another pack of filters? its only 9 bucks", facts: cost, noProposal: true},
		{name: "S6 reorder shipping while cancel waits", order: "#1001", email: maya, before: []string{"cancel my order pls"},
			text: "hold on, if i order only the filters again do i pay for shipping? thats under 75 isnt it", facts: cost,
			// The agent lapses the cancellation (the question names an
			// item); nothing is cancelled or refused, and the yes after
			// states it again.
			notTools: []string{toolname.CancelOrder}, unsaid: []string{"can't cancel"},
			then: "ok yes cancel it", thenDone: toolname.CancelOrder + "|proposed"},
		{name: "S7 es cuanto cuesta el envio",
			text: "cuánto cuesta el envío?", facts: cost, noProposal: true},
		{name: "S8 de Expressversand", order: "#1001", email: maya,
			text: "Gibt es Expressversand? Ich brauche es schneller", facts: [][]string{standard}, person: true, noProposal: true},
		{name: "S9 fr livraison gratuite",
			text: "la livraison est gratuite à partir de combien ?", facts: [][]string{{"75"}}, noProposal: true},
		{name: "S10 free shipping threshold mid-convo", order: "#1006", email: samuel, before: []string{"hi, did my order arrive?"},
			text: "free shipping is over what amount again?", facts: [][]string{{"75"}}, noProposal: true},
		{name: "S11 send it express, after status", order: "#1003", email: daniel, before: []string{"where is my order"},
			text: "can you send it express instead, its for a bday", facts: [][]string{standard}, person: true, noProposal: true, notTools: noAddr},
		// A check of the address: the address on file, nothing proposed.
		{name: "A1 headed to mclendon, after status", order: "#1010", email: marcus, before: []string{"where is my throw"},
			text: "nah. just want to know if its headed to the mclendon address", facts: [][]string{{"1389 McLendon"}}, noProposal: true, notTools: noAddr},
		{name: "A2 linden st right", order: "#1001", email: maya,
			text: "just checking, its going to linden st right?", facts: [][]string{{"48 Linden"}}, noProposal: true, notTools: noAddr},
		{name: "A3 which address", order: "#1003", email: daniel,
			text: "which adress did u ship it to", facts: [][]string{{"2931 Gilpin"}}, noProposal: true, notTools: noAddr},
		{name: "A4 still apt 2", order: "#1001", email: maya, before: []string{"has it shipped yet"},
			text: "is it still going to apt 2?", facts: [][]string{{"48 Linden"}}, noProposal: true, notTools: noAddr},
		{name: "A5 fremont on the order", order: "#1005", email: grace,
			text: "is the address on the order 4512 fremont?", facts: [][]string{{"4512 Fremont"}}, noProposal: true, notTools: noAddr},
		{name: "A6 es a que direccion", order: "#1001", email: maya,
			text: "¿a qué dirección lo van a mandar?", facts: [][]string{{"48 Linden"}}, noProposal: true, notTools: noAddr},
		{name: "A7 de welche Adresse", order: "#1003", email: daniel,
			text: "An welche Adresse geht das Paket?", facts: [][]string{{"2931 Gilpin"}}, noProposal: true, notTools: noAddr},
		{name: "A8 old address on elm", order: "#1001", email: maya,
			text: "wait is it going to my old address on elm st??", facts: [][]string{{"48 Linden"}}, noProposal: true, notTools: noAddr},
		{name: "A9 address check while cancel waits", order: "#1001", email: maya, before: []string{"can you cancel my order"},
			text: "before i say yes, which address was it going to?", facts: [][]string{{"48 Linden"}}, notTools: noAddr,
			keep: toolname.CancelOrder, then: "yes", thenDone: toolname.CancelOrder},
		// ... while a change of address is still a change.
		{name: "A10 change is a change", order: "#1001", email: maya,
			text: "pls send it to 9 birch road denver co 80203 instead", tool: toolname.ChangeAddress},
		// A yes with "same address?": the yes runs, the address confirmed.
		{name: "Y1 yes, same address as before", order: "#1006", email: samuel, before: replace,
			text: "yes go for it - same address as before?", done: toolname.ReportDamage, facts: [][]string{{"77 Cumberland"}}, notTools: noAddr},
		{name: "Y2 yep, to my house again", order: "#1006", email: samuel, before: replace,
			text: "yep do it. it'll come to my house again right", done: toolname.ReportDamage, facts: [][]string{{"77 Cumberland"}}, notTools: noAddr},
		{name: "Y3 es si misma direccion", order: "#1006", email: samuel, before: replace,
			text: "sí, adelante. ¿a la misma dirección?", done: toolname.ReportDamage, facts: [][]string{{"77 Cumberland"}}, notTools: noAddr},
		{name: "Y4 ok and send it to the same place", order: "#1006", email: samuel, before: replace,
			text: "ok sure, send it to the same place pls", done: toolname.ReportDamage, notTools: noAddr},
		// The money of a late or lost parcel: the late/lost resolution.
		{name: "L1 never shows up, money back", order: "#1003", email: daniel,
			text: "and if it never shows up do i get my money back?", facts: lateMoney, unsaid: notWindow, noProposal: true},
		{name: "L2 es si se pierde", order: "#1003", email: daniel,
			text: "y si se pierde el paquete, me reembolsan?", facts: lateMoney, unsaid: notWindow, noProposal: true},
		{name: "L3 de nicht ankommt", order: "#1004", email: tom,
			text: "Und wenn das Paket nicht ankommt, bekomme ich mein Geld zurück?", facts: lateMoney, unsaid: notWindow, noProposal: true},
		{name: "L4 fr jamais", order: "#1003", email: daniel,
			text: "et si le colis n'arrive jamais, je suis remboursé ?", facts: lateMoney, unsaid: notWindow, noProposal: true},
		{name: "L5 lost in the mail, label", order: "#1002", email: priya,
			text: "what if it gets lost in the mail? refund?", facts: lateMoney, unsaid: notWindow, noProposal: true},
		{name: "L6 late after status", order: "#1003", email: daniel, before: []string{"where is my order"},
			text: "what happens if its late tho, do i get refunded", facts: lateMoney, unsaid: notWindow, noProposal: true},
		// Which variant the order has: its lines.
		{name: "V1 throw colour, thought slate blue", order: "#1005", email: grace,
			text: "hang on which color throw did i order? should be the slate blue", facts: [][]string{{"oatmeal"}, offer}, noProposal: true},
		{name: "V2 sea glass mugs, meant charcoal", order: "#1006", email: samuel,
			text: "the mugs are sea glass right? i meant to get charcoal", facts: [][]string{{"sea glass"}}},
		{name: "V3 candle scent", order: "#1003", email: daniel,
			text: "what scent is the candle i ordered?", facts: [][]string{{"cedar"}}, noProposal: true},
		{name: "V4 skillet size", order: "#1010", email: marcus,
			text: "did i pick the 10 inch or 12 inch skillet", facts: [][]string{{"10 inch"}}, noProposal: true},
		{name: "V5 mug size", order: "#1004", email: tom,
			text: "what size are the mugs in my order", facts: [][]string{{"12 oz"}}, noProposal: true},
		{name: "V6 es color de la manta", order: "#1005", email: grace,
			text: "¿de qué color es la manta que pedí?", facts: [][]string{{"oatmeal"}}, noProposal: true},
		{name: "V7 blue one, after status", order: "#1002", email: priya, before: []string{"wheres my order"},
			text: "wait which colour did i get, the blue one?", facts: [][]string{{"slate blue"}}, noProposal: true},
		// An account change: declined here, a person offered.
		{name: "C1 account email", order: "#1001", email: maya,
			text: "can i change my account email to maya.o@newmail.com", person: true, noProposal: true,
			unsaid: []string{"send emails", "send an email"}, notTools: noAddr},
		{name: "C2 phone number", order: "#1003", email: daniel,
			text: "pls update my phone number to 555 201 3344", person: true, noProposal: true, notTools: noAddr},
		{name: "C3 reset password", order: "#1001", email: maya,
			text: "how do i reset my pasword for my account", person: true, noProposal: true},
		{name: "C4 de Konto E-Mail", order: "#1003", email: daniel,
			text: "Kann ich die E-Mail-Adresse in meinem Konto ändern?", person: true, noProposal: true, notTools: noAddr},
		{name: "C5 name on account", order: "#1001", email: maya,
			text: "change the name on my account to Maya Okafor-Lee", person: true, noProposal: true, notTools: noAddr},
		{name: "C6 account email after status", order: "#1003", email: daniel, before: []string{"where is my order"},
			text: "also can u change the email on my account to dan.r@mail.com", person: true, noProposal: true,
			unsaid: []string{"send emails", "send an email"}, notTools: noAddr},
		// The trial's own messages, kept as regression cases (written
		// after the fix, not counted in the held-out measure above).
		{name: "T1 trial: coffee kit express", order: "#1001", email: maya,
			text: "can you send the coffee kit with express shipping so it comes faster?", facts: [][]string{standard}, person: true, noProposal: true},
		{name: "T2 trial: blanket to mclendon", order: "#1010", email: marcus, before: []string{"where is my order"},
			text: "lol no. is the blanket going to my address on mcLendon ave?", facts: [][]string{{"1389 McLendon"}}, noProposal: true, notTools: noAddr},
		{name: "T3 trial: yes, same address", order: "#1006", email: samuel, before: replace,
			text: "yes go ahead, and can it go to the same address?", done: toolname.ReportDamage, facts: [][]string{{"77 Cumberland"}}, notTools: noAddr},
		{name: "T4 trial: es no llega a tiempo", order: "#1003", email: daniel, before: []string{"donde esta mi pedido"},
			text: "y si no llega a tiempo, me devuelven el dinero?", facts: lateMoney, unsaid: notWindow, noProposal: true},
		{name: "T5 trial: says oatmeal", order: "#1005", email: grace,
			text: "wait it says oatmeal, i thought i ordered the slate blue one?", facts: [][]string{{"oatmeal"}, offer}, noProposal: true},
		{name: "T6 trial: reorder the kit while cancel waits", order: "#1001", email: maya, before: []string{"cancel my order"},
			text: "wait, if i reorder just the kit will i have to pay shipping? its under 75 right", facts: cost,
			unsaid: []string{"can't cancel"}, then: "yes cancel it", thenDone: toolname.CancelOrder + "|proposed"},
		{name: "T7 trial: account email", order: "#1003", email: daniel,
			text: "and can i change my account email to x@y.com", person: true, noProposal: true,
			unsaid: []string{"send emails", "send an email"}, notTools: noAddr},
	}
	heldOutTable(t, "part14", tests, func(c part14Case) string { return c.name }, func(c part14Case) string { return c.gap }, part14Run)
}

// part14Run holds one conversation and says what its last turn (and the
// turn after it) got wrong.
func part14Run(t *testing.T, base string, log *resultLog, tc part14Case) []string {
	t.Helper()
	c := chat(t, base, &log.toolLog, tc.order, tc.email)
	for _, s := range tc.before {
		c.say(s)
	}
	got := c.say(tc.text)
	var problems []string
	bad := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	if tc.tool != "" {
		any := false
		for _, tool := range strings.Split(tc.tool, "|") {
			any = any || got.called(tool) || (tool == toolname.Handover && got.handedOver())
		}
		if !any {
			bad("tools %v, want %s", got.toolNames(), tc.tool)
		}
	}
	for _, n := range tc.notTools {
		if got.called(n) {
			bad("tools %v, want no %s", got.toolNames(), n)
		}
	}
	for _, a := range got.actions {
		tool, _ := a["tool"].(string)
		status, _ := a["status"].(string)
		for _, w := range writeTools {
			if tool != w || tool == tc.keep {
				continue
			}
			ran := status == "confirmed" || status == "done"
			if ran && tool != tc.done {
				bad("%s %s without a yes (actions %v)", tool, status, got.actions)
			}
			if tc.noProposal && status == "proposed" {
				bad("proposed %s, want nothing proposed", tool)
			}
		}
	}
	if tc.keep != "" && !got.pendingAfter(tc.keep, true) {
		bad("actions %v, want %s still proposed", got.actions, tc.keep)
	}
	if tc.done != "" && got.status(tc.done) != "confirmed" && got.status(tc.done) != "done" {
		bad("actions %v, want %s run", got.actions, tc.done)
	}
	low := strings.ToLower(got.reply)
	for _, group := range tc.facts {
		found := false
		for _, f := range group {
			found = found || strings.Contains(low, strings.ToLower(f))
		}
		if !found {
			bad("reply %q holds none of %q", got.reply, group)
		}
	}
	for _, u := range tc.unsaid {
		if strings.Contains(low, strings.ToLower(u)) {
			bad("reply %q says %q", got.reply, u)
		}
	}
	if tc.person && !got.handedOver() && !offersPerson(got.reply) {
		bad("reply %q offers no person", got.reply)
	}
	if tc.then != "" {
		then := c.say(tc.then)
		tool, also, _ := strings.Cut(tc.thenDone, "|")
		if s := then.status(tool); s != "confirmed" && s != "done" && (also == "" || s != also) {
			bad("after %q: tools %v actions %v, want %s run", tc.then, then.toolNames(), then.actions, tc.thenDone)
		}
	}
	return problems
}
