// Package stack runs doorstep's template.yaml on moto, the way CloudFormation
// and Lambda would run it in AWS, for the stack test (make test-stack).
//
// The template goes through the SAM translator (testdata/translate.py, the
// translator cfn-lint installs) into plain CloudFormation; Deploy creates its
// tables, queues, buckets, topics, secrets, state machines and roles on moto;
// each function's binary runs under a local Lambda Runtime API (pkg/lambdart)
// with exactly the environment the template gives it and credentials of its
// own role (sts:AssumeRole on moto, with moto's IAM enforcement on); and the
// event sources the template declares (HTTP API routes, SQS and DynamoDB
// Stream mappings, schedules, SES receipt rules) are emulated from the
// translated template, not from a list kept here.
package stack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Fixed values of the pseudo parameters.
const (
	Region    = "us-east-1"
	AccountID = "123456789012"
	StackName = "doorstep-stack-test"
	Partition = "aws"
)

// Template is a translated (plain CloudFormation) template.
type Template struct {
	Parameters map[string]struct {
		Type    string `json:"Type"`
		Default any    `json:"Default"`
	} `json:"Parameters"`
	Conditions map[string]any      `json:"Conditions"`
	Resources  map[string]Resource `json:"Resources"`
}

// Resource is one resource of a translated template.
type Resource struct {
	Type       string         `json:"Type"`
	Condition  string         `json:"Condition"`
	Properties map[string]any `json:"Properties"`
	DependsOn  any            `json:"DependsOn"`
}

// Translate runs the SAM translator on templatePath with params and returns
// the plain CloudFormation it makes.
func Translate(templatePath string, params map[string]string) (*Template, error) {
	pj, err := json.Marshal(params)
	if err != nil {
		return nil, err
	}
	pf := filepath.Join(os.TempDir(), fmt.Sprintf("stack-params-%d.json", os.Getpid()))
	if err := os.WriteFile(pf, pj, 0o600); err != nil {
		return nil, fmt.Errorf("write parameters: %w", err)
	}
	defer os.Remove(pf)
	var out, stderr bytes.Buffer
	cmd := exec.Command("python3", filepath.Join(testdataDir(), "translate.py"), templatePath, pf)
	cmd.Stdout, cmd.Stderr = &out, &stderr
	cmd.Env = append(os.Environ(), "AWS_REGION="+Region)
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("sam translator on %s: %v: %s", templatePath, err, strings.TrimSpace(stderr.String()))
	}
	var t Template
	if err := json.Unmarshal(out.Bytes(), &t); err != nil {
		return nil, fmt.Errorf("decode translated template: %w", err)
	}
	return &t, nil
}

// testdataDir is infra/stack/testdata, wherever the test runs from.
func testdataDir() string {
	if d := os.Getenv("STACK_TESTDATA"); d != "" {
		return d
	}
	wd, _ := os.Getwd()
	for dir := wd; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "infra", "stack", "testdata")
		}
	}
	return "testdata"
}

// OfType returns the logical ids of the resources of type typ (whose
// condition holds), sorted.
func (t *Template) OfType(r *Resolver, typ string) []string {
	var ids []string
	for id, res := range t.Resources {
		if res.Type == typ && r.Enabled(id) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// Resolver evaluates intrinsic functions against parameters and the
// physical ids and attributes of the resources created so far.
type Resolver struct {
	t      *Template
	Params map[string]string
	Refs   map[string]string            // logical id -> Ref value
	Attrs  map[string]map[string]string // logical id -> attribute -> value
	conds  map[string]bool
}

// NewResolver resolves t's parameters: params, else the template's defaults.
func NewResolver(t *Template, params map[string]string) (*Resolver, error) {
	r := &Resolver{t: t, Params: map[string]string{}, Refs: map[string]string{}, Attrs: map[string]map[string]string{}, conds: map[string]bool{}}
	for name, p := range t.Parameters {
		if v, ok := params[name]; ok {
			r.Params[name] = v
			continue
		}
		switch d := p.Default.(type) {
		case string:
			r.Params[name] = d
		case float64:
			r.Params[name] = strconv.FormatFloat(d, 'f', -1, 64)
		case nil:
			return nil, fmt.Errorf("parameter %s has no default and no test value", name)
		default:
			r.Params[name] = fmt.Sprint(d)
		}
	}
	for name := range t.Conditions {
		if _, err := r.condition(name); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Enabled reports whether resource id's condition holds (or it has none).
func (r *Resolver) Enabled(id string) bool {
	res, ok := r.t.Resources[id]
	if !ok {
		return false
	}
	return res.Condition == "" || r.conds[res.Condition]
}

func (r *Resolver) condition(name string) (bool, error) {
	if v, ok := r.conds[name]; ok {
		return v, nil
	}
	expr, ok := r.t.Conditions[name]
	if !ok {
		return false, fmt.Errorf("unknown condition %s", name)
	}
	v, err := r.boolean(expr)
	if err != nil {
		return false, fmt.Errorf("condition %s: %w", name, err)
	}
	r.conds[name] = v
	return v, nil
}

func (r *Resolver) boolean(expr any) (bool, error) {
	m, ok := expr.(map[string]any)
	if !ok || len(m) != 1 {
		return false, fmt.Errorf("not a condition: %v", expr)
	}
	for fn, arg := range m {
		args, _ := arg.([]any)
		switch fn {
		case "Fn::Not":
			v, err := r.boolean(args[0])
			return !v, err
		case "Fn::And", "Fn::Or":
			all := fn == "Fn::And"
			for _, a := range args {
				v, err := r.boolean(a)
				if err != nil {
					return false, err
				}
				if all != v {
					return v, nil
				}
			}
			return all, nil
		case "Fn::Equals":
			a, err := r.String(args[0])
			if err != nil {
				return false, err
			}
			b, err := r.String(args[1])
			return a == b, err
		case "Condition":
			return r.condition(arg.(string))
		}
		return false, fmt.Errorf("unsupported condition function %s", fn)
	}
	return false, nil
}

// noValue stands for AWS::NoValue: the property is removed.
type noValue struct{}

// Eval resolves every intrinsic function in v.
func (r *Resolver) Eval(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 {
			for k, arg := range x {
				if k == "Ref" || strings.HasPrefix(k, "Fn::") {
					return r.fn(k, arg)
				}
			}
		}
		out := map[string]any{}
		for k, e := range x {
			ev, err := r.Eval(e)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			if _, none := ev.(noValue); !none {
				out[k] = ev
			}
		}
		return out, nil
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			ev, err := r.Eval(e)
			if err != nil {
				return nil, err
			}
			if _, none := ev.(noValue); !none {
				out = append(out, ev)
			}
		}
		return out, nil
	}
	return v, nil
}

// String resolves v to a string.
func (r *Resolver) String(v any) (string, error) {
	ev, err := r.Eval(v)
	if err != nil {
		return "", err
	}
	switch s := ev.(type) {
	case string:
		return s, nil
	case float64:
		return strconv.FormatFloat(s, 'f', -1, 64), nil
	case bool:
		return strconv.FormatBool(s), nil
	}
	return "", fmt.Errorf("not a string: %v", ev)
}

func (r *Resolver) ref(name string) (string, error) {
	switch name {
	case "AWS::Region":
		return Region, nil
	case "AWS::AccountId":
		return AccountID, nil
	case "AWS::StackName":
		return StackName, nil
	case "AWS::Partition":
		return Partition, nil
	case "AWS::URLSuffix":
		return "amazonaws.com", nil
	case "AWS::StackId":
		return "arn:aws:cloudformation:" + Region + ":" + AccountID + ":stack/" + StackName + "/1", nil
	}
	if v, ok := r.Params[name]; ok {
		return v, nil
	}
	if v, ok := r.Refs[name]; ok {
		return v, nil
	}
	return "", fmt.Errorf("Ref %s: not created yet (or unknown)", name)
}

func (r *Resolver) getAtt(id, attr string) (string, error) {
	if v, ok := r.Attrs[id][attr]; ok {
		return v, nil
	}
	return "", fmt.Errorf("Fn::GetAtt %s.%s: unknown", id, attr)
}

func (r *Resolver) fn(name string, arg any) (any, error) {
	switch name {
	case "Ref":
		s, _ := arg.(string)
		if s == "AWS::NoValue" {
			return noValue{}, nil
		}
		return r.ref(s)
	case "Fn::GetAtt":
		var id, attr string
		switch a := arg.(type) {
		case []any:
			id, _ = a[0].(string)
			attr, _ = a[1].(string)
		case string:
			id, attr, _ = strings.Cut(a, ".")
		}
		return r.getAtt(id, attr)
	case "Fn::Sub":
		var tmpl string
		vars := map[string]string{}
		switch a := arg.(type) {
		case string:
			tmpl = a
		case []any:
			tmpl, _ = a[0].(string)
			if m, ok := a[1].(map[string]any); ok {
				for k, v := range m {
					s, err := r.String(v)
					if err != nil {
						return nil, fmt.Errorf("Fn::Sub variable %s: %w", k, err)
					}
					vars[k] = s
				}
			}
		}
		return r.sub(tmpl, vars)
	case "Fn::Join":
		a, _ := arg.([]any)
		sep, _ := a[0].(string)
		items, err := r.Eval(a[1])
		if err != nil {
			return nil, err
		}
		var parts []string
		for _, it := range items.([]any) {
			s, err := r.String(it)
			if err != nil {
				return nil, err
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, sep), nil
	case "Fn::If":
		a, _ := arg.([]any)
		c, err := r.condition(a[0].(string))
		if err != nil {
			return nil, err
		}
		if c {
			return r.Eval(a[1])
		}
		return r.Eval(a[2])
	case "Fn::Select":
		a, _ := arg.([]any)
		idx, err := r.String(a[0])
		if err != nil {
			return nil, err
		}
		i, _ := strconv.Atoi(idx)
		list, err := r.Eval(a[1])
		if err != nil {
			return nil, err
		}
		l, _ := list.([]any)
		if i < 0 || i >= len(l) {
			return nil, fmt.Errorf("Fn::Select %d out of range", i)
		}
		return l[i], nil
	case "Fn::Split":
		a, _ := arg.([]any)
		sep, _ := a[0].(string)
		s, err := r.String(a[1])
		if err != nil {
			return nil, err
		}
		var out []any
		for _, p := range strings.Split(s, sep) {
			out = append(out, p)
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported intrinsic %s", name)
}

func (r *Resolver) sub(tmpl string, vars map[string]string) (string, error) {
	var b strings.Builder
	for {
		i := strings.Index(tmpl, "${")
		if i < 0 {
			b.WriteString(tmpl)
			return b.String(), nil
		}
		b.WriteString(tmpl[:i])
		tmpl = tmpl[i+2:]
		if strings.HasPrefix(tmpl, "!") { // ${!Literal}
			j := strings.Index(tmpl, "}")
			b.WriteString("${" + tmpl[1:j] + "}")
			tmpl = tmpl[j+1:]
			continue
		}
		j := strings.Index(tmpl, "}")
		if j < 0 {
			return "", fmt.Errorf("Fn::Sub: unclosed ${")
		}
		name := tmpl[:j]
		tmpl = tmpl[j+1:]
		if v, ok := vars[name]; ok {
			b.WriteString(v)
			continue
		}
		var v string
		var err error
		if id, attr, ok := strings.Cut(name, "."); ok && !strings.HasPrefix(name, "AWS::") {
			v, err = r.getAtt(id, attr)
		} else {
			v, err = r.ref(name)
		}
		if err != nil {
			return "", err
		}
		b.WriteString(v)
	}
}

// Deps returns the resources v refers to (Ref, Fn::GetAtt, ${X} in Fn::Sub).
func (t *Template) Deps(v any) []string {
	seen := map[string]bool{}
	var walk func(any)
	add := func(name string) {
		if _, ok := t.Resources[name]; ok {
			seen[name] = true
		}
	}
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				switch k {
				case "Ref":
					if s, ok := e.(string); ok {
						add(s)
					}
				case "Fn::GetAtt":
					switch a := e.(type) {
					case []any:
						if s, ok := a[0].(string); ok {
							add(s)
						}
					case string:
						id, _, _ := strings.Cut(a, ".")
						add(id)
					}
				case "Fn::Sub":
					var s string
					switch a := e.(type) {
					case string:
						s = a
					case []any:
						s, _ = a[0].(string)
						walk(a[1])
					}
					for {
						i := strings.Index(s, "${")
						if i < 0 {
							break
						}
						s = s[i+2:]
						j := strings.Index(s, "}")
						if j < 0 {
							break
						}
						id, _, _ := strings.Cut(s[:j], ".")
						add(id)
						s = s[j+1:]
					}
				default:
					walk(e)
				}
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Order returns the enabled resources, each after everything it refers to.
func (t *Template) Order(r *Resolver) ([]string, error) {
	var order []string
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(id string) error
	visit = func(id string) error {
		switch state[id] {
		case 1:
			return fmt.Errorf("circular reference through %s", id)
		case 2:
			return nil
		}
		state[id] = 1
		res := t.Resources[id]
		deps := t.Deps(res.Properties)
		switch d := res.DependsOn.(type) {
		case string:
			deps = append(deps, d)
		case []any:
			for _, x := range d {
				if s, ok := x.(string); ok {
					deps = append(deps, s)
				}
			}
		}
		for _, d := range deps {
			if d == id || !r.Enabled(d) {
				continue
			}
			if err := visit(d); err != nil {
				return err
			}
		}
		state[id] = 2
		order = append(order, id)
		return nil
	}
	ids := make([]string, 0, len(t.Resources))
	for id := range t.Resources {
		if r.Enabled(id) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := visit(id); err != nil {
			return nil, err
		}
	}
	return order, nil
}
