// Package console is the merchant console: its pages (under /console/) and
// its JSON API (under /console/api/): conversations with their transcripts,
// journey stages, actions and cost; the escalation queue, where a person
// takes a conversation over, replies, approves or declines, and hands it
// back; carrier claims; outreach; settings; and metrics.
//
// Every API route needs a signed-in user (an Authenticator decides; 401
// otherwise). Locally that is a dev password and a signed session cookie;
// in AWS, API Gateway's JWT authorizer (Cognito) checks the token first and
// the handler requires its claims. The pages are a shell with no data: the
// script fetches everything from the API.
package console

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/httpjson"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/settings"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Store is what the console reads and writes.
type Store interface {
	ListConversations(ctx context.Context, shop string, before time.Time, limit int) ([]conversation.Conversation, error)
	ConversationsByEmail(ctx context.Context, shop, email string, limit int) ([]conversation.Conversation, error)
	GetConversation(ctx context.Context, shop, id string) (conversation.Conversation, []conversation.Message, error)
	SaveTurn(ctx context.Context, c conversation.Conversation, version int64, msgs []conversation.Message) error
	GetOrderByName(ctx context.Context, shop, name string) (order.Order, error)
	OrdersByEmail(ctx context.Context, shop, email string, limit int) ([]order.Order, error)
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
}

// Handoffs is the escalation queue's records: handoffs to a person and
// writes waiting for approval (package escalation keeps them).
type Handoffs interface {
	// List returns the shop's handoffs, oldest first.
	List(ctx context.Context, shop string) ([]Handoff, error)
	// Decide approves or declines an approval; the deciding user is
	// UserFrom(ctx). ErrNotFound, ErrConflict (not an approval, decided
	// already) or ErrUnavailable map to 404, 409 and 501.
	Decide(ctx context.Context, shop, id string, approve bool, note string) error
}

// PersonActs is what a Handoffs may also do: hear that a person took a
// conversation over, replied in it or handed it back from the console, so
// an escalation's SLA timer stops. act is "taken", "replied" or
// "handed_back".
type PersonActs interface {
	PersonActed(ctx context.Context, shop, conversationID, act string) error
}

// Claims is the carrier claims book (package parcelaudit keeps it).
type Claims interface {
	List(ctx context.Context, shop string) ([]Claim, error)
	// CSV writes every claim as CSV.
	CSV(ctx context.Context, shop string, w io.Writer) error
}

// Outreach is the post-delivery outreach: messages scheduled and sent.
type Outreach interface {
	List(ctx context.Context, shop string) (OutreachList, error)
}

// StaffReplies sends a person's reply on channels where the customer is not
// reading the transcript (email): the Mailer behind package escalation's
// Messenger, say.
type StaffReplies interface {
	Deliver(ctx context.Context, c conversation.Conversation, m conversation.Message) error
}

// Errors ports return for the console to map.
var (
	ErrNotFound    = errors.New("not found")
	ErrConflict    = errors.New("conflict")
	ErrUnavailable = errors.New("not available in this deployment")
)

// Console serves the console.
type Console struct {
	Store Store
	Auth  Authenticator
	// Shop is the shop this deployment serves.
	Shop     string
	Settings *settings.Service
	Metrics  *metrics.Recorder // nil: the metrics page is empty
	Handoffs Handoffs          // nil: only conversations in handover are queued
	Claims   Claims            // nil: claims are not kept here
	Outreach Outreach          // nil: outreach is not running here
	Promises Promises          // nil: no follow-up promises are kept here
	Replies  StaffReplies      // nil: email conversations cannot be answered here
	Photos   PhotoReader       // nil: customers' photos are listed, not shown
	Exports  Exports           // nil: no data-request exports are kept here
	// Rules are the shop's delivery rules and time zone (the ones the
	// emails and the tracking page use); nil: defaults in UTC.
	Rules *edd.Rules
	Clock clock.Clock
	Log   *slog.Logger

	routes []Route
}

// Access is who may call a route.
type Access string

// Accesses.
const (
	// Public routes answer anyone: the sign-in page and form, and static
	// assets. None reads the store.
	Public Access = "public"
	// Page routes serve the page shell: with a session cookie they need
	// it (else a redirect to sign-in); with bearer tokens, which a page
	// load cannot carry, the shell loads and its script signs in. The
	// shell holds no data.
	Page Access = "page"
	// API routes need a signed-in user: 401 otherwise.
	API Access = "api"
)

// Route is one registered route.
type Route struct {
	Pattern string // as given to http.ServeMux: "GET /console/api/queue"
	Access  Access
}

// Routes lists every route Handler registers, as registered.
func (c *Console) Routes() []Route {
	if c.routes == nil {
		c.Handler()
	}
	return append([]Route(nil), c.routes...)
}

// rules are the shop's delivery rules, their Location never nil.
func (c *Console) rules() edd.Rules {
	r := edd.DefaultRules(time.UTC)
	if c.Rules != nil {
		r = *c.Rules
	}
	if r.Location == nil {
		r.Location = time.UTC
	}
	return r
}

func (c *Console) log() *slog.Logger {
	if c.Log != nil {
		return c.Log
	}
	return slog.Default()
}

// Handler routes the console. Mount it at /console/.
func (c *Console) Handler() http.Handler {
	mux := http.NewServeMux()
	c.routes = nil
	add := func(pattern string, access Access, h http.HandlerFunc) {
		c.routes = append(c.routes, Route{Pattern: pattern, Access: access})
		switch access {
		case API:
			mux.Handle(pattern, c.api(h))
		case Page:
			mux.Handle(pattern, c.page(h))
		default:
			mux.Handle(pattern, secure(h))
		}
	}
	add("GET /console/login", Public, c.loginPage)
	add("POST /console/login", Public, c.login)
	add("GET /console/assets/{file...}", Public, c.asset)

	add("GET /console/{$}", Page, c.shell)
	for _, p := range []string{"conversations", "conversations/{id}", "handoffs/{id}", "queue", "metrics", "claims", "promises", "outreach", "exports", "settings"} {
		add("GET /console/"+p, Page, c.shell)
	}
	add("/console/", Page, c.pageNotFound)

	add("POST /console/api/logout", API, c.logout)
	add("GET /console/api/me", API, c.me)
	add("GET /console/api/conversations", API, c.listConversations)
	add("GET /console/api/conversations/{id}", API, c.conversation)
	add("POST /console/api/conversations/{id}/takeover", API, c.takeOver)
	add("POST /console/api/conversations/{id}/reply", API, c.reply)
	add("POST /console/api/conversations/{id}/handback", API, c.handBack)
	add("GET /console/api/conversations/{id}/photos/{photo}", API, c.photo)
	add("GET /console/api/queue", API, c.queue)
	add("GET /console/api/handoffs/{id}", API, c.handoff)
	add("POST /console/api/handoffs/{id}/decide", API, c.decide)
	add("POST /console/api/handoffs/{id}/reply", API, c.handoffWrite)
	add("POST /console/api/handoffs/{id}/resolve", API, c.handoffResolve)
	add("GET /console/api/claims", API, c.claims)
	add("GET /console/api/claims.csv", API, c.claimsCSV)
	add("GET /console/api/outreach", API, c.outreach)
	add("GET /console/api/promises", API, c.promises)
	add("GET /console/api/exports", API, c.exports)
	add("GET /console/api/exports/{id}", API, c.export)
	add("GET /console/api/settings", API, c.getSettings)
	add("PUT /console/api/settings", API, c.putSettings)
	add("GET /console/api/metrics", API, c.metrics)
	add("GET /console/api/locks", API, c.locks)
	add("/console/api/", API, func(w http.ResponseWriter, _ *http.Request) {
		httpjson.Error(w, http.StatusNotFound, "not_found", "no such console API route")
	})
	return mux
}

// api requires a signed-in user, and for writes a same-origin request.
func (c *Console) api(h http.HandlerFunc) http.Handler {
	return secure(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		// The server's clock (which the local runner can move), for the
		// page's "waiting" and "SLA missed".
		if c.Clock != nil {
			w.Header().Set("X-Doorstep-Now", c.Clock.Now().UTC().Format(time.RFC3339Nano))
		}
		u, ok := c.Auth.User(r)
		if !ok {
			httpjson.Error(w, http.StatusUnauthorized, "unauthenticated", "sign in to the console first")
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !sameOrigin(r) {
			httpjson.Error(w, http.StatusForbidden, "forbidden", "cross-site requests are not allowed")
			return
		}
		h(w, r.WithContext(WithUser(r.Context(), u)))
	}))
}

// page serves a page to a signed-in user, or sends them to sign in when
// page loads carry the credential.
func (c *Console) page(h http.HandlerFunc) http.Handler {
	return secure(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, ok := c.Auth.User(r)
		if !ok && c.Auth.Browser().Cookie {
			http.Redirect(w, r, loginURL(r.URL.Path), http.StatusSeeOther)
			return
		}
		if ok {
			r = r.WithContext(WithUser(r.Context(), u))
		}
		h(w, r)
	}))
}

// secure sets the headers every console response has.
func secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("Referrer-Policy", "same-origin")
		h.ServeHTTP(w, r)
	})
}

// sameOrigin reports whether a write comes from the console's own pages:
// no Origin header (same-origin fetches may omit it) or one whose host is
// the request's.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return r.Header.Get("Sec-Fetch-Site") == "" || r.Header.Get("Sec-Fetch-Site") == "same-origin"
	}
	_, host, ok := strings.Cut(o, "://")
	return ok && strings.EqualFold(host, r.Host)
}

// apiError is a failure with its status, code and client-safe message.
type apiError struct {
	status        int
	code, message string
}

func (e *apiError) Error() string { return e.message }

func badRequest(msg string) error { return &apiError{http.StatusBadRequest, "bad_request", msg} }

var errNoConversation = &apiError{http.StatusNotFound, "not_found", "no such conversation"}

// fail maps an error to its status in one place.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	var ve *settings.ValidationError
	switch {
	case errors.As(err, &ae):
		httpjson.Error(w, ae.status, ae.code, ae.message)
	case errors.As(err, &ve):
		body := map[string]any{"error": map[string]string{"code": "invalid", "message": "some settings are not valid"}, "fields": ve.Problems}
		httpjson.Write(w, http.StatusBadRequest, body)
	case errors.Is(err, store.ErrNotFound), errors.Is(err, ErrNotFound):
		httpjson.Error(w, http.StatusNotFound, "not_found", "not found")
	case errors.Is(err, ErrConflict):
		httpjson.Error(w, http.StatusConflict, "conflict", "this was changed or decided already")
	case errors.Is(err, ErrUnavailable):
		httpjson.Error(w, http.StatusNotImplemented, "unavailable", "not available in this deployment")
	default:
		c.log().ErrorContext(r.Context(), "console request failed", "path", r.URL.Path, "err", err)
		httpjson.Error(w, http.StatusInternalServerError, "internal", "internal error")
	}
}
