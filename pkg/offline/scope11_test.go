package offline_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out phrasings of issue 18's scope trial, written before reading the
// offline model: a request whose scope or reason is easy to read wrongly.
// Lines the customer says are fine stay out of the proposal; a variant word
// ("the cedar one") names its line; damage that "came like that" is damage,
// not a return; a change of mind is a return with a change-of-mind reason,
// in the shop's record too; a cancel taken back is not offered again; an
// address is read from the part of the message that is an address. Judged
// by outcome: the write proposed at the end of the turn and, after the
// customer's yes, what the shop applied (lines, quantities, reason,
// address fields).
type sc11case struct {
	name         string
	order, email string
	// delivered: the shop has #1003's parcel and #1011's candles delivered
	// (the demo shop has them in transit).
	delivered bool
	setup     []string // said first
	text      string
	// tool is the write proposed at the end of text's turn ("" none); the
	// customer then says yes and the shop's writes are judged.
	tool    string
	lines   []string // title, or title/variant, ×quantity: what the yes applied, exactly
	reasons []string // the return's recorded reason is one of these
	address map[string]string
	// nothing: no proposal stated and nothing run in text's turn or in
	// the turns of after.
	nothing bool
	after   []string
	// called and notCalled: tools the turn calls ("a|b": either), and
	// does not.
	called, notCalled string
	gap               string // a known gap: fails while unfixed
}

const (
	s11samuel = "samuel.whitfield@example.com"
	s11maya   = "maya.okafor@example.com"
	s11daniel = "daniel.reyes@example.com"
	s11elena  = "elena.petrova@example.com"
)

const (
	s11mug    = "Harbor Stoneware Mug"
	s11kit    = "Pour-Over Coffee Kit"
	s11cedar  = "Beeswax Pillar Candle/Cedar & Smoke"
	s11fig    = "Beeswax Pillar Candle/Sea Salt & Fig"
	s11changd = "UNWANTED"
)

func sc11tests() []sc11case {
	rep := toolname.ReportDamage
	ret := toolname.StartReturn
	addr := toolname.ChangeAddress
	cancel := []string{"please cancel my order"}
	return []sc11case{
		// 1. Damage to some lines; the others said to be fine.
		{name: "mug cracked kit fine then replace", order: "#1006", email: s11samuel, setup: []string{"one of the mugs came cracked, the coffee kit is totally fine"},
			text: "a replacement please", tool: rep, lines: []string{s11mug + "×1"}},
		{name: "kit fine new mug", order: "#1006", email: s11samuel, text: "the kit is fine but one mug has a crack in it, can you send me a new mug",
			tool: rep, lines: []string{s11mug + "×1"}},
		{name: "chipped rest ok refund", order: "#1006", email: s11samuel, text: "one mug is chipped. everything else arrived ok. i'd like a refund for it",
			tool: rep, lines: []string{s11mug + "×1"}},
		{name: "smashed typo replacment", order: "#1006", email: s11samuel, text: "1 mug arived smashed, coffee kit is perfect. replacment pls",
			tool: rep, lines: []string{s11mug + "×1"}},
		{name: "both mugs kit survived", order: "#1006", email: s11samuel, text: "both mugs were broken in the box, the kit survived. can i get new ones",
			tool: rep, lines: []string{s11mug + "×2"}},
		{name: "carafe cracked mugs fine refund", order: "#1006", email: s11samuel, text: "the carafe in the coffee kit is cracked, the mugs are fine. refund please",
			tool: rep, lines: []string{s11kit + "×1"}},
		{name: "es mug broken kit ok", order: "#1006", email: s11samuel, text: "una taza llegó rota, el kit de café está bien. quiero un reemplazo",
			tool: rep, lines: []string{s11mug + "×1"}},
		{name: "de mug crack set ok", order: "#1006", email: s11samuel, text: "Eine Tasse ist kaputt angekommen, das Kaffee-Set ist in Ordnung. Bitte Ersatz schicken.",
			tool: rep, lines: []string{s11mug + "×1"}},
		{name: "fr mug broken kit ok", order: "#1006", email: s11samuel, text: "Une des tasses est arrivée cassée, le kit café va bien. Un remplacement svp",
			tool: rep, lines: []string{s11mug + "×1"}},
		{name: "after ask just the mug refund", order: "#1006", email: s11samuel, setup: []string{"one mug cracked"},
			text: "the kit is ok, just the mug. refund pls", tool: rep, lines: []string{s11mug + "×1"}},
		{name: "problem then chipped rest ok", order: "#1006", email: s11samuel, setup: []string{"hi, my order came and theres a problem"},
			text: "one mug chipped, rest is ok. new one please", tool: rep, lines: []string{s11mug + "×1"}},

		// 2. A variant word names its line.
		{name: "cedar one broken then replace", order: "#1003", email: s11daniel, delivered: true, setup: []string{"the cedar one is broken"},
			text: "a replacement please", tool: rep, lines: []string{s11cedar + "×1"}},
		{name: "cedar one broken then refund", order: "#1003", email: s11daniel, delivered: true, setup: []string{"the cedar one arrived broken"},
			text: "refund please", tool: rep, lines: []string{s11cedar + "×1"}},
		{name: "cedar smoke cracked replace", order: "#1011", email: s11elena, delivered: true, text: "the cedar & smoke candle came cracked, can i get a replacement",
			tool: rep, lines: []string{s11cedar + "×1"}},
		{name: "sea salt snapped refund", order: "#1011", email: s11elena, delivered: true, text: "the sea salt one is snapped in half. refund it pls",
			tool: rep, lines: []string{s11fig + "×1"}},
		{name: "fig broken new one", order: "#1011", email: s11elena, delivered: true, text: "fig candle arrived broken, new one please",
			tool: rep, lines: []string{s11fig + "×1"}},
		{name: "sea glass cracked replace", order: "#1006", email: s11samuel, text: "one of the sea glass ones is cracked, please replace it",
			tool: rep, lines: []string{s11mug + "×1"}},
		{name: "walnut one cracked refund", order: "#1006", email: s11samuel, text: "the walnut one has a crack, i want a refund",
			tool: rep, lines: []string{s11kit + "×1"}},
		{name: "es cedar broken refund", order: "#1011", email: s11elena, delivered: true, text: "la vela cedar llegó rota, quiero un reembolso",
			tool: rep, lines: []string{s11cedar + "×1"}},
		{name: "return cedar one changed mind", order: "#1003", email: s11daniel, delivered: true, text: "i'd like to return the cedar one, unused, changed my mind",
			tool: ret, lines: []string{s11cedar + "×1"}, reasons: []string{s11changd}},

		// 3. Damage that came that way is damage, not a return.
		{name: "carafe came like that", order: "#1006", email: s11samuel, text: "the carafe was chipped, it came like that",
			called: rep, notCalled: ret},
		{name: "handle broken on opening", order: "#1006", email: s11samuel, text: "mug handle was already broken when i opened the box",
			called: rep, notCalled: ret},
		{name: "arrived like this spout", order: "#1006", email: s11samuel, text: "the kit arrived like this - the glass carafe has a chip on the spout",
			called: rep, notCalled: ret},
		{name: "came chipped new one", order: "#1011", email: s11elena, text: "carafe came chipped out of the box, thats how it arrived. i want a new one",
			tool: rep, lines: []string{s11kit + "×1"}, gap: "a part (\"carafe\") names its product only in the product's guide, which the offline model does not read for items"},

		// 4. A change of mind is a return with a change-of-mind reason.
		{name: "unused changed mind credit", order: "#1006", email: s11samuel, text: "the mugs are unused, i changed my mind. store credit please",
			tool: ret, lines: []string{s11mug + "×2"}, reasons: []string{s11changd}},
		{name: "kit never used", order: "#1006", email: s11samuel, text: "i want to return the coffee kit, never used it, just changed my mind",
			tool: ret, lines: []string{s11kit + "×1"}, reasons: []string{s11changd}},
		{name: "dont need mugs in box", order: "#1006", email: s11samuel, text: "dont need the mugs anymore, still in the box. can i send them back for a refund",
			tool: ret, lines: []string{s11mug + "×2"}, reasons: []string{s11changd}},
		{name: "es changed mind mugs", order: "#1006", email: s11samuel, text: "quiero devolver las tazas, no las usé, cambié de opinión",
			tool: ret, lines: []string{s11mug + "×2"}, reasons: []string{s11changd}},
		{name: "de changed mind kit", order: "#1006", email: s11samuel, text: "Ich möchte das Kaffee-Set zurückgeben, unbenutzt, ich habe es mir anders überlegt",
			tool: ret, lines: []string{s11kit + "×1"}, reasons: []string{s11changd}},
		{name: "fr changed mind mugs", order: "#1006", email: s11samuel, text: "je voudrais retourner les tasses, jamais utilisées, j'ai changé d'avis",
			tool: ret, lines: []string{s11mug + "×2"}, reasons: []string{s11changd}},
		{name: "typo chnged mind credit", order: "#1006", email: s11samuel, text: "chnged my mind about the mugs, theyre unused, can i get store credit",
			tool: ret, lines: []string{s11mug + "×2"}, reasons: []string{s11changd}},
		{name: "nothing wrong colour", order: "#1006", email: s11samuel, text: "return one mug please - nothing wrong with it, just dont like the colour",
			tool: ret, lines: []string{s11mug + "×1"}, reasons: []string{"COLOR", s11changd}},
		{name: "after damage mugs unused", order: "#1006", email: s11samuel, setup: []string{"the coffee kit has a cracked carafe"},
			text: "actually forget that, i'd rather return the mugs, theyre unused, changed my mind. store credit", tool: ret, lines: []string{s11mug + "×2"}, reasons: []string{s11changd}},
		{name: "after chipped mug kit unused", order: "#1006", email: s11samuel, setup: []string{"one mug arrived chipped"},
			text: "and the coffee kit - unused, i changed my mind, i want store credit for it", tool: ret, lines: []string{s11kit + "×1"}, reasons: []string{s11changd}},
		{name: "credit after unused", order: "#1006", email: s11samuel, setup: []string{"i'd like to send the coffee kit back, it's unused and i changed my mind"},
			text: "store credit please", tool: ret, lines: []string{s11kit + "×1"}, reasons: []string{s11changd}},

		// 5. A cancel taken back: declined, and not offered again.
		{name: "wait no keep the order", order: "#1001", email: s11maya, setup: cancel, text: "wait no dont, i changed my mind, keep the order",
			nothing: true, after: []string{"thanks"}},
		{name: "leave it as is", order: "#1001", email: s11maya, setup: cancel, text: "actually no, leave it as is, i'll keep it",
			nothing: true, after: []string{"ok great"}},
		{name: "es dont cancel", order: "#1001", email: s11maya, setup: cancel, text: "no, espera, mejor no lo canceles",
			nothing: true},
		{name: "nvm still want it", order: "#1001", email: s11maya, setup: []string{"cancel my order and refund me"}, text: "nvm dont cancel, i still want it",
			nothing: true, after: []string{"cool thx"}},

		// 6. The address is the part that is an address; a correction
		// amends the pending one.
		{name: "ordered kit to work", order: "#1001", email: s11maya, text: "i ordered the kit, can u send it to my work instead: 500 Boylston St, Boston MA 02116",
			tool: addr, address: map[string]string{"address1": "500 Boylston St", "city": "Boston", "zip": "02116"}},
		{name: "office then suite", order: "#1001", email: s11maya, setup: []string{"please ship it to my office instead: 200 Clarendon Street, Boston, MA 02116"},
			text: "oh and its suite 400", tool: addr, address: map[string]string{"address1": "200 Clarendon Street", "address2": "suite 400", "zip": "02116"}},
		{name: "bought 2 things moms place", order: "#1001", email: s11maya, text: "I bought 2 things, pls deliver to my mom's place instead - 12 Orchard Lane, Salem, MA 01970",
			tool: addr, address: map[string]string{"address1": "12 Orchard Lane", "city": "Salem", "zip": "01970"}},
		{name: "new address then floor", order: "#1001", email: s11maya, setup: []string{"new address: 75 State Street, Boston, MA 02109"},
			text: "sorry forgot, 3rd floor", tool: addr, address: map[string]string{"address1": "75 State Street", "address2": "3rd floor", "zip": "02109"}},
		{name: "es work address", order: "#1001", email: s11maya, text: "¿pueden enviarlo a mi trabajo? 1 Federal St, Boston, MA 02110",
			tool: addr, address: map[string]string{"address1": "1 Federal St", "city": "Boston", "zip": "02110"}},
	}
}

// TestScope11 runs the held-out table and counts what fails.
func TestScope11(t *testing.T) {
	heldOutTable(t, "scope11", sc11tests(), func(tc sc11case) string { return tc.name }, func(tc sc11case) string { return tc.gap }, sc11run)
}

// sc11run runs one case and says what is wrong with its outcome.
func sc11run(t *testing.T, base string, log *resultLog, tc sc11case) []string {
	if tc.delivered {
		base, log = sc11deliveredStack(t)
	}
	var problems []string
	c := chat(t, base, &log.toolLog, tc.order, tc.email)
	for _, s := range tc.setup {
		c.say(s)
	}
	before := len(shopActions(t, base))
	got := c.say(tc.text)
	stated := sc11stated(got)
	for _, tool := range strings.Split(tc.called, "|") {
		if tool != "" && !got.called(tool) && got.status(tool) == "" && !strings.Contains(tc.called, "|") {
			problems = append(problems, fmt.Sprintf("tools %v, want %s", got.toolNames(), tool))
		}
	}
	if tc.notCalled != "" && (got.called(tc.notCalled) || got.status(tc.notCalled) != "") {
		problems = append(problems, fmt.Sprintf("tools %v, want no %s", got.toolNames(), tc.notCalled))
	}
	if tc.nothing || tc.tool == "" {
		if tc.nothing && len(stated) > 0 {
			problems = append(problems, fmt.Sprintf("stated %v, want nothing offered", stated))
		}
		for _, s := range tc.after {
			if o := c.say(s); len(sc11stated(o)) > 0 {
				problems = append(problems, fmt.Sprintf("after %q stated %v, want nothing offered", s, sc11stated(o)))
			}
		}
		if applied := shopActions(t, base)[before:]; len(applied) > 0 {
			problems = append(problems, fmt.Sprintf("ran %v, want nothing run", actionSummary(applied)))
		}
		return problems
	}
	if !slices.Contains(stated, tc.tool) {
		return append(problems, fmt.Sprintf("stated %v (reply %q), want a %s proposal", stated, got.reply, tc.tool))
	}
	if applied := shopActions(t, base)[before:]; len(applied) > 0 {
		problems = append(problems, fmt.Sprintf("ran %v before the yes", actionSummary(applied)))
	}
	before = len(shopActions(t, base))
	c.say("yes")
	applied := shopActions(t, base)[before:]
	if len(applied) == 0 {
		return append(problems, "the yes ran nothing")
	}
	if tc.lines != nil {
		if got := sc11lines(applied, tc.lines); !slices.Equal(got, sc11sorted(tc.lines)) {
			problems = append(problems, fmt.Sprintf("ran lines %v, want %v (%v)", got, sc11sorted(tc.lines), actionSummary(applied)))
		}
	}
	if tc.reasons != nil {
		reason := ""
		for _, a := range applied {
			if d, ok := a["detail"].(map[string]any); ok && a["type"] == "return" {
				reason, _ = d["reason"].(string)
			}
		}
		if !slices.Contains(tc.reasons, reason) {
			problems = append(problems, fmt.Sprintf("return recorded with reason %q, want one of %v", reason, tc.reasons))
		}
	}
	if tc.address != nil {
		var got map[string]any
		for _, a := range applied {
			if d, ok := a["detail"].(map[string]any); ok && a["type"] == "address_change" {
				got, _ = d["address"].(map[string]any)
			}
		}
		for k, want := range tc.address {
			have, _ := got[k].(string)
			if !strings.EqualFold(strings.TrimSpace(have), want) {
				problems = append(problems, fmt.Sprintf("address %s = %q, want %q (address %v)", k, have, want, got))
			}
		}
	}
	return problems
}

// sc11stated are the tools whose proposal the turn stated.
func sc11stated(o turnOut) []string {
	var out []string
	for _, a := range o.actions {
		if a["status"] == "proposed" {
			tool, _ := a["tool"].(string)
			out = append(out, tool)
		}
	}
	return out
}

// sc11lines are the lines of the applied writes as the want list spells
// them: title/variant when the wanted line names a variant, else title,
// with the summed quantity.
func sc11lines(applied []map[string]any, want []string) []string {
	withVariant := map[string]bool{}
	for _, w := range want {
		if title, _, ok := strings.Cut(w, "/"); ok {
			withVariant[title] = true
		}
	}
	qty := map[string]int{}
	var keys []string
	for _, a := range applied {
		lines, _ := a["lines"].([]any)
		for _, l := range lines {
			l, _ := l.(map[string]any)
			title, _ := l["title"].(string)
			key := title
			if v, _ := l["variant"].(string); withVariant[title] && v != "" {
				key += "/" + v
			}
			n, _ := l["quantity"].(float64)
			if _, ok := qty[key]; !ok {
				keys = append(keys, key)
			}
			// A damaged item returned and refunded shows in two writes:
			// the most units any one write names.
			qty[key] = max(qty[key], int(n))
		}
	}
	var out []string
	for _, k := range keys {
		out = append(out, fmt.Sprintf("%s×%d", k, qty[k]))
	}
	return sc11sorted(out)
}

func sc11sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// sc11deliveredStack is the runner on the demo shop with #1003's parcel and
// #1011's candle parcel delivered yesterday.
func sc11deliveredStack(t *testing.T) (string, *resultLog) {
	t.Helper()
	src := events.DemoOrders()
	orders := fstest.MapFS{}
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		if p == "1003.json" || p == "1011.json" {
			var o map[string]any
			if err := json.Unmarshal(b, &o); err != nil {
				return err
			}
			fs, _ := o["fulfillments"].([]any)
			for _, f := range fs {
				f := f.(map[string]any)
				f["shipment_status"], f["updated_at"] = "delivered", "2026-11-19T14:10:00-05:00"
			}
			if b, err = json.Marshal(o); err != nil {
				return err
			}
		}
		orders[p] = &fstest.MapFile{Data: b}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return heldoutStackOf(t, orders)
}
