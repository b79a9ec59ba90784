package offline_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// found13Orders are flow12Orders with #1014 for Ines: a throw and two
// candles of one line, in one parcel delivered this morning (so a report
// of it takes the look-around step first).
func found13Orders(t *testing.T) fs.FS {
	t.Helper()
	src := flow12Orders(t)
	b, err := fs.ReadFile(src, "1005.json")
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(strings.ReplaceAll(string(b), "000001005", "000001014"))
	var o map[string]any
	if err := json.Unmarshal(b, &o); err != nil {
		t.Fatal(err)
	}
	const email = "ines.moreau@example.com"
	o["name"], o["order_number"], o["number"] = "#1014", 1014, 14
	o["email"], o["contact_email"] = email, email
	o["created_at"], o["processed_at"], o["updated_at"] = "2026-11-15T10:00:00-05:00", "2026-11-15T10:00:00-05:00", "2026-11-20T08:15:00-05:00"
	o["financial_status"], o["fulfillment_status"] = "paid", "fulfilled"
	if c, ok := o["customer"].(map[string]any); ok {
		c["id"], c["email"], c["first_name"], c["last_name"] = 7700000000214, email, "Ines", "Moreau"
	}
	for _, k := range []string{"shipping_address", "billing_address"} {
		if a, ok := o[k].(map[string]any); ok {
			a["first_name"], a["last_name"], a["name"] = "Ines", "Moreau", "Ines Moreau"
		}
	}
	for _, li := range o["line_items"].([]any) {
		l := li.(map[string]any)
		l["fulfillment_status"], l["fulfillable_quantity"] = "fulfilled", 0
	}
	for _, f := range o["fulfillments"].([]any) {
		f := f.(map[string]any)
		f["line_items"] = o["line_items"]
		f["name"], f["status"] = "#1014.1", "success"
		f["shipment_status"], f["created_at"], f["updated_at"] = "delivered", "2026-11-17T09:00:00-05:00", "2026-11-20T08:15:00-05:00"
	}
	out := fstest.MapFS{}
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
	nb, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	out["1014.json"] = &fstest.MapFile{Data: nb}
	return out
}

// found13Case is one conversation and the outcome of its last turn.
type found13Case struct {
	name         string
	order, email string
	before       []string
	text         string
	tools        []string          // all called in the last turn
	args         map[string]string // the last named tool's arguments hold these (case folded)
	notTools     []string          // none called in the last turn
	propose      string            // this write proposed in the last turn
	noProposal   bool
	then         string // said after the last turn
	thenPropose  string // the write proposed after then
	thenArgs     map[string]string
	gap          string
}

// Held-out phrasings (issue 18, found13), written before reading
// pkg/offline: a parcel the customer reported not received that came
// after all closes their report (parcel_arrived), alone or with a
// request that then goes as for any delivered order; "delivered but not
// here" is a not-received report; one unit of two short is a missing
// item, and "not there" after it stays about that item.
func TestHeldOutFound13(t *testing.T) {
	const (
		daniel = "daniel.reyes@example.com"
		noor   = "noor.haddad@example.com"
		ines   = "ines.moreau@example.com"
	)
	said := []string{"it says delivered but it's not here"}
	arrived := []string{toolname.ParcelArrived}
	notWrites := []string{toolname.ReportNotReceived, toolname.ReportDamage, toolname.StartReturn}
	found := func(name, text string) found13Case {
		return found13Case{name: name, order: "#1003", email: daniel, before: said, text: text, tools: arrived, notTools: notWrites, noProposal: true}
	}
	missing := map[string]string{"problem": "missing"}
	tests := []found13Case{
		found("F1 behind the bins", "found it! it was behind the bins the whole time"),
		found("F2 turned up this morning", "nvm it turned up this morning"),
		found("F2b turnd typo", "nvm it turnd up this morning"),
		found("F3 neighbour had it", "my neighbour had it, all good now"),
		found("F4 my mistake its here", "my mistake, its here. sorry"),
		found("F5 came after all", "the parcel came after all, thanks"),
		found("F6 son took it in", "oh wait my son took it in yesterday, i have it"),
		found("F7 arrived ignore", "ok it arrived, ignore my last msg"),
		found("F8 it DID arrive", "it DID arrive actually"),
		found("F9 mailroom", "found the package in the mailroom"),
		found("F10 wife grabbed it", "my wife grabbed it from the porch before I got home, so we have it"),
		found("F11 typos showed up", "pakage finaly showed up lol"),
		found("F12 es vecino", "lo encontré, estaba con el vecino"),
		found("F13 de angekommen", "Paket ist doch angekommen, danke"),
		found("F14 fr voisine", "j'ai retrouvé le colis chez ma voisine"),
		// Written after the eval: a report a person was handed (the
		// delivery check's own record) closes the same way.
		{name: "H1 handed over, my mistake", order: "#1006", email: "samuel.whitfield@example.com", before: said,
			text: "my mistake, its here. sorry", tools: arrived, notTools: notWrites, noProposal: true},
		{name: "H2 handed over, DID arrive + return", order: "#1006", email: "samuel.whitfield@example.com", before: said,
			text: "my parcel DID arrive, never said it didn't; i want to return the coffee kit", tools: []string{toolname.ParcelArrived, toolname.StartReturn},
			args: map[string]string{"items": "kit"}, propose: toolname.StartReturn},
		// A correction with a request: closed, then the request as for any
		// delivered order.
		{name: "R1 DID arrive, return a candle", order: "#1014", email: ines, before: said,
			text: "my parcel DID arrive, never said it didn't; want to return a candle", tools: []string{toolname.ParcelArrived, toolname.StartReturn},
			args: map[string]string{"items": "candle"}, propose: toolname.StartReturn, notTools: []string{toolname.ReportNotReceived}},
		{name: "R2 came after all, return one", order: "#1014", email: ines, before: said,
			text: "it came after all. can i return one of the candles? havent used it", tools: []string{toolname.ParcelArrived, toolname.StartReturn},
			args: map[string]string{"items": "candle"}, propose: toolname.StartReturn, notTools: []string{toolname.ReportNotReceived}},
		{name: "R3 found it, send the mug back", order: "#1013", email: noor, before: said,
			text: "found it. now i'd like to send the mug back", tools: []string{toolname.ParcelArrived, toolname.StartReturn},
			args: map[string]string{"items": "mug"}, propose: toolname.StartReturn, notTools: []string{toolname.ReportNotReceived}},
		// The trial's own sequence: closed, then the return next turn.
		{name: "R4 trial: it did arrive, then return one candle", order: "#1014", email: ines,
			before: []string{"only 1 candle in the box", "nope not there. send another one pls", "it says delivered but nothing came"},
			text:   "my parcel DID arrive, never said it didn't", tools: arrived, notTools: notWrites,
			then: "ok return one candle, haven't burned it", thenPropose: toolname.StartReturn, thenArgs: map[string]string{"items": "candle"}},
		// Delivered but not here: a not-received report.
		{name: "D1 app says delivered", order: "#1003", email: daniel, text: "the app says delivered?? no box here",
			tools: []string{toolname.ReportNotReceived}, notTools: []string{toolname.ReportDamage}},
		{name: "D2 nothing at my door", order: "#1003", email: daniel, text: "tracking says delivered but theres nothing at my door",
			tools: []string{toolname.ReportNotReceived}, notTools: []string{toolname.ReportDamage}},
		{name: "D3 got nothing", order: "#1003", email: daniel, text: "says it was delivered yesterday but i got nothing",
			tools: []string{toolname.ReportNotReceived}, notTools: []string{toolname.ReportDamage}},
		{name: "D4 deliverd no parcel", order: "#1003", email: daniel, text: "marked as deliverd but no parcel anywhere",
			tools: []string{toolname.ReportNotReceived}, notTools: []string{toolname.ReportDamage}},
		{name: "D5 es entregado", order: "#1003", email: daniel, text: "dice entregado pero no me ha llegado nada",
			tools: []string{toolname.ReportNotReceived}, notTools: []string{toolname.ReportDamage}},
		// One unit of two short: a missing item.
		{name: "M1 one mug of two", order: "#1013", email: noor, text: "only got one mug, i ordered two",
			tools: []string{toolname.ReportDamage}, args: map[string]string{"problem": "missing", "items": "mug"}, notTools: []string{toolname.ReportNotReceived}},
		{name: "M2 1 of the 2 candles", order: "#1014", email: ines, text: "box had 1 of the 2 candles",
			tools: []string{toolname.ReportDamage}, args: map[string]string{"problem": "missing", "items": "candle"}, notTools: []string{toolname.ReportNotReceived}},
		{name: "M3 only 1 candle", order: "#1014", email: ines, text: "only 1 candle in the box",
			tools: []string{toolname.ReportDamage}, args: map[string]string{"problem": "missing", "items": "candle"}, notTools: []string{toolname.ReportNotReceived}},
		{name: "M4 ordered 2 mugs, one inside", order: "#1013", email: noor, text: "ordered 2 mugs but there was just one inside",
			tools: []string{toolname.ReportDamage}, args: map[string]string{"problem": "missing", "items": "mug"}, notTools: []string{toolname.ReportNotReceived}},
		{name: "M5 one of two candles missing", order: "#1014", email: ines, text: "one of the two candles is missing from the package",
			tools: []string{toolname.ReportDamage}, args: map[string]string{"problem": "missing", "items": "candle"}, notTools: []string{toolname.ReportNotReceived}},
		// "Not there" after a missing-item exchange stays about the item.
		{name: "N1 nope not there", order: "#1014", email: ines, before: []string{"only 1 candle in the box"},
			text: "nope not there. send another one pls", tools: []string{toolname.ReportDamage}, args: missing, notTools: []string{toolname.ReportNotReceived}},
		{name: "N2 checked twice", order: "#1013", email: noor, before: []string{"only got one mug, i ordered two"},
			text: "no its not there, checked twice", tools: []string{toolname.ReportDamage}, args: missing, notTools: []string{toolname.ReportNotReceived}},
	}
	heldOutTable(t, "found13", tests, func(c found13Case) string { return c.name }, func(c found13Case) string { return c.gap },
		func(t *testing.T, _ string, _ *resultLog, tc found13Case) []string {
			base, log := heldoutStackOf(t, found13Orders(t))
			return found13Run(t, base, log, tc)
		})
}

// found13Run holds one conversation and says what its last turn (and the
// turn after it) got wrong.
func found13Run(t *testing.T, base string, log *resultLog, tc found13Case) []string {
	t.Helper()
	c := chat(t, base, &log.toolLog, tc.order, tc.email)
	for _, s := range tc.before {
		c.say(s)
	}
	got := c.say(tc.text)
	var problems []string
	bad := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	for _, tool := range tc.tools {
		if !got.called(tool) {
			bad("tools %v, want %s", got.toolNames(), tool)
		}
	}
	if len(tc.tools) > 0 {
		last := tc.tools[len(tc.tools)-1]
		for k, v := range tc.args {
			if a := got.arg(last, k); !strings.Contains(strings.ToLower(a), strings.ToLower(v)) {
				bad("%s %s = %s, want %s", last, k, a, v)
			}
		}
	}
	for _, n := range tc.notTools {
		if got.called(n) {
			bad("tools %v, want no %s", got.toolNames(), n)
		}
	}
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
	if tc.then != "" {
		then := c.say(tc.then)
		if !then.hasStatus(tc.thenPropose, "proposed") {
			bad("after %q: tools %v actions %v, want %s proposed", tc.then, then.toolNames(), then.actions, tc.thenPropose)
		}
		for k, v := range tc.thenArgs {
			if a := then.arg(tc.thenPropose, k); !strings.Contains(strings.ToLower(a), strings.ToLower(v)) {
				bad("after %q: %s %s = %s, want %s", tc.then, tc.thenPropose, k, a, v)
			}
		}
	}
	return problems
}
