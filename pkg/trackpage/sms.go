package trackpage

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/sms"
)

// Texts is the SMS opt-in the page offers (sms.Service).
type Texts interface {
	On(ctx context.Context, shop string) (bool, error)
	// TextsTo is the number o's customer gets texts at, "" when their
	// own consent does not stand (another customer's with the same number
	// does not count).
	TextsTo(ctx context.Context, o order.Order) (string, error)
	OptIn(ctx context.Context, shop string, c sms.Consent) error
}

// smsView is the page's SMS opt-in box.
type smsView struct {
	// Token is the order's signed tracking token, which the form posts back.
	Token   string
	Wording string
	// Subscribed is the masked number texts go to, when opted in; Done
	// when the customer has just opted in.
	Subscribed string
	Done       bool
	Phone      string
	Error      string
}

type smsFormKey struct{}

type smsForm struct{ Phone, Error string }

// smsBox is the opt-in box for o; nil when the shop sends no texts.
func (p *Page) smsBox(ctx context.Context, r *http.Request, o order.Order) *smsView {
	if p.SMS == nil || p.Keys == nil {
		return nil
	}
	on, err := p.SMS.On(ctx, o.Shop)
	if err != nil {
		p.log().WarnContext(ctx, "tracking page sms settings", "err", err)
	}
	if !on {
		return nil
	}
	v := &smsView{Token: notify.TrackToken(p.Keys, o.Shop, o.ID), Wording: sms.ConsentWording(p.Brands.Brand(ctx, o.Shop).Name())}
	if f, ok := ctx.Value(smsFormKey{}).(smsForm); ok {
		v.Phone, v.Error = f.Phone, f.Error
		return v
	}
	if phone, err := p.SMS.TextsTo(ctx, o); err == nil && phone != "" {
		v.Subscribed = sms.Mask(phone)
	}
	v.Done = v.Subscribed != "" && r.URL.Query().Get("sms") == "on"
	return v
}

// optInConfirmer texts a number just opted in who signed it up and how to
// stop (sms.Service).
type optInConfirmer interface {
	ConfirmOptIn(ctx context.Context, shop, phone string) error
}

// ServeSMSOptIn is POST /track/sms: the opt-in form of an order's page
// (its signed token, a mobile number in international form, the consent
// box). It records the consent and shows the page again.
func (p *Page) ServeSMSOptIn(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if p.refuseCrossSite(w, r) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		p.render(r.Context(), w, http.StatusBadRequest, view{Error: "Enter your order number and email."})
		return
	}
	token := r.PostForm.Get("t")
	shop, id, err := notify.VerifyTrackToken(p.Keys, token)
	if err != nil || shop != p.Shop || p.SMS == nil {
		p.render(r.Context(), w, http.StatusBadRequest, view{Error: "That form is not valid any more. Enter your order number and email."})
		return
	}
	o, err := p.Store.GetOrder(ctx, shop, id)
	if err != nil {
		p.render(r.Context(), w, http.StatusNotFound, view{Error: "We couldn't find that order. Enter your order number and email instead."})
		return
	}
	phone := strings.TrimSpace(r.PostForm.Get("phone"))
	if len(phone) > 40 {
		phone = phone[:40]
	}
	fail := func(msg string) {
		r = r.WithContext(context.WithValue(ctx, smsFormKey{}, smsForm{Phone: phone, Error: msg}))
		p.show(statusWriter{ResponseWriter: w, status: http.StatusBadRequest}, r, o)
	}
	if r.PostForm.Get("consent") != "yes" {
		fail("Tick the box to agree to texts.")
		return
	}
	err = p.SMS.OptIn(ctx, shop, sms.Consent{Phone: phone, Source: sms.SourceTrackingPage, OrderID: o.ID, Email: o.Email,
		Wording: sms.ConsentWording(p.Brands.Brand(ctx, shop).Name())})
	switch {
	case errors.Is(err, sms.ErrBadPhone):
		fail("Enter your mobile number with its country code, like +1 720 555 0100.")
		return
	case err != nil:
		p.log().ErrorContext(ctx, "tracking page sms opt-in", "order_id", o.ID, "err", err)
		fail("Something went wrong on our side. Please try again in a moment.")
		return
	}
	if c, ok := p.SMS.(optInConfirmer); ok {
		if err := c.ConfirmOptIn(ctx, shop, phone); err != nil {
			// The consent stands; the number's owner can still STOP.
			p.log().WarnContext(ctx, "confirm sms opt-in", "order_id", o.ID, "err", err)
		}
	}
	http.Redirect(w, r, "/track?t="+url.QueryEscape(token)+"&sms=on#sms", http.StatusSeeOther)
}

// statusWriter answers with its status instead of the one written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s statusWriter) WriteHeader(int) { s.ResponseWriter.WriteHeader(s.status) }

// refuseCrossSite answers a form post a browser marks as coming from
// another site (Sec-Fetch-Site cross-site, or an Origin that is not the
// page's own) and reports whether it did; the form's token refuses the
// rest. "Origin: null" is let through: the page's no-referrer policy makes
// browsers send it on the page's own posts.
func (p *Page) refuseCrossSite(w http.ResponseWriter, r *http.Request) bool {
	if r.Header.Get("Sec-Fetch-Site") != "cross-site" && p.ownOrigin(r) {
		return false
	}
	p.render(r.Context(), w, http.StatusForbidden, view{Error: "That form came from another site. Look up your order here instead."})
	return true
}

// ownOrigin reports whether r's Origin, when it has one, is the page's:
// the host the request was sent to, or one of the page's public origins
// (Origins: behind a custom domain the request's Host may be another).
func (p *Page) ownOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" || o == "null" {
		return true
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	for _, a := range p.Origins {
		if v, ok := OriginOf(a); ok && strings.EqualFold(v, u.Scheme+"://"+u.Host) {
			return true
		}
	}
	return false
}

// OriginOf is the origin (scheme://host[:port]) of a URL such as
// PUBLIC_BASE_URL or a storefront origin; ok is false for one that has
// none.
func OriginOf(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", false
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), true
}
