package app_test

import (
	"context"
	"errors"
	"net/mail"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/doorstep-ai/doorstep/pkg/app"
	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/email"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/offline"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/outbox"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// flakyMail fails the sends fail says, in order, then sends.
type flakyMail struct {
	fail []error
	next email.Sender
}

func (f *flakyMail) Send(ctx context.Context, m email.Outgoing) (string, error) {
	if len(f.fail) > 0 {
		err := f.fail[0]
		f.fail = f.fail[1:]
		if err != nil {
			return "", err
		}
	}
	return f.next.Send(ctx, m)
}

// flakyFlows fails the first starts it is told to, and counts the
// starts that succeeded by execution name.
type flakyFlows struct {
	failStarts int
	started    map[string]int
}

func (f *flakyFlows) Start(_ context.Context, m workflow.Machine, name string, _ any) error {
	if f.failStarts > 0 {
		f.failStarts--
		return errors.New("ThrottlingException")
	}
	f.started[string(m)+" "+name]++
	return nil
}
func (f *flakyFlows) SendTaskSuccess(context.Context, string, any) error            { return nil }
func (f *flakyFlows) SendTaskFailure(context.Context, string, string, string) error { return nil }
func (f *flakyFlows) Stop(context.Context, workflow.Machine, string, string) error  { return nil }

// A reaction whose dependency fails returns the failure, so the relay
// keeps the event and retries it; the retry acts exactly once (one
// confirmation, one delivered notice, one outreach execution). A mail the
// mail service rejects for good is not retried.
func TestReactionsRetryTransientFailuresOnce(t *testing.T) {
	at := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	delivered := at.Add(-time.Hour)
	newOrder := func(id string) (order.Order, order.Shipment) {
		o := order.Order{Shop: "s", ID: id, Name: "#" + id, Email: "ann@example.com", Currency: "USD", TotalPrice: 2500,
			FinancialStatus: "paid", CreatedAt: at.Add(-2 * time.Hour), UpdatedAt: at}
		sh := order.Shipment{Shop: "s", OrderID: id, ID: "f" + id, Status: "delivered", Carrier: "UPS", TrackingNumber: "1Z" + id,
			CreatedAt: at.Add(-2 * time.Hour), UpdatedAt: delivered, LastEventAt: delivered, DeliveredAt: &delivered}
		o.Shipments = []order.Shipment{sh}
		return o, sh
	}
	cases := []struct {
		name     string
		mailFail []error
		flowFail int
		// runs is how many drains it takes until nothing is pending.
		runs              int
		wantMail          []string
		wantStarts        int
		wantPendingAfter1 bool
	}{
		{name: "mail down once", mailFail: []error{errors.New("ses: throttled")}, runs: 2,
			wantMail: []string{"Order #1 confirmed", "Your order #1 was delivered"}, wantStarts: 1, wantPendingAfter1: true},
		{name: "workflows down once", flowFail: 1, runs: 2,
			wantMail: []string{"Order #1 confirmed", "Your order #1 was delivered"}, wantStarts: 1, wantPendingAfter1: true},
		{name: "both down twice", mailFail: []error{errors.New("down"), errors.New("down")}, flowFail: 2, runs: 3,
			wantMail: []string{"Order #1 confirmed", "Your order #1 was delivered"}, wantStarts: 1, wantPendingAfter1: true},
		{name: "address rejected for good", mailFail: []error{email.ErrRejected}, runs: 1,
			wantMail: []string{"Your order #1 was delivered"}, wantStarts: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st, err := bolt.Open(filepath.Join(t.TempDir(), "db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			clk := clock.NewFixed(at)
			box := &outbox.Outbox{Path: filepath.Join(t.TempDir(), "outbox"), Clock: clk}
			flows := &flakyFlows{failStarts: tc.flowFail, started: map[string]int{}}
			shop := &demoshop.Shop{Store: st, Clock: clk}
			a, err := app.New(app.Ports{Store: st, Clock: clk, Model: offline.Model{}, Commerce: shop, Resolver: shop,
				Mailer: &flakyMail{fail: tc.mailFail, next: box}, Scheduler: flows, Secrets: intake.SecretMap{"s": []byte("k")}},
				app.Config{Shop: "s", Policy: policy.Default(), Support: mail.Address{Name: "Shop", Address: "help@shop.example"}})
			if err != nil {
				t.Fatal(err)
			}
			o, sh := newOrder("1")
			e := event.Must(intake.KindApplied, "s", "orders-create-1", at,
				intake.Applied{Topic: "orders/create", Shop: "s", Order: &o, Shipments: []order.Shipment{sh}})
			if _, err := st.Apply(t.Context(), store.Change{Shop: "s", Order: &o, Events: []event.Event{e}}); err != nil {
				t.Fatal(err)
			}
			relay := &event.Relay{Bus: a.Events, Outbox: st}
			for i := 1; i <= tc.runs; i++ {
				err := relay.Drain(t.Context())
				if (err != nil) != (i < tc.runs) {
					t.Fatalf("drain %d of %d: %v", i, tc.runs, err)
				}
				pending, perr := st.PendingEvents(t.Context(), 10)
				if perr != nil {
					t.Fatal(perr)
				}
				if want := i < tc.runs; (len(pending) == 1) != want {
					t.Fatalf("after drain %d: %d pending, want pending %v", i, len(pending), want)
				}
			}
			if err := relay.Drain(t.Context()); err != nil {
				t.Fatalf("drain after done: %v", err)
			}
			sent, err := box.List()
			if err != nil {
				t.Fatal(err)
			}
			var subjects []string
			for _, m := range sent {
				subjects = append(subjects, m.Subject)
			}
			sort.Strings(subjects)
			if d := cmp.Diff(tc.wantMail, subjects); d != "" {
				t.Errorf("mail sent (-want +got):\n%s", d)
			}
			total := 0
			for name, n := range flows.started {
				if n != 1 {
					t.Errorf("%s started %d times", name, n)
				}
				total += n
			}
			if total != tc.wantStarts {
				t.Errorf("%d executions started, want %d: %v", total, tc.wantStarts, flows.started)
			}
		})
	}
}
