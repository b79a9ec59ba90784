package runner

import (
	"net"
	"net/http"

	"github.com/doorstep-ai/doorstep/web"
)

// The demo shop's look: its settings start with these (the merchant's own
// replace them in the console's Settings, Brand).
const (
	demoPrimary = "#2f4858"
	demoAccent  = "#c8553d"
)

// demoLogoURL is where the runner listening on addr serves the demo shop's
// logo: on a loopback host, the only http address settings accept for a
// logo (settings.LogoProblem), so an address that listens on every
// interface ("0.0.0.0:8080", ":8080") names it as localhost.
func demoLogoURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		host, port = "127.0.0.1", "8080"
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/demo/logo.svg"
}

// serveDemoLogo serves the demo shop's logo.
func serveDemoLogo(w http.ResponseWriter, _ *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "image/svg+xml")
	h.Set("Cache-Control", "public, max-age=3600")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	h.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(web.DemoLogo())
}
