package offline_test

import (
	"encoding/json"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/eval"
)

// The offline model knows no shop: its code (its string literals: word
// lists, patterns, replies; comments may give examples) and the intent
// reader's training examples (intents/*.txt) hold no word of
// the demo catalogue (the demo orders' product and variant titles, and the
// demo docs' own terms), and no sentence of the eval's scenarios, so what
// it recognises it recognises in general.
func TestNoShopVocabulary(t *testing.T) {
	code := map[string]string{}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		code[f] = strings.ToLower(literals(t, f, b))
	}
	if len(code) < 5 {
		t.Fatalf("read %d files of the offline model, want its code", len(code))
	}
	// The intent reader's training examples are part of the model too.
	examples, err := filepath.Glob("intents/*.txt")
	if err != nil || len(examples) < 20 {
		t.Fatalf("intent examples %v: %v, want a file a label", examples, err)
	}
	for _, f := range examples {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		code[f] = strings.ToLower(string(b))
	}
	// Words of the catalogue that plain English (and this code's own
	// comments and messages) uses in other senses.
	generic := map[string]bool{"paper": true, "blue": true, "pack": true, "large": true, "small": true, "inch": true,
		"over": true, "pour": true /* French "for" */}
	catalogue := map[string]bool{"season": true, "grind": true, "ratio": true, "burn": true, "trim": true, "iron": true}
	wordRe := regexp.MustCompile(`[a-z]{3,}`)
	orders, err := fs.Glob(events.DemoOrders(), "*.json")
	if err != nil || len(orders) == 0 {
		t.Fatalf("demo orders: %v", err)
	}
	for _, name := range orders {
		b, err := fs.ReadFile(events.DemoOrders(), name)
		if err != nil {
			t.Fatal(err)
		}
		var o struct {
			Lines []struct {
				Title   string `json:"title"`
				Variant string `json:"variant_title"`
			} `json:"line_items"`
		}
		if err := json.Unmarshal(b, &o); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, l := range o.Lines {
			for _, w := range wordRe.FindAllString(strings.ToLower(l.Title+" "+l.Variant), -1) {
				if !generic[w] {
					catalogue[w] = true
				}
			}
		}
	}
	if len(catalogue) < 20 {
		t.Fatalf("%d catalogue words, want the demo catalogue's", len(catalogue))
	}
	suite, err := eval.Suite()
	if err != nil {
		t.Fatal(err)
	}
	for f, src := range code {
		for w := range catalogue {
			if regexp.MustCompile(`\b` + w + `\b`).MatchString(src) {
				t.Errorf("%s holds the demo catalogue's word %q", f, w)
			}
		}
		// Sentences of five words or more: "where is my order?" is what
		// anyone asks, and a reply may suggest it.
		for _, s := range suite {
			for _, turn := range s.Turns {
				if len(strings.Fields(turn)) >= 5 && strings.Contains(src, strings.ToLower(turn)) {
					t.Errorf("%s holds the eval's sentence %q (%s)", f, turn, s.ID)
				}
			}
		}
	}
}

// literals are the string and character literals of a Go file, one a line.
func literals(t *testing.T, name string, src []byte) string {
	t.Helper()
	fset := token.NewFileSet()
	var s scanner.Scanner
	s.Init(fset.AddFile(name, fset.Base(), len(src)), src, func(pos token.Position, msg string) { t.Errorf("%s: %s", pos, msg) }, 0)
	var b strings.Builder
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return b.String()
		}
		if tok == token.STRING || tok == token.CHAR {
			b.WriteString(lit + "\n")
		}
	}
}
