package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/eval"
)

// The demo personas run out of the box with no AWS at all: the offline
// agent, the scripted customers; the results are saved, read back, and a
// second run refuses to replace them unless -force.
func TestSimulateScriptedOffline(t *testing.T) {
	noAWS(t)
	save := filepath.Join(t.TempDir(), "simulation.json")
	var out bytes.Buffer
	if err := runSimulate(t.Context(), []string{"-model", "offline", "-customer-model", "scripted", "-o", save}, &out); err != nil {
		t.Fatalf("simulate: %v\n%s", err, out.String())
	}
	t.Log("\n" + out.String())
	rep := readSim(t, save)
	personas, err := eval.Personas()
	if err != nil {
		t.Fatal(err)
	}
	if rep.CustomerID != "scripted" || rep.ModelID != "offline" || len(rep.Results) != len(personas) || rep.Incomplete != "" {
		t.Fatalf("saved: customer %q, model %q, %d results (of %d personas), incomplete %q", rep.CustomerID, rep.ModelID, len(rep.Results), len(personas), rep.Incomplete)
	}
	for _, r := range rep.Results {
		if !r.Pass {
			t.Errorf("%s failed: %v", r.Persona, r.Failures)
		}
	}
	for _, want := range []string{"pass^1 1.000", "not how the agent fares with a real customer", "saved to " + save} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	before, _ := os.ReadFile(save)
	out.Reset()
	err = runSimulate(t.Context(), []string{"-model", "offline", "-customer-model", "scripted", "-o", save}, &out)
	if err == nil || !strings.Contains(err.Error(), "the file exists") || !strings.Contains(err.Error(), "-force") || out.Len() != 0 {
		t.Fatalf("second run: error %v, output %q; want a refusal naming -force before anything ran", err, out.String())
	}
	if after, _ := os.ReadFile(save); !bytes.Equal(before, after) {
		t.Error("the refused run changed the saved results")
	}
	one := filepath.Join(t.TempDir(), "personas")
	if err := os.Mkdir(one, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(one, "mine.json"), []byte(`{"personas":[{"id":"coffee","kind":"product_question","persona":"Sam.","goal":"Find out.",`+
		`"opening":"how much coffee per cup with the pour-over coffee kit?","expect":{"mention":["20 g|20g|1:16"]}}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := runSimulate(t.Context(), []string{"-model", "offline", "-customer-model", "scripted", "-personas", one, "-o", save, "-force"}, io.Discard); err != nil {
		t.Fatalf("-force: %v", err)
	}
	if rep := readSim(t, save); len(rep.Results) != 1 || rep.Results[0].Persona != "coffee" || !rep.Results[0].Pass {
		t.Errorf("-force did not replace the file with the new run: %+v", rep.Results)
	}
}

// Every input mistake is refused before anything runs, naming what is
// wrong; no Bedrock call is made and no file is written or changed.
func TestSimulateRefusedBeforeRunning(t *testing.T) {
	bedrock := fakeBedrockCustomer(t, 0)
	dir := t.TempDir()
	existing := filepath.Join(dir, "old.json")
	if err := os.WriteFile(existing, []byte(`{"kept": true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	emptyDocs, pdfDocs := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(pdfDocs, "faq.pdf"), []byte("%PDF-1.7"), 0o644); err != nil {
		t.Fatal(err)
	}
	bare := filepath.Join(dir, "bare")
	if err := os.Mkdir(bare, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bare, "mine.json"), []byte(`{"personas":[{"id":"no-lines","kind":"k","persona":"Sam.","goal":"Find out."}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	badScript := filepath.Join(dir, "bad")
	if err := os.Mkdir(badScript, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(badScript, "mine.json"), []byte(`{"personas":[{"id":"p","kind":"k","persona":"Sam.","goal":"Find out.","replies":["yes"]}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(dir, "new.json")
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"output exists", []string{"-o", existing}, []string{existing, "the file exists", "-force"}},
		{"output folder missing", []string{"-o", filepath.Join(dir, "nope", "sim.json")}, []string{"could not be saved", filepath.Join(dir, "nope")}},
		{"output is a folder", []string{"-o", dir}, []string{dir + " is a folder"}},
		{"docs folder empty", []string{"-o", fresh, "-docs", emptyDocs}, []string{emptyDocs, "it is empty", "Markdown (.md, .markdown), HTML (.html, .htm) and text (.txt)"}},
		{"docs folder with a PDF only", []string{"-o", fresh, "-docs", pdfDocs}, []string{pdfDocs, "found only faq.pdf", "Markdown"}},
		{"scripted persona without lines", []string{"-o", fresh, "-customer-model", "scripted", "-personas", bare}, []string{"mine.json: no-lines", `"opening"`}},
		{"replies without opening", []string{"-o", fresh, "-personas", badScript}, []string{`mine.json: persona "p": replies without an opening`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := runSimulate(t.Context(), append([]string{"-model", "offline", "-customer-model", "fake-customer"}, tc.args...), &out)
			for _, w := range tc.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("error %v, want one naming %q", err, w)
				}
			}
			if n := bedrock.Load(); n != 0 {
				t.Errorf("%d Bedrock calls before the refusal", n)
			}
			if b, _ := os.ReadFile(existing); string(b) != `{"kept": true}` {
				t.Errorf("the existing file was changed: %s", b)
			}
			if _, err := os.Stat(fresh); err == nil {
				t.Errorf("%s was written", fresh)
			}
		})
	}
}

// A customer model that fails partway (Bedrock refusing after the first
// conversation) stops the run with its error, and what finished is saved,
// marked incomplete, and said so.
func TestSimulateSavesWhatFinished(t *testing.T) {
	calls := fakeBedrockCustomer(t, 1)
	dir := t.TempDir()
	personas := filepath.Join(dir, "personas")
	if err := os.Mkdir(personas, 0o755); err != nil {
		t.Fatal(err)
	}
	p := `{"id":"%s","kind":"product_question","persona":"Sam.","goal":"Find out how much coffee to use per cup with the pour-over coffee kit.","expect":{"mention":["20 g|20g|1:16"]}}`
	body := `{"personas":[` + strings.Replace(p, "%s", "coffee-1", 1) + `,` + strings.Replace(p, "%s", "coffee-2", 1) + `]}`
	if err := os.WriteFile(filepath.Join(personas, "mine.json"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	save := filepath.Join(dir, "sim.json")
	var out bytes.Buffer
	err := runSimulate(t.Context(), []string{"-model", "offline", "-customer-model", "fake-customer", "-personas", personas, "-o", save}, &out)
	t.Log("\n" + out.String())
	if err == nil || !strings.Contains(err.Error(), "stopped after 1 of 2 conversations") || !strings.Contains(err.Error(), "AccessDenied") {
		t.Fatalf("error %v, want the run stopped after 1 of 2 with Bedrock's error", err)
	}
	if calls.Load() == 0 {
		t.Fatal("the fake customer model was never called")
	}
	rep := readSim(t, save)
	if len(rep.Results) != 1 || rep.Results[0].Persona != "coffee-1" || rep.Planned != 2 || !strings.Contains(rep.Incomplete, "AccessDenied") {
		t.Fatalf("saved %d results, planned %d, incomplete %q; want coffee-1's, 2, Bedrock's error", len(rep.Results), rep.Planned, rep.Incomplete)
	}
	for _, want := range []string{"INCOMPLETE: 1 of 2", "saved the 1 of 2 conversations that finished to " + save + ", marked incomplete"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

// fakeBedrockCustomer points the AWS SDK at a fake Bedrock Converse
// endpoint with static credentials: its customer asks the coffee question
// and is done, for the first good conversations, then every call is
// refused as a model without access would be. It counts the calls.
func fakeBedrockCustomer(t *testing.T, good int) *atomic.Int32 {
	t.Helper()
	var calls, convs atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		var body struct {
			Messages []json.RawMessage `json:"messages"`
		}
		raw, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(raw, &body)
		if len(body.Messages) == 1 {
			convs.Add(1)
		}
		w.Header().Set("Content-Type", "application/json")
		if int(convs.Load()) > good {
			w.Header().Set("x-amzn-ErrorType", "AccessDeniedException")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"message":"You don't have access to the model with the specified model ID."}`))
			return
		}
		text := "DONE"
		if len(body.Messages) == 1 {
			text = "how much coffee per cup with the pour-over coffee kit?"
		}
		_ = json.NewEncoder(w).Encode(map[string]any{
			"output":     map[string]any{"message": map[string]any{"role": "assistant", "content": []map[string]any{{"text": text}}}},
			"stopReason": "end_turn", "usage": map[string]any{"inputTokens": 100, "outputTokens": 10, "totalTokens": 110},
			"metrics": map[string]any{"latencyMs": 1},
		})
	}))
	t.Cleanup(srv.Close)
	noAWS(t)
	t.Setenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", srv.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAFAKE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "fake")
	return &calls
}

// noAWS clears the AWS settings of the environment: no credentials, no
// profile, no instance metadata.
func noAWS(t *testing.T) {
	t.Helper()
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
}

func readSim(t *testing.T, name string) eval.SimReport {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("read the saved simulation: %v", err)
	}
	rep, err := eval.ReadSimReport(b)
	if err != nil {
		t.Fatalf("the saved simulation does not read back: %v", err)
	}
	return rep
}
