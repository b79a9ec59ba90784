package outreach

import (
	"context"
	"encoding/json"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/privacy"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/tracking"
)

// KindAnswered is the event of a customer's message that answered
// outreach (a check-in answer, a delivery rating, a "stop"), saved with the
// turn that took it; outreach then does what it means (Apply). Its payload
// is a Match.
const KindAnswered = "outreach.answered"

// Event is the KindAnswered event of m, for the turn that saves the
// customer's message.
func (m Match) Event(at time.Time) (event.Event, error) {
	return event.New(KindAnswered, m.msg.Shop, "", at, m)
}

// matchWire is a Match as an event carries it.
type matchWire struct {
	Kind      string    `json:"kind"`
	Sentiment string    `json:"sentiment,omitempty"`
	Rating    int       `json:"rating,omitempty"`
	Reply     string    `json:"reply,omitempty"`
	Message   Message   `json:"message"`
	Records   []CheckIn `json:"records,omitempty"`
	Record    CheckIn   `json:"record"`
	RecordID  string    `json:"record_id,omitempty"`
}

// MarshalJSON encodes a match with what Apply needs.
func (m Match) MarshalJSON() ([]byte, error) {
	return json.Marshal(matchWire{m.Kind, m.Sentiment, m.Rating, m.Reply, m.msg, m.recs, m.rec, m.recID})
}

// UnmarshalJSON decodes what MarshalJSON wrote.
func (m *Match) UnmarshalJSON(b []byte) error {
	var w matchWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*m = Match{Kind: w.Kind, Sentiment: w.Sentiment, Rating: w.Rating, Reply: w.Reply, msg: w.Message, recs: w.Records, rec: w.Record, recID: w.RecordID}
	return nil
}

// Reactions registers what outreach does about other capabilities'
// events: a stored webhook change starts outreach for delivered shipments
// and stops it for refunds, returns and cancellations; an answer saved
// with a turn is applied. Redacting a customer erases their outreach
// records.
func (s *Service) Reactions(r event.Registry, p *privacy.Service) {
	r.On(intake.KindApplied, "outreach", intake.OnApplied(func(ctx context.Context, topic string, c store.Change) error {
		return s.Applied(ctx, topic, c)
	}))
	r.On(tracking.KindUpdated, "outreach", event.Typed(func(ctx context.Context, _ event.Event, u tracking.Updated) error {
		return s.Applied(ctx, "tracking", store.Change{Shop: u.Shop, Shipments: u.Shipments})
	}))
	r.On(KindAnswered, "outreach", event.Typed(func(ctx context.Context, _ event.Event, m Match) error {
		return s.Apply(ctx, m)
	}))
	if p != nil {
		p.AddEraser("outreach", func(ctx context.Context, shop, email string, _ []string) error {
			return s.Erase(ctx, shop, email)
		})
	}
}
