package eval_test

import (
	"bytes"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/eval"
	"github.com/doorstep-ai/doorstep/pkg/offline"
)

// The committed suite is exactly what the generator makes from the data.
func TestSuiteIsGenerated(t *testing.T) {
	data, err := eval.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	files, err := eval.GenerateFiles(data)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile("scenarios/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("scenarios/%s differs from the generator's output: run go run ./pkg/eval/gen", name)
		}
	}
	want, err := eval.PersonaFile(data)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile("personas/customers.json"); err != nil || !bytes.Equal(got, want) {
		t.Errorf("personas/customers.json differs from the generator's output (%v): run go run ./pkg/eval/gen", err)
	}
	want, err = eval.GenerateCatalogue(data)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile("data/catalogue.json"); err != nil || !bytes.Equal(got, want) {
		t.Errorf("data/catalogue.json differs from the generator's output (%v): run go run ./pkg/eval/gen", err)
	}
}

// The suite is worth passing: large, every tool, three other languages,
// adversarial turns, typos, follow-ups and multi-question messages.
func TestSuiteShape(t *testing.T) {
	suite, err := eval.Suite()
	if err != nil {
		t.Fatal(err)
	}
	if len(suite) < 200 {
		t.Errorf("%d scenarios, want at least 200", len(suite))
	}
	tools, langs, tags := map[string]bool{}, map[string]int{}, map[string]int{}
	for _, s := range suite {
		for _, tool := range s.Expect.Tools {
			tools[tool] = true
		}
		langs[s.Lang]++
		for _, tag := range s.Tags {
			tags[tag]++
		}
		for _, w := range s.Expect.Writes {
			tools[w.Type] = true
		}
	}
	for _, spec := range agent.ToolSpecs() {
		if !tools[spec.Name] {
			t.Errorf("no scenario expects tool %s", spec.Name)
		}
	}
	for _, want := range eval.WriteTypes {
		if !tools[want] {
			t.Errorf("no scenario expects a %s write", want)
		}
	}
	for _, l := range []string{"es", "de", "fr"} {
		if langs[l] < 5 {
			t.Errorf("%d scenarios in %s, want at least 5", langs[l], l)
		}
	}
	for _, tag := range []string{"typo", "adversarial", "follow_up", "multi_question"} {
		if tags[tag] < 5 {
			t.Errorf("%d scenarios tagged %s, want at least 5", tags[tag], tag)
		}
	}
}

func TestPassHatK(t *testing.T) {
	for _, tc := range []struct {
		n, c, k int
		want    float64
	}{
		{3, 3, 3, 1}, {3, 2, 3, 0}, {3, 2, 1, 2.0 / 3}, {4, 3, 2, 0.5}, {5, 0, 1, 0}, {1, 1, 1, 1}, {8, 4, 2, 6.0 / 28},
	} {
		if got := eval.PassHatK(tc.n, tc.c, tc.k); got < tc.want-1e-9 || got > tc.want+1e-9 {
			t.Errorf("PassHatK(%d,%d,%d) = %v, want %v", tc.n, tc.c, tc.k, got, tc.want)
		}
	}
}

// A sample of the suite, a few scenarios of each kind, on the offline model
// and on the do-nothing model: the floor is low, and the offline model
// clears it by far. make eval runs the whole suite.
func TestSample(t *testing.T) {
	data, err := eval.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	suite, err := eval.Suite()
	if err != nil {
		t.Fatal(err)
	}
	sample := eval.Sample(suite, 1)
	floor, err := eval.Run(t.Context(), eval.Config{Data: data, Suite: sample, Model: eval.Nothing{}, ModelID: "nothing"})
	if err != nil {
		t.Fatal(err)
	}
	off, err := eval.Run(t.Context(), eval.Config{Data: data, Suite: sample, Model: offline.Model{}, ModelID: "offline"})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	off.Print(&out, false)
	t.Log("\n" + out.String())
	f, o := floor.Scores(1)["all"].Pass1, off.Scores(1)["all"].Pass1
	if f > 0.25 {
		t.Errorf("do-nothing floor %.2f, want at most 0.25", f)
	}
	if o < f+0.4 {
		t.Errorf("offline pass^1 %.2f is not far above the floor %.2f", o, f)
	}
}

// Each kind is asked in several ways: with order numbers and emails masked,
// a kind of n scenarios has at least min(n, 5) different first messages;
// a scenario tagged typo has a misspelt word, and none is there twice.
func TestSuiteVariety(t *testing.T) {
	suite, err := eval.Suite()
	if err != nil {
		t.Fatal(err)
	}
	mask := regexp.MustCompile(`#\d+|\S+@\S+`)
	asks := map[string]map[string]bool{}
	count := map[string]int{}
	seen := map[string]string{}
	for _, s := range suite {
		if asks[s.Kind] == nil {
			asks[s.Kind] = map[string]bool{}
		}
		asks[s.Kind][mask.ReplaceAllString(s.Turns[0], "X")] = true
		count[s.Kind]++
		key := s.Kind + "\x00" + strings.Join(s.Turns, "\x00")
		if other, dup := seen[key]; dup {
			t.Errorf("%s and %s: the same kind and the same messages", other, s.ID)
		}
		seen[key] = s.ID
	}
	for kind, n := range count {
		if got, want := len(asks[kind]), min(n, 5); got < want {
			t.Errorf("%s: %d different first messages in %d scenarios, want at least %d", kind, got, n, want)
		}
	}
}

// Every scenario plays on a stack of its own: two scenarios returning the
// same line of the same order both pass, whichever runs first (on a shared
// stack the second found "a return is already under way").
func TestScenariosIndependent(t *testing.T) {
	data, err := eval.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	suite, err := eval.Suite()
	if err != nil {
		t.Fatal(err)
	}
	var first eval.Scenario
	for _, s := range suite {
		if s.ID == "return_item-001" {
			first = s
		}
	}
	if first.ID == "" || len(first.Expect.Writes) != 1 {
		t.Fatal("return_item-001 with one return write not in the suite")
	}
	second := first
	second.ID = "readme-return"
	second.Turns = []string{"please start a return for the led light bulb", "yes"}
	for _, tc := range []struct {
		name  string
		suite []eval.Scenario
	}{
		{"suite's first", []eval.Scenario{first, second}},
		{"merchant's first", []eval.Scenario{second, first}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := eval.Run(t.Context(), eval.Config{Data: data, Suite: tc.suite, Model: offline.Model{}, ModelID: "offline"})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rep.Results {
				if !r.Pass {
					t.Errorf("%s failed: %v; replies %q", r.Scenario.ID, r.Failures, r.Replies)
				}
			}
		})
	}
}

// A follow-up needs the conversation before it: every scenario tagged
// follow_up, cut to its first message, fails on the offline model (which
// passes most of them whole), so none is passed by answering the first
// message alone.
func TestFollowUpsNeedTheirFollowUp(t *testing.T) {
	data, err := eval.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	suite, err := eval.Suite()
	if err != nil {
		t.Fatal(err)
	}
	var cut []eval.Scenario
	for _, s := range suite {
		if slices.Contains(s.Tags, "follow_up") {
			if len(s.Turns) < 2 {
				t.Errorf("%s is tagged follow_up with one message", s.ID)
				continue
			}
			s.Turns = s.Turns[:1]
			cut = append(cut, s)
		}
	}
	if len(cut) < 30 {
		t.Fatalf("%d follow-up scenarios, want at least 30", len(cut))
	}
	rep, err := eval.Run(t.Context(), eval.Config{Data: data, Suite: cut, Model: offline.Model{}, ModelID: "offline"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Results {
		if r.Pass {
			t.Errorf("%s passes on its first message alone (%q): it judges nothing of the follow-up", r.Scenario.ID, r.Replies)
		}
	}
}

// Every address change the suite expects names each field the write sets,
// so a lost apartment, a changed name or a wrong country fails it.
func TestAddressWritesComplete(t *testing.T) {
	suite, err := eval.Suite()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range suite {
		for _, w := range s.Expect.Writes {
			if w.Type != "address_change" {
				continue
			}
			n++
			for _, k := range []string{"address1", "address2", "city", "zip", "provinceCode", "countryCode", "name"} {
				if _, ok := w.Address[k]; !ok {
					t.Errorf("%s: the expected address change has no %s", s.ID, k)
				}
			}
		}
	}
	if n < 20 {
		t.Errorf("%d address changes expected in the suite, want at least 20", n)
	}
}
