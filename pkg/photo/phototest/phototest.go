// Package phototest makes small, real images for tests.
package phototest

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
)

func picture() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 8, 6))
	for x := 0; x < 8; x++ {
		for y := 0; y < 6; y++ {
			img.Set(x, y, color.RGBA{uint8(30 * x), uint8(40 * y), 90, 255})
		}
	}
	return img
}

// JPEG is an 8x6 JPEG.
func JPEG() []byte {
	var b bytes.Buffer
	_ = jpeg.Encode(&b, picture(), nil)
	return b.Bytes()
}

// PNG is an 8x6 PNG.
func PNG() []byte {
	var b bytes.Buffer
	_ = png.Encode(&b, picture())
	return b.Bytes()
}

// GIF is an 8x6 GIF.
func GIF() []byte {
	var b bytes.Buffer
	_ = gif.Encode(&b, picture(), nil)
	return b.Bytes()
}

// WebP is the start of a lossy WebP file: the RIFF container and a VP8
// chunk header (enough for a sniffer; no decoder is involved).
func WebP() []byte {
	return append([]byte("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00"), make([]byte, 24)...)
}

// HEIC is the start of an iPhone photo: an ISO BMFF ftyp box with the
// heic major brand and mif1/heic compatible brands.
func HEIC() []byte {
	return append([]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), make([]byte, 32)...)
}
