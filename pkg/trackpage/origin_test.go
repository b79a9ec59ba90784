package trackpage_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/trackpage"
)

// The forms' Origin check accepts the host the request was sent to and
// the page's configured public origins (a custom domain in front of API
// Gateway, whose requests arrive with another Host; the storefront), and
// refuses any other site. A form that passes goes on to its token check
// (400 here: the token is not valid), one refused is 403.
func TestFormOriginCheck(t *testing.T) {
	p := &trackpage.Page{Shop: shop, Keys: signed.NewKeyring([]byte("k")), Brands: notify.StaticBrand{ShopName: "Hearth & Harbor"},
		Origins: []string{"https://track.hearth.example/", "https://hearth.example", "", "not a url"}}
	tests := []struct {
		name, host, origin, fetchSite string
		want                          int
	}{
		{name: "the request's own host", host: "abc.execute-api.us-east-1.amazonaws.com", origin: "https://abc.execute-api.us-east-1.amazonaws.com", want: 400},
		{name: "the public base URL behind a custom domain", host: "abc.execute-api.us-east-1.amazonaws.com", origin: "https://track.hearth.example", want: 400},
		{name: "the storefront", host: "abc.execute-api.us-east-1.amazonaws.com", origin: "https://Hearth.example", want: 400},
		{name: "no origin", host: "abc.execute-api.us-east-1.amazonaws.com", want: 400},
		{name: "origin null (no-referrer)", host: "abc.execute-api.us-east-1.amazonaws.com", origin: "null", want: 400},
		{name: "another site", host: "abc.execute-api.us-east-1.amazonaws.com", origin: "https://evil.example", want: 403},
		{name: "the public host on another scheme", host: "abc.execute-api.us-east-1.amazonaws.com", origin: "http://track.hearth.example", want: 403},
		{name: "a subdomain of the public host", host: "abc.execute-api.us-east-1.amazonaws.com", origin: "https://evil.track.hearth.example", want: 403},
		{name: "cross-site fetch metadata", host: "abc.execute-api.us-east-1.amazonaws.com", origin: "https://track.hearth.example", fetchSite: "cross-site", want: 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := url.Values{"t": {"bogus"}, "phone": {"+17205550119"}, "consent": {"yes"}}
			req := httptest.NewRequest(http.MethodPost, "https://"+tt.host+"/track/sms", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			if tt.fetchSite != "" {
				req.Header.Set("Sec-Fetch-Site", tt.fetchSite)
			}
			w := httptest.NewRecorder()
			p.ServeSMSOptIn(w, req)
			if w.Code != tt.want {
				t.Errorf("status = %d, want %d", w.Code, tt.want)
			}
		})
	}
}

func TestOriginOf(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"https://Track.Hearth.example/base/", "https://track.hearth.example", true},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080", true},
		{"", "", false},
		{"track.hearth.example", "", false},
		{"javascript:alert(1)", "", false},
	}
	for _, tt := range tests {
		got, ok := trackpage.OriginOf(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("OriginOf(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
