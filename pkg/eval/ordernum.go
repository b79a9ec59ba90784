package eval

import (
	"regexp"
	"strconv"
	"strings"
)

// Order numbers: a reply names an order as code writes it ("#1001") or in
// words ("order 1001", "order number 1001", "order ID 1001", "Bestellung
// Nr. 1001", "Auftragsnummer 1001", "pedido 1001", "número de pedido
// 1001", "commande n° 1001", "numéro de commande 1001", "orders 1001 and
// 1002"); a tool
// result names one in an order-number field ("order_number": "#1001",
// Shopify's "name") or as code writes it.

var (
	// orderWordRe is an order number named in words, with any list that
	// follows ("orders 1001, 1002 and 1003").
	orderWordRe = regexp.MustCompile(`(?i)(?:\b(?:n[uú]mero|num[ée]ro|n[º°o]\.?)\s+de\s+(?:pedido|commande)` +
		`|\b(?:orders?|bestellung(?:en)?|bestell(?:nummer|nr\.?)|auftrag(?:snummer|snr\.?)?|pedidos?|commandes?)` +
		`(?:\s*\(?\s*(?:number|no\.?|nr\.?|n[º°o]\.?|n[uú]mero|num[ée]ro|nummer|id|ref\.?|reference|referencia|r[ée]f[ée]rence))?)\s*:?\s*` +
		`(#?\s?\d{3,}\b(?:\s*(?:,|and|or|y|o|und|oder|et|ou|&)\s*#?\s?\d{3,}\b)*)`)
	digitRunRe = regexp.MustCompile(`\d+`)
	// orderWordsRe is an order number in English words: "order number
	// one thousand and four".
	orderWordsRe = regexp.MustCompile(`(?i)\border\s+(?:number\s+|no\.?\s+|#\s*)?(` + wordNum + `(?:(?:[\s-]+|\s+and\s+)` + wordNum + `)*)\b`)
	// orderValueRe is an order-number field's value: "#1001", "1001".
	// A replacement order's "#1001-R" names 1001's digits too.
	orderValueRe = regexp.MustCompile(`^#?\s?(\d{3,})(?:-R)?$`)
)

// orderKeys are the JSON keys whose value is an order's number.
var orderKeys = map[string]bool{"name": true, "order_number": true, "orderNumber": true, "order_name": true, "order": true,
	"current_order": true, "replacement_order": true}

// orderRefs is the digits of every order number text names, in order,
// each once.
func orderRefs(text string) []string {
	var out []string
	seen := map[string]bool{}
	keep := func(n string) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	type hit struct {
		at int
		n  string
	}
	var hits []hit
	for _, m := range orderNumRe.FindAllStringSubmatchIndex(text, -1) {
		hits = append(hits, hit{m[2], text[m[2]:m[3]]})
	}
	for _, m := range orderWordRe.FindAllStringSubmatchIndex(text, -1) {
		list := text[m[2]:m[3]]
		if end := m[3]; end < len(text)-1 && strings.ContainsRune(".,", rune(text[end])) && text[end+1] >= '0' && text[end+1] <= '9' {
			continue // "order 100.00": an amount
		}
		for _, d := range digitRunRe.FindAllStringIndex(list, -1) {
			hits = append(hits, hit{m[2] + d[0], list[d[0]:d[1]]})
		}
	}
	for _, m := range orderWordsRe.FindAllStringSubmatchIndex(text, -1) {
		if v, ok := wordsValue(text[m[2]:m[3]]); ok && v >= 100 {
			hits = append(hits, hit{m[2], strconv.FormatInt(v, 10)})
		}
	}
	// In the order the text has them.
	for i := 1; i < len(hits); i++ {
		for j := i; j > 0 && hits[j].at < hits[j-1].at; j-- {
			hits[j], hits[j-1] = hits[j-1], hits[j]
		}
	}
	for _, h := range hits {
		keep(h.n)
	}
	return out
}

// sourceOrderNumbers is the digits of every order number the sources
// give: an order-number field's value, or an order's name as code writes
// it ("#1001"). Other numbers (a price, a tracking number, a zip) are no
// order's.
func sourceOrderNumbers(sources []string) map[string]bool {
	out := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				if orderKeys[k] {
					var s string
					switch n := val.(type) {
					case string:
						s = strings.TrimSpace(n)
					case float64:
						if n >= 0 && n < 1e15 && n == float64(int64(n)) {
							s = strconv.FormatInt(int64(n), 10)
						}
					}
					if m := orderValueRe.FindStringSubmatch(s); m != nil {
						out[m[1]] = true
					}
				}
				walk(val)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	for _, s := range sources {
		for _, m := range orderNumRe.FindAllStringSubmatch(s, -1) {
			out[m[1]] = true
		}
		for _, v := range jsonValues(s) {
			walk(v)
		}
	}
	return out
}
