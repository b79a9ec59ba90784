package mailin

import (
	"errors"
	"io"
	"net/http"

	"github.com/doorstep-ai/doorstep/pkg/httpjson"
	"github.com/doorstep-ai/doorstep/pkg/mailparse"
)

// MaxDevMail bounds a message posted to POST /dev/mail (SES accepts up to
// 40 MB).
const MaxDevMail = 40 << 20

// DevVerdicts are the verdicts the local runner gives a raw message, as
// SES would. When the message has an Authentication-Results header, the
// topmost one is the receiving server's and says everything: its spf
// result with smtp.mailfrom (or envelope-from), its dkim results with
// header.d (or header.i), its dmarc result with header.from; a method it
// does not mention is GRAY, and a dmarc pass that does not name its domain
// counts as GRAY too. When the message has no such header at all, SPF,
// DKIM and DMARC count as PASS for the From address's domain. Spam and
// virus come from X-SES-Spam-Verdict and X-SES-Virus-Verdict, PASS when
// absent.
func DevVerdicts(msg mailparse.Incoming) Verdicts {
	or := func(v, def string) string {
		if v == "" {
			return def
		}
		return v
	}
	v := Verdicts{Spam: or(msg.SESSpam, "PASS"), Virus: or(msg.SESVirus, "PASS")}
	if !msg.Auth.Present {
		d := domainOf(msg.From.Address)
		v.SPF, v.DKIM, v.DMARC = "PASS", "PASS", "PASS"
		v.MailFrom, v.DKIMDomains, v.DMARCDomain = d, []string{d}, d
		return v
	}
	v.SPF, v.DKIM, v.DMARC = "GRAY", "GRAY", "GRAY"
	for _, r := range msg.Auth.Results {
		switch r.Method {
		case "spf":
			if r.Verdict == "PASS" && v.SPF != "PASS" {
				v.MailFrom = r.Domain
			}
			v.SPF = best(v.SPF, r.Verdict)
		case "dkim":
			if r.Verdict == "PASS" && r.Domain != "" {
				v.DKIMDomains = append(v.DKIMDomains, r.Domain)
			}
			v.DKIM = best(v.DKIM, r.Verdict)
		case "dmarc":
			switch {
			case r.Verdict == "FAIL" || v.DMARC == "FAIL":
				v.DMARC, v.DMARCDomain = "FAIL", r.Domain
			case r.Verdict == "PASS" && r.Domain != "" && v.DMARCDomain == "":
				v.DMARC, v.DMARCDomain = "PASS", r.Domain
			case r.Verdict == "PASS" && r.Domain != v.DMARCDomain:
				v.DMARC, v.DMARCDomain = "GRAY", ""
			}
		}
	}
	return v
}

// best is the better of two verdicts: PASS over FAIL over GRAY.
func best(a, b string) string {
	rank := map[string]int{"GRAY": 1, "FAIL": 2, "PASS": 3}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// DevHandler is the local runner's POST /dev/mail: the body is a raw RFC
// 822 message, received as if SES had received it, verdicts from its
// headers (DevVerdicts). It answers 202 with what became of it; any reply
// is in the outbox by then.
func DevHandler(svc *Service) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxDevMail))
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			httpjson.Error(w, http.StatusRequestEntityTooLarge, "too_large", "messages are limited to 40 MB")
			return
		}
		if err != nil || len(raw) == 0 {
			httpjson.Error(w, http.StatusBadRequest, "bad_request", "the body must be a raw RFC 822 message")
			return
		}
		in := Inbound{Raw: raw}
		if msg, err := mailparse.Parse(raw); err == nil {
			in.Verdicts = DevVerdicts(msg)
		}
		res, err := svc.Process(r.Context(), in)
		if err != nil {
			svc.Log.ErrorContext(r.Context(), "dev mail", "err", err)
			httpjson.Error(w, http.StatusInternalServerError, "internal", "internal error")
			return
		}
		httpjson.Write(w, http.StatusAccepted, res)
	})
}
