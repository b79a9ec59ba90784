// Package track holds the tracking page's templates (GET /track), embedded
// in the binaries that serve it; package trackpage renders them.
package track

import "embed"

// Templates are the page's html/template files.
//
//go:embed *.html
var Templates embed.FS
