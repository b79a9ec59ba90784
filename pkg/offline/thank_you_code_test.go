package offline

import (
	"context"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// Asked for their discount code again, a customer whose check-in brought
// one is given that code, from the order's facts; without one, or asked
// for a friend's code, no code is made up.
func TestThankYouCodeAgain(t *testing.T) {
	withCode := map[string]any{"order_number": "#1001", "stage": "delivered", "thank_you_code": "THANKS-AB12-CD34",
		"thank_you_code_off": "10%", "thank_you_code_until": "Tue, Jan 5, 2027"}
	without := map[string]any{"order_number": "#1001", "stage": "delivered"}
	for _, tc := range []struct {
		name, text string
		given      map[string]any
		want       []string // in the reply
		code       bool     // the code is given
	}{
		{"asked again", "what was that code again?", withCode, []string{"THANKS-AB12-CD34", "10%", "Jan 5, 2027"}, true},
		{"lost it", "I lost the coupon code, can you send it again?", withCode, []string{"THANKS-AB12-CD34"}, true},
		{"typo", "can you repeat the discout code please", withCode, []string{"THANKS-AB12-CD34"}, true},
		{"no code issued", "what was that code again?", without, nil, false},
		{"a friend's code", "what's the code for my friend?", withCode, nil, false},
		{"a lost parcel", "my parcel is lost", withCode, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := agent.Request{Tools: []agent.ToolSpec{{Name: "track_order"}, {Name: "search_docs"}, {Name: "handover"}},
				State:    &agent.State{Verified: true, CurrentOrder: "#1001", Given: tc.given, Orders: []agent.StateOrder{{Name: "#1001", Items: []string{"Mug"}, Stage: "delivered, return window open"}}},
				Messages: []agent.Message{{Role: agent.RoleUser, Blocks: []agent.Block{{Text: tc.text}}}}}
			resp, err := Model{}.Converse(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			reply := resp.Message.Text()
			if got := strings.Contains(reply, "THANKS-AB12-CD34"); got != tc.code {
				t.Fatalf("code given = %v, want %v: %q", got, tc.code, reply)
			}
			for _, w := range tc.want {
				if !strings.Contains(reply, w) {
					t.Errorf("reply %q lacks %q", reply, w)
				}
			}
		})
	}
}
