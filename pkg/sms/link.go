package sms

import (
	"html/template"
	"net/http"
)

// ServeStop is GET and POST /s/{ref}, the opt-out link in every text.
//
// GET shows what the link does and a button, changing nothing: phones and
// chat apps open links to preview them, and must not opt anyone out. POST
// (the button) records the opt-out.
func (s *Service) ServeStop(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if r.Method == http.MethodPost && r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		s.page(w, http.StatusForbidden, stopPage{Title: "Not from here", Text: "Open the link from your text message to stop texts, or reply STOP."})
		return
	}
	ref := r.PathValue("ref")
	phone, err := s.numberOfRef(ctx, s.Shop, ref)
	if err != nil {
		s.log().ErrorContext(ctx, "sms stop link", "err", err)
		s.page(w, http.StatusInternalServerError, stopPage{Title: "Something went wrong", Text: "Please try the link again in a minute, or reply STOP to any of our texts."})
		return
	}
	if phone == "" {
		s.page(w, http.StatusNotFound, stopPage{Title: "This link is not valid", Text: "Reply STOP to any of our texts to stop them."})
		return
	}
	switch r.Method {
	case http.MethodGet:
		s.page(w, http.StatusOK, stopPage{Title: "Stop texts?", Text: s.shopName() + " will stop texting " + Mask(phone) + " about your orders. Emails are not affected.",
			Button: "Stop texts", Action: "/s/" + ref})
	case http.MethodPost:
		if err := s.OptOut(ctx, s.Shop, phone, SourceLink, ""); err != nil {
			s.log().ErrorContext(ctx, "sms stop link", "err", err)
			s.page(w, http.StatusInternalServerError, stopPage{Title: "Something went wrong", Text: "Please try again in a minute, or reply STOP to any of our texts."})
			return
		}
		s.page(w, http.StatusOK, stopPage{Title: "Texts stopped", Text: s.shopName() + " won't text " + Mask(phone) + " any more. You can opt in again on your order's tracking page."})
	default:
		w.Header().Set("Allow", "GET, POST")
		s.page(w, http.StatusMethodNotAllowed, stopPage{Title: "Use the link in your text"})
	}
}

type stopPage struct {
	ShopName, Title, Text, Button, Action string
}

var stopTmpl = template.Must(template.New("stop").Parse(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>{{.Title}} · {{.ShopName}}</title>
<style>body{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;background:#f4f4f2;color:#222;margin:0}
main{max-width:480px;margin:48px auto;background:#fff;border-radius:10px;padding:24px}
button{background:#c8553d;color:#fff;border:0;border-radius:6px;padding:12px 22px;font-size:16px;font-weight:600}</style></head>
<body><main><p>{{.ShopName}}</p><h1>{{.Title}}</h1><p>{{.Text}}</p>
{{if .Button}}<form method="post" action="{{.Action}}"><button type="submit">{{.Button}}</button></form>{{end}}
</main></body></html>`))

func (s *Service) page(w http.ResponseWriter, status int, p stopPage) {
	p.ShopName = s.shopName()
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
	w.WriteHeader(status)
	_ = stopTmpl.Execute(w, p)
}
