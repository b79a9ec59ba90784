package agent

import (
	"context"
	"fmt"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

type itemOptionsInput struct {
	OrderNumber string `json:"order_number,omitempty" desc:"default: the current order"`
	Item        string `json:"item,omitempty" desc:"default: every item"`
	Option      string `json:"option,omitempty" desc:"as the customer wrote it"`
}

// item_options answers "is the charcoal one in stock?" and "does it come
// in purple?" from the shop's variants and their stock, not the guides:
// the options of the order's items' products, which are in stock, and
// which of them the customer's words name (typos and all). It reads
// only; an exchange is exchange_item's proposal. It is offered where an
// exchange is (a delivered order in its window): elsewhere its spec
// would cost every prompt its tokens for a question the customer has no
// use for yet (pkg/chat's token guard, pkg/bedrock's cache minimum).
var _ = register(newTool(toolname.ItemOptions,
	"Options (size, colour, scent) of an order's items and which are in stock. Reads only: \"is the X one in stock?\"",
	(*session).itemOptions).offeredIn(PhaseReturnable))

func (s *session) itemOptions(ctx context.Context, in itemOptionsInput) (any, bool, error) {
	o, problem, err := s.customerOrder(ctx, in.OrderNumber)
	if err != nil || problem != nil {
		return problem, problem != nil, err
	}
	s.orders[o.Name] = true
	ex, ok := s.a.Commerce.(Exchanger)
	if !ok {
		return map[string]any{"status": "unavailable", "message": "the shop's options and stock cannot be read here; offer a person"}, false, nil
	}
	said := s.customerWords()
	lines := itemLinesNamed(o, in.Item)
	read := map[string][]Variant{} // by product: two lines of one product read it once
	var items []map[string]any
	found := false
	for _, li := range lines {
		if li.ProductID == "" {
			continue
		}
		variants, ok := read[li.ProductID]
		if !ok {
			if variants, err = ex.Variants(ctx, o.Shop, li.ProductID); err != nil {
				return nil, false, fmt.Errorf("variants of %s: %w", li.ProductID, err)
			}
			read[li.ProductID] = variants
		}
		var opts []map[string]any
		for _, v := range variants {
			opts = append(opts, map[string]any{"option": v.Title, "in_stock": v.Available > 0,
				"ordered": v.ID == li.VariantID || strings.EqualFold(v.Title, li.Variant),
				"price":   money(v.Price, o.Currency), "same_price": v.Price == li.Price})
		}
		item := map[string]any{"item": li.Title, "ordered": li.Variant, "quantity": li.Quantity, "options": opts}
		if in.Option != "" {
			matches := optionsNamed(variants, in.Option, said)
			if len(matches) > 0 {
				found = true
				var names []string
				for _, v := range matches {
					names = append(names, v.Title)
				}
				item["asked_matches"] = names
			}
		}
		items = append(items, item)
	}
	out := map[string]any{"order_number": o.Name, "items": items}
	if in.Option != "" {
		out["asked"] = in.Option
		out["found"] = found
		if !found {
			out["note"] = "none of these items comes in an option by that name; say so and name the options they do come in"
		}
	}
	return out, false, nil
}

// itemLinesNamed are o's lines the customer's item words name (typos
// and all), else every line.
func itemLinesNamed(o order.Order, item string) []order.LineItem {
	said := map[string]bool{}
	for _, w := range words(WithProductNouns(strings.ToLower(item))) {
		said[w] = true
	}
	var out []order.LineItem
	for _, li := range o.LineItems {
		for w := range lineWords(li) {
			if len(w) >= 3 && saidNearly(w, said) {
				out = append(out, li)
				break
			}
		}
	}
	if len(out) == 0 {
		return o.LineItems
	}
	return out
}

// optionsNamed are the variants whose titles hold every option word of
// option that the customer said (typos and all): "charcoal" names
// Charcoal / 12 oz and Charcoal / 16 oz.
func optionsNamed(variants []Variant, option, said string) []Variant {
	saidWords := map[string]bool{}
	for _, w := range words(said) {
		saidWords[w] = true
	}
	vocab := optionVocab(variants)
	var want []string
	for _, w := range words(option) {
		if v := optionWordOf(w, vocab); v != "" && saidWords[w] {
			want = append(want, v)
		}
	}
	if len(want) == 0 {
		return nil
	}
	var out []Variant
	for _, v := range variants {
		has := map[string]bool{}
		for _, w := range words(v.Title) {
			has[w] = true
		}
		all := true
		for _, w := range want {
			all = all && has[w]
		}
		if all {
			out = append(out, v)
		}
	}
	return out
}
