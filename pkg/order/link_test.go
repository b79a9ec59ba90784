package order_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

func TestHTTPURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.ups.com/track?tracknum=1Z9", "https://www.ups.com/track?tracknum=1Z9"},
		{"  http://carrier.example/t/1  ", "http://carrier.example/t/1"},
		{"HTTPS://Carrier.Example/x", "https://Carrier.Example/x"},
		{"javascript:alert(document.cookie)", ""},
		{"JaVaScRiPt:alert(1)", ""},
		{" javascript:alert(1)", ""},
		{"java\tscript:alert(1)", ""},
		{"data:text/html,<script>alert(1)</script>", ""},
		{"vbscript:msgbox(1)", ""},
		{"//evil.example/x", ""},
		{"/track?t=1", ""},
		{"https:///nohost", ""},
		{"https://ok.example/\nx", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := order.HTTPURL(tt.in); got != tt.want {
			t.Errorf("HTTPURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
