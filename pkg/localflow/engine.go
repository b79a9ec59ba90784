// Package localflow is the local runner's workflow engine: a small
// interpreter of the Amazon States Language subset doorstep's definitions
// use (Wait, Task as an SQS callback, Choice, Pass, Succeed, Fail, with
// Retry, Catch and TimeoutSeconds), running the same .asl.json files as
// Step Functions does in AWS.
//
// A Task calls the machine's step handler directly, in process, with a task
// token, as the SQS worker would; a handler that keeps the token (it waits
// for a person or a customer) returns workflow.ErrDeferred and the task
// completes when someone calls SendTaskSuccess with it. Executions are
// store documents (collection workflow_executions, one per machine and
// name, so starts are idempotent by name); what is due later (a Wait, a
// retry, a task's timeout) is a document in workflow_timers whose id starts
// with the time, and Tick runs everything due. The local runner calls Tick
// whenever its clock moves.
package localflow

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// Store is what the engine keeps its executions in.
type Store interface {
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	CreateDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	GetDoc(ctx context.Context, coll, id string) ([]byte, error)
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
	DeleteDoc(ctx context.Context, coll, id string) error
}

// Collections the engine writes.
const (
	Executions = "workflow_executions"
	Timers     = "workflow_timers"
)

// Execution statuses, as Step Functions names them.
const (
	StatusRunning   = "RUNNING"
	StatusSucceeded = "SUCCEEDED"
	StatusFailed    = "FAILED"
	StatusAborted   = "ABORTED"
)

// keepFor is how long a finished execution is remembered (its name stays
// taken, as in Step Functions).
const keepFor = 90 * 24 * time.Hour

// maxTransitions bounds one run of an execution, against definitions that
// loop without waiting.
const maxTransitions = 1000

// Engine runs executions.
type Engine struct {
	Store Store
	Clock clock.Clock
	Log   *slog.Logger

	mu       sync.RWMutex
	machines map[workflow.Machine]*machine
	locks    sync.Map // execution id → *sync.Mutex
}

type machine struct {
	def   *definition
	steps *workflow.Steps
}

var _ workflow.Scheduler = (*Engine)(nil)

// New returns an engine with no machines.
func New(st Store, clk clock.Clock, log *slog.Logger) *Engine {
	if log == nil {
		log = slog.Default()
	}
	return &Engine{Store: st, Clock: clk, Log: log, machines: map[workflow.Machine]*machine{}}
}

// Register loads a machine's definition (after its substitutions) and the
// handlers of its steps. It refuses a definition outside the subset, and
// one that sends a step steps has no handler for.
func (e *Engine) Register(m workflow.Machine, def []byte, steps *workflow.Steps) error {
	d, err := parse(def)
	if err != nil {
		return fmt.Errorf("state machine %s: %w", m, err)
	}
	var missing []string
	for _, s := range d.steps() {
		if !steps.Has(s) {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("state machine %s: no handler for steps %s", m, strings.Join(missing, ", "))
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.machines == nil {
		e.machines = map[workflow.Machine]*machine{}
	}
	e.machines[m] = &machine{def: d, steps: steps}
	return nil
}

func (e *Engine) machine(m workflow.Machine) (*machine, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	mc, ok := e.machines[m]
	if !ok {
		return nil, fmt.Errorf("localflow: state machine %s is not registered", m)
	}
	return mc, nil
}

// Execution is one execution, as stored.
type Execution struct {
	Machine   workflow.Machine `json:"machine"`
	Name      string           `json:"name"`
	Input     json.RawMessage  `json:"input"`
	Status    string           `json:"status"`
	StartedAt time.Time        `json:"started_at"`
	StoppedAt *time.Time       `json:"stopped_at,omitempty"`
	Output    json.RawMessage  `json:"output,omitempty"`
	Error     string           `json:"error,omitempty"`
	Cause     string           `json:"cause,omitempty"`

	// State is the current state and Data its input.
	State     string          `json:"state"`
	EnteredAt time.Time       `json:"entered_at"`
	Data      json.RawMessage `json:"data"`
	// WakeAt is when a Wait ends, or when a Task is next tried.
	WakeAt *time.Time `json:"wake_at,omitempty"`
	// Token is the task token of the Task in flight; Deadline its timeout.
	Token    string     `json:"token,omitempty"`
	Deadline *time.Time `json:"deadline,omitempty"`
	// Attempts counts retries per retrier of the current state.
	Attempts []int `json:"attempts,omitempty"`
	// Timer is the id of the execution's document in workflow_timers.
	Timer string `json:"timer,omitempty"`
	// Path is the states entered, oldest first (at most the last 200).
	Path []string `json:"path"`
}

func execID(m workflow.Machine, name string) string { return string(m) + "|" + name }

// Start starts an execution; an existing execution of the same name makes
// it a no-op. The execution runs at once until it waits.
func (e *Engine) Start(ctx context.Context, m workflow.Machine, name string, input any) error {
	mc, err := e.machine(m)
	if err != nil {
		return err
	}
	if name == "" || len(name) > workflow.MaxNameLen || strings.ContainsAny(name, " #:/$&<>{}[]?*\"%\\^|~`,;") {
		return fmt.Errorf("localflow: execution name %q is not valid in Step Functions", name)
	}
	raw, err := json.Marshal(input)
	if err != nil {
		return fmt.Errorf("localflow: encode input: %w", err)
	}
	id := execID(m, name)
	unlock, err := e.lock(ctx, id)
	if err != nil {
		return err
	}
	defer unlock()
	now := e.Clock.Now()
	x := &Execution{Machine: m, Name: name, Input: raw, Status: StatusRunning, StartedAt: now,
		State: mc.def.StartAt, EnteredAt: now, Data: raw, Path: []string{mc.def.StartAt}}
	// Due at once: should this process stop before the first run ends,
	// the next Tick carries on.
	x.Timer = timerID(now, id)
	b, _ := json.Marshal(x)
	if err := e.Store.CreateDoc(ctx, Executions, id, b, time.Time{}); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return nil
		}
		return fmt.Errorf("localflow: start %s: %w", id, err)
	}
	if err := e.Store.PutDoc(ctx, Timers, x.Timer, []byte(id), time.Time{}); err != nil {
		return fmt.Errorf("localflow: start %s: %w", id, err)
	}
	e.Log.InfoContext(ctx, "workflow started", "machine", m, "execution", name)
	return e.run(ctx, mc, x, now)
}

// Describe returns an execution; store.ErrNotFound when there is none.
func (e *Engine) Describe(ctx context.Context, m workflow.Machine, name string) (Execution, error) {
	x, err := e.load(ctx, execID(m, name))
	if err != nil {
		return Execution{}, err
	}
	return *x, nil
}

// SendTaskSuccess completes the task waiting on token and runs the
// execution on until it waits again.
func (e *Engine) SendTaskSuccess(ctx context.Context, token string, output any) error {
	raw, err := json.Marshal(output)
	if err != nil {
		return fmt.Errorf("localflow: encode output: %w", err)
	}
	var v any
	if err := decode(raw, &v); err != nil {
		return fmt.Errorf("localflow: task output: %w", err)
	}
	return e.complete(ctx, token, func(mc *machine, x *Execution, st *state, data any, now time.Time) (any, error) {
		x.Token, x.Deadline = "", nil
		data, err := setPath(data, st.ResultPath, v)
		if err != nil {
			return nil, err
		}
		return data, e.transition(mc, x, st, now)
	})
}

// SendTaskFailure fails the task waiting on token with errName; the state's
// Retry and Catch apply.
func (e *Engine) SendTaskFailure(ctx context.Context, token, errName, cause string) error {
	return e.complete(ctx, token, func(mc *machine, x *Execution, st *state, data any, now time.Time) (any, error) {
		x.Token, x.Deadline = "", nil
		return e.fail(mc, x, st, data, errName, cause, now)
	})
}

func (e *Engine) complete(ctx context.Context, token string, apply func(*machine, *Execution, *state, any, time.Time) (any, error)) error {
	id, ok := tokenExec(token)
	if !ok {
		return workflow.ErrTaskGone
	}
	if advancing(ctx, id) {
		return fmt.Errorf("localflow: a step of %s completed its own task; return the output instead", id)
	}
	unlock, err := e.lock(ctx, id)
	if err != nil {
		return err
	}
	defer unlock()
	x, err := e.load(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return workflow.ErrTaskGone
	}
	if err != nil {
		return err
	}
	if x.Status != StatusRunning || x.Token != token {
		return workflow.ErrTaskGone
	}
	mc, err := e.machine(x.Machine)
	if err != nil {
		return err
	}
	now := e.Clock.Now()
	if x.Deadline != nil && !now.Before(*x.Deadline) {
		// Timed out already; the next Tick reports it.
		return workflow.ErrTaskGone
	}
	var data any
	if err := decode(x.Data, &data); err != nil {
		return fmt.Errorf("localflow: %s data: %w", id, err)
	}
	data, err = apply(mc, x, mc.def.States[x.State], data, now)
	if err != nil {
		return err
	}
	if x.Data, err = json.Marshal(data); err != nil {
		return err
	}
	return e.run(ctx, mc, x, now)
}

// Stop aborts an execution; no error when there is none or it has ended.
func (e *Engine) Stop(ctx context.Context, m workflow.Machine, name, cause string) error {
	id := execID(m, name)
	if advancing(ctx, id) {
		return fmt.Errorf("localflow: a step of %s stopped its own execution; return a StoppedError instead", id)
	}
	unlock, err := e.lock(ctx, id)
	if err != nil {
		return err
	}
	defer unlock()
	x, err := e.load(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if x.Status != StatusRunning {
		return nil
	}
	now := e.Clock.Now()
	x.Status, x.StoppedAt, x.Cause, x.Token, x.Deadline, x.WakeAt = StatusAborted, &now, cause, "", nil, nil
	e.Log.InfoContext(ctx, "workflow stopped", "machine", m, "execution", name)
	return e.save(ctx, x, nil)
}

// Tick runs every execution whose timer is due at now: Waits that have
// ended, retries, tasks that timed out, and runs an earlier failure cut
// short. It carries on past one execution's failure and returns them all.
func (e *Engine) Tick(ctx context.Context, now time.Time) error {
	var errs []error
	after := ""
	for {
		docs, err := e.Store.ListDocs(ctx, Timers, "", after, 100)
		if err != nil {
			return errors.Join(append(errs, fmt.Errorf("localflow: list timers: %w", err))...)
		}
		for _, d := range docs {
			at, id, ok := parseTimer(d.ID)
			if !ok {
				_ = e.Store.DeleteDoc(ctx, Timers, d.ID)
				continue
			}
			if at.After(now) {
				return errors.Join(errs...)
			}
			if err := e.wake(ctx, id, d.ID, now); err != nil {
				e.Log.ErrorContext(ctx, "workflow tick", "execution", id, "err", err)
				errs = append(errs, err)
			}
			after = d.ID
		}
		if len(docs) < 100 {
			return errors.Join(errs...)
		}
	}
}

func (e *Engine) wake(ctx context.Context, id, timer string, now time.Time) error {
	unlock, err := e.lock(ctx, id)
	if err != nil {
		return err
	}
	defer unlock()
	x, err := e.load(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return e.Store.DeleteDoc(ctx, Timers, timer)
	}
	if err != nil {
		return err
	}
	if x.Status != StatusRunning || x.Timer != timer {
		return e.Store.DeleteDoc(ctx, Timers, timer)
	}
	mc, err := e.machine(x.Machine)
	if err != nil {
		return err
	}
	return e.run(ctx, mc, x, now)
}

// run moves an execution through its states until it waits or ends, then
// saves it.
func (e *Engine) run(ctx context.Context, mc *machine, x *Execution, now time.Time) error {
	ctx = markAdvancing(ctx, execID(x.Machine, x.Name))
	var data any
	if err := decode(x.Data, &data); err != nil {
		return fmt.Errorf("localflow: %s data: %w", x.Name, err)
	}
	for n := 0; x.Status == StatusRunning; n++ {
		if n == maxTransitions {
			e.end(x, StatusFailed, "States.Runtime", "too many transitions without a wait", nil, now)
			break
		}
		st := mc.def.States[x.State]
		wait, err := e.step(ctx, mc, x, st, &data, now)
		if err != nil {
			return err
		}
		if wait != nil {
			return e.saveData(ctx, x, data, wait)
		}
	}
	return e.saveData(ctx, x, data, nil)
}

// step runs the current state once. It returns the time to wake at when
// the execution must wait.
func (e *Engine) step(ctx context.Context, mc *machine, x *Execution, st *state, data *any, now time.Time) (*time.Time, error) {
	switch st.Type {
	case "Pass":
		if len(st.Result) > 0 {
			var res any
			if err := decode(st.Result, &res); err != nil {
				return nil, err
			}
			d, err := setPath(*data, st.ResultPath, res)
			if err != nil {
				return nil, err
			}
			*data = d
		}
		return nil, e.transition(mc, x, st, now)

	case "Choice":
		for _, c := range st.Choices {
			ok, err := c.eval(*data)
			if err != nil {
				e.end(x, StatusFailed, "States.Runtime", err.Error(), nil, now)
				return nil, nil
			}
			if ok {
				return nil, e.enter(mc, x, c.Next, now)
			}
		}
		if st.Default == "" {
			e.end(x, StatusFailed, "States.NoChoiceMatched", "no choice rule matched and there is no Default", nil, now)
			return nil, nil
		}
		return nil, e.enter(mc, x, st.Default, now)

	case "Wait":
		if x.WakeAt == nil {
			at, err := waitUntil(st, *data, x.EnteredAt)
			if err != nil {
				e.end(x, StatusFailed, "States.Runtime", err.Error(), nil, now)
				return nil, nil
			}
			x.WakeAt = &at
		}
		if now.Before(*x.WakeAt) {
			return x.WakeAt, nil
		}
		x.WakeAt = nil
		return nil, e.transition(mc, x, st, now)

	case "Succeed":
		e.end(x, StatusSucceeded, "", "", *data, now)
		return nil, nil

	case "Fail":
		e.end(x, StatusFailed, st.Error, st.Cause, nil, now)
		return nil, nil

	case "Task":
		return e.task(ctx, mc, x, st, data, now)
	}
	return nil, fmt.Errorf("localflow: state %s: type %s", x.State, st.Type)
}

func (e *Engine) task(ctx context.Context, mc *machine, x *Execution, st *state, data *any, now time.Time) (*time.Time, error) {
	if x.Token != "" {
		// A task in flight: woken by its timeout, or by a run cut short.
		if x.Deadline != nil && now.Before(*x.Deadline) {
			return x.Deadline, nil
		}
		x.Token, x.Deadline = "", nil
		d, err := e.fail(mc, x, st, *data, workflow.ErrNameTimeout, "the task did not complete in time", now)
		*data = d
		return nil, err
	}
	if x.WakeAt != nil {
		if now.Before(*x.WakeAt) {
			return x.WakeAt, nil
		}
		x.WakeAt = nil
	}
	token, err := newToken(execID(x.Machine, x.Name))
	if err != nil {
		return nil, err
	}
	ctxObj := map[string]any{
		"Execution":    map[string]any{"Id": execID(x.Machine, x.Name), "Name": x.Name, "StartTime": workflow.Timestamp(x.StartedAt)},
		"StateMachine": map[string]any{"Name": string(x.Machine)},
		"State":        map[string]any{"Name": x.State, "EnteredTime": workflow.Timestamp(x.EnteredAt)},
		"Task":         map[string]any{"Token": token},
	}
	params, err := evalParams(st.Parameters, *data, ctxObj)
	if err != nil {
		e.end(x, StatusFailed, "States.Runtime", err.Error(), nil, now)
		return nil, nil
	}
	body, _ := params.(map[string]any)["MessageBody"].(map[string]any)
	t := workflow.Task{Token: token}
	t.Step, _ = body["step"].(string)
	t.Execution, _ = body["execution"].(string)
	if in, ok := body["input"]; ok {
		if t.Input, err = json.Marshal(in); err != nil {
			return nil, err
		}
	}
	timeout, err := taskTimeout(st, *data)
	if err != nil {
		e.end(x, StatusFailed, "States.Runtime", err.Error(), nil, now)
		return nil, nil
	}
	deadline := now.Add(timeout)
	x.Token, x.Deadline = token, &deadline
	// Saved before the step runs: a step that keeps the token must find
	// the execution waiting on it, and a crash mid-step times out and
	// retries like a lost message.
	if err := e.saveData(ctx, x, *data, &deadline); err != nil {
		return nil, err
	}
	out, err := mc.steps.Run(ctx, t)
	if errors.Is(err, workflow.ErrDeferred) {
		return &deadline, nil
	}
	x.Token, x.Deadline = "", nil
	if err != nil {
		name, cause := workflow.Classify(err)
		e.Log.Log(ctx, levelFor(name), "workflow task failed", "machine", x.Machine, "execution", x.Name, "step", t.Step, "error_name", name, "err", err)
		d, ferr := e.fail(mc, x, st, *data, name, cause, now)
		*data = d
		return nil, ferr
	}
	var v any
	if err := decode(out, &v); err != nil {
		return nil, err
	}
	d, err := setPath(*data, st.ResultPath, v)
	if err != nil {
		return nil, err
	}
	*data = d
	return nil, e.transition(mc, x, st, now)
}

func levelFor(errName string) slog.Level {
	if errName == workflow.ErrNameStopped {
		return slog.LevelInfo
	}
	return slog.LevelWarn
}

// fail applies a state's Retry, then its Catch, to an error; with neither
// matching, the execution fails.
func (e *Engine) fail(mc *machine, x *Execution, st *state, data any, name, cause string, now time.Time) (any, error) {
	for i, r := range st.Retry {
		if !errorMatches(r.ErrorEquals, name) {
			continue
		}
		for len(x.Attempts) <= i {
			x.Attempts = append(x.Attempts, 0)
		}
		if x.Attempts[i] < r.maxAttempts() {
			d := r.delay(x.Attempts[i])
			if r.JitterStrategy == "FULL" && d > 0 {
				d = time.Duration(rand.Int64N(int64(d) + 1))
			}
			x.Attempts[i]++
			at := now.Add(d)
			x.WakeAt = &at
			return data, nil
		}
		break // only the first matching retrier applies
	}
	for _, c := range st.Catch {
		if !errorMatches(c.ErrorEquals, name) {
			continue
		}
		d, err := setPath(data, c.ResultPath, map[string]any{"Error": name, "Cause": cause})
		if err != nil {
			return nil, err
		}
		return d, e.enter(mc, x, c.Next, now)
	}
	e.end(x, StatusFailed, name, cause, nil, now)
	return data, nil
}

func (e *Engine) transition(mc *machine, x *Execution, st *state, now time.Time) error {
	return e.enter(mc, x, st.Next, now)
}

func (e *Engine) enter(mc *machine, x *Execution, next string, now time.Time) error {
	if _, ok := mc.def.States[next]; !ok {
		return fmt.Errorf("localflow: no state %q", next)
	}
	x.State, x.EnteredAt, x.Attempts, x.WakeAt = next, now, nil, nil
	x.Path = append(x.Path, next)
	if len(x.Path) > 200 {
		x.Path = x.Path[len(x.Path)-200:]
	}
	return nil
}

func (e *Engine) end(x *Execution, status, errName, cause string, output any, now time.Time) {
	x.Status, x.StoppedAt, x.Error, x.Cause = status, &now, errName, cause
	x.Token, x.Deadline, x.WakeAt = "", nil, nil
	if output != nil {
		x.Output, _ = json.Marshal(output)
	}
	level := slog.LevelInfo
	if status == StatusFailed {
		level = slog.LevelWarn
	}
	e.Log.Log(context.Background(), level, "workflow ended", "machine", x.Machine, "execution", x.Name, "status", status, "error_name", errName)
}

func (e *Engine) saveData(ctx context.Context, x *Execution, data any, wake *time.Time) error {
	b, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("localflow: encode data: %w", err)
	}
	x.Data = b
	return e.save(ctx, x, wake)
}

// save writes the execution and moves its timer to wake (none when nil).
func (e *Engine) save(ctx context.Context, x *Execution, wake *time.Time) error {
	id := execID(x.Machine, x.Name)
	old := x.Timer
	x.Timer = ""
	if wake != nil && x.Status == StatusRunning {
		x.Timer = timerID(*wake, id)
	}
	if x.Timer != "" && x.Timer != old {
		if err := e.Store.PutDoc(ctx, Timers, x.Timer, []byte(id), time.Time{}); err != nil {
			return fmt.Errorf("localflow: timer for %s: %w", id, err)
		}
	}
	b, err := json.Marshal(x)
	if err != nil {
		return fmt.Errorf("localflow: encode %s: %w", id, err)
	}
	var expires time.Time
	if x.Status != StatusRunning && x.StoppedAt != nil {
		expires = x.StoppedAt.Add(keepFor)
	}
	if err := e.Store.PutDoc(ctx, Executions, id, b, expires); err != nil {
		return fmt.Errorf("localflow: save %s: %w", id, err)
	}
	if old != "" && old != x.Timer {
		if err := e.Store.DeleteDoc(ctx, Timers, old); err != nil {
			return fmt.Errorf("localflow: timer for %s: %w", id, err)
		}
	}
	return nil
}

func (e *Engine) load(ctx context.Context, id string) (*Execution, error) {
	b, err := e.Store.GetDoc(ctx, Executions, id)
	if err != nil {
		return nil, err
	}
	var x Execution
	if err := json.Unmarshal(b, &x); err != nil {
		return nil, fmt.Errorf("localflow: read %s: %w", id, err)
	}
	return &x, nil
}

func waitUntil(st *state, data any, entered time.Time) (time.Time, error) {
	switch {
	case st.Seconds != nil:
		return entered.Add(time.Duration(*st.Seconds) * time.Second), nil
	case st.Timestamp != "":
		return time.Parse(time.RFC3339, st.Timestamp)
	case st.SecondsPath != "":
		v, found, err := lookup(data, st.SecondsPath)
		if err != nil || !found {
			return time.Time{}, fmt.Errorf("SecondsPath %s: not in the input", st.SecondsPath)
		}
		n, ok := number(v)
		if !ok || n < 0 {
			return time.Time{}, fmt.Errorf("SecondsPath %s: not a non-negative number", st.SecondsPath)
		}
		return entered.Add(time.Duration(n) * time.Second), nil
	}
	v, found, err := lookup(data, st.TimestampPath)
	if err != nil || !found {
		return time.Time{}, fmt.Errorf("TimestampPath %s: not in the input", st.TimestampPath)
	}
	s, _ := v.(string)
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("TimestampPath %s: %q is not an RFC 3339 timestamp", st.TimestampPath, s)
	}
	return t, nil
}

// defaultTimeout is Step Functions' default TimeoutSeconds (99999999 s).
const defaultTimeout = 99999999 * time.Second

func taskTimeout(st *state, data any) (time.Duration, error) {
	switch {
	case st.TimeoutSeconds != nil:
		return time.Duration(*st.TimeoutSeconds) * time.Second, nil
	case st.TimeoutSecondsPath != "":
		v, found, err := lookup(data, st.TimeoutSecondsPath)
		if err != nil || !found {
			return 0, fmt.Errorf("TimeoutSecondsPath %s: not in the input", st.TimeoutSecondsPath)
		}
		n, ok := number(v)
		if !ok || n <= 0 || n != float64(int64(n)) {
			return 0, fmt.Errorf("TimeoutSecondsPath %s: not a positive integer", st.TimeoutSecondsPath)
		}
		return time.Duration(n) * time.Second, nil
	}
	return defaultTimeout, nil
}

func decode(raw []byte, v any) error {
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	return dec.Decode(v)
}

// --- timers, tokens, locks ---------------------------------------------------

// timerID sorts by time: 20 digits of Unix nanoseconds, then the execution.
func timerID(at time.Time, exec string) string {
	return fmt.Sprintf("%020d|%s", at.UnixNano(), exec)
}

func parseTimer(id string) (time.Time, string, bool) {
	ns, exec, ok := strings.Cut(id, "|")
	n, err := strconv.ParseInt(ns, 10, 64)
	if !ok || err != nil {
		return time.Time{}, "", false
	}
	return time.Unix(0, n).UTC(), exec, true
}

// A task token names its execution, so a completion finds it in one read:
// lf1.<hex execution id>.<random>.
func newToken(exec string) (string, error) {
	b := make([]byte, 12)
	if _, err := crand.Read(b); err != nil {
		return "", err
	}
	return "lf1." + hex.EncodeToString([]byte(exec)) + "." + hex.EncodeToString(b), nil
}

func tokenExec(token string) (string, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[0] != "lf1" {
		return "", false
	}
	b, err := hex.DecodeString(parts[1])
	if err != nil {
		return "", false
	}
	return string(b), true
}

// lock serialises work on one execution within this process.
func (e *Engine) lock(ctx context.Context, id string) (func(), error) {
	if advancing(ctx, id) {
		return nil, fmt.Errorf("localflow: %s is already being run by this call", id)
	}
	m, _ := e.locks.LoadOrStore(id, &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock, nil
}

type advancingKey struct{}

// markAdvancing records, in the context a step runs with, that this call
// chain is running an execution, so a step cannot deadlock on its own.
func markAdvancing(ctx context.Context, id string) context.Context {
	held, _ := ctx.Value(advancingKey{}).(map[string]bool)
	next := make(map[string]bool, len(held)+1)
	for k := range held {
		next[k] = true
	}
	next[id] = true
	return context.WithValue(ctx, advancingKey{}, next)
}

func advancing(ctx context.Context, id string) bool {
	held, _ := ctx.Value(advancingKey{}).(map[string]bool)
	return held[id]
}

// EraseShop deletes the executions whose documents name shop (their
// input carries it) with their timers, for shop/redact: their ids name
// the shop short or not at all, so store.Store.EraseShop leaves them. In
// AWS, Step Functions keeps its executions' history itself.
func (e *Engine) EraseShop(ctx context.Context, shop string) error {
	after := ""
	for {
		docs, err := e.Store.ListDocs(ctx, Executions, "", after, 100)
		if err != nil {
			return fmt.Errorf("localflow: erase shop: %w", err)
		}
		for _, d := range docs {
			after = d.ID
			if !store.NamesShop(string(d.Value), shop) {
				continue
			}
			var x Execution
			if json.Unmarshal(d.Value, &x) == nil && x.Timer != "" {
				if err := e.Store.DeleteDoc(ctx, Timers, x.Timer); err != nil {
					return fmt.Errorf("localflow: erase shop: %w", err)
				}
			}
			if err := e.Store.DeleteDoc(ctx, Executions, d.ID); err != nil {
				return fmt.Errorf("localflow: erase shop: %w", err)
			}
		}
		if len(docs) < 100 {
			return nil
		}
	}
}
