package offline_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A delivery question of the seventh no-context trial (issue 18), written
// before reading the model: where is my order, and what went wrong with
// its delivery. Each is judged by outcome through the agent: the tools that
// ran, the facts the reply gives, the proposal made or not.
type f7Case struct {
	order, email string
	before       []string // said first, in the same conversation
	text         string
	tools        []string // each called this turn ("a|b": either)
	status       bool     // the reply gives one of the turn's track_order facts
	has          []string // the reply holds each (case folded)
	anyOf        []string // the reply holds one of these (case folded)
	notTools     []string // none of these called
	noProposal   bool     // no write proposed
	propose      string   // this write proposed
	person       bool     // a person offered: handover called or named in the reply
	gap          string   // a known gap, and why: logged, and it fails once it passes
}

const (
	f7maya   = "maya.okafor@example.com"     // #1001 not shipped
	f7priya  = "priya.natarajan@example.com" // #1002 label printed, not picked up
	f7daniel = "daniel.reyes@example.com"    // #1003 UPS in transit, late
	f7tom    = "tom.becker@example.com"      // #1004 USPS out for delivery
	f7grace  = "grace.liu@example.com"       // #1005 FedEx delivery failed
	f7samuel = "samuel.whitfield@example.com"
	f7marcus = "marcus.johnson@example.com"
	f7elena  = "elena.petrova@example.com"
)

// where asks for the order's state; it gives a status fact, proposes nothing.
func f7where(order, email, text string) f7Case {
	return f7Case{order: order, email: email, text: text, tools: []string{toolname.TrackOrder}, status: true,
		notTools: []string{toolname.ReportNotReceived, toolname.StartReturn, toolname.SearchDocs}}
}

// late is a complaint that a parcel on its way is late: its status, and the
// follow-up promise proposed.
func f7late(text string) f7Case {
	return f7Case{order: "#1003", email: f7daniel, text: text, tools: []string{toolname.TrackOrder}, status: true,
		propose: toolname.FollowUp, notTools: []string{toolname.StartReturn, toolname.ReportNotReceived}}
}

// missing says a parcel marked delivered never came.
func f7missing(text string) f7Case {
	return f7Case{order: "#1006", email: f7samuel, text: text, tools: []string{toolname.ReportNotReceived},
		notTools: []string{toolname.StartReturn, toolname.ReportDamage}}
}

func (c f7Case) withGap(why string) f7Case { c.gap = why; return c }

func (c f7Case) after(before ...string) f7Case { c.before = before; return c }

func TestFresh7aDelivery(t *testing.T) {
	tracking := func(order, email, number string, text string) f7Case {
		c := f7where(order, email, text)
		c.has = []string{number}
		return c
	}
	carrier := func(order, email, name string, text string) f7Case {
		c := f7where(order, email, text)
		c.has = []string{name}
		return c
	}
	person := func(order, email, text string) f7Case {
		return f7Case{order: order, email: email, text: text, person: true, notTools: []string{toolname.StartReturn}}
	}
	tests := []f7Case{
		// Where is it, every register.
		f7where("#1003", f7daniel, "yo wheres my stuff at"),
		f7where("#1003", f7daniel, "any news on my order? been a while"),
		f7where("#1003", f7daniel, "Hi there! Hope you're having a lovely day :) I ordered a couple of things last week as a present for my dad and I was just wondering whereabouts it is at the moment?"),
		f7where("#1003", f7daniel, "hello?? my order??"),
		f7where("#1003", f7daniel, "update pls"),
		f7where("#1003", f7daniel, "did it ship or not"),
		f7where("#1001", f7maya, "why hasnt it gone out yet i paid days ago"),
		f7where("#1001", f7maya, "when r u sending it"),
		f7where("#1001", f7maya, "is my order still being processed?"),
		f7where("#1003", f7daniel, "could you check on my parcel for me please"),
		f7where("#1003", f7daniel, "wheres my packge gone"),
		f7where("#1003", f7daniel, "whre is my ordr"),
		f7where("#1004", f7tom, "is it gonna be here today or what"),
		f7where("#1004", f7tom, "is the mailman bringing it today"),
		f7where("#1003", f7daniel, "how much longer do i have to wait"),
		f7where("#1003", f7daniel, "when can i expect it"),
		f7where("#1003", f7daniel, "expected delivery date?"),
		f7where("#1003", f7daniel, "any idea when itll show up"),
		f7where("#1001", f7maya, "has anything happened with my order since i placed it"),
		f7where("#1003", f7daniel, "i need it by saturday, will it make it?"),
		f7where("#1003", f7daniel, "Good morning, I placed an order a few days ago and haven't heard anything since the shipping email. Could you let me know roughly when it should be delivered? Thanks so much, Daniel"),
		f7where("#1004", f7tom, "shuold i stay home today to get the delivery"),
		f7where("#1001", f7maya, "still processing??"),
		tracking("#1011", f7elena, "1Z9HH4870346634921", "only got half my order, wheres the rest"),
		f7where("#1010", f7marcus, "part of my order came, what about the rest of it"),
		// Tracking numbers and carriers.
		tracking("#1003", f7daniel, "1Z9HH4870345612786", "can i get the tracking no."),
		tracking("#1003", f7daniel, "1Z9HH4870345612786", "send me the tracking link pls"),
		carrier("#1003", f7daniel, "UPS", "whos delivering it, ups or fedex?"),
		carrier("#1003", f7daniel, "UPS", "which courier did you send it with"),
		tracking("#1002", f7priya, "9400111899223344556677", "whats the usps number for it"),
		carrier("#1005", f7grace, "FedEx", "what carrier is it with"),
		tracking("#1003", f7daniel, "1Z9HH4870345612786", "i need the trackng number to give to my building concierge"),
		tracking("#1004", f7tom, "9400111899561122334455", "tracking #?"),
		tracking("#1003", f7daniel, "1Z9HH4870345612786", "the shipping email didnt have a tracking code in it, can you send it"),
		tracking("#1003", f7daniel, "1Z9HH4870345612786", "I'd like to track my parcel myself on the carrier's site"),
		// Late.
		f7late("it was supposed to be here already, why is it late"),
		f7late("ordered on the 16th and still nothing. ridiculous"),
		f7late("my parcel is overdue"),
		f7late("why is the delivery taking so long"),
		f7late("ive been waiting over a week now this is unacceptable"),
		f7late("shoulda been here by now tbh"),
		f7late("the estimated date has come and gone"),
		// Stalled tracking: a label, and nothing since.
		f7where("#1002", f7priya, "tracking hasnt updated in days"),
		f7where("#1002", f7priya, "the tracking just says label created, is it actually coming?"),
		f7where("#1002", f7priya, "usps has no info on my package"),
		f7where("#1002", f7priya, "tracking is stuck"),
		f7where("#1002", f7priya, "the tracking page says pre-shipment for ages"),
		// The carrier could not deliver.
		f7where("#1005", f7grace, "fedex says delivery exception what does that mean"),
		f7where("#1005", f7grace, "the driver couldnt deliver it? what now"),
		f7where("#1005", f7grace, "i got a notice that the delivery attempt failed"),
		// Marked delivered, not here.
		f7missing("tracking shows delivered yesterday but theres nothing on my porch"),
		f7missing("ups claims they dropped it off but i never got anything"),
		f7missing("marked as delivered, no package"),
		f7missing("i think someone stole my package, it says delivered"),
		f7missing("package not recieved even tho it says delivered"),
		f7missing("my neighbours dont have it either and it says delivered"),
		f7missing("its showing delivered but ive checked everywhere"),
		f7missing("Delivered?? Where?? I've been home all day"),
		// Lost.
		f7where("#1003", f7daniel, "i think my package got lost"),
		f7where("#1002", f7priya, "did you lose my order"),
		f7missing("my parcel is lost, please help. it says it was delivered on the 17th"),
		// Delivered to the wrong place.
		f7missing("it was delivered to the wrong address"),
		f7missing("ups left it at the wrong house"),
		f7missing("the delivery photo shows a door that isnt mine"),
		f7missing("the driver gave it to someone at a different building, not my address"),
		// A person about a delivery.
		person("#1003", f7daniel, "can i talk to someone about my delivery"),
		person("#1005", f7grace, "i want to speak to a human about my fedex package"),
		person("#1002", f7priya, "get me a real person, the tracking hasnt moved in a week"),
		person("#1003", f7daniel, "is there a phone number i can call about my shipment"),
		// Follow-up promises.
		{order: "#1003", email: f7daniel, text: "can you keep me posted on the delivery? its late", tools: []string{toolname.FollowUp}, propose: toolname.FollowUp},
		{order: "#1003", email: f7daniel, text: "please chase the carrier for me and let me know", tools: []string{toolname.FollowUp}, propose: toolname.FollowUp},
		{order: "#1003", email: f7daniel, text: "if it doesnt turn up by next week i want a new one sent", tools: []string{toolname.FollowUp}, propose: toolname.FollowUp},
		// Other languages.
		f7where("#1003", f7daniel, "hola, cuando llega mi paquete?"),
		f7where("#1003", f7daniel, "¿me pasan el número de seguimiento?"),
		f7where("#1003", f7daniel, "Hallo, wo bleibt meine Lieferung?"),
		f7where("#1003", f7daniel, "Können Sie mir die Sendungsnummer schicken?"),
		f7where("#1003", f7daniel, "bonjour, quand est-ce que je vais recevoir ma commande ?"),
		f7where("#1003", f7daniel, "c'est quoi le numéro de suivi svp"),
		func() f7Case {
			c := f7missing("dice entregado pero no tengo nada")
			return c
		}(),
		func() f7Case {
			c := f7missing("laut Sendungsverfolgung zugestellt, aber hier ist nichts angekommen")
			return c
		}(),
		f7missing("il est marqué livré mais je n'ai rien reçu"),
		// Two turns.
		tracking("#1003", f7daniel, "UPS", "who is it with").after("where is my order"),
		tracking("#1003", f7daniel, "1Z9HH4870345612786", "ok can i have the number so i can follow it").after("has it shipped?"),
		f7where("#1003", f7daniel, "and when will it get to me").after("which carrier is it with?"),
		f7missing("well i dont see it anywhere").after("was my order delivered?"),
		f7where("#1001", f7maya, "ok so when does it go out then").after("is my order on the way?"),
		// A second batch, written after the fix, before running it.
		f7where("#1001", f7maya, "has my stuff been packed yet"),
		f7where("#1003", f7daniel, "hows my delivery looking"),
		f7where("#1004", f7tom, "will the postman come before noon"),
		f7where("#1003", f7daniel, "gonna be here before the weekend?"),
		tracking("#1003", f7daniel, "1Z9HH4870345612786", "wat is the trackin code"),
		carrier("#1005", f7grace, "FedEx", "who has my parcel, which delivery company"),
		f7late("its way past the delivery date"),
		f7late("this is getting silly now, two weeks and no parcel"),
		f7missing("the app says delivered at 2pm but theres no box, i was home"),
		f7missing("delivered my foot, nothing came"),
		person("#1003", f7daniel, "can someone ring me about the delivery"),
		f7where("#1003", f7daniel, "hi! quick one, any movement on my package? cheers"),
	}
	failed, gaps := 0, 0
	shared, sharedLog := heldoutStack(t)
	for i, tc := range tests {
		t.Run(fmt.Sprintf("%02d %s", i, tc.text), func(t *testing.T) {
			base, log := shared, sharedLog
			if tc.person || tc.propose != "" || has(tc.tools, toolname.ReportNotReceived) {
				// A case a person owns, or a proposal, takes the order: its own shop.
				base, log = heldoutStack(t)
			}
			problems := tc.run(t, base, log)
			switch {
			case len(problems) > 0 && tc.gap == "":
				failed++
				for _, p := range problems {
					t.Error(p)
				}
			case len(problems) > 0:
				gaps++
				t.Logf("known gap (%s): %s", tc.gap, strings.Join(problems, "; "))
			case tc.gap != "":
				t.Errorf("passes now: drop its gap mark (%s)", tc.gap)
			}
		})
	}
	t.Logf("fresh7a delivery phrasings: %d of %d failed, %d of them known gaps", failed+gaps, len(tests), gaps)
}

func has(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

func (tc f7Case) run(t *testing.T, base string, log *resultLog) []string {
	var problems []string
	c := chat(t, base, &log.toolLog, tc.order, tc.email)
	log.mu.Lock()
	start := len(log.results)
	log.mu.Unlock()
	for _, s := range tc.before {
		c.say(s)
	}
	got := c.say(tc.text)
	log.mu.Lock()
	results := append([]toolResult(nil), log.results[start:]...)
	log.mu.Unlock()
	low := strings.ToLower(got.reply)
	for _, want := range tc.tools {
		ok := false
		for _, tool := range strings.Split(want, "|") {
			ok = ok || got.called(tool) || got.status(tool) != ""
		}
		if !ok {
			problems = append(problems, fmt.Sprintf("tools %v, want %s", got.toolNames(), want))
		}
	}
	for _, n := range tc.notTools {
		if got.called(n) {
			problems = append(problems, fmt.Sprintf("tools %v, want no %s", got.toolNames(), n))
		}
	}
	if tc.status {
		var facts []string
		for _, r := range results {
			if r.tool == toolname.TrackOrder {
				facts = append(facts, statusFacts(r.content)...)
			}
		}
		said := false
		for _, f := range facts {
			said = said || strings.Contains(got.reply, f)
		}
		if !said {
			problems = append(problems, fmt.Sprintf("reply %q holds none of the status facts %q", got.reply, facts))
		}
	}
	for _, h := range tc.has {
		if !strings.Contains(low, strings.ToLower(h)) {
			problems = append(problems, fmt.Sprintf("reply %q lacks %q", got.reply, h))
		}
	}
	if len(tc.anyOf) > 0 {
		found := false
		for _, a := range tc.anyOf {
			found = found || strings.Contains(low, strings.ToLower(a))
		}
		if !found {
			problems = append(problems, fmt.Sprintf("reply %q holds none of %q", got.reply, tc.anyOf))
		}
	}
	if p := got.proposed(); tc.noProposal && p != "" {
		problems = append(problems, fmt.Sprintf("proposed %s, want nothing", p))
	}
	if tc.propose != "" && !got.hasStatus(tc.propose, "proposed") {
		problems = append(problems, fmt.Sprintf("actions %v, want %s proposed", actionSummaryOf(got.actions), tc.propose))
	}
	if tc.person {
		offered := got.called(toolname.Handover)
		for _, w := range personWords {
			offered = offered || strings.Contains(low, w)
		}
		if !offered {
			problems = append(problems, fmt.Sprintf("reply %q (tools %v) offers no person", got.reply, got.toolNames()))
		}
	}
	return problems
}

func actionSummaryOf(acts []map[string]any) []string {
	var out []string
	for _, a := range acts {
		out = append(out, fmt.Sprintf("%v:%v", a["tool"], a["status"]))
	}
	return out
}
