package docs

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/motoserver"
)

// countingS3 counts the S3 calls a Lambda init makes.
type countingS3 struct {
	S3API
	gets, lists, heads, puts int
}

func (c *countingS3) GetObject(ctx context.Context, in *s3.GetObjectInput, o ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	c.gets++
	return c.S3API.GetObject(ctx, in, o...)
}

func (c *countingS3) ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, o ...func(*s3.Options)) (*s3.ListObjectsV2Output, error) {
	c.lists++
	return c.S3API.ListObjectsV2(ctx, in, o...)
}

func (c *countingS3) HeadObject(ctx context.Context, in *s3.HeadObjectInput, o ...func(*s3.Options)) (*s3.HeadObjectOutput, error) {
	c.heads++
	return c.S3API.HeadObject(ctx, in, o...)
}

func (c *countingS3) PutObject(ctx context.Context, in *s3.PutObjectInput, o ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	c.puts++
	return c.S3API.PutObject(ctx, in, o...)
}

// The documentation in S3 (moto): the first init builds and stores the
// index; later inits read it with one GET; a changed document rebuilds it.
func TestS3Source(t *testing.T) {
	endpoint := motoserver.Start(t)
	ctx := t.Context()
	client := s3.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")},
		func(o *s3.Options) { o.BaseEndpoint, o.UsePathStyle = aws.String(endpoint), true })
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("merchant")}); err != nil {
		t.Fatal(err)
	}
	put := func(key, body string) {
		t.Helper()
		if _, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("merchant"), Key: aws.String(key), Body: strings.NewReader(body)}); err != nil {
			t.Fatal(err)
		}
	}
	err := fs.WalkDir(events.Docs(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(events.Docs(), p)
		put("docs/"+p, string(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	put("docs/logo.png", "\x89PNG")
	put("other/ignored.md", "# Not docs")

	c := &countingS3{S3API: client}
	src := S3Source{Client: c, Bucket: "merchant", Prefix: "docs/"}
	if _, err := src.LoadIndex(ctx); !errors.Is(err, ErrNoIndex) {
		t.Fatalf("LoadIndex before a build: %v", err)
	}
	ix, err := src.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if hits := ix.Search("how do I set up the pour-over coffee kit", 3); len(hits) == 0 || hits[0].Section != "Setting up your kit" {
		t.Errorf("search: %+v", hits)
	}
	if c.puts != 1 {
		t.Errorf("%d index writes", c.puts)
	}

	// A cold start: one GET.
	c2 := &countingS3{S3API: client}
	again, err := S3Source{Client: c2, Bucket: "merchant", Prefix: "docs/"}.Open(ctx)
	if err != nil || again.Len() != ix.Len() {
		t.Fatalf("Open = %v, %v", again, err)
	}
	if c2.gets != 1 || c2.lists+c2.heads+c2.puts != 0 {
		t.Errorf("cold start made %d gets, %d lists, %d heads, %d puts; want one get", c2.gets, c2.lists, c2.heads, c2.puts)
	}

	// Nothing changed: Rebuild keeps the stored index.
	if _, built, err := src.Rebuild(ctx); err != nil || built {
		t.Errorf("Rebuild with no change: built %v, %v", built, err)
	}
	// A new document: Rebuild stores a new index, which answers from it.
	put("docs/faq/gift-cards.md", "# Gift cards\n\n## Expiry\n\nOur gift cards never expire.")
	if _, built, err := src.Rebuild(ctx); err != nil || !built {
		t.Fatalf("Rebuild after a change: built %v, %v", built, err)
	}
	fresh, err := src.LoadIndex(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if hits := fresh.Search("do gift cards expire?", 3); len(hits) == 0 || hits[0].DocID != "faq/gift-cards.md" {
		t.Errorf("new document: %+v", hits)
	}
	for _, p := range fresh.Passages() {
		if strings.HasPrefix(p.DocID, "docs/") || p.DocID == "logo.png" || strings.Contains(p.Text, "Not docs") {
			t.Errorf("passage from %s", p.DocID)
		}
	}
	// A stored index from another version is rebuilt, not read.
	var old bytes.Buffer
	_ = gobEncode(&old, indexFile{Version: formatVersion - 1})
	put("docs/.index/docs.gob", old.String())
	if ix, err := src.Open(ctx); err != nil || ix.Len() == 0 {
		t.Errorf("Open over a stale index: %v, %v", ix, err)
	}
}
