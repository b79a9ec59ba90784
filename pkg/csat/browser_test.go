package csat_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/doorstep-ai/doorstep/pkg/csat"
	"github.com/doorstep-ai/doorstep/web/browsertest"
)

// TestOneClickInBrowser opens a rating link in headless Chromium as a
// customer would: the page posts the rating by itself (its script runs
// under the page's Content-Security-Policy), so one click rates; with
// script off, one more click on the button does.
func TestOneClickInBrowser(t *testing.T) {
	exe := browsertest.Chromium(t)
	f := setup(t)
	links := csat.Links(key, shop, "conv1", now.Add(30*24*time.Hour))

	alloc, cancelAlloc := browsertest.Allocator(t, exe, nil)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium (%s): %v", exe, err)
	}
	ctx, cancelTimeout := browsertest.UntilTestDeadline(ctx, t)
	defer cancelTimeout()

	// Script on: opening the link is the one click.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(f.srv.URL+links[4]),
		chromedp.WaitVisible(chromedp.CSS(`textarea#comment`)), // the thank-you page, after the post
	); err != nil {
		t.Fatalf("open the 4-star link: %v", err)
	}
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`h1`)))
	if err != nil {
		t.Fatal(err)
	}
	if r := f.rating(t); r == nil || r.Score != 4 || title != "Thank you!" {
		t.Fatalf("after opening the link: rating %+v, page %q", r, title)
	}

	// Script off (a scanner that renders pages, or a careful reader): the
	// page waits for the button.
	tab, cancelTab := chromedp.NewContext(ctx)
	defer cancelTab()
	noScript := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	if err := chromedp.Do(tab,
		noScript,
		chromedp.Navigate(f.srv.URL+links[2]),
		chromedp.WaitVisible(chromedp.CSS(`#rate button`)),
	); err != nil {
		t.Fatalf("open the 2-star link without script: %v", err)
	}
	if r := f.rating(t); r.Score != 4 {
		t.Fatalf("a page without script changed the rating to %d", r.Score)
	}
	if err := chromedp.Do(tab,
		chromedp.Click(chromedp.CSS(`#rate button`)),
		chromedp.WaitVisible(chromedp.CSS(`textarea#comment`)),
	); err != nil {
		t.Fatalf("click the button: %v", err)
	}
	if r := f.rating(t); r.Score != 2 {
		t.Fatalf("after the button: rating %d, want 2", r.Score)
	}
}
