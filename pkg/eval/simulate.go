package eval

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/policy"
)

// A simulation has a model play the customer: a persona with a goal talks
// to the stack through its chat API, under the merchant's policy,
// documentation and orders, until the goal is met or given up, and the
// conversation is judged by the same outcome checks as a scenario.

// Persona is a simulated customer: who they are, what they want, what
// they know (Start, and whatever the persona text says), and the outcome
// their conversation must come to.
type Persona struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	// Persona is who the customer is and how they write; Goal what they
	// want from this conversation. Both are told to the customer model.
	Persona string            `json:"persona"`
	Goal    string            `json:"goal"`
	Start   map[string]string `json:"start,omitempty"`
	// MaxTurns bounds the customer's messages (default 6).
	MaxTurns int `json:"max_turns,omitempty"`
	// Opening and Replies are the scripted customer's lines (simulate
	// -customer-model scripted): the first message, then one reply per
	// agent's reply, in order; a customer model ignores them.
	Opening string   `json:"opening,omitempty"`
	Replies []string `json:"replies,omitempty"`
	Expect  Expect   `json:"expect"`
	file    string
}

type personaFile struct {
	Description string    `json:"description,omitempty"`
	Personas    []Persona `json:"personas"`
}

//go:embed personas/*.json
var personaFiles embed.FS

// Personas is the simulated customers kept in the repository
// (pkg/eval/personas).
func Personas() ([]Persona, error) {
	sub, err := fs.Sub(personaFiles, "personas")
	if err != nil {
		return nil, err
	}
	return LoadPersonas(sub)
}

// LoadPersonas reads every *.json file of fsys and checks each persona's
// start and expectations as a scenario's; a folder with none is an error.
func LoadPersonas(fsys fs.FS) ([]Persona, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []Persona
	seen := map[string]bool{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read personas %s: %w", name, err)
		}
		var f personaFile
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("personas %s: %w", name, err)
		}
		var errs []error
		for _, p := range f.Personas {
			if p.ID == "" || p.Goal == "" || seen[p.ID] {
				errs = append(errs, fmt.Errorf("%s: persona %q: needs a unique id and a goal", name, p.ID))
			}
			for _, problem := range append(p.scenario().problems(), p.scriptProblems()...) {
				errs = append(errs, fmt.Errorf("%s: persona %q: %s", name, p.ID, problem))
			}
			seen[p.ID] = true
			p.file = name
			out = append(out, p)
		}
		if len(errs) > 0 {
			return nil, errors.Join(errs...)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no personas: no *.json file with a persona in the folder")
	}
	return out, nil
}

// CheckPersonas reports every persona that names an order the data does
// not have.
func (d *Data) CheckPersonas(list []Persona) error {
	var scs []Scenario
	for _, p := range list {
		scs = append(scs, p.scenario())
	}
	return d.Check(scs)
}

// scenario is p as a scenario: what the stack seeds and the checks judge.
// Its one turn holds everything the customer may say (the persona, the
// goal and the scripted lines), so every order and email they name is
// seeded.
func (p Persona) scenario() Scenario {
	said := strings.Join(append([]string{p.Persona, p.Goal}, p.lines()...), " ")
	return Scenario{ID: p.ID, Kind: p.Kind, Start: p.Start, Turns: []string{said}, Expect: p.Expect, file: p.file}
}

// SimConfig says what to simulate: the stack as in Config (model under
// test, policy, docs, data) and the model that plays the customers.
type SimConfig struct {
	Config
	Personas []Persona
	Customer agent.Model
	// CustomerID names the customer model in the results.
	CustomerID string
	// Scripted has each persona's scripted lines (Opening, Replies) play
	// the customer instead of Customer: no model, no AWS.
	Scripted bool
}

// SimResult is one simulated conversation.
type SimResult struct {
	Persona string `json:"persona"`
	Kind    string `json:"kind"`
	// Try is which of the run's tries of the persona this is (1 to k).
	Try      int      `json:"try,omitempty"`
	Pass     bool     `json:"pass"`
	Failures []string `json:"failures,omitempty"`
	Turns    []string `json:"turns"`
	Replies  []string `json:"replies"`
	// Usage is the agent model's, CustomerUsage the customer model's, both
	// as the models reported them.
	Usage         agent.Usage `json:"usage"`
	CustomerUsage agent.Usage `json:"customer_usage"`
}

// SimReport is a simulation run, saved as JSON to compare with a later
// one (after a policy change, say).
type SimReport struct {
	// Kind is SimKind: what tells a simulation file from an eval report.
	Kind       string         `json:"kind,omitempty"`
	ModelID    string         `json:"model_id"`
	CustomerID string         `json:"customer_model_id"`
	Policy     *policy.Policy `json:"policy,omitempty"`
	// Runs is how many times each persona was played (-k; 0 in runs saved
	// before there was a choice: once).
	Runs    int         `json:"runs_per_persona,omitempty"`
	Results []SimResult `json:"results"`
	// Incomplete is why the run stopped before playing every conversation
	// (empty when it played them all); Planned is how many it was to
	// play. An incomplete run's results are the conversations it finished.
	Incomplete string `json:"incomplete,omitempty"`
	Planned    int    `json:"planned,omitempty"`
}

// SimKind marks a saved simulation run.
const SimKind = "simulation"

// ReadSimReport reads a saved simulation run (doorstep simulate -o),
// refusing anything else, such as an eval report, with the reason.
func ReadSimReport(b []byte) (SimReport, error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(b, &probe); err != nil {
		return SimReport{}, fmt.Errorf("not a simulation run: %w", err)
	}
	if _, ok := probe["tries"]; ok {
		return SimReport{}, fmt.Errorf("this is an eval report (doorstep eval -o), not a simulation run (doorstep simulate -o)")
	}
	var r SimReport
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return SimReport{}, fmt.Errorf("not a simulation run: %w", err)
	}
	if r.Kind != "" && r.Kind != SimKind {
		return SimReport{}, fmt.Errorf("kind %q, not a simulation run", r.Kind)
	}
	if _, ok := probe["customer_model_id"]; !ok {
		return SimReport{}, fmt.Errorf("not a simulation run: no customer_model_id")
	}
	return r, nil
}

// done is what the customer model says when the conversation is over.
const done = "DONE"

// Simulate plays every persona cfg.Tries times (at least once), each
// conversation on a fresh stack of its own: a persona passes (pass^k) when
// every one of its conversations did. A conversation that fails to run
// (the customer model's error, the agent model's failed calls, a
// cancelled context) stops the run: the report then holds the
// conversations finished before it, marked Incomplete, beside the error.
func Simulate(ctx context.Context, cfg SimConfig) (SimReport, error) {
	if cfg.Policy == nil {
		p := DemoPolicy()
		cfg.Policy = &p
	}
	tries := max(cfg.Tries, 1)
	rep := SimReport{Kind: SimKind, ModelID: cfg.ModelID, CustomerID: cfg.CustomerID, Policy: cfg.Policy, Runs: tries}
	if cfg.Scripted {
		if err := CheckScripts(cfg.Personas); err != nil {
			return rep, err
		}
	} else if cfg.Customer == nil {
		return rep, errors.New("simulate: no customer model, and the run is not scripted")
	}
	for try := 1; try <= tries; try++ {
		for _, p := range cfg.Personas {
			res, err := simulateOne(ctx, cfg, p)
			if err == nil && ctx.Err() != nil {
				// Interrupted mid-conversation: its failed turn is no
				// result.
				err = fmt.Errorf("simulate: %w", context.Cause(ctx))
			}
			if err != nil {
				rep.Incomplete, rep.Planned = err.Error(), tries*len(cfg.Personas)
				return rep, err
			}
			res.Try = try
			rep.Results = append(rep.Results, res)
		}
	}
	return rep, nil
}

// simulateOne plays one conversation of persona p.
func simulateOne(ctx context.Context, cfg SimConfig, p Persona) (SimResult, error) {
	var cu agent.Usage
	var said []string
	var customer Customer = func(ctx context.Context, replies []string) (string, bool, error) {
		if len(replies) >= p.maxTurns() {
			return "", false, nil
		}
		resp, err := cfg.Customer.Converse(ctx, customerRequest(p, said, replies))
		if err != nil {
			return "", false, err
		}
		cu.Add(resp.Usage)
		text := strings.TrimSpace(resp.Message.Text())
		if text == "" || strings.EqualFold(strings.Trim(text, " .!"), done) {
			return "", false, nil
		}
		said = append(said, text)
		return text, true, nil
	}
	if cfg.Scripted {
		customer = p.scripted()
	}
	st, err := NewStack(ctx, cfg.Config, []Scenario{p.scenario()})
	if err != nil {
		return SimResult{}, err
	}
	res, err := st.Converse(ctx, p.scenario(), customer)
	st.Close()
	if err != nil {
		return SimResult{}, err
	}
	if res.ModelErrors > 0 {
		return SimResult{}, &ModelFailure{ModelID: cfg.ModelID, Failed: res.ModelErrors, Calls: res.ModelCalls, First: res.ModelError}
	}
	return SimResult{Persona: p.ID, Kind: p.Kind, Pass: res.Pass, Failures: res.Failures,
		Turns: res.Scenario.Turns, Replies: res.Replies, Usage: res.Usage, CustomerUsage: cu}, nil
}

// personaOutcome is a persona's conversations in one run: it passes
// (pass^k) when every one did.
type personaOutcome struct {
	ID, Kind       string
	Passed, Played int
	Turns          int      // the first conversation's
	Failures       []string // the first failed conversation's
}

func (o personaOutcome) pass() bool { return o.Played > 0 && o.Passed == o.Played }

// outcomes are the run's personas, in the order first played.
func (r SimReport) outcomes() ([]personaOutcome, map[string]personaOutcome) {
	var list []personaOutcome
	at := map[string]int{}
	for _, x := range r.Results {
		i, ok := at[x.Persona]
		if !ok {
			i = len(list)
			at[x.Persona] = i
			list = append(list, personaOutcome{ID: x.Persona, Kind: x.Kind, Turns: len(x.Turns)})
		}
		o := &list[i]
		o.Played++
		if x.Pass {
			o.Passed++
		} else if o.Failures == nil {
			o.Failures = x.Failures
		}
	}
	byID := map[string]personaOutcome{}
	for _, o := range list {
		byID[o.ID] = o
	}
	return list, byID
}

// customerRequest is the customer model's view: its instructions, then the
// chat with the roles turned round (the agent's replies are its input).
func customerRequest(p Persona, said, replies []string) agent.Request {
	var b strings.Builder
	fmt.Fprintf(&b, "You are playing a customer of an online shop, chatting with the shop's support assistant, so the shop can test it before go-live.\n")
	fmt.Fprintf(&b, "Who you are: %s\nYour goal: %s\n", p.Persona, p.Goal)
	if len(p.Start) > 0 {
		b.WriteString("You opened the chat from your order's page, so the shop already knows your email and order.\n")
	}
	b.WriteString("Write only your next chat message: short, natural, in character, in your persona's language. Use only facts given above; never invent order numbers or emails. " +
		"Answer the assistant's questions. Say yes only to a proposal that matches your goal. " +
		"When your goal is met, or you accept it cannot be done, or a person has taken over, reply with exactly " + done + ".")
	msgs := []agent.Message{{Role: agent.RoleUser, Blocks: []agent.Block{{Text: "(The chat window opens. Write your first message.)"}}}}
	// Turns and replies alternate: the customer's turns are the model's
	// own earlier messages.
	for i, r := range replies {
		if i >= len(said) {
			break
		}
		if r == "" {
			r = "(no reply: a person from the shop will answer later)"
		}
		msgs = append(msgs, agent.Message{Role: agent.RoleAssistant, Blocks: []agent.Block{{Text: said[i]}}},
			agent.Message{Role: agent.RoleUser, Blocks: []agent.Block{{Text: r}}})
	}
	return agent.Request{System: b.String(), Messages: msgs, MaxTokens: 300}
}

// Print writes one line per persona (its conversations passed of those
// played: a persona passes when every one did) and the run's pass^1 (the
// share of conversations that passed) and pass^k (of personas that
// passed every time).
func (r SimReport) Print(w io.Writer) {
	list, _ := r.outcomes()
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "persona\tkind\tresult\tpassed\tturns\tnotes\n")
	convs, passed, personas := 0, 0, 0
	for _, o := range list {
		status := "FAIL"
		if o.pass() {
			status, personas = "pass", personas+1
		}
		convs += o.Played
		passed += o.Passed
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d/%d\t%d\t%s\n", o.ID, o.Kind, status, o.Passed, o.Played, o.Turns, strings.Join(o.Failures, "; "))
	}
	_ = tw.Flush()
	if r.Incomplete != "" {
		fmt.Fprintf(w, "\nINCOMPLETE: %d of %d conversations played before the run stopped: %s\n", convs, r.Planned, r.Incomplete)
	}
	if convs == 0 {
		return
	}
	k := max(r.Runs, 1)
	fmt.Fprintf(w, "\nagent %s, customers played by %s, each persona %d time(s): pass^1 %.3f (%d/%d conversations), pass^%d %.3f (%d/%d personas passed every time)\n",
		r.ModelID, r.CustomerID, k, float64(passed)/float64(convs), passed, convs, k, float64(personas)/float64(len(list)), personas, len(list))
	if r.CustomerID == ScriptedCustomer {
		fmt.Fprintln(w, "the customers said their scripted lines whatever the agent replied: this tests the plumbing and the judge, not how the agent fares with a real customer")
	}
}

// Compare writes what changed between two simulation runs, persona by
// persona (those in only one run are marked new or missing), and returns
// how many went from pass to fail. A persona passes a run when every one of
// its conversations in it did (pass^k).
func Compare(w io.Writer, old, new SimReport) int {
	oldList, was := old.outcomes()
	newList, now := new.outcomes()
	for _, x := range []struct {
		which string
		r     SimReport
	}{{"old", old}, {"new", new}} {
		if x.r.Incomplete != "" {
			fmt.Fprintf(w, "the %s run is incomplete (%d of %d conversations played: %s): personas it did not play are listed as missing or new\n", x.which, len(x.r.Results), x.r.Planned, x.r.Incomplete)
		}
	}
	printPolicyDiff(w, old.Policy, new.Policy)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "persona\tbefore\tafter\tchange\n")
	word := func(o personaOutcome, found bool) string {
		switch {
		case !found:
			return "-"
		case o.pass():
			return fmt.Sprintf("pass %d/%d", o.Passed, o.Played)
		}
		return fmt.Sprintf("FAIL %d/%d", o.Passed, o.Played)
	}
	worse, oldPass, newPass := 0, 0, 0
	for _, o := range oldList {
		if o.pass() {
			oldPass++
		}
	}
	var added []string
	for _, x := range newList {
		o, found := was[x.ID]
		change := ""
		switch {
		case found && o.pass() && !x.pass():
			change, worse = "worse: "+strings.Join(x.Failures, "; "), worse+1
		case found && !o.pass() && x.pass():
			change = "better"
		case !found:
			change = "new"
			added = append(added, x.ID)
		}
		if x.pass() {
			newPass++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", x.ID, word(o, found), word(x, true), change)
	}
	var missing []string
	for _, o := range oldList {
		if _, ok := now[o.ID]; !ok {
			missing = append(missing, o.ID)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", o.ID, word(o, true), "-", "missing: not in the new run")
		}
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "\nbefore: %d/%d personas passed every time; after: %d/%d; %d went from pass to fail\n", oldPass, len(oldList), newPass, len(newList), worse)
	if len(added) > 0 {
		fmt.Fprintf(w, "only in the new run: %s\n", strings.Join(added, ", "))
	}
	if len(missing) > 0 {
		fmt.Fprintf(w, "only in the old run: %s\n", strings.Join(missing, ", "))
	}
	return worse
}

// printPolicyDiff writes what changed between two runs' policies, field by
// field as the policy file names them, or that a run did not save its own.
func printPolicyDiff(w io.Writer, old, new *policy.Policy) {
	if old == nil || new == nil {
		fmt.Fprintf(w, "policy: not saved in the %s run: its difference is unknown\n\n", map[bool]string{true: "old", false: "new"}[old == nil])
		return
	}
	fields := func(p *policy.Policy) map[string]any {
		b, _ := json.Marshal(p)
		m := map[string]any{}
		_ = json.Unmarshal(b, &m)
		return m
	}
	a, b := fields(old), fields(new)
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var lines []string
	for _, k := range keys {
		x, _ := json.Marshal(a[k])
		y, _ := json.Marshal(b[k])
		if string(x) != string(y) {
			lines = append(lines, fmt.Sprintf("  %s: %s → %s", k, x, y))
		}
	}
	if len(lines) == 0 {
		fmt.Fprintf(w, "policy: the same in both runs\n\n")
		return
	}
	fmt.Fprintf(w, "policy changes:\n%s\n\n", strings.Join(lines, "\n"))
}
