package web

import (
	"embed"
	"io/fs"
)

//go:embed console
var console embed.FS

// Console is the merchant console's files: the page shell (index.html),
// the sign-in page (login.html), its script and styles, the vendored
// chart library (vendor/), and the CSAT thank-you page (thanks.html).
func Console() fs.FS {
	sub, err := fs.Sub(console, "console")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return sub
}
