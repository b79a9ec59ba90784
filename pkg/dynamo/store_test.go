package dynamo_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/motoserver"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/store/storetest"
)

func TestMain(m *testing.M) { motoserver.MainWith(m, serialMoto) }

// serialMoto launches moto_server through testdata/serial_moto_server.py,
// which handles one request at a time: moto's TransactWriteItems is not safe
// on moto_server's concurrent threads (a cancelled transaction rolls the
// whole table back to a copy taken when it began, losing other requests'
// committed writes). The script says more. The interpreter is the one that
// runs moto_server, read from its #! line, else python3.
func serialMoto(host string, port int) (string, []string) {
	script, err := filepath.Abs(filepath.Join("testdata", "serial_moto_server.py"))
	if err != nil {
		script = filepath.Join("testdata", "serial_moto_server.py")
	}
	interp := motoPython()
	return interp[0], append(interp[1:], script, "-H", host, "-p", strconv.Itoa(port))
}

// motoPython is the command line of the Python that runs moto_server.
func motoPython() []string {
	fallback := []string{"python3"}
	path, err := exec.LookPath("moto_server")
	if err != nil {
		return fallback
	}
	f, err := os.Open(path)
	if err != nil {
		return fallback
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	fields := strings.Fields(strings.TrimPrefix(line, "#!"))
	if !strings.HasPrefix(line, "#!") || len(fields) == 0 || !strings.Contains(strings.Join(fields, " "), "python") {
		return fallback
	}
	return fields
}

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
	rt := order.Return{Shop: "a", OrderID: "1", ID: "rt1", Status: "requested", CreatedAt: now}
	if _, err := s.Apply(ctx, store.Change{Shop: "a", EventKey: "e", Order: &o, Shipments: []order.Shipment{sh},
		Refunds: []order.Refund{rf}, Returns: []order.Return{rt}}); err != nil {
		t.Fatalf("Apply: %v", err)
	}

	n.Store(0)
	got, err := s.GetOrder(ctx, "a", "1")
	if err != nil {
		t.Fatalf("GetOrder: %v", err)
	}
	if len(got.Shipments) != 1 || len(got.Refunds) != 1 || len(got.Returns) != 1 {
		t.Errorf("GetOrder = %d shipments, %d refunds, %d returns; want 1 each", len(got.Shipments), len(got.Refunds), len(got.Returns))
	}
	if got := n.Load(); got != 1 {
		t.Errorf("GetOrder sent %d requests, want 1", got)
	}
}

func TestConversationRequests(t *testing.T) {
	var n atomic.Int64
	client := newClient(t, dynamo.CountRequests(&n))
	s := dynamo.New(client, newTable(t, client))
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 15, 4, 5, 0, time.UTC)
	c := storetest.Conversation("a", "c1")
	if err := s.CreateConversation(ctx, c); err != nil {
		t.Fatalf("CreateConversation: %v", err)
	}
	c.CustomerEmail, c.Messages = "ada@example.com", 3
	msgs := []conversation.Message{
		{Seq: 0, Role: conversation.RoleCustomer, Text: "where is #1001?", At: now},
		{Seq: 1, Role: conversation.RoleAgent, Text: "On its way.", At: now},
		{Seq: 2, Role: conversation.RoleCustomer, Text: "thanks", At: now},
	}

	n.Store(0)
	if err := s.SaveTurn(ctx, c, 0, msgs); err != nil {
		t.Fatalf("SaveTurn: %v", err)
	}
	if got := n.Load(); got != 1 {
		t.Errorf("SaveTurn sent %d requests, want 1", got)
	}

	n.Store(0)
	got, gotMsgs, err := s.GetConversation(ctx, "a", "c1")
	if err != nil {
		t.Fatalf("GetConversation: %v", err)
	}
	if got.Version != 1 || len(gotMsgs) != 3 {
		t.Errorf("GetConversation = version %d, %d messages; want 1, 3", got.Version, len(gotMsgs))
	}
	if got := n.Load(); got != 1 {
		t.Errorf("GetConversation sent %d requests, want 1", got)
	}

	n.Store(0)
	if err := s.SaveTurn(ctx, c, 0, nil); !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale SaveTurn err = %v, want ErrConflict", err)
	}
	if got := n.Load(); got != 1 {
		t.Errorf("stale SaveTurn sent %d requests, want 1", got)
	}

	n.Store(0)
	if list, err := s.ConversationsByEmail(ctx, "a", "ada@example.com", 5); err != nil || len(list) != 1 || list[0].Version != 1 {
		t.Errorf("ConversationsByEmail = %+v, %v; want the conversation at version 1", list, err)
	}
	if got := n.Load(); got != 1 {
		t.Errorf("ConversationsByEmail sent %d requests, want 1", got)
	}

	n.Store(0)
	if list, err := s.ListConversations(ctx, "a", time.Time{}, 5); err != nil || len(list) != 1 || list[0].Version != 1 {
		t.Errorf("ListConversations = %+v, %v; want the conversation at version 1", list, err)
	}
	if got := n.Load(); got != 1 {
		t.Errorf("ListConversations sent %d requests, want 1", got)
	}
}

func TestSaveTurnRejectsTooManyMessages(t *testing.T) {
	client := newClient(t)
	s := dynamo.New(client, "unused")
	msgs := make([]conversation.Message, 100)
	for i := range msgs {
		msgs[i].Seq = i
	}
	err := s.SaveTurn(context.Background(), storetest.Conversation("a", "c1"), 0, msgs)
	if err == nil || errors.Is(err, store.ErrConflict) {
		t.Errorf("SaveTurn of 100 messages err = %v, want a plain error (101 items exceed a transaction)", err)
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
