package metrics

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Run is one write that ran: a proposal the executor ran (agent.Agent's
// execute, whatever the entry point: a chat or email turn, the tracking
// page, an approval decided in the console), or a resolution the promise
// workflow or the delivery check carried out.
type Run struct {
	Shop string
	// Conversation is the conversation whose turn ran it, when one did:
	// the write then sets that conversation's resolution. Without one (the
	// tracking page, an approval, the delivery check) the write is a case
	// of its own in the resolution mix (WriteCases).
	Conversation *conversation.Conversation
	Proposal     conversation.Proposal
	// Approved is set when a person approved it: it counts in the mix,
	// never as deflected.
	Approved bool
	At       time.Time
}

// Executed counts a write that ran, once per proposal id whatever the
// retries and whichever path reports it: its resolution in the mix, and
// the store credit and damage figures it moves.
func (r *Recorder) Executed(ctx context.Context, run Run) error {
	d := deltas{}
	if err := r.executed(ctx, run, d); err != nil {
		return err
	}
	return r.write(ctx, d)
}

// executed is Executed, adding to d.
func (r *Recorder) executed(ctx context.Context, run Run, d deltas) error {
	p := run.Proposal
	if run.Shop == "" || p.ID == "" {
		return errors.New("metrics: a write needs a shop and a proposal id")
	}
	if err := r.Store.Claim(ctx, "mrun|"+run.Shop+"|"+p.ID, r.Clock.Now().Add(Keep)); err != nil {
		if errors.Is(err, store.ErrDuplicate) {
			return nil
		}
		return fmt.Errorf("metrics: count write: %w", err)
	}
	day := r.Day(run.At)
	switch {
	case p.Resolution == "store_credit":
		// The refund the credit keeps in the shop: what the proposal
		// says a refund of its lines gives back, else (older proposals)
		// their prices.
		kept := int64(p.Refundable)
		if kept == 0 {
			for _, l := range p.Lines {
				kept += int64(l.Price) * int64(l.Quantity)
			}
		}
		d.add(run.Shop, day, CreditKept, kept)
		d.add(run.Shop, day, CreditIssued, int64(p.Amount))
		d.add(run.Shop, day, CreditCount, 1)
	}
	if p.Tool == toolname.ReportDamage {
		d.add(run.Shop, day, DamageReports, 1)
		if p.KeepIt {
			d.add(run.Shop, day, DamageKept, 1)
		}
	}
	k := actionResolution(p.Tool, p)
	if k == "" {
		return nil
	}
	// Each write counts once among the writes, whatever else ran in its
	// conversation; the mix counts the conversation once, by its
	// strongest.
	d.add(run.Shop, day, k.writeCounter(), 1)
	if c := run.Conversation; c != nil && !run.Approved {
		return r.resolve(ctx, c.Shop, c.ID, r.Day(c.CreatedAt), k, d)
	}
	return r.writeCase(run.Shop, day, k, run.Approved, d)
}

// writeCase counts a write outside any chat turn as a case of its own.
func (r *Recorder) writeCase(shop, day string, k Resolution, approved bool, d deltas) error {
	d.add(shop, day, k.counter(), 1)
	d.add(shop, day, WriteCases, 1)
	if approved {
		d.add(shop, day, ApprovedWrites, 1)
	}
	return nil
}

// keptPromise is what PromiseKept reads of a kept promise's record
// (package promise's Promise).
type keptPromise struct {
	ID           string `json:"id"`
	OrderID      string `json:"order_id"`
	ShipmentID   string `json:"shipment_id"`
	Action       string `json:"action"`
	Conversation string `json:"conversation"`
}

// promiseCollection is where package promise keeps its records
// (watch.ProblemsCollection).
const promiseCollection = "problems"

// DeliveryResolved counts a refund or replacement the delivery check
// carried out for a parcel's problem, once per key (the problem's): a case
// of its own, resolved without a person.
func (r *Recorder) DeliveryResolved(ctx context.Context, shop, key, action string, at time.Time) error {
	k := promiseResolution(action)
	if k == "" {
		return nil
	}
	if err := r.Store.Claim(ctx, "mdelivery|"+shop+"|"+key, r.Clock.Now().Add(Keep)); err != nil {
		if errors.Is(err, store.ErrDuplicate) {
			return nil
		}
		return fmt.Errorf("metrics: delivery resolution: %w", err)
	}
	d := deltas{}
	d.add(shop, r.Day(at), k.writeCounter(), 1)
	_ = r.writeCase(shop, r.Day(at), k, false, d)
	return r.write(ctx, d)
}

// promiseResolution is the resolution a kept promise's action reached.
func promiseResolution(action string) Resolution {
	switch action {
	case "refund":
		return Refund
	case "replacement", "replace":
		return Replacement
	}
	return ""
}

// readPromise reads the kept promise stored at key; ok is false when
// there is none.
func (r *Recorder) readPromise(ctx context.Context, key string) (keptPromise, bool, error) {
	b, err := r.Store.GetDoc(ctx, promiseCollection, key)
	if errors.Is(err, store.ErrNotFound) {
		return keptPromise{}, false, nil
	}
	if err != nil {
		return keptPromise{}, false, fmt.Errorf("metrics: read promise: %w", err)
	}
	var p keptPromise
	if err := json.Unmarshal(b, &p); err != nil {
		return keptPromise{}, false, fmt.Errorf("metrics: read promise: %w", err)
	}
	return p, true, nil
}
