package eval

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Replies state amounts and dates in the customer's conventions: "$12.34",
// "12,34 €", "Erstattung: 12,34 $", "12/25/2026", "25.12.2026", "the
// twenty-fifth of December", "in 3 days". The grounding and mention checks
// read them all, so a made-up figure in any of these forms is caught and a
// true one in any of them counts.

// amountIn is an amount a text states: its words, its value in cents,
// its currency ("USD", "EUR", "GBP", "CAD", "AUD", "$" for a dollar sign
// that names no country, "" when the text names none) and whether it
// stood bare, with no currency at all ("99.00").
type amountIn struct {
	Text     string
	Cents    int64
	Currency string
	Bare     bool
}

// A number as money is written: digit groups of three split by "," "."
// "'" or a (narrow) no-break space, then an optional decimal part of one
// or two digits after "." or ",".
const moneyNum = `\d{1,3}(?:[.,'\x{00A0}\x{202F}]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`

// amountRe is money with its currency before ("$12.34", "EUR 12,34") or
// after ("12,34 €", "12.34 USD", "12 dollars", "30 bucks", "30 dólares",
// "50 Dollar").
var amountRe = regexp.MustCompile(`(?i)(?:([$€£]|\b(?:USD|EUR|GBP|CAD|AUD)\b)[\x{00A0} ]?(` + moneyNum + `))` +
	`|(?:\b(` + moneyNum + `)[\x{00A0} ]?([$€£]|(?:USD|EUR|GBP|CAD|AUD|dollars?|bucks?|d[oó]lar(?:es)?|euros?|pounds?|libras?|livres?)\b))`)

// bareMoneyRe is a number written as money with no currency: two decimals
// after a point ("99.00", "1,234.56"); bareAmounts keeps those that stand
// alone, not in a date or before a unit.
var bareMoneyRe = regexp.MustCompile(`\b(\d{1,3}(?:,\d{3})+\.\d{2}|\d+\.\d{2})\b`)

// unitAfterRe is a unit or a scale after a number, which makes it a
// measure, not money: "12.50 inches", "4.50 out of 5", "12.50%".
var unitAfterRe = regexp.MustCompile(`(?i)^\s?(?:%|°|"|×|x\b|percent|per ?cent|out of|stars?\b|points?\b|(?:kg|g|lbs?|oz|ml|l|liters?|litres?|cm|mm|m|km|in|inch(?:es)?|ft|feet|foot|hours?|hrs?|h|mins?|minutes?|seconds?|s|miles?|mi|mph|w|v|mah|gb|tb|mb|kb|ghz|mhz|hz)\b)`)

// wordNum is an English number word an amount may be spelled with.
const wordNum = `(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)`

// wordAmountRe is an amount spelled in English words: "twenty-five
// dollars", "one hundred and five euros", "ten dollars and fifty cents",
// "fifty cents". ("Two pounds" is left alone: it is more often a weight.)
var wordAmountRe = regexp.MustCompile(`(?i)\b(` + wordNum + `(?:(?:[\s-]+|\s+and\s+)` + wordNum + `)*)\s+(dollars?|bucks?|euros?)(?:\s+(?:and\s+)?(` +
	wordNum + `(?:[\s-]+` + wordNum + `)*|\d{1,2})\s+cents?)?\b|\b(` + wordNum + `(?:[\s-]+` + wordNum + `)*)\s+cents?\b`)

var smallNumbers = map[string]int64{"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
	"eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}

// wordsValue reads an English cardinal ("one hundred and twenty-five");
// false when the words make no number ("five three", "hundred one").
func wordsValue(words string) (int64, bool) {
	if n, err := strconv.ParseInt(words, 10, 64); err == nil {
		return n, true
	}
	var total, cur int64
	last := "" // the last word's class: "unit", "teen", "tens", "hundred", "thousand"
	for _, w := range strings.FieldsFunc(strings.ToLower(words), func(r rune) bool { return r == ' ' || r == '-' || r == '\t' || r == '\n' }) {
		switch n, small := smallNumbers[w]; {
		case w == "and":
			if last != "hundred" && last != "thousand" {
				return 0, false
			}
		case small && n < 10:
			if last == "unit" || last == "teen" {
				return 0, false
			}
			cur, last = cur+n, "unit"
		case small && n < 20:
			if last == "unit" || last == "teen" || last == "tens" {
				return 0, false
			}
			cur, last = cur+n, "teen"
		case small:
			if last == "unit" || last == "teen" || last == "tens" {
				return 0, false
			}
			cur, last = cur+n, "tens"
		case w == "hundred":
			if cur == 0 || cur >= 100 || last == "hundred" {
				return 0, false
			}
			cur, last = cur*100, "hundred"
		case w == "thousand":
			if cur == 0 || total > 0 {
				return 0, false
			}
			total, cur, last = cur*1000, 0, "thousand"
		default:
			return 0, false
		}
	}
	return total + cur, last != "" && last != "and"
}

// foreignCurrencyRe is a currency word of the Spanish, German and French
// replies: "dólares", "Dollar", "euros".
// ("Une livre", "una libra" are as often a weight: not read.)
var foreignCurrencyRe = regexp.MustCompile(`(?i)\b(?:US-)?(d[oó]lar(?:es)?|dollars?|euros?)\b`)

// foreignNumbers are the Spanish, German and French number words, by
// value; hundreds and thousands (-100, -1000) multiply what comes before.
var foreignNumbers = map[string]int64{
	"uno": 1, "un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10,
	"once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciséis": 16, "dieciseis": 16, "diecisiete": 17, "dieciocho": 18,
	"diecinueve": 19, "veinte": 20, "veintiuno": 21, "veintiún": 21, "veintidós": 22, "veintidos": 22, "veintitrés": 23, "veintitres": 23,
	"veinticuatro": 24, "veinticinco": 25, "veintiséis": 26, "veintiseis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29,
	"treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100,
	"doscientos": 200, "trescientos": 300, "cuatrocientos": 400, "quinientos": 500, "seiscientos": 600, "setecientos": 700,
	"ochocientos": 800, "novecientos": 900, "mil": -1000,
	"ein": 1, "eins": 1, "eine": 1, "einen": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "fuenf": 5, "sechs": 6, "sieben": 7, "acht": 8,
	"neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "zwoelf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16,
	"siebzehn": 17, "achtzehn": 18, "neunzehn": 19, "zwanzig": 20, "dreißig": 30, "dreissig": 30, "vierzig": 40, "fünfzig": 50,
	"sechzig": 60, "siebzig": 70, "achtzig": 80, "neunzig": 90, "hundert": -100, "tausend": -1000,
	"une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11,
	"douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
	"cinquante": 50, "soixante": 60, "quatrevingt": 80, "quatrevingts": 80, "cent": -100, "cents": -100, "mille": -1000,
}

// foreignJoin are the words that join number words: "treinta y cinco",
// "fünfundzwanzig", "vingt et un".
var foreignJoin = map[string]bool{"y": true, "und": true, "et": true}

// foreignTokens are foreignNumbers' words and the joins, longest first,
// for splitting a German compound ("fünfundzwanzig").
var foreignTokens = func() []string {
	var out []string
	for w := range foreignNumbers {
		out = append(out, w)
	}
	for w := range foreignJoin {
		out = append(out, w)
	}
	sort.Slice(out, func(i, j int) bool {
		return len(out[i]) > len(out[j]) || (len(out[i]) == len(out[j]) && out[i] < out[j])
	})
	return out
}()

// foreignWord splits a word into number words and joins ("fünfundzwanzig":
// fünf, und, zwanzig); false when it is not made of them.
func foreignWord(word string) ([]string, bool) {
	w := strings.ReplaceAll(strings.ToLower(word), "quatre-vingt", "quatrevingt")
	var out []string
	for _, part := range strings.Split(w, "-") {
		for part != "" {
			found := false
			for _, tok := range foreignTokens {
				if strings.HasPrefix(part, tok) {
					out, part, found = append(out, tok), part[len(tok):], true
					break
				}
			}
			if !found {
				return nil, false
			}
		}
	}
	return out, len(out) > 0
}

// foreignAmount is an amount in Spanish, German or French words and where
// it starts in its text.
type foreignAmount struct {
	amountIn
	at int
}

// foreignWordAmounts is every whole amount text spells in Spanish, German
// or French words before a currency word: "veinticinco dólares",
// "fünfundzwanzig Dollar", "quatre-vingt-dix-neuf dollars".
func foreignWordAmounts(text string) []foreignAmount {
	var out []foreignAmount
	for _, m := range foreignCurrencyRe.FindAllStringSubmatchIndex(text, -1) {
		// The words before the currency word, last first, while each is
		// made of number words; a join ("y", "und") may not lead.
		type word struct {
			at   int
			toks []string
		}
		var words []word
		for start := m[0]; ; {
			before := strings.TrimRight(text[:start], " \u00a0")
			if len(before) == start {
				break // no space before: not a word of its own
			}
			i := strings.LastIndexFunc(before, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) + 1
			t, ok := foreignWord(before[i:])
			if !ok {
				break
			}
			words, start = append([]word{{i, t}}, words...), i
		}
		for len(words) > 0 && !slices.ContainsFunc(words[0].toks, func(t string) bool { return !foreignJoin[t] }) {
			words = words[1:]
		}
		if len(words) == 0 {
			continue
		}
		start := words[0].at
		var toks []string
		for _, w := range words {
			toks = append(toks, w.toks...)
		}
		var total, cur int64
		for _, t := range toks {
			switch v := foreignNumbers[t]; {
			case foreignJoin[t]:
			case v == -100:
				cur = max(cur, 1) * 100
			case v == -1000:
				total, cur = total+max(cur, 1)*1000, 0
			default:
				cur += v
			}
		}
		part, end := foreignCents(text, m[1])
		out = append(out, foreignAmount{amountIn{Text: text[start:end], Cents: (total+cur)*100 + part, Currency: currencyOf(sub(text, m, 1))}, start})
	}
	return out
}

// foreignCentsRe is the cents after a currency word, in Spanish, German
// or French words: "con cincuenta centavos", "und fünfzig Cent", "et
// cinquante cents", or the number alone at the end of a clause
// ("fünfundzwanzig Dollar neunzig.").
var foreignCentsRe = regexp.MustCompile(`(?i)^[\x{00A0} ]+(?:(?:con|y|und|et)\s+)?(\p{L}[\p{L}-]*(?:\s+(?:y|und|et)\s+\p{L}+)?)(?:\s+(centavos?|c[eé]ntimos?|cents?|centimes?))?`)

// foreignCents reads the cents spelled after a currency word ending at i:
// their value and where they end; none (0, i) when what follows is no
// number of cents.
func foreignCents(text string, i int) (int64, int) {
	m := foreignCentsRe.FindStringSubmatchIndex(text[i:])
	if m == nil {
		return 0, i
	}
	if m[4] < 0 {
		// No cents word: the number must end its clause.
		if rest := text[i+m[1]:]; rest != "" && !strings.ContainsRune(".,;:!?)", rune(rest[0])) {
			return 0, i
		}
	}
	var v int64
	for _, w := range strings.Fields(text[i+m[2] : i+m[3]]) {
		toks, ok := foreignWord(w)
		if !ok {
			return 0, i
		}
		for _, t := range toks {
			n := foreignNumbers[t]
			if n < 0 {
				return 0, i // "cent", "mil": no cents
			}
			v += n
		}
	}
	if v < 1 || v > 99 {
		return 0, i
	}
	return v, i + m[1]
}

// currencyOf names the currency a symbol or word stands for.
func currencyOf(s string) string {
	switch w := strings.ToLower(s); {
	case w == "$":
		return "$"
	case w == "€" || strings.HasPrefix(w, "eur"):
		return "EUR"
	case w == "£" || strings.HasPrefix(w, "pound") || strings.HasPrefix(w, "libra") || strings.HasPrefix(w, "livre") || w == "gbp":
		return "GBP"
	case w == "usd" || strings.HasPrefix(w, "dollar") || strings.HasPrefix(w, "buck") || strings.HasPrefix(w, "dólar") || strings.HasPrefix(w, "dolar"):
		return "USD"
	case w == "cad" || w == "aud":
		return strings.ToUpper(w)
	}
	return ""
}

// sameCurrency reports whether an amount in currency a may be the same
// money as one in b: the same currency, or a dollar sign and a dollar,
// or either unnamed.
func sameCurrency(a, b string) bool {
	dollar := func(c string) bool { return c == "USD" || c == "CAD" || c == "AUD" }
	return a == "" || b == "" || a == b || (a == "$" && dollar(b)) || (b == "$" && dollar(a))
}

// findAmounts is every amount text states: with a currency ("$12.34",
// "12,34 €", "25 USD", "twenty-five dollars") or bare, as money is
// written ("99.00"; Bare set).
func findAmounts(text string) []amountIn {
	var out []amountIn
	var spans [][2]int
	for _, m := range amountRe.FindAllStringSubmatchIndex(text, -1) {
		num, cur := sub(text, m, 2), sub(text, m, 1)
		if num == "" {
			num, cur = sub(text, m, 3), sub(text, m, 4)
		}
		if c, ok := moneyCents(num); ok {
			end := m[1]
			// "25 dólares con cincuenta centavos": cents spelled after a
			// whole amount's currency word.
			if m[6] >= 0 && !strings.ContainsAny(num, ".,") && foreignCurrencyRe.MatchString(cur) {
				var part int64
				part, end = foreignCents(text, m[1])
				c += part
			}
			out = append(out, amountIn{Text: strings.TrimSpace(text[m[0]:end]), Cents: c, Currency: currencyOf(cur)})
			spans = append(spans, [2]int{m[0], end})
		}
	}
	for _, m := range wordAmountRe.FindAllStringSubmatchIndex(text, -1) {
		var c int64
		if w := sub(text, m, 1); w != "" {
			whole, ok := wordsValue(w)
			if !ok || whole > 100_000_000 {
				continue
			}
			c = whole * 100
			if w := sub(text, m, 3); w != "" {
				part, ok := wordsValue(w)
				if !ok || part > 99 {
					continue
				}
				c += part
			}
		} else {
			part, ok := wordsValue(sub(text, m, 4))
			if !ok || part > 99 {
				continue
			}
			c = part
		}
		out = append(out, amountIn{Text: text[m[0]:m[1]], Cents: c, Currency: currencyOf(sub(text, m, 2))})
		spans = append(spans, [2]int{m[0], m[1]})
	}
	for _, a := range foreignWordAmounts(text) {
		if !overlaps(spans, a.at, a.at+len(a.Text)) {
			out = append(out, a.amountIn)
			spans = append(spans, [2]int{a.at, a.at + len(a.Text)})
		}
	}
	for _, m := range bareMoneyRe.FindAllStringSubmatchIndex(text, -1) {
		if overlaps(spans, m[0], m[1]) || !bareAlone(text, m[0], m[1]) {
			continue
		}
		if c, ok := moneyCents(text[m[0]:m[1]]); ok {
			out = append(out, amountIn{Text: text[m[0]:m[1]], Cents: c, Bare: true})
		}
	}
	return out
}

// amountContextRe is a whole number said as money without a currency:
// "you'll get 53 back", "a refund of 53", "53 in store credit".
var amountContextRe = regexp.MustCompile(`(?i)\b(?:(?:get|receive|see|refund(?:ed)?(?:\s+you)?|credit(?:ed)?(?:\s+you)?|pay|paid|charged?(?:\s+you)?)\s+(\d{1,6})\s+(?:back|refunded|in\s+(?:store\s+)?credit)\b` +
	`|\b(?:refund|credit|total|charge)\s+(?:of|is|was|comes\s+to)\s+(\d{1,6})(?:$|[^\d.,%\p{L}]))`)

// amountsInContext are the whole numbers amountContextRe reads as money.
func amountsInContext(text string) []amountIn {
	var out []amountIn
	for _, m := range amountContextRe.FindAllStringSubmatchIndex(text, -1) {
		g := 2
		if m[2] < 0 {
			g = 4
		}
		n, err := strconv.ParseInt(text[m[g]:m[g+1]], 10, 64)
		if err == nil {
			out = append(out, amountIn{Text: text[m[g]:m[g+1]], Cents: n * 100, Bare: true})
		}
	}
	return out
}

// bareAlone reports whether the number at text[i:j] stands alone as money
// would: not part of a longer number, a date ("25.12.2026", "am 25.12."),
// a version or a measure.
func bareAlone(text string, i, j int) bool {
	if i > 0 && strings.ContainsRune(".,/:-+#$€£", rune(text[i-1])) {
		return false
	}
	rest := text[j:]
	if len(rest) >= 2 && strings.ContainsRune(".,/:", rune(rest[0])) && rest[1] >= '0' && rest[1] <= '9' {
		return false
	}
	if strings.HasPrefix(rest, ".") && datePrepBefore(text[:i]) {
		return false // "am 25.12.": a date
	}
	if timePrepRe.MatchString(text[:i]) {
		return false // "at 10.30": a time
	}
	return !unitAfterRe.MatchString(rest)
}

// timePrepRe is a word that puts a time of day after it: "at", "um", "à",
// "a las".
var timePrepRe = regexp.MustCompile(`(?i)\b(?:at|um|à|a las|vers|gegen)\s+$`)

// datePrepRe is a word that puts a date after it: "on", "by", "am", "bis",
// "le", "el".
var datePrepRe = regexp.MustCompile(`(?i)\b(?:on|by|until|till|before|after|from|since|due|am|bis|zum|vom|ab|seit|den|dem|le|el|au|del|hasta|desde|jusqu'au)\s+$`)

// datePrepBefore reports whether text ends with a word that puts a date
// after it.
func datePrepBefore(text string) bool { return datePrepRe.MatchString(text) }

// sub is group g of a match m in text, "" when it did not take part.
func sub(text string, m []int, g int) string {
	if m[2*g] < 0 {
		return ""
	}
	return text[m[2*g]:m[2*g+1]]
}

// overlaps reports whether [i, j) meets any of spans.
func overlaps(spans [][2]int, i, j int) bool {
	for _, s := range spans {
		if i < s[1] && s[0] < j {
			return true
		}
	}
	return false
}

// moneyCents reads a number written as money: a final "." or "," followed
// by one or two digits is the decimal point; every other separator groups
// thousands ("1.234,56" and "1,234.56" are both 123456 cents; "1,234" is
// 123400).
func moneyCents(num string) (int64, bool) {
	var whole, frac strings.Builder
	last := strings.LastIndexAny(num, ".,")
	if last >= 0 && len(num)-last-1 <= 2 {
		frac.WriteString(num[last+1:])
		num = num[:last]
	}
	for _, r := range num {
		if r >= '0' && r <= '9' {
			whole.WriteRune(r)
		}
	}
	f := frac.String()
	for len(f) < 2 {
		f += "0"
	}
	digits := strings.TrimLeft(whole.String()+f, "0")
	if digits == "" {
		return 0, whole.Len() > 0
	}
	if len(digits) > 15 {
		return 0, false
	}
	c, err := strconv.ParseInt(digits, 10, 64)
	return c, err == nil
}

// dateIn is a date a text states: its words and the month-days ("12-25")
// it may mean; more than one when the order of day and month is ambiguous
// ("05/12/2026") or the date is relative ("in 3 days": the day either
// side too, for time zones). Years[i] is the year of Dates[i] when the
// text gives one or it is relative (counted from now), else 0. Days is N
// for "in N days" ("in 2 weeks": 14), else 0; Rel marks a date counted
// from now ("tomorrow", "next Tuesday", "in 3 days").
type dateIn struct {
	Text  string
	Dates []string
	Years []int
	Days  int
	Rel   bool
}

var (
	isoDateRe = regexp.MustCompile(`\b(\d{4})-(\d{1,2})-(\d{1,2})\b`)
	// numDateRe is a numeric date with its year: 12/25/2026, 25.12.2026,
	// 25-12-26.
	numDateRe = regexp.MustCompile(`\b(\d{1,2})([./-])(\d{1,2})([./-])(\d{4}|\d{2})\b`)
	// yearTail is the year a written date may end with: ", 2026", " 2026",
	// " de 2026".
	yearTail   = `(?:,?\s+(?:de\s+)?(\d{4})\b)?`
	monthDayRe = regexp.MustCompile(`(?i)\b(\p{L}{3,10})\.?\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\b` + yearTail)
	// shortDateRe is a numeric date without its year: "12/24", "24/12",
	// and "25.12." (day first, after a word that puts a date after it:
	// "am 25.12."); shortDates keeps those that are no fraction or measure.
	shortDateRe = regexp.MustCompile(`\b(\d{1,2})([/.])(\d{1,2})\b(\.?)`)
	// dayOrdRe is a day of the month alone: "the 25th", "on the 3rd", "by
	// the 1st"; dayOnly keeps those no noun follows ("the 3rd item").
	dayOrdRe   = regexp.MustCompile(`(?i)\b(?:(?:on|by|until|till|before|after|from|since|due)\s+)?the\s+(\d{1,2})(st|nd|rd|th)\b`)
	dayMonthRe = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th|\.|er|º)?\s+(?:(?:de|of)\s+)?(\p{L}{3,10})\b` + yearTail)
	ordinal    = `((?:twenty|thirty)[- ]?)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)`
	// ordMonthRe is "the twenty-fifth of December"; monthOrdRe "December
	// the twenty-fifth".
	ordMonthRe = regexp.MustCompile(`(?i)\b` + ordinal + `\s+(?:of\s+)?(\p{L}{3,10})\b` + yearTail)
	monthOrdRe = regexp.MustCompile(`(?i)\b(\p{L}{3,10})\s+(?:the\s+)?` + ordinal + `\b` + yearTail)
	// relDaysRe is "in 3 days" and its Spanish, German and French forms;
	// "in 3 business days" is a duration, not a date, and is left alone.
	relDaysRe = regexp.MustCompile(`(?i)\b(?:in|en|dans)\s+(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|twenty|thirty|un|una|uno|dos|tres|cuatro|ein|einem|zwei|drei|vier|une|deux|trois|quatre)\s+(days?|d[ií]as|tag(?:en)?|jours?|weeks?|semanas?|wochen|woche|semaines?)\b`)
	// relWordRe is a day named relative to today: "tomorrow", "the day
	// after tomorrow", "yesterday" and their Spanish, German and French
	// words ("mañana" not as "la/esta mañana", the morning; German
	// "morgen" only in lower case, "Morgen" being the morning too).
	relWordRe = regexp.MustCompile(`(?i)\b(the day after tomorrow|tomorrow|yesterday|pasado mañana|mañana|gestern|après-demain|demain|ayer)\b|(übermorgen)\b|\b(morgen)\b`)
	// weekdayRe is a weekday named alone ("on Tuesday", "next Tuesday",
	// "el martes", "am Dienstag", "mardi"); one followed by a date ("Tue,
	// Dec 8") is read as that date instead.
	weekdayRe = regexp.MustCompile(`(?i)\b(?:(next|this|coming|last|el pr[oó]ximo|pr[oó]ximo|este|el pasado|n[aä]chsten|diesen|letzten|vergangenen|prochain|ce)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b(\s+prochain)?`)
)

var weekdays = map[string]time.Weekday{"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
	"domingo": 0, "lunes": 1, "martes": 2, "miércoles": 3, "miercoles": 3, "jueves": 4, "viernes": 5, "sábado": 6, "sabado": 6,
	"sonntag": 0, "montag": 1, "dienstag": 2, "mittwoch": 3, "donnerstag": 4, "freitag": 5, "samstag": 6,
	"dimanche": 0, "lundi": 1, "mardi": 2, "mercredi": 3, "jeudi": 4, "vendredi": 5, "samedi": 6}

var ordinals = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
	"eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
	"fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30}

var numberWords = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "twenty": 20, "thirty": 30,
	"un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "ein": 1, "einem": 1, "zwei": 2, "drei": 3, "vier": 4,
	"une": 1, "deux": 2, "trois": 3, "quatre": 4}

var months = map[string]int{}

func init() {
	names := [][]string{
		{"january", "jan", "enero", "januar", "janvier"},
		{"february", "feb", "febrero", "februar", "février", "fevrier"},
		{"march", "mar", "marzo", "märz", "marz", "mars"},
		{"april", "apr", "abril", "avril"},
		{"may", "mayo", "mai"},
		{"june", "jun", "junio", "juni", "juin"},
		{"july", "jul", "julio", "juli", "juillet"},
		{"august", "aug", "agosto", "août", "aout"},
		{"september", "sep", "sept", "septiembre", "septembre"},
		{"october", "oct", "octubre", "oktober", "octobre"},
		{"november", "nov", "noviembre", "novembre"},
		{"december", "dec", "diciembre", "dezember", "décembre", "decembre"},
	}
	for i, list := range names {
		for _, n := range list {
			months[n] = i + 1
		}
	}
}

// monthNamed is the month a word names; "may" only as "May", a month.
func monthNamed(word string) (int, bool) {
	mo, ok := months[strings.ToLower(word)]
	if ok && strings.ToLower(word) == "may" && word != "May" {
		return 0, false
	}
	return mo, ok
}

// monthDay is "MM-DD" when month and day make a date (29 February too).
func monthDay(month, day int) (string, bool) {
	if month < 1 || month > 12 || day < 1 || day > time.Date(2024, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return "", false
	}
	return fmt.Sprintf("%02d-%02d", month, day), true
}

// findDates is every date text states; relative ones ("in 3 days",
// "tomorrow", "next Tuesday") are counted from now.
func findDates(text string, now time.Time) []dateIn {
	var out []dateIn
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	year := func(s string) int {
		switch y := atoi(s); {
		case s == "":
			return 0
		case len(s) == 2:
			return 2000 + y
		default:
			return y
		}
	}
	// add keeps the candidates {month, day, year} that make a date.
	add := func(d dateIn, cands ...[3]int) {
		for _, c := range cands {
			if md, ok := monthDay(c[0], c[1]); ok && !containsStr(d.Dates, md) {
				d.Dates = append(d.Dates, md)
				d.Years = append(d.Years, c[2])
			}
		}
		if len(d.Dates) > 0 {
			out = append(out, d)
		}
	}
	at := func(t time.Time) [3]int { return [3]int{int(t.Month()), t.Day(), t.Year()} }
	// spans are where the dates read so far stand: a short form inside
	// one ("Dec the 3rd") is read with it, not again.
	var spans [][2]int
	addAt := func(m []int, d dateIn, cands ...[3]int) {
		n := len(out)
		add(d, cands...)
		if len(out) > n {
			spans = append(spans, [2]int{m[0], m[1]})
		}
	}
	for _, m := range isoDateRe.FindAllStringSubmatchIndex(text, -1) {
		g := func(i int) string { return sub(text, m, i) }
		addAt(m, dateIn{Text: g(0)}, [3]int{atoi(g(2)), atoi(g(3)), atoi(g(1))})
	}
	for _, m := range numDateRe.FindAllStringSubmatchIndex(text, -1) {
		g := func(i int) string { return sub(text, m, i) }
		if g(2) != g(4) {
			continue
		}
		a, b, y := atoi(g(1)), atoi(g(3)), year(g(5))
		if g(2) == "." {
			addAt(m, dateIn{Text: g(0)}, [3]int{b, a, y}) // 25.12.2026: day first
		} else {
			addAt(m, dateIn{Text: g(0)}, [3]int{a, b, y}, [3]int{b, a, y}) // 12/25 or 25/12: either order that makes a date
		}
	}
	for _, m := range monthDayRe.FindAllStringSubmatchIndex(text, -1) {
		g := func(i int) string { return sub(text, m, i) }
		if mo, ok := monthNamed(g(1)); ok {
			addAt(m, dateIn{Text: g(0)}, [3]int{mo, atoi(g(2)), year(g(3))})
		}
	}
	for _, m := range dayMonthRe.FindAllStringSubmatchIndex(text, -1) {
		g := func(i int) string { return sub(text, m, i) }
		if mo, ok := monthNamed(g(2)); ok && strings.ToLower(g(2)) != "mar" { // "3 mar": the sea, in Spanish
			addAt(m, dateIn{Text: g(0)}, [3]int{mo, atoi(g(1)), year(g(3))})
		}
	}
	for _, m := range shortDateRe.FindAllStringSubmatchIndex(text, -1) {
		if overlaps(spans, m[0], m[1]) || !shortDate(text, m) {
			continue
		}
		a, b := atoi(sub(text, m, 1)), atoi(sub(text, m, 3))
		if sub(text, m, 2) == "." {
			addAt(m, dateIn{Text: text[m[0]:m[1]]}, [3]int{b, a, 0}) // 25.12.: day first
		} else {
			addAt(m, dateIn{Text: text[m[0]:m[1]]}, [3]int{a, b, 0}, [3]int{b, a, 0})
		}
	}
	for _, m := range dayOrdRe.FindAllStringSubmatchIndex(text, -1) {
		if overlaps(spans, m[0], m[1]) || !dayOnly(text[m[1]:]) || monthBefore(text[:m[0]]) {
			continue
		}
		// The day of this month, the last or the next: the one meant is
		// whichever the tools gave.
		day := atoi(sub(text, m, 1))
		var cands [][3]int
		for _, k := range []int{0, -1, 1} {
			first := time.Date(now.Year(), now.Month()+time.Month(k), 1, 0, 0, 0, 0, now.Location())
			if day <= first.AddDate(0, 1, -1).Day() {
				cands = append(cands, [3]int{int(first.Month()), day, first.Year()})
			}
		}
		addAt(m, dateIn{Text: text[m[0]:m[1]], Rel: true}, cands...)
	}
	ordDay := func(tens, unit string) int {
		d := ordinals[strings.ToLower(unit)]
		switch t := strings.ToLower(strings.Trim(tens, "- ")); {
		case t == "":
			return d
		case d >= 10:
			return 0 // "twenty-twentieth" is no day
		case t == "twenty":
			return 20 + d
		default:
			return 30 + d
		}
	}
	for _, m := range ordMonthRe.FindAllStringSubmatchIndex(text, -1) {
		g := func(i int) string { return sub(text, m, i) }
		if mo, ok := monthNamed(g(3)); ok {
			addAt(m, dateIn{Text: g(0)}, [3]int{mo, ordDay(g(1), g(2)), year(g(4))})
		}
	}
	for _, m := range monthOrdRe.FindAllStringSubmatchIndex(text, -1) {
		g := func(i int) string { return sub(text, m, i) }
		if mo, ok := monthNamed(g(1)); ok {
			addAt(m, dateIn{Text: g(0)}, [3]int{mo, ordDay(g(2), g(3)), year(g(4))})
		}
	}
	// A day of the month alone: "el 25", "le 25", "am 25.", "on the
	// first", "le premier": this month's, the last's or the next's.
	thisMonth := func(day int) [][3]int {
		var cands [][3]int
		for _, k := range []int{0, -1, 1} {
			first := time.Date(now.Year(), now.Month()+time.Month(k), 1, 0, 0, 0, 0, now.Location())
			if day >= 1 && day <= first.AddDate(0, 1, -1).Day() {
				cands = append(cands, [3]int{int(first.Month()), day, first.Year()})
			}
		}
		return cands
	}
	for _, m := range dayArticleRe.FindAllStringSubmatchIndex(text, -1) {
		if overlaps(spans, m[0], m[1]) || !dayAlone(text, m) {
			continue
		}
		addAt(m, dateIn{Text: text[m[0]:m[1]], Rel: true}, thisMonth(atoi(sub(text, m, 1)))...)
	}
	for _, m := range ordAloneRe.FindAllStringSubmatchIndex(text, -1) {
		if overlaps(spans, m[0], m[1]) || !dayOnly(text[m[1]:]) {
			continue
		}
		day := 1
		if sub(text, m, 3) == "" {
			day = ordDay(sub(text, m, 1), sub(text, m, 2))
		}
		addAt(m, dateIn{Text: text[m[0]:m[1]], Rel: true}, thisMonth(day)...)
	}
	// A holiday: its day, or, after "before", "by", "in time for", any
	// day from now to it (after "after", a month from it).
	for _, m := range holidayRe.FindAllStringSubmatchIndex(text, -1) {
		if overlaps(spans, m[0], m[1]) {
			continue
		}
		md := holidays[holidayKey(sub(text, m, 2))]
		day := nextHoliday(md, now)
		var cands [][3]int
		switch bound := strings.ToLower(sub(text, m, 1)); {
		case holidayBeforeRe.MatchString(bound):
			for d := now; d.Before(day.AddDate(0, 0, 1)); d = d.AddDate(0, 0, 1) {
				cands = append(cands, at(d))
			}
		case holidayAfterRe.MatchString(bound):
			for d := day; d.Before(day.AddDate(0, 1, 0)); d = d.AddDate(0, 0, 1) {
				cands = append(cands, at(d))
			}
		}
		if len(cands) == 0 {
			cands = append(cands, at(day)) // on it, or before one just past
		}
		addAt(m, dateIn{Text: strings.TrimSpace(text[m[0]:m[1]]), Rel: true}, cands...)
	}
	for _, m := range relDaysRe.FindAllStringSubmatch(text, -1) {
		n, ok := numberWords[strings.ToLower(m[1])]
		if !ok {
			n = atoi(m[1])
		}
		if u := strings.ToLower(m[2]); strings.HasPrefix(u, "week") || strings.HasPrefix(u, "seman") || strings.HasPrefix(u, "woche") {
			n *= 7
		}
		var cands [][3]int
		for _, d := range []int{n, n - 1, n + 1} {
			cands = append(cands, at(now.AddDate(0, 0, d)))
		}
		add(dateIn{Text: m[0], Days: n, Rel: true}, cands...)
	}
	// A day named relative to today is that day of the stack's clock,
	// which the model is told ("today is Saturday, December 5, 2026"):
	// no day either side.
	for _, m := range relWordRe.FindAllStringSubmatchIndex(text, -1) {
		w := strings.ToLower(text[m[0]:m[1]])
		if m[6] >= 0 && text[m[6]:m[7]] != "morgen" {
			continue
		}
		if w == "mañana" {
			before := strings.ToLower(text[:m[0]])
			if strings.HasSuffix(before, "la ") || strings.HasSuffix(before, "esta ") || strings.HasSuffix(before, "una ") {
				continue
			}
		}
		days := map[string]int{"tomorrow": 1, "mañana": 1, "morgen": 1, "demain": 1, "the day after tomorrow": 2,
			"pasado mañana": 2, "übermorgen": 2, "après-demain": 2, "yesterday": -1, "ayer": -1, "gestern": -1}[w]
		add(dateIn{Text: text[m[0]:m[1]], Rel: true}, at(now.AddDate(0, 0, days)))
	}
	for _, m := range weekdayRe.FindAllStringSubmatchIndex(text, -1) {
		wd := weekdays[strings.ToLower(text[m[4]:m[5]])]
		if dateFollows(text[m[1]:]) {
			// "Tue, Dec 8": the date is read above. "mardi 15", "martes
			// 15", "Dienstag, 15.": the day of this month, the last or the
			// next that is that weekday.
			if dm := weekdayDayRe.FindStringSubmatch(text[m[1]:]); dm != nil && !overlaps(spans, m[1], m[1]+len(dm[0])) {
				if f := strings.Fields(text[m[1]+len(dm[0]):]); len(f) == 0 || !isMonth(f[0]) {
					var cands [][3]int
					for _, c := range thisMonth(atoi(dm[1])) {
						if time.Date(c[2], time.Month(c[0]), c[1], 0, 0, 0, 0, now.Location()).Weekday() == wd {
							cands = append(cands, c)
						}
					}
					if len(cands) == 0 {
						cands = thisMonth(atoi(dm[1]))
					}
					add(dateIn{Text: text[m[0] : m[1]+len(strings.TrimRight(dm[0], ".,;:!? "))], Rel: true}, cands...)
				}
			}
			continue
		}
		ahead := (int(wd) - int(now.Weekday()) + 7) % 7
		// "this Friday" is the coming one (said on a Friday, today or a
		// week on); "next Friday" the coming one or the one a week
		// later; "last Friday" one of the two before. Named alone, the
		// weekday may be the coming one, the one a week later or the
		// last one ("it arrived on Tuesday"): any of them grounded is
		// enough.
		var days []int
		switch p := strings.ToLower(sub(text, m, 1)); {
		case thisWeekdayRe.MatchString(p):
			days = []int{ahead}
			if ahead == 0 {
				days = []int{0, 7}
			}
		case lastWeekdayRe.MatchString(p):
			if ahead == 0 {
				ahead = 7
			}
			days = []int{ahead - 7, ahead - 14}
		case p != "" || sub(text, m, 3) != "":
			if ahead == 0 {
				ahead = 7
			}
			days = []int{ahead, ahead + 7}
		default:
			if ahead == 0 {
				ahead = 7
			}
			days = []int{ahead, ahead + 7, ahead - 7}
		}
		var cands [][3]int
		for _, d := range days {
			cands = append(cands, at(now.AddDate(0, 0, d)))
		}
		add(dateIn{Text: text[m[0]:m[1]], Rel: true}, cands...)
	}
	// "mid-December", "early January", "Mitte Dezember", "a mediados de
	// diciembre", "fin décembre": any day of that part of the month.
	for _, m := range partMonthRe.FindAllStringSubmatchIndex(text, -1) {
		month, ok := monthNamed(sub(text, m, 2))
		if !ok {
			continue
		}
		from, to := 11, 20
		switch p := strings.ToLower(sub(text, m, 1)); {
		case strings.HasPrefix(p, "early") || strings.Contains(p, "beginning") || strings.Contains(p, "start") || p == "anfang" || strings.Contains(p, "principio") || strings.HasPrefix(p, "d"):
			from, to = 1, 10
		case strings.HasPrefix(p, "late") || strings.Contains(p, "end") || p == "ende" || strings.Contains(p, "final") || strings.HasPrefix(p, "fin"):
			from, to = 21, 31
		}
		y := now.Year()
		if month < int(now.Month()) {
			y++
		}
		var cands [][3]int
		for d := from; d <= to; d++ {
			cands = append(cands, [3]int{month, d, y})
		}
		add(dateIn{Text: text[m[0]:m[1]], Rel: true}, cands...)
	}
	// "in a fortnight", "a fortnight from today": two weeks on.
	for _, m := range fortnightRe.FindAllString(text, -1) {
		add(dateIn{Text: m, Days: 14, Rel: true}, at(now.AddDate(0, 0, 13)), at(now.AddDate(0, 0, 14)), at(now.AddDate(0, 0, 15)))
	}
	return out
}

var (
	// partMonthRe is a part of a named month: "mid-December", "early
	// January", "end of December", "Mitte Dezember", "mediados de
	// diciembre", "mi-décembre", "fin décembre", "début janvier".
	partMonthRe = regexp.MustCompile(`(?i)\b(mid|early|late|(?:the\s+)?(?:middle|end|beginning|start)\s+of|Mitte|Anfang|Ende|(?:a\s+)?(?:mediados|principios|finales)\s+de|mi|fin|d[ée]but)[-\s]+(\p{L}{3,10})\b`)
	// fortnightRe is two weeks from today.
	fortnightRe = regexp.MustCompile(`(?i)\b(?:in\s+a|a)\s+fortnight\b`)
)

// shortDate reports whether the match m of shortDateRe in text is a date:
// not part of a longer number, a fraction of a measure ("1/4 inch"),
// "24/7" or an amount ("12.50"); a slash date with single digits on both
// sides ("3/4") or a dotted one ("25.12.") only after a word that puts a
// date after it ("on 3/4", "am 25.12.").
func shortDate(text string, m []int) bool {
	i, j := m[0], m[1]
	if i > 0 && strings.ContainsRune("/.,:-+#$€£", rune(text[i-1])) {
		return false
	}
	rest := text[m[7]:]
	if len(rest) >= 1 && strings.ContainsRune("/-:", rune(rest[0])) || (len(rest) >= 2 && strings.ContainsRune(".,", rune(rest[0])) && rest[1] >= '0' && rest[1] <= '9') {
		return false
	}
	if unitAfterRe.MatchString(text[j:]) || text[i:m[7]] == "24/7" {
		return false
	}
	if text[m[4]:m[5]] == "." {
		return m[8] < m[9] && datePrepBefore(text[:i])
	}
	return m[3]-m[2] == 2 || m[7]-m[6] == 2 || datePrepBefore(text[:i])
}

// dayOnlyRe is what may follow a day of the month named alone ("the 25th,
// at the latest", "the 3rd and"): not a noun ("the 3rd item").
var dayOnlyRe = regexp.MustCompile(`(?i)^(?:\s*$|\s*[.,;:!?)\-–—]|\s+(?:at|and|or|by|in|if|but|so|when|then|latest|as|which|to|through|until|y|und|et|for|of this|of next|of the month|of [a-z]+ month)\b)`)

func dayOnly(rest string) bool { return dayOnlyRe.MatchString(rest) }

// monthBefore reports whether text ends with a month's name ("December
// the 3rd" is read with its month).
func monthBefore(text string) bool {
	f := strings.Fields(text)
	if len(f) == 0 {
		return false
	}
	_, ok := monthNamed(strings.TrimSuffix(f[len(f)-1], "."))
	return ok
}

// timestampRe is a timestamp with its zone, as an API gives one.
var timestampRe = regexp.MustCompile(`\b(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})`)

// timestampDays is the day ("2006-01-02") of every timestamp in text in
// zone loc (nil: UTC): "2026-12-05T03:00:00Z" is December 4 in New York,
// as the agent states it.
func timestampDays(text string, loc *time.Location) []string {
	if loc == nil {
		loc = time.UTC
	}
	var out []string
	for _, m := range timestampRe.FindAllStringSubmatch(text, -1) {
		secs := m[3]
		if secs == "" {
			secs = ":00"
		}
		t, err := time.Parse(time.RFC3339Nano, m[1]+"T"+m[2]+secs+m[4])
		if err != nil {
			continue
		}
		out = append(out, t.In(loc).Format("2006-01-02"))
	}
	return out
}

// dateFollowsRe is the start of a date right after a weekday: ", Dec 8",
// " 8", " 8.", ", den 8."
var dateFollowsRe = regexp.MustCompile(`^,?\s*(?:(?:the|le|el|den)\s+)?(\d|\p{L}{3,10}\.?\s+\d)`)

func dateFollows(rest string) bool {
	m := dateFollowsRe.FindStringSubmatch(rest)
	if m == nil {
		return false
	}
	if m[1][0] >= '0' && m[1][0] <= '9' {
		return true
	}
	_, ok := monthNamed(strings.Fields(strings.TrimSuffix(m[1], "."))[0])
	return ok || strings.HasSuffix(strings.Fields(m[1])[0], ".")
}

// durationRe is a span of days as the docs and tools state it ("30-day",
// "5 to 10 business days"): a relative date of that many days is no
// invented date.
var durationRe = regexp.MustCompile(`(?i)\b(\d{1,3}|` + spanWords + `)(?:\s*(?:-|–|to|or)\s*(\d{1,3}|` + spanWords + `))?[- ](?:business |working |calendar )?(days?|weeks?)\b`)

// spanWords are the English number words a span of days is written with
// ("ten business days", "two to three weeks").
const spanWords = `two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|twenty|thirty`

// durations is every number of days text states as a span.
func durations(text string) map[int]bool {
	out := map[int]bool{}
	for _, m := range durationRe.FindAllStringSubmatch(text, -1) {
		per := 1
		if strings.HasPrefix(strings.ToLower(m[3]), "week") {
			per = 7
		}
		for _, s := range m[1:3] {
			n, err := strconv.Atoi(s)
			if w, ok := numberWords[strings.ToLower(s)]; ok {
				n, err = w, nil
			}
			if err == nil {
				out[n*per] = true
			}
		}
	}
	return out
}

// daysKeyRe is a JSON key whose value is a number of days:
// "return_window_days", "stalled_days", "days".
var daysKeyRe = regexp.MustCompile(`(?i)(?:^|_)days$`)

// sourceDayFields is every number of days the sources' JSON states in a
// days field (the policy's "return_window_days": 30).
func sourceDayFields(sources []string) map[int]bool {
	out := map[int]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				if n, ok := val.(float64); ok && daysKeyRe.MatchString(k) && n > 0 && n == float64(int(n)) {
					out[int(n)] = true
				}
				walk(val)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	for _, src := range sources {
		for _, v := range jsonValues(src) {
			walk(v)
		}
	}
	return out
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// moneyKeyRe is a JSON key whose value is money: "price", "amount",
// "order_total", "refunded_total", "subtotal", "fee", "cost", "credit".
var moneyKeyRe = regexp.MustCompile(`(?i)(?:^|_)(?:price|amount|total|subtotal|fee|cost|credit|balance|value)$`)

// sourceMoney is every money value the sources hold, in cents: what a
// reply's amount must be one of (sourceMoneyIn, in any currency).
func sourceMoney(sources []string) map[int64]bool {
	out := map[int64]bool{}
	for c := range sourceMoneyIn(sources, "") {
		out[c] = true
	}
	return out
}

// sourceMoneyIn is every money value the sources hold, in cents, with the
// currencies it is stated in (shop's when a value names none). A money
// value is a currency-formatted amount anywhere in the text ("$47.83",
// "12,34 €") or the value of a money key in a JSON object ("price":
// "47.83"); a bare number ("30 days", "quantity": 2, a year, a zip, "75W",
// "1.50" in a note) is not money. Two sums a reply may state without any
// tool stating them are counted too, and nothing else: a line's price ×
// its quantity, and the total of the money values of the objects in one
// JSON array (an order's lines, a refund's transactions).
func sourceMoneyIn(sources []string, shop string) map[int64]map[string]bool {
	out := map[int64]map[string]bool{}
	add := func(c int64, cur string) {
		if cur == "" {
			cur = shop
		}
		if out[c] == nil {
			out[c] = map[string]bool{}
		}
		out[c][cur] = true
	}
	for _, s := range sources {
		for _, a := range findAmounts(s) {
			if !a.Bare {
				add(a.Cents, a.Currency)
			}
		}
		for _, v := range jsonValues(s) {
			walkMoney(v, "", add)
		}
	}
	return out
}

// groundedMoney reports whether a reply's amount is one of the sources'
// money values (sourceMoneyIn's), in a currency it may be.
func groundedMoney(src map[int64]map[string]bool, a amountIn) bool {
	for cur := range src[a.Cents] {
		if sameCurrency(cur, a.Currency) {
			return true
		}
	}
	return false
}

// jsonValues are the JSON objects embedded in text (a tool result is one;
// the context has some after prose), outermost only.
func jsonValues(text string) []any {
	var out []any
	for i := 0; i < len(text); i++ {
		if text[i] != '{' {
			continue
		}
		dec := json.NewDecoder(strings.NewReader(text[i:]))
		var v any
		if dec.Decode(&v) != nil {
			continue
		}
		out = append(out, v)
		i += int(dec.InputOffset()) - 1
	}
	return out
}

// moneyValue reads a JSON value as money: a number, or a string that is a
// number or a currency-formatted amount; its currency when it names one.
func moneyValue(v any) (int64, string, bool) {
	switch x := v.(type) {
	case float64:
		if x < 0 || x > 1e13 {
			return 0, "", false
		}
		return int64(x*100 + 0.5), "", true
	case string:
		if a := findAmounts(x); len(a) == 1 && !a[0].Bare {
			return a[0].Cents, a[0].Currency, true
		}
		if plainMoneyRe.MatchString(strings.TrimSpace(x)) {
			c, ok := moneyCents(strings.TrimSpace(x))
			return c, "", ok
		}
	}
	return 0, "", false
}

var plainMoneyRe = regexp.MustCompile(`^\d+(?:\.\d{1,2})?$`)

// currencyKeys are the JSON keys that name the currency of their object's
// money ("currency": "EUR", Shopify's "currencyCode").
var currencyKeys = []string{"currency", "currency_code", "currencyCode"}

// walkMoney adds the money values of v and its two documented sums, each
// with its currency (cur, the enclosing object's, when a value names
// none), and returns v's own line total (its price × quantity, else its
// price, else its amount) when v is an object that has one.
func walkMoney(v any, cur string, add func(int64, string)) (int64, bool) {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range currencyKeys {
			if c, ok := x[k].(string); ok && currencyOf(c) != "" {
				cur = currencyOf(c)
			}
		}
		or := func(c string) string {
			if c == "" {
				return cur
			}
			return c
		}
		for k, val := range x {
			if moneyKeyRe.MatchString(k) {
				if c, vc, ok := moneyValue(val); ok {
					add(c, or(vc))
				}
			}
		}
		line, _, has := moneyValue(x["amount"])
		if p, _, ok := moneyValue(x["price"]); ok {
			line, has = p, true
			if q, ok := x["quantity"].(float64); ok && q >= 1 && q <= 1000 && q == float64(int64(q)) {
				line = p * int64(q)
				add(line, cur)
			}
		}
		for _, val := range x {
			switch val.(type) {
			case map[string]any, []any:
				walkMoney(val, cur, add)
			}
		}
		return line, has
	case []any:
		var sum int64
		n := 0
		for _, e := range x {
			if c, ok := walkMoney(e, cur, add); ok {
				sum += c
				n++
			}
		}
		if n > 1 {
			add(sum, cur)
		}
	}
	return 0, false
}
