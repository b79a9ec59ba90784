// Package lambdart runs a Lambda function's binary (a provided.al2023
// bootstrap built for this machine) the way Lambda does: as a process that
// asks a Runtime API for its next event (GET /2018-06-01/runtime/invocation/next)
// and posts the result back. This package implements that Runtime API on a
// loopback port, so a test (or the benchmark that times init) can run a
// function's real binary with the environment its template gives it.
//
// One Function is one execution environment: invocations are handed to
// the process one at a time, as Lambda does for one instance. A process that
// exits is started again on the next invocation, as Lambda replaces a
// crashed environment.
package lambdart

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

const apiPrefix = "/2018-06-01/runtime"

// FunctionError is what a function reported instead of a response: its
// error type (aws-lambda-go sends the Go type name) and message, or an
// init failure or a crash.
type FunctionError struct {
	Type    string `json:"errorType"`
	Message string `json:"errorMessage"`
}

func (e *FunctionError) Error() string { return e.Type + ": " + e.Message }

// Config describes one function.
type Config struct {
	// Name is the function's name (AWS_LAMBDA_FUNCTION_NAME) and ARN its ARN.
	Name, ARN string
	// Binary is the path of the bootstrap to run.
	Binary string
	// Env is the function's whole environment: nothing is inherited from
	// the caller's. The runtime's own variables (AWS_LAMBDA_RUNTIME_API,
	// AWS_LAMBDA_FUNCTION_NAME, ...) are added.
	Env map[string]string
	// Timeout bounds one invocation (the template's Timeout).
	Timeout time.Duration
	// MemoryMB is reported as AWS_LAMBDA_FUNCTION_MEMORY_SIZE.
	MemoryMB int
	// Output receives the process's stdout and stderr (its logs).
	Output io.Writer
}

// invocation is one event waiting for, or being handled by, the process.
type invocation struct {
	id      string
	payload []byte
	done    chan result
}

type result struct {
	body []byte
	err  error
}

// Function is one running execution environment of a function.
type Function struct {
	cfg Config
	ln  net.Listener
	srv *http.Server

	mu      sync.Mutex // serialises invocations (one environment, one event at a time)
	queue   chan *invocation
	pmu     sync.Mutex
	proc    *exec.Cmd
	exited  chan struct{}
	initErr chan *FunctionError
	nextReq chan struct{} // a /next request arrived (the process is initialised)
	seq     int

	cmu     sync.Mutex
	current map[string]*invocation
}

// Start starts the Runtime API for cfg; the process itself starts on the
// first invocation (or with Init).
func Start(cfg Config) (*Function, error) {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 3 * time.Second
	}
	if cfg.Output == nil {
		cfg.Output = io.Discard
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("runtime api for %s: listen: %w", cfg.Name, err)
	}
	f := &Function{cfg: cfg, ln: ln, queue: make(chan *invocation), current: map[string]*invocation{},
		nextReq: make(chan struct{}, 1)}
	f.srv = &http.Server{Handler: http.HandlerFunc(f.serve), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = f.srv.Serve(ln) }()
	return f, nil
}

// Addr is the Runtime API's host:port (AWS_LAMBDA_RUNTIME_API).
func (f *Function) Addr() string { return f.ln.Addr().String() }

// Init starts the process if it is not running and waits until it asks for
// its first event: what Lambda bills as init. It returns how long that took.
func (f *Function) Init(ctx context.Context) (time.Duration, error) {
	f.pmu.Lock()
	defer f.pmu.Unlock()
	return f.ensureProcess(ctx)
}

func (f *Function) ensureProcess(ctx context.Context) (time.Duration, error) {
	if f.proc != nil {
		select {
		case <-f.exited:
			f.proc = nil
		default:
			return 0, nil
		}
	}
	select { // a stale signal from a previous process
	case <-f.nextReq:
	default:
	}
	env := make([]string, 0, len(f.cfg.Env)+8)
	for k, v := range f.cfg.Env {
		env = append(env, k+"="+v)
	}
	env = append(env,
		"AWS_LAMBDA_RUNTIME_API="+f.Addr(),
		"AWS_LAMBDA_FUNCTION_NAME="+f.cfg.Name,
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE="+strconv.Itoa(max(f.cfg.MemoryMB, 128)),
		"AWS_EXECUTION_ENV=AWS_Lambda_provided.al2023",
		"_HANDLER=bootstrap",
		"LAMBDA_TASK_ROOT=/var/task",
		"TZ=:UTC",
	)
	cmd := exec.Command(f.cfg.Binary)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = f.cfg.Output, f.cfg.Output
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("start %s: %w", f.cfg.Name, err)
	}
	exited := make(chan struct{})
	f.proc, f.exited, f.initErr = cmd, exited, make(chan *FunctionError, 1)
	go func() { _ = cmd.Wait(); close(exited) }()
	select {
	case <-f.nextReq:
		return time.Since(start), nil
	case e := <-f.initErr:
		return 0, e
	case <-exited:
		return 0, &FunctionError{Type: "Runtime.ExitError", Message: fmt.Sprintf("%s exited during init: %v", f.cfg.Name, cmd.ProcessState)}
	case <-ctx.Done():
		return 0, fmt.Errorf("init %s: %w", f.cfg.Name, ctx.Err())
	}
}

// Invoke hands payload to the function and returns its response, or a
// *FunctionError when the function reported one, crashed or timed out.
func (f *Function) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pmu.Lock()
	_, err := f.ensureProcess(ctx)
	exited := f.exited
	f.pmu.Unlock()
	if err != nil {
		return nil, err
	}
	f.seq++
	inv := &invocation{id: fmt.Sprintf("%s-%d", f.cfg.Name, f.seq), payload: payload, done: make(chan result, 1)}
	f.cmu.Lock()
	f.current[inv.id] = inv
	f.cmu.Unlock()
	defer func() {
		f.cmu.Lock()
		delete(f.current, inv.id)
		f.cmu.Unlock()
	}()
	timer := time.NewTimer(f.cfg.Timeout)
	defer timer.Stop()
	select {
	case f.queue <- inv:
	case <-exited:
		return nil, &FunctionError{Type: "Runtime.ExitError", Message: f.cfg.Name + " exited"}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case r := <-inv.done:
		return r.body, r.err
	case <-exited:
		return nil, &FunctionError{Type: "Runtime.ExitError", Message: f.cfg.Name + " exited while handling an event"}
	case <-timer.C:
		// Lambda stops a timed-out environment; the next event starts a new
		// one. The process is asked for its goroutines first (SIGQUIT: a Go
		// program prints them to its log), so a hang says where it was.
		f.quit()
		f.kill()
		return nil, &FunctionError{Type: "Sandbox.Timedout", Message: fmt.Sprintf("%s timed out after %s", f.cfg.Name, f.cfg.Timeout)}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// InvokeJSON marshals event, invokes, and unmarshals the response into out
// (nil: ignored).
func (f *Function) InvokeJSON(ctx context.Context, event, out any) error {
	b, err := json.Marshal(event)
	if err != nil {
		return fmt.Errorf("encode event for %s: %w", f.cfg.Name, err)
	}
	resp, err := f.Invoke(ctx, b)
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(resp, out); err != nil {
		return fmt.Errorf("decode %s's response: %w", f.cfg.Name, err)
	}
	return nil
}

func (f *Function) kill() {
	f.pmu.Lock()
	defer f.pmu.Unlock()
	if f.proc != nil && f.proc.Process != nil {
		_ = f.proc.Process.Kill()
		<-f.exited
		f.proc = nil
	}
}

// quitWait is how long a timed-out process has to print its goroutines
// and exit after SIGQUIT before it is killed.
const quitWait = 2 * time.Second

// quit sends SIGQUIT to the process and waits up to quitWait for it to
// end.
func (f *Function) quit() {
	f.pmu.Lock()
	proc, exited := f.proc, f.exited
	f.pmu.Unlock()
	if proc == nil || proc.Process == nil {
		return
	}
	if err := proc.Process.Signal(syscall.SIGQUIT); err != nil {
		return
	}
	select {
	case <-exited:
	case <-time.After(quitWait):
	}
}

// Close stops the process and the Runtime API.
func (f *Function) Close() error {
	f.kill()
	return f.srv.Close()
}

func (f *Function) serve(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, apiPrefix)
	switch {
	case r.Method == http.MethodGet && path == "/invocation/next":
		select {
		case f.nextReq <- struct{}{}:
		default:
		}
		select {
		case inv := <-f.queue:
			h := w.Header()
			h.Set("Lambda-Runtime-Aws-Request-Id", inv.id)
			h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(time.Now().Add(f.cfg.Timeout).UnixMilli(), 10))
			h.Set("Lambda-Runtime-Invoked-Function-Arn", f.cfg.ARN)
			h.Set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0")
			h.Set("Content-Type", "application/json")
			_, _ = w.Write(inv.payload)
		case <-r.Context().Done():
		}
	case r.Method == http.MethodPost && path == "/init/error":
		fe := readError(r)
		f.pmu.Lock()
		ch := f.initErr
		f.pmu.Unlock()
		if ch != nil {
			select {
			case ch <- fe:
			default:
			}
		}
		w.WriteHeader(http.StatusAccepted)
	case r.Method == http.MethodPost && strings.HasPrefix(path, "/invocation/"):
		rest := strings.TrimPrefix(path, "/invocation/")
		id, kind, _ := strings.Cut(rest, "/")
		f.cmu.Lock()
		inv := f.current[id]
		f.cmu.Unlock()
		if inv == nil {
			http.Error(w, `{"errorType":"InvalidRequestID"}`, http.StatusBadRequest)
			return
		}
		switch kind {
		case "response":
			body, err := io.ReadAll(r.Body)
			inv.done <- result{body: body, err: err}
		case "error":
			inv.done <- result{err: readError(r)}
		default:
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	default:
		http.NotFound(w, r)
	}
}

func readError(r *http.Request) *FunctionError {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	fe := &FunctionError{}
	if err := json.Unmarshal(body, fe); err != nil || fe.Type == "" && fe.Message == "" {
		fe = &FunctionError{Type: r.Header.Get("Lambda-Runtime-Function-Error-Type"), Message: string(bytes.TrimSpace(body))}
	}
	return fe
}

// IsFunctionError reports whether err is a function's own error (as
// opposed to the caller's context ending).
func IsFunctionError(err error) bool {
	var fe *FunctionError
	return errors.As(err, &fe)
}

// Environ returns the current process's environment as a map (for callers
// that want to pass some of it on, like PATH).
func Environ() map[string]string {
	m := map[string]string{}
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return m
}
