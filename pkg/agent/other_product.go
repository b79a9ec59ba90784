package agent

import (
	"regexp"
	"strings"
	"sync"
)

// An exchange is for another variant of the same product. A customer who
// wants a different product instead ("swap the kit for the throw") is told
// so plainly, with a return (refund or store credit) and a new order
// offered, or a person: exchange_item lists no variants for it and
// proposes nothing.

// optionWords describe an option of the same product rather than another
// product: sizes, colours, comparisons and the words around them, in
// English, Spanish, German and French. A general lexicon, not a shop's.
var optionWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`one ones size sizes colour colours color colors shade tone finish style version variant option
		different another other new same instead kind type pattern model edition
		bigger smaller larger longer shorter wider narrower taller lighter darker big small large medium little huge tiny
		extra xs xl xxl inch inches cm mm oz ml litre liter pack
		black white grey gray blue red green yellow pink purple orange brown beige navy cream ivory tan gold silver
		teal turquoise maroon burgundy olive khaki lilac lavender mint coral rose clear natural plain light dark
		talla tamaño color negro negra blanco blanca gris azul rojo roja verde amarillo rosa morado naranja marrón grande pequeño pequeña otro otra
		größe farbe schwarz weiß weiss grau blau rot grün gelb braun groß gross klein kleiner größer grösser andere anderen anderes
		taille couleur noir noire blanc blanche gris bleu rouge vert verte jaune marron grand grande petit petite autre`) {
		m[w] = true
	}
	return m
})

// requestWords are the words of a request around what is wanted: none of
// them names a product.
var requestWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`can could would will may might please pls like want wanted rather prefer have get swap swop exchange
		trade switch change replace instead them they it its this that these those you your mine some any thing
		puedo quiero cambiar por favor kann ich möchte gegen bitte umtauschen tauschen est-ce que je peux voudrais échanger
		contre pour changer el la los las un una uno de del der die das den dem ein eine einen einem le les une des du
		stock instock available availability avail sold out only if still left lieferbar verfügbar vorrätig lager disponible hay tienen`) {
		m[w] = true
	}
	return m
})

// otherProductRe names another product without naming it: "something
// else", "a different product".
var otherProductRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:something else|anything else|(?:a |an )?(?:different|another|other) (?:product|item|thing)s?)\b`)
})

// wantsOtherProduct reports whether want (the customer's words for what
// they want instead, as the model passed them) names a product other than
// title, whose variants are titled variants: a word the customer said
// that is none of the product's own words, no option word and no word of
// the request; and no word of any of its variants.
func wantsOtherProduct(title string, variants []Variant, want, said string) bool {
	want, said = digitsApart(want), digitsApart(said)
	if otherProductRe().MatchString(want) && otherProductRe().MatchString(said) {
		return true
	}
	own := map[string]bool{}
	for _, w := range words(title) {
		own[w] = true
	}
	for _, v := range variants {
		for _, w := range words(v.Title) {
			own[w] = true
		}
	}
	saidWords := map[string]bool{}
	for _, w := range words(said) {
		saidWords[w] = true
	}
	other := false
	for _, w := range words(want) {
		switch {
		case own[w] || optionWordOf(w, own) != "":
			return false // an option or the product itself, typos and all ("charcol")
		case len([]rune(w)) < 3 || optionWords()[w] || optionWords()[stem(w)] || requestWords()[w] || !saidWords[w]:
		default:
			other = true
		}
	}
	return other
}

// digitUnitRe is a number run into its unit: "16oz", "12in".
var digitUnitRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(\d)(\p{L})`) })

// digitsApart writes a number and its unit apart, as variant titles do
// ("16oz" is the "16 oz" variant; trial 16 got "the 16oz size is a
// different product").
func digitsApart(s string) string { return digitUnitRe().ReplaceAllString(s, "$1 $2") }
