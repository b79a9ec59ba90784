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

// DemoLogo is the local demo shop's logo (SVG), served by the local runner
// at /demo/logo.svg and named in its default settings.
func DemoLogo() []byte {
	b, err := demo.ReadFile("demo/logo.svg")
	if err != nil {
		panic(err) // embedded above
	}
	return b
}
