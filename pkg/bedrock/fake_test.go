package bedrock

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
)

// fakeConverse is a Bedrock runtime speaking the Converse wire protocol
// (POST /model/{modelId}/converse, JSON) to the real SDK client.
type fakeConverse struct {
	t     *testing.T
	srv   *httptest.Server
	reply func(n int, body map[string]any) fakeReply // n counts calls from 1

	mu       sync.Mutex
	received []received
}

// received is one request the fake got.
type received struct {
	ModelID string
	Body    map[string]any
}

// fakeReply is what the fake answers: a Converse response body, or an error
// with its type in x-amzn-ErrorType.
type fakeReply struct {
	Status    int
	ErrorType string
	Body      any
}

func newFake(t *testing.T, reply func(n int, body map[string]any) fakeReply) *fakeConverse {
	t.Helper()
	f := &fakeConverse{t: t, reply: reply}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeConverse) serve(w http.ResponseWriter, r *http.Request) {
	modelID, ok := strings.CutPrefix(r.URL.Path, "/model/")
	if ok {
		modelID, ok = strings.CutSuffix(modelID, "/converse")
	}
	if r.Method != http.MethodPost || !ok {
		f.t.Errorf("fake: unexpected %s %s", r.Method, r.URL.Path)
		http.NotFound(w, r)
		return
	}
	if !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") {
		f.t.Errorf("fake: request not signed: %q", r.Header.Get("Authorization"))
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		f.t.Errorf("fake: read body: %v", err)
		return
	}
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		f.t.Errorf("fake: body is not a JSON object: %v: %s", err, raw)
		return
	}
	f.mu.Lock()
	f.received = append(f.received, received{ModelID: modelID, Body: body})
	n := len(f.received)
	f.mu.Unlock()

	rep := f.reply(n, body)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-RequestId", "fake-request")
	if rep.ErrorType != "" {
		w.Header().Set("x-amzn-ErrorType", rep.ErrorType)
	}
	if rep.Status == 0 {
		rep.Status = http.StatusOK
	}
	w.WriteHeader(rep.Status)
	if err := json.NewEncoder(w).Encode(rep.Body); err != nil {
		f.t.Errorf("fake: write reply: %v", err)
	}
}

// calls is how many requests the fake got.
func (f *fakeConverse) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.received)
}

// last is the latest request the fake got.
func (f *fakeConverse) last() received {
	f.t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.received) == 0 {
		f.t.Fatal("fake: no request received")
	}
	return f.received[len(f.received)-1]
}

// client is a real SDK client pointed at the fake. Static credentials: the
// client panics on anonymous ones.
func (f *fakeConverse) client() *bedrockruntime.Client {
	cfg := aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
	}
	return bedrockruntime.NewFromConfig(cfg, func(o *bedrockruntime.Options) {
		o.BaseEndpoint = aws.String(f.srv.URL)
	})
}

// converseOK is a successful Converse response body.
func converseOK(stopReason string, usage map[string]any, content ...map[string]any) fakeReply {
	if usage == nil {
		usage = map[string]any{"inputTokens": 10, "outputTokens": 5, "totalTokens": 15}
	}
	if content == nil {
		content = []map[string]any{}
	}
	return fakeReply{Body: map[string]any{
		"output": map[string]any{"message": map[string]any{
			"role":    "assistant",
			"content": content,
		}},
		"stopReason": stopReason,
		"usage":      usage,
		"metrics":    map[string]any{"latencyMs": 1},
	}}
}

// converseError is a Bedrock error response.
func converseError(status int, errorType string) fakeReply {
	return fakeReply{Status: status, ErrorType: errorType, Body: map[string]any{"message": errorType + " from fake"}}
}

func textBlock(s string) map[string]any { return map[string]any{"text": s} }

func toolUseBlock(id, name string, input any) map[string]any {
	return map[string]any{"toolUse": map[string]any{"toolUseId": id, "name": name, "input": input}}
}
