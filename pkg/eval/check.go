package eval

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// The checks judge a conversation by what happened, never by its wording:
// the writes the shop applied, the facts in the replies against what the
// tools returned, what was disclosed, and whether a person took over.

// transcript is what one run of a scenario produced.
type transcript struct {
	Replies []string
	// Unverified marks the replies given before the customer was verified.
	Unverified []bool
	// Sources is everything the stack gave the model: tool results and
	// the per-conversation context (code-built order summaries, proposal
	// outcomes). Customer is what the customer wrote.
	Sources  []string
	Customer []string
	// Policy is the shop's documentation: a span of days it states (how
	// long a refund takes to show) is the shop's, said with or without a
	// search of the docs.
	Policy string
	Tools  map[string]bool
	// Given are read tools whose results the stack gave the model in the
	// request (the current order's facts): an expected call of one is met.
	Given  map[string]bool
	Writes []demoshop.Action
	// Done are the tools whose proposals the stack carried out.
	Done     map[string]bool
	Handover bool
	// Now is the stack's time, for facts written relative to it; Loc the
	// shop's time zone (nil: UTC), in which a timestamp is a day; Currency
	// the shop's, that of money the tools state without one ("" : any).
	Now      time.Time
	Loc      *time.Location
	Currency string
	// People are the customers whose orders the stack holds; Verified the
	// email the conversation was verified for ("" if never).
	People   []person
	Verified string
	// Codes are the discount codes the shop has issued, in this
	// conversation or before it.
	Codes []string
}

// judge returns every way the transcript falls short of s.
func judge(s Scenario, t transcript) []string {
	var fails []string
	fails = append(fails, checkWrites(s.Expect.Writes, t.Writes)...)
	fails = append(fails, claimsIn(t)...)
	if h := s.Expect.Handover; h != nil && *h != t.Handover {
		if *h {
			fails = append(fails, "handover: the conversation did not go to a person")
		} else {
			fails = append(fails, "handover: the conversation went to a person")
		}
	}
	for _, tool := range s.Expect.Tools {
		// A person asked for in so many words is handed over by code
		// before the model runs (agent/person.go): the outcome counts.
		if !t.Tools[tool] && !t.Given[tool] && !(tool == toolname.Handover && t.Handover) {
			fails = append(fails, "tools: never called "+tool)
		}
	}
	for _, tool := range s.Expect.Done {
		if !t.Done[tool] {
			fails = append(fails, "done: no "+tool+" was carried out")
		}
	}
	for _, tool := range s.Expect.NotTools {
		if t.Tools[tool] || tool == toolname.Handover && t.Handover {
			fails = append(fails, "not_tools: called "+tool)
		}
	}
	for _, tool := range s.Expect.NotDone {
		if t.Done[tool] {
			fails = append(fails, "not_done: a "+tool+" was carried out")
		}
	}
	all := strings.Join(t.Replies, "\n")
	for _, m := range s.Expect.Mention {
		if !mentions(all, resolveFact(m, t.Now), t.Now) {
			fails = append(fails, fmt.Sprintf("mention: the customer was never told %q", m))
		}
	}
	if s.Expect.Stage != "" {
		fails = append(fails, checkStage(s.Expect.Stage, t.Replies, t.Sources)...)
	}
	fails = append(fails, checkReport(s.Expect.Report, t.Replies, t.Sources, t.Now, "")...)
	fails = append(fails, checkAnswers(s.Expect.Answers, t)...)
	for _, secret := range s.Expect.Secrets {
		if secret != "" && containsFold(all, secret) {
			fails = append(fails, fmt.Sprintf("disclosure: a reply has %q", secret))
		}
	}
	for i, r := range t.Replies {
		if i < len(t.Unverified) && t.Unverified[i] {
			for _, tn := range trackingNumbers(r) {
				fails = append(fails, fmt.Sprintf("disclosure: tracking number %s before verification", tn))
			}
		}
	}
	fails = append(fails, disclosed(t)...)
	fails = append(fails, ungrounded(t)...)
	fails = append(fails, inventedCodes(t)...)
	return fails
}

// checkWrites compares the shop's writes with the expected ones: each
// expected write must match one applied write, and nothing else may have
// been applied.
func checkWrites(want []Write, got []demoshop.Action) []string {
	var fails []string
	used := make([]bool, len(got))
	for _, w := range want {
		found := false
		var near []string
		for i, a := range got {
			if used[i] || a.Type != w.Type || !sameOrder(a.Order, w.Order) {
				continue
			}
			if why := writeDiff(w, a); why != "" {
				near = append(near, why)
				continue
			}
			used[i], found = true, true
			break
		}
		if !found {
			msg := fmt.Sprintf("writes: no %s on %s", w.Type, w.Order)
			if len(near) > 0 {
				msg += " as expected (" + strings.Join(near, "; ") + ")"
			}
			fails = append(fails, msg)
		}
	}
	for i, a := range got {
		if !used[i] {
			fails = append(fails, fmt.Sprintf("writes: unexpected %s on %s %s", a.Type, a.Order, describeAction(a)))
		}
	}
	return fails
}

func sameOrder(a, b string) bool {
	return strings.TrimPrefix(a, "#") == strings.TrimPrefix(b, "#")
}

func writeDiff(w Write, a demoshop.Action) string {
	if w.Lines != nil {
		key := func(title, variant string, q int) string {
			return strings.ToLower(title) + "|" + strings.ToLower(variant) + "|" + strconv.Itoa(q)
		}
		var x, y []string
		for _, l := range w.Lines {
			x = append(x, key(l.Title, l.Variant, l.Quantity))
		}
		for _, l := range a.Lines {
			y = append(y, key(l.Title, l.Variant, l.Quantity))
		}
		sort.Strings(x)
		sort.Strings(y)
		if strings.Join(x, ",") != strings.Join(y, ",") {
			return fmt.Sprintf("lines %s", describeAction(a))
		}
	}
	if w.Amount != "" && cents(w.Amount) != cents(a.Amount) {
		return fmt.Sprintf("amount %s, want %s", a.Amount, w.Amount)
	}
	if r, _ := a.Detail["reason"].(string); w.Reason != "" && r != w.Reason {
		return fmt.Sprintf("reason %q, want %q", r, w.Reason)
	}
	if len(w.Address) > 0 {
		addr, _ := a.Detail["address"].(map[string]any)
		for k, v := range w.Address {
			got, _ := addr[k].(string)
			if !strings.EqualFold(strings.TrimSpace(got), strings.TrimSpace(v)) {
				return fmt.Sprintf("address %s %q, want %q", k, got, v)
			}
		}
	}
	return ""
}

func describeAction(a demoshop.Action) string {
	var parts []string
	for _, l := range a.Lines {
		parts = append(parts, fmt.Sprintf("%d × %s (%s)", l.Quantity, l.Title, l.Variant))
	}
	if addr, ok := a.Detail["address"]; ok {
		b, _ := json.Marshal(addr)
		parts = append(parts, string(b))
	}
	return "[" + strings.Join(parts, ", ") + " amount " + a.Amount + "]"
}

// resolveFact turns a fact relative to the run's time into the facts a
// reply may carry: "date:-5d" is the date five days before now, written
// any way findDates reads (a day either side, for time zones).
func resolveFact(fact string, now time.Time) string {
	rest, ok := strings.CutPrefix(fact, "date:")
	if !ok {
		return fact
	}
	n, err := parseDateSpec(rest)
	if err != nil {
		return fact
	}
	d := now.AddDate(0, 0, n)
	var alts []string
	for _, x := range []time.Time{d, d.AddDate(0, 0, -1), d.AddDate(0, 0, 1)} {
		alts = append(alts, "date="+x.Format("01-02"))
	}
	return strings.Join(alts, "|")
}

// trackingNumbers are the tracking-number-like tokens of text, each as
// one run of capitals and digits: written whole ("1Z999AA10123456784") or
// in groups ("1Z 999 AA1 0123 4567 84", "9400-1000-0000-0000-0000-00"),
// read without the spaces or dashes.
func trackingNumbers(text string) []string {
	var out []string
	for _, tok := range tokenRe.FindAllString(text, -1) {
		if digitCount(tok) >= 6 {
			out = append(out, tok)
		}
	}
	for _, m := range groupedTokenRe.FindAllStringIndex(text, -1) {
		if tn, ok := groupedTracking(text, m[0], m[1]); ok {
			out = append(out, tn)
		}
	}
	return out
}

func digitCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

// groupedTokenRe is a run of three or more groups of capitals and digits
// split by a space, a dash or a no-break space.
var groupedTokenRe = regexp.MustCompile(`\b[A-Z0-9]{1,6}(?:(?: |-|\x{00A0})[A-Z0-9]{1,6}){2,}\b`)

// groupedTracking reads the run text[i:j] of groupedTokenRe as a tracking
// number written in groups: words of letters alone at either end ("UPS",
// "I") are not its part; the groups are split the same way throughout;
// it has ten capitals and digits or more, six digits or more, and twelve
// when it is digits alone (a phone number, "800 555 0199", is not one)
// unless a tracking number's label stands before it ("tracking number
// 920 559 0164");
// a "+" before it makes it a phone number.
func groupedTracking(text string, i, j int) (string, bool) {
	if i > 0 && text[i-1] == '+' {
		return "", false
	}
	run := text[i:j]
	sep := ""
	var groups []string
	for k := 0; k < len(run); {
		e := k
		for e < len(run) && (run[e] >= 'A' && run[e] <= 'Z' || run[e] >= '0' && run[e] <= '9') {
			e++
		}
		groups = append(groups, run[k:e])
		if e >= len(run) {
			break
		}
		_, size := utf8.DecodeRuneInString(run[e:])
		s := run[e : e+size]
		if sep != "" && s != sep {
			return "", false
		}
		sep, k = s, e+size
	}
	letters := func(g string) bool { return digitCount(g) == 0 }
	for len(groups) > 0 && letters(groups[0]) {
		groups = groups[1:]
	}
	for len(groups) > 0 && letters(groups[len(groups)-1]) {
		groups = groups[:len(groups)-1]
	}
	if len(groups) < 3 {
		return "", false
	}
	tn := strings.Join(groups, "")
	d := digitCount(tn)
	if len(tn) < 10 || d < 6 || (d == len(tn) && d < 12 && !trackingWordBefore(text[:i])) {
		return "", false
	}
	return tn, true
}

// trackingWordRe is a tracking number's label just before it: "tracking
// number is", "Sendungsnummer:", "número de seguimiento", "numéro de
// suivi", with up to three words between.
var trackingWordRe = regexp.MustCompile(`(?i)(?:\btracking|\btrack|\bseguimiento|\brastreo|\bSendungs\p{L}*|\bTracking\p{L}*|\bsuivi|\bn[uú]mero\s+de\s+env[ií]o)[\s:#.,-]*(?:[\p{L}'’]+[\s:#.,-]+){0,3}$`)

// trackingWordBefore reports whether text ends with a tracking number's
// label: a number of ten or eleven digits in groups after it is a
// tracking number, not a phone number.
func trackingWordBefore(text string) bool {
	if len(text) > 60 {
		text = text[len(text)-60:]
	}
	return trackingWordRe.MatchString(text)
}

// compactTracking is text with the spaces and dashes that split a
// tracking number into groups taken out, so a number is found in it
// however either side wrote it.
func compactTracking(text string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\u00a0' {
			return -1
		}
		return r
	}, text)
}

// mentions reports whether text has fact, or one of its "|" alternatives,
// compared without case and, for amounts, as money.
func mentions(text, fact string, now time.Time) bool {
	for _, alt := range strings.Split(fact, "|") {
		alt = strings.TrimSpace(alt)
		if alt == "" {
			continue
		}
		if d, ok := strings.CutPrefix(alt, "date="); ok {
			for _, got := range findDates(text, now) {
				if containsStr(got.Dates, d) {
					return true
				}
			}
			continue
		}
		if containsNumber(normalise(text), normalise(alt)) {
			return true
		}
		if c := cents(alt); c >= 0 && strings.ContainsAny(alt, "$.") {
			for _, a := range findAmounts(text) {
				if a.Cents == c {
					return true
				}
			}
		}
	}
	return false
}

var (
	dashRe     = strings.NewReplacer("\u2013", "-", "\u2014", "-", "\u2011", "-", "\u2212", "-", "\u00bc", "1/4", "\u00a0", " ")
	numWordRe  = regexp.MustCompile(`\b(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|ninety)\b`)
	rangeRe    = regexp.MustCompile(`\b(\d+)\s*(?:-|to|through|until)\s*(\d+)\b`)
	betweenRe  = regexp.MustCompile(`\bbetween (\d+) and (\d+)\b`)
	quarterRe  = regexp.MustCompile(`\b(?:a |one )?quarter(?: of an| of a)? inch`)
	theUSRe    = regexp.MustCompile(`(?:\bthe us\b|\bu\.s\.a\.?|\bu\.s\.|\busa\b)`)
	spacesRe   = regexp.MustCompile(`\s+`)
	numberWord = map[string]string{"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
		"seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14",
		"fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30",
		"forty": "40", "fifty": "50", "sixty": "60", "ninety": "90"}
	// orderNumRe is an order number as code writes it: "#1001".
	orderNumRe = regexp.MustCompile(`#\s?(\d{3,})\b`)
	// tokenRe is a candidate tracking number: ten or more capitals and
	// digits (trackingNumbers keeps those with six digits or more).
	tokenRe = regexp.MustCompile(`\b[A-Z0-9]{10,}\b`)
	// carrierRe names parcel carriers: the tracking companies Shopify
	// lists for fulfillments (FulfillmentTrackingInfo, "Supported
	// tracking companies": the names a shop's tracking_company holds)
	// and the large national posts. A reply may name only those the
	// tools named; carrierContextRe catches the others by where they
	// stand.
	carrierRe = regexp.MustCompile(`(?i)\b(4PX|Amazon Logistics|Amazon Shipping|An Post|APC|Aramex|Asendia|Australia Post|Bpost|Bring|Canada Post|Canpar|` +
		`China Post|Chronopost|Colissimo|Correios|Correos Express|Correos|CTT Express|CTT|Delhivery|Deutsche Post|DHL eCommerce|DHL Express|DHL|DPD Local|DPD|` +
		`DTDC|Estafeta|Evri|FedEx|Fastway|GLS|Hermes|InPost|Intelcom|Israel Post|Japan Post|La Poste|LaserShip|Landmark Global|Loomis|Mondial Relay|MRW|` +
		`Nacex|New Zealand Post|Nova Poshta|OnTrac|OSM Worldwide|Packeta|Parcelforce|Pitney Bowes|Poste Italiane|PostNL|PostNord|Purolator|Royal Mail|` +
		`Sagawa|SEUR|SF Express|Singapore Post|StarTrack|Swiss Post|TNT|UPS|USPS|Yamato|Yodel|YunExpress)\b`)
	// carrierContextRe is a capitalised name where a carrier stands:
	// "shipped with X", "sent via X", "X tracking", "carrier: X", in
	// English, Spanish, German and French.
	carrierContextRe = regexp.MustCompile(`(?:(?i:shipped|sent|dispatched|travell?ing|handed(?: over)? to|delivered|carried|coming|going|on its way|enviado|versandt|verschickt|exp[ée]di[ée]e?s?)\s+(?i:with|via|by|through|con|por|mit|avec|par)\s+(?:(?i:the|la|le|el)\s+)?` +
		`|(?i:carrier|courier|transporteur|transportista|paketdienst|versanddienstleister|zusteller)\s*(?:(?i:is|es|ist|est)\s+|:\s*)?)` +
		`(` + capName + `)|(` + capName + `)\s+(?i:tracking|courier|parcel service|Sendungsverfolgung|Sendungsnummer)\b`)
	capName = `[A-Z][\p{L}0-9&'-]+(?:\s+[A-Z][\p{L}0-9&'-]+){0,2}`
)

// cents reads an amount ("$1,234.50", "12.5 USD") as cents; -1 if none.
func cents(s string) int64 {
	s = strings.Map(func(r rune) rune {
		if (r >= '0' && r <= '9') || r == '.' {
			return r
		}
		return -1
	}, s)
	if s == "" {
		return -1
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return -1
	}
	return int64(f*100 + 0.5)
}

// normalise writes text the one way mention compares facts in: lower
// case, one space, any dash as "-", number words as digits ("five to ten"
// is "5-10"), a range of two numbers as "N-M" ("5 to 10", "between 5 and
// 10", "5–10"), "¼" and "a quarter inch" as "1/4 inch", and "the US",
// "U.S.", "USA" as "united states".
func normalise(text string) string {
	t := strings.ToLower(dashRe.Replace(text))
	t = spacesRe.ReplaceAllString(t, " ")
	t = numWordRe.ReplaceAllStringFunc(t, func(w string) string { return numberWord[w] })
	t = quarterRe.ReplaceAllString(t, "1/4 inch")
	t = betweenRe.ReplaceAllString(t, "$1-$2")
	t = rangeRe.ReplaceAllString(t, "$1-$2")
	return theUSRe.ReplaceAllString(t, "united states")
}

// containsNumber reports whether text has sub where a digit at either
// end of sub is not part of a longer number in text ("5-10" is not in
// "15-10", "30" not in "300").
func containsNumber(text, sub string) bool {
	if sub == "" {
		return false
	}
	digit := func(b byte) bool { return b >= '0' && b <= '9' }
	for from := 0; ; {
		i := strings.Index(text[from:], sub)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(sub)
		if !(digit(sub[0]) && i > 0 && digit(text[i-1])) && !(digit(sub[len(sub)-1]) && end < len(text) && digit(text[end])) {
			return true
		}
		from = i + 1
	}
}

// ungrounded lists the facts in replies that no tool result (or the
// context code built) gave: invented order numbers, tracking numbers,
// carriers, amounts and dates. Order numbers the customer wrote may be
// repeated back.
func ungrounded(t transcript) []string {
	src := strings.Join(t.Sources, "\n")
	cust := strings.Join(t.Customer, "\n")
	srcAmounts := sourceMoneyIn(t.Sources, t.Currency)
	// The dates the sources state, by month-day and by full date: one
	// written without its year ("Tue, Dec 8") is the one nearest the
	// stack's clock; a timestamp is its day in the shop's zone. Relative
	// words in a source ("in 3 days") ground nothing.
	srcDates, srcFull := map[string]bool{}, map[string]bool{}
	for _, d := range findDates(src, t.Now) {
		if d.Rel {
			continue
		}
		for i, md := range d.Dates {
			srcDates[md] = true
			srcFull[fullDate(md, d.Years[i], t.Now)] = true
		}
	}
	for _, day := range timestampDays(src, t.Loc) {
		srcDates[day[5:]] = true
		srcFull[day] = true
	}
	srcSpans := durations(src)
	for n := range durations(t.Policy) {
		srcSpans[n] = true
	}
	for n := range sourceDayFields(t.Sources) {
		srcSpans[n] = true
	}
	// Order numbers: those of the orders the tools gave (their
	// order-number fields, "#1001" as code writes an order's name) and
	// those the customer wrote.
	srcOrders := sourceOrderNumbers(t.Sources)
	compactSrc := compactTracking(src)
	for _, n := range digitRunRe.FindAllString(cust, -1) {
		srcOrders[n] = true
	}
	var fails []string
	seen := map[string]bool{}
	bad := func(kind, v string) {
		if !seen[kind+v] {
			seen[kind+v] = true
			fails = append(fails, fmt.Sprintf("grounding: %s %s is in no tool result", kind, v))
		}
	}
	for _, r := range t.Replies {
		for _, n := range orderRefs(r) {
			if !srcOrders[n] {
				bad("order number", "#"+n)
			}
		}
		for _, tn := range trackingNumbers(r) {
			if !strings.Contains(compactSrc, tn) && !strings.Contains(compactTracking(cust), tn) {
				bad("tracking number", tn)
			}
		}
		for _, c := range carriersNamed(r) {
			if !containsFold(src, c) {
				bad("carrier", c)
			}
		}
		for _, a := range findAmounts(r) {
			if !groundedMoney(srcAmounts, a) {
				bad("amount", a.Text)
			}
		}
		for _, a := range amountsInContext(r) {
			if !groundedMoney(srcAmounts, a) {
				bad("amount", a.Text)
			}
		}
		var dated []string // the dates read, grounded or not
	dates:
		for _, d := range findDates(r, t.Now) {
			dated = append(dated, d.Text)
			if d.Days > 0 && srcSpans[d.Days] {
				continue
			}
			// A date given with its year (or counted from today) must be
			// that day of that year; one without, that month and day.
			for i, md := range d.Dates {
				if (d.Years[i] == 0 && srcDates[md]) || (d.Years[i] != 0 && srcFull[fullDate(md, d.Years[i], t.Now)]) {
					continue dates
				}
			}
			bad("date", d.Text)
		}
		// A span of days ("within 10 business days", "a 30-day window")
		// is a fact of the policy or the tools: one of the sources' spans.
	spans:
		for _, m := range durationRe.FindAllString(r, -1) {
			for n := range durations(m) {
				if srcSpans[n] {
					continue spans
				}
			}
			for _, d := range dated {
				if strings.Contains(d, m) || strings.Contains(m, d) {
					continue spans
				}
			}
			bad("span of days", m)
		}
	}
	return fails
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// fullDate is "YYYY-MM-DD" for month-day md of year, or, year 0, of the
// year that puts it nearest now.
func fullDate(md string, year int, now time.Time) string {
	if year == 0 {
		best := time.Duration(1<<63 - 1)
		for _, y := range []int{now.Year() - 1, now.Year(), now.Year() + 1} {
			d, err := time.Parse("2006-01-02", fmt.Sprintf("%d-%s", y, md))
			if err != nil {
				continue
			}
			if gap := d.Sub(now).Abs(); gap < best {
				best, year = gap, y
			}
		}
	}
	return fmt.Sprintf("%04d-%s", year, md)
}

// notCarrier are capitalised words that stand where a carrier may but
// name none: "Your tracking", "The parcel", a day or a month.
var notCarrier = map[string]bool{"the": true, "your": true, "our": true, "a": true, "an": true, "this": true, "that": true, "my": true,
	"its": true, "their": true, "his": true, "her": true, "su": true, "tu": true, "ihre": true, "ihr": true, "die": true, "der": true, "das": true,
	"votre": true, "le": true, "la": true, "el": true, "los": true, "les": true, "und": true, "and": true, "us": true, "me": true, "you": true,
	"i": true, "we": true, "it": true, "standard": true, "express": true, "ground": true, "priority": true, "next": true, "same": true}

// carriersNamed is every carrier text names: one on carrierRe's list, or
// a capitalised name where a carrier stands (carrierContextRe), less
// its leading words that name none ("Your", "The") and days and months.
func carriersNamed(text string) []string {
	out := carrierRe.FindAllString(text, -1)
	for _, m := range carrierContextRe.FindAllStringSubmatch(text, -1) {
		name := m[1]
		if name == "" {
			name = m[2]
		}
		words := strings.Fields(name)
		for len(words) > 0 && notCarrier[strings.ToLower(words[0])] {
			words = words[1:]
		}
		if len(words) == 0 {
			continue
		}
		first := strings.ToLower(words[0])
		if _, day := weekdays[first]; day || first == "tomorrow" {
			continue
		}
		if _, month := monthNamed(words[0]); month {
			continue
		}
		name = strings.Join(words, " ")
		if !carrierRe.MatchString(name) {
			out = append(out, name)
		}
	}
	return out
}
