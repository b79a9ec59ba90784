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
	ID       string
	Title    string
	Handle   string
	BodyHTML string
	Status   string // active, draft, archived
	// Unpublished is set when the body says "published_at": null: the
	// product is on no storefront, whatever its status.
	Unpublished bool
	// UpdatedAt is the body's updated_at, else its created_at; zero when
	// Shopify sent neither (its sample payloads may), for the caller to date
	// the product by when the delivery arrived.
	UpdatedAt time.Time
}

// Listed reports whether customers can see the product: active (or of no
// stated status) and not unpublished. A product that is not listed is kept
// out of the documentation.
func (p Product) Listed() bool {
	return (p.Status == "" || p.Status == "active") && !p.Unpublished
}

type productJSON struct {
	ID          id          `json:"id"`
	Title       *string     `json:"title"`
	Handle      string      `json:"handle"`
	BodyHTML    *string     `json:"body_html"`
	Status      string      `json:"status"`
	UpdatedAt   *time.Time  `json:"updated_at"`
	CreatedAt   *time.Time  `json:"created_at"`
	PublishedAt presentTime `json:"published_at"`
}

// presentTime is a time field that remembers whether the key was in the
// body at all, so "published_at": null (unpublished) is told apart from a
// body that does not say.
type presentTime struct {
	present bool
	t       *time.Time
}

func (p *presentTime) UnmarshalJSON(b []byte) error {
	p.present = true
	if string(b) == "null" {
		p.t = nil
		return nil
	}
	var t time.Time
	if err := t.UnmarshalJSON(b); err != nil {
		return err
	}
	p.t = &t
	return nil
}

// ParseProduct decodes a products/create or products/update body. It needs
// an id and a title; a null or missing body_html is an empty description,
// and a body with neither updated_at nor created_at has a zero UpdatedAt.
// Ids stay decimal strings (Shopify's exceed 2^53).
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
	}
	out := Product{ID: string(p.ID), Title: strings.TrimSpace(*p.Title), Handle: strings.TrimSpace(p.Handle),
		Status: p.Status, Unpublished: p.PublishedAt.present && p.PublishedAt.t == nil}
	if p.BodyHTML != nil {
		out.BodyHTML = *p.BodyHTML
	}
	if len(out.BodyHTML) > MaxDescription {
		return bad("body_html is %d bytes, over %d", len(out.BodyHTML), MaxDescription)
	}
	switch {
	case p.UpdatedAt != nil:
		out.UpdatedAt = p.UpdatedAt.UTC()
	case p.CreatedAt != nil:
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
