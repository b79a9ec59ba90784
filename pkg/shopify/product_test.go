package shopify

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// productBody is a products/update body in the REST webhook shape (Admin
// API 2025-10), trimmed of variants and images.
const productBody = `{"id": 8800000000101, "title": "Harbor Stoneware Mug", "handle": "harbor-stoneware-mug",
 "body_html": "<p>Our everyday 12 oz mug, thrown in high-fire stoneware.</p><h3>Care</h3><ul><li>Dishwasher safe (top rack)</li><li>Microwave safe</li></ul>",
 "vendor": "Hearth & Harbor", "product_type": "Mugs", "status": "active", "tags": "kitchen, gift",
 "created_at": "2026-01-10T09:00:00-05:00", "updated_at": "2026-11-18T14:30:00-05:00", "published_at": "2026-01-10T09:00:00-05:00",
 "variants": [{"id": 8810000000101, "title": "Charcoal / 12 oz", "price": "24.00", "sku": "HH-MUG-CH12"}],
 "options": [{"name": "Color", "values": ["Charcoal", "Sea Glass"]}], "images": [], "image": null,
 "admin_graphql_api_id": "gid://shopify/Product/8800000000101"}`

func TestParseProduct(t *testing.T) {
	got, err := ParseProduct([]byte(productBody))
	if err != nil {
		t.Fatal(err)
	}
	want := Product{ID: "8800000000101", Title: "Harbor Stoneware Mug", Handle: "harbor-stoneware-mug", Status: "active",
		BodyHTML:  "<p>Our everyday 12 oz mug, thrown in high-fire stoneware.</p><h3>Care</h3><ul><li>Dishwasher safe (top rack)</li><li>Microwave safe</li></ul>",
		UpdatedAt: time.Date(2026, 11, 18, 19, 30, 0, 0, time.UTC)}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("ParseProduct (-want +got):\n%s", d)
	}
}

func TestParseProductEdges(t *testing.T) {
	tests := []struct {
		name, body string
		wantErr    string // "" means it parses
		check      func(Product) bool
	}{
		{"id as a string", `{"id": "42", "title": "T", "updated_at": "2026-11-18T14:30:00Z"}`, "", func(p Product) bool { return p.ID == "42" }},
		{"null body_html is an empty description", `{"id": 1, "title": "T", "body_html": null, "updated_at": "2026-11-18T14:30:00Z"}`, "", func(p Product) bool { return p.BodyHTML == "" }},
		{"created_at stands in for updated_at", `{"id": 1, "title": "T", "created_at": "2026-11-18T14:30:00Z"}`, "", func(p Product) bool { return p.UpdatedAt.Equal(time.Date(2026, 11, 18, 14, 30, 0, 0, time.UTC)) }},
		{"title is trimmed", `{"id": 1, "title": "  Mug  ", "updated_at": "2026-11-18T14:30:00Z"}`, "", func(p Product) bool { return p.Title == "Mug" }},
		{"missing id", `{"title": "T", "updated_at": "2026-11-18T14:30:00Z"}`, `missing "id"`, nil},
		{"missing title", `{"id": 1, "updated_at": "2026-11-18T14:30:00Z"}`, `missing "title"`, nil},
		{"blank title", `{"id": 1, "title": " ", "updated_at": "2026-11-18T14:30:00Z"}`, `missing "title"`, nil},
		{"no dates: undated, for the caller to date", `{"id": 1, "title": "T", "created_at": null, "updated_at": null}`, "", func(p Product) bool { return p.UpdatedAt.IsZero() }},
		{"id above 2^53 stays exact", `{"id": 788032119674292922, "title": "T", "updated_at": "2026-11-18T14:30:00Z"}`, "", func(p Product) bool { return p.ID == "788032119674292922" }},
		{"published", `{"id": 1, "title": "T", "status": "active", "published_at": "2026-11-18T14:30:00Z"}`, "", func(p Product) bool { return !p.Unpublished && p.Listed() }},
		{"published_at null is unpublished", `{"id": 1, "title": "T", "status": "active", "published_at": null}`, "", func(p Product) bool { return p.Unpublished && !p.Listed() }},
		{"no published_at says nothing", `{"id": 1, "title": "T", "status": "active"}`, "", func(p Product) bool { return !p.Unpublished && p.Listed() }},
		{"draft is not listed", `{"id": 1, "title": "T", "status": "draft", "published_at": "2026-11-18T14:30:00Z"}`, "", func(p Product) bool { return !p.Listed() }},
		{"archived is not listed", `{"id": 1, "title": "T", "status": "archived"}`, "", func(p Product) bool { return !p.Listed() }},
		{"bad published_at", `{"id": 1, "title": "T", "published_at": "soon"}`, "", nil},
		{"id not a number", `{"id": "abc", "title": "T", "updated_at": "2026-11-18T14:30:00Z"}`, "not a number", nil},
		{"body_html not a string", `{"id": 1, "title": "T", "body_html": 7, "updated_at": "2026-11-18T14:30:00Z"}`, `field "body_html"`, nil},
		{"bad date", `{"id": 1, "title": "T", "updated_at": "yesterday"}`, "", nil},
		{"an array", `[1]`, "must be a JSON object", nil},
		{"not JSON", `{"id": 1,`, "not valid JSON", nil},
		{"trailing data", `{"id": 1, "title": "T", "updated_at": "2026-11-18T14:30:00Z"} {}`, "data after the object", nil},
		{"description too long", `{"id": 1, "title": "T", "updated_at": "2026-11-18T14:30:00Z", "body_html": "` + strings.Repeat("x", MaxDescription+1) + `"}`, "over", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParseProduct([]byte(tt.body))
			if tt.check != nil {
				if err != nil {
					t.Fatalf("ParseProduct: %v", err)
				}
				if !tt.check(p) {
					t.Errorf("ParseProduct = %+v", p)
				}
				return
			}
			var pe *PayloadError
			if !errors.As(err, &pe) {
				t.Fatalf("ParseProduct = %+v, %v; want a *PayloadError", p, err)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q, want it to say %q", err, tt.wantErr)
			}
		})
	}
}

func TestParseProductDelete(t *testing.T) {
	if id, err := ParseProductDelete([]byte(`{"id": 8800000000101}`)); err != nil || id != "8800000000101" {
		t.Errorf("ParseProductDelete = %q, %v", id, err)
	}
	for _, body := range []string{`{}`, `{"id": null}`, `nope`, `{"id": -1}`} {
		if id, err := ParseProductDelete([]byte(body)); err == nil {
			t.Errorf("ParseProductDelete(%s) = %q, want an error", body, id)
		}
	}
}

// FuzzParseProduct: any body, no panic; a success always has an id (the
// digits as sent), a title, a description within the limit, and a date
// unless the body has neither updated_at nor created_at.
func FuzzParseProduct(f *testing.F) {
	f.Add([]byte(productBody))
	f.Add([]byte(`{"id": 1, "title": "T", "body_html": null, "created_at": "2026-11-18T14:30:00Z"}`))
	f.Add([]byte(`{"id": 1e400, "title": ""}`))
	f.Add([]byte(`{"id": "1", "title": "\u0000", "updated_at": null, "body_html": "<p>\ud800</p>"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := ParseProduct(body)
		if err != nil {
			var pe *PayloadError
			if !errors.As(err, &pe) {
				t.Errorf("error %v is not a *PayloadError", err)
			}
			return
		}
		if p.ID == "" || p.Title == "" || len(p.BodyHTML) > MaxDescription {
			t.Errorf("product without keys: %+v", p)
		}
		if !bytes.Contains(body, []byte(p.ID)) {
			t.Errorf("id %s is not the digits of the body", p.ID)
		}
		var top struct {
			UpdatedAt *string `json:"updated_at"`
			CreatedAt *string `json:"created_at"`
		}
		if err := json.Unmarshal(body, &top); err == nil && p.UpdatedAt.IsZero() && (top.UpdatedAt != nil || top.CreatedAt != nil) {
			t.Errorf("undated product from a body with a date: %s", body)
		}
		if utf8.Valid(body) && !utf8.ValidString(p.Title) {
			t.Errorf("title %q is not UTF-8", p.Title)
		}
	})
}
