// Package workflow is the Scheduler port: long-running flows (post-delivery
// outreach, escalations with an SLA) that run on Step Functions in AWS
// (package sfn) and on an in-process engine locally (package localflow),
// from the same definitions (infra/statemachines).
//
// Each Task state sends a Task message ({step, execution, input,
// task_token}) to a queue; a Worker runs the step's typed handler from a
// Steps registry and reports the result with SendTaskSuccess or
// SendTaskFailure. A handler that must wait for a person or a customer keeps
// the task token and returns ErrDeferred; whoever answers later completes
// the task with the token. Errors a definition catches or retries are the
// named types below; the definition sees their Go type name.
package workflow

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"
)

// Machine names a state machine.
type Machine string

// The state machines (infra/statemachines/<name>.asl.json).
const (
	Outreach   Machine = "outreach"
	Escalation Machine = "escalation"
	// Promise keeps a follow-up promise made to a customer (package
	// promise): it waits until the promise is due, then checks and acts.
	Promise Machine = "promise"
)

// Scheduler runs state machine executions.
type Scheduler interface {
	// Start starts an execution of m named name with input (marshalled to
	// JSON). Names are idempotent: when an execution of that name exists
	// already, running or not, Start does nothing and returns nil.
	Start(ctx context.Context, m Machine, name string, input any) error
	// SendTaskSuccess completes the task waiting on token with output
	// (marshalled to JSON). ErrTaskGone when no task waits on it any more.
	SendTaskSuccess(ctx context.Context, token string, output any) error
	// SendTaskFailure fails the task waiting on token with the named error
	// (the definition may Retry or Catch errName). ErrTaskGone as above.
	SendTaskFailure(ctx context.Context, token, errName, cause string) error
	// Stop stops an execution; no error when it does not exist or has
	// ended.
	Stop(ctx context.Context, m Machine, name, cause string) error
}

// TaskCompleter is the part of a Scheduler a Worker needs.
type TaskCompleter interface {
	SendTaskSuccess(ctx context.Context, token string, output any) error
	SendTaskFailure(ctx context.Context, token, errName, cause string) error
}

var (
	// ErrTaskGone: the task token is unknown, timed out, or its task was
	// completed already. Whoever answers late has nothing left to do.
	ErrTaskGone = errors.New("workflow: no task waits on this token")
	// ErrDeferred, returned by a step handler, means the task stays open:
	// the handler kept the token and someone completes it later.
	ErrDeferred = errors.New("workflow: task completes later")
)

// Named errors. A definition refers to them by type name: Retry on
// TransientError, Catch StoppedError and ActionFailedError.

// TransientError is a failure that may pass: the store or a mail server was
// unavailable. The definitions retry it with backoff and jitter. A step's
// other, unnamed errors are reported as TransientError too.
type TransientError struct {
	Step string
	Err  error
}

func (e *TransientError) Error() string { return "step " + e.Step + " failed: " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *TransientError) Unwrap() error { return e.Err }

// StoppedError ends a flow quietly: the order was refunded, returned or
// cancelled, or the customer opted out.
type StoppedError struct {
	Reason string // short, no personal data: it lands in the execution history
}

func (e *StoppedError) Error() string { return "stopped: " + e.Reason }

// ActionFailedError is an approved write the shop refused; retrying will
// not help.
type ActionFailedError struct {
	Reason string // short, no personal data
	// Refused is set when policy no longer allows the action (the order
	// shipped meanwhile, a newer request replaced it): Reason is then fit
	// for the customer, and nobody needs to follow up.
	Refused bool
}

func (e *ActionFailedError) Error() string { return "action failed: " + e.Reason }

// InputError is a task whose input the step cannot read: a bug, not
// something a retry fixes. No definition catches it, so the execution fails
// and shows up in the failed-executions metric.
type InputError struct {
	Step string
	Err  error
}

func (e *InputError) Error() string { return "step " + e.Step + ": bad input: " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *InputError) Unwrap() error { return e.Err }

// Error names, as the definitions spell them.
const (
	ErrNameTransient    = "TransientError"
	ErrNameStopped      = "StoppedError"
	ErrNameActionFailed = "ActionFailedError"
	ErrNameInput        = "InputError"
	// ErrNameTimeout is Step Functions' own: a task ran past its
	// TimeoutSeconds.
	ErrNameTimeout = "States.Timeout"
)

// Classify names a step's error for SendTaskFailure: the Go type name of a
// named error (as aws-lambda-go would report it), else TransientError. The
// cause is the named error's message (written to be free of personal data)
// or "internal error" for anything else; log the detail instead.
func Classify(err error) (name, cause string) {
	var (
		stopped *StoppedError
		failed  *ActionFailedError
		input   *InputError
		trans   *TransientError
	)
	switch {
	case errors.As(err, &stopped):
		return ErrNameStopped, stopped.Error()
	case errors.As(err, &failed):
		return ErrNameActionFailed, failed.Error()
	case errors.As(err, &input):
		return ErrNameInput, "step " + input.Step + ": bad input"
	case errors.As(err, &trans):
		return ErrNameTransient, "step " + trans.Step + " failed"
	}
	return ErrNameTransient, "internal error"
}

// MaxNameLen is Step Functions' limit on execution names.
const MaxNameLen = 80

// ExecutionName derives an execution name from parts: each part cleaned to
// letters, digits, '-' and '_' (what Step Functions and CloudWatch accept;
// no '#', spaces, ':', '/', '$', '&'), joined with '-', then a short hash
// of the raw parts, so two different inputs never share a name and the same
// input always gives the same one.
func ExecutionName(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	suffix := hex.EncodeToString(sum[:4])
	var b strings.Builder
	for _, p := range parts {
		c := clean(p)
		if c == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(c)
	}
	readable := b.String()
	if max := MaxNameLen - len(suffix) - 1; len(readable) > max {
		readable = strings.TrimRight(readable[:max], "-")
	}
	if readable == "" {
		return suffix
	}
	return readable + "-" + suffix
}

func clean(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_'
		if ok {
			b.WriteRune(r)
			dash = false
			continue
		}
		if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}

// Timestamp formats t as a Wait state's TimestampPath wants it: RFC 3339
// in UTC with a Z, whole seconds.
func Timestamp(t time.Time) string { return t.UTC().Truncate(time.Second).Format(time.RFC3339) }

// ParseTimestamp reads a Timestamp.
func ParseTimestamp(s string) (time.Time, error) { return time.Parse(time.RFC3339, s) }
