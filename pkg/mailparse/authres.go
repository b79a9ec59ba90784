package mailparse

import (
	"strings"
)

// AuthResults is what the receiving server wrote in the topmost
// Authentication-Results header (RFC 8601). A receiving server puts its
// header above everything the sender wrote, so only the topmost one is
// read: any header below it may have been written by the sender.
type AuthResults struct {
	// Present reports whether the message has an Authentication-Results
	// header at all.
	Present bool
	// ServID is the topmost header's authserv-id, lower case
	// ("amazonses.com" for SES).
	ServID string
	// Results are the header's results in order.
	Results []AuthResult
}

// AuthResult is one method's result and the domain it is for.
type AuthResult struct {
	// Method is "spf", "dkim", "dmarc" (or another RFC 8601 method).
	Method string
	// Verdict is PASS; FAIL for fail, softfail, hardfail and permerror;
	// GRAY for anything else (none, neutral, temperror, policy).
	Verdict string
	// Domain is what the result is about, lower case: for spf the MAIL
	// FROM domain (smtp.mailfrom, or SES's envelope-from), for dkim the
	// signing domain (header.d, or the domain of header.i), for dmarc the
	// From domain (header.from). Empty when the header does not say or
	// says something that is not a host name.
	Domain string
}

// Verdict is the best verdict among the results of a method (PASS over
// FAIL over GRAY), "" when the method is not mentioned.
func (a AuthResults) Verdict(method string) string {
	rank := map[string]int{"": 0, "GRAY": 1, "FAIL": 2, "PASS": 3}
	best := ""
	for _, r := range a.Results {
		if r.Method == method && rank[r.Verdict] > rank[best] {
			best = r.Verdict
		}
	}
	return best
}

// maxAuthResults bounds the part of a header value read: a receiving
// server's results fit in far less.
const maxAuthResults = 16 << 10

// methods are the RFC 8601 method names a result clause may start with;
// any other key=value starting a clause (SES writes "client-ip=…;
// envelope-from=…; helo=…;" as clauses of their own) is a property of the
// result before it.
var methods = map[string]bool{"spf": true, "dkim": true, "dmarc": true, "arc": true, "iprev": true, "auth": true,
	"domainkeys": true, "sender-id": true, "dkim-atps": true, "dnswl": true, "vbr": true, "rrvs": true, "smime": true, "bimi": true}

// ParseAuthResults reads one Authentication-Results header value.
// Comments are dropped and quoted strings kept whole before anything is
// read, so text in a comment or inside a quoted local part (which a sender
// chooses) is never taken for a result.
func ParseAuthResults(v string) AuthResults {
	a := AuthResults{Present: true}
	if len(v) > maxAuthResults {
		v = v[:maxAuthResults]
	}
	clauses := authClauses(v)
	if len(clauses) == 0 {
		return a
	}
	if len(clauses[0]) > 0 {
		a.ServID = strings.ToLower(clauses[0][0])
	}
	cur := -1
	for _, tokens := range clauses[1:] {
		for i, tok := range tokens {
			k, val, ok := strings.Cut(tok, "=")
			if !ok {
				continue
			}
			k = strings.ToLower(k)
			if i == 0 {
				if m, _, _ := strings.Cut(k, "/"); methods[m] {
					a.Results = append(a.Results, AuthResult{Method: m, Verdict: verdict(val)})
					cur = len(a.Results) - 1
					continue
				}
			}
			if cur < 0 {
				continue
			}
			r := &a.Results[cur]
			switch {
			case r.Method == "spf" && (k == "smtp.mailfrom" || k == "envelope-from" && r.Domain == ""):
				r.Domain = hostOf(val)
			case r.Method == "dkim" && (k == "header.d" || k == "header.i" && r.Domain == ""):
				r.Domain = hostOf(val)
			case r.Method == "dmarc" && k == "header.from":
				r.Domain = hostOf(val)
			}
		}
	}
	return a
}

// TopAuthResults reads the topmost of a message's Authentication-Results
// header values (in the order they appear); Present is false when there
// are none.
func TopAuthResults(values []string) AuthResults {
	if len(values) == 0 {
		return AuthResults{}
	}
	return ParseAuthResults(values[0])
}

func verdict(v string) string {
	switch strings.ToLower(strings.Trim(v, `"`)) {
	case "pass":
		return "PASS"
	case "fail", "softfail", "hardfail", "permerror":
		return "FAIL"
	}
	return "GRAY"
}

var hostRe = lazyRegexp(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$`)

// hostOf is the host name in an address or a domain ("x@Example.COM",
// "@example.com", "<x@example.com>", "example.com."), lower case; "" when
// it is not a host name.
func hostOf(v string) string {
	v = strings.ToLower(strings.Trim(strings.TrimSpace(v), "<>"))
	if i := strings.LastIndexByte(v, '@'); i >= 0 {
		v = v[i+1:]
	}
	v = strings.TrimSuffix(v, ".")
	if len(v) > 253 || !hostRe().MatchString(v) {
		return ""
	}
	return v
}

// authClauses splits a header value into ";"-separated clauses of
// whitespace-separated tokens, with comments removed, quoted strings kept
// whole (quotes and all), and space around "=" dropped.
func authClauses(v string) [][]string {
	var clauses [][]string
	var tokens []string
	var tok strings.Builder
	endTok := func() {
		if tok.Len() > 0 {
			tokens = append(tokens, tok.String())
			tok.Reset()
		}
	}
	endClause := func() {
		endTok()
		clauses = append(clauses, joinEquals(tokens))
		tokens = nil
	}
	depth, quoted, escaped := 0, false, false
	for _, r := range v {
		switch {
		case escaped:
			escaped = false
			if depth == 0 {
				tok.WriteRune(r)
			}
		case r == '\\' && (quoted || depth > 0):
			escaped = true
			if depth == 0 {
				tok.WriteRune(r)
			}
		case quoted:
			tok.WriteRune(r)
			if r == '"' {
				quoted = false
			}
		case r == '(':
			depth++
			endTok()
		case depth > 0:
			if r == ')' {
				depth--
			}
		case r == '"':
			quoted = true
			tok.WriteRune(r)
		case r == ';':
			endClause()
		case r == ' ' || r == '\t' || r == '\r' || r == '\n':
			endTok()
		default:
			tok.WriteRune(r)
		}
	}
	endClause()
	return clauses
}

// joinEquals puts "a", "=", "b" (or "a=", "b" or "a", "=b") back together
// as "a=b", in one pass.
func joinEquals(tokens []string) []string {
	var out []string
	var cur strings.Builder
	for _, t := range tokens {
		if cur.Len() > 0 && !strings.HasPrefix(t, "=") && !strings.HasSuffix(cur.String(), "=") {
			out = append(out, cur.String())
			cur.Reset()
		}
		cur.WriteString(t)
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// SignatureDomains are the d= tags of a message's DKIM-Signature header
// values, lower case: the domains that claim to have signed it (whether
// their signatures verify is the receiving server's verdict).
func SignatureDomains(values []string) []string {
	var out []string
	for _, v := range values {
		for _, tag := range strings.Split(v, ";") {
			k, val, ok := strings.Cut(tag, "=")
			if ok && strings.TrimSpace(k) == "d" {
				if d := hostOf(strings.Join(strings.Fields(val), "")); d != "" {
					out = append(out, d)
				}
			}
		}
	}
	return out
}
