package offline

import "regexp"

// Loose words for a whole order and for stopping an order before it
// ships (issue 18, gaps7).
var (
	// looseAllRe names every line of an order without "everything":
	// "take it all back", "the whole lot", "toute la commande", "todo el
	// pedido", "die ganze Bestellung".
	looseAllRe = regexp.MustCompile(`(?i)\b(?:(?:it|them) all (?:back|of it)|all of (?:it|them) back|(?:take|send|ship|give) (?:it|them) all\b|the (?:whole|hole|entire) (?:lot|thing|order|purchase)|whole lot|every(?:thing| item| single item)|tout(?:e)? la commande|la commande enti[eè]re|tout (?:renvoyer|retourner|rendre|rembourser)|(?:renvoyer|retourner|rendre|rembourser) tout|todo el pedido|el pedido (?:entero|completo)|toda la (?:orden|compra)|devolver todo|todo de vuelta|(?:ganze|gesamte|komplette) bestellung|alles zur[uü]ck)`)
	// stopOrderRe stops an order before it goes: a verb of stopping, the
	// order, and its shipping; stopping "updates" or emails is not it.
	stopOrderRe = regexp.MustCompile(`(?i)\b(?:stop|halt|hold back|block|intercept|prevent|detener|parar|frenar|stoppen|anhalten|arr[eê]ter|bloquer)\b[^.?!,]{0,20}\b(?:order|ordr|purchase|pedido|compra|bestellung|commande|it|them|shipment)\b[^.?!]{0,30}\b(?:before|from|ship|ships|shipping|shipped|sent|sending|going out|goes out|leav|dispatch|env[ií]|salga|versand|verschickt|exp[eé]di)`)
	// notifyRe is about messages, not the order itself.
	notifyRe = regexp.MustCompile(`(?i)\b(?:updates?|emails?|e-mails?|notifications?|messages?|texts?|sms|newsletters?|alerts?|spam|marketing)\b`)
)

// wantsAllLoosely reports whether text names the whole order in loose
// words.
func wantsAllLoosely(text string) bool {
	return looseAllRe.MatchString(text)
}

// stopsOrder reports whether text asks to stop an order before it ships.
func stopsOrder(text string) bool {
	return stopOrderRe.MatchString(text) && !notifyRe.MatchString(text)
}
