package offline_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// f8case is one held-out phrasing of a customer asking about their OWN
// order (what is in which parcel, what they ordered, paid, how many, the
// return they started, where it ships): answered from the order tools'
// results, never the docs search alone, and never read as a change of
// address.
type f8case struct {
	name         string
	order, email string   // empty: not verified
	before       []string // what the customer said first
	text         string
	// tools: one of them must run this turn ("a|b"); empty: any or none.
	tools string
	// facts the reply must hold, each also in a tool result of the
	// conversation (grounding).
	facts []string
	// verify: not verified, so the reply asks for the order number and
	// email and states none of absent.
	verify bool
	// absent are facts the reply must not hold.
	absent []string
	gap    string // a known gap: logged, fails once it passes
}

const orderTools = toolname.TrackOrder + "|" + toolname.ListOrders + "|" + toolname.RefundStatus

// Held-out phrasings (facts8): the customer's own order facts. Written
// before reading the model.
func TestFacts8HeldOut(t *testing.T) {
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
	retSamuel := []string{"i want to return the mugs, they're the wrong colour", "yes"}
	tests := []f8case{
		// Same parcel / shipment.
		{name: "same box candle skillet", order: "#1003", email: daniel, text: "is the candle coming in the same box as the skillet?",
			tools: orderTools, facts: []string{"Beeswax Pillar Candle", "Cast-Iron Skillet", "1Z9HH4870345612786"}},
		{name: "same parcel typo", order: "#1003", email: daniel, text: "r the candel and skilet in one pacakge",
			tools: orderTools, facts: []string{"Beeswax Pillar Candle", "1Z9HH4870345612786"}},
		{name: "candles with coffee kit", order: "#1011", email: elena, text: "are the candles shipping together with the coffee kit?",
			tools: orderTools, facts: []string{"1Z9HH4870346634921", "9400111899334455667788"}},
		{name: "and the candles same shipment", order: "#1011", email: elena, before: []string{"where's my coffee kit"},
			text: "and the candles, same shipment?", tools: orderTools, facts: []string{"1Z9HH4870346634921"}},
		{name: "skillet with throw", order: "#1010", email: marcus, text: "is the skillet in the same parcel as the throw?",
			tools: orderTools, facts: []string{"Cast-Iron Skillet", "1Z9HH4870342290158"}},
		{name: "which parcel mugs", order: "#1004", email: tom, text: "which package are the mugs in",
			tools: orderTools, facts: []string{"9400111899561122334455"}},
		{name: "separate boxes", order: "#1011", email: elena, text: "did my stuff get split into separate boxes?",
			tools: orderTools, facts: []string{"1Z9HH4870346634921", "9400111899334455667788"}},
		{name: "fr same colis", order: "#1003", email: daniel, text: "la bougie est dans le même colis que la poêle ?",
			tools: orderTools, facts: []string{"1Z9HH4870345612786"}},
		{name: "unverified same box", text: "is the candle in the same box as the skillet?", verify: true,
			absent: []string{"1Z9HH4870345612786"}},

		// What did I order.
		{name: "what did i order last time", order: "#1001", email: maya, text: "what did i order last time?",
			tools: orderTools, facts: []string{"Pour-Over Coffee Kit"}},
		{name: "remind me what i bought", order: "#1003", email: daniel, text: "remind me what i bought",
			tools: orderTools, facts: []string{"Cast-Iron Skillet", "Beeswax Pillar Candle"}},
		{name: "whats in my order typo", order: "#1005", email: grace, text: "whats in my ordr again?",
			tools: orderTools, facts: []string{"Stonewashed Linen Throw", "Beeswax Pillar Candle"}},
		{name: "list my orders", order: "#1001", email: maya, text: "can you show me all my orders",
			tools: orderTools, facts: []string{"#1001", "#1007"}},
		{name: "es que pedi", order: "#1004", email: tom, text: "¿qué pedí exactamente?",
			tools: orderTools, facts: []string{"Harbor Stoneware Mug", "Olivewood Serving Board"}},
		{name: "de was bestellt", order: "#1002", email: priya, text: "was habe ich nochmal bestellt?",
			tools: orderTools, facts: []string{"Stonewashed Linen Throw"}},
		{name: "unverified what did i order", text: "what did i order last time?", verify: true,
			absent: []string{"Pour-Over Coffee Kit"}},

		// Was X in the order.
		{name: "was the throw in that order", order: "#1003", email: daniel, text: "was the throw in that order?",
			tools: orderTools, facts: []string{"Cast-Iron Skillet"}},
		{name: "did i order filters", order: "#1001", email: maya, text: "did i order filters with it too?",
			tools: orderTools, facts: []string{"Unbleached Paper Filters"}},
		{name: "is board on order typo", order: "#1004", email: tom, text: "is the serving bord on this order",
			tools: orderTools, facts: []string{"Olivewood Serving Board"}},

		// How much did I pay.
		{name: "how much for throw", order: "#1002", email: priya, text: "how much did i pay for the throw?",
			tools: orderTools, facts: []string{"$127.74"}},
		{name: "price of skillet typo", order: "#1010", email: marcus, text: "how much was the skilet",
			tools: orderTools, facts: []string{"$56.63"}},
		{name: "order total", order: "#1003", email: daniel, text: "what was my order total?",
			tools: orderTools, facts: []string{"$88.47"}},
		{name: "fr combien", order: "#1004", email: tom, text: "combien j'ai payé la planche ?",
			tools: orderTools, facts: []string{"$46.00"}},
		{name: "what did the coffee kit cost me", order: "#1006", email: samuel, text: "what did the coffee kit cost me",
			tools: orderTools, facts: []string{"$68.48"}},
		{name: "unverified how much", text: "how much did i pay for the throw?", verify: true, absent: []string{"$118.00"}},

		// How many.
		{name: "how many mugs", order: "#1004", email: tom, text: "how many mugs did i order?",
			tools: orderTools, facts: []string{"2 × Harbor Stoneware Mug"}},
		{name: "how many candles typo", order: "#1005", email: grace, text: "how mnay candles were in my order",
			tools: orderTools, facts: []string{"2 × Beeswax Pillar Candle"}},
		{name: "quantity mugs", order: "#1006", email: samuel, text: "what quantity of mugs did i buy",
			tools: orderTools, facts: []string{"2 × Harbor Stoneware Mug"}},
		{name: "de wie viele", order: "#1004", email: tom, text: "wie viele Tassen habe ich bestellt?",
			tools: orderTools, facts: []string{"2 × Harbor Stoneware Mug"}},

		// Status of my returns.
		{name: "status of my return after starting", order: "#1006", email: samuel, before: retSamuel,
			text: "whats the status of my return?", tools: toolname.RefundStatus, facts: []string{"Harbor Stoneware Mug"}},
		{name: "return status typo", order: "#1006", email: samuel, before: retSamuel,
			text: "any updtae on my retrun", tools: toolname.RefundStatus, facts: []string{"Harbor Stoneware Mug"}},
		{name: "returned throw refund", order: "#1008", email: daniel, text: "what's happening with my return?",
			tools: toolname.RefundStatus, facts: []string{"$128.40"}},
		{name: "es estado devolucion", order: "#1008", email: daniel, text: "¿cómo va mi devolución?",
			tools: toolname.RefundStatus, facts: []string{"$128.40"}},
		{name: "unverified return status", text: "whats the status of my returns", verify: true},

		// Where do I send the return.
		{name: "where send after return", order: "#1006", email: samuel, before: retSamuel,
			text: "where do i send it back to?", tools: toolname.RefundStatus, facts: []string{"email"}},
		{name: "where send no return", order: "#1006", email: samuel, text: "where do i send a return?",
			tools: toolname.SearchDocs, facts: []string{"address"}},
		{name: "return address typo after return", order: "#1006", email: samuel, before: retSamuel,
			text: "whats the adress for the retrun", tools: toolname.RefundStatus, facts: []string{"email"}},

		// Address lookup, never a change.
		{name: "address on order rn", order: "#1001", email: maya, text: "what address is on the order rn",
			tools: orderTools, facts: []string{"48 Linden Street"}},
		{name: "confirm where shipped", order: "#1003", email: daniel, text: "can u confirm where it's being shipped",
			tools: orderTools, facts: []string{"2931 Gilpin Street"}},
		{name: "es a que direccion", order: "#1002", email: priya, text: "¿a qué dirección va mi pedido?",
			tools: orderTools, facts: []string{"1207 South 3rd Street"}},
		{name: "de welche adresse", order: "#1010", email: marcus, text: "welche Adresse steht auf der Bestellung?",
			tools: orderTools, facts: []string{"1389 McLendon Avenue NE"}},
		{name: "fr quelle adresse", order: "#1004", email: tom, text: "c'est livré à quelle adresse ?",
			tools: orderTools, facts: []string{"3316 SE Belmont Street"}},
		{name: "typo shiping adress", order: "#1001", email: maya, text: "which shiping adress did i put?",
			tools: orderTools, facts: []string{"48 Linden Street"}},
		{name: "double check address", order: "#1005", email: grace, text: "can you double check the delivery address for me",
			tools: orderTools, facts: []string{"4512 Fremont Avenue N"}},
		{name: "going to my old place?", order: "#1002", email: priya, text: "is it going to my old apartment or where?",
			tools: orderTools, facts: []string{"1207 South 3rd Street"}},
		{name: "where is it being delivered to", order: "#1011", email: elena, text: "where is it being delivered to exactly",
			tools: orderTools, facts: []string{"412 7th Avenue"}},
		{name: "unverified address", text: "what address is on my order?", verify: true, absent: []string{"Linden"}},
	}
	base, log := heldoutStack(t)
	failed, gaps := 0, 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, log := base, log
			if len(tt.before) > 0 {
				base, log = heldoutStack(t) // what it does first must not reach the others
			}
			problems := facts8Case(t, base, log, tt)
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
	t.Logf("facts8 held-out: %d of %d failed, %d of them known gaps", failed+gaps, len(tests), gaps)
}

// facts8Case runs one phrasing and says what was wrong with its answer.
func facts8Case(t *testing.T, base string, log *resultLog, tt f8case) []string {
	t.Helper()
	c := chat(t, base, &log.toolLog, tt.order, tt.email)
	log.mu.Lock()
	start := len(log.results)
	log.mu.Unlock()
	for _, s := range tt.before {
		c.say(s)
	}
	got := c.say(tt.text)
	log.mu.Lock()
	results := append([]toolResult(nil), log.results[start:]...)
	log.mu.Unlock()
	var problems []string
	if got.called(toolname.ChangeAddress) || got.status(toolname.ChangeAddress) != "" {
		problems = append(problems, "read as a change of address")
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
	if tt.tools != "" {
		ran := false
		for _, tool := range strings.Split(tt.tools, "|") {
			ran = ran || got.called(tool)
		}
		if !ran {
			problems = append(problems, fmt.Sprintf("tools %v, want one of %s", got.toolNames(), tt.tools))
		}
	}
	var all strings.Builder
	for _, r := range results {
		all.Write(r.content)
	}
	grounded := strings.ToLower(all.String())
	for _, f := range tt.facts {
		lf := strings.ToLower(f)
		if !strings.Contains(reply, lf) {
			problems = append(problems, fmt.Sprintf("reply %q does not say %q", got.reply, f))
		} else if !strings.Contains(grounded, lf) && !strings.Contains(grounded, strings.ToLower(jsonEscaped(f))) {
			problems = append(problems, fmt.Sprintf("%q is in no tool result", f))
		}
	}
	return problems
}

// jsonEscaped is s as a JSON string body ("×" and "&" come escaped).
func jsonEscaped(s string) string {
	s = strings.ReplaceAll(s, "&", `\u0026`)
	return s
}
