package stack

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestFlowBudget(t *testing.T) {
	tests := []struct {
		name      string
		remaining time.Duration // 0: no deadline
		left      int
		want      time.Duration // ± a second
	}{
		{"no deadline: the cap", 0, 17, flowCap},
		{"plenty of time: the cap", 29 * time.Minute, 17, flowCap},
		{"the last flow may use what is left, up to the cap", 3 * time.Minute, 0, 3 * time.Minute},
		{"keeps 30 s for each flow after it", 5 * time.Minute, 4, 3 * time.Minute},
		{"near the deadline: an equal share", 5 * time.Minute, 17, 5 * time.Minute / 18},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			if tt.remaining > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.remaining)
				defer cancel()
			}
			if got := flowBudget(ctx, tt.left); got < tt.want-time.Second || got > tt.want {
				t.Errorf("flowBudget(%s left, %d flows after) = %s, want %s", tt.remaining, tt.left, got, tt.want)
			}
		})
	}
}

// A wait that never comes true ends with its flow's budget, says what it
// waited for and what ended it, and the next flow gets its own budget
// from the test's context, which the hung flow did not use up.
func TestHungFlowEndsWithItsBudget(t *testing.T) {
	test, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	h := &harness{ctx: test, limit: "the test's deadline"}
	never := errors.New("moto says no such execution")
	err := h.within(50*time.Millisecond, func() error {
		return h.waitFor("an outreach execution", func() (bool, error) { return false, never })
	})
	if err == nil || !errors.Is(err, never) ||
		!strings.Contains(err.Error(), "waited for an outreach execution: not within the flow's 50ms budget") {
		t.Fatalf("hung flow: %v", err)
	}
	if h.ctx != test || h.limit != "the test's deadline" || test.Err() != nil {
		t.Fatalf("after the flow the harness has %v (%q), the test's context %v", h.ctx, h.limit, test.Err())
	}
	polls := 0
	err = h.within(flowCap, func() error {
		return h.waitFor("a mail", func() (bool, error) { polls++; return polls == 3, nil })
	})
	if err != nil || polls != 3 {
		t.Errorf("the next flow: %v after %d polls, want it to pass on the third", err, polls)
	}
}
