// Package docs answers product questions from the merchant's documentation:
// Markdown, HTML and text files (a folder locally, an S3 prefix in AWS) and
// Shopify product descriptions. Documents are split into passages under
// their titles and headings and indexed with Okapi BM25; a search returns
// only passages that cover enough of the question, so a question the
// documents do not answer gets nothing rather than a near miss.
//
// The index is a plain in-memory inverted index, written and read as one
// gob blob, so a Lambda loads it once at init with one read.
package docs

import (
	"path"
	"strings"
	"time"
	"unicode"
)

// Format is how a document's body is written.
type Format string

// Formats.
const (
	Markdown Format = "markdown"
	HTML     Format = "html"
	Text     Format = "text"
)

// FormatOf is the format a file name implies, or "" when it is not a
// document.
func FormatOf(name string) Format {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown", ".mdown":
		return Markdown
	case ".html", ".htm":
		return HTML
	case ".txt", ".text":
		return Text
	}
	return ""
}

// Document is one source of answers.
type Document struct {
	// ID is stable across updates: a file's path, or "product/<id>".
	ID string `json:"id"`
	// Title names the source to customers. Empty: taken from the document
	// (front matter, <title>, first top heading), else from the ID.
	Title string `json:"title,omitempty"`
	// Product is the product the document is about, when it is about one.
	Product string `json:"product,omitempty"`
	Format  Format `json:"format"`
	Body    string `json:"body"`
	// UpdatedAt orders updates of the same document: an older one never
	// replaces a newer one.
	UpdatedAt time.Time `json:"updated_at,omitempty"`
}

// Passage is a piece of a document small enough to quote.
type Passage struct {
	DocID string `json:"doc_id"`
	// Source is the document's title.
	Source string `json:"source"`
	// Section is the heading path within the document ("Brewing > Grind
	// size"); empty before the first heading.
	Section string `json:"section,omitempty"`
	Text    string `json:"text"`
	// Product is the product the document is about, if it is about one.
	Product string `json:"product,omitempty"`
}

// Hit is a passage found by a search.
type Hit struct {
	Passage
	// Score is the passage's BM25 score for the query.
	Score float64
	// Coverage is the share of the query's weight (the IDF of its terms)
	// that the passage contains, from 0 to 1.
	Coverage float64
}

// titleFromID makes "guides/pour-over_brewing-guide.md" into "Pour over
// brewing guide".
func titleFromID(id string) string {
	base := path.Base(strings.ReplaceAll(id, "\\", "/"))
	base = strings.TrimSuffix(base, path.Ext(base))
	base = strings.Map(func(r rune) rune {
		if r == '-' || r == '_' {
			return ' '
		}
		return r
	}, base)
	base = strings.Join(strings.Fields(base), " ")
	if base == "" {
		return "Product documentation"
	}
	r := []rune(base)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}
