package mailin_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/mailin"
	"github.com/doorstep-ai/doorstep/pkg/mailparse"
)

// FuzzProcess delivers arbitrary mail twice, seeded with events/ses: it
// never fails (the store and sender are healthy), never gets more than
// one reply, and a reply goes only to the sender Parse found (the From
// header's one structured address); mail without one gets none.
func FuzzProcess(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "events", "ses", "*.eml"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, from := range []string{"maya.okafor@example.com, mallory@evil.test", "maya.okafor@example.com <mallory@evil.test>",
		"=?utf-8?Q?Evil=0D=0ABcc=3A_victim=40x.test?= <mallory@evil.test>"} {
		f.Add([]byte("From: " + from + "\r\nTo: " + support + "\r\nSubject: hi\r\n\r\nWhere is my order #1001?\r\n"))
	}
	e := newEnv(f)
	var n atomic.Int64
	f.Fuzz(func(t *testing.T, raw []byte) {
		before := len(e.sent(t))
		id := fmt.Sprint("fuzz-", n.Add(1))
		for i := 0; i < 2; i++ {
			in := mailin.Inbound{ID: id, Raw: raw}
			if msg, err := mailparse.Parse(raw); err == nil {
				in.Verdicts = mailin.DevVerdicts(msg)
			}
			if _, err := e.svc.Process(context.Background(), in); err != nil {
				t.Fatalf("process: %v", err)
			}
		}
		sent := e.sent(t)[before:]
		if len(sent) > 1 {
			t.Fatalf("%d replies to one message", len(sent))
		}
		msg, err := mailparse.Parse(raw)
		for _, m := range sent {
			if err != nil || m.To != msg.From.Address || strings.ContainsAny(m.Headers["To"], "\r\n") {
				t.Fatalf("reply to %q (To %q); the sender is %q (%v)", m.To, m.Headers["To"], msg.From.Address, err)
			}
		}
	})
}
