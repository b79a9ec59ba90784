package chat

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"sync"
	"time"
)

// Counter is the store's shared counters (store.Store has it).
type Counter interface {
	Add(ctx context.Context, key string, delta int64, expires time.Time) (int64, error)
}

// Limiter counts requests per key (a client address) in fixed windows
// aligned to the clock, so every instance agrees on them.
//
// Without a Store it counts in this process's memory only. With one, the
// count holds across Lambda instances without a store request on most
// calls: each instance counts locally and adds its count to the shared one
// every Sync requests of a key, and once the shared count is over Max it
// refuses the key for the rest of the window. A customer's few messages a
// minute never reach the store; across n instances a key gets at most
// about Max + n×(Sync−1) requests a window. A store error lets the request
// through (API Gateway's throttling still applies) and the count is added
// on the next sync.
type Limiter struct {
	Max    int
	Window time.Duration
	// Store, when set, shares the count across instances.
	Store Counter
	// Sync is how many local requests of a key are added to the store at
	// a time (0: Max/6, at least 1).
	Sync int

	mu     sync.Mutex
	counts map[string]*clientCount
	start  time.Time
}

type clientCount struct {
	local, unsynced int
	blocked         bool
}

func (l *Limiter) sync() int {
	if l.Sync > 0 {
		return l.Sync
	}
	return max(1, l.Max/6)
}

// Allow counts one request for key at now and reports whether it is within
// the limit.
func (l *Limiter) Allow(ctx context.Context, key string, now time.Time) bool {
	if l == nil || l.Max <= 0 || l.Window <= 0 {
		return true
	}
	l.mu.Lock()
	start := now.Truncate(l.Window)
	if l.counts == nil || !start.Equal(l.start) {
		l.counts, l.start = map[string]*clientCount{}, start
	}
	c := l.counts[key]
	if c == nil {
		c = &clientCount{}
		l.counts[key] = c
	}
	c.local++
	c.unsynced++
	if c.blocked || c.local > l.Max {
		c.blocked = true
		l.mu.Unlock()
		return false
	}
	if l.Store == nil || c.unsynced < l.sync() {
		l.mu.Unlock()
		return true
	}
	delta := c.unsynced
	c.unsynced = 0
	l.mu.Unlock()

	h := sha256.Sum256([]byte(key))
	total, err := l.Store.Add(ctx, "chat-client|"+hex.EncodeToString(h[:12])+"|"+strconv.FormatInt(start.Unix(), 10), int64(delta), start.Add(2*l.Window))
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		c.unsynced += delta // add it next time
		return true
	}
	if total > int64(l.Max) {
		c.blocked = true
		return false
	}
	return true
}
