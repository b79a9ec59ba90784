package offline

import (
	"embed"
	"fmt"
	"io/fs"
	"math"
	"path"
	"sort"
	"strings"
	"sync"
	"unicode"
)

// The intent reader is a scored classifier over labelled example
// messages (intents/<label>.txt, one message a line). The hooks of plan()
// each recognise a class of phrasings; the reader generalises from
// examples instead, and says how sure it is, so that the model can stop a
// confident wrong action (arbiter.go) and fall back on it when the hooks do
// not understand. It never acts by itself: writes stay proposals that the
// hooks make.
//
//go:embed intents/*.txt
var intentFiles embed.FS

// scored is one label and its score for a message.
type scored struct {
	label string
	score float64
}

// reading is what the reader makes of one message: every label, best
// first, and whether the best is sure enough to act on.
type reading struct {
	ranked []scored
	// margin is the best score less the second best.
	margin float64
	sure   bool
}

// top is the best label.
func (r reading) top() string { return r.ranked[0].label }

// The threshold above which a reading is sure: measured on the held-out
// examples (reader_test.go) so that sure readings are right at least 95%
// of the time.
const (
	sureScore  = 0.40
	sureMargin = 0.20
)

// example is one labelled message, as features.
type example struct {
	label string
	vec   sparse
}

// feature is one weighted feature, by its index in the vocabulary.
type feature struct {
	id int
	w  float64
}

// sparse is a vector of features sorted by id: dot products sum in one
// fixed order, so scores are the same on every run.
type sparse []feature

func (a sparse) dot(b sparse) float64 {
	s, i, j := 0.0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].id < b[j].id:
			i++
		case a[i].id > b[j].id:
			j++
		default:
			s += a[i].w * b[j].w
			i++
			j++
		}
	}
	return s
}

// reader is the trained model: the vocabulary with its IDF weights, the
// examples, and each label's centroid.
type reader struct {
	labels    []string
	vocab     map[string]int
	idf       []float64
	examples  []example
	centroids []sparse // by index of labels
	// weights and bias are a multinomial logistic regression's, by label
	// then feature.
	weights [][]float64
	bias    []float64
}

var (
	theReader     *reader
	theReaderErr  error
	theReaderOnce sync.Once
)

// intentReader is the reader trained on the embedded examples, built once.
func intentReader() *reader {
	theReaderOnce.Do(func() {
		ex, err := loadExamples(intentFiles, "intents")
		if err != nil {
			theReaderErr = err
			return
		}
		theReader = train(ex)
	})
	if theReaderErr != nil {
		// The examples are embedded at build time: a failure here is a
		// broken build, which the reader's tests catch.
		panic(fmt.Sprintf("intent reader: %v", theReaderErr))
	}
	return theReader
}

// labelled is one example message and its label, as written.
type labelled struct{ label, text string }

// loadExamples reads dir/<label>.txt from fsys: one message a line, blank
// lines and lines starting with # skipped.
func loadExamples(fsys fs.FS, dir string) ([]labelled, error) {
	names, err := fs.Glob(fsys, dir+"/*.txt")
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	sort.Strings(names)
	var out []labelled
	for _, name := range names {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		label := strings.TrimSuffix(path.Base(name), ".txt")
		for _, line := range strings.Split(string(raw), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			out = append(out, labelled{label, line})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no examples in %s", dir)
	}
	return out, nil
}

// terms are a message's features before weighting: its words, as the
// model normalises them (typos fixed, foreign support words in English)
// and as written, word pairs, and the 3- to 5-letter pieces of each word,
// which still match when a word is misspelt in a way the vocabulary does
// not know.
func terms(text string) map[string]float64 {
	out := map[string]float64{}
	norm := readerWords(normalise(text))
	raw := readerWords(text)
	for i, w := range norm {
		out["w:"+w]++
		if i > 0 {
			out["b:"+norm[i-1]+" "+w]++
		}
		if len([]rune(w)) < 3 {
			continue
		}
		r := []rune("<" + w + ">")
		for n := 3; n <= 5; n++ {
			for j := 0; j+n <= len(r); j++ {
				out["c:"+string(r[j:j+n])] += 0.25
			}
		}
	}
	seen := map[string]bool{}
	for _, w := range norm {
		seen[w] = true
	}
	for _, w := range raw {
		if !seen[w] {
			out["w:"+w]++
		}
	}
	return out
}

// readerWords are text's words, lower case, without apostrophes; numbers
// and order numbers are "0", emails "@".
func readerWords(text string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '#' || r == '@')
	}) {
		switch {
		case strings.Contains(f, "@"):
			f = "@"
		case strings.IndexFunc(f, unicode.IsDigit) >= 0:
			f = "0"
		default:
			f = strings.NewReplacer("'", "", "’", "", "#", "").Replace(f)
		}
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}

// train builds the reader from examples: TF-IDF vectors with sublinear
// term frequency, each L2-normalised, and each label's centroid.
func train(ex []labelled) *reader {
	r := &reader{vocab: map[string]int{}}
	raw := make([]map[string]float64, len(ex))
	df := map[string]int{}
	labelSet := map[string]bool{}
	for i, e := range ex {
		raw[i] = terms(e.text)
		for k := range raw[i] {
			df[k]++
		}
		labelSet[e.label] = true
	}
	keys := make([]string, 0, len(df))
	for k := range df {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	r.idf = make([]float64, len(keys))
	for i, k := range keys {
		r.vocab[k] = i
		r.idf[i] = math.Log(float64(len(ex)+1)/float64(df[k]+1)) + 1
	}
	for l := range labelSet {
		r.labels = append(r.labels, l)
	}
	sort.Strings(r.labels)
	index := map[string]int{}
	for i, l := range r.labels {
		index[l] = i
	}
	sums := make([][]float64, len(r.labels))
	for i := range sums {
		sums[i] = make([]float64, len(keys))
	}
	for i, e := range ex {
		v := r.vector(raw[i])
		r.examples = append(r.examples, example{e.label, v})
		for _, f := range v {
			sums[index[e.label]][f.id] += f.w
		}
	}
	for _, s := range sums {
		var v sparse
		for id, w := range s {
			if w != 0 {
				v = append(v, feature{id, w})
			}
		}
		r.centroids = append(r.centroids, unit(v))
	}
	r.fitRegression(index, len(keys))
	return r
}

// fitRegression fits the logistic regression by stochastic gradient
// descent, the examples visited in a fixed shuffled order so that every
// build gives the same weights.
func (r *reader) fitRegression(index map[string]int, features int) {
	const (
		epochs = 40
		rate   = 0.5
		decay  = 1e-4
	)
	r.weights = make([][]float64, len(r.labels))
	for i := range r.weights {
		r.weights[i] = make([]float64, features)
	}
	r.bias = make([]float64, len(r.labels))
	order := make([]int, len(r.examples))
	for i := range order {
		order[i] = i
	}
	seed := uint64(1)
	p := make([]float64, len(r.labels))
	for e := 0; e < epochs; e++ {
		for i := len(order) - 1; i > 0; i-- {
			seed = seed*6364136223846793005 + 1442695040888963407
			j := int((seed >> 33) % uint64(i+1))
			order[i], order[j] = order[j], order[i]
		}
		lr := rate / (1 + float64(e)*0.1)
		for _, k := range order {
			ex := r.examples[k]
			r.probabilities(ex.vec, p)
			y := index[ex.label]
			for l := range p {
				g := p[l]
				if l == y {
					g--
				}
				if g == 0 {
					continue
				}
				w := r.weights[l]
				for _, f := range ex.vec {
					w[f.id] -= lr * (g*f.w + decay*w[f.id])
				}
				r.bias[l] -= lr * g
			}
		}
	}
}

// probabilities are the regression's probability of each label for v,
// written into p.
func (r *reader) probabilities(v sparse, p []float64) {
	top := math.Inf(-1)
	for l, w := range r.weights {
		z := r.bias[l]
		for _, f := range v {
			z += w[f.id] * f.w
		}
		p[l] = z
		top = math.Max(top, z)
	}
	sum := 0.0
	for l := range p {
		p[l] = math.Exp(p[l] - top)
		sum += p[l]
	}
	for l := range p {
		p[l] /= sum
	}
}

// vector weights a message's terms by TF-IDF, drops those the examples
// never had, and scales the result to length one.
func (r *reader) vector(ts map[string]float64) sparse {
	var v sparse
	for k, tf := range ts {
		if id, ok := r.vocab[k]; ok {
			v = append(v, feature{id, sublinear(tf) * r.idf[id]})
		}
	}
	sort.Slice(v, func(i, j int) bool { return v[i].id < v[j].id })
	return unit(v)
}

// sublinear damps a term said many times: the tenth "please" says
// little more than the first.
func sublinear(tf float64) float64 {
	if tf <= 1 {
		return tf
	}
	return 1 + math.Log(tf)
}

func unit(v sparse) sparse {
	n := 0.0
	for _, f := range v {
		n += f.w * f.w
	}
	if n == 0 {
		return v
	}
	n = math.Sqrt(n)
	for i := range v {
		v[i].w /= n
	}
	return v
}

// scorer names a way of scoring a message against the examples.
type scorer int

const (
	byCentroid   scorer = iota // cosine to each label's centroid
	byNeighbours               // the summed cosine of the nearest examples of each label
	byRegression               // a multinomial logistic regression's probability
)

// useScorer is the scorer the held-out examples chose (reader_test.go).
const useScorer = byRegression

// neighbours is k of the k-nearest-neighbour scorer.
const neighbours = 7

// read scores text against every label, best first; ties go to the
// label first in alphabetical order.
func (r *reader) read(text string) reading {
	return r.readWith(text, useScorer)
}

func (r *reader) readWith(text string, s scorer) reading {
	v := r.vector(terms(text))
	scores := make([]float64, len(r.labels))
	switch s {
	case byCentroid:
		for i, c := range r.centroids {
			scores[i] = v.dot(c)
		}
	case byRegression:
		r.probabilities(v, scores)
	case byNeighbours:
		type near struct {
			i   int
			sim float64
		}
		nn := make([]near, len(r.examples))
		for i, e := range r.examples {
			nn[i] = near{i, v.dot(e.vec)}
		}
		sort.SliceStable(nn, func(a, b int) bool { return nn[a].sim > nn[b].sim })
		index := map[string]int{}
		for i, l := range r.labels {
			index[l] = i
		}
		for _, n := range nn[:min(neighbours, len(nn))] {
			scores[index[r.examples[n.i].label]] += n.sim / neighbours
		}
	}
	out := reading{ranked: make([]scored, len(r.labels))}
	for i, l := range r.labels {
		out.ranked[i] = scored{l, scores[i]}
	}
	sort.SliceStable(out.ranked, func(a, b int) bool { return out.ranked[a].score > out.ranked[b].score })
	out.margin = out.ranked[0].score
	if len(out.ranked) > 1 {
		out.margin -= out.ranked[1].score
	}
	out.sure = out.ranked[0].score >= sureScore && out.margin >= sureMargin
	return out
}
