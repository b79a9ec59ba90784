package offline_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A message of the intent reader's end-to-end held-out set (issue 18),
// written before the reader was wired into the model: fresh phrasings over
// every intent label, with typos, Spanish, German and French, and the
// classes earlier trials misread. Each is judged by outcome: right (the
// tool it needs ran, the proposal it needs was made, the facts are in the
// reply), honest-unsure (nothing proposed, and the reply says it is not
// sure or offers a person), or wrong (anything else: a wrong proposal, a
// write nobody asked for, an answer to another question).
type rhCase struct {
	label        string // what the customer wants (INTENTS.md)
	order, email string
	text         string
	want         []string // one of these tools runs (or records an action)
	allow        []string // proposals that are fine besides want's
	anyOf        []string // the reply holds one of these (case folded)
	quiet        bool     // no tool at all, nothing proposed
	unsureOK     bool     // honest-unsure is an acceptable outcome
	personOK     bool     // a reply offering a person (nothing proposed) is right
	gap          string   // a known gap, and why: it fails once it passes
}

const (
	rhMaya   = "maya.okafor@example.com"      // #1001 not shipped
	rhDaniel = "daniel.reyes@example.com"     // #1003 in transit, #1008 refunded
	rhSamuel = "samuel.whitfield@example.com" // #1006 delivered
)

// The outcome of one held-out message.
type rhOutcome int

const (
	rhRight rhOutcome = iota
	rhUnsure
	rhWrong
)

func (o rhOutcome) String() string { return [...]string{"right", "unsure", "wrong"}[o] }

// unsureWords are how a reply says it did not understand or cannot answer.
var unsureWords = []string{"not sure i understood", "not sure what", "say it another way", "rephrase",
	"i don't know", "i couldn't find", "couldn't find that", "didn't catch", "not something i can", "i can't help with", "not able to help", "just to be sure i understood", "i can't see"}

func rhCases() []rhCase {
	status := func(text string) rhCase {
		return rhCase{label: "order_status", order: "#1003", email: rhDaniel, text: text, want: []string{toolname.TrackOrder}}
	}
	late := func(text string) rhCase {
		return rhCase{label: "late", order: "#1003", email: rhDaniel, text: text, want: []string{toolname.TrackOrder}, allow: []string{toolname.FollowUp}}
	}
	delivered := func(label, text string, want ...string) rhCase {
		return rhCase{label: label, order: "#1006", email: rhSamuel, text: text, want: want}
	}
	unshipped := func(label, text string, want ...string) rhCase {
		return rhCase{label: label, order: "#1001", email: rhMaya, text: text, want: want}
	}
	refunded := func(text string) rhCase {
		return rhCase{label: "refund_status", order: "#1008", email: rhDaniel, text: text, want: []string{toolname.RefundStatus}}
	}
	docs := func(label, text string) rhCase {
		return rhCase{label: label, order: "#1006", email: rhSamuel, text: text, want: []string{toolname.SearchDocs}}
	}
	person := func(text string) rhCase {
		return rhCase{label: "person", order: "#1003", email: rhDaniel, text: text, want: []string{toolname.Handover}}
	}
	quiet := func(label, text string) rhCase {
		return rhCase{label: label, order: "#1003", email: rhDaniel, text: text, quiet: true}
	}
	with := func(c rhCase, f func(*rhCase)) rhCase { f(&c); return c }
	withGap := func(c rhCase, why string) rhCase { c.gap = why; return c }
	lookup := func(text string) rhCase {
		// No read tool gives the address: the right answer states it, an
		// honest one offers a person; a change of address is wrong.
		return rhCase{label: "address_lookup", order: "#1001", email: rhMaya, text: text, anyOf: []string{"linden"}, unsureOK: true}
	}
	facts := func(email, text string, anyOf ...string) rhCase {
		order := "#1006"
		if email == rhDaniel {
			order = "#1003"
		}
		return rhCase{label: "order_details", order: order, email: email, text: text,
			want: []string{toolname.ListOrders + "|" + toolname.TrackOrder}, anyOf: anyOf}
	}
	return []rhCase{
		status("heyy any news about my parcel"),
		status("has my thing left ur warehouse yet or not"),
		status("wann kommt mein paket an"),
		status("dónde está mi pedido ahora"),
		status("est-ce que ma commande est partie"),
		status("when will my skilet show up"),

		late("its been forever and my order still isnt here, whats going on"),
		late("this delivery is taking way too long honestly"),
		late("mi pedido va con mucho retraso"),
		late("still waiting... this was meant to come days ago"),

		delivered("not_received", "the tracking says it was left at my door but there is nothing here", toolname.ReportNotReceived),
		delivered("not_received", "nothing arrived even though ups marked it delivered", toolname.ReportNotReceived),
		delivered("not_received", "angeblich zugestellt aber ich habe nichts bekommen", toolname.ReportNotReceived),

		delivered("damaged", "one of the mugs came cracked down the side", toolname.ReportDamage),
		delivered("damaged", "the coffee kit arrived with the glass smashed to bits", toolname.ReportDamage),
		delivered("damaged", "la taza llegó rota", toolname.ReportDamage),
		delivered("damaged", "the box was crushed and the mug handle snapped off", toolname.ReportDamage),

		delivered("wrong_item", "the sea glass mug never came, i got a charcoal one instead", toolname.ReportDamage, toolname.Handover),
		delivered("wrong_item", "you sent me the wrong colour mugs, i ordered sea glass", toolname.ReportDamage, toolname.Handover),
		delivered("wrong_item", "this isnt what i ordered, theres a random candle in my box", toolname.ReportDamage, toolname.Handover),
		delivered("wrong_item", "ich habe die falsche Farbe bekommen", toolname.ReportDamage, toolname.Handover),

		with(delivered("missing_item", "only one mug was in the box but i paid for two", toolname.ReportDamage, toolname.ReportNotReceived, toolname.Handover), func(c *rhCase) {
			c.unsureOK = true
		}),
		with(delivered("missing_item", "the coffee kit came without the filter bit", toolname.ReportDamage, toolname.ReportNotReceived, toolname.Handover), func(c *rhCase) { c.unsureOK = true }),

		delivered("return", "i want to send the mugs back for a refund", toolname.StartReturn),
		delivered("return", "how do i start a return on my order", toolname.StartReturn, toolname.SearchDocs),
		delivered("return", "quiero devolver el kit de cafe", toolname.StartReturn),
		delivered("return", "dont want the coffee kit anymore can i return it", toolname.StartReturn),

		delivered("exchange", "can i swap the sea glass mugs for charcoal ones", toolname.ExchangeItem),
		delivered("exchange", "id like to exchange my mug for a different colour", toolname.ExchangeItem),
		delivered("exchange", "je voudrais échanger les tasses contre une autre couleur", toolname.ExchangeItem),

		unshipped("cancel", "cancel my order pls i changed my mind", toolname.CancelOrder),
		unshipped("cancel", "i dont need it anymore, can you stop the order before it ships", toolname.CancelOrder),
		unshipped("cancel", "bitte stornieren Sie meine Bestellung", toolname.CancelOrder),
		unshipped("cancel", "annulez ma commande svp", toolname.CancelOrder),

		unshipped("address_change", "i moved last week, can you send it to my new place: 12 Oak Road, Springfield, IL 62704", toolname.ChangeAddress),
		unshipped("address_change", "wrong house number on my order it should be 50 not 48", toolname.ChangeAddress),
		unshipped("address_change", "kann ich die Lieferadresse noch ändern", toolname.ChangeAddress),
		unshipped("address_change", "need to update the shipping adress", toolname.ChangeAddress),

		lookup("what address is on the order rn"),
		lookup("which address did i give you for delivery"),
		lookup("can you confirm where it's being shipped to"),
		lookup("a qué dirección lo mandan"),

		refunded("did my refund go thru yet"),
		refunded("i sent the throw back, wheres my money"),
		refunded("how much did you refund me"),
		refunded("wo bleibt meine Rückerstattung"),
		with(refunded("whats the status of my returns"), func(c *rhCase) {
			c.want = []string{toolname.RefundStatus + "|" + toolname.TrackOrder + "|" + toolname.ListOrders}
		}),

		with(delivered("store_credit", "could i get store credit instead of money back for the mugs", toolname.StartReturn, toolname.SearchDocs, toolname.Handover), func(c *rhCase) { c.unsureOK = true }),
		with(delivered("store_credit", "do you do gift cards as a refund", toolname.SearchDocs, toolname.Handover), func(c *rhCase) { c.unsureOK = true }),

		facts(rhDaniel, "what did i order last time?", "skillet", "throw", "candle"),
		facts(rhSamuel, "how much did i pay for my order", "$"),
		facts(rhSamuel, "what was in my last order", "mug", "coffee kit"),
		facts(rhSamuel, "how many mugs did i buy", "2", "two"),
		facts(rhSamuel, "qué compré en mi último pedido", "mug", "coffee kit"),

		with(unshipped("order_change", "can i add another pack of filters to my order", toolname.Handover), func(c *rhCase) { c.unsureOK, c.personOK = true, true }),
		with(unshipped("order_change", "please take the filters off my order, just send the kit", toolname.CancelOrder, toolname.Handover), func(c *rhCase) { c.unsureOK, c.personOK = true, true }),
		// The name on the shipping address changes by a proposal (ids8):
		// asked which name, the question is the right step.
		with(unshipped("order_change", "change the name on the order to my wife's"), func(c *rhCase) { c.quiet, c.anyOf = true, []string{"what name"} }),

		unshipped("expedite", "can i pay extra to get it faster?", toolname.SearchDocs, toolname.Handover, toolname.TrackOrder),
		with(status("is there express shipping, i need it by friday"), func(c *rhCase) {
			c.label, c.want = "expedite", []string{toolname.SearchDocs, toolname.Handover, toolname.TrackOrder}
		}),
		unshipped("expedite", "puedo pagar envío urgente", toolname.SearchDocs, toolname.Handover, toolname.TrackOrder),

		docs("policy", "how long do i have to return stuff"),
		docs("policy", "do you ship to canada"),
		docs("policy", "what payment methods do you take"),
		docs("policy", "versendet ihr auch nach österreich"),

		docs("product", "can the mugs go in the dishwasher"),
		docs("product", "how should i look after the wooden parts"),
		docs("product", "is the candle safe to leave lit overnight"),

		person("i want to talk to an actual human"),
		person("put me through to a manager"),
		person("puedo hablar con una persona"),

		quiet("thanks", "cheers thats all i needed"),
		// Other languages are left to the hooks (the reader learnt from few
		// of their lines): a polite thanks in French is answered "can't
		// help" plus a person, honest but not right.
		quiet("thanks", "merci beaucoup, bonne journée"),
		quiet("greeting", "hey there"),
		withGap(quiet("greeting", "buenas"), "one word: the arbiter leaves short messages to the hooks, which cannot help"),

		with(quiet("complaint", "your courier was so rude to me, not happy"), func(c *rhCase) { c.quiet, c.unsureOK, c.allow = false, true, []string{toolname.Handover} }),
		with(quiet("complaint", "the packaging was way too much plastic tbh"), func(c *rhCase) { c.quiet, c.unsureOK = false, true }),

		with(quiet("other", "whats the weather like in paris"), func(c *rhCase) { c.unsureOK = true }),
		with(quiet("other", "tell me a joke"), func(c *rhCase) { c.unsureOK = true }),

		// A refund of part of the price: a person's call; nothing to propose.
		with(person("can u just refund me the 10% then"), func(c *rhCase) {
			c.label, c.unsureOK = "complaint", true
			c.gap = "read as refund status, which the late promise serves (refund talk goes with the writes that pay)"
		}),
		with(person("ok forget it, can you refund me part of it instead"), func(c *rhCase) {
			c.label, c.unsureOK = "complaint", true
			c.gap = "unsure reading; the late promise stands"
		}),
		with(status("the tracking number you gave me doesnt work"), func(c *rhCase) { c.want = []string{toolname.TrackOrder, toolname.Handover} }),
	}
}

// rhReadOnly are the labels whose right answer changes nothing.
var rhReadOnly = map[string]bool{"order_status": true, "order_details": true, "refund_status": true, "address_lookup": true,
	"policy": true, "product": true, "thanks": true, "greeting": true, "other": true, "expedite": true}

// judge says how the turn answered c.
func (c rhCase) judge(got turnOut) (rhOutcome, string) {
	low := strings.ToLower(got.reply)
	prop := got.proposed()
	propTool, _, _ := strings.Cut(prop, ":")
	wantOK := len(c.want) == 0
	for _, w := range c.want {
		for _, tool := range strings.Split(w, "|") {
			wantOK = wantOK || got.called(tool) || got.status(tool) != ""
		}
	}
	propOK := prop == ""
	for _, w := range append(append([]string{}, c.want...), c.allow...) {
		propOK = propOK || propTool == w
	}
	factsOK := len(c.anyOf) == 0
	for _, a := range c.anyOf {
		factsOK = factsOK || strings.Contains(low, a)
	}
	quietOK := !c.quiet || (len(got.tools) == 0 && prop == "")
	if c.personOK && prop == "" && !wantOK {
		for _, w := range personWords {
			wantOK = wantOK || strings.Contains(low, w)
		}
	}
	why := fmt.Sprintf("tools %v, proposed %q, reply %q", got.toolNames(), prop, got.reply)
	if wantOK && propOK && factsOK && quietOK {
		return rhRight, why
	}
	if prop != "" {
		return rhWrong, why
	}
	if got.called(toolname.Handover) && !c.quiet {
		return rhUnsure, why
	}
	for _, w := range unsureWords {
		if strings.Contains(strings.ReplaceAll(low, "’", "'"), w) {
			return rhUnsure, why
		}
	}
	return rhWrong, why
}

// Fresh end-to-end messages over every intent label: counts of right,
// honest-unsure and wrong. A wrong outcome fails unless marked a gap;
// honest-unsure fails where the case does not allow it, unless marked.
func TestReaderHeldout(t *testing.T) {
	var counts [3]int
	byLabel := map[string]*[3]int{}
	shared, sharedLog := heldoutStack(t)
	for i, tc := range rhCases() {
		t.Run(fmt.Sprintf("%02d %s %s", i, tc.label, tc.text), func(t *testing.T) {
			base, log := shared, sharedLog
			if !rhReadOnly[tc.label] {
				// A write, a person or a report may change the order: its
				// own shop.
				base, log = heldoutStack(t)
			}
			got := chat(t, base, &log.toolLog, tc.order, tc.email).say(tc.text)
			out, why := tc.judge(got)
			counts[out]++
			if byLabel[tc.label] == nil {
				byLabel[tc.label] = &[3]int{}
			}
			byLabel[tc.label][out]++
			ok := out == rhRight || (out == rhUnsure && tc.unsureOK)
			switch {
			case !ok && tc.gap == "":
				t.Errorf("%s: %s", out, why)
			case !ok:
				t.Logf("known gap (%s): %s: %s", tc.gap, out, why)
			case tc.gap != "":
				t.Errorf("passes now (%s): drop its gap mark (%s)", out, tc.gap)
			}
		})
	}
	for label, n := range byLabel {
		t.Logf("%-15s right %d unsure %d wrong %d", label, n[0], n[1], n[2])
	}
	t.Logf("reader held-out messages: %d right, %d honest-unsure, %d wrong of %d", counts[0], counts[1], counts[2], counts[0]+counts[1]+counts[2])
}
