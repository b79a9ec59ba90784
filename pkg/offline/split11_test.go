package offline_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Facts of the demo orders (events/shopify/orders) a part's answer must
// repeat: what was paid, where it goes, its tracking numbers.
var (
	s11paid = map[string]string{"#1001": "85.51", "#1002": "127.74", "#1003": "88.47", "#1004": "94.00",
		"#1005": "178.76", "#1006": "119.84", "#1010": "185.13", "#1011": "117.58"}
	s11street = map[string]string{"#1001": "48 Linden", "#1002": "1207 South 3rd", "#1003": "2931 Gilpin",
		"#1004": "3316 SE Belmont", "#1005": "4512 Fremont", "#1006": "77 Cumberland", "#1010": "1389 McLendon",
		"#1011": "412 7th Avenue"}
	s11tracking = map[string][]string{"#1002": {"9400111899223344556677"}, "#1003": {"1Z9HH4870345612786"},
		"#1004": {"9400111899561122334455"}, "#1005": {"794612345678"}, "#1006": {"1Z9HH4870348823410"},
		"#1010": {"1Z9HH4870342290158"}, "#1011": {"1Z9HH4870346634921", "9400111899334455667788"}}
	// s11canChange: an unshipped order's address can still change; the
	// reply says so or asks for the new one.
	s11canChange = append([]string{"can still", "still be changed", "still change", "can change", "can be changed", "yes"}, m10askAddr...)
	// s11cantChange: a shipped order's address cannot; a person is an honest answer too.
	s11cantChange = append([]string{"already shipped", "has shipped", "person", "team"}, m10cant...)
)

func s11amount(order string) m10part  { return m10says(s11paid[order]) }
func s11address(order string) m10part { return m10says(s11street[order]) }
func s11track(order string) m10part   { return m10says(s11tracking[order]...) }

// s11tests are the held-out phrasings (split11), written before reading
// pkg/offline: two and three parts in one message, each part asking
// for its own fact (status, address, amount, tracking) or a write.
// Every part must be answered in the one reply; a write is proposed
// only when a part asks for one.
func s11tests() []m10case {
	const (
		maya, priya, daniel, tom = m10maya, m10priya, m10daniel, m10tom
		grace, samuel, marcus    = m10grace, m10samuel, m10marcus
		elena                    = m10elena
	)
	return []m10case{
		// English, typos, little punctuation: questions only.
		{name: "en where and adress", order: "#1003", email: daniel, text: "where is my order and what adress is it going to",
			parts: []m10part{m10status(), s11address("#1003")}, noProposal: true},
		{name: "en three parts unshipped", order: "#1001", email: maya, text: "wheres my package how much did i pay and can i still change the address",
			parts: []m10part{m10status(), s11amount("#1001"), m10says(s11canChange...)}, noProposal: true},
		{name: "en also tracking", order: "#1004", email: tom, text: "hows my order doing also whats the tracking number",
			parts: []m10part{m10status(), s11track("#1004")}, noProposal: true},
		{name: "en how much and shipped", order: "#1002", email: priya, text: "how much was my order and has it shipped yet",
			parts: []m10part{s11amount("#1002"), m10status()}, noProposal: true},
		{name: "en delivered and paid", order: "#1006", email: samuel, text: "was it delivered and how much did i pay",
			parts: []m10part{m10status(), s11amount("#1006")}, noProposal: true},
		{name: "en three commas failed", order: "#1005", email: grace, text: "whats going on with my order, whats the tracking no, and where was it sent",
			parts: []m10part{m10status(), s11track("#1005"), s11address("#1005")}, noProposal: true},
		{name: "en newline partial", order: "#1010", email: marcus, text: "did everything ship\nwhat address did u use",
			parts: []m10part{m10status(), s11address("#1010")}, noProposal: true},
		{name: "en tracking pls and paid", order: "#1011", email: elena, text: "tracking numbers pls and how much i paid",
			parts: []m10part{s11track("#1011"), s11amount("#1011")}, noProposal: true},
		{name: "en total then when", order: "#1003", email: daniel, text: "whats the total i paid? whens it coming?",
			parts: []m10part{s11amount("#1003"), m10status()}, noProposal: true},
		{name: "en three question marks", order: "#1001", email: maya, text: "has it shipped? what address is on it? how much was it?",
			parts: []m10part{m10status(), s11address("#1001"), s11amount("#1001")}, noProposal: true},
		{name: "en tracking also address", order: "#1002", email: priya, text: "Tracking number? Also, what address did it ship to?",
			parts: []m10part{s11track("#1002"), s11address("#1002")}, noProposal: true},
		{name: "en spend newline rest", order: "#1010", email: marcus, text: "how much did i spend on this order\nand wheres the rest of it",
			parts: []m10part{s11amount("#1010"), m10status()}, noProposal: true},
		{name: "en address when tracking", order: "#1003", email: daniel, text: "whats the delivery address and when will it get here and whats the tracking",
			parts: []m10part{s11address("#1003"), m10status(), s11track("#1003")}, noProposal: true},
		{name: "en total and delivered where", order: "#1006", email: samuel, text: "what was the total, and where did you deliver it to",
			parts: []m10part{s11amount("#1006"), s11address("#1006")}, noProposal: true},
		{name: "en happening and paid", order: "#1005", email: grace, text: "what's happening with my delivery, and what did i pay for it",
			parts: []m10part{m10status(), s11amount("#1005")}, noProposal: true},
		{name: "en all arrived address on file", order: "#1011", email: elena, text: "has all of it arrived, and whats the address on file",
			parts: []m10part{m10status(), s11address("#1011")}, noProposal: true},

		// A shipped order's address: the part is answered honestly, nothing proposed.
		{name: "en where paid change shipped", order: "#1003", email: daniel, text: "where is it, how much did i pay, and can i still change the address?",
			parts: []m10part{m10status(), s11amount("#1003"), m10says(s11cantChange...)}, noProposal: true},
		{name: "en change addr and arrive", order: "#1004", email: tom, text: "can i change the shipping address and when will it arrive",
			parts: []m10part{m10says(s11cantChange...), m10status()}, noProposal: true},

		// A question beside a request: one proposal, the question answered.
		{name: "en shipped and change to", order: "#1001", email: maya, text: "has it shipped yet and please change the address to 22 Elm Street, Cambridge, MA 02139",
			parts: []m10part{m10status()}, proposed: toolname.ChangeAddress, proposedHas: m10elm},
		{name: "en paid and cancel", order: "#1001", email: maya, text: "how much did i pay and can you cancel it please",
			parts: []m10part{s11amount("#1001")}, proposed: toolname.CancelOrder},
		{name: "en delivered when and return mug", order: "#1006", email: samuel, text: "when did it get delivered and i want to return one of the mugs",
			parts: []m10part{m10status()}, proposed: toolname.StartReturn, proposedHas: []string{"Mug"}},
		{name: "en ship to instead also paid", order: "#1001", email: maya, text: "please ship it to 22 Elm Street, Cambridge, MA 02139 instead. also what did i pay",
			parts: []m10part{s11amount("#1001")}, proposed: toolname.ChangeAddress, proposedHas: m10elm},
		{name: "en cancel and refund how long", order: "#1001", email: maya, text: "cancel my order please, and how long does the refund take?",
			parts: []m10part{m10says(m10refund...)}, proposed: toolname.CancelOrder},
		{name: "en return kit tracking btw", order: "#1006", email: samuel, text: "i'd like to return the coffee kit, what's the tracking number btw",
			parts: []m10part{s11track("#1006")}, proposed: toolname.StartReturn, proposedHas: []string{"Coffee Kit"}},
		{name: "en change to and when ship", order: "#1001", email: maya, text: "change the address to 22 Elm Street, Cambridge, MA 02139 and when will it ship?",
			parts: []m10part{m10status()}, proposed: toolname.ChangeAddress, proposedHas: m10elm},

		// Spanish.
		{name: "es direccion y enviaron", order: "#1003", email: daniel, text: "a que direccion va mi pedido? y ya lo enviaron?",
			parts: []m10part{s11address("#1003"), m10status()}, noProposal: true},
		{name: "es cuanto y cuando", order: "#1001", email: maya, text: "cuanto pagué y cuando llega mi pedido",
			parts: []m10part{s11amount("#1001"), m10status()}, noProposal: true},
		{name: "es donde y seguimiento", order: "#1004", email: tom, text: "donde esta mi paquete y cual es el numero de seguimiento",
			parts: []m10part{m10status(), s11track("#1004")}, noProposal: true},
		{name: "es entrego y direccion", order: "#1006", email: samuel, text: "ya se entregó? y a que dirección lo mandaron?",
			parts: []m10part{m10status(), s11address("#1006")}, noProposal: true},
		{name: "es three questions", order: "#1005", email: grace, text: "¿Dónde está mi pedido? ¿Cuánto pagué? ¿Cuál es la dirección de envío?",
			parts: []m10part{m10status(), s11amount("#1005"), s11address("#1005")}, noProposal: true},
		{name: "es costo y cancelar", order: "#1001", email: maya, text: "cuánto costó mi pedido y quiero cancelarlo",
			parts: []m10part{s11amount("#1001")}, proposed: toolname.CancelOrder},

		// German.
		{name: "de wo und adresse", order: "#1003", email: daniel, text: "Wo ist meine Bestellung und an welche Adresse geht sie?",
			parts: []m10part{m10status(), s11address("#1003")}, noProposal: true},
		{name: "de bezahlt und versendet", order: "#1002", email: priya, text: "Wie viel habe ich bezahlt und wurde es schon versendet?",
			parts: []m10part{s11amount("#1002"), m10status()}, noProposal: true},
		{name: "de wann und sendungsnummer", order: "#1004", email: tom, text: "wann kommt mein paket und wie lautet die sendungsnummer",
			parts: []m10part{m10status(), s11track("#1004")}, noProposal: true},
		{name: "de three parts shipped", order: "#1005", email: grace, text: "Wo ist mein Paket, was hat es gekostet, und kann ich die Adresse noch ändern?",
			parts: []m10part{m10status(), s11amount("#1005"), m10says(s11cantChange...)}, noProposal: true},
		{name: "de unterwegs bitte stornieren", order: "#1001", email: maya, text: "ist meine Bestellung schon unterwegs? bitte storniere sie",
			parts: []m10part{m10status()}, proposed: toolname.CancelOrder},

		// French.
		{name: "fr ou et combien", order: "#1003", email: daniel, text: "où est ma commande et combien j'ai payé ?",
			parts: []m10part{m10status(), s11amount("#1003")}, noProposal: true},
		{name: "fr suivi et adresse", order: "#1004", email: tom, text: "quel est le numéro de suivi et à quelle adresse elle est livrée ?",
			parts: []m10part{s11track("#1004"), s11address("#1004")}, noProposal: true},
		{name: "fr arrivee et cout", order: "#1006", email: samuel, text: "ma commande est arrivée ? et combien elle a coûté ?",
			parts: []m10part{m10status(), s11amount("#1006")}, noProposal: true},
		{name: "fr expediee et changer", order: "#1001", email: maya, text: "est-ce que ma commande est expédiée, et je voudrais changer l'adresse pour 22 Elm Street, Cambridge, MA 02139",
			parts: []m10part{m10status()}, proposed: toolname.ChangeAddress, proposedHas: m10elm},
		{name: "fr en est et adresse", order: "#1011", email: elena, text: "où en est ma commande et quelle adresse de livraison avez-vous ?",
			parts: []m10part{m10status(), s11address("#1011")}, noProposal: true},
	}
}

// Held-out phrasings (split11): every part of a two- or three-part
// message answered in one reply, in English, Spanish, German or French.
func TestSplit11HeldOut(t *testing.T) {
	heldOutTable(t, "split11", s11tests(), func(tc m10case) string { return tc.name }, func(tc m10case) string { return tc.gap }, m10run)
}
