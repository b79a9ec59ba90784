package outreach

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// Choose picks a suggestion from what the customer bought: the first
// merchant add-on whose trigger matches a bought item (and that they did
// not buy), else a reorder of the item they bought most of.
func Choose(o order.Order, set Settings) Suggestion {
	bought := func(product string) bool {
		for _, li := range o.LineItems {
			if strings.EqualFold(strings.TrimSpace(li.Title), strings.TrimSpace(product)) {
				return true
			}
		}
		return false
	}
	for _, li := range o.LineItems {
		for _, a := range set.AddOns {
			w := strings.ToLower(strings.TrimSpace(a.When))
			if w == "" || a.Suggest == "" || bought(a.Suggest) {
				continue
			}
			if strings.Contains(strings.ToLower(li.Title), w) || strings.EqualFold(li.SKU, a.When) {
				return Suggestion{Kind: "addon", Product: a.Suggest, URL: a.URL}
			}
		}
	}
	var best *order.LineItem
	for i := range o.LineItems {
		if best == nil || o.LineItems[i].Quantity > best.Quantity {
			best = &o.LineItems[i]
		}
	}
	if best == nil {
		return Suggestion{Kind: "reorder"}
	}
	return Suggestion{Kind: "reorder", Product: best.Title, URL: searchURL(set.ShopURL, best.Title)}
}

func searchURL(shop, q string) string {
	if shop == "" {
		return ""
	}
	return strings.TrimRight(shop, "/") + "/search?q=" + url.QueryEscape(q)
}

func greeting(o order.Order) string {
	if n := strings.TrimSpace(o.Customer.FirstName); n != "" {
		return "Hi " + n + ","
	}
	return "Hi,"
}

func signOff(set Settings) string {
	if set.ShopName != "" {
		return "\n\n" + set.ShopName
	}
	return ""
}

// items names up to three of the items a shipment carried (the whole
// order when it lists none), each title once: "A, B and C".
func items(o order.Order, fulfillmentID string) string {
	carried := map[string]bool{}
	for _, sh := range o.Shipments {
		if sh.ID == fulfillmentID {
			for _, id := range sh.LineItemIDs {
				carried[id] = true
			}
		}
	}
	var t []string
	for _, li := range o.LineItems {
		if len(carried) > 0 && !carried[li.ID] || slices.Contains(t, li.Title) {
			continue
		}
		if len(t) == 3 {
			t = append(t, "more")
			break
		}
		t = append(t, li.Title)
	}
	switch len(t) {
	case 0:
		return "your order"
	case 1:
		return t[0]
	}
	return strings.Join(t[:len(t)-1], ", ") + " and " + t[len(t)-1]
}

const stopLine = "\n\n(If you'd rather not get messages like this, reply STOP.)"

func checkInText(o order.Order, fulfillmentID string, set Settings) (subject, text string) {
	subject = "How are you getting on with your order " + o.Name + "?"
	text = fmt.Sprintf("%s\n\nYour order %s (%s) arrived a few days ago. How are you getting on with it? Just reply to this message: a word or two is plenty, whether it's all good or something isn't right.%s%s",
		greeting(o), o.Name, items(o, fulfillmentID), signOff(set), stopLine)
	return subject, text
}

func suggestionText(o order.Order, sug Suggestion, c *Codes, set Settings) (subject, text string) {
	subject = "Thank you, and a little something for next time"
	var b strings.Builder
	b.WriteString("Thank you for letting us know, it made our day.")
	switch {
	case sug.Kind == "addon" && sug.Product != "":
		fmt.Fprintf(&b, " Since you have the %s, you might like the %s.", firstItemTitle(o), sug.Product)
	case sug.Product != "":
		fmt.Fprintf(&b, " When you're ready for more, the %s is easy to reorder.", sug.Product)
	}
	if sug.URL != "" {
		b.WriteString(" " + sug.URL)
	}
	b.WriteString(codesText(c))
	b.WriteString(signOff(set))
	return subject, b.String()
}

func firstItemTitle(o order.Order) string {
	if len(o.LineItems) == 0 {
		return "order"
	}
	return o.LineItems[0].Title
}

func resolveText(o order.Order, in Input, set Settings) (subject, text string) {
	subject = "About your order " + o.Name
	text = fmt.Sprintf("I'm sorry your order %s isn't right. I've passed this to a member of our team, who will get back to you here to put it right.", o.Name)
	if set.ReturnWindowDays > 0 {
		if delivered, err := workflow.ParseTimestamp(in.DeliveredAt); err == nil {
			ends := delivered.Add(time.Duration(set.ReturnWindowDays) * 24 * time.Hour)
			text += fmt.Sprintf(" If you'd rather send it back, you can: returns are open until %s.", ends.Format("January 2"))
		}
	}
	return subject, text + signOff(set)
}

func reviewText(o order.Order, askReview bool, set Settings) (subject, text string) {
	subject = "How did the delivery of order " + o.Name + " go?"
	text = fmt.Sprintf("%s\n\nIt's been nearly two weeks since order %s arrived. How did the delivery go? Reply with a number from 1 (poor) to 5 (great).", greeting(o), o.Name)
	if askReview {
		text += fmt.Sprintf("\n\nAnd if you have a minute, a review of the %s would help other customers choose: %s", firstItemTitle(o), set.ReviewURL)
	}
	return subject, text + signOff(set) + stopLine
}
