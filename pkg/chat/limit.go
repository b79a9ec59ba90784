package chat

import (
	"sync"
	"time"
)

// Limiter counts requests per key in fixed windows, in memory. In Lambda it
// limits per instance, behind API Gateway's own throttling; in the local
// runner it is the whole limit.
type Limiter struct {
	Max    int
	Window time.Duration

	mu     sync.Mutex
	counts map[string]int
	start  time.Time
}

// Allow counts one request for key at now and reports whether it is within
// the limit.
func (l *Limiter) Allow(key string, now time.Time) bool {
	if l == nil || l.Max <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.counts == nil || now.Sub(l.start) >= l.Window || now.Before(l.start) {
		l.counts, l.start = map[string]int{}, now
	}
	l.counts[key]++
	return l.counts[key] <= l.Max
}
