package s3blob_test

import (
	"context"
	"errors"
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
