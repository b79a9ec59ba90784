package docs

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/events"
)

// docs13Case is a product or policy question in English (with typos),
// French, Spanish or German about the demo guides, written before reading
// the ranking (issue 18, docs13). It is judged by the facts of the
// passages found, never their wording: first is a fact of the passage
// that must come first, has facts some passage found must hold, not facts
// no passage found may hold (another product's answer, or a passage of the
// same guide that answers something not asked) the first passage may not
// hold, none that nothing may be found. The offline model's test (pkg/offline) reads the same file and
// judges the reply: facts it gives, not facts it must not give.
type docs13Case struct {
	ID    string   `json:"id"`
	Lang  string   `json:"lang"`
	Trial bool     `json:"trial"` // a new user's trial phrasing, not held out
	Q     string   `json:"q"`
	First string   `json:"first"`
	Has   []string `json:"has"`
	Facts []string `json:"facts"`
	Not   []string `json:"not"`
	None  bool     `json:"none"`
}

// docs13Gaps are the cases pkg/docs still gets wrong, with why; a gap that
// passes fails its test, so the marks stay true.
var docs13Gaps = map[string]string{
	"en-two-season-ship":     "two questions in one query: the caller searches each",
	"trial-en-season-canada": "two questions in one query: the caller searches each",
}

// docs13GapOf is why c is a known gap, if it is: pkg/docs reads English
// queries (the offline model puts French, Spanish and German questions into
// English words first, foreign_docs.go), so every question of another
// language is one.
func docs13GapOf(c docs13Case) (string, bool) {
	if c.Lang != "en" {
		return "pkg/docs reads English: the caller translates", true
	}
	why, ok := docs13Gaps[c.ID]
	return why, ok
}

func loadDocs13(t *testing.T) []docs13Case {
	t.Helper()
	raw, err := os.ReadFile("testdata/docs13_questions.json")
	if err != nil {
		t.Fatal(err)
	}
	var cs []docs13Case
	if err := json.Unmarshal(raw, &cs); err != nil {
		t.Fatalf("read docs13 questions: %v", err)
	}
	return cs
}

// flat is text with its runs of white space made one space, so a fact
// matches across the guide's line breaks.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// docs13Wrong is what is wrong with hits for c, or "".
func docs13Wrong(c docs13Case, hits []Hit) string {
	if c.None {
		if len(hits) > 0 {
			return "want nothing found"
		}
		return ""
	}
	if len(hits) == 0 {
		return "nothing found"
	}
	texts := make([]string, len(hits))
	for i, h := range hits {
		texts[i] = flat(h.Source + " " + h.Section + " " + h.Text)
	}
	if c.First != "" && !strings.Contains(texts[0], c.First) {
		return "first passage lacks " + c.First
	}
	for _, f := range c.Has {
		found := false
		for _, x := range texts {
			found = found || strings.Contains(x, f)
		}
		if !found {
			return "no passage holds " + f
		}
	}
	// The passages after the first are candidates search_docs offers
	// (three at most): what must not be is not in the one that answers.
	for _, n := range c.Not {
		if strings.Contains(texts[0], n) {
			return "the first passage holds " + n
		}
	}
	return ""
}

// TestDocs13HeldOut: each question's passages, as search_docs gets them
// (three at most).
func TestDocs13HeldOut(t *testing.T) {
	guides, err := LoadFS(events.Docs())
	if err != nil {
		t.Fatal(err)
	}
	ix := Build(guides)
	failed, total := 0, 0
	for _, c := range loadDocs13(t) {
		total++
		t.Run(c.ID, func(t *testing.T) {
			hits := ix.Search(c.Q, 3)
			wrong := docs13Wrong(c, hits)
			if wrong != "" {
				failed++
			}
			gap, isGap := docs13GapOf(c)
			switch {
			case isGap && wrong == "":
				t.Errorf("marked as a gap (%s) but passes: remove the mark", gap)
			case isGap:
				t.Logf("known gap (%s): %s", gap, wrong)
			case wrong != "":
				t.Errorf("%q: %s; got:\n%s", c.Q, wrong, describe(ix.rank(c.Q, 3, true)))
			}
		})
	}
	t.Logf("docs13: %d of %d questions wrong in pkg/docs", failed, total)
}

// TestDocs13Lasts: the query the offline model makes of "candles, how long
// do they burn" finds the total burn time first too.
func TestDocs13Lasts(t *testing.T) {
	guides, err := LoadFS(events.Docs())
	if err != nil {
		t.Fatal(err)
	}
	hits := Build(guides).Search("how long candles they burn", 3)
	if len(hits) == 0 || !strings.Contains(hits[0].Text, "60 hours") {
		t.Errorf("got %v, want the passage with 60 hours first", hits)
	}
}

// TestDocs13LastsShapes: the queries a total is asked in, as customers
// and the offline model write them, and those that ask something else.
func TestDocs13LastsShapes(t *testing.T) {
	for _, tt := range []struct {
		q    string
		want bool
	}{
		{"how long do they burn", true},
		{"how long candles burn", true},
		{"how long does it last", true},
		{"how long will a beeswax candle burn", true},
		{"how long should I burn it", false},
		{"how long do I leave it", false},
		{"how long is the throw", false},
		{"how long to burn it the first time", false},
		{"how long does it burn each time", false},
	} {
		if got := asksWhatLasts(tt.q); got != tt.want {
			t.Errorf("asksWhatLasts(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}

// TestDocs13Describing: the eval's known gap (guide10_product_topic, "is
// the chopping board dishwasher safe"): one word of the customer's own
// before the product's noun still names it; two name another thing.
// Written after reading the ranking, so not held out.
func TestDocs13Describing(t *testing.T) {
	guides, err := LoadFS(events.Docs())
	if err != nil {
		t.Fatal(err)
	}
	ix := Build(guides)
	for _, tt := range []struct{ q, first string }{
		{"is the chopping board dishwasher safe", "Never put the board in the dishwasher"},
		{"can the chopping board go in the dishwasher?", "Never put the board in the dishwasher"},
		{"chopping board dishwasher safe", "Never put the board in the dishwasher"},
		{"is the mug dishwasher safe", "The mug is dishwasher safe"},
		{"is my bamboo chopping board dishwasher safe", ""},
	} {
		hits := ix.Search(tt.q, 3)
		switch {
		case tt.first == "" && len(hits) > 0:
			t.Errorf("%q: got %s > %s, want nothing", tt.q, hits[0].Source, hits[0].Section)
		case tt.first != "" && (len(hits) == 0 || !strings.Contains(flat(hits[0].Text), tt.first)):
			t.Errorf("%q: got %v, want %q first", tt.q, hits, tt.first)
		}
	}
}
