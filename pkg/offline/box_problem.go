package offline

import (
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/typo"
)

// What was in the box is not the order (issue 18, trial 6): someone
// else's things or another order altogether, an item left out, a part of
// an item missing ("came without the lid"), in English, Spanish, German
// or French. All of it is report_damage's, problem wrong_item, for the
// lines concerned: the whole order when nothing of theirs came. Damage
// words misspelt or cut short ("crackd", "chipd", "leakin") are read as
// the words meant. Nothing here names a shop's products or parts: the
// part is whatever word stands where a part stands.

var (
	// othersThingsRe: what came is someone else's, or not the order at
	// all; the whole order is wrong.
	othersThingsRe = regexp.MustCompile(`\b(?:some(?:one|body) ?else'?s|another (?:person|customer|shopper)'?s|(?:belongs?|meant|addressed) (?:to|for) (?:some(?:one|body) else|another (?:person|customer))` +
		`|none of (?:this|it|these|them|that) (?:is|are|was|were) (?:mine|ours|what (?:i|we) ordered)` +
		`|(?:isn'?t|is not|wasn'?t|was not|not) (?:even )?(?:my|our) (?:order|stuff|things|items|package|parcel|box)\b(?: at all)?` +
		`|(?:stuff|things|items|products) (?:i|we) (?:never|didn'?t|did not|don'?t|do not) (?:order|ordered|buy|bought)` +
		`|(?:completely|totally|entirely|all) different (?:products|items|things|stuff|order)` +
		`|\b(?:got|received|recieved|sent|delivered|came|given|gave|shipped|brought)\b[^.?!]{0,20}\bwrong (?:order|package|parcel|box|delivery)` +
		`|\bwrong (?:order|package|parcel|box|delivery) (?:came|arrived|was delivered|delivered|showed up|turned up|got delivered|was sent|sent)` +
		// Spanish, German, French
		`|\bde otra persona\b|\bde otro cliente\b|\bno (?:es|son) (?:mi|mis) (?:pedido|cosas|productos|art[ií]culos)\b` +
		`|\bvon jemand(?:em)? ander(?:em|en|es|s)\b|\bjemand anderes?\b|\bnicht meine (?:bestellung|sachen|artikel)\b` +
		`|\bde quelqu'un d'autre\b|\bd'un autre client\b|\bpas ma commande\b|\bpas mes (?:articles|affaires|produits)\b)`)

	// partMissingRe: an item or a part of one left out of what came.
	partMissingRe = regexp.MustCompile(`\b(?:came|arrived|showed up|turned up|was delivered|were delivered|got here|comes|shipped)\s+without\b` +
		`|\bthere (?:was|were|is|are) no\b[^.?!]{1,40}\b(?:in|inside)\b` +
		`|\bno\b[^.?!]{1,30}\b(?:in|inside) (?:the|my|our) (?:box|package|parcel|delivery|shipment)\b` +
		`|\b(?:missing|missin|mising|misssing)\s+(?:from|in|out of)\b` +
		`|\b(?:box|package|parcel|delivery|shipment|order)\b[^.?!]{0,20}\b(?:was|is|were|are|came)\s+(?:missing|missin|mising)\s+(?:the|a|an|one|both|two|my|its|some)\b` +
		`|\b(?:didn'?t|did not|dint|didnt) (?:come with|include|contain)\b|\b(?:wasn'?t|weren'?t|was not|were not) included\b` +
		`|\b(?:box|package|parcel|delivery|shipment)\b[^.?!]{0,20}\bonly (?:had|contained|came with|held|included)\b` +
		`|\bfalta(?:ba|ban|n|ron)?\b|\bfehl(?:t|te|ten|en)\b|\bmanqu(?:e|ait|aient|ent)\b|\bsans (?:le|la|les)\b`)

	// notPartRe: what is missing is news, not a thing from the box (a
	// tracking number, an email, a confirmation).
	notPartRe = regexp.MustCompile(`\b(?:tracking|email|e-mail|link|update|updates|information|info|confirmation|receipt|invoice|notification|number|answer|reply|response|refund|money|credit)\b`)

	// onlyHadRe: "the box only had X": X came; the rest of the order did
	// not. Group 1 is what came.
	onlyHadRe = regexp.MustCompile(`\bonly (?:had|contained|came with|held|included)\b([^.?!,;]{1,40})`)
)

// boxProblem reports whether text (lower case, raw or normalised) says
// what was in the box is not the order: someone else's things, an item
// or a part of one missing.
func boxProblem(text string) bool {
	if othersThingsRe.MatchString(text) {
		return true
	}
	m := partMissingRe.FindStringIndex(text)
	if m == nil {
		return false
	}
	// What is missing is said in the sentence that says so: "it was
	// missing from the box. just refund me" is a part, not a refund.
	start := strings.LastIndexAny(text[:m[0]], ".?!") + 1
	end := len(text)
	if i := strings.IndexAny(text[m[1]:], ".?!"); i >= 0 {
		end = m[1] + i
	}
	return !notPartRe.MatchString(text[start:end])
}

// boxItems are the lines concerned when what came is not the order, or
// nil to let the items named decide: every line when what came is
// someone else's; the lines not named as the box's only content ("the
// box only had the kit, no mugs").
func boxItems(lines []string, text string) []map[string]any {
	low := strings.ToLower(text)
	all := func(except []map[string]any) []map[string]any {
		var out []map[string]any
		for _, l := range lines {
			named := false
			for _, e := range except {
				title, _ := e["title"].(string)
				named = named || namesItem([]string{l}, title)
			}
			if !named {
				out = append(out, map[string]any{"title": l})
			}
		}
		return out
	}
	if othersThingsRe.MatchString(low) || othersThingsRe.MatchString(strings.ToLower(normalise(text))) {
		return all(nil)
	}
	if m := onlyHadRe.FindStringSubmatch(low); m != nil {
		came := namedItems(lines, m[1])
		if len(came) == 0 {
			return nil
		}
		rest := namedItems(lines, strings.Replace(low, m[0], " ", 1))
		if len(rest) > 0 {
			// The rest named: those, less what came.
			var out []map[string]any
			for _, r := range all(came) {
				for _, n := range rest {
					if t, _ := n["title"].(string); namesItem([]string{r["title"].(string)}, t) {
						out = append(out, n) // in their words: "the mugs" are both
						break
					}
				}
			}
			if len(out) > 0 {
				return out
			}
		}
		return all(came)
	}
	return nil
}

// damageForms are the damage words a misspelling is read as, with the
// English word each stands for; other languages' come from foreign.
var damageForms = map[string]string{
	"cracked": "cracked", "broken": "broken", "smashed": "smashed", "shattered": "shattered", "chipped": "chipped",
	"dented": "dented", "leaking": "leaking", "leaky": "leaking", "damaged": "damaged", "scratched": "scratched",
	"busted": "busted", "ripped": "ripped", "snapped": "snapped", "stained": "stained",
	"defective": "defective",
}

// damageSpelling is the damage word w misspells ("crackd", "chipd",
// "leakin", "rrota", "kaputtt", "cassee"), or "": a letter left out,
// doubled, added or two swapped, accents dropped. A word of its own (an
// everyday word, a support word) is never one.
func damageSpelling(w string) string {
	if len([]rune(w)) < 4 || damageRe.MatchString(w) || known[w] {
		return ""
	}
	if _, ok := foreign[w]; ok {
		return ""
	}
	for _, v := range vocabulary {
		if v == w {
			return ""
		}
	}
	for _, c := range typo.Common {
		if c == w {
			return ""
		}
	}
	fw := fold(w)
	cw := squeeze(fw)
	try := func(form string, typed bool) bool {
		ff := fold(form)
		cf := squeeze(ff)
		if fw == ff || (cw == cf && (len(fw) > len(ff) || len(cw) >= 6)) {
			// Accents dropped, a letter doubled ("rrota") or a double one
			// single ("shatered"); not a short
			// word a squeeze makes ("cases" is no "cassés").
			return true
		}
		// A letter left out or added, or two swapped, as typed or with
		// double letters single: not another letter in its place
		// ("leaving" is no "leaking").
		return typed && (nearSpelling(fw, ff) || nearSpelling(cw, cf))
	}
	for form, en := range damageForms {
		if try(form, true) {
			return en
		}
	}
	for form, en := range foreign {
		if _, ok := damageForms[en]; !ok && en != "crack" {
			continue
		}
		// Another language's word only doubled or unaccented: a letter
		// left out of one is too often an English word ("cases").
		if try(form, false) {
			return en
		}
	}
	return ""
}

// nearSpelling reports whether a is b with one letter left out, added or
// swapped with its neighbour, both of five letters or more.
func nearSpelling(a, b string) bool {
	if len([]rune(a)) < 5 || len([]rune(b)) < 5 || a[0] != b[0] || typo.Distance(a, b) != 1 {
		return false
	}
	return len(a) != len(b) || typo.SameLetters(a, b)
}

// squeeze is w with each run of one letter as one ("dammaged": "damaged").
func squeeze(w string) string {
	var b strings.Builder
	var last rune
	for i, r := range w {
		if i > 0 && r == last {
			continue
		}
		b.WriteRune(r)
		last = r
	}
	return b.String()
}

// Someone else's things in other languages read as the English words,
// so "persona" there is no request for a person.
func init() {
	foreignPhraseRes = append(foreignPhraseRes, struct {
		re *regexp.Regexp
		en string
	}{regexp.MustCompile(`(?i)\b(de otra persona|de otro cliente|de alguien m[aá]s|von jemand(?:em)? ander(?:em|en|es|s)|von einer anderen person|de quelqu'un d'autre|d'une autre personne|d'un autre client)(\P{L}|$)`), "someone else's"})
}
