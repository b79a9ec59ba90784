// Package agent is doorstep's support agent: it builds the prompt, calls the
// model, runs the tools the model asks for, and decides in code what the
// customer may see and get. Identity comes from the conversation, never from
// the model; every write checks policy, needs the customer's explicit yes,
// and claims an idempotency key.
package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Store is what the agent reads and writes.
type Store interface {
	GetOrderByName(ctx context.Context, shop, name string) (order.Order, error)
	OrdersByEmail(ctx context.Context, shop, email string, limit int) ([]order.Order, error)
	ConversationsByEmail(ctx context.Context, shop, email string, limit int) ([]conversation.Conversation, error)
	Apply(ctx context.Context, c store.Change) (store.Result, error)
	Claim(ctx context.Context, key string, expires time.Time) error
	Release(ctx context.Context, key string) error
}

// Policies gives a shop's policy.
type Policies interface {
	Policy(ctx context.Context, shop string) (policy.Policy, error)
}

// PolicyCopier, when Policies implements it (settings.Service), gives the
// policy with the stored document it came from: BuildContext copies it into
// the customer context, and the turn uses that copy, guarded by the
// document (store.DocGuard), instead of reading the settings.
type PolicyCopier interface {
	PolicyCopy(ctx context.Context, shop string) (conversation.PolicyCopy, error)
}

// guardedClaims is the store's ClaimIf (store.Store has it).
type guardedClaims interface {
	ClaimIf(ctx context.Context, key string, expires time.Time, g store.DocGuard) error
}

// policyCopy is the policy copy of conv's customer context a turn acts
// under, when it holds one for its customer; nil: read the policy.
func policyCopy(conv *conversation.Conversation) *conversation.PolicyCopy {
	if cc := conv.Context; cc != nil && cc.Policy != nil && cc.Email == conv.CustomerEmail {
		return cc.Policy
	}
	return nil
}

// StaticPolicy is one policy for every shop.
type StaticPolicy policy.Policy

// Policy returns the policy.
func (p StaticPolicy) Policy(context.Context, string) (policy.Policy, error) {
	return policy.Policy(p), nil
}

// Pricer turns usage into dollars; nil costs nothing.
type Pricer func(Usage) float64

// Agent answers customers.
type Agent struct {
	Store    Store
	Model    Model
	Commerce Commerce
	Policies Policies
	Clock    clock.Clock
	Log      *slog.Logger
	Price    Pricer
	// Rules are the shop's delivery rules and time zone (package edd): the
	// chat tells the estimate every notice tells, in the shop's dates; nil
	// is edd.DefaultRules in UTC.
	Rules *edd.Rules
	// Deliveries says what the delivery check found and did about an
	// order's parcels (package watch); nil: nothing to say.
	Deliveries Deliveries
	// MaxRounds bounds model calls per turn (default 4).
	MaxRounds int
	// HistoryMessages is how many earlier messages go to the model
	// (default 12).
	HistoryMessages int
	// FollowUps decides follow-up promises (the follow_up tool); nil: none
	// are made.
	FollowUps FollowUps
	// CheckIns reads check-ins for the customer context; nil: none kept.
	CheckIns CheckIns
	// ContextMaxAge and ContextIdle bound a kept customer context's age
	// (defaults DefaultContextMaxAge, DefaultContextIdle).
	ContextMaxAge, ContextIdle time.Duration
	// Docs answers product questions from the merchant's documentation
	// (the search_docs tool); nil means there is none.
	Docs DocsSearcher
	// Executed hears of each proposal run outside a chat turn (tracking page, approval); a turn's are counted from the saved turn. nil: none.
	Executed func(ctx context.Context, shop string, p conversation.Proposal, approved bool)
	// ReturnMail mails a started return's label or instructions
	// (trackpage.Page); nil: none are mailed.
	ReturnMail ReturnMailer
	// ReturnLabels: a label provider is set up, so a started return's
	// email carries a return label; else it carries instructions only,
	// and proposals say so.
	ReturnLabels bool
}

// Deliveries is the delivery check, as the agent sees it (watch.ForAgent).
type Deliveries interface {
	// OrderProblems lists an order's delivery problems and what was done,
	// newest first: "problem", "action", "what_we_did", maybe
	// "replacement_order", "refunded", "customer_told".
	OrderProblems(ctx context.Context, shop, orderID string) ([]map[string]any, error)
}

// Result is what a turn produced.
type Result struct {
	Reply   string
	Actions []conversation.Action
	Usage   Usage
	// Quiet is set when a person owns the conversation: the agent did not
	// answer.
	Quiet bool
	// Records are what the turn's writes to the shop recorded (a return,
	// say): the caller commits them with the turn (turn.Draft.Records).
	Records []store.Change
}

// SafeReply is what the customer gets when the model fails.
const SafeReply = "I'm sorry, I'm having trouble answering right now. I've passed your message to a member of our team, who will reply here as soon as they can."

// Turn answers one customer message. conv is updated in place (identity,
// pending action, summary, usage); history is the conversation's earlier
// messages; seq is the Seq the customer's message will be saved under.
// The caller saves conv and the messages, and Result.Records with them.
// When it fails after a write to the shop ran, what the write recorded is
// written before the error returns.
func (a *Agent) Turn(ctx context.Context, conv *conversation.Conversation, history []conversation.Message, text string, seq int) (_ Result, err error) {
	if conv.Status == conversation.StatusHandover {
		return a.quiet(ctx, conv, text)
	}
	// The verified customer's context (kept, or built now) holds the
	// policy the turn acts under.
	if err := a.Prepare(ctx, conv); err != nil {
		return Result{}, err
	}
	var pol policy.Policy
	if cp := policyCopy(conv); cp != nil {
		pol = cp.Policy
	} else if pol, err = a.Policies.Policy(ctx, conv.Shop); err != nil {
		return Result{}, fmt.Errorf("load policy: %w", err)
	}
	s := &session{a: a, conv: conv, text: text, history: history, seq: seq, pol: pol, now: a.Clock.Now(), orders: map[string]bool{}, topics: map[string]bool{}, refused: map[string]bool{}}
	defer func() {
		if err == nil {
			return
		}
		for _, r := range s.records {
			if _, aerr := a.Store.Apply(context.WithoutCancel(ctx), r); aerr != nil {
				err = errors.Join(err, fmt.Errorf("record the shop's write: %w", aerr))
			}
		}
	}()
	if err := s.noteNamedOrder(ctx); err != nil {
		return Result{}, err
	}
	// A person asked for, or the agent's offer of one taken: code hands
	// over, whatever waits (person.go).
	if r, ok := s.handOverAsked(); ok {
		a.remember(conv, s, Usage{}, 0)
		return r, nil
	}
	// Photos and nothing else, while a proposal or a question waits: the
	// step is kept (photos_only.go).
	if r, ok := s.keepStepForPhotos(); ok {
		a.remember(conv, s, Usage{}, 0)
		return r, nil
	}
	// A follow-up promise taken back: code cancels it (promise_withdraw.go).
	if r, ok, err := s.withdrawPromise(ctx); err != nil || ok {
		if err == nil {
			a.remember(conv, s, Usage{}, 0)
		}
		return r, err
	}
	// The customer's message answers the proposal the last reply stated:
	// code decides, before the model runs.
	if err := s.answer(ctx); err != nil {
		return Result{}, err
	}

	req := Request{System: SystemPrompt(pol), MaxTokens: 600}
	req.Messages = modelHistory(history, a.historyLen())
	req.Messages = append(req.Messages, Message{Role: RoleUser, Blocks: []Block{{Text: text}}})

	var usage Usage
	calls := 0
	reply := ""
	rounds := a.MaxRounds
	if rounds <= 0 {
		rounds = 4
	}
	for round := 0; ; round++ {
		// Context is rebuilt each round: a tool may have verified the customer.
		if req.Context, err = a.contextFor(ctx, s); err != nil {
			return Result{}, err
		}
		if req.State, err = s.modelState(ctx); err != nil {
			return Result{}, err
		}
		var allowed map[string]bool
		if req.Tools, allowed, err = s.toolsFor(ctx, req.Messages); err != nil {
			return Result{}, err
		}
		if round == rounds {
			a.Log.WarnContext(ctx, "round limit", "conversation", conv.ID, "rounds", rounds)
			reply = "I'm sorry, I couldn't finish that here. I've passed it to a member of our team, who will reply in this conversation."
			s.handover = true
			break
		}
		resp, err := a.Model.Converse(ctx, req)
		calls++
		usage.Add(resp.Usage)
		if err != nil {
			a.Log.WarnContext(ctx, "model failed", "conversation", conv.ID, "err", err)
			reply, s.handover = SafeReply, true
			s.act(toolname.Handover, "done", "", "model unavailable")
			break
		}
		req.Messages = append(req.Messages, resp.Message)
		uses := toolUses(resp.Message)
		if resp.StopReason == StopMalformedToolUse && len(uses) == 0 {
			req.Messages = append(req.Messages[:len(req.Messages)-1], Message{Role: RoleAssistant, Blocks: []Block{{Text: "(tool call was malformed)"}}},
				Message{Role: RoleUser, Blocks: []Block{{Text: "(system: your last tool call was malformed and was not run; answer the customer or call the tool again with valid input)"}}})
			continue
		}
		if resp.StopReason != StopToolUse || len(uses) == 0 {
			reply = strings.TrimSpace(resp.Message.Text())
			break
		}
		results := Message{Role: RoleUser}
		for _, u := range uses {
			if _, known := ToolByName(u.Name); known && !allowed[u.Name] {
				// Not offered in this request: the model is told so and
				// answers from the order's stage.
				s.refused[u.Name] = true
				out, isErr, err := s.notOffered(ctx, u)
				if err != nil {
					return Result{}, fmt.Errorf("tool %s not offered: %w", u.Name, err)
				}
				content, _ := json.Marshal(out)
				results.Blocks = append(results.Blocks, Block{ToolResult: &ToolResult{ToolUseID: u.ID, Content: content, IsError: isErr}})
				continue
			}
			out, isErr, err := s.run(ctx, u)
			if err != nil {
				return Result{}, fmt.Errorf("tool %s: %w", u.Name, err)
			}
			content, _ := json.Marshal(out)
			results.Blocks = append(results.Blocks, Block{ToolResult: &ToolResult{ToolUseID: u.ID, Content: content, IsError: isErr}})
		}
		req.Messages = append(req.Messages, results)
	}
	if reply == "" {
		reply = "Sorry, I didn't quite catch that. Could you tell me a little more about what you need?"
	}
	if s.handover {
		conv.Status = conversation.StatusHandover
	}
	if err := s.stateNext(ctx); err != nil {
		return Result{}, err
	}
	reply = s.state(reply)
	a.remember(conv, s, usage, calls)
	return Result{Reply: reply, Actions: s.actions, Usage: usage, Records: s.records}, nil
}

func (a *Agent) historyLen() int {
	if a.HistoryMessages > 0 {
		return a.HistoryMessages
	}
	return 12
}

func toolUses(m Message) []ToolUse {
	var out []ToolUse
	for _, b := range m.Blocks {
		if b.ToolUse != nil {
			out = append(out, *b.ToolUse)
		}
	}
	return out
}

// modelHistory turns the last n stored messages into alternating model
// messages, starting with the customer.
func modelHistory(history []conversation.Message, n int) []Message {
	if len(history) > n {
		history = history[len(history)-n:]
	}
	var out []Message
	for _, m := range history {
		role, text := RoleUser, m.Text
		switch m.Role {
		case conversation.RoleAgent:
			role = RoleAssistant
		case conversation.RoleStaff:
			role, text = RoleAssistant, "(from a member of the team) "+m.Text
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		if len(out) > 0 && out[len(out)-1].Role == role {
			out[len(out)-1].Blocks = append(out[len(out)-1].Blocks, Block{Text: text})
			continue
		}
		out = append(out, Message{Role: role, Blocks: []Block{{Text: text}}})
	}
	for len(out) > 0 && out[0].Role != RoleUser {
		out = out[1:]
	}
	// The new customer message follows: the history must end with the agent.
	if len(out) > 0 && out[len(out)-1].Role == RoleUser {
		out = append(out, Message{Role: RoleAssistant, Blocks: []Block{{Text: "(no reply)"}}})
	}
	return out
}

// remember updates the conversation's running summary, topics, orders and
// usage: the memory later conversations start from.
func (a *Agent) remember(conv *conversation.Conversation, s *session, u Usage, calls int) {
	for t := range s.topics {
		if !contains(conv.Topics, t) {
			conv.Topics = append(conv.Topics, t)
		}
	}
	for o := range s.orders {
		if !contains(conv.Orders, o) {
			conv.Orders = append(conv.Orders, o)
		}
	}
	sort.Strings(conv.Topics)
	sort.Strings(conv.Orders)
	var done []string
	for _, act := range s.actions {
		switch act.Status {
		case "done", "refused", "proposed", "confirmed", "declined", "lapsed", "needs_approval":
			done = append(done, strings.TrimSpace(fmt.Sprintf("%s %s %s", act.Tool, act.Order, act.Status)))
		}
	}
	if len(done) > 0 {
		line := s.now.Format("Jan 2") + ": " + strings.Join(done, "; ")
		lines := append(strings.Split(conv.Summary, "\n"), line)
		if len(lines) > 6 {
			lines = lines[len(lines)-6:]
		}
		conv.Summary = strings.TrimSpace(strings.Join(lines, "\n"))
	}
	conv.Usage.InputTokens += u.InputTokens
	conv.Usage.OutputTokens += u.OutputTokens
	conv.Usage.CacheReadTokens += u.CacheReadTokens
	conv.Usage.CacheWriteTokens += u.CacheWriteTokens
	conv.Usage.ModelCalls += calls
	if a.Price != nil {
		conv.Usage.CostUSD += a.Price(u)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ErrNotVerified is returned by helpers that need a verified conversation.
var ErrNotVerified = errors.New("conversation not verified")
