package runner_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/runner"
)

// Every resolution of issue 16 through the Bedrock tool protocol: a fake
// Bedrock runtime (POST /model/{id}/converse) plays a model by a script of
// the customer's words, driven through the real SDK client and adapter,
// with what the demo shop applied read back from GET /dev/shop/actions.

// move is what the scripted model does when the customer's last message
// contains when (or, for a "yes", starts with it): call tool with input.
type move struct {
	when  string
	tool  string
	input map[string]any
}

// toolCall is one tool use the fake model sent, with the tools the request
// offered it and the tool result the agent sent back.
type toolCall struct {
	tool    string
	input   map[string]any
	offered []string
	result  string
}

type playedModel struct {
	mu    sync.Mutex
	moves []move
	calls []toolCall
	posts int
}

func (f *playedModel) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Messages []struct {
			Role    string           `json:"role"`
			Content []map[string]any `json:"content"`
		} `json:"messages"`
		ToolConfig struct {
			Tools []struct {
				ToolSpec struct {
					Name string `json:"name"`
				} `json:"toolSpec"`
			} `json:"tools"`
		} `json:"toolConfig"`
	}
	raw, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(raw, &body); err != nil || len(body.Messages) == 0 {
		http.Error(w, `{"message":"bad request"}`, http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.posts++
	last := body.Messages[len(body.Messages)-1]
	text, result := "", ""
	for _, c := range last.Content {
		if t, ok := c["text"].(string); ok {
			text = strings.ToLower(t)
		}
		if tr, ok := c["toolResult"]; ok {
			b, _ := json.Marshal(tr)
			result = string(b)
		}
	}
	var out any
	switch {
	case result != "":
		if n := len(f.calls); n > 0 {
			f.calls[n-1].result = result
		}
		out = converseText("Here is what I can do for you.")
	default:
		out = converseText("Would you like me to pass this to a member of our team?")
		for _, m := range f.moves {
			if strings.Contains(text, m.when) && (m.when != "yes" || strings.HasPrefix(text, "yes")) {
				var offered []string
				for _, t := range body.ToolConfig.Tools {
					offered = append(offered, t.ToolSpec.Name)
				}
				f.calls = append(f.calls, toolCall{tool: m.tool, input: m.input, offered: offered})
				out = converseTool(m.tool, m.input)
				break
			}
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

// lastCall is the model's latest tool call; it fails the test if the
// request did not offer that tool (a real model cannot call it then).
func (f *playedModel) lastCall(t *testing.T, tool string) toolCall {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.calls) == 0 || f.calls[len(f.calls)-1].tool != tool {
		t.Fatalf("model calls %+v, want %s last", f.calls, tool)
	}
	c := f.calls[len(f.calls)-1]
	t.Logf("model called %s %v; tool result %s", c.tool, c.input, c.result)
	if !slices.Contains(c.offered, tool) {
		t.Errorf("%s called but not offered (offered %v)", tool, c.offered)
	}
	return c
}

func playedRunner(t *testing.T, moves ...move) (*runner.Runner, *httptest.Server, *playedModel) {
	t.Helper()
	fake := &playedModel{moves: moves}
	r := converseRunner(t, fake)
	return r, startServer(t, r), fake
}

// resultHas fails the test unless the tool result the agent sent the model
// holds each part.
func resultHas(t *testing.T, c toolCall, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(c.result, p) {
			t.Errorf("tool result of %s %s lacks %s", c.tool, c.result, p)
		}
	}
}

func items(titles ...string) []any {
	var out []any
	for _, t := range titles {
		out = append(out, map[string]any{"title": t})
	}
	return out
}

// Cancel: an unfulfilled order is stated, and the yes cancels exactly it
// (refund, restock, notify) once, though the model confirms naming
// another order; a partly fulfilled one is refused with the reason.
func TestResolutionsBedrockCancel(t *testing.T) {
	_, srv, fake := playedRunner(t,
		move{"just do it", "cancel_order", map[string]any{"confirm": true, "order_number": "#1001"}},
		move{"cancel", "cancel_order", map[string]any{}},
		move{"yes", "cancel_order", map[string]any{"confirm": true, "order_number": "#1010"}})

	c, _ := startChat(t, srv, map[string]string{"email": "marcus.johnson@example.com", "order_number": "#1010"})
	_, acts := c.say("please cancel my order")
	resultHas(t, fake.lastCall(t, "cancel_order"), `"status":"refused"`, `"order_number":"#1010"`, "already been handed to the carrier")
	if !hasStatus(acts, "refused") {
		t.Errorf("actions %v, want refused", statusesOf(acts))
	}
	c.say("yes")
	if got := ofType(shopActions(t, srv), "cancel"); len(got) != 0 {
		t.Fatalf("a partly fulfilled order was cancelled: %+v", got)
	}

	c, _ = startChat(t, srv, map[string]string{"email": "maya.okafor@example.com", "order_number": "#1001"})
	// A model that confirms what it never stated runs nothing.
	c.say("just do it")
	resultHas(t, fake.lastCall(t, "cancel_order"), "no_consent")
	if n := len(shopActions(t, srv)); n != 0 {
		t.Fatalf("%d shop actions on a confirm of nothing stated", n)
	}
	reply, _ := c.say("I need to cancel my order")
	fake.lastCall(t, "cancel_order")
	wantIn(t, reply, "I'll cancel order #1001", "1 × Pour-Over Coffee Kit (Walnut)", "1 × Unbleached Paper Filters (Pack of 100)", "refund $85.51", "Shall I go ahead")
	if got := ofType(shopActions(t, srv), "cancel"); len(got) != 0 {
		t.Fatalf("cancelled before the yes: %+v", got)
	}
	_, acts = c.say("yes")
	resultHas(t, fake.lastCall(t, "cancel_order"), `"status":"cancelled"`, `"order_number":"#1001"`, `"refund":"$85.51"`, `"restocked":true`)
	if !hasStatus(acts, "done") {
		t.Errorf("actions %v, want done", statusesOf(acts))
	}
	want := func() {
		t.Helper()
		all := shopActions(t, srv)
		cancels := ofType(all, "cancel")
		if len(all) != 1 || len(cancels) != 1 || cancels[0].Order != "#1001" || cancels[0].Amount != "85.51" || cancels[0].Currency != "USD" || len(cancels[0].Lines) != 2 ||
			cancels[0].Detail["restock"] != true || cancels[0].Detail["notify_customer"] != true || cancels[0].Detail["refund_method"] != "original_payment" {
			t.Fatalf("shop actions %+v, want one cancel of #1001 for 85.51", all)
		}
	}
	want()
	c.say("yes")
	want()
}

// Above the merchant's cancellation limit: the customer's yes, then a
// person's approval, then exactly the stated cancellation runs, once.
func TestResolutionsBedrockCancelApproval(t *testing.T) {
	_, srv, fake := playedRunner(t,
		move{"cancel", "cancel_order", map[string]any{"order_number": "#1001"}},
		move{"yes", "cancel_order", map[string]any{"confirm": true}})
	con := signIn(t, srv)
	con.set(func(s map[string]any) { s["policy"].(map[string]any)["cancel_auto_limit"] = 5000 })
	c, _ := startChat(t, srv, map[string]string{"email": "maya.okafor@example.com", "order_number": "#1001"})
	reply, _ := c.say("can you cancel my order?")
	wantIn(t, reply, "I'll cancel order #1001", "refund $85.51", "approves")
	_, acts := c.say("yes")
	fake.lastCall(t, "cancel_order")
	if !hasStatus(acts, "needs_approval") || len(shopActions(t, srv)) != 0 {
		t.Fatalf("actions %v, shop %+v: want needs_approval and nothing run", statusesOf(acts), shopActions(t, srv))
	}
	aps := con.approvals()
	if len(aps) != 1 || aps[0].Action.Tool != "cancel_order" || aps[0].Action.Proposal.Amount != 8551 || len(aps[0].Action.Proposal.Lines) != 2 {
		t.Fatalf("approvals %+v", aps)
	}
	for range 2 {
		con.do("POST", "/console/api/handoffs/"+aps[0].ID+"/decide", map[string]any{"approve": true}, nil)
		c.say("yes")
		if all := shopActions(t, srv); len(all) != 1 || all[0].Type != "cancel" || all[0].Order != "#1001" || all[0].Amount != "85.51" {
			t.Fatalf("shop actions %+v, want one cancel of #1001 for 85.51", all)
		}
	}
	tr := c.transcript()
	wantIn(t, strings.Join(tr, "\n"), "approved the cancellation on order #1001")
}

// Damage: a replacement and a keep-it refund of just the mug (below the
// merchant's keep-it value, nothing comes back), and a refund of the coffee
// kit (above it) once it is returned; the model's confirmations carry other
// items and resolutions, and run only what was stated.
func TestResolutionsBedrockDamage(t *testing.T) {
	_, srv, fake := playedRunner(t,
		move{"other mug", "report_damage", map[string]any{"items": items("mug"), "problem": "damaged", "resolution": "refund"}},
		move{"cracked", "report_damage", map[string]any{"items": items("mug"), "problem": "damaged"}},
		move{"replacement", "report_damage", map[string]any{"items": items("mug"), "problem": "damaged", "resolution": "replacement"}},
		move{"coffee kit", "report_damage", map[string]any{"items": items("coffee kit"), "problem": "defective", "resolution": "refund"}},
		move{"yes", "report_damage", map[string]any{"confirm": true, "items": items("mug", "coffee kit"), "problem": "wrong_item", "resolution": "store_credit"}})
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})

	c.say("my order arrived broken, the mug is cracked in half")
	resultHas(t, fake.lastCall(t, "report_damage"), `"status":"ask_customer"`, "replacement of 1 × Harbor Stoneware Mug (Sea Glass / 12 oz)", "refund of $25.68")
	reply, _ := c.say("can I get a replacement?")
	wantIn(t, reply, "I'll send you a replacement of 1 × Harbor Stoneware Mug (Sea Glass / 12 oz) from order #1006 at no cost", "no need to send anything back")
	for range 2 {
		c.say("yes")
		acts := shopActions(t, srv)
		if r := ofType(acts, "replacement"); len(acts) != 1 || len(r) != 1 || r[0].Order != "#1006" || len(r[0].Lines) != 1 ||
			r[0].Lines[0].Title != "Harbor Stoneware Mug" || r[0].Lines[0].Quantity != 1 || r[0].Detail["replacement_order"] != "#1006-R" {
			t.Fatalf("shop actions %+v, want one replacement of one mug", acts)
		}
	}

	reply, _ = c.say("the other mug is cracked too, I'd like a refund for it")
	fake.lastCall(t, "report_damage")
	wantIn(t, reply, "refund $25.68", "1 × Harbor Stoneware Mug (Sea Glass / 12 oz)")
	wantNotIn(t, reply, "Coffee Kit", "return label")
	for range 2 {
		c.say("yes")
		acts := shopActions(t, srv)
		if r := ofType(acts, "refund"); len(acts) != 2 || len(r) != 1 || r[0].Order != "#1006" || r[0].Amount != "25.68" || len(r[0].Lines) != 1 ||
			r[0].Lines[0].Title != "Harbor Stoneware Mug" || r[0].Lines[0].Quantity != 1 {
			t.Fatalf("shop actions %+v, want a keep-it refund of 25.68 for one mug", acts)
		}
	}

	reply, _ = c.say("the coffee kit is defective too, I'd like a refund for it")
	fake.lastCall(t, "report_damage")
	wantIn(t, reply, "I'll refund $68.48 for 1 × Pour-Over Coffee Kit (Walnut) from order #1006", "once it is back with us")
	for range 2 {
		c.say("yes")
		acts := shopActions(t, srv)
		rets := ofType(acts, "return")
		if len(acts) != 3 || len(rets) != 1 || len(rets[0].Lines) != 1 || rets[0].Lines[0].Title != "Pour-Over Coffee Kit" ||
			rets[0].Detail["reason"] != "DEFECTIVE" || rets[0].Detail["resolution"] != "refund" || len(ofType(acts, "refund")) != 1 {
			t.Fatalf("shop actions %+v, want a return of the kit alone and no new refund", acts)
		}
	}
}

// Exchange: out of stock, the customer hears so and is offered credit or
// a refund; in stock, the yes sets up one exchange of what was stated,
// whether the model then confirms with the out-of-stock colour or calls
// again without confirm (which, the order holding two mugs, would state
// the very same exchange of the other mug: a repeated yes ran it twice).
func TestResolutionsBedrockExchange(t *testing.T) {
	charcoal := map[string]any{"item": map[string]any{"title": "mug"}, "want": "charcoal", "reason": "COLOR"}
	for _, tc := range []struct {
		name string
		yes  move
	}{
		{"confirm with other arguments", move{"yes", "exchange_item", map[string]any{"confirm": true, "item": map[string]any{"title": "mug", "quantity": 2}, "want": "sand"}}},
		{"the same call again without confirm", move{"yes", "exchange_item", charcoal}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, srv, fake := playedRunner(t,
				move{"sand", "exchange_item", map[string]any{"item": map[string]any{"title": "mug"}, "want": "sand", "reason": "COLOR"}},
				move{"charcoal", "exchange_item", charcoal},
				tc.yes)
			c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})

			c.say("can I swap a mug for the sand one?")
			resultHas(t, fake.lastCall(t, "exchange_item"), `"status":"out_of_stock"`, "Sand / 12 oz", "store credit of $25.68", "refund of $25.68")
			if n := len(shopActions(t, srv)); n != 0 {
				t.Fatalf("%d shop actions for an out-of-stock exchange", n)
			}

			reply, _ := c.say("then can I exchange a mug for the charcoal one instead?")
			fake.lastCall(t, "exchange_item")
			stated := "I'll exchange 1 × Harbor Stoneware Mug (Sea Glass / 12 oz) from order #1006 for 1 × Harbor Stoneware Mug (Charcoal / 12 oz)"
			wantIn(t, reply, stated, "Shall I go ahead")
			reply, acts := c.say("yes")
			if !hasStatus(acts, "done") || hasStatus(acts, "proposed") || strings.Contains(reply, stated) {
				t.Errorf("after the yes: actions %v, reply %q: want done, nothing stated again", statusesOf(acts), reply)
			}
			c.say("yes")
			acts2 := shopActions(t, srv)
			ex := ofType(acts2, "exchange")
			if len(acts2) != 1 || len(ex) != 1 || ex[0].Order != "#1006" || len(ex[0].Lines) != 1 || ex[0].Lines[0].Variant != "Sea Glass / 12 oz" || ex[0].Lines[0].Quantity != 1 {
				t.Fatalf("shop actions %+v, want one exchange of one mug", acts2)
			}
			if f, _ := ex[0].Detail["exchange_for"].(map[string]any); f["variant"] != "Charcoal / 12 oz" || f["variant_id"] != "4700000000102" {
				t.Fatalf("exchange_for %+v", ex[0].Detail)
			}
		})
	}
}

// Not received: within the merchant's wait after the delivery scan, look
// around until a stated time, with nothing done in the shop; after it, the
// delivery policy's step, once however often the model is asked.
func TestResolutionsBedrockNotReceived(t *testing.T) {
	r, srv, fake := playedRunner(t,
		move{"never got it", "report_not_received", map[string]any{"order_number": "#1006"}},
		move{"hasn't turned up", "report_not_received", map[string]any{}},
		move{"yes", "report_not_received", map[string]any{"order_number": "#1006"}})
	con := signIn(t, srv)
	con.set(func(s map[string]any) { s["policy"].(map[string]any)["not_received_wait_hours"] = 24 * 365 })
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})

	openCases := func() []string {
		t.Helper()
		hs, err := r.Escalation.List(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		var open []string
		for _, h := range hs {
			if h.Order == "#1006" && h.IsOpen() {
				open = append(open, h.ID)
			}
		}
		return open
	}

	c.say("it says delivered but I never got it")
	resultHas(t, fake.lastCall(t, "report_not_received"), `"status":"look_around"`, "neighbours", `"until":"Mon Nov 29, 2027 at 4:36 PM EST"`)
	if n, open := len(shopActions(t, srv)), openCases(); n != 0 || len(open) != 0 {
		t.Fatalf("%d shop actions, open cases %v while looking around", n, open)
	}

	// After the wait, the demo shop's delivery policy for a parcel not
	// received (watch.DefaultPolicy: a person) acts, once.
	con.set(func(s map[string]any) { s["policy"].(map[string]any)["not_received_wait_hours"] = 0 })
	_, acts := c.say("it still hasn't turned up, the parcel says delivered but it's not here")
	resultHas(t, fake.lastCall(t, "report_not_received"), `"status":"reported"`, `"action":"person"`, `"order_number":"#1006"`)
	if !hasStatus(acts, "done") {
		t.Errorf("actions %v, want done", statusesOf(acts))
	}
	open := openCases()
	if len(open) != 1 || len(shopActions(t, srv)) != 0 {
		t.Fatalf("open cases about #1006 %v, shop actions %+v: want one case, nothing in the shop", open, shopActions(t, srv))
	}
	c.say("yes")
	c.say("it says delivered but I never got it")
	if again, acts := openCases(), shopActions(t, srv); !slices.Equal(again, open) || len(acts) != 0 {
		t.Errorf("asked again: open cases %v → %v, shop actions %+v", open, again, acts)
	}
}

// Store credit at the merchant's 10% bonus: $68.48 refundable becomes
// exactly $75.32 (7532 cents) of credit, issued once to the customer's
// store credit account, though the model confirms asking for a refund of
// everything.
func TestResolutionsBedrockStoreCredit(t *testing.T) {
	_, srv, fake := playedRunner(t,
		move{"store credit", "start_return", map[string]any{"items": items("coffee kit"), "reason": "UNWANTED", "resolution": "store_credit"}},
		move{"coffee kit", "start_return", map[string]any{"items": items("coffee kit"), "reason": "UNWANTED"}},
		move{"yes", "start_return", map[string]any{"confirm": true, "all": true, "reason": "DEFECTIVE", "resolution": "refund"}})
	con := signIn(t, srv)
	con.set(func(s map[string]any) { s["policy"].(map[string]any)["store_credit_bonus_percent"] = 10 })
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})

	reply, _ := c.say("I want to return the coffee kit")
	fake.lastCall(t, "start_return")
	wantIn(t, reply, "refund of $68.48", "store credit, it would be $75.32 instead (a 10% bonus)")
	reply, _ = c.say("store credit please")
	fake.lastCall(t, "start_return")
	wantIn(t, reply, "1 × Pour-Over Coffee Kit (Walnut)", "$75.32 in store credit, including a 10% bonus")
	for range 2 {
		c.say("yes")
		fake.lastCall(t, "start_return")
		acts := shopActions(t, srv)
		credits, returns := ofType(acts, "store_credit"), ofType(acts, "return")
		if len(acts) != 2 || len(returns) != 1 || returns[0].Detail["resolution"] != "store_credit" || len(returns[0].Lines) != 1 || returns[0].Lines[0].Title != "Pour-Over Coffee Kit" {
			t.Fatalf("shop actions %+v, want one return of the kit for store credit", acts)
		}
		if len(credits) != 1 || credits[0].Order != "#1006" || credits[0].Amount != "75.32" || credits[0].Currency != "USD" ||
			credits[0].Detail["issued_as"] != "store_credit_account" || credits[0].Detail["customer_id"] != "7700000000106" {
			t.Fatalf("credits %+v, want 75.32 USD once to the store credit account", credits)
		}
	}
	var rep struct {
		Total struct {
			Kept    int64 `json:"credit_kept_cents"`
			Issued  int64 `json:"credit_issued_cents"`
			Credits int64 `json:"credits"`
		} `json:"total"`
	}
	if code := con.do("GET", "/console/api/metrics?days=30", nil, &rep); code != 200 {
		t.Fatalf("metrics: %d", code)
	}
	if rep.Total.Kept != 6848 || rep.Total.Issued != 7532 || rep.Total.Credits != 1 {
		t.Errorf("metrics %+v, want 6848 kept, 7532 issued, 1", rep.Total)
	}
}

// Discount codes: a happy check-in answer in a chat run by the Bedrock
// model brings a unique code for the customer and one for a friend, made
// in the demo shop; saying so again, or asking for the friend's code,
// makes no more.
func TestResolutionsBedrockDiscountCode(t *testing.T) {
	_, srv, fake := playedRunner(t)
	if code := post(t, srv.URL+"/dev/clock", "", map[string]string{"advance": "72h"}, nil); code != 200 {
		t.Fatalf("clock: %d", code)
	}
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	reply, _ := c.say("Love it, thank you!")
	wantIn(t, reply, "wonderful")
	codes := ofType(shopActions(t, srv), "discount_code")
	if len(codes) != 2 {
		t.Fatalf("discount codes made: %+v, want 2", codes)
	}
	own, friend := codes[0].Detail["code"].(string), codes[1].Detail["code"].(string)
	if own == friend || !strings.HasPrefix(own, "THANKS-") || !strings.HasPrefix(friend, "FRIEND-") ||
		codes[0].Detail["usage_limit"] != 1.0 || codes[1].Detail["usage_limit"] != 1.0 || codes[0].Detail["customer_id"] != "7700000000106" {
		t.Errorf("codes %+v", codes)
	}
	wantIn(t, strings.Join(c.transcript(), "\n"), "code "+own+" takes 10% off your next order", friend)
	reply, _ = c.say("Can I get a discount code for my friend?")
	wantIn(t, reply, friend)
	c.say("Love it, thank you!")
	if got := ofType(shopActions(t, srv), "discount_code"); len(got) != 2 {
		t.Errorf("codes after asking again: %+v, want the 2", got)
	}
	// The check-in answer and the friend's code are answered in code; the
	// model saw only the last message.
	t.Logf("model calls: %d", fake.posts)
}
