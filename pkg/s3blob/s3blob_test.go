package s3blob_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/doorstep-ai/doorstep/pkg/motoserver"
	"github.com/doorstep-ai/doorstep/pkg/s3blob"
)

func TestPutGet(t *testing.T) {
	endpoint := motoserver.Start(t)
	ctx := context.Background()
	client := s3.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")},
		func(o *s3.Options) { o.BaseEndpoint = aws.String(endpoint); o.UsePathStyle = true })
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("blobs")}); err != nil {
		t.Fatal(err)
	}
	b := s3blob.New(client, "blobs")
	ref, err := b.Put(ctx, "attachments/x/1-photo.png", []byte("png"), "image/png")
	if err != nil || ref != "s3://blobs/attachments/x/1-photo.png" {
		t.Fatalf("%q %v", ref, err)
	}
	got, err := b.Get(ctx, "attachments/x/1-photo.png")
	if err != nil || string(got) != "png" {
		t.Fatalf("%q %v", got, err)
	}
	if _, err := b.Get(ctx, "inbound/missing"); !errors.Is(err, s3blob.ErrNotFound) {
		t.Fatalf("missing: %v", err)
	}
}

// DeletePrefix deletes the objects under a prefix, in pages (here of 2,
// so 5 objects take three), and nothing else.
func TestDeletePrefix(t *testing.T) {
	endpoint := motoserver.Start(t)
	ctx := context.Background()
	client := s3.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")},
		func(o *s3.Options) { o.BaseEndpoint = aws.String(endpoint); o.UsePathStyle = true })
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("blobs")}); err != nil {
		t.Fatal(err)
	}
	b := s3blob.New(client, "blobs")
	s3blob.SetPage(b, 2)
	const gone = "photos/chat/a.myshopify.com/"
	kept := []string{"photos/chat/a.myshopify.com.evil/c/1.png", "photos/email/b.myshopify.com/c/1.png", "inbound/x"}
	for i := range 5 {
		if _, err := b.Put(ctx, fmt.Sprintf("%sc%d/p.png", gone, i), []byte("x"), ""); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range kept {
		if _, err := b.Put(ctx, k, []byte("x"), ""); err != nil {
			t.Fatal(err)
		}
	}
	n, err := b.DeletePrefix(ctx, gone)
	if err != nil || n != 5 {
		t.Fatalf("DeletePrefix: %d %v, want 5", n, err)
	}
	out, err := client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("blobs")})
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, o := range out.Contents {
		left = append(left, aws.ToString(o.Key))
	}
	slices.Sort(left)
	slices.Sort(kept)
	if !slices.Equal(left, kept) {
		t.Errorf("left %q, want %q", left, kept)
	}
}
