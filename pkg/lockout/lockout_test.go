package lockout_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/lockout"
	"github.com/doorstep-ai/doorstep/pkg/motoserver"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

const shop = "s.myshopify.com"

type backend struct {
	name     string
	open     func(t *testing.T) store.Store
	requests *atomic.Int64 // nil: not counted
}

func backends() []backend {
	var n atomic.Int64
	return []backend{
		{name: "bolt", open: func(t *testing.T) store.Store {
			st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st
		}},
		{name: "dynamodb", requests: &n, open: func(t *testing.T) store.Store {
			endpoint := motoserver.Shared(t)
			client := dynamodb.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")},
				func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(endpoint) }, dynamo.CountRequests(&n))
			table := fmt.Sprintf("lockout-%d", time.Now().UnixNano())
			if err := dynamo.CreateTable(context.Background(), client, table); err != nil {
				t.Fatal(err)
			}
			return dynamo.New(client, table)
		}},
	}
}

func TestMain(m *testing.M) { motoserver.Main(m) }

// fail checks and fails one verification of order by client.
func fail(t *testing.T, g *lockout.Guard, order, client string) {
	t.Helper()
	ctx := lockout.WithClient(context.Background(), client)
	a, err := g.Check(ctx, shop, order)
	if err != nil {
		t.Fatalf("check %s by %s: %v", order, client, err)
	}
	if err := a.Fail(ctx); err != nil {
		t.Fatalf("fail %s: %v", order, err)
	}
}

func locked(t *testing.T, g *lockout.Guard, order, client string) *lockout.LockedError {
	t.Helper()
	ctx := lockout.WithClient(context.Background(), client)
	a, err := g.Check(ctx, shop, order)
	a.Release(ctx) // only looking: the attempt is taken back
	var le *lockout.LockedError
	if err != nil && !errors.As(err, &le) {
		t.Fatalf("check %s: %v", order, err)
	}
	return le
}

func TestOrderLock(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			start := time.Date(2026, 12, 5, 12, 4, 30, 0, time.UTC)
			clk := clock.NewFixed(start)
			g := &lockout.Guard{Store: st, Clock: clk}
			for i := range 9 {
				fail(t, g, "#1001", fmt.Sprintf("ip:10.0.0.%d", i)) // from many clients
				clk.Advance(time.Minute)
			}
			if le := locked(t, g, "#1001", "ip:10.0.1.1"); le != nil {
				t.Fatalf("locked after 9 failures: %v", le)
			}
			// The tenth failure locks the order, for every client.
			var before int64
			if b.requests != nil {
				before = b.requests.Load()
			}
			fail(t, g, "#1001", "ip:10.0.0.99")
			if b.requests != nil {
				// check (one read, then the attempt reserved per order and
				// per client: two writes), the lock document
				if got := b.requests.Load() - before; got != 4 {
					t.Errorf("locking failure took %d DynamoDB requests, want 4", got)
				}
			}
			le := locked(t, g, "#1001", "ip:10.0.1.1")
			if le == nil || le.Scope != lockout.ScopeOrder || le.Order != "#1001" {
				t.Fatalf("after 10 failures: %v", le)
			}
			// The first failure was in the 12:00 bucket: locked until it
			// has aged out of the hour, 13:05.
			if want := time.Date(2026, 12, 5, 13, 5, 0, 0, time.UTC); !le.Until.Equal(want) {
				t.Errorf("until %v, want %v", le.Until, want)
			}
			if le := locked(t, g, "#1002", "ip:10.0.1.1"); le != nil {
				t.Errorf("another order locked: %v", le)
			}
			locks, err := lockout.Locks(context.Background(), st, shop, clk.Now())
			if err != nil {
				t.Fatal(err)
			}
			if len(locks) != 1 || locks[0].Order != "#1001" || locks[0].Failures != 10 || !locks[0].Until.Equal(le.Until) {
				t.Errorf("locks = %+v", locks)
			}
			clk.Set(le.Until.Add(-time.Second))
			if locked(t, g, "#1001", "ip:10.0.1.1") == nil {
				t.Error("unlocked a second before the lock ends")
			}
			clk.Set(le.Until)
			if le := locked(t, g, "#1001", "ip:10.0.1.1"); le != nil {
				t.Errorf("still locked when the lock ends: %v", le)
			}
			if locks, _ := lockout.Locks(context.Background(), st, shop, clk.Now()); len(locks) != 0 {
				t.Errorf("locks listed after the lock ended: %+v", locks)
			}
		})
	}
}

func TestClientLock(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			clk := clock.NewFixed(time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC))
			g := &lockout.Guard{Store: st, Clock: clk}
			for i := range lockout.DefaultPerClient {
				fail(t, g, fmt.Sprintf("#%d", 2000+i), "mail:guesser@evil.test") // one failure an order
			}
			le := locked(t, g, "#1001", "mail:guesser@evil.test")
			if le == nil || le.Scope != lockout.ScopeClient {
				t.Fatalf("client after %d failures: %v", lockout.DefaultPerClient, le)
			}
			if le := locked(t, g, "#1001", "mail:customer@example.com"); le != nil {
				t.Errorf("another client locked: %v", le)
			}
			if le := locked(t, g, "#1001", ""); le != nil {
				t.Errorf("no client: locked %v", le)
			}
			clk.Advance(65 * time.Minute)
			if le := locked(t, g, "#1001", "mail:guesser@evil.test"); le != nil {
				t.Errorf("after the window: %v", le)
			}
		})
	}
}

// TestSlidingWindow: failures spread over the hour count together, and the
// order unlocks as the oldest age out.
func TestSlidingWindow(t *testing.T) {
	st := backends()[0].open(t)
	clk := clock.NewFixed(time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC))
	g := &lockout.Guard{Store: st, Clock: clk}
	for range 5 {
		fail(t, g, "#1001", "")
	}
	clk.Advance(50 * time.Minute)
	for range 5 {
		fail(t, g, "#1001", "")
	}
	le := locked(t, g, "#1001", "")
	if le == nil {
		t.Fatal("10 failures within the hour did not lock")
	}
	if want := time.Date(2026, 12, 5, 13, 5, 0, 0, time.UTC); !le.Until.Equal(want) {
		t.Errorf("until %v, want %v (the first five age out)", le.Until, want)
	}
	clk.Set(le.Until)
	if le := locked(t, g, "#1001", ""); le != nil {
		t.Errorf("after the first five aged out: %v", le)
	}
}

func TestNilGuard(t *testing.T) {
	var g *lockout.Guard
	a, err := g.Check(context.Background(), shop, "#1001")
	if a != nil || err != nil {
		t.Fatalf("nil guard: %v %v", a, err)
	}
	if err := a.Fail(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestMessage(t *testing.T) {
	until := time.Date(2026, 12, 5, 13, 5, 0, 0, time.UTC)
	tests := []struct {
		err  *lockout.LockedError
		want string
	}{
		{&lockout.LockedError{Scope: lockout.ScopeOrder, Order: "#1001", Until: until},
			"There have been too many unsuccessful attempts to verify order #1001, so for your security we have paused verification for this order until 13:05 UTC. Please try again after that, or contact us for help."},
		{&lockout.LockedError{Scope: lockout.ScopeClient, Order: "#1001", Until: until},
			"There have been too many unsuccessful attempts to verify an order from here, so for security we have paused verification until 13:05 UTC. Please try again after that, or contact us for help."},
	}
	for _, tt := range tests {
		if got := tt.err.Message(); got != tt.want {
			t.Errorf("Message() = %q, want %q", got, tt.want)
		}
	}
	if got := (&lockout.LockedError{Until: until}).RetryAfter(until.Add(-90*time.Second - time.Millisecond)); got != 91*time.Second {
		t.Errorf("RetryAfter = %v", got)
	}
}

// Guesses in flight together: each check reserves its attempt before the
// order is even read, so no more than the limit get past the check however
// many arrive at once, the rest are refused, and the failures that lock
// the order write the lock the console lists. An attempt that ends without
// a failure (the right email) takes its reservation back.
func TestConcurrentGuessesBounded(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			clk := clock.NewFixed(time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC))
			g := &lockout.Guard{Store: st, Clock: clk, PerClient: 1000}
			ctx := context.Background()
			// 30 checks from 30 clients, all before any verdict: as if they
			// arrived in the same instant.
			var passed []*lockout.Attempt
			var refused int
			for i := range 30 {
				a, err := g.Check(lockout.WithClient(ctx, fmt.Sprintf("ip:10.1.0.%d", i)), shop, "#2001")
				var le *lockout.LockedError
				switch {
				case errors.As(err, &le):
					refused++
				case err != nil:
					t.Fatal(err)
				default:
					passed = append(passed, a)
				}
			}
			if len(passed) != 10 || refused != 20 {
				t.Fatalf("%d checks passed and %d were refused with 30 in flight; want 10 and 20", len(passed), refused)
			}
			// One of them had the right email: its attempt goes back; the
			// other nine fail.
			passed[0].Release(ctx)
			for _, a := range passed[1:] {
				if err := a.Fail(ctx); err != nil {
					t.Fatal(err)
				}
			}
			// Nine failures: one more check passes, and its failure locks.
			a, err := g.Check(lockout.WithClient(ctx, "ip:10.1.1.1"), shop, "#2001")
			if err != nil {
				t.Fatalf("after 9 failures: %v", err)
			}
			if err := a.Fail(ctx); err != nil {
				t.Fatal(err)
			}
			if le := locked(t, g, "#2001", "ip:10.1.1.2"); le == nil {
				t.Fatal("not locked after 10 failures")
			}
			locks, err := lockout.Locks(ctx, st, shop, clk.Now())
			if err != nil {
				t.Fatal(err)
			}
			if len(locks) != 1 || locks[0].Order != "#2001" || locks[0].Failures != 10 {
				t.Errorf("locks = %+v; want #2001 with 10 failures", locks)
			}
		})
	}
}

// Real goroutines on the embedded store: however they interleave, at most
// ten wrong guesses are ever let through for one order.
func TestConcurrentGuessesGoroutines(t *testing.T) {
	st := backends()[0].open(t)
	clk := clock.NewFixed(time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC))
	g := &lockout.Guard{Store: st, Clock: clk, PerClient: 1000}
	var through atomic.Int64
	done := make(chan struct{})
	for i := range 60 {
		go func() {
			defer func() { done <- struct{}{} }()
			ctx := lockout.WithClient(context.Background(), fmt.Sprintf("ip:10.2.0.%d", i))
			a, err := g.Check(ctx, shop, "#3001")
			if err != nil {
				return
			}
			through.Add(1)
			_ = a.Fail(ctx)
		}()
	}
	for range 60 {
		<-done
	}
	if n := through.Load(); n != 10 {
		t.Errorf("%d of 60 concurrent wrong guesses were checked; want 10", n)
	}
}
