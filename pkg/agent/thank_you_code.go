package agent

import (
	"context"
	"encoding/json"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// checkInCodes is what the agent reads of a check-in record (package
// outreach's CheckIn): the order it is about, when its answer was due,
// and the thank-you codes its happy answer brought.
type checkInCodes struct {
	OrderID   string    `json:"order_id"`
	OrderName string    `json:"order_name"`
	AnswerBy  time.Time `json:"answer_by"`
	Codes     *struct {
		Own    string    `json:"own"`
		Off    string    `json:"off"`
		EndsAt time.Time `json:"ends_at"`
	} `json:"codes"`
}

// thankYouCode adds to facts the customer's own thank-you code for o, as
// the check-in sent it, while it is valid: a customer who asks for it
// again is given the code the shop issued, not a new one. The customer
// context holds the check-in records; a record whose answer may still
// bring codes (before its answer_by) is read afresh, since the codes may
// have been issued after the context was built, in this conversation.
func (s *session) thankYouCode(ctx context.Context, o order.Order, facts map[string]any) {
	cc := s.conv.Context
	if cc == nil || cc.Email != s.conv.CustomerEmail {
		return
	}
	rec, ok := checkInFor(cc.CheckIns, o)
	if !ok {
		return
	}
	if rec.Codes == nil && s.now.Before(rec.AnswerBy) && s.a.CheckIns != nil {
		docs, err := s.a.CheckIns.CheckInDocs(ctx, s.conv.Shop, s.conv.CustomerEmail)
		if err != nil {
			return // the facts go without the code; the customer can ask a person
		}
		if rec, ok = checkInFor(docs, o); !ok {
			return
		}
	}
	c := rec.Codes
	if c == nil || c.Own == "" || !s.now.Before(c.EndsAt) {
		return
	}
	facts["thank_you_code"] = c.Own
	if c.Off != "" {
		facts["thank_you_code_off"] = c.Off
	}
	facts["thank_you_code_until"] = s.day(c.EndsAt)
	// As issued (discount.Issue): any items, one order.
	facts["thank_you_code_use"] = "once, on anything in the shop"
}

// checkInFor is o's check-in record among docs.
func checkInFor(docs []conversation.Doc, o order.Order) (checkInCodes, bool) {
	for _, d := range docs {
		var r checkInCodes
		if json.Unmarshal(d.Value, &r) != nil {
			continue
		}
		if (r.OrderID != "" && r.OrderID == o.ID) || (r.OrderName != "" && r.OrderName == o.Name) {
			return r, true
		}
	}
	return checkInCodes{}, false
}
