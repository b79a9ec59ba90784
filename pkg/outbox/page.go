package outbox

import (
	"html/template"
	"net/http"
	"sort"
)

// pageTmpl is the outbox page; html/template escapes every value.
var pageTmpl = template.Must(template.New("outbox").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Outbox · doorstep (local)</title>
<style>
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
h1{font-size:1.4rem}.mail{border:1px solid #ddd;border-radius:6px;margin:1rem 0;padding:.75rem 1rem}
.meta{color:#555;font-size:.9rem}table{font-size:.8rem;color:#555;border-collapse:collapse;margin:.5rem 0}
td{padding:0 .75rem 0 0;vertical-align:top}td:first-child{font-weight:600;white-space:nowrap}
pre{white-space:pre-wrap;font-family:inherit;background:#fafafa;padding:.75rem;border-radius:4px;margin:.5rem 0 0}
</style></head><body>
<h1>Outbox</h1>
<p class="meta">Mail doorstep sent, newest first ({{len .}}). JSON: <a href="/dev/outbox">/dev/outbox</a>. Send a customer mail with <code>POST /dev/mail</code>.</p>
{{range .}}<section class="mail">
<div><strong>{{.Subject}}</strong></div>
<div class="meta">to {{.To}} · {{.SentAt.Format "Mon Jan 2 2006 15:04:05 MST"}}</div>
<table>{{range .HeaderList}}<tr><td>{{.Name}}</td><td>{{.Value}}</td></tr>{{end}}</table>
<pre>{{.Text}}</pre>
</section>{{else}}<p>Nothing sent yet.</p>{{end}}
</body></html>
`))

type header struct{ Name, Value string }

type pageEntry struct {
	Entry
	HeaderList []header
}

// Page is GET /dev/outbox.html: the sent mail, newest first, with headers
// and text, for a person to read.
func (o *Outbox) Page() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		list, err := o.List()
		if err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		out := make([]pageEntry, 0, len(list))
		for i := len(list) - 1; i >= 0; i-- {
			e := pageEntry{Entry: list[i]}
			for k, v := range list[i].Headers {
				e.HeaderList = append(e.HeaderList, header{k, v})
			}
			sort.Slice(e.HeaderList, func(a, b int) bool { return e.HeaderList[a].Name < e.HeaderList[b].Name })
			out = append(out, e)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
		if err := pageTmpl.Execute(w, out); err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
	})
}
