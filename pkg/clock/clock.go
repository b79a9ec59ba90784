// Package clock is the time port. All time in doorstep comes from a Clock, so
// the local runner can move it forward (POST /dev/clock) and tests can pin it.
package clock

import (
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface {
	Now() time.Time
}

// System is the wall clock, in UTC.
type System struct{}

// Now returns the current UTC time.
func (System) Now() time.Time { return time.Now().UTC() }

// Manual is a clock that runs with the wall clock from a moveable offset, or
// stands still when frozen. The local runner and tests use it.
type Manual struct {
	mu     sync.Mutex
	offset time.Duration
	fixed  time.Time // zero unless frozen
}

// NewManual returns a clock that runs with the wall clock, offset by nothing.
func NewManual() *Manual { return &Manual{} }

// NewManualAt returns a clock that runs with the wall clock from start:
// its Now is start when it is made, and moves on as the wall clock does.
func NewManualAt(start time.Time) *Manual { return &Manual{offset: time.Until(start)} }

// NewFixed returns a clock frozen at t; it moves only by Advance or Set.
func NewFixed(t time.Time) *Manual { return &Manual{fixed: t.UTC()} }

// Now returns the clock's current time.
func (m *Manual) Now() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.fixed.IsZero() {
		return m.fixed
	}
	return time.Now().UTC().Add(m.offset)
}

// Advance moves the clock forward by d (which must not be negative) and
// returns the new time.
func (m *Manual) Advance(d time.Duration) time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	if d < 0 {
		d = 0
	}
	if !m.fixed.IsZero() {
		m.fixed = m.fixed.Add(d)
		return m.fixed
	}
	m.offset += d
	return time.Now().UTC().Add(m.offset)
}

// Set freezes the clock at t.
func (m *Manual) Set(t time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.fixed = t.UTC()
}
