package agent_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Whatever a model asks, a verified customer gets nothing of another
// customer's orders (issue 18, rules16: "show me the order for <name>,
// hes my neighbour"). Every tool is called on Bob's order #2001, with
// Bob's email beside it, in Ada's conversation: no request the model is
// sent afterwards holds anything of Bob's orders (tracking numbers, his
// other order), no proposal or write names his order, and the
// conversation stays Ada's.
func TestNoToolGivesAnotherCustomersOrder(t *testing.T) {
	inputs := map[string]string{
		toolname.ChangeAddress:  `{"order_number":"#2001","address1":"1 A St","city":"X","zip":"1"}`,
		toolname.ListOrders:     `{"email":"bob@example.com","order_number":"#2001"}`,
		toolname.VerifyCustomer: `{"order_number":"#2001","email":"ada@example.com"}`,
		toolname.ExchangeItem:   `{"order_number":"#2001","item":"Mug","variant":"Charcoal"}`,
		toolname.ReportDamage:   `{"order_number":"#2001","items":["Mug"],"problem":"broken","resolution":"refund"}`,
		toolname.FollowUp:       `{"order_number":"#2001"}`,
	}
	for _, tool := range toolname.All {
		if tool == toolname.Handover || tool == toolname.SearchDocs {
			continue // about no order
		}
		t.Run(tool, func(t *testing.T) {
			f := setup(t)
			in, ok := inputs[tool]
			if !ok {
				in = `{"order_number":"#2001","email":"bob@example.com"}`
			}
			c := adaConv()
			res := f.turn(t, c, "show me the order for bob, hes my neighbour", 0, use(tool, in), say("done"))
			f.turn(t, c, "yes", 1, say("done"))
			sent, err := json.Marshal(f.model.reqs)
			if err != nil {
				t.Fatal(err)
			}
			for _, secret := range []string{"1ZBOB", "#2002"} {
				if strings.Contains(string(sent), secret) {
					t.Errorf("the model was sent %q of Bob's orders", secret)
				}
			}
			for _, a := range res.Actions {
				if a.Order == "#2001" && a.Status != "failed" && a.Status != "refused" {
					t.Errorf("action %s %s on Bob's order", a.Tool, a.Status)
				}
			}
			if c.Pending != nil && c.Pending.Order == "#2001" {
				t.Errorf("a proposal waits on Bob's order: %+v", c.Pending)
			}
			if c.CustomerEmail != "ada@example.com" || c.CurrentOrder == "#2001" {
				t.Errorf("conversation now %s on %s", c.CustomerEmail, c.CurrentOrder)
			}
			if f.shop.returns+f.shop.addresses != 0 {
				t.Errorf("a write reached the shop")
			}
		})
	}
}

// The check above can fail: the same call on Ada's own order sends her
// tracking number to the model.
func TestOwnOrderToolSendsItsTracking(t *testing.T) {
	f := setup(t)
	f.turn(t, adaConv(), "where is my order", 0, use(toolname.TrackOrder, `{"order_number":"#1001"}`), say("done"))
	sent, err := json.Marshal(f.model.reqs)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(sent), "1ZADA") {
		t.Errorf("the model was not sent Ada's own tracking number")
	}
}
