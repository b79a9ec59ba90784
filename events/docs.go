package events

import (
	"embed"
	"io/fs"
)

//go:embed docs
var docFiles embed.FS

// Docs is the demo shop's product documentation: care guides, a brewing
// guide and the shipping and returns FAQ, as Markdown, HTML and text files,
// rooted at events/docs. The local runner indexes it at start unless
// DOORSTEP_DOCS names another folder.
func Docs() fs.FS {
	sub, err := fs.Sub(docFiles, "docs")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	return sub
}
