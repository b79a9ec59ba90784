package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

func testDeleteConversation(t *testing.T, s store.Store) {
	c := Conversation("a", "gone")
	c.CustomerEmail = "ada@example.com"
	if err := s.CreateConversation(ctx(), c); err != nil {
		t.Fatal(err)
	}
	c.Messages = 1
	if err := s.SaveTurn(ctx(), c, 0, []conversation.Message{{Seq: 0, Role: conversation.RoleCustomer, Text: "my address is 1 Main St", At: base}}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteConversation(ctx(), "a", "gone"); err != nil {
		t.Fatalf("DeleteConversation: %v", err)
	}
	if _, _, err := s.GetConversation(ctx(), "a", "gone"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted conversation err = %v", err)
	}
	if got, _ := s.ConversationsByEmail(ctx(), "a", "ada@example.com", 10); len(got) != 0 {
		t.Errorf("deleted conversation still listed by email")
	}
	if got, _ := s.ListConversations(ctx(), "a", time.Time{}, 10); len(got) != 0 {
		t.Errorf("deleted conversation still listed")
	}
	if err := s.DeleteConversation(ctx(), "a", "gone"); err != nil {
		t.Errorf("second delete: %v", err)
	}
}

func testEraseShop(t *testing.T, s store.Store) {
	for _, shop := range []string{"gone.myshopify.com", "kept.myshopify.com"} {
		o := Order(shop, "1", "#1001", "ada@example.com", base)
		sh := Shipment(shop, "1", "f1", "T-"+shop, base, order.StatusInTransit)
		sh.NextCheckAt = ptr(base)
		rf := order.Refund{Shop: shop, OrderID: "1", ID: "r1", Amount: 1, CreatedAt: base}
		apply(t, s, store.Change{Shop: shop, EventKey: "e1", Order: &o, Shipments: []order.Shipment{sh}, Refunds: []order.Refund{rf}})
		c := Conversation(shop, "c1")
		c.CustomerEmail = "ada@example.com"
		if err := s.CreateConversation(ctx(), c); err != nil {
			t.Fatal(err)
		}
		if err := s.PutDoc(ctx(), "settings", shop, []byte("{}"), time.Time{}); err != nil {
			t.Fatal(err)
		}
		if err := s.PutDoc(ctx(), "handoffs:"+shop, "h1", []byte("{}"), time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.EraseShop(ctx(), "gone.myshopify.com")
	if err != nil {
		t.Fatalf("EraseShop: %v", err)
	}
	if n < 6 {
		t.Errorf("EraseShop removed %d items, want at least 6", n)
	}
	if _, err := s.GetOrder(ctx(), "gone.myshopify.com", "1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("order survived: %v", err)
	}
	if got, _ := s.ShipmentsByTracking(ctx(), "T-gone.myshopify.com"); len(got) != 0 {
		t.Errorf("shipment survived in the tracking index")
	}
	due, _ := s.DueShipments(ctx(), base.Add(time.Hour), 10)
	for _, d := range due {
		if d.Shop == "gone.myshopify.com" {
			t.Errorf("shipment survived in the due index")
		}
	}
	if got, _ := s.OrdersByEmail(ctx(), "gone.myshopify.com", "ada@example.com", 10); len(got) != 0 {
		t.Errorf("order survived in the email index")
	}
	if _, _, err := s.GetConversation(ctx(), "gone.myshopify.com", "c1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("conversation survived: %v", err)
	}
	if _, err := s.GetDoc(ctx(), "settings", "gone.myshopify.com"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("settings doc survived: %v", err)
	}
	if _, err := s.GetDoc(ctx(), "handoffs:gone.myshopify.com", "h1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("handoff doc survived: %v", err)
	}
	// The other shop keeps everything.
	if _, err := s.GetOrder(ctx(), "kept.myshopify.com", "1"); err != nil {
		t.Errorf("other shop's order: %v", err)
	}
	if _, _, err := s.GetConversation(ctx(), "kept.myshopify.com", "c1"); err != nil {
		t.Errorf("other shop's conversation: %v", err)
	}
	if _, err := s.GetDoc(ctx(), "settings", "kept.myshopify.com"); err != nil {
		t.Errorf("other shop's settings: %v", err)
	}
}
