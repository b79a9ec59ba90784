package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// zippedSize zips as SAM does: one deflated, executable entry named
// bootstrap, whose size it reports.
func TestZippedSize(t *testing.T) {
	dir := t.TempDir()
	boot := filepath.Join(dir, "bootstrap")
	content := bytes.Repeat([]byte("doorstep "), 100_000)
	if err := os.WriteFile(boot, content, 0o755); err != nil {
		t.Fatal(err)
	}
	zipped, raw, err := zippedSize(boot)
	if err != nil {
		t.Fatal(err)
	}
	if raw != int64(len(content)) {
		t.Errorf("raw size %d, want %d", raw, len(content))
	}
	if zipped <= 0 || zipped >= raw/10 {
		t.Errorf("zipped size %d for %d repetitive bytes, want it deflated", zipped, raw)
	}
	// The same bytes, written to a file, are a zip SAM would have made.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate}
	h.SetMode(0o755)
	w, _ := zw.CreateHeader(h)
	_, _ = w.Write(content)
	_ = zw.Close()
	if int64(buf.Len()) != zipped {
		t.Errorf("zippedSize %d, a written zip is %d bytes", zipped, buf.Len())
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil || len(zr.File) != 1 || zr.File[0].Name != "bootstrap" || zr.File[0].Mode()&0o111 == 0 {
		t.Fatalf("zip: %v, %+v", err, zr)
	}
	rc, _ := zr.File[0].Open()
	got, _ := io.ReadAll(rc)
	if !bytes.Equal(got, content) {
		t.Error("the zip does not hold the bootstrap")
	}
}
