package docs

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// S3API is the part of the S3 client the documentation needs.
type S3API interface {
	ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, opts ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	HeadObject(ctx context.Context, in *s3.HeadObjectInput, opts ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
	PutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.Options)) (*s3.PutObjectOutput, error)
}

// fingerprintMeta is the index object's metadata naming the documents it
// was built from.
const fingerprintMeta = "doorstep-fingerprint"

// S3Source is the merchant's documentation in AWS: Markdown, HTML and text
// files under a prefix, and their index stored beside them as one object.
//
// The index is built when the documents change (Rebuild, run by the S3
// event notification on the prefix, or by hand) and read once per Lambda
// init (Open: one GetObject when the stored index is current).
type S3Source struct {
	Client S3API
	Bucket string
	// Prefix holds the documents, e.g. "docs/". Keys under a folder whose
	// name starts with a dot are not documents.
	Prefix string
	// IndexKey is where the index is stored; default Prefix+".index/docs.gob".
	IndexKey string
}

func (s S3Source) indexKey() string {
	if s.IndexKey != "" {
		return s.IndexKey
	}
	return s.Prefix + ".index/docs.gob"
}

// ErrNoIndex is returned by LoadIndex when no index is stored yet.
var ErrNoIndex = errors.New("no docs index stored")

// docObject is one document's key and version.
type docObject struct {
	key, etag string
	size      int64
}

// list lists the document objects under the prefix, in key order.
func (s S3Source) list(ctx context.Context) ([]docObject, error) {
	var out []docObject
	p := s3.NewListObjectsV2Paginator(s.Client, &s3.ListObjectsV2Input{Bucket: aws.String(s.Bucket), Prefix: aws.String(s.Prefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list docs in s3://%s/%s: %w", s.Bucket, s.Prefix, err)
		}
		for _, o := range page.Contents {
			key := aws.ToString(o.Key)
			rel := strings.TrimPrefix(key, s.Prefix)
			if FormatOf(key) == "" || hidden(rel) {
				continue
			}
			out = append(out, docObject{key: key, etag: aws.ToString(o.ETag), size: aws.ToInt64(o.Size)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out, nil
}

func hidden(rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}

// fingerprint names a set of document versions.
func fingerprint(objs []docObject) string {
	h := sha256.New()
	fmt.Fprintf(h, "v%d\n", formatVersion)
	for _, o := range objs {
		fmt.Fprintf(h, "%s\x00%s\x00%d\n", o.key, o.etag, o.size)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// LoadDocuments reads every document under the prefix. A document's ID is
// its key without the prefix.
func (s S3Source) LoadDocuments(ctx context.Context) ([]Document, error) {
	objs, err := s.list(ctx)
	if err != nil {
		return nil, err
	}
	docs, _, err := s.read(ctx, objs)
	return docs, err
}

func (s S3Source) read(ctx context.Context, objs []docObject) ([]Document, string, error) {
	var out []Document
	for _, o := range objs {
		if o.size > MaxFileBytes {
			return nil, "", fmt.Errorf("doc s3://%s/%s is %d bytes, over the %d limit", s.Bucket, o.key, o.size, MaxFileBytes)
		}
		res, err := s.Client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(o.key)})
		if err != nil {
			return nil, "", fmt.Errorf("read doc s3://%s/%s: %w", s.Bucket, o.key, err)
		}
		body, err := io.ReadAll(io.LimitReader(res.Body, MaxFileBytes+1))
		res.Body.Close()
		if err != nil {
			return nil, "", fmt.Errorf("read doc s3://%s/%s: %w", s.Bucket, o.key, err)
		}
		d, err := NewDocument(path.Clean(strings.TrimPrefix(o.key, s.Prefix)), body)
		if err != nil {
			return nil, "", err
		}
		if res.LastModified != nil {
			d.UpdatedAt = *res.LastModified
		}
		out = append(out, d)
	}
	return out, fingerprint(objs), nil
}

// Rebuild builds the index from the documents under the prefix and stores
// it, unless the stored index was built from exactly these documents. It
// returns the index and whether it built a new one.
func (s S3Source) Rebuild(ctx context.Context) (*Index, bool, error) {
	objs, err := s.list(ctx)
	if err != nil {
		return nil, false, err
	}
	fp := fingerprint(objs)
	head, err := s.Client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(s.indexKey())})
	if err == nil && head.Metadata[fingerprintMeta] == fp {
		if ix, err := s.LoadIndex(ctx); err == nil {
			return ix, false, nil
		}
	} else if err != nil && !notFound(err) {
		return nil, false, fmt.Errorf("head docs index: %w", err)
	}
	docs, _, err := s.read(ctx, objs)
	if err != nil {
		return nil, false, err
	}
	ix := Build(docs)
	var buf bytes.Buffer
	if _, err := ix.WriteTo(&buf); err != nil {
		return nil, false, err
	}
	_, err = s.Client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(s.indexKey()),
		Body: bytes.NewReader(buf.Bytes()), ContentType: aws.String("application/octet-stream"),
		Metadata: map[string]string{fingerprintMeta: fp}})
	if err != nil {
		return nil, false, fmt.Errorf("store docs index s3://%s/%s: %w", s.Bucket, s.indexKey(), err)
	}
	return ix, true, nil
}

// LoadIndex reads the stored index: ErrNoIndex when there is none,
// ErrStale when another version of doorstep wrote it.
func (s S3Source) LoadIndex(ctx context.Context) (*Index, error) {
	res, err := s.Client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(s.indexKey())})
	if notFound(err) {
		return nil, ErrNoIndex
	}
	if err != nil {
		return nil, fmt.Errorf("read docs index s3://%s/%s: %w", s.Bucket, s.indexKey(), err)
	}
	defer res.Body.Close()
	return ReadIndex(res.Body)
}

// Open is what a Lambda runs at init: the stored index, or, when there is
// none yet or it is stale, one built from the documents now (and stored).
func (s S3Source) Open(ctx context.Context) (*Index, error) {
	ix, err := s.LoadIndex(ctx)
	if errors.Is(err, ErrNoIndex) || errors.Is(err, ErrStale) {
		ix, _, err = s.Rebuild(ctx)
	}
	return ix, err
}

func notFound(err error) bool {
	var nsk *types.NoSuchKey
	var nf *types.NotFound
	return errors.As(err, &nsk) || errors.As(err, &nf)
}
