package offline_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// flow12Orders are the demo shop's orders with three changes for long
// parcel conversations: #1003's parcel delivered this morning (so a
// report of it takes the look-around step first); a new order #1013 for
// Noor, a coffee kit, a pack of filters and two mugs, delivered this
// morning too; and a replacement #1005-R of Grace's lost parcel, shipped
// with UPS and in transit.
func flow12Orders(t *testing.T) fs.FS {
	t.Helper()
	src := events.DemoOrders()
	read := func(p string) map[string]any {
		t.Helper()
		b, err := fs.ReadFile(src, p)
		if err != nil {
			t.Fatal(err)
		}
		var o map[string]any
		if err := json.Unmarshal(b, &o); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		return o
	}
	// renumbered is file p with every id holding its number renumbered.
	renumbered := func(p, from, to string) map[string]any {
		t.Helper()
		b, err := fs.ReadFile(src, p)
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.ReplaceAll(b, []byte("00000"+from), []byte(to))
		var o map[string]any
		if err := json.Unmarshal(b, &o); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		return o
	}
	out := fstest.MapFS{}
	put := func(p string, o map[string]any) {
		t.Helper()
		b, err := json.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		out[p] = &fstest.MapFile{Data: b}
	}
	if err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(src, p)
		out[p] = &fstest.MapFile{Data: b}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	fulfillments := func(o map[string]any) []map[string]any {
		var fs []map[string]any
		for _, f := range o["fulfillments"].([]any) {
			fs = append(fs, f.(map[string]any))
		}
		return fs
	}
	track := func(f map[string]any, number string) {
		url := "https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=" + number
		f["tracking_company"], f["tracking_number"], f["tracking_numbers"] = "UPS", number, []any{number}
		f["tracking_url"], f["tracking_urls"] = url, []any{url}
	}

	// #1003 delivered this morning.
	o := read("1003.json")
	for _, f := range fulfillments(o) {
		f["shipment_status"], f["updated_at"] = "delivered", "2026-11-20T09:40:00-05:00"
	}
	put("1003.json", o)

	// #1013: #1006's order for Noor, with #1001's filters as a third line,
	// all in one parcel delivered this morning.
	o = renumbered("1006.json", "1006", "000001013")
	filters := read("1001.json")["line_items"].([]any)[1].(map[string]any)
	filters["id"], filters["admin_graphql_api_id"] = 13900000101303, "gid://shopify/LineItem/13900000101303"
	filters["fulfillment_status"], filters["fulfillable_quantity"] = "fulfilled", 0
	o["line_items"] = append(o["line_items"].([]any), filters)
	o["name"], o["order_number"], o["number"] = "#1013", 1013, 13
	o["email"], o["contact_email"] = "noor.haddad@example.com", "noor.haddad@example.com"
	o["created_at"], o["processed_at"], o["updated_at"] = "2026-11-15T10:00:00-05:00", "2026-11-15T10:00:00-05:00", "2026-11-20T08:15:00-05:00"
	if c, ok := o["customer"].(map[string]any); ok {
		c["id"], c["email"], c["first_name"], c["last_name"] = 7700000000199, "noor.haddad@example.com", "Noor", "Haddad"
	}
	for _, k := range []string{"shipping_address", "billing_address"} {
		if a, ok := o[k].(map[string]any); ok {
			a["first_name"], a["last_name"], a["name"] = "Noor", "Haddad", "Noor Haddad"
		}
	}
	for _, f := range fulfillments(o) {
		f["line_items"] = o["line_items"]
		f["name"] = "#1013.1"
		f["shipment_status"], f["created_at"], f["updated_at"] = "delivered", "2026-11-17T09:00:00-05:00", "2026-11-20T08:15:00-05:00"
		track(f, "1Z9HH4870349990013")
	}
	put("1013.json", o)

	// #1005-R: Grace's replacement, shipped yesterday with UPS.
	o = renumbered("1005.json", "1005", "000091005")
	o["name"] = "#1005-R"
	o["tags"] = "doorstep-replacement, replaces-#1005"
	o["created_at"], o["processed_at"], o["updated_at"] = "2026-11-18T09:00:00-05:00", "2026-11-18T09:00:00-05:00", "2026-11-20T06:30:00-05:00"
	o["financial_status"], o["fulfillment_status"] = "paid", "fulfilled"
	for _, f := range fulfillments(o) {
		f["name"] = "#1005-R.1"
		f["shipment_status"], f["created_at"], f["updated_at"] = "in_transit", "2026-11-19T11:00:00-05:00", "2026-11-20T06:30:00-05:00"
		track(f, "1Z9HH4870341112223")
	}
	put("1005-R.json", o)
	return out
}

// flow12Case is one long parcel conversation and the outcome of its last
// turn.
type flow12Case struct {
	name         string
	stack        string // "": the demo shop; "f12": flow12Orders
	wait         string // clock moved before the chat opens
	order, email string
	before       []string // said first
	text         string
	tool         string            // called in the last turn ("a|b": either)
	args         map[string]string // the first named tool's arguments hold these (case folded)
	notTools     []string          // none called in the last turn
	propose      string            // this write proposed in the last turn
	noProposal   bool              // no write proposed or run in the last turn
	// facts: the reply holds one of each group (case folded); "$estimate"
	// is an estimate a track_order result of the conversation gave,
	// "$status:#N" one of order #N's status facts from track_order.
	facts  [][]string
	unsaid []string // the reply holds none of these (case folded)
	fresh  bool     // the reply repeats no earlier reply of the conversation
	person bool     // the reply offers a person (or the turn hands over)
	yes    string   // said after the last turn
	after  string   // the tool that must then run (called, or done by code)
	gap    string
}

// Held-out long conversations about parcels that did not arrive or came
// incomplete (issue 18, flow12), written before reading pkg/offline: a
// not-received report whose parcel turns up (whole, or short of an item),
// items missing that travel in a split order's other parcel, a parcel out
// for delivery whose estimate has passed, the replacement order's own
// tracking, and conversations going in circles.
func TestHeldOutFlow12(t *testing.T) {
	const (
		daniel = "daniel.reyes@example.com"
		tom    = "tom.becker@example.com"
		grace  = "grace.liu@example.com"
		samuel = "samuel.whitfield@example.com"
		marcus = "marcus.johnson@example.com"
		elena  = "elena.petrova@example.com"
		noor   = "noor.haddad@example.com"
	)
	const candleParcel = "1Z9HH4870346634921"
	notReceived := []string{toolname.ReportNotReceived, toolname.FollowUp}
	lost := []string{"never reached", "look around", "neighbour", "trace"}
	said := []string{"delivered but it's not here"}
	late := []string{"passed", "was due", "running late", "is late", "overdue", "should have arrived"}
	onWay := []string{"on its way", "on the way", "in transit", "still travelling", "hasn't arrived", "not arrived", "not been delivered"}
	replace := []string{"one mug arrived cracked", "a replacement please", "yes"}
	tests := []flow12Case{
		// A not-received report whose parcel turns up, short of an item.
		{name: "fresh: neighbours, candle missing", stack: "f12", order: "#1003", email: daniel, before: said,
			text: "found it at my neighbours, but the candle is missing", tool: toolname.ReportDamage, args: map[string]string{"items": "candle"},
			notTools: notReceived, unsaid: lost},
		{name: "fresh: next door, skillet not in it", stack: "f12", order: "#1003", email: daniel, before: []string{"marked as delivered but theres no box"},
			text: "got it from next door but the skillet isnt in there", tool: toolname.ReportDamage, args: map[string]string{"items": "skillet"},
			notTools: notReceived, unsaid: lost},
		{name: "fresh: box open, candle gone", stack: "f12", order: "#1003", email: daniel, before: []string{"tracking says delivered, nothing on my porch"},
			text: "ok found it behind the plant pot but the box was open and the candle is gone", tool: toolname.ReportDamage, args: map[string]string{"items": "candle"},
			notTools: notReceived, unsaid: lost},
		{name: "fresh: turned up, skillet cracked", stack: "f12", order: "#1003", email: daniel, before: said,
			text: "it turned up after all but the skillet is cracked", tool: toolname.ReportDamage, args: map[string]string{"items": "skillet"},
			notTools: notReceived, unsaid: lost},
		{name: "fresh: filters line missing", stack: "f12", order: "#1013", email: noor, before: []string{"says delivered, cant find it anywhere"},
			text: "found it at my neighbours, but the filters r missing", tool: toolname.ReportDamage, args: map[string]string{"items": "filter"},
			notTools: notReceived, unsaid: lost},
		{name: "fresh: one mug short", stack: "f12", order: "#1013", email: noor, before: said,
			text: "my neighbour had it. only one mug inside though, should be two", tool: toolname.ReportDamage, args: map[string]string{"items": "mug"},
			notTools: notReceived, unsaid: lost},
		{name: "handed over: neighbours, filters missing", order: "#1006", email: samuel, before: said,
			text: "found it at my neighbours, but the filters r missing", tool: toolname.ReportDamage,
			notTools: notReceived, unsaid: []string{"never reached"}},
		{name: "handed over: behind the bins, a mug missing", order: "#1006", email: samuel, before: said,
			text: "found it behind the bins, one mug is missing tho", tool: toolname.ReportDamage, args: map[string]string{"items": "mug"},
			notTools: notReceived, unsaid: []string{"never reached"}},
		// ... or whole: the not-received flow ends, nothing is proposed.
		{name: "fresh: nvm turned up", stack: "f12", order: "#1003", email: daniel, before: said,
			text: "nvm it turned up", notTools: append([]string{toolname.ReportDamage}, notReceived...), noProposal: true, unsaid: lost},
		{name: "fresh: neighbour had it, all good", stack: "f12", order: "#1003", email: daniel, before: []string{"tracking says delivered, nothing on my porch"},
			text: "oh wait my neighbour had it, all good now", notTools: append([]string{toolname.ReportDamage}, notReceived...), noProposal: true, unsaid: lost},
		{name: "fresh: es ya apareció", stack: "f12", order: "#1003", email: daniel, before: []string{"dice entregado pero no lo encuentro"},
			text: "ya apareció, lo tenía el vecino", notTools: append([]string{toolname.ReportDamage}, notReceived...), noProposal: true, unsaid: lost},
		{name: "fresh: de beim Nachbarn", stack: "f12", order: "#1003", email: daniel, before: []string{"Laut Tracking zugestellt, aber es ist nicht da"},
			text: "Hat sich erledigt, war beim Nachbarn", notTools: append([]string{toolname.ReportDamage}, notReceived...), noProposal: true, unsaid: lost},
		{name: "handed over: nvm turned up", order: "#1006", email: samuel, before: said,
			text: "nvm it turned up", notTools: append([]string{toolname.ReportDamage}, notReceived...), noProposal: true, unsaid: []string{"never reached"}},
		// A split order: what is missing is in the other parcel, on its way.
		{name: "split: fr il manque les bougies", order: "#1011", email: elena, text: "il manque les bougies",
			noProposal: true, notTools: notReceived, facts: [][]string{{candleParcel}, onWay}, unsaid: []string{"arrived damaged"}},
		{name: "split: the candles are missing", order: "#1011", email: elena, text: "the candles are missing",
			noProposal: true, notTools: notReceived, facts: [][]string{{candleParcel}, onWay}},
		{name: "split: kit came, no candles in the box", order: "#1011", email: elena, text: "got the coffee kit but no candles in the box??",
			noProposal: true, notTools: notReceived, facts: [][]string{{candleParcel}, onWay}},
		{name: "split: de Kerzen fehlen", order: "#1011", email: elena, text: "Die Kerzen fehlen im Paket",
			noProposal: true, notTools: notReceived, facts: [][]string{{candleParcel}, onWay}},
		{name: "split: es faltan las velas", order: "#1011", email: elena, text: "faltan las velas en mi pedido",
			noProposal: true, notTools: notReceived, facts: [][]string{{candleParcel}, onWay}},
		{name: "split: after a status question", order: "#1011", email: elena, before: []string{"has my order arrived?"},
			text: "only the kit was in the parcel, the candles are missing", noProposal: true, notTools: notReceived, facts: [][]string{{candleParcel}, onWay}},
		{name: "split: skillet not shipped yet", order: "#1010", email: marcus, text: "the parcel came but the skillet is missing from it",
			noProposal: true, notTools: notReceived, facts: [][]string{{"skillet"}, {"not shipped", "hasn't shipped", "not yet shipped", "backorder", "yet to ship", "ships"}}},
		// Out for delivery, its estimate passed.
		{name: "late: out for delivery, never came", wait: "48h", order: "#1004", email: tom, before: []string{"where is my order"},
			text: "it never came", noProposal: true, facts: [][]string{late, {"$estimate"}}},
		{name: "late: supposed to come, never came", wait: "48h", order: "#1004", email: tom, before: []string{"hi"},
			text: "it was out for delivery and it never came", noProposal: true, facts: [][]string{late, {"$estimate"}}},
		{name: "late: two days out for delivery", wait: "48h", order: "#1004", email: tom,
			text: "been out for delivery for 2 days and still nothing??", noProposal: true, facts: [][]string{late, {"$estimate"}}},
		{name: "late: nothing came typo", wait: "48h", order: "#1004", email: tom, before: []string{"wheres my parcel"},
			text: "nothin came yesterday either", noProposal: true, facts: [][]string{late}},
		// The replacement order's own tracking.
		{name: "replacement: when arrive after yes", order: "#1006", email: samuel, before: replace,
			text: "when will the replacement arrive?", tool: toolname.TrackOrder, args: map[string]string{"order_number": "1006-R"},
			facts: [][]string{{"$status:#1006-R"}}},
		{name: "replacement: new mug tracking", order: "#1006", email: samuel, before: replace,
			text: "any tracking for the new mug yet?", tool: toolname.TrackOrder, args: map[string]string{"order_number": "1006-R"},
			facts: [][]string{{"$status:#1006-R"}}},
		{name: "replacement: in transit, when", stack: "f12", order: "#1005", email: grace,
			text: "when will the replacement get here?", tool: toolname.TrackOrder, args: map[string]string{"order_number": "1005-R"},
			facts: [][]string{{"1Z9HH4870341112223", "$status:#1005-R"}}},
		{name: "replacement: the new one you sent", stack: "f12", order: "#1005", email: grace, before: []string{"where is my order"},
			text: "and the new one you sent me, when does it come?", tool: toolname.TrackOrder, args: map[string]string{"order_number": "1005-R"},
			facts: [][]string{{"$status:#1005-R"}}},
		// Going in circles: a person is offered, the answer not repeated.
		{name: "circles: that doesn't help", order: "#1003", email: daniel, before: []string{"where is my order", "where is it though"},
			text: "that doesn't help", fresh: true, person: true, noProposal: true, notTools: []string{toolname.SearchDocs}},
		{name: "circles: you already said that", order: "#1003", email: daniel, before: []string{"where is my order", "when will it get here"},
			text: "you already said that", fresh: true, person: true, noProposal: true, notTools: []string{toolname.SearchDocs}},
		{name: "circles: late, same thing again", wait: "48h", order: "#1004", email: tom, before: []string{"where is my parcel", "it never came"},
			text: "you keep saying the same thing, it is NOT here", fresh: true, person: true, noProposal: true, notTools: []string{toolname.SearchDocs}},
		{name: "circles: not helpful, yes to a person", order: "#1003", email: daniel, before: []string{"where is my order", "where is it though", "thats not helpful"},
			text: "yes please", tool: toolname.Handover},
		{name: "circles: fr ça ne m'aide pas", order: "#1003", email: daniel, before: []string{"où est ma commande ?", "elle arrive quand ?"},
			text: "ça ne m'aide pas", fresh: true, person: true, noProposal: true, notTools: []string{toolname.SearchDocs}},
		{name: "circles: split, same answer twice", order: "#1011", email: elena, before: []string{"where are my candles", "where are the candles??"},
			text: "useless, same answer again", fresh: true, person: true, noProposal: true, notTools: []string{toolname.SearchDocs}},
		// Written after the first fixes: what the new readings must leave
		// alone.
		{name: "not circles: useless, it leaks", order: "#1006", email: samuel, before: []string{"where is my order"},
			text: "the coffee kit is useless, the filter leaks", tool: toolname.ReportDamage},
		{name: "not turned up: no report before", order: "#1006", email: samuel,
			text: "found it at my neighbours but one mug is missing", tool: toolname.ReportDamage, args: map[string]string{"items": "mug"}},
		{name: "not split: one parcel, candle missing", order: "#1003", email: daniel,
			text: "the candle is missing", noProposal: true, notTools: []string{toolname.ReportDamage}},
	}
	flow12Table(t, tests)
}

// flow12Table runs each case on a stack of its own and counts what fails;
// a case marked as a gap must still fail.
func flow12Table(t *testing.T, tests []flow12Case) {
	t.Helper()
	heldOutTable(t, "flow12", tests, func(c flow12Case) string { return c.name }, func(c flow12Case) string { return c.gap },
		func(t *testing.T, base string, log *resultLog, tc flow12Case) []string {
			if tc.stack == "f12" {
				base, log = heldoutStackOf(t, flow12Orders(t))
			}
			return flow12Run(t, base, log, tc)
		})
}

// flow12Run holds one conversation and says what its last turn got wrong.
func flow12Run(t *testing.T, base string, log *resultLog, tc flow12Case) []string {
	t.Helper()
	if tc.wait != "" {
		var out map[string]any
		postJSON(t, base+"/dev/clock", "", map[string]string{"advance": tc.wait}, &out)
	}
	c := chat(t, base, &log.toolLog, tc.order, tc.email)
	var earlier []string
	for _, s := range tc.before {
		earlier = append(earlier, c.say(s).reply)
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
		first := strings.Split(tc.tool, "|")[0]
		for k, v := range tc.args {
			if a := got.arg(first, k); !strings.Contains(strings.ToLower(a), strings.ToLower(v)) {
				bad("%s %s = %s, want %s", first, k, a, v)
			}
		}
	}
	for _, n := range tc.notTools {
		if got.called(n) {
			bad("tools %v, want no %s", got.toolNames(), n)
		}
	}
	// Nothing runs without a yes: no write is confirmed or done this turn.
	for _, a := range got.actions {
		tool, _ := a["tool"].(string)
		status, _ := a["status"].(string)
		for _, w := range writeTools {
			if tool == w && (status == "confirmed" || status == "done") {
				bad("%s %s without a yes (actions %v)", tool, status, got.actions)
			}
		}
	}
	if p := got.proposed(); tc.noProposal && p != "" {
		bad("proposed %s, want nothing proposed", p)
	}
	if tc.propose != "" && !got.hasStatus(tc.propose, "proposed") {
		bad("actions %v, want %s proposed", got.actions, tc.propose)
	}
	low := strings.ToLower(got.reply)
	for _, group := range tc.facts {
		var want []string
		for _, f := range group {
			switch {
			case f == "$estimate":
				want = append(want, flow12Estimates(log)...)
			case strings.HasPrefix(f, "$status:"):
				want = append(want, flow12StatusOf(log, strings.TrimPrefix(f, "$status:"))...)
			default:
				want = append(want, f)
			}
		}
		found := false
		for _, w := range want {
			found = found || strings.Contains(low, strings.ToLower(w))
		}
		if !found {
			bad("reply %q holds none of %q", got.reply, want)
		}
	}
	for _, u := range tc.unsaid {
		if strings.Contains(low, strings.ToLower(u)) {
			bad("reply %q says %q", got.reply, u)
		}
	}
	if tc.fresh {
		for _, e := range earlier {
			if flow12Opening(e) == flow12Opening(got.reply) {
				bad("reply %q repeats an earlier one", got.reply)
			}
		}
	}
	if tc.person && !got.called(toolname.Handover) && !flow12OffersPerson(low) {
		bad("reply %q offers no person", got.reply)
	}
	if tc.yes != "" {
		then := c.say(tc.yes)
		if !then.called(tc.after) && then.status(tc.after) != "done" {
			bad("after %q: tools %v actions %v, want %s", tc.yes, then.toolNames(), then.actions, tc.after)
		}
	}
	return problems
}

// flow12Opening is a reply's first 80 letters: two replies that open
// alike say the same thing.
func flow12Opening(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) > 80 {
		s = s[:80]
	}
	return s
}

func flow12OffersPerson(low string) bool {
	for _, w := range []string{"member of our team", "a person", "someone from our team", "our team", "a colleague", "human"} {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// flow12Estimates are the estimates the conversation's track_order
// results gave, as they would be said.
func flow12Estimates(log *resultLog) []string {
	var out []string
	for _, raw := range log.resultsOf(toolname.TrackOrder) {
		var res struct {
			Parcels []map[string]any `json:"parcels"`
		}
		_ = json.Unmarshal(raw, &res)
		for _, p := range res.Parcels {
			if s, ok := p["estimated_delivery"].(string); ok && s != "" {
				out = append(out, s)
				// The date alone, "Sun, Dec 6" of "Sun, Dec 6 – Tue, Dec 8".
				if i := strings.Index(s, " – "); i > 0 {
					out = append(out, s[:i])
				}
			}
		}
	}
	return out
}

// flow12StatusOf are the status facts of order's track_order results.
func flow12StatusOf(log *resultLog, order string) []string {
	var out []string
	for _, raw := range log.resultsOf(toolname.TrackOrder) {
		var res struct {
			Order string `json:"order_number"`
		}
		_ = json.Unmarshal(raw, &res)
		if res.Order == order {
			out = append(out, statusFacts(raw)...)
		}
	}
	return out
}
