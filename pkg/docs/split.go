package docs

import (
	stdhtml "html"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Passage sizes, in words: a section shorter than maxWords is one passage;
// a longer one is cut between paragraphs (or sentences) near targetWords.
const (
	targetWords = 90
	maxWords    = 140
	// maxPassageBytes bounds one passage's text whatever its shape.
	maxPassageBytes = 2000
)

// block is a paragraph, list or table of a document, under its headings.
type block struct {
	section string
	text    string
}

// parsed is a document read into blocks.
type parsed struct {
	title, product string
	blocks         []block
	heads          [6]string
	// titleLevel is 1 once a top heading became the title.
	titleTaken bool
}

func (p *parsed) heading(level int, text string) {
	text = clean(text)
	if text == "" {
		return
	}
	if level == 1 && !p.titleTaken && (p.title == "" || strings.EqualFold(p.title, text)) && len(p.blocks) == 0 {
		p.title, p.titleTaken = text, true
		return
	}
	p.heads[level-1] = text
	for i := level; i < len(p.heads); i++ {
		p.heads[i] = ""
	}
}

func (p *parsed) section() string {
	var parts []string
	for _, h := range p.heads {
		if h != "" {
			parts = append(parts, h)
		}
	}
	return strings.Join(parts, " > ")
}

func (p *parsed) add(text string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	p.blocks = append(p.blocks, block{section: p.section(), text: text})
}

// Split reads a document into passages. Its title is the document's Title,
// else one the document gives itself, else one made from its ID.
func Split(d Document) []Passage {
	var p parsed
	p.title = strings.TrimSpace(d.Title)
	switch d.Format {
	case HTML:
		parseHTML(&p, d.Body)
	case Text:
		parseText(&p, d.Body)
	default:
		parseMarkdown(&p, d.Body)
	}
	title := clean(p.title)
	if title == "" {
		title = titleFromID(d.ID)
	}
	product := clean(d.Product)
	if product == "" {
		product = clean(p.product)
	}
	ps := group(d.ID, title, p.blocks)
	for i := range ps {
		ps[i].Product = product
	}
	return ps
}

// meta reads a document's own title and product (front matter, <title>,
// <meta name="product">) without splitting it.
func meta(d Document) (title, product string) {
	var p parsed
	switch d.Format {
	case HTML:
		parseHTML(&p, d.Body)
	case Text:
		parseText(&p, d.Body)
	default:
		parseMarkdown(&p, d.Body)
	}
	title, product = clean(p.title), clean(p.product)
	if product == "" && d.Format == Text {
		product = titleProduct(title)
	}
	return title, product
}

// titleProduct is the product a plain-text document's title names before
// its subject ("Merino Hiking Socks: sizing and care"), or "". Text has no
// front matter to say so, and a guide whose product is unknown would
// answer questions that name another product.
func titleProduct(title string) string {
	for _, sep := range []string{": ", " – ", " — ", " - "} {
		if name, _, ok := strings.Cut(title, sep); ok && len(strings.Fields(name)) <= 5 {
			return strings.TrimSpace(name)
		}
	}
	return ""
}

// group joins consecutive blocks of one section into passages of about
// targetWords words.
func group(docID, title string, blocks []block) []Passage {
	var out []Passage
	var cur []string
	curWords := 0
	section := ""
	flush := func() {
		if len(cur) > 0 {
			out = append(out, Passage{DocID: docID, Source: title, Section: section, Text: strings.Join(cur, "\n")})
		}
		cur, curWords = nil, 0
	}
	for _, b := range blocks {
		if b.section != section {
			flush()
			section = b.section
		}
		for _, piece := range pieces(b.text) {
			n := len(strings.Fields(piece))
			if curWords > 0 && curWords+n > maxWords {
				flush()
			}
			cur = append(cur, piece)
			curWords += n
		}
	}
	flush()
	return out
}

var sentenceEnd = lazyRegexp(`[.!?]["')\]]?\s+`)

// pieces cuts a block longer than maxWords at sentence ends (and a
// sentence longer than that by words), so no passage is a wall of text.
func pieces(text string) []string {
	if len(strings.Fields(text)) <= maxWords && len(text) <= maxPassageBytes {
		return []string{text}
	}
	var out []string
	var cur strings.Builder
	words := 0
	add := func(s string) {
		n := len(strings.Fields(s))
		if words > 0 && (words+n > targetWords || cur.Len()+len(s) > maxPassageBytes) {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
			words = 0
		}
		cur.WriteString(s)
		words += n
	}
	last := 0
	for _, m := range sentenceEnd().FindAllStringIndex(text, -1) {
		for _, s := range byWords(text[last:m[1]]) {
			add(s)
		}
		last = m[1]
	}
	for _, s := range byWords(text[last:]) {
		add(s)
	}
	if cur.Len() > 0 {
		out = append(out, strings.TrimSpace(cur.String()))
	}
	return out
}

// byWords cuts a run-on sentence into chunks of at most targetWords words
// and maxPassageBytes bytes.
func byWords(s string) []string {
	f := strings.Fields(s)
	if len(f) <= targetWords && len(s) <= maxPassageBytes {
		return []string{s}
	}
	var out []string
	var cur []string
	size := 0
	for _, w := range f {
		if len(w) > maxPassageBytes/2 {
			w = truncate(w, maxPassageBytes/2)
		}
		if len(cur) == targetWords || size+len(w)+1 > maxPassageBytes {
			out = append(out, strings.Join(cur, " ")+" ")
			cur, size = nil, 0
		}
		cur = append(cur, w)
		size += len(w) + 1
	}
	if len(cur) > 0 {
		out = append(out, strings.Join(cur, " ")+" ")
	}
	return out
}

func truncate(s string, n int) string {
	for len(s) > n {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

// ---- Markdown ----

var (
	atxRe       = lazyRegexp(`^(#{1,6})(?:\s+(.*?))?\s*#*\s*$`)
	listRe      = lazyRegexp(`^(?:[-*+]|\d{1,3}[.)])\s+(.*)$`)
	imageRe     = lazyRegexp(`!\[([^\]]*)\]\([^)]*\)`)
	linkRe      = lazyRegexp(`\[([^\]]+)\]\([^)]*\)`)
	refLinkRe   = lazyRegexp(`\[([^\]]+)\]\[[^\]]*\]`)
	tagRe       = lazyRegexp(`<[^>]{1,200}>`)
	strongRe    = lazyRegexp(`(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)`)
	emRe        = lazyRegexp(`(^|[\s(])[*_](\S(?:[^*_]*?\S)?)[*_]([\s).,;:!?]|$)`)
	tableSepRe  = lazyRegexp(`^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$`)
	ruleRe      = lazyRegexp(`^(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$`)
	linkDefRe   = lazyRegexp(`^\[[^\]]+\]:\s+\S+`)
	spaceRe     = lazyRegexp(`[ \t\f\v\x{a0}]+`)
	blankLineRe = lazyRegexp(`\n\s*\n+`)
)

func parseMarkdown(p *parsed, body string) {
	body = strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(body, "\n")
	if len(lines) > 1 && strings.TrimSpace(lines[0]) == "---" {
		for i := 1; i < len(lines); i++ {
			t := strings.TrimSpace(lines[i])
			if t != "---" && t != "..." {
				continue
			}
			for _, l := range lines[1:i] {
				k, v, ok := strings.Cut(l, ":")
				if !ok {
					continue
				}
				v = strings.Trim(strings.TrimSpace(v), `"'`)
				switch strings.ToLower(strings.TrimSpace(k)) {
				case "title":
					if p.title == "" {
						p.title = v
					}
				case "product":
					p.product = v
				}
			}
			lines = lines[i+1:]
			break
		}
	}
	var para []string
	flush := func() {
		if len(para) > 0 {
			p.add(strings.Join(para, ""))
			para = nil
		}
	}
	appendLine := func(s string, item bool) {
		s = inline(s)
		if s == "" {
			return
		}
		switch {
		case item && len(para) > 0:
			para = append(para, "\n- "+s)
		case item:
			para = append(para, "- "+s)
		case len(para) > 0:
			para = append(para, " "+s)
		default:
			para = append(para, s)
		}
	}
	fence := ""
	lastItem := false
	for _, line := range lines {
		t := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
				flush()
				continue
			}
			para = append(para, strings.TrimRight(line, " \t")+"\n")
			continue
		}
		switch {
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			flush()
			fence = t[:3]
			continue
		case t == "":
			flush()
			lastItem = false
			continue
		case len(para) == 1 && !lastItem && strings.Trim(t, "=") == "":
			h := para[0]
			para = nil
			p.heading(1, h)
			continue
		case len(para) == 1 && !lastItem && strings.Trim(t, "-") == "" && len(t) >= 2:
			h := para[0]
			para = nil
			p.heading(2, h)
			continue
		case ruleRe().MatchString(t), tableSepRe().MatchString(t) && strings.Contains(t, "-"), linkDefRe().MatchString(t):
			if ruleRe().MatchString(t) {
				flush()
			}
			continue
		}
		if m := atxRe().FindStringSubmatch(t); m != nil {
			flush()
			p.heading(len(m[1]), inline(m[2]))
			lastItem = false
			continue
		}
		for strings.HasPrefix(t, ">") {
			t = strings.TrimSpace(t[1:])
		}
		if strings.HasPrefix(t, "|") || strings.Count(t, "|") >= 2 {
			cells := strings.Split(strings.Trim(t, "|"), "|")
			var kept []string
			for _, c := range cells {
				if c = strings.TrimSpace(c); c != "" {
					kept = append(kept, c)
				}
			}
			appendLine(strings.Join(kept, ": "), true)
			lastItem = true
			continue
		}
		if m := listRe().FindStringSubmatch(t); m != nil {
			appendLine(m[1], true)
			lastItem = true
			continue
		}
		appendLine(t, false)
	}
	flush()
}

// inline strips Markdown's inline markup: links keep their text, images
// their alt text; emphasis, code marks and tags go; entities are decoded.
func inline(s string) string {
	s = imageRe().ReplaceAllString(s, "$1")
	s = linkRe().ReplaceAllString(s, "$1")
	s = refLinkRe().ReplaceAllString(s, "$1")
	s = tagRe().ReplaceAllString(s, "")
	s = strongRe().ReplaceAllString(s, "$2")
	s = emRe().ReplaceAllString(s, "$1$2$3")
	s = strings.ReplaceAll(s, "`", "")
	s = strings.ReplaceAll(s, `\`, "")
	return clean(stdhtml.UnescapeString(s))
}

// clean collapses runs of spaces and trims.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\n') {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(spaceRe().ReplaceAllString(s, " "))
}

// ---- HTML ----

// skipped elements hold no documentation text.
var skipped = map[atom.Atom]bool{atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Iframe: true, atom.Nav: true, atom.Footer: true, atom.Button: true, atom.Form: true,
	atom.Select: true, atom.Object: true, atom.Canvas: true, atom.Math: true}

// blockish elements start a new block.
var blockish = map[atom.Atom]bool{atom.P: true, atom.Div: true, atom.Ul: true, atom.Ol: true, atom.Table: true,
	atom.Tr: true, atom.Section: true, atom.Article: true, atom.Blockquote: true, atom.Pre: true, atom.Dl: true,
	atom.Dd: true, atom.Dt: true, atom.Header: true, atom.Main: true, atom.Figure: true, atom.Figcaption: true,
	atom.Aside: true, atom.Details: true, atom.Summary: true, atom.Address: true, atom.Hr: true, atom.Body: true}

func parseHTML(p *parsed, body string) {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil { // html.Parse only fails on reader errors
		return
	}
	var buf strings.Builder
	flush := func() {
		s := buf.String()
		if strings.TrimSpace(s) == "-" {
			return // a list item's marker, waiting for its paragraph
		}
		var lines []string
		for _, l := range strings.Split(s, "\n") {
			if l = clean(l); l != "" {
				lines = append(lines, l)
			}
		}
		p.add(strings.Join(lines, "\n"))
		buf.Reset()
	}
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > 512 {
			return
		}
		switch n.Type {
		case html.TextNode:
			buf.WriteString(strings.ReplaceAll(n.Data, "\n", " "))
			return
		case html.ElementNode:
		default:
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, depth+1)
			}
			return
		}
		a := n.DataAtom
		switch {
		case skipped[a]:
			return
		case a == atom.Head:
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				switch c.DataAtom {
				case atom.Title:
					if p.title == "" {
						p.title = textOf(c)
					}
				case atom.Meta:
					if strings.EqualFold(attr(c, "name"), "product") {
						p.product = attr(c, "content")
					}
				}
			}
			return
		case a == atom.H1 || a == atom.H2 || a == atom.H3 || a == atom.H4 || a == atom.H5 || a == atom.H6:
			flush()
			p.heading(int(n.Data[1]-'0'), textOf(n))
			return
		case a == atom.Br:
			buf.WriteString("\n")
			return
		case a == atom.Li:
			flush()
			buf.WriteString("- ")
		case a == atom.Td || a == atom.Th:
			if buf.Len() > 0 {
				buf.WriteString(": ")
			}
		case a == atom.Img:
			if alt := attr(n, "alt"); alt != "" {
				buf.WriteString(" " + alt + " ")
			}
			return
		case blockish[a]:
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
		if blockish[a] || a == atom.Li {
			flush()
		}
	}
	walk(doc, 0)
	flush()
	mergeItems(p)
}

// mergeItems puts consecutive list items of a section back into one block,
// so a list reads as a list.
func mergeItems(p *parsed) {
	var out []block
	for _, b := range p.blocks {
		if n := len(out); n > 0 && strings.HasPrefix(b.text, "- ") && out[n-1].section == b.section &&
			(strings.HasPrefix(out[n-1].text, "- ") || strings.HasSuffix(out[n-1].text, ":")) {
			out[n-1].text += "\n" + b.text
			continue
		}
		out = append(out, b)
	}
	p.blocks = out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node, int)
	walk = func(n *html.Node, depth int) {
		if depth > 512 || (n.Type == html.ElementNode && skipped[n.DataAtom]) {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return clean(b.String())
}

// ---- plain text ----

// parseText reads plain text: paragraphs are separated by blank lines; a
// short first line is the title; a short line standing alone (or
// underlined with === or ---, or ending in a colon) is a heading; lines
// starting with -, * or a number are list items.
func parseText(p *parsed, body string) {
	body = strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\r", "\n")
	paras := blankLineRe().Split(strings.TrimSpace(body), -1)
	for i, para := range paras {
		lines := strings.Split(para, "\n")
		if len(lines) == 2 && isUnderline(lines[1]) {
			level := 2
			if strings.Contains(lines[1], "=") {
				level = 1
			}
			p.heading(level, lines[0])
			continue
		}
		first := strings.TrimSpace(lines[0])
		if len(lines) == 1 && isTextHeading(first) && i+1 < len(paras) {
			h := strings.TrimSuffix(first, ":")
			if i == 0 && (p.title == "" || strings.EqualFold(p.title, h)) {
				if p.title == "" {
					p.title = h
				}
				p.titleTaken = true
				continue
			}
			p.heading(2, h)
			continue
		}
		var b strings.Builder
		for _, l := range lines {
			t := strings.TrimSpace(l)
			if t == "" {
				continue
			}
			if m := listRe().FindStringSubmatch(t); m != nil {
				if b.Len() > 0 {
					b.WriteString("\n")
				}
				b.WriteString("- " + clean(m[1]))
				continue
			}
			if b.Len() > 0 {
				b.WriteString(" ")
			}
			b.WriteString(clean(t))
		}
		p.add(b.String())
	}
}

func isUnderline(s string) bool {
	s = strings.TrimSpace(s)
	return len(s) >= 3 && (strings.Trim(s, "=") == "" || strings.Trim(s, "-") == "")
}

func isTextHeading(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > 70 || listRe().MatchString(s) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	return !strings.ContainsRune(".!?,;", last)
}

// lazyRegexp compiles expr on first use, so a function that never splits
// documents does not compile it at start.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
