// Package load drives a running doorstep (the local runner) with many
// concurrent chat conversations and bursts of Shopify webhooks, duplicated
// and out of order, then checks that nothing was lost or applied twice.
package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/shopify"
)

// Config is a load run.
type Config struct {
	BaseURL       string // http://127.0.0.1:8080
	Shop          string
	Secret        string // the shop's webhook secret
	Conversations int    // concurrent conversations
	Messages      int    // messages each
	Orders        int    // orders the webhook bursts update
	Updates       int    // orders/updated versions per order
	Duplicates    int    // extra deliveries of each webhook
	Client        *http.Client
}

// Report is what a run measured and found.
type Report struct {
	Duration           time.Duration
	Requests           int
	Errors             int
	ErrorSamples       []string
	Latencies          []time.Duration // of chat messages
	MessagesAccepted   int
	MessagesMissing    int
	MessagesDoubled    int
	WebhooksAccepted   int
	WebhooksApplied    int
	EventsAppliedTwice int
	OrdersWrong        int // final stored version not the newest sent
}

// Throughput is requests per second.
func (r Report) Throughput() float64 { return float64(r.Requests) / r.Duration.Seconds() }

// Percentile of chat message latency.
func (r Report) Percentile(p float64) time.Duration {
	if len(r.Latencies) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), r.Latencies...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

// Lost reports whether anything accepted was lost or applied twice.
func (r Report) Lost() bool {
	return r.MessagesMissing > 0 || r.MessagesDoubled > 0 || r.EventsAppliedTwice > 0 || r.OrdersWrong > 0
}

type runner struct {
	cfg Config
	mu  sync.Mutex
	rep Report
}

func (r *runner) fail(format string, a ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rep.Errors++
	if len(r.rep.ErrorSamples) < 5 {
		r.rep.ErrorSamples = append(r.rep.ErrorSamples, fmt.Sprintf(format, a...))
	}
}

func (r *runner) do(ctx context.Context, method, path, token string, body []byte, header map[string]string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, r.cfg.BaseURL+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := r.cfg.Client.Do(req)
	r.mu.Lock()
	r.rep.Requests++
	r.mu.Unlock()
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// Run drives the load and verifies the outcome.
func Run(ctx context.Context, cfg Config) (Report, error) {
	if cfg.Client == nil {
		cfg.Client = &http.Client{Timeout: 30 * time.Second}
	}
	r := &runner{cfg: cfg}
	start := time.Now()
	var wg sync.WaitGroup
	type conv struct {
		id, token string
		sent      []string
	}
	convs := make([]*conv, cfg.Conversations)
	for i := range convs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			code, body, err := r.do(ctx, http.MethodPost, "/v1/conversations", "", []byte(`{}`), nil)
			if err != nil || code != http.StatusCreated {
				r.fail("create conversation: %d %v %s", code, err, body)
				return
			}
			var c struct {
				ID    string `json:"conversation_id"`
				Token string `json:"token"`
			}
			_ = json.Unmarshal(body, &c)
			cv := &conv{id: c.ID, token: c.Token}
			convs[i] = cv
			for m := 0; m < cfg.Messages; m++ {
				text := fmt.Sprintf("load %d message %d: where is my order?", i, m)
				msg, _ := json.Marshal(map[string]string{"text": text})
				t0 := time.Now()
				code, body, err := r.do(ctx, http.MethodPost, "/v1/conversations/"+cv.id+"/messages", cv.token, msg, nil)
				d := time.Since(t0)
				if err != nil || code != http.StatusOK {
					r.fail("message: %d %v %s", code, err, body)
					continue
				}
				r.mu.Lock()
				r.rep.Latencies = append(r.rep.Latencies, d)
				r.rep.MessagesAccepted++
				r.mu.Unlock()
				cv.sent = append(cv.sent, text)
			}
		}(i)
	}

	// Webhooks: for each order, Updates versions of orders/updated, each
	// delivered 1+Duplicates times, all shuffled together.
	type delivery struct {
		event, order string
		version      int
		body         []byte
	}
	var deliveries []delivery
	base := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	for o := 0; o < cfg.Orders; o++ {
		for v := 1; v <= cfg.Updates; v++ {
			id := fmt.Sprint(8_800_000_000 + o)
			body, _ := json.Marshal(map[string]any{"id": id, "name": fmt.Sprintf("#L%d", o), "email": fmt.Sprintf("load%d@example.com", o),
				"created_at": base.Format(time.RFC3339), "updated_at": base.Add(time.Duration(v) * time.Second).Format(time.RFC3339),
				"total_price": fmt.Sprintf("%d.00", v), "financial_status": "paid", "currency": "USD",
				"line_items": []any{map[string]any{"id": 1, "title": "Load mug", "quantity": 1, "price": "1.00"}}})
			for dup := 0; dup <= cfg.Duplicates; dup++ {
				deliveries = append(deliveries, delivery{event: fmt.Sprintf("load-%d-%d", o, v), order: fmt.Sprintf("L%d", o), version: v, body: body})
			}
		}
	}
	rand.Shuffle(len(deliveries), func(i, j int) { deliveries[i], deliveries[j] = deliveries[j], deliveries[i] })
	applied := map[string]int{}
	newestAccepted := map[string]int{}
	sem := make(chan struct{}, 16)
	for _, d := range deliveries {
		wg.Add(1)
		sem <- struct{}{}
		go func(d delivery) {
			defer wg.Done()
			defer func() { <-sem }()
			h := map[string]string{
				shopify.HeaderTopic: shopify.TopicOrdersUpdated, shopify.HeaderShopDomain: cfg.Shop, shopify.HeaderEventID: d.event,
				shopify.HeaderHMAC: shopify.Sign([]byte(cfg.Secret), d.body), "Content-Type": "application/json",
			}
			code, body, err := r.do(ctx, http.MethodPost, "/webhooks/shopify", "", d.body, h)
			if err != nil || code != http.StatusOK {
				r.fail("webhook: %d %v %s", code, err, body)
				return
			}
			var out struct{ Status string }
			_ = json.Unmarshal(body, &out)
			r.mu.Lock()
			defer r.mu.Unlock()
			r.rep.WebhooksAccepted++
			if d.version > newestAccepted[d.order] {
				newestAccepted[d.order] = d.version
			}
			if out.Status == "applied" {
				r.rep.WebhooksApplied++
				applied[d.event]++
			}
		}(d)
	}
	wg.Wait()
	r.rep.Duration = time.Since(start)
	for _, n := range applied {
		if n > 1 {
			r.rep.EventsAppliedTwice++
		}
	}

	// Verify: every accepted message is in its transcript exactly once.
	for _, cv := range convs {
		if cv == nil {
			continue
		}
		code, body, err := r.do(ctx, http.MethodGet, "/v1/conversations/"+cv.id, cv.token, nil, nil)
		if err != nil || code != http.StatusOK {
			return r.rep, fmt.Errorf("read transcript %s: %d %v", cv.id, code, err)
		}
		var tr struct {
			Messages []struct{ Role, Text string } `json:"messages"`
		}
		_ = json.Unmarshal(body, &tr)
		seen := map[string]int{}
		for _, m := range tr.Messages {
			if m.Role == "customer" {
				seen[m.Text]++
			}
		}
		for _, t := range cv.sent {
			switch seen[t] {
			case 0:
				r.rep.MessagesMissing++
			case 1:
			default:
				r.rep.MessagesDoubled++
			}
		}
	}
	// Every order holds its newest accepted version (total_price = version).
	for name, v := range newestAccepted {
		code, body, err := r.do(ctx, http.MethodGet, "/dev/orders/"+name, "", nil, nil)
		if err != nil || code != http.StatusOK {
			r.rep.OrdersWrong++
			continue
		}
		var got struct {
			Order struct {
				TotalPrice int64 `json:"total_price"`
			} `json:"order"`
		}
		_ = json.Unmarshal(body, &got)
		if got.Order.TotalPrice != int64(v)*100 {
			r.rep.OrdersWrong++
		}
	}
	return r.rep, nil
}

// Print writes the report.
func (r Report) Print(w io.Writer) {
	fmt.Fprintf(w, "requests %d in %s: %.0f/s; errors %d\n", r.Requests, r.Duration.Round(time.Millisecond), r.Throughput(), r.Errors)
	for _, e := range r.ErrorSamples {
		fmt.Fprintf(w, "  error: %s\n", e)
	}
	fmt.Fprintf(w, "chat messages: %d accepted; latency p50 %s, p99 %s\n", r.MessagesAccepted, r.Percentile(0.50).Round(time.Microsecond), r.Percentile(0.99).Round(time.Microsecond))
	fmt.Fprintf(w, "webhooks: %d accepted, %d applied (the rest duplicates or stale)\n", r.WebhooksAccepted, r.WebhooksApplied)
	fmt.Fprintf(w, "check: %d messages missing, %d stored twice, %d events applied twice, %d orders not at their newest version\n",
		r.MessagesMissing, r.MessagesDoubled, r.EventsAppliedTwice, r.OrdersWrong)
	if r.Lost() {
		fmt.Fprintln(w, "RESULT: something was lost or doubled")
	} else {
		fmt.Fprintln(w, "RESULT: nothing lost, nothing applied twice")
	}
}
