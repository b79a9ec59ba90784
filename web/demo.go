package web

import (
	"embed"
	"io/fs"
)

//go:embed demo
var demo embed.FS

// DemoProducts are the local demo shop's product pictures (SVG), served by
// the local runner under /demo/products/.
func DemoProducts() fs.FS {
	sub, err := fs.Sub(demo, "demo/products")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return sub
}
