package runner_test

import (
	"testing"
)

// Switching what a return gives keeps what the customer said, and an
// exchange that cannot be straight offers what a return gives: a return
// switched to store credit keeps its reason; a variant at another price
// is refused with credit or a refund offered, and taking the credit
// states a return for it.
func TestResolveSwitches(t *testing.T) {
	tests := []struct {
		name string
		says []string
		want [][]string // in each reply
	}{
		{name: "return switched to credit keeps its reason",
			says: []string{"I want to return the coffee kit, it's defective", "can I get store credit instead?"},
			want: [][]string{{"(reason: defective)", "refund of $68.48"}, {"(reason: defective)", "in store credit"}}},
		{name: "another price offers credit or a refund",
			says: []string{"could I swap a mug for a 16 oz?", "ok, store credit for the mug then"},
			want: [][]string{{"different amount", "store credit", "refund of $25.68"}, {"I'll start a return of 1 × Harbor Stoneware Mug", "in store credit"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := actionsServer(t)
			con := signIn(t, srv)
			con.set(func(s map[string]any) { s["policy"].(map[string]any)["store_credit_bonus_percent"] = 10 })
			c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
			for i, say := range tt.says {
				reply, _ := c.say(say)
				wantIn(t, reply, tt.want[i]...)
			}
			if n := len(shopActions(t, srv)); n != 0 {
				t.Errorf("%d shop actions before a yes", n)
			}
		})
	}
}
