package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/doorstep-ai/doorstep/pkg/privacy"
)

// TestConsoleExports: the console's data-requests page lists the
// customers' data-request exports (customers/data_request), and its
// download link saves the export's JSON with the session's credentials.
func TestConsoleExports(t *testing.T) {
	s := newConsoleSite(t, func(s *consoleSite) {
		s.con.Exports = s.r.App.Privacy
		req := privacy.Request{Topic: privacy.TopicDataRequest, Email: "daniel.reyes@example.com", CustomerID: "77", RequestID: "9001"}
		if err := s.r.App.Privacy.Handle(t.Context(), demoShop, req); err != nil {
			t.Fatal(err)
		}
	})
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(s.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
		t.Fatalf("allow downloads: %v", err)
	}
	if err := chromedp.Do(s.ctx, chromedp.Click(`.nav a[data-nav="exports"]`)); err != nil {
		t.Fatalf("data requests page: %v", err)
	}
	row := s.text(t, "the export's row", `document.querySelector('[data-testid="export-row"][data-id="9001"]')?.textContent || false`)
	if !strings.Contains(row, "daniel.reyes@example.com") || !strings.Contains(row, "Download JSON") {
		t.Errorf("export row reads %q, want the customer and a download link", row)
	}
	if err := chromedp.Do(s.ctx, chromedp.Click(`[data-testid="export-row"][data-id="9001"] [data-testid="export-download"]`)); err != nil {
		t.Fatalf("download: %v", err)
	}
	// The file appears when Chromium finishes writing it: poll the folder
	// until the browser context's deadline.
	path := filepath.Join(dir, "data-request-9001.json")
	var body []byte
	for {
		b, err := os.ReadFile(path)
		if err == nil && len(b) > 0 {
			body = b
			break
		}
		select {
		case <-s.ctx.Done():
			entries, _ := os.ReadDir(dir)
			t.Fatalf("no %s downloaded (folder has %v): %v", filepath.Base(path), entries, s.ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
	if !strings.Contains(string(body), `"request_id":"9001"`) || !strings.Contains(string(body), "daniel.reyes@example.com") {
		t.Errorf("downloaded export %.300s; want request 9001's data", body)
	}
	s.noProblems(t)
}
