package agent

import (
	"regexp"
	"strings"
	"sync"
)

// mindRe is a change of mind given as the reason for a return, in
// English, Spanish, German and French: "changed my mind", "unused",
// "don't need it any more", "cambié de opinión", "anders überlegt",
// "changé d'avis".
var mindRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:changed my mind|change of heart|(?:don'?t|dont|do not|no longer) (?:need|want)\b|never used|unused|not used|haven'?t used|` +
		`cambi[eé] de (?:opini[oó]n|idea)|ya no (?:lo|la|los|las) (?:necesito|quiero)|sin usar|` +
		`anders überlegt|es mir anders|nicht mehr (?:brauche|will|benötige)|unbenutzt|ungebraucht|` +
		`chang[ée] d'avis|plus besoin|jamais utilis[ée]e?s?)(?:[^\p{L}]|$)`)
})

// mindDamageRe is damage or a fault in the same words: with it, the
// customer's reason is not only a change of mind.
var mindDamageRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:broken|broke|damaged?|cracked|crack|chipped|chip|faulty|defective|leak\p{L}*|smashed|shattered|dented|scratched|torn|stained|doesn'?t work|does not work|stopped working|wrong|rot[oa]s?|da[ñn]ad[oa]s?|defekt|kaputt|besch[äa]digt|cass[ée]e?s?|ab[îi]m[ée]e?s?|f[êe]l[ée]e?s?)(?:[^\p{L}]|$)`)
})

// mindReason is a return's reason when the customer's own words this turn
// (text) give only a change of mind: UNWANTED, whatever reason the model
// gave or an earlier damage report in the conversation carried
// (earlierReason). A change of mind recorded in the shop as DEFECTIVE is
// a wrong write. Any other words leave reason as it is.
func mindReason(reason, text string) string {
	switch reason {
	case "DEFECTIVE", "WRONG_ITEM", "NOT_AS_DESCRIBED", "UNKNOWN", "OTHER":
	default:
		return reason
	}
	low := strings.ToLower(text)
	if !mindRe().MatchString(low) || mindDamageRe().MatchString(low) {
		return reason
	}
	return "UNWANTED"
}
