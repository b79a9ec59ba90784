package mailin_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/mailin"
	"github.com/doorstep-ai/doorstep/pkg/mailparse"
)

// FuzzProcess delivers arbitrary mail twice, seeded with events/ses: it
// never fails (the store and sender are healthy) and never gets more than
// one reply.
func FuzzProcess(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "events", "ses", "*.eml"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
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
		if got := len(e.sent(t)) - before; got > 1 {
			t.Fatalf("%d replies to one message", got)
		}
	})
}
