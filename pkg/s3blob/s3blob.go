// Package s3blob keeps blobs (raw inbound mail, customers' attachments) in
// an S3 bucket.
package s3blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/doorstep-ai/doorstep/pkg/mailin"
	"github.com/doorstep-ai/doorstep/pkg/photo"
)

// MaxGet bounds the bytes Get reads: SES accepts messages up to 40 MB.
const MaxGet = 48 << 20

// ErrNotFound is returned by Get for a missing key.
var ErrNotFound = errors.New("blob not found")

// Bucket is one S3 bucket.
type Bucket struct {
	client *s3.Client
	bucket string
	page   int32 // DeletePrefix's page size; 0 is S3's (1000)
}

var (
	_ photo.Blobs    = (*Bucket)(nil)
	_ photo.Getter   = (*Bucket)(nil)
	_ photo.Deleter  = (*Bucket)(nil)
	_ photo.Pruner   = (*Bucket)(nil)
	_ mailin.RawMail = (*Bucket)(nil)
)

// New returns the bucket named bucket.
func New(client *s3.Client, bucket string) *Bucket { return &Bucket{client: client, bucket: bucket} }

// Put writes data under key and returns its reference, s3://bucket/key.
func (b *Bucket) Put(ctx context.Context, key string, data []byte, contentType string) (string, error) {
	in := &s3.PutObjectInput{Bucket: aws.String(b.bucket), Key: aws.String(key), Body: bytes.NewReader(data),
		ContentLength: aws.Int64(int64(len(data)))}
	if contentType != "" {
		in.ContentType = aws.String(contentType)
	}
	if _, err := b.client.PutObject(ctx, in); err != nil {
		return "", fmt.Errorf("s3 put %s: %w", key, err)
	}
	return "s3://" + b.bucket + "/" + key, nil
}

// Get reads the object at key, at most MaxGet bytes.
func (b *Bucket) Get(ctx context.Context, key string) ([]byte, error) {
	out, err := b.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(b.bucket), Key: aws.String(key)})
	var nsk *types.NoSuchKey
	if errors.As(err, &nsk) {
		return nil, fmt.Errorf("s3 get %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("s3 get %s: %w", key, err)
	}
	defer out.Body.Close()
	data, err := io.ReadAll(io.LimitReader(out.Body, MaxGet+1))
	if err != nil {
		return nil, fmt.Errorf("s3 read %s: %w", key, err)
	}
	if len(data) > MaxGet {
		return nil, fmt.Errorf("s3 get %s: larger than %d bytes", key, MaxGet)
	}
	return data, nil
}

// Delete removes the object at key (S3 answers a missing key with success).
func (b *Bucket) Delete(ctx context.Context, key string) error {
	if _, err := b.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(b.bucket), Key: aws.String(key)}); err != nil {
		return fmt.Errorf("s3 delete %s: %w", key, err)
	}
	return nil
}

// DeletePrefix deletes every object whose key starts with prefix, a page
// of ListObjectsV2 at a time. It returns how many it deleted.
func (b *Bucket) DeletePrefix(ctx context.Context, prefix string) (int, error) {
	n := 0
	var token *string
	for {
		in := &s3.ListObjectsV2Input{Bucket: aws.String(b.bucket), Prefix: aws.String(prefix), ContinuationToken: token}
		if b.page > 0 {
			in.MaxKeys = aws.Int32(b.page)
		}
		page, err := b.client.ListObjectsV2(ctx, in)
		if err != nil {
			return n, fmt.Errorf("s3 list %s: %w", prefix, err)
		}
		// One DeleteObject a key: moto (the stack test) refuses the keys
		// of a DeleteObjects call that the role's s3:DeleteObject allows
		// (its per-key check reads the bucket's policy), and AWS authorises
		// DeleteObjects as s3:DeleteObject on each key anyway.
		for _, o := range page.Contents {
			if err := b.Delete(ctx, aws.ToString(o.Key)); err != nil {
				return n, err
			}
			n++
		}
		if !aws.ToBool(page.IsTruncated) {
			return n, nil
		}
		token = page.NextContinuationToken
	}
}
