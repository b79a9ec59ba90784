package agent

import (
	"regexp"
	"sync"
)

// replacementWordsRe refers to a replacement already sent ("the
// replacement", "my replacement order", "el reemplazo",
// "Ersatzbestellung", "la commande de remplacement"), not one wished for
// ("can I get a replacement?"); common misspellings ("replacment") too.
var replacementWordsRe = sync.OnceValue(func() *regexp.Regexp {
	const word = `re?pla[cs]e?m[ae]?n?t`
	return regexp.MustCompile(`(?i)\b(?:(?:the|my|that|this|your|ur|yr)\s+(?:new\s+)?` + word + `\b|` + word +
		`\s+(?:order|parcel|package|shipment|one|you|u|that|which)\b|(?:el|mi|ese|del|al)\s+(?:reemplazo|reenv[ií]o|repuesto)\b|pedido\s+de\s+(?:reemplazo|reposici[oó]n)|ersatz(?:bestellung|lieferung|paket|sendung)|(?:meinen?|den|der|die)\s+ersatz\b|(?:le|mon|du|au)\s+remplacement\b|(?:commande|colis)\s+de\s+remplacement)`)
}) // at first use, like phrases

// RefersToReplacement reports whether text refers to a replacement order
// already made for the customer, without its number: "where's the
// replacement?", "cancel my replacement order". The conversation's
// current order becomes that replacement (noteNamedOrder), so the tools
// offered are those of its stage.
func RefersToReplacement(text string) bool {
	return replacementWordsRe().MatchString(text)
}
