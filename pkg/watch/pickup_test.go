package watch_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/tracking"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// A label the carrier scans days late (#1002 in the dev shop): the check
// finds it never scanned (a notice, a handoff "hand it over"); the first
// scan, by a tracking provider or by Shopify's fulfillments/update, ends
// that problem: one "on its way now" message in the problem's thread (no
// plain "shipped" mail beside it), the records closed, the handoff
// resolved, the parcel in transit everywhere, and the estimate counted
// from the scan; when the scan moves the window (a late scan: later), the
// mail, the text and the record the chat reads say it changed, with the
// new window and the one given; when it does not, none says so.
func TestFirstScanEndsTheUnscannedLabelProblem(t *testing.T) {
	for _, sc := range []struct{ scan, word string }{{"2026-12-11T16:00:00Z", "same"}, {"2026-12-18T16:00:00Z", "later"}} {
		t.Run(sc.word, func(t *testing.T) { firstScanEnds(t, sc.scan, sc.word) })
	}
}

func firstScanEnds(t *testing.T, scan, word string) {
	label := "2026-12-05T15:00:00Z"
	for _, tt := range []struct {
		name string
		scan func(t *testing.T, e *env, sh order.Shipment)
	}{
		{"tracking provider", func(t *testing.T, e *env, sh order.Shipment) {
			u := tracking.Update{Provider: tracking.AfterShip, EventID: "scan1", TrackingNumber: sh.TrackingNumber, Status: order.StatusInTransit,
				Events: []tracking.Event{{Time: ts(t, scan), Status: order.StatusInTransit, Description: "Accepted at USPS facility", Source: tracking.AfterShip}}}
			if _, err := e.trk.Apply(t.Context(), u); err != nil {
				t.Fatal(err)
			}
		}},
		{"shopify fulfillments/update", func(t *testing.T, e *env, sh order.Shipment) {
			// As intake stores it: the label's created_at kept, shipped at
			// the news of the scan (order.KeepShipDate).
			old := sh
			sh.Status, sh.UpdatedAt, sh.LastEventAt = order.StatusInTransit, ts(t, scan), ts(t, scan)
			at := sh.CreatedAt
			sh.ShippedAt = &at
			sh = order.KeepShipDate(&old, sh)
			c := store.Change{Shop: shop, Shipments: []order.Shipment{sh}}
			if _, err := e.st.Apply(t.Context(), c); err != nil {
				t.Fatal(err)
			}
			e.trk.FromShopify(t.Context(), "fulfillments/update", c)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, policyWith(watch.ActionWait), "")
			texts := &smsRec{}
			e.chk.Notify.SMS = texts
			e.order.CreatedAt = ts(t, "2026-12-04T14:00:00Z")
			e.order.Customer.Phone = "+17205550119"
			lt := ts(t, label)
			next := lt.Add(12 * time.Hour)
			sh := order.Shipment{Shop: shop, OrderID: e.order.ID, ID: "6100000010031", State: "success", Status: order.StatusLabelPrinted,
				Carrier: "USPS", TrackingNumber: "9400111899223100001002", CreatedAt: lt, UpdatedAt: lt.Add(time.Second), LastEventAt: lt,
				NextCheckAt: &next, LineItemIDs: []string{"13900000100301", "13900000100302"}}
			o := e.order
			o.UpdatedAt = o.UpdatedAt.Add(time.Second)
			if _, err := e.st.Apply(t.Context(), store.Change{Shop: shop, Order: &o, Shipments: []order.Shipment{sh}}); err != nil {
				t.Fatal(err)
			}
			// Six days on: never scanned.
			rep := e.run(t, "2026-12-11T15:00:00Z")
			if rep.Problems[watch.KindStalled] != 1 || len(e.box.sent) != 1 {
				t.Fatalf("report %+v, mails %q: want one stalled notice", rep, e.box.subjects(""))
			}
			given := e.problems(t)[0].Given
			if given == nil {
				t.Fatal("the notice's estimate was not recorded as given")
			}
			if !strings.Contains(e.box.sent[0].Text, edd.Range(*given)) {
				t.Errorf("notice does not show the given estimate %s:\n%s", edd.Range(*given), e.box.sent[0].Text)
			}

			e.clk.Set(ts(t, scan).Add(time.Hour))
			texts.sent = nil
			tt.scan(t, e, e.shipment(t))

			// One more mail, in the problem's thread, with the tracking and
			// the estimate from the scan.
			if len(e.box.sent) != 2 {
				t.Fatalf("mails = %q, want the notice and one 'on its way' in its thread", e.box.subjects(""))
			}
			m := e.box.sent[1]
			if m.InReplyTo != "<1@test>" {
				t.Errorf("on-its-way mail In-Reply-To = %q, want the notice's", m.InReplyTo)
			}
			got := e.shipment(t)
			if got.ShippedAt == nil || !got.ShippedAt.Equal(ts(t, scan)) {
				t.Fatalf("ShippedAt = %v, want the scan %s", got.ShippedAt, scan)
			}
			fromScan := e.chk.Rules.At(e.chk.Rules.ForParcel(e.order, &got), e.clk.Now())
			fromLabel := e.chk.Rules.Estimate(edd.Input{ShippedAt: &lt, Carrier: "USPS"})
			if fromScan.Estimate.To == fromLabel.To {
				t.Fatalf("estimate %s counts from the label", edd.Range(fromScan.Estimate))
			}
			moved := fromScan.Estimate.From != given.From || fromScan.Estimate.To != given.To
			if moved != (word != "same") {
				t.Fatalf("estimate from the scan %s, given %s: moved %v, want %v", edd.Range(fromScan.Estimate), edd.Range(*given), moved, word != "same")
			}
			wants := []string{sh.TrackingNumber, fromScan.Value()}
			smsWant := "on its way now with USPS."
			if moved {
				wants = append(wants, "The estimate has changed: counting from that scan, it should reach you "+fromScan.Value()+", "+word+" than the "+edd.Range(*given)+" we gave you before.")
				smsWant = "on its way now with USPS. Estimate changed: now " + fromScan.Value() + " (was " + edd.Range(*given) + ")."
			}
			for _, want := range wants {
				if !strings.Contains(m.Text, want) {
					t.Errorf("on-its-way mail lacks %q:\n%s", want, m.Text)
				}
			}
			if !moved && strings.Contains(m.Text, "changed") {
				t.Errorf("on-its-way mail says the estimate changed, but it did not:\n%s", m.Text)
			}
			// The text says the same window, and whether it changed.
			if len(texts.sent) != 1 || !strings.HasSuffix(texts.sent[0], smsWant) {
				t.Errorf("texts = %q, want one ending %q", texts.sent, smsWant)
			}
			// The problem is over everywhere.
			rs := e.problems(t)
			if len(rs) != 1 || rs[0].Open() {
				t.Fatalf("records = %+v, want the stalled one closed", rs)
			}
			// What the chat knows of it: the same new window, changed.
			if d := rs[0].Detail; !strings.Contains(d, "it's on its way now") || strings.Contains(d, "The estimate has changed") != moved || (moved && !strings.Contains(d, fromScan.Value())) {
				t.Errorf("closed record's detail %q: want the window %s said changed: %v", d, fromScan.Value(), moved)
			}
			if p := watch.ProblemsByShipment(rs); len(p) != 0 {
				t.Errorf("open problems = %v", p)
			}
			stored, err := e.st.GetOrder(t.Context(), shop, e.order.ID)
			if err != nil {
				t.Fatal(err)
			}
			if j, _ := watch.Journey(t.Context(), e.st, stored, e.clk.Now(), nil, 0); j.Parcels[0].Stage != order.StageInTransit || j.Parcels[0].Problem != "" {
				t.Errorf("parcel = %s, problem %q; want in transit, none", j.Parcels[0].Stage, j.Parcels[0].Problem)
			}
			hs := e.handoffs(t)
			if len(hs) != 1 {
				t.Fatalf("handoffs = %d, want 1", len(hs))
			}
			var h escalation.Handoff
			if err := json.Unmarshal(hs[0].Value, &h); err != nil {
				t.Fatal(err)
			}
			if h.Status != escalation.StatusResolved || !strings.Contains(h.Note, "scanned the parcel") {
				t.Errorf("handoff %s, note %q: want resolved with the scan", h.Status, h.Note)
			}
			// Nothing more on later runs or a repeated scan.
			tt.scan(t, e, e.shipment(t))
			e.run(t, ts(t, scan).Add(23*time.Hour).Format(time.RFC3339))
			if len(e.box.sent) != 2 {
				t.Errorf("mails = %q after the scan, want none more", e.box.subjects(""))
			}
		})
	}
}

// smsRec records the texts a notifier sends.
type smsRec struct{ sent []string }

func (r *smsRec) SendSMS(_ context.Context, _, text string) error {
	r.sent = append(r.sent, text)
	return nil
}
