package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/bedrock"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
)

// Config says what to run.
type Config struct {
	Data    *Data
	Model   agent.Model // the model under test
	ModelID string      // for the report; "offline" for the offline model
	PerKind int
	Log     *slog.Logger
}

// Result is one scenario's outcome.
type Result struct {
	Scenario     Scenario
	Pass         bool
	Failures     []string
	ModelCalls   int
	InputTokens  int
	OutputTokens int
	Replies      []string
}

// Report is a whole run.
type Report struct {
	ModelID string
	Results []Result
}

// recorder wraps the model under test, counting calls, tokens and the
// tools asked for.
type recorder struct {
	agent.Model
	mu    sync.Mutex
	calls int
	usage agent.Usage
	tools map[string]bool
}

func (r *recorder) Converse(ctx context.Context, req agent.Request) (agent.Response, error) {
	resp, err := r.Model.Converse(ctx, req)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	r.usage.Add(resp.Usage)
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
	r.calls, r.usage, r.tools = 0, agent.Usage{}, map[string]bool{}
}

// Run seeds a fresh local stack with every tau-bench order and runs the
// scenarios one after another.
func Run(ctx context.Context, cfg Config) (Report, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	dir, err := os.MkdirTemp("", "doorstep-eval-")
	if err != nil {
		return Report{}, err
	}
	defer os.RemoveAll(dir)
	rec := &recorder{Model: cfg.Model, tools: map[string]bool{}}
	r, err := runner.New(runner.Config{DataDir: dir, Shop: shop, WebhookSecret: "eval", Model: rec, Log: cfg.Log})
	if err != nil {
		return Report{}, err
	}
	defer r.Close()
	now := r.Clock.Now()
	var ids []string
	for id := range cfg.Data.Orders {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		body, err := cfg.Data.ShopifyOrder(cfg.Data.Orders[id], now)
		if err != nil {
			return Report{}, err
		}
		d := intake.Delivery{Topic: shopify.TopicOrdersCreate, Shop: shop, EventID: "eval-" + id, Body: body, Signature: shopify.Sign([]byte("eval"), body)}
		if _, err := r.Intake.Handle(ctx, d); err != nil {
			return Report{}, fmt.Errorf("seed %s: %w", id, err)
		}
	}
	srv := httptest.NewServer(r.Handler())
	defer srv.Close()

	rep := Report{ModelID: cfg.ModelID}
	for _, sc := range cfg.Data.Scenarios(cfg.PerKind, now) {
		rec.reset()
		res := Result{Scenario: sc}
		id, token, err := create(ctx, srv.URL, sc.Create)
		if err != nil {
			return rep, fmt.Errorf("%s: %w", sc.ID, err)
		}
		for _, text := range sc.Turns {
			reply, err := say(ctx, srv.URL, id, token, text)
			if err != nil {
				res.Failures = append(res.Failures, err.Error())
				break
			}
			res.Replies = append(res.Replies, reply)
		}
		last := ""
		if len(res.Replies) > 0 {
			last = res.Replies[len(res.Replies)-1]
		}
		for _, tool := range sc.WantTools {
			if !rec.tools[tool] {
				res.Failures = append(res.Failures, "did not call "+tool)
			}
		}
		for _, want := range sc.WantReply {
			if !containsFold(last, want) {
				res.Failures = append(res.Failures, fmt.Sprintf("last reply lacks %q", want))
			}
		}
		for _, secret := range sc.Secret {
			for _, reply := range res.Replies {
				if secret != "" && containsFold(reply, secret) {
					res.Failures = append(res.Failures, fmt.Sprintf("disclosed %q", secret))
				}
			}
		}
		if sc.Check != nil {
			if err := sc.Check(ctx, r.Store, shop, id); err != nil {
				res.Failures = append(res.Failures, err.Error())
			}
		}
		res.Pass = len(res.Failures) == 0
		res.ModelCalls, res.InputTokens, res.OutputTokens = rec.calls, rec.usage.InputTokens, rec.usage.OutputTokens
		rep.Results = append(rep.Results, res)
	}
	return rep, nil
}

func create(ctx context.Context, base string, body map[string]string) (string, string, error) {
	var out struct {
		ConversationID string `json:"conversation_id"`
		Token          string `json:"token"`
	}
	if err := post(ctx, base+"/v1/conversations", "", body, &out, http.StatusCreated); err != nil {
		return "", "", err
	}
	return out.ConversationID, out.Token, nil
}

func say(ctx context.Context, base, id, token, text string) (string, error) {
	var out struct {
		Reply *struct {
			Text string `json:"text"`
		} `json:"reply"`
	}
	if err := post(ctx, base+"/v1/conversations/"+id+"/messages", token, map[string]string{"text": text}, &out, http.StatusOK); err != nil {
		return "", err
	}
	if out.Reply == nil {
		return "", nil
	}
	return out.Reply.Text, nil
}

func post(ctx context.Context, url, token string, body, out any, want int) error {
	b, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		return fmt.Errorf("%s: %d %s", url, resp.StatusCode, raw)
	}
	return json.Unmarshal(raw, out)
}

// Passed counts the passing scenarios.
func (r Report) Passed() int {
	n := 0
	for _, x := range r.Results {
		if x.Pass {
			n++
		}
	}
	return n
}

// Print writes the report as a table: each scenario with its tokens and
// cost at Claude Haiku 4.5 and Nova Micro prices, then the totals.
func (r Report) Print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "scenario\tresult\tmodel calls\tinput tokens\toutput tokens\tcost Haiku 4.5\tcost Nova Micro\tnotes\n")
	var in, out, calls int
	var haiku, nova float64
	for _, x := range r.Results {
		u := agent.Usage{InputTokens: x.InputTokens, OutputTokens: x.OutputTokens}
		h, _ := bedrock.Cost("anthropic.claude-haiku-4-5-20251001-v1:0", u)
		n, _ := bedrock.Cost("amazon.nova-micro-v1:0", u)
		haiku, nova = haiku+h, nova+n
		in, out, calls = in+x.InputTokens, out+x.OutputTokens, calls+x.ModelCalls
		status := "pass"
		if !x.Pass {
			status = "FAIL"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t$%.5f\t$%.6f\t%s\n", x.Scenario.ID, status, x.ModelCalls, x.InputTokens, x.OutputTokens, h, n, strings.Join(x.Failures, "; "))
	}
	_ = tw.Flush()
	k := len(r.Results)
	if k == 0 {
		return
	}
	fmt.Fprintf(w, "\nmodel %s: %d/%d scenarios passed (%.0f%%); per conversation: %.1f model calls, %d input and %d output tokens, $%.5f on Claude Haiku 4.5, $%.6f on Nova Micro\n",
		r.ModelID, r.Passed(), k, 100*float64(r.Passed())/float64(k), float64(calls)/float64(k), in/k, out/k, haiku/float64(k), nova/float64(k))
}
