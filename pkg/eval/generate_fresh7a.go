package eval

// fresh7a are delivery questions of issue 18's seventh no-context trial
// (held out in pkg/offline/fresh7a_test.go): where the order is, asked in
// a shopper's own words ("when r u sending it", "is the mailman bringing
// it today"); a late parcel in a complaint's words ("shoulda been here by
// now"), which gets the follow-up promise; a parcel marked delivered that
// is not there, said by someone who looked ("Delivered?? Where??"); a way
// to reach a person ("is there a phone number"); and a status question
// beside words that ask nothing of the guides ("been a while"). Each
// intent is phrased five ways or more, with a typo.
func (g *gen) fresh7a() {
	const file = "fresh7a.json"
	all := func(tbOrder) bool { return true }
	at := func(status string, k int, keep func(tbOrder) bool) tbOrder { return g.pick(status, k+1, keep)[k] }
	for i, c := range []struct {
		ask  string
		typo bool
	}{
		{"when r u sending it", false},
		{"is the mailman bringing it today", false},
		{"any idea when itll show up", false},
		{"how much longer do i have to wait", false},
		{"i need it by saturday, will it make it?", false},
		{"wen will it turn up", true},
		{"whats the ups numbr so i can follow it", true},
	} {
		o := at("processed", 40+i, all)
		g.add(file, Scenario{Kind: "status_own_words", Start: verifiedStart(g, o), Tags: typoTag(c.typo), Turns: []string{c.ask},
			Expect: Expect{Tools: []string{"track_order"}, Stage: "in_transit", Handover: no(), Report: []string{"tracking_number"}}})
	}
	for i, c := range []struct {
		ask  string
		typo bool
	}{
		{"why hasnt it gone out yet i paid days ago", false},
		{"still processing??", false},
		{"update pls", false},
		{"has it been dispatched", false},
		{"wen r u gonna send it out", true},
	} {
		o := at("pending", 30+i, all)
		g.add(file, Scenario{Kind: "status_own_words_unshipped", Start: verifiedStart(g, o), Tags: typoTag(c.typo), Turns: []string{c.ask},
			Expect: Expect{Tools: []string{"track_order"}, Stage: "pre_shipment", Handover: no(), Report: []string{"ships_by|estimated_delivery"}}})
	}
	for i, c := range []struct {
		ask  string
		typo bool
	}{
		{"my parcel is overdue", false},
		{"shoulda been here by now tbh", false},
		{"ive been waiting over a week now this is unacceptable", false},
		{"the estimated date has come and gone", false},
		{"please chase the carrier for me", false},
		{"ordred weeks ago, ridiculous", true},
	} {
		o := at("processed", 50+i, all)
		g.add(file, Scenario{Kind: "late_own_words", Start: verifiedStart(g, o), Tags: typoTag(c.typo), Turns: []string{c.ask, "yes"},
			Expect: Expect{Tools: []string{"track_order", "follow_up"}, Done: []string{"follow_up"}, Handover: no()}})
	}
	delivered := func(o tbOrder) bool { return DeliveredDaysAgo(o.OrderID) >= 3 && DeliveredDaysAgo(o.OrderID) <= 25 }
	for i, c := range []struct {
		ask  string
		typo bool
	}{
		{"Delivered?? Where?? I've been home all day", false},
		{"i think someone stole my package, it says delivered", false},
		{"its showing delivered but ive checked everywhere", false},
		{"says deliverd but i searched the whole building", true},
		{"dice entregado pero no tengo nada", false},
	} {
		o := at("delivered", 60+i, delivered)
		lang := ""
		if i == 4 {
			lang = "es"
		}
		g.add(file, Scenario{Kind: "not_received_own_words", Lang: lang, Start: verifiedStart(g, o), Tags: typoTag(c.typo), Turns: []string{c.ask},
			Expect: Expect{Tools: []string{"report_not_received"}}})
	}
	for i, c := range []struct {
		ask  string
		typo bool
	}{
		{"is there a phone number i can call about my shipment", false},
		{"can i call you about my delivery", false},
		{"whats your phone number", false},
		{"i'd rather ring someone, what number do i call", false},
		{"is ther a phone numbr for you guys", true},
	} {
		o := at("processed", 60+i, all)
		g.add(file, Scenario{Kind: "call_person", Start: verifiedStart(g, o), Tags: typoTag(c.typo), Turns: []string{c.ask},
			Expect: Expect{Tools: []string{"handover"}, Handover: yes()}})
	}
	for i, c := range []struct {
		ask  string
		typo bool
	}{
		{"any news on my order? been a while", false},
		{"the tracking just says label created, is it actually coming?", false},
		{"part of my order came, what about the rest of it", false},
		{"wheres my parcel? what now", false},
		{"any updte on my oder? its been a while", true},
	} {
		o := at("processed", 70+i, all)
		g.add(file, Scenario{Kind: "status_vague_beside", Start: verifiedStart(g, o), Tags: typoTag(c.typo), Turns: []string{c.ask},
			Expect: Expect{Tools: []string{"track_order"}, Handover: no(), Report: []string{"tracking_number"}}})
	}
}
