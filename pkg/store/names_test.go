package store

import "testing"

func TestNamesShop(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"a.myshopify.com", true},
		{"handoffs:a.myshopify.com", true},
		{"a.myshopify.com|ada@example.com", true},
		{"SHOP#a.myshopify.com#ORDER#1", true},
		{"ba.myshopify.com", false},
		{"a.myshopify.com.evil", false},
		{"x|ba.myshopify.com|a.myshopify.com", true},
		{"", false},
	}
	for _, tt := range tests {
		if got := NamesShop(tt.s, "a.myshopify.com"); got != tt.want {
			t.Errorf("NamesShop(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}
