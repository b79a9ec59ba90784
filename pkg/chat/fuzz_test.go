package chat_test

import (
	"github.com/doorstep-ai/doorstep/pkg/signed"
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

// FuzzTokens: a conversation token never passes as a storefront customer
// token or the other way round, even under the same key; no token passes
// under a key that did not sign it; fuzzed text never passes.
func FuzzTokens(f *testing.F) {
	now := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	f.Add("s.myshopify.com", "a@example.com", "a.b")
	f.Add("", "", "")
	f.Fuzz(func(t *testing.T, shop, value, junk string) {
		k := signed.NewKeyring([]byte("k"))
		conv := chat.ConversationToken(k, shop, value, now.Add(time.Hour))
		cust := chat.CustomerToken(k, shop, value, now.Add(time.Hour))
		if _, err := chat.ParseCustomerToken(k, shop, conv, now); err == nil {
			t.Errorf("conversation token %q passed as a customer token", conv)
		}
		if _, _, err := chat.ParseConversationToken(k, cust, now); err == nil {
			t.Errorf("customer token %q passed as a conversation token", cust)
		}
		other := signed.NewKeyring([]byte("other"))
		for _, tok := range []string{conv, cust, junk} {
			if _, _, err := chat.ParseConversationToken(other, tok, now); err == nil {
				t.Errorf("accepted %q under a key that never signed it", tok)
			}
			if _, err := chat.ParseCustomerToken(other, shop, tok, now); err == nil {
				t.Errorf("accepted customer token %q under another key", tok)
			}
		}
		if s, id, err := chat.ParseConversationToken(k, conv, now); err == nil && (s != shop || id != value) {
			t.Errorf("conversation token round trip: %q %q", s, id)
		}
	})
}
