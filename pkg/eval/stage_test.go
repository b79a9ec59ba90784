package eval

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestStageClaims(t *testing.T) {
	for _, tc := range []struct {
		text string
		want string
	}{
		{"Your order #1 was cancelled, so it won't be shipped.", "[cancelled]"},
		// Policy about orders in general claims nothing about this one.
		{"Orders usually ship within 1 to 2 business days.", "[]"},
		{"We ship within the United States with USPS, UPS and FedEx. Standard shipping takes 3 to 7 business days after your order ships.", "[]"},
		{"You'll get an email with tracking once your order ships.", "[]"},
		{"Orders usually ship within 2 business days; yours hasn't shipped yet.", "[pre_shipment]"},
		{"Orders usually ship within 2 business days, and your order #1 is on its way.", "[in_transit]"},
		{"Your order has shipped and is on its way.", "[in_transit]"},
		{"Your order #1 hasn't shipped yet; it should ship by Tue, Dec 8. You'll get an email with tracking as soon as it's on its way. Estimated delivery: Fri, Dec 11.", "[pre_shipment]"},
		{"It is on its way with USPS; it will be delivered by Thu, Dec 10.", "[in_transit]"},
		{"Your order was delivered on Tue, Nov 17.", "[delivered]"},
		{"It was shipped on Nov 13 and delivered on Nov 17.", "[delivered in_transit]"},
		{"It has already shipped, so it can no longer be cancelled.", "[in_transit]"},
		{"Su pedido fue cancelado.", "[cancelled]"},
		{"Su pedido aún no ha sido enviado.", "[pre_shipment]"},
		{"Su pedido está en camino.", "[in_transit]"},
		{"Ihre Bestellung wurde storniert.", "[cancelled]"},
		{"Ihre Bestellung ist noch nicht versandt.", "[pre_shipment]"},
		{"Ihre Bestellung wurde storniert und wird nicht versandt.", "[cancelled]"},
		{"Ihr Paket ist unterwegs und wird am 10. Dezember zugestellt.", "[in_transit]"},
		{"Votre commande a été annulée.", "[cancelled]"},
		{"Votre commande n'est pas encore expédiée.", "[pre_shipment]"},
		{"Votre colis a été livré le 17 novembre.", "[delivered]"},
		{"Order #1 is past return window. delivered: Tue, Oct 27, 2026.", "[delivered]"},
		// Any wording of a stage is read, negations included.
		{"Your order has not shipped yet. We expect to send it out around Tue, Dec 8", "[pre_shipment]"},
		{"It has not shipped yet.", "[pre_shipment]"},
		{"Your order is not yet shipped.", "[pre_shipment]"},
		{"It has not been dispatched.", "[pre_shipment]"},
		{"It isn't shipped yet.", "[pre_shipment]"},
		{"We haven't sent it yet.", "[pre_shipment]"},
		{"Todavía no se ha enviado.", "[pre_shipment]"},
		{"Ihre Bestellung wurde noch nicht versandt.", "[pre_shipment]"},
		{"Your order shipped via UPS on Dec 1.", "[in_transit]"},
		{"We dispatched it on Dec 1.", "[in_transit]"},
		{"Good news: your order arrived on Sat, Nov 7, 2026.", "[delivered]"},
		{"Your parcel arrived on Dec 3.", "[delivered]"},
		{"It has arrived.", "[delivered]"},
		{"It's already at your door.", "[delivered]"},
		{"Ihre Bestellung wurde am 3. Dezember zugestellt.", "[delivered]"},
		{"Votre colis est arrivé.", "[delivered]"},
		{"Su pedido llegó el 3 de diciembre.", "[delivered]"},
		{"It hasn't arrived yet; it is on its way and should arrive by Dec 10.", "[in_transit]"},
		{"It will be at your door by Thursday.", "[]"},
		{"A confirmation has been sent to your email.", "[]"},
		{"Sorry, I can't help with that.", "[]"},
		{"There's no refund on order #1 so far.", "[]"},
	} {
		var got []string
		for st := range stageClaims(tc.text) {
			got = append(got, st)
		}
		sort.Strings(got)
		if g := fmt.Sprint(got); g != tc.want {
			t.Errorf("stageClaims(%q) = %s, want %s", tc.text, g, tc.want)
		}
	}
}

// The stage, report and answers expectations judge what the customer was
// told against what the tools said.
// A passage of the docs quoted word for word claims no stage of this
// order; the reply's own words about it still do.
func TestCheckStageQuotedDocs(t *testing.T) {
	docs := []string{`{"passages":[{"source":"Shipping","text":"Once packed, your order ships within 2 days and is delivered in 3 to 7 days."}]}`}
	for _, tc := range []struct {
		reply string
		fails int
	}{
		{"Here's what our guide says: Once packed, your order ships within 2 days and is delivered in 3 to 7 days. Your order #1 is on its way.", 0},
		{"Your order #1 is on its way. Your order ships within 2 days.", 1},
		{"Here's what our guide says: Once packed, your order ships within 2 days and is delivered in 3 to 7 days.", 1},
	} {
		if got := checkStage("in_transit", []string{tc.reply}, docs); len(got) != tc.fails {
			t.Errorf("checkStage(in_transit, %q) = %q, want %d failures", tc.reply, got, tc.fails)
		}
	}
}

func TestJudgeOutcomeFacts(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	pending := []string{`{"order_number":"#1006327","parcels":[{"estimated_delivery":"Fri, Dec 11 – Thu, Dec 17","shipped":false,"ships_by":"Tue, Dec 8","stage":"pre_shipment"}],"placed":"Fri, Dec 4, 2026","stage":"pre_shipment"}`}
	refund := []string{`{"order_number":"#1508165","order_total":"$873.21","refunded_total":"$873.21","refunds":[{"amount":"$873.21","date":"Wed, Nov 25"}]}`}
	cancelled := []string{`{"order_number":"#1106948","stage":"cancelled"}`}
	transit := []string{`{"order_number":"#3809933","parcels":[{"carrier":"USPS","estimated_delivery":"Mon, Dec 7 – Thu, Dec 10","tracking_number":"579223538421","stage":"in_transit"}]}`}
	for _, tc := range []struct {
		name   string
		expect Expect
		tr     transcript
		want   []string
	}{
		{"cancelled, told so", Expect{Stage: "cancelled"}, transcript{Sources: cancelled, Replies: []string{"Your order #1106948 was cancelled, so it won't be shipped."}}, nil},
		{"cancelled, told it shipped", Expect{Stage: "cancelled"}, transcript{Sources: cancelled, Replies: []string{"Your order #1106948 has shipped and is on its way."}},
			[]string{"claims the order is in_transit", "never told the order is cancelled"}},
		{"cancelled, told it will ship", Expect{Stage: "cancelled"}, transcript{Sources: cancelled, Replies: []string{"Your order was cancelled. It should ship soon."}},
			[]string{"claims the order is pre_shipment"}},
		{"not shipped, any wording", Expect{Stage: "pre_shipment"}, transcript{Now: now, Sources: pending, Replies: []string{"Your order has not shipped yet. We expect to send it out around Tue, Dec 8"}}, nil},
		{"delivered, arrived", Expect{Stage: "delivered"}, transcript{Now: now, Replies: []string{"Good news: your order arrived on Sat, Nov 7, 2026"}}, []string{"grounding: date"}},
		{"in transit, told it arrived", Expect{Stage: "in_transit"}, transcript{Sources: transit, Replies: []string{"It's with USPS.", "It has arrived."}},
			[]string{"claims the order is delivered", "never told the order is in_transit"}},
		{"in transit, told it is at the door", Expect{Stage: "in_transit"}, transcript{Sources: transit, Replies: []string{"It is on its way; it's already at your door."}},
			[]string{"claims the order is delivered"}},
		{"in transit, told it was not sent", Expect{Stage: "in_transit"}, transcript{Sources: transit, Replies: []string{"We haven't sent it yet."}},
			[]string{"claims the order is pre_shipment", "never told the order is in_transit"}},
		{"in transit, told in French it arrived", Expect{Stage: "in_transit"}, transcript{Sources: transit, Replies: []string{"Votre colis est arrivé."}},
			[]string{"claims the order is delivered", "never told the order is in_transit"}},
		{"not shipped, estimate given", Expect{Stage: "pre_shipment", Report: []string{"ships_by|estimated_delivery"}},
			transcript{Now: now, Sources: pending, Replies: []string{"It hasn't shipped yet; it should go out by December 8."}}, nil},
		{"not shipped, range end given", Expect{Stage: "pre_shipment", Report: []string{"ships_by|estimated_delivery"}},
			transcript{Now: now, Sources: pending, Replies: []string{"It hasn't shipped yet; expect it by 17.12.2026."}}, nil},
		{"not shipped, no estimate", Expect{Stage: "pre_shipment", Report: []string{"ships_by|estimated_delivery"}},
			transcript{Now: now, Sources: pending, Replies: []string{"It hasn't shipped yet."}}, []string{"never told ships_by|estimated_delivery"}},
		{"never looked up", Expect{Report: []string{"ships_by"}}, transcript{Now: now, Replies: []string{"It ships by Dec 8."}}, []string{"no tool result gave ships_by", "grounding: date"}},
		{"refund amount and date", Expect{Report: []string{"refunded_total", "refunds.date"}},
			transcript{Now: now, Sources: refund, Replies: []string{"We refunded 873,21 $ on 25 November."}}, nil},
		{"refund amount missing", Expect{Report: []string{"refunded_total", "refunds.date"}},
			transcript{Now: now, Sources: refund, Replies: []string{"Your refund went through on Nov 25."}}, []string{"never told refunded_total"}},
		{"tracking number asked again", Expect{Answers: []Answer{{Turn: 2, Report: []string{"tracking_number"}}}},
			transcript{Now: now, Sources: transit, Replies: []string{"It is on its way.", "It's 579223538421 with USPS."}}, nil},
		{"follow-up answered in its own reply", Expect{Answers: []Answer{{Turn: 2, Report: []string{"carrier"}}}},
			transcript{Now: now, Sources: transit, Replies: []string{"It is on its way.", "It's with USPS."}}, nil},
		{"follow-up answered only before it was asked", Expect{Answers: []Answer{{Turn: 2, Report: []string{"carrier"}}}},
			transcript{Now: now, Sources: transit, Replies: []string{"It is on its way with USPS.", "Sorry, I can't help with that."}}, []string{"reply to turn 2"}},
		{"follow-up never asked", Expect{Answers: []Answer{{Turn: 2, Mention: []string{"USPS"}}}},
			transcript{Now: now, Sources: transit, Replies: []string{"It is on its way with USPS."}}, []string{"turn 2 was never answered"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := judge(Scenario{Expect: tc.expect}, tc.tr)
			if len(got) != len(tc.want) {
				t.Fatalf("failures %q, want %d like %q", got, len(tc.want), tc.want)
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("failure %d %q, want it to say %q", i, got[i], w)
				}
			}
		})
	}
}

// Whatever the text, only known stages are claimed; a cancellation stated
// before any text is still read, and a condition after it adds no claim
// of shipping.
func FuzzStageClaims(f *testing.F) {
	f.Add("")
	f.Add("It will ship by Tuesday.")
	f.Add("as soon as it's on its way")
	f.Fuzz(func(t *testing.T, noise string) {
		for st := range stageClaims(noise) {
			if !slices.Contains(Stages, st) {
				t.Fatalf("stageClaims(%q) claims %q", noise, st)
			}
		}
		if strings.ContainsAny(noise, ".;:!?\n") {
			return
		}
		text := "Your order was cancelled. Once " + noise
		got := stageClaims(text)
		if !got["cancelled"] {
			t.Fatalf("stageClaims(%q) = %v, want cancelled", text, got)
		}
	})
}

// A money field's value in any tool result grounds that amount; the same
// digits in a field that is not money ground none.
func FuzzSourceMoney(f *testing.F) {
	f.Add(uint32(4783), "")
	f.Add(uint32(202600), "30 days")
	f.Fuzz(func(t *testing.T, c uint32, noise string) {
		cents := int64(c % 100_000_000)
		if strings.ContainsAny(noise, "$€£0123456789") || strings.Contains(strings.ToLower(noise), "usd") {
			noise = ""
		}
		note, _ := json.Marshal(noise)
		money := fmt.Sprintf(`{"note":%s,"price":"%d.%02d"}`, note, cents/100, cents%100)
		if !sourceMoney([]string{money})[cents] {
			t.Fatalf("sourceMoney(%s) lacks %d cents", money, cents)
		}
		bare := fmt.Sprintf(`{"note":%s,"zip":"%d","quantity":%d,"order_number":"#%d"} within %d days`, note, cents, cents%1000, cents, cents%1000)
		if got := sourceMoney([]string{bare}); len(got) > 0 {
			t.Fatalf("sourceMoney(%s) = %v, want no money", bare, got)
		}
	})
}
