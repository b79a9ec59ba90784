package dynamo_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/motoserver"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/store/storetest"
)

func TestMain(m *testing.M) { motoserver.Main(m) }

func newClient(t testing.TB, opts ...func(*dynamodb.Options)) *dynamodb.Client {
	t.Helper()
	endpoint := motoserver.Shared(t)
	cfg := aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""),
	}
	opts = append([]func(*dynamodb.Options){func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(endpoint) }}, opts...)
	return dynamodb.NewFromConfig(cfg, opts...)
}

var tables atomic.Int64

// newTable creates a table of its own for t on the shared moto server.
func newTable(t testing.TB, client *dynamodb.Client) string {
	t.Helper()
	name := fmt.Sprintf("doorstep-%d-%s", tables.Add(1), strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()))
	if len(name) > 255 {
		name = name[:255]
	}
	if err := dynamo.CreateTable(context.Background(), client, name); err != nil {
		t.Fatalf("CreateTable: %v", err)
	}
	return name
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		client := newClient(t)
		return dynamo.New(client, newTable(t, client))
	})
}

func TestGetOrderIsOneRequest(t *testing.T) {
	var n atomic.Int64
	client := newClient(t, dynamo.CountRequests(&n))
	s := dynamo.New(client, newTable(t, client))
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 15, 4, 5, 0, time.UTC)
	o := storetest.Order("a", "1", "#1001", "ada@example.com", now)
	sh := storetest.Shipment("a", "1", "f1", "1Z1", now, order.StatusInTransit)
	rf := order.Refund{Shop: "a", OrderID: "1", ID: "r1", Amount: 100, CreatedAt: now}
	if _, err := s.Apply(ctx, store.Change{Shop: "a", EventKey: "e", Order: &o, Shipments: []order.Shipment{sh}, Refunds: []order.Refund{rf}}); err != nil {
		t.Fatalf("Apply: %v", err)
	}

	n.Store(0)
	got, err := s.GetOrder(ctx, "a", "1")
	if err != nil {
		t.Fatalf("GetOrder: %v", err)
	}
	if len(got.Shipments) != 1 || len(got.Refunds) != 1 {
		t.Errorf("GetOrder = %d shipments, %d refunds; want 1, 1", len(got.Shipments), len(got.Refunds))
	}
	if got := n.Load(); got != 1 {
		t.Errorf("GetOrder sent %d requests, want 1", got)
	}
}

func TestSetNextCheckUpdatesOrder(t *testing.T) {
	client := newClient(t)
	s := dynamo.New(client, newTable(t, client))
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 15, 4, 5, 0, time.UTC)
	sh := storetest.Shipment("a", "1", "f1", "1Z1", now, order.StatusInTransit)
	o := storetest.Order("a", "1", "#1001", "ada@example.com", now)
	if _, err := s.Apply(ctx, store.Change{Shop: "a", Order: &o, Shipments: []order.Shipment{sh}}); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	next := now.Add(90 * time.Minute)
	if err := s.SetNextCheck(ctx, "a", "1", "f1", &next); err != nil {
		t.Fatalf("SetNextCheck: %v", err)
	}
	got, err := s.GetOrder(ctx, "a", "1")
	if err != nil {
		t.Fatalf("GetOrder: %v", err)
	}
	if at := got.Shipments[0].NextCheckAt; at == nil || !at.Equal(next) {
		t.Errorf("NextCheckAt = %v, want %v", at, next)
	}
	due, err := s.DueShipments(ctx, next, 10)
	if err != nil || len(due) != 1 || due[0].NextCheckAt == nil {
		t.Errorf("DueShipments = %+v, %v; want the shipment with its next check", due, err)
	}
	if err := s.SetNextCheck(ctx, "a", "1", "f1", nil); err != nil {
		t.Fatalf("SetNextCheck nil: %v", err)
	}
	if got, _ := s.GetOrder(ctx, "a", "1"); got.Shipments[0].NextCheckAt != nil {
		t.Errorf("NextCheckAt = %v after nil, want nil", got.Shipments[0].NextCheckAt)
	}
}

func TestApplyRejectsOtherShop(t *testing.T) {
	client := newClient(t)
	s := dynamo.New(client, "unused")
	o := storetest.Order("b", "1", "#1001", "ada@example.com", time.Now())
	if _, err := s.Apply(context.Background(), store.Change{Shop: "a", Order: &o}); err == nil {
		t.Error("Apply of shop b's order as shop a succeeded, want an error")
	}
}
