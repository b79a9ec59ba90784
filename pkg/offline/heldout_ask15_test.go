package offline_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Held-out phrasings for ask15 (issue 18): the agent answered another
// question than the one asked. A question about where the order is going
// read as an address change; "my other order" answered about the current
// one; "tracking says delivered but it isn't here" read as a status
// question; "can I keep it and get a bit back" answered with a guide
// passage; a guide passage appended after a right answer; a part-shipped
// order's address handed to a person unasked; "can the <item> order be
// cancelled instead?" answered with the order's status. Written before
// reading the offline model; judged by outcome (the tool and its order,
// the proposal, what ran, the facts of the reply).
//
// Demo data used: maya.okafor@example.com has #1001 (unshipped, coffee kit
// and filters, 48 Linden Street, Somerville) and #1007 (skillet, delivered
// 45 days ago); daniel.reyes@example.com has #1003 (skillet and candle, UPS
// in transit, 2931 Gilpin Street, Denver) and #1008 (linen throw, returned
// and refunded); samuel.whitfield@example.com has #1006 (coffee kit and two
// mugs at 24.00, delivered 3 days ago; the keep-it limit is 30.00);
// marcus.johnson@example.com has #1010 (throw shipped, skillet on
// backorder, 1389 McLendon Avenue NE, Atlanta).
type ask15Case struct {
	name  string
	order string // the order the chat opens verified with
	email string
	turns []string
	// tool must be called in the last turn; on, when set, is the order
	// some tool of the last turn names.
	tool string
	on   string
	// notTools must not be called in the last turn.
	notTools []string
	// proposed is the write tool whose proposal the last turn states
	// (propOrder: on that order); noProposal: the last turn states none.
	proposed   string
	propOrder  string
	noProposal bool
	// ran is the write tool the last turn ran (done or confirmed) on
	// ranOrder; "" : nothing ran in the last turn.
	ran      string
	ranOrder string
	// mentions: each group, the reply holds one of them (case folded).
	mentions [][]string
	// unsaid: the reply holds none of them.
	unsaid []string
	// handover: the last turn may hand over (otherwise it must not).
	handover bool
	gap      string
}

const (
	a15maya   = "maya.okafor@example.com"
	a15daniel = "daniel.reyes@example.com"
	a15samuel = "samuel.whitfield@example.com"
	a15marcus = "marcus.johnson@example.com"
)

var ask15Cases = []ask15Case{
	// Where is it going: the order's address, nothing proposed.
	{name: "trial address moved", order: "#1001", email: a15maya,
		turns:      []string{"what adress is my order going to? i moved recently"},
		noProposal: true, mentions: [][]string{{"48 Linden"}}, notTools: []string{toolname.SearchDocs}},
	{name: "which address did i use", order: "#1001", email: a15maya,
		turns:      []string{"which address did i put on this order?"},
		noProposal: true, mentions: [][]string{{"48 Linden"}}},
	{name: "wher shiping typo", order: "#1001", email: a15maya,
		turns:      []string{"wher is it shiping to? i just moved n forgot which one i used"},
		noProposal: true, mentions: [][]string{{"48 Linden"}}},
	{name: "confirm delivery address", order: "#1003", email: a15daniel,
		turns:      []string{"can you confirm the delivery address on my order pls"},
		noProposal: true, mentions: [][]string{{"2931 Gilpin"}}},
	{name: "old place or new", order: "#1003", email: a15daniel,
		turns:      []string{"is it going to my old place or the new one? i moved last week"},
		noProposal: true, mentions: [][]string{{"2931 Gilpin"}}},
	{name: "address es", order: "#1001", email: a15maya,
		turns:      []string{"¿a qué dirección va mi pedido? me mudé hace poco"},
		noProposal: true, mentions: [][]string{{"48 Linden"}}},
	{name: "address de", order: "#1003", email: a15daniel,
		turns:      []string{"An welche Adresse geht meine Bestellung? Ich bin umgezogen"},
		noProposal: true, mentions: [][]string{{"2931 Gilpin"}}},
	{name: "address fr", order: "#1001", email: a15maya,
		turns:      []string{"à quelle adresse ma commande sera livrée ? j'ai déménagé"},
		noProposal: true, mentions: [][]string{{"48 Linden"}}},
	{name: "address after status", order: "#1001", email: a15maya,
		turns:      []string{"when will order 1001 ship", "ok and what address is it going to? i moved recently"},
		noProposal: true, mentions: [][]string{{"48 Linden"}}},
	{name: "address part shipped", order: "#1010", email: a15marcus,
		turns:      []string{"what address is my order going to? i moved recently"},
		noProposal: true, mentions: [][]string{{"1389 McLendon"}}},
	{name: "address part shipped typo", order: "#1010", email: a15marcus,
		turns:      []string{"wich adress r u sending my stuff to"},
		noProposal: true, mentions: [][]string{{"1389 McLendon"}}},

	// A part-shipped order's address change: what can and cannot change,
	// no handover the customer did not ask for.
	{name: "part shipped change", order: "#1010", email: a15marcus,
		turns:    []string{"i need to change the address on my order to 55 Peachtree St NE, Atlanta, GA 30303"},
		mentions: [][]string{{"shipped", "on its way", "in transit", "already"}}},
	{name: "part shipped change typo", order: "#1010", email: a15marcus,
		turns:    []string{"can u chnage my adress to 55 peachtree st ne atlanta ga 30303 i moved"},
		mentions: [][]string{{"shipped", "on its way", "in transit", "already"}}},

	// "My other order": the one not discussed.
	{name: "trial otro pedido sarten", order: "#1008", email: a15daniel,
		turns: []string{"y mi otro pedido, el de la sartén, ya salió?"},
		on:    "#1003", mentions: [][]string{{"#1003"}}},
	{name: "other order shipped en", order: "#1008", email: a15daniel,
		turns: []string{"and my other order, has it shipped yet?"},
		on:    "#1003", mentions: [][]string{{"#1003"}}},
	{name: "otro pedido after arrival", order: "#1007", email: a15maya,
		turns: []string{"when did 1007 arrive", "y mi otro pedido ya salió?"},
		on:    "#1001", mentions: [][]string{{"#1001"}}},
	{name: "andere bestellung", order: "#1007", email: a15maya,
		turns: []string{"und meine andere Bestellung, ist die schon raus?"},
		on:    "#1001", mentions: [][]string{{"#1001"}}},
	{name: "autre commande", order: "#1007", email: a15maya,
		turns: []string{"et mon autre commande, elle est partie ?"},
		on:    "#1001", mentions: [][]string{{"#1001"}}},
	{name: "othr order w skillet typo", order: "#1008", email: a15daniel,
		turns: []string{"what about my othr order w the skillet, did it ship yet"},
		on:    "#1003", mentions: [][]string{{"#1003"}}},
	{name: "el otro pedido after refund", order: "#1008", email: a15daniel,
		turns: []string{"was 1008 refunded?", "ok. y el otro pedido? ya lo mandaron?"},
		on:    "#1003", mentions: [][]string{{"#1003"}}},
	{name: "other order delivered", order: "#1001", email: a15maya,
		turns: []string{"did my other order get delivered?"},
		on:    "#1007", mentions: [][]string{{"#1007"}}},

	// Says delivered, not here: the not-received flow, in any language.
	{name: "trial zugestellt kein paket", order: "#1006", email: a15samuel,
		turns: []string{"Tracking sagt zugestellt aber hier ist kein Paket"},
		tool:  toolname.ReportNotReceived, on: "#1006"},
	{name: "entregado no hay paquete", order: "#1006", email: a15samuel,
		turns: []string{"el seguimiento dice entregado pero aquí no hay ningún paquete"},
		tool:  toolname.ReportNotReceived, on: "#1006"},
	{name: "livre pas de colis", order: "#1006", email: a15samuel,
		turns: []string{"le suivi dit livré mais il n'y a pas de colis ici"},
		tool:  toolname.ReportNotReceived, on: "#1006"},
	{name: "deliverd no box typo", order: "#1006", email: a15samuel,
		turns: []string{"it says deliverd but theres no box at my door"},
		tool:  toolname.ReportNotReceived, on: "#1006"},
	{name: "zugestelt nix da typo", order: "#1006", email: a15samuel,
		turns: []string{"laut sendungsverfolgung zugestelt, aber nix da"},
		tool:  toolname.ReportNotReceived, on: "#1006"},
	{name: "not on porch after status", order: "#1006", email: a15samuel,
		turns: []string{"was my order delivered?", "well it isnt here, nothing on the porch"},
		tool:  toolname.ReportNotReceived, on: "#1006"},

	// Keep it and get a bit back: policy, never a guide passage.
	{name: "trial keep it 10 bucks", order: "#1006", email: a15samuel,
		turns: []string{"one of the mugs arrived with a chip in it", "can i keep it and get like 10 bucks back?"},
		tool:  toolname.ReportDamage, on: "#1006", notTools: []string{toolname.SearchDocs},
		mentions: [][]string{{"keep"}}},
	{name: "keep kit partial refund", order: "#1006", email: a15samuel,
		turns:    []string{"the coffee kit came with a crack in the carafe", "could i just keep it and get a partial refund instead?"},
		notTools: []string{toolname.SearchDocs}, mentions: [][]string{{"send", "return", "back"}}},
	{name: "quedarmela algo de dinero", order: "#1006", email: a15samuel,
		turns: []string{"una taza llegó rota", "¿puedo quedármela y que me devuelvan algo de dinero?"},
		tool:  toolname.ReportDamage, on: "#1006", notTools: []string{toolname.SearchDocs}},
	{name: "keep n few bucks typo", order: "#1006", email: a15samuel,
		turns: []string{"teh mug came chipped", "cant i just keep it n get a few bucks off"},
		tool:  toolname.ReportDamage, on: "#1006", notTools: []string{toolname.SearchDocs}},
	{name: "behalten teilerstattung", order: "#1006", email: a15samuel,
		turns: []string{"eine Tasse ist kaputt angekommen", "kann ich sie behalten und einen Teil des Geldes zurückbekommen?"},
		tool:  toolname.ReportDamage, on: "#1006", notTools: []string{toolname.SearchDocs}},

	// Cancel the order that holds an item: that order, not a status.
	{name: "item order cancelled instead", order: "#1007", email: a15maya,
		turns:    []string{"what was in this order?", "can the coffee kit order be cancelled instead?"},
		proposed: toolname.CancelOrder, propOrder: "#1001"},
	{name: "item order cancel yes", order: "#1007", email: a15maya,
		turns: []string{"what was in this order?", "can the coffee kit order be cancelled instead?", "yes"},
		ran:   toolname.CancelOrder, ranOrder: "#1001"},
	{name: "item order cancel typo", order: "#1007", email: a15maya,
		turns:    []string{"cancle the order w the filters pls"},
		proposed: toolname.CancelOrder, propOrder: "#1001"},
	{name: "shipped item order cancel refused", order: "#1008", email: a15daniel,
		turns:      []string{"can the candle order be cancelled?"},
		noProposal: true,
		mentions:   [][]string{{"#1003"}, {"shipped", "on its way", "in transit", "already"}}},

	// A right answer with no guide passage after it.
	{name: "status no guide", order: "#1003", email: a15daniel,
		turns:    []string{"wheres my skillet at"},
		notTools: []string{toolname.SearchDocs}, mentions: [][]string{{"UPS"}}},
	{name: "when did mugs arrive no guide", order: "#1006", email: a15samuel,
		turns:    []string{"when did my mugs arrive?"},
		notTools: []string{toolname.SearchDocs}},
}

func TestHeldOutAsk15(t *testing.T) {
	heldOutTable(t, "ask15", ask15Cases, func(c ask15Case) string { return c.name }, func(c ask15Case) string { return c.gap },
		func(t *testing.T, base string, log *resultLog, tc ask15Case) []string {
			t.Helper()
			c := chat(t, base, &log.toolLog, tc.order, tc.email)
			var got turnOut
			for _, turn := range tc.turns {
				got = c.say(turn)
			}
			return ask15Problems(tc, got)
		})
}

// ask15Problems says how the last turn missed the case's outcome.
func ask15Problems(tc ask15Case, got turnOut) []string {
	var problems []string
	low := strings.ToLower(got.reply)
	if tc.tool != "" && !got.called(tc.tool) {
		problems = append(problems, fmt.Sprintf("tools %v, want %s", got.toolNames(), tc.tool))
	}
	for _, n := range tc.notTools {
		if got.called(n) {
			problems = append(problems, fmt.Sprintf("called %s (tools %v)", n, got.toolNames()))
		}
	}
	if tc.on != "" {
		on := false
		for _, u := range got.tools {
			var in struct {
				Order string `json:"order_number"`
			}
			_ = json.Unmarshal(u.Input, &in)
			// No order named: the current one, the order the chat opened on.
			on = on || in.Order == tc.on || in.Order == "" && tc.on == tc.order
		}
		if !on {
			problems = append(problems, fmt.Sprintf("no tool called on %s (tools %v)", tc.on, got.tools))
		}
	}
	if tc.proposed != "" {
		found := false
		for _, a := range got.actions {
			if a["tool"] == tc.proposed && a["status"] == "proposed" && (tc.propOrder == "" || a["order"] == tc.propOrder) {
				found = true
			}
		}
		if !found {
			problems = append(problems, fmt.Sprintf("no %s proposed on %s (actions %v)", tc.proposed, tc.propOrder, got.actions))
		}
	}
	if tc.noProposal {
		if p := got.proposed(); p != "" {
			problems = append(problems, fmt.Sprintf("proposed %s (actions %v)", p, got.actions))
		}
	}
	if tc.ran != "" {
		found := false
		for _, a := range got.actions {
			if a["tool"] == tc.ran && (a["status"] == "done" || a["status"] == "confirmed") && (tc.ranOrder == "" || a["order"] == tc.ranOrder) {
				found = true
			}
		}
		if !found {
			problems = append(problems, fmt.Sprintf("%s did not run on %s (actions %v)", tc.ran, tc.ranOrder, got.actions))
		}
	} else if r := got.ranWrite(); r != "" && !(r == toolname.ReportNotReceived && tc.tool == r) {
		// A not-received report is recorded when made (a look-around, a
		// person, the policy's wait): no proposal waits for a yes.
		problems = append(problems, fmt.Sprintf("ran %s in the last turn", r))
	}
	for _, group := range tc.mentions {
		hit := false
		for _, w := range group {
			hit = hit || strings.Contains(low, strings.ToLower(w))
		}
		if !hit {
			problems = append(problems, fmt.Sprintf("reply %q names none of %v", got.reply, group))
		}
	}
	for _, w := range tc.unsaid {
		if strings.Contains(low, strings.ToLower(w)) {
			problems = append(problems, fmt.Sprintf("reply %q holds %q", got.reply, w))
		}
	}
	if !tc.handover && got.handedOver() {
		problems = append(problems, fmt.Sprintf("handed over (actions %v)", got.actions))
	}
	return problems
}
