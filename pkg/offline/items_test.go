package offline

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Items are named by their product first: a word of a variant option
// names a line only with the whole option, so "the glass" names no mug
// whose colour is Sea Glass, and the tool asks which item.
func TestNamedItemsPreferTheProduct(t *testing.T) {
	lines := []string{"Pour-Over Coffee Kit (Walnut)", "Harbor Stoneware Mug (Sea Glass / 12 oz)", "Olivewood Serving Board (Large)"}
	for _, tc := range []struct{ text, want string }{
		{"the glass is chipped", "[]"},
		{"the glass arrived cracked", "[]"},
		{"the mug is chipped", "[mug]"},
		{"the sea glass one is chipped", "[sea glass]"},
		{"the sea glass mug is chipped", "[sea glass mug]"},
		{"the large board cracked", "[large board]"},
		{"the kit and the mug", "[kit mug]"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			var got []string
			for _, it := range namedItems(lines, tc.text) {
				got = append(got, it["title"].(string))
			}
			if s := fmt.Sprint(got); s != tc.want && !(tc.want == "[]" && len(got) == 0) {
				t.Errorf("named %s, want %s", s, tc.want)
			}
		})
	}
}

// A number of units said with one named item is its quantity ("one of
// the mugs"); with no number, or for both, the whole line.
func TestNamedItemsQuantity(t *testing.T) {
	lines := []string{"Pour-Over Coffee Kit (Walnut)", "2 × Harbor Stoneware Mug (Sea Glass / 12 oz)"}
	for _, tc := range []struct {
		text string
		want any
	}{
		{"one of the mugs arrived cracked in half", 1},
		{"just one mug is chipped", 1},
		{"the mugs arrived cracked", nil},
		{"both mugs are broken", nil},
	} {
		t.Run(tc.text, func(t *testing.T) {
			items := namedItems(lines, tc.text)
			if len(items) != 1 {
				t.Fatalf("named %v, want one item", items)
			}
			if got := items[0]["quantity"]; got != tc.want {
				t.Errorf("quantity %v, want %v", got, tc.want)
			}
		})
	}
}

// An answer to exchange_item's question carries the exchange on: the
// option asked for "instead of" the item the question named, or the item
// with the option asked for before; a no or a new request does not.
func TestExchangeAnswerCarriesOn(t *testing.T) {
	const instead = "Which would you like instead of Harbor Stoneware Mug (Sea Glass / 12 oz)? Harbor Stoneware Mug comes in: Charcoal / 12 oz, Sea Glass / 16 oz."
	const which = "Which items would you like to exchange? The order has: Pour-Over Coffee Kit (Walnut), 2 × Harbor Stoneware Mug (Sea Glass / 12 oz)."
	for _, tc := range []struct {
		prev, bot, text string
		want            string // exchange_item's item and want, or "" for no exchange_item call
	}{
		{"can I exchange the mug for a different colour?", instead, "charcoal please", "Harbor Stoneware Mug (Sea Glass / 12 oz) | charcoal please"},
		{"can I exchange the mug for a different size?", instead, "16 oz", "Harbor Stoneware Mug (Sea Glass / 12 oz) | 16 oz"},
		{"can I exchange something for charcoal?", which, "the mug", "mug | charcoal"},
		{"can I exchange the mug for a different colour?", instead, "no thanks", ""},
		{"can I exchange the mug for a different colour?", instead, "where is my order #1003?", ""},
	} {
		t.Run(tc.text, func(t *testing.T) {
			st := &agent.State{Verified: true, CurrentOrder: "#1006", Orders: []agent.StateOrder{{Name: "#1006",
				Items: []string{"Pour-Over Coffee Kit (Walnut)", "2 × Harbor Stoneware Mug (Sea Glass / 12 oz)"}, Stage: "delivered, return window open"}}}
			msgs := []agent.Message{
				{Role: agent.RoleUser, Blocks: []agent.Block{{Text: tc.prev}}},
				{Role: agent.RoleAssistant, Blocks: []agent.Block{{Text: tc.bot}}},
				{Role: agent.RoleUser, Blocks: []agent.Block{{Text: tc.text}}},
			}
			resp, err := Model{}.Converse(context.Background(), agent.Request{State: st, Messages: msgs})
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, b := range resp.Message.Blocks {
				if u := b.ToolUse; u != nil && u.Name == toolname.ExchangeItem {
					var in struct {
						Item struct{ Title string } `json:"item"`
						Want string                 `json:"want"`
					}
					_ = json.Unmarshal(u.Input, &in)
					got = in.Item.Title + " | " + in.Want
				}
			}
			if got != tc.want {
				t.Errorf("exchange_item %q, want %q (reply %q)", got, tc.want, resp.Message.Text())
			}
		})
	}
}

// The answer to report_damage's "which item?" reports that item, with the
// problem said before.
func TestDamageAnswerNamesTheItem(t *testing.T) {
	const which = "Which items arrived damaged or wrong? The order has: Pour-Over Coffee Kit (Walnut), 2 × Harbor Stoneware Mug (Sea Glass / 12 oz)."
	for _, tc := range []struct{ text, want string }{
		{"the mug", "[mug] damaged"},
		{"the kit", "[kit] damaged"},
		{"no", ""},
	} {
		t.Run(tc.text, func(t *testing.T) {
			st := &agent.State{Verified: true, CurrentOrder: "#1006", Orders: []agent.StateOrder{{Name: "#1006",
				Items: []string{"Pour-Over Coffee Kit (Walnut)", "2 × Harbor Stoneware Mug (Sea Glass / 12 oz)"}, Stage: "delivered, return window open"}}}
			msgs := []agent.Message{
				{Role: agent.RoleUser, Blocks: []agent.Block{{Text: "the glass arrived cracked"}}},
				{Role: agent.RoleAssistant, Blocks: []agent.Block{{Text: which}}},
				{Role: agent.RoleUser, Blocks: []agent.Block{{Text: tc.text}}},
			}
			resp, err := Model{}.Converse(context.Background(), agent.Request{State: st, Messages: msgs})
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, b := range resp.Message.Blocks {
				if u := b.ToolUse; u != nil && u.Name == toolname.ReportDamage {
					var in struct {
						Items   []struct{ Title string } `json:"items"`
						Problem string                   `json:"problem"`
					}
					_ = json.Unmarshal(u.Input, &in)
					var titles []string
					for _, it := range in.Items {
						titles = append(titles, it.Title)
					}
					got = fmt.Sprint(titles) + " " + in.Problem
				}
			}
			if got != tc.want {
				t.Errorf("report_damage %q, want %q (reply %q)", got, tc.want, resp.Message.Text())
			}
		})
	}
}
