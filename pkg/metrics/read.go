package metrics

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// MaxDays is the longest range Read reads at once.
const MaxDays = 366

// Day's numbers: the raw counts and what follows from them. A rate or an
// average with nothing to divide by is nil (a gap in a chart, not a zero).
type Day struct {
	Date string `json:"date"` // yyyy-mm-dd; "" for a range's total

	Conversations int64 `json:"conversations"`
	// Resolutions counts cases with a resolution: conversations, and
	// writes that ran outside a chat turn (WriteCases: the tracking page,
	// an approval, the delivery check); Handovers the conversations a
	// person took; ApprovedWrites the writes a person approved;
	// Deflected = Resolutions - Handovers - ApprovedWrites.
	Resolutions    int64 `json:"resolutions"`
	WriteCases     int64 `json:"write_cases"`
	Handovers      int64 `json:"handovers"`
	ApprovedWrites int64 `json:"approved_writes"`
	Deflected      int64 `json:"deflected"`
	// DeflectionRate is Deflected / (Conversations + WriteCases).
	DeflectionRate *float64 `json:"deflection_rate"`
	// Mix is resolutions by kind.
	Mix map[Resolution]int64 `json:"mix"`
	// DamageReports are damaged, defective or wrong items resolved;
	// DamageKept those the customer kept (no return). PromisesKept are
	// follow-up promises kept at their time.
	DamageReports int64 `json:"damage_reports"`
	DamageKept    int64 `json:"damage_kept"`
	PromisesKept  int64 `json:"promises_kept"`

	// Questions by topic; OrderStatusShare = order-status questions /
	// all questions.
	Questions        int64            `json:"questions"`
	Topics           map[string]int64 `json:"topics"`
	OrderStatusShare *float64         `json:"order_status_share"`

	// FirstResponseMS is the average first reply delay; StaffResponseMin
	// the average wait for a person, in minutes.
	FirstResponseMS  *float64 `json:"first_response_ms"`
	StaffResponseMin *float64 `json:"staff_response_min"`

	CSAT                 *float64 `json:"csat"`
	CSATCount            int64    `json:"csat_count"`
	DeliverySatisfaction *float64 `json:"delivery_satisfaction"`
	DeliveryCount        int64    `json:"delivery_count"`

	SuggestionsSent  int64 `json:"suggestions_sent"`
	AttributedOrders int64 `json:"attributed_orders"`
	RevenueCents     int64 `json:"revenue_cents"`
	// Store credit taken instead of refunds: the refund value kept in the
	// shop, the credit issued (bonus included), and how many times.
	CreditKeptCents   int64 `json:"credit_kept_cents"`
	CreditIssuedCents int64 `json:"credit_issued_cents"`
	Credits           int64 `json:"credits"`
	// Referrals are codes happy customers got for a friend; the orders
	// that used one, and their revenue.
	ReferralsSent        int64 `json:"referrals_sent"`
	ReferralOrders       int64 `json:"referral_orders"`
	ReferralRevenueCents int64 `json:"referral_revenue_cents"`

	CostUSD                float64  `json:"cost_usd"`
	CostPerConversationUSD *float64 `json:"cost_per_conversation_usd"`
	CostPerResolutionUSD   *float64 `json:"cost_per_resolution_usd"`
	InputTokens            int64    `json:"input_tokens"`
	OutputTokens           int64    `json:"output_tokens"`
}

// Report is a range of days and their total.
type Report struct {
	Shop  string `json:"shop"`
	From  string `json:"from"`
	To    string `json:"to"`
	Days  []Day  `json:"days"`
	Total Day    `json:"total"`
}

var topicNames = map[string]string{
	QOrderStatus: "order_status", QReturn: "return", QAddress: "address",
	QRefund: "refund", QProduct: "product", QExchange: "exchange", QCancel: "cancel",
	QDamage: "damage", QNotReceived: "not_received", QFollowUp: "follow_up", QOther: "other",
}

// Read reads the shop's counters for the days from from to to (inclusive,
// in the recorder's time zone), in one Counters call whatever the number
// of conversations, and computes each day's numbers and the total.
func (r *Recorder) Read(ctx context.Context, shop string, from, to time.Time) (Report, error) {
	loc := r.loc()
	start := dayStart(from.In(loc))
	end := dayStart(to.In(loc))
	if end.Before(start) {
		return Report{}, errors.New("metrics: the range ends before it starts")
	}
	var dates []string
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		dates = append(dates, d.Format(time.DateOnly))
		if len(dates) > MaxDays {
			return Report{}, fmt.Errorf("metrics: at most %d days at once", MaxDays)
		}
	}
	keys := make([]string, 0, len(dates)*len(Names))
	for _, d := range dates {
		for _, n := range Names {
			keys = append(keys, Key(shop, d, n))
		}
	}
	got, err := r.Store.Counters(ctx, keys)
	if err != nil {
		return Report{}, fmt.Errorf("metrics: read counters: %w", err)
	}
	rep := Report{Shop: shop, From: dates[0], To: dates[len(dates)-1]}
	total := map[string]int64{}
	for _, d := range dates {
		counts := map[string]int64{}
		for _, n := range Names {
			v := got[Key(shop, d, n)]
			counts[n] = v
			total[n] += v
		}
		day := compute(counts)
		day.Date = d
		rep.Days = append(rep.Days, day)
	}
	rep.Total = compute(total)
	return rep, nil
}

func dayStart(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

func ratio(a, b int64) *float64 {
	if b <= 0 {
		return nil
	}
	v := float64(a) / float64(b)
	return &v
}

func ratioF(a float64, b int64) *float64 {
	if b <= 0 {
		return nil
	}
	v := a / float64(b)
	return &v
}

// compute turns one day's (or a range's) counts into its numbers.
func compute(c map[string]int64) Day {
	d := Day{Conversations: max(c[Conversations], 0), Mix: map[Resolution]int64{}, Topics: map[string]int64{}}
	for _, k := range Resolutions {
		n := max(c[k.counter()], 0)
		d.Mix[k] = n
		d.Resolutions += n
	}
	d.Handovers = d.Mix[Handover]
	d.DamageReports, d.DamageKept, d.PromisesKept = max(c[DamageReports], 0), max(c[DamageKept], 0), max(c[PromisesKept], 0)
	d.WriteCases, d.ApprovedWrites = max(c[WriteCases], 0), max(c[ApprovedWrites], 0)
	d.Deflected = max(d.Resolutions-d.Handovers-d.ApprovedWrites, 0)
	d.DeflectionRate = ratio(d.Deflected, d.Conversations+d.WriteCases)
	if d.DeflectionRate != nil && *d.DeflectionRate > 1 {
		*d.DeflectionRate = 1
	}
	for counter, name := range topicNames {
		n := max(c[counter], 0)
		d.Topics[name] = n
		d.Questions += n
	}
	d.OrderStatusShare = ratio(d.Topics["order_status"], d.Questions)
	d.FirstResponseMS = ratio(c[FirstResponseMS], c[FirstResponses])
	if v := ratio(c[StaffResponseMS], c[StaffResponses]); v != nil {
		m := *v / 60000
		d.StaffResponseMin = &m
	}
	d.CSATCount, d.DeliveryCount = max(c[CSATCount], 0), max(c[DeliveryCount], 0)
	d.CSAT = ratio(c[CSATSum], d.CSATCount)
	d.DeliverySatisfaction = ratio(c[DeliverySum], d.DeliveryCount)
	d.SuggestionsSent, d.AttributedOrders, d.RevenueCents = c[SuggestionsSent], c[AttributedOrders], c[AttributedRevenue]
	d.CreditKeptCents, d.CreditIssuedCents, d.Credits = c[CreditKept], c[CreditIssued], c[CreditCount]
	d.ReferralsSent, d.ReferralOrders, d.ReferralRevenueCents = c[ReferralsSent], c[ReferralOrders], c[ReferralRevenue]
	d.CostUSD = float64(c[CostMicros]) / 1e6
	d.CostPerConversationUSD = ratioF(d.CostUSD, d.Conversations)
	d.CostPerResolutionUSD = ratioF(d.CostUSD, d.Deflected)
	d.InputTokens, d.OutputTokens = c[InputTokens], c[OutputTokens]
	return d
}
