package catalog_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/catalog"
)

func TestImageURL(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"https://cdn.shopify.com/s/files/1/mug.jpg?v=2", "https://cdn.shopify.com/s/files/1/mug.jpg?v=2"},
		{" /demo/products/mug.svg ", "/demo/products/mug.svg"},
		{"http://cdn.example/mug.jpg", ""}, // mixed content
		{"//evil.example/x.jpg", ""},
		{"javascript:alert(1)", ""},
		{"https://user:pw@cdn.example/x.jpg", ""},
		{`/x.svg" onerror="alert(1)`, ""},
		{"", ""},
	} {
		if got := catalog.ImageURL(tt.in); got != tt.want {
			t.Errorf("ImageURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
