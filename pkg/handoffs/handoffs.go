// Package handoffs opens the delivery check's handoffs through the
// escalation workflow (package escalation): SLA timer, staff told, the
// console's queue. It is apart from package delivery so the binaries that
// do not hand over (the tracking page) stay small.
package handoffs

import (
	"context"

	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// Opener opens handoffs: package escalation's Service.
type Opener interface {
	Open(ctx context.Context, r escalation.Request) (escalation.Handoff, error)
}

// Escalations is the watch's Escalator over package escalation: a
// delivery problem that needs a person opens a handoff with its SLA timer,
// and staff are told, like any other handoff.
type Escalations struct{ Service Opener }

var _ watch.Escalator = Escalations{}

// Escalate opens h as an escalation handoff (by email: a delivery problem
// has no conversation) and returns its id. The same h opens the same
// handoff.
func (e Escalations) Escalate(ctx context.Context, h watch.Handoff) (string, error) {
	got, err := e.Service.Open(ctx, escalation.Request{Shop: h.Shop, Kind: escalation.KindHandoff,
		CustomerEmail: h.CustomerEmail, Order: h.Order, Reason: h.Reason, Key: h.ID})
	if err != nil {
		return "", err
	}
	return got.ID, nil
}
