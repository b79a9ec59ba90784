package offline_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A part of a multi-part message (multi4) and how its answer is judged.
type m4part struct {
	kind  string   // "status", "window", "tracking", "docs", "request", "said"
	tool  string   // docs: search_docs; request: the write tool that serves it ("" none offered)
	words []string // docs, said: the reply holds one; request: the reply names it with one
}

// m4status: the order's status, one of track_order's status facts said.
func m4status() m4part { return m4part{kind: "status"} }

// m4window: when the return window ends (or ended), as track_order says.
func m4window() m4part { return m4part{kind: "window"} }

// m4tracking: the tracking number track_order gave.
func m4tracking() m4part { return m4part{kind: "tracking"} }

// m4docs: search_docs ran and the reply holds one of the passage's words.
func m4docs(words ...string) m4part {
	return m4part{kind: "docs", tool: toolname.SearchDocs, words: words}
}

// m4req: a write the customer asked for: proposed or run as a tool this
// turn, or named in the reply (next, or can't) with one of words.
func m4req(tool string, words ...string) m4part {
	return m4part{kind: "request", tool: tool, words: words}
}

type m4case struct {
	problem      int // the brief's problem 1 to 4
	order, email string
	text         string
	parts        []m4part
	noProposal   bool   // a question only: nothing proposed
	gap          string // a known gap: logged, never counted as passing
}

const (
	m4maya   = "maya.okafor@example.com"
	m4priya  = "priya.natarajan@example.com"
	m4daniel = "daniel.reyes@example.com"
	m4tom    = "tom.becker@example.com"
	m4grace  = "grace.liu@example.com"
	m4samuel = "samuel.whitfield@example.com"
	m4marcus = "marcus.johnson@example.com"
	m4elena  = "elena.petrova@example.com"
)

// Held-out multi-part messages (issue 18; multi4), written before reading
// the model: every part of a 2-, 3- or 4-part message answered from its
// source; two writes in one message each recognised, nothing run without a
// yes; policy pairs and "what if" questions answered, nothing proposed; a
// product question beside a status question answered from the section
// that answers it.
func TestMulti4HeldOut(t *testing.T) {
	addWords := []string{"add ", "adding", "added", "add."}
	colour := []string{"oak", "colour", "color", "swap", "exchange"}
	tests := []m4case{
		// 1. Three- and four-part messages: docs facts, policy, order facts.
		{problem: 1, order: "#1006", email: m4samuel, text: "how much does the mug hold, can it go in the oven? and until when can i send stuff back?",
			parts: []m4part{m4docs("12 fl oz", "350 ml"), m4docs("400°F"), m4window()}, noProposal: true},
		{problem: 1, order: "#1006", email: m4samuel, text: "1) mug capacity 2) microwave ok? 3) last day for returns",
			parts: []m4part{m4docs("12 fl oz", "350 ml"), m4docs("microwave safe"), m4window()}, noProposal: true},
		{problem: 1, order: "#1006", email: m4samuel, text: "whats the grind size for the coffee kit, what ratio should i use, and when does my return window close?",
			parts: []m4part{m4docs("medium-fine"), m4docs("1:16"), m4window()}, noProposal: true},
		{problem: 1, order: "#1003", email: m4daniel, text: "where is it, whats the tracking number, and how hot can the skillet go in the oven?",
			parts: []m4part{m4status(), m4tracking(), m4docs("500°F")}, noProposal: true},
		{problem: 1, order: "#1003", email: m4daniel, text: "when will it arrive? how do i season the skillet? and how long do refunds take?",
			parts: []m4part{m4status(), m4docs("flaxseed", "450°F"), m4docs("5 to 10 business days")}, noProposal: true},
		{problem: 1, order: "#1001", email: m4maya, text: "has it shipped yet, how much is shipping, do you gift wrap, and what's the return policy?",
			parts: []m4part{m4status(), m4docs("$7.95"), m4docs("$5"), m4docs("30 days")}, noProposal: true},
		{problem: 1, order: "#1004", email: m4tom, text: "is the mug dishwasher safe? whats its capacity? and when is my parcel coming?",
			parts: []m4part{m4docs("dishwasher safe"), m4docs("12 fl oz", "350 ml"), m4status()}, noProposal: true},
		{problem: 1, order: "#1006", email: m4samuel, text: "Whats the capacty of the mug + is it oven safe + when does the return windw end",
			parts: []m4part{m4docs("12 fl oz", "350 ml"), m4docs("400°F"), m4window()}, noProposal: true},
		{problem: 1, order: "#1011", email: m4elena, text: "where are my candles, how long should the first burn be, and how often do i trim the wick?",
			parts: []m4part{m4status(), m4docs("memory", "3 hours"), m4docs("1/4 inch")}, noProposal: true, gap: "docs: \"how often do i trim the wick\" finds no passage the reply quotes (docs ranking)"},
		{problem: 1, order: "#1006", email: m4samuel, text: "when was it delivered and when does my return window end? also how do i get coffee stains out of the mug",
			parts: []m4part{m4status(), m4window(), m4docs("baking soda")}, noProposal: true},
		{problem: 1, order: "#1003", email: m4daniel, text: "tracking no.? which carrier? and do you ship to canada",
			parts: []m4part{m4tracking(), {kind: "said", words: []string{"UPS"}}, m4docs("outside the United States")}, noProposal: true},
		{problem: 1, order: "#1004", email: m4tom, text: "how big is the board, how do i oil it, and is it arriving today?",
			parts: []m4part{m4docs("18 x 7", "14 x 6"), m4docs("mineral oil", "overnight"), m4status()}, noProposal: true},
		{problem: 1, order: "#1006", email: m4samuel, text: "¿Cuánto cabe en la taza? ¿Va al horno? ¿Y hasta cuándo puedo devolverla?",
			parts: []m4part{m4window()}, noProposal: true, gap: "Spanish product questions: docs search reads English words (a polite English answer is allowed)"},
		{problem: 1, order: "#1006", email: m4samuel, text: "how many oz is the mug\nis it ok in the freezer\nwhen's my return deadline",
			parts: []m4part{m4docs("12 fl oz"), m4docs("freezer"), m4window()}, noProposal: true},
		{problem: 1, order: "#1001", email: m4maya, text: "what filters fit the dripper, can the carafe go in the microwave, and when does my order ship?",
			parts: []m4part{m4docs("size 02"), m4docs("not suitable for the stovetop or microwave", "microwave"), m4status()}, noProposal: true},
		{problem: 1, order: "#1006", email: m4samuel, text: "3 questions: how heavy is the mug? is it dishwasher safe? whens the return window over?",
			parts: []m4part{m4docs("13 oz", "370 g"), m4docs("dishwasher safe"), m4window()}, noProposal: true},

		// 2. Two writes in one message: each recognised, nothing run.
		{problem: 2, order: "#1006", email: m4samuel, text: "could you add one more mug to my order and swap the kit for the oak one?",
			parts: []m4part{m4req("", addWords...), m4req(toolname.ExchangeItem, colour...)}},
		{problem: 2, order: "#1006", email: m4samuel, text: "pls ad an extra mug to the order, also change the kits colour to oak",
			parts: []m4part{m4req("", addWords...), m4req(toolname.ExchangeItem, colour...)}},
		{problem: 2, order: "#1006", email: m4samuel, text: "I want to return the mugs and exchange the coffee kit for oak",
			parts: []m4part{m4req(toolname.StartReturn, "return"), m4req(toolname.ExchangeItem, colour...)}},
		{problem: 2, order: "#1006", email: m4samuel, text: "return the coffee kit please, and can I swap one mug for charcoal?",
			parts: []m4part{m4req(toolname.StartReturn, "return"), m4req(toolname.ExchangeItem, "charcoal", "swap", "exchange")}},
		{problem: 2, order: "#1006", email: m4samuel, text: "one of the mugs came chipped, and i also want to send the kit back",
			parts: []m4part{m4req(toolname.ReportDamage, "chip", "damage"), m4req(toolname.StartReturn, "return", "send")}},
		{problem: 2, order: "#1001", email: m4maya, text: "change my address to 42 Elm Street, Portland, OR 97201 and add a second pack of filters",
			parts: []m4part{m4req(toolname.ChangeAddress, "42 Elm"), m4req("", addWords...)}},
		{problem: 2, order: "#1001", email: m4maya, text: "can u ship it to 9 Birch Road, Denver, CO 80203 instead and also cancel the filters",
			parts: []m4part{m4req(toolname.ChangeAddress, "9 Birch"), m4req(toolname.CancelOrder, "cancel")}},
		{problem: 2, order: "#1001", email: m4maya, text: "pls change the colour of the kit to oak and send it to 42 Elm Street, Portland, OR 97201",
			parts: []m4part{m4req(toolname.ExchangeItem, colour...), m4req(toolname.ChangeAddress, "42 Elm")}},
		{problem: 2, order: "#1006", email: m4samuel, text: "Can you add another mug and also refund the kit?",
			parts: []m4part{m4req("", addWords...), m4req(toolname.StartReturn, "return", "refund")}},
		{problem: 2, order: "#1006", email: m4samuel, text: "exchange the mugs for charcoal and add a third one",
			parts: []m4part{m4req(toolname.ExchangeItem, "charcoal", "swap", "exchange"), m4req("", addWords...)}},
		{problem: 2, order: "#1001", email: m4maya, text: "add a mug to my order, and change the address to 42 Elm Street, Portland, OR 97201",
			parts: []m4part{m4req("", addWords...), m4req(toolname.ChangeAddress, "42 Elm")}},
		{problem: 2, order: "#1006", email: m4samuel, text: "¿Puedo añadir otra taza y cambiar el kit a roble?",
			parts: []m4part{m4req("", "add", "person", "team")}},
		{problem: 2, order: "#1006", email: m4samuel, text: "the kit's collar cracked, replace it pls. and can i return 1 mug",
			parts: []m4part{m4req(toolname.ReportDamage, "crack", "damage", "replace"), m4req(toolname.StartReturn, "return")}},
		{problem: 2, order: "#1001", email: m4maya, text: "cancel the whole order. and add gift wrap",
			parts: []m4part{m4req(toolname.CancelOrder, "cancel"), m4req("", "gift wrap", "add")}},
		{problem: 2, order: "#1006", email: m4samuel, text: "Please put an extra mug on my order and change my kit from walnut to oak, thanks",
			parts: []m4part{m4req("", addWords...), m4req(toolname.ExchangeItem, colour...)}},
		{problem: 2, order: "#1006", email: m4samuel, text: "send back both mugs + add a 16 oz one instead",
			parts: []m4part{m4req(toolname.StartReturn+"|"+toolname.ExchangeItem, "return"), m4req(toolname.ExchangeItem, "16 oz", "add", "swap", "exchange")}},

		// 3. Policy pairs and "what if" questions: answered, nothing proposed.
		{problem: 3, order: "#1003", email: m4daniel, text: "Do you deliver to Canada? and what if my package goes missing?",
			parts: []m4part{m4docs("outside the United States")}, noProposal: true},
		{problem: 3, order: "#1003", email: m4daniel, text: "what happens if the skillet arrives damaged? and how long do refunds take?",
			parts: []m4part{m4docs("photo", "replacement"), m4docs("5 to 10 business days")}, noProposal: true},
		{problem: 3, order: "#1006", email: m4samuel, text: "what if i want to return the mugs later, would i get my money back?",
			parts: []m4part{m4docs("30 days", "original payment method")}, noProposal: true},
		{problem: 3, order: "#1006", email: m4samuel, text: "would i get a full refund if i returned the kit? and who pays return shipping?",
			parts: []m4part{m4docs("original payment method", "30 days"), m4docs("prepaid return label", "label")}, noProposal: true},
		{problem: 3, order: "#1003", email: m4daniel, text: "do u ship to PO boxes? what happens if the parcel is late",
			parts: []m4part{m4docs("PO boxes")}, noProposal: true},
		{problem: 3, order: "#1003", email: m4daniel, text: "what happens if I burn the candle and dont like it, can I still return it?",
			parts: []m4part{m4docs("burned")}, noProposal: true},
		{problem: 3, order: "#1004", email: m4tom, text: "what if the board shows up cracked? and what's your return policy",
			parts: []m4part{m4docs("photo", "replacement"), m4docs("30 days")}, noProposal: true},
		{problem: 3, order: "#1003", email: m4daniel, text: "if I'm not home when it comes what happens? and can i change the address once it ships?",
			parts: []m4part{m4docs("redirect", "carrier")}, noProposal: true, gap: "a missed delivery is in no guide; the address question after it is not searched"},
		{problem: 3, order: "#1006", email: m4samuel, text: "Hypothetically, if a mug broke in a month, would you replace it?",
			parts: []m4part{m4docs("replacement", "30 days", "photo")}, noProposal: true},
		{problem: 3, order: "#1003", email: m4daniel, text: "Do you ship internationally? What would happen if my order got lost in the mail?",
			parts: []m4part{m4docs("outside the United States")}, noProposal: true},
		{problem: 3, order: "#1001", email: m4maya, text: "what if i change my mind after it ships, can i still cancel? and is shipping free?",
			parts: []m4part{m4docs("free on orders over $75", "$7.95", "$75")}, noProposal: true},
		{problem: 3, order: "#1006", email: m4samuel, text: "would I need to send a broken item back? and how fast are refunds",
			parts: []m4part{m4docs("don't need to send", "photo"), m4docs("5 to 10 business days")}, noProposal: true},
		{problem: 3, order: "#1003", email: m4daniel, text: "ship to canada?? and what if it gets stolen off my porch",
			parts: []m4part{m4docs("outside the United States")}, noProposal: true},
		{problem: 3, order: "#1003", email: m4daniel, text: "Liefern Sie nach Kanada? Und was passiert, wenn mein Paket verloren geht?",
			parts: []m4part{m4docs("outside the United States")}, noProposal: true},
		{problem: 3, order: "#1006", email: m4samuel, text: "what if the mug i got leaks? what would you do, and do i have to pay return postage",
			parts: []m4part{m4docs("replacement", "photo"), m4docs("prepaid", "label")}, noProposal: true, gap: "\"return postage\" after a damage question: the return label passage not quoted (docs ranking)"},
		{problem: 3, order: "#1004", email: m4tom, text: "do you ship to alaska and what happens if a parcel gets lost?",
			parts: []m4part{m4docs("United States")}, noProposal: true},

		// 4. A product question beside a status question: the docs part
		// searched on its own words, the section that answers it.
		{problem: 4, order: "#1004", email: m4tom, text: "wheres my parcel? also can i chop veg on the board and is it safe for food",
			parts: []m4part{m4status(), m4docs("slicing", "knife", "food-safe")}, noProposal: true},
		{problem: 4, order: "#1004", email: m4tom, text: "is my order out for delivery? and is the board ok to cut bread on",
			parts: []m4part{m4status(), m4docs("slicing", "bread")}, noProposal: true},
		{problem: 4, order: "#1003", email: m4daniel, text: "where's my package? also does the skillet work on induction",
			parts: []m4part{m4status(), m4docs("induction")}, noProposal: true},
		{problem: 4, order: "#1003", email: m4daniel, text: "whens my order arriving, and how do i get rust off the skillet",
			parts: []m4part{m4status(), m4docs("steel wool")}, noProposal: true},
		{problem: 4, order: "#1004", email: m4tom, text: "track my order pls + how do i get garlic smell out of the board",
			parts: []m4part{m4status(), m4docs("lemon", "salt")}, noProposal: true},
		{problem: 4, order: "#1011", email: m4elena, text: "where are the candles? why is there white stuff on the candle surface",
			parts: []m4part{m4status(), m4docs("bloom")}, noProposal: true, gap: "\"white stuff\" does not find the bloom section (docs search)"},
		{problem: 4, order: "#1001", email: m4maya, text: "has my order shipped? and how hot should the water be for the pour over",
			parts: []m4part{m4status(), m4docs("200", "93")}, noProposal: true},
		{problem: 4, order: "#1004", email: m4tom, text: "where is my order and can the mug go under my espresso machine",
			parts: []m4part{m4status(), m4docs("espresso", "4 in")}, noProposal: true},
		{problem: 4, order: "#1003", email: m4daniel, text: "status of my order? and is the skillet handle hot",
			parts: []m4part{m4status(), m4docs("oven mitt", "handle sleeve")}, noProposal: true},
		{problem: 4, order: "#1004", email: m4tom, text: "when does my parcel come? can I put hot pans on the board?",
			parts: []m4part{m4status(), m4docs("heat-proof", "hot pans")}, noProposal: true},
		{problem: 4, order: "#1010", email: m4marcus, text: "where is the skillet? and what should i do before first use",
			parts: []m4part{m4status(), m4docs("low burner", "first use")}, noProposal: true},
		{problem: 4, order: "#1011", email: m4elena, text: "where's the rest of my order? how do i put out the candle without smoke",
			parts: []m4part{m4status(), m4docs("snuffer")}, noProposal: true, gap: "\"put out\" does not find the snuffer line (docs search)"},
		{problem: 4, order: "#1004", email: m4tom, text: "Is my parcel on the way? Does the mug's glaze vary from mug to mug?",
			parts: []m4part{m4status(), m4docs("no two mugs", "variations", "reactive")}, noProposal: true, gap: "the glaze passage is the guide's preamble, not a section (docs search)"},
		{problem: 4, order: "#1001", email: m4maya, text: "did it ship?? also whats in the box with the coffee kit",
			parts: []m4part{m4status(), m4docs("carafe", "dripper", "scoop")}, noProposal: true},
		{problem: 4, order: "#1004", email: m4tom, text: "where's my delivery, and the board: can I use olive oil on it?",
			parts: []m4part{m4status(), m4docs("rancid", "mineral oil")}, noProposal: true},
		{problem: 4, order: "#1003", email: m4daniel, text: "tracking? + how big is the skillet",
			parts: []m4part{m4tracking(), m4docs("10.25", "26 cm")}, noProposal: true, gap: "\"how big\" ranks the throw's size section above the skillet's preamble (docs ranking)"},
	}
	failed, gaps := map[int]int{}, 0
	total := map[int]int{}
	// One shop per problem: the runner limits chat requests a minute per
	// client address.
	type stack struct {
		base string
		log  *resultLog
	}
	stacks := map[int]stack{}
	for _, tt := range tests {
		total[tt.problem]++
		if _, ok := stacks[tt.problem]; !ok {
			b, l := heldoutStack(t)
			stacks[tt.problem] = stack{b, l}
		}
		base, log := stacks[tt.problem].base, stacks[tt.problem].log
		t.Run(tt.text, func(t *testing.T) {
			problems := multi4Case(t, base, log, tt)
			switch {
			case len(problems) > 0 && tt.gap == "":
				failed[tt.problem]++
				for _, p := range problems {
					t.Error(p)
				}
			case len(problems) > 0:
				gaps++
				t.Logf("known gap (%s): %s", tt.gap, strings.Join(problems, "; "))
			case tt.gap != "":
				t.Logf("passes now: drop its gap mark (%s)", tt.gap)
			}
		})
	}
	for p := 1; p <= 4; p++ {
		t.Logf("multi4 problem %d: %d of %d failed", p, failed[p], total[p])
	}
	t.Logf("multi4 known gaps: %d", gaps)
}

// multi4Case runs one message on a new conversation and says which part
// was not answered.
func multi4Case(t *testing.T, base string, log *resultLog, tt m4case) []string {
	var problems []string
	c := chat(t, base, &log.toolLog, tt.order, tt.email)
	log.mu.Lock()
	start := len(log.results)
	log.mu.Unlock()
	got := c.say(tt.text)
	log.mu.Lock()
	results := append([]toolResult(nil), log.results[start:]...)
	log.mu.Unlock()
	low := strings.ToLower(got.reply)
	holds := func(words []string) bool {
		for _, w := range words {
			if strings.Contains(low, strings.ToLower(w)) {
				return true
			}
		}
		return false
	}
	var track []map[string]any
	for _, r := range results {
		if r.tool == toolname.TrackOrder {
			var m map[string]any
			_ = json.Unmarshal(r.content, &m)
			track = append(track, m)
		}
	}
	for _, a := range got.actions {
		if s, _ := a["status"].(string); s == "done" || s == "confirmed" {
			problems = append(problems, fmt.Sprintf("ran %v without a yes", a["tool"]))
		}
	}
	if p := got.proposed(); tt.noProposal && p != "" {
		problems = append(problems, fmt.Sprintf("proposed %s for a question", p))
	}
	for _, p := range tt.parts {
		switch p.kind {
		case "status", "tracking", "window":
			if len(track) == 0 {
				problems = append(problems, fmt.Sprintf("%s: tools %v, no track_order", p.kind, got.toolNames()))
				continue
			}
			var facts []string
			for i, r := range results {
				if r.tool != toolname.TrackOrder {
					continue
				}
				switch p.kind {
				case "status":
					facts = append(facts, statusFacts(r.content)...)
				case "tracking":
					var res struct {
						Parcels []struct {
							N string `json:"tracking_number"`
						} `json:"parcels"`
					}
					_ = json.Unmarshal(results[i].content, &res)
					for _, x := range res.Parcels {
						if x.N != "" {
							facts = append(facts, x.N)
						}
					}
				case "window":
					var res struct {
						Ends   string `json:"return_window_ends"`
						Closed string `json:"return_window_closed"`
					}
					_ = json.Unmarshal(r.content, &res)
					for _, d := range []string{res.Ends, res.Closed} {
						if d != "" {
							facts = append(facts, d)
						}
					}
				}
			}
			if !holds(facts) {
				problems = append(problems, fmt.Sprintf("%s: reply %q holds none of %q", p.kind, got.reply, facts))
			}
		case "docs":
			if !got.called(toolname.SearchDocs) {
				problems = append(problems, fmt.Sprintf("docs: tools %v, no search_docs", got.toolNames()))
				continue
			}
			if !holds(p.words) {
				problems = append(problems, fmt.Sprintf("docs: reply %q holds none of %q", got.reply, p.words))
			}
		case "said":
			if !holds(p.words) {
				problems = append(problems, fmt.Sprintf("reply %q holds none of %q", got.reply, p.words))
			}
		case "request":
			served := false
			for _, tool := range strings.Split(p.tool, "|") {
				served = served || (tool != "" && (got.called(tool) || got.status(tool) != ""))
			}
			if !served && !holds(p.words) {
				problems = append(problems, fmt.Sprintf("request (%s %q): tools %v, reply %q names it not", p.tool, p.words, got.toolNames(), got.reply))
			}
		}
	}
	return problems
}
