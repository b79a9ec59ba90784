package offline_test

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/docs"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// ids8Orders are the demo shop's orders plus two replacement orders as
// doorstep names them: #1004-R for Tom (not shipped yet, so it can be
// cancelled) and #1006-R for Samuel (shipped and delivered).
func ids8Orders(t *testing.T) fs.FS {
	t.Helper()
	src := events.DemoOrders()
	out := fstest.MapFS{}
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(src, p)
		out[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	replacement := func(from, num, email, first, last string) []byte {
		raw, err := fs.ReadFile(src, from+".json")
		if err != nil {
			t.Fatal(err)
		}
		// New ids throughout: every id of the source order holds its number.
		raw = bytes.ReplaceAll(raw, []byte("00000"+from), []byte("00009"+from))
		var o map[string]any
		if err := json.Unmarshal(raw, &o); err != nil {
			t.Fatal(err)
		}
		o["name"], o["email"], o["contact_email"] = "#"+num+"-R", email, email
		o["tags"] = "doorstep-replacement, replaces-" + num
		if c, ok := o["customer"].(map[string]any); ok {
			c["email"], c["first_name"], c["last_name"] = email, first, last
		}
		for _, k := range []string{"shipping_address", "billing_address"} {
			if a, ok := o[k].(map[string]any); ok {
				a["first_name"], a["last_name"], a["name"] = first, last, first+" "+last
			}
		}
		b, err := json.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	out["1004-R.json"] = &fstest.MapFile{Data: replacement("1001", "1004", "tom.becker@example.com", "Tom", "Becker")}
	out["1006-R.json"] = &fstest.MapFile{Data: replacement("1006", "1006", "samuel.whitfield@example.com", "Samuel", "Whitfield")}
	return out
}

// ids8Stack is the runner on the demo shop with the replacement orders.
func ids8Stack(t *testing.T) (string, *toolLog) {
	t.Helper()
	log := &toolLog{}
	guides, err := docs.LoadFS(events.Docs())
	if err != nil {
		t.Fatal(err)
	}
	r, err := runner.New(runner.Config{DataDir: t.TempDir(), Start: demoStart, Shop: "demo-shop.myshopify.com", WebhookSecret: "s", ClientLimit: -1,
		Demo: ids8Orders(t), Model: log, Docs: docs.NewLibrary(guides), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(r.Handler())
	t.Cleanup(srv.Close)
	return srv.URL, log
}

// ids8Case is one held-out conversation: what the customer says, and the
// outcome of its last turn.
type ids8Case struct {
	class        string
	order, email string   // verified at the start when given
	before       []string // said first
	text         string
	tool         string            // called in the last turn
	args         map[string]string // its arguments hold these (case folded)
	tools        []string          // also called in the last turn, after tool
	propose      string            // this write proposed in the last turn
	noProposal   bool              // no write proposed or run
	mention      []string          // the reply holds each ("a|b": either; case folded)
	unsaid       []string          // the reply holds none of these (case folded)
	yes          string            // said after the last turn: the proposal runs
	acts         bool              // tool may act (a report of a parcel not received)
}

// Held-out phrasings (issue 18, ids8), written before reading the model:
// replacement orders ("#1004-R") referred to by name or as "the
// replacement"; a recipient name to correct; the order number and email
// given together or across two messages. Judged by outcome: the tool, its
// order number, the proposal, what ran after yes, the facts in the reply.
func TestIds8HeldOut(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"      // #1001 unshipped, 48 Linden Street
		priya  = "priya.natarajan@example.com"  // #1002 shipped
		daniel = "daniel.reyes@example.com"     // #1003 shipped
		tom    = "tom.becker@example.com"       // #1004 shipped; #1004-R unshipped replacement
		grace  = "grace.liu@example.com"        // #1005 shipped
		samuel = "samuel.whitfield@example.com" // #1006 delivered; #1006-R delivered replacement
	)
	track, cancel, verify, addr := toolname.TrackOrder, toolname.CancelOrder, toolname.VerifyCustomer, toolname.ChangeAddress
	on := func(o string) map[string]string { return map[string]string{"order_number": o} }
	who := func(o, e string) map[string]string { return map[string]string{"order_number": o, "email": e} }
	named := func(n string) map[string]string { return map[string]string{"name": n} }
	person := "team|person|colleague|someone|human"
	tests := []ids8Case{
		// 1. Replacement orders, by name or as "the replacement".
		{class: "replacement", order: "#1004", email: tom, text: "wheres order 1004-R", tool: track, args: on("1004-R")},
		{class: "replacement", order: "#1004", email: tom, text: "status of #1004-r pls", tool: track, args: on("1004-R")},
		{class: "replacement", order: "#1004", email: tom, text: "any news on the replacement you sent me?", tool: track, args: on("1004-R")},
		{class: "replacement", order: "#1004", email: tom, text: "wheres my replacment", tool: track, args: on("1004-R")},
		{class: "replacement", order: "#1004", email: tom, text: "has 1004R shipped yet", tool: track, args: on("1004-R")},
		{class: "replacement", order: "#1004", email: tom, text: "please cancel the replacement order, the first one showed up after all", propose: cancel, args: on("1004-R")},
		{class: "replacement", order: "#1004", email: tom, text: "cancel 1004-R, dont need it anymore", propose: cancel, args: on("1004-R")},
		{class: "replacement", order: "#1004", email: tom, text: "can u cancel the replacment? found the original parcel", propose: cancel, args: on("1004-R"), yes: "yes please"},
		// Delivered but not seen: a report of the replacement not received.
		{class: "replacement", order: "#1006", email: samuel, text: "did the replacement arrive? it says delivered but i didnt see it", tool: toolname.ReportNotReceived, args: on("1006-R"), acts: true},
		{class: "replacement", order: "#1006", email: samuel, text: "tracking for order 1006-R?", tool: track, args: on("1006-R"), mention: []string{"delivered"}},
		// Delivered: refused (the tool is not offered at that stage), about the replacement.
		{class: "replacement", order: "#1006", email: samuel, text: "cancel my replacement order", noProposal: true, mention: []string{"#1006-R"}},
		{class: "replacement", order: "#1004", email: tom, text: "where is order 1006-R", tool: track, args: on("1006-R"), unsaid: []string{"samuel", "asheville"}},
		{class: "replacement", text: "wheres order 1004-R", before: nil, noProposal: true, mention: []string{"email"}},
		{class: "replacement", before: []string{"what's happening with 1004-R?"}, text: tom, tool: verify, args: who("1004-R", tom), tools: []string{track}},
		{class: "es", order: "#1004", email: tom, text: "¿dónde está el pedido 1004-R?", tool: track, args: on("1004-R")},
		{class: "es", order: "#1004", email: tom, text: "quiero cancelar el reemplazo, ya llegó el original", propose: cancel, args: on("1004-R")},
		{class: "de", order: "#1006", email: samuel, text: "Wo ist meine Ersatzbestellung 1006-R?", tool: track, args: on("1006-R")},
		{class: "fr", order: "#1004", email: tom, text: "où en est la commande de remplacement ?", tool: track, args: on("1004-R")},
		{class: "fr", order: "#1004", email: tom, text: "annulez la commande 1004-R svp", propose: cancel, args: on("1004-R")},

		// 2. A recipient name to correct. Unshipped (#1001): the name on
		// the shipping address changes, as a proposal, the street kept.
		{class: "name", order: "#1001", email: maya, text: "the name on the order should be Camille Durand", propose: addr, args: named("Camille Durand"), mention: []string{"Camille Durand", "48 Linden Street"}},
		{class: "name", order: "#1001", email: maya, text: "wrong name on the parcel, it's Maia not Maya", propose: addr, mention: []string{"Maia Okafor", "48 Linden Street"}, yes: "yes"},
		{class: "name", order: "#1001", email: maya, text: "can you put it under my partner's name instead, Jordan Okafor", propose: addr, args: named("Jordan Okafor")},
		{class: "name", order: "#1001", email: maya, text: "pls change the recipient name to Maya Okafor-Reid", propose: addr, args: named("Maya Okafor-Reid")},
		{class: "name", order: "#1001", email: maya, text: "recipent name shoud be Camille Durand", propose: addr, args: named("Camille Durand")},
		{class: "name", order: "#1001", email: maya, text: "the name on my order is wrong", noProposal: true, mention: []string{"name"}, unsaid: []string{"street"}},
		{class: "name", order: "#1004", email: tom, text: "the name on my order is spelled wrong, should be Thomas Becker", noProposal: true, mention: []string{person}},
		{class: "name", order: "#1004", email: tom, text: "wrong name on the parcel, it's Tom not Thom", noProposal: true, mention: []string{person}},
		{class: "name", order: "#1001", email: maya, text: "how do i change the name on my account", noProposal: true, mention: []string{person}},
		{class: "es", order: "#1001", email: maya, text: "el nombre del pedido está mal, debe ser Camille Durand", propose: addr, args: named("Camille Durand")},
		{class: "de", order: "#1001", email: maya, text: "Der Name auf dem Paket ist falsch, bitte auf Jonas Weber ändern", propose: addr, args: named("Jonas Weber")},
		{class: "fr", order: "#1001", email: maya, text: "le nom sur le colis est faux, c'est Camille Durand", propose: addr, args: named("Camille Durand")},
		{class: "fr", order: "#1004", email: tom, text: "le nom sur ma commande est mal écrit, c'est Thomas Becker", noProposal: true, mention: []string{"équipe|personne|collègue|" + person}},

		// 3. Order number and email in one message, then what was asked.
		{class: "verify1", text: "its 1001, maya.okafor@example.com", tool: verify, args: who("1001", maya)},
		{class: "verify1", text: "order 1003 / email daniel.reyes@example.com", tool: verify, args: who("1003", daniel)},
		{class: "verify1", text: "1002 - priya.natarajan@example.com", tool: verify, args: who("1002", priya)},
		{class: "verify1", text: "1005,grace.liu@example.com", tool: verify, args: who("1005", grace)},
		{class: "verify1", text: "hi wheres my order? 1004 tom.becker@example.com", tool: verify, args: who("1004", tom), tools: []string{track}},
		{class: "verify1", text: "email: samuel.whitfield@example.com order: 1006 where's my stuff", tool: verify, args: who("1006", samuel), tools: []string{track}},
		{class: "verify1", text: "cancel my order pls, #1001 maya.okafor@example.com", tool: verify, args: who("1001", maya), propose: cancel},
		{class: "verify1", text: "ordre 1003 emial daniel.reyes@example.com", tool: verify, args: who("1003", daniel)},
		{class: "verify1", text: "1004-R, tom.becker@example.com", tool: verify, args: who("1004-R", tom)},
		{class: "verify1", text: "1001 / wrong.person@example.com", tool: verify, args: who("1001", "wrong.person@example.com"), noProposal: true},
		{class: "es", text: "mi pedido es el 1002 y mi correo priya.natarajan@example.com, ¿dónde está?", tool: verify, args: who("1002", priya), tools: []string{track}},
		{class: "de", text: "Bestellung 1004, E-Mail tom.becker@example.com – wo bleibt mein Paket?", tool: verify, args: who("1004", tom), tools: []string{track}},
		{class: "fr", text: "où est mon colis ? commande 1005, grace.liu@example.com", tool: verify, args: who("1005", grace), tools: []string{track}},

		// Across two messages, either one first.
		{class: "verify2", before: []string{"where is my parcel", "1004"}, text: tom, tool: verify, args: who("1004", tom), tools: []string{track}},
		{class: "verify2", before: []string{"where is my parcel", tom}, text: "1004", tool: verify, args: who("1004", tom), tools: []string{track}},
		{class: "verify2", before: []string{"i want to cancel", "order 1001"}, text: maya, tool: verify, args: who("1001", maya), propose: cancel},
		{class: "verify2", before: []string{"1003"}, text: "daniel.reyes@example.com", tool: verify, args: who("1003", daniel)},
		{class: "verify2", before: []string{"my email is grace.liu@example.com"}, text: "#1005", tool: verify, args: who("1005", grace)},
		{class: "verify2", before: []string{"hey where's my order", "the number is 1002"}, text: "its priya.natarajan@example.com", tool: verify, args: who("1002", priya), tools: []string{track}},
		{class: "verify2", before: []string{"whre is my pakage", "samuel.whitfield@example.com"}, text: "ordr 1006", tool: verify, args: who("1006", samuel), tools: []string{track}},
		{class: "es", before: []string{"¿dónde está mi pedido?", "1002"}, text: priya, tool: verify, args: who("1002", priya), tools: []string{track}},
		{class: "de", before: []string{"Ich möchte meine Bestellung stornieren", "maya.okafor@example.com"}, text: "1001", tool: verify, args: who("1001", maya), propose: cancel},
	}
	// gaps are the conversations still answered wrong: logged and
	// counted, never passing; one that passes must lose its mark.
	gaps := map[string]bool{}
	failed, gapped, total := map[string]int{}, map[string]int{}, map[string]int{}
	var classes []string
	for _, tt := range tests {
		if total[tt.class] == 0 {
			classes = append(classes, tt.class)
		}
		total[tt.class]++
		ok := t.Run(tt.class+"/"+tt.text, func(t *testing.T) {
			errorf, missed := t.Errorf, false
			if gaps[tt.text] {
				errorf = func(format string, args ...any) { missed = true; t.Logf("known gap: "+format, args...) }
				defer func() {
					if missed {
						gapped[tt.class]++
					} else {
						t.Errorf("a known gap passes now: take off its mark")
					}
				}()
			}
			// Each conversation on its own shop: a handoff or a cancel in one
			// would change what the next finds.
			base, log := ids8Stack(t)
			c := chat(t, base, log, tt.order, tt.email)
			for _, s := range tt.before {
				c.say(s)
			}
			got := c.say(tt.text)
			ids8Check(t, errorf, tt, got)
			if tt.yes != "" && tt.propose != "" {
				after := c.say(tt.yes)
				if s := after.status(tt.propose); s != "done" && s != "confirmed" {
					errorf("after %q: %s is %q, want it run (actions %v)", tt.yes, tt.propose, s, after.actions)
				}
			}
		})
		if !ok {
			failed[tt.class]++
		}
	}
	all, allGaps := 0, 0
	for _, c := range classes {
		all += failed[c] + gapped[c]
		allGaps += gapped[c]
		t.Logf("ids8 %s: %d of %d failed, %d of them known gaps", c, failed[c]+gapped[c], total[c], gapped[c])
	}
	t.Logf("ids8: %d of %d failed, %d of them known gaps", all, len(tests), allGaps)
}

// ids8Check judges the last turn of one conversation.
func ids8Check(t *testing.T, errorf func(string, ...any), tt ids8Case, got turnOut) {
	t.Helper()
	names := got.toolNames()
	want := tt.tool
	if want == "" {
		want = tt.propose
	}
	if want != "" && !got.called(want) {
		errorf("tools %v, want %s", names, want)
	}
	for k, v := range tt.args {
		if a := strings.ToLower(got.arg(want, k)); !strings.Contains(a, strings.ToLower(v)) {
			errorf("%s %s = %s, want %q", want, k, a, v)
		}
	}
	if want == toolname.TrackOrder || want == toolname.CancelOrder || want == toolname.ReportNotReceived {
		// "#1004" where "#1004-R" was meant is the wrong order.
		if n := got.arg(want, "order_number"); tt.args["order_number"] != "" && !strings.Contains(strings.ToLower(n), "-r") && strings.HasSuffix(strings.ToLower(tt.args["order_number"]), "-r") {
			errorf("%s ran on %s, want the replacement %s", want, n, tt.args["order_number"])
		}
	}
	seen := false
	for _, n := range names {
		seen = seen || n == want
		for _, w := range tt.tools {
			if n == w && !seen {
				errorf("tools %v: %s before %s", names, w, want)
			}
		}
	}
	for _, w := range tt.tools {
		if !got.called(w) {
			errorf("tools %v, want %s too", names, w)
		}
	}
	p := got.proposed()
	switch {
	case tt.propose != "" && p != tt.propose+":proposed":
		errorf("proposed %q, want %s (actions %v)", p, tt.propose, got.actions)
	case tt.noProposal && p != "":
		errorf("proposed %s, want nothing proposed", p)
	}
	if tt.propose == "" && !tt.noProposal && !tt.acts && p != "" {
		errorf("proposed %s, want nothing proposed", p)
	}
	if m := saysAll(got.reply, tt.mention); len(m) > 0 {
		errorf("reply %q, want it to say %q", got.reply, m)
	}
	low := strings.ToLower(got.reply)
	for _, u := range tt.unsaid {
		if strings.Contains(low, strings.ToLower(u)) {
			errorf("reply %q says %q", got.reply, u)
		}
	}
}
