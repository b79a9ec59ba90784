package docs

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/bolt"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"How do I clean the mug?", []string{"clean", "mug"}},
		{"cleaning, cleaned, cleans", []string{"clean", "clean", "clean"}},
		{"washes dried tumble-dried", []string{"wash", "dry", "tumbl", "dry", "tumbledry"}},
		{"Pour-over", []string{"pour", "pourover"}},
		{"pourover", []string{"pourover"}},
		{"the skillet's handle", []string{"skillet", "handl"}},
		{"size 02 filters", []string{"siz", "2", "filter"}},
		{"350ml 12oz", []string{"350", "ml", "12", "oz"}},
		{"shipping shipped ships", []string{"ship", "ship", "ship"}},
		{"Don't WASH it", []string{"wash"}},
		{"café crème", []string{"café", "crème"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := tokens(tt.in); !cmp.Equal(got, tt.want) {
			t.Errorf("tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

const markdownDoc = `---
title: "Kettle – user guide"
product: Copper Kettle
---

# Kettle – user guide

Intro with a [link](https://example.com) and **bold** and *em* text.

## Filling

- Fill to the MAX line.
- Never fill above it.

| Part | Material |
|------|----------|
| Body | Copper |

### Descaling
Descale monthly.

Setext heading
--------------

` + "```" + `
code stays
` + "```" + `
`

func TestSplitMarkdown(t *testing.T) {
	d, err := NewDocument("guides/kettle.md", []byte(markdownDoc))
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Kettle – user guide" || d.Product != "Copper Kettle" {
		t.Errorf("title %q, product %q", d.Title, d.Product)
	}
	got := Split(d)
	want := []Passage{
		{DocID: "guides/kettle.md", Source: "Kettle – user guide", Product: "Copper Kettle", Text: "Intro with a link and bold and em text."},
		{DocID: "guides/kettle.md", Source: "Kettle – user guide", Product: "Copper Kettle", Section: "Filling", Text: "- Fill to the MAX line.\n- Never fill above it.\n- Part: Material\n- Body: Copper"},
		{DocID: "guides/kettle.md", Source: "Kettle – user guide", Product: "Copper Kettle", Section: "Filling > Descaling", Text: "Descale monthly."},
		{DocID: "guides/kettle.md", Source: "Kettle – user guide", Product: "Copper Kettle", Section: "Setext heading", Text: "code stays"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Split (-want +got):\n%s", d)
	}
}

const htmlDoc = `<!doctype html><html><head><title>Lamp manual</title><meta name="product" content="Desk Lamp">
<script>var x = "not text";</script><style>p{}</style></head>
<body><nav>Home · Shop</nav>
<h1>Lamp manual</h1>
<p>The lamp uses an
 E26 bulb.</p>
<h2>Bulbs</h2>
<ul><li>Max 60 W</li><li><p>LED recommended</p></li></ul>
<table><tr><th>Mode</th><th>Watts</th></tr><tr><td>Low</td><td>5</td></tr></table>
<footer>© Shop</footer></body></html>`

func TestSplitHTML(t *testing.T) {
	d, err := NewDocument("lamp.html", []byte(htmlDoc))
	if err != nil {
		t.Fatal(err)
	}
	got := Split(d)
	want := []Passage{
		{DocID: "lamp.html", Source: "Lamp manual", Product: "Desk Lamp", Text: "The lamp uses an E26 bulb."},
		{DocID: "lamp.html", Source: "Lamp manual", Product: "Desk Lamp", Section: "Bulbs", Text: "- Max 60 W\n- LED recommended\nMode: Watts\nLow: 5"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Split (-want +got):\n%s", d)
	}
}

func TestSplitText(t *testing.T) {
	body := "Tent care\n\nGeneral words here.\n\nWashing\n\nHand wash only.\n- no machine\n- no dryer\n\nDrying\n======\n\nAir dry.\n"
	d, err := NewDocument("tent.txt", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	got := Split(d)
	want := []Passage{
		{DocID: "tent.txt", Source: "Tent care", Text: "General words here."},
		{DocID: "tent.txt", Source: "Tent care", Section: "Washing", Text: "Hand wash only.\n- no machine\n- no dryer"},
		{DocID: "tent.txt", Source: "Tent care", Section: "Drying", Text: "Air dry."},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Split (-want +got):\n%s", d)
	}
}

func TestTitleFromFileName(t *testing.T) {
	d, _ := NewDocument("faq/shipping_and-returns.md", []byte("Just text, no heading."))
	if ps := Split(d); len(ps) != 1 || ps[0].Source != "Shipping and returns" {
		t.Errorf("Split = %+v", ps)
	}
}

// A long section becomes several passages, none over the limits.
func TestLongSectionIsCut(t *testing.T) {
	sentence := "The quick brown fox jumps over the lazy dog near the river bank today. "
	body := "# Long\n\n" + strings.Repeat(sentence, 60) + "\n\n" + strings.Repeat("word", 3000) + "\n"
	ps := Split(Document{ID: "long.md", Format: Markdown, Body: body})
	if len(ps) < 5 {
		t.Fatalf("%d passages, want the section cut up", len(ps))
	}
	for _, p := range ps {
		if n := len(strings.Fields(p.Text)); n > maxWords || len(p.Text) > maxPassageBytes {
			t.Errorf("passage of %d words, %d bytes", n, len(p.Text))
		}
	}
}

func TestLoadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"a.md":                {Data: []byte("# A\n\ntext a")},
		"sub/b.html":          {Data: []byte("<h1>B</h1><p>text b</p>")},
		"sub/c.txt":           {Data: []byte("text c")},
		"image.png":           {Data: []byte{0x89, 'P', 'N', 'G'}},
		".hidden/d.md":        {Data: []byte("# D")},
		".index/index.gob":    {Data: []byte("x")},
		"sub/.draft.md":       {Data: []byte("# Draft")},
		"sub/README.MARKDOWN": {Data: []byte("# Readme")},
	}
	docs, err := LoadFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID+"="+d.Title)
	}
	want := []string{"a.md=A", "sub/README.MARKDOWN=Readme", "sub/b.html=B", "sub/c.txt="}
	if d := cmp.Diff(want, ids); d != "" {
		t.Errorf("LoadFS (-want +got):\n%s", d)
	}
	if _, err := LoadFS(fstest.MapFS{"bad.md": {Data: []byte{0xff, 0xfe}}}); err == nil || !strings.Contains(err.Error(), "bad.md") {
		t.Errorf("invalid UTF-8: %v, want an error naming the file", err)
	}
}

// The demo documentation loads, and every file gives passages under its
// own title.
func TestDemoDocs(t *testing.T) {
	docs, err := LoadFS(events.Docs())
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) < 6 || len(docs) > 10 {
		t.Errorf("%d demo documents, want 6 to 10", len(docs))
	}
	formats := map[Format]bool{}
	for _, d := range docs {
		formats[d.Format] = true
		ps := Split(d)
		if len(ps) < 3 {
			t.Errorf("%s: %d passages", d.ID, len(ps))
		}
		if d.Title == "" || d.Title == titleFromID(d.ID) {
			t.Errorf("%s has no title of its own", d.ID)
		}
	}
	if len(formats) != 3 {
		t.Errorf("demo formats %v, want Markdown, HTML and text", formats)
	}
}

func TestIndexRoundTrip(t *testing.T) {
	docs, err := LoadFS(events.Docs())
	if err != nil {
		t.Fatal(err)
	}
	ix := Build(docs)
	var buf bytes.Buffer
	n, err := ix.WriteTo(&buf)
	if err != nil || n != int64(buf.Len()) {
		t.Fatalf("WriteTo = %d, %v (wrote %d)", n, err, buf.Len())
	}
	back, err := ReadIndex(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"how do I season the skillet", "grind size", "is the mug dishwasher safe", "does the mug work with an aeropress"} {
		if d := cmp.Diff(ix.Search(q, 3), back.Search(q, 3)); d != "" {
			t.Errorf("%q: read index answers differently (-built +read):\n%s", q, d)
		}
	}
	// A damaged index is an error, never a panic later.
	raw := buf.Bytes()
	for _, cut := range []int{0, 10, len(raw) / 2, len(raw) - 1} {
		if _, err := ReadIndex(bytes.NewReader(raw[:cut])); err == nil {
			t.Errorf("index cut at %d read without error", cut)
		}
	}
	var stale bytes.Buffer
	f := indexFile{Version: formatVersion + 1}
	if err := gobEncode(&stale, f); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadIndex(&stale); !errors.Is(err, ErrStale) {
		t.Errorf("other version: %v, want ErrStale", err)
	}
	var bad bytes.Buffer
	_ = gobEncode(&bad, indexFile{Version: formatVersion, Passages: []Passage{{Text: "x"}}, Lengths: []uint32{1}, AvgLen: 1,
		Terms: map[string][]posting{"x": {{P: 7, TF: 1}}}})
	if _, err := ReadIndex(&bad); err == nil {
		t.Error("an index pointing past its passages read without error")
	}
}

func TestEmptyIndex(t *testing.T) {
	ix := Build(nil)
	if hits := ix.Search("anything", 3); len(hits) != 0 {
		t.Errorf("empty index found %v", hits)
	}
	var buf bytes.Buffer
	if _, err := ix.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if back, err := ReadIndex(&buf); err != nil || back.Len() != 0 {
		t.Errorf("ReadIndex = %v, %v", back, err)
	}
	full := Build([]Document{{ID: "a.md", Format: Markdown, Body: "# A\n\nwash it"}})
	for _, q := range []string{"", "   ", "the and of", "???"} {
		if hits := full.Search(q, 3); len(hits) != 0 {
			t.Errorf("Search(%q) = %v", q, hits)
		}
	}
	if hits := full.Search("wash", 0); len(hits) != 0 {
		t.Errorf("k=0 gave %v", hits)
	}
}

// A question that names a product finds only that product's passages (or
// passages about no product), whatever other products' documents say.
func TestProductNamedInQuestion(t *testing.T) {
	ix := Build([]Document{
		{ID: "mug.md", Format: Markdown, Product: "Harbor Mug", Body: "# Mug care\n\nThe mug is freezer safe."},
		{ID: "candle.md", Format: Markdown, Product: "Pillar Candle", Body: "# Candle care\n\nTrim the wick before lighting."},
		{ID: "faq.md", Format: Markdown, Body: "# FAQ\n\nWe gift wrap any candle for $5."},
	})
	if hits := ix.Search("can I put the candle in the freezer?", 3); len(hits) != 0 {
		t.Errorf("the mug's freezer passage answered a candle question: %v", hits)
	}
	if hits := ix.Search("is the mug freezer safe", 3); len(hits) == 0 || hits[0].DocID != "mug.md" {
		t.Errorf("mug question: %v", hits)
	}
	if hits := ix.Search("can you gift wrap a candle", 3); len(hits) == 0 || hits[0].DocID != "faq.md" {
		t.Errorf("FAQ passages are about no product and stay: %v", hits)
	}
	if hits := ix.Rank("can I put the candle in the freezer?", 3); len(hits) == 0 {
		t.Error("Rank filters nothing")
	}
}

func TestLibraryProducts(t *testing.T) {
	ctx := t.Context()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	files, err := LoadFS(events.Docs())
	if err != nil {
		t.Fatal(err)
	}
	lib := NewLibrary(files)
	lib.Store = st
	const shop = "demo-shop.myshopify.com"
	t0 := time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC)

	if ps, err := lib.Search(ctx, shop, "does the candle come in a gift box?", 3); err != nil || len(ps) != 0 {
		t.Fatalf("before the product: %v, %v", ps, err)
	}
	d := ProductDocument("88", "Beeswax Pillar Candle", "beeswax-pillar-candle",
		"<p>Hand-poured beeswax.</p><h3>Packaging</h3><p>Every candle ships in a recycled kraft gift box, ready to give.</p>", t0)
	if changed, err := lib.PutProduct(ctx, shop, d); err != nil || !changed {
		t.Fatalf("PutProduct = %v, %v", changed, err)
	}
	ps, err := lib.Search(ctx, shop, "does the candle come in a gift box?", 3)
	if err != nil || len(ps) == 0 || ps[0].Source != "Beeswax Pillar Candle – product description" || ps[0].Section != "Packaging" {
		t.Fatalf("after the product: %+v, %v", ps, err)
	}
	// Other shops do not see it.
	if ps, _ := lib.Search(ctx, "other.myshopify.com", "does the candle come in a gift box?", 3); len(ps) != 0 {
		t.Errorf("another shop sees the product: %v", ps)
	}
	// An older update (a late redelivery) changes nothing.
	old := d
	old.Body, old.UpdatedAt = "<p>No box.</p>", t0.Add(-time.Hour)
	if changed, err := lib.PutProduct(ctx, shop, old); err != nil || changed {
		t.Errorf("older update: %v, %v", changed, err)
	}
	// A new library (a restart, another Lambda) reads it from the store.
	again := NewLibrary(files)
	again.Store = st
	if ps, err := again.Search(ctx, shop, "does the candle come in a gift box?", 3); err != nil || len(ps) == 0 || ps[0].Section != "Packaging" {
		t.Errorf("after a restart: %+v, %v", ps, err)
	}
	// The files are still there too.
	if ps, _ := again.Search(ctx, shop, "how do I season the skillet", 3); len(ps) == 0 || !strings.HasPrefix(ps[0].Source, "Cast-Iron Skillet") {
		t.Errorf("files lost: %+v", ps)
	}
	if _, err := lib.DeleteProduct(ctx, shop, d.ID, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if ps, _ := lib.Search(ctx, shop, "does the candle come in a gift box?", 3); len(ps) != 0 {
		t.Errorf("deleted product still found: %v", ps)
	}
	third := NewLibrary(files)
	third.Store = st
	if ps, _ := third.Search(ctx, shop, "does the candle come in a gift box?", 3); len(ps) != 0 {
		t.Errorf("deleted product found after a restart: %v", ps)
	}
}

// With MaxAge, a library sees products another process wrote.
func TestLibraryMaxAge(t *testing.T) {
	ctx := t.Context()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC)
	reader := &Library{Store: st, MaxAge: 5 * time.Minute, Now: func() time.Time { return now }, base: Build(nil), shops: map[string]*shopDocs{}}
	writer := NewLibrary(nil)
	writer.Store = st
	if ps, _ := reader.Search(ctx, "s", "gift box", 3); len(ps) != 0 {
		t.Fatal(ps)
	}
	if _, err := writer.PutProduct(ctx, "s", ProductDocument("1", "Candle", "candle", "<p>Ships in a gift box.</p>", now)); err != nil {
		t.Fatal(err)
	}
	if ps, _ := reader.Search(ctx, "s", "gift box", 3); len(ps) != 0 {
		t.Errorf("re-read before MaxAge: %v", ps)
	}
	now = now.Add(6 * time.Minute)
	if ps, _ := reader.Search(ctx, "s", "gift box", 3); len(ps) != 1 {
		t.Errorf("after MaxAge: %v", ps)
	}
}

// FuzzSplit: any body in any format splits without panicking into
// passages within the limits, and indexes and searches.
func FuzzSplit(f *testing.F) {
	f.Add("md", markdownDoc)
	f.Add("html", htmlDoc)
	f.Add("txt", "Title\n\nBody\n\nHeading:\n\n- a\n- b")
	f.Add("html", "<h1><h2>x</h1></h2><li><li><table><td>")
	f.Add("md", "---\ntitle: x\n---\n# \n######\n|a|\n```")
	f.Fuzz(func(t *testing.T, ext, body string) {
		format := map[string]Format{"md": Markdown, "html": HTML, "txt": Text}[ext]
		if format == "" {
			format = Markdown
		}
		d := Document{ID: "f." + ext, Format: format, Body: body}
		ps := Split(d)
		for _, p := range ps {
			if strings.TrimSpace(p.Text) == "" || len(p.Text) > maxPassageBytes*2 || p.Source == "" {
				t.Errorf("passage %+v", p)
			}
		}
		ix := BuildPassages(ps)
		_ = ix.Search(body, 3)
	})
}

// FuzzReadIndex: any bytes give an index or an error, never a panic, and a
// read index searches without panicking.
func FuzzReadIndex(f *testing.F) {
	var buf bytes.Buffer
	_, _ = Build([]Document{{ID: "a.md", Format: Markdown, Body: "# A\n\nwash the mug"}}).WriteTo(&buf)
	f.Add(buf.Bytes())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, raw []byte) {
		ix, err := ReadIndex(bytes.NewReader(raw))
		if err != nil {
			return
		}
		_ = ix.Search("wash the mug", 3)
	})
}

// TestSearchPutsTyposRight: a misspelt word finds what the right one finds,
// and a real word is not "corrected" into another one.
func TestSearchPutsTyposRight(t *testing.T) {
	ix := Build([]Document{
		{ID: "Skillet care", Format: Markdown, Body: "## Removing rust\nScrub the rusty spots on the skillet with steel wool, rinse and dry."},
		{ID: "Candle care", Format: Markdown, Body: "## Trimming the wick\nTrim the wick to 1/4 inch before every burn."},
		{ID: "Throw care", Format: Markdown, Body: "## Washing\nMachine wash the linen throw cold at 30 degrees."},
		{ID: "Sorting", Format: Markdown, Body: "## Sort order\nWe sort orders by date."},
		{ID: "Pan care", Format: Markdown, Body: "## Seasoning\nSeason it in the oven with a thin coat of oil."},
	})
	tests := []struct {
		query, want string
	}{
		{"skilet has rust spots", "Removing rust"},
		{"linen thorw washing", "Washing"},
		{"candle wick lenght", "Trimming the wick"},
		{"how short should I trim the wick", "Trimming the wick"},
		{"how do i seasn it", "Seasoning"},
		{"wick lenth", "Trimming the wick"},
	}
	for _, tt := range tests {
		hs := ix.Search(tt.query, 1)
		if len(hs) == 0 || hs[0].Passage.Section != tt.want {
			t.Errorf("Search(%q) = %v, want %q first", tt.query, hs, tt.want)
		}
	}
	for _, q := range []string{"short sleeves", "ship to canada"} {
		for _, h := range ix.Search(q, 3) {
			if h.Passage.Section == "Sort order" {
				t.Errorf("Search(%q) found %q: a real word was put right into another", q, h.Passage.Section)
			}
		}
	}
}
