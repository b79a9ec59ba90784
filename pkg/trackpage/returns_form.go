package trackpage

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// The return form: what a verified customer picks on the tracking page.
//
//	qty.<line item id>  how many of that line to return (0 to what was bought)
//	reason              one of agent.ReturnReasons
//	resolution          one of the resolutions offered (refund, store_credit, exchange)
//	want.<line item id> the variant an exchange sends instead (exchange only)

// Resolutions a return can take.
const (
	ResolutionRefund      = "refund"
	ResolutionStoreCredit = "store_credit"
	ResolutionExchange    = "exchange"
)

// returnForm is a return form that parsed: the lines (in the order's
// order, each at least one unit, each once), the reason and resolution.
type returnForm struct {
	Lines      []order.ReturnLine
	Reason     string
	Resolution string
	// Want is the variant id an exchange asks for, by line item id.
	Want map[string]string
}

// maxFormFields bounds the fields a return form may have.
const maxFormFields = 200

// parseReturnForm reads v against o's lines and the resolutions offered.
// It returns the form, or what is wrong by field ("items", "qty.<id>",
// "reason", "resolution"), in words for the customer.
func parseReturnForm(v url.Values, o order.Order, resolutions []string) (returnForm, map[string]string) {
	var f returnForm
	errs := map[string]string{}
	if len(v) > maxFormFields {
		errs["items"] = "That form has too many fields."
		return f, errs
	}
	qty := map[string]int{}
	want := map[string]string{}
	for k, vals := range v {
		id, isQty := strings.CutPrefix(k, "qty.")
		wid, isWant := strings.CutPrefix(k, "want.")
		if !isQty && !isWant {
			continue
		}
		if isWant {
			id = wid
		}
		li, ok := lineByID(o, id)
		switch {
		case !ok:
			errs["items"] = "One of those items is not on this order."
			continue
		case len(vals) != 1:
			errs[k] = "Choose one value."
			continue
		}
		if isWant {
			if w := strings.TrimSpace(vals[0]); w != "" {
				want[id] = w
			}
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(vals[0]))
		if err != nil || n < 0 || n > li.Quantity {
			errs[k] = "Choose a number from 0 to " + strconv.Itoa(li.Quantity) + "."
			continue
		}
		if n > 0 {
			qty[id] = n
		}
	}
	for _, li := range o.LineItems {
		if n, ok := qty[li.ID]; ok {
			f.Lines = append(f.Lines, order.ReturnLine{LineItemID: li.ID, Quantity: n})
			delete(qty, li.ID) // a line id twice on an order counts once
		}
	}
	if len(f.Lines) == 0 && len(errs) == 0 {
		errs["items"] = "Choose at least one item to return."
	}
	f.Reason = strings.TrimSpace(v.Get("reason"))
	if len(v["reason"]) > 1 || !slices.Contains(agent.ReturnReasons, f.Reason) {
		errs["reason"] = "Choose a reason for the return."
		f.Reason = ""
	}
	f.Resolution = strings.TrimSpace(v.Get("resolution"))
	if f.Resolution == "" && len(resolutions) == 1 {
		f.Resolution = resolutions[0]
	}
	if len(v["resolution"]) > 1 || !slices.Contains(resolutions, f.Resolution) {
		errs["resolution"] = "Choose what you would like instead."
		f.Resolution = ""
	}
	if f.Resolution == ResolutionExchange && len(f.Lines) > 1 {
		errs["items"] = "Exchanges are one item at a time: choose the one item to swap."
	} else if f.Resolution == ResolutionExchange {
		for _, l := range f.Lines {
			if w, ok := want[l.LineItemID]; ok {
				if f.Want == nil {
					f.Want = map[string]string{}
				}
				f.Want[l.LineItemID] = w
			} else {
				errs["want."+l.LineItemID] = "Choose what you would like instead."
			}
		}
	}
	if len(errs) > 0 {
		return f, errs
	}
	return f, nil
}

// values is f as the form posts it.
func (f returnForm) values() url.Values {
	v := url.Values{}
	for _, l := range f.Lines {
		v.Set("qty."+l.LineItemID, strconv.Itoa(l.Quantity))
	}
	for id, w := range f.Want {
		v.Set("want."+id, w)
	}
	if f.Reason != "" {
		v.Set("reason", f.Reason)
	}
	if f.Resolution != "" {
		v.Set("resolution", f.Resolution)
	}
	return v
}

func lineByID(o order.Order, id string) (order.LineItem, bool) {
	for _, li := range o.LineItems {
		if li.ID == id && id != "" {
			return li, true
		}
	}
	return order.LineItem{}, false
}
