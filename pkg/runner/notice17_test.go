package runner_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/outbox"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// On a moved clock: #1010's unshipped-items notice lists the skillet only
// (the throw shipped); then #1002's never-scanned label gets its first
// scan, and the "on its way now" mail says the window changed, naming the
// window that the chat and the tracking page give for the same parcel.
func TestOneWindowAfterTheFirstScan(t *testing.T) {
	r, srv := truthRunner(t)
	rules := shopRules(t)
	for range 4 {
		advance(t, srv, "72h")
	}
	var unshipped []outbox.Entry
	for _, m := range about(outboxTo(t, srv, "marcus.johnson@example.com"), "#1010") {
		if strings.Contains(m.Text, "haven't shipped") {
			unshipped = append(unshipped, m)
		}
	}
	if len(unshipped) == 0 {
		t.Fatal("no unshipped-items notice for #1010")
	}
	for _, m := range unshipped {
		wantIn(t, m.Text, "We haven't shipped Cast-Iron Skillet (10 inch) from your order #1010", "Not shipped yet:\n- Cast-Iron Skillet (10 inch)\n\n")
		wantNotIn(t, m.Text, "Linen Throw", "In this parcel")
	}

	o, err := r.Store.GetOrderByName(t.Context(), demoShop, "#1002")
	if err != nil {
		t.Fatal(err)
	}
	sh := o.Shipments[0]
	now := r.Clock.Now()
	body, _ := json.Marshal(map[string]any{"id": 6100000010021, "order_id": 5500000001002, "status": "success",
		"shipment_status": "in_transit", "tracking_company": sh.Carrier, "tracking_number": sh.TrackingNumber,
		"created_at": sh.CreatedAt.Format(time.RFC3339), "updated_at": now.Format(time.RFC3339),
		"line_items": []map[string]any{{"id": 13900000100201, "quantity": 1}}})
	if code := sendWebhook(t, srv.URL, "fulfillments/update", body, "s"); code != 200 {
		t.Fatalf("fulfillments/update: %d", code)
	}
	o, err = r.Store.GetOrderByName(t.Context(), demoShop, "#1002")
	if err != nil {
		t.Fatal(err)
	}
	ol := rules.At(rules.ForParcel(o, &o.Shipments[0]), r.Clock.Now())
	var onItsWay []outbox.Entry
	for _, m := range about(outboxTo(t, srv, "priya.natarajan@example.com"), "#1002") {
		if strings.Contains(m.Text, "on its way now") {
			onItsWay = append(onItsWay, m)
		}
	}
	if len(onItsWay) != 1 {
		t.Fatalf("'on its way now' mails for #1002: %d, want 1", len(onItsWay))
	}
	// Whether the window moved depends on the weekday the test runs: the
	// mail and the chat say it changed exactly when it did.
	recs, err := watch.OrderProblems(t.Context(), r.Store, demoShop, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	var given *edd.Estimate
	for _, rec := range recs {
		if rec.Given != nil {
			given = rec.Given
		}
	}
	if given == nil {
		t.Fatal("#1002's problem kept no given estimate")
	}
	moved := given.From != ol.Estimate.From || given.To != ol.Estimate.To
	t.Logf("given %s, from the scan %s (moved %v)", edd.Range(*given), ol.Value(), moved)
	wantIn(t, onItsWay[0].Text, "Estimated delivery: "+ol.Value())
	c, _ := startChat(t, srv, map[string]string{"email": "priya.natarajan@example.com", "order_number": "#1002"})
	reply, _ := c.say("where is my order #1002?")
	wantIn(t, reply, ol.Value())
	if moved {
		changed := "The estimate has changed: counting from that scan, it should reach you " + ol.Value()
		wantIn(t, onItsWay[0].Text, changed, edd.Range(*given)+" we gave you before")
		wantIn(t, reply, changed)
	} else {
		wantNotIn(t, onItsWay[0].Text, "has changed")
		wantNotIn(t, reply, "has changed")
	}
	page := pageText(t, srv.URL+r.Delivery.Notify.TrackURL(demoShop, o.ID)[len(r.Delivery.Notify.BaseURL):])
	wantIn(t, strings.ReplaceAll(page, "&ndash;", "–"), ol.Value())
}
