package dynamo_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/middleware"

	"github.com/doorstep-ai/doorstep/pkg/dynamo"
)

// eraseProbe shapes the erase's requests on moto: Scan pages of 10 items,
// and BatchWriteItem answers that leave every item unprocessed while
// unprocessed > 0 (DynamoDB throttling); it records the operations in order.
type eraseProbe struct {
	unprocessed int
	onThrottle  func()
	ops         []string
}

func (p *eraseProbe) option(o *dynamodb.Options) {
	mw := middleware.InitializeMiddlewareFunc("eraseProbe", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		if si, ok := in.Parameters.(*dynamodb.ScanInput); ok {
			si.Limit = aws.Int32(10)
		}
		p.ops = append(p.ops, middleware.GetOperationName(ctx))
		out, md, err := next.HandleInitialize(ctx, in)
		if bw, ok := in.Parameters.(*dynamodb.BatchWriteItemInput); ok && err == nil && p.unprocessed > 0 {
			p.unprocessed--
			out.Result.(*dynamodb.BatchWriteItemOutput).UnprocessedItems = bw.RequestItems
			if p.onThrottle != nil {
				p.onThrottle()
			}
		}
		return out, md, err
	})
	o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error { return st.Initialize.Add(mw, middleware.After) })
}

func seedShops(t *testing.T, s *dynamo.Store, gone, kept int) {
	t.Helper()
	for i := range gone {
		if err := s.PutDoc(context.Background(), "handoffs:gone.myshopify.com", fmt.Sprintf("h%02d", i), []byte("{}"), time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range kept {
		if err := s.PutDoc(context.Background(), "handoffs:kept.myshopify.com", fmt.Sprintf("h%02d", i), []byte("{}"), time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
}

// shop/redact erases page by page: a Scan page's items are deleted before
// the next page is read, unprocessed deletes are sent again after a pause,
// and the other shop keeps everything.
func TestEraseShopPageByPage(t *testing.T) {
	probe := &eraseProbe{unprocessed: 2}
	client := newClient(t, probe.option)
	s := dynamo.New(client, newTable(t, client))
	seedShops(t, s, 45, 12)
	probe.ops = nil

	n, err := s.EraseShop(t.Context(), "gone.myshopify.com")
	if err != nil {
		t.Fatalf("EraseShop: %v", err)
	}
	if n != 45 {
		t.Errorf("erased %d items, want 45", n)
	}
	scans, firstDelete, lastScan := 0, -1, -1
	for i, op := range probe.ops {
		switch op {
		case "Scan":
			scans, lastScan = scans+1, i
		case "BatchWriteItem":
			if firstDelete < 0 {
				firstDelete = i
			}
		}
	}
	if scans < 5 {
		t.Errorf("%d Scan pages for 57 items, want at least 5: %v", scans, probe.ops)
	}
	if firstDelete < 0 || firstDelete > lastScan {
		t.Errorf("no delete before the last page was read: %v", probe.ops)
	}
	for _, shop := range []struct {
		name string
		want int
	}{{"gone.myshopify.com", 0}, {"kept.myshopify.com", 12}} {
		docs, err := s.ListDocs(t.Context(), "handoffs:"+shop.name, "", "", 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != shop.want {
			t.Errorf("%s keeps %d handoffs, want %d", shop.name, len(docs), shop.want)
		}
	}
}

// When DynamoDB keeps throttling and the request's time runs out, the
// erase stops waiting at once and says so; what it deleted stays deleted,
// and the redelivered webhook erases the rest.
func TestEraseShopStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	probe := &eraseProbe{unprocessed: 1 << 30, onThrottle: cancel}
	client := newClient(t, probe.option)
	s := dynamo.New(client, newTable(t, client))
	seedShops(t, s, 15, 0)
	probe.ops = nil

	_, err := s.EraseShop(ctx, "gone.myshopify.com")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("EraseShop with its context done = %v, want context.Canceled", err)
	}
	probe.unprocessed = 0
	n, err := s.EraseShop(t.Context(), "gone.myshopify.com")
	if err != nil || n == 0 {
		t.Fatalf("redelivered erase = %d, %v; want the rest erased", n, err)
	}
	docs, err := s.ListDocs(t.Context(), "handoffs:gone.myshopify.com", "", "", 100)
	if err != nil || len(docs) != 0 {
		t.Errorf("after the redelivery %d handoffs left (%v), want none", len(docs), err)
	}
}
