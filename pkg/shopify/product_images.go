package shopify

import (
	"fmt"
	"strings"
)

// ProductImages are the pictures a products/create or products/update body
// names: the product's main image and each variant's own (a variant's
// image_id, or an image listing the variant in variant_ids).
type ProductImages struct {
	ProductID string
	Image     string
	// Variants maps a variant id to its picture.
	Variants map[string]string
}

type productImagesJSON struct {
	ID    id `json:"id"`
	Image *struct {
		Src string `json:"src"`
	} `json:"image"`
	Images []struct {
		ID         id     `json:"id"`
		Src        string `json:"src"`
		Position   int    `json:"position"`
		VariantIDs []id   `json:"variant_ids"`
	} `json:"images"`
	Variants []struct {
		ID      id `json:"id"`
		ImageID id `json:"image_id"`
	} `json:"variants"`
}

// ParseProductImages reads the pictures of a products/create or
// products/update body. The main image is "image", else the first of
// "images"; URLs are kept as sent (the caller decides what it shows).
func ParseProductImages(body []byte) (ProductImages, error) {
	var p productImagesJSON
	if err := decode(body, &p); err != nil {
		return ProductImages{}, &PayloadError{Topic: "products/create|update", Reason: err.Error()}
	}
	if p.ID == "" {
		return ProductImages{}, &PayloadError{Topic: "products/create|update", Reason: `missing "id"`}
	}
	out := ProductImages{ProductID: string(p.ID)}
	if p.Image != nil {
		out.Image = strings.TrimSpace(p.Image.Src)
	}
	byID := map[id]string{}
	for _, im := range p.Images {
		src := strings.TrimSpace(im.Src)
		if src == "" {
			continue
		}
		if out.Image == "" {
			out.Image = src
		}
		if im.ID != "" {
			byID[im.ID] = src
		}
		for _, v := range im.VariantIDs {
			out.setVariant(string(v), src)
		}
	}
	for _, v := range p.Variants {
		if src := byID[v.ImageID]; src != "" && v.ImageID != "" {
			out.setVariant(string(v.ID), src)
		}
	}
	return out, nil
}

func (p *ProductImages) setVariant(v, src string) {
	if v == "" {
		return
	}
	if p.Variants == nil {
		p.Variants = map[string]string{}
	}
	p.Variants[v] = src
}

// String names the product and how many pictures it has (for logs: no URLs).
func (p ProductImages) String() string {
	return fmt.Sprintf("product %s: main image %t, %d variant images", p.ProductID, p.Image != "", len(p.Variants))
}
