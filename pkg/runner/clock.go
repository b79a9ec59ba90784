package runner

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
)

// clockFile keeps how far /dev/clock has moved the runner's clock, so a
// restart does not send time backwards past data written in the future.
const clockFile = "clock.json"

type clockState struct {
	Offset string `json:"offset"`
}

// loadClock is the runner's clock: the wall clock moved by the offset kept
// in dir, or, in a new dir, by start's distance from now (kept, so a
// restart does not go back to start).
func loadClock(dir string, start time.Time) (*clock.Manual, time.Duration, error) {
	b, err := os.ReadFile(filepath.Join(dir, clockFile))
	if errors.Is(err, os.ErrNotExist) {
		if start.IsZero() {
			return clock.NewManual(), 0, nil
		}
		d := time.Until(start)
		if err := saveClock(dir, d); err != nil {
			return nil, 0, err
		}
		return clock.NewManualAt(start), d, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("read clock: %w", err)
	}
	var st clockState
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, 0, fmt.Errorf("read clock %s: %w", filepath.Join(dir, clockFile), err)
	}
	d, err := time.ParseDuration(st.Offset)
	if err != nil {
		return nil, 0, fmt.Errorf("read clock offset: %w", err)
	}
	return clock.NewManualAt(time.Now().Add(d)), d, nil
}

func saveClock(dir string, offset time.Duration) error {
	b, _ := json.Marshal(clockState{Offset: offset.String()})
	tmp := filepath.Join(dir, clockFile+".tmp")
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("save clock: %w", err)
	}
	return os.Rename(tmp, filepath.Join(dir, clockFile))
}

// ParseAdvance reads a clock advance: a Go duration ("72h", "90m") or whole
// days ("3d"). It must be positive and at most a year.
func ParseAdvance(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var d time.Duration
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil {
			return 0, fmt.Errorf("advance %q: want a duration like 72h or 3d", s)
		}
		d = time.Duration(days) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("advance %q: want a duration like 72h or 3d", s)
		}
	}
	if d <= 0 || d > 366*24*time.Hour {
		return 0, fmt.Errorf("advance %q: must be more than 0 and at most a year", s)
	}
	return d, nil
}
