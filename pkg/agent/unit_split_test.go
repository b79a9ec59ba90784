package agent_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/store/storetest"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A unit the customer wrote on the street line ("220 Elm St Apt 5", no
// comma) is proposed, stated and sent to the shop as Shopify's second
// line, whole or as a part correction; one already given as address2
// stays where it was given.
func TestChangeAddressSplitsTheUnit(t *testing.T) {
	tests := []struct {
		name, input        string
		oldUnit            string // the order's address2 before
		address1, address2 string
	}{
		{"whole address", `{"address1":"220 Elm St Apt 5","city":"Portland","province":"OR","zip":"97201"}`, "", "220 Elm St", "Apt 5"},
		{"suite with a comma in the city", `{"address1":"12 Oak Street Suite 200","city":"Austin","province":"TX","zip":"78701"}`, "", "12 Oak Street", "Suite 200"},
		{"hash", `{"address1":"9 Elm St #7","city":"Portland","province":"OR","zip":"97201"}`, "", "9 Elm St", "#7"},
		{"second line given", `{"address1":"220 Elm St Apt 5","address2":"Building C","city":"Portland","province":"OR","zip":"97201"}`, "", "220 Elm St Apt 5", "Building C"},
		{"no unit", `{"address1":"48 Linden Street","city":"Portland","province":"OR","zip":"97201"}`, "", "48 Linden Street", ""},
		{"part: street only", `{"partial":true,"address1":"220 Elm St Apt 5"}`, "", "220 Elm St", "Apt 5"},
		{"part: the new street's unit, not the old one", `{"partial":true,"address1":"220 Elm St Apt 5"}`, "Apt 2", "220 Elm St", "Apt 5"},
		{"part: unit alone keeps the street", `{"partial":true,"address2":"Apt 5"}`, "Apt 2", "1 Main St", "Apt 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			o := storetest.Order("s", "2", "#1002", "ada@example.com", now.Add(-24*time.Hour))
			o.ShippingAddress.Province, o.ShippingAddress.ProvinceCode, o.ShippingAddress.Address2 = "Illinois", "IL", tt.oldUnit
			if _, err := f.store.Apply(t.Context(), store.Change{Shop: "s", Order: &o}); err != nil {
				t.Fatal(err)
			}
			c := adaConv()
			c.CurrentOrder = "#1002"
			f.turn(t, c, "please change the address", 1, use(toolname.ChangeAddress, tt.input), say("ok"))
			if c.Pending == nil || c.Pending.Address == nil {
				t.Fatalf("nothing proposed: %s", f.model.lastResult(t))
			}
			p := *c.Pending
			if p.Address.Address1 != tt.address1 || p.Address.Address2 != tt.address2 {
				t.Errorf("proposed lines %q / %q, want %q / %q", p.Address.Address1, p.Address.Address2, tt.address1, tt.address2)
			}
			if stated := tt.address1 + ", " + tt.address2; tt.address2 != "" && !strings.Contains(p.Statement, stated) {
				t.Errorf("statement %q does not say %q", p.Statement, stated)
			}
			f.turn(t, c, "yes", 3, use(toolname.ChangeAddress, `{"confirm":true,"address1":"1 Other Rd Apt 9","city":"Salem","province":"OR","zip":"97301"}`), say("done"))
			if f.shop.addresses != 1 {
				t.Fatalf("%d address changes reached the shop", f.shop.addresses)
			}
			if d := cmp.Diff(*p.Address, f.shop.moved[0]); d != "" {
				t.Errorf("what ran is not what was stated (-stated +ran):\n%s", d)
			}
		})
	}
}
