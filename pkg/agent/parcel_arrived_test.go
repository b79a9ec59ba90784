package agent_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/promise"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/store/storetest"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// arrivedFixture is setup with the real findings (promises, look-around
// cases, the delivery check's records) as the agent's Deliveries, and
// Ada's #1009: a mug and two candles in one parcel delivered two hours
// ago, so a report of it takes the look-around step first.
func arrivedFixture(t *testing.T) *fixture {
	t.Helper()
	f := setup(t)
	checker := &watch.Checker{Store: f.store, Clock: clock.NewFixed(now), Rules: edd.DefaultRules(time.UTC), Policy: watch.DefaultPolicy()}
	f.agent.Deliveries = promise.Findings{Store: f.store, Reports: watch.ForAgent{Checker: checker},
		Promises: &promise.Service{Store: f.store, Rules: edd.DefaultRules(time.UTC), Policy: watch.DefaultPolicy(), Clock: clock.NewFixed(now)}}
	o := storetest.Order("s", "9", "#1009", "ada@example.com", now.Add(-5*24*time.Hour))
	o.LineItems = []order.LineItem{
		{ID: "9-1", VariantID: "v-sea", Title: "Harbor Stoneware Mug", Variant: "Sea Glass / 12 oz", Quantity: 1, Price: 2400},
		{ID: "9-2", VariantID: "v-candle", Title: "Beeswax Pillar Candle", Variant: "Cedar & Smoke", Quantity: 2, Price: 2200},
	}
	o.TotalPrice = 6800
	at := now.Add(-2 * time.Hour)
	sh := storetest.Shipment("s", "9", "f9", "1ZADA9", at, order.StatusDelivered)
	sh.DeliveredAt, sh.LineItemIDs = &at, nil
	if _, err := f.store.Apply(t.Context(), store.Change{Shop: "s", Order: &o, Shipments: []order.Shipment{sh}}); err != nil {
		t.Fatal(err)
	}
	return f
}

// findings are #1009's findings as the agent reads them.
func (f *fixture) findings(t *testing.T) []map[string]any {
	t.Helper()
	ps, err := f.agent.Deliveries.OrderProblems(t.Context(), "s", "9")
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func hasLookAround(ps []map[string]any) bool {
	return slices.ContainsFunc(ps, func(p map[string]any) bool { return p["step"] == "look_around" })
}

const candleReturn = `{"order_number":"#1009","items":[{"title":"candle","quantity":1}],"reason":"UNWANTED"}`

// The trial's conversation: a report that the parcel never came, then
// "it did arrive", then a return of one candle. The report closes at once
// (no proposal), the look-around case leaves the findings, and the return
// is stated as for any delivered order: one candle.
func TestParcelArrivedClosesTheReportThenReturnProposes(t *testing.T) {
	f := arrivedFixture(t)
	c := adaConv()
	c.CurrentOrder = "#1009"
	res := f.turn(t, c, "it says delivered but it isn't here", 1, use(toolname.ReportNotReceived, `{"order_number":"#1009"}`), say("ok"))
	if !slices.Contains(statuses(res.Actions), toolname.ReportNotReceived+":look_around") || !hasLookAround(f.findings(t)) {
		t.Fatalf("report: actions %v, findings %v; want the look-around case", statuses(res.Actions), f.findings(t))
	}
	// While the report is open, the return is refused: what the trial met.
	f.turn(t, c, "return one candle", 3, use(toolname.StartReturn, candleReturn), say("ok"))
	if c.Pending != nil {
		t.Fatalf("a return was stated while the report is open: %+v", c.Pending)
	}

	res = f.turn(t, c, "my parcel DID arrive, never said it didn't", 5, use(toolname.ParcelArrived, `{}`), say("ok"))
	var got map[string]any
	if err := json.Unmarshal([]byte(f.model.lastResult(t)), &got); err != nil {
		t.Fatal(err)
	}
	if got["status"] != "closed" || !strings.Contains(got["what_we_did"].(string), "closed") {
		t.Errorf("parcel_arrived result %v, want closed with what was done", got)
	}
	if !slices.Contains(statuses(res.Actions), toolname.ParcelArrived+":done") || c.Pending != nil {
		t.Errorf("actions %v, pending %v: want parcel_arrived done at once, nothing proposed", statuses(res.Actions), c.Pending)
	}
	if ps := f.findings(t); hasLookAround(ps) || len(ps) != 0 {
		t.Errorf("findings after closing: %v, want none", ps)
	}

	res = f.turn(t, c, "ok return one candle, haven't burned it", 7, use(toolname.StartReturn, candleReturn), say("Here is what I'd do."))
	if c.Pending == nil {
		t.Fatalf("no return stated after the report closed: actions %v, result %s", statuses(res.Actions), f.model.lastResult(t))
	}
	if l := c.Pending.Lines; c.Pending.Tool != toolname.StartReturn || len(l) != 1 || l[0].LineItemID != "9-2" || l[0].Quantity != 1 {
		t.Errorf("proposal %s %+v, want a return of one candle (9-2)", c.Pending.Tool, l)
	}
}

// The delivery check's own record of the report, open with a person on
// it and nothing made good, closes too: over, withdrawn by the customer,
// the person told in the handoff's note; a return then proposes.
func TestParcelArrivedClosesTheCheckRecord(t *testing.T) {
	f := arrivedFixture(t)
	ctx := t.Context()
	rec := watch.Record{Shop: "s", OrderID: "9", OrderName: "#1009", ShipmentID: "f9", Kind: watch.KindNotReceived, DetectedAt: now.Add(-time.Hour),
		Action: watch.ActionPerson, Done: true, HandoffID: "h9", Detail: "A member of our team is looking into it."}
	put := func(coll, id string, v any) {
		t.Helper()
		b, _ := json.Marshal(v)
		if err := f.store.PutDoc(ctx, coll, id, b, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	put(watch.ProblemsCollection, "s|9|f9|not_received", rec)
	put(escalation.Handoffs, "h9", escalation.Handoff{ID: "h9", Shop: "s", Kind: escalation.KindHandoff, Status: escalation.StatusOpen})
	c := adaConv()
	c.CurrentOrder = "#1009"
	f.turn(t, c, "found it at the neighbours", 1, use(toolname.ParcelArrived, `{"order_number":"#1009"}`), say("ok"))
	recs, err := watch.OrderProblems(ctx, f.store, "s", "9")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Open() || recs[0].ClosedReason != watch.ArrivedReason || recs[0].Action != watch.ActionPerson {
		t.Fatalf("record after parcel_arrived: %+v, want it closed (the customer's word), its action kept", recs)
	}
	b, err := f.store.GetDoc(ctx, escalation.Handoffs, "h9")
	if err != nil {
		t.Fatal(err)
	}
	var h escalation.Handoff
	_ = json.Unmarshal(b, &h)
	if !strings.Contains(h.Note, "arrived after all") {
		t.Errorf("handoff note %q, want the person told", h.Note)
	}
	f.turn(t, c, "return one candle", 3, use(toolname.StartReturn, candleReturn), say("ok"))
	if c.Pending == nil || c.Pending.Tool != toolname.StartReturn {
		t.Errorf("no return stated after the record closed: result %s", f.model.lastResult(t))
	}
}

// A parcel already made good (a replacement sent for the report) is
// never undone: parcel_arrived hands over and writes nothing.
func TestParcelArrivedMadeGoodHandsOver(t *testing.T) {
	f := arrivedFixture(t)
	ctx := t.Context()
	rec := watch.Record{Shop: "s", OrderID: "9", OrderName: "#1009", ShipmentID: "f9", Kind: watch.KindNotReceived, DetectedAt: now.Add(-time.Hour),
		Action: watch.ActionReplace, Done: true, ReplacementName: "#1009-R", Detail: "We've sent a replacement."}
	b, _ := json.Marshal(rec)
	if err := f.store.PutDoc(ctx, watch.ProblemsCollection, "s|9|f9|not_received", b, time.Time{}); err != nil {
		t.Fatal(err)
	}
	c := adaConv()
	c.CurrentOrder = "#1009"
	res := f.turn(t, c, "oh it came after all", 1, use(toolname.ParcelArrived, `{}`), say("ok"))
	if c.Status != conversation.StatusHandover || !slices.Contains(statuses(res.Actions), toolname.ParcelArrived+":handover") {
		t.Errorf("status %s, actions %v: want a handover", c.Status, statuses(res.Actions))
	}
	if r := f.model.lastResult(t); !strings.Contains(r, "#1009-R") || !strings.Contains(r, "handed_over") {
		t.Errorf("result %s, want what was made good and the handover", r)
	}
	after, err := f.store.GetDoc(ctx, watch.ProblemsCollection, "s|9|f9|not_received")
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(b) {
		t.Errorf("record changed: %s, want %s", after, b)
	}
}

// With nothing reported, or for a customer not verified, nothing closes.
func TestParcelArrivedNeedsAnOpenReportAndAVerifiedCustomer(t *testing.T) {
	for _, tc := range []struct {
		name     string
		verified bool
		want     []string // the result holds one
	}{
		{"nothing reported", true, []string{`"status":"nothing_open"`}},
		// Not offered before verifying (its phases), refused if called.
		{"not verified", false, []string{"not_verified", "tool_not_available"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := arrivedFixture(t)
			c := adaConv()
			if !tc.verified {
				c = &conversation.Conversation{Shop: "s", ID: "c2", Status: conversation.StatusOpen}
			}
			res := f.turn(t, c, "found it", 1, use(toolname.ParcelArrived, `{"order_number":"#1009"}`), say("ok"))
			if r := f.model.lastResult(t); !slices.ContainsFunc(tc.want, func(w string) bool { return strings.Contains(r, w) }) {
				t.Errorf("result %s, want %s", r, tc.want)
			}
			if slices.Contains(statuses(res.Actions), toolname.ParcelArrived+":done") {
				t.Errorf("actions %v: closed something", statuses(res.Actions))
			}
		})
	}
}

var _ agent.ArrivedReports = promise.Findings{}
