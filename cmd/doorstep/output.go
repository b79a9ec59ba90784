package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/docs"
)

// errOutputExists is an output file that is there already and may not be
// overwritten.
var errOutputExists = errors.New("the file exists")

// checkOutput says, before a run, why its results could not be saved to
// path: a folder by that name, a folder that is missing or not writable,
// or (overwrite false) a file already there. It leaves nothing behind.
func checkOutput(path string, overwrite bool) error {
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return fmt.Errorf("%s is a folder", path)
	case err == nil && !overwrite:
		return errOutputExists
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return err
	}
	// The save writes a new file beside path and renames it over: the
	// folder must take a new file.
	f, err := os.CreateTemp(filepath.Dir(path), ".doorstep-probe-*")
	if err != nil {
		// The probe's own name says nothing: keep the reason.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("cannot write in %s: %w", filepath.Dir(path), err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// writeOutput saves b to path whole or not at all: it writes a new file
// beside it and renames it into place, so a failed save leaves what was
// there. With overwrite false it never replaces a file: when one appeared
// at path during the run, b goes to the first free name path-2, path-3 …
// (before the extension), and the name used is returned.
func writeOutput(path string, b []byte, overwrite bool) (string, error) {
	dir, base := filepath.Split(path)
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return "", err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	_, werr := f.Write(b)
	if err := errors.Join(werr, f.Chmod(0o644), f.Close()); err != nil {
		return "", err
	}
	if overwrite {
		return path, os.Rename(tmp, path)
	}
	ext := filepath.Ext(path)
	stem := strings.TrimSuffix(path, ext)
	for i := 1; i < 1000; i++ {
		name := path
		if i > 1 {
			name = fmt.Sprintf("%s-%d%s", stem, i, ext)
		}
		// A hard link fails on an existing name: no file is replaced.
		err := os.Link(tmp, name)
		if err == nil {
			return name, nil
		}
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		// No hard links on this file system: look, then rename.
		if _, serr := os.Lstat(name); errors.Is(serr, fs.ErrNotExist) {
			return name, os.Rename(tmp, name)
		}
	}
	return "", fmt.Errorf("%s and 998 numbered names beside it exist", path)
}

// readDocsDir is the merchant's documentation folder, refused (naming it)
// when it is missing, not a folder, or holds no document the agent can
// read: a PDF or Word file alone is the same as none.
func readDocsDir(dir string) (fs.FS, error) {
	if err := isDir(dir); err != nil {
		return nil, fmt.Errorf("docs: %w", err)
	}
	fsys := os.DirFS(dir)
	list, err := docs.LoadFS(fsys)
	if err != nil {
		return nil, fmt.Errorf("docs in %s: %w", dir, err)
	}
	for _, d := range list {
		if strings.TrimSpace(d.Body) != "" {
			return fsys, nil
		}
	}
	var skipped []string
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasPrefix(d.Name(), ".") && len(skipped) < 5 {
			skipped = append(skipped, p)
		}
		return nil
	})
	found := "it is empty"
	if len(skipped) > 0 {
		found = "found only " + strings.Join(skipped, ", ")
		if len(list) > 0 {
			found += " (the readable ones are empty)"
		}
	}
	return nil, fmt.Errorf("docs: %s holds no document the agent can read: %s; it reads Markdown (.md, .markdown), HTML (.html, .htm) and text (.txt) files, so convert PDFs and other formats to one of those", dir, found)
}
