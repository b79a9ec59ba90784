package eval

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/order"
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
	// Wait is how far the stack's clock moves after its orders are seeded
	// and before the conversation opens ("2d", "36h"), running what falls
	// due meanwhile: a delivered order's check-in goes out.
	Wait string `json:"wait,omitempty"`
	// Turns are the customer's messages, in order.
	Turns  []string `json:"turns"`
	Expect Expect   `json:"expect"`
	// file is the suite file the scenario came from, for error messages.
	file string
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
	// Done are tools whose proposal the customer agreed to and the stack
	// carried out in this conversation (the action's status "done"): a
	// promise made (follow_up), not only worded.
	Done []string `json:"done,omitempty"`
	// NotTools must never have been called ("follow_up": no promise even
	// offered; "handover": no person, as code hands over too); NotDone
	// must not have been carried out: no proposal of theirs agreed and
	// run ("follow_up": no promise made; "cancel_order": nothing
	// cancelled). What must not happen is data, as what must.
	NotTools []string `json:"not_tools,omitempty"`
	NotDone  []string `json:"not_done,omitempty"`
	// Mention are facts (tracking numbers, order numbers, amounts, dates
	// as in the data, document figures) the customer must have been told:
	// each must appear in some reply. A fact with alternatives is written
	// "a|b".
	Mention []string `json:"mention,omitempty"`
	// Stage is the order's stage as track_order states it (pre_shipment,
	// in_transit, delivered, cancelled): some reply must state it, in any
	// wording or language, and no reply may claim a stage that
	// contradicts it (a cancelled order "on its way").
	Stage string `json:"stage,omitempty"`
	// Report are facts named by where the tool results hold them: a
	// field ("ships_by") or a path ("refunds.amount"), "a|b" for
	// alternatives. Some tool result of the conversation must have given
	// it (it was looked up) and some reply must state one of its values,
	// compared as a date, an amount or text.
	Report []string `json:"report,omitempty"`
	// Answers are what the reply to a given turn must state: a follow-up
	// judged by its own reply.
	Answers []Answer `json:"answers,omitempty"`
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
	// Reason is a return's reason as the shop recorded it (UNWANTED,
	// DEFECTIVE, ...): a change of mind recorded as a defect is a wrong
	// write.
	Reason string `json:"reason,omitempty"`
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
// order, and checks each scenario (ParseScenarios). Ids must be unique; a
// folder with no scenario is an error.
func LoadScenarios(fsys fs.FS) ([]Scenario, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []Scenario
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read scenarios %s: %w", name, err)
		}
		list, err := parseFile(path.Base(name), b)
		if err != nil {
			return nil, err
		}
		if out, err = Merge(out, list); err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no scenarios: no *.json file with a scenario in the folder")
	}
	return out, nil
}

// Merge is a followed by b; an id in both is an error naming the files.
func Merge(a, b []Scenario) ([]Scenario, error) {
	seen := map[string]string{}
	for _, s := range a {
		seen[s.ID] = s.file
	}
	out := append([]Scenario(nil), a...)
	for _, s := range b {
		if other, dup := seen[s.ID]; dup {
			return nil, fmt.Errorf("%s: scenario %q: id: also used in %s", s.file, s.ID, other)
		}
		seen[s.ID] = s.file
		out = append(out, s)
	}
	return out, nil
}

// ParseScenarios reads one suite file and checks each scenario is usable:
// every problem is reported, each as `scenario "id": field: what is wrong`.
func ParseScenarios(b []byte) ([]Scenario, error) { return parseFile("", b) }

// parseFile is ParseScenarios for the file name, which starts each error
// and is kept in each scenario.
func parseFile(name string, b []byte) ([]Scenario, error) {
	prefix := ""
	if name != "" {
		prefix = name + ": "
	}
	// The file first, its scenarios left raw, then each scenario on its
	// own: a mistake inside one is reported with its id (or its place)
	// and line, and every scenario's mistakes are reported, not only the
	// first.
	var f struct {
		Description string            `json:"description,omitempty"`
		Scenarios   []json.RawMessage `json:"scenarios"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%sdecode%s: %w", prefix, lineOf(b, unknownFieldAt(b, err)), err)
	}
	var errs []error
	var out []Scenario
	for i, raw := range f.Scenarios {
		id := fmt.Sprintf("#%d", i+1)
		var peek struct {
			ID any `json:"id"`
		}
		if json.Unmarshal(raw, &peek) == nil {
			if s, ok := peek.ID.(string); ok && strings.TrimSpace(s) != "" {
				id = s
			}
		}
		var s Scenario
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&s); err != nil {
			line := ""
			if off := offsetIn(unknownFieldAt(raw, err)); off >= 0 {
				// The scenario's offset in the file plus the error's in it.
				line = lineOf(b, offsetError{scenarioOffset(b, raw) + off})
			}
			errs = append(errs, fmt.Errorf("%sscenario %q%s: decode: %w", prefix, id, line, err))
			continue
		}
		for _, p := range s.problems() {
			errs = append(errs, fmt.Errorf("%sscenario %q: %s", prefix, id, p))
		}
		s.file = name
		out = append(out, s)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// offsetError is a position in a file, for lineOf.
type offsetError struct{ off int64 }

func (e offsetError) Error() string { return "" }

// offsetIn is where in its input a JSON error happened, or -1.
func offsetIn(err error) int64 {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var at offsetError
	switch {
	case errors.As(err, &syn):
		return syn.Offset
	case errors.As(err, &typ):
		return typ.Offset
	case errors.As(err, &at):
		return at.off
	}
	return -1
}

// unknownFieldRe is encoding/json's error for a field DisallowUnknownFields
// refuses; it says no offset.
var unknownFieldRe = regexp.MustCompile(`^json: unknown field "(.*)"$`)

// unknownFieldAt is where in raw the unknown field err names is written as
// a key (its first such place), as an offsetError; err itself otherwise.
func unknownFieldAt(raw []byte, err error) error {
	m := unknownFieldRe.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	key, _ := json.Marshal(m[1])
	loc := regexp.MustCompile(regexp.QuoteMeta(string(key)) + `\s*:`).FindIndex(raw)
	if loc == nil {
		return err
	}
	return offsetError{int64(loc[0]) + 1}
}

// lineOf is " (line N)" for where in b err happened, or "" when err does
// not say.
func lineOf(b []byte, err error) string {
	off := offsetIn(err)
	if off < 0 || off > int64(len(b)) {
		return ""
	}
	return fmt.Sprintf(" (line %d)", bytes.Count(b[:off], []byte("\n"))+1)
}

// scenarioOffset is where raw, a slice of b's decoded value, starts in b:
// the first place its bytes appear (good enough for a line number).
func scenarioOffset(b, raw []byte) int64 {
	if i := bytes.Index(b, raw); i >= 0 {
		return int64(i)
	}
	return 0
}

// StartKeys are the fields of POST /v1/conversations a scenario's start
// may set.
var StartKeys = []string{"email", "order_number", "customer_token"}

// WriteTypes are the writes the demo shop logs (DESIGN.md §5, GET
// /dev/shop/actions): the types a scenario may expect.
var WriteTypes = []string{demoshop.ActionReturn, demoshop.ActionAddressChange, demoshop.ActionRefund,
	demoshop.ActionReplacement, "cancel", "store_credit", "exchange", "discount_code"}

// ToolNames are the agent's tools, the names expect.tools may use.
func ToolNames() []string {
	var out []string
	for _, spec := range agent.ToolSpecs() {
		out = append(out, spec.Name)
	}
	return out
}

func (s Scenario) validate() error {
	if p := s.problems(); len(p) > 0 {
		return errors.New(strings.Join(p, "; "))
	}
	return nil
}

// problems lists what is wrong with s, each as "field: what".
func (s Scenario) problems() []string {
	var out []string
	bad := func(field, format string, args ...any) {
		out = append(out, field+": "+fmt.Sprintf(format, args...))
	}
	if strings.TrimSpace(s.ID) == "" {
		bad("id", "missing")
	}
	if strings.TrimSpace(s.Kind) == "" {
		bad("kind", "missing")
	}
	if len(s.Turns) == 0 {
		bad("turns", "none: a scenario needs at least one customer message")
	}
	for i, t := range s.Turns {
		if strings.TrimSpace(t) == "" {
			bad(fmt.Sprintf("turns[%d]", i), "empty")
		}
	}
	if s.Wait != "" {
		if _, err := parseWait(s.Wait); err != nil {
			bad("wait", "%v", err)
		}
	}
	for _, k := range sortedKeys(s.Start) {
		if !slices.Contains(StartKeys, k) {
			bad("start."+k, "unknown key (want %s)", strings.Join(StartKeys, ", "))
		}
	}
	tools := ToolNames()
	for i, t := range s.Expect.Tools {
		if !slices.Contains(tools, t) {
			bad(fmt.Sprintf("expect.tools[%d]", i), "unknown tool %q (the agent's tools: %s)", t, strings.Join(tools, ", "))
		}
	}
	for i, t := range s.Expect.Done {
		if !slices.Contains(tools, t) {
			bad(fmt.Sprintf("expect.done[%d]", i), "unknown tool %q (the agent's tools: %s)", t, strings.Join(tools, ", "))
		}
	}
	for i, t := range s.Expect.NotTools {
		if !slices.Contains(tools, t) {
			bad(fmt.Sprintf("expect.not_tools[%d]", i), "unknown tool %q (the agent's tools: %s)", t, strings.Join(tools, ", "))
		}
		if slices.Contains(s.Expect.Tools, t) {
			bad(fmt.Sprintf("expect.not_tools[%d]", i), "%q is in expect.tools too", t)
		}
	}
	for i, t := range s.Expect.NotDone {
		if !slices.Contains(tools, t) {
			bad(fmt.Sprintf("expect.not_done[%d]", i), "unknown tool %q (the agent's tools: %s)", t, strings.Join(tools, ", "))
		}
		if slices.Contains(s.Expect.Done, t) {
			bad(fmt.Sprintf("expect.not_done[%d]", i), "%q is in expect.done too", t)
		}
	}
	for i, w := range s.Expect.Writes {
		field := fmt.Sprintf("expect.writes[%d]", i)
		if !slices.Contains(WriteTypes, w.Type) {
			bad(field+".type", "unknown write type %q (want %s)", w.Type, strings.Join(WriteTypes, ", "))
		}
		if strings.TrimSpace(w.Order) == "" {
			bad(field+".order", "missing")
		}
		for j, l := range w.Lines {
			if strings.TrimSpace(l.Title) == "" || l.Quantity <= 0 {
				bad(fmt.Sprintf("%s.lines[%d]", field, j), "needs a title and a positive quantity")
			}
		}
		if w.Amount != "" && cents(w.Amount) < 0 {
			bad(field+".amount", "%q is not an amount (write it like 54.00)", w.Amount)
		}
	}
	if st := s.Expect.Stage; st != "" && !slices.Contains(Stages, st) {
		bad("expect.stage", "unknown stage %q (want %s)", st, strings.Join(Stages, ", "))
	}
	for i, r := range s.Expect.Report {
		if strings.Trim(r, "|. ") == "" {
			bad(fmt.Sprintf("expect.report[%d]", i), "empty")
		}
	}
	for i, a := range s.Expect.Answers {
		field := fmt.Sprintf("expect.answers[%d]", i)
		if a.Turn < 1 || a.Turn > len(s.Turns) {
			bad(field+".turn", "%d is not a turn of the scenario (1 to %d)", a.Turn, len(s.Turns))
		}
		if len(a.Mention)+len(a.Report) == 0 {
			bad(field, "says nothing the reply must state (give mention or report)")
		}
		for j, r := range a.Report {
			if strings.Trim(r, "|. ") == "" {
				bad(fmt.Sprintf("%s.report[%d]", field, j), "empty")
			}
		}
		for j, m := range a.Mention {
			if strings.Trim(m, "| ") == "" {
				bad(fmt.Sprintf("%s.mention[%d]", field, j), "empty")
			}
		}
	}
	for i, m := range s.Expect.Mention {
		field := fmt.Sprintf("expect.mention[%d]", i)
		if strings.Trim(m, "| ") == "" {
			bad(field, "empty")
			continue
		}
		for _, alt := range strings.Split(m, "|") {
			if spec, ok := strings.CutPrefix(strings.TrimSpace(alt), "date:"); ok {
				if _, err := parseDateSpec(spec); err != nil {
					bad(field, "%v", err)
				}
			}
		}
	}
	return out
}

// parseDateSpec reads the days of a "date:" fact: "-5d" is five days
// before the run, "+3d" or "3d" three days after.
func parseDateSpec(spec string) (int, error) {
	n, ok := strings.CutSuffix(spec, "d")
	sign := 1
	if rest, minus := strings.CutPrefix(n, "-"); minus {
		n, sign = rest, -1
	} else {
		n = strings.TrimPrefix(n, "+")
	}
	days, err := strconv.Atoi(n)
	if !ok || err != nil || n == "" || n[0] < '0' || n[0] > '9' || days > 3650 {
		return 0, fmt.Errorf("bad date spec %q: want date:-Nd (N days before the run) or date:+Nd (after), N up to 3650", "date:"+spec)
	}
	return sign * days, nil
}

func sortedKeys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Check reports every scenario of suite that names an order the data does
// not have (start.order_number, expect.writes[].order), with its file, id
// and field: the stack is seeded from the data, so such a scenario could
// never pass.
func (d *Data) Check(suite []Scenario) error {
	names := map[string]bool{}
	for _, o := range d.Orders {
		names[strings.TrimPrefix(o.name(), "#")] = true
	}
	var errs []error
	check := func(s Scenario, field, name string) {
		// A replacement of an order the data has is seeded with it
		// (replacementsNamed).
		n := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(name), "#"), order.ReplacementSuffix)
		if name != "" && !names[n] {
			order := name
			where := s.file
			if where == "" {
				where = "scenario"
			}
			errs = append(errs, fmt.Errorf("%s: scenario %q: %s: order %s is not in the eval data", where, s.ID, field, order))
		}
	}
	for _, s := range suite {
		check(s, "start.order_number", s.Start["order_number"])
		for i, w := range s.Expect.Writes {
			check(s, fmt.Sprintf("expect.writes[%d].order", i), w.Order)
		}
	}
	return errors.Join(errs...)
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

// parseWait reads a scenario's wait: whole days ("2d") or hours ("36h"),
// at most 60 days.
func parseWait(w string) (time.Duration, error) {
	unit := time.Hour
	n, ok := strings.CutSuffix(w, "h")
	if d, isDays := strings.CutSuffix(w, "d"); isDays {
		n, ok, unit = d, true, 24*time.Hour
	}
	v, err := strconv.Atoi(n)
	if !ok || err != nil || v < 0 || time.Duration(v)*unit > 60*24*time.Hour {
		return 0, fmt.Errorf("%q is not a wait (write it like 2d or 36h, at most 60 days)", w)
	}
	return time.Duration(v) * unit, nil
}
