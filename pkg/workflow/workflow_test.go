package workflow_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

func TestExecutionName(t *testing.T) {
	tests := []struct {
		parts  []string
		prefix string
	}{
		{[]string{"outreach", "demo-shop", "6006", "5506"}, "outreach-demo-shop-6006-5506-"},
		{[]string{"outreach", "shop", "#1001", "a b:c/d$e&f"}, "outreach-shop-1001-a-b-c-d-e-f-"},
		{[]string{"", "##", "x"}, "x-"},
	}
	for _, tt := range tests {
		got := workflow.ExecutionName(tt.parts...)
		if !strings.HasPrefix(got, tt.prefix) || len(got) != len(tt.prefix)+8 {
			t.Errorf("ExecutionName(%q) = %q, want %q + 8 hex", tt.parts, got, tt.prefix)
		}
	}
	long := workflow.ExecutionName(strings.Repeat("a", 200))
	if len(long) > workflow.MaxNameLen {
		t.Errorf("long name has %d characters", len(long))
	}
	if workflow.ExecutionName("a", "b") == workflow.ExecutionName("a-b") {
		t.Error("different parts that clean to the same text share a name")
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		err        error
		name, want string
	}{
		{&workflow.StoppedError{Reason: "order refunded"}, "StoppedError", "stopped: order refunded"},
		{fmt.Errorf("check in: %w", &workflow.StoppedError{Reason: "x"}), "StoppedError", "stopped: x"},
		{&workflow.ActionFailedError{Reason: "shop refused"}, "ActionFailedError", "action failed: shop refused"},
		{&workflow.InputError{Step: "s", Err: errors.New("bad json with sam@example.com")}, "InputError", "step s: bad input"},
		{&workflow.TransientError{Step: "s", Err: errors.New("x")}, "TransientError", "step s failed"},
		{errors.New("dynamodb: sam@example.com throttled"), "TransientError", "internal error"},
	}
	for _, tt := range tests {
		name, cause := workflow.Classify(tt.err)
		if name != tt.name || cause != tt.want {
			t.Errorf("Classify(%v) = %q, %q; want %q, %q", tt.err, name, cause, tt.name, tt.want)
		}
	}
}

type completer struct {
	success  map[string]string
	failure  map[string][2]string
	gone     bool
	sendFail error
}

func (c *completer) SendTaskSuccess(_ context.Context, token string, output any) error {
	if c.gone {
		return workflow.ErrTaskGone
	}
	if c.sendFail != nil {
		return c.sendFail
	}
	b, _ := json.Marshal(output)
	c.success[token] = string(b)
	return nil
}

func (c *completer) SendTaskFailure(_ context.Context, token, name, cause string) error {
	c.failure[token] = [2]string{name, cause}
	return nil
}

type greetIn struct {
	Name string `json:"name"`
}

type greetOut struct {
	Text string `json:"text"`
}

func TestWorker(t *testing.T) {
	steps := workflow.NewSteps()
	workflow.Handle(steps, "greet", func(ctx context.Context, in greetIn) (greetOut, error) {
		task, _ := workflow.TaskFrom(ctx)
		switch in.Name {
		case "stop":
			return greetOut{}, &workflow.StoppedError{Reason: "opted out"}
		case "wait":
			if task.Token == "" {
				return greetOut{}, errors.New("no token")
			}
			return greetOut{}, workflow.ErrDeferred
		}
		return greetOut{Text: "hi " + in.Name + " from " + task.Execution}, nil
	})
	c := &completer{success: map[string]string{}, failure: map[string][2]string{}}
	w := &workflow.Worker{Steps: steps, Tasks: c}
	ev := events.SQSEvent{Records: []events.SQSMessage{
		{MessageId: "1", Body: `{"step":"greet","execution":"x1","input":{"name":"sam","extra":1},"task_token":"t1"}`},
		{MessageId: "2", Body: `{"step":"greet","input":{"name":"stop"},"task_token":"t2"}`},
		{MessageId: "3", Body: `{"step":"greet","input":{"name":"wait"},"task_token":"t3"}`},
		{MessageId: "4", Body: `{"step":"nope","input":{},"task_token":"t4"}`},
		{MessageId: "5", Body: `{"step":"greet","input":{"name":42},"task_token":"t5"}`},
		{MessageId: "6", Body: `not json`},
	}}
	resp, err := w.HandleSQS(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]events.SQSBatchItemFailure{{ItemIdentifier: "6"}}, resp.BatchItemFailures); diff != "" {
		t.Errorf("batch failures (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"t1": `{"text":"hi sam from x1"}`}, c.success); diff != "" {
		t.Errorf("successes (-want +got):\n%s", diff)
	}
	wantFail := map[string][2]string{
		"t2": {"StoppedError", "stopped: opted out"},
		"t4": {"InputError", "step nope: bad input"},
		"t5": {"InputError", "step greet: bad input"},
	}
	if diff := cmp.Diff(wantFail, c.failure); diff != "" {
		t.Errorf("failures (-want +got):\n%s", diff)
	}

	// A task nobody waits for is dropped; a report that fails comes back.
	c.gone = true
	if err := w.HandleMessage(context.Background(), []byte(`{"step":"greet","input":{"name":"a"},"task_token":"t6"}`)); err != nil {
		t.Errorf("gone task: %v, want nil", err)
	}
	c.gone, c.sendFail = false, errors.New("throttled")
	if err := w.HandleMessage(context.Background(), []byte(`{"step":"greet","input":{"name":"a"},"task_token":"t7"}`)); err == nil {
		t.Error("a failed report was dropped; the message must come back")
	}
}
