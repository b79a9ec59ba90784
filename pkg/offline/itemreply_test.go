package offline

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A shop that is not the demo's: the answers are recognised in general.
var lampShop = &agent.State{Verified: true, CurrentOrder: "#2001", ReturnWindowDays: 30, Orders: []agent.StateOrder{{Name: "#2001",
	Items: []string{"Brass Desk Lamp (Silver)", "3 × Linen Napkin (Sand)", "Walnut Bookend Set"}, Stage: "delivered, return window open"}}}

// converseOnce is the model's first step for msgs with st.
func converseOnce(t *testing.T, st *agent.State, msgs ...string) agent.Message {
	t.Helper()
	var ms []agent.Message
	for i, m := range msgs {
		role := agent.RoleUser
		if i%2 == 1 {
			role = agent.RoleAssistant
		}
		ms = append(ms, agent.Message{Role: role, Blocks: []agent.Block{{Text: m}}})
	}
	resp, err := Model{}.Converse(context.Background(), agent.Request{State: st, Messages: ms})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Message
}

// returnCall is start_return's input in m, as "all" or the sorted item
// titles with their quantities; "" when m calls no start_return.
func returnCall(m agent.Message) string {
	for _, b := range m.Blocks {
		if u := b.ToolUse; u != nil && u.Name == toolname.StartReturn {
			var in struct {
				All   bool `json:"all"`
				Items []struct {
					Title    string `json:"title"`
					Quantity int    `json:"quantity"`
				} `json:"items"`
			}
			_ = json.Unmarshal(u.Input, &in)
			if in.All {
				return "all"
			}
			var out []string
			for _, it := range in.Items {
				s := it.Title
				if it.Quantity > 0 {
					s = fmt.Sprintf("%d %s", it.Quantity, s)
				}
				out = append(out, s)
			}
			sort.Strings(out)
			return strings.Join(out, ", ")
		}
	}
	return ""
}

// The answer to start_return's "which items?" (State.Before: the previous
// reply asked) returns the items it names: title words, a pasted title,
// plurals, typos, "both", "everything", units of the item named before;
// a new request or a question is not an answer.
func TestItemsAnswerReturnsTheNamedItems(t *testing.T) {
	const which = "Which items would you like to return? The order has: Brass Desk Lamp (Silver), 3 × Linen Napkin (Sand), Walnut Bookend Set."
	asked := *lampShop
	asked.Before = []agent.StateAction{{Tool: toolname.StartReturn, Status: "asked"}}
	for _, tc := range []struct {
		prev, text, want string
	}{
		{"I want to return something", "the lamp", "lamp"},
		{"I want to return something", "Brass Desk Lamp", "brass desk lamp"},
		{"I want to return something", "Brass Desk Lamp (Silver)", "brass desk lamp silver"},
		{"I want to return something", "the napkins", "napkins"},
		{"I want to return something", "ok the napkins then", "napkins"},
		{"I want to return something", "the lmap", "lamp"},
		{"I want to return something", "the bookend set and the lamp", "bookend set, lamp"},
		{"I want to return something", "everything", "all"},
		{"I want to return something", "all of them", "all"},
		{"I want to return something", "two of the napkins", "2 napkins"},
		{"I want to return the napkins", "just one", "1 napkins"},
		{"I want to return something", "where is my other order?", ""},
		{"I want to return something", "how do I clean the lamp?", ""},
		{"I want to return something", "a person please", ""},
		{"I want to return something", "never mind", ""},
	} {
		t.Run(tc.text, func(t *testing.T) {
			m := converseOnce(t, &asked, tc.prev, which, tc.text)
			if got := returnCall(m); got != tc.want {
				t.Errorf("start_return %q, want %q (reply %q)", got, tc.want, m.Text())
			}
		})
	}
	// Without the question asked (State.Before), "the lamp" is no return.
	if got := returnCall(converseOnce(t, lampShop, "hi", "Hi! What can I help with?", "the lamp")); got != "" {
		t.Errorf("start_return %q without the question", got)
	}
}

// "Can I do that for <item>?" after a question about returns asks for
// that item's return; after another question it does not.
func TestSameForItemAfterAReturnQuestion(t *testing.T) {
	for _, tc := range []struct{ prev, text, want string }{
		{"what's your return policy?", "ok can I do that for the lamp?", "lamp"},
		{"can I send things back?", "same for the napkins", "napkins"},
		{"how do I clean the bookend set?", "can I do that for the lamp?", ""},
	} {
		t.Run(tc.text, func(t *testing.T) {
			m := converseOnce(t, lampShop, tc.prev, "Our guides say: …", tc.text)
			if got := returnCall(m); got != tc.want {
				t.Errorf("start_return %q, want %q (reply %q)", got, tc.want, m.Text())
			}
		})
	}
}

// "Until when can I return it?" looks the order up and answers the last
// day of its window; it proposes nothing. A question about the policy in
// general is for the guides.
func TestReturnDeadline(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"until when can I return the lamp?", toolname.TrackOrder},
		{"how long do I have to send the napkins back?", toolname.TrackOrder},
		{"what's the last day I can return my order?", toolname.TrackOrder},
		{"how long do I have to send something back?", toolname.SearchDocs},
	} {
		t.Run(tc.text, func(t *testing.T) {
			m := converseOnce(t, lampShop, tc.text)
			got := ""
			for _, b := range m.Blocks {
				if b.ToolUse != nil {
					got = b.ToolUse.Name
				}
			}
			if got != tc.want {
				t.Errorf("tool %q, want %q (reply %q)", got, tc.want, m.Text())
			}
		})
	}
	// After track_order: the day, for the item named.
	msgs := []agent.Message{
		{Role: agent.RoleUser, Blocks: []agent.Block{{Text: "until when can I return the lamp?"}}},
		{Role: agent.RoleAssistant, Blocks: []agent.Block{{ToolUse: &agent.ToolUse{ID: "t1", Name: toolname.TrackOrder, Input: json.RawMessage(`{"order_number":"#2001"}`)}}}},
		{Role: agent.RoleUser, Blocks: []agent.Block{{ToolResult: &agent.ToolResult{ToolUseID: "t1",
			Content: json.RawMessage(`{"order_number":"#2001","stage":"delivered","return_window_ends":"Tue, Dec 29, 2026"}`)}}}},
	}
	resp, err := Model{}.Converse(context.Background(), agent.Request{State: lampShop, Messages: msgs})
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.Message.Text(); !strings.Contains(got, "Brass Desk Lamp") || !strings.Contains(got, "until Tue, Dec 29, 2026") || hasToolUse(resp.Message) {
		t.Errorf("reply %q, want the lamp's last day", got)
	}
}

// A question about the proposal the last reply stated, which code stated
// again (State.Answered: lapsed, reoffered), is answered from it: the
// amount for "how much".
func TestTermsQuestionIsAnswered(t *testing.T) {
	st := *lampShop
	st.Answered = &agent.StateAnswer{Tool: toolname.StartReturn, Status: "lapsed", Reoffered: true, Resolution: "refund", Amount: "$42.00",
		Items: []string{"1 × Brass Desk Lamp (Silver)"}}
	for _, tc := range []struct{ text, want string }{
		{"wait, how much would I get back?", "$42.00"},
		{"when would the refund arrive?", "5 to 10 business days"},
	} {
		m := converseOnce(t, &st, "I want to return the lamp", "I'll start a return … Shall I go ahead? Just reply yes.", tc.text)
		if got := m.Text(); !strings.Contains(got, tc.want) || !strings.Contains(got, "haven't started") || strings.Contains(got, "won't make that change") {
			t.Errorf("%q: reply %q, want %q", tc.text, got, tc.want)
		}
	}
}

// Product nouns of another language in the plural name every unit.
func TestForeignPluralNamesItems(t *testing.T) {
	lines := []string{"Brass Desk Lamp (Silver)", "3 × Stoneware Mug (Sand)"}
	for _, tc := range []struct{ text, want string }{
		{"quiero devolver las tazas", "[mugs]"},
		{"je voudrais retourner les tasses", "[mugs]"},
		{"ich möchte die Tassen zurückgeben", "[mugs]"},
		{"quiero devolver la taza", "[mug]"},
		{"je voudrais retourner la lampe", "[lamp]"},
	} {
		var got []string
		for _, it := range namedItems(lines, tc.text) {
			got = append(got, it["title"].(string))
		}
		if s := fmt.Sprint(got); s != tc.want {
			t.Errorf("%q named %s, want %s", tc.text, s, tc.want)
		}
	}
}
