// Package sfn is the Scheduler on AWS Step Functions (aws-sdk-go-v2
// service/sfn): executions of the state machines template.yaml deploys
// from infra/statemachines, and the task-token callbacks the queue workers
// (functions/outreach, functions/escalation) and the console send.
package sfn

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// API is the part of the Step Functions client the scheduler uses.
type API interface {
	StartExecution(ctx context.Context, in *sfn.StartExecutionInput, opts ...func(*sfn.Options)) (*sfn.StartExecutionOutput, error)
	SendTaskSuccess(ctx context.Context, in *sfn.SendTaskSuccessInput, opts ...func(*sfn.Options)) (*sfn.SendTaskSuccessOutput, error)
	SendTaskFailure(ctx context.Context, in *sfn.SendTaskFailureInput, opts ...func(*sfn.Options)) (*sfn.SendTaskFailureOutput, error)
	StopExecution(ctx context.Context, in *sfn.StopExecutionInput, opts ...func(*sfn.Options)) (*sfn.StopExecutionOutput, error)
	// For EraseShop.
	ListExecutions(ctx context.Context, in *sfn.ListExecutionsInput, opts ...func(*sfn.Options)) (*sfn.ListExecutionsOutput, error)
	DescribeExecution(ctx context.Context, in *sfn.DescribeExecutionInput, opts ...func(*sfn.Options)) (*sfn.DescribeExecutionOutput, error)
}

var _ API = (*sfn.Client)(nil)

// Scheduler runs executions on Step Functions.
type Scheduler struct {
	API API
	// Machines maps each machine to its state machine ARN
	// (OUTREACH_STATE_MACHINE_ARN, ESCALATION_STATE_MACHINE_ARN).
	Machines map[workflow.Machine]string
}

var _ workflow.Scheduler = (*Scheduler)(nil)

// New returns a scheduler for the given state machine ARNs.
func New(api API, machines map[workflow.Machine]string) *Scheduler {
	return &Scheduler{API: api, Machines: machines}
}

// Limits of SendTaskFailure's fields.
const (
	maxErrorLen = 256
	maxCauseLen = 32768
)

func (s *Scheduler) arn(m workflow.Machine) (string, error) {
	arn, ok := s.Machines[m]
	if !ok || arn == "" {
		return "", fmt.Errorf("sfn: no state machine ARN for %s", m)
	}
	return arn, nil
}

// Start starts an execution. ExecutionAlreadyExists (the name was used,
// with other input or by an execution that has ended) counts as started:
// names are how doorstep makes starts idempotent.
func (s *Scheduler) Start(ctx context.Context, m workflow.Machine, name string, input any) error {
	arn, err := s.arn(m)
	if err != nil {
		return err
	}
	b, err := json.Marshal(input)
	if err != nil {
		return fmt.Errorf("sfn: encode %s input: %w", m, err)
	}
	_, err = s.API.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(arn), Name: aws.String(name), Input: aws.String(string(b))})
	var exists *types.ExecutionAlreadyExists
	if errors.As(err, &exists) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sfn: start %s %s: %w", m, name, err)
	}
	return nil
}

// SendTaskSuccess completes a task.
func (s *Scheduler) SendTaskSuccess(ctx context.Context, token string, output any) error {
	b, err := json.Marshal(output)
	if err != nil {
		return fmt.Errorf("sfn: encode task output: %w", err)
	}
	_, err = s.API.SendTaskSuccess(ctx, &sfn.SendTaskSuccessInput{TaskToken: aws.String(token), Output: aws.String(string(b))})
	return taskError("send task success", err)
}

// SendTaskFailure fails a task with a named error.
func (s *Scheduler) SendTaskFailure(ctx context.Context, token, errName, cause string) error {
	_, err := s.API.SendTaskFailure(ctx, &sfn.SendTaskFailureInput{TaskToken: aws.String(token),
		Error: aws.String(truncate(errName, maxErrorLen)), Cause: aws.String(truncate(cause, maxCauseLen))})
	return taskError("send task failure", err)
}

// Stop stops an execution; one that does not exist is no error.
func (s *Scheduler) Stop(ctx context.Context, m workflow.Machine, name, cause string) error {
	arn, err := s.arn(m)
	if err != nil {
		return err
	}
	if err := s.stop(ctx, ExecutionARN(arn, name), cause); err != nil {
		return fmt.Errorf("sfn: stop %s %s: %w", m, name, err)
	}
	return nil
}

func (s *Scheduler) stop(ctx context.Context, executionARN, cause string) error {
	_, err := s.API.StopExecution(ctx, &sfn.StopExecutionInput{ExecutionArn: aws.String(executionARN), Cause: aws.String(truncate(cause, maxCauseLen))})
	var missing *types.ExecutionDoesNotExist
	if errors.As(err, &missing) {
		return nil
	}
	return err
}

// EraseShop stops the shop's running executions, for shop/redact: of each
// state machine, the RUNNING ones (ListExecutions, a page at a time) whose
// input names the shop (DescribeExecution; every machine's input has its
// "shop"), instead of leaving them to wait for their timers. The records
// they would read are erased (package privacy), so a stopped execution
// loses nothing. A retry lists only what still runs. Step Functions keeps
// the history of ended executions (no customer data: shop, order and
// handoff ids) for its own retention.
func (s *Scheduler) EraseShop(ctx context.Context, shop string) error {
	machines := make([]string, 0, len(s.Machines))
	for m := range s.Machines {
		machines = append(machines, string(m))
	}
	sort.Strings(machines)
	stopped := 0
	for _, m := range machines {
		arn := s.Machines[workflow.Machine(m)]
		if arn == "" {
			continue
		}
		p := sfn.NewListExecutionsPaginator(s.API, &sfn.ListExecutionsInput{StateMachineArn: aws.String(arn), StatusFilter: types.ExecutionStatusRunning})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return fmt.Errorf("sfn: erase shop: list running %s executions (%d stopped): %w", m, stopped, err)
			}
			for _, x := range page.Executions {
				d, err := s.API.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: x.ExecutionArn})
				var missing *types.ExecutionDoesNotExist
				if errors.As(err, &missing) {
					continue
				}
				if err != nil {
					return fmt.Errorf("sfn: erase shop: describe %s (%d stopped): %w", aws.ToString(x.Name), stopped, err)
				}
				var in struct {
					Shop string `json:"shop"`
				}
				if d.Status != types.ExecutionStatusRunning || json.Unmarshal([]byte(aws.ToString(d.Input)), &in) != nil || in.Shop != shop {
					continue
				}
				if err := s.stop(ctx, aws.ToString(x.ExecutionArn), "shop erased"); err != nil {
					return fmt.Errorf("sfn: erase shop: stop %s (%d stopped): %w", aws.ToString(x.Name), stopped, err)
				}
				stopped++
			}
		}
	}
	return nil
}

// ExecutionARN is the ARN of a state machine's execution by name:
// arn:aws:states:<region>:<account>:execution:<machine>:<name>.
func ExecutionARN(stateMachineARN, name string) string {
	return strings.Replace(stateMachineARN, ":stateMachine:", ":execution:", 1) + ":" + name
}

// taskError maps the errors that mean "nobody waits on this token" to
// workflow.ErrTaskGone.
func taskError(what string, err error) error {
	if err == nil {
		return nil
	}
	var (
		timedOut *types.TaskTimedOut
		invalid  *types.InvalidToken
		missing  *types.TaskDoesNotExist
	)
	if errors.As(err, &timedOut) || errors.As(err, &invalid) || errors.As(err, &missing) {
		return fmt.Errorf("sfn: %s: %w (%v)", what, workflow.ErrTaskGone, err)
	}
	return fmt.Errorf("sfn: %s: %w", what, err)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
