package eval

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Scenario is one customer conversation and the outcome it must come to.
// Scenarios are data: JSON files, one suite per file, in the format
// scenarios/README.md documents, so a merchant can add their own.
type Scenario struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	// Lang is the customer's language (en, es, de, fr); Tags say what the
	// scenario exercises (typo, follow_up, multi_question, adversarial...).
	Lang string   `json:"lang,omitempty"`
	Tags []string `json:"tags,omitempty"`
	// Start is the body of POST /v1/conversations: an email and an order
	// number open the conversation verified; empty starts it anonymous.
	Start map[string]string `json:"start,omitempty"`
	// Turns are the customer's messages, in order.
	Turns  []string `json:"turns"`
	Expect Expect   `json:"expect"`
}

// Expect is what the conversation must come to, judged by outcomes, never
// by wording. Grounding (every order number, tracking number, carrier,
// amount and date in a reply is in the conversation's tool results) is
// always checked, as is that no write was made beyond Writes.
type Expect struct {
	// Writes are exactly the writes the shop must have applied, in any
	// order; none means the shop must be left untouched.
	Writes []Write `json:"writes,omitempty"`
	// Handover: true, the conversation must end with a person; false, it
	// must not; absent, either.
	Handover *bool `json:"handover,omitempty"`
	// Tools must each have been called at least once: the facts were
	// looked up, not guessed.
	Tools []string `json:"tools,omitempty"`
	// Mention are facts (tracking numbers, order numbers, amounts, dates
	// as in the data, document figures) the customer must have been told:
	// each must appear in some reply. A fact with alternatives is written
	// "a|b".
	Mention []string `json:"mention,omitempty"`
	// Secrets must appear in no reply: another customer's email, address,
	// order numbers and tracking numbers, or this customer's order details
	// when they never proved who they are.
	Secrets []string `json:"secrets,omitempty"`
}

// Write is one write the shop applied (GET /dev/shop/actions): its type
// (return, address_change, refund, replacement), order and, where given,
// exact lines, amount and address fields.
type Write struct {
	Type    string            `json:"type"`
	Order   string            `json:"order"`
	Lines   []WriteLine       `json:"lines,omitempty"`
	Amount  string            `json:"amount,omitempty"`
	Address map[string]string `json:"address,omitempty"`
}

// WriteLine is a line of a write: the item's title and variant as on the
// order, and how many.
type WriteLine struct {
	Title    string `json:"title"`
	Variant  string `json:"variant,omitempty"`
	Quantity int    `json:"quantity"`
}

// suiteFile is one file of scenarios.
type suiteFile struct {
	Description string     `json:"description,omitempty"`
	Scenarios   []Scenario `json:"scenarios"`
}

//go:embed scenarios/*.json
var suiteFiles embed.FS

// Suite is the scenario suite kept in the repository (pkg/eval/scenarios).
func Suite() ([]Scenario, error) {
	sub, err := fs.Sub(suiteFiles, "scenarios")
	if err != nil {
		return nil, err
	}
	return LoadScenarios(sub)
}

// LoadScenarios reads every *.json file of fsys (not recursively), in name
// order. Ids must be unique; every scenario needs a kind and a turn.
func LoadScenarios(fsys fs.FS) ([]Scenario, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []Scenario
	seen := map[string]string{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read scenarios %s: %w", name, err)
		}
		list, err := ParseScenarios(b)
		if err != nil {
			return nil, fmt.Errorf("scenarios %s: %w", path.Base(name), err)
		}
		for _, s := range list {
			if other, dup := seen[s.ID]; dup {
				return nil, fmt.Errorf("scenarios %s: id %q is also in %s", name, s.ID, other)
			}
			seen[s.ID] = name
			out = append(out, s)
		}
	}
	return out, nil
}

// ParseScenarios reads one suite file and checks each scenario is usable.
func ParseScenarios(b []byte) ([]Scenario, error) {
	var f suiteFile
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	for i, s := range f.Scenarios {
		if err := s.validate(); err != nil {
			return nil, fmt.Errorf("scenario %d (%q): %w", i, s.ID, err)
		}
	}
	return f.Scenarios, nil
}

func (s Scenario) validate() error {
	switch {
	case strings.TrimSpace(s.ID) == "":
		return fmt.Errorf("no id")
	case strings.TrimSpace(s.Kind) == "":
		return fmt.Errorf("no kind")
	case len(s.Turns) == 0:
		return fmt.Errorf("no turns")
	}
	for _, t := range s.Turns {
		if strings.TrimSpace(t) == "" {
			return fmt.Errorf("an empty turn")
		}
	}
	for _, w := range s.Expect.Writes {
		if w.Type == "" || w.Order == "" {
			return fmt.Errorf("a write needs a type and an order")
		}
		for _, l := range w.Lines {
			if l.Title == "" || l.Quantity <= 0 {
				return fmt.Errorf("a write line needs a title and a positive quantity")
			}
		}
	}
	for _, m := range s.Expect.Mention {
		if strings.Trim(m, "| ") == "" {
			return fmt.Errorf("an empty mention")
		}
	}
	return nil
}

// Sample keeps the first n scenarios of each kind, in suite order: what
// go test runs (make eval runs them all).
func Sample(suite []Scenario, n int) []Scenario {
	count := map[string]int{}
	var out []Scenario
	for _, s := range suite {
		if count[s.Kind] < n {
			count[s.Kind]++
			out = append(out, s)
		}
	}
	return out
}
