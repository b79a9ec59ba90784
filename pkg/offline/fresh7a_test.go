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
type f7aCase struct {
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
	f7amaya   = "maya.okafor@example.com"     // #1001 not shipped
	f7apriya  = "priya.natarajan@example.com" // #1002 label printed, not picked up
	f7adaniel = "daniel.reyes@example.com"    // #1003 UPS in transit, late
	f7atom    = "tom.becker@example.com"      // #1004 USPS out for delivery
	f7agrace  = "grace.liu@example.com"       // #1005 FedEx delivery failed
	f7asamuel = "samuel.whitfield@example.com"
	f7amarcus = "marcus.johnson@example.com"
	f7aelena  = "elena.petrova@example.com"
)

// where asks for the order's state; it gives a status fact, proposes nothing.
func f7awhere(order, email, text string) f7aCase {
	return f7aCase{order: order, email: email, text: text, tools: []string{toolname.TrackOrder}, status: true,
		notTools: []string{toolname.ReportNotReceived, toolname.StartReturn, toolname.SearchDocs}}
}

// late is a complaint that a parcel on its way is late: its status, and the
// follow-up promise proposed.
func f7alate(text string) f7aCase {
	return f7aCase{order: "#1003", email: f7adaniel, text: text, tools: []string{toolname.TrackOrder}, status: true,
		propose: toolname.FollowUp, notTools: []string{toolname.StartReturn, toolname.ReportNotReceived}}
}

// missing says a parcel marked delivered never came.
func f7amissing(text string) f7aCase {
	return f7aCase{order: "#1006", email: f7asamuel, text: text, tools: []string{toolname.ReportNotReceived},
		notTools: []string{toolname.StartReturn, toolname.ReportDamage}}
}

func (c f7aCase) withGap(why string) f7aCase { c.gap = why; return c }

func (c f7aCase) after(before ...string) f7aCase { c.before = before; return c }

func TestFresh7aDelivery(t *testing.T) {
	tracking := func(order, email, number string, text string) f7aCase {
		c := f7awhere(order, email, text)
		c.has = []string{number}
		return c
	}
	carrier := func(order, email, name string, text string) f7aCase {
		c := f7awhere(order, email, text)
		c.has = []string{name}
		return c
	}
	person := func(order, email, text string) f7aCase {
		return f7aCase{order: order, email: email, text: text, person: true, notTools: []string{toolname.StartReturn}}
	}
	tests := []f7aCase{
		// Where is it, every register.
		f7awhere("#1003", f7adaniel, "yo wheres my stuff at"),
		f7awhere("#1003", f7adaniel, "any news on my order? been a while"),
		f7awhere("#1003", f7adaniel, "Hi there! Hope you're having a lovely day :) I ordered a couple of things last week as a present for my dad and I was just wondering whereabouts it is at the moment?"),
		f7awhere("#1003", f7adaniel, "hello?? my order??"),
		f7awhere("#1003", f7adaniel, "update pls"),
		f7awhere("#1003", f7adaniel, "did it ship or not"),
		f7awhere("#1001", f7amaya, "why hasnt it gone out yet i paid days ago"),
		f7awhere("#1001", f7amaya, "when r u sending it"),
		f7awhere("#1001", f7amaya, "is my order still being processed?"),
		f7awhere("#1003", f7adaniel, "could you check on my parcel for me please"),
		f7awhere("#1003", f7adaniel, "wheres my packge gone"),
		f7awhere("#1003", f7adaniel, "whre is my ordr"),
		f7awhere("#1004", f7atom, "is it gonna be here today or what"),
		f7awhere("#1004", f7atom, "is the mailman bringing it today"),
		f7awhere("#1003", f7adaniel, "how much longer do i have to wait"),
		f7awhere("#1003", f7adaniel, "when can i expect it"),
		f7awhere("#1003", f7adaniel, "expected delivery date?"),
		f7awhere("#1003", f7adaniel, "any idea when itll show up"),
		f7awhere("#1001", f7amaya, "has anything happened with my order since i placed it"),
		f7awhere("#1003", f7adaniel, "i need it by saturday, will it make it?"),
		f7awhere("#1003", f7adaniel, "Good morning, I placed an order a few days ago and haven't heard anything since the shipping email. Could you let me know roughly when it should be delivered? Thanks so much, Daniel"),
		f7awhere("#1004", f7atom, "shuold i stay home today to get the delivery"),
		f7awhere("#1001", f7amaya, "still processing??"),
		tracking("#1011", f7aelena, "1Z9HH4870346634921", "only got half my order, wheres the rest"),
		f7awhere("#1010", f7amarcus, "part of my order came, what about the rest of it"),
		// Tracking numbers and carriers.
		tracking("#1003", f7adaniel, "1Z9HH4870345612786", "can i get the tracking no."),
		tracking("#1003", f7adaniel, "1Z9HH4870345612786", "send me the tracking link pls"),
		carrier("#1003", f7adaniel, "UPS", "whos delivering it, ups or fedex?"),
		carrier("#1003", f7adaniel, "UPS", "which courier did you send it with"),
		tracking("#1002", f7apriya, "9400111899223344556677", "whats the usps number for it"),
		carrier("#1005", f7agrace, "FedEx", "what carrier is it with"),
		tracking("#1003", f7adaniel, "1Z9HH4870345612786", "i need the trackng number to give to my building concierge"),
		tracking("#1004", f7atom, "9400111899561122334455", "tracking #?"),
		tracking("#1003", f7adaniel, "1Z9HH4870345612786", "the shipping email didnt have a tracking code in it, can you send it"),
		tracking("#1003", f7adaniel, "1Z9HH4870345612786", "I'd like to track my parcel myself on the carrier's site"),
		// Late.
		f7alate("it was supposed to be here already, why is it late"),
		f7alate("ordered on the 16th and still nothing. ridiculous"),
		f7alate("my parcel is overdue"),
		f7alate("why is the delivery taking so long"),
		f7alate("ive been waiting over a week now this is unacceptable"),
		f7alate("shoulda been here by now tbh"),
		f7alate("the estimated date has come and gone"),
		// Stalled tracking: a label, and nothing since.
		f7awhere("#1002", f7apriya, "tracking hasnt updated in days"),
		f7awhere("#1002", f7apriya, "the tracking just says label created, is it actually coming?"),
		f7awhere("#1002", f7apriya, "usps has no info on my package"),
		f7awhere("#1002", f7apriya, "tracking is stuck"),
		f7awhere("#1002", f7apriya, "the tracking page says pre-shipment for ages"),
		// The carrier could not deliver.
		f7awhere("#1005", f7agrace, "fedex says delivery exception what does that mean"),
		f7awhere("#1005", f7agrace, "the driver couldnt deliver it? what now"),
		f7awhere("#1005", f7agrace, "i got a notice that the delivery attempt failed"),
		// Marked delivered, not here.
		f7amissing("tracking shows delivered yesterday but theres nothing on my porch"),
		f7amissing("ups claims they dropped it off but i never got anything"),
		f7amissing("marked as delivered, no package"),
		f7amissing("i think someone stole my package, it says delivered"),
		f7amissing("package not recieved even tho it says delivered"),
		f7amissing("my neighbours dont have it either and it says delivered"),
		f7amissing("its showing delivered but ive checked everywhere"),
		f7amissing("Delivered?? Where?? I've been home all day"),
		// Lost.
		f7awhere("#1003", f7adaniel, "i think my package got lost"),
		f7awhere("#1002", f7apriya, "did you lose my order"),
		f7amissing("my parcel is lost, please help. it says it was delivered on the 17th"),
		// Delivered to the wrong place.
		f7amissing("it was delivered to the wrong address"),
		f7amissing("ups left it at the wrong house"),
		f7amissing("the delivery photo shows a door that isnt mine"),
		f7amissing("the driver gave it to someone at a different building, not my address"),
		// A person about a delivery.
		person("#1003", f7adaniel, "can i talk to someone about my delivery"),
		person("#1005", f7agrace, "i want to speak to a human about my fedex package"),
		person("#1002", f7apriya, "get me a real person, the tracking hasnt moved in a week"),
		person("#1003", f7adaniel, "is there a phone number i can call about my shipment"),
		// Follow-up promises.
		{order: "#1003", email: f7adaniel, text: "can you keep me posted on the delivery? its late", tools: []string{toolname.FollowUp}, propose: toolname.FollowUp},
		{order: "#1003", email: f7adaniel, text: "please chase the carrier for me and let me know", tools: []string{toolname.FollowUp}, propose: toolname.FollowUp},
		{order: "#1003", email: f7adaniel, text: "if it doesnt turn up by next week i want a new one sent", tools: []string{toolname.FollowUp}, propose: toolname.FollowUp},
		// Other languages.
		f7awhere("#1003", f7adaniel, "hola, cuando llega mi paquete?"),
		f7awhere("#1003", f7adaniel, "¿me pasan el número de seguimiento?"),
		f7awhere("#1003", f7adaniel, "Hallo, wo bleibt meine Lieferung?"),
		f7awhere("#1003", f7adaniel, "Können Sie mir die Sendungsnummer schicken?"),
		f7awhere("#1003", f7adaniel, "bonjour, quand est-ce que je vais recevoir ma commande ?"),
		f7awhere("#1003", f7adaniel, "c'est quoi le numéro de suivi svp"),
		func() f7aCase {
			c := f7amissing("dice entregado pero no tengo nada")
			return c
		}(),
		func() f7aCase {
			c := f7amissing("laut Sendungsverfolgung zugestellt, aber hier ist nichts angekommen")
			return c
		}(),
		f7amissing("il est marqué livré mais je n'ai rien reçu"),
		// Two turns.
		tracking("#1003", f7adaniel, "UPS", "who is it with").after("where is my order"),
		tracking("#1003", f7adaniel, "1Z9HH4870345612786", "ok can i have the number so i can follow it").after("has it shipped?"),
		f7awhere("#1003", f7adaniel, "and when will it get to me").after("which carrier is it with?"),
		f7amissing("well i dont see it anywhere").after("was my order delivered?"),
		f7awhere("#1001", f7amaya, "ok so when does it go out then").after("is my order on the way?"),
		// A second batch, written after the fix, before running it.
		f7awhere("#1001", f7amaya, "has my stuff been packed yet"),
		f7awhere("#1003", f7adaniel, "hows my delivery looking"),
		f7awhere("#1004", f7atom, "will the postman come before noon"),
		f7awhere("#1003", f7adaniel, "gonna be here before the weekend?"),
		tracking("#1003", f7adaniel, "1Z9HH4870345612786", "wat is the trackin code"),
		carrier("#1005", f7agrace, "FedEx", "who has my parcel, which delivery company"),
		f7alate("its way past the delivery date"),
		f7alate("this is getting silly now, two weeks and no parcel"),
		f7amissing("the app says delivered at 2pm but theres no box, i was home"),
		f7amissing("delivered my foot, nothing came"),
		person("#1003", f7adaniel, "can someone ring me about the delivery"),
		f7awhere("#1003", f7adaniel, "hi! quick one, any movement on my package? cheers"),
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

func (tc f7aCase) run(t *testing.T, base string, log *resultLog) []string {
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
