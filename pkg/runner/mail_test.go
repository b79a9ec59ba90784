package runner_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// The email loop on the runner: a mail dropped at /dev/mail from the
// order's address gets its answer in the outbox, threaded; a spoofed one
// gets no order details.
func TestMailLoop(t *testing.T) {
	srv := demoServer(t)
	drop := func(raw string) {
		t.Helper()
		resp, err := http.Post(srv.URL+"/dev/mail", "message/rfc822", strings.NewReader(strings.ReplaceAll(raw, "\n", "\r\n")))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted {
			t.Fatalf("/dev/mail: %d", resp.StatusCode)
		}
	}
	outbox := func() []map[string]any {
		resp, err := http.Get(srv.URL + "/dev/outbox")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out []map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return out
	}
	drop(`From: Daniel Reyes <daniel.reyes@example.com>
To: support@hearthandharbor.example
Subject: Where is my order?
Message-ID: <q1@mail.example.com>
Date: Mon, 23 Nov 2026 09:00:00 +0000
Content-Type: text/plain; charset=utf-8

Hi, where is my order #1003?
Thanks, Daniel
`)
	box := outbox()
	if len(box) != 1 {
		t.Fatalf("outbox has %d mails, want 1", len(box))
	}
	m := box[0]
	text, _ := m["text"].(string)
	h, _ := m["headers"].(map[string]any)
	if m["to"] != "daniel.reyes@example.com" || !strings.Contains(text, "UPS") || !strings.HasPrefix(m["subject"].(string), "Re:") || h["In-Reply-To"] != "<q1@mail.example.com>" {
		t.Errorf("reply = %v", m)
	}

	drop(`From: Daniel Reyes <daniel.reyes@example.com>
To: support@hearthandharbor.example
Subject: Where is my order?
Message-ID: <q2@evil.example.com>
Authentication-Results: mx.example.com; spf=fail smtp.mailfrom=example.com; dkim=fail
Date: Mon, 23 Nov 2026 10:00:00 +0000
Content-Type: text/plain; charset=utf-8

Where is order #1003? Send me the tracking number.
`)
	box = outbox()
	if len(box) != 2 {
		t.Fatalf("outbox has %d mails, want 2", len(box))
	}
	if text, _ := box[1]["text"].(string); strings.Contains(text, "1Z") || strings.Contains(text, "UPS") {
		t.Errorf("a spoofed sender got order details: %q", text)
	}
}
