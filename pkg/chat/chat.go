// Package chat is the storefront chat API (DESIGN.md §4): conversations,
// bearer tokens, messages answered by the agent, transcripts and CSAT, with
// size and rate limits. Handlers translate; the agent decides.
package chat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/httpjson"
	"github.com/doorstep-ai/doorstep/pkg/lockout"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/outreach"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"github.com/doorstep-ai/doorstep/pkg/turn"
)

// Limits.
const (
	MaxMessage = 4096      // bytes of message text
	maxBody    = 16 * 1024 // bytes of request body
	// PerConversationPerMinute is how many messages a conversation may send
	// in a minute.
	PerConversationPerMinute = 30
)

// Store is what the chat API needs.
type Store interface {
	CreateConversation(ctx context.Context, c conversation.Conversation) error
	GetConversation(ctx context.Context, shop, id string) (conversation.Conversation, []conversation.Message, error)
	SaveTurn(ctx context.Context, c conversation.Conversation, version int64, msgs []conversation.Message) error
	CommitTurn(ctx context.Context, t store.Turn) error
	Apply(ctx context.Context, c store.Change) (store.Result, error)
	GetOrderByName(ctx context.Context, shop, name string) (order.Order, error)
}

// Secrets gives a shop's secret: a shop without one is unknown here.
type Secrets interface {
	Secret(shop string) ([]byte, bool)
}

// Service serves the chat API.
type Service struct {
	Store   Store
	Agent   *agent.Agent
	Secrets Secrets
	// TokenKeys sign conversation bearer tokens; CustomerKeys verify the
	// tokens storefronts mint for signed-in customers (nil: none verify).
	TokenKeys, CustomerKeys *signed.Keyring
	// Shop is the shop a conversation belongs to when the request names
	// none.
	Shop     string
	Clock    clock.Clock
	Log      *slog.Logger
	TokenTTL time.Duration
	// Origins are the storefront origins a browser may call the API from
	// (CORS), besides the API's own: the list API Gateway's CORS settings
	// hold in AWS (https://<shop> and the StorefrontOrigins parameter).
	Origins []string
	// PerClient limits requests per client address.
	PerClient *Limiter
	// Outreach, when set, takes a verified customer's answer to a
	// post-delivery check-in ("love it"), a delivery rating or a "stop"
	// in place of the agent; the workflow follows up once it is saved.
	Outreach Outreach
	// Turns is the turn loop; nil makes one on Store and Clock.
	Turns *turn.Loop
	// TurnBudget bounds the agent's work on one message (model calls with
	// their retries); past it the customer gets a safe reply. Default 20s,
	// inside API Gateway's 30s.
	TurnBudget time.Duration
	// Metrics counts ratings (metrics.Recorder; turns are counted from
	// their events); nil counts nothing. A failure is logged, never the
	// customer's problem.
	Metrics Metrics
	// Photos keeps the photos customers send (package s3blob in AWS,
	// fileblob locally); nil: uploads are refused (501).
	Photos Blobs
	// MaxPhoto is the largest photo taken, in bytes (default
	// photo.MaxBytes).
	MaxPhoto int
	// Cases, when set, hands a verified customer's message about an
	// order whose delivery case a person owns to that person, as email
	// does (escalation.Service): the conversation joins the case's
	// handoff and the customer is told who has it and by when.
	Cases Cases

	once sync.Once
}

// Cases finds the open handoff of a problem case and gives it a
// conversation (escalation.Service).
type Cases = escalation.Cases

// Metrics is what the chat API reports to package metrics.
type Metrics interface {
	CSAT(ctx context.Context, shop string, at time.Time, score int, previous *conversation.CSAT) error
}

// Outreach is what chat needs of package outreach.
type Outreach interface {
	Match(ctx context.Context, m outreach.Message) (outreach.Match, error)
}

// Handler routes the chat API.
func (s *Service) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/conversations", s.create)
	mux.HandleFunc("POST /v1/conversations/{id}/messages", s.message)
	mux.HandleFunc("GET /v1/conversations/{id}", s.transcript)
	mux.HandleFunc("POST /v1/conversations/{id}/csat", s.csat)
	mux.HandleFunc("POST /v1/conversations/{id}/photos", s.upload)
	mux.HandleFunc("GET /v1/conversations/{id}/photos/{photo}", s.photo)
	return s.cors(mux)
}

// cors lets the storefront widget call the API from the shop's pages: an
// Origin among s.Origins, or the API's own, gets the CORS headers; any
// other gets none, so the browser keeps the answer from the page. In AWS,
// API Gateway's CORS settings (the same list) answer first.
func (s *Service) cors(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o := r.Header.Get("Origin"); o != "" {
			w.Header().Add("Vary", "Origin")
			if s.allowedOrigin(o, r) {
				w.Header().Set("Access-Control-Allow-Origin", o)
				w.Header().Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
				w.Header().Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
			}
		}
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.ServeHTTP(w, r)
	})
}

func (s *Service) allowedOrigin(origin string, r *http.Request) bool {
	if origin == "http://"+r.Host || origin == "https://"+r.Host {
		return true // the API's own pages (the local runner's widget)
	}
	for _, o := range s.Origins {
		if strings.EqualFold(strings.TrimRight(o, "/"), origin) {
			return true
		}
	}
	return false
}

// apiError is a failure with its status, code and client-safe message.
type apiError struct {
	status        int
	code, message string
}

func (e *apiError) Error() string { return e.message }

var (
	errUnauth   = &apiError{http.StatusUnauthorized, "unauthenticated", "missing, invalid or expired token"}
	errNotFound = &apiError{http.StatusNotFound, "not_found", "no such conversation"}
	errTooMany  = &apiError{http.StatusTooManyRequests, "rate_limited", "too many messages; please wait a moment"}
	errTooLarge = &apiError{http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("messages are limited to %d bytes", MaxMessage)}
)

func badRequest(msg string) error { return &apiError{http.StatusBadRequest, "bad_request", msg} }

func (s *Service) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	if errors.As(err, &ae) {
		httpjson.Error(w, ae.status, ae.code, ae.message)
		return
	}
	var le *lockout.LockedError
	if errors.As(err, &le) {
		w.Header().Set("Retry-After", strconv.Itoa(int(le.RetryAfter(s.Clock.Now())/time.Second)))
		httpjson.Error(w, http.StatusTooManyRequests, agent.ErrorVerificationLocked, le.Message())
		return
	}
	s.Log.ErrorContext(r.Context(), "chat request failed", "path", r.URL.Path, "err", err)
	httpjson.Error(w, http.StatusInternalServerError, "internal", "internal error")
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Service) limitClient(r *http.Request) error {
	if !s.PerClient.Allow(r.Context(), clientAddr(r), s.Clock.Now()) {
		return errTooMany
	}
	return nil
}

// withClient names the caller for package lockout, which counts failed
// verifications per client.
func withClient(r *http.Request) context.Context {
	return lockout.WithClient(r.Context(), "ip:"+clientAddr(r))
}

// decode reads a JSON body of at most maxBody bytes into v.
func decode(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return badRequest("could not read the body")
	}
	if len(body) > maxBody {
		return errTooLarge
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		body = []byte("{}")
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest("body must be a JSON object with the documented fields")
	}
	return nil
}

type createRequest struct {
	Shop          string `json:"shop"`
	Email         string `json:"email"`
	OrderNumber   string `json:"order_number"`
	CustomerToken string `json:"customer_token"`
	// ConversationID, with an email and order number, continues an earlier
	// conversation of that customer whose token expired.
	ConversationID string `json:"conversation_id"`
}

type createResponse struct {
	ConversationID string `json:"conversation_id"`
	Token          string `json:"token"`
	Verified       bool   `json:"verified"`
	ExpiresAt      string `json:"expires_at"`
	// Resumed is set when the earlier conversation asked for continues.
	Resumed bool `json:"resumed,omitempty"`
}

func (s *Service) create(w http.ResponseWriter, r *http.Request) {
	resp, err := s.Create(withClient(r), r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.Write(w, http.StatusCreated, resp)
}

// Create opens a conversation, verified when the request proves a customer.
// An order number and email while the order (or the client in ctx) is
// locked by package lockout is refused: a *lockout.LockedError, 429.
func (s *Service) Create(ctx context.Context, r *http.Request) (createResponse, error) {
	if err := s.limitClient(r); err != nil {
		return createResponse{}, err
	}
	var req createRequest
	if err := decode(r, &req); err != nil {
		return createResponse{}, err
	}
	shop := strings.ToLower(strings.TrimSpace(req.Shop))
	if shop == "" {
		shop = s.Shop
	}
	if _, ok := s.Secrets.Secret(shop); !ok {
		return createResponse{}, badRequest("unknown shop")
	}
	now := s.Clock.Now()
	c := conversation.Conversation{Shop: shop, ID: newID(), Channel: conversation.ChannelChat, Status: conversation.StatusOpen, CreatedAt: now, UpdatedAt: now}
	switch {
	case req.CustomerToken != "":
		if email, err := ParseCustomerToken(s.CustomerKeys, shop, req.CustomerToken, now); err == nil {
			c.CustomerEmail, c.VerifiedBy = email, conversation.VerifiedByCustomerToken
		}
	case req.Email != "" && req.OrderNumber != "":
		if _, err := s.Agent.VerifyOrderEmail(ctx, &c, req.OrderNumber, req.Email); err != nil {
			return createResponse{}, err
		}
		if !c.Verified() {
			c.VerifyFailures++
		}
	}
	if resumed, ok, err := s.resume(ctx, c, req.ConversationID); err != nil || ok {
		return resumed, err
	}
	// A verified conversation starts with its customer's context, written
	// with it, so its turns read it with the conversation.
	if err := s.Agent.Prepare(ctx, &c); err != nil {
		return createResponse{}, err
	}
	if err := s.Store.CreateConversation(ctx, c); err != nil {
		return createResponse{}, fmt.Errorf("create conversation: %w", err)
	}
	exp := now.Add(s.ttl())
	s.Log.InfoContext(ctx, "conversation created", "shop", shop, "conversation", c.ID, "verified", c.Verified())
	return createResponse{ConversationID: c.ID, Token: ConversationToken(s.TokenKeys, shop, c.ID, exp), Verified: c.Verified(), ExpiresAt: exp.Format(time.RFC3339)}, nil
}

// resume gives a new token for the earlier conversation id when c proved
// the same customer that conversation was verified for (the widget's
// "continue my chat" once its token expired); ok is false when there is no
// such conversation of theirs, and a new one is opened instead.
func (s *Service) resume(ctx context.Context, c conversation.Conversation, id string) (createResponse, bool, error) {
	if id == "" || !c.Verified() || len(id) > 64 {
		return createResponse{}, false, nil
	}
	old, _, err := s.Store.GetConversation(ctx, c.Shop, id)
	if errors.Is(err, store.ErrNotFound) {
		return createResponse{}, false, nil
	}
	if err != nil {
		return createResponse{}, false, fmt.Errorf("resume conversation: %w", err)
	}
	if old.Channel != conversation.ChannelChat || !old.Verified() || old.CustomerEmail != c.CustomerEmail {
		return createResponse{}, false, nil
	}
	exp := s.Clock.Now().Add(s.ttl())
	s.Log.InfoContext(ctx, "conversation resumed", "shop", c.Shop, "conversation", old.ID)
	return createResponse{ConversationID: old.ID, Token: ConversationToken(s.TokenKeys, c.Shop, old.ID, exp), Verified: true,
		ExpiresAt: exp.Format(time.RFC3339), Resumed: true}, true, nil
}

func (s *Service) ttl() time.Duration {
	if s.TokenTTL > 0 {
		return s.TokenTTL
	}
	return 24 * time.Hour
}

// authorize checks the bearer token against the conversation in the path.
func (s *Service) authorize(r *http.Request) (shop, id string, err error) {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return "", "", errUnauth
	}
	shop, id, err = ParseConversationToken(s.TokenKeys, strings.TrimSpace(tok), s.Clock.Now())
	if err != nil || id != r.PathValue("id") {
		return "", "", errUnauth
	}
	return shop, id, nil
}

type messageResponse struct {
	Reply   *replyText            `json:"reply"`
	Actions []conversation.Action `json:"actions"`
	Status  conversation.Status   `json:"status"`
}

type replyText struct {
	Text string `json:"text"`
}

func (s *Service) message(w http.ResponseWriter, r *http.Request) {
	shop, id, err := s.authorize(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.limitClient(r); err != nil {
		s.fail(w, r, err)
		return
	}
	var req struct {
		Text string `json:"text"`
	}
	if err := decode(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	if len(req.Text) > MaxMessage {
		s.fail(w, r, errTooLarge)
		return
	}
	text := strings.TrimSpace(strings.ToValidUTF8(req.Text, "\uFFFD"))
	if text == "" || !utf8.ValidString(text) {
		s.fail(w, r, badRequest(`"text" must be a non-empty message`))
		return
	}
	resp, err := s.Say(withClient(r), shop, id, text)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.Write(w, http.StatusOK, resp)
}

// Say runs one customer message through the agent and saves the turn (the
// turn loop, package turn): a save that loses a race with another message
// reloads and runs again, so concurrent messages all land, each once, in
// order. What other capabilities do about the turn (metrics, a handoff, an
// outreach answer) follows from the events saved with it.
func (s *Service) Say(ctx context.Context, shop, id, text string) (messageResponse, error) {
	return s.say(ctx, shop, id, text, nil)
}

// say is Say for a message that may come with photos: they are recorded
// on the conversation with the message (its Seq), which carries their ids
// and, for the agent, a note of them after the text.
func (s *Service) say(ctx context.Context, shop, id, text string, photos []conversation.Photo) (messageResponse, error) {
	budget := s.TurnBudget
	if budget <= 0 {
		budget = 20 * time.Second
	}
	var res agent.Result
	saved, err := s.loop().Run(ctx, shop, id, func(ctx context.Context, c *conversation.Conversation, msgs []conversation.Message) (turn.Draft, error) {
		now := s.Clock.Now()
		if recentCustomerMessages(msgs, now) >= PerConversationPerMinute {
			return turn.Draft{}, errTooMany
		}
		seq := c.Messages
		var d turn.Draft
		var match outreach.Match
		text := text
		var ids []string
		if len(photos) > 0 {
			added := make([]conversation.Photo, 0, len(photos))
			for _, p := range photos {
				p.Seq = seq
				if c.AddPhotos(p) == 0 {
					if _, ok := c.FindPhoto(p.ID); !ok {
						return turn.Draft{}, errTooManyPhotos
					}
				}
				added = append(added, p)
				ids = append(ids, p.ID)
			}
			text = strings.TrimSpace(text + "\n" + conversation.PhotoNote(added))
		}
		var cases escalation.Cases
		if s.Cases != nil && c.Status == conversation.StatusOpen {
			cases = s.Cases
		}
		owned, err := escalation.OwnedCase(ctx, cases, s.Agent, c, text)
		if err != nil {
			return turn.Draft{}, err
		}
		if owned == "" && s.Outreach != nil && len(photos) == 0 && c.Verified() && c.Status == conversation.StatusOpen && !turn.AnswersProposal(*c, seq, now) {
			// A message answering the stated proposal is the agent's to
			// settle (its yes or no), whatever a check-in asked meanwhile.
			// The customer context, read with the conversation (or built
			// now and saved with the turn), holds their check-ins.
			if err := s.Agent.Prepare(ctx, c); err != nil {
				return turn.Draft{}, err
			}
			m := outreach.Message{Shop: shop, Email: c.CustomerEmail, ConversationID: c.ID, Text: text}
			if c.Context != nil {
				m.CheckIns, m.Known = c.Context.CheckIns, true
			}
			var err error
			if match, err = s.Outreach.Match(ctx, m); err != nil {
				return turn.Draft{}, fmt.Errorf("outreach match: %w", err)
			}
		}
		switch {
		case owned != "":
			// A person owns the order's delivery case: they answer, the
			// agent does not (no second handoff: the turn's handover joins
			// the case's).
			res = agent.Result{Reply: owned, Actions: []conversation.Action{{Tool: toolname.Handoff, Status: "queued", Order: c.CurrentOrder}}}
		case match.Kind != "":
			// The customer answered a check-in (or rated a delivery, or
			// opted out): outreach replies, and follows up once it is saved.
			res = agent.Result{Reply: match.Reply, Actions: []conversation.Action{{Tool: "outreach_" + match.Kind, Status: "done"}}}
			e, err := match.Event(now)
			if err != nil {
				return turn.Draft{}, err
			}
			d.Events = append(d.Events, e)
		default:
			turnCtx, cancel := context.WithTimeout(ctx, budget)
			var err error
			res, err = s.Agent.Turn(turnCtx, c, msgs, text, seq)
			cancel()
			if err != nil {
				return turn.Draft{}, fmt.Errorf("agent turn: %w", err)
			}
			d.Records = res.Records
		}
		d.Messages = []conversation.Message{{Seq: seq, Role: conversation.RoleCustomer, Text: text, At: now, Photos: ids}}
		if !res.Quiet {
			u := conversation.Usage{InputTokens: res.Usage.InputTokens, OutputTokens: res.Usage.OutputTokens,
				CacheReadTokens: res.Usage.CacheReadTokens, CacheWriteTokens: res.Usage.CacheWriteTokens}
			d.Messages = append(d.Messages, conversation.Message{Seq: seq + 1, Role: conversation.RoleAgent, Text: res.Reply, At: s.Clock.Now(), Actions: res.Actions, Usage: &u})
		}
		return d, nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return messageResponse{}, errNotFound
	}
	if err != nil {
		return messageResponse{}, err
	}
	c := saved.After
	s.Log.InfoContext(ctx, "turn", "shop", shop, "conversation", id, "seq", saved.Before.Messages, "actions", len(res.Actions),
		"input_tokens", res.Usage.InputTokens, "output_tokens", res.Usage.OutputTokens, "status", c.Status)
	out := messageResponse{Actions: res.Actions, Status: c.Status}
	if out.Actions == nil {
		out.Actions = []conversation.Action{}
	}
	if !res.Quiet {
		out.Reply = &replyText{Text: res.Reply}
	}
	return out, nil
}

func (s *Service) loop() *turn.Loop {
	s.once.Do(func() {
		if s.Turns == nil {
			s.Turns = &turn.Loop{Store: s.Store, Clock: s.Clock}
		}
	})
	return s.Turns
}

func recentCustomerMessages(msgs []conversation.Message, now time.Time) int {
	n := 0
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		if now.Sub(m.At) > time.Minute {
			break
		}
		if m.Role == conversation.RoleCustomer {
			n++
		}
	}
	return n
}

type transcriptResponse struct {
	ConversationID string                 `json:"conversation_id"`
	Status         conversation.Status    `json:"status"`
	Verified       bool                   `json:"verified"`
	Messages       []conversation.Message `json:"messages"`
	CSAT           *conversation.CSAT     `json:"csat,omitempty"`
}

func (s *Service) transcript(w http.ResponseWriter, r *http.Request) {
	shop, id, err := s.authorize(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, msgs, err := s.Store.GetConversation(r.Context(), shop, id)
	if errors.Is(err, store.ErrNotFound) {
		s.fail(w, r, errNotFound)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := transcriptResponse{ConversationID: c.ID, Status: c.Status, Verified: c.Verified(), Messages: msgs, CSAT: c.CSAT}
	for i := range out.Messages {
		out.Messages[i].Usage = nil // tokens are the merchant's business
	}
	if out.Messages == nil {
		out.Messages = []conversation.Message{}
	}
	httpjson.Write(w, http.StatusOK, out)
}

func (s *Service) csat(w http.ResponseWriter, r *http.Request) {
	shop, id, err := s.authorize(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var req struct {
		Score   int    `json:"score"`
		Comment string `json:"comment"`
	}
	if err := decode(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	if req.Score < 1 || req.Score > 5 {
		s.fail(w, r, badRequest(`"score" must be 1 to 5`))
		return
	}
	if len(req.Comment) > 2000 {
		s.fail(w, r, errTooLarge)
		return
	}
	var c conversation.Conversation
	var previous *conversation.CSAT
	err = turn.Retry(r.Context(), 20, func() error {
		var err error
		if c, _, err = s.Store.GetConversation(r.Context(), shop, id); err != nil {
			return err
		}
		previous = c.CSAT
		c.CSAT = &conversation.CSAT{Score: req.Score, Comment: strings.TrimSpace(req.Comment), At: s.Clock.Now()}
		return s.Store.SaveTurn(r.Context(), c, c.Version, nil)
	})
	if errors.Is(err, store.ErrNotFound) {
		s.fail(w, r, errNotFound)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.Metrics != nil {
		if err := s.Metrics.CSAT(r.Context(), shop, c.CSAT.At, req.Score, previous); err != nil {
			s.Log.WarnContext(r.Context(), "metrics", "conversation", id, "err", err)
		}
	}
	httpjson.Write(w, http.StatusOK, map[string]any{"status": "recorded", "score": req.Score})
}
