package offline_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out phrasings (issue 18, fifth no-context trial), written before
// reading the model: questions about the order's own facts. Each is judged
// by outcome: the tool that ran, no write proposed, and the facts the
// reply gives (amounts, a day, a code, a person), never by wording.
type factCase struct {
	name         string
	order, email string
	before       []string // said first, in the same conversation
	text         string
	tool         string   // called this turn (any of the turn's tools)
	notTools     []string // none of these called
	has          []string // the reply holds each (case folded)
	anyOf        []string // the reply holds one of these (case folded)
	unsaid       []string // the reply holds none of these (case folded)
	day          bool     // the reply names a day ("Fri, Nov 13")
	person       bool     // a person is offered: handover called, or the reply offers one
	noPerson     bool     // handover not called
	noProposal   bool
	propose      string // this write tool proposed
	own          bool   // on a stack of its own
}

var dayRe = regexp.MustCompile(`(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? [A-Z][a-z]{2,8} \d{1,2}|[A-Z][a-z]{2,8} \d{1,2}(st|nd|rd|th)?\b`)

var personWords = []string{"a person", "someone from", "colleague", "a member of", "our team", "team member", "human", "staff"}

func (tc factCase) check(t *testing.T, got turnOut) {
	t.Helper()
	low := strings.ToLower(got.reply)
	if tc.tool != "" && !got.called(tc.tool) {
		t.Errorf("tools %v, want %s", got.toolNames(), tc.tool)
	}
	for _, n := range tc.notTools {
		if got.called(n) {
			t.Errorf("tools %v, want no %s", got.toolNames(), n)
		}
	}
	if p := got.proposed(); tc.noProposal && p != "" {
		t.Errorf("proposed %s, want nothing proposed", p)
	}
	if tc.propose != "" && !got.hasStatus(tc.propose, "proposed") {
		t.Errorf("actions %v, want %s proposed", got.actions, tc.propose)
	}
	for _, h := range tc.has {
		if !strings.Contains(low, strings.ToLower(h)) {
			t.Errorf("reply %q lacks %q", got.reply, h)
		}
	}
	if len(tc.anyOf) > 0 {
		found := false
		for _, a := range tc.anyOf {
			found = found || strings.Contains(low, strings.ToLower(a))
		}
		if !found {
			t.Errorf("reply %q holds none of %q", got.reply, tc.anyOf)
		}
	}
	for _, u := range tc.unsaid {
		if strings.Contains(low, strings.ToLower(u)) {
			t.Errorf("reply %q says %q", got.reply, u)
		}
	}
	if tc.day && !dayRe.MatchString(got.reply) {
		t.Errorf("reply %q names no day", got.reply)
	}
	if tc.person {
		offered := got.called(toolname.Handover)
		for _, w := range personWords {
			offered = offered || strings.Contains(low, w)
		}
		if !offered {
			t.Errorf("reply %q (tools %v) offers no person", got.reply, got.toolNames())
		}
	}
	if tc.noPerson && got.called(toolname.Handover) {
		t.Errorf("tools %v, want no handover", got.toolNames())
	}
}

func runFacts(t *testing.T, base string, log *toolLog, cases []factCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			base, log := base, log
			if tc.own {
				base, log = demoStack(t)
			}
			c := chat(t, base, log, tc.order, tc.email)
			for _, s := range tc.before {
				c.say(s)
			}
			tc.check(t, c.say(tc.text))
		})
	}
}

var notKnown = []string{"don't know", "do not know", "not sure", "i can't start a return"}

const (
	f5daniel = "daniel.reyes@example.com"
	f5olivia = "olivia.brandt@example.com"
	f5elena  = "elena.petrova@example.com"
	f5grace  = "grace.liu@example.com"
	f5maya   = "maya.okafor@example.com"
	f5samuel = "samuel.whitfield@example.com"
)

// 1. Return and refund status: the return received, the refund's amount
// and day; when on the card, the shop's span from its docs.
func TestFacts5RefundStatus(t *testing.T) {
	base, log := demoStack(t)
	ret := func(name, text string) factCase {
		return factCase{name: name, order: "#1008", email: f5daniel, text: text, tool: toolname.RefundStatus,
			noProposal: true, has: []string{"128.40"}, day: true, unsaid: notKnown, notTools: []string{toolname.StartReturn}}
	}
	card := func(name, text string) factCase {
		return factCase{name: name, order: "#1009", email: f5olivia, text: text, tool: toolname.RefundStatus,
			noProposal: true, has: []string{"103.64", "business days"}, day: true, unsaid: notKnown}
	}
	runFacts(t, base, log, []factCase{
		ret("got my return", "did you guys get my return? when do i get my money"),
		ret("received yet", "have you received the parcel i sent back yet?"),
		ret("typo", "did u recieve my retrun"),
		ret("arrived back", "has my return arrived at your warehouse?"),
		ret("processed", "was my return processed?"),
		ret("sent back weeks ago", "I sent the item back weeks ago, any news on my refund?"),
		ret("where is my money", "where is my money for the stuff i returned"),
		ret("refunded yet", "have i been refunded yet"),
		ret("es", "¿Recibieron mi devolución? ¿Cuándo me devuelven el dinero?"),
		ret("de", "Ist meine Rücksendung angekommen? Wann bekomme ich mein Geld?"),
		ret("fr", "Avez-vous reçu mon retour ? Quand serai-je remboursé ?"),
		ret("short", "return status?"),
		card("card cancelled", "when will i see the refund for my cancelled order on my card"),
		card("card back", "how long until the money is back on my credit card?"),
		card("bank typo", "when will the refnd show up in my bank account"),
		card("es tarjeta", "¿cuándo veré el reembolso en mi tarjeta?"),
		card("de Karte", "Wann ist die Erstattung auf meiner Karte?"),
	})
}

// 2. Why was my order cancelled: when, the reason the order records, the
// refund, and a person, since the customer disputes it.
func TestFacts5WhyCancelled(t *testing.T) {
	base, log := demoStack(t)
	why := func(name, text string) factCase {
		return factCase{name: name, order: "#1009", email: f5olivia, text: text, noProposal: true, day: true,
			has: []string{"103.64"}, anyOf: []string{"your request", "you asked", "customer"}, person: true,
			unsaid: []string{"so it won't be shipped", "don't know"}}
	}
	runFacts(t, base, log, []factCase{
		why("trial", "why was my order cancelled?? I didnt ask for that"),
		why("who cancelled", "who cancelled my order? it wasn't me"),
		why("typo", "why did u cancell my order"),
		why("never asked", "my order got canceled and i never asked for it"),
		why("what happened", "what happened to my order, it says cancelled?"),
		why("reason", "what's the reason my order was cancelled"),
		why("didnt cancel", "I didn't cancel anything, why is it cancelled"),
		why("angry", "WHY IS MY ORDER CANCELLED"),
		why("es", "¿Por qué cancelaron mi pedido? Yo no lo pedí"),
		why("de", "Warum wurde meine Bestellung storniert? Das war ich nicht"),
		why("fr", "Pourquoi ma commande a été annulée ? Je n'ai rien demandé"),
		why("when", "when was my order cancelled and why"),
		why("mistake", "i think my order was cancelled by mistake"),
		why("not me", "someone cancelled my order, not me"),
		why("long", "Hi, I just got an email saying my order was cancelled but I never asked for that, can you tell me why?"),
	})
}

// 3. Store credit: the credit issued on the order (amount) and how to use
// it, asked in the same conversation or a later one.
func TestFacts5StoreCredit(t *testing.T) {
	base, log := demoStack(t)
	c := chat(t, base, log, "#1011", f5elena)
	c.say("I'd like to return the coffee kit for store credit please")
	c.say("yes")
	var amount string
	for _, a := range shopActions(t, base) {
		if a["type"] == "store_credit" {
			amount, _ = a["amount"].(string)
		}
	}
	if amount == "" {
		t.Fatalf("no store credit issued: %v", actionSummary(shopActions(t, base)))
	}
	credit := func(name, text string) factCase {
		return factCase{name: name, order: "#1011", email: f5elena, text: text, noProposal: true,
			has: []string{amount}, anyOf: []string{"checkout", "check out"}, unsaid: append([]string{"which items"}, notKnown...),
			notTools: []string{toolname.StartReturn}}
	}
	cases := []factCase{
		credit("any", "do i have any store credit?"),
		credit("how much and how", "how much store credit do i have and how do i use it?"),
		credit("balance", "what's my store credit balance"),
		credit("typo", "how much stor credit have i got"),
		credit("did it arrive", "did the store credit come through?"),
		credit("how to spend", "how do i spend my store credit?"),
		credit("where", "where can I see my credit?"),
		credit("credit on account", "is there credit on my account?"),
		credit("gift card", "did I get a gift card or credit for the return?"),
		credit("es", "¿Tengo crédito en la tienda?"),
		credit("de", "Wie viel Guthaben habe ich?"),
		credit("fr", "Est-ce que j'ai un avoir ?"),
		credit("use next", "can I use my credit on my next order?"),
		credit("how much left", "how much credit is left"),
		credit("received", "i got store credit right? how much was it"),
	}
	runFacts(t, base, log, cases)
	t.Run("same conversation", func(t *testing.T) {
		credit("", "do i have any store credit?").check(t, c.say("do i have any store credit?"))
	})
}

// 4. The thank-you code: what it applies to, from the facts; a code for
// anyone other than the customer is the friend's.
func TestFacts5ThankYouCode(t *testing.T) {
	base, log := demoStack(t)
	var out map[string]any
	postJSON(t, base+"/dev/clock", "", map[string]string{"advance": "72h"}, &out)
	c := chat(t, base, log, "#1006", f5samuel)
	c.say("Love it, thank you!")
	var own, friend string
	for _, a := range shopActions(t, base) {
		if a["type"] != "discount_code" {
			continue
		}
		code, _ := a["detail"].(map[string]any)["code"].(string)
		if strings.HasPrefix(code, "FRIEND-") {
			friend = code
		} else {
			own = code
		}
	}
	if own == "" || friend == "" {
		t.Fatalf("codes: %v", shopActions(t, base))
	}
	works := func(name, text string) factCase {
		return factCase{name: name, order: "#1006", email: f5samuel, before: []string{"what was my discount code again?"},
			text: text, has: []string{own, "10%"}, unsaid: append([]string{friend}, notKnown...), noProposal: true, noPerson: true}
	}
	other := func(name, text string) factCase {
		return factCase{name: name, order: "#1006", email: f5samuel, before: []string{"what was my discount code again?"},
			text: text, has: []string{friend}, noProposal: true}
	}
	runFacts(t, base, log, []factCase{
		works("filters", "does the code work on filters too?"),
		works("anything", "can i use it on anything in the shop?"),
		works("sale", "does the discount apply to every product?"),
		works("typo", "does teh code work on candles"),
		works("twice", "can I use the code more than once?"),
		works("es", "¿el código sirve para cualquier producto?"),
		works("de", "Gilt der Code auch für Filter?"),
		works("fr", "Le code marche pour tous les produits ?"),
		other("sister", "and is there one i can give my sister?"),
		other("mum", "can i get one for my mum too"),
		other("coworker", "is there a code for a coworker?"),
		other("es hermana", "¿hay uno para mi hermana?"),
		other("de Schwester", "Gibt es auch einen Code für meine Schwester?"),
		other("fr soeur", "Est-ce qu'il y a un code pour ma sœur ?"),
		other("brother typo", "culd i have a code for my brother"),
		other("partner", "my partner wants one too"),
	})
}

// 5. A status word from the tracking: explained from the facts, with no
// "I don't know" after it.
func TestFacts5StatusWord(t *testing.T) {
	base, log := demoStack(t)
	mean := func(name, text string) factCase {
		return factCase{name: name, order: "#1005", email: f5grace, text: text, tool: toolname.TrackOrder, noProposal: true,
			has: []string{"FedEx"}, anyOf: []string{"problem", "couldn't", "could not", "issue"}, unsaid: notKnown}
	}
	runFacts(t, base, log, []factCase{
		mean("trial", "my tracking says exception?? what does that mean"),
		mean("typo", "what does exeption mean on my tracking"),
		mean("delivery exception", "what is a delivery exception"),
		mean("it says", "tracking page says 'exception', is that bad?"),
		mean("explain", "can you explain the exception status?"),
		mean("es", "¿qué significa 'excepción' en el seguimiento?"),
		mean("de", "Was bedeutet 'Ausnahme' bei der Sendungsverfolgung?"),
		mean("fr", "Que veut dire « exception » sur le suivi ?"),
		mean("worried", "the tracking says exception, should i be worried?"),
		mean("status mean", "what does my tracking status mean?"),
		mean("failure", "it says delivery failure, what does that mean?"),
		mean("short", "exception??"),
		mean("what now", "tracking shows an exception. what happens now?"),
		mean("meaning caps", "What does EXCEPTION mean"),
		mean("why exception", "why does my parcel say exception"),
	})
}

// 6. Not received, long after delivery: beyond the merchant's claim days a
// person decides; nothing is replaced or refunded on its own.
func TestFacts5LateNotReceived(t *testing.T) {
	base, log := demoStack(t)
	late := func(name, text string) factCase {
		return factCase{name: name, order: "#1007", email: f5maya, text: text, person: true, noProposal: true,
			notTools: []string{toolname.StartReturn}, tool: toolname.ReportNotReceived, own: true, day: true}
	}
	runFacts(t, base, log, []factCase{
		late("trial", "i never actually got my skillet, the tracking said delivered back in october"),
		late("never came", "my order never came even though it says delivered"),
		late("typo", "never recieved my pan, tracking sayd deliverd"),
		late("just noticed", "I just realised I never received this order"),
		late("not at door", "it was never at my door, it says delivered weeks ago"),
		late("wasnt delivered", "the parcel wasn't delivered to me"),
		late("stolen", "i think my package was stolen, never got it"),
		late("es", "Nunca recibí mi pedido aunque dice entregado"),
		late("de", "Ich habe mein Paket nie bekommen, obwohl es als zugestellt steht"),
		late("fr", "Je n'ai jamais reçu ma commande, pourtant elle est marquée livrée"),
		late("where is it", "it says delivered but where is it? I never got it"),
		late("replacement", "I never got it, can you send a new one"),
		late("refund", "never arrived, I want a refund"),
		late("missing", "my package is missing, tracking says delivered"),
		late("didnt arrive", "didn't arrive. nothing at all"),
	})
	// With no claim-days limit (0) the delivery policy's replacement is
	// stated, and runs on the customer's yes.
	pol := policy.Default()
	pol.NotReceivedClaimDays = 0
	fresh, flog := demoStackWith(t, &pol)
	c := chat(t, fresh, flog, "#1007", f5maya)
	got := c.say("i never actually got my skillet, the tracking said delivered back in october")
	if !got.called(toolname.ReportNotReceived) || got.called(toolname.Handover) || !got.hasStatus(toolname.ReportNotReceived, "proposed") {
		t.Errorf("no claim limit: tools %v actions %v, want the delivery policy's step proposed", got.toolNames(), got.actions)
	}
	got = c.say("yes")
	if !got.hasStatus(toolname.ReportNotReceived, "done") {
		t.Errorf("no claim limit, yes: actions %v, want the delivery policy to act", got.actions)
	}
}
