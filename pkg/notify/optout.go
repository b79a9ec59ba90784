package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// OptOutCollection keeps customers who asked for no shipping notifications,
// id "<shop>|<email>" (email normalised).
const OptOutCollection = "optout"

// OptOut is one customer's opt-out.
type OptOut struct {
	At  time.Time `json:"at"`
	Via string    `json:"via"` // link, one-click, console
}

func optOutID(shop, email string) string { return shop + "|" + order.NormaliseEmail(email) }

// OptedOut reports whether the customer asked for no notifications.
func (n *Notifier) OptedOut(ctx context.Context, shop, email string) (bool, error) {
	if strings.TrimSpace(email) == "" {
		return false, nil
	}
	_, err := n.Store.GetDoc(ctx, OptOutCollection, optOutID(shop, email))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("read opt-out: %w", err)
	}
	return true, nil
}

// SetOptOut records a customer's opt-out; doing it twice is harmless.
func (n *Notifier) SetOptOut(ctx context.Context, shop, email, via string) error {
	b, _ := json.Marshal(OptOut{At: n.Clock.Now(), Via: via})
	if err := n.Store.PutDoc(ctx, OptOutCollection, optOutID(shop, email), b, time.Time{}); err != nil {
		return fmt.Errorf("record opt-out: %w", err)
	}
	return nil
}

// UnsubscribeURL is the link that opts a customer out.
func (n *Notifier) UnsubscribeURL(shop, email string) string {
	return unsubscribeURL(n.BaseURL, n.Keys, shop, email)
}

func unsubscribeURL(base string, keys *signed.Keyring, shop, email string) string {
	return strings.TrimRight(base, "/") + "/unsubscribe?token=" + UnsubscribeToken(keys, shop, order.NormaliseEmail(email))
}

// TrackURL is the link to an order's tracking page.
func (n *Notifier) TrackURL(shop, orderID string) string {
	return trackURL(n.BaseURL, n.Keys, shop, orderID)
}

func trackURL(base string, keys *signed.Keyring, shop, orderID string) string {
	return strings.TrimRight(base, "/") + "/track?t=" + TrackToken(keys, shop, orderID)
}

type baseKey struct{}

// WithBaseURL is ctx carrying doorstep's public address, for a Notifier
// with no BaseURL of its own.
func WithBaseURL(ctx context.Context, base string) context.Context {
	return context.WithValue(ctx, baseKey{}, base)
}

// RequestBase passes on requests with their own public address
// ("https://" + Host) in the context (WithBaseURL): a Lambda behind API
// Gateway learns its address from the requests it serves, where its
// template could not name it without a circular reference.
func RequestBase(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if host := r.Host; host != "" && !strings.ContainsAny(host, "/\\ @") {
			r = r.WithContext(WithBaseURL(r.Context(), "https://"+host))
		}
		h.ServeHTTP(w, r)
	})
}

// BaseURL is the public address in ctx (WithBaseURL), "" when none.
func BaseURL(ctx context.Context) string {
	s, _ := ctx.Value(baseKey{}).(string)
	return s
}

// baseURL is n's public address, else the context's.
func (n *Notifier) baseURL(ctx context.Context) string {
	if n.BaseURL != "" {
		return n.BaseURL
	}
	s, _ := ctx.Value(baseKey{}).(string)
	return s
}

// ServeUnsubscribe is GET and POST /unsubscribe?token=...
//
// GET shows what the link does and a button, without changing anything:
// mail scanners open links, and must not unsubscribe anyone. POST (the
// button, or a mail client's RFC 8058 one-click "List-Unsubscribe=One-Click")
// records the opt-out.
func (n *Notifier) ServeUnsubscribe(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 4096)
		if err := r.ParseForm(); err == nil && token == "" {
			token = r.PostForm.Get("token")
		}
	}
	ctx := r.Context()
	shop, email, err := VerifyUnsubscribeToken(n.Keys, token)
	if err != nil {
		// The link names no shop we can trust: this deployment's brand (a
		// static brand is the shop's whatever the key).
		n.page(w, http.StatusBadRequest, n.Brands.Brand(ctx, ""), pageData{Title: "This link is not valid",
			Text: "The unsubscribe link is incomplete or was changed. Use the link in the latest email we sent you."})
		return
	}
	brand := n.Brands.Brand(ctx, shop)
	switch r.Method {
	case http.MethodGet:
		n.page(w, http.StatusOK, brand, pageData{Title: "Stop shipping emails?",
			Text:   fmt.Sprintf("%s will stop sending shipping updates and follow-up emails to %s. Messages about refunds or replacements we make for you still arrive.", brand.Name(), maskEmail(email)),
			Button: "Unsubscribe", Token: token})
	case http.MethodPost:
		via := "link"
		if r.PostForm.Get("List-Unsubscribe") == "One-Click" {
			via = "one-click"
		}
		if err := n.SetOptOut(r.Context(), shop, email, via); err != nil {
			n.log().ErrorContext(r.Context(), "unsubscribe", "shop", shop, "err", err)
			n.page(w, http.StatusInternalServerError, brand, pageData{Title: "Something went wrong", Text: "Please try the link again in a minute."})
			return
		}
		n.log().InfoContext(r.Context(), "unsubscribed", "shop", shop, "via", via)
		n.page(w, http.StatusOK, brand, pageData{Title: "You're unsubscribed",
			Text: fmt.Sprintf("%s won't send shipping updates or follow-up emails to %s any more.", brand.Name(), maskEmail(email))})
	default:
		w.Header().Set("Allow", "GET, POST")
		n.page(w, http.StatusMethodNotAllowed, brand, pageData{Title: "Use the link in your email"})
	}
}

// maskEmail shows enough of an address for its owner to recognise it:
// "da***@example.com".
func maskEmail(e string) string {
	local, domain, ok := strings.Cut(e, "@")
	if !ok {
		return "your address"
	}
	r := []rune(local)
	keep := min(2, len(r))
	return string(r[:keep]) + "***@" + domain
}

// EraseOptOut removes a customer's opt-out record (customers/redact: once
// their personal data is gone, nothing is sent to them anyway).
func EraseOptOut(ctx context.Context, st interface {
	DeleteDoc(ctx context.Context, coll, id string) error
}, shop, email string) error {
	if err := st.DeleteDoc(ctx, OptOutCollection, optOutID(shop, email)); err != nil {
		return fmt.Errorf("erase opt-out: %w", err)
	}
	return nil
}
