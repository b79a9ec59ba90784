package offline

import (
	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"regexp"
	"strings"
	"testing"
)

func TestNormalise(t *testing.T) {
	for in, want := range map[string]string{
		"wher is my oder #1001":         "where is my order #1001",
		"trakcing pls":                  "tracking please",
		"can i send back the lamp":      "can i return the lamp",
		"Wo ist meine Bestellung?":      "where ist meine order ?",
		"mon adresse e-mail est a@b.co": "mon email est a@b.co",
		"can you check on my ordr":      "can you check on my order",
		"whats ur retrun policy":        "whats your return policy",
		"the weather is lovely":         "the weather is lovely",
	} {
		if got := normalise(in); got != want {
			t.Errorf("normalise(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLanguageAndQuestions(t *testing.T) {
	for in, want := range map[string]string{"Hola, ¿dónde está mi pedido?": "es", "Hallo, wo ist meine Bestellung": "de",
		"Bonjour, où est ma commande ?": "fr", "Where is my order?": ""} {
		if got := language(in); got != want {
			t.Errorf("language(%q) = %q, want %q", in, got, want)
		}
	}
	got := questions("Where is my order #1001? Also, do you ship to Canada?")
	if len(got) != 2 || !strings.Contains(got[1], "Canada") {
		t.Errorf("questions = %q, want two", got)
	}
}

func TestMatchItems(t *testing.T) {
	titles := []string{"Tea Kettle (capacity: 1.5 liters)", "2 × Notebook (size: A4)", "Desk Lamp (color: silver)"}
	for text, want := range map[string]string{
		"return the noteobok please": "Notebook",
		"the desk lamp":              "Desk Lamp",
		"the kettel is broken":       "Tea Kettle",
		"the sofa":                   "",
	} {
		got := ""
		if items := matchItems(titles, text); len(items) == 1 {
			got, _ = items[0]["title"].(string)
		}
		if got != want {
			t.Errorf("matchItems(%q) = %q, want %q", text, got, want)
		}
	}
}

// Any text: normalise keeps every order number and email as written.
func FuzzNormalise(f *testing.F) {
	for _, s := range []string{"wher is #1001, a@b.co", "¿Dónde está mi pedido #42?", "send back x@y.z pls", ""} {
		f.Add(s)
	}
	keep := regexp.MustCompile(`#\d+|[\w.+\-]+@[\w\-]+\.[\w.]+`)
	f.Fuzz(func(t *testing.T, s string) {
		got := normalise(s)
		for _, k := range keep.FindAllString(s, -1) {
			if !strings.Contains(got, strings.ToLower(k)) {
				t.Fatalf("normalise(%q) = %q lost %q", s, got, k)
			}
		}
	})
}

func TestUnitsSaid(t *testing.T) {
	for _, tt := range []struct {
		text string
		want int
	}{
		{"i want to send back one of the mugs, its chipped", 1},
		{"return just one mug please", 1},
		{"return 2 of them", 2},
		{"return the mugs", 0},
		{"return one", 0},
	} {
		if got := unitsSaid(tt.text); got != tt.want {
			t.Errorf("unitsSaid(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}

func TestPersonInOtherLanguages(t *testing.T) {
	for _, text := range []string{"Ich möchte bitte mit einem Mitarbeiter sprechen", "Je voudrais parler à quelqu'un", "Quiero hablar con una persona"} {
		if got := classify(text); got != intentPerson {
			t.Errorf("classify(%q) = %v, want a person", text, got)
		}
	}
}

// "my card" does not make a policy question about one order; "my order"
// does.
func TestPolicyQuestionsSayingMy(t *testing.T) {
	for _, tt := range []struct {
		text   string
		policy bool
	}{
		{"how long do refunds take to show up on my card", true},
		{"is shipping free for my area?", true},
		{"how long do refunds take for my order #1001", false},
	} {
		norm := normalise(tt.text)
		got := isPolicyQuestion(norm) && !mineRe.MatchString(strings.ToLower(tt.text))
		if got != tt.policy {
			t.Errorf("%q: policy question %v, want %v", tt.text, got, tt.policy)
		}
	}
}

// A new address the agent cannot use is asked for again, with the reason.
func TestInvalidAddressIsAskedAgain(t *testing.T) {
	tr := &turn{}
	got := tr.problem(call{name: toolname.ChangeAddress, result: map[string]any{"error": "invalid_address", "message": "a US ZIP code has 5 digits (or 5+4); ask the customer for that part of the address again"}}, "invalid_address")
	if !strings.Contains(got, "a US ZIP code has 5 digits") || strings.Contains(got, "went wrong") || strings.Contains(got, "ask the customer") {
		t.Errorf("reply %q", got)
	}
}

// A ZIP code with a digit missing is not an order number.
func TestShortZipIsNotAnOrderNumber(t *testing.T) {
	for _, text := range []string{"change my address to 12 Oak Street, Springfield, IL 6270", "12 Oak Street, Springfield, IL 6270"} {
		tr := read(agent.Request{Messages: []agent.Message{{Role: agent.RoleUser, Blocks: []agent.Block{{Text: text}}}}})
		if tr.order != "" {
			t.Errorf("%q: order %q, want none", text, tr.order)
		}
	}
	tr := read(agent.Request{Messages: []agent.Message{{Role: agent.RoleUser, Blocks: []agent.Block{{Text: "it's 1003"}}}}})
	if tr.order != "#1003" {
		t.Errorf("a bare order number: %q", tr.order)
	}
}
