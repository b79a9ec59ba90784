package docs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// ProductStore keeps product descriptions between restarts and across
// Lambdas: the store's document collections.
type ProductStore interface {
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
	DeleteDoc(ctx context.Context, coll, id string) error
}

// ProductsCollection is the store collection of product descriptions; ids
// are "<shop>/<document id>".
const ProductsCollection = "docs-products"

// Library is the documentation every shop's agent searches: the merchant's
// files, shared by all shops of the deployment, and each shop's product
// descriptions. It keeps one index per shop and rebuilds it when the shop's
// documents change. It is safe for concurrent use.
type Library struct {
	// Store, when set, keeps product descriptions: PutProduct writes them,
	// and a shop's are read once, on its first search.
	Store ProductStore
	// MaxAge, when set, re-reads a shop's product descriptions from Store
	// once they are older than this, so a Lambda that did not receive the
	// products webhook itself still sees the change (one read per MaxAge).
	MaxAge time.Duration
	// Now is the clock for MaxAge; nil means time.Now.
	Now func() time.Time

	mu    sync.Mutex
	base  *Index
	files []Document
	shops map[string]*shopDocs
}

type shopDocs struct {
	products map[string]Document
	loadedAt time.Time
	loaded   bool
	index    *Index // nil: rebuild on the next search
}

var _ agent.DocsSearcher = (*Library)(nil)

// NewLibrary makes a library of the merchant's files.
func NewLibrary(files []Document) *Library {
	return &Library{files: files, base: Build(files), shops: map[string]*shopDocs{}}
}

// NewLibraryFromIndex makes a library whose files are already indexed (an
// index read at Lambda init). Product descriptions are added to a copy of
// its passages when a shop has any.
func NewLibraryFromIndex(ix *Index) *Library {
	return &Library{base: ix, shops: map[string]*shopDocs{}}
}

// Files is the index of the merchant's files alone.
func (l *Library) Files() *Index { return l.base }

func (l *Library) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

// Search is the agent's search_docs: passages above the threshold, best
// first, with their sources.
func (l *Library) Search(ctx context.Context, shop, query string, k int) ([]agent.Passage, error) {
	ix, err := l.Index(ctx, shop)
	if err != nil {
		return nil, err
	}
	hits := ix.Search(query, k)
	out := make([]agent.Passage, len(hits))
	for i, h := range hits {
		out[i] = agent.Passage{Source: h.Source, Section: h.Section, Text: h.Text, Score: h.Score}
	}
	return out, nil
}

// Index is the shop's index, built if its documents changed.
func (l *Library) Index(ctx context.Context, shop string) (*Index, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	sd, err := l.shopLocked(ctx, shop)
	if err != nil {
		return nil, err
	}
	if len(sd.products) == 0 {
		return l.base, nil
	}
	if sd.index == nil {
		ps := append([]Passage(nil), l.base.Passages()...)
		for _, d := range sortedDocs(sd.products) {
			ps = append(ps, Split(d)...)
		}
		sd.index = BuildPassages(ps)
		sd.index.Threshold = l.base.Threshold
	}
	return sd.index, nil
}

// shopLocked is the shop's documents, read from the store when they were
// never read or are older than MaxAge.
func (l *Library) shopLocked(ctx context.Context, shop string) (*shopDocs, error) {
	sd := l.shops[shop]
	if sd == nil {
		sd = &shopDocs{products: map[string]Document{}}
		l.shops[shop] = sd
	}
	if l.Store == nil || (sd.loaded && (l.MaxAge <= 0 || l.now().Sub(sd.loadedAt) < l.MaxAge)) {
		return sd, nil
	}
	products, err := l.readProducts(ctx, shop)
	if err != nil {
		if sd.loaded {
			return sd, nil // keep answering from what we have
		}
		return nil, err
	}
	sd.products, sd.loaded, sd.loadedAt, sd.index = products, true, l.now(), nil
	return sd, nil
}

func (l *Library) readProducts(ctx context.Context, shop string) (map[string]Document, error) {
	out := map[string]Document{}
	after := ""
	for {
		page, err := l.Store.ListDocs(ctx, ProductsCollection, shop+"/", after, 200)
		if err != nil {
			return nil, fmt.Errorf("list product docs of %s: %w", shop, err)
		}
		for _, d := range page {
			var doc Document
			if err := json.Unmarshal(d.Value, &doc); err != nil {
				return nil, fmt.Errorf("product doc %s: %w", d.ID, err)
			}
			out[doc.ID] = doc
		}
		if len(page) < 200 {
			return out, nil
		}
		after = page[len(page)-1].ID
	}
}

// PutProduct adds or replaces a shop's product description and marks the
// shop's index for a rebuild. An update older than the one held is
// ignored (Shopify may deliver out of order); it reports whether anything
// changed.
func (l *Library) PutProduct(ctx context.Context, shop string, d Document) (bool, error) {
	if d.ID == "" {
		return false, errors.New("product doc has no id")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	sd, err := l.shopLocked(ctx, shop)
	if err != nil {
		return false, err
	}
	if old, ok := sd.products[d.ID]; ok && (d.UpdatedAt.Before(old.UpdatedAt) || sameDoc(old, d)) {
		return false, nil
	}
	if l.Store != nil {
		raw, err := json.Marshal(d)
		if err != nil {
			return false, fmt.Errorf("encode product doc %s: %w", d.ID, err)
		}
		if err := l.Store.PutDoc(ctx, ProductsCollection, shop+"/"+d.ID, raw, time.Time{}); err != nil {
			return false, fmt.Errorf("save product doc %s: %w", d.ID, err)
		}
	}
	sd.products[d.ID] = d
	sd.index = nil
	return true, nil
}

// DeleteProduct removes a shop's product description (products/delete).
func (l *Library) DeleteProduct(ctx context.Context, shop, id string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	sd, err := l.shopLocked(ctx, shop)
	if err != nil {
		return err
	}
	if l.Store != nil {
		if err := l.Store.DeleteDoc(ctx, ProductsCollection, shop+"/"+id); err != nil {
			return fmt.Errorf("delete product doc %s: %w", id, err)
		}
	}
	if _, ok := sd.products[id]; ok {
		delete(sd.products, id)
		sd.index = nil
	}
	return nil
}

func sameDoc(a, b Document) bool {
	return a.Title == b.Title && a.Product == b.Product && a.Body == b.Body && a.Format == b.Format
}

func sortedDocs(m map[string]Document) []Document {
	out := make([]Document, 0, len(m))
	for _, d := range m {
		out = append(out, d)
	}
	// Stable passage order, so the same documents give the same index.
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// ProductDocument is a Shopify product's description as a document: its
// id is "product/<id>", its source is the product's title.
func ProductDocument(id, title, handle, bodyHTML string, updatedAt time.Time) Document {
	title = strings.TrimSpace(title)
	if title == "" {
		title = "Product " + strings.TrimSpace(handle)
	}
	return Document{ID: "product/" + id, Title: title + " – product description", Product: title, Format: HTML,
		Body: bodyHTML, UpdatedAt: updatedAt}
}
