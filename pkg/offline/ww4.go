package offline

import "regexp"

// anotherRe asks for one more of the same, in English, Spanish, German and
// French, typos allowed: "send me another", "cn you send me anotehr one",
// "¿me envían otra igual?", "noch eins", "m'en renvoyer un autre". Another
// order, size or colour, or "otra vez" (again), is not one more.
var anotherRe = regexp.MustCompile(`\b(?:an?oth?e?h?r|anotehr|anohter|otr[oa]|noch\s+(?:ein|eine|einen|eins|mal\s+(?:eine?n?|eins))|une?\s+autre)\b(?:\s+(?:one|igual|de\s+nuevo|pareil|pareille))?` +
	`(?:\s+(?:order|pedido|bestellung|commande|size|talla|größe|taille|colou?r|vez|fois|mal|question|pregunta|frage|address|dirección|adresse|thing|cosa|sache|chose|day|día|tag|jour|time)\b)?`)

// anotherExcluded are the words after "another" that make it something
// else than one more of the item.
var anotherExcludedRe = regexp.MustCompile(`\s(?:order|pedido|bestellung|commande|size|talla|größe|taille|colou?r|vez|fois|mal|question|pregunta|frage|address|dirección|adresse|thing|cosa|sache|chose|day|día|tag|jour|time)$`)

// asksAnother reports whether t (lower case) asks for another of the item,
// not turned down ("I don't want another one").
func asksAnother(t string) bool {
	for _, m := range anotherRe.FindAllStringIndex(t, -1) {
		if anotherExcludedRe.MatchString(t[m[0]:m[1]]) || turnedDownRe.MatchString(t[max(0, m[0]-40):m[0]]) {
			continue
		}
		return true
	}
	return false
}

// moneyBackRe asks for the money back in so many words, in English,
// Spanish, German and French: "can i get my money back for that one",
// "que me devuelvan el dinero", "mein Geld dafür zurück", "rembourser".
var moneyBackRe = regexp.MustCompile(`\bmoney\s+back\b|\brefund|\bdevuelvan?\s+(?:el|mi)\s+dinero|\bdinero\s+de\s+vuelta|\breembols|\bgeld\b(?:\s+\p{L}+){0,2}\s+zur[üu]ck|\berstatt|\brembours|\bmon\s+argent\b`)

// asksMoneyBack reports whether t (lower case) asks for the money back,
// not turned down.
func asksMoneyBack(t string) bool {
	for _, m := range moneyBackRe.FindAllStringIndex(t, -1) {
		if !turnedDownRe.MatchString(t[max(0, m[0]-40):m[0]]) {
			return true
		}
	}
	return false
}

// anotherOneRe is "another one" (or "another new one"): one more of an
// item when it is asked to be sent.
var anotherOneRe = regexp.MustCompile(`(?i)^an?oth?e?h?r\s+(?:\w+\s+)?ones?$`)

// oneMoreOfItem reports whether every "other ... one" in norm is "another
// one" asked for as one more of an item ("it arrived broken, can you send
// me another one"), not another order.
func oneMoreOfItem(norm string) bool {
	all := otherRe.FindAllString(norm, -1)
	if len(all) == 0 || damageChoice(norm) != "replacement" {
		return false
	}
	for _, m := range all {
		if !anotherOneRe.MatchString(m) {
			return false
		}
	}
	return true
}
