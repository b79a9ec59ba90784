package eval

import (
	"regexp"
	"strings"
)

// Negations and modals claim nothing only about what they govern. "No
// worries, your return is started" and "don't worry, I've cancelled it"
// claim a return and a cancellation; "I haven't cancelled it yet", "I
// can't change the address", "no refund has been issued" claim nothing.
// A reader of a clause therefore:
//   - blanks set phrases whose negation governs nothing said done ("no
//     worries", "don't worry", "kein Problem", "keine Sorge", "sin
//     problema", "no te preocupes", "pas de souci", "ne vous inquiétez
//     pas", "no need to…", "I can confirm…");
//   - takes a negation to govern the words up to negWindow after it (a
//     verb or noun after "not", "no", "nicht", "kein", "no", "pas",
//     "jamais"…);
//   - takes a modal, an offer or a request ("can", "would", "let me",
//     "please", "kann", "puedo", "peux"…) to govern the rest of its
//     clause;
//   - takes a word of general policy ("usually", "within", "each") to
//     make the whole clause a statement about any order.

// negWindow is how many words after it a negation governs.
const negWindow = 4

var (
	// idiomRe are set phrases whose negation or modal governs nothing a
	// reply says was done.
	idiomRe = regexp.MustCompile(`(?i)\b(?:(?:no|nr|n[º°o])\.?\s*#?\d+|no\s+(?:worries|worry|problem|probs?|trouble|stress|rush|need(?:\s+to\s+\p{L}+)?)|not\s+a\s+problem|(?:don['’]t|do\s+not)\s+worry|never\s+mind|nothing\s+(?:else\s+)?(?:to\s+do|needed)` +
		`|(?:you\s+)?won['’]t\s+need\s+to\s+\p{L}+|(?:I|we)\s+can\s+(?:confirm|tell\s+you|see)(?:\s+that)?` +
		`|(?:I|we)(?:['’]d|\s+would)\s+(?:say|like\s+to\s+(?:confirm|let\s+you\s+know|tell\s+you))(?:\s+that)?|(?:I|we)\s+(?:think|believe|reckon)(?:\s+that)?` +
		`|(?:happy|glad|pleased)\s+to\s+(?:say|confirm|report|tell\s+you|let\s+you\s+know|inform\s+you)(?:\s+that)?` +
		`|no\s+(?:te|se)\s+preocupes?|sin\s+(?:problema|preocupaci[oó]n)|no\s+hay\s+(?:problema|de\s+qu[eé])|puedo\s+confirmar(?:le|te)?(?:\s+que)?` +
		`|kein\s+(?:Problem|Thema|Stress)|keine\s+(?:Sorge|Sorgen|Ursache)|nicht\s+nötig|kann\s+(?:Ihnen\s+)?bestätigen(?:,?\s+dass)?` +
		`|pas\s+de\s+(?:souci|soucis|problème|probleme)|ne\s+vous\s+(?:inquiétez|en\s+faites)\s+pas|ne\s+t['’](?:inquiète|en\s+fais)\s+pas|je\s+peux\s+vous\s+confirmer(?:\s+que)?)\b`)
	// negWordRe is a negation.
	negWordRe = regexp.MustCompile(`(?i)n['’]t\b|\bn['’]|\b(?:not|no|never|nothing|none|nobody|neither|nor|nicht|nichts|kein|keine|keinen|keiner|keinem|nie|niemals|pas|jamais|aucun|aucune|rien|ni|nunca|nada|ning[uú]n|ninguna|tampoco)(?:$|[^\p{L}])`)
	// modalRe is a modal, an offer, a request or a future that governs
	// the rest of its clause.
	modalRe = regexp.MustCompile(`(?i)['’]ll\b|['’]d\b|\b(?:can|could|may|might|will|would|shall|should|must|need|needs|going\s+to|able|let\s+me|want|wants|like|happy\s+to|please|ready\s+to|to\s+have|to\s+get|kann|kannst|können|könnte|könnten|möchte|möchten|werde|wird|werden|würde|würden|soll|sollen|sollte|bitte|peux|peut|pouvez|pourr\p{L}+|voulez|veux|souhaitez|vais|va|vont|sera|seront|serait|puedo|puede|pueden|podemos|podr\p{L}+|quiere|quieres|desea|deseas|voy|vamos|va\s+a|ser[aá]|ser[aá]n|ir[aá]|ir[aá]n)(?:$|[^\p{L}])`)
	// generalWordRe is a word of general policy.
	generalWordRe = regexp.MustCompile(`(?i)\b(?:usually|typically|normally|generally|always|within|each|every|any|normalerweise|immer|innerhalb|jede[rsmn]?|siempre|normalmente|dentro\s+de|cada|toujours|normalement|généralement|sous|chaque)\b`)
	// clauseStartRe is where a clause starts: a break of a sentence or
	// of a clause.
	clauseStartRe = regexp.MustCompile(`(?i)[.!?\n,;:–—(]|\s-\s|\b(?:and|but|so|und|aber|y|pero|et|mais|o|or|oder|ou)\b`)
)

// negSeenRe is the agent saying it finds no sign of a thing ("I don't
// see that a refund was processed", "there is no record that your return
// was started", "no veo que…", "ich sehe keine…", "je ne vois pas…"): the
// negation governs the rest of its sentence, up to a ", but" (group 1).
var negSeenRe = regexp.MustCompile(`(?i)((?:(?:\b(?:not|no|never|nothing|nobody|nicht|kein\p{L}*|pas|aucune?|ni|nada|ning[uú]n\p{L}*)|n['’]t)\s+(?:\p{L}+\s+)?` +
	`(?:see|find|found|record|records|sign|signs|evidence|indication|trace|note|mention|shows|says|indicates|veo|encuentro|constancia|registro|vois|trouve|trace|preuve|Hinweis|Eintrag|Vermerk)\b` +
	`|\bich\s+(?:\p{L}+\s+)?(?:sehe|finde)\s+(?:\p{L}+\s+)?(?:keine\p{L}*|nicht)\b)[^.!?\n;]*?)(?:,\s*(?:but|and|however|pero|aber|mais)\b|[.!?\n;]|$)`)

// blankIdioms is text with the set phrases of idiomRe, and what negSeenRe
// governs, turned into spaces, so offsets into it are offsets into text.
func blankIdioms(text string) string {
	text = idiomRe.ReplaceAllStringFunc(text, func(s string) string { return strings.Repeat(" ", len(s)) })
	ms := negSeenRe.FindAllStringSubmatchIndex(text, -1)
	if len(ms) == 0 {
		return text
	}
	b := []byte(text)
	for _, m := range ms {
		for k := m[2]; k < m[3]; k++ {
			b[k] = ' '
		}
	}
	return string(b)
}

// clauseBefore is the part of text's clause before offset at.
func clauseBefore(text string, at int) string {
	before := text[:at]
	if locs := clauseStartRe.FindAllStringIndex(before, -1); len(locs) > 0 {
		before = before[locs[len(locs)-1][1]:]
	}
	return before
}

// negatedAt reports whether a negation governs the words at text[i:j]:
// one in them, or within negWindow words before them in their clause.
// text has its idioms blanked.
func negatedAt(text string, i, j int) bool {
	if negWordRe.MatchString(text[i:j]) {
		return true
	}
	words := strings.Fields(clauseBefore(text, i))
	if len(words) > negWindow {
		words = words[len(words)-negWindow:]
	}
	return negWordRe.MatchString(strings.Join(words, " "))
}

// governedAt reports whether the words at text[i:j] claim nothing: a
// negation governs them, a modal stands before them or in them, or their
// clause is a statement of general policy.
func governedAt(text string, i, j int) bool {
	return governedBefore(text, i, j) || modalRe.MatchString(text[i:j])
}

// governedBefore is governedAt for words that hold their own future
// ("it will now go to…"): a modal in them governs nothing.
func governedBefore(text string, i, j int) bool {
	if negatedAt(text, i, j) || modalRe.MatchString(clauseBefore(text, i)) {
		return true
	}
	if generalWordRe.MatchString(clauseOf(text, i, j)) {
		return true
	}
	return genericAt(text, i, j)
}

var (
	// genericArticleRe ends a clause's words before a noun named as any
	// such thing: "a refund is issued…", "une commande…".
	genericArticleRe = regexp.MustCompile(`(?i)(?:^|\s)(?:a|an|un|una|une|ein|eine)\s+$`)
	// thisRefRe names this customer or this order: "your", "you", "now",
	// "#1001", "Ihre", "su", "votre".
	thisRefRe = regexp.MustCompile(`(?i)#\s?\d|\b(?:your|you|yours|now|just|today|su|tu|usted|ahora|hoy|Ihre?[nmrs]?|Sie|dir|dich|jetzt|heute|votre|vous|toi|maintenant|aujourd['’]hui)\b|\bfor\s+(?:the|this|that)\b`)
)

// genericAt reports whether the words at text[i:j] state a rule about
// any such thing ("a return is started from the orders page"): they
// follow "a"/"an" and their clause names neither this customer nor this
// order, nor says one was made ("a refund has been issued").
func genericAt(text string, i, j int) bool {
	if !genericArticleRe.MatchString(clauseBefore(text, i)) {
		return false
	}
	c := clauseOf(text, i, j)
	return !thisRefRe.MatchString(c) && !genericMade.MatchString(c)
}

// negatedWithin reports whether a negation stands within n words before
// text[i:] in its clause ("no refund", "kein Guthaben").
func negatedWithin(text string, i, n int) bool {
	words := strings.Fields(clauseBefore(text, i))
	if len(words) > n {
		words = words[len(words)-n:]
	}
	return negWordRe.MatchString(strings.Join(words, " "))
}

// clauseOf is the whole clause around text[i:j].
func clauseOf(text string, i, j int) string {
	start := i - len(clauseBefore(text, i))
	end := len(text)
	if loc := clauseStartRe.FindStringIndex(text[j:]); loc != nil {
		end = j + loc[0]
	}
	return text[start:end]
}

// liveMatches are the matches of re in text (its idioms blanked) that no
// negation, modal or general statement governs.
func liveMatch(re *regexp.Regexp, text string) string {
	for _, m := range re.FindAllStringIndex(text, -1) {
		if !governedAt(text, m[0], m[1]) {
			return text[m[0]:m[1]]
		}
	}
	return ""
}
