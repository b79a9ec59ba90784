package eval

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Fuzz targets of the judge's readers (claims_scope.go, the bare "done",
// the "now" claims, foreign cents, days alone and holidays, labelled
// tracking numbers).

// A negation put before any word of a reply never turns a non-claim into
// a claim: the kinds claimed with it are among those claimed without.
func FuzzNegationNeverClaims(f *testing.F) {
	for _, tc := range judgeCases {
		f.Add(tc.reply, uint8(3), uint8(0))
	}
	f.Fuzz(func(t *testing.T, reply string, at, which uint8) {
		if !utf8.ValidString(reply) {
			return
		}
		negs := []string{"not", "never", "nicht", "no", "pas", "kein", "nunca"}
		words := strings.Fields(reply)
		if len(words) == 0 {
			return
		}
		i := int(at) % len(words)
		// Put before "a", the negation may make a set phrase ("not a
		// problem") whose words are then read as none.
		if strings.EqualFold(words[i], "a") {
			return
		}
		with := slices.Concat(words[:i], []string{negs[int(which)%len(negs)]}, words[i:])
		before, after := claimedWrites(strings.Join(words, " ")), claimedWrites(strings.Join(with, " "))
		for _, k := range after {
			if !slices.Contains(before, k) {
				t.Fatalf("%q claims %s; without the negation (%q) it claims %v", strings.Join(with, " "), k, strings.Join(words, " "), before)
			}
		}
	})
}

// A claim found in a sentence is found when the sentence is embedded in
// a longer reply, whatever sentences stand before and after it.
func FuzzClaimEmbedded(f *testing.F) {
	for _, tc := range judgeCases {
		f.Add(tc.reply, "Thanks for waiting", "Anything else I can do")
	}
	f.Add("Kein Problem, die Bestellung ist storniert.", "No, I can't", "If you want, let me know")
	f.Fuzz(func(t *testing.T, sentence, before, after string) {
		if !utf8.ValidString(sentence + before + after) {
			return
		}
		sentence = strings.TrimSpace(strings.ReplaceAll(sentence, "\n", " "))
		if !strings.HasSuffix(sentence, ".") {
			sentence += "."
		}
		alone := claimedWrites(sentence)
		reply := strings.TrimSpace(before) + ".\n" + sentence + "\n" + strings.TrimSpace(after) + "."
		in := claimedWrites(reply)
		for _, k := range alone {
			if !slices.Contains(in, k) {
				t.Fatalf("%q claims %s alone, not in %q (%v)", sentence, k, reply, in)
			}
		}
	})
}

// A bare "done" claims only what the customer asked for, and only with
// no write of that kind; it claims nothing once the reply asks for a
// confirmation.
func FuzzBareDone(f *testing.F) {
	f.Add("All sorted on our side.", "please change my address")
	f.Add("Erledigt!", "Bitte stornieren")
	f.Add("Done! Anything else?", "where is it")
	f.Fuzz(func(t *testing.T, reply, asked string) {
		got := falseClaimsAsked([]string{reply}, []string{asked}, nil, nil)
		plain := falseClaims([]string{reply}, nil, nil)
		if len(got) > len(plain) && !bareDone(blankIdioms(conditionRe.ReplaceAllString(reply, " "))) {
			t.Fatalf("%q after %q: %q, more than without the request (%q), with no bare done", reply, asked, got, plain)
		}
		if len(falseClaimsAsked([]string{reply}, []string{""}, nil, nil)) != len(plain) {
			t.Fatalf("%q after no message: claims differ from falseClaims", reply)
		}
		confirm := reply + " Please confirm."
		if with, without := falseClaimsAsked([]string{confirm}, []string{asked}, nil, nil), falseClaims([]string{confirm}, nil, nil); len(with) > len(without) {
			t.Fatalf("%q after %q: %q, more than without the request (%q)", confirm, asked, with, without)
		}
	})
}

// spellES and spellDE spell 1 to 99 in Spanish and German.
func spellES(n int) string {
	units := []string{"", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"}
	teens := []string{"diez", "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho", "diecinueve"}
	tens := []string{"", "", "veinte", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"}
	switch {
	case n < 10:
		return units[n]
	case n < 20:
		return teens[n-10]
	case n%10 == 0:
		return tens[n/10]
	case n < 30:
		return "veinti" + units[n%10]
	}
	return tens[n/10] + " y " + units[n%10]
}

func spellDE(n int) string {
	units := []string{"", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"}
	teens := []string{"zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn"}
	tens := []string{"", "", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig"}
	switch {
	case n < 10:
		return units[n]
	case n < 20:
		return teens[n-10]
	case n%10 == 0:
		return tens[n/10]
	}
	u := units[n%10]
	if u == "eins" {
		u = "ein"
	}
	return u + "und" + tens[n/10]
}

// Cents spelled after a whole amount are read with it, in either form
// (with a cents word, or alone at the end of the sentence), and the
// amount is read once.
func FuzzForeignCents(f *testing.F) {
	f.Add(uint16(25), uint8(50), uint8(0))
	f.Add(uint16(7), uint8(1), uint8(3))
	f.Fuzz(func(t *testing.T, whole uint16, c uint8, form uint8) {
		w, cents := int(whole%10000)+1, int(c%99)+1
		var text string
		switch form % 4 {
		case 0:
			text = fmt.Sprintf("Son %d dólares con %s centavos.", w, spellES(cents))
		case 1:
			text = fmt.Sprintf("Es kostet %d Dollar und %s Cent.", w, spellDE(cents))
		case 2:
			text = fmt.Sprintf("Es kostet %d Dollar %s.", w, spellDE(cents))
		default:
			text = fmt.Sprintf("Son %d euros con %s.", w, spellES(cents))
		}
		got := findAmounts(text)
		if len(got) != 1 || got[0].Cents != int64(w*100+cents) {
			t.Fatalf("findAmounts(%q) = %+v, want exactly %d cents", text, got, w*100+cents)
		}
	})
}

// A day of the month named alone ("el 25", "le 25", "am 25.", "on the
// twenty-fifth") is read as that day of this month among its meanings;
// the same words before a unit or a noun are no date.
func FuzzDayAlone(f *testing.F) {
	f.Add(uint8(25), uint8(0))
	f.Add(uint8(1), uint8(3))
	f.Fuzz(func(t *testing.T, day uint8, form uint8) {
		now := time.Date(2026, 12, 9, 12, 0, 0, 0, time.UTC)
		d := int(day%31) + 1
		ord := map[int]string{1: "first", 2: "second", 3: "third", 5: "fifth", 12: "twelfth", 20: "twentieth", 21: "twenty-first", 30: "thirtieth", 31: "thirty-first"}
		forms := []string{"Llegará el %d.", "Il arrivera le %d.", "Es kommt am %d. an.", "It ships on the %s.", "Llegará el %d o el %d."}
		var text string
		switch i := int(form) % len(forms); i {
		case 3:
			w, ok := ord[d]
			if !ok {
				return
			}
			text = fmt.Sprintf(forms[i], w)
		case 4:
			text = fmt.Sprintf(forms[i], d, d)
		default:
			text = fmt.Sprintf(forms[i], d)
		}
		want := fmt.Sprintf("12-%02d", d)
		found := false
		for _, got := range findDates(text, now) {
			found = found || containsStr(got.Dates, want)
		}
		if !found {
			t.Fatalf("findDates(%q) = %+v, want %s among them", text, findDates(text, now), want)
		}
		for _, noun := range []string{"el %d%%.", "le %d colis.", "el %d de los pedidos."} {
			if got := findDates(fmt.Sprintf(noun, d), now); len(got) > 0 {
				t.Fatalf("findDates(%q) = %+v, want none", fmt.Sprintf(noun, d), got)
			}
		}
	})
}

// A holiday after "on" is its day; after "before", any day from now to
// it, and no day after it.
func FuzzHolidays(f *testing.F) {
	f.Add(uint16(0), uint8(0))
	f.Add(uint16(200), uint8(5))
	f.Fuzz(func(t *testing.T, offset uint16, which uint8) {
		now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC).AddDate(0, 0, int(offset%365))
		names := []struct{ words, md string }{{"Christmas Eve", "12-24"}, {"New Year's Eve", "12-31"}, {"Nochebuena", "12-24"},
			{"Heiligabend", "12-24"}, {"Noël", "12-25"}, {"Halloween", "10-31"}}
		h := names[int(which)%len(names)]
		on := findDates("It arrives on "+h.words+".", now)
		if len(on) != 1 || len(on[0].Dates) != 1 || on[0].Dates[0] != h.md {
			t.Fatalf("on %s (now %s): %+v, want %s", h.words, now.Format("2006-01-02"), on, h.md)
		}
		before := findDates("It arrives before "+h.words+".", now)
		if len(before) != 1 || !containsStr(before[0].Dates, h.md) {
			t.Fatalf("before %s (now %s): %+v, want %s among them", h.words, now.Format("2006-01-02"), before, h.md)
		}
		day := nextHoliday(h.md, now)
		if after := day.AddDate(0, 0, 1); !after.After(now.AddDate(1, 0, 0)) && containsStr(before[0].Dates, after.Format("01-02")) && after.Sub(now) < 300*24*time.Hour {
			t.Fatalf("before %s (now %s): %+v has the day after it", h.words, now.Format("2006-01-02"), before)
		}
	})
}

// Ten or eleven digits in groups are a tracking number after a tracking
// number's label, read whole, and no tracking number without one (a
// phone number).
func FuzzLabelledTracking(f *testing.F) {
	f.Add(uint64(9205590164), uint8(3), false)
	f.Add(uint64(12345678901), uint8(4), true)
	f.Fuzz(func(t *testing.T, n uint64, size uint8, dash bool) {
		digits := fmt.Sprintf("%d", 1_000_000_000+n%99_000_000_000)
		g := 3 + int(size)%2
		var groups []string
		for s := digits; s != ""; {
			k := min(g, len(s))
			if len(s)-k == 1 {
				k--
			}
			groups, s = append(groups, s[:k]), s[k:]
		}
		sep := " "
		if dash {
			sep = "-"
		}
		num := strings.Join(groups, sep)
		if got := trackingNumbers("Your tracking number is " + num + "."); len(got) != 1 || got[0] != digits {
			t.Fatalf("labelled %q: %q, want [%s]", num, got, digits)
		}
		if got := trackingNumbers("Call us at " + num + "."); len(got) != 0 {
			t.Fatalf("phone %q: %q, want none", num, got)
		}
	})
}

// A span of days in a reply is grounded exactly when a source states that
// many days (in words or as a days field); a date counted from today is
// no span.
func FuzzSpanOfDays(f *testing.F) {
	f.Add(uint16(10), uint16(5), true, "business ")
	f.Add(uint16(30), uint16(30), false, "")
	f.Fuzz(func(t *testing.T, said, stated uint16, field bool, kind string) {
		n, m := int(said%365)+1, int(stated%365)+1
		if kind != "business " && kind != "working " && kind != "" {
			kind = ""
		}
		src := fmt.Sprintf("Refunds reach your card within %d days.", m)
		if field {
			src = fmt.Sprintf(`{"return_window_days":%d}`, m)
		}
		reply := fmt.Sprintf("Your refund arrives within %d %sdays.", n, kind)
		fails := ungrounded(transcript{Replies: []string{reply}, Sources: []string{src}, Now: judgeNow, Currency: "USD"})
		if (len(fails) > 0) != (n != m) {
			t.Fatalf("%q against %q: %v", reply, src, fails)
		}
	})
}

// A part of a month ("mid-December", "Anfang Januar") is grounded by a
// source's date in that part and by none outside it.
func FuzzPartOfMonth(f *testing.F) {
	f.Add(uint8(0), uint8(15), uint8(11))
	f.Add(uint8(2), uint8(5), uint8(0))
	f.Add(uint8(2), uint8(0), uint8(4)) // "late May": May the month, not the modal
	f.Fuzz(func(t *testing.T, part, day, month uint8) {
		parts := []struct {
			words    string
			from, to int
		}{{"early", 1, 10}, {"mid-", 11, 20}, {"late", 21, 31}, {"Mitte", 11, 20}, {"Anfang", 1, 10}, {"fin", 21, 31}}
		p := parts[int(part)%len(parts)]
		mo := time.Month(int(month)%12 + 1)
		d := int(day)%28 + 1
		sep := " "
		if strings.HasSuffix(p.words, "-") {
			sep = ""
		}
		names := map[string]string{"Mitte": "de", "Anfang": "de", "fin": "fr"}
		name := mo.String()
		switch names[p.words] {
		case "de":
			name = []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}[mo-1]
		case "fr":
			name = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}[mo-1]
		}
		y := judgeNow.Year()
		if mo < judgeNow.Month() {
			y++
		}
		src := fmt.Sprintf(`{"estimated_delivery":"%d-%02d-%02d"}`, y, int(mo), d)
		reply := "It should arrive " + p.words + sep + name + "."
		fails := ungrounded(transcript{Replies: []string{reply}, Sources: []string{src}, Now: judgeNow, Currency: "USD"})
		if want := d < p.from || d > p.to; (len(fails) > 0) != want {
			t.Fatalf("%q against %s: failed %v, want failed %v", reply, src, fails, want)
		}
	})
}

// An order number in English words is read as its digits.
func FuzzOrderNumberWords(f *testing.F) {
	f.Add(uint16(1004))
	f.Fuzz(func(t *testing.T, n uint16) {
		num := int(n)%9000 + 1000
		words := spellEN(num)
		refs := orderRefs("Your order number " + words + " is on its way.")
		if len(refs) != 1 || refs[0] != fmt.Sprint(num) {
			t.Fatalf("%q: read %v, want %d", words, refs, num)
		}
	})
}

// spellEN is n (1000 to 9999) in English words: "one thousand and four".
func spellEN(n int) string {
	ones := []string{"", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
		"thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
	tens := []string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
	under100 := func(k int) string {
		if k < 20 {
			return ones[k]
		}
		if k%10 == 0 {
			return tens[k/10]
		}
		return tens[k/10] + "-" + ones[k%10]
	}
	s := ones[n/1000] + " thousand"
	if h := n % 1000 / 100; h > 0 {
		s += " " + ones[h] + " hundred"
	}
	if r := n % 100; r > 0 {
		s += " and " + under100(r)
	}
	return s
}

// An address the tool results hold is the order's own: a reply that
// sends the parcel to it claims no change, whatever it says around it;
// and what destinationClaim returns is a sentence of the reply.
func FuzzDestinationOwnAddress(f *testing.F) {
	f.Add("It's heading to 12 Oak St.", `{"shipping_address":"45 Elm Rd"}`)
	f.Add("Good news, your order is on its way to 7 N. Oak Ave, Springfield.", "")
	f.Add("The mug will ship to 12B Eichenstraße.", "12 Oak St")
	f.Fuzz(func(t *testing.T, reply, sources string) {
		if !utf8.ValidString(reply) {
			return
		}
		if got := destinationClaim(reply, reply+"\n"+sources); got != "" {
			t.Fatalf("%q with its own addresses in the sources claims a change: %q", reply, got)
		}
		if got := destinationClaim(reply, sources); got != "" && !strings.Contains(reply, got) {
			t.Fatalf("destinationClaim(%q) = %q, not a sentence of it", reply, got)
		}
	})
}

// conditioned is text with a condition put at the end of each of its
// sentences ("…, once we receive the items."), and asked the same as
// questions.
func conditioned(text string) (cond, asked string) {
	var c, q strings.Builder
	for _, s := range amountSentenceRe.FindAllString(text, -1) {
		s = strings.TrimRight(s, ".!?")
		c.WriteString(s + " once we receive the items. ")
		q.WriteString(s + "? ")
	}
	return c.String(), q.String()
}

// The settled claims (money due shortly or within a span, goods coming
// back and a label in the inbox in any of the four languages) are never
// read in a sentence with a condition nor in a question.
func FuzzSettledConditioned(f *testing.F) {
	for _, tc := range judgeCases {
		f.Add(tc.reply)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		cond, asked := conditioned(strings.ReplaceAll(text, "\n", " "))
		if got := settledClaims(cond); len(got) > 0 {
			t.Fatalf("%q claims %v", cond, got)
		}
		if got := settledClaims(asked); len(got) > 0 {
			t.Fatalf("%q claims %v", asked, got)
		}
	})
}

// A conversation in which the customer asked for no write gets no claim
// from a bare "done": its replies claim what they claim without the
// customer's messages.
func FuzzNothingAskedNothingDone(f *testing.F) {
	f.Add("It's been taken care of.", "hi", "any update?")
	f.Add("Done!", "hello", "und?")
	f.Add("All sorted on our side.", "where is it?", "ok")
	f.Fuzz(func(t *testing.T, reply, first, second string) {
		for _, m := range []string{first, second} {
			for _, c := range writeClaims {
				if c.asked != nil && c.asked.MatchString(m) {
					return
				}
			}
		}
		replies := []string{"Hello!", reply}
		got := falseClaimsAsked(replies, []string{first, second}, nil, nil)
		if want := falseClaims(replies, nil, nil); len(got) != len(want) {
			t.Fatalf("%q after %q, %q: %q, want %q", reply, first, second, got, want)
		}
	})
}
