package docs

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/motoserver"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

const (
	hookShop    = "demo-shop.myshopify.com"
	hookProduct = "912345678901234567" // above 2^53, as Shopify's ids are
	question    = "does the lantern come with a spare wick?"
)

var hookT0 = time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC)

// at is hookT0 plus h hours.
func at(h float64) time.Time { return hookT0.Add(time.Duration(h * float64(time.Hour))) }

// productJSON is a products/create|update body in Shopify's shape. status
// "" leaves the key out; published false sends "published_at": null.
func productJSON(updated time.Time, status string, published bool, text string) []byte {
	m := map[string]any{
		"admin_graphql_api_id": "gid://shopify/Product/" + hookProduct,
		"id":                   json.Number(hookProduct),
		"title":                "Harbor Storm Lantern",
		"handle":               "harbor-storm-lantern",
		"body_html":            "<p>A brass storm lantern.</p><h3>In the box</h3><p>" + text + "</p>",
		"created_at":           nil,
		"updated_at":           updated.Format(time.RFC3339),
		"published_at":         nil,
		"vendor":               "Hearth & Harbor",
		"variants":             []any{},
	}
	if status != "" {
		m["status"] = status
	}
	if published {
		m["published_at"] = hookT0.Add(-24 * time.Hour).Format(time.RFC3339)
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return b
}

type hook struct {
	topic string
	body  []byte
	at    time.Time // X-Shopify-Triggered-At, else arrival
}

func update(t time.Time, text string) hook {
	return hook{shopify.TopicProductsUpdate, productJSON(t, "active", true, text), t}
}
func draft(t time.Time) hook {
	return hook{shopify.TopicProductsUpdate, productJSON(t, "draft", true, "draft text"), t}
}
func unpublish(t time.Time) hook {
	return hook{shopify.TopicProductsUpdate, productJSON(t, "active", false, "unpublished text"), t}
}
func deletion(t time.Time) hook {
	return hook{shopify.TopicProductsDelete, []byte(`{"id":` + hookProduct + `}`), t}
}

func newHookLibrary(t *testing.T) (*Library, store.Store) {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return libraryOn(st), st
}

func libraryOn(st store.Store) *Library {
	lib := NewLibrary(nil)
	lib.Store = st
	return lib
}

// dynamoStores gives each call a table of its own on one moto server.
func dynamoStores(t *testing.T) func(t *testing.T) store.Store {
	endpoint := motoserver.Start(t)
	client := dynamodb.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")},
		func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(endpoint) })
	n := 0
	return func(t *testing.T) store.Store {
		n++
		table := fmt.Sprintf("docs-%d", n)
		if err := dynamo.CreateTable(context.Background(), client, table); err != nil {
			t.Fatal(err)
		}
		return dynamo.New(client, table)
	}
}

// found is the text search_docs answers the question with, "" for none.
func found(t *testing.T, lib *Library) string {
	t.Helper()
	ps, err := lib.Search(context.Background(), hookShop, question, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) == 0 {
		return ""
	}
	return ps[0].Text
}

// Newest wins across updates, drafts, unpublishing and deletions, in any
// arrival order, also in a library that reads the store afresh (another
// Lambda, a restart), and only the winning version stays stored.
func TestProductNewestWinsAcrossDeleteAndDraft(t *testing.T) {
	boltStore := func(t *testing.T) store.Store {
		_, st := newHookLibrary(t)
		return st
	}
	t.Run("bolt", func(t *testing.T) { testProductNewestWins(t, boltStore) })
	// The same on DynamoDB (moto): ListDocs' prefix and id order and
	// CreateDoc's condition are what the versions rely on.
	t.Run("dynamodb", func(t *testing.T) { testProductNewestWins(t, dynamoStores(t)) })
}

func testProductNewestWins(t *testing.T, newStore func(*testing.T) store.Store) {
	tests := []struct {
		name  string
		hooks []hook
		want  string // text found, "" for none
	}{
		{"update then delete", []hook{update(at(1), "one spare wick"), deletion(at(2))}, ""},
		{"late update after delete", []hook{update(at(1), "one spare wick"), deletion(at(2)), update(at(1), "one spare wick")}, ""},
		{"late newer-stamped update after delete", []hook{update(at(1), "one spare wick"), deletion(at(2)), update(at(3), "two spare wicks")}, ""},
		{"delete arrives before the create", []hook{deletion(at(2)), {shopify.TopicProductsCreate, productJSON(at(1), "active", true, "one spare wick"), at(1)}}, ""},
		{"late update after draft", []hook{update(at(1), "one spare wick"), draft(at(2)), update(at(1.5), "one spare wick")}, ""},
		{"draft arrives before an older update", []hook{draft(at(2)), update(at(1), "one spare wick")}, ""},
		{"draft then newer active", []hook{update(at(1), "one spare wick"), draft(at(2)), update(at(3), "two spare wicks")}, "two spare wicks"},
		{"late update after unpublish", []hook{update(at(1), "one spare wick"), unpublish(at(2)), update(at(1.5), "one spare wick")}, ""},
		{"unpublished then published again", []hook{update(at(1), "one spare wick"), unpublish(at(2)), update(at(3), "two spare wicks")}, "two spare wicks"},
		{"draft and update at the same time", []hook{update(at(1), "one spare wick"), draft(at(1)), update(at(1), "one spare wick")}, ""},
		{"older update after newer", []hook{update(at(2), "two spare wicks"), update(at(1), "one spare wick")}, "two spare wicks"},
		{"redelivered update", []hook{update(at(1), "one spare wick"), update(at(1), "one spare wick")}, "one spare wick"},
		{"same text, newer time, then an older draft", []hook{update(at(1), "one spare wick"), update(at(3), "one spare wick"), draft(at(2))}, "one spare wick"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newStore(t)
			lib := libraryOn(st)
			for i, h := range tt.hooks {
				if err := lib.ProductWebhookAt(t.Context(), h.topic, hookShop, h.body, h.at); err != nil {
					t.Fatalf("delivery %d (%s): %v", i, h.topic, err)
				}
			}
			if got := found(t, lib); !strings.Contains(got, tt.want) || (tt.want == "" && got != "") {
				t.Errorf("found %q, want %q", got, tt.want)
			}
			fresh := NewLibrary(nil)
			fresh.Store = st
			if got := found(t, fresh); !strings.Contains(got, tt.want) || (tt.want == "" && got != "") {
				t.Errorf("after a restart: found %q, want %q", got, tt.want)
			}
			docs, err := st.ListDocs(t.Context(), ProductsCollection, hookShop+"/", "", 100)
			if err != nil || len(docs) != 1 {
				t.Errorf("stored versions: %d, %v; want the winner alone", len(docs), err)
			}
			for _, d := range docs {
				if tt.want == "" && strings.Contains(string(d.Value), "wick") {
					t.Errorf("a hidden or deleted product's text is still stored: %s", d.Value)
				}
			}
		})
	}
}

// Two Lambdas: one holds the product in memory, the other applies its
// deletion; a late update reaching the first must not bring it back.
func TestProductDeleteSeenAcrossLibraries(t *testing.T) {
	a, st := newHookLibrary(t)
	b := NewLibrary(nil)
	b.Store = st
	ctx := t.Context()
	first := update(at(1), "one spare wick")
	if err := a.ProductWebhookAt(ctx, first.topic, hookShop, first.body, first.at); err != nil {
		t.Fatal(err)
	}
	if found(t, a) == "" || found(t, b) == "" {
		t.Fatal("the product is not found")
	}
	del := deletion(at(2))
	if err := b.ProductWebhookAt(ctx, del.topic, hookShop, del.body, del.at); err != nil {
		t.Fatal(err)
	}
	late := update(at(1.5), "one spare wick")
	if err := a.ProductWebhookAt(ctx, late.topic, hookShop, late.body, late.at); err != nil {
		t.Fatal(err)
	}
	fresh := NewLibrary(nil)
	fresh.Store = st
	if got := found(t, fresh); got != "" {
		t.Errorf("a late update after a deletion in another library brought the text back: %q", got)
	}
}

// A description stored before versions existed (one document under
// "<shop>/product/<id>") is read, and replaced by the next version.
func TestProductLegacyDocument(t *testing.T) {
	lib, st := newHookLibrary(t)
	ctx := t.Context()
	legacy, _ := json.Marshal(ProductDocument(hookProduct, "Harbor Storm Lantern", "harbor-storm-lantern",
		"<h3>In the box</h3><p>one spare wick</p>", at(1)))
	if err := st.PutDoc(ctx, ProductsCollection, hookShop+"/product/"+hookProduct, legacy, time.Time{}); err != nil {
		t.Fatal(err)
	}
	// Another product whose id starts with this one's is not a version of it.
	other, _ := json.Marshal(ProductDocument(hookProduct+"9", "Harbor Wick Trimmer", "harbor-wick-trimmer", "<p>Trims a wick.</p>", at(1)))
	if err := st.PutDoc(ctx, ProductsCollection, hookShop+"/product/"+hookProduct+"9", other, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if got := found(t, lib); !strings.Contains(got, "one spare wick") {
		t.Fatalf("legacy document not read: %q", got)
	}
	late := update(at(0.5), "no wick")
	if err := lib.ProductWebhookAt(ctx, late.topic, hookShop, late.body, late.at); err != nil {
		t.Fatal(err)
	}
	if got := found(t, lib); !strings.Contains(got, "one spare wick") {
		t.Errorf("an older update replaced the legacy document: %q", got)
	}
	del := deletion(at(2))
	if err := lib.ProductWebhookAt(ctx, del.topic, hookShop, del.body, del.at); err != nil {
		t.Fatal(err)
	}
	if _, err := st.GetDoc(ctx, ProductsCollection, hookShop+"/product/"+hookProduct); err == nil {
		t.Error("the legacy document is still stored after a deletion")
	}
	if _, err := st.GetDoc(ctx, ProductsCollection, hookShop+"/product/"+hookProduct+"9"); err != nil {
		t.Errorf("the other product was touched: %v", err)
	}
	fresh := NewLibrary(nil)
	fresh.Store = st
	if got := found(t, fresh); got != "" {
		t.Errorf("deleted legacy product found: %q", got)
	}
}

// Shopify's sample products/create has "created_at": null; an older sample
// had "updated_at": null too. Both are applied, the undated one dated by
// the delivery.
func TestProductSampleDates(t *testing.T) {
	lib, _ := newHookLibrary(t)
	undated := strings.Replace(string(productJSON(at(1), "active", true, "one spare wick")),
		fmt.Sprintf(`"updated_at":%q`, at(1).Format(time.RFC3339)), `"updated_at":null`, 1)
	if !strings.Contains(undated, `"updated_at":null`) {
		t.Fatal("fixture not rewritten")
	}
	if err := lib.ProductWebhookAt(t.Context(), shopify.TopicProductsCreate, hookShop, []byte(undated), at(5)); err != nil {
		t.Fatal(err)
	}
	if got := found(t, lib); !strings.Contains(got, "one spare wick") {
		t.Fatalf("undated product not indexed: %q", got)
	}
	// Dated by the delivery (at(5)): an update stamped before that is older.
	older := update(at(4), "two spare wicks")
	if err := lib.ProductWebhookAt(t.Context(), older.topic, hookShop, older.body, older.at); err != nil {
		t.Fatal(err)
	}
	if got := found(t, lib); !strings.Contains(got, "one spare wick") {
		t.Errorf("an update older than the undated delivery replaced it: %q", got)
	}
}
