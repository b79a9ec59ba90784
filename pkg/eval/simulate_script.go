package eval

import (
	"context"
	"fmt"
	"strings"
)

// The scripted customer plays a persona without a model: it says the
// persona's opening, then one of its replies after each of the agent's
// replies, whatever the agent said, and is done when its lines run out.
// It lets a merchant run the whole simulate path (stack, personas,
// judge, saved results) offline; it says nothing of how the agent fares
// with a customer who reads its answers.

// ScriptedCustomer is the customer model's name for the scripted
// customer (simulate -customer-model scripted), as a report records it.
const ScriptedCustomer = "scripted"

// defaultMaxTurns bounds a persona's messages when it sets no max_turns.
const defaultMaxTurns = 6

func (p Persona) maxTurns() int {
	if p.MaxTurns > 0 {
		return p.MaxTurns
	}
	return defaultMaxTurns
}

// lines are what the scripted customer says, in order.
func (p Persona) lines() []string {
	if p.Opening == "" {
		return nil
	}
	return append([]string{p.Opening}, p.Replies...)
}

// scriptProblems are the mistakes in p's scripted lines; a persona
// without any has none.
func (p Persona) scriptProblems() []string {
	var out []string
	if p.Opening == "" && len(p.Replies) > 0 {
		out = append(out, "replies without an opening: the scripted customer starts with the opening")
	}
	if p.Opening != "" && strings.TrimSpace(p.Opening) == "" {
		out = append(out, "opening: blank")
	}
	for i, r := range p.Replies {
		if strings.TrimSpace(r) == "" {
			out = append(out, fmt.Sprintf("replies[%d]: blank", i))
		}
	}
	if n := len(p.lines()); n > p.maxTurns() {
		out = append(out, fmt.Sprintf("opening and replies are %d lines, more than max_turns %d: the last would never be said", n, p.maxTurns()))
	}
	return out
}

// CheckScripts reports every persona the scripted customer cannot play:
// those without an opening.
func CheckScripts(list []Persona) error {
	var missing []string
	for _, p := range list {
		if strings.TrimSpace(p.Opening) == "" {
			where := p.ID
			if p.file != "" {
				where = p.file + ": " + p.ID
			}
			missing = append(missing, where)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the scripted customer needs each persona's \"opening\" (and optional \"replies\"); none in %s", strings.Join(missing, ", "))
	}
	return nil
}

// scripted is the customer that says p's lines in order.
func (p Persona) scripted() Customer {
	lines := p.lines()
	return func(_ context.Context, replies []string) (string, bool, error) {
		if len(replies) >= len(lines) {
			return "", false, nil
		}
		return lines[len(replies)], true, nil
	}
}
