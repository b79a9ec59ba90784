package offline_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out conversations about a shipping address (issue 18, addr13),
// written before reading the model's code, after a trial where: a
// recipient's name at the head of an address was dropped from the
// proposal; a bare name after a proposal asked for the address again; a
// question about the address on file was read as a change; the address
// just written could not be read back; and a change for the unshipped part
// of a split order got carrier-redirect advice. Judged by outcome: the
// proposal code states (name and street), what ran after yes, what the
// shop received, which facts the reply carries.

// a13Addr is a wanted proposal: empty fields are not checked.
type a13Addr struct{ name, address1, address2, zip string }

// a13Step is one customer message and what must follow it.
type a13Step struct {
	say     string
	propose *a13Addr // change_address proposed, stating these
	ran     bool     // change_address ran (a yes)
	none    bool     // no proposal and no write
	shows   []string // facts the reply carries (case-insensitive)
	hides   []string // facts the reply must not carry
	noAsk   bool     // the reply does not ask for a new address
}

type a13Case struct {
	name, order, email string
	steps              []a13Step
	shop               []string // what the shop received, after the last step
	gap                string   // a known gap: the case must still fail
}

// a13Asks are requests for a new address; a check of the address makes
// none.
var a13Asks = []string{"full new address", "what's the new address", "what is the new address", "new address?", "which address should"}

// a13T is what a13Check reports to: the test, or a recorder for a gap.
type a13T interface {
	Helper()
	Errorf(format string, args ...any)
}

// a13Rec records the failures of a known gap's case.
type a13Rec struct{ fails []string }

func (r *a13Rec) Helper() {}
func (r *a13Rec) Errorf(format string, args ...any) {
	r.fails = append(r.fails, fmt.Sprintf(format, args...))
}

func a13Check(t a13T, got turnOut, st a13Step) {
	t.Helper()
	low := strings.ToLower(got.reply)
	if st.propose != nil {
		if !got.hasStatus(toolname.ChangeAddress, "proposed") {
			t.Errorf("%q: actions %v, want change_address proposed (tools %v)", st.say, got.actions, got.toolNames())
		}
		w := st.propose
		for _, f := range []string{w.name, w.address1, w.address2, w.zip} {
			if f != "" && !strings.Contains(low, strings.ToLower(f)) {
				t.Errorf("%q: proposal %q does not state %q", st.say, got.reply, f)
			}
		}
		if w.name != "" && w.address1 != "" && !strings.Contains(low, strings.ToLower(w.name+", "+w.address1)) {
			t.Errorf("%q: proposal %q does not ship to %s at %s", st.say, got.reply, w.name, w.address1)
		}
	}
	if st.ran {
		if s := got.status(toolname.ChangeAddress); s != "done" && s != "confirmed" {
			t.Errorf("%q: actions %v, want change_address done", st.say, got.actions)
		}
	} else {
		for _, w := range writeTools {
			if s := got.status(w); s == "done" || s == "confirmed" {
				t.Errorf("%q: %s %s without a yes: %v", st.say, w, s, got.actions)
			}
		}
	}
	if st.none {
		if p := got.proposed(); p != "" {
			t.Errorf("%q: proposed %s, want nothing (actions %v)", st.say, p, got.actions)
		}
	}
	for _, f := range st.shows {
		if !strings.Contains(low, strings.ToLower(f)) {
			t.Errorf("%q: reply %q does not carry %q", st.say, got.reply, f)
		}
	}
	for _, f := range st.hides {
		if strings.Contains(low, strings.ToLower(f)) {
			t.Errorf("%q: reply %q carries %q", st.say, got.reply, f)
		}
	}
	if st.noAsk {
		for _, a := range a13Asks {
			if strings.Contains(low, a) {
				t.Errorf("%q: reply asks for a new address (%q): %q", st.say, a, got.reply)
			}
		}
	}
}

func TestAddr13Conversations(t *testing.T) {
	const (
		maya   = "maya.okafor@example.com"     // #1001 unshipped: Maya Okafor, 48 Linden Street, Apt 2, Somerville MA 02143
		priya  = "priya.natarajan@example.com" // #1002 shipped: 1207 South 3rd Street, Austin
		marcus = "marcus.johnson@example.com"  // #1010 split: throw in transit, skillet not shipped
	)
	p := func(name, a1, a2, zip string) *a13Addr { return &a13Addr{name, a1, a2, zip} }
	yes := a13Step{say: "yes", ran: true}
	proposeLinda := a13Step{say: "please ship it to 77 W 3rd St Apt 5, New York, NY 10012", propose: p("Maya Okafor", "77 W 3rd St", "Apt 5", "10012")}
	tests := []a13Case{
		// A recipient's name at the head of the address goes into the proposal.
		{name: "trial name head", order: "#1001", email: maya, steps: []a13Step{
			{say: "Ship it to Linda Whitfield, 77 W 3rd St Apt 5, New York, NY 10012", propose: p("Linda Whitfield", "77 W 3rd St", "Apt 5", "10012"), hides: []string{"Maya Okafor"}},
			yes}, shop: []string{"Linda Whitfield", "77 W 3rd St"}},
		{name: "initials", order: "#1001", email: maya, steps: []a13Step{
			{say: "send it to J. R. Tolkien, 12 Oak Street, Austin TX 78701", propose: p("J. R. Tolkien", "12 Oak Street", "", "78701"), hides: []string{"Maya Okafor"}},
			yes}, shop: []string{"J. R. Tolkien", "12 Oak Street"}},
		{name: "c/o", order: "#1001", email: maya, steps: []a13Step{
			{say: "change the address to c/o Ana de la Cruz, 350 Pine Avenue, Denver, CO 80203", propose: p("Ana de la Cruz", "350 Pine Avenue", "", "80203")}}},
		{name: "attn", order: "#1001", email: maya, steps: []a13Step{
			{say: "new address: attn Peter van der Berg, 9 Birch Lane, Salem, MA 01970", propose: p("Peter van der Berg", "9 Birch Lane", "", "01970")}}},
		{name: "no comma after name", order: "#1001", email: maya, steps: []a13Step{
			{say: "pls ship to Mary-Kate O'Neil 45 Cedar Ct Boise ID 83702", propose: p("Mary-Kate O'Neil", "45 Cedar Ct", "", "83702"), hides: []string{"Maya Okafor"}}}},
		{name: "two-word surname", order: "#1001", email: maya, steps: []a13Step{
			{say: "Could you send it to Sofia Ramos Vega, 140 Grove St, Raleigh, NC 27601?", propose: p("Sofia Ramos Vega", "140 Grove St", "", "27601"), hides: []string{"Maya Okafor"}},
			yes}, shop: []string{"Sofia Ramos Vega", "140 Grove St"}},
		{name: "es nombre", order: "#1001", email: maya, steps: []a13Step{
			{say: "Envíelo a María García López, 140 Grove St, Raleigh, NC 27601 por favor", propose: p("María García López", "140 Grove St", "", "27601"), hides: []string{"Maya Okafor"}}}},
		{name: "de name", order: "#1001", email: maya, steps: []a13Step{
			{say: "Bitte schicken an: Hans Müller, 88 Market Street, Columbus OH 43215", propose: p("Hans Müller", "88 Market Street", "", "43215"), hides: []string{"Maya Okafor"}}}},
		{name: "fr nom", order: "#1001", email: maya, steps: []a13Step{
			{say: "Envoyez-le à Claire Dubois, 61 Union Square, Nashville TN 37201 svp", propose: p("Claire Dubois", "61 Union Square", "", "37201"), hides: []string{"Maya Okafor"}}}},
		{name: "name on its own line", order: "#1001", email: maya, steps: []a13Step{
			{say: "new shipping address:\nLinda Whitfield\n77 W 3rd St Apt 5\nNew York, NY 10012", propose: p("Linda Whitfield", "77 W 3rd St", "Apt 5", "10012"), hides: []string{"Maya Okafor"}}}},
		{name: "typo lower name", order: "#1001", email: maya, gap: "a lower-case city and state, new york ny, are not read", steps: []a13Step{
			{say: "shipp it to linda whitfield, 77 w 3rd st apt 5, new york ny 10012", propose: p("linda whitfield", "77 w 3rd st", "", "10012"), hides: []string{"Maya Okafor"}}}},
		// No name given: the order's name stays, and "my office" is no name.
		{name: "no name keeps order's", order: "#1001", email: maya, steps: []a13Step{
			{say: "please change the address to 12 Oak Street, Austin TX 78701", propose: p("Maya Okafor", "12 Oak Street", "", "78701")}}},
		{name: "my office no name", order: "#1001", email: maya, steps: []a13Step{
			{say: "send it to my office 191 Peachtree St NE Suite 400 Atlanta GA 30303", propose: p("Maya Okafor", "191 Peachtree St NE", "Suite 400", "30303")}}},

		// A bare name after a proposal changes that proposal's name.
		{name: "bare name after proposal", order: "#1001", email: maya, steps: []a13Step{
			proposeLinda,
			{say: "Linda Whitfield", propose: p("Linda Whitfield", "77 W 3rd St", "Apt 5", "10012"), noAsk: true, hides: []string{"Maya Okafor"}},
			yes}, shop: []string{"Linda Whitfield", "77 W 3rd St"}},
		{name: "name should be", order: "#1001", email: maya, steps: []a13Step{
			proposeLinda,
			{say: "the name should be Linda Whitfield tho", propose: p("Linda Whitfield", "77 W 3rd St", "", ""), noAsk: true},
			yes}, shop: []string{"Linda Whitfield", "77 W 3rd St"}},
		{name: "put under name initials", order: "#1001", email: maya, steps: []a13Step{
			{say: "change address to 9 Birch Lane, Salem, MA 01970", propose: p("Maya Okafor", "9 Birch Lane", "", "01970")},
			{say: "put it under the name T. J. Okafor please", propose: p("T. J. Okafor", "9 Birch Lane", "", "01970"), noAsk: true}}},
		{name: "es a nombre de", order: "#1001", email: maya, steps: []a13Step{
			proposeLinda,
			{say: "a nombre de Linda Whitfield", propose: p("Linda Whitfield", "77 W 3rd St", "", ""), noAsk: true}}},
		// The trial: the name dropped, the customer takes the address, then gives the name.
		{name: "trial just do the address then name", order: "#1001", email: maya, steps: []a13Step{
			{say: "Ship it to Linda Whitfield, 77 W 3rd St Apt 5, New York, NY 10012", propose: p("", "77 W 3rd St", "", "10012")},
			{say: "ok just do the address then, yes", ran: true, noAsk: true},
			{say: "Linda Whitfield", propose: p("Linda Whitfield", "77 W 3rd St", "", ""), noAsk: true},
			yes}, shop: []string{"Linda Whitfield"}},

		// A check of the address shows it and asks for no new one.
		{name: "typo where going", order: "#1001", email: maya, steps: []a13Step{
			{say: "whr is it going, wht adress", none: true, noAsk: true, shows: []string{"48 Linden Street"}}}},
		{name: "negated change on file", order: "#1001", email: maya, steps: []a13Step{
			{say: "don't want to change it, what address do you have on file", none: true, noAsk: true, shows: []string{"48 Linden Street"}}}},
		{name: "confirm address", order: "#1001", email: maya, steps: []a13Step{
			{say: "can you confirm the shipping address on my order?", none: true, noAsk: true, shows: []string{"48 Linden Street"}}}},
		{name: "typo wich adres", order: "#1001", email: maya, steps: []a13Step{
			{say: "wich adres will it ship to??", none: true, noAsk: true, shows: []string{"48 Linden Street"}}}},
		{name: "de welche adresse", order: "#1001", email: maya, steps: []a13Step{
			{say: "An welche Adresse wird die Bestellung geliefert?", none: true, noAsk: true, shows: []string{"48 Linden Street"}}}},
		{name: "fr quelle adresse", order: "#1001", email: maya, steps: []a13Step{
			{say: "Quelle est l'adresse de livraison de ma commande ?", none: true, noAsk: true, shows: []string{"48 Linden Street"}}}},
		{name: "es que direccion", order: "#1001", email: maya, steps: []a13Step{
			{say: "¿A qué dirección se va a enviar?", none: true, noAsk: true, shows: []string{"48 Linden Street"}}}},
		{name: "just checking no change", order: "#1001", email: maya, steps: []a13Step{
			{say: "no change needed, just checking which address you have", none: true, noAsk: true, shows: []string{"48 Linden Street"}}}},
		{name: "shipped order where did it go", order: "#1002", email: priya, steps: []a13Step{
			{say: "what address did it ship to", none: true, noAsk: true, shows: []string{"1207 South 3rd Street"}}}},
		{name: "asked change then only check", order: "#1001", email: maya, steps: []a13Step{
			{say: "can i change my shipping address?", none: true},
			{say: "actually nvm, what address do you have now?", none: true, noAsk: true, shows: []string{"48 Linden Street"}}}},

		// After a change ran, the order's address is the new one.
		{name: "read back after change", order: "#1001", email: maya, steps: []a13Step{
			{say: "change the address to 12 Oak Street, Austin TX 78701", propose: p("", "12 Oak Street", "", "78701")},
			yes,
			{say: "read back the address please", none: true, noAsk: true, shows: []string{"12 Oak Street", "78701"}, hides: []string{"48 Linden Street"}}}},
		{name: "what is it now after change", order: "#1001", email: maya, steps: []a13Step{
			{say: "ship it to Sofia Ramos Vega, 140 Grove St, Raleigh, NC 27601", propose: p("", "140 Grove St", "", "27601")},
			yes,
			{say: "whats the shipping address on the order now?", none: true, noAsk: true, shows: []string{"140 Grove St"}, hides: []string{"48 Linden"}}}},
		{name: "de read back after change", order: "#1001", email: maya, steps: []a13Step{
			{say: "change the address to 12 Oak Street, Austin TX 78701", propose: p("", "12 Oak Street", "", "78701")},
			{say: "ja", ran: true},
			{say: "Wie lautet die Lieferadresse jetzt?", none: true, noAsk: true, shows: []string{"12 Oak Street"}}}},

		// The unshipped part of a split order: one address per order, part
		// already shipped: no proposal, the true reason, a person offered,
		// no carrier redirect for a part that has not shipped.
		{name: "split skillet office", order: "#1010", email: marcus, steps: []a13Step{
			{say: "keep it; send the skillet to my office 191 Peachtree St NE Suite 400 Atlanta GA 30303", none: true,
				shows: []string{"Stonewashed Linen Throw"}, hides: []string{"redirect", "tracking link"}}}},
		{name: "split unshipped part", order: "#1010", email: marcus, steps: []a13Step{
			{say: "the skillet hasn't shipped yet right? can it go to 191 Peachtree St NE, Atlanta GA 30303 instead", none: true,
				shows: []string{"Stonewashed Linen Throw"}, hides: []string{"redirect", "tracking link"}}}},
		{name: "split rest of order de", order: "#1010", email: marcus, steps: []a13Step{
			{say: "Bitte den Rest der Bestellung an 191 Peachtree St NE, Atlanta GA 30303 schicken", none: true,
				hides: []string{"redirect", "tracking link"}}}},
	}
	shared, sharedLog := demoStack(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, log := shared, sharedLog
			if tt.shop != nil || a13Writes(tt) {
				base, log = demoStack(t) // a write changes the shop
			}
			c := chat(t, base, log, tt.order, tt.email)
			var rep a13T = t
			rec := &a13Rec{}
			if tt.gap != "" {
				rep = rec
			}
			for _, st := range tt.steps {
				a13Check(rep, c.say(st.say), st)
			}
			if tt.shop != nil {
				raw, _ := json.Marshal(shopActions(t, base))
				for _, f := range tt.shop {
					if !strings.Contains(strings.ToLower(string(raw)), strings.ToLower(f)) {
						rep.Errorf("shop actions %s, want %q", raw, f)
					}
				}
			}
			if tt.gap != "" {
				if len(rec.fails) == 0 {
					t.Errorf("known gap (%s) now passes: take its mark off", tt.gap)
				}
				t.Logf("known gap (%s): %v", tt.gap, rec.fails)
			}
		})
	}
}

// a13Writes reports whether a case runs a write.
func a13Writes(tt a13Case) bool {
	for _, st := range tt.steps {
		if st.ran {
			return true
		}
	}
	return false
}
