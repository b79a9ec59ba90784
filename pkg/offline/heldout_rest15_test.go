package offline_test

import (
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// rest15 held-out: a late parcel made good with store credit, asked for
// at once or instead of a replacement or refund already stated, in a
// customer's own (often misspelt) words and in es/de. The model calls
// follow_up for store credit; code states the credit and, after a yes,
// the shop issues store credit and nothing else. Written before the
// model's code for it (the harness is correct14's).
func TestHeldOutRest15LateCredit(t *testing.T) {
	const (
		daniel = "daniel.reyes@example.com"
		tom    = "tom.becker@example.com"
	)
	credit := map[string]string{"resolution": "store_credit"}
	refundLate := []string{"my parcel still hasnt come, can i get a refund"}
	replaceLate := []string{"my order never arrived", "send a replacement"}
	cases := []correctCase{
		{name: "at once", order: "#1003", email: daniel, wait: "240h",
			text: "my parcel still hasn't arrived, could i get store credit for it instead?", propose: toolname.FollowUp, args: credit, mentions: [][]string{{"store credit"}},
			notProposed: []string{toolname.StartReturn}, yes: []string{"store_credit"}},
		{name: "at once, typos", order: "#1003", email: daniel, wait: "240h",
			text: "its sooo late now, cud i just get stor credt for the order pls", propose: toolname.FollowUp, args: credit, mentions: [][]string{{"store credit"}},
			yes: []string{"store_credit"}},
		{name: "credit instead of the refund", order: "#1003", email: daniel, wait: "240h", before: refundLate, pending: toolname.FollowUp,
			text: "hmm actually make it store credit instead", propose: toolname.FollowUp, args: credit, mentions: [][]string{{"store credit"}}, yes: []string{"store_credit"}},
		{name: "voucher instead of a new one", order: "#1004", email: tom, wait: "240h", before: replaceLate, pending: toolname.FollowUp,
			text: "could it be a voucher instead of sending another one?", propose: toolname.FollowUp, args: credit, mentions: [][]string{{"store credit"}}, yes: []string{"store_credit"}},
		{name: "es saldo en la tienda", order: "#1003", email: daniel, wait: "240h",
			text: "mi pedido no ha llegado, prefiero saldo en la tienda", propose: toolname.FollowUp, args: credit, mentions: [][]string{{"store credit"}}, yes: []string{"store_credit"}},
		{name: "de Guthaben", order: "#1003", email: daniel, wait: "240h",
			text: "mein paket ist immer noch nicht da, kann ich stattdessen ein Guthaben bekommen?", propose: toolname.FollowUp, args: credit, mentions: [][]string{{"store credit"}},
			yes: []string{"store_credit"}},
	}
	heldOutTable(t, "rest15", cases, func(c correctCase) string { return c.name }, func(c correctCase) string { return c.gap },
		func(t *testing.T, base string, log *resultLog, tc correctCase) []string {
			return runCorrectCase(t, base, log, tc)
		})
}
