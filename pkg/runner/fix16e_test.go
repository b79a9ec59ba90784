package runner_test

import (
	"strings"
	"testing"
)

// make dev: a missing parcel the not-received step hands to a person is
// made good from the console through the proposal record: the handoff's
// page offers a replacement and a refund of the parcel's lines; approving
// the replacement runs it once in the shop, tells the customer in their
// conversation and resolves the handoff; a second approval is 409 and
// changes nothing.
func TestNotReceivedHandoffMadeGoodFromTheConsole(t *testing.T) {
	srv := actionsServer(t)
	con := signIn(t, srv)
	con.set(func(s map[string]any) {
		p := s["policy"].(map[string]any)
		p["not_received_wait_hours"], p["not_received_action"] = 0, "person"
	})
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	c.say("it says delivered but I never got it")
	if n := len(shopActions(t, srv)); n != 0 {
		t.Fatalf("%d shop actions before a person acted", n)
	}
	var q struct {
		Handoffs []struct {
			ID    string `json:"id"`
			Order string `json:"order"`
		} `json:"handoffs"`
		Approvals []struct {
			ID    string `json:"id"`
			Order string `json:"order"`
		} `json:"approvals"`
	}
	if code := con.do("GET", "/console/api/queue", nil, &q); code != 200 {
		t.Fatalf("queue: %d", code)
	}
	id := ""
	for _, h := range q.Handoffs {
		if h.Order == "#1006" {
			id = h.ID
		}
	}
	if id == "" {
		t.Fatalf("no handoff about #1006 in the queue: %+v", q)
	}
	var page struct {
		Offers []struct {
			Resolution string `json:"resolution"`
			Statement  string `json:"statement"`
			AmountText string `json:"amount_text"`
			Lines      []struct {
				Title    string `json:"title"`
				Quantity int    `json:"quantity"`
			} `json:"lines"`
		} `json:"offers"`
	}
	if code := con.do("GET", "/console/api/handoffs/"+id, nil, &page); code != 200 {
		t.Fatalf("handoff page: %d", code)
	}
	offered := map[string]string{}
	for _, o := range page.Offers {
		offered[o.Resolution] = o.Statement
		if len(o.Lines) == 0 {
			t.Errorf("offer %s has no lines", o.Resolution)
		}
		if o.Resolution == "refund" && o.AmountText == "" {
			t.Errorf("the refund offer names no amount: %+v", o)
		}
	}
	if offered["replacement"] == "" || offered["refund"] == "" {
		t.Fatalf("offers %+v: want a replacement and a refund", page.Offers)
	}
	var res map[string]any
	if code := con.do("POST", "/console/api/handoffs/"+id+"/decide", map[string]any{"approve": true, "offer": "replacement"}, &res); code != 200 {
		t.Fatalf("approve the replacement: %d %v", code, res)
	}
	acts := shopActions(t, srv)
	if r := ofType(acts, "replacement"); len(r) != 1 || r[0].Order != "#1006" || len(ofType(acts, "refund")) != 0 {
		t.Fatalf("shop actions %+v: want one replacement of #1006 and no refund", acts)
	}
	told := false
	for _, m := range c.transcript() {
		told = told || strings.Contains(m, "A replacement of")
	}
	if !told {
		t.Errorf("the customer was not told in their conversation: %q", c.transcript())
	}
	var after struct {
		State  string `json:"state"`
		Status string `json:"status"`
		Offers []any  `json:"offers"`
	}
	con.do("GET", "/console/api/handoffs/"+id, nil, &after)
	if after.Status != "resolved" || len(after.Offers) != 0 {
		t.Errorf("handoff after the approval: %+v, want resolved with nothing more to offer", after)
	}
	for _, offer := range []string{"replacement", "refund"} {
		if code := con.do("POST", "/console/api/handoffs/"+id+"/decide", map[string]any{"approve": true, "offer": offer}, nil); code != 409 {
			t.Errorf("a second approval (%s): %d, want 409", offer, code)
		}
	}
	if n := len(shopActions(t, srv)); n != len(acts) {
		t.Errorf("shop actions %d → %d after the second approvals", len(acts), n)
	}
}
