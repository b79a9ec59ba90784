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

// DevVerdicts are the verdicts the local runner gives a raw message, as SES
// would: SPF, DKIM and DMARC from its Authentication-Results header when it
// has one (a method the header does not mention is GRAY), all PASS when it
// has none; spam and virus from X-SES-Spam-Verdict and X-SES-Virus-Verdict,
// PASS when absent.
func DevVerdicts(msg mailparse.Incoming) Verdicts {
	or := func(v, def string) string {
		if v == "" {
			return def
		}
		return v
	}
	auth := "GRAY"
	if msg.Auth == (mailparse.Auth{}) {
		auth = "PASS"
	}
	return Verdicts{SPF: or(msg.Auth.SPF, auth), DKIM: or(msg.Auth.DKIM, auth), DMARC: or(msg.Auth.DMARC, auth),
		Spam: or(msg.SESSpam, "PASS"), Virus: or(msg.SESVirus, "PASS"), MailFrom: msg.ReturnPath}
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
