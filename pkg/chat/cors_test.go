package chat_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
)

// The chat API answers browsers on the configured storefront origins and
// on its own, as API Gateway's CORS settings do in AWS; any other origin
// gets no CORS headers (the browser keeps the answer from that page).
func TestCORSOnlyForStorefrontOrigins(t *testing.T) {
	svc, _ := newService(t, clock.NewFixed(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)))
	svc.Origins = []string{"https://demo.myshopify.com", "https://shop.example.com"}
	h := svc.Handler()
	tests := []struct {
		origin string
		allow  bool
	}{
		{"https://demo.myshopify.com", true},
		{"https://shop.example.com", true},
		{"http://api.local:8080", true}, // the API's own pages
		{"https://evil.example", false},
		{"https://shop.example.com.evil.example", false},
		{"http://shop.example.com", false},
	}
	for _, tc := range tests {
		for _, method := range []string{http.MethodOptions, http.MethodGet} {
			t.Run(method+" "+tc.origin, func(t *testing.T) {
				r := httptest.NewRequest(method, "http://api.local:8080/v1/conversations/nope", nil)
				r.Header.Set("Origin", tc.origin)
				r.Header.Set("Access-Control-Request-Method", "POST")
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				got := w.Header().Get("Access-Control-Allow-Origin")
				if tc.allow && got != tc.origin {
					t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, tc.origin)
				}
				if !tc.allow && got != "" {
					t.Errorf("Access-Control-Allow-Origin = %q for an origin not listed", got)
				}
				if w.Header().Get("Vary") != "Origin" {
					t.Errorf("Vary = %q, want Origin", w.Header().Get("Vary"))
				}
			})
		}
	}
}
