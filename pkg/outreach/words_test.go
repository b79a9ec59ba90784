package outreach_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/outreach"
)

func TestSentiment(t *testing.T) {
	tests := []struct{ text, want string }{
		{"love it", outreach.Happy},
		{"Love it, thank you!", outreach.Happy},
		{"All good, no problems at all", outreach.Happy},
		{"Great, thanks", outreach.Happy},
		{"not bad", outreach.Happy},
		{"The mug arrived cracked", outreach.Unhappy},
		{"love it but one mug is chipped", outreach.Unhappy},
		{"not great to be honest", outreach.Unhappy},
		{"I'm not very happy with it", outreach.Unhappy},
		{"I want to return it", outreach.Unhappy},
		{"Where is my other parcel?", ""},
		{"ok", ""},
		{"", ""},
		{"1234", ""},
	}
	for _, tt := range tests {
		if got := outreach.Sentiment(tt.text); got != tt.want {
			t.Errorf("Sentiment(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestForTheAgent(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"One of the mugs arrived cracked.", true},
		{"i want to retrun it, not what i expected", true},
		{"the lid is damaged", true},
		{"it never arrived", true},
		{"can i send it back", true},
		{"The kettle is lovely, thank you", false},
		{"we were refunded already, all good", false},
		{"not great to be honest", false},
		{"ok, then I'd like to return the water bottle", true},
		{"please start a return for the tea kettle", true},
		{"it's broken, can I get a replacement", true},
		{"I want my money back?", true},
		{"Refund please, it leaks", true},
		{"the returned parcel", false},
	}
	for _, tt := range tests {
		if got := outreach.ForTheAgent(tt.text); got != tt.want {
			t.Errorf("ForTheAgent(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// A clear request wins over a check-in answer, however glad it sounds.
func TestAsksToAct(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"love it but I'd like to exchange it for the blue one", true},
		{"great mug, can I get a refnd on the second one", true},
		{"Perfect, thanks so much", false},
		{"it's great, my friend wants to know where you're based", false},
		{"happy with it, but please replace the chipped one", true},
	}
	for _, tt := range tests {
		if got := outreach.AsksToAct(tt.text); got != tt.want {
			t.Errorf("AsksToAct(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestParseRating(t *testing.T) {
	tests := []struct {
		text string
		want int
		ok   bool
	}{
		{"5", 5, true}, {" 4/5 ", 4, true}, {"3 out of 5", 3, true}, {"5 stars!", 5, true}, {"1 star", 1, true},
		{"6", 0, false}, {"0", 0, false}, {"5 mugs", 0, false}, {"I'd say 4", 0, false}, {"", 0, false},
	}
	for _, tt := range tests {
		got, ok := outreach.ParseRating(tt.text)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseRating(%q) = %d, %v; want %d, %v", tt.text, got, ok, tt.want, tt.ok)
		}
	}
}

func TestIsOptOut(t *testing.T) {
	for _, s := range []string{"STOP", "stop.", "Unsubscribe", "please stop"} {
		if !outreach.IsOptOut(s) {
			t.Errorf("IsOptOut(%q) = false", s)
		}
	}
	for _, s := range []string{"don't stop the delivery", "stop sign mug", "love it"} {
		if outreach.IsOptOut(s) {
			t.Errorf("IsOptOut(%q) = true", s)
		}
	}
}

func TestChoose(t *testing.T) {
	set := outreach.Settings{ShopURL: "https://shop.example/", DiscountPercent: 10,
		AddOns: []outreach.AddOn{{When: "coffee kit", Suggest: "Paper Filters"}, {When: "HH-MUG", Suggest: "Coffee Kit"}}}
	tests := []struct {
		name  string
		items []order.LineItem
		want  outreach.Suggestion
	}{
		{"add-on by title", []order.LineItem{{Title: "Pour-Over Coffee Kit", Quantity: 1}},
			outreach.Suggestion{Kind: "addon", Product: "Paper Filters"}},
		{"add-on already bought: reorder the most bought", []order.LineItem{{Title: "Pour-Over Coffee Kit", Quantity: 1}, {Title: "Paper Filters", Quantity: 3}},
			outreach.Suggestion{Kind: "reorder", Product: "Paper Filters", URL: "https://shop.example/search?q=Paper+Filters"}},
		{"nothing matches", []order.LineItem{{Title: "Candle", Quantity: 2}},
			outreach.Suggestion{Kind: "reorder", Product: "Candle", URL: "https://shop.example/search?q=Candle"}},
	}
	for _, tt := range tests {
		got := outreach.Choose(order.Order{LineItems: tt.items}, set)
		if got != tt.want {
			t.Errorf("%s: Choose = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestExecutionName(t *testing.T) {
	got := outreach.ExecutionName("demo-shop.myshopify.com", "#1006 x", "gid://shopify/Fulfillment/5506")
	if len(got) > 80 {
		t.Errorf("name %q is longer than 80", got)
	}
	for _, bad := range []string{"#", " ", ":", "/", "$", "&", "."} {
		if containsStr(got, bad) {
			t.Errorf("name %q contains %q", got, bad)
		}
	}
	if got != outreach.ExecutionName("demo-shop.myshopify.com", "#1006 x", "gid://shopify/Fulfillment/5506") {
		t.Error("the same shipment gives different names")
	}
	if got == outreach.ExecutionName("demo-shop.myshopify.com", "#1006-x", "gid://shopify/Fulfillment/5506") {
		t.Error("different orders share a name")
	}
}

func containsStr(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
