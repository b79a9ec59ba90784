package stack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/doorstep-ai/doorstep/pkg/shopify"
)

// replacementGID is the order the fake's orderCreate answers with
// (replacementName).
const replacementGID = "gid://shopify/Order/5500000001090"

// flowCancelReplacement: with the not-received step set to replace, a
// customer's yes makes a replacement order (as in the proposal flow), which
// Shopify then sends back as orders/create. The customer asks to cancel
// the replacement: the chat function proposes cancelling the replacement
// order, named, not the delivered original, and writes nothing; the yes
// makes exactly one orderCancel, of the replacement's id, and nothing
// touches the original.
func (h *harness) flowCancelReplacement(f *flowT, data *shopifyData) error {
	restore, err := h.notReceivedSettings("replace", 24)
	if err != nil {
		return err
	}
	defer func() {
		if err := restore(); err != nil {
			f.Errorf("restore the settings: %v", err)
		}
	}()
	const num, email = 1017, "kofi.mensah@example.com"
	name := fmt.Sprintf("#%d", num)
	delivered := time.Now().UTC().Truncate(24 * time.Hour).Add(-3*24*time.Hour + 12*time.Hour)
	id, body := parcelOrder(num, email, delivered)
	data.add(id, body)
	if code, err := h.webhook(shopify.TopicOrdersCreate, body); err != nil || code != http.StatusOK {
		return fmt.Errorf("orders/create %s: HTTP %d %v", name, code, err)
	}
	c, err := h.startChat(email, name)
	if err != nil {
		return err
	}
	mark := len(h.s.Shopify.Ops())
	reply, err := c.say("my order " + name + " says delivered but I never received it")
	if err != nil {
		return err
	}
	if p, err := h.pendingOf(c.id); err != nil || p == nil || p.Tool != "report_not_received" || p.Resolution != "replacement" {
		return fmt.Errorf("stored proposal %+v (%v), want report_not_received: replacement; reply %q", p, err, reply)
	}
	if reply, err = c.say("yes"); err != nil {
		return err
	}
	if w := h.writesAbout(mark, id, num); len(w) != 1 || w[0].Name != "DoorstepReplacement" {
		return fmt.Errorf("after the yes Shopify saw %v, want exactly one DoorstepReplacement; reply %q", opNames(w), reply)
	}
	// Shopify tells the shop's app of the order it created.
	rid, rbody := replacementOrder(num, email)
	data.add(rid, rbody)
	if code, err := h.webhook(shopify.TopicOrdersCreate, rbody); err != nil || code != http.StatusOK {
		return fmt.Errorf("orders/create %s: HTTP %d %v", replacementName, code, err)
	}
	// The events function rebuilds the customer's context from the stored
	// order (chat.RefreshContexts), as it would before a customer typed
	// again: wait for it, not for a while.
	if err := h.waitFor("the conversation's context to hold "+replacementName, func() (bool, error) {
		return h.contextHolds(c.id, replacementName)
	}); err != nil {
		return err
	}
	f.note("yes -> replacement %s made; Shopify's orders/create for it -> 200, in the conversation's context", replacementName)

	mark = len(h.s.Shopify.Ops())
	// The offline model behind the fake Bedrock reads the prompt only, not
	// the conversation's state: its call is scripted. What code does with
	// it under the chat function's role is not: the statement, the yes,
	// one cancel of the replacement in Shopify, the original untouched.
	// (A model naming the original instead is pkg/agent's
	// TestCancelTheReplacementOriginalNamed.)
	const cancelIt = "I don't need the replacement any more, please cancel the replacement"
	undo := h.s.Bedrock.Script(cancelIt, "cancel_order", fmt.Sprintf(`{"order_number":%q}`, replacementName))
	reply, err = c.say(cancelIt)
	undo()
	if err != nil {
		return err
	}
	p, err := h.pendingOf(c.id)
	if err != nil {
		return err
	}
	if p == nil || p.Tool != "cancel_order" || p.Order != replacementName || p.OrderID != rid || p.Amount != 0 {
		return fmt.Errorf("stored proposal %+v, want cancel_order of %s (id %s) refunding nothing; reply %q", p, replacementName, rid, reply)
	}
	if !strings.Contains(reply, replacementName) {
		return fmt.Errorf("the proposal's reply does not name the replacement %s: %q", replacementName, reply)
	}
	if m := h.mutationsSince(mark); len(m) != 0 {
		return fmt.Errorf("Shopify saw %v before the customer's yes", m)
	}
	f.note("'cancel the replacement' -> cancel_order of %s proposed, nothing written", replacementName)

	if reply, err = c.say("yes"); err != nil {
		return err
	}
	// Anything the turn set off through the stream has time to show.
	time.Sleep(2 * time.Second)
	var cancels, other []string
	for _, op := range h.s.Shopify.Ops()[mark:] {
		if !op.Mutation {
			continue
		}
		raw, _ := json.Marshal(op.Vars)
		switch {
		case op.Name == "DoorstepOrderCancel" && op.Vars["orderId"] == replacementGID:
			cancels = append(cancels, op.Name)
		case bytes.Contains(raw, []byte("gid://shopify/Order/"+id)) || op.Name == "DoorstepOrderCancel":
			other = append(other, fmt.Sprintf("%s %s", op.Name, raw))
		}
	}
	if len(cancels) != 1 || len(other) != 0 {
		return fmt.Errorf("after the yes Shopify saw %d orderCancel(s) of %s and %v, want exactly one and nothing else; reply %q",
			len(cancels), replacementGID, other, reply)
	}
	if p, err := h.pendingOf(c.id); err != nil || p != nil {
		return fmt.Errorf("a proposal still waits after the yes: %+v %v", p, err)
	}
	f.note("yes -> exactly one DoorstepOrderCancel of %s; %s untouched", replacementName, name)
	return nil
}

// contextHolds reports whether conversation conv's stored customer
// context (pkg/dynamo: pk SHOP#<shop>#CONV#<id>, sk CTX) lists the order
// named want among the customer's orders. Not any value equal to it: the
// delivery check's findings about the original name the replacement
// before the replacement's own orders/create reaches the context (CI run
// of stop 32: the turn came between, and "cancel the replacement" found
// no replacement order to make current).
func (h *harness) contextHolds(conv, want string) (bool, error) {
	out, err := h.s.Admin.DDB.GetItem(h.ctx, &dynamodb.GetItemInput{TableName: aws.String(h.s.Dep.R.Refs["Table"]), ConsistentRead: aws.Bool(true),
		Key: map[string]ddbtypes.AttributeValue{
			"pk": &ddbtypes.AttributeValueMemberS{Value: "SHOP#" + shop + "#CONV#" + conv},
			"sk": &ddbtypes.AttributeValueMemberS{Value: "CTX"},
		}})
	if err != nil {
		return false, fmt.Errorf("context of %s: %w", conv, err)
	}
	var item struct {
		Doc struct {
			Orders []struct {
				Name string `dynamodbav:"name"`
			} `dynamodbav:"orders"`
		} `dynamodbav:"doc"`
	}
	if err := attributevalue.UnmarshalMap(out.Item, &item); err != nil {
		return false, fmt.Errorf("context of %s: %w", conv, err)
	}
	for _, o := range item.Doc.Orders {
		if o.Name == want {
			return true, nil
		}
	}
	return false, nil
}

// mutationsSince are the names of the mutations since the mark-th
// operation.
func (h *harness) mutationsSince(mark int) []string {
	var out []string
	for _, op := range h.s.Shopify.Ops()[mark:] {
		if op.Mutation {
			out = append(out, op.Name)
		}
	}
	return out
}

// proposalView is a conversation's pending proposal as the console shows
// it, with the order it is about.
type proposalView struct {
	Tool       string `json:"tool"`
	Order      string `json:"order"`
	OrderID    string `json:"order_id"`
	Resolution string `json:"resolution"`
	Amount     int64  `json:"amount"`
}

// pendingOf is the conversation's proposal awaiting the customer's yes
// (nil: none).
func (h *harness) pendingOf(conv string) (*proposalView, error) {
	tok, err := h.consoleToken()
	if err != nil {
		return nil, err
	}
	var d struct {
		Pending *proposalView `json:"pending"`
	}
	if code, err := h.call(http.MethodGet, "/console/api/conversations/"+conv, tok, nil, &d); err != nil || code != http.StatusOK {
		return nil, fmt.Errorf("GET /console/api/conversations/%s: HTTP %d %v", conv, code, err)
	}
	return d.Pending, nil
}

// orderCancelAnswer answers orderCancel as Shopify does: a job, no user
// errors (the cancellation itself runs asynchronously).
func orderCancelAnswer(map[string]any) any {
	return map[string]any{"orderCancel": map[string]any{"job": map[string]any{"id": "gid://shopify/Job/660001", "done": false},
		"orderCancelUserErrors": []any{}}}
}

var moneyRe = regexp.MustCompile(`"[0-9]+\.[0-9]{2}"`)

// replacementOrder is the orders/create body Shopify sends for the
// replacement of #num (replacementName, the fake's answer to orderCreate):
// the skillet at no cost, paid, tagged as doorstep tags it, not shipped,
// for the same customer.
func replacementOrder(num int, email string) (string, []byte) {
	now := time.Now().UTC()
	id, body := parcelOrder(1090, email, now)
	var o map[string]any
	_ = json.Unmarshal(moneyRe.ReplaceAll(body, []byte(`"0.00"`)), &o)
	o["tags"] = "doorstep-replacement, replaces-" + strconv.Itoa(num)
	o["financial_status"], o["fulfillment_status"], o["closed_at"] = "paid", nil, nil
	o["fulfillments"], o["refunds"] = []any{}, []any{}
	for _, k := range []string{"created_at", "processed_at", "updated_at"} {
		o[k] = now.Format(time.RFC3339)
	}
	items, _ := o["line_items"].([]any)
	for _, x := range items {
		if li, ok := x.(map[string]any); ok {
			li["fulfillment_status"], li["fulfillable_quantity"] = nil, li["quantity"]
		}
	}
	if cust, ok := o["customer"].(map[string]any); ok {
		cust["id"] = 7700000000000 + num // the original's customer
	}
	b, _ := json.Marshal(o)
	// Its own line item.
	return id, bytes.ReplaceAll(b, []byte(parcelLineID), []byte("13900000109001"))
}
