// Package web holds doorstep's pages and scripts, embedded in the binaries:
// the storefront chat widget and the local demo storefront.
package web

import (
	"embed"
	"io/fs"
)

//go:embed static
var static embed.FS

// Static is the files served as they are: widget.js, demo.html.
func Static() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return sub
}
