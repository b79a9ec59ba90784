package agent

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// itemArg is an item as the customer named it.
type itemArg struct {
	Title    string `json:"title"`
	Variant  string `json:"variant,omitempty"`
	Quantity int    `json:"quantity,omitempty"`
}

// Lines are chosen by what the customer said: an item's words must all be
// in one line's title and variant; when they fit several lines the customer
// is asked which. Quantity: as said, else all units for a plural ("the
// candles") and one for a singular ("the candle"), stated as "1 ×" before
// the customer's yes. Every line only when the customer asked for
// everything. A line is never chosen unless the customer's own words in
// the conversation name it: the model's arguments alone choose nothing.

// everythingWords are how customers ask for the whole order.
var everythingWords = []string{"everything", "all of it", "all of them", "whole order", "entire order", "all the items", "all items", "all my items", "the lot", "both",
	// Looser and other languages' words (issue 18, gaps7).
	"it all back", "them all back", "whole lot", "hole lot", "whole thing", "every item", "toute la commande", "commande entière",
	"tout renvoyer", "tout retourner", "todo el pedido", "pedido entero", "pedido completo", "devolver todo", "ganze bestellung",
	"gesamte bestellung", "komplette bestellung", "alles zurück"}

// stopWords carry no information about which item is meant.
var stopWords = map[string]bool{"the": true, "a": true, "an": true, "my": true, "of": true, "and": true, "from": true, "order": true,
	"item": true, "one": true, "ones": true, "return": true, "please": true, "i": true, "want": true, "to": true, "for": true,
	"this": true, "that": true, "these": true, "those": true, "it": true, "them": true, "with": true, "in": true, "oz": true,
	"both": true, "all": true, "x": true, "pack": true, "set": true}

// words splits text into lower-case word stems: letters and digits, a
// plural "s" dropped from longer words.
func words(text string) []string {
	f := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := f[:0]
	for _, w := range f {
		if stopWords[w] {
			continue
		}
		out = append(out, stem(w))
	}
	return out
}

func stem(w string) string {
	if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		return w[:len(w)-1]
	}
	return w
}

func plural(text string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			return true
		}
	}
	return false
}

func hasWord(text string, ws ...string) bool {
	for _, f := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		for _, w := range ws {
			if f == w {
				return true
			}
		}
	}
	return false
}

func lineWords(li order.LineItem) map[string]bool {
	m := map[string]bool{}
	for _, w := range words(li.Title + " " + li.Variant) {
		m[w] = true
	}
	return m
}

// matchWords are the words of li that an item's words (want) can match:
// its title's, and a variant option's ("Sea Glass" of "Sea Glass / 12 oz")
// only when want has all of that option's words. So "the glass" names no
// mug whose colour is Sea Glass, and the customer is asked which item;
// "the sea glass one" names it.
func matchWords(li order.LineItem, want []string) map[string]bool {
	m := map[string]bool{}
	for _, w := range words(li.Title) {
		m[w] = true
	}
	has := map[string]bool{}
	for _, w := range want {
		has[w] = true
	}
	for _, opt := range variantOptions(li.Variant) {
		ow := words(opt)
		all := len(ow) > 0
		for _, w := range ow {
			all = all && has[w]
		}
		if all {
			for _, w := range ow {
				m[w] = true
			}
		}
	}
	return m
}

// returnableTitles are o's items less the units already in a return that
// was not declined or cancelled (pkg/policy counts them the same way): a
// question which items to return offers only what can still go back. All
// of o's items when every unit is in a return already (the policy then
// says so).
func returnableTitles(o order.Order) []string {
	returning := map[string]int{}
	for _, r := range o.Returns {
		if r.Status == "declined" || r.Status == "cancelled" {
			continue
		}
		for _, l := range r.Lines {
			returning[l.LineItemID] += l.Quantity
		}
	}
	var left order.Order
	for _, li := range o.LineItems {
		if n := li.Quantity - returning[li.ID]; n > 0 {
			li.Quantity = n
			left.LineItems = append(left.LineItems, li)
		}
	}
	if len(left.LineItems) == 0 {
		return itemTitles(o)
	}
	return itemTitles(left)
}

func describeLine(li order.LineItem) string {
	if li.Variant != "" {
		return li.Title + " (" + li.Variant + ")"
	}
	return li.Title
}

// proposalLine is a line of o, quantity q, for a proposal.
func proposalLine(li order.LineItem, q int) conversation.ProposalLine {
	return conversation.ProposalLine{LineItemID: li.ID, VariantID: li.VariantID, Title: li.Title, Variant: li.Variant, Quantity: q, Price: li.Price}
}

// pickLines chooses o's lines for items. said is everything the customer
// wrote in the conversation (lower case). It returns the lines, or a
// question for the customer (which item, how many) when it cannot tell.
func pickLines(o order.Order, items []itemArg, all bool, said string) ([]conversation.ProposalLine, string) {
	saidWords := map[string]bool{}
	// An item named in another language ("das Notizbuch") is named.
	for _, w := range words(WithProductNouns(said)) {
		saidWords[w] = true
	}
	named := func(li order.LineItem) bool {
		for w := range lineWords(li) {
			if len(w) >= 3 && saidNearly(w, saidWords) {
				return true
			}
		}
		return false
	}
	if all {
		asked := false
		for _, w := range everythingWords {
			if strings.Contains(said, w) {
				asked = true
			}
		}
		if !asked {
			return nil, "Which items would you like to return? The order has: " + strings.Join(returnableTitles(o), ", ") + "."
		}
		if len(items) == 0 {
			var out []conversation.ProposalLine
			for _, li := range o.LineItems {
				out = append(out, proposalLine(li, li.Quantity))
			}
			return out, ""
		}
	}
	if len(items) == 0 {
		return nil, "Which items would you like to return? The order has: " + strings.Join(returnableTitles(o), ", ") + "."
	}
	var out []conversation.ProposalLine
	chosen := map[string]bool{}
	for _, it := range items {
		want := words(it.Title + " " + it.Variant)
		if len(want) == 0 {
			return nil, "Which items would you like to return? The order has: " + strings.Join(returnableTitles(o), ", ") + "."
		}
		var full, partial []order.LineItem
		best := 0
		for _, li := range o.LineItems {
			lw := matchWords(li, want)
			n := 0
			for _, w := range want {
				if lw[w] {
					n++
				}
			}
			switch {
			case n == len(want):
				full = append(full, li)
			case n > best:
				best, partial = n, []order.LineItem{li}
			case n == best && n > 0:
				partial = append(partial, li)
			}
		}
		cands := full
		if len(cands) == 0 {
			cands = partial
		}
		every := hasWord(it.Title+" "+it.Variant, "both", "all", "every") || (plural(it.Title) && len(cands) > 1 && it.Quantity == 0)
		switch {
		case len(cands) == 0:
			return nil, fmt.Sprintf("I couldn't find %q on order %s. It has: %s. Which did you mean?", it.Title, o.Name, strings.Join(itemTitles(o), ", "))
		case len(cands) > 1 && !every:
			var opts []string
			for _, li := range cands {
				opts = append(opts, describeLine(li))
			}
			return nil, fmt.Sprintf("Order %s has more than one of those: %s. Which one would you like to return?", o.Name, strings.Join(opts, " or "))
		}
		for _, li := range cands {
			if chosen[li.ID] {
				continue
			}
			if !named(li) {
				return nil, fmt.Sprintf("Which items would you like to return? The order has: %s.", strings.Join(returnableTitles(o), ", "))
			}
			q := it.Quantity
			switch {
			case q > li.Quantity:
				return nil, fmt.Sprintf("Order %s has %d of %s. How many would you like to return?", o.Name, li.Quantity, describeLine(li))
			case q <= 0 && li.Quantity == 1:
				q = 1
			case q <= 0 && (every || plural(it.Title)):
				q = li.Quantity
			case q <= 0:
				q = 1 // "the mug": one; the statement says "1 ×" before any yes
			}
			chosen[li.ID] = true
			out = append(out, proposalLine(li, q))
		}
	}
	return out, ""
}

// describeLines says lines the way a person would: "1 × Pour-Over Coffee
// Kit (Walnut)".
func describeLines(lines []conversation.ProposalLine) string {
	var parts []string
	for _, l := range lines {
		s := l.Title
		if l.Variant != "" {
			s += " (" + l.Variant + ")"
		}
		parts = append(parts, fmt.Sprintf("%d × %s", l.Quantity, s))
	}
	switch len(parts) {
	case 0:
		return "nothing"
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// paidValue is what the customer paid for lines of o: each line's price
// less its discounts plus its tax, for the units named (order.LineItem.Paid).
// A line o no longer has counts at its stated price.
func paidValue(o order.Order, lines []conversation.ProposalLine) order.Money {
	var v order.Money
	for _, l := range lines {
		if li, ok := lineOf(o, l.LineItemID); ok {
			v += li.Paid(l.Quantity)
			continue
		}
		v += l.Price * order.Money(l.Quantity)
	}
	return v
}

// linesValue is what the lines cost the customer.
func linesValue(lines []conversation.ProposalLine) order.Money {
	var v order.Money
	for _, l := range lines {
		v += l.Price * order.Money(l.Quantity)
	}
	return v
}
