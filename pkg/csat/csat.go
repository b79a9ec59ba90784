// Package csat takes customer satisfaction ratings from one-click links in
// email replies: each link carries the shop, the conversation, the score
// and an expiry, signed (pkg/signed, purpose csat-rating), so a rating
// needs no sign-in and a link cannot be changed to rate another
// conversation. Opening a link records nothing: mail scanners open links.
// The page it opens posts the rating back (by itself where script runs,
// with a button where it does not), so a person still rates in one click.
package csat

import (
	"context"
	"crypto/rand"
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
	"sync"
	"time"
	"unicode/utf8"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/turn"
	"github.com/doorstep-ai/doorstep/web"
)

// Path is where the links point.
const Path = "/csat"

// MaxComment bounds a comment, in bytes.
const MaxComment = 2000

// Token signs one rating: shop, conversation and score, good until expiry.
func Token(keys *signed.Keyring, shop, convID string, score int, expiry time.Time) string {
	return keys.Sign(signed.CSATRating, expiry, shop, convID, strconv.Itoa(score))
}

// Links are the five one-click links of a rating row, by score (1 to 5),
// as paths with their query ("/csat?t=..."): put the API's base URL in
// front. Each is good until expiry.
func Links(keys *signed.Keyring, shop, convID string, expiry time.Time) map[int]string {
	out := make(map[int]string, 5)
	for s := 1; s <= 5; s++ {
		out[s] = Path + "?t=" + url.QueryEscape(Token(keys, shop, convID, s, expiry))
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
func Parse(keys *signed.Keyring, token string, now time.Time) (Rating, error) {
	if keys == nil {
		return Rating{}, ErrInvalid
	}
	c, err := keys.Verify(signed.CSATRating, strings.TrimSpace(token), now)
	if err != nil && !errors.Is(err, signed.ErrExpired) || len(c.Fields) != 3 {
		return Rating{}, ErrInvalid
	}
	score, serr := strconv.Atoi(c.Fields[2])
	if serr != nil || score < 1 || score > 5 || c.Fields[0] == "" || c.Fields[1] == "" || c.Expires.IsZero() {
		return Rating{}, ErrInvalid
	}
	r := Rating{Shop: c.Fields[0], ConversationID: c.Fields[1], Score: score, Expires: c.Expires}
	if err != nil {
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

// Handler serves the links. GET (and HEAD) checks the link and shows a
// page that posts the rating, changing nothing; POST records the link's
// rating, and the comment when the form has one.
type Handler struct {
	Store   Store
	Keys    *signed.Keyring
	Clock   clock.Clock
	Metrics Metrics // nil counts nothing
	Log     *slog.Logger
	// ShopName is said on the page.
	ShopName string
}

// page is parsed on first use, not at every function's start.
var page = sync.OnceValue(func() *template.Template { return template.Must(template.ParseFS(web.Console(), "thanks.html")) })

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
	Confirm               bool // the form that posts the rating
	Comment               bool // show the comment form
	Commented             bool
	Nonce                 string // the confirm form's script
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
	comment, withComment := "", false
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
		if err := r.ParseForm(); err != nil {
			h.render(w, http.StatusBadRequest, view{Title: "That didn't work", Text: "Please try the link in the email again."})
			return
		}
		if t := r.PostForm.Get("t"); t != "" {
			token = t
		}
		_, withComment = r.PostForm["comment"]
		comment = strings.TrimSpace(r.PostForm.Get("comment"))
		if len(comment) > MaxComment || !utf8.ValidString(comment) {
			h.render(w, http.StatusRequestEntityTooLarge, view{Title: "That's a little long", Text: fmt.Sprintf("Comments are limited to %d characters.", MaxComment)})
			return
		}
	}
	rt, err := Parse(h.Keys, token, h.Clock.Now())
	switch {
	case errors.Is(err, ErrExpired):
		h.render(w, http.StatusGone, view{ShopName: h.ShopName, Title: "This link has expired", Text: "Thanks for wanting to tell us how we did. This rating link is no longer active; just reply to our email instead."})
		return
	case err != nil:
		h.render(w, http.StatusBadRequest, view{ShopName: h.ShopName, Title: "This link isn't valid", Text: "Please use the rating links in our email as they are."})
		return
	}
	if r.Method != http.MethodPost {
		// Opening a link records nothing: the page posts the rating.
		v := view{ShopName: h.ShopName, Score: rt.Score, Token: token, Confirm: true, Nonce: nonce(),
			Title: fmt.Sprintf("Rate us %d out of 5?", rt.Score), Text: "Saving your rating…"}
		h.render(w, http.StatusOK, v)
		return
	}
	if err := h.record(r.Context(), rt, comment, withComment); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			h.render(w, http.StatusNotFound, view{ShopName: h.ShopName, Title: "We couldn't find that conversation", Text: "It may have been removed. You can always reply to our email."})
			return
		}
		h.log().ErrorContext(r.Context(), "record csat", "shop", rt.Shop, "conversation", rt.ConversationID, "err", err)
		h.render(w, http.StatusInternalServerError, view{ShopName: h.ShopName, Title: "Something went wrong", Text: "We couldn't save your rating just now. Please try the link again in a moment."})
		return
	}
	v := view{ShopName: h.ShopName, Score: rt.Score, Token: token}
	links := Links(h.Keys, rt.Shop, rt.ConversationID, rt.Expires)
	for s := 1; s <= 5; s++ {
		v.Stars = append(v.Stars, star{Score: s, Href: links[s], Current: s == rt.Score})
	}
	switch {
	case withComment:
		v.Title, v.Text, v.Commented = "Thank you!", "We've passed your comment to the team.", true
	case rt.Score >= 4:
		v.Title, v.Text, v.Comment = "Thank you!", "We're glad we could help. Anything you'd like to add?", true
	default:
		v.Title, v.Text, v.Comment = "Thank you for telling us", "We're sorry it wasn't better. What could we have done differently?", true
	}
	h.render(w, http.StatusOK, v)
}

// nonce is a fresh value for the page's Content-Security-Policy, so only
// the page's own script runs.
func nonce() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// record stores the rating (and comment) on the conversation, retrying
// when another write got there first, and counts it once: clicking the
// same link again changes nothing; another score replaces the first.
func (h *Handler) record(ctx context.Context, rt Rating, comment string, withComment bool) error {
	var prev, next *conversation.CSAT
	err := turn.Retry(ctx, 10, func() error {
		c, _, err := h.Store.GetConversation(ctx, rt.Shop, rt.ConversationID)
		if err != nil {
			return err
		}
		prev, next = c.CSAT, nil
		if prev != nil && prev.Score == rt.Score && (!withComment || prev.Comment == comment) {
			return nil
		}
		next = &conversation.CSAT{Score: rt.Score, At: h.Clock.Now()}
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
		return h.Store.SaveTurn(ctx, c, c.Version, nil)
	})
	if err != nil {
		return fmt.Errorf("save csat: %w", err)
	}
	if next != nil && h.Metrics != nil && (prev == nil || prev.Score != rt.Score) {
		if err := h.Metrics.CSAT(ctx, rt.Shop, next.At, rt.Score, prev); err != nil {
			h.log().WarnContext(ctx, "csat metrics", "shop", rt.Shop, "err", err)
		}
	}
	return nil
}

func (h *Handler) render(w http.ResponseWriter, status int, v view) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	csp := "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
	if v.Nonce != "" {
		csp += "; script-src 'nonce-" + v.Nonce + "'"
	}
	w.Header().Set("Content-Security-Policy", csp)
	w.WriteHeader(status)
	if err := page().Execute(w, v); err != nil {
		_, _ = io.WriteString(w, "Thank you.")
	}
}
