package watch

import (
	"errors"
	"fmt"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// Kind is a kind of delivery problem.
type Kind string

// Delivery problems, found by the check (the first five) or reported by the
// customer in chat or email (the last two).
const (
	KindLate        Kind = "late"               // past its estimate plus grace
	KindStalled     Kind = "stalled"            // no carrier scan for StalledDays
	KindFailure     Kind = "failure"            // the carrier reported a delivery failure
	KindReturned    Kind = "returned_to_sender" // on its way back to the shop
	KindLost        Kind = "lost"               // no carrier scan for LostDays
	KindNotReceived Kind = "not_received"       // delivered, the customer says it is not there
	KindDamaged     Kind = "damaged"            // delivered damaged, the customer says
)

// Kinds lists every kind, most severe first.
var Kinds = []Kind{KindReturned, KindFailure, KindLost, KindNotReceived, KindDamaged, KindLate, KindStalled}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Action is what the merchant's policy does about a problem.
type Action string

// Actions.
const (
	ActionWait    Action = "wait"    // trace with the carrier and keep watching
	ActionReplace Action = "replace" // send a replacement order at no cost
	ActionRefund  Action = "refund"  // refund the parcel's items
	ActionPerson  Action = "person"  // hand over to a member of the team
	// ActionNone: nothing more to do (a refund or replacement was already
	// made for this parcel).
	ActionNone Action = "none"
)

// Policy is the merchant's delivery policy: when a parcel counts as late,
// stalled or lost, and what happens then. It adds to pkg/policy's rules.
type Policy struct {
	// GraceDays are calendar days after the estimate's last day before a
	// parcel is late.
	GraceDays int `json:"grace_days"`
	// StalledDays are carrier business days without a scan that make a
	// parcel stalled (week-ends and holidays, when carriers do not scan,
	// do not count).
	StalledDays int `json:"stalled_days"`
	// LostDays are carrier business days without a scan that make a
	// parcel lost.
	LostDays int `json:"lost_days"`
	// Resolution is the default action.
	Resolution Action `json:"resolution"`
	// Resolutions override the default for some kinds.
	Resolutions map[Kind]Action `json:"resolutions,omitempty"`
	// MaxAutoRefund is the largest refund made without a person (minor
	// units); a larger one goes to a person.
	MaxAutoRefund order.Money `json:"max_auto_refund"`
	// RecheckHours bounds the time between two checks of a parcel on its
	// way (0: 72).
	RecheckHours int `json:"recheck_hours,omitempty"`
}

// DefaultPolicy is what a shop starts with: late after a day's grace,
// stalled after 5 business days without a scan, lost after 12; trace and
// wait by default, replace lost and damaged parcels, a person for the rest.
func DefaultPolicy() Policy {
	return Policy{
		GraceDays:   1,
		StalledDays: 5,
		LostDays:    12,
		Resolution:  ActionWait,
		Resolutions: map[Kind]Action{
			KindLost:        ActionReplace,
			KindDamaged:     ActionReplace,
			KindReturned:    ActionPerson,
			KindNotReceived: ActionPerson,
		},
		MaxAutoRefund: 10000,
		RecheckHours:  72,
	}
}

// ActionFor is the action for a kind of problem.
func (p Policy) ActionFor(k Kind) Action {
	if a, ok := p.Resolutions[k]; ok && a != "" {
		return a
	}
	if p.Resolution == "" {
		return ActionWait
	}
	return p.Resolution
}

// Validate reports what is wrong with a policy.
func (p Policy) Validate() error {
	var errs []error
	if p.GraceDays < 0 || p.StalledDays < 1 || p.LostDays < 1 {
		errs = append(errs, errors.New("grace_days must be 0 or more, stalled_days and lost_days 1 or more"))
	}
	if p.LostDays <= p.StalledDays {
		errs = append(errs, errors.New("lost_days must be more than stalled_days"))
	}
	valid := func(a Action) bool {
		return a == ActionWait || a == ActionReplace || a == ActionRefund || a == ActionPerson
	}
	if p.Resolution != "" && !valid(p.Resolution) {
		errs = append(errs, fmt.Errorf("resolution %q: want wait, replace, refund or person", p.Resolution))
	}
	for k, a := range p.Resolutions {
		if !k.Valid() || !valid(a) {
			errs = append(errs, fmt.Errorf("resolutions[%q] = %q: unknown kind or action", k, a))
		}
	}
	if p.MaxAutoRefund < 0 {
		errs = append(errs, errors.New("max_auto_refund must not be negative"))
	}
	return errors.Join(errs...)
}

func (p Policy) days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

func (p Policy) recheck() time.Duration {
	if p.RecheckHours > 0 {
		return time.Duration(p.RecheckHours) * time.Hour
	}
	return 72 * time.Hour
}

// severity ranks the problems of one parcel: a parcel declared lost after
// it stalled is lost, whatever order the records are read in.
var severity = map[Kind]int{KindLate: 1, KindStalled: 2, KindFailure: 3, KindReturned: 4, KindLost: 5, KindNotReceived: 6, KindDamaged: 0}

// Worse reports whether problem a outranks problem b for the same parcel.
func Worse(a, b Kind) bool { return severity[a] > severity[b] }
