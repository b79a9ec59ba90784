package agent_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/store/storetest"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

const kit = `{"order_number":"#1003","items":[{"title":"coffee kit"}],"reason":"UNWANTED"}`

// proposeKit has the agent state a return of #1003's coffee kit (turn at
// seq 1, stated in the reply at seq 2).
func proposeKit(t *testing.T, f *fixture, c *conversation.Conversation) {
	t.Helper()
	res := f.turn(t, c, "I want to return the coffee kit from #1003", 1, use(toolname.StartReturn, kit), say("Here is what I'd do."))
	if c.Pending == nil {
		t.Fatalf("no proposal stored; actions %+v, result %s", res.Actions, f.model.lastResult(t))
	}
	if !strings.Contains(res.Reply, c.Pending.Statement) {
		t.Fatalf("reply %q does not carry the statement %q word for word", res.Reply, c.Pending.Statement)
	}
}

func statuses(actions []conversation.Action) []string {
	var out []string
	for _, a := range actions {
		out = append(out, a.Tool+":"+a.Status)
	}
	return out
}

// The proposal is a record: the exact lines, amount, reason, statement.
func TestProposalIsARecord(t *testing.T) {
	f := setup(t)
	c := adaConv()
	proposeKit(t, f, c)
	p := *c.Pending
	want := conversation.Proposal{ID: p.ID, Tool: toolname.StartReturn, Order: "#1003", OrderID: "5",
		Lines:  []conversation.ProposalLine{{LineItemID: "5-3", VariantID: "v-kit", Title: "Pour-Over Coffee Kit", Variant: "Walnut", Quantity: 1, Price: 6400}},
		Reason: "UNWANTED", Resolution: "refund", Amount: 6400, Refundable: 6400, Currency: "USD", Statement: p.Statement, StatedAt: 2, At: now, Status: conversation.ProposalStated}
	if d := cmp.Diff(want, p); d != "" {
		t.Errorf("proposal (-want +got):\n%s", d)
	}
	for _, w := range []string{"1 × Pour-Over Coffee Kit (Walnut)", "#1003", "$64.00"} {
		if !strings.Contains(p.Statement, w) {
			t.Errorf("statement %q lacks %q", p.Statement, w)
		}
	}
	if strings.Contains(p.Statement, "Mug") {
		t.Errorf("statement names an item the customer did not: %q", p.Statement)
	}
}

// Consent counts only as the answer to the message that stated it: the
// next message confirms, declines or lapses it; nothing else runs it.
func TestConsentIsTheNextMessage(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		seq     int // the answer's Seq; the statement is at 2
		status  string
		returns int
	}{
		{"yes", "yes", 3, conversation.ProposalDone, 1},
		{"yes please", "Yes please, go ahead", 3, conversation.ProposalDone, 1},
		{"no", "no thanks", 3, conversation.ProposalDeclined, 0},
		{"another question", "can I get store credit instead?", 3, conversation.ProposalLapsed, 0},
		{"yes with a change", "yes but only the mug", 3, conversation.ProposalLapsed, 0},
		{"yes, but not the next message", "yes", 5, conversation.ProposalLapsed, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			c := adaConv()
			proposeKit(t, f, c)
			id := c.Pending.ID
			res := f.turn(t, c, tt.text, tt.seq, say("ok"))
			if f.shop.returns != tt.returns {
				t.Errorf("%d returns, want %d", f.shop.returns, tt.returns)
			}
			if c.Pending != nil {
				t.Errorf("proposal still pending after the customer's answer")
			}
			p, ok := c.FindProposal(id)
			if !ok || p.Status != tt.status {
				t.Errorf("proposal status %q, want %q", p.Status, tt.status)
			}
			// The transcript shows what the answer did to it.
			want := map[string]string{conversation.ProposalDone: "confirmed", conversation.ProposalDeclined: "declined", conversation.ProposalLapsed: "lapsed"}[tt.status]
			if len(res.Actions) == 0 || res.Actions[0].Status != want || res.Actions[0].Proposal != id {
				t.Errorf("actions %+v, want first %s of %s", res.Actions, want, id)
			}
		})
	}
}

// The repro: a proposal, an unrelated question, then "yes" (to
// the offer of a person) runs nothing, whatever the model then asks for.
func TestStaleYesRunsNothing(t *testing.T) {
	f := setup(t)
	c := adaConv()
	proposeKit(t, f, c)
	f.turn(t, c, "can I get store credit instead?", 3, say("Would you like me to pass this to a member of our team?"))
	res := f.turn(t, c, "yes", 5, use(toolname.StartReturn, `{"confirm":true}`), say("ok"))
	if f.shop.returns != 0 {
		t.Fatalf("a stale yes ran a return")
	}
	if got := f.model.lastResult(t); !strings.Contains(got, "no_consent") {
		t.Errorf("confirm after a lapse gave %s", got)
	}
	if got := statuses(res.Actions); len(got) != 0 {
		t.Errorf("actions %v", got)
	}
}

// Confirming runs exactly the stored proposal: the model's arguments on
// the confirming call (another order, other items, another reason) are
// ignored, and it runs before the model is asked.
func TestConfirmRunsTheStoredProposalWhateverTheModelSends(t *testing.T) {
	f := setup(t)
	c := adaConv()
	proposeKit(t, f, c)
	stored := *c.Pending
	f.turn(t, c, "yes", 3, use(toolname.StartReturn, `{"confirm":true,"order_number":"#1001","items":[{"title":"blue mug"}],"all":true,"reason":"DEFECTIVE"}`), say("done"))
	if f.shop.returns != 1 {
		t.Fatalf("%d returns", f.shop.returns)
	}
	got := f.shop.returned[0]
	want := agent.ReturnRequest{Shop: "s", OrderID: "5", Lines: []order.ReturnLine{{LineItemID: "5-3", Quantity: 1}}, Reason: "UNWANTED", Resolution: "refund", IdempotencyKey: stored.ID}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("return request (-want +got):\n%s", d)
	}
	if last := f.model.reqs[len(f.model.reqs)-1].Context; !strings.Contains(last, "confirmed your proposal") {
		t.Errorf("model not told the outcome: %s", last)
	}
	if r := f.model.lastResult(t); !strings.Contains(r, "Pour-Over Coffee Kit") || strings.Contains(r, "Blue mug") {
		t.Errorf("confirm result %s", r)
	}
}

func TestLinesByWhatTheCustomerSaid(t *testing.T) {
	tests := []struct {
		name, text, input string
		lines             []order.ReturnLine // nil: the customer is asked
		ask               string
	}{
		{"by title", "return the coffee kit", `{"items":[{"title":"coffee kit"}]}`, []order.ReturnLine{{LineItemID: "5-3", Quantity: 1}}, ""},
		{"by colour", "return the charcoal mug please", `{"items":[{"title":"mug","variant":"charcoal"}]}`, []order.ReturnLine{{LineItemID: "5-2", Quantity: 1}}, ""},
		{"colour in the title", "return the charcoal mug please", `{"items":[{"title":"charcoal mug"}]}`, []order.ReturnLine{{LineItemID: "5-2", Quantity: 1}}, ""},
		{"ambiguous", "return the mug", `{"items":[{"title":"mug"}]}`, nil, "Sea Glass / 12 oz) or Harbor Stoneware Mug (Charcoal"},
		{"both", "return both mugs", `{"items":[{"title":"both mugs"}]}`, []order.ReturnLine{{LineItemID: "5-1", Quantity: 1}, {LineItemID: "5-2", Quantity: 1}}, ""},
		{"plural takes all units", "return the candles", `{"items":[{"title":"candles"}]}`, []order.ReturnLine{{LineItemID: "5-4", Quantity: 2}}, ""},
		{"singular is one", "return a candle", `{"items":[{"title":"candle"}]}`, []order.ReturnLine{{LineItemID: "5-4", Quantity: 1}}, ""},
		{"quantity said", "return one candle", `{"items":[{"title":"candle","quantity":1}]}`, []order.ReturnLine{{LineItemID: "5-4", Quantity: 1}}, ""},
		{"too many", "return five candles", `{"items":[{"title":"candle","quantity":5}]}`, nil, "How many"},
		{"not on the order", "return the skillet", `{"items":[{"title":"skillet"}]}`, nil, "couldn't find"},
		{"nothing named", "I want to return something", `{}`, nil, "Which items"},
		{"everything asked", "return everything", `{"all":true}`, []order.ReturnLine{{LineItemID: "5-1", Quantity: 1}, {LineItemID: "5-2", Quantity: 1}, {LineItemID: "5-3", Quantity: 1}, {LineItemID: "5-4", Quantity: 2}}, ""},
		{"everything not asked", "return the kit", `{"all":true}`, nil, "Which items"},
		{"model adds an item", "return the kit", `{"items":[{"title":"kit"},{"title":"charcoal mug"}]}`, nil, "Which items"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			c := adaConv()
			c.CurrentOrder = "#1003"
			f.turn(t, c, tt.text, 1, use(toolname.StartReturn, tt.input), say("ok"))
			result := f.model.lastResult(t)
			if tt.lines == nil {
				if c.Pending != nil || !strings.Contains(result, tt.ask) {
					t.Errorf("want a question with %q; result %s, pending %+v", tt.ask, result, c.Pending)
				}
				return
			}
			if c.Pending == nil {
				t.Fatalf("no proposal; result %s", result)
			}
			var got []order.ReturnLine
			for _, l := range c.Pending.Lines {
				got = append(got, order.ReturnLine{LineItemID: l.LineItemID, Quantity: l.Quantity})
			}
			if d := cmp.Diff(tt.lines, got); d != "" {
				t.Errorf("lines (-want +got):\n%s", d)
			}
		})
	}
}

// Store credit: the customer asked for it; the amount has the bonus.
func TestStoreCreditProposal(t *testing.T) {
	f := setup(t)
	pol := policy.Default()
	pol.StoreCreditBonusPercent = 10
	f.agent.Policies = agent.StaticPolicy(pol)
	c := adaConv()
	c.CurrentOrder = "#1003"
	f.turn(t, c, "can I return the coffee kit for store credit?", 1, use(toolname.StartReturn, `{"items":[{"title":"coffee kit"}],"resolution":"store_credit"}`), say("ok"))
	if c.Pending == nil || c.Pending.Resolution != "store_credit" || c.Pending.Amount != 7040 || !strings.Contains(c.Pending.Statement, "$70.40 in store credit") {
		t.Fatalf("pending %+v", c.Pending)
	}
}

// Idempotency is by proposal: A, then B, then A again are three changes;
// the same proposal retried is one.
func TestIdempotencyKeyIsTheProposal(t *testing.T) {
	f := setup(t)
	c := adaConv()
	c.CurrentOrder = "#1002"
	addr := func(street string) string {
		return `{"address1":"` + street + `","city":"Portland","province":"OR","zip":"97201"}`
	}
	seq := 1
	for _, street := range []string{"42 Elm Street", "7 Oak Road", "42 Elm Street"} {
		f.turn(t, c, "please ship to "+street+", Portland, OR 97201", seq, use(toolname.ChangeAddress, addr(street)), say("ok?"))
		before := *c
		f.turn(t, c, "yes", seq+2, say("done"))
		// The same turn again (a retried request): nothing more happens.
		again := before
		f.turn(t, &again, "yes", seq+2, say("done"))
		seq += 4
	}
	var got []string
	for _, a := range f.shop.moved {
		got = append(got, a.Address1)
	}
	if d := cmp.Diff([]string{"42 Elm Street", "7 Oak Road", "42 Elm Street"}, got); d != "" {
		t.Errorf("address changes (-want +got):\n%s", d)
	}
}

// A failed write releases its claim, so a retried turn can run it.
func TestFailedWriteCanBeRetried(t *testing.T) {
	f := setup(t)
	c := adaConv()
	proposeKit(t, f, c)
	saved := *c
	f.shop.fail = errors.New("shopify is down")
	f.model.steps = []func(agent.Request) (agent.Response, error){say("done")}
	if _, err := f.agent.Turn(t.Context(), c, nil, "yes", 3); err == nil {
		t.Fatal("a failed write gave no error")
	}
	f.shop.fail = nil
	retry := saved
	f.turn(t, &retry, "yes", 3, say("done"))
	if f.shop.returns != 1 {
		t.Errorf("after a failure and a retry, %d returns", f.shop.returns)
	}
}

func TestPolicyRefusals(t *testing.T) {
	tests := []struct {
		name, tool, input, reason string
	}{
		{"return before delivery", toolname.StartReturn, `{"order_number":"#1002","items":[{"title":"blue mug"}]}`, "delivered"},
		{"address after shipping", toolname.ChangeAddress, `{"order_number":"#1001","address1":"1 A St","city":"X","zip":"1"}`, "carrier"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			c := adaConv()
			f.turn(t, c, "return the blue mug", 1, use(tt.tool, tt.input), say("ok"))
			got := f.model.lastResult(t)
			if !strings.Contains(got, `"refused"`) || !strings.Contains(got, tt.reason) {
				t.Errorf("result %s", got)
			}
			if c.Pending != nil || f.shop.returns+f.shop.addresses != 0 {
				t.Errorf("refused write proposed or reached the shop")
			}
		})
	}
}

// The current order: the one the conversation was opened with, or the
// last the customer named; tools default to it and the prompt says it.
func TestCurrentOrder(t *testing.T) {
	f := setup(t)
	c := &conversation.Conversation{Shop: "s", ID: "c9", Status: conversation.StatusOpen}
	ok, err := f.agent.VerifyOrderEmail(t.Context(), c, "#1001", "ada@example.com")
	if err != nil || !ok || c.CurrentOrder != "#1001" {
		t.Fatalf("verified %v, current order %q, err %v", ok, c.CurrentOrder, err)
	}
	f.turn(t, c, "did I get my refund?", 1, use(toolname.RefundStatus, `{}`), say("ok"))
	if got := f.model.lastResult(t); !strings.Contains(got, `"order_number":"#1001"`) {
		t.Errorf("refund_status defaulted to %s, want #1001 (not the newest, #1003)", got)
	}
	if !strings.Contains(f.model.reqs[0].Context, "Current order: #1001") {
		t.Errorf("prompt does not name the current order:\n%s", f.model.reqs[0].Context)
	}
	f.turn(t, c, "and what about order 1002?", 3, use(toolname.TrackOrder, `{}`), say("ok"))
	if c.CurrentOrder != "#1002" || !strings.Contains(f.model.lastResult(t), "#1002") {
		t.Errorf("current order %q after naming #1002; result %s", c.CurrentOrder, f.model.lastResult(t))
	}
	// Someone else's order never becomes current.
	f.turn(t, c, "show me #2001", 5, say("ok"))
	if c.CurrentOrder != "#1002" {
		t.Errorf("current order %q after naming another customer's order", c.CurrentOrder)
	}
}

// When policy wants a person: the statement says so, the customer's yes
// queues exactly the proposal, and on approval exactly it runs, once.
func TestApprovalAfterConsent(t *testing.T) {
	f := setup(t)
	pol := policy.Default()
	pol.AutoReturns = false
	f.agent.Policies = agent.StaticPolicy(pol)
	c := adaConv()
	proposeKit(t, f, c)
	if c.Pending.Approval == "" || !strings.Contains(c.Pending.Statement, "approves") {
		t.Fatalf("pending %+v", c.Pending)
	}
	res := f.turn(t, c, "yes", 3, use(toolname.StartReturn, `{"confirm":true,"items":[{"title":"mug"}]}`), say("passed on"))
	if f.shop.returns != 0 || c.Status != conversation.StatusHandover {
		t.Fatalf("returns %d, status %s", f.shop.returns, c.Status)
	}
	var queued conversation.Action
	for _, a := range res.Actions {
		if a.Status == "needs_approval" {
			queued = a
		}
	}
	p, ok := c.FindProposal(queued.Proposal)
	if !ok || p.Status != conversation.ProposalQueued || len(p.Lines) != 1 || p.Lines[0].LineItemID != "5-3" {
		t.Fatalf("queued action %+v, proposal %+v", queued, p)
	}
	if _, err := f.agent.Execute(t.Context(), "s", p, false); !errors.As(err, new(*agent.ApprovalError)) {
		t.Errorf("unapproved execute: %v", err)
	}
	if _, err := f.agent.Execute(t.Context(), "s", p, true); err != nil {
		t.Fatal(err)
	}
	if _, err := f.agent.Execute(t.Context(), "s", p, true); !errors.Is(err, agent.ErrAlreadyDone) {
		t.Errorf("second execute: %v", err)
	}
	if f.shop.returns != 1 || f.shop.returned[0].Lines[0].LineItemID != "5-3" || f.shop.returned[0].Reason != "UNWANTED" {
		t.Errorf("returns %+v", f.shop.returned)
	}
}

// A new address is checked before it is proposed: one in another country
// is refused, and one whose parts do not fit (the city holding a postcode,
// a ZIP that is not one) is asked for again. Nothing reaches the shop.
func TestAddressIsCheckedBeforeItIsProposed(t *testing.T) {
	tests := []struct {
		name, input, want string
	}{
		{"another country", `{"address1":"100 Queen St W","city":"Toronto","province":"ON","zip":"M5H 2N2","country_code":"CA"}`, `"refused"`},
		{"parts mixed up", `{"address1":"100 Queen St W","address2":"Toronto","city":"ON M5H 2N2","province":"Ca","zip":"nada"}`, `invalid_address`},
		{"not a ZIP", `{"address1":"42 Elm Street","city":"Portland","province":"OR","zip":"9720"}`, `invalid_address`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			c := adaConv()
			c.CurrentOrder = "#1002"
			f.turn(t, c, "please change the address", 1, use(toolname.ChangeAddress, tt.input), say("ok"))
			if got := f.model.lastResult(t); !strings.Contains(got, tt.want) {
				t.Errorf("result %s, want %s", got, tt.want)
			}
			if c.Pending != nil || f.shop.addresses != 0 {
				t.Errorf("a bad address was proposed (%+v) or reached the shop", c.Pending)
			}
		})
	}
}

// An order with no shipping address (a dev checkout without one, a local
// pickup) has no country to keep a new address within: nothing is
// proposed, whatever the country asked for.
func TestAddressChangeNeedsAShippingAddress(t *testing.T) {
	for _, input := range []string{
		`{"address1":"88 Queen St W","city":"Toronto","province":"ON","zip":"M5H 2N2","country_code":"CA"}`,
		`{"address1":"42 Elm Street","city":"Portland","province":"OR","zip":"97201"}`,
	} {
		f := setup(t)
		o := storetest.Order("s", "9", "#1009", "ada@example.com", now.Add(-24*time.Hour))
		o.ShippingAddress = nil
		if _, err := f.store.Apply(t.Context(), store.Change{Shop: "s", Order: &o}); err != nil {
			t.Fatal(err)
		}
		c := adaConv()
		c.CurrentOrder = "#1009"
		f.turn(t, c, "please change the address", 1, use(toolname.ChangeAddress, input), say("ok"))
		if got := f.model.lastResult(t); !strings.Contains(got, `"refused"`) {
			t.Errorf("%s: result %s, want refused", input, got)
		}
		if c.Pending != nil || f.shop.addresses != 0 {
			t.Errorf("%s: proposed %+v, %d changes reached the shop", input, c.Pending, f.shop.addresses)
		}
	}
}
