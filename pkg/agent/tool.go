package agent

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
)

// Tool is one tool, in one file (tool_<name>.go): its spec (the input
// schema derived from its typed input), its handler, and for a write tool
// its policy check and its execution of a stored proposal. Each file
// registers its tool in init; the model sees them sorted by name.
type Tool struct {
	Spec ToolSpec
	run  func(ctx context.Context, s *session, raw json.RawMessage) (any, bool, error)
	// Write is set for tools that change something in the shop.
	Write *Write
	// phases are where the tool is offered (offer.go); none: everywhere.
	phases Phase
}

// Write is what a write tool adds: the policy check and the execution of
// a proposal it made.
type Write struct {
	// Check is the merchant's policy on p for order o at now: refuse,
	// approval by a person, or allow.
	Check func(pol policy.Policy, o order.Order, p conversation.Proposal, now time.Time) policy.Decision
	// Execute does exactly p to order o, once: the caller has claimed p's
	// id. detail is a short account for the record ("return 123").
	Execute func(ctx context.Context, a *Agent, o order.Order, p conversation.Proposal) (detail string, err error)
	// Done is the tool result that tells the model p ran.
	Done func(p conversation.Proposal, detail string) map[string]any
}

// newTool makes a tool whose input is In: its JSON Schema is derived from
// In's fields (json names; "omitempty" fields are optional; a `desc` tag
// describes a field), and the model's input is decoded strictly into In
// before fn sees it.
func newTool[In any](name, description string, fn func(s *session, ctx context.Context, in In) (any, bool, error)) *Tool {
	var zero In
	t := &Tool{Spec: ToolSpec{Name: name, Description: description, Schema: schemaOf(reflect.TypeOf(zero))}}
	t.run = func(ctx context.Context, s *session, raw json.RawMessage) (any, bool, error) {
		var in In
		dec := json.NewDecoder(strings.NewReader(string(raw)))
		dec.DisallowUnknownFields()
		if len(raw) == 0 || dec.Decode(&in) != nil {
			r, e := fail("bad_input", "the tool input was not valid for "+name)
			return r, e, nil
		}
		return fn(s, ctx, in)
	}
	return t
}

var (
	registryMu sync.Mutex
	registry   = map[string]*Tool{}
)

// register adds a tool; tool files call it from init.
func register(t *Tool) *Tool {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[t.Spec.Name]; dup {
		panic("agent: tool registered twice: " + t.Spec.Name)
	}
	registry[t.Spec.Name] = t
	return t
}

// ToolByName returns a registered tool.
func ToolByName(name string) (*Tool, bool) {
	registryMu.Lock()
	defer registryMu.Unlock()
	t, ok := registry[name]
	return t, ok
}

// ToolSpecs is every tool the agent has, sorted by name; a model call is
// offered those of the conversation's phase (offer.go).
func ToolSpecs() []ToolSpec {
	return toolSpecs(func(*Tool) bool { return true })
}

// schemaOf derives a JSON Schema from a Go type.
func schemaOf(t reflect.Type) map[string]any {
	switch t.Kind() {
	case reflect.Pointer:
		return schemaOf(t.Elem())
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem())}
	case reflect.Struct:
		props := map[string]any{}
		var required []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			p := schemaOf(f.Type)
			if d := f.Tag.Get("desc"); d != "" {
				p["description"] = d
			}
			if e := f.Tag.Get("enum"); e != "" {
				p["enum"] = strings.Split(e, ",")
			}
			props[name] = p
			if !strings.Contains(opts, "omitempty") {
				required = append(required, name)
			}
		}
		s := map[string]any{"type": "object", "properties": props}
		if len(required) > 0 {
			s["required"] = required
		}
		return s
	}
	panic(fmt.Sprintf("agent: no schema for %s", t))
}

// noInput is the input of a tool that takes none.
type noInput struct{}
