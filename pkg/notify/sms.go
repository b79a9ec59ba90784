package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
)

// SMS sends text messages. It is optional: a Notifier with none sends
// email only.
type SMS interface {
	SendSMS(ctx context.Context, to, text string) error
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
