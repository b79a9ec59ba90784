package console

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/store"
)

// demoChat is one scripted demo conversation: how it starts, what the
// customer says, and the rating they leave (0: none).
type demoChat struct {
	email, order string
	say          []string
	rating       int
}

var demoChats = []demoChat{
	{"daniel.reyes@example.com", "#1003", []string{"Hi, where is my order #1003?", "Great, thanks!"}, 5},
	{"samuel.whitfield@example.com", "#1006", []string{"The mug in order #1006 arrived broken, I'd like to return it", "Let me think about it first, thanks"}, 4},
	{"maya.okafor@example.com", "#1007", []string{"Can I still return order #1007?"}, 3},
	{"", "", []string{"Hello! Do you ship to Canada?"}, 0},
	{"grace.liu@example.com", "#1005", []string{"My parcel #1005 still hasn't arrived", "Can I talk to a person please?"}, 0},
}

// SeedDemo plays a few demo conversations through the chat API, once per
// store (a claim marks it done), so a new `make dev` user finds
// conversations, an escalation waiting in the queue, ratings and metrics
// to look at. chat is the chat API handler (with its metrics wired);
// claim is the store's Claim; now is the runner's clock. It returns how
// many conversations it played.
func SeedDemo(ctx context.Context, chat http.Handler, claim func(ctx context.Context, key string, expires time.Time) error, shop string, now time.Time) (int, error) {
	err := claim(ctx, "demo-conversations|"+shop, now.AddDate(10, 0, 0))
	if errors.Is(err, store.ErrDuplicate) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("seed demo conversations: %w", err)
	}
	for i, d := range demoChats {
		var created struct {
			ID    string `json:"conversation_id"`
			Token string `json:"token"`
		}
		body := map[string]string{}
		if d.email != "" {
			body["email"], body["order_number"] = d.email, d.order
		}
		if err := call(ctx, chat, http.MethodPost, "/v1/conversations", "", body, http.StatusCreated, &created); err != nil {
			return i, fmt.Errorf("seed demo conversation %d: %w", i+1, err)
		}
		for _, text := range d.say {
			if err := call(ctx, chat, http.MethodPost, "/v1/conversations/"+created.ID+"/messages", created.Token,
				map[string]string{"text": text}, http.StatusOK, nil); err != nil {
				return i, fmt.Errorf("seed demo conversation %d: %w", i+1, err)
			}
		}
		if d.rating > 0 {
			if err := call(ctx, chat, http.MethodPost, "/v1/conversations/"+created.ID+"/csat", created.Token,
				map[string]int{"score": d.rating}, http.StatusOK, nil); err != nil {
				return i, fmt.Errorf("seed demo conversation %d: %w", i+1, err)
			}
		}
	}
	return len(demoChats), nil
}

// call makes one in-process API call.
func call(ctx context.Context, h http.Handler, method, path, token string, body any, want int, out any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, method, path, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = "127.0.0.1:0"
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	w := &buffer{header: http.Header{}}
	h.ServeHTTP(w, req)
	if w.status != want {
		return fmt.Errorf("%s %s: status %d", method, path, w.status)
	}
	if out != nil {
		return json.Unmarshal(w.body.Bytes(), out)
	}
	return nil
}

// buffer is an in-memory http.ResponseWriter.
type buffer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *buffer) Header() http.Header { return b.header }

func (b *buffer) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *buffer) Write(p []byte) (int, error) {
	b.WriteHeader(http.StatusOK)
	return b.body.Write(p)
}
