package agent_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// A turn whose save lost to another writer (the stack test met it: the
// check-in landing in the chat) runs again from the conversation as it
// was. parcel_arrived's first run closed the report in the store, so the
// rerun finds nothing open: it must still say closed and record the
// action, as the first run did. A report withdrawn long before is no
// longer this turn's: "nothing open".
func TestParcelArrivedRunAgainAfterALostSave(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(t *testing.T, f *fixture)
		status string
		done   bool
	}{
		{name: "look-around case closed by the first run", status: "closed", done: true, setup: func(t *testing.T, f *fixture) {
			c := adaConv()
			c.CurrentOrder = "#1009"
			f.turn(t, c, "it says delivered but it isn't here", 1, use(toolname.ReportNotReceived, `{"order_number":"#1009"}`), say("ok"))
			f.turn(t, c, "found it", 3, use(toolname.ParcelArrived, `{}`), say("ok"))
		}},
		{name: "check record closed by the first run", status: "closed", done: true, setup: func(t *testing.T, f *fixture) {
			at := now.Add(-time.Minute)
			putRecord(t, f, watch.Record{Shop: "s", OrderID: "9", OrderName: "#1009", ShipmentID: "f9", Kind: watch.KindNotReceived,
				Action: watch.ActionPerson, Done: true, ClosedAt: &at, ClosedReason: watch.ArrivedReason})
		}},
		{name: "withdrawn an hour ago", status: "nothing_open", setup: func(t *testing.T, f *fixture) {
			at := now.Add(-time.Hour)
			putRecord(t, f, watch.Record{Shop: "s", OrderID: "9", OrderName: "#1009", ShipmentID: "f9", Kind: watch.KindNotReceived,
				Action: watch.ActionPerson, Done: true, ClosedAt: &at, ClosedReason: watch.ArrivedReason})
		}},
		{name: "closed by a delivery after all", status: "nothing_open", setup: func(t *testing.T, f *fixture) {
			at := now.Add(-time.Minute)
			putRecord(t, f, watch.Record{Shop: "s", OrderID: "9", OrderName: "#1009", ShipmentID: "f9", Kind: watch.KindNotReceived,
				Action: watch.ActionPerson, Done: true, ClosedAt: &at, ClosedReason: "delivered after all on Mon, Dec 7"})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := arrivedFixture(t)
			tc.setup(t, f)
			c := adaConv()
			c.CurrentOrder = "#1009"
			res := f.turn(t, c, "found it", 5, use(toolname.ParcelArrived, `{"order_number":"#1009"}`), say("ok"))
			var got map[string]any
			if err := json.Unmarshal([]byte(f.model.lastResult(t)), &got); err != nil {
				t.Fatal(err)
			}
			done := slices.Contains(statuses(res.Actions), toolname.ParcelArrived+":done")
			if got["status"] != tc.status || done != tc.done {
				t.Errorf("rerun: status %v, done %v; want %s, %v", got["status"], done, tc.status, tc.done)
			}
		})
	}
}

func putRecord(t *testing.T, f *fixture, r watch.Record) {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.PutDoc(t.Context(), watch.ProblemsCollection, "s|9|f9|not_received", b, time.Time{}); err != nil {
		t.Fatal(err)
	}
}
