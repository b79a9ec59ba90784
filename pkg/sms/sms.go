// Package sms is text messaging with the customer's consent: who opted in
// (on the tracking page, or by replying START or YES) and who opted out
// (by replying STOP, or by the short signed link in every text), one
// record per consent with its time and source, and the notices that go by
// text to opted-in customers when the merchant's settings switch SMS on.
// The transport is notify.SMS (package sns in AWS, a local file in make
// dev); a number the transport reports opted out (SNS's opted-out list)
// is recorded as opted out here too.
package sms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Store is what the service keeps its records in.
type Store interface {
	GetDoc(ctx context.Context, coll, id string) ([]byte, error)
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
	DeleteDoc(ctx context.Context, coll, id string) error
}

// Sources of a consent.
const (
	SourceTrackingPage = "tracking_page" // the opt-in form on the tracking page
	SourceReply        = "sms_reply"     // the customer texted a keyword
	SourceLink         = "sms_link"      // the opt-out link in a text
	SourceCarrier      = "carrier"       // the transport's opted-out list (SNS)
)

// Actions of a consent.
const (
	OptInAction  = "opt_in"
	OptOutAction = "opt_out"
)

// Consent is one opt-in or opt-out, as it happened: kept, never replaced.
type Consent struct {
	Phone  string    `json:"phone"`
	Action string    `json:"action"`
	Source string    `json:"source"`
	At     time.Time `json:"at"`
	// OrderID is the order whose tracking page it was given on.
	OrderID string `json:"order_id,omitempty"`
	// Email is the order's email, for an opt-in on the tracking page.
	Email string `json:"email,omitempty"`
	// Wording is what the customer agreed to or sent, word for word.
	Wording string `json:"wording,omitempty"`
}

// Number is a phone number's standing: whether texts may go to it.
type Number struct {
	OptedIn bool      `json:"opted_in"`
	Source  string    `json:"source"`
	At      time.Time `json:"at"`
	// Confirmed is set once the opt-out confirmation went (or the carrier
	// took it over): one confirmation per opt-out, then silence.
	Confirmed bool `json:"confirmed,omitempty"`
	// OptedOutAt is the number's last opt-out, and RestartedAt its last
	// opt-in by reply (START from the number: for every customer on it).
	// A customer's texts go when their own opt-in, or a START, came after
	// the last opt-out: another customer's opt-in with the same number
	// does not undo a STOP for them.
	OptedOutAt  time.Time `json:"opted_out_at,omitempty"`
	RestartedAt time.Time `json:"restarted_at,omitempty"`
}

// customerNumber is the number a customer (shop and email) opted in with,
// and when.
type customerNumber struct {
	Phone string    `json:"phone"`
	At    time.Time `json:"at,omitempty"`
}

// Collections, one set per shop.
func consentColl(shop string) string { return "smsconsent:" + shop }
func numberColl(shop string) string  { return "smsnumber:" + shop }
func phoneColl(shop string) string   { return "smsphone:" + shop }
func refColl(shop string) string     { return "smsref:" + shop }

// ConsentWording is what the tracking page's checkbox says; the customer's
// tick agrees to exactly it, and it is kept with the consent.
func ConsentWording(shopName string) string {
	return fmt.Sprintf("Text me updates about my orders from %s (delays, delivery). Msg & data rates may apply. Reply STOP or use the link in any text to stop.", shopName)
}

// Enabled says whether a shop sends texts (the console's settings).
type Enabled func(ctx context.Context, shop string) (bool, error)

// OptInner is a transport that keeps its own opt-out list and can take a
// number off it (SNS OptInPhoneNumber).
type OptInner interface {
	OptIn(ctx context.Context, phone string) error
}

// Service keeps consents and sends texts to those who gave it.
type Service struct {
	Store     Store
	Transport notify.SMS
	// Keys derive the opt-out links (signed.SMSStop); BaseURL is where they
	// point ("": the address in the context, notify.WithBaseURL).
	Keys    *signed.Keyring
	BaseURL string
	// Shop is the shop this deployment serves (the opt-out link and inbound
	// texts name none); ShopName signs the texts.
	Shop, ShopName string
	// Contact is where the HELP text sends customers (the support
	// address); empty leaves it out.
	Contact string
	// Enabled, when set, is the merchant's switch; nil: on.
	Enabled Enabled
	Clock   clock.Clock
	Log     *slog.Logger
}

var _ notify.Texter = (*Service)(nil)

// ErrBadPhone is a number that is not in international form.
var ErrBadPhone = errors.New("not a mobile number in international form")

func (s *Service) log() *slog.Logger {
	if s.Log == nil {
		return slog.Default()
	}
	return s.Log
}

// On reports whether shop sends texts: a transport is set up and the
// merchant switched SMS on.
func (s *Service) On(ctx context.Context, shop string) (bool, error) {
	if s == nil || s.Transport == nil {
		return false, nil
	}
	if s.Enabled == nil {
		return true, nil
	}
	return s.Enabled(ctx, shop)
}

// Standing is a number's current standing; the zero Number (not opted in)
// when there is no record.
func (s *Service) Standing(ctx context.Context, shop, phone string) (Number, error) {
	n, _, err := s.standing(ctx, shop, phone)
	return n, err
}

// standing is Standing, and whether the number has a record at all.
func (s *Service) standing(ctx context.Context, shop, phone string) (Number, bool, error) {
	b, err := s.Store.GetDoc(ctx, numberColl(shop), phone)
	if errors.Is(err, store.ErrNotFound) {
		return Number{}, false, nil
	}
	if err != nil {
		return Number{}, false, fmt.Errorf("read sms standing: %w", err)
	}
	var n Number
	if err := json.Unmarshal(b, &n); err != nil {
		return Number{}, false, fmt.Errorf("read sms standing: %w", err)
	}
	return n, true, nil
}

// record keeps c and sets the number's standing from it.
func (s *Service) record(ctx context.Context, shop string, c Consent) error {
	b, _ := json.Marshal(c)
	id := c.Phone + "|" + c.At.UTC().Format(time.RFC3339Nano) + "|" + c.Action
	if err := s.Store.PutDoc(ctx, consentColl(shop), id, b, time.Time{}); err != nil {
		return fmt.Errorf("record sms consent: %w", err)
	}
	prev, _, err := s.standing(ctx, shop, c.Phone)
	if err != nil {
		return err
	}
	next := Number{OptedIn: c.Action == OptInAction, Source: c.Source, At: c.At, OptedOutAt: prev.OptedOutAt, RestartedAt: prev.RestartedAt}
	switch {
	case c.Action == OptOutAction:
		next.OptedOutAt = c.At
	case c.Source == SourceReply:
		next.RestartedAt = c.At
	}
	n, _ := json.Marshal(next)
	if err := s.Store.PutDoc(ctx, numberColl(shop), c.Phone, n, time.Time{}); err != nil {
		return fmt.Errorf("record sms standing: %w", err)
	}
	return nil
}

// OptIn records a customer's opt-in for phone (any form Normalise reads);
// with an email (the tracking page's order), that customer's notices go to
// this number, and only theirs: consent is per customer (shop and
// email), so another customer's order with the same phone is not texted. A transport with its own opt-out list (SNS) takes the
// number off it.
func (s *Service) OptIn(ctx context.Context, shop string, c Consent) error {
	phone := Normalise(c.Phone)
	if phone == "" {
		return ErrBadPhone
	}
	c.Phone, c.Action, c.At = phone, OptInAction, s.Clock.Now()
	c.Email = order.NormaliseEmail(c.Email)
	if err := s.record(ctx, shop, c); err != nil {
		return err
	}
	if c.Email != "" {
		b, _ := json.Marshal(customerNumber{Phone: phone, At: c.At})
		if err := s.Store.PutDoc(ctx, phoneColl(shop), c.Email, b, time.Time{}); err != nil {
			return fmt.Errorf("record sms number: %w", err)
		}
	}
	b, _ := json.Marshal(map[string]string{"phone": phone})
	if err := s.Store.PutDoc(ctx, refColl(shop), s.ref(shop, phone), b, time.Time{}); err != nil {
		return fmt.Errorf("record sms link: %w", err)
	}
	if oi, ok := s.Transport.(OptInner); ok {
		if err := oi.OptIn(ctx, phone); err != nil {
			// SNS allows it once in 30 days; our record stands and the
			// transport's own check still refuses what it must.
			s.log().WarnContext(ctx, "sms opt-in at the transport", "shop", shop, "err", err)
		}
	}
	s.log().InfoContext(ctx, "sms opt-in", "shop", shop, "source", c.Source)
	return nil
}

// ConfirmOptIn texts phone, just opted in on a tracking page, who signed
// it up and how to end it: anyone holding an order's page link can type a
// number, and carriers expect every opt-in confirmed. Nothing goes while
// the shop sends no texts (as for START).
func (s *Service) ConfirmOptIn(ctx context.Context, shop, phone string) error {
	p := Normalise(phone)
	if p == "" {
		return ErrBadPhone
	}
	on, err := s.On(ctx, shop)
	if err != nil || !on {
		return err
	}
	if err := s.send(ctx, shop, p, s.optInText()); err != nil {
		return fmt.Errorf("confirm sms opt-in: %w", err)
	}
	return nil
}

func (s *Service) OptOut(ctx context.Context, shop, phone, source, wording string) error {
	p := Normalise(phone)
	if p == "" {
		return ErrBadPhone
	}
	if err := s.record(ctx, shop, Consent{Phone: p, Action: OptOutAction, Source: source, At: s.Clock.Now(), Wording: wording}); err != nil {
		return err
	}
	s.log().InfoContext(ctx, "sms opt-out", "shop", shop, "source", source)
	return nil
}

// Consents lists the consents recorded for phone, oldest first.
func (s *Service) Consents(ctx context.Context, shop, phone string) ([]Consent, error) {
	docs, err := s.Store.ListDocs(ctx, consentColl(shop), Normalise(phone)+"|", "", 1000)
	if err != nil {
		return nil, fmt.Errorf("list sms consents: %w", err)
	}
	out := make([]Consent, 0, len(docs))
	for _, d := range docs {
		var c Consent
		if err := json.Unmarshal(d.Value, &c); err == nil {
			out = append(out, c)
		}
	}
	return out, nil
}

// NumberFor is where a customer's texts go: the number that customer
// (the order's email, in the shop) gave when opting in, in E.164; "" when
// they never opted in. Consent is the customer's, not the number's: an
// order whose own phone is a number someone else opted in gets no texts,
// and texts go only about the orders of the customer who opted in.
func (s *Service) NumberFor(ctx context.Context, o order.Order) (string, error) {
	cn, err := s.customer(ctx, o)
	return cn.Phone, err
}

// customer is the number o's customer opted in with; zero when none.
func (s *Service) customer(ctx context.Context, o order.Order) (customerNumber, error) {
	email := order.NormaliseEmail(firstNonEmpty(o.Email, o.Customer.Email))
	if email == "" {
		return customerNumber{}, nil
	}
	b, err := s.Store.GetDoc(ctx, phoneColl(o.Shop), email)
	if errors.Is(err, store.ErrNotFound) {
		return customerNumber{}, nil
	}
	if err != nil {
		return customerNumber{}, fmt.Errorf("read sms number: %w", err)
	}
	var cn customerNumber
	if json.Unmarshal(b, &cn) != nil {
		return customerNumber{}, nil
	}
	cn.Phone = Normalise(cn.Phone)
	return cn, nil
}

// TextsTo is the number o's customer gets texts at: the one they opted
// in with, while that consent stands (the number is opted in, and their
// opt-in or a START from the number came after its last opt-out); ""
// otherwise.
func (s *Service) TextsTo(ctx context.Context, o order.Order) (string, error) {
	cn, err := s.customer(ctx, o)
	if err != nil || cn.Phone == "" {
		return "", err
	}
	n, err := s.Standing(ctx, o.Shop, cn.Phone)
	if err != nil {
		return "", err
	}
	if !n.OptedIn || (!n.OptedOutAt.IsZero() && !cn.At.After(n.OptedOutAt) && !n.RestartedAt.After(n.OptedOutAt)) {
		return "", nil
	}
	return cn.Phone, nil
}

// Text sends a notice's text about o to its customer when they opted in,
// with the opt-out link. It is notify's Texter: the notifier calls it
// after the mail went, when the merchant's settings send texts.
func (s *Service) Text(ctx context.Context, o order.Order, text string) error {
	phone, err := s.TextsTo(ctx, o)
	if err != nil {
		return err
	}
	if phone == "" {
		s.log().InfoContext(ctx, "sms not sent: the customer's opt-in does not stand", "shop", o.Shop, "order_id", o.ID)
		return nil
	}
	return s.send(ctx, o.Shop, phone, text)
}

// send texts an opted-in phone with the opt-out link; a number the
// transport reports opted out is recorded so.
func (s *Service) send(ctx context.Context, shop, phone, text string) error {
	if link := s.StopURL(ctx, shop, phone); link != "" {
		text += " Stop texts: " + link
	}
	err := s.Transport.SendSMS(ctx, phone, text)
	if errors.Is(err, notify.ErrSMSOptedOut) {
		s.log().InfoContext(ctx, "sms not sent: opted out at the carrier", "shop", shop)
		return s.OptOut(ctx, shop, phone, SourceCarrier, "")
	}
	if err != nil {
		return fmt.Errorf("send sms: %w", err)
	}
	return nil
}

// ref is the opt-out link's id for phone: a MAC of the number under the
// link-signing key, cut to 16 characters (96 bits), so the link is short
// and names no number.
func (s *Service) ref(shop, phone string) string {
	tok := s.Keys.Sign(signed.SMSStop, time.Time{}, shop, phone)
	i := strings.LastIndexByte(tok, '.')
	if i < 0 || len(tok)-i-1 < 16 {
		return ""
	}
	return tok[i+1 : i+17]
}

// StopURL is the short opt-out link for phone ("" without keys or an
// address).
func (s *Service) StopURL(ctx context.Context, shop, phone string) string {
	base := s.BaseURL
	if base == "" {
		base = notify.BaseURL(ctx)
	}
	ref := s.ref(shop, phone)
	if base == "" || ref == "" {
		return ""
	}
	return strings.TrimRight(base, "/") + "/s/" + ref
}

// numberOfRef is the number an opt-out link is for; "" when the link is
// not one we made.
func (s *Service) numberOfRef(ctx context.Context, shop, ref string) (string, error) {
	if len(ref) != 16 {
		return "", nil
	}
	b, err := s.Store.GetDoc(ctx, refColl(shop), ref)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read sms link: %w", err)
	}
	var v struct{ Phone string }
	if err := json.Unmarshal(b, &v); err != nil || s.ref(shop, v.Phone) != ref {
		return "", nil
	}
	return v.Phone, nil
}

// Texts answering a customer's keyword.
func (s *Service) stopText() string {
	return fmt.Sprintf("%s: you're unsubscribed and will get no more texts from us. Reply START to resubscribe.", s.shopName())
}

func (s *Service) startText() string {
	return fmt.Sprintf("%s: you'll get texts about your orders. Msg & data rates may apply. Reply STOP to stop.", s.shopName())
}

func (s *Service) optInText() string {
	return fmt.Sprintf("%s: you signed up for texts about your order on our tracking page. Msg & data rates may apply. Not you, or want no more? Reply STOP.", s.shopName())
}

func (s *Service) helpText() string {
	t := fmt.Sprintf("%s order updates by text. Reply STOP to stop, START to get them again.", s.shopName())
	if c := strings.TrimSpace(s.Contact); c != "" {
		t += " Help: " + c
	}
	return t + " Msg & data rates may apply."
}

func (s *Service) unknownText() string {
	return fmt.Sprintf("%s: we couldn't find text updates for this number. To get them, tick the box on your order's tracking page.", s.shopName())
}

// Receive acts on a text a customer sent, and returns the keyword it read:
//   - STOP and its synonyms, or a message clearly asking for no more texts
//     (Classify), opt the number out, known or not, and get exactly one
//     confirmation that says how to resubscribe; then nothing more goes to
//     the number (a repeated or redelivered STOP is not confirmed again);
//   - START, UNSTOP or YES opt back in a number that has a record here (it
//     opted in or out before) and confirm it while the shop sends texts; a
//     number with no record gets no consent out of nowhere: nothing is
//     recorded, and it is told (while the shop sends texts) where to opt
//     in, on the tracking page whose wording it then agrees to;
//   - HELP gets the help text (always, as carriers expect);
//   - anything else changes nothing; from an opted-in number it gets a
//     general answer at most once a day that names no order (a number
//     may be shared by customers, answerGenerally).
//
// The confirmation and the help text go whatever the merchant's switch:
// carriers expect them from any number that texts.
func (s *Service) Receive(ctx context.Context, shop string, in Inbound) (Keyword, error) {
	from := Normalise(in.From)
	if from == "" {
		return KeywordNone, ErrBadPhone
	}
	k := Classify(in.Body)
	switch k {
	case KeywordStop:
		return k, s.stop(ctx, shop, from, in.Body)
	case KeywordStart:
		_, known, err := s.standing(ctx, shop, from)
		if err != nil {
			return k, err
		}
		if !known {
			s.log().InfoContext(ctx, "inbound sms: start from a number with no record; nothing recorded", "shop", shop)
			return k, s.reply(ctx, shop, from, s.unknownText(), true)
		}
		if err := s.OptIn(ctx, shop, Consent{Phone: from, Source: SourceReply, Wording: in.Body}); err != nil {
			return k, err
		}
		on, err := s.On(ctx, shop)
		if err != nil || !on {
			return k, err
		}
		return k, s.send(ctx, shop, from, s.startText())
	case KeywordHelp:
		return k, s.reply(ctx, shop, from, s.helpText(), false)
	}
	s.log().InfoContext(ctx, "inbound sms: no keyword", "shop", shop)
	return k, s.answerGenerally(ctx, shop, from)
}

// answeredColl remembers, per number, when a message with no keyword was
// last answered.
func answeredColl(shop string) string { return "smsanswered:" + shop }

// answerGenerally answers a message that is no keyword ("where is my
// order?") from an opted-in number, at most once a day, naming no order:
// a number may be shared by several customers (a household), and a text
// cannot tell which of them wrote, so it points to what only the customer
// has (their emails' tracking link) and to the support address.
func (s *Service) answerGenerally(ctx context.Context, shop, from string) error {
	n, known, err := s.standing(ctx, shop, from)
	if err != nil || !known || !n.OptedIn {
		return err
	}
	now := s.Clock.Now()
	if b, err := s.Store.GetDoc(ctx, answeredColl(shop), from); err == nil {
		var last struct{ At time.Time }
		if json.Unmarshal(b, &last) == nil && now.Sub(last.At) < 24*time.Hour {
			return nil
		}
	} else if !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("read sms answer: %w", err)
	}
	if err := s.reply(ctx, shop, from, s.generalText(), true); err != nil {
		return err
	}
	b, _ := json.Marshal(map[string]time.Time{"at": now})
	if err := s.Store.PutDoc(ctx, answeredColl(shop), from, b, now.Add(48*time.Hour)); err != nil {
		return fmt.Errorf("record sms answer: %w", err)
	}
	return nil
}

func (s *Service) generalText() string {
	t := fmt.Sprintf("%s: we can't discuss orders by text. See the tracking link in our emails", s.shopName())
	if c := strings.TrimSpace(s.Contact); c != "" {
		t += " or email " + c
	}
	return t + ". STOP to stop."
}

// stop opts phone out, by the customer's reply body, and confirms it once.
func (s *Service) stop(ctx context.Context, shop, phone, body string) error {
	n, known, err := s.standing(ctx, shop, phone)
	if err != nil {
		return err
	}
	if known && !n.OptedIn && n.Confirmed {
		s.log().InfoContext(ctx, "inbound sms: stop from a number opted out and told so before", "shop", shop)
		return nil
	}
	if !known || n.OptedIn || n.Source != SourceReply {
		if err := s.OptOut(ctx, shop, phone, SourceReply, body); err != nil {
			return err
		}
		if n, _, err = s.standing(ctx, shop, phone); err != nil {
			return err
		}
	}
	if err := s.reply(ctx, shop, phone, s.stopText(), false); err != nil {
		return err
	}
	n.Confirmed = true
	b, _ := json.Marshal(n)
	if err := s.Store.PutDoc(ctx, numberColl(shop), phone, b, time.Time{}); err != nil {
		return fmt.Errorf("record sms opt-out confirmed: %w", err)
	}
	return nil
}

// reply answers a customer's text without an opt-out link (the number may
// have opted out, or never in); onlyWhenOn holds it while the merchant has
// texts switched off. A number the transport reports opted out (the
// carrier answered the keyword itself) gets nothing more.
func (s *Service) reply(ctx context.Context, shop, to, text string, onlyWhenOn bool) error {
	if s.Transport == nil {
		return nil
	}
	if onlyWhenOn {
		on, err := s.On(ctx, shop)
		if err != nil || !on {
			return err
		}
	}
	err := s.Transport.SendSMS(ctx, to, text)
	if errors.Is(err, notify.ErrSMSOptedOut) {
		s.log().InfoContext(ctx, "sms reply not sent: opted out at the carrier", "shop", shop)
		return nil
	}
	if err != nil {
		return fmt.Errorf("answer sms: %w", err)
	}
	return nil
}

func (s *Service) shopName() string {
	if n := strings.TrimSpace(s.ShopName); n != "" {
		return n
	}
	return "Our shop"
}

// Numbers are a customer's numbers: the one their texts go to, every
// number they gave on the tracking page (each opt-in there keeps their
// email with it, also for a number they replaced since) and phones, the
// numbers known for them elsewhere (their orders'), each normalised, once,
// in that order. It reads the shop's consents a page at a time: it is for
// the privacy requests, not for a customer's turn.
func (s *Service) Numbers(ctx context.Context, shop, email string, phones ...string) ([]string, error) {
	email = order.NormaliseEmail(email)
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if p = Normalise(p); p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	if email == "" {
		for _, p := range phones {
			add(p)
		}
		return out, nil
	}
	b, err := s.Store.GetDoc(ctx, phoneColl(shop), email)
	switch {
	case err == nil:
		var v struct{ Phone string }
		if json.Unmarshal(b, &v) == nil {
			add(v.Phone)
		}
	case !errors.Is(err, store.ErrNotFound):
		return nil, fmt.Errorf("read sms number: %w", err)
	}
	after := ""
	for {
		docs, err := s.Store.ListDocs(ctx, consentColl(shop), "", after, 1000)
		if err != nil {
			return nil, fmt.Errorf("list sms consents: %w", err)
		}
		for _, d := range docs {
			var c Consent
			if json.Unmarshal(d.Value, &c) == nil && c.Email != "" && order.NormaliseEmail(c.Email) == email {
				add(c.Phone)
			}
		}
		if len(docs) < 1000 {
			break
		}
		after = docs[len(docs)-1].ID
	}
	for _, p := range phones {
		add(p)
	}
	return out, nil
}

// OrderPhones are the phone numbers orders name: the customer's and the
// shipping address's.
func OrderPhones(orders []order.Order) []string {
	var out []string
	for _, o := range orders {
		out = append(out, o.Customer.Phone)
		if o.ShippingAddress != nil {
			out = append(out, o.ShippingAddress.Phone)
		}
	}
	return out
}

// CustomerConsents are the consents of a customer's numbers (Numbers),
// oldest first per number, for a data request's export.
func (s *Service) CustomerConsents(ctx context.Context, shop, email string, phones ...string) ([]Consent, error) {
	nums, err := s.Numbers(ctx, shop, email, phones...)
	if err != nil {
		return nil, err
	}
	out := []Consent{}
	for _, p := range nums {
		cs, err := s.Consents(ctx, shop, p)
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	return out, nil
}

// Erase forgets what is kept on a customer's texts (customers/redact):
// every number of theirs (Numbers: the one their texts go to, those they
// gave before, and phones, the numbers their orders name, which may have
// texted STOP or START), with each number's standing, link and consents.
func (s *Service) Erase(ctx context.Context, shop, email string, phones ...string) error {
	email = order.NormaliseEmail(email)
	nums, err := s.Numbers(ctx, shop, email, phones...)
	if err != nil {
		return fmt.Errorf("erase sms: %w", err)
	}
	for _, p := range nums {
		consents, err := s.Store.ListDocs(ctx, consentColl(shop), p+"|", "", 1000)
		if err != nil {
			return fmt.Errorf("erase sms consents: %w", err)
		}
		for _, d := range consents {
			if err := s.Store.DeleteDoc(ctx, consentColl(shop), d.ID); err != nil {
				return fmt.Errorf("erase sms consent: %w", err)
			}
		}
		for _, del := range [][2]string{{numberColl(shop), p}, {refColl(shop), s.ref(shop, p)}, {answeredColl(shop), p}} {
			if del[1] == "" {
				continue
			}
			if err := s.Store.DeleteDoc(ctx, del[0], del[1]); err != nil {
				return fmt.Errorf("erase sms record: %w", err)
			}
		}
	}
	// The number their texts go to goes last: a retry after a failure
	// above still finds it.
	if email != "" {
		if err := s.Store.DeleteDoc(ctx, phoneColl(shop), email); err != nil {
			return fmt.Errorf("erase sms number: %w", err)
		}
	}
	return nil
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}
