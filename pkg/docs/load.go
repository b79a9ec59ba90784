package docs

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"
)

// MaxFileBytes is the largest documentation file read; larger ones are
// skipped with an error naming them.
const MaxFileBytes = 4 << 20

// LoadFS reads every Markdown (.md, .markdown), HTML (.html, .htm) and text
// (.txt) file under fsys, skipping hidden files and folders. A document's
// ID is its path in fsys.
func LoadFS(fsys fs.FS) ([]Document, error) {
	var out []Document
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("read docs folder: %w", err)
		}
		name := d.Name()
		if p != "." && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		f := FormatOf(name)
		if f == "" {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return fmt.Errorf("read doc %s: %w", p, err)
		}
		if info.Size() > MaxFileBytes {
			return fmt.Errorf("doc %s is %d bytes, over the %d limit", p, info.Size(), MaxFileBytes)
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("read doc %s: %w", p, err)
		}
		doc, err := NewDocument(p, body)
		if err != nil {
			return err
		}
		doc.UpdatedAt = info.ModTime()
		out = append(out, doc)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// NewDocument makes a document from a file's name and bytes; its title and
// product come from the file itself (front matter, <title>, first heading).
func NewDocument(name string, body []byte) (Document, error) {
	f := FormatOf(name)
	if f == "" {
		return Document{}, fmt.Errorf("doc %s: not a Markdown, HTML or text file", name)
	}
	if !utf8.Valid(body) {
		return Document{}, fmt.Errorf("doc %s: not UTF-8 text", name)
	}
	d := Document{ID: path.Clean(strings.ReplaceAll(name, "\\", "/")), Format: f, Body: string(body)}
	d.Title, d.Product = meta(d)
	return d, nil
}
