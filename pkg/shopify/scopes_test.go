package shopify

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/doorstep-ai/doorstep/pkg/shopify/shopifytest"
)

// rootFields are the fields an operation selects at its top level:
// "query X { order(id: $id) { id } shop { name } }" → order, shop. An alias
// ("a: order") gives the field.
func rootFields(doc string) []string {
	start := strings.IndexByte(doc, '{')
	if start < 0 {
		return nil
	}
	var out []string
	depth, paren := 0, 0
	rs := []rune(doc[start:])
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; {
		case r == '{':
			depth++
		case r == '}':
			depth--
		case r == '(':
			paren++
		case r == ')':
			paren--
		case r == '@': // a directive: skip its name
			for i+1 < len(rs) && (unicode.IsLetter(rs[i+1]) || rs[i+1] == '_') {
				i++
			}
		case depth == 1 && paren == 0 && (unicode.IsLetter(r) || r == '_'):
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j]) || rs[j] == '_') {
				j++
			}
			name := string(rs[i:j])
			k := j
			for k < len(rs) && unicode.IsSpace(rs[k]) {
				k++
			}
			if k < len(rs) && rs[k] == ':' { // an alias: the field follows
				i = k
				continue
			}
			out = append(out, name)
			i = j - 1
		}
	}
	return out
}

func TestRootFields(t *testing.T) {
	got := rootFields(`mutation M($k: String!) { a: refundCreate(input: $i) @idempotent(key: $k) { refund { id } } shop { name } }`)
	if want := []string{"refundCreate", "shop"}; !slices.Equal(got, want) {
		t.Fatalf("rootFields = %v, want %v", got, want)
	}
}

// TestEveryOperationHasScopes: every root field any operation in this
// package queries or mutates has its scopes in operationScopes, and every
// scope there, and every webhook topic's, is in RequiredScopes, so a new
// operation cannot ship without `doorstep shopify setup` checking the
// scope it needs.
func TestEveryOperationHasScopes(t *testing.T) {
	docs, err := shopifytest.Documents(".")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) < 10 {
		t.Fatalf("only %d operations found", len(docs))
	}
	for name, doc := range docs {
		fields := rootFields(doc)
		if len(fields) == 0 {
			t.Errorf("%s: no root field found", name)
		}
		for _, f := range fields {
			scopes, ok := operationScopes[f]
			if !ok {
				t.Errorf("%s selects %s, which operationScopes does not list: add the scopes it needs", name, f)
			}
			for _, s := range scopes {
				if !slices.Contains(RequiredScopes, s) {
					t.Errorf("%s: %s needs %s, which RequiredScopes lacks", name, f, s)
				}
			}
		}
	}
	topicScope := map[string]string{"orders": "read_orders", "refunds": "read_orders", "fulfillments": "read_fulfillments", "products": "read_products"}
	for _, topic := range Topics {
		resource, _, _ := strings.Cut(topic, "/")
		s, ok := topicScope[resource]
		if !ok {
			t.Errorf("topic %s: which scope does it need?", topic)
			continue
		}
		if !slices.Contains(RequiredScopes, s) {
			t.Errorf("topic %s needs %s, which RequiredScopes lacks", topic, s)
		}
	}
	for _, s := range []string{"write_store_credit_account_transactions", "write_gift_cards"} {
		if !slices.Contains(RequiredScopes, s) || ScopeUse(s) == "" {
			t.Errorf("RequiredScopes lacks %s", s)
		}
	}
}
