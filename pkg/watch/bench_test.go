package watch_test

// The delivery check's reads grow with the shipments due, not with all
// shipments (DESIGN.md §7). BenchmarkDeliveryCheck measures one check over
// a store holding N shipments of which 1% are due, and reports what it
// read:
//
//   - bolt-100000: the embedded store with 100,000 shipments; reads are
//     counted at the store port (shipments received from the due index,
//     orders and documents read).
//   - dynamodb-10000: DynamoDB (moto) with 10,000 shipments, bulk-loaded
//     with BatchWriteItem (loading 100,000 into moto takes minutes); reads
//     are counted on the wire: every request (dynamo.CountRequests) and
//     the items each Query, GetItem and BatchGetItem read (ScannedCount).
//
// Run: go test -run '^$' -bench DeliveryCheck -benchtime 3x ./pkg/watch

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/email"
	"github.com/doorstep-ai/doorstep/pkg/motoserver"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/parcelaudit"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

const benchShop = "bench.myshopify.com"

var benchNow = time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)

// benchData is shipment i of n with its order. Every 100th is due; of the
// due ones a quarter are late (the carrier's estimate passed, a problem to
// handle), a quarter have no carrier estimate (their order is read for
// one), half are on time with an estimate (rescheduled, nothing read).
func benchData(i int) (order.Order, order.Shipment, bool) {
	created := benchNow.Add(-5 * 24 * time.Hour)
	o := order.Order{Shop: benchShop, ID: fmt.Sprint(1_000_000 + i), Name: fmt.Sprintf("#B%d", i),
		Email: fmt.Sprintf("customer%d@example.com", i), Currency: "USD", TotalPrice: 5000, FinancialStatus: "paid",
		CreatedAt: created, UpdatedAt: created,
		ShippingAddress: &order.Address{City: "Denver", Province: "CO", CountryCode: "US"},
		LineItems:       []order.LineItem{{ID: fmt.Sprint("l", i), ProductID: "p1", VariantID: "v1", Title: "Mug", Quantity: 1, Price: 5000}}}
	shipped := benchNow.Add(-2 * 24 * time.Hour)
	last := benchNow.Add(-20 * time.Hour)
	est := benchNow.Add(3 * 24 * time.Hour)
	due := i%100 == 0
	next := benchNow.Add(time.Hour + time.Duration(i%72)*time.Hour)
	if due {
		next = benchNow.Add(-time.Duration(i) * time.Millisecond)
		switch (i / 100) % 4 {
		case 0: // late
			shipped, last, est = benchNow.Add(-9*24*time.Hour), benchNow.Add(-3*24*time.Hour), benchNow.Add(-4*24*time.Hour)
		case 1: // no carrier estimate
			est = time.Time{}
		}
	}
	sh := order.Shipment{Shop: benchShop, OrderID: o.ID, ID: fmt.Sprint("f", i), State: "success", Status: order.StatusInTransit,
		Carrier: "UPS", TrackingNumber: fmt.Sprint("1ZBENCH", i), CreatedAt: shipped, UpdatedAt: last,
		ShippedAt: &shipped, LastEventAt: last, NextCheckAt: &next, LineItemIDs: []string{o.LineItems[0].ID}}
	if !est.IsZero() {
		sh.EstimatedDelivery = &est
	}
	return o, sh, due
}

// reads counts what a check read, whatever the store.
type reads struct {
	mu                         sync.Mutex
	received, index, orders    int64 // shipments from the due index; items of order reads
	docs, requests, otherItems int64
}

func (r *reads) add(f func(*reads)) {
	r.mu.Lock()
	f(r)
	r.mu.Unlock()
}

func (r *reads) total() int64 { return r.index + r.orders + r.docs + r.otherItems }

// countingStore counts reads at the port, for the embedded store.
type countingStore struct {
	*bolt.Store
	r *reads
}

func (c countingStore) DueShipments(ctx context.Context, now time.Time, limit int) ([]order.Shipment, error) {
	out, err := c.Store.DueShipments(ctx, now, limit)
	c.r.add(func(r *reads) { r.received += int64(len(out)); r.index += int64(len(out)); r.requests++ })
	return out, err
}

func (c countingStore) GetOrder(ctx context.Context, shop, id string) (order.Order, error) {
	o, err := c.Store.GetOrder(ctx, shop, id)
	c.r.add(func(r *reads) {
		r.orders += int64(1 + len(o.Shipments) + len(o.Refunds) + len(o.Returns))
		r.requests++
	})
	return o, err
}

func (c countingStore) ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error) {
	out, err := c.Store.ListDocs(ctx, coll, prefix, after, limit)
	c.r.add(func(r *reads) { r.docs += int64(len(out)); r.requests++ })
	return out, err
}

func (c countingStore) GetDoc(ctx context.Context, coll, id string) ([]byte, error) {
	v, err := c.Store.GetDoc(ctx, coll, id)
	c.r.add(func(r *reads) {
		if err == nil {
			r.docs++
		}
		r.requests++
	})
	return v, err
}

// countItems counts, on the wire, the items each read request read.
func countItems(r *reads) func(*dynamodb.Options) {
	mw := middleware.InitializeMiddlewareFunc("benchCountItems",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			out, md, err := next.HandleInitialize(ctx, in)
			if err != nil {
				return out, md, err
			}
			switch o := out.Result.(type) {
			case *dynamodb.QueryOutput:
				q, _ := in.Parameters.(*dynamodb.QueryInput)
				n := int64(o.ScannedCount)
				r.add(func(r *reads) {
					switch {
					case q != nil && aws.ToString(q.IndexName) == "gsi3":
						r.index += n
					case q != nil && q.IndexName == nil && keyHas(q, "#ORDER#"):
						r.orders += n
					case q != nil && q.IndexName == nil:
						r.docs += n
					default:
						r.otherItems += n
					}
				})
			case *dynamodb.GetItemOutput:
				if o.Item != nil {
					r.add(func(r *reads) { r.docs++ })
				}
			case *dynamodb.BatchGetItemOutput:
				for _, items := range o.Responses {
					r.add(func(r *reads) { r.otherItems += int64(len(items)) })
				}
			}
			return out, md, err
		})
	return func(o *dynamodb.Options) {
		o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error { return st.Initialize.Add(mw, middleware.After) })
	}
}

// keyHas reports whether one of a query's string values contains sub.
func keyHas(q *dynamodb.QueryInput, sub string) bool {
	for _, v := range q.ExpressionAttributeValues {
		if sv, ok := v.(*types.AttributeValueMemberS); ok && strings.Contains(sv.Value, sub) {
			return true
		}
	}
	return false
}

// dueWatch records what the check received from the due index, on any
// store.
type dueWatch struct {
	watch.Store
	n *atomic.Int64
}

func (d dueWatch) DueShipments(ctx context.Context, now time.Time, limit int) ([]order.Shipment, error) {
	out, err := d.Store.DueShipments(ctx, now, limit)
	d.n.Add(int64(len(out)))
	return out, err
}

type nullMail struct{ n atomic.Int64 }

func (m *nullMail) Send(context.Context, email.Outgoing) (string, error) {
	m.n.Add(1)
	return "<x@bench>", nil
}

func newBenchChecker(st watch.Store, clk clock.Clock) *watch.Checker {
	rules := edd.DefaultRules(time.UTC)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	n := &notify.Notifier{Store: st, Mail: &nullMail{}, Clock: clk, Rules: &rules, Log: log,
		Brands: notify.StaticBrand{ShopName: "Bench", FromAddress: "b@example.com"}}
	return &watch.Checker{Store: st, Notify: n, Resolver: &resolver{}, Claims: &parcelaudit.Book{Store: st, Clock: clk},
		Policy: watch.DefaultPolicy(), Rules: rules, Clock: clk, Log: log}
}

// rearm puts the due shipments back on the due index between runs.
func rearm(b *testing.B, st watch.Store, n int) {
	b.Helper()
	for i := 0; i < n; i += 100 {
		_, sh, _ := benchData(i)
		if err := st.SetNextCheck(context.Background(), benchShop, sh.OrderID, sh.ID, sh.NextCheckAt); err != nil {
			b.Fatal(err)
		}
	}
}

func report(b *testing.B, r *reads, due int, rep watch.Report, runs int) {
	f := float64(runs)
	b.ReportMetric(float64(due), "due/check")
	b.ReportMetric(float64(r.received)/f, "received/check")
	b.ReportMetric(float64(r.index)/f, "index-items/check")
	b.ReportMetric(float64(r.orders)/f, "order-items/check")
	b.ReportMetric(float64(r.docs)/f, "doc-items/check")
	b.ReportMetric(float64(r.total())/f, "items-read/check")
	b.ReportMetric(float64(r.requests)/f, "requests/check")
	b.Logf("last check: received %d, checked %d, orders read %d, problems %v", rep.Received, rep.Checked, rep.OrdersRead, rep.Problems)
}

func BenchmarkDeliveryCheck(b *testing.B) {
	b.Run("bolt-100000", func(b *testing.B) { benchBolt(b, 100_000) })
	b.Run("dynamodb-10000", func(b *testing.B) { benchDynamo(b, 10_000) })
}

func benchBolt(b *testing.B, n int) {
	st, err := bolt.Open(filepath.Join(b.TempDir(), "db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	st.DB().NoSync = true // loading only; the check runs with the same store
	ctx := context.Background()
	due := 0
	for i := range n {
		o, sh, isDue := benchData(i)
		if isDue {
			due++
		}
		if _, err := st.Apply(ctx, store.Change{Shop: benchShop, Order: &o, Shipments: []order.Shipment{sh}}); err != nil {
			b.Fatal(err)
		}
	}
	r := &reads{}
	cs := countingStore{Store: st, r: r}
	chk := newBenchChecker(cs, clock.NewFixed(benchNow))
	var rep watch.Report
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rep, err = chk.Run(ctx, benchNow); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if rep.Checked != due {
			b.Fatalf("checked %d, want the %d due", rep.Checked, due)
		}
		rearm(b, cs, n)
		b.StartTimer()
	}
	b.StopTimer()
	report(b, r, due, rep, b.N)
}

func benchDynamo(b *testing.B, n int) {
	if _, err := exec.LookPath("moto_server"); err != nil {
		b.Skipf("moto_server not on PATH (%s): skipping the DynamoDB benchmark", motoserver.InstallHint)
	}
	endpoint := motoserver.Start(b)
	r := &reads{}
	var requests atomic.Int64
	var received atomic.Int64
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")}
	client := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(endpoint) },
		dynamo.CountRequests(&requests), countItems(r))
	ctx := context.Background()
	table := "bench-delivery-check"
	if err := dynamo.CreateTable(ctx, client, table); err != nil {
		b.Fatal(err)
	}
	due := bulkLoad(b, client, table, n)
	st := dynamo.New(client, table)
	// The items really are what the adapter reads.
	if o, err := st.GetOrder(ctx, benchShop, "1000000"); err != nil || len(o.Shipments) != 1 || o.Shipments[0].NextCheckAt == nil {
		b.Fatalf("bulk-loaded order reads back as %+v, %v", o, err)
	}
	chk := newBenchChecker(dueWatch{Store: st, n: &received}, clock.NewFixed(benchNow))
	r.index, r.orders, r.docs, r.otherItems = 0, 0, 0, 0
	requests.Store(0)
	received.Store(0)
	var rep watch.Report
	var err error
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rep, err = chk.Run(ctx, benchNow); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if rep.Checked != due {
			b.Fatalf("checked %d, want the %d due", rep.Checked, due)
		}
		before := requests.Load()
		index, orders, docs, other := r.index, r.orders, r.docs, r.otherItems
		rearm(b, st, n)
		// Re-arming is not the check's: take its requests back out.
		requests.Store(before)
		r.index, r.orders, r.docs, r.otherItems = index, orders, docs, other
		b.StartTimer()
	}
	b.StopTimer()
	r.received = received.Load()
	r.requests = requests.Load()
	report(b, r, due, rep, b.N)
}

// bulkLoad writes n orders and their shipments with BatchWriteItem, in the
// dynamo adapter's item layout (pkg/dynamo's package doc), and returns how
// many are due.
func bulkLoad(b *testing.B, client *dynamodb.Client, table string, n int) int {
	b.Helper()
	ctx := context.Background()
	due := 0
	var batch []types.WriteRequest
	flush := func() {
		for len(batch) > 0 {
			out, err := client.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{table: batch}})
			if err != nil {
				b.Fatal(err)
			}
			batch = out.UnprocessedItems[table]
		}
	}
	for i := range n {
		o, sh, isDue := benchData(i)
		if isDue {
			due++
		}
		for _, it := range []map[string]types.AttributeValue{orderItem(b, o), shipmentItem(b, sh)} {
			batch = append(batch, types.WriteRequest{PutRequest: &types.PutRequest{Item: it}})
		}
		if len(batch) >= 24 {
			flush()
		}
	}
	flush()
	return due
}

func jsonDoc(b *testing.B, v any) types.AttributeValue {
	av, err := attributevalue.MarshalWithOptions(v, func(o *attributevalue.EncoderOptions) { o.TagKey = "json" })
	if err != nil {
		b.Fatal(err)
	}
	return av
}

func s(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }

func ns(t time.Time) string { return fmt.Sprintf("%019d", t.UnixNano()) }

func orderItem(b *testing.B, o order.Order) map[string]types.AttributeValue {
	pk := "SHOP#" + o.Shop + "#ORDER#" + o.ID
	return map[string]types.AttributeValue{
		"pk": s(pk), "sk": s("ORDER"),
		"gsi1pk": s("SHOP#" + o.Shop + "#NAME#" + o.Name), "gsi1sk": s("ORDER"),
		"gsi2pk": s("SHOP#" + o.Shop + "#EMAIL#" + order.NormaliseEmail(o.Email)), "gsi2sk": s(ns(o.CreatedAt) + "#" + o.ID),
		"updated_ns": &types.AttributeValueMemberN{Value: fmt.Sprint(o.UpdatedAt.UnixNano())},
		"doc":        jsonDoc(b, o),
	}
}

func shipmentItem(b *testing.B, sh order.Shipment) map[string]types.AttributeValue {
	h := fnv.New32a()
	fmt.Fprintf(h, "%s#%s#%s", sh.Shop, sh.OrderID, sh.ID)
	return map[string]types.AttributeValue{
		"pk": s("SHOP#" + sh.Shop + "#ORDER#" + sh.OrderID), "sk": s("SHIP#" + sh.ID),
		"gsi1pk": s("TRACK#" + sh.TrackingNumber), "gsi1sk": s("SHIP#" + sh.Shop + "#" + sh.OrderID + "#" + sh.ID),
		"gsi3pk": s(fmt.Sprintf("DUE#%d", h.Sum32()%4)), "gsi3sk": s(ns(*sh.NextCheckAt) + "#" + sh.Shop + "#" + sh.OrderID + "#" + sh.ID),
		"updated_ns": &types.AttributeValueMemberN{Value: fmt.Sprint(sh.UpdatedAt.UnixNano())},
		"doc":        jsonDoc(b, sh),
	}
}
