package agent

import (
	"errors"

	"github.com/doorstep-ai/doorstep/pkg/lockout"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// ErrorVerificationLocked is the verify_customer tool's error code when
// package lockout refuses: too many failed attempts for the order, or from
// the client, in the last hour.
const ErrorVerificationLocked = "verification_locked"

// guessGuard is the store-backed bound on guessing an order's email
// (package lockout). It keeps its counts in the agent's store; a store
// that cannot keep counters (a test fake) has no guard.
func (a *Agent) guessGuard() *lockout.Guard {
	st, ok := a.Store.(lockout.Store)
	if !ok {
		return nil
	}
	return &lockout.Guard{Store: st, Clock: a.Clock, Log: a.Log}
}

// lockedResult is verify_customer's answer when verification is locked.
// CustomerMessage is the refusal in the customer's words, for the model
// to relay.
type lockedResult struct {
	Error           string `json:"error"`
	Message         string `json:"message"`
	CustomerMessage string `json:"customer_message"`
	OrderNumber     string `json:"order_number"`
	RetryAt         string `json:"retry_at"`
}

// verifyLocked turns lockout's refusal into the tool's result; ok is false
// for any other error.
func (s *session) verifyLocked(err error) (result any, ok bool) {
	var le *lockout.LockedError
	if !errors.As(err, &le) {
		return nil, false
	}
	s.act(toolname.VerifyCustomer, "refused", "", "verification locked: too many failed attempts")
	return lockedResult{
		Error: ErrorVerificationLocked,
		Message: "verification is refused for now after too many failed attempts, even with the right details; " +
			"tell the customer so in these words: \"" + le.Message() + "\" Do not ask for the email again; offer to hand over to a person.",
		CustomerMessage: le.Message(),
		OrderNumber:     le.Order,
		RetryAt:         le.Until.UTC().Format("2006-01-02T15:04:05Z"),
	}, true
}
