package agent_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/promise"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/store/storetest"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// latePartFixture is setup with the real delivery findings and promises,
// the demo shop as the shop, and Ada's #1004 (two blue mugs and gift wrap)
// in one parcel shipped 20 days ago with no scan since: late and stalled.
func latePartFixture(t *testing.T) *fixture {
	t.Helper()
	f := setup(t)
	f.agent.Commerce = &demoshop.Shop{Store: f.store, Clock: clock.NewFixed(now)}
	promises := &promise.Service{Store: f.store, Rules: edd.DefaultRules(time.UTC), Policy: watch.DefaultPolicy(), Clock: clock.NewFixed(now)}
	checker := &watch.Checker{Store: f.store, Clock: clock.NewFixed(now), Rules: edd.DefaultRules(time.UTC), Policy: watch.DefaultPolicy()}
	f.agent.Deliveries = promise.Findings{Store: f.store, Reports: watch.ForAgent{Checker: checker}, Promises: promises}
	f.agent.FollowUps = promises
	shipped := now.Add(-20 * 24 * time.Hour)
	o := storetest.Order("s", "6", "#1004", "ada@example.com", shipped.Add(-24*time.Hour))
	sh := storetest.Shipment("s", "6", "f6", "1Z9", shipped, order.StatusInTransit)
	sh.LineItemIDs, sh.ShippedAt = []string{"6-1", "6-2"}, &shipped
	if _, err := f.store.Apply(t.Context(), store.Change{Shop: "s", Order: &o, Shipments: []order.Shipment{sh}}); err != nil {
		t.Fatal(err)
	}
	return f
}

// yesTo runs the customer's yes to the pending proposal, with a model that
// confirms with other arguments: what runs is what was stated.
func (f *fixture) yesTo(t *testing.T, c *conversation.Conversation, said string, seq int) {
	t.Helper()
	stated := c.Pending.Statement
	f.model.steps = append(f.model.steps[:0], use(toolname.FollowUp, `{"confirm":true,"resolution":"refund","items":[{"title":"gift wrap"}]}`), say("done"))
	history := []conversation.Message{{Seq: seq - 2, Role: conversation.RoleCustomer, Text: said}, {Seq: seq - 1, Role: conversation.RoleAgent, Text: stated}}
	if _, err := f.agent.Turn(t.Context(), c, history, "yes", seq); err != nil {
		t.Fatal(err)
	}
}

// shopWrites are the demo shop's writes, "type title×n …", oldest first.
func (f *fixture) shopWrites(t *testing.T) []string {
	t.Helper()
	acts, err := demoshop.Actions(t.Context(), f.store)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range acts {
		w := a.Type
		for _, l := range a.Lines {
			w += fmt.Sprintf(" %s×%d", l.Title, l.Quantity)
		}
		out = append(out, w)
	}
	return out
}

func (f *fixture) parcelRecords(t *testing.T) []watch.Record {
	t.Helper()
	rs, err := watch.OrderProblems(t.Context(), f.store, "s", "6")
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// A late parcel made good for some of its items settles only those: the
// parcel is not recorded as made good whole, the rest can be made good
// later (stated alone, with what was done before), a promise covers only
// the rest, and the items made good are not made good again.
func TestLateParcelMadeGoodInPartKeepsTheRest(t *testing.T) {
	for _, tc := range []struct {
		name, said, input string
		wantLines         string // the second proposal's lines; "" for a question
		wantWrites        string // the shop's writes in all
	}{
		{"the rest replaced later", "now send the rest again please", `{"order_number":"#1004","resolution":"replacement"}`,
			"Gift wrap×1", "refund Blue mug×2|replacement Gift wrap×1"},
		{"the rest refunded later, named", "refund the gift wrap too", `{"order_number":"#1004","resolution":"refund","items":[{"title":"gift wrap"}]}`,
			"Gift wrap×1", "refund Blue mug×2|refund Gift wrap×1"},
		{"a promise for the rest", "ok if it doesnt come what will you do", `{"order_number":"#1004"}`,
			"Gift wrap×1", "refund Blue mug×2"},
		{"the mugs again", "replace the blue mugs", `{"order_number":"#1004","resolution":"replacement","items":[{"title":"blue mugs"}]}`,
			"", "refund Blue mug×2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := latePartFixture(t)
			c := adaConv()
			c.CurrentOrder = "#1004"
			first := "just refund the blue mugs"
			f.turn(t, c, first, 1, use(toolname.FollowUp, `{"order_number":"#1004","resolution":"refund","items":[{"title":"blue mugs"}]}`), say("ok"))
			if c.Pending == nil || len(c.Pending.Lines) != 1 || c.Pending.Lines[0].LineItemID != "6-1" {
				t.Fatalf("first proposal %+v, want a refund of the mugs; result %s", c.Pending, f.model.lastResult(t))
			}
			f.yesTo(t, c, first, 3)
			if got := strings.Join(f.shopWrites(t), "|"); got != "refund Blue mug×2" {
				t.Fatalf("after the first yes the shop wrote %q", got)
			}
			recs := f.parcelRecords(t)
			if r, whole := watch.ParcelMadeGood(recs, "f6"); whole {
				t.Fatalf("the parcel is recorded as made good whole (%q) after a part", r.MadeGoodText())
			}
			if done := watch.PartsMadeGood(recs, "f6"); done["6-1"] != 2 || done["6-2"] != 0 {
				t.Fatalf("parts made good %v, want the two mugs", done)
			}

			f.turn(t, c, tc.said, 5, use(toolname.FollowUp, tc.input), say("ok"))
			result := f.model.lastResult(t)
			if tc.wantLines == "" {
				if c.Pending != nil || !strings.Contains(result, "ask_customer") || !strings.Contains(result, "already made good") {
					t.Fatalf("pending %+v, result %s: want a question saying the mugs were made good", c.Pending, result)
				}
			} else {
				if c.Pending == nil {
					t.Fatalf("nothing proposed for the rest: %s", result)
				}
				var lines []string
				for _, l := range c.Pending.Lines {
					lines = append(lines, fmt.Sprintf("%s×%d", l.Title, l.Quantity))
				}
				if got := strings.Join(lines, " "); got != tc.wantLines || strings.Contains(c.Pending.Statement, "Blue mug") {
					t.Fatalf("second proposal %s (%q), want %s", got, c.Pending.Statement, tc.wantLines)
				}
				if c.Pending.DueAt == nil && !strings.Contains(result, "made_good_before") {
					t.Errorf("result %s does not say what was made good before", result)
				}
				f.yesTo(t, c, tc.said, 7)
			}
			if got := strings.Join(f.shopWrites(t), "|"); got != tc.wantWrites {
				t.Errorf("shop writes %q, want %q", got, tc.wantWrites)
			}
			_, whole := watch.ParcelMadeGood(f.parcelRecords(t), "f6")
			if want := strings.Count(tc.wantWrites, "|") == 1; whole != want {
				t.Errorf("parcel made good whole = %v, want %v", whole, want)
			}
		})
	}
}
