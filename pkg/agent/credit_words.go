package agent

import (
	"regexp"
	"sync"
)

// creditWords are the words of a customer who wants store credit: "store
// credit", "credit for the shop", "a gift card", "a voucher", "credit"
// alone ("could I get credit instead?"), in English, Spanish ("saldo en la
// tienda", "un vale": "vale" alone is "okay"), German and French, and
// "credt" typed for it. A payment card is not credit: "refund to my credit card".
var creditWords = sync.OnceValue(func() struct{ card, credit *regexp.Regexp } {
	return struct{ card, credit *regexp.Regexp }{
		card:   regexp.MustCompile(`(?i)(?:credi?t|cr[ée]dito|crédit)[\s-]*(?:cards?|karte)|(?:tarjeta|carte) de (?:cr[ée]dito|cr[ée]dit)`),
		credit: regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:credi?t|creidt|cr[ée]dito|guthaben|gutschrift|avoir|crédit|gift[\s-]?cards?|vouchers?|gutschein|bon d'achat|carte cadeau|carte-cadeau|tarjeta regalo|saldo (?:en|para|de) (?:la )?tienda|saldo a favor|(?:un|en|como) vale|vales? (?:de compra|regalo))` + notLetter),
	}
})

// WantsCredit reports whether text asks for store credit, in any of
// creditWords' words. It is the one recogniser of a wish for credit: code
// reads a yes with it (AsksOther), and the offline model reads requests.
func WantsCredit(text string) bool {
	w := creditWords()
	return w.credit.MatchString(w.card.ReplaceAllString(text, " "))
}
