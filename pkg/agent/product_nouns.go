package agent

import (
	"regexp"
	"slices"
	"strings"
	"sync"
)

// productNouns are everyday product nouns of Spanish, German and French
// customers, as the English nouns an order's titles use: a customer who
// writes "la gourde" or "den Rucksack" names the Water Bottle or the
// Backpack of their order, for the model that picks the item and for the
// check that the customer named it (pickLines). A general shopping
// lexicon, not any shop's catalogue; a noun with two senses gives both,
// and the order's titles decide. Built at its first use: a map literal
// this size allocates about 100 KB at every start of every function.
var productNouns = sync.OnceValue(func() map[string][]string {
	return map[string][]string{
		// Spanish
		"botella": {"bottle"}, "cantimplora": {"bottle"}, "cuaderno": {"notebook"}, "libreta": {"notebook"},
		"rompecabezas": {"puzzle"}, "puzle": {"puzzle"}, "auriculares": {"headphones", "earbuds"}, "cascos": {"headphones"},
		"camiseta": {"t-shirt", "shirt"}, "camisa": {"shirt"}, "zapatos": {"shoes"}, "zapatillas": {"sneakers", "shoes"},
		"chaqueta": {"jacket"}, "mochila": {"backpack"}, "bolso": {"bag", "handbag"}, "bolsa": {"bag"}, "reloj": {"watch", "clock"},
		"lámpara": {"lamp"}, "lampara": {"lamp"}, "hervidor": {"kettle"}, "tetera": {"kettle", "teapot"}, "altavoz": {"speaker"},
		"teclado": {"keyboard"}, "ratón": {"mouse"}, "raton": {"mouse"}, "portátil": {"laptop"}, "portatil": {"laptop"},
		"tableta": {"tablet"}, "teléfono": {"phone"}, "móvil": {"phone"}, "cámara": {"camera"}, "camara": {"camera"},
		"gafas de sol": {"sunglasses"}, "cepillo de dientes": {"toothbrush"}, "aspiradora": {"vacuum", "cleaner"},
		"licuadora": {"blender"}, "batidora": {"blender", "mixer"}, "parrilla": {"grill"}, "barbacoa": {"grill"}, "manguera": {"hose"},
		"maleta": {"suitcase", "luggage"}, "equipaje": {"luggage"}, "monopatín": {"skateboard"}, "patineta": {"skateboard"},
		"bicicleta": {"bicycle", "bike"}, "casco": {"helmet"}, "tienda de campaña": {"tent"}, "saco de dormir": {"sleeping bag"},
		"silla": {"chair"}, "escritorio": {"desk"}, "estantería": {"bookshelf", "shelf"}, "almohada": {"pillow"},
		"manta": {"blanket"}, "toalla": {"towel"}, "libro": {"book"}, "bolígrafo": {"pen"}, "cartera": {"wallet"},
		"billetera": {"wallet"}, "cinturón": {"belt"}, "sombrero": {"hat"}, "gorra": {"cap", "hat"}, "guantes": {"gloves"},
		"calcetines": {"socks"}, "vestido": {"dress"}, "pantalones": {"pants", "trousers"}, "vaqueros": {"jeans"},
		"suéter": {"sweater"}, "jersey": {"sweater"}, "bufanda": {"scarf"}, "paraguas": {"umbrella"}, "cargador": {"charger"},
		"impresora": {"printer"}, "ventilador": {"fan"}, "tostadora": {"toaster"}, "microondas": {"microwave"},
		"sartén": {"pan"}, "olla": {"pot"}, "cuchillo": {"knife"}, "plato": {"plate"}, "juguete": {"toy"}, "muñeca": {"doll"},
		"pelota": {"ball"}, "balón": {"ball"}, "espejo": {"mirror"}, "alfombra": {"rug", "carpet"}, "cortina": {"curtain"},
		"colchón": {"mattress"}, "guitarra": {"guitar"}, "dron": {"drone"}, "pulsera": {"bracelet", "tracker"},
		"taza": {"cup", "mug"}, "filtro": {"filter"}, "hierro fundido": {"cast iron"}, "tazón": {"bowl", "mug"}, "cafetera": {"coffee maker", "coffee"}, "jarra": {"jug", "pitcher"}, "tijeras": {"scissors"}, "taladro": {"drill"}, "perfume": {"perfume"}, "crema": {"cream"},
		// German
		"flasche": {"bottle"}, "trinkflasche": {"bottle"}, "wasserflasche": {"bottle"}, "notizbuch": {"notebook"},
		"heft": {"notebook"}, "puzzlespiel": {"puzzle"}, "kopfhörer": {"headphones", "earbuds"}, "hemd": {"shirt"},
		"schuhe": {"shoes"}, "turnschuhe": {"sneakers", "shoes"}, "jacke": {"jacket"}, "rucksack": {"backpack"},
		"tasche": {"bag"}, "brett": {"board"}, "schneidebrett": {"board"}, "planche": {"board"}, "tabla": {"board"}, "olivier": {"olive"},
		"olivo": {"olive"}, "curar": {"season"}, "curo": {"season"}, "einbrennen": {"season"}, "culotter": {"season"},
		"brûler": {"burn"}, "quemar": {"burn"}, "abbrennen": {"burn"}, "première fois": {"first"}, "primera vez": {"first"}, "erste mal": {"first"}, "ersten mal": {"first"}, "olivenholz": {"olive", "wood"}, "bougie": {"candle"}, "vela": {"candle"}, "kerze": {"candle"}, "handtasche": {"handbag", "bag"}, "uhr": {"watch", "clock"}, "armbanduhr": {"watch"}, "lampe": {"lamp"},
		"wasserkocher": {"kettle"}, "teekessel": {"kettle"}, "kessel": {"kettle"}, "lautsprecher": {"speaker"},
		"tastatur": {"keyboard"}, "maus": {"mouse"}, "notebookcomputer": {"laptop"}, "handy": {"phone"}, "telefon": {"phone"},
		"kamera": {"camera"}, "sonnenbrille": {"sunglasses"}, "zahnbürste": {"toothbrush"}, "staubsauger": {"vacuum", "cleaner"},
		"mixer": {"blender", "mixer"}, "standmixer": {"blender"}, "gartenschlauch": {"hose"}, "schlauch": {"hose"},
		"koffer": {"suitcase", "luggage"}, "gepäck": {"luggage"}, "kofferset": {"luggage"}, "fahrrad": {"bicycle", "bike"},
		"helm": {"helmet"}, "fahrradhelm": {"helmet"}, "zelt": {"tent"}, "schlafsack": {"sleeping bag"}, "stuhl": {"chair"},
		"bürostuhl": {"chair"}, "schreibtisch": {"desk"}, "bücherregal": {"bookshelf"}, "regal": {"shelf", "bookshelf"},
		"kissen": {"pillow"}, "decke": {"blanket"}, "handtuch": {"towel"}, "buch": {"book"}, "kugelschreiber": {"pen"},
		"stift": {"pen"}, "geldbörse": {"wallet"}, "portemonnaie": {"wallet"}, "gürtel": {"belt"}, "hut": {"hat"},
		"mütze": {"hat", "cap"}, "handschuhe": {"gloves"}, "socken": {"socks"}, "kleid": {"dress"}, "hosen": {"pants"},
		"pullover": {"sweater"}, "schal": {"scarf"}, "regenschirm": {"umbrella"}, "ladegerät": {"charger"},
		"drucker": {"printer"}, "ventilator": {"fan"}, "toaster": {"toaster"}, "mikrowelle": {"microwave"}, "pfanne": {"pan"},
		"topf": {"pot"}, "messer": {"knife"}, "teller": {"plate"}, "spielzeug": {"toy"}, "puppe": {"doll"}, "spiegel": {"mirror"},
		"teppich": {"rug", "carpet"}, "vorhang": {"curtain"}, "matratze": {"mattress"}, "gitarre": {"guitar"}, "drohne": {"drone"},
		"tasse": {"cup", "mug"}, "becher": {"mug", "cup"}, "kaffeebereiter": {"coffee"}, "kaffee-set": {"coffee"}, "kaffeeset": {"coffee"}, "kaffeemaschine": {"coffee maker", "coffee"}, "nussbaum": {"walnut"}, "gusseisen": {"cast iron"}, "kanne": {"pot", "jug"}, "schere": {"scissors"}, "bohrmaschine": {"drill"}, "akkuschrauber": {"drill"}, "parfüm": {"perfume"},
		// French
		"bouteille": {"bottle"}, "gourde": {"bottle"}, "carnet": {"notebook"}, "cahier": {"notebook"}, "casse-tête": {"puzzle"},
		"casque": {"headphones", "helmet"}, "écouteurs": {"earbuds", "headphones"}, "chemise": {"shirt"}, "tee-shirt": {"t-shirt"},
		"chaussures": {"shoes"}, "baskets": {"sneakers", "shoes"}, "veste": {"jacket"}, "blouson": {"jacket"},
		"sac à dos": {"backpack"}, "sac": {"bag"}, "montre": {"watch"}, "horloge": {"clock"}, "lampe de bureau": {"lamp"},
		"bouilloire": {"kettle"}, "enceinte": {"speaker"}, "haut-parleur": {"speaker"}, "clavier": {"keyboard"},
		"souris": {"mouse"}, "ordinateur portable": {"laptop"}, "tablette": {"tablet"}, "téléphone": {"phone"},
		"portable": {"phone", "laptop"}, "appareil photo": {"camera"}, "lunettes de soleil": {"sunglasses"},
		"brosse à dents": {"toothbrush"}, "aspirateur": {"vacuum", "cleaner"}, "mixeur": {"blender"}, "barbecue": {"grill"},
		"tuyau": {"hose"}, "valise": {"suitcase", "luggage"}, "bagages": {"luggage"}, "planche à roulettes": {"skateboard"},
		"vélo": {"bicycle", "bike"}, "tente": {"tent"}, "sac de couchage": {"sleeping bag"}, "chaise": {"chair"},
		"bureau": {"desk"}, "étagère": {"shelf", "bookshelf"}, "bibliothèque": {"bookshelf"}, "oreiller": {"pillow"},
		"couverture": {"blanket"}, "serviette": {"towel"}, "livre": {"book"}, "stylo": {"pen"}, "portefeuille": {"wallet"},
		"ceinture": {"belt"}, "chapeau": {"hat"}, "casquette": {"cap", "hat"}, "gants": {"gloves"}, "chaussettes": {"socks"},
		"robe": {"dress"}, "pantalon": {"pants", "trousers"}, "jean": {"jeans"}, "pull": {"sweater"}, "écharpe": {"scarf"},
		"parapluie": {"umbrella"}, "chargeur": {"charger"}, "imprimante": {"printer"}, "ventilateur": {"fan"},
		"grille-pain": {"toaster"}, "micro-ondes": {"microwave"}, "poêle": {"pan"}, "casserole": {"pot", "pan"},
		"couteau": {"knife"}, "assiette": {"plate"}, "jouet": {"toy"}, "poupée": {"doll"}, "ballon": {"ball"},
		"miroir": {"mirror"}, "tapis": {"rug", "carpet"}, "rideau": {"curtain"}, "matelas": {"mattress"}, "guitare": {"guitar"},
		"tasse à thé": {"cup", "mug"}, "cafetière": {"coffee maker", "coffee"}, "plaid": {"throw", "blanket"}, "fonte": {"cast iron"}, "lin": {"linen"}, "bougies": {"candle"}, "bol": {"bowl"}, "pichet": {"jug", "pitcher"}, "ciseaux": {"scissors"}, "perceuse": {"drill"}, "parfum": {"perfume"}, "crème": {"cream"},
	}
})

var productWordRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*`) })

// singulars are the forms a Spanish, German or French plural noun w may
// have in the singular: "tazas" "taza", "Tassen" "Tasse", "altavoces"
// "altavoz", "bateaux" "bateau".
func singulars(w string) []string {
	var out []string
	for _, p := range [][2]string{{"ces", "z"}, {"es", ""}, {"en", ""}, {"s", ""}, {"n", ""}, {"x", ""}, {"e", ""}} {
		if strings.HasSuffix(w, p[0]) && len([]rune(w)) > len(p[0])+3 {
			out = append(out, strings.TrimSuffix(w, p[0])+p[1])
		}
	}
	return out
}

// WithProductNouns is text followed by the English nouns of the foreign
// product nouns in it (whole words and phrases, any case), so the items of
// an order are matched in the customer's language.
//
// A noun said in the plural ("las tazas", "les tasses", "die Tassen")
// gives the English plural ("mugs"): the customer means every unit.
func WithProductNouns(text string) string {
	toks := productWordRe().FindAllString(strings.ToLower(text), -1)
	for i, tok := range toks {
		// French and Italian elisions: "d'olivier" is "olivier".
		if len(tok) > 2 && tok[1] == '\'' {
			toks[i] = tok[2:]
		} else if len(tok) > 3 && strings.HasPrefix(tok, "qu'") {
			toks[i] = tok[3:]
		}
	}
	low := " " + strings.Join(toks, " ") + " "
	var add []string
	nouns := productNouns()
	for foreign, english := range nouns {
		if strings.Contains(low, " "+foreign+" ") {
			add = append(add, english...)
		}
	}
	// A plural ("las tazas", "die Tassen", "les tasses") is its
	// singular's noun in the English plural (the customer means every
	// unit), and an elided article is not part of it.
	for _, w := range strings.Fields(low) {
		if _, ok := nouns[w]; ok {
			continue
		}
		if i := strings.IndexAny(w, "'’"); i > 0 && i <= 2 {
			// An elided article or preposition: "l'enceinte", "d'oreiller".
			w = w[i+len(string([]rune(w[i:])[0])):]
			if english, ok := nouns[w]; ok {
				add = append(add, english...)
				continue
			}
		}
		for _, s := range singulars(w) {
			if english, ok := nouns[s]; ok {
				for _, e := range english {
					add = append(add, englishPlural(e))
				}
				break
			}
		}
	}
	slices.Sort(add) // one text for one message, whatever the map's order
	if len(add) == 0 {
		return text
	}
	return text + " (" + strings.Join(add, " ") + ")"
}

// englishPlural is an English noun's plural: "mug" is "mugs", "glass"
// "glasses"; a plural noun ("headphones") stays.
func englishPlural(noun string) string {
	switch {
	case strings.HasSuffix(noun, "s") && !strings.HasSuffix(noun, "ss"):
		return noun
	case strings.HasSuffix(noun, "ss"), strings.HasSuffix(noun, "x"), strings.HasSuffix(noun, "ch"), strings.HasSuffix(noun, "sh"):
		return noun + "es"
	}
	return noun + "s"
}
