package runner_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestGuessesCountAcrossChannels: wrong emails for #1001 sent by mail from
// two senders (five each, each sender's conversation at its own limit)
// lock #1001 for the chat API too, even with the right email; a third
// sender's guess by mail is told verification is paused; #1002 still works.
func TestGuessesCountAcrossChannels(t *testing.T) {
	srv := demoServer(t)
	drop := func(from, id, body string) {
		t.Helper()
		raw := fmt.Sprintf("From: <%s>\r\nTo: support@hearthandharbor.example\r\nSubject: My order\r\nMessage-ID: <%s@evil.example>\r\n"+
			"Date: Mon, 23 Nov 2026 09:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n", from, id, body)
		resp, err := http.Post(srv.URL+"/dev/mail", "message/rfc822", strings.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted {
			t.Fatalf("/dev/mail: %d", resp.StatusCode)
		}
	}
	lastReply := func(to string) string {
		t.Helper()
		resp, err := http.Get(srv.URL + "/dev/outbox")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var box []struct{ To, Text string }
		_ = json.NewDecoder(resp.Body).Decode(&box)
		for i := len(box) - 1; i >= 0; i-- {
			if box[i].To == to {
				return box[i].Text
			}
		}
		return ""
	}
	for i := range 10 {
		from := []string{"mallory@evil.test", "trudy@evil.test"}[i%2]
		drop(from, fmt.Sprint("g", i), fmt.Sprintf("Where is order #1001? The email on it is guess%d@example.com", i))
		if r := lastReply(from); !strings.Contains(r, "couldn't match") {
			t.Fatalf("guess %d: reply %q", i+1, r)
		}
	}
	drop("eve@evil.test", "g10", "Where is order #1001? The email on it is maya.okafor@example.com")
	if r := lastReply("eve@evil.test"); !strings.Contains(r, "paused verification for this order") {
		t.Errorf("mail while locked: %q", r)
	}
	create := func(body string) (int, string) {
		t.Helper()
		resp, err := http.Post(srv.URL+"/v1/conversations", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out struct {
			Error struct{ Code, Message string }
		}
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out.Error.Code
	}
	if code, errCode := create(`{"order_number":"#1001","email":"maya.okafor@example.com"}`); code != 429 || errCode != "verification_locked" {
		t.Errorf("chat create for #1001 with the right email: %d %q", code, errCode)
	}
	if code, _ := create(`{"order_number":"#1002","email":"priya.natarajan@example.com"}`); code != 201 {
		t.Errorf("chat create for #1002: %d", code)
	}
}
