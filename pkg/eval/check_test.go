package eval

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/demoshop"
)

func TestJudge(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	ret := demoshop.Action{Type: "return", Order: "#1001", Amount: "54.00",
		Lines: []demoshop.ActionLine{{Title: "Desk Lamp", Variant: "color: silver", Quantity: 1}}}
	addr := demoshop.Action{Type: "address_change", Order: "#1002", Amount: "0.00",
		Detail: map[string]any{"address": map[string]any{"address1": "12 Oak Street", "city": "Springfield", "zip": "62704"}}}
	fullAddr := map[string]string{"address1": "88 Harbor Road", "address2": "Apt 3", "city": "Boston", "zip": "02110", "provinceCode": "MA", "countryCode": "US", "name": "Mia Jackson"}
	addrFull := demoshop.Action{Type: "address_change", Order: "#1003", Amount: "0.00", Detail: map[string]any{"address": map[string]any{
		"address1": "88 Harbor Road", "address2": "Apt 3", "city": "Boston", "zip": "02110", "provinceCode": "MA", "countryCode": "US", "name": "Mia Jackson"}}}
	// with is a copy of a whose address has k set to v ("" removes it).
	with := func(a demoshop.Action, k, v string) demoshop.Action {
		m := map[string]any{}
		for key, val := range a.Detail["address"].(map[string]any) {
			m[key] = val
		}
		if v == "" {
			delete(m, k)
		} else {
			m[k] = v
		}
		a.Detail = map[string]any{"address": m}
		return a
	}
	with2 := func(w map[string]string, k, v string) map[string]string {
		m := map[string]string{}
		for key, val := range w {
			m[key] = val
		}
		m[k] = v
		return m
	}
	wantRet := Write{Type: "return", Order: "#1001", Amount: "54.00", Lines: []WriteLine{{Title: "Desk Lamp", Variant: "color: silver", Quantity: 1}}}
	src := []string{`{"order_number":"#1001","carrier":"UPS","tracking_number":"1Z999AA10123456784","delivered":"Mon Nov 30, 2026","amount":"$54.00"}`}
	for _, tc := range []struct {
		name   string
		expect Expect
		tr     transcript
		want   []string // substrings of the failures, in order; none: it passes
	}{
		{"exact write passes", Expect{Writes: []Write{wantRet}}, transcript{Writes: []demoshop.Action{ret}}, nil},
		{"missing write", Expect{Writes: []Write{wantRet}}, transcript{}, []string{"writes: no return on #1001"}},
		{"wrong lines", Expect{Writes: []Write{{Type: "return", Order: "#1001", Lines: []WriteLine{{Title: "Desk Lamp", Variant: "color: black", Quantity: 1}}}}},
			transcript{Writes: []demoshop.Action{ret}}, []string{"lines", "unexpected return"}},
		{"wrong amount", Expect{Writes: []Write{{Type: "return", Order: "#1001", Amount: "60"}}}, transcript{Writes: []demoshop.Action{ret}}, []string{"amount 54.00", "unexpected"}},
		{"unexpected write", Expect{}, transcript{Writes: []demoshop.Action{addr}}, []string{"unexpected address_change on #1002"}},
		{"address fields", Expect{Writes: []Write{{Type: "address_change", Order: "1002", Address: map[string]string{"address1": "12 oak street", "zip": "62704"}}}},
			transcript{Writes: []demoshop.Action{addr}}, nil},
		{"wrong zip", Expect{Writes: []Write{{Type: "address_change", Order: "#1002", Address: map[string]string{"zip": "62705"}}}},
			transcript{Writes: []demoshop.Action{addr}}, []string{"zip", "unexpected"}},
		{"every address field", Expect{Writes: []Write{{Type: "address_change", Order: "#1003", Address: fullAddr}}},
			transcript{Writes: []demoshop.Action{addrFull}}, nil},
		{"apartment dropped", Expect{Writes: []Write{{Type: "address_change", Order: "#1003", Address: fullAddr}}},
			transcript{Writes: []demoshop.Action{with(addrFull, "address2", "")}}, []string{"address2", "unexpected"}},
		{"old apartment kept", Expect{Writes: []Write{{Type: "address_change", Order: "#1003", Address: with2(fullAddr, "address2", "")}}},
			transcript{Writes: []demoshop.Action{addrFull}}, []string{"address2", "unexpected"}},
		{"wrong country", Expect{Writes: []Write{{Type: "address_change", Order: "#1003", Address: fullAddr}}},
			transcript{Writes: []demoshop.Action{with(addrFull, "countryCode", "CA")}}, []string{"countryCode", "unexpected"}},
		{"wrong name", Expect{Writes: []Write{{Type: "address_change", Order: "#1003", Address: fullAddr}}},
			transcript{Writes: []demoshop.Action{with(addrFull, "name", "Someone Else")}}, []string{"name", "unexpected"}},
		{"handover wanted", Expect{Handover: yes()}, transcript{}, []string{"did not go to a person"}},
		{"handover unwanted", Expect{Handover: no()}, transcript{Handover: true}, []string{"went to a person"}},
		{"proposal carried out", Expect{Done: []string{"follow_up"}}, transcript{Done: map[string]bool{"follow_up": true}}, nil},
		{"proposal only worded", Expect{Done: []string{"follow_up"}}, transcript{Replies: []string{"You have my word: I'll check on it soon."}}, []string{"done: no follow_up"}},
		{"promise made that must not be", Expect{NotDone: []string{"follow_up"}}, transcript{Done: map[string]bool{"follow_up": true}}, []string{"not_done: a follow_up"}},
		{"promise only offered", Expect{NotDone: []string{"follow_up"}}, transcript{Tools: map[string]bool{"follow_up": true}}, nil},
		{"tool called that must not be", Expect{NotTools: []string{"follow_up"}}, transcript{Tools: map[string]bool{"follow_up": true}}, []string{"not_tools: called follow_up"}},
		{"tool not called, as wanted", Expect{NotTools: []string{"follow_up"}}, transcript{Tools: map[string]bool{"track_order": true}}, nil},
		{"handover by code counts as called", Expect{NotTools: []string{"handover"}}, transcript{Handover: true}, []string{"not_tools: called handover"}},
		{"tool not called", Expect{Tools: []string{"track_order"}}, transcript{Tools: map[string]bool{"search_docs": true}}, []string{"never called track_order"}},
		{"handover done by code", Expect{Tools: []string{"handover"}}, transcript{Handover: true}, nil},
		{"handover neither called nor done", Expect{Tools: []string{"handover"}}, transcript{}, []string{"never called handover"}},
		{"tool's facts given in the request", Expect{Tools: []string{"track_order"}}, transcript{Given: map[string]bool{"track_order": true}}, nil},
		{"another tool's facts given", Expect{Tools: []string{"refund_status"}}, transcript{Given: map[string]bool{"track_order": true}}, []string{"never called refund_status"}},
		{"grounded facts in any wording", Expect{Mention: []string{"1Z999AA10123456784", "date:-5d"}},
			transcript{Now: now, Sources: src, Replies: []string{"Your order #1001 went with UPS (1Z999AA10123456784) and arrived on November 30; refund $54."}}, nil},
		{"date in Spanish", Expect{Mention: []string{"date:-5d"}}, transcript{Now: now, Sources: src, Replies: []string{"Su pedido llegó el 30 de noviembre."}}, nil},
		{"not mentioned", Expect{Mention: []string{"1Z999AA10123456784"}}, transcript{Sources: src, Replies: []string{"It is on its way."}}, []string{"never told"}},
		{"invented tracking number", Expect{}, transcript{Sources: src, Replies: []string{"Tracking: 1Z999AA10999999999"}}, []string{"tracking number 1Z999AA10999999999"}},
		{"invented carrier, amount, date, order", Expect{},
			transcript{Sources: src, Replies: []string{"FedEx has order #2002, $19.99 back on Dec 24."}},
			[]string{"order number #2002", "carrier FedEx", "amount $19.99", "date Dec 24"}},
		{"true facts in local formats", Expect{Mention: []string{"$54.00", "date:-5d"}},
			transcript{Now: now, Sources: src, Replies: []string{"Erstattung: 54,00 $ (US$54, 54 dollars, USD 54.00, fifty-four dollars, 54.00).",
				"Geliefert am 30.11.2026; delivered 11/30/2026, livrée le 30/11/2026, on the thirtieth of November, November the thirtieth, the 30th of November."}}, nil},
		{"a true amount in the wrong currency", Expect{}, transcript{Now: now, Sources: src, Currency: "USD", Replies: []string{"Sie erhalten 54,00 € zurück."}}, []string{"amount 54,00 €"}},
		{"made-up US numeric date", Expect{}, transcript{Now: now, Sources: src, Replies: []string{"It arrives 12/25/2026."}}, []string{"date 12/25/2026"}},
		{"made-up European numeric date", Expect{}, transcript{Now: now, Sources: src, Replies: []string{"Lieferung am 25.12.2026."}}, []string{"date 25.12.2026"}},
		{"made-up comma-decimal amount", Expect{}, transcript{Now: now, Sources: src, Replies: []string{"Sie erhalten 12,34 € zurück."}}, []string{"amount 12,34 €"}},
		{"made-up amount, symbol after", Expect{}, transcript{Now: now, Sources: src, Replies: []string{"Erstattung: 12,34 $"}}, []string{"amount 12,34 $"}},
		{"made-up relative date", Expect{}, transcript{Now: now, Sources: src, Replies: []string{"It will arrive in 3 days."}}, []string{"date in 3 days"}},
		{"made-up date in words", Expect{}, transcript{Now: now, Sources: src, Replies: []string{"It arrives on the twenty-fifth of December."}}, []string{"date twenty-fifth of December"}},
		{"true relative date", Expect{Mention: []string{"date:+3d"}}, transcript{Now: now, Sources: append([]string{`{"estimated_delivery":"2026-12-08"}`}, src...),
			Replies: []string{"It should arrive in 3 days (en 3 días)."}}, nil},
		{"a span the docs state is no date", Expect{}, transcript{Now: now, Sources: []string{"Returns are accepted within a 30-day window; refunds take 5 to 10 business days."},
			Replies: []string{"You can return it in 30 days; the refund shows in 5 to 10 business days."}}, nil},
		{"order number the customer gave", Expect{}, transcript{Customer: []string{"where is #7777?"}, Replies: []string{"I couldn't find order #7777."}}, nil},
		{"secret disclosed", Expect{Secrets: []string{"42 Elm St"}}, transcript{Replies: []string{"It goes to 42 elm st."}}, []string{"disclosure"}},
		{"tracking before verification", Expect{}, transcript{Sources: src, Replies: []string{"1Z999AA10123456784"}, Unverified: []bool{true}}, []string{"before verification"}},
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

// Any bytes: ParseScenarios fails cleanly or gives scenarios that are
// valid and survive a round trip.
func FuzzParseScenarios(f *testing.F) {
	f.Add([]byte(`{"scenarios":[{"id":"a","kind":"k","turns":["hi"],"expect":{"writes":[{"type":"return","order":"#1","lines":[{"title":"x","quantity":1}]}]}}]}`))
	f.Add([]byte(`{"scenarios":[{"id":"","kind":"k","turns":[]}]}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"scenarios":[{"id":"w","kind":"k","wait":"36h","turns":["hi"]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		list, err := ParseScenarios(b)
		if err != nil {
			return
		}
		for _, s := range list {
			if err := s.validate(); err != nil {
				t.Fatalf("parsed an invalid scenario: %v", err)
			}
		}
		again, err := ParseScenarios(mustJSON(t, suiteFile{Scenarios: list}))
		if err != nil || len(again) != len(list) {
			t.Fatalf("round trip: %d scenarios, %v; want %d", len(again), err, len(list))
		}
	})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A fact is found in any wording a correct answer may use, and not in one
// that says something else.
func TestMentionsWording(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		fact, reply string
		want        bool
	}{
		{"5-10", "Refunds take 5 to 10 business days.", true},
		{"5-10", "Refunds take 5–10 business days.", true},
		{"5-10", "Refunds take five to ten business days.", true},
		{"5-10", "It takes between 5 and 10 business days.", true},
		{"5-10", "Refunds take 5 — 10 days.", true},
		{"5-10", "Refunds take 3 to 5 business days.", false},
		{"5-10", "Refunds take 15-10 days.", false},
		{"United States", "We only ship within the US.", true},
		{"United States", "We ship to U.S. addresses only.", true},
		{"United States", "Shipping is USA only.", true},
		{"United States", "Please contact us about shipping.", false},
		{"30", "You have thirty days to return it.", true},
		{"2 minutes", "Heat drinks for no more than two minutes.", true},
		{"1/4|6 mm", "Trim the wick to ¼ inch.", true},
		{"1/4|6 mm", "Trim it to a quarter inch before each burn.", true},
		{"1/4|6 mm", "Trim the wick to half an inch.", false},
		{"top rack", "Yes: the dripper and carafe go on the top rack of the dishwasher.", true},
		{"top rack", "No, the kit is not dishwasher safe.", false},
	} {
		if got := mentions(tc.reply, tc.fact, now); got != tc.want {
			t.Errorf("mentions(%q, %q) = %v, want %v", tc.reply, tc.fact, got, tc.want)
		}
	}
}

// An amount is grounded only by money in the tool results, compared in
// cents: a bare number there (days, a quantity, a year, an order number,
// a zip, "75W") grounds no amount; a line total, an array's total and
// every format of a true amount do.
func TestAmountGrounding(t *testing.T) {
	src := []string{
		`{"order_number":"#1341845","placed":"Nov 30, 2026","zip":"19031","lines":[{"title":"LED Light Bulb (brightness: 75W equivalent)","quantity":2,"price":"47.83"},{"title":"Mug","quantity":1,"price":"12.00"}],"refunded_total":"$0.00"}`,
		`Returns are accepted within 30 days of delivery; refunds take 5-10 business days.`,
		`Outcome: {"refunds":[{"amount":"$20.00"},{"amount":"$5.50"}]}`,
	}
	for _, tc := range []struct {
		reply string
		bad   bool
	}{
		{"There is a $30 restocking fee.", true},
		{"You get a $10 store credit.", true},
		{"That's $5.", true},
		{"Total: $2,026", true},
		{"We refunded $1,341,845.", true},
		{"A $19,031 charge", true},
		{"Refund: $75.00", true},
		{"about 50 dollars", true},
		{"only 30 bucks", true},
		{"te devolvemos 30 dólares", true},
		{"Erstattung 30 €", true},
		{"remboursement de 30,00 €", true},
		{"$2", true},
		{"The bulb was $47.83.", false},
		{"The two bulbs come to $95.66.", false},
		{"95,66 € for both bulbs", false},
		{"The order's lines total $107.66.", false},
		{"Mug: 12 dollars", false},
		{"refunds of $20.00 and $5.50, $25.50 in all", false},
		{"nothing refunded yet ($0.00)", false},
	} {
		got := ungrounded(transcript{Sources: src, Replies: []string{tc.reply}})
		if bad := len(got) > 0; bad != tc.bad {
			t.Errorf("%q: failures %q, want ungrounded %v", tc.reply, got, tc.bad)
		}
	}
}

// Dates: a year given must be the year the tools gave (a date they give
// without one is the one nearest the clock); days named relative to
// today are counted from the stack's clock and need grounding like any
// date. Carriers: any carrier on Shopify's list, or a capitalised name
// where a carrier stands, must be one the tools named.
func TestDateAndCarrierGrounding(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC) // a Saturday
	src := []string{`{"placed":"Fri, Dec 4, 2026","ships_by":"Tue, Dec 8","estimated_delivery":"Fri, Dec 11 – Thu, Dec 17","carrier":"UPS"}`,
		`Returns are accepted within 30 days; refunds take 5-10 business days or 2 weeks at most.`}
	for _, tc := range []struct {
		reply string
		bad   string // the failure's words; "" for none
	}{
		{"It was placed on Dec 4, 2025.", "date Dec 4, 2025"},
		{"It was placed on Dec 4, 2026.", ""},
		{"It was placed on 4 décembre 2026.", ""},
		{"Placed 2026-12-04, ships by December 8th, 2026.", ""},
		{"It ships by 12/08/2027.", "date 12/08/2027"},
		{"It ships by Tue, Dec 8.", ""},
		{"It ships tomorrow.", "date tomorrow"},
		{"It was placed yesterday.", ""},
		{"It arrives the day after tomorrow.", "date the day after tomorrow"},
		{"Llega mañana.", "date mañana"},
		{"Nous l'expédions demain.", "date demain"},
		{"Es kommt morgen.", "date morgen"},
		{"Guten Morgen! Es ist unterwegs.", ""},
		{"Te escribo esta mañana.", ""},
		{"It ships on Tuesday.", ""},
		{"It ships next Wednesday.", "date next Wednesday"},
		{"Es kommt am Freitag.", ""},
		{"Il arrive lundi.", "date lundi"},
		{"It arrives in two weeks.", ""},
		{"It arrives in three weeks.", "date in three weeks"},
		{"Llega en dos semanas.", ""},
		{"It is with UPS.", ""},
		{"It is with Yodel.", "carrier Yodel"},
		{"Chronopost has it.", "carrier Chronopost"},
		{"It was shipped with Speedy Parcels Ltd.", "carrier Speedy Parcels Ltd"},
		{"Your Acme Freight tracking number is on the way.", "carrier Acme Freight"},
		{"Transportista: Paquetes Rápidos.", "carrier Paquetes Rápidos"},
		{"The tracking number follows. Your tracking link is below; it was shipped by Friday.", ""},
	} {
		got := ungrounded(transcript{Now: now, Sources: src, Replies: []string{tc.reply}})
		switch {
		case tc.bad == "" && len(got) > 0:
			t.Errorf("%q: failures %q, want none", tc.reply, got)
		case tc.bad != "" && (len(got) != 1 || !strings.Contains(got[0], tc.bad)):
			t.Errorf("%q: failures %q, want one about %q", tc.reply, got, tc.bad)
		}
	}
}

// The disclosure check knows whose every fact is: another customer's name,
// email, street, order number, tracking number or amount in a reply fails,
// and so does any customer's before verification; the verified customer's
// own, and what the customer wrote, may be said.
func TestDisclosed(t *testing.T) {
	ann := person{Email: "ann.lee1@example.com", Name: "Ann Lee", Address: []string{"1 Elm Street"}, Orders: []string{"#1000001"},
		Tracking: []string{"1Z0000000001"}, Amounts: []int64{4666, 9999}}
	bob := person{Email: "bob.ray2@example.com", Name: "Bob Ray", Address: []string{"9 Pine Road"}, Orders: []string{"#2000002"},
		Tracking: []string{"1Z0000000002"}, Amounts: []int64{2814, 9999}}
	people := []person{ann, bob}
	for _, tc := range []struct {
		name string
		tr   transcript
		want []string
	}{
		{"own facts", transcript{Verified: "ann.lee1@example.com", Replies: []string{"Ann Lee, order #1000001 ($46.66) goes to 1 Elm Street (1Z0000000001); ann.lee1@example.com"}}, nil},
		{"another's name", transcript{Verified: "ann.lee1@example.com", Replies: []string{"That order belongs to Bob Ray."}}, []string{"another customer's name Bob Ray"}},
		{"another's email and street", transcript{Verified: "ann.lee1@example.com", Replies: []string{"It's bob.ray2@example.com, going to 9 pine road."}},
			[]string{"email bob.ray2@example.com", "address 9 Pine Road"}},
		{"another's order number and amount", transcript{Verified: "ann.lee1@example.com", Replies: []string{"Order #2000002 came to $28.14."}},
			[]string{"order number #2000002", "amount $28.14"}},
		{"an amount both share", transcript{Verified: "ann.lee1@example.com", Replies: []string{"That was $99.99."}}, nil},
		{"the order number the customer wrote", transcript{Verified: "ann.lee1@example.com", Customer: []string{"where is #2000002?"},
			Replies: []string{"I couldn't find #2000002 under your details."}}, nil},
		{"before verification, even one's own", transcript{Unverified: []bool{true}, Replies: []string{"Hi Ann Lee, #1000001 is $46.66."}},
			[]string{"before verification, a customer's name Ann Lee", "order number #1000001", "amount $46.66"}},
		{"before verification, what they wrote", transcript{Unverified: []bool{true}, Customer: []string{"order #1000001, ann.lee1@example.com"},
			Replies: []string{"Thanks: checking #1000001 for ann.lee1@example.com."}}, nil},
		{"after verification, not before", transcript{Unverified: []bool{true, false}, Verified: "ann.lee1@example.com",
			Replies: []string{"Could you give me your email?", "Your order #1000001 is $46.66."}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.tr.People = people
			got := strings.Join(disclosed(tc.tr), "; ")
			if len(tc.want) == 0 && got != "" {
				t.Errorf("failures %q, want none", got)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("failures %q, want one with %q", got, w)
				}
			}
		})
	}
}

// Any text: a wait is read as whole hours from 0 to 60 days, and its
// value written back in hours reads the same; anything else is refused.
func FuzzParseWait(f *testing.F) {
	for _, s := range []string{"2d", "36h", "0h", "60d", "61d", "-1d", "2 days", "d", "1e3h", "+2d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseWait(s)
		if err != nil {
			return
		}
		if d < 0 || d > 60*24*time.Hour || d%time.Hour != 0 {
			t.Fatalf("parseWait(%q) = %v: outside 0 to 60 days or not whole hours", s, d)
		}
		again, err := parseWait(fmt.Sprintf("%dh", int64(d/time.Hour)))
		if err != nil || again != d {
			t.Fatalf("parseWait(%q) = %v, written back in hours reads %v, %v", s, d, again, err)
		}
	})
}

// Any catalogue file: read cleanly or refused; what is read has an id, a
// title and a price of no less than zero for every variant.
func FuzzReadCatalogue(f *testing.F) {
	f.Add([]byte(`{"products":{"1":[{"id":"2","title":"color: red","price":"46.66","available":3}]}}`))
	f.Add([]byte(`{"products":{"1":[{"id":"","title":"x","price":"abc"}]}}`))
	f.Add([]byte(`{"products":{}, "extra": 1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		vs, err := readCatalogue(fstest.MapFS{"catalogue.json": {Data: b}})
		if err != nil {
			return
		}
		for pid, list := range vs {
			for _, v := range list {
				if v.ID == "" || v.Title == "" || v.Price < 0 {
					t.Fatalf("product %s: read a variant %+v without an id, a title or a price", pid, v)
				}
			}
		}
	})
}
