package runner_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// make dev's demo shop shows its logo and colours on the tracking page,
// from its settings' defaults, and the runner serves the logo.
func TestDemoShopBrand(t *testing.T) {
	r := newRunner(t, t.TempDir())
	srv := httptest.NewServer(r.Handler())
	defer srv.Close()
	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, page := get("/track")
	if resp.StatusCode != 200 {
		t.Fatalf("GET /track = %d", resp.StatusCode)
	}
	for _, want := range []string{`<img src="http://127.0.0.1:8080/demo/logo.svg" alt="Hearth &amp; Harbor">`, "--primary:#2f4858", "--accent:#c8553d"} {
		if !strings.Contains(page, want) {
			t.Errorf("tracking page lacks %q", want)
		}
	}
	resp, logo := get("/demo/logo.svg")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(logo, "<svg") {
		t.Errorf("GET /demo/logo.svg = %d %s %.40q", resp.StatusCode, resp.Header.Get("Content-Type"), logo)
	}
}
