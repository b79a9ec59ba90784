package docs

import (
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"sync"
	"unicode/utf8"

	"github.com/doorstep-ai/doorstep/pkg/typo"
)

// BM25 parameters: the usual ones (Lucene's defaults).
const (
	k1 = 1.2
	b  = 0.75
)

// Threshold decides which hits are good enough to answer from.
type Threshold struct {
	// MinCoverage is the least share of the query's weight a passage must
	// contain. A question about something the documents never mention
	// ("does the mug work with an AeroPress?") matches some of its words
	// but not the one that matters, and stays under it.
	MinCoverage float64
	// MinScore is the least BM25 score. Raw BM25 scores grow with the
	// corpus, so the default leaves it at zero and relies on coverage.
	MinScore float64
}

// DefaultThreshold was chosen on the fixtures in testdata (see
// TestThresholdSweep): at 0.6 no unanswerable question gets a passage and
// recall@3 is 54/59; at 0.5 one unanswerable question gets one.
var DefaultThreshold = Threshold{MinCoverage: 0.6}

// posting is one passage a term occurs in, and how often.
type posting struct {
	P  int32  // passage
	TF uint16 // term frequency
}

// Index is a BM25 index of passages. It is safe for concurrent searches;
// it is never changed after Build or ReadIndex.
type Index struct {
	passages  []Passage
	terms     map[string][]posting
	lengths   []uint32
	avgLen    float64
	Threshold Threshold

	// Derived from passages when built or read:
	// sources are the distinct titles (with products); sourceOf is each
	// passage's; titled maps a term to the sources whose title has it.
	sources  []string
	sourceOf []int32
	titled   map[string][]int32
	// products are the distinct products; naming maps a term to the
	// products whose name has it, with whether it is the name's last word.
	products []string
	naming   map[string][]nameTerm
	// pool holds search scratch space.
	pool *sync.Pool
}

type nameTerm struct {
	product int32
	head    bool
}

// Build splits documents into passages and indexes them. Documents with
// the same ID: the last one counts.
func Build(docs []Document) *Index {
	seen := map[string]int{}
	var uniq []Document
	for _, d := range docs {
		if i, ok := seen[d.ID]; ok {
			uniq[i] = d
			continue
		}
		seen[d.ID] = len(uniq)
		uniq = append(uniq, d)
	}
	var ps []Passage
	for _, d := range uniq {
		ps = append(ps, Split(d)...)
	}
	return BuildPassages(ps)
}

// BuildPassages indexes passages as they are. A passage's score comes from
// its text and its section's headings (which count twice); its source's
// title and product only help it cover a question's words.
func BuildPassages(ps []Passage) *Index {
	ix := &Index{passages: ps, terms: map[string][]posting{}, lengths: make([]uint32, len(ps)), Threshold: DefaultThreshold}
	total := 0
	for i, p := range ps {
		counts := map[string]int{}
		head := tokens(p.Section)
		toks := append(tokens(p.Text), append(head, head...)...)
		toks = append(toks, measures(p.Text)...)
		for _, t := range toks {
			counts[t]++
		}
		for t, n := range counts {
			if n > math.MaxUint16 {
				n = math.MaxUint16
			}
			ix.terms[t] = append(ix.terms[t], posting{P: int32(i), TF: uint16(n)})
		}
		ix.lengths[i] = uint32(len(toks))
		total += len(toks)
	}
	// Postings in passage order, whatever order the map gave.
	for _, list := range ix.terms {
		sort.Slice(list, func(i, j int) bool { return list[i].P < list[j].P })
	}
	if len(ps) > 0 {
		ix.avgLen = float64(total) / float64(len(ps))
	}
	ix.derive()
	return ix
}

// derive builds the source and product tables from the passages.
func (ix *Index) derive() {
	ix.pool = &sync.Pool{}
	ix.sources, ix.sourceOf, ix.titled = nil, make([]int32, len(ix.passages)), map[string][]int32{}
	ix.products, ix.naming = nil, map[string][]nameTerm{}
	srcID := map[string]int32{}
	prodID := map[string]int32{}
	for i, p := range ix.passages {
		key := p.Source + "\x00" + p.Product
		id, ok := srcID[key]
		if !ok {
			id = int32(len(ix.sources))
			srcID[key] = id
			ix.sources = append(ix.sources, p.Source)
			for _, t := range uniqueTerms(tokens(p.Source + "\n" + p.Product)) {
				ix.titled[t] = append(ix.titled[t], id)
			}
		}
		ix.sourceOf[i] = id
		if p.Product == "" {
			continue
		}
		if _, ok := prodID[p.Product]; ok {
			continue
		}
		pid := int32(len(ix.products))
		prodID[p.Product] = pid
		ix.products = append(ix.products, p.Product)
		toks := uniqueTerms(tokens(p.Product))
		for j, t := range toks {
			ix.naming[t] = append(ix.naming[t], nameTerm{product: pid, head: j == len(toks)-1})
		}
	}
}

// mentioned returns the products a question names, and which of its terms
// name them. A question names a product with the last word of its name
// (the noun: "mug", "skillet") or with two other words of it ("cast iron",
// "stonewashed linen").
func (ix *Index) mentioned(q []string) (map[string]bool, map[string]bool) {
	hits := map[int32]int{}
	heads := map[int32]bool{}
	for _, t := range q {
		for _, n := range ix.naming[t] {
			hits[n.product]++
			if n.head {
				heads[n.product] = true
			}
		}
	}
	var products, naming map[string]bool
	for pid, n := range hits {
		if !heads[pid] && n < 2 {
			continue
		}
		if products == nil {
			products, naming = map[string]bool{}, map[string]bool{}
		}
		products[ix.products[pid]] = true
	}
	for _, t := range q {
		for _, n := range ix.naming[t] {
			if products[ix.products[n.product]] {
				naming[t] = true
			}
		}
	}
	return products, naming
}

// Len is the number of passages.
func (ix *Index) Len() int { return len(ix.passages) }

// Passages are the indexed passages, in index order.
func (ix *Index) Passages() []Passage { return ix.passages }

// idf is BM25's inverse document frequency, in Lucene's always-positive
// form. A term no passage has gets the highest.
func (ix *Index) idf(df int) float64 {
	n := float64(len(ix.passages))
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

// Search returns at most k passages that answer the query, best first:
// only those above the index's threshold, and, when the question names a
// product, only passages about that product or about no product. None
// means the documents do not answer it.
func (ix *Index) Search(query string, k int) []Hit {
	if ix == nil || k <= 0 {
		return nil
	}
	return ix.rank(query, k, true)
}

// Rank returns the k best passages for the query by BM25, whatever their
// coverage and product, best first; ties keep index order.
func (ix *Index) Rank(query string, k int) []Hit {
	if ix == nil || k <= 0 {
		return nil
	}
	return ix.rank(query, k, false)
}

// maxQueryTerms bounds the words of a question that count.
const maxQueryTerms = 64

// synonymWeight scales a synonym's score against the word the customer
// used.
const synonymWeight = 0.8

// namingWeight scales the score of the words that named the product: they
// found the product; what the question asks about it should rank its
// passages.
const namingWeight = 0.1

// actionWeight is how much more the verb of "how do I <verb>" counts
// for coverage than the question's other words: a passage about the
// object that does something else to it is no answer.
const actionWeight = 2

// unshapedWeight scales the score of a passage that states no duration
// when the question asks how long, or no limit when it asks how far.
const unshapedWeight = 0.7

// namedMinCoverage is the least coverage of a passage about the product
// the question names that lacks one word of it: the product is known, and
// half of what is asked about it (the stain, not the wine's colour) is
// enough. Two words lacking ("bamboo chopping board") ask about another
// thing.
const namedMinCoverage = 0.5

// ownProductWeight scales the score of a passage about the product the
// question names, against passages about no product (a policy that
// mentions the product in passing).
const ownProductWeight = 1.25

// perUseWeight scales the score of a passage that gives a figure per use
// when the question asks for a total.
const perUseWeight = 0.5

// scratch is one search's working memory, one slot a passage, reused
// across searches; only the slots a search touched are reset.
type scratch struct {
	score, cover, best []float64
	matched            []uint64 // the concepts a passage's text has
	touched, bestSet   []int32
}

func (ix *Index) scratch() *scratch {
	if s, ok := ix.pool.Get().(*scratch); ok && len(s.score) == len(ix.passages) {
		return s
	}
	n := len(ix.passages)
	return &scratch{score: make([]float64, n), cover: make([]float64, n), best: make([]float64, n), matched: make([]uint64, n)}
}

func (ix *Index) release(s *scratch) {
	for _, p := range s.touched {
		s.score[p], s.cover[p], s.matched[p] = 0, 0, 0
	}
	s.touched = s.touched[:0]
	ix.pool.Put(s)
}

// rank scores passages by BM25 and measures how much of the question each
// covers. With filter, only passages above the threshold count, and a
// question that names a product keeps only that product's passages and
// passages about no product; the words that named it count little for the
// score and not at all for coverage: once the product is known, what the
// question asks about it is the rest.
func (ix *Index) rank(query string, k int, filter bool) []Hit {
	if len(ix.passages) == 0 {
		return nil
	}
	qa := readQuestion(ix.dropFillerTypos(ix.compounds(query)))
	q := uniqueTerms(qa.terms)
	if len(q) == 0 {
		return nil
	}
	if len(q) > maxQueryTerms {
		q = q[:maxQueryTerms]
	}
	q = ix.spellings(q)
	var products, naming map[string]bool
	if filter {
		products, naming = ix.mentioned(q)
		ix.describing(query, products, naming) // docs13.go
	}
	s := ix.scratch()
	defer ix.release(s)
	applianceSafe := applianceSafeRe().MatchString(query)
	weights := make([]float64, len(q))
	titled := make([]map[int32]bool, len(q))
	var totalW float64
	var durationBit, limitBit, purchaseBits uint64
	var purchaseW float64
	for ci, t := range q {
		if purchases()[t] && len(q) > 1 {
			purchaseBits |= 1 << ci
			purchaseW += ix.idf(len(ix.terms[t]))
		}
		switch t {
		case durationTerm:
			durationBit = 1 << ci
		case limitTerm:
			limitBit = 1 << ci
		}
		weights[ci] = ix.idf(len(ix.terms[t]))
		if t == qa.action {
			weights[ci] *= actionWeight
		}
		if naming[t] || t == safeTerm && applianceSafe {
			weights[ci] = 0 // docs13.go: "dishwasher safe" is covered by "dishwasher"
		}
		totalW += weights[ci]
		for i, term := range append([]string{t}, synonyms[t]...) {
			for _, src := range ix.titled[term] {
				if titled[ci] == nil {
					titled[ci] = map[int32]bool{}
				}
				titled[ci][src] = true
			}
			list := ix.terms[term]
			w := ix.idf(len(list))
			if i > 0 {
				w *= synonymWeight
			}
			if naming[t] {
				w *= namingWeight
			}
			for _, p := range list {
				tf := float64(p.TF)
				norm := k1 * (1 - b + b*float64(ix.lengths[p.P])/ix.avgLen)
				sc := w * tf * (k1 + 1) / (tf + norm)
				if s.best[p.P] == 0 {
					s.bestSet = append(s.bestSet, p.P)
				}
				if sc > s.best[p.P] {
					s.best[p.P] = sc
				}
			}
		}
		for _, p := range s.bestSet {
			if s.matched[p] == 0 {
				s.touched = append(s.touched, p)
			}
			if purchaseBits&(1<<ci) == 0 {
				s.score[p] += s.best[p]
			}
			s.cover[p] += weights[ci]
			s.matched[p] |= 1 << ci
			s.best[p] = 0
		}
		s.bestSet = s.bestSet[:0]
	}
	var ids []int32
	for _, p := range s.touched {
		if products != nil {
			if pr := ix.passages[p].Product; pr != "" && !products[pr] {
				continue
			}
		}
		// A word of the question in a passage's title covers it too,
		// though it adds nothing to the score.
		missing := 0
		for ci := range q {
			if titled[ci] != nil && s.matched[p]&(1<<ci) == 0 && titled[ci][ix.sourceOf[p]] {
				s.cover[p] += weights[ci]
			} else if s.matched[p]&(1<<ci) == 0 && weights[ci] > 0 {
				missing++
			}
		}
		if products[ix.passages[p].Product] {
			s.score[p] *= ownProductWeight
		}
		if qa.duration && s.matched[p]&durationBit == 0 || qa.limit && s.matched[p]&limitBit == 0 {
			s.score[p] *= unshapedWeight
		}
		if qa.total && perUseRe().MatchString(ix.passages[p].Text) {
			s.score[p] *= perUseWeight
		}
		if purchaseW > 0 && ix.headingNamed(p, q) {
			// The passage is about what the customer would buy.
			for ci := range q {
				if purchaseBits&(1<<ci) != 0 && s.matched[p]&(1<<ci) != 0 {
					s.cover[p] -= weights[ci]
				}
			}
			if w := totalW - purchaseW; w > 0 {
				s.cover[p] /= w
			} else {
				s.cover[p] = 1
			}
		} else if totalW > 0 {
			s.cover[p] /= totalW
		} else {
			s.cover[p] = 1
		}
		minCover := ix.Threshold.MinCoverage
		if products[ix.passages[p].Product] && missing == 1 {
			minCover = min(minCover, namedMinCoverage)
		}
		if filter && (s.cover[p] < minCover || s.score[p] < ix.Threshold.MinScore || ix.namesOnlyProduct(p, q, weights, s.matched[p])) {
			continue
		}
		ids = append(ids, p)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := s.score[ids[i]], s.score[ids[j]]
		if a != b {
			return a > b
		}
		return ids[i] < ids[j]
	})
	if len(ids) > k {
		ids = ids[:k]
	}
	if len(ids) == 0 {
		return nil
	}
	out := make([]Hit, len(ids))
	for i, id := range ids {
		out[i] = Hit{Passage: ix.passages[id], Score: s.score[id], Coverage: s.cover[id]}
	}
	return out
}

// spellings puts right the query terms no passage has that are one typo
// (two for words of eight letters or more) from a term that some passage
// has: "skilet" is "skillet", "microwve" is "microwave". A term a synonym
// covers stays.
func (ix *Index) spellings(q []string) []string {
	out := slices.Clone(q)
	for i, t := range q {
		n := utf8.RuneCountInString(t)
		if name := ix.shortSpelling(t); name != "" {
			out[i] = name // docs13.go: "bord" is "board"
			continue
		}
		if len(ix.terms[t]) > 0 || ix.known(t) || n < 5 {
			continue
		}
		// Five-letter words are put right only for two letters swapped
		// ("thorw" is "throw") or one left out inside ("seasn"): else
		// "short" would be "sort".
		swapOnly := n < 6
		limit := 1
		if utf8.RuneCountInString(t) >= 8 {
			limit = 2
		}
		best, bestD, bestN := "", limit+1, 0
		try := func(term string, list int) {
			if swapOnly && !anagram(t, term) && !missingInside(t, term) {
				return
			}
			if abs(utf8.RuneCountInString(term)-utf8.RuneCountInString(t)) > limit {
				return
			}
			d := typo.Distance(t, term)
			if d > limit {
				return
			}
			if d < bestD || d == bestD && (list > bestN || list == bestN && term < best) {
				best, bestD, bestN = term, d, list
			}
		}
		for term, list := range ix.terms {
			try(term, len(list))
		}
		for term := range synonyms {
			if ix.known(term) {
				try(term, 0)
			}
		}
		if best != "" {
			out[i] = best
		}
	}
	return uniqueTerms(out)
}

// known reports whether a synonym of t is in some passage.
func (ix *Index) known(t string) bool {
	for _, s := range synonyms[t] {
		if len(ix.terms[s]) > 0 {
			return true
		}
	}
	return false
}

// missingInside reports whether b is a with one letter put back inside
// it, neither first nor last: "seasn" is "season".
func missingInside(a, b string) bool {
	x, y := []rune(a), []rune(b)
	if len(y) != len(x)+1 || len(x) < 2 {
		return false
	}
	for i := 1; i < len(x); i++ {
		if slices.Equal(x[:i], y[:i]) && slices.Equal(x[i:], y[i+1:]) {
			return true
		}
	}
	return false
}

// anagram reports whether a and b have the same letters.
func anagram(a, b string) bool {
	x, y := []rune(a), []rune(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func uniqueTerms(ts []string) []string {
	seen := make(map[string]bool, len(ts))
	out := ts[:0]
	for _, t := range ts {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// ---- persistence ----

// formatVersion changes when the stored shape or the tokenizer does; an
// index of another version is rebuilt, not read.
const formatVersion = 3

// ErrStale is returned by ReadIndex for an index written by another version
// of doorstep: rebuild it from the documents.
var ErrStale = errors.New("docs index was written by another version")

type indexFile struct {
	Version   int
	Passages  []Passage
	Terms     map[string][]posting
	Lengths   []uint32
	AvgLen    float64
	Threshold Threshold
}

// WriteTo writes the index as one gob blob.
func (ix *Index) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	err := gob.NewEncoder(cw).Encode(indexFile{Version: formatVersion, Passages: ix.passages, Terms: ix.terms,
		Lengths: ix.lengths, AvgLen: ix.avgLen, Threshold: ix.Threshold})
	if err != nil {
		return cw.n, fmt.Errorf("write docs index: %w", err)
	}
	return cw.n, nil
}

// ReadIndex reads an index written by WriteTo. It checks the index's shape,
// so a damaged one is an error, never a panic at search time.
func ReadIndex(r io.Reader) (*Index, error) {
	var f indexFile
	if err := gob.NewDecoder(r).Decode(&f); err != nil {
		return nil, fmt.Errorf("read docs index: %w", err)
	}
	if f.Version != formatVersion {
		return nil, ErrStale
	}
	if len(f.Lengths) != len(f.Passages) {
		return nil, fmt.Errorf("read docs index: %d lengths for %d passages", len(f.Lengths), len(f.Passages))
	}
	for t, list := range f.Terms {
		for _, p := range list {
			if p.P < 0 || int(p.P) >= len(f.Passages) || p.TF == 0 {
				return nil, fmt.Errorf("read docs index: term %q points at passage %d of %d", t, p.P, len(f.Passages))
			}
		}
	}
	if len(f.Passages) > 0 && !(f.AvgLen > 0) {
		return nil, errors.New("read docs index: average passage length is not positive")
	}
	if f.Terms == nil {
		f.Terms = map[string][]posting{}
	}
	ix := &Index{passages: f.Passages, terms: f.Terms, lengths: f.Lengths, avgLen: f.AvgLen, Threshold: f.Threshold}
	ix.derive()
	return ix, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// String describes the index for logs.
func (ix *Index) String() string {
	srcs := map[string]bool{}
	for _, p := range ix.passages {
		srcs[p.Source] = true
	}
	return fmt.Sprintf("%d passages from %d sources, %d terms", len(ix.passages), len(srcs), len(ix.terms))
}

func gobEncode(w io.Writer, v any) error { return gob.NewEncoder(w).Encode(v) }
