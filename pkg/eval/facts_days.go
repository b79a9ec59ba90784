package eval

import (
	"regexp"
	"strings"
	"time"
)

// Dates a reply names by the day alone or by a holiday, read against the
// conversation's clock: "el 25", "le 25", "am 25.", "on the first", "le
// premier", "Christmas Eve", "before Christmas", "Nochevieja",
// "Heiligabend", "la veille de Noël"; and a weekday's prefix ("this
// Friday" is the coming one only).

var (
	// dayArticleRe is a day of the month after the word that puts a date
	// after it in Spanish, French or German: "el 25", "hasta el 3", "le
	// 25", "jusqu'au 3", "am 25.", "bis zum 3."; dayAlone keeps those no
	// month, number or noun follows.
	dayArticleRe = regexp.MustCompile(`(?i)\b(?:el|hasta\s+el|desde\s+el|antes\s+del|para\s+el|le|avant\s+le|après\s+le|d[eè]s\s+le|jusqu['’]au|au|am|zum|bis\s+zum|vom|ab\s+dem)\s+(\d{1,2})(\.|º|er)?`)
	// dayAloneRe is what may follow such a day: the end of a clause, a
	// conjunction, "at the latest", "of this month".
	dayAloneRe = regexp.MustCompile(`(?i)^(?:\s*$|\s*[,;:!?)\-–—]|\s*\.(?:\s|$)|\s+(?:y|o|et|ou|und|oder|como\s+muy\s+tarde|a\s+m[aá]s\s+tardar|au\s+plus\s+tard|spätestens|de\s+este\s+mes|del\s+mes|de\s+ce\s+mois|du\s+mois|dieses\s+Monats|des\s+Monats)\b)`)
	// ordAloneRe is an ordinal day after a word that puts a date after
	// it: "on the first", "by the twenty-first", "el primero", "le
	// premier", "am Ersten".
	ordAloneRe = regexp.MustCompile(`(?i)\b(?:(?:on|by|until|till|before|after|from|since|due)\s+the\s+` + ordinal + `\b|(?:el|le|am|au|zum|jusqu['’]au)\s+(primero|premier|ersten)\b)`)
	// holidayRe is a holiday after a word that puts a date after it; its
	// second group is the holiday, its first the word before.
	holidayRe = regexp.MustCompile(`(?i)(?:^|[\s(])(on|by|before|for|in\s+time\s+for|ahead\s+of|until|till|after|over|at|around|en|para|antes\s+de|despu[eé]s\s+de|hasta|an|zu|vor|bis|nach|über|à|a|pour|avant|après|d['’]ici|jusqu['’]à|pendant)\s+(?:(?:the|la|el|le|l['’])\s*)?` +
		`(christmas\s+eve|christmas\s+day|christmas|boxing\s+day|new\s+year['’]?s\s+eve|new\s+year['’]?s(?:\s+day)?|valentine['’]?s\s+day|halloween|independence\s+day|thanksgiving` +
		`|nochebuena|navidad(?:es)?|nochevieja|a[ñn]o\s+nuevo|reyes|heilig(?:en|er)?\s*abend|weihnachten|silvester|neujahr|veille\s+de\s+no[eë]l|r[ée]veillon(?:\s+de\s+no[eë]l)?|no[eë]l|saint[- ]sylvestre|nouvel\s+an|jour\s+de\s+l['’]an)\b`)
	holidayBeforeRe = regexp.MustCompile(`^(?:by|before|for|in\s+time\s+for|ahead\s+of|until|till|para|antes\s+de|hasta|zu|vor|bis|pour|avant|d['’]ici|jusqu['’]à)$`)
	holidayAfterRe  = regexp.MustCompile(`^(?:after|despu[eé]s\s+de|nach|après)$`)
	// weekdayDayRe is a day number right after a weekday: " 15", ", the
	// 15th", ", den 15.", " le 15".
	weekdayDayRe  = regexp.MustCompile(`(?i)^,?\s*(?:(?:the|le|el|den)\s+)?(\d{1,2})(?:st|nd|rd|th|\.|er|º)?(?:$|[\s,.;:!?)])`)
	thisWeekdayRe = regexp.MustCompile(`^(?:this|coming|este|diesen|ce)$`)
	lastWeekdayRe = regexp.MustCompile(`^(?:last|el\s+pasado|letzten|vergangenen)$`)
)

// holidays are the month-day of each holiday holidayRe names, by
// holidayKey. Thanksgiving (the fourth Thursday of November) is -1.
var holidays = map[string]string{
	"christmaseve": "12-24", "christmasday": "12-25", "christmas": "12-25", "boxingday": "12-26", "newyearseve": "12-31",
	"newyears": "01-01", "newyearsday": "01-01", "valentinesday": "02-14", "halloween": "10-31", "independenceday": "07-04",
	"thanksgiving": "thanksgiving",
	"nochebuena":   "12-24", "navidad": "12-25", "navidades": "12-25", "nochevieja": "12-31", "añonuevo": "01-01", "anonuevo": "01-01", "reyes": "01-06",
	"heiligabend": "12-24", "heiligenabend": "12-24", "heiligerabend": "12-24", "weihnachten": "12-25", "silvester": "12-31", "neujahr": "01-01",
	"veilledenoël": "12-24", "veilledenoel": "12-24", "réveillon": "12-24", "reveillon": "12-24", "réveillondenoël": "12-24", "reveillondenoel": "12-24",
	"réveillondenoel": "12-24", "reveillondenoël": "12-24", "noël": "12-25", "noel": "12-25", "saint-sylvestre": "12-31", "saintsylvestre": "12-31",
	"nouvelan": "01-01", "jourdel'an": "01-01", "jourdel’an": "01-01",
}

// holidayKey is a holiday's words as holidays keys them: lower case, no
// spaces or apostrophes (but the one of "jour de l'an").
func holidayKey(words string) string {
	k := strings.ToLower(strings.Join(strings.Fields(words), ""))
	if strings.HasPrefix(k, "jourdel") {
		return "jourdel'an"
	}
	return strings.NewReplacer("'", "", "’", "").Replace(k)
}

// nextHoliday is the day of the holiday at month-day md nearest now and
// not more than a week past.
func nextHoliday(md string, now time.Time) time.Time {
	for _, y := range []int{now.Year(), now.Year() + 1} {
		var d time.Time
		if md == "thanksgiving" {
			d = time.Date(y, 11, 1, 0, 0, 0, 0, now.Location())
			for d.Weekday() != time.Thursday {
				d = d.AddDate(0, 0, 1)
			}
			d = d.AddDate(0, 0, 21)
		} else {
			t, err := time.ParseInLocation("2006-01-02", itoa4(y)+"-"+md, now.Location())
			if err != nil {
				return now
			}
			d = t
		}
		if !d.Before(now.AddDate(0, 0, -7)) {
			return d
		}
	}
	return now
}

func itoa4(y int) string {
	b := []byte("0000")
	for i := 3; i >= 0; i-- {
		b[i] = byte('0' + y%10)
		y /= 10
	}
	return string(b)
}

// dayAlone reports whether the match m of dayArticleRe in text is a day
// of the month: what follows is no month, number, unit or noun ("el 25%",
// "le 3 colis"); German's "am 25." has its dot.
func dayAlone(text string, m []int) bool {
	rest := text[m[1]:]
	if len(rest) > 0 && (rest[0] >= '0' && rest[0] <= '9' || rest[0] == '%' || rest[0] == '/') {
		return false
	}
	if len(rest) >= 2 && strings.ContainsRune(".,", rune(rest[0])) && rest[1] >= '0' && rest[1] <= '9' {
		return false
	}
	if unitAfterRe.MatchString(rest) {
		return false
	}
	if f := strings.Fields(rest); len(f) > 0 {
		if _, ok := monthNamed(strings.Trim(f[0], ".,")); ok {
			return false
		}
	}
	if sub(text, m, 2) == "." {
		return true
	}
	return dayAloneRe.MatchString(rest)
}

// isMonth reports whether word names a month.
func isMonth(word string) bool {
	_, ok := monthNamed(strings.Trim(word, ".,;:!?"))
	return ok
}
