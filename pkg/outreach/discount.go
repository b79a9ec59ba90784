package outreach

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/doorstep-ai/doorstep/pkg/discount"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
	amounts "github.com/doorstep-ai/doorstep/pkg/money"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Codes are the discount codes issued with an order's suggestion, kept on
// its check-in record: a retried suggest step sends the same codes, and a
// customer who later asks for their friend's code is given it again.
type Codes struct {
	// Own is the customer's code; Friend the one for anyone, to pass on.
	Own    string    `json:"own,omitempty"`
	Friend string    `json:"friend,omitempty"`
	Off    string    `json:"off"` // "10%", "$5.00"
	EndsAt time.Time `json:"ends_at"`
}

func (s Settings) discountDays() int {
	if s.DiscountDays > 0 {
		return s.DiscountDays
	}
	return 30
}

// value is what a code takes off for o, and whether codes are issued.
func (s Settings) value(o order.Order) (discount.Value, bool) {
	switch {
	case s.DiscountPercent > 0:
		return discount.Value{Percent: min(s.DiscountPercent, 100), Currency: o.Currency}, true
	case s.DiscountAmount > 0 && o.Currency != "":
		return discount.Value{Amount: s.DiscountAmount, Currency: o.Currency}, true
	}
	return discount.Value{}, false
}

// offersCodes reports whether suggestions come with a code.
func (s *Service) offersCodes(set Settings) bool {
	return s.Discounts != nil && (set.DiscountPercent > 0 || set.DiscountAmount > 0)
}

func offText(v discount.Value) string {
	if v.Percent > 0 {
		return fmt.Sprintf("%d%%", v.Percent)
	}
	return amounts.Format(int64(v.Amount), v.Currency)
}

// codes issues the suggestion's codes in the shop once: the customer's own
// (limited to them when Shopify knows them as a customer), and with
// FriendCodes one for anyone. Both are single use and end after the
// merchant's DiscountDays. They are kept on the check-in record before
// anyone is told, so a retry sends the same codes; a code made in the shop
// by an attempt that failed before keeping it is never sent, and expires.
// No codes (nil) when the settings offer none.
func (s *Service) codes(ctx context.Context, in Input, sub subject, set Settings) (*Codes, error) {
	v, ok := set.value(sub.o)
	if !ok || s.Discounts == nil || sub.email == "" {
		return nil, nil
	}
	id := checkInID(in.Shop, sub.email, in.OrderID)
	rec, err := s.checkInRecord(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil // no check-in, no answer to thank
	}
	if err != nil {
		return nil, err
	}
	if rec.Codes != nil {
		return rec.Codes, nil
	}
	now := s.Clock.Now()
	req := discount.Request{Shop: in.Shop, Value: v, StartsAt: now, EndsAt: now.Add(time.Duration(set.discountDays()) * 24 * time.Hour),
		Order: sub.o.Name}
	own := req
	own.Title, own.CustomerID, own.CustomerEmail = "Thank you for order "+sub.o.Name, sub.o.Customer.ID, sub.email
	d, err := discount.Issue(ctx, s.Discounts, discount.PrefixThanks, own)
	if err != nil {
		return nil, err
	}
	c := &Codes{Own: d.Code, Off: offText(v), EndsAt: req.EndsAt}
	if set.FriendCodes {
		friend := req
		friend.Title = "A friend of order " + sub.o.Name
		f, err := discount.Issue(ctx, s.Discounts, discount.PrefixFriend, friend)
		if err != nil {
			return nil, err
		}
		c.Friend = f.Code
	}
	rec.Codes = c
	if err := s.saveCheckIn(ctx, id, rec); err != nil {
		return nil, err
	}
	s.log().InfoContext(ctx, "outreach discount codes issued", "order", in.OrderID, "friend", c.Friend != "")
	return c, nil
}

// record reports the suggestion and its codes to metrics: the suggestion
// (attributed by its own code, or by product when it has none) and the
// friend's code as a referral.
func (s *Service) record(ctx context.Context, in Input, sub subject, sug Suggestion, c *Codes, set Settings) {
	if s.Metrics == nil || sub.email == "" {
		return
	}
	now := s.Clock.Now()
	id := ExecutionName(in.Shop, in.OrderID, in.FulfillmentID)
	window := set.AttributionWindow
	if window <= 0 {
		window = metrics.DefaultAttributionWindow
	}
	until := now.Add(window)
	if c != nil && c.EndsAt.Add(24*time.Hour).After(until) {
		until = c.EndsAt.Add(24 * time.Hour) // an order placed on the code's last day still counts
	}
	var all []metrics.Suggestion
	m := metrics.Suggestion{Shop: in.Shop, ID: id, CustomerEmail: sub.email, Kind: sug.Kind, OrderID: in.OrderID, SentAt: now, Until: until}
	if sug.Kind == "addon" {
		m.Kind = metrics.SuggestAddOn
	}
	if sug.Product != "" {
		m.ProductTitles = []string{sug.Product}
	}
	if c != nil {
		m.DiscountCode = c.Own
	}
	if m.DiscountCode != "" || sug.Product != "" {
		all = append(all, m)
	}
	if c != nil && c.Friend != "" {
		all = append(all, metrics.Suggestion{Shop: in.Shop, ID: id + "|friend", CustomerEmail: sub.email, Kind: metrics.SuggestReferral,
			OrderID: in.OrderID, DiscountCode: c.Friend, SentAt: now, Until: until})
	}
	for _, m := range all {
		if err := s.Metrics.Suggest(ctx, m); err != nil {
			s.log().WarnContext(ctx, "metrics", "order", in.OrderID, "err", err)
		}
	}
}

// codesText is the part of the thank-you that gives the codes.
func codesText(c *Codes) string {
	if c == nil || c.Own == "" {
		return ""
	}
	ends := c.EndsAt.Format("January 2")
	t := fmt.Sprintf("\n\nAs a thank-you, code %s takes %s off your next order (one use, until %s).", c.Own, c.Off, ends)
	if c.Friend != "" {
		t += fmt.Sprintf("\n\nAnd if a friend would like to try us, give them this one: %s, %s off their order (one use, until %s).", c.Friend, c.Off, ends)
	}
	return t
}

// friendCodeRequest reports whether a message asks for a code to give a
// friend ("can I get a code for my friend?", "referral code").
func friendCodeRequest(text string) bool {
	t := " " + strings.Join(strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'')
	}), " ") + " "
	if strings.Contains(t, " referral ") || strings.Contains(t, " refer a friend ") {
		return true
	}
	other := false
	for _, w := range otherPeople {
		other = other || strings.Contains(t, " "+w+" ")
	}
	code := false
	for _, w := range []string{" code ", " codes ", " discount ", " coupon ", " código ", " gutschein ", " rabattcode ", " voucher "} {
		code = code || strings.Contains(t, w)
	}
	// "is there one I can give my sister?", after the thank-you code:
	// "one" is a code.
	one := false
	for _, w := range []string{" one ", " uno ", " una ", " einen ", " eins ", " un "} {
		one = one || strings.Contains(t, w)
	}
	return other && (code || one)
}

// otherPeople are words for someone other than the customer: a code for
// any of them is the friend's code.
var otherPeople = []string{"friend", "friend's", "friends", "sister", "brother", "mum", "mom", "mother", "dad", "father",
	"parents", "partner", "wife", "husband", "girlfriend", "boyfriend", "coworker", "colleague", "neighbour", "neighbor",
	"cousin", "aunt", "uncle", "son", "daughter", "someone else", "hermana", "hermano", "madre", "padre", "amigo", "amiga",
	"schwester", "bruder", "mutter", "vater", "freund", "freundin", "sœur", "soeur", "frère", "frere", "mère", "père", "ami", "amie", "collègue"}

// CodeUse says whether an order used a code doorstep issued
// (metrics.Recorder, when Metrics is one).
type CodeUse interface {
	CodeUsed(ctx context.Context, shop, code string) (bool, error)
}

// friendCodeMatch answers a request for a friend's code from the codes
// already issued (newest first) that no order has used: nothing is
// written, so there is nothing to confirm. When every one was used, it
// says so; without one, the agent answers as usual.
func (s *Service) friendCodeMatch(ctx context.Context, m Message, recs []CheckIn, now time.Time) (Match, bool, error) {
	use, _ := s.Metrics.(CodeUse)
	var used *CheckIn
	for _, r := range recs {
		c := r.Codes
		if c == nil || c.Friend == "" || !now.Before(c.EndsAt) {
			continue
		}
		if use != nil {
			u, err := use.CodeUsed(ctx, m.Shop, c.Friend)
			if err != nil {
				return Match{}, false, fmt.Errorf("friend code: %w", err)
			}
			if u {
				if used == nil {
					used = &r
				}
				continue
			}
		}
		return Match{Kind: MatchFriendCode, msg: m, rec: r, Reply: fmt.Sprintf(
			"Of course! Give your friend this code: %s. It takes %s off their order, works once, and is valid until %s.",
			c.Friend, c.Off, c.EndsAt.Format("January 2"))}, true, nil
	}
	if used != nil {
		return Match{Kind: MatchFriendCode, msg: m, rec: *used, Reply: fmt.Sprintf(
			"The code for a friend that came with order %s has been used already, and each code works once, so I have no other one to give you right now.",
			used.OrderName)}, true, nil
	}
	return Match{}, false, nil
}
