package outreach

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// ChannelNone is a check-in that went out on no channel (the customer
// could not be reached); the others are conversation.ChannelChat and
// conversation.ChannelEmail.
const ChannelNone conversation.Channel = "none"

// CheckIn is an order's check-in record (collection CheckIns).
type CheckIn struct {
	Shop          string `json:"shop"`
	Email         string `json:"email"`
	OrderID       string `json:"order_id"`
	OrderName     string `json:"order_name"`
	FulfillmentID string `json:"fulfillment_id"`
	// Execution owns the check-in; Token is its waiting task's token.
	Execution string               `json:"execution"`
	Token     string               `json:"task_token,omitempty"`
	Channel   conversation.Channel `json:"channel,omitempty"`
	// ConversationID is the chat the check-in went to; MessageID the
	// email's Message-ID.
	ConversationID    string     `json:"conversation_id,omitempty"`
	MessageID         string     `json:"message_id,omitempty"`
	SentAt            *time.Time `json:"sent_at,omitempty"`
	AnswerBy          time.Time  `json:"answer_by"`
	RatingRequestedAt *time.Time `json:"rating_requested_at,omitempty"`
	// Codes are the discount codes issued with the suggestion, once issued.
	Codes *Codes `json:"codes,omitempty"`
}

// Step outputs.
type (
	// Suggestion is the suggest step's output (kept for upsell metrics).
	Suggestion struct {
		Kind     string `json:"kind"` // addon or reorder
		Product  string `json:"product"`
		URL      string `json:"url,omitempty"`
		Discount bool   `json:"discount,omitempty"`
	}
	// Resolution is the resolve step's output.
	Resolution struct {
		Handoff string `json:"handoff,omitempty"`
	}
	// ReviewRequest is the request_review step's output.
	ReviewRequest struct {
		Sent        bool `json:"sent"`
		ReviewAsked bool `json:"review_asked"`
	}
)

// Steps returns the outreach state machine's step handlers.
func (s *Service) Steps() *workflow.Steps {
	st := workflow.NewSteps()
	workflow.Handle(st, StepCheckIn, s.checkIn)
	workflow.Handle(st, StepSuggest, s.suggest)
	workflow.Handle(st, StepResolve, s.resolve)
	workflow.Handle(st, StepRequestReview, s.requestReview)
	return st
}

// subject is an order and its customer, loaded and checked for the stop
// conditions by every step.
type subject struct {
	o     order.Order
	email string
	to    mail.Address
}

func (s *Service) load(ctx context.Context, step string, in Input) (subject, error) {
	o, err := s.Store.GetOrder(ctx, in.Shop, in.OrderID)
	if errors.Is(err, store.ErrNotFound) {
		return subject{}, &workflow.InputError{Step: step, Err: fmt.Errorf("order %s: %w", in.OrderID, err)}
	}
	if err != nil {
		return subject{}, fmt.Errorf("load order: %w", err)
	}
	if r := StopReason(o); r != "" {
		return subject{}, &workflow.StoppedError{Reason: r}
	}
	sub := subject{o: o, email: order.NormaliseEmail(o.Email)}
	if sub.email == "" {
		sub.email = order.NormaliseEmail(o.Customer.Email)
	}
	if sub.email != "" {
		out, err := s.OptedOut(ctx, in.Shop, sub.email)
		if err != nil {
			return subject{}, err
		}
		if !out && s.Unsubscribe != nil {
			if out, err = s.Unsubscribe.OptedOut(ctx, in.Shop, sub.email); err != nil {
				return subject{}, fmt.Errorf("email opt-out: %w", err)
			}
		}
		if out {
			return subject{}, &workflow.StoppedError{Reason: "customer opted out"}
		}
		sub.to = mail.Address{Name: strings.TrimSpace(o.Customer.FirstName + " " + o.Customer.LastName), Address: sub.email}
	}
	return sub, nil
}

func checkInID(shop, email, orderID string) string { return shop + "|" + email + "|" + orderID }

func claimKey(shop, orderID, step string) string {
	return "outreach|" + shop + "|" + orderID + "|" + step
}

func (s *Service) checkIn(ctx context.Context, in Input) (Answer, error) {
	sub, err := s.load(ctx, StepCheckIn, in)
	if err != nil {
		return Answer{}, err
	}
	set, err := s.settingsFor(ctx, in.Shop)
	if err != nil {
		return Answer{}, err
	}
	if sub.email == "" {
		s.log().InfoContext(ctx, "outreach: order has no email; no check-in", "order", in.OrderID)
		return Answer{Sentiment: Skipped}, nil
	}
	if s.Cases != nil {
		// "How are you getting on with it?" is not for a parcel the
		// customer says never came, or came broken: their case is the
		// conversation, and the check-in is skipped.
		kind, open, err := s.Cases.OpenCase(ctx, in.Shop, in.OrderID)
		if err != nil {
			return Answer{}, fmt.Errorf("open delivery case: %w", err)
		}
		if open {
			s.log().InfoContext(ctx, "outreach: open delivery case; no check-in", "order", in.OrderID, "case", kind)
			return Answer{Sentiment: Skipped}, nil
		}
	}
	t, ok := workflow.TaskFrom(ctx)
	if !ok || t.Token == "" {
		return Answer{}, &workflow.InputError{Step: StepCheckIn, Err: errors.New("no task token")}
	}
	now := s.Clock.Now()
	id := checkInID(in.Shop, sub.email, in.OrderID)
	rec := CheckIn{Shop: in.Shop, Email: sub.email, OrderID: in.OrderID, OrderName: sub.o.Name, FulfillmentID: in.FulfillmentID,
		Execution: t.Execution, Token: t.Token, AnswerBy: now.Add(time.Duration(in.AnswerTimeoutSeconds) * time.Second)}
	b, _ := json.Marshal(rec)
	err = s.Store.CreateDoc(ctx, CheckIns, id, b, now.Add(keep))
	if errors.Is(err, store.ErrConflict) {
		if rec, err = s.checkInRecord(ctx, id); err != nil {
			return Answer{}, err
		}
		if rec.Execution != t.Execution {
			// Another shipment of this order has the check-in.
			return Answer{Sentiment: Skipped}, nil
		}
		if a, ok, err := s.answer(ctx, id); err != nil || ok {
			return a, err
		}
		rec.Token = t.Token // a retry: the task token is new
	} else if err != nil {
		return Answer{}, fmt.Errorf("check-in record: %w", err)
	}

	err = escalation.Once(ctx, s.Store, claimKey(in.Shop, in.OrderID, StepCheckIn), now.Add(keep), func() error {
		subj, text := checkInText(sub.o, in.FulfillmentID, set)
		if c, ok, err := s.activeChat(ctx, in.Shop, sub.email, set); err != nil {
			return err
		} else if ok {
			if err := s.Messenger.Tell(ctx, in.Shop, c.ID, text); err != nil {
				return err
			}
			rec.Channel, rec.ConversationID = conversation.ChannelChat, c.ID
		} else if s.Messenger.CanEmail() {
			id, err := s.Messenger.Email(ctx, sub.to, subj, text, s.listHeaders(in.Shop, sub.email))
			if err != nil {
				return err
			}
			rec.Channel, rec.MessageID = conversation.ChannelEmail, id
		} else {
			rec.Channel = ChannelNone
		}
		rec.SentAt = &now
		return nil
	})
	if err != nil {
		return Answer{}, err
	}
	if err := s.saveCheckIn(ctx, id, rec); err != nil {
		return Answer{}, err
	}
	if rec.Channel == ChannelNone {
		s.log().WarnContext(ctx, "outreach: no open chat and no email channel; no check-in sent", "order", in.OrderID)
		return Answer{Sentiment: Skipped}, nil
	}
	s.log().InfoContext(ctx, "outreach check-in sent", "order", in.OrderID, "channel", rec.Channel)
	// The customer may have answered while the token was being kept.
	if a, ok, err := s.answer(ctx, id); err != nil || ok {
		return a, err
	}
	return Answer{}, workflow.ErrDeferred
}

// activeChat finds the customer's open, verified chat conversation, used
// recently enough that they will see a message there.
func (s *Service) activeChat(ctx context.Context, shop, email string, set Settings) (conversation.Conversation, bool, error) {
	cs, err := s.Store.ConversationsByEmail(ctx, shop, email, 5)
	if err != nil {
		return conversation.Conversation{}, false, fmt.Errorf("customer conversations: %w", err)
	}
	now := s.Clock.Now()
	for _, c := range cs {
		if c.Channel == conversation.ChannelChat && c.Status == conversation.StatusOpen && now.Sub(c.UpdatedAt) <= set.chatActive() {
			return c, true, nil
		}
	}
	return conversation.Conversation{}, false, nil
}

func (s *Service) suggest(ctx context.Context, in Input) (Suggestion, error) {
	sub, err := s.load(ctx, StepSuggest, in)
	if err != nil {
		return Suggestion{}, err
	}
	set, err := s.settingsFor(ctx, in.Shop)
	if err != nil {
		return Suggestion{}, err
	}
	if set.NoSuggestions {
		return Suggestion{}, nil
	}
	sug := Choose(sub.o, set)
	c, err := s.codes(ctx, in, sub, set)
	if err != nil {
		// The thank-you still goes, without a code; the merchant sees why
		// in the log (a missing write_discounts scope, say).
		s.log().WarnContext(ctx, "outreach: no discount code issued", "order", in.OrderID, "err", err)
		c = nil
	}
	sug.Discount = c != nil
	subj, text := suggestionText(sub.o, sug, c, set)
	err = escalation.Once(ctx, s.Store, claimKey(in.Shop, in.OrderID, StepSuggest), s.Clock.Now().Add(keep), func() error {
		return s.deliver(ctx, in, sub, true, subj, text)
	})
	if err == nil {
		s.record(ctx, in, sub, sug, c, set)
	}
	return sug, err
}

func (s *Service) resolve(ctx context.Context, in Input) (Resolution, error) {
	sub, err := s.load(ctx, StepResolve, in)
	if err != nil {
		return Resolution{}, err
	}
	set, err := s.settingsFor(ctx, in.Shop)
	if err != nil {
		return Resolution{}, err
	}
	err = escalation.Once(ctx, s.Store, claimKey(in.Shop, in.OrderID, StepResolve), s.Clock.Now().Add(keep), func() error {
		subj, text := resolveText(sub.o, in, set)
		return s.deliver(ctx, in, sub, true, subj, text)
	})
	if err != nil {
		return Resolution{}, err
	}
	conv := ""
	if in.Answer != nil {
		conv = in.Answer.ConversationID
	}
	if s.Escalations == nil || (conv == "" && sub.email == "") {
		return Resolution{}, nil
	}
	h, err := s.Escalations.Open(ctx, escalation.Request{Shop: in.Shop, Kind: escalation.KindHandoff, ConversationID: conv,
		CustomerEmail: sub.email, Order: sub.o.Name, Reason: "unhappy after delivery", Key: "outreach-" + in.OrderID})
	if err != nil {
		return Resolution{}, err
	}
	return Resolution{Handoff: h.ID}, nil
}

func (s *Service) requestReview(ctx context.Context, in Input) (ReviewRequest, error) {
	sub, err := s.load(ctx, StepRequestReview, in)
	if err != nil {
		return ReviewRequest{}, err
	}
	if sub.email == "" {
		return ReviewRequest{}, nil
	}
	set, err := s.settingsFor(ctx, in.Shop)
	if err != nil {
		return ReviewRequest{}, err
	}
	askReview := set.ReviewURL != "" && (in.Answer == nil || in.Answer.Sentiment != Unhappy)
	now := s.Clock.Now()
	sent := false
	err = escalation.Once(ctx, s.Store, claimKey(in.Shop, in.OrderID, StepRequestReview), now.Add(keep), func() error {
		subj, text := reviewText(sub.o, askReview, set)
		sent = true
		return s.deliver(ctx, in, sub, false, subj, text)
	})
	if err != nil || !sent {
		return ReviewRequest{Sent: sent}, err
	}
	id := checkInID(in.Shop, sub.email, in.OrderID)
	rec, err := s.checkInRecord(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		rec = CheckIn{Shop: in.Shop, Email: sub.email, OrderID: in.OrderID, OrderName: sub.o.Name, FulfillmentID: in.FulfillmentID, Execution: "", Channel: ChannelNone}
	} else if err != nil {
		return ReviewRequest{}, err
	}
	rec.RatingRequestedAt = &now
	if err := s.saveCheckIn(ctx, id, rec); err != nil {
		return ReviewRequest{}, err
	}
	return ReviewRequest{Sent: true, ReviewAsked: askReview}, nil
}

// deliver sends a message. A reply to the customer's answer (reply set)
// goes where they answered; anything else, and a reply to an emailed
// answer, to their open chat, else by email, else (no email channel) to
// the conversation they last answered in.
func (s *Service) deliver(ctx context.Context, in Input, sub subject, reply bool, subj, text string) error {
	answered := ""
	if in.Answer != nil {
		answered = in.Answer.ConversationID
	}
	if reply && answered != "" {
		return s.Messenger.Tell(ctx, in.Shop, answered, text)
	}
	if sub.email != "" {
		if c, ok, err := s.activeChat(ctx, in.Shop, sub.email, s.Settings); err != nil {
			return err
		} else if ok {
			return s.Messenger.Tell(ctx, in.Shop, c.ID, text)
		}
		if s.Messenger.CanEmail() {
			_, err := s.Messenger.Email(ctx, sub.to, subj, text, s.listHeaders(in.Shop, sub.email))
			return err
		}
	}
	if answered != "" {
		return s.Messenger.Tell(ctx, in.Shop, answered, text)
	}
	s.log().WarnContext(ctx, "outreach: no way to reach the customer", "order", in.OrderID)
	return nil
}

func (s *Service) checkInRecord(ctx context.Context, id string) (CheckIn, error) {
	b, err := s.Store.GetDoc(ctx, CheckIns, id)
	if err != nil {
		return CheckIn{}, fmt.Errorf("check-in record: %w", err)
	}
	var rec CheckIn
	if err := json.Unmarshal(b, &rec); err != nil {
		return CheckIn{}, fmt.Errorf("read check-in record: %w", err)
	}
	return rec, nil
}

func (s *Service) saveCheckIn(ctx context.Context, id string, rec CheckIn) error {
	b, _ := json.Marshal(rec)
	if err := s.Store.PutDoc(ctx, CheckIns, id, b, s.Clock.Now().Add(keep)); err != nil {
		return fmt.Errorf("save check-in record: %w", err)
	}
	return nil
}

type answerDoc struct {
	Answer
	At time.Time `json:"at"`
	// Pending is set until the answer completed its check-in's task (or
	// found none waiting): the customer's message matches the check-in
	// again, so a retry of Apply completes it.
	Pending bool `json:"pending,omitempty"`
}

func (s *Service) answer(ctx context.Context, id string) (Answer, bool, error) {
	a, ok, err := s.answerDoc(ctx, id)
	return a.Answer, ok, err
}

func (s *Service) answerDoc(ctx context.Context, id string) (answerDoc, bool, error) {
	b, err := s.Store.GetDoc(ctx, answers, id)
	if errors.Is(err, store.ErrNotFound) {
		return answerDoc{}, false, nil
	}
	if err != nil {
		return answerDoc{}, false, fmt.Errorf("check-in answer: %w", err)
	}
	var a answerDoc
	if err := json.Unmarshal(b, &a); err != nil {
		return answerDoc{}, false, fmt.Errorf("read check-in answer: %w", err)
	}
	return a, true, nil
}

// listHeaders are an outreach email's RFC 2369 List-Unsubscribe and RFC
// 8058 one-click List-Unsubscribe-Post headers, the shop's unsubscribe
// link (nil without an absolute https or http one).
func (s *Service) listHeaders(shop, email string) map[string]string {
	if s.Unsubscribe == nil {
		return nil
	}
	u := s.Unsubscribe.UnsubscribeURL(shop, email)
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return nil
	}
	return map[string]string{"List-Unsubscribe": "<" + u + ">", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
}
