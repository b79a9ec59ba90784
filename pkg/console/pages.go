package console

import (
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/web"
)

var (
	files = web.Console()
	// pages are parsed on first use, not at every function's start.
	pages = sync.OnceValue(func() *template.Template { return template.Must(template.ParseFS(files, "index.html", "login.html")) })
)

// assets are the files GET /console/assets/ serves: scripts, styles and
// the vendored chart library. Pages and templates are not among them.
func isAsset(name string) bool {
	switch path.Ext(name) {
	case ".js", ".css":
	default:
		return false
	}
	return !strings.Contains(name, "..") && (path.Dir(name) == "." || path.Dir(name) == "vendor")
}

type pageData struct {
	Mode, Region, ClientID string
	Next, Error            string
	Shop                   string
}

func (c *Console) pageData() pageData {
	b := c.Auth.Browser()
	return pageData{Mode: b.Mode, Region: b.Region, ClientID: b.ClientID, Shop: c.Shop}
}

// csp is the pages' Content-Security-Policy: scripts and styles from the
// console only; in Cognito mode the browser also talks to the user pool.
func (c *Console) csp() string {
	connect := "'self'"
	if b := c.Auth.Browser(); b.Mode == "cognito" && b.Region != "" {
		connect += " https://cognito-idp." + b.Region + ".amazonaws.com"
	}
	return "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src " +
		connect + "; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
}

func (c *Console) render(w http.ResponseWriter, status int, name string, d pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", c.csp())
	w.WriteHeader(status)
	if err := pages().ExecuteTemplate(w, name, d); err != nil {
		c.log().Error("render console page", "page", name, "err", err)
	}
}

// shell is every page: the script draws the section the path names.
func (c *Console) shell(w http.ResponseWriter, _ *http.Request) {
	c.render(w, http.StatusOK, "index.html", c.pageData())
}

// pageNotFound answers a console path that is no page.
func (c *Console) pageNotFound(w http.ResponseWriter, _ *http.Request) {
	c.render(w, http.StatusNotFound, "index.html", c.pageData())
}

// loginPage is GET /console/login.
func (c *Console) loginPage(w http.ResponseWriter, r *http.Request) {
	d := c.pageData()
	d.Next = safeNext(r.URL.Query().Get("next"))
	if r.URL.Query().Get("error") != "" {
		d.Error = "That password is not right."
	}
	c.render(w, http.StatusOK, "login.html", d)
}

// asset is GET /console/assets/{file...}.
func (c *Console) asset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if !isAsset(name) {
		http.NotFound(w, r)
		return
	}
	if _, err := fs.Stat(files, name); err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeFileFS(w, r, files, name)
}

// loginURL is where a page sends someone to sign in.
func loginURL(next string) string {
	return "/console/login?next=" + url.QueryEscape(safeNext(next))
}
