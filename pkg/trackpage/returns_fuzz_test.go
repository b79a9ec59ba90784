package trackpage

import (
	"maps"
	"net/url"
	"slices"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// FuzzParseReturnForm: whatever is posted, the parser never panics, and a
// form it accepts is one policy can take: only the order's lines, each
// once, from 1 to what was bought, a known reason and an offered
// resolution, and an exchange is of one line with the variant wanted;
// posted again as the page would post it, it parses to the same choices.
func FuzzParseReturnForm(f *testing.F) {
	o := order.Order{LineItems: []order.LineItem{
		{ID: "1", Title: "Skillet", Quantity: 1},
		{ID: "2", Title: "Candle", Quantity: 2},
		{ID: "2", Title: "Candle again", Quantity: 5}, // a duplicate id counts once
		{ID: "", Title: "No id", Quantity: 3},
	}}
	offered := []string{ResolutionRefund, ResolutionStoreCredit, ResolutionExchange}
	for _, seed := range []string{
		"qty.2=1&reason=UNWANTED&resolution=refund",
		"qty.1=1&qty.2=2&reason=DEFECTIVE&resolution=store_credit",
		"qty.2=3&reason=OTHER",
		"qty.=1&reason=OTHER&resolution=refund",
		"qty.2=1&qty.2=1&reason=OTHER&resolution=refund",
		"qty.2=%2B1&reason=OTHER&resolution=refund",
		"qty.1= 1 &reason= OTHER &resolution=refund",
		"want.2=v9&qty.2=1&reason=OTHER&resolution=exchange",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		form, errs := parseReturnForm(v, o, offered)
		if errs != nil {
			if len(errs) == 0 {
				t.Fatal("an empty error map")
			}
			return
		}
		seen := map[string]bool{}
		for _, l := range form.Lines {
			li, ok := lineByID(o, l.LineItemID)
			if !ok || seen[l.LineItemID] || l.Quantity < 1 || l.Quantity > li.Quantity {
				t.Fatalf("accepted %+v from %q", l, raw)
			}
			seen[l.LineItemID] = true
		}
		if len(form.Lines) == 0 || !slices.Contains(agent.ReturnReasons, form.Reason) || !slices.Contains(offered, form.Resolution) {
			t.Fatalf("accepted %+v from %q", form, raw)
		}
		if form.Resolution == ResolutionExchange && (len(form.Lines) != 1 || form.Want[form.Lines[0].LineItemID] == "") {
			t.Fatalf("accepted an exchange %+v from %q", form, raw)
		}
		again, errs := parseReturnForm(form.values(), o, offered)
		if errs != nil || !slices.Equal(again.Lines, form.Lines) || again.Reason != form.Reason || again.Resolution != form.Resolution ||
			!maps.Equal(again.Want, form.Want) {
			t.Fatalf("round trip of %q: %+v %v, want %+v", raw, again, errs, form)
		}
	})
}
