package offline

import (
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/typo"
)

// itemWords are the words of the things this conversation knows by name:
// the titles of the customer's orders' items, and of the items and guides
// this turn's tools returned. A misspelt word as near one of them as to a
// support word means the thing ("the candel" of an order with a candle),
// not the support word.
func (t *turn) itemWords() []string {
	var titles []string
	if st := t.req.State; st != nil {
		for _, o := range st.Orders {
			titles = append(titles, stateOrderLines(st, o.Name)...)
		}
	}
	for _, c := range t.calls {
		titles = append(titles, strs(c.result, "items")...)
		for _, p := range list(c.result, "passages") {
			titles = append(titles, str(p, "source"))
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, title := range titles {
		for _, w := range wordRe.FindAllString(strings.ToLower(title), -1) {
			if len([]rune(w)) >= 4 && !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

// itemSpelling is text with each word that is a typo of an item word put
// right, when no support word is nearer ("candel": the candle, "cancle":
// still a cancellation, its letters are cancel's). Other words are left
// as they are, for normalise to read.
func (t *turn) itemSpelling(text string) string {
	items := t.itemWords()
	if len(items) == 0 {
		return text
	}
	toks := tokenRe.FindAllStringIndex(text, -1)
	var b strings.Builder
	last := 0
	for _, loc := range toks {
		tok := text[loc[0]:loc[1]]
		fixed := itemTypo(strings.ToLower(tok), items)
		if fixed == "" {
			continue
		}
		b.WriteString(text[last:loc[0]])
		b.WriteString(fixed)
		last = loc[1]
	}
	b.WriteString(text[last:])
	return b.String()
}

// itemTypo is the item word w is a typo of, or "" when w is a word of its
// own or a support word is at least as likely.
func itemTypo(w string, items []string) string {
	n := len([]rune(w))
	if n < 4 || !wordRe.MatchString(w) || strings.ContainsAny(w, "#@0123456789") {
		return ""
	}
	if _, ok := foreign[w]; ok || known[w] || damageRe.MatchString(w) {
		return ""
	}
	for _, v := range append(vocabulary, items...) {
		if v == w {
			return ""
		}
	}
	if c, _ := typo.Nearest(w, typo.Common, typo.Limit(n)); correct(w) == "" && (c == "" || c == w) {
		// Not taken for a support word: the items' own matching reads it.
		return ""
	}
	limit := typo.Limit(n)
	it, d := typo.Nearest(w, items, limit)
	if it == "" || n < 5 && !typo.SameLetters(w, it) && len([]rune(it)) != n+1 {
		// Short words: a swap or a letter left out, as correct reads them.
		return ""
	}
	if v, vd := typo.Nearest(w, vocabulary, limit); v != "" && (vd < d || vd == d && typo.SameLetters(w, v) && !typo.SameLetters(w, it)) {
		return ""
	}
	return it
}
