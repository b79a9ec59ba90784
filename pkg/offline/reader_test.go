package offline

import (
	"math"
	"os"
	"sort"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// heldoutExamples are the labelled messages the reader never trained on.
func heldoutExamples(t testing.TB) []labelled {
	t.Helper()
	ex, err := loadExamples(os.DirFS("testdata"), "intents_heldout")
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

// score is how a scorer does on examples: top-1 accuracy, and precision
// and coverage of the readings it is sure of.
type score struct {
	n, right, sure, sureRight int
	// per label: true positives, predicted, actual
	tp, pred, act map[string]int
}

func measure(r *reader, ex []labelled, s scorer) score {
	sc := score{tp: map[string]int{}, pred: map[string]int{}, act: map[string]int{}}
	for _, e := range ex {
		got := r.readWith(e.text, s)
		sc.n++
		sc.act[e.label]++
		sc.pred[got.top()]++
		if got.top() == e.label {
			sc.right++
			sc.tp[e.label]++
		}
		if got.sure {
			sc.sure++
			if got.top() == e.label {
				sc.sureRight++
			}
		}
	}
	return sc
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// The reader on held-out messages: top-1 accuracy, each label's precision
// and recall, and the precision of the readings it is sure of, each
// against a floor a little below what was measured when the threshold was
// chosen.
func TestReaderHeldoutAccuracy(t *testing.T) {
	r := intentReader()
	ex := heldoutExamples(t)
	for _, s := range []scorer{byCentroid, byNeighbours, byRegression} {
		sc := measure(r, ex, s)
		// The thresholds are the regression's: the others' "sure" is
		// shown for the record only.
		t.Logf("scorer %d: top-1 %.3f (%d/%d); sure %d (coverage %.3f), precision when sure %.3f",
			s, ratio(sc.right, sc.n), sc.right, sc.n, sc.sure, ratio(sc.sure, sc.n), ratio(sc.sureRight, sc.sure))
	}
	sc := measure(r, ex, useScorer)
	const (
		minTop1     = 0.85
		minSurePrec = 0.93
		minCoverage = 0.70
		minLabelP   = 0.65
		minLabelR   = 0.60
	)
	if got := ratio(sc.right, sc.n); got < minTop1 {
		t.Errorf("top-1 accuracy %.3f, want at least %.2f", got, minTop1)
	}
	if got := ratio(sc.sureRight, sc.sure); got < minSurePrec {
		t.Errorf("precision when sure %.3f, want at least %.2f", got, minSurePrec)
	}
	if got := ratio(sc.sure, sc.n); got < minCoverage {
		t.Errorf("coverage %.3f, want at least %.2f", got, minCoverage)
	}
	labels := append([]string(nil), r.labels...)
	sort.Strings(labels)
	for _, l := range labels {
		p, rec := ratio(sc.tp[l], sc.pred[l]), ratio(sc.tp[l], sc.act[l])
		t.Logf("%-15s precision %.2f recall %.2f (n=%d)", l, p, rec, sc.act[l])
		if p < minLabelP || rec < minLabelR {
			t.Errorf("%s: precision %.2f recall %.2f, want at least %.2f and %.2f", l, p, rec, minLabelP, minLabelR)
		}
	}
}

// TestReaderThresholds prints precision and coverage of sure readings over
// a grid of thresholds: how sureScore and sureMargin were chosen.
var sweepScorer = useScorer

func TestReaderThresholds(t *testing.T) {
	if testing.Short() {
		t.Skip("a report, not a check")
	}
	r := intentReader()
	ex := heldoutExamples(t)
	type rd struct {
		top, margin float64
		right       bool
	}
	var rs []rd
	for _, e := range ex {
		g := r.readWith(e.text, scorer(sweepScorer))
		rs = append(rs, rd{g.ranked[0].score, g.margin, g.top() == e.label})
	}
	for _, s := range []float64{0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7} {
		for _, m := range []float64{0, 0.02, 0.05, 0.08, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4} {
			n, ok := 0, 0
			for _, x := range rs {
				if x.top >= s && x.margin >= m {
					n++
					if x.right {
						ok++
					}
				}
			}
			t.Logf("score>=%.2f margin>=%.2f: coverage %.3f precision %.3f", s, m, ratio(n, len(rs)), ratio(ok, n))
		}
	}
}

// The reader's ranking of any text is every label once, best first, the
// same on every read; its scores are probabilities; a sure reading clears
// both thresholds.
func FuzzReaderRanking(f *testing.F) {
	for _, s := range []string{"", "where is my order", "¿dónde está mi pedido?", "wo ist meine bestellung #1234", "cancle it!!", "x@y.com 12345", "\x00\xff", "the the the the"} {
		f.Add(s)
	}
	r := intentReader()
	f.Fuzz(func(t *testing.T, text string) {
		a, b := r.read(text), r.read(text)
		if len(a.ranked) != len(r.labels) {
			t.Fatalf("%d labels ranked, want %d", len(a.ranked), len(r.labels))
		}
		seen := map[string]bool{}
		sum := 0.0
		for i, s := range a.ranked {
			if seen[s.label] {
				t.Fatalf("label %s ranked twice", s.label)
			}
			seen[s.label] = true
			if s != b.ranked[i] {
				t.Fatalf("read twice: %v then %v at %d", s, b.ranked[i], i)
			}
			if i > 0 && s.score > a.ranked[i-1].score {
				t.Fatalf("not sorted at %d: %v after %v", i, s, a.ranked[i-1])
			}
			if math.IsNaN(s.score) || s.score < 0 || s.score > 1 {
				t.Fatalf("score %v of %s is no probability", s.score, s.label)
			}
			sum += s.score
		}
		if math.Abs(sum-1) > 1e-6 {
			t.Fatalf("probabilities sum to %v", sum)
		}
		if a.sure != (a.ranked[0].score >= sureScore && a.margin >= sureMargin) || a.sure != b.sure {
			t.Fatalf("sure %v with top %v margin %v", a.sure, a.ranked[0].score, a.margin)
		}
	})
}

// Training messages read back get their own label: the regression fits
// what it was taught (a few examples may sit closer to another label's).
func TestReaderReadsItsExamples(t *testing.T) {
	ex, err := loadExamples(intentFiles, "intents")
	if err != nil {
		t.Fatal(err)
	}
	r := intentReader()
	right := 0
	for _, e := range ex {
		if r.read(e.text).top() == e.label {
			right++
		}
	}
	if got := ratio(right, len(ex)); got < 0.97 {
		t.Errorf("training examples read back right %.3f, want at least 0.97", got)
	}
	t.Logf("training examples read back right: %d of %d", right, len(ex))
}

// The arbiter's table has a row for every label the reader knows, and
// each names only real acts.
func TestArbiterTableCoversLabels(t *testing.T) {
	acts := map[string]bool{askAct: true, "": true}
	for _, n := range toolname.All {
		acts[n] = true
	}
	for _, l := range intentReader().labels {
		row, ok := intentActs[l]
		if !ok {
			t.Errorf("label %s has no row in intentActs", l)
			continue
		}
		if !acts[row.handler] {
			t.Errorf("label %s: handler %q is no act", l, row.handler)
		}
		for _, a := range row.compatible {
			if !acts[a] {
				t.Errorf("label %s: compatible %q is no act", l, a)
			}
		}
		if row.handler == "" && row.want == "" {
			t.Errorf("label %s: no handler and nothing to ask about", l)
		}
	}
}
