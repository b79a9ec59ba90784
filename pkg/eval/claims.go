package eval

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/demoshop"
)

// A reply may say a write was made only when one of that kind was: "I've
// started the return" with no return in the shop's log is a false claim.
// A claim is in the perfect or passive ("I have changed", "has been
// refunded", "he cancelado", "ich habe … storniert", "j'ai annulé");
// offers ("I can start a return", "shall I…") and conditions ("once you
// confirm, I'll…") claim nothing.

// writeClaim is one kind of write a reply may claim: its patterns and
// the shop's write types any of which bears it out.
type writeClaim struct {
	what  string
	re    *regexp.Regexp
	types []string
}

// claimDone is "I have / I've / we have / we've (just|now|already)".
const claimDone = `(?:\b(?:I|we)\s*(?:'ve|’ve|\s+have)\s+(?:just\s+|now\s+|already\s+|also\s+)?)`

// claimAnd is claimDone, or "and" carrying one on ("I have started the
// return and changed your address"): for writes no stage fact words so.
const claimAnd = `(?:` + claimDone + `|\band\s+(?:also\s+)?)`

var writeClaims = []writeClaim{
	{"a return", regexp.MustCompile(`(?i)` + claimAnd + `(?:started|created|opened|set up|booked|registered|submitted|initiated)\s+(?:a|the|your)\s+(?:\p{L}+\s+){0,2}returns?\b` +
		`|\breturn\s+(?:has|have)\s+(?:now\s+)?been\s+(?:started|created|opened|set up|booked|registered|initiated)\b` +
		`|\bhe (?:iniciado|creado|abierto|registrado) (?:la|una|su) devoluci[oó]n|\b(?:ich habe|wir haben) (?:die|eine|Ihre) (?:Rücksendung|Retoure) (?:\p{L}+ )?(?:gestartet|angelegt|erstellt|eingeleitet)` +
		`|\bj['’]ai (?:lancé|créé|ouvert|enregistré) (?:le|un|votre) retour`),
		[]string{demoshop.ActionReturn, demoshop.ActionExchange}},
	{"a refund", regexp.MustCompile(`(?i)` + claimDone + `(?:refunded|issued\s+(?:a|the|your)\s+(?:full\s+|partial\s+)?refund|processed\s+(?:a|the|your)\s+refund)\b` +
		`|\brefund\s+(?:has|have)\s+(?:now\s+|just\s+)?been\s+(?:issued|processed|sent|made)\b|\b(?:has|have)\s+(?:now\s+|just\s+)?been\s+refunded\b` +
		`|\bhe (?:reembolsado|emitido (?:el|un) reembolso)|\b(?:ich habe|wir haben)\b[^.;:!?\n]{0,40}\berstattet\b|\bj['’]ai rembours[ée]`),
		[]string{demoshop.ActionRefund, demoshop.ActionCancel, demoshop.ActionReturn}},
	{"a cancellation", regexp.MustCompile(`(?i)` + claimDone + `cancell?ed\b|\b(?:has|have)\s+(?:now|just)\s+been\s+cancell?ed\b` +
		`|\bhe cancelado\b|\b(?:ich habe|wir haben)\b[^.;:!?\n]{0,40}\bstorniert\b|\bj['’]ai annul[ée]`),
		[]string{demoshop.ActionCancel, demoshop.ActionCancelShipment}},
	{"an address change", regexp.MustCompile(`(?i)` + claimAnd + `(?:changed|updated|corrected)\s+(?:the|your)\s+(?:\p{L}+\s+){0,2}address\b` +
		`|\baddress\s+(?:has|have)\s+(?:now\s+|just\s+)?been\s+(?:changed|updated|corrected)\b` +
		`|\bhe (?:cambiado|actualizado|modificado) la direcci[oó]n|\b(?:ich habe|wir haben) (?:die|Ihre) (?:Liefer)?adresse (?:\p{L}+ )?(?:geändert|aktualisiert)` +
		`|\bj['’]ai (?:modifié|changé|mis à jour) (?:l['’]|votre )adresse`),
		[]string{demoshop.ActionAddressChange}},
	{"store credit", regexp.MustCompile(`(?i)` + claimDone + `(?:issued|added|given|applied|credited)\s+(?:you\s+)?(?:\S+\s+){0,3}(?:in\s+)?(?:store\s+)?credit\b` +
		`|\bcredit\s+(?:has|have)\s+(?:now\s+|just\s+)?been\s+(?:issued|added|applied)\b|\bhe (?:emitido|añadido) (?:\S+ ){0,3}cr[eé]dito|\bj['’]ai (?:émis|ajouté) (?:\S+ ){0,3}avoir`),
		[]string{demoshop.ActionStoreCredit, demoshop.ActionDiscountCode}},
	{"a replacement", regexp.MustCompile(`(?i)` + claimDone + `(?:sent|shipped|arranged|ordered|dispatched)\s+(?:you\s+)?(?:a|the|your)\s+(?:new\s+)?replacement\b` +
		`|\breplacement\s+(?:has|have)\s+(?:now\s+|just\s+)?been\s+(?:sent|shipped|arranged|ordered|dispatched)\b` +
		`|\bhe enviado (?:un|el) (?:reemplazo|repuesto)|\b(?:ich habe|wir haben) (?:einen|den|Ihren) Ersatz\b[^.;:!?\n]{0,30}\b(?:verschickt|versandt|veranlasst)|\bj['’]ai (?:envoyé|expédié) (?:un|le) (?:remplacement|produit de remplacement)`),
		[]string{demoshop.ActionReplacement, demoshop.ActionExchange}},
}

// claimedWrites are the kinds of write text claims were made.
func claimedWrites(text string) []string {
	t := conditionRe.ReplaceAllString(text, " ")
	var out []string
	for _, c := range writeClaims {
		if c.re.MatchString(t) {
			out = append(out, c.what)
		}
	}
	return out
}

// falseClaims: every write a reply claims has one of its kind in the
// shop's log of the conversation.
func falseClaims(replies []string, writes []demoshop.Action) []string {
	var fails []string
	seen := map[string]bool{}
	for i, r := range replies {
		t := conditionRe.ReplaceAllString(r, " ")
		for _, c := range writeClaims {
			if seen[c.what] || !c.re.MatchString(t) {
				continue
			}
			if !slices.ContainsFunc(writes, func(a demoshop.Action) bool { return slices.Contains(c.types, a.Type) }) {
				seen[c.what] = true
				fails = append(fails, fmt.Sprintf("claims: reply %d says %s was made; none was (%q)", i+1, c.what, strings.TrimSpace(c.re.FindString(t))))
			}
		}
	}
	return fails
}
