package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/eval"
)

// The model eval and simulate use by default is the template's.
func TestDefaultModelIsTheTemplates(t *testing.T) {
	b, err := os.ReadFile("../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^  BedrockModelId:\n    Type: String\n    Default: (\S+)`).FindSubmatch(b)
	if m == nil {
		t.Fatal("template.yaml has no BedrockModelId default")
	}
	if got := string(m[1]); got != defaultBedrockModelID {
		t.Errorf("template BedrockModelId default %s, eval's default %s", got, defaultBedrockModelID)
	}
}

// Bedrock answering every call with an error (wrong credentials) makes
// eval fail with Bedrock's own error, through the real SDK client and the
// Converse adapter, and no score is printed.
func TestEvalBedrockSetupFailure(t *testing.T) {
	var calls atomic.Int32
	var model atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		model.Store(r.URL.Path)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("x-amzn-ErrorType", "UnrecognizedClientException")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`{"message":"The security token included in the request is invalid."}`))
	}))
	defer srv.Close()
	t.Setenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", srv.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAFAKE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "fake")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("BEDROCK_MODEL_ID", "")
	var out bytes.Buffer
	err := runEval(t.Context(), []string{"-model", "bedrock", "-per-kind", "1"}, &out)
	if err == nil || !strings.Contains(err.Error(), "security token included in the request is invalid") || !strings.Contains(err.Error(), "setup failure") {
		t.Fatalf("eval error %v, want a setup failure with Bedrock's message\n%s", err, out.String())
	}
	if strings.Contains(out.String(), "pass^1") {
		t.Errorf("a score was printed for a run whose model failed:\n%s", out.String())
	}
	if calls.Load() == 0 {
		t.Fatal("Bedrock was never called")
	}
	if p, _ := model.Load().(string); !strings.Contains(p, "us.anthropic.claude-haiku-4-5") {
		t.Errorf("called %s, want the template's default inference profile", p)
	}
}

func TestEvalFlagAndFolderErrors(t *testing.T) {
	empty := t.TempDir()
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, "mine.json"), []byte(`{"scenarios":[{"id":"m-1","kind":"k","start":{"email":"a@example.com","order_number":"#1001"},"turns":["hi"]}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	pdfDocs := t.TempDir()
	if err := os.WriteFile(filepath.Join(pdfDocs, "returns.pdf"), []byte("%PDF-1.7"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"output folder missing", []string{"-model", "nothing", "-o", "/nonexistent/report.json"}, "-o /nonexistent/report.json: the report could not be saved: cannot write in /nonexistent"},
		{"output is a folder", []string{"-model", "nothing", "-o", empty}, empty + " is a folder"},
		{"docs folder empty", []string{"-model", "nothing", "-docs", empty}, empty + " holds no document the agent can read: it is empty; it reads Markdown"},
		{"docs folder with a PDF only", []string{"-model", "nothing", "-docs", pdfDocs}, "found only returns.pdf"},
		{"k zero", []string{"-model", "nothing", "-k", "0"}, "-k 0"},
		{"k negative", []string{"-model", "nothing", "-k", "-2"}, "-k -2"},
		{"n negative", []string{"-model", "nothing", "-n", "-1"}, "-n -1"},
		{"fail-under above 1", []string{"-model", "nothing", "-fail-under", "90"}, "-fail-under 90"},
		{"no such folder", []string{"-model", "nothing", "-scenarios", "/nonexistent/scenarios"}, "/nonexistent/scenarios"},
		{"empty folder", []string{"-model", "nothing", "-scenarios", empty}, "no scenarios"},
		{"added folder missing", []string{"-model", "nothing", "-add", "/nonexistent/mine"}, "/nonexistent/mine"},
		{"order not in the data", []string{"-model", "nothing", "-add", bad}, `mine.json: scenario "m-1": start.order_number: order #1001 is not in the eval data`},
		{"stray argument", []string{"-model", "nothing", "extra"}, `unexpected argument "extra"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := runEval(t.Context(), tc.args, &out)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("eval %v: error %v, want one naming %q", tc.args, err, tc.want)
			}
			if strings.Contains(out.String(), "pass^1") {
				t.Errorf("the suite ran before the refusal:\n%s", out.String())
			}
		})
	}
}

// -add runs a merchant's scenarios with the suite; -scenarios replaces
// it; -fail-under turns a low score into an error, and the report shows
// the do-nothing floor beside the model's scores.
func TestEvalAddAndFailUnder(t *testing.T) {
	suite, err := eval.Suite()
	if err != nil {
		t.Fatal(err)
	}
	// A merchant's scenario: the first order-status one under a new id.
	var mine eval.Scenario
	for _, s := range suite {
		if s.Kind == "status_not_shipped" {
			mine = s
			break
		}
	}
	mine.ID, mine.Kind = "merchant-001", "merchant"
	b, err := json.Marshal(map[string]any{"scenarios": []eval.Scenario{mine}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "mine.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		args    []string
		wantErr string
		want    []string
		not     []string
	}{
		{"replace", []string{"-model", "offline", "-scenarios", dir}, "", []string{"1 scenarios", "merchant          1   1.000", "floor"}, []string{"status_not_shipped"}},
		{"add", []string{"-model", "offline", "-per-kind", "1", "-add", dir}, "", []string{"merchant", "status_not_shipped"}, nil},
		{"fail under", []string{"-model", "nothing", "-scenarios", dir, "-fail-under", "0.5"}, "below -fail-under 0.500", []string{"merchant          1   0.000"}, []string{"floor"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := runEval(t.Context(), tc.args, &out)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("eval %v: error %v, want %q\n%s", tc.args, err, tc.wantErr, out.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
			for _, w := range tc.not {
				if strings.Contains(out.String(), w) {
					t.Errorf("output has %q:\n%s", w, out.String())
				}
			}
		})
	}
}

// -policy and -docs make a merchant's own policy and documentation judge
// their own scenarios: a return past the demo's 30 days is made under a
// year's window, and a refund time only the merchant's docs state is told.
func TestEvalMerchantPolicyAndDocs(t *testing.T) {
	dir := t.TempDir()
	scen := filepath.Join(dir, "scenarios")
	docsDir := filepath.Join(dir, "docs")
	for _, d := range []string{scen, docsDir} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	suite := `{"scenarios": [
  {"id": "long-window", "kind": "mine", "start": {"email": "evelyn.lopez6910@example.com", "order_number": "#1355800"},
   "turns": ["I'd like to return the cycling helmet", "yes"],
   "expect": {"writes": [{"type": "return", "order": "#1355800"}]}},
  {"id": "own-docs", "kind": "mine", "turns": ["How long does a refund take?"], "expect": {"mention": ["3-4"]}}
]}`
	files := map[string]string{
		filepath.Join(scen, "mine.json"):  suite,
		filepath.Join(dir, "policy.json"): `{"return_window_days": 365, "refund_auto_limit": 50000}`,
	}
	// The merchant's FAQ is the demo shop's with its own refund time.
	faq, err := os.ReadFile("../../events/docs/shipping-and-returns.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(faq, []byte("5 to 10 business")) {
		t.Fatal("the demo FAQ no longer says refunds take 5 to 10 business days")
	}
	files[filepath.Join(docsDir, "faq.md")] = string(bytes.Replace(faq, []byte("5 to 10 business"), []byte("3 to 4 business"), 1))
	for name, body := range files {
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name  string
		flags []string
		fails []string // scenarios that must fail; none: every one passes
	}{
		{"the demo shop's policy and docs", nil, []string{"long-window", "own-docs"}},
		{"the merchant's", []string{"-policy", filepath.Join(dir, "policy.json"), "-docs", docsDir}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			args := append([]string{"-model", "offline", "-scenarios", scen, "-v"}, tc.flags...)
			if err := runEval(t.Context(), args, &out); err != nil {
				t.Fatalf("eval: %v\n%s", err, out.String())
			}
			for _, id := range []string{"long-window", "own-docs"} {
				failed := strings.Contains(out.String(), id+" try 1 FAIL")
				if want := slicesContains(tc.fails, id); failed != want {
					t.Errorf("%s failed %v, want %v\n%s", id, failed, want, out.String())
				}
			}
		})
	}
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// A merchant's scenarios about their own Shopify orders (-data, as
// simulate reads it): the demo shop's order files, a damaged mug on #1006
// replaced after the yes, and a status question that writes nothing. The
// checks judge the writes on those orders.
func TestEvalOnShopifyOrders(t *testing.T) {
	dir := t.TempDir()
	mine := `{"scenarios":[
 {"id":"own-damaged-1","kind":"own_damaged","start":{"email":"samuel.whitfield@example.com","order_number":"#1006"},
  "turns":["one of the mugs came cracked","a replacement please","yes"],
  "expect":{"writes":[{"type":"replacement","order":"#1006"}],"handover":false,"tools":["report_damage"]}},
 {"id":"own-status-1","kind":"own_status","start":{"email":"daniel.reyes@example.com","order_number":"#1003"},
  "turns":["where is my order?"],
  "expect":{"writes":[],"handover":false}}]}`
	if err := os.WriteFile(filepath.Join(dir, "mine.json"), []byte(mine), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := runEval(t.Context(), []string{"-model", "offline", "-k", "1", "-scenarios", dir, "-data", filepath.Join("..", "..", "events", "shopify", "orders")}, &out); err != nil {
		t.Fatalf("eval on Shopify orders: %v\n%s", err, out.String())
	}
	for _, want := range []string{"own_damaged          1   1.000", "own_status          1   1.000"} {
		if !strings.Contains(strings.Join(strings.Fields(out.String()), " "), strings.Join(strings.Fields(want), " ")) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}
