package order

import (
	"net/url"
	"strings"
)

// HTTPURL is s (trimmed) when it is an absolute http or https URL with a
// host, else "". A URL that comes from outside (a fulfillment's tracking
// URL, a brand's store URL) becomes a link on a page or in mail only when
// HTTPURL passes it: never a javascript:, data: or relative one.
func HTTPURL(s string) string {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(s, "\x00\r\n\t") {
		return ""
	}
	return u.String()
}
