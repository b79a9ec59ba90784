package offline_test

import (
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Found by a no-context trial on the demo shop (issue 18): an address in
// Canada or Mexico is an address abroad, refused with the offer of a
// person like a French one; a capacity question quotes the size section;
// a typo-laden how-to question still finds its guide; a question the
// guides do not answer gets "not in the guides", never an unrelated
// passage. Judged by outcome: the tool called, its status, the document
// and section quoted.
func TestTrialFindings(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"  // #1001 unshipped
		daniel = "daniel.reyes@example.com" // #1003 skillet + candle
		tom    = "tom.becker@example.com"   // #1004 mug + board
	)
	tests := []struct {
		name         string
		order, email string
		text         string
		abroad       bool   // change_address called with a country other than the US, refused
		doc, section string // the document and section quoted
		noAnswer     bool   // nothing quoted, a person offered
	}{
		{name: "france (already worked)", order: "#1001", email: maya, text: "please send it to 2 Rue du Port, 13002 Marseille, France instead", abroad: true},
		{name: "canada, city before", order: "#1001", email: maya, text: "ship it to Toronto instead, 100 Queen St W, Toronto ON M5H 2N2, Canada", abroad: true},
		{name: "canada, no country", order: "#1001", email: maya, text: "can you send it to 100 Queen St W, Toronto, ON M5H 2N2 instead", abroad: true},
		{name: "mexico", order: "#1001", email: maya, text: "new address: 500 Av. Reforma, CDMX, Mexico 06600", abroad: true},
		{name: "méxico", order: "#1001", email: maya, text: "please change the address to Calle Durango 12, Roma Norte, 06700 Ciudad de México, México", abroad: true},
		{name: "uk", order: "#1001", email: maya, text: "send it to 10 High Street, Leeds LS1 4AP, UK instead", abroad: true},
		{name: "capacity", order: "#1004", email: tom, text: "how much does the mug hold?", doc: "Harbor Stoneware Mug", section: "Size"},
		{name: "how-to, heavy typos", order: "#1003", email: daniel, text: "hw do i seasn the skilet", doc: "Cast-Iron Skillet", section: "Season"},
		{name: "capacity in ounces", order: "#1004", email: tom, text: "how many ounces is the mug", doc: "Harbor Stoneware Mug", section: "Size"},
		{name: "return shipping cost", order: "#1003", email: daniel, text: "do I have to pay for return shipping?", doc: "Shipping and returns FAQ", section: "start a return"},
		{name: "who pays return shipping, no order", text: "who pays for return shipping", doc: "Shipping and returns FAQ", section: "start a return"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, log := demoStack(t)
			c := chat(t, base, log, tt.order, tt.email)
			got := c.say(tt.text)
			for _, w := range writeTools {
				if got.status(w) == "done" {
					t.Errorf("%s done: %v", w, got.actions)
				}
			}
			switch {
			case tt.abroad:
				if !got.called(toolname.ChangeAddress) {
					t.Fatalf("tools %v, want %s", got.toolNames(), toolname.ChangeAddress)
				}
				if cc := got.arg(toolname.ChangeAddress, "country_code"); cc == "" || cc == `"US"` {
					t.Errorf("country_code %s, want a country abroad", cc)
				}
				if s := got.status(toolname.ChangeAddress); s != "refused" {
					t.Errorf("change_address status %q, want refused", s)
				}
			case tt.noAnswer:
				if q := quotedDocs(got.reply); len(q) > 0 {
					t.Errorf("quoted %v, want none", q)
				}
			default:
				if q := quotedDocs(got.reply); len(q) != 1 || q[0] != tt.doc {
					t.Errorf("quoted %v, want only %q", q, tt.doc)
				}
				if !strings.Contains(strings.ToLower(firstLine(got.reply)), strings.ToLower(tt.section)) {
					t.Errorf("quotes %q, want section %q", firstLine(got.reply), tt.section)
				}
			}
		})
	}
}
