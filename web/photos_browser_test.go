package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"log/slog"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/web/browsertest"
)

// TestPhotos drives the widget and the console in headless Chromium
// against the local runner: the customer attaches a photo with the
// widget's camera button, sees it in the chat and the agent acknowledge
// it; a photo over 1.5 MB is made smaller in the browser first; after a
// reload the photos are still there; and the person approving a write
// from that conversation, signed in to the console, sees the photos in the
// approval and on the conversation's page.
func TestPhotos(t *testing.T) {
	exe := browsertest.Chromium(t)
	const password = "photos-test-password"
	r, err := runner.New(runner.Config{DataDir: t.TempDir(), Shop: demoShop, WebhookSecret: "s", ConsolePassword: password,
		Demo: events.DemoOrders(), Log: slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if _, err := r.Seed(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(r.Handler())
	t.Cleanup(srv.Close)

	dir := t.TempDir()
	small := filepath.Join(dir, "cracked-mug.jpg")
	writeJPEG(t, small, 96, 64)
	big := filepath.Join(dir, "parcel.png")
	writeNoisyPNG(t, big, 1400, 1400) // several MB: the widget shrinks it

	chromeOut := &syncWriter{}
	alloc, cancelAlloc := browsertest.Allocator(t, exe, chromeOut)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium (%s): %v\n%s", exe, err, chromeOut.String())
	}
	ctx, cancelTimeout := browsertest.UntilTestDeadline(ctx, t)
	defer cancelTimeout()
	var (
		mu       sync.Mutex
		problems []string
	)
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				mu.Lock()
				problems = append(problems, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line+1))
				mu.Unlock()
			}
		}
	}()
	poll := func(what, js string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(0), chromedp.WithPollingInterval(100*time.Millisecond))); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	const widget = `document.querySelector('#doorstep-widget').shadowRoot`
	// counts is "customer messages, agent messages, photos drawn".
	counts := func(c, a, p int) string {
		return fmt.Sprintf(`(() => {
			const root = %s;
			const n = (s) => root.querySelectorAll(s).length;
			const drawn = [...root.querySelectorAll('[data-testid="doorstep-photo"]')].filter((i) => i.complete && i.naturalWidth > 0).length;
			return n('[data-testid="doorstep-message"][data-role="customer"]') === %d && n('[data-testid="doorstep-message"][data-role="agent"]') === %d && drawn === %d;
		})()`, widget, c, a, p)
	}

	// The customer says what happened, then attaches a photo.
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 860),
		chromedp.Navigate(srv.URL+"/"),
		chromedp.Click(shadow(`[data-testid="doorstep-launcher"]`)),
		chromedp.WaitVisible(shadow(`[data-testid="doorstep-attach"]`)),
		chromedp.SendKeys(shadow(`[data-testid="doorstep-input"]`), "my mug arrived cracked, order #1004, tom.becker@example.com"),
		pressEnter,
	); err != nil {
		t.Fatalf("open the chat and send: %v", err)
	}
	poll("the agent answers the first message", counts(1, 1, 0))
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(shadow(`[data-testid="doorstep-file"]`), []string{small})); err != nil {
		t.Fatalf("attach a photo: %v", err)
	}
	poll("the photo shows in the chat and the agent answers it", counts(2, 2, 1))
	ack, err := chromedp.Run(ctx, chromedp.Evaluate[string](widget+`.querySelectorAll('[data-testid="doorstep-message"][data-role="agent"]')[1].textContent`))
	if err != nil || !strings.Contains(strings.ToLower(ack), "photo") {
		t.Errorf("the agent's answer to the photo does not mention it: %q (%v)", ack, err)
	}

	// A large photo is shrunk before it leaves the browser.
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(shadow(`[data-testid="doorstep-file"]`), []string{big})); err != nil {
		t.Fatalf("attach a large photo: %v", err)
	}
	poll("the large photo shows and is answered", counts(3, 3, 2))
	id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.parse(localStorage.getItem('doorstep:demo-shop.myshopify.com')).id`))
	if err != nil {
		t.Fatal(err)
	}
	c, msgs, err := r.Store.GetConversation(t.Context(), demoShop, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Photos) != 2 || c.Photos[0].ContentType != "image/jpeg" || c.Photos[0].Name != "cracked-mug.jpg" {
		t.Fatalf("conversation photos %+v", c.Photos)
	}
	bigInfo, _ := os.Stat(big)
	if p := c.Photos[1]; p.ContentType != "image/jpeg" || p.Name != "parcel.jpg" || int64(p.Size) >= bigInfo.Size() {
		t.Errorf("the large photo was kept as %s %q, %d bytes (the file has %d): not shrunk in the browser", p.ContentType, p.Name, p.Size, bigInfo.Size())
	}
	if len(msgs[2].Photos) != 1 || msgs[2].Photos[0] != c.Photos[0].ID {
		t.Errorf("the photo's message %+v", msgs[2])
	}

	// A reload shows the conversation, photos and all, without the note
	// the agent reads.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.Click(shadow(`[data-testid="doorstep-launcher"]`))); err != nil {
		t.Fatal(err)
	}
	poll("after a reload the photos are back", counts(3, 3, 2))
	texts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...`+widget+`.querySelectorAll('[data-testid="doorstep-message"][data-role="customer"]')].map((n) => n.textContent)`))
	if err != nil || strings.Contains(strings.Join(texts, " "), "attached:") {
		t.Errorf("customer messages after a reload: %q (%v)", texts, err)
	}

	// An approval from this conversation (a replacement above the limit,
	// say) waits in the queue: the person deciding sees the photos.
	now := r.Clock.Now()
	h := console.Handoff{ID: "approval-photos", Shop: demoShop, Kind: "approval", Status: "open", ConversationID: id, Order: "#1004",
		Reason: "above the replacement limit", OpenedAt: now, SLADue: now.Add(4 * time.Hour),
		Action: &console.HandoffAction{Tool: "report_damage", Order: "#1004", Statement: "Send a new Stoneware Mug to replace the cracked one."}}
	b, _ := json.Marshal(h)
	if err := r.Store.PutDoc(t.Context(), console.HandoffCollection, h.ID, b, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/console/queue"),
		chromedp.WaitVisible(`[data-testid="login-password"]`),
		chromedp.SendKeys(`[data-testid="login-password"]`, password),
		chromedp.Click(`[data-testid="login-submit"]`),
		chromedp.WaitVisible(`[data-testid="approval"][data-id="approval-photos"]`),
	); err != nil {
		t.Fatalf("sign in to the console: %v", err)
	}
	drawn := func(scope string, n int) string {
		return fmt.Sprintf(`[...document.querySelectorAll('%s [data-testid="photo-img"]')].filter((i) => i.complete && i.naturalWidth > 0).length === %d`, scope, n)
	}
	poll("the approval shows the customer's photos", drawn(`[data-testid="approval"][data-id="approval-photos"]`, 2))
	if p := os.Getenv("DOORSTEP_SCREENSHOT_DIR"); p != "" {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err == nil {
			_ = os.WriteFile(filepath.Join(p, "console-approval-photos.png"), png, 0o644)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/console/conversations/"+id), chromedp.WaitVisible(`[data-testid="transcript"]`)); err != nil {
		t.Fatal(err)
	}
	poll("the conversation page shows the photos, beside the list and in the transcript", drawn(`[data-testid="conversation-photos"]`, 2)+` && `+drawn(`[data-testid="transcript"]`, 2))

	mu.Lock()
	defer mu.Unlock()
	if len(problems) > 0 {
		t.Errorf("the pages logged errors:\n  %s", strings.Join(problems, "\n  "))
	}
}

func writeJPEG(t *testing.T, path string, w, h int) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		for y := 0; y < h; y++ {
			img.Set(x, y, color.RGBA{uint8(x * 2), uint8(y * 3), 120, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeNoisyPNG writes a PNG that does not compress: w*h*3 bytes or so.
func writeNoisyPNG(t *testing.T, path string, w, h int) {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = uint8(rng.UintN(256))
		if i%4 == 3 {
			img.Pix[i] = 255
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
