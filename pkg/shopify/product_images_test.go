package shopify_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
)

func TestParseProductImages(t *testing.T) {
	body := `{"id":8800000000101,"title":"Harbor Stoneware Mug",
	 "image":{"id":31,"src":"https://cdn.shopify.com/s/files/1/mug.jpg"},
	 "images":[{"id":31,"position":1,"src":"https://cdn.shopify.com/s/files/1/mug.jpg","variant_ids":[]},
	           {"id":32,"position":2,"src":"https://cdn.shopify.com/s/files/1/mug-charcoal.jpg","variant_ids":[4700000000102]},
	           {"id":33,"position":3,"src":"https://cdn.shopify.com/s/files/1/mug-sea-glass.jpg"}],
	 "variants":[{"id":4700000000101,"image_id":33},{"id":4700000000102,"image_id":null},{"id":4700000000103}]}`
	got, err := shopify.ParseProductImages([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	want := shopify.ProductImages{ProductID: "8800000000101", Image: "https://cdn.shopify.com/s/files/1/mug.jpg",
		Variants: map[string]string{
			"4700000000101": "https://cdn.shopify.com/s/files/1/mug-sea-glass.jpg",
			"4700000000102": "https://cdn.shopify.com/s/files/1/mug-charcoal.jpg",
		}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("images (-want +got):\n%s", d)
	}

	// Shopify's own sample has no pictures: no error, none kept.
	sample, err := events.Shopify().Open("samples/products_create.json")
	if err != nil {
		t.Fatal(err)
	}
	defer sample.Close()
	var buf [1 << 16]byte
	n, _ := sample.Read(buf[:])
	if got, err := shopify.ParseProductImages(buf[:n]); err != nil || got.Image != "" || len(got.Variants) != 0 {
		t.Errorf("sample: %+v, %v", got, err)
	}

	for _, bad := range []string{`{}`, `[`, `{"id":"x"}`, `{"id":1,"images":[{"variant_ids":["no"]}]}`} {
		var pe *shopify.PayloadError
		if _, err := shopify.ParseProductImages([]byte(bad)); !errors.As(err, &pe) {
			t.Errorf("ParseProductImages(%s) = %v, want a PayloadError", bad, err)
		}
	}
}

// Whatever the body, a parsed product has an id, its main picture is one
// of its pictures, and every variant's picture is one of the body's images.
func FuzzParseProductImages(f *testing.F) {
	f.Add([]byte(`{"id":1,"image":{"src":"https://x/a.jpg"},"images":[{"id":2,"src":"https://x/b.jpg","variant_ids":[3]}],"variants":[{"id":4,"image_id":2}]}`))
	f.Add([]byte(`{"id":1}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := shopify.ParseProductImages(body)
		if err != nil {
			return
		}
		if p.ProductID == "" {
			t.Fatal("parsed a product with no id")
		}
		var raw struct {
			Image  *struct{ Src string }
			Images []struct{ Src string }
		}
		_ = json.NewDecoder(bytes.NewReader(body)).Decode(&raw) // the first JSON value, as the parser reads it
		srcs := map[string]bool{}
		for _, im := range raw.Images {
			srcs[strings.TrimSpace(im.Src)] = true
		}
		if raw.Image != nil {
			srcs[strings.TrimSpace(raw.Image.Src)] = true
		}
		if p.Image != "" && !srcs[p.Image] {
			t.Errorf("main image %q is not one of the body's", p.Image)
		}
		for v, src := range p.Variants {
			if v == "" || src == "" || !srcs[src] {
				t.Errorf("variant %q → %q is not one of the body's images", v, src)
			}
		}
	})
}
