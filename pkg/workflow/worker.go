package workflow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"github.com/aws/aws-lambda-go/events"
)

// Worker runs Task messages from a queue: the step's handler, then
// SendTaskSuccess or SendTaskFailure with the error's name.
type Worker struct {
	Steps *Steps
	Tasks TaskCompleter
	Log   *slog.Logger
}

// HandleMessage runs one Task message. It returns an error only when the
// message should come back (the queue redelivers it, then moves it to its
// dead-letter queue): an unreadable message, or a result that could not be
// reported. A task nobody waits for any more is logged and dropped.
func (w *Worker) HandleMessage(ctx context.Context, body []byte) error {
	var t Task
	if err := json.Unmarshal(body, &t); err != nil || t.Step == "" || t.Token == "" {
		return fmt.Errorf("task message: want {step, input, task_token}: %v", err)
	}
	log := w.log().With("step", t.Step, "execution", t.Execution)
	out, err := w.Steps.Run(ctx, t)
	switch {
	case errors.Is(err, ErrDeferred):
		log.InfoContext(ctx, "task deferred")
		return nil
	case err != nil:
		name, cause := Classify(err)
		level := slog.LevelWarn
		if name == ErrNameStopped {
			level = slog.LevelInfo
		}
		log.Log(ctx, level, "task failed", "error_name", name, "err", err)
		err = w.Tasks.SendTaskFailure(ctx, t.Token, name, cause)
	default:
		err = w.Tasks.SendTaskSuccess(ctx, t.Token, out)
	}
	if errors.Is(err, ErrTaskGone) {
		log.InfoContext(ctx, "task no longer waiting", "err", err)
		return nil
	}
	if err != nil {
		return fmt.Errorf("report task %s: %w", t.Step, err)
	}
	return nil
}

// HandleSQS is the Lambda handler for an SQS event source with
// ReportBatchItemFailures: each failed message comes back on its own.
func (w *Worker) HandleSQS(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	var resp events.SQSEventResponse
	for _, m := range ev.Records {
		if err := w.HandleMessage(ctx, []byte(m.Body)); err != nil {
			w.log().ErrorContext(ctx, "task message failed", "message_id", m.MessageId, "err", err)
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
		}
	}
	return resp, nil
}

func (w *Worker) log() *slog.Logger {
	if w.Log != nil {
		return w.Log
	}
	return slog.Default()
}
