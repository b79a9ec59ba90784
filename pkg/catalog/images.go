package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/store"
)

// ImagesCollection is a shop's product pictures (id the product id), kept
// apart from the products seen in orders so that an order never overwrites
// them.
func ImagesCollection(shop string) string { return "productimages:" + shop }

// Images are a product's pictures: its main one and, per variant id, the
// variant's own where it has one.
type Images struct {
	Image    string            `json:"image,omitempty"`
	Variants map[string]string `json:"variants,omitempty"`
}

// ImageURL is u when it is fit to show in a page: an https URL, or a path
// on doorstep's own site ("/demo/products/mug.svg", the local demo's
// catalogue); "" otherwise.
func ImageURL(u string) string {
	u = strings.TrimSpace(u)
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") && !strings.ContainsAny(u, "\\\"'<> ") {
		return u
	}
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "https" || p.Host == "" || p.User != nil {
		return ""
	}
	return p.String()
}

// RecordImages keeps a product's pictures (a products/create or
// products/update webhook, or the demo catalogue), replacing what was kept;
// URLs ImageURL refuses are dropped.
func RecordImages(ctx context.Context, st interface {
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
}, shop, productID string, img Images) error {
	clean := Images{Image: ImageURL(img.Image)}
	for v, u := range img.Variants {
		if u = ImageURL(u); u != "" && v != "" {
			if clean.Variants == nil {
				clean.Variants = map[string]string{}
			}
			clean.Variants[v] = u
		}
	}
	b, _ := json.Marshal(clean)
	if err := st.PutDoc(ctx, ImagesCollection(shop), productID, b, time.Time{}); err != nil {
		return fmt.Errorf("record product images %s: %w", productID, err)
	}
	return nil
}

// Image is the picture of a line: its variant's, else its product's; ""
// when none is kept.
func Image(ctx context.Context, st interface {
	GetDoc(ctx context.Context, coll, id string) ([]byte, error)
}, shop, productID, variantID string) (string, error) {
	if productID == "" {
		return "", nil
	}
	b, err := st.GetDoc(ctx, ImagesCollection(shop), productID)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read product images %s: %w", productID, err)
	}
	var img Images
	if err := json.Unmarshal(b, &img); err != nil {
		return "", fmt.Errorf("read product images %s: %w", productID, err)
	}
	if u := img.Variants[variantID]; u != "" && variantID != "" {
		return u, nil
	}
	return img.Image, nil
}
