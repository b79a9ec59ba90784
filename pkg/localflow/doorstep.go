package localflow

import (
	"github.com/doorstep-ai/doorstep/infra/statemachines"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
)

// Substitutions are the DefinitionSubstitutions the local engine loads the
// definitions with. There are no queues locally (a Task calls its step in
// process), so the queue URLs only name the machine.
var Substitutions = map[string]string{
	"OutreachQueueUrl":   "local:outreach",
	"EscalationQueueUrl": "local:escalation",
	"PromiseQueueUrl":    "local:promise",
}

// RegisterMachine loads m's definition from infra/statemachines (the file
// template.yaml deploys) with its step handlers.
func (e *Engine) RegisterMachine(m workflow.Machine, steps *workflow.Steps) error {
	def, err := statemachines.Definition(string(m), Substitutions)
	if err != nil {
		return err
	}
	return e.Register(m, def, steps)
}
