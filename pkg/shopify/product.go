package shopify

import (
	"fmt"
	"strings"
	"time"
)

// Product webhook topics: a product's description is documentation the
// agent answers from.
const (
	TopicProductsCreate = "products/create"
	TopicProductsUpdate = "products/update"
	TopicProductsDelete = "products/delete"
)

// MaxDescription is the longest product description kept, in bytes;
// Shopify allows 512 KB of HTML.
const MaxDescription = 512 << 10

// Product is what doorstep keeps of a products/create or products/update
// body.
type Product struct {
	ID        string
	Title     string
	Handle    string
	BodyHTML  string
	Status    string // active, draft, archived
	UpdatedAt time.Time
}

type productJSON struct {
	ID        id         `json:"id"`
	Title     *string    `json:"title"`
	Handle    string     `json:"handle"`
	BodyHTML  *string    `json:"body_html"`
	Status    string     `json:"status"`
	UpdatedAt *time.Time `json:"updated_at"`
	CreatedAt *time.Time `json:"created_at"`
}

// ParseProduct decodes a products/create or products/update body. It needs
// an id, a title and updated_at (created_at when updated_at is missing);
// a null or missing body_html is an empty description.
func ParseProduct(body []byte) (Product, error) {
	bad := func(format string, a ...any) (Product, error) {
		return Product{}, &PayloadError{Topic: "products/create|update", Reason: fmt.Sprintf(format, a...)}
	}
	var p productJSON
	if err := decode(body, &p); err != nil {
		return bad("%v", err)
	}
	switch {
	case p.ID == "":
		return bad(`missing "id"`)
	case p.Title == nil || strings.TrimSpace(*p.Title) == "":
		return bad(`missing "title"`)
	case p.UpdatedAt == nil && p.CreatedAt == nil:
		return bad(`missing "updated_at"`)
	}
	out := Product{ID: string(p.ID), Title: strings.TrimSpace(*p.Title), Handle: strings.TrimSpace(p.Handle), Status: p.Status}
	if p.BodyHTML != nil {
		out.BodyHTML = *p.BodyHTML
	}
	if len(out.BodyHTML) > MaxDescription {
		return bad("body_html is %d bytes, over %d", len(out.BodyHTML), MaxDescription)
	}
	if p.UpdatedAt != nil {
		out.UpdatedAt = p.UpdatedAt.UTC()
	} else {
		out.UpdatedAt = p.CreatedAt.UTC()
	}
	return out, nil
}

// ParseProductDelete decodes a products/delete body: the id of the product.
func ParseProductDelete(body []byte) (string, error) {
	var p struct {
		ID id `json:"id"`
	}
	if err := decode(body, &p); err != nil {
		return "", &PayloadError{Topic: TopicProductsDelete, Reason: err.Error()}
	}
	if p.ID == "" {
		return "", &PayloadError{Topic: TopicProductsDelete, Reason: `missing "id"`}
	}
	return string(p.ID), nil
}
