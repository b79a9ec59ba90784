package offline

import (
	"regexp"
	"strings"
)

// The answer to "which items?" may name a variant in the customer's own
// language ("la grande, en gris", "die helle"): the English of its
// colour and size words, added to the answer, lets the order's titles be
// matched as the English answer would be.

// variantWordsOf are colour and size words of Spanish, German and French,
// in English (a stem: "grand" is "grande", "grands", "grandes").
var variantWordsOf = []struct {
	re *regexp.Regexp
	en string
}{
	{regexp.MustCompile(`(?i)\b(?:grand[e]?s?|gros(?:se)?s?|groß\w*|gross\w*|größer\w*|grnade|garnde)\b`), "large"},
	{regexp.MustCompile(`(?i)\b(?:pequeñ[oa]s?|peque[nñ]o|chic[oa]s?|petite?s?|klein\w*)\b`), "small"},
	{regexp.MustCompile(`(?i)\b(?:median[oa]s?|moyen(?:ne)?s?|mittler\w*|mittel\w*)\b`), "medium"},
	{regexp.MustCompile(`(?i)\b(?:gris|grau\w*|gräulich\w*|anthrazit\w*|antracita|anthracite)\b`), "grey gray"},
	{regexp.MustCompile(`(?i)\b(?:negr[oa]s?|noire?s?|schwarz\w*)\b`), "black"},
	{regexp.MustCompile(`(?i)\b(?:blanc(?:he)?s?|blanc[oa]s?|weiß\w*|weiss\w*)\b`), "white"},
	{regexp.MustCompile(`(?i)\b(?:azul marino|bleu marine|marineblau\w*|dunkelblau\w*|marine)\b`), "navy"},
	{regexp.MustCompile(`(?i)\b(?:azul(?:es)?|bleue?s?|blau\w*)\b`), "blue"},
	{regexp.MustCompile(`(?i)\b(?:roj[oa]s?|rouges?|rot(?:e[nrs]?)?)\b`), "red"},
	{regexp.MustCompile(`(?i)\b(?:verdes?|verte?s?|grün\w*)\b`), "green"},
	{regexp.MustCompile(`(?i)\b(?:marr[oó]n(?:es)?|brun(?:e)?s?|braun\w*)\b`), "brown"},
	{regexp.MustCompile(`(?i)\b(?:rosas?|roses?|rosa\w*)\b`), "pink"},
	{regexp.MustCompile(`(?i)\b(?:amarill[oa]s?|jaunes?|gelb\w*)\b`), "yellow"},
	{regexp.MustCompile(`(?i)\b(?:crema|crème|creme|cremefarben\w*|cremeweiß\w*|écru|ecru)\b`), "cream"},
	{regexp.MustCompile(`(?i)\b(?:beige)\b`), "beige"},
	{regexp.MustCompile(`(?i)\b(?:oscur[oa]s?|foncée?s?|dunkl\w*|dunkel\w*)\b`), "dark"},
	{regexp.MustCompile(`(?i)\b(?:clar[oa]s?|claire?s?|hell(?:e[nrs]?)?)\b`), "light"},
}

// variantWords are the English colour and size words of text's
// Spanish, German or French ones, joined; "" when it has none, or is in
// English.
func variantWords(text string) string {
	if detectLanguage(text) == "" && !regexp.MustCompile(`[ñéèêäöüßç]`).MatchString(strings.ToLower(text)) && !regexp.MustCompile(`(?i)^\W*(?:la|le|el|die|der|das|los|las|les)\b`).MatchString(text) {
		return ""
	}
	var en []string
	for _, v := range variantWordsOf {
		if v.re.MatchString(text) {
			en = append(en, v.en)
		}
	}
	return strings.Join(en, " ")
}
