package offline

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// Store credit for a late parcel (rest15): a customer whose parcel is
// still on its way asks for store credit for it ("could i get store credit
// instead", "un vale", "lieber ein Guthaben"), at once or instead of the
// replacement or refund just stated. The model asks follow_up for store
// credit; code decides whether the shop issues it, whether the parcel is
// late enough, and states the credit for a yes. A parcel with the carrier
// cannot be returned, so credit asked about it is this, not a return.

// creditAskedAboutRe asks about credit already given or its balance, which
// is no request for it: "where is my store credit", "how much credit".
var creditAskedAboutRe = regexp.MustCompile(`(?i)\b(?:where(?:'s| is)?|how much|balance|status|did (?:you|i)|was (?:it|the))\b`)

// notComeRe says a parcel has not come, in Spanish, German and French:
// "no ha llegado", "immer noch nicht da", "toujours pas arrivé".
var notComeRe = regexp.MustCompile(`(?i)\b(?:no (?:ha|han) llegado|sigue sin llegar|todav[ií]a no (?:ha )?lleg|noch nicht (?:da|angekommen|geliefert)|nicht angekommen|pas (?:encore )?(?:arriv|re[çc]u|livr)|toujours pas)`)

// onTheWayStages are the order stages (agent.stageWords) of a parcel still
// with the carrier.
var onTheWayStages = map[string]bool{"label created, waiting for the carrier": true, "in transit": true, "out for delivery": true,
	"delivery problem reported by the carrier": true}

// rest15LateCredit is follow_up for store credit, when a verified customer
// asks for credit for an order whose parcel is on its way.
func (t *turn) rest15LateCredit(n int) (agent.Message, bool) {
	st := t.req.State
	if n > 0 || !t.verified || st == nil || !(agent.WantsCredit(t.text) || agent.WantsCredit(normalise(t.text))) ||
		creditAskedAboutRe.MatchString(t.text) || agent.Affirmative(t.text) {
		return agent.Message{}, false
	}
	args := t.orderArg()
	name, _ := args["order_number"].(string)
	if name == "" {
		name = stateCurrentOrder(st)
	}
	if a := st.Answered; a != nil && a.Tool == toolname.FollowUp && !a.Expired && (a.Status == "declined" || a.Status == "lapsed") &&
		(chosenRemedy(t.text) == "store_credit" || chosenRemedy(t.text) == "") && (t.order == "" || t.order == t.currentOrder()) {
		// Instead of the replacement or refund just stated.
		return toolCall(n, toolname.FollowUp, map[string]any{"order_number": t.currentOrder(), "resolution": agent.LateStoreCredit}), true
	}
	// Asked at once, only about a parcel said to be late or not come: store
	// credit asked of an order on its way otherwise is about a return (the
	// tools say when one can be made).
	if !(lateWords(t.text) || lateWords(normalise(t.text)) || saysOverdue(t.text) || notComeRe.MatchString(t.text)) {
		return agent.Message{}, false
	}
	for _, o := range st.Orders {
		if o.Name != name {
			continue
		}
		low := strings.ToLower(t.text)
		if onTheWayStages[o.Stage] || len(o.OnItsWay) > 0 && mentions(low, o.OnItsWay) {
			return toolCall(n, toolname.FollowUp, map[string]any{"order_number": name, "resolution": agent.LateStoreCredit}), true
		}
	}
	return agent.Message{}, false
}

// lateCreditDone says store credit issued for a late parcel: the credit,
// where it is, and a gift card's code when it came as one.
func lateCreditDone(r map[string]any) (string, bool) {
	if str(r, "resolution") != agent.LateStoreCredit {
		return "", false
	}
	where := "It's on your store credit account now and applies at checkout when you're signed in."
	if sc, _ := r["store_credit"].(map[string]any); str(sc, "gift_card_code") != "" {
		code := str(sc, "gift_card_code")
		where = "It's on a gift card, code " + code + ", which is also on its way by email."
	}
	return fmt.Sprintf("Done: I've given you %s in store credit for %s. %s", str(r, "credit"), str(r, "items"), where), true
}
