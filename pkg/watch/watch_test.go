package watch_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/email"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/parcelaudit"
	"github.com/doorstep-ai/doorstep/pkg/resolution"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/tracking"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

const shop = "demo-shop.myshopify.com"

func ts(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v.UTC()
}

// --- fakes ---

type mailbox struct {
	mu    sync.Mutex
	sent  []email.Outgoing
	fails int // the next fails sends fail
}

func (m *mailbox) Send(_ context.Context, o email.Outgoing) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fails > 0 {
		m.fails--
		return "", errors.New("mail relay down")
	}
	m.sent = append(m.sent, o)
	return fmt.Sprintf("<%d@test>", len(m.sent)), nil
}

func (m *mailbox) subjects(to string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, o := range m.sent {
		if to == "" || o.To.Address == to {
			out = append(out, o.Subject)
		}
	}
	return out
}

// resolver is a Resolver that remembers idempotency keys the way the real
// adapters do, and can fail.
type resolver struct {
	mu       sync.Mutex
	keys     map[string]bool
	refunds  []resolution.RefundRequest
	replaces []resolution.ReplaceRequest
	fail     []error // errors for the next calls, in order
}

func (r *resolver) next(key string) error {
	if len(r.fail) > 0 {
		err := r.fail[0]
		r.fail = r.fail[1:]
		return err
	}
	if r.keys == nil {
		r.keys = map[string]bool{}
	}
	if r.keys[key] {
		return resolution.ErrAlreadyDone
	}
	r.keys[key] = true
	return nil
}

func (r *resolver) Refund(_ context.Context, req resolution.RefundRequest) (resolution.RefundResult, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.next(req.IdempotencyKey); err != nil {
		return resolution.RefundResult{}, err
	}
	r.refunds = append(r.refunds, req)
	return resolution.RefundResult{ID: fmt.Sprint("r", len(r.refunds)), Amount: req.Amount}, nil
}

func (r *resolver) Replace(_ context.Context, req resolution.ReplaceRequest) (resolution.ReplaceResult, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.next(req.IdempotencyKey); err != nil {
		return resolution.ReplaceResult{}, err
	}
	r.replaces = append(r.replaces, req)
	return resolution.ReplaceResult{OrderID: "9001", Name: req.OrderName + "-R"}, nil
}

// --- environment ---

type env struct {
	st    *bolt.Store
	clk   *clock.Manual
	box   *mailbox
	res   *resolver
	chk   *watch.Checker
	trk   *tracking.Service
	book  *parcelaudit.Book
	order order.Order
}

const customer = "daniel.reyes@example.com"

// newEnv stores order #1003: a skillet ($52) and a candle ($22) shipped by
// UPS on Wed 2026-11-18 from a New York shop to Denver, last scan that
// day, no carrier estimate. With the default rules (UPS domestic 1-5
// business days) it is due by Wed 2026-11-25; with a day's grace it is late
// from 2026-11-27 05:00 UTC.
func newEnv(t *testing.T, pol watch.Policy, service string) *env {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	e := &env{st: st, clk: clock.NewFixed(ts(t, "2026-11-18T20:00:00Z")), box: &mailbox{}, res: &resolver{}}
	rules := edd.DefaultRules(loc)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	n := &notify.Notifier{Store: st, Mail: e.box, Clock: e.clk, Rules: &rules, Log: log,
		Brands: notify.StaticBrand{ShopName: "Hearth & Harbor", FromAddress: "help@hearth.example"},
		Keys:   signed.NewKeyring([]byte("k")), BaseURL: "https://doorstep.example"}
	e.book = &parcelaudit.Book{Store: st, Clock: e.clk}
	e.chk = &watch.Checker{Store: st, Notify: n, Resolver: e.res, Claims: e.book, Policy: pol, Rules: rules, Clock: e.clk, Log: log}
	e.trk = &tracking.Service{Store: st, Clock: e.clk, Log: log, Updated: func(ctx context.Context, sh order.Shipment) error {
		return errors.Join(n.ShipmentUpdated(ctx, sh), e.chk.ShipmentUpdated(ctx, sh))
	}}

	created := ts(t, "2026-11-16T14:30:47Z")
	e.order = order.Order{Shop: shop, ID: "5500000001003", Name: "#1003", Email: customer, Currency: "USD", TotalPrice: 8847,
		FinancialStatus: "paid", FulfillmentStatus: "fulfilled", CreatedAt: created, UpdatedAt: created,
		Customer:        order.Customer{ID: "7700000000103", FirstName: "Daniel", LastName: "Reyes"},
		ShippingAddress: &order.Address{Name: "Daniel Reyes", Address1: "2931 Gilpin Street", City: "Denver", Province: "CO", CountryCode: "US", Zip: "80205"},
		LineItems: []order.LineItem{
			{ID: "13900000100301", ProductID: "8800000000104", VariantID: "4700000000401", Title: "Cast-Iron Skillet", Quantity: 1, Price: 5200},
			{ID: "13900000100302", ProductID: "8800000000105", VariantID: "4700000000501", Title: "Beeswax Pillar Candle", Quantity: 1, Price: 2200},
		}}
	shipped := ts(t, "2026-11-18T16:15:22Z")
	next := shipped.Add(12 * time.Hour)
	sh := order.Shipment{Shop: shop, OrderID: e.order.ID, ID: "6100000010031", State: "success", Status: order.StatusInTransit,
		Carrier: "UPS", Service: service, TrackingNumber: "1Z9HH4870345612786", CreatedAt: shipped, UpdatedAt: shipped,
		ShippedAt: &shipped, LastEventAt: shipped, NextCheckAt: &next, LineItemIDs: []string{"13900000100301", "13900000100302"}}
	if _, err := st.Apply(t.Context(), store.Change{Shop: shop, Order: &e.order, Shipments: []order.Shipment{sh}}); err != nil {
		t.Fatal(err)
	}
	if err := e.trk.Record(t.Context(), sh, []tracking.Event{
		{Time: shipped, Status: order.StatusInTransit, Location: "Asheville, NC, US", Description: "Pickup Scan", Source: tracking.EasyPost},
	}); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) run(t *testing.T, at string) watch.Report {
	t.Helper()
	e.clk.Set(ts(t, at))
	rep, err := e.chk.Run(t.Context(), e.clk.Now())
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return rep
}

func (e *env) shipment(t *testing.T) order.Shipment {
	t.Helper()
	o, err := e.st.GetOrder(t.Context(), shop, e.order.ID)
	if err != nil {
		t.Fatal(err)
	}
	return o.Shipments[0]
}

// makeDue puts the shipment back on the due index, as a stale index read,
// a second scheduler or a clock that went back would.
func (e *env) makeDue(t *testing.T) {
	t.Helper()
	now := e.clk.Now()
	if err := e.st.SetNextCheck(t.Context(), shop, e.order.ID, "6100000010031", &now); err != nil {
		t.Fatal(err)
	}
}

func (e *env) problems(t *testing.T) []watch.Record {
	t.Helper()
	rs, err := watch.OrderProblems(t.Context(), e.st, shop, e.order.ID)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func (e *env) handoffs(t *testing.T) []store.Doc {
	t.Helper()
	docs, err := e.st.ListDocs(t.Context(), watch.HandoffsCollection, "", "", 100)
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func policyWith(a watch.Action) watch.Policy {
	p := watch.DefaultPolicy()
	p.Resolution = a
	p.Resolutions = nil
	return p
}

// --- tests ---

func TestOnTimeParcelIsRescheduledNotBothered(t *testing.T) {
	e := newEnv(t, watch.DefaultPolicy(), "")
	rep := e.run(t, "2026-11-19T10:00:00Z")
	if rep.Received != 1 || rep.Checked != 1 || rep.Rescheduled != 1 || len(rep.Problems) != 0 {
		t.Errorf("report = %+v", rep)
	}
	sh := e.shipment(t)
	// Next due: when it would go late (2026-11-27 05:00 UTC) or stall
	// (6 days after the scan), whichever is first, but within 72 hours.
	if sh.NextCheckAt == nil || !sh.NextCheckAt.Equal(ts(t, "2026-11-22T10:00:00Z")) {
		t.Errorf("next check = %v", sh.NextCheckAt)
	}
	if len(e.box.sent) != 0 {
		t.Errorf("sent %d mails", len(e.box.sent))
	}
}

// A late parcel gets exactly one notice and one resolution under every
// policy setting, through retries, concurrent runs, failures and duplicate
// tracking events.
func TestLateParcelOneNoticeOneResolutionPerPolicy(t *testing.T) {
	for _, action := range []watch.Action{watch.ActionWait, watch.ActionReplace, watch.ActionRefund, watch.ActionPerson} {
		t.Run(string(action), func(t *testing.T) {
			e := newEnv(t, policyWith(action), "")
			// First run: the resolver (refund, replace) and then the mail
			// relay fail once each; nothing is lost, nothing doubled.
			e.res.fail = []error{errors.New("shopify: http 502")}
			e.box.fails = 1
			rep := e.run(t, "2026-11-28T15:00:00Z")
			if rep.Errors != 1 && (action == watch.ActionRefund || action == watch.ActionReplace) {
				t.Errorf("first run report = %+v, want the resolver's failure counted", rep)
			}
			for i := 0; i < 3; i++ { // retries, the index listing it again
				e.makeDue(t)
				e.run(t, "2026-11-28T17:00:00Z")
			}
			// Two checkers at once.
			e.makeDue(t)
			var wg sync.WaitGroup
			for range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, _ = e.chk.Run(context.Background(), e.clk.Now())
				}()
			}
			wg.Wait()
			// Duplicate and newer tracking events: the parcel moves, is due
			// again, is still late.
			u := tracking.Update{Provider: tracking.AfterShip, EventID: "evt-1", TrackingNumber: "1Z9HH4870345612786", Status: order.StatusInTransit,
				Events: []tracking.Event{{Time: ts(t, "2026-11-28T16:00:00Z"), Status: order.StatusInTransit, Description: "Departed", Source: tracking.AfterShip}}}
			for range 2 {
				if _, err := e.trk.Apply(t.Context(), u); err != nil {
					t.Fatal(err)
				}
			}
			e.makeDue(t)
			e.run(t, "2026-11-29T12:00:00Z")

			if got := e.box.subjects(customer); len(got) != 1 || got[0] != "Your order #1003 is running late" {
				t.Fatalf("customer mail = %q, want exactly one late notice", got)
			}
			m := e.box.sent[0]
			if !strings.Contains(m.Text, "due by Wed, Nov 25") || !strings.Contains(m.Text, "Hi Daniel,") {
				t.Errorf("notice text = %s", m.Text)
			}
			rs := e.problems(t)
			if len(rs) != 1 || rs[0].Kind != watch.KindLate || !rs[0].Done || !rs[0].NoticeSent || rs[0].Action != action {
				t.Fatalf("problems = %+v", rs)
			}
			refunds, replaces, handoffs := len(e.res.refunds), len(e.res.replaces), len(e.handoffs(t))
			want := map[watch.Action][3]int{
				watch.ActionWait: {0, 0, 0}, watch.ActionRefund: {1, 0, 0},
				watch.ActionReplace: {0, 1, 0}, watch.ActionPerson: {0, 0, 1},
			}[action]
			if [3]int{refunds, replaces, handoffs} != want {
				t.Errorf("refunds, replacements, handoffs = %d, %d, %d; want %v", refunds, replaces, handoffs, want)
			}
			switch action {
			case watch.ActionRefund:
				if r := e.res.refunds[0]; r.Amount != 8847 || len(r.Lines) != 2 || !strings.Contains(m.Text, "refunded $88.47") {
					t.Errorf("refund = %+v; text %s", r, m.Text)
				}
				if !strings.Contains(m.Text, "Track your order") || !strings.Contains(m.Text, "Stop shipping updates") || m.Headers["List-Unsubscribe-Post"] == "" {
					t.Errorf("a refund notice carries the opt-out too: %s", m.Text)
				}
			case watch.ActionReplace:
				if r := e.res.replaces[0]; len(r.Lines) != 2 || r.Lines[0].VariantID != "4700000000401" || r.ShippingAddress == nil {
					t.Errorf("replacement = %+v", r)
				}
				if !strings.Contains(m.Text, "replacement at no cost (order #1003-R)") {
					t.Errorf("text = %s", m.Text)
				}
			case watch.ActionWait:
				if !strings.Contains(m.Text, "opened a trace with UPS") {
					t.Errorf("text = %s", m.Text)
				}
			}
			// Still watched for loss, not for lateness.
			if sh := e.shipment(t); sh.NextCheckAt == nil {
				t.Error("a late parcel still on its way is no longer watched")
			}
		})
	}
}

// A lost parcel, past the threshold, gets a replacement or a refund as the
// policy says, once, and a carrier claim with its evidence.
func TestLostParcel(t *testing.T) {
	for _, action := range []watch.Action{watch.ActionReplace, watch.ActionRefund} {
		t.Run(string(action), func(t *testing.T) {
			pol := watch.DefaultPolicy()
			pol.Resolutions[watch.KindLost] = action
			e := newEnv(t, pol, "")
			// Late first (wait: the default), then lost: 12 business days
			// after the last scan (Wed 2026-11-18) is Mon 2026-12-07.
			e.run(t, "2026-11-28T15:00:00Z")
			for _, at := range []string{"2026-12-05T17:00:00Z", "2026-12-07T17:00:00Z", "2026-12-08T17:00:00Z"} {
				e.makeDue(t)
				e.run(t, at)
			}
			// One thread: the lost notice answers the late one, under its
			// subject.
			got := e.box.subjects(customer)
			want := []string{"Your order #1003 is running late", "Your order #1003 is running late"}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("mail = %q, want %q", got, want)
			}
			if lost := e.box.sent[len(e.box.sent)-1]; lost.InReplyTo != "<1@test>" || len(lost.References) != 1 || lost.References[0] != "<1@test>" ||
				!strings.Contains(lost.Text, "treating it as lost") {
				t.Errorf("lost notice: in reply to %q, references %q", lost.InReplyTo, lost.References)
			}
			if action == watch.ActionReplace && (len(e.res.replaces) != 1 || len(e.res.refunds) != 0) {
				t.Errorf("replacements %d, refunds %d; want 1, 0", len(e.res.replaces), len(e.res.refunds))
			}
			if action == watch.ActionRefund && (len(e.res.refunds) != 1 || len(e.res.replaces) != 0 || e.res.refunds[0].Amount != 8847) {
				t.Errorf("refunds %+v, replacements %d; want one of $88.47 (all paid: the parcel is the whole order)", e.res.refunds, len(e.res.replaces))
			}
			if sh := e.shipment(t); sh.NextCheckAt != nil {
				t.Errorf("a lost parcel handled is still scheduled: %v", sh.NextCheckAt)
			}
			claims, err := e.book.All(t.Context(), shop)
			if err != nil || len(claims) != 1 {
				t.Fatalf("claims = %+v, %v", claims, err)
			}
			c := claims[0]
			if c.Reason != parcelaudit.ReasonLost || c.TrackingNumber != "1Z9HH4870345612786" || c.PromisedBy != "2026-11-25" ||
				c.GoodsValue != 7400 || c.OrderTotal != 8847 || len(c.Items) != 2 || len(c.Events) != 1 ||
				c.Events[0].Description != "Pickup Scan" || c.Destination != "Denver, CO, US" || c.ShippedAt == nil {
				t.Errorf("claim = %+v", c)
			}
		})
	}
}

// A refund already made for lateness is not followed by a replacement when
// the parcel is then lost.
func TestNoSecondResolutionForTheSameParcel(t *testing.T) {
	pol := watch.DefaultPolicy()
	pol.Resolution = watch.ActionRefund
	pol.Resolutions = map[watch.Kind]watch.Action{watch.KindLost: watch.ActionReplace}
	e := newEnv(t, pol, "")
	e.run(t, "2026-11-28T15:00:00Z")
	e.makeDue(t)
	e.run(t, "2026-12-08T15:00:00Z")
	if len(e.res.refunds) != 1 || len(e.res.replaces) != 0 {
		t.Errorf("refunds %d, replacements %d", len(e.res.refunds), len(e.res.replaces))
	}
	if got := e.box.subjects(customer); len(got) != 1 {
		t.Errorf("mail = %q, want only the late notice", got)
	}
	claims, _ := e.book.All(t.Context(), shop)
	if len(claims) != 1 || claims[0].Reason != parcelaudit.ReasonLost {
		t.Errorf("claims = %+v, want the lost claim still", claims)
	}
}

func TestRefundAboveLimitGoesToAPerson(t *testing.T) {
	pol := policyWith(watch.ActionRefund)
	pol.MaxAutoRefund = 5000
	e := newEnv(t, pol, "")
	e.run(t, "2026-11-28T15:00:00Z")
	rs := e.problems(t)
	if len(e.res.refunds) != 0 || len(rs) != 1 || rs[0].Action != watch.ActionPerson || len(e.handoffs(t)) != 1 {
		t.Errorf("refunds %d, problems %+v", len(e.res.refunds), rs)
	}
}

func TestShopRefusalGoesToAPerson(t *testing.T) {
	e := newEnv(t, policyWith(watch.ActionReplace), "")
	e.res.fail = []error{fmt.Errorf("orderCreate: %w: variant gone", resolution.ErrRejected)}
	e.run(t, "2026-11-28T15:00:00Z")
	rs := e.problems(t)
	if len(rs) != 1 || rs[0].Action != watch.ActionPerson || len(e.handoffs(t)) != 1 || len(e.box.sent) != 1 {
		t.Errorf("problems %+v, handoffs %d, mail %d", rs, len(e.handoffs(t)), len(e.box.sent))
	}
	if !strings.Contains(e.box.sent[0].Text, "member of our team") {
		t.Errorf("text = %s", e.box.sent[0].Text)
	}
}

// A late parcel on a guaranteed service becomes a carrier claim when it is
// found late, and the claim gets the delivery time when it arrives.
func TestLateGuaranteedServiceClaim(t *testing.T) {
	e := newEnv(t, watch.DefaultPolicy(), "Next Day Air")
	// Guaranteed by Thu 2026-11-19 (shipped Wed); late from Sat 05:00 UTC.
	e.run(t, "2026-11-21T15:00:00Z")
	claims, _ := e.book.All(t.Context(), shop)
	if len(claims) != 1 || claims[0].Reason != parcelaudit.ReasonLateGuaranteed || claims[0].PromisedBy != "2026-11-19" ||
		!claims[0].Guaranteed || claims[0].DeliveredAt != nil {
		t.Fatalf("claims = %+v", claims)
	}
	// Delivered on Mon 2026-11-23.
	u := tracking.Update{Provider: tracking.EasyPost, EventID: "evt-d", TrackingNumber: "1Z9HH4870345612786", Status: order.StatusDelivered,
		Events: []tracking.Event{{Time: ts(t, "2026-11-23T18:00:00Z"), Status: order.StatusDelivered, Description: "Delivered", Source: tracking.EasyPost}}}
	e.clk.Set(ts(t, "2026-11-23T18:05:00Z"))
	if out, err := e.trk.Apply(t.Context(), u); err != nil || out != tracking.OutcomeApplied {
		t.Fatalf("Apply = %s, %v", out, err)
	}
	c, err := e.book.Get(t.Context(), shop, parcelaudit.ID(e.order.ID, "6100000010031", parcelaudit.ReasonLateGuaranteed))
	if err != nil || c.DeliveredAt == nil || !c.DeliveredAt.Equal(ts(t, "2026-11-23T18:00:00Z")) || c.DaysLate != 4 || len(c.Events) != 2 {
		t.Errorf("claim after delivery = %+v, %v", c, err)
	}
	// The delivery is news in the late parcel's thread, not a plain
	// "delivered" mail beside it.
	if got := e.box.subjects(customer); len(got) != 2 || got[1] != "Your order #1003 is running late" ||
		!strings.Contains(e.box.sent[1].Text, "after all") || e.box.sent[1].InReplyTo == "" {
		t.Errorf("mail = %q", got)
	}
}

// Delivered late on a guaranteed service with no check in between: the
// delivery itself opens the claim.
func TestGuaranteedLateDeliveryOpensClaim(t *testing.T) {
	e := newEnv(t, watch.DefaultPolicy(), "2nd Day Air")
	u := tracking.Update{Provider: tracking.AfterShip, EventID: "x", TrackingNumber: "1Z9HH4870345612786", Status: order.StatusDelivered,
		Events: []tracking.Event{{Time: ts(t, "2026-11-24T15:00:00Z"), Status: order.StatusDelivered, Source: tracking.AfterShip}}}
	e.clk.Set(ts(t, "2026-11-24T15:01:00Z"))
	if _, err := e.trk.Apply(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	claims, _ := e.book.All(t.Context(), shop)
	if len(claims) != 1 || claims[0].PromisedBy != "2026-11-20" || claims[0].DaysLate != 4 {
		t.Errorf("claims = %+v", claims)
	}
	// On time: no claim.
	e2 := newEnv(t, watch.DefaultPolicy(), "2nd Day Air")
	u.Events[0].Time = ts(t, "2026-11-20T15:00:00Z")
	e2.clk.Set(ts(t, "2026-11-20T15:01:00Z"))
	if _, err := e2.trk.Apply(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	if claims, _ := e2.book.All(t.Context(), shop); len(claims) != 0 {
		t.Errorf("on-time delivery made claims %+v", claims)
	}
}

func TestCarrierTroubleIsHandled(t *testing.T) {
	tests := []struct {
		status  order.ShipmentStatus
		kind    watch.Kind
		action  watch.Action
		subject string
		cleared bool
	}{
		{order.StatusFailure, watch.KindFailure, watch.ActionWait, "A delivery problem with your order #1003", false},
		{order.StatusReturnedToSender, watch.KindReturned, watch.ActionPerson, "Your order #1003 is on its way back to us", true},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			e := newEnv(t, watch.DefaultPolicy(), "")
			u := tracking.Update{Provider: tracking.AfterShip, EventID: "e", TrackingNumber: "1Z9HH4870345612786", Status: tt.status,
				Events: []tracking.Event{{Time: ts(t, "2026-11-20T15:00:00Z"), Status: tt.status, Source: tracking.AfterShip}}}
			e.clk.Set(ts(t, "2026-11-20T15:05:00Z"))
			if _, err := e.trk.Apply(t.Context(), u); err != nil {
				t.Fatal(err)
			}
			e.run(t, "2026-11-20T15:06:00Z") // due at once
			e.makeDue(t)
			e.run(t, "2026-11-21T15:06:00Z")
			rs := e.problems(t)
			if len(rs) != 1 || rs[0].Kind != tt.kind || rs[0].Action != tt.action {
				t.Fatalf("problems = %+v", rs)
			}
			if got := e.box.subjects(customer); len(got) != 1 || got[0] != tt.subject {
				t.Errorf("mail = %q", got)
			}
			if sh := e.shipment(t); (sh.NextCheckAt == nil) != tt.cleared {
				t.Errorf("next check = %v, cleared want %v", sh.NextCheckAt, tt.cleared)
			}
		})
	}
}

func TestReportProblem(t *testing.T) {
	e := newEnv(t, watch.DefaultPolicy(), "")
	if _, err := e.chk.ReportProblem(t.Context(), shop, e.order.ID, watch.KindNotReceived); !errors.Is(err, resolution.ErrNotDelivered) {
		t.Fatalf("not delivered yet: err = %v", err)
	}
	u := tracking.Update{Provider: tracking.AfterShip, EventID: "d", TrackingNumber: "1Z9HH4870345612786", Status: order.StatusDelivered,
		Events: []tracking.Event{{Time: ts(t, "2026-11-23T18:00:00Z"), Status: order.StatusDelivered, Source: tracking.AfterShip}}}
	e.clk.Set(ts(t, "2026-11-23T18:01:00Z"))
	if _, err := e.trk.Apply(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	e.clk.Set(ts(t, "2026-11-24T09:00:00Z"))
	for range 2 {
		r, err := e.chk.ReportProblem(t.Context(), shop, e.order.ID, watch.KindNotReceived)
		if err != nil || r.Action != watch.ActionPerson || r.HandoffID == "" {
			t.Fatalf("not received = %+v, %v", r, err)
		}
	}
	e.clk.Advance(time.Hour)
	for range 2 {
		r, err := e.chk.ReportProblem(t.Context(), shop, e.order.ID, watch.KindDamaged)
		if err != nil || r.Action != watch.ActionReplace {
			t.Fatalf("damaged = %+v, %v", r, err)
		}
	}
	// Default policy: a person for "not received", a replacement for
	// "damaged"; each once, however often the customer says it.
	if len(e.res.replaces) != 1 || len(e.handoffs(t)) != 1 {
		t.Errorf("replacements %d, handoffs %d", len(e.res.replaces), len(e.handoffs(t)))
	}
	got := e.box.subjects(customer)
	want := []string{"Your order #1003 was delivered", "About your order #1003", "About the damaged item in your order #1003"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("mail = %q, want %q", got, want)
	}
	ex := watch.Explain(e.problems(t))
	if len(ex) != 2 || ex[0]["problem"] != "damaged" || ex[0]["replacement_order"] != "#1003-R" {
		t.Errorf("Explain = %+v", ex)
	}
	if _, err := e.chk.ReportProblem(t.Context(), shop, e.order.ID, watch.KindLate); err == nil {
		t.Error("a customer reported 'late' through ReportProblem")
	}
}

func TestOptedOutCustomerStillHearsOfARefund(t *testing.T) {
	e := newEnv(t, policyWith(watch.ActionWait), "")
	if err := e.chk.Notify.SetOptOut(t.Context(), shop, customer, "test"); err != nil {
		t.Fatal(err)
	}
	e.run(t, "2026-11-28T15:00:00Z")
	if len(e.box.sent) != 0 {
		t.Errorf("opted-out customer got %q", e.box.subjects(""))
	}
	rs := e.problems(t)
	if len(rs) != 1 || !rs[0].NoticeSent {
		t.Errorf("problem = %+v: the opt-out counts as told", rs)
	}

	e2 := newEnv(t, policyWith(watch.ActionRefund), "")
	_ = e2.chk.Notify.SetOptOut(t.Context(), shop, customer, "test")
	e2.run(t, "2026-11-28T15:00:00Z")
	if got := e2.box.subjects(customer); len(got) != 1 {
		t.Errorf("refund notice to an opted-out customer: %q, want it sent", got)
	}
}

func TestDeliveredOrCancelledDueShipmentIsCleared(t *testing.T) {
	e := newEnv(t, watch.DefaultPolicy(), "")
	sh := e.shipment(t)
	sh.State = "cancelled"
	sh.UpdatedAt = sh.UpdatedAt.Add(time.Hour)
	if _, err := e.st.Apply(t.Context(), store.Change{Shop: shop, Shipments: []order.Shipment{sh}}); err != nil {
		t.Fatal(err)
	}
	rep := e.run(t, "2026-11-28T15:00:00Z")
	if rep.Cleared != 1 || len(e.box.sent) != 0 || e.shipment(t).NextCheckAt != nil {
		t.Errorf("report %+v, mail %d", rep, len(e.box.sent))
	}
}

func TestPolicyValidate(t *testing.T) {
	if err := watch.DefaultPolicy().Validate(); err != nil {
		t.Errorf("default policy: %v", err)
	}
	bad := watch.DefaultPolicy()
	bad.LostDays = 3
	bad.Resolution = "shrug"
	bad.Resolutions[watch.Kind("meh")] = watch.ActionWait
	err := bad.Validate()
	for _, want := range []string{"lost_days must be more", `resolution "shrug"`, `resolutions["meh"]`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate = %v, want %q", err, want)
		}
	}
}

// The check reads the due shipments and nothing else from the index, and
// an order only for a due shipment that needs it (no carrier estimate, or
// a problem). BenchmarkDeliveryCheck measures the same at 100,000.
func TestCheckReadsOnlyDueShipments(t *testing.T) {
	st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.DB().NoSync = true
	const n = 5000
	due, late, noEstimate := 0, 0, 0
	for i := range n {
		o, sh, isDue := benchData(i)
		if isDue {
			due++
			switch {
			case sh.EstimatedDelivery == nil:
				noEstimate++
			case sh.EstimatedDelivery.Before(benchNow):
				late++
			}
		}
		if _, err := st.Apply(t.Context(), store.Change{Shop: benchShop, Order: &o, Shipments: []order.Shipment{sh}}); err != nil {
			t.Fatal(err)
		}
	}
	r := &reads{}
	chk := newBenchChecker(countingStore{Store: st, r: r}, clock.NewFixed(benchNow))
	chk.PageSize = 20 // several pages
	rep, err := chk.Run(t.Context(), benchNow)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Checked != due || r.received != int64(due) || rep.OrdersRead != late+noEstimate || rep.Problems[watch.KindLate] != late {
		t.Errorf("report %+v; received %d; want %d checked and received, %d orders read, %d late", rep, r.received, due, late+noEstimate, late)
	}
	// Checked shipments are rescheduled: a second run at the same time
	// finds nothing due.
	rep, _ = chk.Run(t.Context(), benchNow)
	if rep.Received != 0 {
		t.Errorf("second run received %d", rep.Received)
	}
}

func TestForAgent(t *testing.T) {
	e := newEnv(t, watch.DefaultPolicy(), "")
	e.run(t, "2026-11-28T15:00:00Z")
	ps, err := watch.ForAgent{Checker: e.chk}.OrderProblems(t.Context(), shop, e.order.ID)
	if err != nil || len(ps) != 1 || ps[0]["problem"] != "late" || !strings.Contains(ps[0]["what_we_did"].(string), "trace with UPS") {
		t.Errorf("OrderProblems = %v, %v", ps, err)
	}
	if _, err := (watch.ForAgent{Checker: e.chk}).ReportProblem(t.Context(), shop, e.order.ID, "not_received"); !errors.Is(err, resolution.ErrNotDelivered) {
		t.Errorf("ReportProblem before delivery = %v", err)
	}
}
