package csat_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/csat"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/signed"
)

const shop = "demo-shop.myshopify.com"

var (
	now = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	key = signed.NewKeyring([]byte("link-signing-key"))
)

func TestLinks(t *testing.T) {
	links := csat.Links(key, shop, "conv1", now.Add(time.Hour))
	if len(links) != 5 {
		t.Fatalf("got %d links, want 5", len(links))
	}
	for score, link := range links {
		u, err := url.Parse(link)
		if err != nil || u.Path != csat.Path {
			t.Fatalf("link %q: %v", link, err)
		}
		r, err := csat.Parse(key, u.Query().Get("t"), now)
		if err != nil || r.Score != score || r.Shop != shop || r.ConversationID != "conv1" {
			t.Errorf("link %d parses as %+v, %v", score, r, err)
		}
		if _, err := csat.Parse(key, u.Query().Get("t"), now.Add(2*time.Hour)); err != csat.ErrExpired {
			t.Errorf("after expiry: %v, want ErrExpired", err)
		}
		if _, err := csat.Parse(signed.NewKeyring([]byte("other")), u.Query().Get("t"), now); err != csat.ErrInvalid {
			t.Errorf("another key: %v, want ErrInvalid", err)
		}
	}
	// A link cannot be edited into another score or conversation, and
	// no other signed link passes for a rating.
	tok := csat.Token(key, shop, "conv1", 1, now.Add(time.Hour))
	sig := tok[strings.LastIndex(tok, ".")+1:]
	five := csat.Token(key, shop, "conv2", 5, now.Add(time.Hour))
	forged := five[:strings.LastIndex(five, ".")] + "." + sig // another conversation and score under the first link's signature
	other := key.Sign(signed.TrackOrder, now.Add(time.Hour), shop, "conv1", "5")
	for _, bad := range []string{"", "abc", forged, tok + "A", other, strings.Repeat("a", 5000)} {
		if _, err := csat.Parse(key, bad, now); err != csat.ErrInvalid {
			t.Errorf("Parse(%.20q) = %v, want ErrInvalid", bad, err)
		}
	}
}

type fixture struct {
	srv   *httptest.Server
	store *bolt.Store
	rec   *metrics.Recorder
	clk   *clock.Manual
}

func setup(t *testing.T) fixture {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c := conversation.Conversation{Shop: shop, ID: "conv1", Channel: conversation.ChannelEmail, Status: conversation.StatusOpen,
		CreatedAt: now, UpdatedAt: now}
	if err := st.CreateConversation(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	clk := clock.NewFixed(now)
	rec := &metrics.Recorder{Store: st, Clock: clk}
	srv := httptest.NewServer(&csat.Handler{Store: st, Keys: key, Clock: clk, Metrics: rec, ShopName: "Hearth & Harbor"})
	t.Cleanup(srv.Close)
	return fixture{srv, st, rec, clk}
}

func (f fixture) get(t *testing.T, link string) (int, string) {
	t.Helper()
	resp, err := http.Get(f.srv.URL + link)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// post sends a link's rating as its page's form does, with the comment
// when there is one.
func (f fixture) post(t *testing.T, link string, comment ...string) (int, string) {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"t": {u.Query().Get("t")}}
	if len(comment) > 0 {
		form.Set("comment", comment[0])
	}
	resp, err := http.PostForm(f.srv.URL+csat.Path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (f fixture) rating(t *testing.T) *conversation.CSAT {
	t.Helper()
	c, _, err := f.store.GetConversation(t.Context(), shop, "conv1")
	if err != nil {
		t.Fatal(err)
	}
	return c.CSAT
}

func (f fixture) total(t *testing.T) metrics.Day {
	t.Helper()
	rep, err := f.rec.Read(t.Context(), shop, now, now)
	if err != nil {
		t.Fatal(err)
	}
	return rep.Total
}

// Opening a link (GET or HEAD, as a mail scanner does) records nothing: it
// shows a page whose form posts the rating. The POST records it; posting
// again changes nothing; another star replaces the first rating.
func TestOneClick(t *testing.T) {
	f := setup(t)
	links := csat.Links(key, shop, "conv1", now.Add(30*24*time.Hour))

	// A scanner opens every link, twice, in any order.
	for _, s := range []int{5, 1, 3, 2, 5, 1} {
		code, body := f.get(t, links[s])
		if code != http.StatusOK || !strings.Contains(body, `<form id="rate" method="post" action="/csat"`) ||
			!strings.Contains(body, "<script nonce=") || !strings.Contains(body, "Hearth &amp; Harbor") {
			t.Fatalf("GET %d = %d\n%s", s, code, body)
		}
		req, _ := http.NewRequest(http.MethodHead, f.srv.URL+links[s], nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'nonce-") || strings.Contains(csp, "unsafe-inline'; script") {
			t.Errorf("HEAD %d: Content-Security-Policy %q", s, csp)
		}
	}
	if r := f.rating(t); r != nil {
		t.Fatalf("opening links stored a rating: %+v", r)
	}
	if d := f.total(t); d.CSATCount != 0 {
		t.Fatalf("opening links counted %d ratings", d.CSATCount)
	}

	code, body := f.post(t, links[2])
	if code != http.StatusOK || !strings.Contains(body, "Thank you") || !strings.Contains(body, "Hearth &amp; Harbor") {
		t.Fatalf("POST = %d\n%s", code, body)
	}
	if r := f.rating(t); r == nil || r.Score != 2 {
		t.Fatalf("stored rating = %+v, want 2", r)
	}
	f.post(t, links[2])
	if d := f.total(t); d.CSATCount != 1 || *d.CSAT != 2 {
		t.Errorf("after posting twice: %d ratings averaging %v; want one, 2", d.CSATCount, *d.CSAT)
	}
	f.post(t, links[5])
	if r := f.rating(t); r.Score != 5 {
		t.Errorf("after another star, rating = %d, want 5", r.Score)
	}
	if d := f.total(t); d.CSATCount != 1 || *d.CSAT != 5 {
		t.Errorf("after changing the rating: %d ratings averaging %v; want one, 5", d.CSATCount, *d.CSAT)
	}
	// Opening another link after rating still changes nothing.
	f.get(t, links[1])
	if r := f.rating(t); r.Score != 5 {
		t.Errorf("GET changed the rating to %d", r.Score)
	}

	// The thank-you page's comment form.
	if code, _ := f.post(t, links[5], "Quick and kind, thanks!"); code != http.StatusOK {
		t.Fatalf("comment: %d", code)
	}
	if r := f.rating(t); r.Score != 5 || r.Comment != "Quick and kind, thanks!" {
		t.Errorf("after the comment: %+v", r)
	}
	if d := f.total(t); d.CSATCount != 1 {
		t.Errorf("a comment counted as another rating: %d", d.CSATCount)
	}
	// Re-posting the rating alone keeps the comment.
	f.post(t, links[5])
	if r := f.rating(t); r.Comment != "Quick and kind, thanks!" {
		t.Errorf("re-posting the rating dropped the comment: %+v", r)
	}
}

func TestBadLinks(t *testing.T) {
	f := setup(t)
	for _, tc := range []struct {
		name string
		link string
		want int
	}{
		{"no token", csat.Path, http.StatusBadRequest},
		{"forged", csat.Path + "?t=" + url.QueryEscape(csat.Token(signed.NewKeyring([]byte("x")), shop, "conv1", 5, now.Add(time.Hour))), http.StatusBadRequest},
		{"expired", csat.Links(key, shop, "conv1", now.Add(-time.Minute))[5], http.StatusGone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code, body := f.get(t, tc.link); code != tc.want {
				t.Errorf("GET = %d, want %d\n%s", code, tc.want, body)
			}
			if code, body := f.post(t, tc.link); code != tc.want {
				t.Errorf("POST = %d, want %d\n%s", code, tc.want, body)
			}
		})
	}
	if code, _ := f.post(t, csat.Links(key, shop, "nope", now.Add(time.Hour))[5]); code != http.StatusNotFound {
		t.Errorf("no such conversation: POST = %d, want 404", code)
	}
	if r := f.rating(t); r != nil {
		t.Errorf("a bad link stored a rating: %+v", r)
	}
	req, _ := http.NewRequest(http.MethodDelete, f.srv.URL+csat.Links(key, shop, "conv1", now.Add(time.Hour))[5], nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("DELETE = %d, want 405", resp.StatusCode)
	}
}
