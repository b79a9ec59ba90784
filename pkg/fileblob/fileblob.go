// Package fileblob keeps blobs (customers' attachments) in a folder: the
// local runner's stand-in for S3.
package fileblob

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/photo"
)

// ErrNotFound is returned by Get for a missing key.
var ErrNotFound = errors.New("blob not found")

// Dir is a folder of blobs; a key is a slash-separated path inside it.
type Dir struct {
	root string
}

var (
	_ photo.Blobs   = (*Dir)(nil)
	_ photo.Getter  = (*Dir)(nil)
	_ photo.Deleter = (*Dir)(nil)
	_ photo.Pruner  = (*Dir)(nil)
)

// New returns the folder root (created on first Put).
func New(root string) *Dir { return &Dir{root: root} }

func (d *Dir) path(key string) (string, error) {
	p := filepath.FromSlash(key)
	if key == "" || !filepath.IsLocal(p) {
		return "", fmt.Errorf("blob key %q is not a local path", key)
	}
	return filepath.Join(d.root, p), nil
}

// Put writes data under key and returns its reference, file://<path>.
// The content type is not kept.
func (d *Dir) Put(_ context.Context, key string, data []byte, _ string) (string, error) {
	p, err := d.path(key)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return "", fmt.Errorf("blob put %s: %w", key, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return "", fmt.Errorf("blob put %s: %w", key, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", fmt.Errorf("blob put %s: %w", key, err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("blob put %s: %w", key, err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return "", fmt.Errorf("blob put %s: %w", key, err)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		abs = p
	}
	return "file://" + filepath.ToSlash(abs), nil
}

// Get reads the blob at key.
func (d *Dir) Get(_ context.Context, key string) ([]byte, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("blob get %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("blob get %s: %w", key, err)
	}
	return b, nil
}

// Delete removes the blob at key; a missing one is not an error.
func (d *Dir) Delete(_ context.Context, key string) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("blob delete %s: %w", key, err)
	}
	return nil
}

// DeletePrefix deletes every blob whose key starts with prefix, a folder
// path ending in "/" (keys are paths here); it returns how many.
func (d *Dir) DeletePrefix(_ context.Context, prefix string) (int, error) {
	p, err := d.path(strings.TrimSuffix(prefix, "/"))
	if err != nil {
		return 0, err
	}
	n := 0
	err = filepath.WalkDir(p, func(_ string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("blob delete under %s: %w", prefix, err)
	}
	if err := os.RemoveAll(p); err != nil {
		return 0, fmt.Errorf("blob delete under %s: %w", prefix, err)
	}
	return n, nil
}
