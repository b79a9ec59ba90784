package stack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
)

// errorLog passes the functions' output on to w and keeps every line a
// function logged at ERROR level: a flow that works for the customer while
// a function fails behind it (a handoff that never opens) must not pass.
type errorLog struct {
	w io.Writer

	mu    sync.Mutex
	buf   []byte
	lines []funcError
	plain []string // lines a function wrote that are not JSON
}

// funcError is one ERROR line: the function's id, its message and error.
type funcError struct {
	Fn, Msg, Err string
}

func (e funcError) String() string {
	return fmt.Sprintf("%s: %q err=%q", e.Fn, e.Msg, e.Err)
}

func (l *errorLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	for {
		i := bytes.IndexByte(l.buf, '\n')
		if i < 0 {
			break
		}
		if e, ok := parseFuncError(l.buf[:i]); ok {
			l.lines = append(l.lines, e)
		}
		if notJSON(l.buf[:i]) {
			l.plain = append(l.plain, string(l.buf[:i]))
		}
		l.buf = l.buf[i+1:]
	}
	return l.w.Write(p)
}

// parseFuncError reads "<FunctionId>: {json slog line}" (prefixWriter's
// form) and says whether it is at ERROR level.
func parseFuncError(line []byte) (funcError, bool) {
	fn, rest, ok := bytes.Cut(line, []byte(": "))
	if !ok || bytes.ContainsAny(fn, " \t") {
		return funcError{}, false
	}
	var v struct {
		Level string `json:"level"`
		Msg   string `json:"msg"`
		Err   string `json:"err"`
	}
	if json.Unmarshal(bytes.TrimSpace(rest), &v) != nil || !strings.EqualFold(v.Level, "ERROR") {
		return funcError{}, false
	}
	return funcError{Fn: string(fn), Msg: v.Msg, Err: v.Err}, true
}

// notJSON says whether line is a function's ("<FunctionId>: ...") and
// not a JSON object: every line a function writes should be slog's JSON
// (the AWS SDK's own lines included), so CloudWatch Logs Insights can read
// it and LOG_LEVEL holds.
func notJSON(line []byte) bool {
	fn, rest, ok := bytes.Cut(line, []byte(": "))
	if !ok || bytes.ContainsAny(fn, " \t") || len(fn) == 0 {
		return false
	}
	var v map[string]any
	return json.Unmarshal(bytes.TrimSpace(rest), &v) != nil
}

// notJSONLines are the lines functions wrote that are not JSON.
func (l *errorLog) notJSONLines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.plain)
}

// mark is how many ERROR lines were seen so far.
func (l *errorLog) mark() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.lines)
}

// since returns the ERROR lines after mark that no allowance matches.
func (l *errorLog) since(mark int, allowed []allowedError) []funcError {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []funcError
	for _, e := range l.lines[mark:] {
		if !allows(allowed, e) {
			out = append(out, e)
		}
	}
	return out
}

// allowedError names an ERROR line a flow provokes on purpose: the
// function and a part of its message or error.
type allowedError struct {
	Fn, Contains string
}

func allows(allowed []allowedError, e funcError) bool {
	for _, a := range allowed {
		if a.Fn == e.Fn && (strings.Contains(e.Msg, a.Contains) || strings.Contains(e.Err, a.Contains)) {
			return true
		}
	}
	return false
}

func TestErrorLog(t *testing.T) {
	var out bytes.Buffer
	l := &errorLog{w: &out}
	in := strings.Join([]string{
		`DeliveryCheckFunction: {"time":"t","level":"ERROR","msg":"delivery check","err":"open handoff: sfn: no state machine ARN for escalation"}`,
		`ChatFunction: {"level":"INFO","msg":"turn"}`,
		`TrackpageFunction: {"level":"WARN","msg":"return form: variants"}`,
		`time=2026-12-05T20:54:12Z level=ERROR msg="AWS CALL DENIED" principal=ConsoleFunction`, // the harness, not a function
		`EmailInboundFunction: not json at all`,
		`WebhooksFunction: {"level":"ERROR","msg":"webhook","err":"bad signature"}`,
	}, "\n") + "\n"
	// Written in two pieces, split inside a line, as a pipe may deliver it.
	half := len(in) / 2
	for _, p := range []string{in[:half], in[half:]} {
		if _, err := l.Write([]byte(p)); err != nil {
			t.Fatal(err)
		}
	}
	if out.String() != in {
		t.Errorf("output not passed on unchanged")
	}
	tests := []struct {
		name    string
		allowed []allowedError
		want    []string // functions whose ERROR lines remain
	}{
		{"none allowed", nil, []string{"DeliveryCheckFunction", "WebhooksFunction"}},
		{"one provoked by its error", []allowedError{{"WebhooksFunction", "bad signature"}}, []string{"DeliveryCheckFunction"}},
		{"by its message", []allowedError{{"DeliveryCheckFunction", "delivery check"}}, []string{"WebhooksFunction"}},
		{"another function's allowance does not count", []allowedError{{"ChatFunction", "bad signature"}}, []string{"DeliveryCheckFunction", "WebhooksFunction"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range l.since(0, tt.allowed) {
				got = append(got, e.Fn)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("left %v, want %v", got, tt.want)
			}
		})
	}
	if got := len(l.since(1, nil)); got != 1 {
		t.Errorf("since the first line: %d, want 1", got)
	}
	if got, want := l.notJSONLines(), []string{"EmailInboundFunction: not json at all"}; !slices.Equal(got, want) {
		t.Errorf("lines that are not JSON: %q, want %q", got, want)
	}
}
