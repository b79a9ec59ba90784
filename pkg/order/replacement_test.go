package order

import "testing"

func TestReplaces(t *testing.T) {
	tests := []struct {
		name string
		o    Order
		want string
	}{
		{"shopify tags", Order{Name: "#1012", Tags: []string{"doorstep-replacement", "replaces-1006"}}, "#1006"},
		{"demo tags", Order{Name: "#1006-R", Tags: []string{"doorstep-replacement", "replaces-#1006"}}, "#1006"},
		{"demo name only", Order{Name: "#1006-R"}, "#1006"},
		{"tag without the original", Order{Name: "#1013", Tags: []string{"Doorstep-Replacement"}}, "#"},
		{"an ordinary order", Order{Name: "#1006", Tags: []string{"first-order"}}, ""},
		{"a suffix that is not ours", Order{Name: "#1006-RUSH"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Replaces(tt.o); got != tt.want {
				t.Errorf("Replaces() = %q, want %q", got, tt.want)
			}
		})
	}
}
