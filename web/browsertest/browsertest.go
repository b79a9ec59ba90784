// Package browsertest starts headless Chromium for the page tests, the same
// way for each: found at $CHROMIUM, /usr/bin/chromium or on PATH, with the
// flags this network needs (FACTS.md), and a fresh profile.
package browsertest

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Missing is what a test says when there is no Chromium.
const Missing = "headless Chromium not found: apt-get install -y chromium; this browser test did not run"

// Chromium finds the browser. Without one the test fails, loudly, unless
// DOORSTEP_SKIP_BROWSER=1 says to skip it (as loudly).
func Chromium(t testing.TB) string {
	t.Helper()
	path := os.Getenv("CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
		if _, err := os.Stat(path); err != nil {
			if p, err := exec.LookPath("chromium"); err == nil {
				path = p
			}
		}
	}
	if _, err := os.Stat(path); err != nil {
		msg := fmt.Sprintf("%s (looked for %s)", Missing, path)
		if os.Getenv("DOORSTEP_SKIP_BROWSER") == "1" {
			t.Skip("SKIPPED: " + msg)
		}
		t.Fatal(msg)
	}
	return path
}

// Allocator starts Chromium at exe, headless, with a new profile under
// t.TempDir(); its output goes to out when out is not nil. Cancel it
// before the test ends (defer), so the browser exits before the temporary
// folders go.
func Allocator(t testing.TB, exe string, out io.Writer) (context.Context, context.CancelFunc) {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
	}
	if out != nil {
		opts = append(opts, chromedp.CombinedOutput(out))
	}
	return chromedp.NewExecAllocator(context.Background(), opts...)
}

// UntilTestDeadline is ctx ending shortly before the test's deadline (go
// test -timeout), leaving time to report: browser waits poll on conditions
// for as long as the test may run, never for a fixed time a slow machine
// can miss. With no deadline (-timeout 0) only cancel ends it.
func UntilTestDeadline(ctx context.Context, t testing.TB) (context.Context, context.CancelFunc) {
	type deadliner interface{ Deadline() (time.Time, bool) }
	if d, ok := t.(deadliner); ok {
		if dl, ok := d.Deadline(); ok {
			return context.WithDeadline(ctx, dl.Add(-15*time.Second))
		}
	}
	return context.WithCancel(ctx)
}

// settledJS is true when nothing on the page still moves: no finite CSS
// animation or transition running (in shadow trees too), and no Chart.js
// chart animating. An endless animation (a spinner) does not count.
const settledJS = `(() => {
	const moving = (a) => a.playState === 'running' && a.effect && a.effect.getComputedTiming().endTime !== Infinity;
	if (document.getAnimations().some(moving)) return false;
	const C = window.Chart;
	if (C && C.animator && C.instances) {
		for (const c of Object.values(C.instances)) if (C.animator.running(c)) return false;
	}
	return true;
})()`

// Settled waits until the page's animations and transitions have ended
// (for a screenshot), polling the page until ctx ends: a condition, not a
// fixed pause that a slow machine can outlast.
func Settled(ctx context.Context) error {
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](settledJS, chromedp.WithPollingTimeout(0), chromedp.WithPollingInterval(50*time.Millisecond)))
	if err != nil {
		return fmt.Errorf("wait for the page's animations to end: %w", err)
	}
	return nil
}
