package eval_test

import (
	"slices"
	"sort"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/eval"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// The suite covers the agent structurally, read from its files: every
// tool the agent can call is expected in some scenario, every write type
// in some expected write; every kind has five scenarios or more, and one
// with a misspelt message at least, except the refusal kinds (nothing is
// asked of the model there: a typo in a request it must refuse changes
// nothing of what passes); Spanish, German and French customers each have
// scenarios, a write among them, and a consent or rules one.
func TestSuiteCoverage(t *testing.T) {
	suite, err := eval.Suite()
	if err != nil {
		t.Fatal(err)
	}
	tools, writes := map[string]bool{}, map[string]bool{}
	type kindCount struct {
		n, typo int
		refusal bool
	}
	kinds := map[string]*kindCount{}
	type langCount struct{ n, writes, rules int }
	langs := map[string]*langCount{}
	for _, s := range suite {
		for _, tool := range append(slices.Clone(s.Expect.Tools), s.Expect.Done...) {
			tools[tool] = true
		}
		for _, w := range s.Expect.Writes {
			writes[w.Type] = true
		}
		k := kinds[s.Kind]
		if k == nil {
			k = &kindCount{refusal: true}
			kinds[s.Kind] = k
		}
		k.n++
		if slices.Contains(s.Tags, "typo") {
			k.typo++
		}
		k.refusal = k.refusal && eval.RequiresNothing(s)
		l := langs[s.Lang]
		if l == nil {
			l = &langCount{}
			langs[s.Lang] = l
		}
		l.n++
		if len(s.Expect.Writes) > 0 {
			l.writes++
		}
		if slices.Contains(s.Tags, "consent") || slices.Contains(s.Tags, "adversarial") {
			l.rules++
		}
	}
	for _, tool := range toolname.All {
		if !tools[tool] {
			t.Errorf("tool %s: no scenario expects it", tool)
		}
	}
	for _, w := range eval.WriteTypes {
		if !writes[w] {
			t.Errorf("write %s: no scenario expects it", w)
		}
	}
	var names []string
	for name := range kinds {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		k := kinds[name]
		if k.n < 5 {
			t.Errorf("kind %s: %d scenarios, want at least 5", name, k.n)
		}
		if k.typo == 0 && !k.refusal {
			t.Errorf("kind %s: no scenario tagged typo", name)
		}
	}
	for _, lang := range []string{"es", "de", "fr"} {
		l := langs[lang]
		if l == nil {
			t.Errorf("lang %s: no scenario", lang)
			continue
		}
		if l.n < 5 || l.writes == 0 || l.rules == 0 {
			t.Errorf("lang %s: %d scenarios, %d with writes, %d consent or rules; want at least 5, 1 and 1", lang, l.n, l.writes, l.rules)
		}
	}
}
