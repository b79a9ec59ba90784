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
)

const shop = "demo-shop.myshopify.com"

var (
	now = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	key = csat.Key([]byte("chat-token-key"))
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
		if _, err := csat.Parse(csat.Key([]byte("other")), u.Query().Get("t"), now); err != csat.ErrInvalid {
			t.Errorf("another key: %v, want ErrInvalid", err)
		}
	}
	// A link cannot be edited into another score or conversation.
	tok := csat.Token(key, shop, "conv1", 1, now.Add(time.Hour))
	_, sig, _ := strings.Cut(tok, ".")
	five, _, _ := strings.Cut(csat.Token(key, shop, "conv2", 5, now.Add(time.Hour)), ".")
	forged := five + "." + sig // another conversation and score under the first link's signature
	for _, bad := range []string{"", "abc", forged, tok + "A", strings.Repeat("a", 5000)} {
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
	srv := httptest.NewServer(&csat.Handler{Store: st, Key: key, Clock: clk, Metrics: rec, ShopName: "Hearth & Harbor"})
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

// One click records the rating and thanks the customer; clicking again
// changes nothing; another star replaces the first rating.
func TestOneClick(t *testing.T) {
	f := setup(t)
	links := csat.Links(key, shop, "conv1", now.Add(30*24*time.Hour))

	code, body := f.get(t, links[2])
	if code != http.StatusOK || !strings.Contains(body, "Thank you") || !strings.Contains(body, "Hearth &amp; Harbor") {
		t.Fatalf("GET = %d\n%s", code, body)
	}
	if r := f.rating(t); r == nil || r.Score != 2 {
		t.Fatalf("stored rating = %+v, want 2", r)
	}
	f.get(t, links[2])
	if d := f.total(t); d.CSATCount != 1 || *d.CSAT != 2 {
		t.Errorf("after clicking twice: %d ratings averaging %v; want one, 2", d.CSATCount, *d.CSAT)
	}
	f.get(t, links[5])
	if r := f.rating(t); r.Score != 5 {
		t.Errorf("after another star, rating = %d, want 5", r.Score)
	}
	if d := f.total(t); d.CSATCount != 1 || *d.CSAT != 5 {
		t.Errorf("after changing the rating: %d ratings averaging %v; want one, 5", d.CSATCount, *d.CSAT)
	}

	// The thank-you page's comment form.
	tok, _ := url.ParseQuery(strings.TrimPrefix(links[5], csat.Path+"?"))
	resp, err := http.PostForm(f.srv.URL+csat.Path, url.Values{"t": {tok.Get("t")}, "comment": {"Quick and kind, thanks!"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("comment: %d", resp.StatusCode)
	}
	if r := f.rating(t); r.Score != 5 || r.Comment != "Quick and kind, thanks!" {
		t.Errorf("after the comment: %+v", r)
	}
	if d := f.total(t); d.CSATCount != 1 {
		t.Errorf("a comment counted as another rating: %d", d.CSATCount)
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
		{"forged", csat.Path + "?t=" + url.QueryEscape(csat.Token(csat.Key([]byte("x")), shop, "conv1", 5, now.Add(time.Hour))), http.StatusBadRequest},
		{"expired", csat.Links(key, shop, "conv1", now.Add(-time.Minute))[5], http.StatusGone},
		{"no such conversation", csat.Links(key, shop, "nope", now.Add(time.Hour))[5], http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code, body := f.get(t, tc.link); code != tc.want {
				t.Errorf("GET = %d, want %d\n%s", code, tc.want, body)
			}
		})
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
