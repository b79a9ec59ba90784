package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
)

// Task is what a Task state sends to the queue, as the definitions build it:
// {"step": ..., "execution.$": "$$.Execution.Name", "input.$": "$",
// "task_token.$": "$$.Task.Token"}.
type Task struct {
	Step      string          `json:"step"`
	Execution string          `json:"execution"`
	Input     json.RawMessage `json:"input"`
	Token     string          `json:"task_token"`
}

type taskKey struct{}

// WithTask returns ctx carrying the task being run.
func WithTask(ctx context.Context, t Task) context.Context {
	return context.WithValue(ctx, taskKey{}, t)
}

// TaskFrom returns the task being run, for handlers that keep its token.
func TaskFrom(ctx context.Context) (Task, bool) {
	t, ok := ctx.Value(taskKey{}).(Task)
	return t, ok
}

// StepFunc runs one step on its raw input.
type StepFunc func(ctx context.Context, input json.RawMessage) (json.RawMessage, error)

// Steps maps step names to handlers.
type Steps struct {
	m map[string]StepFunc
}

// NewSteps returns an empty registry.
func NewSteps() *Steps { return &Steps{m: map[string]StepFunc{}} }

// Handle registers a typed handler: the task's input is decoded into In
// (fields the state has gathered beyond In are ignored) and Out is encoded
// as the task's output. A second handler for a name replaces the first.
func Handle[In, Out any](s *Steps, name string, fn func(context.Context, In) (Out, error)) {
	s.m[name] = func(ctx context.Context, raw json.RawMessage) (json.RawMessage, error) {
		var in In
		if len(raw) > 0 {
			if err := json.Unmarshal(raw, &in); err != nil {
				return nil, &InputError{Step: name, Err: err}
			}
		}
		out, err := fn(ctx, in)
		if err != nil {
			return nil, err
		}
		b, err := json.Marshal(out)
		if err != nil {
			return nil, &InputError{Step: name, Err: fmt.Errorf("encode output: %w", err)}
		}
		return b, nil
	}
}

// Names lists the registered steps, sorted.
func (s *Steps) Names() []string {
	out := make([]string, 0, len(s.m))
	for n := range s.m {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Has reports whether a step is registered.
func (s *Steps) Has(name string) bool { _, ok := s.m[name]; return ok }

// Merge adds every step of o to s.
func (s *Steps) Merge(o *Steps) *Steps {
	for n, f := range o.m {
		s.m[n] = f
	}
	return s
}

// Run runs the task's step with the task in ctx. An unknown step is an
// InputError.
func (s *Steps) Run(ctx context.Context, t Task) (json.RawMessage, error) {
	f, ok := s.m[t.Step]
	if !ok {
		return nil, &InputError{Step: t.Step, Err: fmt.Errorf("no handler for step %q", t.Step)}
	}
	return f(WithTask(ctx, t), t.Input)
}
