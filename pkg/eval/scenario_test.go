package eval

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// A scenario file with a mistake is refused on load, and the error names
// the file, the scenario and the field.
func TestLoadScenariosErrors(t *testing.T) {
	const good = `{"id":"ok-1","kind":"k","turns":["hi"],"expect":{"tools":["track_order"]}}`
	file := func(scenarios ...string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(`{"scenarios":[` + strings.Join(scenarios, ",") + `]}`)}
	}
	for _, tc := range []struct {
		name string
		fsys fstest.MapFS
		want []string // substrings of the error; none: it loads
	}{
		{"valid", fstest.MapFS{"mine.json": file(good)}, nil},
		{"empty folder", fstest.MapFS{}, []string{"no scenarios"}},
		{"file with no scenario", fstest.MapFS{"mine.json": file()}, []string{"no scenarios"}},
		{"not json", fstest.MapFS{"mine.json": {Data: []byte(`{"scenarios": [ // a comment`)}}, []string{"mine.json: decode"}},
		{"unknown field", fstest.MapFS{"mine.json": {Data: []byte(`{"scenarios":[{"id":"a","kind":"k","turns":["hi"],"expekt":{}}]}`)}},
			[]string{`mine.json: scenario "a" (line 1): decode`, "expekt"}},
		{"unknown field, its line", fstest.MapFS{"mine.json": {Data: []byte("{\"scenarios\":[\n" + good + ",\n{\"id\": \"u-2\",\n \"kind\": \"k\", \"turns\": [\"expekt\"],\n \"expect\": {\"mentoin\": []}}\n]}")}},
			[]string{`mine.json: scenario "u-2" (line 5): decode`, "mentoin"}},
		{"unknown top-level field, its line", fstest.MapFS{"mine.json": {Data: []byte("{\n\"descripton\": \"x\",\n\"scenarios\": []}")}},
			[]string{`mine.json: decode (line 2)`, "descripton"}},
		{"wrong type in a scenario", fstest.MapFS{"mine.json": {Data: []byte("{\"scenarios\":[\n" + good + ",\n" +
			`{"id":"b-2","kind":"k","turns":"hi"}` + "\n]}")}},
			[]string{`mine.json: scenario "b-2" (line 3): decode`, "turns"}},
		{"mistake in a scenario with no id", fstest.MapFS{"mine.json": file(good, `{"kind":"k","turns":["hi"],"expect":{"tools":"track_order"}}`)},
			[]string{`mine.json: scenario "#2" (line 1): decode`, "tools"}},
		{"each scenario's decode error", fstest.MapFS{"mine.json": file(`{"id":"c-1","kind":1,"turns":["hi"]}`, `{"id":"c-2","kind":"k","turns":["hi"],"start":{"email":2}}`)},
			[]string{`scenario "c-1"`, `scenario "c-2"`}},
		{"not json, with the line", fstest.MapFS{"mine.json": {Data: []byte("{\"scenarios\": [\n{\"id\": \"a\",, }]}")}}, []string{"mine.json: decode (line 2)"}},
		{"unknown tool", fstest.MapFS{"mine.json": file(`{"id":"t-1","kind":"k","turns":["hi"],"expect":{"tools":["track_order","trak_order"]}}`)},
			[]string{`mine.json: scenario "t-1": expect.tools[1]: unknown tool "trak_order"`, toolname.SearchDocs}},
		{"unknown tool not to call", fstest.MapFS{"mine.json": file(`{"id":"t-2","kind":"k","turns":["hi"],"expect":{"not_done":["folow_up"]}}`)},
			[]string{`mine.json: scenario "t-2": expect.not_done[0]: unknown tool "folow_up"`}},
		{"a tool both wanted and not", fstest.MapFS{"mine.json": file(`{"id":"t-3","kind":"k","turns":["hi"],"expect":{"tools":["follow_up"],"not_tools":["follow_up"]}}`)},
			[]string{`mine.json: scenario "t-3": expect.not_tools[0]: "follow_up" is in expect.tools too`}},
		{"unknown write type", fstest.MapFS{"mine.json": file(`{"id":"w-1","kind":"k","turns":["hi"],"expect":{"writes":[{"type":"retrun","order":"#1"}]}}`)},
			[]string{`mine.json: scenario "w-1": expect.writes[0].type: unknown write type "retrun"`}},
		{"bad amount", fstest.MapFS{"mine.json": file(`{"id":"w-2","kind":"k","turns":["hi"],"expect":{"writes":[{"type":"refund","order":"#1","amount":"lots"}]}}`)},
			[]string{`scenario "w-2": expect.writes[0].amount`}},
		{"bad wait", fstest.MapFS{"mine.json": file(`{"id":"w-2","kind":"k","wait":"2 days","turns":["hi"]}`)},
			[]string{`scenario "w-2": wait: "2 days" is not a wait`}},
		{"wait too long", fstest.MapFS{"mine.json": file(`{"id":"w-3","kind":"k","wait":"61d","turns":["hi"]}`)},
			[]string{`scenario "w-3": wait: "61d" is not a wait`}},
		{"bad date spec", fstest.MapFS{"mine.json": file(`{"id":"d-1","kind":"k","turns":["hi"],"expect":{"mention":["x|date:five days ago"]}}`)},
			[]string{`scenario "d-1": expect.mention[0]: bad date spec "date:five days ago"`}},
		{"unknown start key", fstest.MapFS{"mine.json": file(`{"id":"s-1","kind":"k","start":{"emial":"a@example.com"},"turns":["hi"]}`)},
			[]string{`scenario "s-1": start.emial: unknown key`}},
		{"every problem, each named", fstest.MapFS{"mine.json": file(`{"id":"","kind":"","turns":[" "]}`, `{"id":"x-2","kind":"k","turns":[]}`)},
			[]string{`scenario "#1": id: missing`, `scenario "#1": kind: missing`, `scenario "#1": turns[0]: empty`, `scenario "x-2": turns: none`}},
		{"duplicate id across files", fstest.MapFS{"a.json": file(good), "b.json": file(good)},
			[]string{`b.json: scenario "ok-1": id: also used in a.json`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := LoadScenarios(tc.fsys)
			if len(tc.want) == 0 {
				if err != nil || len(got) == 0 {
					t.Fatalf("LoadScenarios = %d scenarios, %v; want them loaded", len(got), err)
				}
				return
			}
			if err == nil {
				t.Fatalf("LoadScenarios loaded %d scenarios; want an error like %q", len(got), tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestParseDateSpec(t *testing.T) {
	for _, tc := range []struct {
		spec string
		want int
		ok   bool
	}{
		{"-5d", -5, true}, {"+3d", 3, true}, {"3d", 3, true}, {"0d", 0, true}, {"-3650d", -3650, true},
		{"-5", 0, false}, {"5 days", 0, false}, {"d", 0, false}, {"--5d", 0, false}, {"+-5d", 0, false}, {"-3651d", 0, false}, {"", 0, false},
	} {
		got, err := parseDateSpec(tc.spec)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseDateSpec(%q) = %d, %v; want %d, ok %v", tc.spec, got, err, tc.want, tc.ok)
		}
	}
}

// Orders a scenario names must be in the data the stack is seeded from.
func TestDataCheck(t *testing.T) {
	data, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	var known string
	for id := range data.Orders {
		known = ShopifyName(id)
		break
	}
	for _, tc := range []struct {
		name string
		sc   Scenario
		want string
	}{
		{"known orders", Scenario{ID: "a", file: "mine.json", Start: map[string]string{"order_number": known},
			Expect: Expect{Writes: []Write{{Type: "return", Order: strings.TrimPrefix(known, "#")}}}}, ""},
		{"unknown start order", Scenario{ID: "b", file: "mine.json", Start: map[string]string{"order_number": "#1001"}},
			`mine.json: scenario "b": start.order_number: order #1001 is not in the eval data`},
		{"unknown write order", Scenario{ID: "c", file: "mine.json", Expect: Expect{Writes: []Write{{Type: "return", Order: known}, {Type: "return", Order: "#99"}}}},
			`mine.json: scenario "c": expect.writes[1].order: order #99 is not in the eval data`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := data.Check([]Scenario{tc.sc})
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Check = %v, want %q", err, tc.want)
			}
		})
	}
}

// failing is a model whose every call fails, as Bedrock does with wrong
// credentials or a model the account cannot use.
type failing struct{ err error }

func (f failing) Converse(context.Context, agent.Request) (agent.Response, error) {
	return agent.Response{}, f.err
}

// A model that fails is a setup failure with its first error, never a
// score: the run stops after the first conversation.
func TestRunModelFailure(t *testing.T) {
	data, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	suite, err := Suite()
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("operation error Bedrock Runtime: Converse, StatusCode: 403, UnrecognizedClientException: The security token included in the request is invalid")
	rep, err := Run(t.Context(), Config{Data: data, Suite: Sample(suite, 1), Model: failing{boom}, ModelID: "us.anthropic.claude-haiku-4-5-20251001-v1:0", Tries: 3})
	var mf *ModelFailure
	if !errors.As(err, &mf) {
		t.Fatalf("Run error %v, want a *ModelFailure", err)
	}
	if mf.Failed == 0 || mf.Failed != mf.Calls || !strings.Contains(mf.Error(), "UnrecognizedClientException") || !strings.Contains(mf.Error(), "setup failure") {
		t.Errorf("failure %+v: want every call failed and the first error named", mf)
	}
	if len(rep.Results) != 1 {
		t.Errorf("%d conversations played, want the run stopped after the first", len(rep.Results))
	}
	if f := rep.Results[0].Failures; len(f) == 0 || !strings.Contains(f[0], "model: ") {
		t.Errorf("the conversation's failures %q do not name the model error first", f)
	}
}

// The example in scenarios/README.md is a valid file, as it says.
func TestReadmeExample(t *testing.T) {
	b, err := os.ReadFile("scenarios/README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(b), "```json\n")
	block, _, ok2 := strings.Cut(block, "```")
	if !ok || !ok2 {
		t.Fatal("scenarios/README.md has no json example")
	}
	list, err := LoadScenarios(fstest.MapFS{"my.json": {Data: []byte(block)}})
	if err != nil {
		t.Fatalf("the README example does not load: %v", err)
	}
	data, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	if err := data.Check(list); err != nil {
		t.Fatalf("the README example names orders not in the data: %v", err)
	}
}

// An unknown field, whatever its name and wherever it stands, is reported
// with the line it is written on.
func FuzzUnknownFieldLine(f *testing.F) {
	f.Add("expekt", uint8(2))
	f.Add("x", uint8(0))
	f.Fuzz(func(t *testing.T, name string, at uint8) {
		known := map[string]bool{"id": true, "kind": true, "lang": true, "tags": true, "start": true, "turns": true, "expect": true}
		if name == "" || known[strings.ToLower(name)] || !utf8.ValidString(name) || strings.ContainsFunc(name, func(r rune) bool { return r > 126 || r < 32 || r == '"' || r == '\\' }) {
			return
		}
		lines := []string{`"id": "f-1",`, `"kind": "k",`, `"turns": ["hi"],`, `"expect": {}`}
		key, _ := json.Marshal(name)
		i := int(at) % len(lines)
		lines = slices.Insert(lines, i, string(key)+`: 1,`)
		file := "{\"scenarios\": [{\n" + strings.Join(lines, "\n") + "\n}]}"
		_, err := ParseScenarios([]byte(file))
		want := fmt.Sprintf("(line %d)", i+2)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("ParseScenarios(%q) = %v, want an error naming %s", file, err, want)
		}
	})
}
