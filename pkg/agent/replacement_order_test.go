package agent_test

import (
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/store/storetest"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// withReplacement adds Ada's replacement of #1002 as the demo shop names
// it, "#1002-R", not shipped yet.
func withReplacement(t *testing.T, f *fixture) {
	t.Helper()
	o := storetest.Order("s", "9", "#1002-R", "ada@example.com", now.Add(-time.Hour))
	o.Tags = []string{order.ReplacementTag, "replaces-#1002"}
	if _, err := f.store.Apply(t.Context(), store.Change{Shop: "s", Order: &o}); err != nil {
		t.Fatal(err)
	}
}

// A replacement order is one of the customer's orders like any other,
// however its name is typed: named in a message it becomes the current
// order, the tools find it, it verifies, and the model's state says what
// it replaces. Another customer's replacement stays "not found".
func TestReplacementOrderByName(t *testing.T) {
	tests := []struct {
		name, text, arg string
	}{
		{"as doorstep names it", "where is #1002-R?", "#1002-R"},
		{"lower case", "status of order 1002-r", "1002-r"},
		{"no dash", "has order 1002R shipped", "1002R"},
		{"bare", "cancel 1002-R, dont need it", "1002-R"},
		{"as the replacement", "where's the replacement you sent?", "#1002-R"},
		{"in German", "Wo ist meine Ersatzbestellung?", "#1002-R"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			withReplacement(t, f)
			c := adaConv()
			f.turn(t, c, tt.text, 1, use(toolname.TrackOrder, `{"order_number":"`+tt.arg+`"}`), say("ok"))
			if c.CurrentOrder != "#1002-R" {
				t.Errorf("current order %q, want #1002-R", c.CurrentOrder)
			}
			if got := f.model.lastResult(t); !strings.Contains(got, `"#1002-R"`) || strings.Contains(got, "not_found") {
				t.Errorf("track_order result %s, want #1002-R's facts", got)
			}
		})
	}
	t.Run("a replacement wished for", func(t *testing.T) {
		f := setup(t)
		withReplacement(t, f)
		c := adaConv()
		c.CurrentOrder = "#1003"
		f.turn(t, c, "my mug arrived cracked, can I get a replacement?", 1, say("ok"))
		if c.CurrentOrder != "#1003" {
			t.Errorf("current order %q, want #1003 still", c.CurrentOrder)
		}
	})
	t.Run("state", func(t *testing.T) {
		f := setup(t)
		withReplacement(t, f)
		f.turn(t, adaConv(), "hi", 1, say("ok"))
		st := f.model.reqs[0].State
		found := false
		for _, o := range st.Orders {
			if o.Name == "#1002-R" {
				found = true
				if o.Replaces != "#1002" {
					t.Errorf("#1002-R replaces %q, want #1002", o.Replaces)
				}
			} else if o.Replaces != "" {
				t.Errorf("%s replaces %q, want nothing", o.Name, o.Replaces)
			}
		}
		if !found {
			t.Errorf("state orders %+v, want #1002-R among them", st.Orders)
		}
	})
	t.Run("another customer's", func(t *testing.T) {
		f := setup(t)
		withReplacement(t, f)
		bob := &conversation.Conversation{Shop: "s", ID: "c2", Status: conversation.StatusOpen, CustomerEmail: "bob@example.com", VerifiedBy: conversation.VerifiedByOrder}
		f.turn(t, bob, "where is 1002-R", 1, use(toolname.TrackOrder, `{"order_number":"1002-R"}`), say("ok"))
		if got := f.model.lastResult(t); !strings.Contains(got, "order_not_found") {
			t.Errorf("result %s, want order_not_found", got)
		}
	})
	for _, typed := range []string{"1002-R", "1002r"} {
		t.Run("verify "+typed, func(t *testing.T) {
			f := setup(t)
			withReplacement(t, f)
			c := &conversation.Conversation{Shop: "s", ID: "c3", Status: conversation.StatusOpen}
			f.turn(t, c, typed+", ada@example.com", 0, use(toolname.VerifyCustomer, `{"order_number":"#1002-R","email":"ada@example.com"}`), say("ok"))
			if !c.Verified() || c.CurrentOrder != "#1002-R" {
				t.Errorf("verified %v, current %q; want verified on #1002-R", c.Verified(), c.CurrentOrder)
			}
		})
	}
	t.Run("a number not written", func(t *testing.T) {
		f := setup(t)
		withReplacement(t, f)
		c := &conversation.Conversation{Shop: "s", ID: "c4", Status: conversation.StatusOpen}
		f.turn(t, c, "1002, ada@example.com", 0, use(toolname.VerifyCustomer, `{"order_number":"#1002-R","email":"ada@example.com"}`), say("ok"))
		if c.Verified() {
			t.Error("verified on #1002-R, which the customer never wrote")
		}
	})
}

// The recipient's name alone changes with a partial change_address: the
// proposal keeps the street, says it is the name that changes, and after
// the yes exactly that address reaches the shop. Once shipped, it is
// refused like any address change.
func TestRecipientNameChange(t *testing.T) {
	f := setup(t)
	o := storetest.Order("s", "2", "#1002", "ada@example.com", now.Add(-time.Hour)) // newer: replaces setup's
	o.ShippingAddress.Province, o.ShippingAddress.ProvinceCode = "Illinois", "IL"
	if _, err := f.store.Apply(t.Context(), store.Change{Shop: "s", Order: &o}); err != nil {
		t.Fatal(err)
	}
	c := adaConv()
	c.CurrentOrder = "#1002"
	res := f.turn(t, c, "the name on the parcel should be Camille Durand", 1,
		use(toolname.ChangeAddress, `{"name":"Camille Durand","partial":true}`), say("Here is what I'd do."))
	if c.Pending == nil {
		t.Fatalf("no proposal; result %s", f.model.lastResult(t))
	}
	if a := c.Pending.Address; a == nil || a.Name != "Camille Durand" || a.Address1 != "1 Main St" || a.City != "Springfield" || a.Zip != "12345" {
		t.Fatalf("proposed address %+v, want Camille Durand at 1 Main St, Springfield 12345", c.Pending.Address)
	}
	if s := c.Pending.Statement; !strings.Contains(s, "name") || !strings.Contains(s, "Camille Durand") || !strings.Contains(res.Reply, s) {
		t.Errorf("statement %q (reply %q), want the name change stated word for word", s, res.Reply)
	}
	f.turn(t, c, "yes", 3, use(toolname.ChangeAddress, `{"confirm":true}`), say("done"))
	if f.shop.addresses != 1 || f.shop.moved[0].Name != "Camille Durand" || f.shop.moved[0].Address1 != "1 Main St" {
		t.Errorf("shop got %d changes %+v, want one to Camille Durand at 1 Main St", f.shop.addresses, f.shop.moved)
	}

	f = setup(t)
	c = adaConv()
	c.CurrentOrder = "#1001" // delivered
	f.turn(t, c, "the name on the parcel should be Camille Durand", 1,
		use(toolname.ChangeAddress, `{"name":"Camille Durand","partial":true}`), say("ok"))
	if got := f.model.lastResult(t); !strings.Contains(got, `"refused"`) || c.Pending != nil {
		t.Errorf("delivered order: result %s, pending %+v; want refused", got, c.Pending)
	}
}
