package mailparse

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jhillyerd/enmime"
)

// Incoming is a message a customer sent, as doorstep reads it.
type Incoming struct {
	// From is the sender: the addr-spec of the From header's single
	// mailbox, lower-cased (see Sender). Name is the display name, for
	// showing only.
	From    mail.Address
	To      []string
	Subject string
	// MessageID, InReplyTo and References are Message-IDs with <>.
	MessageID  string
	InReplyTo  string
	References []string
	Date       time.Time
	// Text is the whole text body (from the HTML part when there is no
	// text part), in UTF-8.
	Text string
	// NewText is what the sender wrote this time: Text without quoted
	// history and signature.
	NewText     string
	Attachments []Attachment
	// Automated is why the message looks machine-sent (an auto-reply, a
	// bounce, bulk mail); empty for a person's message.
	Automated string
	// ReturnPath is the envelope sender SES recorded (Return-Path), lower
	// case, without <>; empty for a bounce.
	ReturnPath string
	// Auth is what the receiving server's (topmost) Authentication-Results
	// header states.
	Auth AuthResults
	// DKIMSigners are the d= domains of the message's DKIM-Signature
	// headers: who claims to have signed it.
	DKIMSigners []string
	// SESSpam and SESVirus are SES's X-SES-Spam-Verdict and
	// X-SES-Virus-Verdict headers, when present.
	SESSpam, SESVirus string
	// Damaged is set when the MIME structure could not be read and the
	// body was taken as plain text.
	Damaged bool
}

// Attachment is a file that came with a message.
type Attachment struct {
	Filename    string
	ContentType string
	Inline      bool
	Data        []byte
}

// IsImage reports whether the attachment is a picture.
func (a Attachment) IsImage() bool {
	return strings.HasPrefix(strings.ToLower(a.ContentType), "image/")
}

// ErrUnreadable is returned for a message that cannot be read as mail or
// has no usable sender (ErrNoSender).
var ErrUnreadable = errors.New("unreadable message")

// MaxParts bounds the attachments kept from one message.
const MaxParts = 20

// Parse reads a raw RFC 822 message. It never panics on bad input: a
// message whose MIME structure is broken is read as plain text
// (Incoming.Damaged), and only a message with no sender address is an
// error (ErrUnreadable).
func Parse(raw []byte) (in Incoming, err error) {
	defer func() {
		if r := recover(); r != nil { // a parser bug must not take the function down
			in, err = parsePlain(raw)
			in.Damaged = true
		}
	}()
	parser := enmime.NewParser(enmime.SkipMalformedParts(true), enmime.SetReadPartErrorPolicy(enmime.AllowCorruptTextPartErrorPolicy))
	env, perr := parser.ReadEnvelope(bytes.NewReader(raw))
	if perr != nil || env == nil {
		in, err = parsePlain(raw)
		in.Damaged = true
		return in, err
	}
	h := func(name string) string { return env.GetHeader(name) }
	rawValues := func(name string) []string {
		if env.Root == nil {
			return nil
		}
		var vs []string
		for k, v := range env.Root.Header {
			if strings.EqualFold(k, name) {
				vs = append(vs, v...)
			}
		}
		return vs
	}
	in, err = fromHeaders(h, rawValues)
	if err != nil {
		return in, err
	}
	in.Text = cleanText(env.Text)
	if in.Text == "" && strings.TrimSpace(env.HTML) == "" && len(env.Attachments)+len(env.Inlines)+len(env.OtherParts) == 0 {
		// Nothing came out of the MIME tree: an unclosed multipart, say.
		// Take what text the body has rather than lose it.
		if t := salvage(raw, env.GetHeader("Content-Type")); t != "" {
			in.Text, in.Damaged = t, true
		}
	}
	for _, p := range append(append([]*enmime.Part{}, env.Attachments...), append(env.Inlines, env.OtherParts...)...) {
		if len(in.Attachments) == MaxParts {
			break
		}
		if p == nil || strings.HasPrefix(p.ContentType, "text/") && p.FileName == "" {
			continue
		}
		in.Attachments = append(in.Attachments, Attachment{
			Filename: safeName(p.FileName), ContentType: strings.ToLower(p.ContentType),
			Inline: p.Disposition == "inline", Data: p.Content,
		})
	}
	if in.Automated == "" && strings.EqualFold(env.Root.ContentType, "multipart/report") {
		in.Automated = "delivery report"
	}
	in.NewText = NewText(in.Text)
	return in, nil
}

// parsePlain reads headers with net/mail and takes the body as text.
func parsePlain(raw []byte) (Incoming, error) {
	msg, err := mail.ReadMessage(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return Incoming{}, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	dec := new(mime.WordDecoder)
	h := func(name string) string {
		v := msg.Header.Get(name)
		if d, err := dec.DecodeHeader(v); err == nil {
			return d
		}
		return v
	}
	rawValues := func(name string) []string { return msg.Header[textproto.CanonicalMIMEHeaderKey(name)] }
	in, err := fromHeaders(h, rawValues)
	if err != nil {
		return in, err
	}
	in.Text = salvage(raw, msg.Header.Get("Content-Type"))
	in.NewText = NewText(in.Text)
	return in, nil
}

// salvage takes the text out of a message whose MIME structure could not
// be read: the body, with multipart boundaries and the headers and content
// of non-text parts left out, and quoted-printable decoded where it can be.
func salvage(raw []byte, contentType string) string {
	body := raw
	for _, sep := range []string{"\r\n\r\n", "\n\n"} {
		if i := bytes.Index(raw, []byte(sep)); i >= 0 {
			body = raw[i+len(sep):]
			break
		}
	}
	if len(body) > 1<<20 {
		body = body[:1<<20]
	}
	boundary := ""
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		boundary = params["boundary"]
	} else if m := boundaryRe().FindStringSubmatch(contentType); m != nil {
		boundary = strings.Trim(m[1], `"`)
	}
	if boundary == "" {
		return cleanText(string(body))
	}
	var out, part []string
	inHeaders, skip, qp := false, false, false
	flush := func() {
		text := strings.Join(part, "\n")
		if qp {
			if d, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(text))); err == nil {
				text = string(d)
			}
		}
		if !skip && strings.TrimSpace(text) != "" {
			out = append(out, text)
		}
		part = nil
	}
	for _, line := range strings.Split(strings.ReplaceAll(string(body), "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(line)
		if t == "--"+boundary || t == "--"+boundary+"--" {
			flush()
			inHeaders, skip, qp = true, false, false
			continue
		}
		if inHeaders {
			if t == "" {
				inHeaders = false
				continue
			}
			lt := strings.ToLower(t)
			if strings.HasPrefix(lt, "content-type:") && !strings.Contains(lt, "text/plain") {
				skip = true
			}
			if strings.HasPrefix(lt, "content-transfer-encoding:") && strings.Contains(lt, "quoted-printable") {
				qp = true
			}
			continue
		}
		part = append(part, line)
	}
	flush()
	return cleanText(strings.Join(out, "\n\n"))
}

// fromHeaders reads the headers: h gives a header's value decoded (RFC
// 2047), raw gives all its values as received, in order. Addresses and
// verdicts are read from the raw values only: decoding first would let an
// encoded display name pass for an address.
func fromHeaders(h func(string) string, raw func(string) []string) (Incoming, error) {
	var in Incoming
	from, ok := Sender(raw("From"))
	if !ok {
		return in, ErrNoSender
	}
	in.From = from
	for _, name := range []string{"To", "Cc"} {
		for _, v := range raw(name) {
			in.To = append(in.To, addressList(v)...)
		}
	}
	in.Subject = oneLine(h("Subject"))
	in.MessageID = firstID(h("Message-Id"))
	in.InReplyTo = firstID(h("In-Reply-To"))
	in.References = MessageIDs(h("References"))
	if d, err := mail.ParseDate(h("Date")); err == nil {
		in.Date = d
	}
	in.Automated = automated(h, from.Address)
	in.ReturnPath = strings.ToLower(strings.Trim(strings.TrimSpace(h("Return-Path")), "<>"))
	in.Auth = TopAuthResults(raw("Authentication-Results"))
	in.DKIMSigners = SignatureDomains(raw("DKIM-Signature"))
	in.SESSpam = strings.ToUpper(strings.TrimSpace(h("X-SES-Spam-Verdict")))
	in.SESVirus = strings.ToUpper(strings.TrimSpace(h("X-SES-Virus-Verdict")))
	return in, nil
}

var boundaryRe = lazyRegexp(`(?i)boundary="?([^";\s]+)`)

var idRe = lazyRegexp(`<[^<>\s]+>`)

// MessageIDs returns the Message-IDs in a References or In-Reply-To
// header, with <>, at most 50.
func MessageIDs(v string) []string {
	ids := idRe().FindAllString(cleanID(v), -1)
	if len(ids) > 50 {
		ids = ids[len(ids)-50:]
	}
	return ids
}

func firstID(v string) string {
	v = cleanID(v)
	if ids := idRe().FindAllString(v, 1); len(ids) > 0 {
		return ids[0]
	}
	v = strings.TrimSpace(v)
	if v != "" && !strings.ContainsAny(v, " \t<>") && len(v) < 250 {
		return "<" + v + ">"
	}
	return ""
}

// cleanID keeps a Message-ID header printable ASCII, as RFC 5322 has it:
// any other byte becomes "_", so an id survives storage unchanged and
// both sides of a comparison read it the same way.
func cleanID(v string) string {
	b := []byte(v)
	for i, c := range b {
		if (c < 0x21 || c > 0x7e) && c != ' ' && c != '\t' {
			b[i] = '_'
		}
	}
	return string(b)
}

func oneLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 250 {
		s = s[:250]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	return s
}

func safeName(name string) string {
	name = oneLine(name)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 32 || r == 127 || strings.ContainsRune(`"<>|:*?`, r) {
			return '_'
		}
		return r
	}, name)
	if len(name) > 100 {
		name = name[len(name)-100:]
	}
	return strings.TrimLeft(name, ".")
}

// cleanText makes text valid UTF-8 with \n line ends.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.ReplaceAll(s, "\u00a0", " ")
	return strings.TrimSpace(s)
}

// automated says why a message looks machine-sent, from its headers and
// sender (RFC 3834 and what mail servers and lists actually send).
func automated(h func(string) string, from string) string {
	if v := strings.ToLower(strings.TrimSpace(h("Auto-Submitted"))); v != "" && v != "no" {
		return "auto-submitted"
	}
	switch strings.ToLower(strings.TrimSpace(h("Precedence"))) {
	case "bulk", "junk", "list", "auto_reply":
		return "precedence"
	}
	for _, name := range []string{"X-Autoreply", "X-Autorespond", "X-Autogenerated", "X-AutoReply-From", "X-Mail-Autoreply", "X-Failed-Recipients"} {
		if h(name) != "" {
			return strings.ToLower(name)
		}
	}
	if h("List-Id") != "" || h("List-Unsubscribe") != "" {
		return "mailing list"
	}
	if rp := strings.TrimSpace(h("Return-Path")); rp == "<>" {
		return "null return path"
	}
	local, _, _ := strings.Cut(from, "@")
	switch strings.ReplaceAll(strings.ReplaceAll(local, "-", ""), "_", "") {
	case "mailerdaemon", "postmaster", "noreply", "donotreply", "bounce", "bounces", "autoreply", "autoresponder":
		return "robot sender"
	}
	subj := strings.ToLower(h("Subject"))
	for _, p := range []string{"automatic reply:", "auto-reply:", "autoreply:", "auto reply:", "out of office", "undeliverable:",
		"delivery status notification", "mail delivery failed", "returned mail:", "undelivered mail returned", "delivery failure"} {
		if strings.Contains(subj, p) {
			return "automatic subject"
		}
	}
	return ""
}

// Patterns that start quoted history or a signature. Each is matched
// against a trimmed line.
var (
	// Outlook: "-----Original Message-----", and the underscores line.
	originalRe = lazyRegexp(`(?i)^-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|forwarded message)\s*-{2,}$`)
	underRe    = lazyRegexp(`^_{20,}$`)
	// A header block: "From: ..." followed by Sent/Date/To/Subject lines.
	headerRe = lazyRegexp(`(?i)^\*?(from|von|de|sent|date|gesendet|envoyé|to|an|à|subject|betreff|objet|cc)\s?:\*?\s`)
	// Mobile and client signatures.
	sentFromRe = lazyRegexp(`(?i)^(sent from my |sent from (outlook|mail|yahoo|samsung|gmail)|get outlook for |sent via |envoyé de mon |von meinem .* gesendet)`)
)

// NewText returns what the sender wrote in this message: the text before
// quoted history (Gmail, Outlook and Apple Mail styles), without ">" quoted
// lines and without the signature ("-- " and "Sent from my iPhone"
// lines). When stripping would leave nothing but the text has lines that
// are not quotes, the text before the first quote marker is kept as is.
func NewText(text string) string {
	lines := strings.Split(cleanText(text), "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		line := strings.TrimRight(lines[i], " \t")
		t := strings.TrimSpace(line)
		if isQuoteStart(lines, i) {
			break
		}
		if line == "--" || line == "-- " || strings.TrimRight(lines[i], "\t") == "-- " || sentFromRe().MatchString(t) {
			break
		}
		if strings.HasPrefix(t, ">") {
			continue
		}
		out = append(out, line)
	}
	s := strings.Join(out, "\n")
	// Collapse runs of blank lines.
	for strings.Contains(s, "\n\n\n") {
		s = strings.ReplaceAll(s, "\n\n\n", "\n\n")
	}
	return strings.TrimSpace(s)
}

// isQuoteStart reports whether lines[i] starts quoted history.
func isQuoteStart(lines []string, i int) bool {
	t := strings.TrimSpace(lines[i])
	if t == "" {
		return false
	}
	if originalRe().MatchString(t) || underRe().MatchString(t) || strings.EqualFold(t, "Begin forwarded message:") {
		return true
	}
	// "On ... wrote:" on one line, or wrapped onto the next one or two.
	if wroteStart(t) {
		joined := t
		for j := i; j < len(lines) && j <= i+2; j++ {
			if j > i {
				joined += " " + strings.TrimSpace(lines[j])
			}
			if wroteLine(joined) {
				return true
			}
		}
	}
	// Outlook's header block: From: then, within four lines, Sent:/Date:
	// and To:/Subject:.
	if m := headerRe().FindStringSubmatch(t + " "); m != nil {
		if k := strings.ToLower(m[1]); k == "from" || k == "von" || k == "de" {
			seen := 0
			for j := i + 1; j < len(lines) && j <= i+5; j++ {
				if headerRe().MatchString(strings.TrimSpace(lines[j]) + " ") {
					seen++
				}
			}
			return seen >= 2
		}
	}
	return false
}

func wroteStart(t string) bool {
	if len(t) < 3 {
		return false
	}
	w, _, _ := strings.Cut(strings.ToLower(t), " ")
	switch w {
	case "on", "le", "am", "el", "il", "op", "em":
		return true
	}
	return false
}

// wroteLine reports whether s is an attribution line of Gmail, Apple Mail
// or Thunderbird: "On <date>, <name> wrote:", also in a few other
// languages. Ignoring case, s is one of the opening words, a space, 4 to
// 300 characters, then "wrote" (or another language's word) and an
// optional space, or "schrieb", a space and 1 to 200 characters, and a
// final ":". Characters here are as the regexp package reads them (an
// invalid UTF-8 byte is one), and none of those counted is a newline.
// Plain code rather than a regular expression: the bounded repeats made
// a program that took 13 ms to compile at every start.
func wroteLine(s string) bool {
	if len(s) < 4 || !isSpace(rune(s[2])) || s[len(s)-1] != ':' {
		return false
	}
	switch strings.ToLower(s[:2]) {
	case "on", "le", "am", "el", "il", "op", "em":
	default:
		return false
	}
	var body []rune // what lies between the opening word's space and the ":"
	for _, r := range s[3 : len(s)-1] {
		body = append(body, r)
	}
	// The 4 to 300 characters before the word: no newline among them.
	lead := func(n int) bool { return n >= 4 && n <= 300 && !slices.Contains(body[:n], '\n') }
	for _, w := range wroteWords {
		for _, space := range []bool{false, true} {
			n := len(body) - len(w)
			if space {
				if n--; n < 0 || !isSpace(body[len(body)-1]) {
					continue
				}
			}
			if n >= 0 && foldEqual(body[n:n+len(w)], w) && lead(n) {
				return true
			}
		}
	}
	// "schrieb", a space, then 1 to 200 characters with no newline.
	for n := 4; n <= 300 && n+len(schrieb)+2 <= len(body); n++ {
		rest := body[n+len(schrieb)+1:]
		if len(rest) <= 200 && foldEqual(body[n:n+len(schrieb)], schrieb) && isSpace(body[n+len(schrieb)]) &&
			!slices.Contains(rest, '\n') && lead(n) {
			return true
		}
	}
	return false
}

var (
	wroteWords = [][]rune{[]rune("wrote"), []rune("a écrit"), []rune("escribió"), []rune("ha scritto"), []rune("schreef"), []rune("escreveu")}
	schrieb    = []rune("schrieb")
)

// isSpace is the regexp package's \s: tab, newline, form feed, carriage
// return and space.
func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r'
}

// foldEqual reports whether a and b are equal under simple Unicode case
// folding, as the regexp package's (?i) compares characters.
func foldEqual(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i, r := range a {
		if !foldRune(r, b[i]) {
			return false
		}
	}
	return true
}

func foldRune(r, w rune) bool {
	if r == w {
		return true
	}
	for c := unicode.SimpleFold(w); c != w; c = unicode.SimpleFold(c) {
		if c == r {
			return true
		}
	}
	return false
}

// lazyRegexp compiles expr on first use, so a function that never reads
// mail does not compile it at start.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
