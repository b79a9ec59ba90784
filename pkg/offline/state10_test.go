package offline_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out conversations (issue 18, state10) where the offline model has
// to hold the conversation's state across turns: the unit of a line the
// customer named ("mug #2"), the damage case just discussed when a short
// answer follows ("refund", "a new one please", "the 1007 one"), the
// original order rather than its replacement ("the other mug is chipped
// too"), and the item and remedy said in different messages. Written
// before reading the model's code. Each case is judged by outcome
// through the real agent path on the demo shop: the proposal the judged
// turn made (tool, arguments, the lines it states) or none, that nothing
// ran before a yes, and what the shop wrote after the yes. Measured with
// go test -count=1 -run TestState10HeldOut -v ./pkg/offline: 12 of the
// first 42 failed before the fix (state10.go, agent/answer_state.go),
// none after; the second batch was written after reading the code.
//
// Demo orders: #1006 Samuel, delivered: 1 × Pour-Over Coffee Kit, 2 ×
// Harbor Stoneware Mug ($24 each; the demo policy keeps damaged items
// worth up to $30, the FAQ says a broken item need not come back).
// #1007 Maya, delivered 45 days ago (window closed), #1001 Maya not
// shipped. #1003 Daniel in transit, #1008 Daniel refunded. #1011 Elena,
// kit delivered, candles in transit.
type state10Case struct {
	name         string
	order, email string
	before       []string          // earlier customer turns (yes included)
	text         string            // the judged turn
	tool         string            // the write it proposes; "" proposes nothing
	args         map[string]string // the judged turn's call of argTool holds these
	notArgs      map[string]string // ... and not these
	argTool      string            // default tool, else report_damage
	has          []string          // the reply states these
	not          []string          // the reply holds none of these (case folded)
	yes          string            // the customer's yes ("yes" when empty)
	run          []string          // the shop's writes after the yes
	gap          string            // a known gap: why it fails today
}

const (
	s10Samuel = "samuel.whitfield@example.com"
	s10Maya   = "maya.okafor@example.com"
	s10Daniel = "daniel.reyes@example.com"
	s10Elena  = "elena.petrova@example.com"

	s10OneMug   = "Harbor Stoneware Mug×1"
	s10TwoMugs  = "Harbor Stoneware Mug×2"
	s10Kit      = "Pour-Over Coffee Kit×1"
	s10SendBack = "send the item back"
)

func s10(name string, before []string, text, tool string, run ...string) state10Case {
	return state10Case{name: name, order: "#1006", email: s10Samuel, before: before, text: text, tool: tool, run: run}
}

func (c state10Case) with(f func(*state10Case)) state10Case { f(&c); return c }

func (c state10Case) says(has ...string) state10Case { c.has = append(c.has, has...); return c }

func (c state10Case) unsaid(not ...string) state10Case { c.not = append(c.not, not...); return c }

func (c state10Case) argsHold(kv ...string) state10Case {
	if c.args == nil {
		c.args = map[string]string{}
	}
	for i := 0; i+1 < len(kv); i += 2 {
		c.args[kv[i]] = kv[i+1]
	}
	return c
}

func (c state10Case) argsLack(kv ...string) state10Case {
	if c.notArgs == nil {
		c.notArgs = map[string]string{}
	}
	for i := 0; i+1 < len(kv); i += 2 {
		c.notArgs[kv[i]] = kv[i+1]
	}
	return c
}

func (c state10Case) as(order, email string) state10Case { c.order, c.email = order, email; return c }

func (c state10Case) gapped(why string) state10Case { c.gap = why; return c }

var (
	s10Crack   = []string{"one of the mugs arrived cracked"}
	s10Replace = []string{"one of the mugs arrived cracked", "a replacement please", "yes"}
	s10Refund  = []string{"one of the mugs arrived cracked", "refund please", "yes"}
)

var state10Cases = []state10Case{
	// A unit of a two-unit line, named: one mug, kept (worth under the
	// keep-it limit), nothing to send back.
	s10("mug #2 then replacement", []string{"mug #2 has a crack"}, "replacement please", toolname.ReportDamage,
		"replacement #1006 "+s10OneMug).says("1 × Harbor Stoneware Mug").unsaid(s10SendBack, "2 × Harbor"),
	s10("mug #2 asks remedy for one", nil, "mug #2 has a crack", "").says("1 × Harbor Stoneware Mug").unsaid("2 × Harbor"),
	s10("second mug chip refund", nil, "the second mug has a chip, refund pls", toolname.ReportDamage,
		"refund #1006 "+s10OneMug).unsaid(s10SendBack),
	s10("one mug typo then refund", []string{"one mug came crackd"}, "refund", toolname.ReportDamage,
		"refund #1006 "+s10OneMug).unsaid(s10SendBack),
	s10("mug nr 2 new one", []string{"mug nr 2 is broken"}, "new one pls", toolname.ReportDamage,
		"replacement #1006 "+s10OneMug).unsaid(s10SendBack),
	s10("1 of 2 mugs replace", []string{"1 of the 2 mugs arrived with a crack"}, "replace it", toolname.ReportDamage,
		"replacement #1006 "+s10OneMug).unsaid(s10SendBack),
	s10("first fine second chipped", []string{"the first mug is fine but the second one is chipped"}, "money back", toolname.ReportDamage,
		"refund #1006 "+s10OneMug).unsaid(s10SendBack),
	s10("both mugs cracked", []string{"both mugs are cracked"}, "replacement", toolname.ReportDamage,
		"return #1006 "+s10TwoMugs, "replacement #1006 "+s10TwoMugs).says("2 × Harbor Stoneware Mug"),

	// The item in one message, the remedy in the next (or the other way).
	s10("kit then refund", []string{"the coffee kit arrived smashed"}, "refund", toolname.ReportDamage).
		argsHold("items", "kit", "resolution", "refund").unsaid("Mug"),
	s10("which item, mug, refund", []string{"something in my order showed up broken", "the mug"}, "a refund", toolname.ReportDamage,
		"refund #1006 "+s10OneMug),
	s10("damaged order, one of the mugs, replacement", []string{"my order arrived damaged", "one of the mugs"}, "replacement", toolname.ReportDamage,
		"replacement #1006 "+s10OneMug),
	s10("handle broke, store credit", []string{"the mug handle broke off"}, "store credit please", toolname.ReportDamage).
		argsHold("resolution", "store_credit").says("1 × Harbor Stoneware Mug").unsaid("2 × Harbor"),
	s10("remedy first then mug", []string{"I need a replacement for something that arrived broken"}, "the mug", toolname.ReportDamage,
		"replacement #1006 "+s10OneMug),
	s10("refund first then kit", []string{"I'd like a refund, an item came damaged"}, "the coffee kit", toolname.ReportDamage).
		argsHold("items", "kit", "resolution", "refund"),
	s10("typos replacment", []string{"a mug arived chiped"}, "replacment pls", toolname.ReportDamage,
		"replacement #1006 "+s10OneMug),
	s10("de tasse erstattung", []string{"Eine Tasse ist kaputt angekommen"}, "Erstattung bitte", toolname.ReportDamage,
		"refund #1006 "+s10OneMug),
	s10("es taza reembolso", []string{"una taza llegó rota"}, "reembolso", toolname.ReportDamage,
		"refund #1006 "+s10OneMug),
	s10("which item, kit, new one", []string{"something arrived broken", "the kit"}, "new one", toolname.ReportDamage,
		"return #1006 "+s10Kit, "replacement #1006 "+s10Kit),
	s10("something broken, both mugs", []string{"something arrived broken", "the mugs, both"}, "replacement", toolname.ReportDamage,
		"return #1006 "+s10TwoMugs, "replacement #1006 "+s10TwoMugs),

	// A short answer changes the proposal; it never confirms one.
	s10("refund then replacement", []string{"one mug arrived cracked", "refund"}, "actually a replacement", toolname.ReportDamage,
		"replacement #1006 "+s10OneMug),
	s10("replacement then refund", []string{"one mug arrived cracked", "replacement"}, "hmm no, refund instead", toolname.ReportDamage,
		"refund #1006 "+s10OneMug),
	s10("kit proposal then it's the mug", []string{"the kit arrived scratched", "replacement"}, "no wait, its the mug not the kit", toolname.ReportDamage,
		"replacement #1006 "+s10OneMug).unsaid("Coffee Kit"),
	s10("mug #2 refund then yes", []string{"mug #2 has a crack"}, "refund", toolname.ReportDamage,
		"refund #1006 "+s10OneMug).unsaid(s10SendBack),
	s10("one mug credit", []string{"1 mug broke in transit"}, "credit", toolname.ReportDamage).
		argsHold("resolution", "store_credit").says("1 × Harbor Stoneware Mug"),

	// "a new one please" after a damage case: that case, nothing else.
	s10("asked remedy, a new one", s10Crack, "a new one please", toolname.ReportDamage,
		"replacement #1006 "+s10OneMug).unsaid(s10SendBack),
	s10("kit carafe, a new one", []string{"the kit arrived with a cracked carafe"}, "a new one please", toolname.ReportDamage,
		"return #1006 "+s10Kit, "replacement #1006 "+s10Kit),
	s10("past window refused, new one", []string{"the skillet arrived cracked"}, "a new one please", "").as("#1007", s10Maya),
	s10("in transit refused, new one", []string{"the candle arrived broken"}, "can you just send a new one", "").as("#1003", s10Daniel),
	s10("candle in transit refused, new one", []string{"the sea salt candle arrived broken"}, "a new one please", "").as("#1011", s10Elena),
	s10("unshipped refused, new one", []string{"the filters arrived torn"}, "new one please", "").as("#1001", s10Maya),
	s10("same mug again, new one", append(append([]string{}, s10Replace...), "that mug is cracked again"), "a new one please", ""),

	// After a replacement order exists, another unit of the original.
	s10("other mug asks on the original", s10Replace, "the other mug is chipped too", "").
		argsLack("order_number", "-R").says("1 × Harbor Stoneware Mug"),
	s10("other mug then refund", append(append([]string{}, s10Replace...), "the other mug is chipped too"), "refund", toolname.ReportDamage,
		"refund #1006 "+s10OneMug).unsaid("1006-R"),
	s10("othr mug typo then replacement", append(append([]string{}, s10Replace...), "the othr mug is chiped too"), "replacement", toolname.ReportDamage,
		"replacement #1006 "+s10OneMug).unsaid("1006-R"),
	s10("other mug after refund, new one", s10Refund, "the other mug is chipped too, send a new one", toolname.ReportDamage,
		"replacement #1006 "+s10OneMug),
	s10("other mug after tracking the replacement", append(append([]string{}, s10Replace...), "when will the replacement arrive?", "the other mug is chipped too"),
		"refund", toolname.ReportDamage, "refund #1006 "+s10OneMug).unsaid("1006-R"),
	s10("kit too after replacement", s10Replace, "thanks! the kit is broken too", "").
		argsHold("items", "kit").argsLack("order_number", "-R"),

	// Short answers naming another order answer the question asked.
	s10("skillet in the other order", []string{"my skillet arrived broken"}, "the 1007 one", "").as("#1001", s10Maya),
	s10("throw in the refunded order", []string{"I want to return the throw"}, "the 1008 one", "").as("#1003", s10Daniel),
	s10("cancel which, the 1001 one", []string{"can I cancel?"}, "the 1001 one", toolname.CancelOrder,
		"cancel #1001 Unbleached Paper Filters×1 "+s10Kit).as("#1007", s10Maya),
	s10("remedy answer no yes", s10Crack, "refund", toolname.ReportDamage, "refund #1006 "+s10OneMug).unsaid(s10SendBack),
	s10("replacement answer pls typo", s10Crack, "replacment", toolname.ReportDamage, "replacement #1006 "+s10OneMug),

	// A second batch, written after the first was fixed (the model's code
	// read): "both" widening the unit asked about, a unit by its number
	// without "#", and the remedy held across a widening.
	s10("one mug then both", s10Crack, "both actually", "").says("2 × Harbor Stoneware Mug"),
	s10("both then refund", []string{"one of the mugs is cracked", "both actually"}, "refund", toolname.ReportDamage,
		"return #1006 "+s10TwoMugs).says("2 × Harbor Stoneware Mug"),
	s10("mug 2 cracked refund", []string{"mug 2 is cracked"}, "refund", toolname.ReportDamage, "refund #1006 "+s10OneMug),
	s10("es taza numero 2", []string{"la taza número 2 llegó rota"}, "reembolso", toolname.ReportDamage, "refund #1006 "+s10OneMug),
	// Seen while writing the first batch: the replacement asked after
	// is looked up on the original order, not on its replacement.
	s10("track the replacement", s10Replace, "when will the replacement arrive?", "").
		with(func(c *state10Case) { c.argTool = toolname.TrackOrder }).argsHold("order_number", "1006-R"),
	s10("replacement then both", []string{"one of the mugs is cracked", "replacement"}, "oh wait both of them are", toolname.ReportDamage,
		"return #1006 "+s10TwoMugs, "replacement #1006 "+s10TwoMugs),
}

// state10Gaps are the cases known to fail (why in the case); each must
// keep failing until fixed, then leave.
func state10Gap(tc state10Case) bool { return tc.gap != "" }

func TestState10HeldOut(t *testing.T) {
	failed := 0
	for _, tc := range state10Cases {
		t.Run(tc.name, func(t *testing.T) {
			errs := state10Run(t, tc)
			if len(errs) > 0 {
				failed++
			}
			switch {
			case state10Gap(tc) && len(errs) == 0:
				t.Errorf("known gap %q passes now: take its gap out", tc.name)
			case state10Gap(tc):
				t.Logf("known gap (%s): %v", tc.gap, errs)
			default:
				for _, e := range errs {
					t.Error(e)
				}
			}
		})
	}
	t.Logf("state10: %d of %d cases fail", failed, len(state10Cases))
}

// state10Run plays tc on its own demo shop and returns what went wrong.
func state10Run(t *testing.T, tc state10Case) []string {
	base, log := demoStack(t)
	c := chat(t, base, log, tc.order, tc.email)
	for _, s := range tc.before {
		c.say(s)
	}
	var errs []string
	fail := func(f string, a ...any) { errs = append(errs, fmt.Sprintf(f, a...)) }
	ran := len(shopActions(t, base))
	got := c.say(tc.text)
	p := got.proposed()
	switch {
	case tc.tool == "" && p != "":
		fail("proposed %s, want nothing; reply %q", p, got.reply)
	case tc.tool != "" && !got.hasStatus(tc.tool, "proposed"):
		fail("actions %v, want %s proposed; reply %q", got.actions, tc.tool, got.reply)
	}
	argTool := tc.argTool
	if argTool == "" {
		argTool = tc.tool
	}
	if argTool == "" {
		argTool = toolname.ReportDamage
	}
	for k, v := range tc.args {
		if a := got.arg(argTool, k); !strings.Contains(strings.ToLower(a), strings.ToLower(v)) {
			fail("%s %s = %s, want %s (tools %v)", argTool, k, a, v, got.toolNames())
		}
	}
	for k, v := range tc.notArgs {
		if a := got.arg(argTool, k); strings.Contains(strings.ToLower(a), strings.ToLower(v)) {
			fail("%s %s = %s, want no %s", argTool, k, a, v)
		}
	}
	for _, h := range tc.has {
		if !strings.Contains(got.reply, h) {
			fail("reply %q does not state %q", got.reply, h)
		}
	}
	for _, n := range tc.not {
		if strings.Contains(strings.ToLower(got.reply), strings.ToLower(n)) {
			fail("reply %q holds %q", got.reply, n)
		}
	}
	if acts := shopActions(t, base); len(acts) != ran {
		fail("ran before a yes: %v", state10Summary(acts[ran:]))
	}
	yes := tc.yes
	if yes == "" {
		yes = "yes"
	}
	after := c.say(yes)
	acts := shopActions(t, base)[ran:]
	if tc.tool == "" {
		if len(acts) != 0 {
			fail("a yes after no proposal ran %v", state10Summary(acts))
		}
		return errs
	}
	if after.hasStatus(tc.tool, "needs_approval") && len(acts) == 0 {
		return errs // a person approves exactly what was stated
	}
	if tc.run != nil {
		if got, want := strings.Join(state10Summary(acts), "|"), strings.Join(tc.run, "|"); got != want {
			fail("shop writes %v, want %v (yes turn's actions %v)", got, want, after.actions)
		}
	}
	return errs
}

// state10Summary is each write as "type order title×qty ...", lines in
// reverse title order.
func state10Summary(acts []map[string]any) []string {
	var out []string
	for _, a := range acts {
		lines, _ := a["lines"].([]any)
		var ls []string
		for _, l := range lines {
			l := l.(map[string]any)
			ls = append(ls, fmt.Sprint(l["title"])+"×"+jsonNum(l["quantity"]))
		}
		sort.Sort(sort.Reverse(sort.StringSlice(ls)))
		out = append(out, strings.Join(append([]string{fmt.Sprint(a["type"]), fmt.Sprint(a["order"])}, ls...), " "))
	}
	return out
}
