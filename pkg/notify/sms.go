package notify

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// SMS sends text messages. It is optional: a Notifier with none sends
// email only.
type SMS interface {
	SendSMS(ctx context.Context, to, text string) error
}

// ErrSMSOptedOut is a transport's refusal to text a number that opted out
// at the carrier (replied STOP to the sending number: SNS keeps that list).
var ErrSMSOptedOut = errors.New("the number has opted out of text messages")

// Texter sends a notice's text message to an order's customer, when they
// opted in (package sms). With one set, the Notifier texts through it only.
type Texter interface {
	Text(ctx context.Context, o order.Order, text string) error
}

// NoSMS sends nothing.
type NoSMS struct{}

// SendSMS does nothing.
func (NoSMS) SendSMS(context.Context, string, string) error { return nil }

// SMSFile is the local SMS adapter: it appends each message to a JSON-lines
// file, as the outbox does for mail.
type SMSFile struct {
	Path  string
	Clock clock.Clock
	mu    sync.Mutex
}

// SMSEntry is one message in an SMSFile.
type SMSEntry struct {
	To     string    `json:"to"`
	Text   string    `json:"text"`
	SentAt time.Time `json:"sent_at"`
}

// SendSMS records the message.
func (f *SMSFile) SendSMS(_ context.Context, to, text string) error {
	line, err := json.Marshal(SMSEntry{To: to, Text: text, SentAt: f.Clock.Now()})
	if err != nil {
		return fmt.Errorf("sms: %w", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	file, err := os.OpenFile(f.Path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("sms: %w", err)
	}
	defer file.Close()
	if _, err := file.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("sms: %w", err)
	}
	return nil
}

// Entries reads every message recorded, oldest first (none when the file
// does not exist yet).
func (f *SMSFile) Entries() ([]SMSEntry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	file, err := os.Open(f.Path)
	if errors.Is(err, os.ErrNotExist) {
		return []SMSEntry{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sms: %w", err)
	}
	defer file.Close()
	out := []SMSEntry{}
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var e SMSEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err == nil {
			out = append(out, e)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("sms: %w", err)
	}
	return out, nil
}

// ServeHTTP is GET /dev/sms on the local runner: the texts sent, as JSON,
// oldest first.
func (f *SMSFile) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	entries, err := f.Entries()
	if err != nil {
		http.Error(w, `{"error":{"code":"internal","message":"internal error"}}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(entries)
}
