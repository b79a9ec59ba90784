package console

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/httpjson"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/money"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/settings"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Claim is a carrier claim as the console lists it (the fields of package
// parcelaudit's Claim that the page shows).
type Claim struct {
	ID             string      `json:"id"`
	Reason         string      `json:"reason"` // lost, late_guaranteed
	Status         string      `json:"status"`
	OrderName      string      `json:"order_name"`
	Carrier        string      `json:"carrier,omitempty"`
	Service        string      `json:"service,omitempty"`
	TrackingNumber string      `json:"tracking_number,omitempty"`
	Destination    string      `json:"destination,omitempty"`
	PromisedBy     string      `json:"promised_by,omitempty"`
	DeliveredAt    *time.Time  `json:"delivered_at,omitempty"`
	DaysLate       int         `json:"days_late,omitempty"`
	GoodsValue     order.Money `json:"goods_value"`
	GoodsValueText string      `json:"goods_value_text"` // pkg/money's (money.go)
	OrderTotal     order.Money `json:"order_total"`
	Currency       string      `json:"currency,omitempty"`
	CreatedAt      time.Time   `json:"created_at"`
	// ClosedReason says why a withdrawn claim was withdrawn.
	ClosedReason string `json:"closed_reason,omitempty"`
}

// OutreachList is the outreach's messages.
type OutreachList struct {
	Scheduled []OutreachItem `json:"scheduled"`
	Sent      []OutreachItem `json:"sent"`
	// Note says what the lists leave out, if anything.
	Note string `json:"note,omitempty"`
}

// OutreachItem is one outreach message, scheduled or sent.
type OutreachItem struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"` // check_in, suggestion, review, delivery_rating
	Order string `json:"order"`
	// Customer is the customer's email.
	Customer string    `json:"customer"`
	Channel  string    `json:"channel,omitempty"` // email, chat, sms
	At       time.Time `json:"at"`                // due, or sent
	Status   string    `json:"status"`            // scheduled, sent, answered, cancelled, ...
	Detail   string    `json:"detail,omitempty"`
}

type available struct {
	Available bool `json:"available"`
}

// me is GET /console/api/me: who is signed in, for which shop; the shop's
// currency is what an amount that names none is in (money.Or's rule).
func (c *Console) me(w http.ResponseWriter, r *http.Request) {
	u, _ := UserFrom(r.Context())
	httpjson.Write(w, http.StatusOK, map[string]any{"user": u, "shop": c.Shop, "shop_name": c.policy(r.Context()).ShopName,
		"mode": c.Auth.Browser().Mode, "now": c.Clock.Now(),
		"time_zone": c.rules().Location.String(), "currency": c.shopCurrency(r.Context())})
}

// shopCurrency is the shop's currency (its settings'), the default one
// when they cannot be read.
func (c *Console) shopCurrency(ctx context.Context) string {
	if c.Settings != nil {
		if s, err := c.Settings.Get(ctx, c.Shop); err == nil {
			return s.ShopCurrency()
		}
	}
	return money.DefaultCurrency
}

// claims is GET /console/api/claims.
func (c *Console) claims(w http.ResponseWriter, r *http.Request) {
	if c.Claims == nil {
		httpjson.Write(w, http.StatusOK, struct {
			available
			Claims []Claim `json:"claims"`
		}{Claims: []Claim{}})
		return
	}
	list, err := c.Claims.List(r.Context(), c.Shop)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if list == nil {
		list = []Claim{}
	}
	shop := c.shopCurrency(r.Context())
	for i := range list {
		list[i].GoodsValueText = moneyText(list[i].GoodsValue, list[i].Currency, shop)
	}
	httpjson.Write(w, http.StatusOK, struct {
		available
		Claims []Claim `json:"claims"`
	}{available{true}, list})
}

// claimsCSV is GET /console/api/claims.csv: every claim, for the carrier.
func (c *Console) claimsCSV(w http.ResponseWriter, r *http.Request) {
	if c.Claims == nil {
		c.fail(w, r, ErrUnavailable)
		return
	}
	var buf bytes.Buffer
	if err := c.Claims.CSV(r.Context(), c.Shop, &buf); err != nil {
		c.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="carrier-claims.csv"`)
	_, _ = io.Copy(w, &buf)
}

// outreach is GET /console/api/outreach.
func (c *Console) outreach(w http.ResponseWriter, r *http.Request) {
	type resp struct {
		available
		OutreachList
	}
	o := c.Outreach
	if o == nil {
		o = DocOutreach{Store: c.Store, Clock: c.Clock}
	}
	l, err := o.List(r.Context(), c.Shop)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if l.Scheduled == nil {
		l.Scheduled = []OutreachItem{}
	}
	if l.Sent == nil {
		l.Sent = []OutreachItem{}
	}
	httpjson.Write(w, http.StatusOK, resp{available{true}, l})
}

// Outreach records, as package outreach writes them.
const (
	checkInCollection = "outreach"         // "<shop>|<email>|<order id>"
	ratingCollection  = "delivery_ratings" // "<shop>|<order id>"
)

// DocOutreach lists what the outreach sent from its records in the store
// (check-ins, rating and review requests, with the ratings given), for a
// deployment where the outreach service is not wired into the console.
// What is still waiting in the workflow is not a record, so Scheduled
// stays empty.
type DocOutreach struct {
	Store interface {
		ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
	}
	Clock clock.Clock
}

// List reads the shop's latest check-ins (at most 500) and ratings.
func (d DocOutreach) List(ctx context.Context, shop string) (OutreachList, error) {
	out := OutreachList{Scheduled: []OutreachItem{}, Sent: []OutreachItem{},
		Note: "Check-ins still waiting in the workflow are not listed until they are sent."}
	ratings := map[string]int{}
	rdocs, err := d.Store.ListDocs(ctx, ratingCollection, shop+"|", "", 500)
	if err != nil {
		return out, fmt.Errorf("list delivery ratings: %w", err)
	}
	for _, doc := range rdocs {
		var r struct {
			OrderID string `json:"order_id"`
			Score   int    `json:"score"`
		}
		if json.Unmarshal(doc.Value, &r) == nil {
			ratings[r.OrderID] = r.Score
		}
	}
	docs, err := d.Store.ListDocs(ctx, checkInCollection, shop+"|", "", 500)
	if err != nil {
		return out, fmt.Errorf("list check-ins: %w", err)
	}
	for _, doc := range docs {
		var ci struct {
			Email             string     `json:"email"`
			OrderID           string     `json:"order_id"`
			OrderName         string     `json:"order_name"`
			Channel           string     `json:"channel"`
			SentAt            *time.Time `json:"sent_at"`
			AnswerBy          time.Time  `json:"answer_by"`
			RatingRequestedAt *time.Time `json:"rating_requested_at"`
		}
		if json.Unmarshal(doc.Value, &ci) != nil || ci.SentAt == nil {
			continue
		}
		status := "sent"
		if ci.AnswerBy.After(d.Clock.Now()) {
			status = "awaiting answer"
		}
		out.Sent = append(out.Sent, OutreachItem{ID: doc.ID + "|check_in", Kind: "check_in", Order: ci.OrderName, Customer: ci.Email,
			Channel: ci.Channel, At: *ci.SentAt, Status: status})
		if ci.RatingRequestedAt != nil {
			item := OutreachItem{ID: doc.ID + "|review", Kind: "review", Order: ci.OrderName, Customer: ci.Email,
				Channel: ci.Channel, At: *ci.RatingRequestedAt, Status: "sent"}
			if n := ratings[ci.OrderID]; n > 0 {
				item.Status = fmt.Sprintf("rated %d/5", n)
			}
			out.Sent = append(out.Sent, item)
		}
	}
	sort.SliceStable(out.Sent, func(i, j int) bool { return out.Sent[i].At.After(out.Sent[j].At) })
	return out, nil
}

// getSettings is GET /console/api/settings.
func (c *Console) getSettings(w http.ResponseWriter, r *http.Request) {
	if c.Settings == nil {
		c.fail(w, r, ErrUnavailable)
		return
	}
	s, err := c.Settings.Get(r.Context(), c.Shop)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	httpjson.Write(w, http.StatusOK, settingsResponse(s, c.Settings))
}

func settingsResponse(s settings.Settings, svc *settings.Service) map[string]any {
	ttl := svc.TTL
	if ttl <= 0 {
		ttl = settings.DefaultTTL
	}
	cur := s.ShopCurrency()
	return map[string]any{"settings": s, "applies_within_seconds": int(ttl / time.Second),
		// The money settings as the merchant reads and types them: decimals
		// of the shop's currency (settings.Amounts), with its symbol and
		// minor digits for the form.
		"amounts":  s.Amounts(),
		"currency": map[string]any{"code": cur, "symbol": money.Symbol(cur), "digits": money.Digits(cur)}}
}

// putSettings is PUT /console/api/settings with the whole settings object.
func (c *Console) putSettings(w http.ResponseWriter, r *http.Request) {
	if c.Settings == nil {
		c.fail(w, r, ErrUnavailable)
		return
	}
	// The settings object; money settings may instead come as typed
	// decimals of the shop's currency in "amounts" ({"policy.keep_it_limit":
	// "3000"}), read with package money: a bad one is a 400 naming the
	// field, and nothing is saved.
	var body struct {
		settings.Settings
		Amounts map[string]string `json:"amounts,omitempty"`
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, 64*1024))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		c.fail(w, r, badRequest("body must be the settings object: "+jsonProblem(err)))
		return
	}
	s := body.Settings
	if len(body.Amounts) > 0 {
		if err := s.SetAmounts(body.Amounts); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	u, _ := UserFrom(r.Context())
	saved, err := c.Settings.Put(r.Context(), c.Shop, s, u.Name)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.log().InfoContext(r.Context(), "settings changed", "shop", c.Shop, "return_window_days", saved.Policy.ReturnWindowDays)
	httpjson.Write(w, http.StatusOK, settingsResponse(saved, c.Settings))
}

// jsonProblem says what was wrong with a JSON body without echoing it.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return "field " + strconv.Quote(te.Field) + " has the wrong type"
	}
	return "it is not valid JSON with the known fields"
}

// metrics is GET /console/api/metrics?days=30 (or from=&to=, yyyy-mm-dd).
func (c *Console) metrics(w http.ResponseWriter, r *http.Request) {
	if c.Metrics == nil {
		c.fail(w, r, ErrUnavailable)
		return
	}
	q := r.URL.Query()
	loc := c.Metrics.Location
	if loc == nil {
		loc = time.UTC
	}
	to := c.Clock.Now().In(loc)
	from := to.AddDate(0, 0, -29)
	if s := q.Get("days"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > metrics.MaxDays {
			c.fail(w, r, badRequest("days must be a number from 1 to 366"))
			return
		}
		from = to.AddDate(0, 0, -(n - 1))
	}
	if s, e := q.Get("from"), q.Get("to"); s != "" || e != "" {
		f, err1 := time.ParseInLocation(time.DateOnly, s, loc)
		t, err2 := time.ParseInLocation(time.DateOnly, e, loc)
		if err1 != nil || err2 != nil || t.Before(f) || t.Sub(f) > (metrics.MaxDays-1)*24*time.Hour {
			c.fail(w, r, badRequest("from and to must be dates (yyyy-mm-dd), from first, at most 366 days apart"))
			return
		}
		from, to = f, t
	}
	rep, err := c.Metrics.Read(r.Context(), c.Shop, from, to)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	cur := "USD"
	if c.Settings != nil {
		s, err := c.Settings.Get(r.Context(), c.Shop)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		cur = s.ShopCurrency()
	}
	httpjson.Write(w, http.StatusOK, metricsResponse(rep, cur))
}

// metricsReport is the metrics with the shop's currency: its code, symbol
// and minor digits (the counters' cents are minor units of it), and the
// total's money as the merchant reads it (pkg/money).
type metricsReport struct {
	metrics.Report
	Currency map[string]any    `json:"currency"`
	Amounts  map[string]string `json:"amounts"`
	// Revenue is the days' revenue in major units of the currency (the
	// charts draw numbers; pkg/money's digits, not the browser's, divide).
	Revenue revenueSeries `json:"revenue"`
}

// revenueSeries is a report's revenue a day, in major units, in the order
// of its days.
type revenueSeries struct {
	Suggestions []float64 `json:"suggestions"`
	Referrals   []float64 `json:"referrals"`
}

func metricsResponse(rep metrics.Report, cur string) metricsReport {
	t := rep.Total
	out := metricsReport{Report: rep,
		Currency: map[string]any{"code": cur, "symbol": money.Symbol(cur), "digits": money.Digits(cur)},
		Amounts: map[string]string{
			"revenue":          money.Format(t.RevenueCents, cur),
			"credit_kept":      money.Format(t.CreditKeptCents, cur),
			"credit_issued":    money.Format(t.CreditIssuedCents, cur),
			"referral_revenue": money.Format(t.ReferralRevenueCents, cur),
		},
		Revenue: revenueSeries{Suggestions: []float64{}, Referrals: []float64{}}}
	for _, d := range rep.Days {
		out.Revenue.Suggestions = append(out.Revenue.Suggestions, major(d.RevenueCents, cur))
		out.Revenue.Referrals = append(out.Revenue.Referrals, major(d.ReferralRevenueCents, cur))
	}
	return out
}
