package offline

import (
	"regexp"
	"strings"
)

// A fact beside a question (issue 18, trial 6): "the throw came days ago,
// where's the rest of my order?". What the customer says came is theirs to
// know, not a second question; the question is the rest, so the answer is
// the parcels they do not have.

var (
	// cameRe says something came: the customer's fact, in English,
	// Spanish, German or French.
	cameRe = regexp.MustCompile(`(?i)\b(?:came|arrived|arrive|showed up|turned up|got here|was delivered|were delivered|(?:i |we )?(?:got|received|recieved|have|picked up)\b[^.?!,;]{0,30}\b(?:already|fine|yesterday|today|ago|last|on (?:mon|tue|wed|thu|fri|sat|sun)\w*))\b` +
		`|^(?:i |we )?(?:got|received|recieved)\b` +
		`|\b(?:recib[ií]|lleg[óo]|llegaron|ha llegado|angekommen|bekommen|erhalten|geliefert|re[çc]ue?s?|arriv[ée]e?s?|livr[ée]e?s?)(?:\P{L}|$)`)

	// restRe asks about the rest of an order: "the rest", "everything
	// else", "the other item", "the other half", "el resto", "der Rest",
	// "le reste". Not "the other parcel": that may be another order.
	restRe = regexp.MustCompile(`(?i)\b(?:the rest|everything else|the remainder|remaining|other (?:half|part|item|items|thing|things|bits?|stuff)|el resto|lo dem[aá]s|der rest|den rest|restlichen?|le reste|le restant)\b`)

	// askWordRe starts or holds a question.
	askWordRe = regexp.MustCompile(`(?i)\?|\b(?:where|wheres|where's|when|whens|when's|what|how|why|which|is|are|can|could|will|would|does|do|did|d[oó]nde|cu[aá]ndo|wo|wann|o[uù]|quand)\b`)
)

// receivedFact reports whether q (a piece of a message) only states that
// something came, asking nothing: "the throw came days ago".
func receivedFact(q string) bool {
	return cameRe.MatchString(q) && !askWordRe.MatchString(q) && resolutionTool(q) == ""
}

// askedRest reports whether text states that part of the order came and
// asks about the rest; came is the part said to have come.
func askedRest(text string) (came string, ok bool) {
	if !restRe.MatchString(text) {
		return "", false
	}
	for _, q := range splitFacts(text) {
		if cameRe.MatchString(q) && !restRe.MatchString(q) {
			return q, true
		}
	}
	// "half my order came, where's the other half": one clause.
	if loc := restRe.FindStringIndex(text); loc != nil && cameRe.MatchString(text[:loc[0]]) {
		return text[:loc[0]], true
	}
	return "", false
}

// splitFacts cuts text at sentence and clause marks.
func splitFacts(text string) []string {
	return regexp.MustCompile(`[.,;!?—–¿¡]+|\s-\s|\bbut\b|\baber\b|\bpero\b|\bmais\b`).Split(text, -1)
}

// restParcels are the parcels of an order the customer does not have yet,
// when they say part of it came and ask about the rest: those whose items
// they did not name as come; naming none, the parcels not yet shipped
// when some have. ok is false when the message is no such question or no
// parcel would be left.
func (t *turn) restParcels(parcels []map[string]any) ([]map[string]any, bool) {
	came, ok := askedRest(t.text)
	if !ok || len(parcels) < 2 {
		return nil, false
	}
	low := strings.ToLower(came)
	var rest []map[string]any
	named := false
	for _, p := range parcels {
		if mentions(low, strs(p, "items")) || len(namedItems(strs(p, "items"), came)) > 0 {
			named = true
			continue
		}
		rest = append(rest, p)
	}
	if !named {
		rest = nil
		for _, p := range parcels {
			if str(p, "stage") == "pre_shipment" || str(p, "stage") == "label_created" {
				rest = append(rest, p)
			}
		}
	}
	if len(rest) == 0 || len(rest) == len(parcels) {
		return nil, false
	}
	return rest, true
}
