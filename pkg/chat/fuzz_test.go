package chat_test

import (
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/chat"
	"github.com/doorstep-ai/doorstep/pkg/clock"
)

// FuzzMessageBody: any body to the messages endpoint gets a documented
// status, never a 500.
func FuzzMessageBody(f *testing.F) {
	f.Add(`{"text":"where is my order #1001?"}`)
	f.Add(`{"text":""}`)
	f.Add(`{"text":"\u0000\ud800"}`)
	f.Add(`{"text":1}`)
	f.Add(`{"text":"hi","extra":true}`)
	f.Add(`not json`)
	clk := clock.NewManual()
	svc, _ := newService(f, clk)
	h := svc.Handler()
	f.Fuzz(func(t *testing.T, body string) {
		id, token, _ := create(t, h, `{}`)
		code, out := call(t, h, "POST", "/v1/conversations/"+id+"/messages", token, body)
		switch code {
		case 200, 400, 413:
		default:
			t.Errorf("body %q: %d %v", body, code, out)
		}
	})
}

// FuzzTokens: token parsing never panics and never accepts a token it did
// not sign.
func FuzzTokens(f *testing.F) {
	now := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	f.Add(chat.ConversationToken([]byte("k"), "s", "id", now.Add(time.Hour)))
	f.Add(chat.CustomerToken([]byte("k"), "a@example.com", now.Add(time.Hour)))
	f.Add("a.b")
	f.Add("")
	f.Fuzz(func(t *testing.T, tok string) {
		if _, _, err := chat.ParseConversationToken([]byte("other"), tok, now); err == nil {
			t.Errorf("accepted %q under a key that never signed it", tok)
		}
		if _, err := chat.ParseCustomerToken([]byte("other"), tok, now); err == nil {
			t.Errorf("accepted customer token %q under another key", tok)
		}
		_, _, _ = chat.ParseConversationToken([]byte("k"), tok, now)
		_, _ = chat.ParseCustomerToken([]byte("k"), tok, now)
	})
}
