package offline

import (
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
)

// A late or stalled parcel ("it's late", "still not here"): after
// track_order, a parcel still on its way that nothing was done about yet
// gets the follow-up promise policy allows (follow_up), stated word for
// word for the customer's yes.

func init() {
	// A promise's what_we_did is a whole sentence of its own.
	problemLeads["follow_up"] = ""
}

// followUpNext is the follow_up call after a track_order result that shows
// a late customer's parcel still on its way, with nothing done about it.
func (t *turn) followUpNext(last call) *call {
	if t.intent != intentLate || last.name != agent.ToolTrackOrder || last.isErr || t.called(agent.ToolFollowUp) != nil {
		return nil
	}
	moving := false
	for _, p := range list(last.result, "parcels") {
		if str(p, "what_we_did") != "" {
			return nil
		}
		switch str(p, "stage") {
		case "label_created", "in_transit", "out_for_delivery":
			moving = true
		}
	}
	if !moving {
		return nil
	}
	args := map[string]any{}
	if n := str(last.result, "order_number"); n != "" {
		args["order_number"] = n
	}
	return &call{name: agent.ToolFollowUp, input: args}
}

// followUpAnswer says where the parcel is (the track_order result this
// turn), then the promise, word for word, for a yes.
func (t *turn) followUpAnswer(r map[string]any) string {
	where := ""
	if c := t.called(agent.ToolTrackOrder); c != nil && !c.isErr {
		where = t.tracking(c.result)
	}
	switch str(r, "status") {
	case "needs_confirmation":
		where = strings.TrimSpace(strings.Replace(where, " "+lateApology, "", 1))
		return strings.TrimSpace(where + " " + str(r, "statement") + " Shall I go ahead? Just reply yes.")
	case "promised":
		return "You have my word. " + str(r, "promise")
	case "refused":
		return strings.TrimSpace(where + " I'm sorry, I can't promise a follow-up on it right now: " + str(r, "reason") + ". A member of our team can look into it with the carrier if you'd like.")
	}
	if where == "" {
		return "I'm sorry, I can't set up a follow-up on that order. A member of our team can look into it with the carrier if you'd like."
	}
	return where
}
