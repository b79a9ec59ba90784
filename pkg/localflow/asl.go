package localflow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// The ASL subset this engine runs: exactly what infra/statemachines uses.
// Anything else in a definition (InputPath, OutputPath, ResultSelector,
// Parallel, Map, other Task resources, ...) is refused when it is loaded, so
// a definition change the engine cannot follow fails the tests instead of
// running differently here than in AWS.

// SQSCallback is the only Task resource: send a message and wait for its
// task token.
const SQSCallback = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"

type definition struct {
	Comment string            `json:"Comment"`
	StartAt string            `json:"StartAt"`
	States  map[string]*state `json:"States"`
}

type state struct {
	Type    string `json:"Type"`
	Comment string `json:"Comment"`
	Next    string `json:"Next"`
	End     bool   `json:"End"`

	// Wait
	Seconds       *int64 `json:"Seconds"`
	SecondsPath   string `json:"SecondsPath"`
	Timestamp     string `json:"Timestamp"`
	TimestampPath string `json:"TimestampPath"`

	// Task
	Resource           string         `json:"Resource"`
	Parameters         map[string]any `json:"Parameters"`
	TimeoutSeconds     *int64         `json:"TimeoutSeconds"`
	TimeoutSecondsPath string         `json:"TimeoutSecondsPath"`
	Retry              []retrier      `json:"Retry"`
	Catch              []catcher      `json:"Catch"`

	// Task, Pass
	ResultPath resultPath      `json:"ResultPath"`
	Result     json.RawMessage `json:"Result"`

	// Choice
	Choices []choiceRule `json:"Choices"`
	Default string       `json:"Default"`

	// Fail
	Error string `json:"Error"`
	Cause string `json:"Cause"`
}

// resultPath tells an absent ResultPath ("$": the result replaces the input)
// from a null one (the result is discarded).
type resultPath struct {
	set  bool
	null bool
	path string
}

func (r *resultPath) UnmarshalJSON(b []byte) error {
	r.set = true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		r.null = true
		return nil
	}
	return json.Unmarshal(b, &r.path)
}

type retrier struct {
	ErrorEquals     []string `json:"ErrorEquals"`
	IntervalSeconds *float64 `json:"IntervalSeconds"`
	MaxAttempts     *int     `json:"MaxAttempts"`
	BackoffRate     *float64 `json:"BackoffRate"`
	MaxDelaySeconds *float64 `json:"MaxDelaySeconds"`
	JitterStrategy  string   `json:"JitterStrategy"`
	Comment         string   `json:"Comment"`
}

// delay is the wait before retry number attempt (0 for the first retry),
// before jitter.
func (r retrier) delay(attempt int) time.Duration {
	interval, rate := 1.0, 2.0
	if r.IntervalSeconds != nil {
		interval = *r.IntervalSeconds
	}
	if r.BackoffRate != nil {
		rate = *r.BackoffRate
	}
	d := interval * math.Pow(rate, float64(attempt))
	if r.MaxDelaySeconds != nil && d > *r.MaxDelaySeconds {
		d = *r.MaxDelaySeconds
	}
	return time.Duration(d * float64(time.Second))
}

func (r retrier) maxAttempts() int {
	if r.MaxAttempts != nil {
		return *r.MaxAttempts
	}
	return 3
}

type catcher struct {
	ErrorEquals []string   `json:"ErrorEquals"`
	Next        string     `json:"Next"`
	ResultPath  resultPath `json:"ResultPath"`
	Comment     string     `json:"Comment"`
}

type choiceRule struct {
	Variable      string       `json:"Variable"`
	StringEquals  *string      `json:"StringEquals"`
	IsPresent     *bool        `json:"IsPresent"`
	BooleanEquals *bool        `json:"BooleanEquals"`
	NumericEquals *float64     `json:"NumericEquals"`
	And           []choiceRule `json:"And"`
	Or            []choiceRule `json:"Or"`
	Not           *choiceRule  `json:"Not"`
	Next          string       `json:"Next"`
	Comment       string       `json:"Comment"`
}

// errorMatches applies ASL's ErrorEquals rules: States.ALL matches any
// error, States.TaskFailed any but States.Timeout.
func errorMatches(equals []string, name string) bool {
	for _, e := range equals {
		switch {
		case e == "States.ALL", e == name:
			return true
		case e == "States.TaskFailed" && name != workflow.ErrNameTimeout:
			return true
		}
	}
	return false
}

// parse reads and checks a definition against the subset.
func parse(raw []byte) (*definition, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	var d definition
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("definition outside the subset localflow runs: %w", err)
	}
	if _, ok := d.States[d.StartAt]; !ok {
		return nil, fmt.Errorf("StartAt %q is not a state", d.StartAt)
	}
	for name, s := range d.States {
		if err := d.check(name, s); err != nil {
			return nil, fmt.Errorf("state %s: %w", name, err)
		}
	}
	return &d, nil
}

func (d *definition) exists(next string) error {
	if _, ok := d.States[next]; !ok {
		return fmt.Errorf("no state %q", next)
	}
	return nil
}

func (d *definition) check(name string, s *state) error {
	needNext := func() error {
		if s.End {
			return fmt.Errorf("End is not in the subset: end with a Succeed state")
		}
		return d.exists(s.Next)
	}
	switch s.Type {
	case "Wait":
		n := 0
		for _, set := range []bool{s.Seconds != nil, s.SecondsPath != "", s.Timestamp != "", s.TimestampPath != ""} {
			if set {
				n++
			}
		}
		if n != 1 {
			return fmt.Errorf("a Wait needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath")
		}
		return needNext()
	case "Task":
		if s.Resource != SQSCallback {
			return fmt.Errorf("resource %q: only %s is supported", s.Resource, SQSCallback)
		}
		body, ok := s.Parameters["MessageBody"].(map[string]any)
		if !ok {
			return fmt.Errorf("Parameters.MessageBody must be an object")
		}
		if step, _ := body["step"].(string); step == "" {
			return fmt.Errorf("MessageBody.step must name the step")
		}
		if body["task_token.$"] != "$$.Task.Token" {
			return fmt.Errorf(`MessageBody must carry "task_token.$": "$$.Task.Token"`)
		}
		if s.TimeoutSeconds != nil && s.TimeoutSecondsPath != "" {
			return fmt.Errorf("both TimeoutSeconds and TimeoutSecondsPath")
		}
		for _, r := range s.Retry {
			if len(r.ErrorEquals) == 0 {
				return fmt.Errorf("a Retry without ErrorEquals")
			}
			if r.JitterStrategy != "" && r.JitterStrategy != "FULL" && r.JitterStrategy != "NONE" {
				return fmt.Errorf("JitterStrategy %q", r.JitterStrategy)
			}
		}
		for _, c := range s.Catch {
			if len(c.ErrorEquals) == 0 {
				return fmt.Errorf("a Catch without ErrorEquals")
			}
			if err := d.exists(c.Next); err != nil {
				return fmt.Errorf("Catch: %w", err)
			}
		}
		return needNext()
	case "Pass":
		if len(s.Retry) > 0 || len(s.Catch) > 0 || s.Parameters != nil {
			return fmt.Errorf("Pass with Retry, Catch or Parameters is not supported")
		}
		return needNext()
	case "Choice":
		if len(s.Choices) == 0 {
			return fmt.Errorf("a Choice needs Choices")
		}
		for _, c := range s.Choices {
			if err := d.exists(c.Next); err != nil {
				return fmt.Errorf("Choices: %w", err)
			}
		}
		if s.Default != "" {
			return d.exists(s.Default)
		}
		return nil
	case "Succeed", "Fail":
		if s.Next != "" || s.End {
			return fmt.Errorf("%s states end the execution: no Next or End", s.Type)
		}
		return nil
	}
	return fmt.Errorf("type %q is not supported", s.Type)
}

// steps lists the step names a definition's Task states send.
func (d *definition) steps() []string {
	var out []string
	for _, s := range d.States {
		if s.Type != "Task" {
			continue
		}
		body, _ := s.Parameters["MessageBody"].(map[string]any)
		if step, _ := body["step"].(string); step != "" && !slices.Contains(out, step) {
			out = append(out, step)
		}
	}
	slices.Sort(out)
	return out
}

// StepsOf lists the step names a definition's Task states send, or why the
// definition is outside the subset.
func StepsOf(def []byte) ([]string, error) {
	d, err := parse(def)
	if err != nil {
		return nil, err
	}
	return d.steps(), nil
}

// --- JSON paths and values ---------------------------------------------------

// lookup reads a reference path ("$", "$.a.b") from v; ok is false when a
// field is missing.
func lookup(v any, path string) (any, bool, error) {
	if path == "$" {
		return v, true, nil
	}
	rest, ok := strings.CutPrefix(path, "$.")
	if !ok {
		return nil, false, fmt.Errorf("path %q: only $ and $.field.field paths are supported", path)
	}
	for _, f := range strings.Split(rest, ".") {
		if f == "" || strings.ContainsAny(f, "[]*'\"") {
			return nil, false, fmt.Errorf("path %q: only $ and $.field.field paths are supported", path)
		}
		m, isMap := v.(map[string]any)
		if !isMap {
			return nil, false, nil
		}
		if v, ok = m[f]; !ok {
			return nil, false, nil
		}
	}
	return v, true, nil
}

// setPath puts value at a ResultPath in data, returning the new data.
func setPath(data any, rp resultPath, value any) (any, error) {
	switch {
	case rp.null:
		return data, nil
	case !rp.set || rp.path == "$":
		return value, nil
	}
	rest, ok := strings.CutPrefix(rp.path, "$.")
	if !ok {
		return nil, fmt.Errorf("ResultPath %q: only $ and $.field.field paths are supported", rp.path)
	}
	root, ok := data.(map[string]any)
	if !ok {
		root = map[string]any{}
	}
	m := root
	fields := strings.Split(rest, ".")
	for i, f := range fields {
		if i == len(fields)-1 {
			m[f] = value
			break
		}
		next, ok := m[f].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[f] = next
		}
		m = next
	}
	return root, nil
}

// evalParams resolves a Parameters template: keys ending in ".$" take the
// value at their path, in the state's input ("$...") or the context object
// ("$$...").
func evalParams(tpl any, input, ctxObj any) (any, error) {
	switch t := tpl.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, v := range t {
			if name, ok := strings.CutSuffix(k, ".$"); ok {
				p, isStr := v.(string)
				if !isStr {
					return nil, fmt.Errorf("%s: a path must be a string", k)
				}
				src := input
				if rest, isCtx := strings.CutPrefix(p, "$$"); isCtx {
					src, p = ctxObj, "$"+rest
				}
				val, found, err := lookup(src, p)
				if err != nil {
					return nil, err
				}
				if !found {
					return nil, fmt.Errorf("%s: %s is not in the input", k, v)
				}
				out[name] = val
				continue
			}
			val, err := evalParams(v, input, ctxObj)
			if err != nil {
				return nil, err
			}
			out[k] = val
		}
		return out, nil
	case []any:
		out := make([]any, len(t))
		for i, v := range t {
			val, err := evalParams(v, input, ctxObj)
			if err != nil {
				return nil, err
			}
			out[i] = val
		}
		return out, nil
	}
	return tpl, nil
}

func (r choiceRule) eval(data any) (bool, error) {
	switch {
	case len(r.And) > 0:
		for _, c := range r.And {
			ok, err := c.eval(data)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case len(r.Or) > 0:
		for _, c := range r.Or {
			ok, err := c.eval(data)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case r.Not != nil:
		ok, err := r.Not.eval(data)
		return !ok, err
	}
	v, found, err := lookup(data, r.Variable)
	if err != nil {
		return false, err
	}
	switch {
	case r.IsPresent != nil:
		return found == *r.IsPresent, nil
	case !found:
		// AWS fails the execution when a compared Variable is missing;
		// the definitions only compare fields their tasks always set.
		return false, fmt.Errorf("States.Runtime: Choice variable %s is not in the input", r.Variable)
	case r.StringEquals != nil:
		s, ok := v.(string)
		return ok && s == *r.StringEquals, nil
	case r.BooleanEquals != nil:
		b, ok := v.(bool)
		return ok && b == *r.BooleanEquals, nil
	case r.NumericEquals != nil:
		n, ok := number(v)
		return ok && n == *r.NumericEquals, nil
	}
	return false, fmt.Errorf("choice rule on %s: no supported comparison", r.Variable)
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	case float64:
		return n, true
	}
	return 0, false
}
