package offline

import (
	"regexp"
	"strings"
	"sync"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"github.com/doorstep-ai/doorstep/pkg/typo"
)

// Spanish, German and French customers as they type: without accents
// ("llego roto", "zuruckgeben", "arrive casse"), with umlauts spelt out
// ("zurueckgeben"), with a typo ("storniren"), a word ending a sentence
// ("rota."), or in a message with a single word that gives the language
// away ("Quisiera devolver una taza"). Their support words are read as
// the English ones the intents know, and the reply says, once, that it is
// in English and a person can take over.

// moreMarkers are everyday words of Spanish, German and French messages
// (articles, pronouns, auxiliaries, verbs of support requests) that
// foreignMarkers lacks. A word two of the languages share counts for one:
// only whether a message is in English matters.
var moreMarkers = map[string]string{
	// Spanish
	"del": "es", "que": "es", "qué": "es", "por": "es", "favor": "es", "porfavor": "es", "porfa": "es", "lo": "es",
	"se": "es", "nada": "es", "dice": "es", "llego": "es", "llegaron": "es", "llegado": "es", "ya": "es", "tengo": "es",
	"quisiera": "es", "necesito": "es", "cambien": "es", "cambiar": "es", "esta": "es", "sus": "es", "pero": "es",
	"también": "es", "todavía": "es", "sigue": "es", "unos": "es", "unas": "es", "al": "es", "recibido": "es",
	"recibí": "es", "prefiero": "es", "puede": "es", "pueden": "es", "hace": "es", "días": "es",
	"cuándo": "es", "dónde": "es", "donde": "es", "cuando": "es", "llega": "es", "llegará": "es", "tienda": "es", "vez": "es",
	// German
	"der": "de", "die": "de", "das": "de", "den": "de", "dem": "de", "ein": "de", "eine": "de", "einen": "de", "einer": "de",
	"mir": "de", "mich": "de", "nichts": "de", "noch": "de", "aber": "de", "auf": "de", "mit": "de", "von": "de", "vom": "de",
	"zum": "de", "zur": "de", "seit": "de", "tagen": "de", "hat": "de", "hab": "de", "bin": "de", "sind": "de", "kam": "de",
	"angekommen": "de", "bekommen": "de", "erhalten": "de", "nun": "de", "jetzt": "de", "sich": "de", "laut": "de",
	"lieber": "de", "statt": "de", "für": "de", "bestellt": "de", "möchten": "de", "ändern": "de", "zurück": "de",
	// French
	"le": "fr", "les": "fr", "des": "fr", "une": "fr", "du": "fr", "et": "fr", "suis": "fr", "ai": "fr", "j'ai": "fr",
	"n'ai": "fr", "rien": "fr", "pas": "fr", "ne": "fr", "n'a": "fr", "mais": "fr", "svp": "fr", "s'il": "fr",
	"plaît": "fr", "arrivé": "fr", "arrivée": "fr", "reçu": "fr", "depuis": "fr", "toujours": "fr", "encore": "fr",
	"changez": "fr", "changer": "fr", "comment": "fr", "quand": "fr", "ou": "fr", "qu'un": "fr", "qu'une": "fr",
	"plutôt": "fr", "préfère": "fr", "dit": "fr", "va": "fr", "sont": "fr", "j'aimerais": "fr",
}

// englishMarkers are everyday English words: a message with them is in
// English, whatever foreign word it also holds ("my pedido # is 1003").
var englishMarkers = map[string]bool{
	"the": true, "my": true, "is": true, "it": true, "it's": true, "its": true, "i": true, "i'm": true, "i've": true,
	"i'd": true, "and": true, "to": true, "of": true, "was": true, "where": true, "when": true, "please": true,
	"you": true, "can": true, "this": true, "that": true, "have": true, "has": true, "what": true, "how": true,
	"with": true, "for": true, "but": true, "your": true, "are": true, "be": true, "did": true, "does": true,
	"do": true, "not": true, "just": true, "at": true, "hi": true, "hello": true, "thanks": true, "any": true,
	"got": true, "get": true, "yet": true, "still": true, "why": true, "would": true, "could": true, "from": true,
	"they": true, "them": true, "we": true, "order": true, "want": true, "like": true,
}

// foreignOnly are words of Spanish, German and French that are English
// words too, or everyday words, read as the English support word only in
// a message of another language: how to use or look after a thing ("¿Cómo
// limpio las tazas?", "Comment nettoyer les tasses ?").
var foreignOnly = map[string]string{
	"cómo": "how", "como": "how", "comment": "how", "wie": "how",
	"limpio": "clean", "limpiar": "clean", "limpia": "clean", "lavo": "wash", "lavar": "wash",
	"nettoyer": "clean", "nettoie": "clean", "laver": "wash", "lave": "wash", "entretenir": "care",
	"reinige": "clean", "reinigen": "clean", "reinigt": "clean", "waschen": "wash", "wasche": "wash", "pflegen": "care",
	"uso": "use", "usar": "use", "utiliser": "use", "utilise": "use", "benutze": "use", "benutzen": "use", "verwende": "use",
}

// foldRe are the accented letters folded away.
var folder = strings.NewReplacer("á", "a", "à", "a", "â", "a", "ä", "a", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"í", "i", "î", "i", "ï", "i", "ó", "o", "ô", "o", "ö", "o", "ú", "u", "ù", "u", "û", "u", "ü", "u", "ñ", "n",
	"ç", "c", "ß", "ss", "œ", "oe", "’", "'")

// fold is w without its accents.
func fold(w string) string { return folder.Replace(w) }

// umlautFolder reads German spelt without umlauts ("zurueckgeben").
var umlautFolder = strings.NewReplacer("ae", "a", "oe", "o", "ue", "u")

// folded are foreign's words and the markers by their accentless
// spelling; a spelling two words share is left out.
var folded = sync.OnceValue(func() struct {
	words   map[string]string
	markers map[string]string
	keys    []string
} {
	words := map[string]string{}
	clash := map[string]bool{}
	for w, en := range foreign {
		f := fold(w)
		if prev, ok := words[f]; ok && prev != en {
			clash[f] = true
		}
		words[f] = en
	}
	for f := range clash {
		delete(words, f)
	}
	markers := map[string]string{}
	for _, m := range []map[string]string{foreignMarkers, moreMarkers} {
		for w, l := range m {
			markers[fold(w)] = l
		}
	}
	var keys []string
	for f := range words {
		if len([]rune(f)) >= 6 {
			keys = append(keys, f)
		}
	}
	return struct {
		words   map[string]string
		markers map[string]string
		keys    []string
	}{words, markers, keys}
})

// foreignWord is the English support word for low, a lowercase token of
// a message in language lang ("" for English): as written, without a
// full stop it ends with, without its accents or spelt-out umlauts, or,
// in a message of another language, a typo of one (an edit away, for
// words of six letters or more). A product noun ("livre") is no typo of
// a support word ("livré").
func foreignWord(low, lang string) (string, bool) {
	if en, ok := foreign[low]; ok {
		return en, true
	}
	bare := strings.TrimRight(low, ".")
	if en, ok := foreign[bare]; ok && bare != "" {
		return en, true
	}
	if lang == "" {
		return "", false
	}
	if en, ok := foreignOnly[bare]; ok {
		return en, true
	}
	if len([]rune(bare)) < 4 || agent.WithProductNouns(bare) != bare {
		return "", false
	}
	f := folded()
	if en, ok := f.words[fold(bare)]; ok {
		return en, true
	}
	if en, ok := f.words[fold(umlautFolder.Replace(bare))]; ok {
		return en, true
	}
	if n := len([]rune(bare)); n >= 6 {
		if c, _ := typo.Nearest(fold(bare), typo.Common, 1); c != "" {
			return "", false
		}
		if k, d := typo.Nearest(fold(bare), f.keys, 1); k != "" && d == 1 && k[0] == fold(bare)[0] {
			// A typo keeps its first letter: "Kanada" is no "dañada".
			return f.words[k], true
		}
	}
	return "", false
}

// foldedPolicy are policyWords by their accentless spelling.
var foldedPolicy = sync.OnceValue(func() map[string]string {
	out := map[string]string{}
	for w, en := range policyWords {
		out[fold(w)] = en
	}
	return out
})

// policyWord is the English of a policy or care word of another language,
// as written or without its accents ("spulmaschine").
func policyWord(tok string) (string, bool) {
	if en, ok := policyWords[tok]; ok {
		return en, true
	}
	if len([]rune(tok)) < 5 {
		return "", false
	}
	en, ok := foldedPolicy()[fold(umlautFolder.Replace(tok))]
	if !ok {
		en, ok = foldedPolicy()[fold(tok)]
	}
	return en, ok
}

// detectLanguage is the language of text by its marker words: "es",
// "de", "fr", or "" for English. Two marker words of a language make a
// message that language unless more English words are in it; one is
// enough in a message with no English word at all.
// stateCodeRe is a US state's code as an address writes it ("MA", "DE"):
// two capitals, which a marker word of another language would not be.
var stateCodeRe = regexp.MustCompile(`^[A-Z]{2}$`)

func detectLanguage(text string) string {
	votes := map[string]int{}
	english := 0
	for _, tok := range tokenRe.FindAllString(text, -1) {
		if stateCodeRe.MatchString(tok) {
			continue // "Cambridge MA 02139": a state, not French "ma"
		}
		tok = strings.TrimRight(strings.ToLower(tok), ".")
		if englishMarkers[tok] {
			english++
			continue
		}
		l, ok := foreignMarkers[tok]
		if !ok {
			l, ok = moreMarkers[tok]
		}
		if !ok {
			l, ok = folded().markers[fold(tok)]
		}
		if ok {
			votes[l]++
		}
	}
	best, n := "", 0
	for _, l := range []string{"es", "de", "fr"} {
		if votes[l] > n {
			best, n = l, votes[l]
		}
	}
	total := votes["es"] + votes["de"] + votes["fr"]
	switch {
	case total >= 2 && total > english, total >= 1 && english == 0:
		return best
	}
	return ""
}

// foreignLatePhraseRes are a parcel that has not moved, or is late, in
// Spanish, German and French, as the English lateRe reads.
var foreignLatePhrases = []struct {
	re *regexp.Regexp
	en string
}{
	{regexp.MustCompile(`(?i)\b(no se (?:ha )?(?:movido|mueve)|sigue sin moverse|sin movimiento|(?:hat sich|bewegt sich) (?:seit \p{L}+ )?(?:\p{L}+ )?nicht(?: mehr)?(?: bewegt)?|(?:n'a|n’a) pas (?:boug[ée]|avanc[ée])|ne bouge (?:pas|plus)|bloqu[ée]e?)(\P{L}|$)`), "hasn't moved"},
	{regexp.MustCompile(`(?i)\b(con retraso|retrasad[oa]s?|atrasad[oa]s?|versp(?:ä|ae|a)tet|versp(?:ä|ae|a)tung|verz(?:ö|oe|o)gert|en retard|retard(?:ée?s?)?)(\P{L}|$)`), "late"},
}

// foreignMoneyBackPhrases are the money given back in Spanish, German and
// French ("me devuelven el dinero", "mein Geld zurück", "rendre mon
// argent"): a refund, not a return (foreignWord would read "devuelven" as
// "return", a typo of "devuelve").
var foreignMoneyBackPhrases = []struct {
	re *regexp.Regexp
	en string
}{
	{regexp.MustCompile(`(?i)\b((?:me |nos )?devolv\p{L}* (?:el|mi|mis|nuestro) dinero|(?:me |nos )?devuelv\p{L}* (?:el|mi|mis|nuestro) dinero|(?:mein|das|unser) geld zur(?:ü|ue|u)ck(?:\p{L}*)?|(?:me |nous )?rend\p{L}* (?:mon|notre|l['’]) ?argent)(\P{L}|$)`), "refund"},
}

func init() {
	// Every phrase as typed without its accents too ("no me llego nada",
	// "jamais recu").
	for _, p := range foreignPhraseRes {
		if src := fold(p.re.String()); src != p.re.String() {
			foreignPhraseRes = append(foreignPhraseRes, struct {
				re *regexp.Regexp
				en string
			}{regexp.MustCompile(src), p.en})
		}
	}
	for _, p := range append(foreignLatePhrases, foreignMoneyBackPhrases...) {
		foreignPhraseRes = append(foreignPhraseRes, struct {
			re *regexp.Regexp
			en string
		}{p.re, p.en})
	}
	// Support words the shared list lacks, as conjugated or spelt.
	for w, en := range map[string]string{
		"llegó": "arrived", "llego": "arrived", "llegaron": "arrived", "arrivé": "arrived", "arrivée": "arrived", "arrivés": "arrived",
		"arrivées": "arrived", "angekommen": "arrived", "ankommen": "arrive", "arrive": "arrive", "arrivera": "arrive", "llegará": "arrive",
		"zurückschicken": "return", "zurücksenden": "return", "rücksenden": "return", "zurückgeschickt": "return",
		"renvoyer": "return", "rembourser": "refund", "reembolsar": "refund", "erstatten": "refund",
		"annulez-la": "cancel", "annulez-moi": "cancel", "cancelarlo": "cancel", "cancelarla": "cancel", "stornier": "cancel",
		"sendungsverfolgung": "tracking", "zustellung": "delivery", "entrega": "delivery",
	} {
		if _, ok := foreign[w]; !ok {
			foreign[w] = en
		}
	}
}

// noteProposalAgain is the language note on a proposal stated after the
// conversation has had the full note: what the customer says yes to is
// in English.
const noteProposalAgain = "(This is in English: if you'd rather go over it in your language first, just ask for a member of our team.)"

// languageNote is the note a reply to msgText needs: englishOnly the
// first time in a conversation, a short reminder on a proposal stated
// after that, nothing otherwise.
func (t *turn) languageNote() string {
	noted := false
	for _, m := range t.req.Messages {
		if m.Role == agent.RoleAssistant && strings.Contains(m.Text(), englishOnly) {
			noted = true
			break
		}
	}
	if !noted {
		return englishOnly
	}
	for _, c := range t.calls {
		if str(c.result, "status") == "needs_confirmation" && isWriteTool(c.name) {
			return noteProposalAgain
		}
	}
	return ""
}

// isWriteTool reports whether name is a tool whose proposal changes the
// shop once agreed.
func isWriteTool(name string) bool {
	switch name {
	case toolname.StartReturn, toolname.ChangeAddress, toolname.CancelOrder, toolname.ExchangeItem,
		toolname.ReportDamage, toolname.ReportNotReceived, toolname.FollowUp:
		return true
	}
	return false
}
