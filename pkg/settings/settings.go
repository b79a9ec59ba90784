// Package settings is the merchant's settings, changed from the console
// and read by everything that acts for the shop: the policy the agent
// follows (return window, automatic actions and their limits, voice and
// sign-off), the outreach windows, the notification channels and the
// brand (logo and colours) the tracking page and the notices show.
//
// Settings are one document per shop (collection "settings", id = shop),
// read through a short cache: a change takes effect everywhere within the
// cache's TTL, and at once in the process that made it, without a deploy.
// Service implements agent.Policies.
package settings

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/money"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Collection holds one settings document per shop, by shop domain.
const Collection = "settings"

// DefaultTTL is how long a read is trusted before the store is asked again.
const DefaultTTL = 15 * time.Second

// Settings is one shop's settings.
type Settings struct {
	// Policy is what the agent may do and how it writes: return window,
	// automatic returns, refunds and address changes and their limits,
	// store credit bonus, shop name, voice and sign-off.
	Policy        policy.Policy `json:"policy"`
	Outreach      Outreach      `json:"outreach"`
	Notifications Notifications `json:"notifications"`
	// Brand is how the tracking page and the notices look.
	Brand Brand `json:"brand"`
	// Currency is the shop's currency (ISO 4217, as in Shopify's store
	// settings): every amount here is in its minor units (cents for USD,
	// yen for JPY). Empty means DefaultCurrency.
	Currency string `json:"currency,omitempty"`

	UpdatedAt time.Time `json:"updated_at,omitzero"`
	UpdatedBy string    `json:"updated_by,omitempty"`
}

// Outreach is when doorstep writes to customers after delivery.
type Outreach struct {
	// Enabled turns post-delivery outreach on.
	Enabled bool `json:"enabled"`
	// CheckInDays after delivery: the satisfaction check-in.
	CheckInDays int `json:"check_in_days"`
	// ReviewDays after delivery: the delivery-satisfaction and review
	// request.
	ReviewDays int `json:"review_days"`
	// Suggestions sends a reorder or add-on suggestion to happy customers.
	Suggestions bool `json:"suggestions"`
	// DiscountPercent or DiscountAmount (minor units of the shop's
	// currency; one of the two, 0 for none) is what the unique, single-use
	// code issued with each suggestion takes off; DiscountDays how long the
	// code is valid. FriendCodes issues a second such code, for anyone, for
	// the customer to give a friend.
	DiscountPercent int   `json:"discount_percent"`
	DiscountAmount  int64 `json:"discount_amount"`
	DiscountDays    int   `json:"discount_days"`
	FriendCodes     bool  `json:"friend_codes"`
	// AttributionDays is how long after a suggestion an order that uses
	// its code or product counts as revenue from it.
	AttributionDays int `json:"attribution_days"`
}

// Notifications is which messages go out, and to whom on the team.
type Notifications struct {
	// Shipping notifications by email.
	EmailConfirmed      bool `json:"email_confirmed"`
	EmailShipped        bool `json:"email_shipped"`
	EmailOutForDelivery bool `json:"email_out_for_delivery"`
	EmailDelivered      bool `json:"email_delivered"`
	EmailDelayed        bool `json:"email_delayed"`
	// SMS sends the shipping notifications by text too, to customers who
	// opted in (package sms).
	SMS bool `json:"sms"`
	// StaffEmail hears of every new handoff; SecondContact of a missed SLA.
	StaffEmail    string `json:"staff_email,omitempty"`
	SecondContact string `json:"second_contact,omitempty"`
	// SLAHours is how long a person has to answer a handoff; 0 keeps the
	// deployment's (the EscalationSla parameter).
	SLAHours int `json:"sla_hours"`
}

// Brand is how the shop looks on the tracking page and in the notices
// doorstep sends; the name is Policy.ShopName. Empty fields keep the
// defaults (the name for the logo, doorstep's colours).
type Brand struct {
	// LogoURL is the logo image's address: https (Shopify's CDN, say), or
	// http on this machine (localhost, 127.0.0.1) to try doorstep locally.
	LogoURL string `json:"logo_url"`
	// PrimaryColor (headers) and AccentColor (buttons) are "#rrggbb".
	PrimaryColor string `json:"primary_color"`
	AccentColor  string `json:"accent_color"`
}

// MaxLogoURL is the longest logo address accepted.
const MaxLogoURL = 2048

var hexColorRE = regexp.MustCompile(`^#[0-9a-f]{6}$`)

// ColorProblem says what is wrong with c as a brand colour ("" when it is
// "#rrggbb", any case).
func ColorProblem(c string) string {
	if !hexColorRE.MatchString(strings.ToLower(c)) {
		return "must be a colour written #rrggbb, e.g. #2f4858"
	}
	return ""
}

// LogoProblem says what is wrong with u as a logo address ("" when it is
// an https URL with a host, or http on a loopback host).
func LogoProblem(u string) string {
	if len(u) > MaxLogoURL {
		return fmt.Sprintf("must be at most %d characters", MaxLogoURL)
	}
	if strings.ContainsAny(u, " \t\r\n\"'<>\\`") {
		return "must be a web address with no spaces or quotes"
	}
	p, err := url.Parse(u)
	if err != nil || p.Host == "" || p.User != nil || p.Opaque != "" {
		return "must be a web address starting with https://"
	}
	switch p.Scheme {
	case "https":
		return ""
	case "http":
		if h := p.Hostname(); h == "localhost" || h == "127.0.0.1" || h == "::1" {
			return ""
		}
	}
	return "must start with https:// (http only for localhost)"
}

// Default is the settings a shop starts with, around pol.
func Default(pol policy.Policy) Settings {
	return Settings{
		Policy: pol,
		Outreach: Outreach{Enabled: true, CheckInDays: 3, ReviewDays: 13, Suggestions: true,
			AttributionDays: 30, DiscountDays: 30},
		Notifications: Notifications{EmailConfirmed: true, EmailShipped: true, EmailOutForDelivery: true,
			EmailDelivered: true, EmailDelayed: true, SLAHours: 4},
	}
}

// ValidationError says which fields are wrong, in words fit for the
// merchant.
type ValidationError struct {
	Problems map[string]string // field → what is wrong
}

func (e *ValidationError) Error() string {
	var parts []string
	for f, p := range e.Problems {
		parts = append(parts, f+": "+p)
	}
	return "invalid settings: " + strings.Join(parts, "; ")
}

// Validate checks s and tidies its text (trimmed, one line each).
func (s *Settings) Validate() error {
	bad := map[string]string{}
	p := &s.Policy
	between := func(field string, v, lo, hi int) {
		if v < lo || v > hi {
			bad[field] = fmt.Sprintf("must be from %d to %d", lo, hi)
		}
	}
	between("policy.return_window_days", p.ReturnWindowDays, 0, 365)
	between("policy.store_credit_bonus_percent", p.StoreCreditBonusPercent, 0, 100)
	s.Currency = strings.ToUpper(strings.TrimSpace(s.Currency))
	if s.Currency != "" && !money.Known(s.Currency) {
		bad["currency"] = "must be a currency code such as USD, EUR or JPY"
	}
	cur := s.ShopCurrency()
	maxMoney := MaxAmount(cur)
	inRange := func(field string, v int64) {
		if v < 0 || v > maxMoney {
			bad[field] = "must be from 0 to " + money.Format(maxMoney, cur)
		}
	}
	inRange("policy.refund_auto_limit", int64(p.RefundAutoLimit))
	inRange("policy.cancel_auto_limit", int64(p.CancelAutoLimit))
	inRange("policy.keep_it_limit", int64(p.KeepItLimit))
	between("policy.not_received_wait_hours", p.NotReceivedWaitHours, 0, 24*365)
	between("policy.not_received_claim_days", p.NotReceivedClaimDays, 0, 365)
	between("policy.late_act_days", p.LateActDays, 0, 60)
	inRange("policy.not_received_auto_limit", int64(p.NotReceivedAutoLimit))
	p.NotReceivedAction = strings.ToLower(strings.TrimSpace(p.NotReceivedAction))
	if p.NotReceivedAction == "" {
		p.NotReceivedAction = policy.NotReceivedPerson // as before the setting
	}
	if !slices.Contains(policy.NotReceivedActions, p.NotReceivedAction) {
		bad["policy.not_received_action"] = "must be one of " + strings.Join(policy.NotReceivedActions, ", ")
	}
	line := func(field string, v *string, min, max int) {
		*v = strings.Join(strings.Fields(*v), " ") // the prompt keeps its shape: one line
		if n := utf8.RuneCountInString(*v); n < min || n > max {
			if min > 0 {
				bad[field] = fmt.Sprintf("must be %d to %d characters", min, max)
			} else {
				bad[field] = fmt.Sprintf("must be at most %d characters", max)
			}
		}
	}
	line("policy.shop_name", &p.ShopName, 1, 80)
	line("policy.voice", &p.Voice, 1, 200)
	line("policy.sign_off", &p.SignOff, 0, 200)

	o := &s.Outreach
	between("outreach.check_in_days", o.CheckInDays, 0, 60) // 0: the deployment's delay
	between("outreach.review_days", o.ReviewDays, 0, 90)    // 0: the deployment's delay
	between("outreach.attribution_days", o.AttributionDays, 1, 90)
	between("outreach.discount_percent", o.DiscountPercent, 0, 100)
	inRange("outreach.discount_amount", o.DiscountAmount)
	if o.DiscountPercent > 0 && o.DiscountAmount > 0 {
		bad["outreach.discount_amount"] = "a percentage or an amount off, not both"
	}
	between("outreach.discount_days", o.DiscountDays, 1, 365)

	n := &s.Notifications
	if n.SLAHours != 0 { // 0: the deployment's (EscalationSla)
		between("notifications.sla_hours", n.SLAHours, 1, 168)
	}
	for field, v := range map[string]*string{"notifications.staff_email": &n.StaffEmail, "notifications.second_contact": &n.SecondContact} {
		*v = strings.TrimSpace(*v)
		if *v == "" {
			continue
		}
		if a, err := mail.ParseAddress(*v); err != nil || a.Name != "" {
			bad[field] = "must be an email address"
		}
	}
	b := &s.Brand
	b.LogoURL = strings.TrimSpace(b.LogoURL)
	if b.LogoURL != "" {
		if p := LogoProblem(b.LogoURL); p != "" {
			bad["brand.logo_url"] = p
		}
	}
	for field, v := range map[string]*string{"brand.primary_color": &b.PrimaryColor, "brand.accent_color": &b.AccentColor} {
		*v = strings.ToLower(strings.TrimSpace(*v))
		if *v == "" {
			continue
		}
		if p := ColorProblem(*v); p != "" {
			bad[field] = p
		}
	}
	if len(bad) > 0 {
		return &ValidationError{Problems: bad}
	}
	return nil
}

// DefaultCurrency is the shop's currency when the settings name none.
const DefaultCurrency = money.DefaultCurrency

// ShopCurrency is s.Currency, or DefaultCurrency when it is empty.
func (s Settings) ShopCurrency() string {
	if s.Currency == "" {
		return DefaultCurrency
	}
	return s.Currency
}

// MaxAmount is the largest amount a setting may hold, in minor units of
// currency: ten million of its major units ($10,000,000.00, ¥10,000,000).
func MaxAmount(currency string) int64 {
	m := int64(10_000_000)
	for range money.Digits(currency) {
		m *= 10
	}
	return m
}

// moneyFields are the settings that are amounts of the shop's currency,
// by the name the console and its errors use.
func (s *Settings) moneyFields() map[string]*int64 {
	return map[string]*int64{
		"policy.refund_auto_limit":       (*int64)(&s.Policy.RefundAutoLimit),
		"policy.cancel_auto_limit":       (*int64)(&s.Policy.CancelAutoLimit),
		"policy.keep_it_limit":           (*int64)(&s.Policy.KeepItLimit),
		"policy.not_received_auto_limit": (*int64)(&s.Policy.NotReceivedAutoLimit),
		"outreach.discount_amount":       &s.Outreach.DiscountAmount,
	}
}

// Amounts are the money settings as decimals of the shop's currency, the
// way a person types them: "30.00" for $30, "3000" for ¥3,000.
func (s Settings) Amounts() map[string]string {
	out := map[string]string{}
	for field, v := range s.moneyFields() {
		out[field] = money.Decimal(*v, s.ShopCurrency())
	}
	return out
}

// SetAmounts sets money settings from decimals of the shop's currency as a
// person typed them ("30", "30.5", "1,200" for ¥1,200), by field name. Any
// that is not an amount of the currency (more decimals than it has, a
// letter, an unknown field) fails with a ValidationError naming each, and
// then none is set.
func (s *Settings) SetAmounts(in map[string]string) error {
	fields := s.moneyFields()
	cur := strings.ToUpper(strings.TrimSpace(s.Currency))
	if cur == "" {
		cur = DefaultCurrency
	}
	if !money.Known(cur) {
		return &ValidationError{Problems: map[string]string{"currency": "must be a currency code such as USD, EUR or JPY"}}
	}
	bad := map[string]string{}
	parsed := map[string]int64{}
	for field, text := range in {
		if _, ok := fields[field]; !ok {
			bad[field] = "is not an amount setting"
			continue
		}
		v, err := parseAmount(text, cur)
		if err != nil {
			bad[field] = err.Error()
			continue
		}
		parsed[field] = v
	}
	if len(bad) > 0 {
		return &ValidationError{Problems: bad}
	}
	for field, v := range parsed {
		*fields[field] = v
	}
	return nil
}

// parseAmount reads an amount as a person types it in a form: digits,
// optionally grouped with commas, and at most as many decimals as the
// currency has; no sign; the currency's own symbol or code before it (as
// the console shows amounts: "¥3,000", "HUF 1,200.00") is allowed.
func parseAmount(text, currency string) (int64, error) {
	t := strings.TrimSpace(text)
	for _, mark := range []string{money.Symbol(currency), currency} {
		if rest, ok := strings.CutPrefix(t, mark); ok && mark != "" {
			t = strings.TrimSpace(rest)
			break
		}
	}
	if t == "" {
		return 0, errors.New("is empty: enter 0 for none")
	}
	if strings.HasPrefix(t, "-") {
		return 0, errors.New("must not be negative")
	}
	if whole, _, _ := strings.Cut(t, "."); strings.Contains(whole, ",") {
		if !groupedRE.MatchString(whole) {
			return 0, errors.New("has commas out of place: write 1,200 or 1200")
		}
		t = strings.ReplaceAll(t, ",", "")
	}
	digits := money.Digits(currency)
	v, err := money.ParseDecimal(t, currency)
	if err != nil {
		if whole, frac, ok := strings.Cut(t, "."); ok && isDigits(whole) && isDigits(frac) {
			if digits == 0 {
				return 0, fmt.Errorf("%s has no minor units: enter a whole amount", currency)
			}
			return 0, fmt.Errorf("%s has %d decimals: enter at most %d", currency, digits, digits)
		}
		return 0, fmt.Errorf("is not an amount of %s", currency)
	}
	return v, nil
}

// groupedRE is a whole number grouped by threes with commas: "1,200".
var groupedRE = regexp.MustCompile(`^[0-9]{1,3}(,[0-9]{3})+$`)

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Docs is the part of the store settings need.
type Docs interface {
	GetDoc(ctx context.Context, coll, id string) ([]byte, error)
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
}

// Service reads and writes settings.
type Service struct {
	Store Docs
	// Defaults gives a shop's settings before anyone changed them; nil
	// means Default(policy.Default()).
	Defaults func(shop string) Settings
	Clock    clock.Clock
	// TTL is how long a read is cached; 0 means DefaultTTL.
	TTL time.Duration

	mu    sync.Mutex
	cache map[string]cached
}

type cached struct {
	s  Settings
	at time.Time
}

func (s *Service) ttl() time.Duration {
	if s.TTL > 0 {
		return s.TTL
	}
	return DefaultTTL
}

func (s *Service) defaults(shop string) Settings {
	if s.Defaults != nil {
		return s.Defaults(shop)
	}
	return Default(policy.Default())
}

// Get returns a shop's settings: the cached copy when it is fresh, else the
// stored document laid over the defaults (so a field added later gets its
// default), else the defaults.
func (s *Service) Get(ctx context.Context, shop string) (Settings, error) {
	now := s.Clock.Now()
	s.mu.Lock()
	c, ok := s.cache[shop]
	s.mu.Unlock()
	if ok && now.Sub(c.at) < s.ttl() && !now.Before(c.at) {
		return c.s, nil
	}
	out := s.defaults(shop)
	b, err := s.Store.GetDoc(ctx, Collection, shop)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return Settings{}, fmt.Errorf("read settings %s: %w", shop, err)
	default:
		if err := json.Unmarshal(b, &out); err != nil {
			return Settings{}, fmt.Errorf("decode settings %s: %w", shop, err)
		}
	}
	s.remember(shop, out, now)
	return out, nil
}

func (s *Service) remember(shop string, v Settings, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cache == nil {
		s.cache = map[string]cached{}
	}
	s.cache[shop] = cached{s: v, at: at}
}

// Put validates and stores a shop's settings; by names who changed them.
// This process sees the change at once, others within the TTL.
func (s *Service) Put(ctx context.Context, shop string, v Settings, by string) (Settings, error) {
	if err := v.Validate(); err != nil {
		return Settings{}, err
	}
	v.UpdatedAt, v.UpdatedBy = s.Clock.Now().UTC().Truncate(time.Second), by
	b, err := json.Marshal(v)
	if err != nil {
		return Settings{}, fmt.Errorf("encode settings: %w", err)
	}
	if err := s.Store.PutDoc(ctx, Collection, shop, b, time.Time{}); err != nil {
		return Settings{}, fmt.Errorf("write settings %s: %w", shop, err)
	}
	s.remember(shop, v, s.Clock.Now())
	return v, nil
}

// PolicyCopy reads a shop's policy from the store, not the cache, with the
// stored document it came from (agent.PolicyCopier): the customer context
// keeps it, and the turns that use it are guarded by that document
// (store.DocGuard), so a save here supersedes the copy at once.
func (s *Service) PolicyCopy(ctx context.Context, shop string) (conversation.PolicyCopy, error) {
	now := s.Clock.Now()
	out := s.defaults(shop)
	b, err := s.Store.GetDoc(ctx, Collection, shop)
	switch {
	case errors.Is(err, store.ErrNotFound):
		b = nil
	case err != nil:
		return conversation.PolicyCopy{}, fmt.Errorf("read settings %s: %w", shop, err)
	default:
		if err := json.Unmarshal(b, &out); err != nil {
			return conversation.PolicyCopy{}, fmt.Errorf("decode settings %s: %w", shop, err)
		}
	}
	s.remember(shop, out, now)
	return conversation.PolicyCopy{Policy: out.Policy, Coll: Collection, ID: shop, Doc: b}, nil
}

// Policy returns the shop's policy (agent.Policies).
func (s *Service) Policy(ctx context.Context, shop string) (policy.Policy, error) {
	v, err := s.Get(ctx, shop)
	if err != nil {
		return policy.Policy{}, err
	}
	return v.Policy, nil
}

// Sends reports whether the shipping notification of kind ("confirmed",
// "shipped", "out_for_delivery", "delivered", "delayed") goes out by
// email; other messages are not switched here.
func (n Notifications) Sends(kind string) bool {
	switch kind {
	case "confirmed":
		return n.EmailConfirmed
	case "shipped":
		return n.EmailShipped
	case "out_for_delivery":
		return n.EmailOutForDelivery
	case "delivered":
		return n.EmailDelivered
	case "delayed":
		return n.EmailDelayed
	}
	return true
}
