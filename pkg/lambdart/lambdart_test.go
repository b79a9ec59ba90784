package lambdart

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func buildEcho(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bootstrap")
	cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-o", bin, "./testdata/echo")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build echo: %v\n%s", err, out)
	}
	return bin
}

func TestInvoke(t *testing.T) {
	// Nothing here is about time: the function may take as long as the
	// test may (a loaded machine starts a process slowly), and the calls
	// end a little before the test's deadline, to report.
	ctx, cancel := untilDeadline(t)
	defer cancel()
	fn, err := Start(Config{Name: "echo", ARN: "arn:aws:lambda:us-east-1:123456789012:function:echo", Binary: buildEcho(t),
		Env: map[string]string{"NAME": "from-env"}, Timeout: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fn.Close() })

	tests := []struct {
		name      string
		event     map[string]any
		wantSay   string
		wantError string // error type; "" for a response
	}{
		{"response", map[string]any{"say": "hi"}, "hi", ""},
		{"function error", map[string]any{"fail": true}, "", "errorString"},
		{"crash", map[string]any{"exit": true}, "", "Runtime.ExitError"},
		{"a new environment after the crash", map[string]any{"say": "again"}, "again", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got struct{ Say, Name string }
			err := fn.InvokeJSON(ctx, tc.event, &got)
			if tc.wantError != "" {
				fe, ok := err.(*FunctionError)
				if !ok || fe.Type != tc.wantError {
					t.Fatalf("got error %v, want a function error of type %s", err, tc.wantError)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Say != tc.wantSay || got.Name != "from-env" {
				t.Errorf("got %+v, want say %q and name from-env", got, tc.wantSay)
			}
		})
	}
}

// syncBuffer is a bytes.Buffer safe for the process's writers and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestTimeoutSaysWhereItHung: an invocation past the timeout is a
// Sandbox.Timedout, the process's goroutines are in its log (where the
// handler was), and the next event gets a new environment.
func TestTimeoutSaysWhereItHung(t *testing.T) {
	ctx, cancel := untilDeadline(t)
	defer cancel()
	var out syncBuffer
	fn, err := Start(Config{Name: "echo", ARN: "arn:aws:lambda:us-east-1:123456789012:function:echo", Binary: buildEcho(t),
		Env: map[string]string{"NAME": "from-env"}, Timeout: 3 * time.Second, Output: &out})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fn.Close() })
	err = fn.InvokeJSON(ctx, map[string]any{"hang": true}, nil)
	if fe, ok := err.(*FunctionError); !ok || fe.Type != "Sandbox.Timedout" {
		t.Fatalf("got error %v, want a Sandbox.Timedout", err)
	}
	if log := out.String(); !strings.Contains(log, "goroutine ") || !strings.Contains(log, "main.main.func1") {
		t.Errorf("the function's log does not show where the handler hung:\n%s", log)
	}
	var got struct{ Say string }
	if err := fn.InvokeJSON(ctx, map[string]any{"say": "after"}, &got); err != nil || got.Say != "after" {
		t.Errorf("after the timeout: %+v %v, want a new environment saying after", got, err)
	}
}

// untilDeadline ends shortly before the test's deadline (go test
// -timeout); with none, only cancel ends it.
func untilDeadline(t *testing.T) (context.Context, context.CancelFunc) {
	if d, ok := t.Deadline(); ok {
		return context.WithDeadline(context.Background(), d.Add(-5*time.Second))
	}
	return context.WithCancel(context.Background())
}
