package watch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// UnshippedCollection holds the orders with items not shipped yet that the
// check watches (id "<shop>|<order>"): their estimate is from the order
// date, and no shipment brings them to the due index.
const UnshippedCollection = "unshipped"

// unshippedWatch is one order watched for its unshipped items.
type unshippedWatch struct {
	Shop    string `json:"shop"`
	OrderID string `json:"order_id"`
	// Told is the last estimate step (edd.Outlook.Step) the customer was
	// told of; Done is set once nothing is left unshipped.
	Told int  `json:"told"`
	Done bool `json:"done,omitempty"`
}

// OrderApplied starts watching a stored order's unshipped items (the
// intake's Applied hook): an order not fully shipped is checked on every
// run until it is. A failed write is returned for the event to be retried.
func (c *Checker) OrderApplied(ctx context.Context, _ string, ch store.Change) error {
	o := ch.Order
	if o == nil || o.ID == "" || o.CancelledAt != nil || o.FulfillmentStatus == "fulfilled" {
		return nil
	}
	w := unshippedWatch{Shop: ch.Shop, OrderID: o.ID}
	b, err := json.Marshal(w)
	if err == nil {
		err = c.Store.CreateDoc(ctx, UnshippedCollection, w.Shop+"|"+w.OrderID, b, time.Time{})
	}
	if err != nil && !errors.Is(err, store.ErrConflict) {
		return fmt.Errorf("watch unshipped items of order %s: %w", o.ID, err)
	}
	return nil
}

// checkUnshipped tells the customer, once per new window, when items not
// shipped yet can no longer arrive by the window they were given
// (edd.Rules.At steps to a new one): one thread per order's unshipped
// items, the first notice then one message for each later window. An order
// shipped in full, cancelled or refunded is no longer watched.
func (c *Checker) checkUnshipped(ctx context.Context, now time.Time, rep *Report) error {
	after := ""
	for {
		docs, err := c.Store.ListDocs(ctx, UnshippedCollection, "", after, 200)
		if err != nil {
			return fmt.Errorf("read unshipped orders: %w", err)
		}
		for _, d := range docs {
			after = d.ID
			var w unshippedWatch
			if err := json.Unmarshal(d.Value, &w); err != nil {
				return fmt.Errorf("decode unshipped %s: %w", d.ID, err)
			}
			if w.Done {
				continue
			}
			if err := c.unshippedOne(ctx, w, now, rep); err != nil {
				rep.Errors++
				c.log().ErrorContext(ctx, "unshipped items check", "shop", w.Shop, "order_id", w.OrderID, "err", err)
			}
		}
		if len(docs) < 200 {
			return nil
		}
	}
}

func (c *Checker) unshippedOne(ctx context.Context, w unshippedWatch, now time.Time, rep *Report) error {
	o, err := c.Store.GetOrder(ctx, w.Shop, w.OrderID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read order: %w", err)
	}
	rep.OrdersRead++
	var items []order.LineItem
	pending := false
	for _, p := range order.ParcelsOf(o, now, c.loc()) {
		if p.Shipment == nil {
			items, pending = p.Items, true
		}
	}
	j := order.Track(o, now, c.loc(), 0, nil)
	if !pending || j.Stage == order.StageCancelled || j.Stage == order.StageReturnedRefunded {
		w.Done = true
		return c.saveUnshipped(ctx, w)
	}
	ol := c.Rules.At(c.Rules.ForParcel(o, nil), now)
	if ol.Step <= w.Told {
		return nil
	}
	shop := c.Notify.Brands.Brand(ctx, o.Shop).Name()
	// The lines and units no fulfilment holds (order.Unfulfilled), not the
	// order's lines: a line partly shipped is named for what is left.
	what := "your order " + o.Name
	whatSMS := "it hasn't shipped yet"
	if shippedSome := len(order.ParcelsOf(o, now, c.loc())) > 1; shippedSome && len(items) > 0 {
		what = strings.Join(notify.ItemNames(items), ", ") + " from your order " + o.Name
		verb := "hasn't"
		if len(items) > 1 || items[0].Quantity > 1 {
			verb = "haven't"
		}
		whatSMS = strings.Join(notify.ItemNames(items), ", ") + " " + verb + " shipped yet"
	}
	nt := notify.Notice{Kind: notify.KindDelayed, Order: o,
		Key:     notify.NoticeKey(o.Shop, o.ID, "", fmt.Sprintf("unshipped-%d", ol.Step)),
		Thread:  notify.ThreadKey(o.Shop, o.ID, ""),
		Subject: fmt.Sprintf("Your order %s is running late", o.Name),
		Heading: "Your order is delayed",
		Paragraphs: []string{notify.Greeting(o),
			fmt.Sprintf("We haven't shipped %s yet, so it can't reach you by %s as we said. We're sorry: we noticed, so you don't have to chase it. Below is when it should reach you now.", what, notify.Day(ol.Promise.To)),
			"If you'd rather not wait, just reply to this email."},
		SMS:        fmt.Sprintf("%s: your order %s is running late: %s. We've emailed you the new estimate.", shop, o.Name, whatSMS),
		Items:      items,
		ItemsLabel: "Not shipped yet",
	}
	if nt.Items == nil {
		// Which units are left is not known: name none rather than
		// the order's lines, some of which shipped.
		nt.Items = []order.LineItem{}
	}
	nt.SetEstimate(ol)
	sent, err := c.Notify.Deliver(ctx, nt)
	if err != nil {
		return err
	}
	if sent {
		rep.Notices++
	}
	w.Told = ol.Step
	return c.saveUnshipped(ctx, w)
}

func (c *Checker) saveUnshipped(ctx context.Context, w unshippedWatch) error {
	b, err := json.Marshal(w)
	if err != nil {
		return fmt.Errorf("encode unshipped: %w", err)
	}
	if err := c.Store.PutDoc(ctx, UnshippedCollection, w.Shop+"|"+w.OrderID, b, time.Time{}); err != nil {
		return fmt.Errorf("save unshipped: %w", err)
	}
	return nil
}
