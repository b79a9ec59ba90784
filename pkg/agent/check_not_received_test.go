package agent

import (
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/store/storetest"
)

// A yes to a not-received proposal runs only while the policy it is
// checked under (and the delivery check then acts under) still gives the
// step stated, and for a refund the amount stated: settings saved since
// refuse it rather than make another step than the one agreed.
func TestCheckNotReceivedWantsTheStatedStep(t *testing.T) {
	now := time.Date(2026, 10, 9, 12, 0, 0, 0, time.UTC)
	o := storetest.Order("s", "7", "#1007", "ada@example.com", now.Add(-5*24*time.Hour))
	o.Shipments = []order.Shipment{storetest.Shipment("s", "7", "f7", "1ZA", now.Add(-3*24*time.Hour), order.StatusDelivered)}
	lines := parcelLines(o, o.Shipments[0])
	refund := policy.ParcelRefund(o, linesValue(lines))
	with := func(action string, edit func(*policy.Policy)) policy.Policy {
		p := policy.Default()
		p.NotReceivedAction = action
		if edit != nil {
			edit(&p)
		}
		return p
	}
	proposal := func(res string, amount order.Money) conversation.Proposal {
		return conversation.Proposal{Tool: "report_not_received", Order: o.Name, OrderID: o.ID, ShipmentID: "f7", Lines: lines,
			Reason: notReceivedReason, Resolution: res, Amount: amount, Currency: "USD"}
	}
	for _, tc := range []struct {
		name string
		pol  policy.Policy
		p    conversation.Proposal
		want policy.Verdict
	}{
		{"replacement, policy replaces", with(policy.NotReceivedReplace, nil), proposal(OfferReplacement, 0), policy.Allow},
		{"refund, policy refunds", with(policy.NotReceivedRefund, nil), proposal(OfferRefund, refund), policy.Allow},
		{"refund stated, policy now replaces", with(policy.NotReceivedReplace, nil), proposal(OfferRefund, refund), policy.Refuse},
		{"replacement stated, policy now refunds", with(policy.NotReceivedRefund, nil), proposal(OfferReplacement, 0), policy.Refuse},
		{"policy now hands to a person", with(policy.NotReceivedPerson, nil), proposal(OfferReplacement, 0), policy.Refuse},
		{"parcel now above the automatic limit", with(policy.NotReceivedReplace, func(p *policy.Policy) { p.NotReceivedAutoLimit = 100 }),
			proposal(OfferReplacement, 0), policy.Refuse},
		{"refund now above the refund limit", with(policy.NotReceivedRefund, func(p *policy.Policy) { p.RefundAutoLimit = refund - 1 }),
			proposal(OfferRefund, refund), policy.Refuse},
		{"refund of another amount than stated", with(policy.NotReceivedRefund, nil), proposal(OfferRefund, refund+100), policy.Refuse},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := checkNotReceived(tc.pol, o, tc.p, now); got.Verdict != tc.want {
				t.Errorf("verdict %v (%s), want %v", got.Verdict, got.Reason, tc.want)
			}
		})
	}
}
