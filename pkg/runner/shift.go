package runner

import (
	"encoding/json"
	"fmt"
	"time"
)

// NewestTime is the newest RFC 3339 timestamp in a JSON document (zero
// when it has none): with ShiftTimes, what LoadDemo does to the demo
// orders, for other orders that should read as recent (an eval on a
// merchant's exported orders, pkg/eval).
func NewestTime(body []byte) (time.Time, error) {
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		return time.Time{}, fmt.Errorf("read times: %w", err)
	}
	var newest time.Time
	walkTimes(doc, func(t time.Time) time.Time {
		if t.After(newest) {
			newest = t
		}
		return t
	})
	return newest, nil
}

// ShiftTimes moves every RFC 3339 timestamp in a JSON document by by,
// keeping each one's zone, as LoadDemo does.
func ShiftTimes(body []byte, by time.Duration) ([]byte, error) {
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("shift times: %w", err)
	}
	b, err := json.Marshal(walkTimes(doc, func(t time.Time) time.Time { return t.Add(by) }))
	if err != nil {
		return nil, fmt.Errorf("shift times: %w", err)
	}
	return b, nil
}
