package agent_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/money"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// flakyCredit is the demo shop whose store credit fails the first fails
// times, as a shop that is down would.
type flakyCredit struct {
	*demoshop.Shop
	fails int
}

func (f *flakyCredit) IssueStoreCredit(ctx context.Context, r agent.StoreCreditRequest) (agent.StoreCreditResult, error) {
	if f.fails > 0 {
		f.fails--
		return agent.StoreCreditResult{}, errors.New("shopify is down")
	}
	return f.Shop.IssueStoreCredit(ctx, r)
}

// A late parcel made good with store credit: where the shop issues it and
// the customer asks for it, code states the credit (the refund's share of
// what was paid, with the merchant's 10% bonus) and the refund it
// replaces; after the yes, whatever the model sends, exactly that credit
// is issued, once, and the parcel is recorded as made good. Asked without
// the customer's word for credit it is the refund; a shop that issues no
// credit says so and proposes nothing.
func TestLateParcelStoreCredit(t *testing.T) {
	pol := policy.Default()
	pol.StoreCreditBonusPercent = 10
	for _, tc := range []struct {
		name, said, input string
		noCredit          bool   // the shop issues no store credit
		want              string // the proposal's resolution and lines, "" for none
		wantWrites        string
		wholeAfter        bool
	}{
		{"whole parcel", "can i get store credit instead for the late parcel", `{"order_number":"#1004","resolution":"store_credit"}`,
			false, "store_credit Blue mug×2 Gift wrap×1", "store_credit $54.98", true},
		{"typo'd", "cud i get stor credt for it insted, its way late", `{"order_number":"#1004","resolution":"store_credit"}`,
			false, "store_credit Blue mug×2 Gift wrap×1", "store_credit $54.98", true},
		{"the mugs only", "just the blue mugs as a voucher please", `{"order_number":"#1004","resolution":"store_credit","items":[{"title":"blue mugs"}]}`,
			false, "store_credit Blue mug×2", "store_credit $43.97", false},
		{"not asked for", "its late, do something", `{"order_number":"#1004","resolution":"store_credit"}`,
			false, "refund Blue mug×2 Gift wrap×1", "refund Blue mug×2 Gift wrap×1", true},
		{"no credit at this shop", "store credit for the late parcel please", `{"order_number":"#1004","resolution":"store_credit"}`,
			true, "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := latePartFixture(t)
			f.agent.Policies = agent.StaticPolicy(pol)
			shop := &flakyCredit{Shop: f.agent.Commerce.(*demoshop.Shop), fails: 1}
			f.agent.Commerce = shop
			if tc.noCredit {
				f.agent.Commerce = struct{ agent.Commerce }{shop}
			}
			c := adaConv()
			c.CurrentOrder = "#1004"
			f.turn(t, c, tc.said, 1, use(toolname.FollowUp, tc.input), say("ok"))
			if tc.want == "" {
				if r := f.model.lastResult(t); c.Pending != nil || !strings.Contains(r, "refused") || !strings.Contains(r, "store credit") {
					t.Fatalf("pending %+v, result %s: want a refusal naming store credit", c.Pending, r)
				}
				return
			}
			if c.Pending == nil {
				t.Fatalf("nothing proposed: %s", f.model.lastResult(t))
			}
			p := *c.Pending
			got := p.Resolution
			for _, l := range p.Lines {
				got += " " + l.Title + "×" + string(rune('0'+l.Quantity))
			}
			if got != tc.want {
				t.Fatalf("proposal %q (%q), want %q", got, p.Statement, tc.want)
			}
			if p.Resolution == agent.LateStoreCredit {
				refund := policy.ParcelRefund(mustOrder(t, f, "#1004"), linesValue(p.Lines))
				if want := pol.StoreCredit(refund); p.Amount != want {
					t.Errorf("credit %d, want %d (the refund %d with the bonus)", p.Amount, want, refund)
				}
				for _, fact := range []string{money.Format(int64(p.Amount), "USD"), money.Format(int64(refund), "USD"), "store credit", "bonus"} {
					if !strings.Contains(p.Statement, fact) {
						t.Errorf("statement %q does not say %q", p.Statement, fact)
					}
				}
			}
			// The first yes meets a shop that is down: nothing is issued,
			// and the retried turn issues it once.
			saved := *c
			f.model.steps = append(f.model.steps[:0], use(toolname.FollowUp, `{"confirm":true,"resolution":"replacement"}`), say("done"))
			_, err := f.agent.Turn(t.Context(), c, []conversation.Message{{Seq: 1, Role: conversation.RoleCustomer, Text: tc.said}, {Seq: 2, Role: conversation.RoleAgent, Text: p.Statement}}, "yes", 3)
			if p.Resolution == agent.LateStoreCredit && err == nil {
				t.Fatal("a failed credit gave no error")
			}
			for range 2 { // the retry, then the same request again
				retry := saved
				f.yesTo(t, &retry, tc.said, 3)
			}
			acts, err := demoshop.Actions(t.Context(), f.store)
			if err != nil {
				t.Fatal(err)
			}
			var writes []string
			for _, a := range acts {
				w := a.Type
				if a.Type == demoshop.ActionStoreCredit {
					w += " $" + a.Amount
				}
				for _, l := range a.Lines {
					w += " " + l.Title + "×" + string(rune('0'+l.Quantity))
				}
				writes = append(writes, w)
			}
			if got := strings.Join(writes, "|"); got != tc.wantWrites {
				t.Errorf("shop writes %q, want %q", got, tc.wantWrites)
			}
			recs := f.parcelRecords(t)
			if r, whole := watch.ParcelMadeGood(recs, "f6"); whole != tc.wholeAfter {
				t.Errorf("parcel made good whole = %v (%q), want %v", whole, r.MadeGoodText(), tc.wholeAfter)
			} else if whole && p.Resolution == agent.LateStoreCredit && !strings.Contains(r.MadeGoodText(), "store credit") {
				t.Errorf("made good as %q, want store credit", r.MadeGoodText())
			}
		})
	}
}

func mustOrder(t *testing.T, f *fixture, name string) order.Order {
	t.Helper()
	o, err := f.store.GetOrderByName(t.Context(), "s", name)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func linesValue(lines []conversation.ProposalLine) order.Money {
	var v order.Money
	for _, l := range lines {
		v += l.Price * order.Money(l.Quantity)
	}
	return v
}
