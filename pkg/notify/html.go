package notify

import (
	"html"
	"strings"
)

// The mail and the unsubscribe page are built here, escaping every value,
// rather than with html/template: text/template's reflection keeps every
// method of every type in a binary, which puts the Lambdas that send mail
// (with the AWS SDK in them) over their 15 MB budget. Colours are checked
// hex values (Brand.Primary, Brand.Accent) and links are http(s) only
// (safeLink), so nothing but escaped text reaches the markup.

func esc(s string) string { return html.EscapeString(s) }

// mailHTML renders a notice.
func mailHTML(d mailData) string {
	var b strings.Builder
	w := b.WriteString
	w(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>`)
	w(esc(d.Heading))
	w(`</title></head><body style="margin:0;padding:0;background:#f4f4f2;font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;color:#222;">`)
	w(`<span style="display:none;max-height:0;overflow:hidden;">` + esc(d.Preheader) + `</span>`)
	w(`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f2;"><tr><td align="center" style="padding:24px 12px;">`)
	w(`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;overflow:hidden;">`)
	w(`<tr><td style="background:` + d.Primary + `;padding:20px 28px;color:#ffffff;font-size:20px;font-weight:600;">`)
	if d.Logo != "" {
		w(`<img src="` + esc(d.Logo) + `" alt="` + esc(d.ShopName) + `" height="32" style="display:block;height:32px;border:0;">`)
	} else {
		w(esc(d.ShopName))
	}
	w(`</td></tr><tr><td style="padding:28px;">`)
	w(`<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;color:#111;">` + esc(d.Heading) + `</h1>`)
	for _, p := range d.Paragraphs {
		w(`<p style="margin:0 0 14px;font-size:15px;line-height:1.55;">` + esc(p) + `</p>`)
	}
	if len(d.Facts) > 0 {
		w(`<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 18px;font-size:14px;">`)
		for _, f := range d.Facts {
			w(`<tr><td style="padding:3px 16px 3px 0;color:#666;">` + esc(f.Label) + `</td><td style="padding:3px 0;font-weight:600;">` + esc(f.Value) + `</td></tr>`)
		}
		w(`</table>`)
	}
	if len(d.Items) > 0 {
		w(`<p style="margin:0 0 6px;font-size:14px;color:#666;">` + esc(d.ItemsLabel) + `</p><ul style="margin:0 0 18px;padding-left:20px;font-size:14px;line-height:1.5;">`)
		for _, it := range d.Items {
			w(`<li>` + esc(it) + `</li>`)
		}
		w(`</ul>`)
	}
	if d.ButtonURL != "" {
		w(`<p style="margin:22px 0 8px;"><a href="` + esc(d.ButtonURL) + `" style="display:inline-block;background:` + d.Accent +
			`;color:#ffffff;text-decoration:none;padding:12px 22px;border-radius:6px;font-weight:600;font-size:15px;">` + esc(d.Button) + `</a></p>`)
	}
	w(`</td></tr><tr><td style="padding:18px 28px;border-top:1px solid #eee;font-size:12px;color:#888;line-height:1.5;">`)
	w(esc(d.ShopName))
	if d.StoreURL != "" {
		w(` · <a href="` + esc(d.StoreURL) + `" style="color:#888;">` + esc(d.StoreURL) + `</a>`)
	}
	w(`<br>Reply to this email to reach us.`)
	if d.Unsubscribe != "" {
		w(` <a href="` + esc(d.Unsubscribe) + `" style="color:#888;">Stop shipping updates</a>.`)
	}
	w(`</td></tr></table></td></tr></table></body></html>`)
	return b.String()
}

// pageHTML renders the unsubscribe page.
func pageHTML(d pageData) string {
	var b strings.Builder
	w := b.WriteString
	w(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>`)
	w(esc(d.Title) + ` · ` + esc(d.ShopName) + `</title><style>`)
	w(`body{margin:0;font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;background:#f4f4f2;color:#222}`)
	w(`header{background:` + d.Primary + `;color:#fff;padding:18px 24px;font-size:20px;font-weight:600}`)
	w(`main{max-width:520px;margin:32px auto;background:#fff;border-radius:8px;padding:28px}h1{font-size:22px;margin:0 0 12px}`)
	w(`button{background:` + d.Accent + `;color:#fff;border:0;border-radius:6px;padding:12px 22px;font-size:15px;font-weight:600;cursor:pointer}`)
	w(`</style></head><body><header>` + esc(d.ShopName) + `</header><main><h1>` + esc(d.Title) + `</h1>`)
	if d.Text != "" {
		w(`<p>` + esc(d.Text) + `</p>`)
	}
	if d.Button != "" {
		w(`<form method="post" action="/unsubscribe"><input type="hidden" name="token" value="` + esc(d.Token) + `"><button type="submit">` + esc(d.Button) + `</button></form>`)
	}
	w(`</main></body></html>`)
	return b.String()
}
