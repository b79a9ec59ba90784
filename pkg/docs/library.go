package docs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
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
	CreateDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
	DeleteDoc(ctx context.Context, coll, id string) error
}

// ProductsCollection is the store collection of product descriptions.
// Each product has one or more versions, ids "<shop>/<document id>/<time>.
// <kind>.<hash>", each written once (CreateDoc) and never changed: the
// newest version wins when read, so two Lambdas applying two deliveries at
// once cannot leave an older one in place, and older versions are deleted
// once a newer one is written. A version is the description or a tombstone
// (see productVersion). Ids written before versions, "<shop>/<document
// id>", are read as versions too and replaced on the next write.
const ProductsCollection = "docs-products"

// productVersion is one stored version of a product's description: the
// document, or a tombstone (Gone set, no title or body kept) saying the
// product was hidden (draft, archived or unpublished) or deleted at
// UpdatedAt. The JSON of a description version is the Document's own, so
// documents stored before versions read as versions.
type productVersion struct {
	Document
	Gone string `json:"gone,omitempty"`
}

// Tombstone kinds.
const (
	goneHidden  = "hidden"
	goneDeleted = "deleted"
)

func kindRank(gone string) int {
	switch gone {
	case goneDeleted:
		return 2
	case goneHidden:
		return 1
	}
	return 0
}

// wins reports whether v replaces old as a product's newest version. A
// deletion is final (Shopify never reuses a product id nor restores a
// deleted product), so nothing replaces it and it replaces anything.
// Otherwise the later UpdatedAt wins; at the same time a tombstone beats a
// description, and of two descriptions a different text replaces the held
// one (the same text changes nothing).
func (v productVersion) wins(old productVersion) bool {
	switch {
	case old.Gone == goneDeleted:
		return false
	case v.Gone == goneDeleted:
		return true
	case !v.UpdatedAt.Equal(old.UpdatedAt):
		return v.UpdatedAt.After(old.UpdatedAt)
	case kindRank(v.Gone) != kindRank(old.Gone):
		return kindRank(v.Gone) > kindRank(old.Gone)
	}
	return v.Gone == "" && !sameDoc(v.Document, old.Document)
}

// versionID is the store id of a version of a shop's document.
func versionID(shop string, v productVersion) string {
	h := "0"
	if v.Gone == "" {
		sum := sha256.Sum256([]byte(v.Title + "\x00" + v.Product + "\x00" + string(v.Format) + "\x00" + v.Body))
		h = hex.EncodeToString(sum[:6])
	}
	return fmt.Sprintf("%s/%s/%s.%d.%s", shop, v.ID, v.UpdatedAt.UTC().Format("20060102T150405.000000000Z"), kindRank(v.Gone), h)
}

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
	// products are the descriptions customers may see; latest is every
	// product's newest version, tombstones included.
	products map[string]Document
	latest   map[string]productVersion
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
		sd = &shopDocs{products: map[string]Document{}, latest: map[string]productVersion{}}
		l.shops[shop] = sd
	}
	if l.Store == nil || (sd.loaded && (l.MaxAge <= 0 || l.now().Sub(sd.loadedAt) < l.MaxAge)) {
		return sd, nil
	}
	latest, err := l.readProducts(ctx, shop)
	if err != nil {
		if sd.loaded {
			return sd, nil // keep answering from what we have
		}
		return nil, err
	}
	sd.latest, sd.products = latest, map[string]Document{}
	for id, v := range latest {
		if v.Gone == "" {
			sd.products[id] = v.Document
		}
	}
	sd.loaded, sd.loadedAt, sd.index = true, l.now(), nil
	return sd, nil
}

// readProducts reads a shop's stored versions: each product's newest.
func (l *Library) readProducts(ctx context.Context, shop string) (map[string]productVersion, error) {
	out := map[string]productVersion{}
	after := ""
	for {
		page, err := l.Store.ListDocs(ctx, ProductsCollection, shop+"/", after, 200)
		if err != nil {
			return nil, fmt.Errorf("list product docs of %s: %w", shop, err)
		}
		for _, d := range page {
			var v productVersion
			if err := json.Unmarshal(d.Value, &v); err != nil {
				return nil, fmt.Errorf("product doc %s: %w", d.ID, err)
			}
			if old, ok := out[v.ID]; !ok || v.wins(old) {
				out[v.ID] = v
			}
		}
		if len(page) < 200 {
			return out, nil
		}
		after = page[len(page)-1].ID
	}
}

type storedVersion struct {
	key string
	v   productVersion
}

// storedVersions reads every stored version of one of a shop's documents,
// in id order. Ids of other documents that share the prefix (product/12
// and product/123) are skipped; they sort after this document's versions.
func (l *Library) storedVersions(ctx context.Context, shop, docID string) ([]storedVersion, error) {
	base := shop + "/" + docID
	var out []storedVersion
	after := ""
	for {
		page, err := l.Store.ListDocs(ctx, ProductsCollection, base, after, 50)
		if err != nil {
			return nil, fmt.Errorf("list versions of %s: %w", docID, err)
		}
		for _, d := range page {
			if d.ID != base && !strings.HasPrefix(d.ID, base+"/") {
				if d.ID > base+"/" {
					return out, nil // past this document's versions
				}
				continue
			}
			var v productVersion
			if err := json.Unmarshal(d.Value, &v); err != nil {
				return nil, fmt.Errorf("product doc %s: %w", d.ID, err)
			}
			out = append(out, storedVersion{d.ID, v})
		}
		if len(page) < 50 {
			return out, nil
		}
		after = page[len(page)-1].ID
	}
}

// PutProduct adds or replaces a shop's product description and marks the
// shop's index for a rebuild. It is newest-wins: a version older than the
// one held (Shopify may deliver late and out of order), or any version of
// a deleted product, is ignored. It reports whether anything changed.
func (l *Library) PutProduct(ctx context.Context, shop string, d Document) (bool, error) {
	if d.ID == "" {
		return false, errors.New("product doc has no id")
	}
	return l.applyVersion(ctx, shop, productVersion{Document: d})
}

// HideProduct takes a product out of a shop's documentation because it
// became a draft, was archived or unpublished at at. It leaves a tombstone
// with that time, so a late update older than it does not bring the text
// back; a newer one does. It reports whether anything changed.
func (l *Library) HideProduct(ctx context.Context, shop, id string, at time.Time) (bool, error) {
	return l.tombstone(ctx, shop, id, at, goneHidden)
}

// DeleteProduct removes a shop's product description for good
// (products/delete at at). Its tombstone outlives every later delivery
// about the product: Shopify never restores a deleted product. It reports
// whether anything changed.
func (l *Library) DeleteProduct(ctx context.Context, shop, id string, at time.Time) (bool, error) {
	return l.tombstone(ctx, shop, id, at, goneDeleted)
}

func (l *Library) tombstone(ctx context.Context, shop, id string, at time.Time, gone string) (bool, error) {
	if id == "" {
		return false, errors.New("product doc has no id")
	}
	return l.applyVersion(ctx, shop, productVersion{Document: Document{ID: id, UpdatedAt: at.UTC()}, Gone: gone})
}

// applyVersion makes v the product's version if it wins over the newest
// one held. With a store, the newest is read from the store (not from this
// process's copy, which another Lambda may have outdated), v is created
// under its own id, and every version it beat is deleted.
func (l *Library) applyVersion(ctx context.Context, shop string, v productVersion) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	sd, err := l.shopLocked(ctx, shop)
	if err != nil {
		return false, err
	}
	if l.Store == nil {
		if old, ok := sd.latest[v.ID]; ok && !v.wins(old) {
			return false, nil
		}
		l.setLatest(sd, v)
		return true, nil
	}
	stored, err := l.storedVersions(ctx, shop, v.ID)
	if err != nil {
		return false, err
	}
	newest, changed := v, true
	for _, s := range stored {
		if !newest.wins(s.v) {
			newest, changed = s.v, false
		}
	}
	if changed {
		raw, err := json.Marshal(v)
		if err != nil {
			return false, fmt.Errorf("encode product doc %s: %w", v.ID, err)
		}
		err = l.Store.CreateDoc(ctx, ProductsCollection, versionID(shop, v), raw, time.Time{})
		switch {
		case errors.Is(err, store.ErrConflict):
			changed = false // the same version, written by a concurrent delivery
		case err != nil:
			return false, fmt.Errorf("save product doc %s: %w", v.ID, err)
		}
	}
	// Versions the newest beat are not needed any more; deleting them
	// also finishes a clean-up an earlier delivery could not.
	keep := versionID(shop, newest)
	for _, s := range stored {
		if s.key != keep && versionID(shop, s.v) != keep {
			if err := l.Store.DeleteDoc(ctx, ProductsCollection, s.key); err != nil {
				return changed, fmt.Errorf("delete old version of product doc %s: %w", v.ID, err)
			}
		}
	}
	l.setLatest(sd, newest)
	return changed, nil
}

// setLatest records a product's newest version in memory and marks the
// index for a rebuild when the searchable text changed.
func (l *Library) setLatest(sd *shopDocs, v productVersion) {
	sd.latest[v.ID] = v
	old, had := sd.products[v.ID]
	switch {
	case v.Gone != "" && had:
		delete(sd.products, v.ID)
		sd.index = nil
	case v.Gone == "" && (!had || !sameDoc(old, v.Document)):
		sd.products[v.ID] = v.Document
		sd.index = nil
	case v.Gone == "":
		sd.products[v.ID] = v.Document
	}
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
