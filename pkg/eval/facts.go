package eval

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Replies state amounts and dates in the customer's conventions: "$12.34",
// "12,34 €", "Erstattung: 12,34 $", "12/25/2026", "25.12.2026", "the
// twenty-fifth of December", "in 3 days". The grounding and mention checks
// read them all, so a made-up figure in any of these forms is caught and a
// true one in any of them counts.

// amountIn is an amount a text states: its words and its value in cents.
type amountIn struct {
	Text  string
	Cents int64
}

// A number as money is written: digit groups of three split by "," "."
// "'" or a (narrow) no-break space, then an optional decimal part of one
// or two digits after "." or ",".
const moneyNum = `\d{1,3}(?:[.,'\x{00A0}\x{202F}]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`

// amountRe is money with its currency before ("$12.34", "EUR 12,34") or
// after ("12,34 €", "12.34 USD", "12 dollars", "30 bucks", "30 dólares",
// "50 Dollar").
var amountRe = regexp.MustCompile(`(?i)(?:([$€£]|\b(?:USD|EUR|GBP|CAD|AUD)\b)[\x{00A0} ]?(` + moneyNum + `))` +
	`|(?:\b(` + moneyNum + `)[\x{00A0} ]?(?:[$€£]|(?:USD|EUR|GBP|CAD|AUD|dollars?|bucks?|d[oó]lar(?:es)?|euros?|pounds?|libras?|livres?)\b))`)

// findAmounts is every amount text states with a currency.
func findAmounts(text string) []amountIn {
	var out []amountIn
	for _, m := range amountRe.FindAllStringSubmatch(text, -1) {
		num := m[2]
		if num == "" {
			num = m[3]
		}
		if c, ok := moneyCents(num); ok {
			out = append(out, amountIn{Text: strings.TrimSpace(m[0]), Cents: c})
		}
	}
	return out
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
	monthDayRe = regexp.MustCompile(`(?i)\b(\p{L}{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b` + yearTail)
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
	weekdayRe = regexp.MustCompile(`(?i)\b(?:(next|this|coming|last|el pr[oó]ximo|pr[oó]ximo|n[aä]chsten|prochain)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b(\s+prochain)?`)
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
	for _, m := range isoDateRe.FindAllStringSubmatch(text, -1) {
		add(dateIn{Text: m[0]}, [3]int{atoi(m[2]), atoi(m[3]), atoi(m[1])})
	}
	for _, m := range numDateRe.FindAllStringSubmatch(text, -1) {
		if m[2] != m[4] {
			continue
		}
		a, b, y := atoi(m[1]), atoi(m[3]), year(m[5])
		if m[2] == "." {
			add(dateIn{Text: m[0]}, [3]int{b, a, y}) // 25.12.2026: day first
		} else {
			add(dateIn{Text: m[0]}, [3]int{a, b, y}, [3]int{b, a, y}) // 12/25 or 25/12: either order that makes a date
		}
	}
	for _, m := range monthDayRe.FindAllStringSubmatch(text, -1) {
		if mo, ok := monthNamed(m[1]); ok {
			add(dateIn{Text: m[0]}, [3]int{mo, atoi(m[2]), year(m[3])})
		}
	}
	for _, m := range dayMonthRe.FindAllStringSubmatch(text, -1) {
		if mo, ok := monthNamed(m[2]); ok && strings.ToLower(m[2]) != "mar" { // "3 mar": the sea, in Spanish
			add(dateIn{Text: m[0]}, [3]int{mo, atoi(m[1]), year(m[3])})
		}
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
	for _, m := range ordMonthRe.FindAllStringSubmatch(text, -1) {
		if mo, ok := monthNamed(m[3]); ok {
			add(dateIn{Text: m[0]}, [3]int{mo, ordDay(m[1], m[2]), year(m[4])})
		}
	}
	for _, m := range monthOrdRe.FindAllStringSubmatch(text, -1) {
		if mo, ok := monthNamed(m[1]); ok {
			add(dateIn{Text: m[0]}, [3]int{mo, ordDay(m[2], m[3]), year(m[4])})
		}
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
		if dateFollows(text[m[1]:]) {
			continue // "Tue, Dec 8": the date is read above
		}
		wd := weekdays[strings.ToLower(text[m[4]:m[5]])]
		ahead := (int(wd) - int(now.Weekday()) + 7) % 7
		if ahead == 0 {
			ahead = 7
		}
		// The weekday meant may be the coming one, the one a week later
		// ("next Tuesday" said on a Monday) or the last one ("it arrived
		// on Tuesday"): any of them grounded is enough.
		add(dateIn{Text: text[m[0]:m[1]], Rel: true}, at(now.AddDate(0, 0, ahead)), at(now.AddDate(0, 0, ahead+7)), at(now.AddDate(0, 0, ahead-7)))
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
var durationRe = regexp.MustCompile(`(?i)\b(\d{1,3})(?:\s*(?:-|–|to)\s*(\d{1,3}))?[- ](?:business |working |calendar )?(days?|weeks?)\b`)

// durations is every number of days text states as a span.
func durations(text string) map[int]bool {
	out := map[int]bool{}
	for _, m := range durationRe.FindAllStringSubmatch(text, -1) {
		per := 1
		if strings.HasPrefix(strings.ToLower(m[3]), "week") {
			per = 7
		}
		for _, s := range m[1:3] {
			if n, err := strconv.Atoi(s); err == nil {
				out[n*per] = true
			}
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
// reply's amount must be one of. A money value is a currency-formatted
// amount anywhere in the text ("$47.83", "12,34 €") or the value of a
// money key in a JSON object ("price": "47.83"); a bare number ("30
// days", "quantity": 2, a year, a zip, "75W") is not money. Two sums a
// reply may state without any tool stating them are counted too, and
// nothing else: a line's price × its quantity, and the total of the
// money values of the objects in one JSON array (an order's lines, a
// refund's transactions).
func sourceMoney(sources []string) map[int64]bool {
	out := map[int64]bool{}
	for _, s := range sources {
		for _, a := range findAmounts(s) {
			out[a.Cents] = true
		}
		for _, v := range jsonValues(s) {
			walkMoney(v, out)
		}
	}
	return out
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
// number or a currency-formatted amount.
func moneyValue(v any) (int64, bool) {
	switch x := v.(type) {
	case float64:
		if x < 0 || x > 1e13 {
			return 0, false
		}
		return int64(x*100 + 0.5), true
	case string:
		if a := findAmounts(x); len(a) == 1 {
			return a[0].Cents, true
		}
		if plainMoneyRe.MatchString(strings.TrimSpace(x)) {
			return moneyCents(strings.TrimSpace(x))
		}
	}
	return 0, false
}

var plainMoneyRe = regexp.MustCompile(`^\d+(?:\.\d{1,2})?$`)

// walkMoney adds the money values of v and its two documented sums to out,
// and returns v's own line total (its price × quantity, else its price,
// else its amount) when v is an object that has one.
func walkMoney(v any, out map[int64]bool) (int64, bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if moneyKeyRe.MatchString(k) {
				if c, ok := moneyValue(val); ok {
					out[c] = true
				}
			}
		}
		line, has := moneyValue(x["amount"])
		if p, ok := moneyValue(x["price"]); ok {
			line, has = p, true
			if q, ok := x["quantity"].(float64); ok && q >= 1 && q <= 1000 && q == float64(int64(q)) {
				line = p * int64(q)
				out[line] = true
			}
		}
		for _, val := range x {
			switch val.(type) {
			case map[string]any, []any:
				walkMoney(val, out)
			}
		}
		return line, has
	case []any:
		var sum int64
		n := 0
		for _, e := range x {
			if c, ok := walkMoney(e, out); ok {
				sum += c
				n++
			}
		}
		if n > 1 {
			out[sum] = true
		}
	}
	return 0, false
}
