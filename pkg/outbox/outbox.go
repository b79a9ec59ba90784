// Package outbox is the local Sender: instead of sending, it keeps every
// message in a file under the runner's data folder, for GET /dev/outbox and
// the console's outbox page.
package outbox

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/email"
	"github.com/doorstep-ai/doorstep/pkg/httpjson"
)

// Entry is one sent message, as GET /dev/outbox shows it.
type Entry struct {
	To      string            `json:"to"`
	Subject string            `json:"subject"`
	Text    string            `json:"text"`
	HTML    string            `json:"html,omitempty"`
	Headers map[string]string `json:"headers"`
	SentAt  time.Time         `json:"sent_at"`
}

// Outbox keeps sent mail in a JSON-lines file.
type Outbox struct {
	Path  string
	Clock clock.Clock
	mu    sync.Mutex
}

var _ email.Sender = (*Outbox)(nil)

// Send records m and returns its Message-ID.
func (o *Outbox) Send(_ context.Context, m email.Outgoing) (string, error) {
	if m.To.Address == "" {
		return "", fmt.Errorf("outbox: no recipient: %w", email.ErrRejected)
	}
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	id := "<" + hex.EncodeToString(b) + "@outbox.doorstep.local>"
	h := map[string]string{"Message-ID": id, "From": m.From.String(), "To": m.To.String()}
	if m.InReplyTo != "" {
		h["In-Reply-To"] = m.InReplyTo
	}
	if len(m.References) > 0 {
		refs := ""
		for i, r := range m.References {
			if i > 0 {
				refs += " "
			}
			refs += r
		}
		h["References"] = refs
	}
	for k, v := range m.Headers {
		h[k] = v
	}
	e := Entry{To: m.To.Address, Subject: m.Subject, Text: m.Text, HTML: m.HTML, Headers: h, SentAt: o.Clock.Now()}
	line, err := json.Marshal(e)
	if err != nil {
		return "", fmt.Errorf("outbox: %w", err)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	f, err := os.OpenFile(o.Path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return "", fmt.Errorf("outbox: %w", err)
	}
	defer f.Close()
	if _, err := f.Write(append(line, '\n')); err != nil {
		return "", fmt.Errorf("outbox: %w", err)
	}
	return id, nil
}

// List returns every message sent, oldest first.
func (o *Outbox) List() ([]Entry, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	f, err := os.Open(o.Path)
	if errors.Is(err, os.ErrNotExist) {
		return []Entry{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	defer f.Close()
	out := []Entry{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("outbox: %w", err)
		}
		out = append(out, e)
	}
	return out, sc.Err()
}

// ServeHTTP is GET /dev/outbox.
func (o *Outbox) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	list, err := o.List()
	if err != nil {
		httpjson.Error(w, http.StatusInternalServerError, "internal", "internal error")
		return
	}
	httpjson.Write(w, http.StatusOK, list)
}
