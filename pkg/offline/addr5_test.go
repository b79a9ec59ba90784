package offline_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out phrasings for three misreads a no-context trial found (issue
// 18), written before reading the model's code: a label in front of a new
// address ("new address:", "Neue Adresse:") that ended up in address1; a
// correction of one part of the address (zip, apartment, street number,
// city) that got no proposal; a parcel delivered to the wrong house read
// as an address change. Judged by outcome: the tool called and its
// arguments, the proposal made or not, nothing run without a yes.

// addr5Arg is a string argument of the turn's first call of tool.
func addr5Arg(o turnOut, tool, key string) string {
	raw := o.arg(tool, key)
	if raw == "" {
		return ""
	}
	var s string
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return raw
	}
	return s
}

// addr5NothingRun fails when a write ran in a turn that had no yes.
func addr5NothingRun(t *testing.T, o turnOut) {
	t.Helper()
	for _, w := range writeTools {
		if s := o.status(w); s == "done" || s == "confirmed" {
			t.Errorf("%s %s without a yes: %v", w, s, o.actions)
		}
	}
}

// labelWords are words of a label that may stand before an address; none
// may end up in address1.
var labelWords = []string{"address", "adresse", "dirección", "direccion", "addy", "ship", "send",
	"deliver", "neue", "nueva", "nouvelle", "new", "to:", ":", "->", "is ", "please", "pls", "lieferadresse", "envoyer", "envíe", "schicken"}

func TestAddr5LabelledAddress(t *testing.T) {
	const maya = "maya.okafor@example.com" // #1001, unshipped
	tests := []struct {
		name, text string
		address1   string // the new street line, exactly
		zip        string
	}{
		{"en new address colon", "can you change the delivery address? new address: 12 Oak Street, Austin TX 78701", "12 Oak Street", "78701"},
		{"de neue adresse", "Können Sie die Lieferadresse ändern? Neue Adresse: 12 Oak Street, Austin TX 78701", "12 Oak Street", "78701"},
		{"es nueva direccion", "¿Pueden cambiar la dirección de envío? Nueva dirección: 350 Pine Avenue, Denver, CO 80203", "350 Pine Avenue", "80203"},
		{"fr nouvelle adresse", "Pouvez-vous changer l'adresse ? Nouvelle adresse : 9 Birch Lane, Salem, MA 01970", "9 Birch Lane", "01970"},
		{"ship to colon", "ship to: 77 River Road, Trenton NJ 08608", "77 River Road", "08608"},
		{"send it to", "please send it to 1600 Elm Drive, Madison, WI 53703 instead", "1600 Elm Drive", "53703"},
		{"my new addy is", "my new addy is 45 Cedar Ct, Boise ID 83702", "45 Cedar Ct", "83702"},
		{"typo adress label", "new adress: 210 Walnut Hill Rd, Providence RI 02906", "210 Walnut Hill Rd", "02906"},
		{"label with dash", "updated address - 18 Spring St, Burlington, VT 05401", "18 Spring St", "05401"},
		{"label arrow", "change shipping addr -> 5 Harbor View Dr, Portland ME 04101", "5 Harbor View Dr", "04101"},
		{"deliver to colon lower", "deliver to: 3021 Maple Avenue, Dallas, TX 75201 pls", "3021 Maple Avenue", "75201"},
		{"de lieferadresse label", "Bitte ändern. Lieferadresse: 88 Market Street, Columbus OH 43215", "88 Market Street", "43215"},
		{"es envie a", "Envíelo a 140 Grove St, Raleigh, NC 27601 por favor", "140 Grove St", "27601"},
		{"fr adresse de livraison", "Nouvelle adresse de livraison : 61 Union Square, Nashville TN 37201", "61 Union Square", "37201"},
		{"address is now", "my address is now 400 Broad Street, Richmond, VA 23219", "400 Broad Street", "23219"},
		{"label on its own line", "hi, I moved.\nNew address:\n27 Willow Way\nTucson, AZ 85701", "27 Willow Way", "85701"},
		{"shout label", "NEW ADDRESS: 8 Chestnut St, Hartford CT 06103", "8 Chestnut St", "06103"},
	}
	shared, sharedLog := demoStack(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := chat(t, shared, sharedLog, "#1001", maya)
			got := c.say(tt.text)
			addr5NothingRun(t, got)
			if !got.hasStatus(toolname.ChangeAddress, "proposed") {
				t.Fatalf("actions %v, want change_address proposed (tools %v)", got.actions, got.toolNames())
			}
			if a1 := addr5Arg(got, toolname.ChangeAddress, "address1"); a1 != tt.address1 {
				t.Errorf("address1 %q, want %q", a1, tt.address1)
			}
			if z := addr5Arg(got, toolname.ChangeAddress, "zip"); z != tt.zip {
				t.Errorf("zip %q, want %q", z, tt.zip)
			}
			if !strings.Contains(got.reply, tt.address1) {
				t.Errorf("reply %q does not state %q", got.reply, tt.address1)
			}
			low := strings.ToLower(got.reply)
			for _, ask := range []string{"full new address", "what's the new address", "what is the new address"} {
				if strings.Contains(low, ask) {
					t.Errorf("reply proposes and asks for the address (%q): %q", ask, got.reply)
				}
			}
		})
	}
}

// A yes to the German proposal writes the street line without its label.
func TestAddr5GermanYesWritesStreet(t *testing.T) {
	base, log := demoStack(t)
	c := chat(t, base, log, "#1001", "maya.okafor@example.com")
	got := c.say("Können Sie die Lieferadresse ändern? Neue Adresse: 12 Oak Street, Austin TX 78701")
	if a1 := addr5Arg(got, toolname.ChangeAddress, "address1"); a1 != "12 Oak Street" {
		t.Fatalf("proposed address1 %q, want 12 Oak Street", a1)
	}
	yes := c.say("ja")
	if s := yes.status(toolname.ChangeAddress); s != "done" && s != "confirmed" {
		t.Fatalf("after ja: actions %v, want change_address done", yes.actions)
	}
	raw, _ := json.Marshal(shopActions(t, base))
	if !strings.Contains(string(raw), "12 Oak Street") || strings.Contains(string(raw), "Neue") {
		t.Errorf("shop actions %s, want 12 Oak Street without its label", raw)
	}
}

// One part of the address corrected: the order's address with just that
// part changed, stated in full, proposed and not run.
func TestAddr5PartCorrections(t *testing.T) {
	const maya = "maya.okafor@example.com" // 48 Linden Street, Apt 2, Somerville MA 02143
	type want struct{ address1, address2, city, zip string }
	cur := want{"48 Linden Street", "Apt 2", "Somerville", "02143"}
	with := func(f func(*want)) want { w := cur; f(&w); return w }
	zip := func(z string) want { return with(func(w *want) { w.zip = z }) }
	apt := func(a string) want { return with(func(w *want) { w.address2 = a }) }
	tests := []struct {
		name, text string
		want       want
	}{
		{"zip should be not", "oops I typed the wrong zip code, it should be 02139 not 02143", zip("02139")},
		{"zip is wrong its", "the zip is wrong, it's 02144", zip("02144")},
		{"postcode typo", "wrong postcode! should be 02145", zip("02145")},
		{"zip correct one", "typo in my zip code - the correct one is 02139", zip("02139")},
		{"zip shorthand", "zip shld be 02139 sorry", zip("02139")},
		{"zip de", "Die Postleitzahl ist falsch, richtig ist 02139", zip("02139")},
		{"zip es", "El código postal está mal, es 02139", zip("02139")},
		{"zip fr", "Le code postal est faux, c'est 02139", zip("02139")},
		{"apt missing", "the apartment number is missing from my address, its apt 4B", apt("Apt 4B")},
		{"unit forgot", "i forgot to add my unit number: unit 7", apt("Unit 7")},
		{"suite add", "please add suite 210 to the address", apt("Suite 210")},
		{"apt wrong", "apt number is wrong, should be apt 3 not apt 2", apt("Apt 3")},
		{"apartment word", "my apartment is 12C, not 2", apt("Apt 12C")},
		{"apt hash", "can you put #5 as the apartment? i left it out", apt("Apt 5")},
		{"street number", "the house number is wrong, it's 84 not 48", with(func(w *want) { w.address1 = "84 Linden Street" })},
		{"street number typo", "wrong strret number, should be 46", with(func(w *want) { w.address1 = "46 Linden Street" })},
		{"city", "the city should be Cambridge not Somerville", with(func(w *want) { w.city = "Cambridge" })},
		{"town", "i put the wrong town, it's Medford", with(func(w *want) { w.city = "Medford" })},
	}
	shared, sharedLog := demoStack(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := chat(t, shared, sharedLog, "#1001", maya)
			got := c.say(tt.text)
			addr5NothingRun(t, got)
			if !got.hasStatus(toolname.ChangeAddress, "proposed") {
				t.Fatalf("actions %v, want change_address proposed (tools %v)", got.actions, got.toolNames())
			}
			// The order's address with just that part changed, stated
			// in full.
			full := strings.Join([]string{tt.want.address1, tt.want.address2, tt.want.city, "MA " + tt.want.zip}, ", ")
			if !strings.Contains(strings.ToLower(got.reply), strings.ToLower(full)) {
				t.Errorf("reply %q does not state %q", got.reply, full)
			}
		})
	}
}

// A part named without its new value, or an address said to be wrong
// without saying how: a question for the full address, no proposal; and
// corrections on an order that has left: no proposal.
func TestAddr5PartAmbiguousOrLate(t *testing.T) {
	const (
		maya  = "maya.okafor@example.com"
		priya = "priya.natarajan@example.com" // #1002, label printed
	)
	tests := []struct {
		name, order, email, text string
	}{
		{"mistake in address", "#1001", maya, "there's a mistake in my address"},
		{"typo somewhere", "#1001", maya, "my address has a typo in it"},
		{"zip wrong no value", "#1001", maya, "I think I typed the wrong zip code"},
		{"label printed zip", "#1002", priya, "oops wrong zip, it should be 78705"},
		{"label printed apt", "#1002", priya, "i forgot my apt number, its apt 9"},
	}
	shared, sharedLog := demoStack(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := chat(t, shared, sharedLog, tt.order, tt.email)
			got := c.say(tt.text)
			addr5NothingRun(t, got)
			if p := got.proposed(); p != "" {
				t.Errorf("proposed %s, want nothing (actions %v)", p, got.actions)
			}
			if got.called(toolname.ReportDamage) || got.called(toolname.SearchDocs) {
				t.Errorf("tools %v, want no damage report and no doc search", got.toolNames())
			}
			if !strings.Contains(strings.ToLower(got.reply), "address") {
				t.Errorf("reply %q does not speak of the address", got.reply)
			}
		})
	}
}

// A parcel the carrier marked delivered at the wrong house: the
// not-received steps, not an address change.
func TestAddr5DeliveredElsewhere(t *testing.T) {
	const samuel = "samuel.whitfield@example.com" // #1006, delivered
	texts := []string{
		"the photo from the driver shows a house that isnt mine, it went to the wrong address",
		"it says delivered but it went to the wrong house",
		"the delivery photo is of someone else's porch",
		"the driver left it at the wrong address",
		"tracking says delivered to 12 Elm St, that's not my address",
		"delivered to the wrong address!!",
		"it was dropped off at the wrong building",
		"the courier delivered it to a different street",
		"wrong adress on the delivery pic, thats not my door",
		"Das Paket wurde an die falsche Adresse geliefert",
		"El paquete fue entregado en la dirección equivocada",
		"Le colis a été livré à la mauvaise adresse",
		"the proof of delivery picture isn't my house",
		"it got delivered somewhere else, not to me",
		"someone else got my package, the driver went to the wrong house",
		"ur driver dropped my box at the wrong addres",
	}
	for _, text := range texts {
		t.Run(text, func(t *testing.T) {
			// Its own shop: the first report hands the order to a person.
			base, log := demoStack(t)
			c := chat(t, base, log, "#1006", samuel)
			got := c.say(text)
			// The delivery policy's own step (a person, a trace) runs
			// without a proposal; no write of the customer's may.
			for _, w := range writeTools {
				if s := got.status(w); w != toolname.ReportNotReceived && (s == "done" || s == "confirmed") {
					t.Errorf("%s %s without a yes: %v", w, s, got.actions)
				}
			}
			if !got.called(toolname.ReportNotReceived) {
				t.Errorf("tools %v, want %s", got.toolNames(), toolname.ReportNotReceived)
			}
			if got.called(toolname.ChangeAddress) {
				t.Errorf("tools %v, want no %s", got.toolNames(), toolname.ChangeAddress)
			}
		})
	}
}

// A part corrected right after a stated address change: that address with
// the part changed, not the order's, stated for a yes.
func TestAddr5PartAfterProposal(t *testing.T) {
	const maya = "maya.okafor@example.com"
	first := "please change my address to 450 Pine Avenue, Portland, OR 97205"
	tests := []struct{ text, stated string }{
		{"oops, zip code should be 97206", "450 Pine Avenue, Portland, OR 97206"},
		{"my mistake, postcode 97209", "450 Pine Avenue, Portland, OR 97209"},
		{"sorry i forgot the apt number, its apt 5", "450 Pine Avenue, Apt 5, Portland, OR 97205"},
		{"wait the house number is wrong, should be 452", "452 Pine Avenue, Portland, OR 97205"},
		{"no, the city should be Beaverton", "450 Pine Avenue, Beaverton, OR 97205"},
	}
	shared, sharedLog := demoStack(t)
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			c := chat(t, shared, sharedLog, "#1001", maya)
			c.say(first)
			got := c.say(tt.text)
			addr5NothingRun(t, got)
			if !got.hasStatus(toolname.ChangeAddress, "proposed") || !strings.Contains(got.reply, tt.stated) {
				t.Errorf("actions %v, reply %q, want %q proposed", got.actions, got.reply, tt.stated)
			}
		})
	}
}
