package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/docs"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Config says what to run.
type Config struct {
	Data  *Data
	Suite []Scenario
	Model agent.Model // the model under test
	// ModelID names the model in the report ("offline", "nothing", a
	// Bedrock model id).
	ModelID string
	// Tries is how many times each scenario runs, each try on a fresh
	// stack (default 1).
	Tries int
	// Docs is the product documentation (default: the demo shop's);
	// Policy the merchant's policy (default: the demo shop's).
	Docs   fs.FS
	Policy *policy.Policy
	Log    *slog.Logger
}

// Result is one try of one scenario.
type Result struct {
	Scenario Scenario `json:"scenario"`
	Try      int      `json:"try"`
	Pass     bool     `json:"pass"`
	Failures []string `json:"failures,omitempty"`
	Replies  []string `json:"replies"`
	// ModelCalls and Usage are the model's calls and the usage it
	// reported; Estimated is usage counted at four characters a token,
	// for models that report none.
	ModelCalls int         `json:"model_calls"`
	Usage      agent.Usage `json:"usage"`
	Estimated  agent.Usage `json:"estimated_usage"`
	// ModelErrors counts the model's calls that failed (the customer got
	// the agent's safe reply); ModelError is the first one's message.
	ModelErrors int    `json:"model_errors,omitempty"`
	ModelError  string `json:"model_error,omitempty"`
}

// recorder wraps the model under test: it counts calls, keeps the usage
// the model reported, and collects the tools asked for and everything the
// stack gave the model (tool results, context), for the grounding check.
type recorder struct {
	agent.Model
	mu        sync.Mutex
	calls     int
	errors    int
	firstErr  error
	usage     agent.Usage
	estimated agent.Usage
	tools     map[string]bool
	sources   map[string]bool
	// given are the read tools whose results the stack gave the model up
	// front, in the request (agent.State.Given: track_order's facts).
	given map[string]bool
}

func (r *recorder) Converse(ctx context.Context, req agent.Request) (agent.Response, error) {
	resp, err := r.Model.Converse(ctx, req)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	if err != nil {
		r.errors++
		if r.firstErr == nil {
			r.firstErr = err
		}
	}
	r.usage.Add(resp.Usage)
	r.estimated.Add(estimateUsage(req, resp.Message))
	// The context is a source like a tool result: the facts code gave
	// there (the current order's, as track_order states them) ground a
	// reply, and stand for that tool's call.
	if req.Context != "" {
		r.sources[req.Context] = true
	}
	// The shop's return window, which the prompt states as policy,
	// grounds a span of days ("within 30 days of delivery").
	if req.State != nil && req.State.ReturnWindowDays > 0 {
		r.sources[fmt.Sprintf(`{"return_window_days":%d}`, req.State.ReturnWindowDays)] = true
	}
	if req.State != nil && req.State.Given != nil {
		b, _ := json.Marshal(req.State.Given)
		r.sources[string(b)] = true
		r.given[toolname.TrackOrder] = true
	}
	for _, m := range req.Messages {
		for _, b := range m.Blocks {
			if b.ToolResult != nil {
				r.sources[string(b.ToolResult.Content)] = true
			}
		}
	}
	for _, b := range resp.Message.Blocks {
		if b.ToolUse != nil {
			r.tools[b.ToolUse.Name] = true
		}
	}
	return resp, err
}

func (r *recorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls, r.errors, r.firstErr = 0, 0, nil
	r.usage, r.estimated = agent.Usage{}, agent.Usage{}
	r.tools, r.sources, r.given = map[string]bool{}, map[string]bool{}, map[string]bool{}
}

// estimateUsage counts a call at four characters a token: an estimate,
// and labelled so wherever it is shown.
func estimateUsage(req agent.Request, out agent.Message) agent.Usage {
	n := len(req.System) + len(req.Context)
	tools, _ := json.Marshal(req.Tools)
	n += len(tools)
	for _, m := range req.Messages {
		b, _ := json.Marshal(m.Blocks)
		n += len(b)
	}
	o, _ := json.Marshal(out.Blocks)
	return agent.Usage{InputTokens: (n + 3) / 4, OutputTokens: (len(o) + 3) / 4}
}

const shop = "eval-shop.myshopify.com"

// DemoPolicy is the policy a stack runs under when none is given: the demo
// shop's (policy.Default, the demo shop's name, a 30-day return window),
// as a simulation saves it.
func DemoPolicy() policy.Policy {
	p := policy.Default()
	p.ShopName = "Hearth & Harbor"
	p.ReturnWindowDays = 30
	return p
}

// Stack is a fresh local doorstep seeded with the orders a suite needs,
// serving its own HTTP API in process.
type Stack struct {
	Runner *runner.Runner
	URL    string
	rec    *recorder
	// people are the customers of the seeded orders, for the disclosure
	// check.
	people []person
	// policy is the shop's documentation, whose spans of days ("5 to 10
	// business days") ground a reply that states them.
	policy string
	close  func()
}

// Close stops the stack and removes its data.
func (s *Stack) Close() { s.close() }

// NewStack starts a local stack on model with the orders of every customer
// the scenarios name.
func NewStack(ctx context.Context, cfg Config, suite []Scenario) (*Stack, error) {
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	dir, err := os.MkdirTemp(scratch(), "doorstep-eval-")
	if err != nil {
		return nil, fmt.Errorf("eval data dir: %w", err)
	}
	docFS := cfg.Docs
	if docFS == nil {
		docFS = events.Docs()
	}
	files, err := docs.LoadFS(docFS)
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("eval docs: %w", err)
	}
	if cfg.Policy == nil {
		p := DemoPolicy()
		cfg.Policy = &p
	}
	rec := &recorder{Model: cfg.Model}
	rec.reset()
	rc := runner.Config{DataDir: dir, Shop: shop, WebhookSecret: "eval", Model: rec, Log: log,
		Docs: docs.NewLibrary(files), Policy: cfg.Policy, ClientLimit: -1, Variants: cfg.Data.Variants}
	if cfg.Policy != nil && cfg.Policy.ReturnWindowDays > 0 {
		rc.ReturnWindow = time.Duration(cfg.Policy.ReturnWindowDays) * 24 * time.Hour
	}
	r, err := runner.New(rc)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	st := &Stack{Runner: r, rec: rec, policy: docsText(files)}
	st.close = func() { r.Close(); os.RemoveAll(dir) }
	now := r.Clock.Now()
	seeded := cfg.Data.needed(suite)
	st.people = cfg.Data.people(seeded)
	for _, o := range seeded {
		body, err := cfg.Data.ShopifyOrder(o, now)
		if err != nil {
			st.Close()
			return nil, err
		}
		d := intake.Delivery{Topic: shopify.TopicOrdersCreate, Shop: shop, EventID: "eval-" + o.OrderID, Body: body, Signature: shopify.Sign([]byte("eval"), body)}
		if _, err := r.Intake.Handle(ctx, d); err != nil {
			st.Close()
			return nil, fmt.Errorf("seed %s: %w", o.OrderID, err)
		}
	}
	for _, o := range cfg.Data.replacementsNamed(suite) {
		body, err := cfg.Data.ReplacementOrder(o, now)
		if err != nil {
			st.Close()
			return nil, err
		}
		d := intake.Delivery{Topic: shopify.TopicOrdersCreate, Shop: shop, EventID: "eval-replacement-" + o.OrderID, Body: body, Signature: shopify.Sign([]byte("eval"), body)}
		if _, err := r.Intake.Handle(ctx, d); err != nil {
			st.Close()
			return nil, fmt.Errorf("seed the replacement of %s: %w", o.OrderID, err)
		}
	}
	srv := httptest.NewServer(r.Handler())
	st.URL = srv.URL
	st.close = func() { srv.Close(); r.Close(); os.RemoveAll(dir) }
	return st, nil
}

// scratch is where stacks keep their data: memory (/dev/shm) where the
// system has it, as a stack lives for one conversation and syncing its
// database to disk is most of its cost; the temporary folder otherwise.
var scratch = sync.OnceValue(func() string {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		if f, err := os.CreateTemp("/dev/shm", "doorstep-probe-"); err == nil {
			f.Close()
			os.Remove(f.Name())
			return "/dev/shm"
		}
	}
	return ""
})

var (
	nameRe  = regexp.MustCompile(`#(\d{6,8})\b`)
	emailRe = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
)

// needed is every order of every customer whose order or email a scenario
// names, sorted by id: the suite's world, small enough to seed for every
// try.
func (d *Data) needed(suite []Scenario) []tbOrder {
	byName := map[string]tbOrder{}
	for _, o := range d.Orders {
		byName[o.name()] = o
	}
	byEmail := map[string]string{}
	for id, u := range d.Users {
		byEmail[strings.ToLower(u.Email)] = id
	}
	users := map[string]bool{}
	for _, s := range suite {
		b, _ := json.Marshal(s)
		for _, m := range nameRe.FindAllStringSubmatch(string(b), -1) {
			if o, ok := byName["#"+m[1]]; ok {
				users[o.UserID] = true
			}
		}
		// A shop's own orders have names of any length ("#1001",
		// "#EU-1001"): each is looked for as written.
		for name, o := range byName {
			if o.raw != nil && containsName(string(b), name) {
				users[o.UserID] = true
			}
		}
		for _, m := range emailRe.FindAllString(string(b), -1) {
			if id, ok := byEmail[strings.ToLower(m)]; ok {
				users[id] = true
			}
		}
	}
	var out []tbOrder
	for _, o := range d.Orders {
		if users[o.UserID] {
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].OrderID < out[j].OrderID })
	return out
}

// containsName reports whether text names an order's name ("#1001") not
// as part of a longer one ("#10011").
func containsName(text, name string) bool {
	for from := 0; ; {
		i := strings.Index(text[from:], name)
		if i < 0 {
			return false
		}
		end := from + i + len(name)
		if end >= len(text) || !(text[end] >= '0' && text[end] <= '9' || text[end] >= 'A' && text[end] <= 'Z' || text[end] >= 'a' && text[end] <= 'z') {
			return true
		}
		from += i + 1
	}
}

// Play runs one scenario on the stack and judges it.
func (st *Stack) Play(ctx context.Context, sc Scenario) (Result, error) {
	return st.Converse(ctx, sc, func(_ context.Context, replies []string) (string, bool, error) {
		if len(replies) < len(sc.Turns) {
			return sc.Turns[len(replies)], true, nil
		}
		return "", false, nil
	})
}

// Customer gives the customer's next message, having read the agent's
// replies so far; ok false ends the conversation.
type Customer func(ctx context.Context, replies []string) (text string, ok bool, err error)

// Converse has a customer talk to the stack through its chat API and judges
// the conversation by sc's expectations. The turns played are recorded in
// the result's Scenario.
func (st *Stack) Converse(ctx context.Context, sc Scenario, next Customer) (Result, error) {
	st.rec.reset()
	if sc.Wait != "" {
		d, err := parseWait(sc.Wait)
		if err != nil {
			return Result{}, fmt.Errorf("%s: %w", sc.ID, err)
		}
		if _, err := st.Runner.Advance(ctx, d); err != nil {
			return Result{}, fmt.Errorf("%s: wait %s: %w", sc.ID, sc.Wait, err)
		}
	}
	before, err := demoshop.Actions(ctx, st.Runner.Store)
	if err != nil {
		return Result{}, err
	}
	res := Result{Scenario: sc}
	res.Scenario.Turns = nil
	tr := transcript{Done: map[string]bool{}, Policy: st.policy}
	start := sc.Start
	if start == nil {
		start = map[string]string{}
	}
	id, token, verified, err := create(ctx, st.URL, start)
	if err != nil {
		return Result{}, fmt.Errorf("%s: %w", sc.ID, err)
	}
	for {
		text, ok, err := next(ctx, tr.Replies)
		if err != nil {
			return Result{}, fmt.Errorf("%s: customer: %w", sc.ID, err)
		}
		if !ok {
			break
		}
		res.Scenario.Turns = append(res.Scenario.Turns, text)
		tr.Customer = append(tr.Customer, text)
		reply, acts, err := say(ctx, st.URL, id, token, text)
		if err != nil {
			res.Failures = append(res.Failures, "turn failed: "+err.Error())
			break
		}
		for _, a := range acts {
			if a.Tool == toolname.VerifyCustomer && a.Status == "done" {
				verified = true
			}
			if a.Status == "done" {
				tr.Done[a.Tool] = true
			}
		}
		tr.Replies = append(tr.Replies, reply)
		tr.Unverified = append(tr.Unverified, !verified)
	}
	after, err := demoshop.Actions(ctx, st.Runner.Store)
	if err != nil {
		return Result{}, err
	}
	tr.Writes = newActions(before, after)
	for _, a := range after {
		if c, ok := a.Detail["code"].(string); ok && a.Type == demoshop.ActionDiscountCode {
			tr.Codes = append(tr.Codes, c)
		}
	}
	c, _, err := st.Runner.Store.GetConversation(ctx, shop, id)
	if err != nil {
		return Result{}, fmt.Errorf("%s: read conversation: %w", sc.ID, err)
	}
	tr.Handover = c.Status == conversation.StatusHandover
	tr.People, tr.Verified = st.people, c.CustomerEmail
	tr.Now = st.Runner.Clock.Now()
	// The seeded orders are in dollars (ShopifyOrder); dates are days in
	// the shop's zone.
	tr.Loc, tr.Currency = st.Runner.Delivery.Checker.Rules.Location, "USD"
	st.rec.mu.Lock()
	tr.Tools, tr.Given = st.rec.tools, st.rec.given
	for s := range st.rec.sources {
		tr.Sources = append(tr.Sources, s)
	}
	res.ModelCalls, res.Usage, res.Estimated = st.rec.calls, st.rec.usage, st.rec.estimated
	if res.ModelErrors = st.rec.errors; st.rec.firstErr != nil {
		res.ModelError = st.rec.firstErr.Error()
	}
	st.rec.mu.Unlock()
	res.Replies = tr.Replies
	if res.ModelErrors > 0 {
		res.Failures = append(res.Failures, fmt.Sprintf("model: %d of %d calls failed: %s", res.ModelErrors, res.ModelCalls, res.ModelError))
	}
	res.Failures = append(res.Failures, judge(sc, tr)...)
	res.Pass = len(res.Failures) == 0
	return res, nil
}

// newActions is what after has beyond before (as a multiset).
func newActions(before, after []demoshop.Action) []demoshop.Action {
	seen := map[string]int{}
	for _, a := range before {
		b, _ := json.Marshal(a)
		seen[string(b)]++
	}
	var out []demoshop.Action
	for _, a := range after {
		b, _ := json.Marshal(a)
		if seen[string(b)] > 0 {
			seen[string(b)]--
			continue
		}
		out = append(out, a)
	}
	return out
}

// ModelFailure is a run in which the model under test failed calls: a
// setup problem (credentials, model access, a model id the region does not
// serve), not a measure of the agent's quality.
type ModelFailure struct {
	ModelID string
	// Failed of Calls model calls failed; First is the first error.
	Failed, Calls int
	First         string
}

func (e *ModelFailure) Error() string {
	return fmt.Sprintf("model %s failed %d of %d calls, so this run is a setup failure, not a score; first error: %s",
		e.ModelID, e.Failed, e.Calls, e.First)
}

// ModelFailure is the run's model failures, nil when every call answered.
func (r Report) ModelFailure() *ModelFailure {
	var f ModelFailure
	for _, x := range r.Results {
		f.Failed += x.ModelErrors
		f.Calls += x.ModelCalls
		if f.First == "" {
			f.First = x.ModelError
		}
	}
	if f.Failed == 0 {
		return nil
	}
	f.ModelID = r.ModelID
	return &f
}

// Run plays every scenario cfg.Tries times, each play on a fresh stack
// seeded with that scenario's customers only: no scenario sees another's
// writes, so its outcome does not depend on the suite's order or on which
// other scenarios name the same order. A model that fails every call it
// gets in the first conversation stops the run at once with a
// *ModelFailure (a broken setup need not be tried 264 times); failures
// later are counted in the report, whose ModelFailure the caller must
// check before reading a score.
func Run(ctx context.Context, cfg Config) (Report, error) {
	tries := max(cfg.Tries, 1)
	rep := Report{ModelID: cfg.ModelID, Tries: tries, Scenarios: len(cfg.Suite)}
	for try := 1; try <= tries; try++ {
		for _, sc := range cfg.Suite {
			res, err := playAlone(ctx, cfg, sc)
			if err != nil {
				return rep, err
			}
			res.Try = try
			rep.Results = append(rep.Results, res)
			if len(rep.Results) == 1 && res.ModelErrors > 0 && res.ModelErrors == res.ModelCalls {
				return rep, rep.ModelFailure()
			}
		}
	}
	return rep, nil
}

// playAlone plays sc on a stack of its own.
func playAlone(ctx context.Context, cfg Config, sc Scenario) (Result, error) {
	st, err := NewStack(ctx, cfg, []Scenario{sc})
	if err != nil {
		return Result{}, err
	}
	defer st.Close()
	return st.Play(ctx, sc)
}

func create(ctx context.Context, base string, body map[string]string) (id, token string, verified bool, err error) {
	var out struct {
		ConversationID string `json:"conversation_id"`
		Token          string `json:"token"`
		Verified       bool   `json:"verified"`
	}
	if err := post(ctx, base+"/v1/conversations", "", body, &out, http.StatusCreated); err != nil {
		return "", "", false, err
	}
	return out.ConversationID, out.Token, out.Verified, nil
}

func say(ctx context.Context, base, id, token, text string) (string, []conversation.Action, error) {
	var out struct {
		Reply *struct {
			Text string `json:"text"`
		} `json:"reply"`
		Actions []conversation.Action `json:"actions"`
	}
	if err := post(ctx, base+"/v1/conversations/"+id+"/messages", token, map[string]string{"text": text}, &out, http.StatusOK); err != nil {
		return "", nil, err
	}
	if out.Reply == nil {
		return "", out.Actions, nil
	}
	return out.Reply.Text, out.Actions, nil
}

func post(ctx context.Context, url, token string, body, out any, want int) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s: %d %s", url, resp.StatusCode, raw)
	}
	return json.Unmarshal(raw, out)
}

// docsText is the documents' bodies, one after another, each a line
// (a span wrapped over two lines of a file is one span).
func docsText(files []docs.Document) string {
	var b strings.Builder
	for _, f := range files {
		b.WriteString(strings.Join(strings.Fields(f.Body), " "))
		b.WriteByte('\n')
	}
	return b.String()
}
