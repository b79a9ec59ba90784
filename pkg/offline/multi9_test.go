package offline_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// m9case is one held-out message with two or three parts where at least
// one is a question about the customer's own order (what they paid, the
// address it ships to): every part is answered in the one reply from the
// order tools' or docs' results, no proposal is stated, and a question
// about the address is never read as a change of it.
type m9case struct {
	name         string
	order, email string // empty: not verified
	text         string
	// status: the reply holds one of track_order's status facts.
	status bool
	// facts: the reply holds one of each, and that one is in a tool
	// result of the turn (grounding).
	facts  [][]string
	verify bool     // not verified: the reply asks for the order and email
	absent []string // facts the reply must not hold
	gap    string   // a known gap: logged, fails once it passes
}

// Held-out phrasings (multi9), written before reading the model.
func TestMulti9HeldOut(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"
		priya  = "priya.natarajan@example.com"
		daniel = "daniel.reyes@example.com"
		tom    = "tom.becker@example.com"
		grace  = "grace.liu@example.com"
		samuel = "samuel.whitfield@example.com"
		marcus = "marcus.johnson@example.com"
		elena  = "elena.petrova@example.com"
	)
	ret := []string{"30 days"}
	tests := []m9case{
		// Tracking or status beside what was paid.
		{name: "tracking throw price skillet", order: "#1010", email: marcus, text: "tracking number for the throw pls, and what did the skillet cost me?",
			facts: [][]string{{"1Z9HH4870342290158"}, {"$56.63"}}},
		{name: "tracking blanket price skillet", order: "#1010", email: marcus, text: "can i get the tracking for my blanket, also how much was the skillet",
			facts: [][]string{{"1Z9HH4870342290158"}, {"$56.63"}}},
		{name: "price throw then skillet ship", order: "#1010", email: marcus, text: "how much did i pay for the throw, and when is the skillet shipping?",
			status: true, facts: [][]string{{"$128.50"}}},
		{name: "parcel where and candle price", order: "#1003", email: daniel, text: "where's my parcel right now? also what did i pay for the candle",
			status: true, facts: [][]string{{"$23.94"}}},
		{name: "tracking and total", order: "#1003", email: daniel, text: "any tracking yet, and what was the total?",
			facts: [][]string{{"1Z9HH4870345612786"}, {"$88.47"}}},
		{name: "typo tracking skillet price", order: "#1003", email: daniel, text: "trackin number plz and how much was the skilet",
			facts: [][]string{{"1Z9HH4870345612786"}, {"$56.58"}}},
		{name: "mugs each and how far", order: "#1004", email: tom, text: "how far away is my package, and how much were the mugs each?",
			status: true, facts: [][]string{{"$24.00"}}},
		{name: "throw left and paid", order: "#1002", email: priya, text: "has my throw left yet, and what did i pay for it",
			status: true, facts: [][]string{{"$127.74"}}},
		{name: "candles where and kit cost", order: "#1011", email: elena, text: "where are my candles and how much did the coffee kit set me back?",
			facts: [][]string{{"1Z9HH4870346634921"}, {"$69.68"}}},
		{name: "delivery trouble and throw price", order: "#1005", email: grace, text: "what happened with my delivery? and how much was the throw",
			status: true, facts: [][]string{{"$130.21"}}},
		{name: "delivered when and total", order: "#1006", email: samuel, text: "when did it get delivered and what did i pay in total?",
			status: true, facts: [][]string{{"$119.84"}}},
		{name: "es shipped and skillet price", order: "#1003", email: daniel, text: "¿ya se envió mi pedido? ¿y cuánto pagué por la sartén?",
			status: true, facts: [][]string{{"$56.58"}}},

		// Status beside the address it goes to: a lookup, never a change.
		{name: "shipped and still denver", order: "#1003", email: daniel, text: "has it shipped?? is it still going to the denver address",
			status: true, facts: [][]string{{"2931 Gilpin Street"}}},
		{name: "out yet and what address", order: "#1003", email: daniel, text: "is it out yet and what address did it go to",
			status: true, facts: [][]string{{"2931 Gilpin Street"}}},
		{name: "typo shipped gilpin", order: "#1003", email: daniel, text: "has it shiped yet and is it still goin to the gilpin st address",
			status: true, facts: [][]string{{"2931 Gilpin Street"}}},
		{name: "shipping and still somerville", order: "#1001", email: maya, text: "when's it shipping? and it's still going to somerville right?",
			status: true, facts: [][]string{{"48 Linden Street"}}},
		{name: "today and portland place", order: "#1004", email: tom, text: "is it arriving today? also is it heading to the portland place still?",
			status: true, facts: [][]string{{"3316 SE Belmont Street"}}},
		{name: "tracking and austin address", order: "#1002", email: priya, text: "can u tell me the tracking and confirm it's going to my austin address",
			facts: [][]string{{"9400111899223344556677"}, {"1207 South 3rd Street"}}},
		{name: "arrive and brooklyn right", order: "#1011", email: elena, text: "when will my stuff arrive, and it's going to the address in brooklyn right?",
			status: true, facts: [][]string{{"412 7th Avenue"}}},

		// Paid beside the address.
		{name: "kit price and linden", order: "#1001", email: maya, text: "how much was the coffee kit and is it going to linden street?",
			facts: [][]string{{"$68.00"}, {"48 Linden Street"}}},
		{name: "delivery address and board cost", order: "#1004", email: tom, text: "whats the delivery address on it and what did the board cost",
			facts: [][]string{{"3316 SE Belmont Street"}, {"$46.00"}}},

		// Three parts: status, paid, and the return policy.
		{name: "ship spend return sister", order: "#1001", email: maya, text: "when does my order go out, how much did i spend, and can it be returned if my sister hates it?",
			status: true, facts: [][]string{{"$85.51"}, ret}},
		{name: "filters price and ship", order: "#1001", email: maya, text: "what did i pay for the filters + when will they ship",
			status: true, facts: [][]string{{"$9.56"}}},
		{name: "tracking and return gift", order: "#1006", email: samuel, text: "what's the tracking number, and can i return the coffee kit if it's not for him?",
			facts: [][]string{{"1Z9HH4870348823410"}, {"30 days", "Jan 2, 2027"}}}, // fixed by split11.go (its tracking part)

		// The trial's own phrasings (seen, not held out).
		{name: "trial blanket skillet", order: "#1010", email: marcus, text: "tracking number for the blanket and how much did the skillet cost me",
			facts: [][]string{{"1Z9HH4870342290158"}, {"$56.63"}}},
		{name: "trial cambridge", order: "#1001", email: maya, text: "has it shipped yet?? and is it still going to the cambridge address",
			status: true, facts: [][]string{{"48 Linden Street"}}},
		{name: "trial ship paid return", order: "#1001", email: maya, text: "when will it ship, what did I pay, and can I return it if she doesn't like it?",
			status: true, facts: [][]string{{"$85.51"}, ret}},

		// Not verified: ask first, state nothing of the order.
		{name: "unverified tracking and price", text: "tracking for the throw and what did the skillet cost?", verify: true,
			absent: []string{"1Z9HH4870342290158", "$52.00"}},
	}
	failed, gaps := 0, 0
	base, log := heldoutStack(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems := multi9Case(t, base, log, tt)
			switch {
			case len(problems) > 0 && tt.gap == "":
				failed++
				t.Error(strings.Join(problems, "; "))
			case len(problems) > 0:
				gaps++
				t.Logf("known gap (%s): %s", tt.gap, strings.Join(problems, "; "))
			case tt.gap != "":
				t.Errorf("passes now: drop its gap mark (%s)", tt.gap)
			}
		})
	}
	t.Logf("multi9 held-out: %d of %d failed, %d of them known gaps", failed+gaps, len(tests), gaps)
}

// multi9Case runs one message and says what was wrong with its answer.
func multi9Case(t *testing.T, base string, log *resultLog, tt m9case) []string {
	t.Helper()
	c := chat(t, base, &log.toolLog, tt.order, tt.email)
	log.mu.Lock()
	start := len(log.results)
	log.mu.Unlock()
	got := c.say(tt.text)
	log.mu.Lock()
	results := append([]toolResult(nil), log.results[start:]...)
	log.mu.Unlock()
	var problems []string
	for _, w := range []string{toolname.ChangeAddress, toolname.CancelOrder, toolname.StartReturn, toolname.ExchangeItem, toolname.ReportDamage} {
		if got.called(w) || got.status(w) != "" {
			problems = append(problems, "proposed "+w)
		}
	}
	reply := strings.ToLower(got.reply)
	for _, a := range tt.absent {
		if strings.Contains(reply, strings.ToLower(a)) {
			problems = append(problems, fmt.Sprintf("reply %q states %q", got.reply, a))
		}
	}
	if tt.verify {
		if !strings.Contains(reply, "email") || !strings.Contains(reply, "order") {
			problems = append(problems, fmt.Sprintf("reply %q does not ask for the order number and email", got.reply))
		}
		return problems
	}
	var all strings.Builder
	var status []string
	for _, r := range results {
		all.Write(r.content)
		if r.tool == toolname.TrackOrder {
			status = append(status, statusFacts(r.content)...)
		}
	}
	if tt.status && !m9holdsAny(got.reply, status) {
		problems = append(problems, fmt.Sprintf("reply %q holds none of the status facts %v", got.reply, status))
	}
	grounded := strings.ToLower(all.String())
	for _, alts := range tt.facts {
		said := ""
		for _, f := range alts {
			if strings.Contains(reply, strings.ToLower(f)) {
				said = f
				break
			}
		}
		switch {
		case said == "":
			problems = append(problems, fmt.Sprintf("reply %q says none of %q", got.reply, alts))
		case !strings.Contains(grounded, strings.ToLower(said)) && !strings.Contains(grounded, strings.ToLower(jsonEscaped(said))):
			problems = append(problems, fmt.Sprintf("%q is in no tool result", said))
		}
	}
	return problems
}

// m9holdsAny says whether s holds one of facts.
func m9holdsAny(s string, facts []string) bool {
	for _, f := range facts {
		if strings.Contains(s, f) {
			return true
		}
	}
	return false
}
