package chat_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/motoserver"
)

// slowModel never answers in time: it waits for the deadline.
type slowModel struct{}

func (slowModel) Converse(ctx context.Context, _ agent.Request) (agent.Response, error) {
	<-ctx.Done()
	return agent.Response{}, fmt.Errorf("%w: %w", agent.ErrModelUnavailable, ctx.Err())
}

// A model that times out gives the customer a safe reply and a person, not
// silence or an error.
func TestModelTimeoutGivesSafeReply(t *testing.T) {
	svc, st := newService(t, clock.NewManual())
	svc.Agent.Model = slowModel{}
	svc.TurnBudget = 50 * time.Millisecond
	h := svc.Handler()
	id, token, _ := create(t, h, `{}`)
	code, out := call(t, h, "POST", "/v1/conversations/"+id+"/messages", token, `{"text":"where is my order?"}`)
	reply, _ := out["reply"].(map[string]any)
	if code != 200 || reply == nil || reply["text"] != agent.SafeReply || out["status"] != "handover" {
		t.Fatalf("got %d %v", code, out)
	}
	c, msgs, _ := st.GetConversation(context.Background(), shop, id)
	if len(msgs) != 2 || c.Status != "handover" {
		t.Errorf("stored %d messages, status %s", len(msgs), c.Status)
	}
}

// faultyDynamo fails DynamoDB calls from a middleware, as a throttled or
// broken table would: throttles the first `throttle` calls of each
// operation it is told to, or fails every call once `down` is set.
type faultyDynamo struct {
	throttle atomic.Int64
	down     atomic.Bool
}

func (f *faultyDynamo) option(o *dynamodb.Options) {
	o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
		return st.Finalize.Add(middleware.FinalizeMiddlewareFunc("faults",
			func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
				if f.down.Load() {
					return middleware.FinalizeOutput{}, middleware.Metadata{}, &types.InternalServerError{Message: aws.String("injected failure")}
				}
				if f.throttle.Add(-1) >= 0 {
					return middleware.FinalizeOutput{}, middleware.Metadata{}, &types.ProvisionedThroughputExceededException{Message: aws.String("injected throttle")}
				}
				return next.HandleFinalize(ctx, in)
			}), middleware.After)
	})
}

// The store throttles: the SDK retries and the turn lands once. The store
// is down: the caller gets a clear 500 in the error shape, and when it
// comes back the conversation holds each message once.
func TestStoreFaults(t *testing.T) {
	endpoint := motoserver.Start(t)
	f := &faultyDynamo{}
	client := dynamodb.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")},
		func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(endpoint) }, f.option)
	ctx := context.Background()
	if err := dynamo.CreateTable(ctx, client, "doorstep"); err != nil {
		t.Fatal(err)
	}
	svc, _ := newService(t, clock.NewManual())
	st := dynamo.New(client, "doorstep")
	svc.Store, svc.Agent.Store = st, st
	h := svc.Handler()
	id, token, _ := create(t, h, `{}`)

	f.throttle.Store(2)
	if code, out := call(t, h, "POST", "/v1/conversations/"+id+"/messages", token, `{"text":"one"}`); code != 200 {
		t.Fatalf("throttled store: %d %v", code, out)
	}
	f.down.Store(true)
	code, out := call(t, h, "POST", "/v1/conversations/"+id+"/messages", token, `{"text":"two"}`)
	e, _ := out["error"].(map[string]any)
	if code != 500 || e == nil || e["message"] != "internal error" || strings.Contains(fmt.Sprint(out), "injected") {
		t.Errorf("store down: %d %v, want 500 internal error without detail", code, out)
	}
	f.down.Store(false)
	if code, _ := call(t, h, "POST", "/v1/conversations/"+id+"/messages", token, `{"text":"two"}`); code != 200 {
		t.Fatalf("after recovery: %d", code)
	}
	_, msgs, err := st.GetConversation(ctx, shop, id)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, m := range msgs {
		texts = append(texts, m.Text)
	}
	if got := strings.Join(texts, "|"); got != "one|re: one|two|re: two" {
		t.Errorf("transcript %q", got)
	}
}
