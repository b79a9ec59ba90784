// Package csat takes customer satisfaction ratings from one-click links in
// email replies: each link carries the shop, the conversation, the score
// and an expiry, signed, so a click records the rating with no sign-in,
// and a link cannot be changed to rate another conversation.
package csat

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/web"
)

// Path is where the links point.
const Path = "/csat"

// MaxComment bounds a comment, in bytes.
const MaxComment = 2000

// Key derives the link-signing key from a deployment secret (the chat
// token key), so one secret serves both without one token passing for
// the other.
func Key(secret []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("doorstep csat links"))
	return m.Sum(nil)
}

var b64 = base64.RawURLEncoding

func mac(key []byte, payload string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("csat\x00"))
	m.Write([]byte(payload))
	return m.Sum(nil)[:16]
}

// Token signs one rating: "<shop>|<conversation>|<score>|<unix expiry>".
func Token(key []byte, shop, convID string, score int, expiry time.Time) string {
	p := strings.Join([]string{shop, convID, strconv.Itoa(score), strconv.FormatInt(expiry.Unix(), 10)}, "|")
	return b64.EncodeToString([]byte(p)) + "." + b64.EncodeToString(mac(key, p))
}

// Links are the five one-click links of a rating row, by score (1 to 5),
// as paths with their query ("/csat?t=..."): put the API's base URL in
// front. Each is good until expiry.
func Links(key []byte, shop, convID string, expiry time.Time) map[int]string {
	out := make(map[int]string, 5)
	for s := 1; s <= 5; s++ {
		out[s] = Path + "?t=" + url.QueryEscape(Token(key, shop, convID, s, expiry))
	}
	return out
}

// Errors of Parse.
var (
	ErrInvalid = errors.New("csat: link is not valid")
	ErrExpired = errors.New("csat: link has expired")
)

// Rating is what a link says.
type Rating struct {
	Shop, ConversationID string
	Score                int
	Expires              time.Time
}

// Parse checks a token at now.
func Parse(key []byte, token string, now time.Time) (Rating, error) {
	if len(key) == 0 || len(token) > 1024 {
		return Rating{}, ErrInvalid
	}
	p, s, ok := strings.Cut(strings.TrimSpace(token), ".")
	if !ok {
		return Rating{}, ErrInvalid
	}
	payload, err1 := b64.DecodeString(p)
	sig, err2 := b64.DecodeString(s)
	if err1 != nil || err2 != nil || !hmac.Equal(sig, mac(key, string(payload))) {
		return Rating{}, ErrInvalid
	}
	parts := strings.Split(string(payload), "|")
	if len(parts) != 4 {
		return Rating{}, ErrInvalid
	}
	score, err := strconv.Atoi(parts[2])
	exp, err2 := strconv.ParseInt(parts[3], 10, 64)
	if err != nil || err2 != nil || score < 1 || score > 5 || parts[0] == "" || parts[1] == "" {
		return Rating{}, ErrInvalid
	}
	r := Rating{Shop: parts[0], ConversationID: parts[1], Score: score, Expires: time.Unix(exp, 0)}
	if now.After(r.Expires) {
		return r, ErrExpired
	}
	return r, nil
}

// Store is what recording a rating needs.
type Store interface {
	GetConversation(ctx context.Context, shop, id string) (conversation.Conversation, []conversation.Message, error)
	SaveTurn(ctx context.Context, c conversation.Conversation, version int64, msgs []conversation.Message) error
}

// Metrics counts ratings (metrics.Recorder).
type Metrics interface {
	CSAT(ctx context.Context, shop string, at time.Time, score int, previous *conversation.CSAT) error
}

// Handler serves the links: GET records the link's rating and thanks the
// customer; POST (the thank-you page's form) adds a comment to it.
type Handler struct {
	Store   Store
	Key     []byte
	Clock   clock.Clock
	Metrics Metrics // nil counts nothing
	Log     *slog.Logger
	// ShopName is said on the page.
	ShopName string
}

var page = template.Must(template.ParseFS(web.Console(), "thanks.html"))

type star struct {
	Score   int
	Href    string
	Current bool
}

type view struct {
	ShopName, Title, Text string
	Score                 int
	Stars                 []star
	Token                 string
	Comment               bool // show the comment form
	Commented             bool
}

func (h *Handler) log() *slog.Logger {
	if h.Log != nil {
		return h.Log
	}
	return slog.Default()
}

// ServeHTTP serves Path.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodPost:
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		h.render(w, http.StatusMethodNotAllowed, view{Title: "Not here", Text: "This page only takes ratings from our emails."})
		return
	}
	token := r.URL.Query().Get("t")
	comment := ""
	if r.Method == http.MethodPost {
		if err := r.ParseForm(); err != nil {
			h.render(w, http.StatusBadRequest, view{Title: "That didn't work", Text: "Please try the link in the email again."})
			return
		}
		token, comment = r.PostForm.Get("t"), strings.TrimSpace(r.PostForm.Get("comment"))
		if len(comment) > MaxComment || !utf8.ValidString(comment) {
			h.render(w, http.StatusRequestEntityTooLarge, view{Title: "That's a little long", Text: fmt.Sprintf("Comments are limited to %d characters.", MaxComment)})
			return
		}
	}
	rt, err := Parse(h.Key, token, h.Clock.Now())
	switch {
	case errors.Is(err, ErrExpired):
		h.render(w, http.StatusGone, view{ShopName: h.ShopName, Title: "This link has expired", Text: "Thanks for wanting to tell us how we did. This rating link is no longer active; just reply to our email instead."})
		return
	case err != nil:
		h.render(w, http.StatusBadRequest, view{ShopName: h.ShopName, Title: "This link isn't valid", Text: "Please use the rating links in our email as they are."})
		return
	}
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	if err := h.record(r.Context(), rt, comment, r.Method == http.MethodPost); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			h.render(w, http.StatusNotFound, view{ShopName: h.ShopName, Title: "We couldn't find that conversation", Text: "It may have been removed. You can always reply to our email."})
			return
		}
		h.log().ErrorContext(r.Context(), "record csat", "shop", rt.Shop, "conversation", rt.ConversationID, "err", err)
		h.render(w, http.StatusInternalServerError, view{ShopName: h.ShopName, Title: "Something went wrong", Text: "We couldn't save your rating just now. Please try the link again in a moment."})
		return
	}
	v := view{ShopName: h.ShopName, Score: rt.Score, Token: token}
	links := Links(h.Key, rt.Shop, rt.ConversationID, rt.Expires)
	for s := 1; s <= 5; s++ {
		v.Stars = append(v.Stars, star{Score: s, Href: links[s], Current: s == rt.Score})
	}
	switch {
	case r.Method == http.MethodPost:
		v.Title, v.Text, v.Commented = "Thank you!", "We've passed your comment to the team.", true
	case rt.Score >= 4:
		v.Title, v.Text, v.Comment = "Thank you!", "We're glad we could help. Anything you'd like to add?", true
	default:
		v.Title, v.Text, v.Comment = "Thank you for telling us", "We're sorry it wasn't better. What could we have done differently?", true
	}
	h.render(w, http.StatusOK, v)
}

// record stores the rating (and comment) on the conversation, retrying
// when another write got there first, and counts it once: clicking the
// same link again changes nothing; another score replaces the first.
func (h *Handler) record(ctx context.Context, rt Rating, comment string, withComment bool) error {
	for attempt := 0; ; attempt++ {
		c, _, err := h.Store.GetConversation(ctx, rt.Shop, rt.ConversationID)
		if err != nil {
			return err
		}
		prev := c.CSAT
		if prev != nil && prev.Score == rt.Score && (!withComment || prev.Comment == comment) {
			return nil
		}
		now := h.Clock.Now()
		next := &conversation.CSAT{Score: rt.Score, At: now}
		if prev != nil {
			next.Comment = prev.Comment
			if prev.Score == rt.Score {
				next.At = prev.At
			}
		}
		if withComment {
			next.Comment = comment
		}
		c.CSAT = next
		err = h.Store.SaveTurn(ctx, c, c.Version, nil)
		if errors.Is(err, store.ErrConflict) && attempt < 10 {
			continue
		}
		if err != nil {
			return fmt.Errorf("save csat: %w", err)
		}
		if h.Metrics != nil && (prev == nil || prev.Score != rt.Score) {
			if err := h.Metrics.CSAT(ctx, rt.Shop, now, rt.Score, prev); err != nil {
				h.log().WarnContext(ctx, "csat metrics", "shop", rt.Shop, "err", err)
			}
		}
		return nil
	}
}

func (h *Handler) render(w http.ResponseWriter, status int, v view) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	w.WriteHeader(status)
	if err := page.Execute(w, v); err != nil {
		_, _ = io.WriteString(w, "Thank you.")
	}
}
