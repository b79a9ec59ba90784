package localflow_test

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/infra/statemachines"
	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/localflow"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

var t0 = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func newEngine(t *testing.T) (*localflow.Engine, *clock.Manual) {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clk := clock.NewFixed(t0)
	return localflow.New(st, clk, nil), clk
}

// callback is a definition shaped like doorstep's: a Wait, a callback Task
// whose answer a Choice reads, retries and catches.
const callback = `{
  "StartAt": "Wait",
  "States": {
    "Wait": {"Type": "Wait", "TimestampPath": "$.at", "Next": "Ask"},
    "Ask": {
      "Type": "Task",
      "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      "Parameters": {"QueueUrl": "local", "MessageBody": {"step": "ask", "execution.$": "$$.Execution.Name", "input.$": "$", "task_token.$": "$$.Task.Token"}},
      "TimeoutSecondsPath": "$.timeout",
      "ResultPath": "$.answer",
      "Retry": [{"ErrorEquals": ["TransientError"], "IntervalSeconds": 60, "BackoffRate": 2, "MaxAttempts": 2, "JitterStrategy": "FULL"}],
      "Catch": [
        {"ErrorEquals": ["StoppedError"], "ResultPath": "$.stopped", "Next": "Stopped"},
        {"ErrorEquals": ["States.Timeout"], "ResultPath": null, "Next": "NoAnswer"}
      ],
      "Next": "Route"
    },
    "NoAnswer": {"Type": "Pass", "Result": {"sentiment": "none"}, "ResultPath": "$.answer", "Next": "Route"},
    "Route": {
      "Type": "Choice",
      "Choices": [
        {"Variable": "$.answer.sentiment", "StringEquals": "happy", "Next": "Happy"},
        {"And": [{"Variable": "$.answer.sentiment", "StringEquals": "unhappy"}, {"Not": {"Variable": "$.vip", "IsPresent": true}}], "Next": "Unhappy"}
      ],
      "Default": "Done"
    },
    "Happy": {
      "Type": "Task",
      "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      "Parameters": {"QueueUrl": "local", "MessageBody": {"step": "happy", "input.$": "$", "task_token.$": "$$.Task.Token"}},
      "TimeoutSeconds": 300,
      "ResultPath": "$.happy",
      "Next": "Done"
    },
    "Unhappy": {"Type": "Fail", "Error": "Unhappy", "Cause": "customer unhappy"},
    "Stopped": {"Type": "Succeed"},
    "Done": {"Type": "Succeed"}
  }
}`

type askIn struct {
	At      string `json:"at"`
	Timeout int    `json:"timeout"`
}

type recorder struct {
	mu     sync.Mutex
	tokens []string
	calls  []string
	asks   func(ctx context.Context, in askIn) (map[string]string, error)
}

func (r *recorder) steps() *workflow.Steps {
	s := workflow.NewSteps()
	workflow.Handle(s, "ask", func(ctx context.Context, in askIn) (map[string]string, error) {
		t, _ := workflow.TaskFrom(ctx)
		r.mu.Lock()
		r.calls = append(r.calls, "ask "+t.Execution)
		r.tokens = append(r.tokens, t.Token)
		r.mu.Unlock()
		if r.asks != nil {
			return r.asks(ctx, in)
		}
		return nil, workflow.ErrDeferred
	})
	workflow.Handle(s, "happy", func(ctx context.Context, in map[string]any) (map[string]bool, error) {
		r.mu.Lock()
		r.calls = append(r.calls, "happy")
		r.mu.Unlock()
		return map[string]bool{"sent": true}, nil
	})
	return s
}

func (r *recorder) lastToken() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.tokens[len(r.tokens)-1]
}

func register(t *testing.T, e *localflow.Engine, r *recorder) {
	t.Helper()
	if err := e.Register("test", []byte(callback), r.steps()); err != nil {
		t.Fatal(err)
	}
}

func describe(t *testing.T, e *localflow.Engine, name string) localflow.Execution {
	t.Helper()
	x, err := e.Describe(context.Background(), "test", name)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func tick(t *testing.T, e *localflow.Engine, clk *clock.Manual, d time.Duration) {
	t.Helper()
	if err := e.Tick(context.Background(), clk.Advance(d)); err != nil {
		t.Fatalf("tick: %v", err)
	}
}

func TestWaitCallbackChoice(t *testing.T) {
	ctx := context.Background()
	e, clk := newEngine(t)
	r := &recorder{}
	register(t, e, r)
	in := askIn{At: workflow.Timestamp(t0.Add(48 * time.Hour)), Timeout: 3600}
	if err := e.Start(ctx, "test", "x1", in); err != nil {
		t.Fatal(err)
	}
	if got := describe(t, e, "x1"); got.State != "Wait" || got.Status != localflow.StatusRunning {
		t.Fatalf("after start: %s %s, want RUNNING in Wait", got.Status, got.State)
	}
	tick(t, e, clk, 47*time.Hour)
	if len(r.calls) != 0 {
		t.Fatalf("the task ran before the wait ended: %v", r.calls)
	}
	tick(t, e, clk, time.Hour)
	if diff := cmp.Diff([]string{"ask x1"}, r.calls); diff != "" {
		t.Fatalf("calls (-want +got):\n%s", diff)
	}
	if err := e.SendTaskSuccess(ctx, r.lastToken(), map[string]string{"sentiment": "happy"}); err != nil {
		t.Fatal(err)
	}
	x := describe(t, e, "x1")
	if x.Status != localflow.StatusSucceeded {
		t.Fatalf("status %s in %s, want SUCCEEDED", x.Status, x.State)
	}
	if diff := cmp.Diff([]string{"Wait", "Ask", "Route", "Happy", "Done"}, x.Path); diff != "" {
		t.Errorf("path (-want +got):\n%s", diff)
	}
	var out struct {
		Answer map[string]string `json:"answer"`
		Happy  map[string]bool   `json:"happy"`
		At     string            `json:"at"`
	}
	if err := json.Unmarshal(x.Output, &out); err != nil {
		t.Fatal(err)
	}
	if out.Answer["sentiment"] != "happy" || !out.Happy["sent"] || out.At != in.At {
		t.Errorf("output %s: want the input with answer and happy added", x.Output)
	}
	if err := e.SendTaskSuccess(ctx, r.lastToken(), map[string]string{"sentiment": "happy"}); !errors.Is(err, workflow.ErrTaskGone) {
		t.Errorf("second SendTaskSuccess: %v, want ErrTaskGone", err)
	}
}

func TestTimeoutIsCaught(t *testing.T) {
	ctx := context.Background()
	e, clk := newEngine(t)
	r := &recorder{}
	register(t, e, r)
	if err := e.Start(ctx, "test", "x", askIn{At: workflow.Timestamp(t0), Timeout: 3600}); err != nil {
		t.Fatal(err)
	}
	if len(r.calls) != 1 {
		t.Fatalf("a wait in the past should not wait: calls %v", r.calls)
	}
	tick(t, e, clk, 59*time.Minute)
	if x := describe(t, e, "x"); x.State != "Ask" {
		t.Fatalf("state %s before the timeout, want Ask", x.State)
	}
	tick(t, e, clk, time.Minute)
	x := describe(t, e, "x")
	if x.Status != localflow.StatusSucceeded || !strings.Contains(strings.Join(x.Path, ","), "Ask,NoAnswer,Route,Done") {
		t.Fatalf("%s via %v, want SUCCEEDED via NoAnswer", x.Status, x.Path)
	}
	if err := e.SendTaskSuccess(ctx, r.lastToken(), map[string]string{"sentiment": "happy"}); !errors.Is(err, workflow.ErrTaskGone) {
		t.Errorf("a late answer: %v, want ErrTaskGone", err)
	}
}

func TestRetryWithBackoffThenCatch(t *testing.T) {
	ctx := context.Background()
	e, clk := newEngine(t)
	fails := 0
	r := &recorder{asks: func(context.Context, askIn) (map[string]string, error) {
		fails++
		if fails <= 2 {
			return nil, errors.New("store unavailable") // unnamed: reported as TransientError
		}
		return nil, &workflow.StoppedError{Reason: "order refunded"}
	}}
	register(t, e, r)
	if err := e.Start(ctx, "test", "x", askIn{At: workflow.Timestamp(t0), Timeout: 3600}); err != nil {
		t.Fatal(err)
	}
	if len(r.calls) != 1 {
		t.Fatalf("calls %v, want 1 attempt", r.calls)
	}
	// Retry 1 within 60 s (full jitter), retry 2 within 120 s.
	tick(t, e, clk, 60*time.Second)
	if len(r.calls) != 2 {
		t.Fatalf("calls %v after 60s, want 2 attempts", r.calls)
	}
	tick(t, e, clk, 120*time.Second)
	if len(r.calls) != 3 {
		t.Fatalf("calls %v after 180s, want 3 attempts", r.calls)
	}
	x := describe(t, e, "x")
	if x.Status != localflow.StatusSucceeded || x.Path[len(x.Path)-1] != "Stopped" {
		t.Fatalf("%s via %v, want SUCCEEDED in Stopped", x.Status, x.Path)
	}
	var out map[string]map[string]string
	_ = json.Unmarshal(x.Output, &out)
	if out["stopped"]["Error"] != "StoppedError" || out["stopped"]["Cause"] != "stopped: order refunded" {
		t.Errorf("catch result %v", out["stopped"])
	}
}

func TestRetriesExhaustedFails(t *testing.T) {
	ctx := context.Background()
	e, clk := newEngine(t)
	r := &recorder{asks: func(context.Context, askIn) (map[string]string, error) {
		return nil, &workflow.TransientError{Step: "ask", Err: errors.New("down")}
	}}
	register(t, e, r)
	if err := e.Start(ctx, "test", "x", askIn{At: workflow.Timestamp(t0), Timeout: 3600}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		tick(t, e, clk, 10*time.Minute)
	}
	x := describe(t, e, "x")
	if x.Status != localflow.StatusFailed || x.Error != "TransientError" || len(r.calls) != 3 {
		t.Fatalf("%s %s after %d calls, want FAILED TransientError after 3", x.Status, x.Error, len(r.calls))
	}
}

func TestFailureFromOutside(t *testing.T) {
	ctx := context.Background()
	e, _ := newEngine(t)
	r := &recorder{}
	register(t, e, r)
	if err := e.Start(ctx, "test", "x", askIn{At: workflow.Timestamp(t0), Timeout: 3600}); err != nil {
		t.Fatal(err)
	}
	if err := e.SendTaskFailure(ctx, r.lastToken(), "StoppedError", "customer opted out"); err != nil {
		t.Fatal(err)
	}
	if x := describe(t, e, "x"); x.Status != localflow.StatusSucceeded || x.Path[len(x.Path)-1] != "Stopped" {
		t.Fatalf("%s via %v, want Stopped", x.Status, x.Path)
	}
}

func TestUnmatchedChoiceRunsToFail(t *testing.T) {
	ctx := context.Background()
	e, _ := newEngine(t)
	r := &recorder{}
	register(t, e, r)
	if err := e.Start(ctx, "test", "x", askIn{At: workflow.Timestamp(t0), Timeout: 3600}); err != nil {
		t.Fatal(err)
	}
	if err := e.SendTaskSuccess(ctx, r.lastToken(), map[string]string{"sentiment": "unhappy"}); err != nil {
		t.Fatal(err)
	}
	if x := describe(t, e, "x"); x.Status != localflow.StatusFailed || x.Error != "Unhappy" {
		t.Fatalf("%s %s, want FAILED Unhappy", x.Status, x.Error)
	}
}

func TestStartIsIdempotentByName(t *testing.T) {
	ctx := context.Background()
	e, _ := newEngine(t)
	r := &recorder{}
	register(t, e, r)
	in := askIn{At: workflow.Timestamp(t0), Timeout: 3600}
	for i := 0; i < 3; i++ {
		if err := e.Start(ctx, "test", "same", in); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Start(ctx, "test", "same", askIn{At: workflow.Timestamp(t0), Timeout: 60}); err != nil {
		t.Fatal(err)
	}
	if len(r.calls) != 1 {
		t.Errorf("calls %v, want one execution's one task", r.calls)
	}
	if err := e.Start(ctx, "test", "bad#name", in); err == nil {
		t.Error("a name with # was accepted")
	}
}

func TestStop(t *testing.T) {
	ctx := context.Background()
	e, clk := newEngine(t)
	r := &recorder{}
	register(t, e, r)
	if err := e.Start(ctx, "test", "x", askIn{At: workflow.Timestamp(t0.Add(time.Hour)), Timeout: 60}); err != nil {
		t.Fatal(err)
	}
	if err := e.Stop(ctx, "test", "x", "order refunded"); err != nil {
		t.Fatal(err)
	}
	tick(t, e, clk, 48*time.Hour)
	x := describe(t, e, "x")
	if x.Status != localflow.StatusAborted || len(r.calls) != 0 {
		t.Fatalf("%s with calls %v, want ABORTED and nothing run", x.Status, r.calls)
	}
	if err := e.Stop(ctx, "test", "x", "again"); err != nil {
		t.Errorf("second stop: %v", err)
	}
	if err := e.Stop(ctx, "test", "nope", "x"); err != nil {
		t.Errorf("stop of nothing: %v", err)
	}
	if err := e.Start(ctx, "test", "x", askIn{At: workflow.Timestamp(t0), Timeout: 60}); err != nil || len(r.calls) != 0 {
		t.Errorf("restart of a stopped name: %v, calls %v; want the name to stay taken", err, r.calls)
	}
}

func TestStepCannotCompleteItsOwnTask(t *testing.T) {
	ctx := context.Background()
	e, _ := newEngine(t)
	var selfErr error
	r := &recorder{}
	r.asks = func(ctx context.Context, _ askIn) (map[string]string, error) {
		t, _ := workflow.TaskFrom(ctx)
		selfErr = e.SendTaskSuccess(ctx, t.Token, map[string]string{"sentiment": "happy"})
		return nil, workflow.ErrDeferred
	}
	register(t, e, r)
	done := make(chan error, 1)
	go func() { done <- e.Start(ctx, "test", "x", askIn{At: workflow.Timestamp(t0), Timeout: 60}) }()
	// A deadlock would block Start forever: wait for it until shortly
	// before the test's deadline (not a fixed time a slow machine can miss).
	var timeout <-chan time.Time
	if d, ok := t.Deadline(); ok {
		timer := time.NewTimer(time.Until(d) - 5*time.Second)
		defer timer.Stop()
		timeout = timer.C
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-timeout:
		t.Fatal("deadlock: a step completing its own task blocked")
	}
	if selfErr == nil || !strings.Contains(selfErr.Error(), "its own task") {
		t.Errorf("self-completion: %v, want a clear error", selfErr)
	}
}

func TestRegisterRefusesWhatItCannotRun(t *testing.T) {
	e, _ := newEngine(t)
	r := &recorder{}
	tests := []struct {
		name, def, want string
	}{
		{"input path", strings.Replace(callback, `"Type": "Wait",`, `"Type": "Wait", "InputPath": "$.x",`, 1), "InputPath"},
		{"parallel", `{"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [], "Next": "D"}, "D": {"Type": "Succeed"}}}`, "Branches"},
		{"lambda", strings.Replace(callback, "sqs:sendMessage.waitForTaskToken", "lambda:invoke", 1), "only arn:aws:states:::sqs"},
		{"end", `{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "End": true}}}`, "End is not in the subset"},
		{"missing next", `{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "Next": "Nope"}}}`, `no state "Nope"`},
		{"no token", strings.Replace(callback, `"task_token.$": "$$.Task.Token"}},
      "TimeoutSecondsPath"`, `"token": "x"}},
      "TimeoutSecondsPath"`, 1), "task_token"},
		{"unknown step", strings.Replace(callback, `"step": "happy"`, `"step": "sad"`, 1), "no handler for steps sad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := e.Register("test", []byte(tt.def), r.steps())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Register: %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestDoorstepDefinitionsLoad checks the engine runs the very files
// template.yaml deploys, and lists the steps each sends.
func TestDoorstepDefinitionsLoad(t *testing.T) {
	want := map[string][]string{
		statemachines.Outreach:   {"check_in", "request_review", "resolve", "suggest"},
		statemachines.Escalation: {"action_failed", "await_person", "decline", "expire", "open", "run_action", "sla_breach"},
		statemachines.Promise:    {"keep_promise"},
	}
	for _, name := range statemachines.Names() {
		def, err := statemachines.Definition(name, localflow.Substitutions)
		if err != nil {
			t.Fatal(err)
		}
		steps, err := localflow.StepsOf(def)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := cmp.Diff(want[name], steps); diff != "" {
			t.Errorf("%s steps (-want +got):\n%s", name, diff)
		}
	}
}
