package offline

import (
	"strings"
	"testing"
)

// The refund status answer says store credit and gift cards issued on the
// order (from any conversation), and the refunds too when there are some.
func TestRefundAnswerSaysCredit(t *testing.T) {
	for _, tc := range []struct {
		name   string
		result map[string]any
		want   []string
	}{
		{"credit only", map[string]any{"order_number": "#1006", "store_credit": []any{
			map[string]any{"amount": "$26.40", "date": "Wed, Nov 18, 2026", "issued_as": "store credit on the customer's account (applies at checkout when signed in)"},
			map[string]any{"amount": "$11.00", "date": "Thu, Nov 19, 2026", "issued_as": "a gift card (code emailed to the customer)", "gift_card_ending": "WXYZ"}}},
			[]string{"store credit on order #1006", "$26.40 on Wed, Nov 18, 2026", "$11.00", "ending WXYZ"}},
		{"credit and a refund", map[string]any{"order_number": "#1006", "store_credit": []any{
			map[string]any{"amount": "$26.40", "date": "Wed, Nov 18, 2026", "issued_as": "store credit on the customer's account"}},
			"refunds": []any{map[string]any{"amount": "$12.00", "date": "Fri, Nov 20, 2026"}}},
			[]string{"$26.40", "a refund on order #1006: $12.00 on Fri, Nov 20, 2026"}},
		{"nothing", map[string]any{"order_number": "#1006"}, []string{"There's no refund on order #1006 so far"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := refundAnswer(tc.result)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("answer %q lacks %q", got, w)
				}
			}
		})
	}
}
