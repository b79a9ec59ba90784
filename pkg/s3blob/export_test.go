package s3blob

// SetPage sets DeletePrefix's page size, so a test pages with few objects.
func SetPage(b *Bucket, n int32) { b.page = n }
