package turn_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/turn"
)

func TestRetry(t *testing.T) {
	other := errors.New("disk on fire")
	conflict := fmt.Errorf("save: %w", store.ErrConflict)
	tests := []struct {
		name      string
		results   []error // what each run of save returns, in order
		attempts  int
		want      error
		wantCalls int
	}{
		{"saved at once", []error{nil}, 5, nil, 1},
		{"lost twice, then saved", []error{conflict, conflict, nil}, 5, nil, 3},
		{"another error is not retried", []error{other, nil}, 5, other, 1},
		{"gives up after the attempts", []error{conflict, conflict, conflict, nil}, 3, store.ErrConflict, 3},
		{"one attempt runs once", []error{conflict, nil}, 1, store.ErrConflict, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			err := turn.Retry(t.Context(), tt.attempts, func() error {
				calls++
				return tt.results[calls-1]
			})
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if calls != tt.wantCalls {
				t.Errorf("save ran %d times, want %d", calls, tt.wantCalls)
			}
		})
	}
}

// A cancelled context ends the wait between runs: no run after it.
func TestRetryHonoursTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	calls := 0
	err := turn.Retry(ctx, 100, func() error {
		calls++
		cancel()
		return store.ErrConflict
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if calls != 1 {
		t.Errorf("save ran %d times after the cancel, want 1", calls)
	}
}
