package stack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/shopify"
)

// notReceivedCase is one merchant setting of the not-received step and the
// write the customer's yes must make.
type notReceivedCase struct {
	action   string // policy.not_received_action
	num      int    // the order the flow adds for it (#num)
	email    string
	mutation string // the one Admin API write after the yes
	// resolution and amount are the stored proposal's (amount in cents,
	// 0 for a replacement).
	resolution string
	amount     int64
}

// notReceivedCases: #1007's skillet parcel ($52.00 of items, $63.20 paid
// with tax and shipping) sent again to a new customer, once per setting.
var notReceivedCases = []notReceivedCase{
	{action: "replace", num: 1013, email: "nora.quinn@example.com", mutation: "DoorstepReplacement", resolution: "replacement"},
	{action: "refund", num: 1014, email: "owen.hale@example.com", mutation: "DoorstepRefund", resolution: "refund", amount: 6320},
}

// flowNotReceivedProposal: with the console's not-received step set to
// replace (then refund), a verified customer says a parcel marked delivered
// three days ago never came (the 24-hour look-around is over), while
// Shopify updates the order. The chat function proposes the replacement or refund of the parcel's lines and
// writes nothing to Shopify; the customer's yes runs the delivery check's
// report in the chat function, under its own role, which writes exactly
// one replacement order or refund for those lines; a second yes writes
// nothing more.
func (h *harness) flowNotReceivedProposal(f *flowT, data *shopifyData) error {
	restore, err := h.notReceivedSettings("", 0)
	if err != nil {
		return err
	}
	defer func() {
		if err := restore(); err != nil {
			f.Errorf("restore the settings: %v", err)
		}
	}()
	for _, tc := range notReceivedCases {
		if err := h.notReceivedCase(f, data, tc); err != nil {
			return fmt.Errorf("%s: %w", tc.action, err)
		}
	}
	return nil
}

func (h *harness) notReceivedCase(f *flowT, data *shopifyData, tc notReceivedCase) error {
	if _, err := h.notReceivedSettings(tc.action, 24); err != nil {
		return err
	}
	name := fmt.Sprintf("#%d", tc.num)
	// Delivered at noon UTC three days ago: the same date in any shop's
	// zone, and 60 to 84 hours ago, past the 24-hour look-around.
	delivered := time.Now().UTC().Truncate(24 * time.Hour).Add(-3*24*time.Hour + 12*time.Hour)
	id, body := parcelOrder(tc.num, tc.email, delivered)
	data.add(id, body)
	if code, err := h.webhook(shopify.TopicOrdersCreate, body); err != nil || code != http.StatusOK {
		return fmt.Errorf("orders/create %s: HTTP %d %v", name, code, err)
	}
	c, err := h.startChat(tc.email, name)
	if err != nil {
		return err
	}
	// The order changes while the conversation is open (Shopify sends
	// orders/updated): the events function rebuilds the conversation's
	// context as the chat function writes its turns. That race once
	// stopped the outbox stream under moto (moto_stack.py, patch 7).
	_, updated := parcelOrder(tc.num, tc.email, delivered.Add(time.Minute))
	data.add(id, updated)
	if code, err := h.webhook(shopify.TopicOrdersUpdated, updated); err != nil || code != http.StatusOK {
		return fmt.Errorf("orders/updated %s: HTTP %d %v", name, code, err)
	}
	time.Sleep(2 * time.Second)
	mark := len(h.s.Shopify.Ops())
	reply, err := c.say("my order " + name + " says delivered but I never received it")
	if err != nil {
		return err
	}
	if w := h.writesAbout(mark, id, tc.num); len(w) != 0 {
		return fmt.Errorf("Shopify saw %v before the customer's yes; reply %q", w, reply)
	}
	p, err := h.pending(c.id)
	if err != nil {
		return err
	}
	if p == nil || p.Tool != "report_not_received" || p.Resolution != tc.resolution || p.Amount != tc.amount ||
		len(p.Lines) != 1 || p.Lines[0].LineItemID != parcelLineID || p.Lines[0].Quantity != 1 {
		return fmt.Errorf("stored proposal %+v, want report_not_received: %s of 1 × line %s, amount %d; reply %q",
			p, tc.resolution, parcelLineID, tc.amount, reply)
	}
	facts := []string{name, delivered.Format("January 2")}
	if tc.amount > 0 {
		facts = append(facts, fmt.Sprintf("$%d.%02d", tc.amount/100, tc.amount%100))
	}
	for _, s := range facts {
		if !strings.Contains(reply, s) {
			return fmt.Errorf("the proposal's reply does not say %q: %q", s, reply)
		}
	}
	f.note("%s: %s proposed (%s), nothing written", tc.action, name, strings.Join(facts[1:], ", "))

	if reply, err = c.say("yes"); err != nil {
		return err
	}
	w := h.writesAbout(mark, id, tc.num)
	if len(w) != 1 || w[0].Name != tc.mutation {
		return fmt.Errorf("after the yes Shopify saw %v, want exactly one %s; reply %q", opNames(w), tc.mutation, reply)
	}
	if err := checkParcelWrite(w[0], id, tc.num); err != nil {
		return err
	}
	if tc.resolution == "replacement" && !strings.Contains(reply, replacementName) {
		return fmt.Errorf("the yes's reply does not name the replacement order %s: %q", replacementName, reply)
	}
	if _, err := c.say("yes"); err != nil {
		return err
	}
	// Anything the turn set off through the stream has time to show.
	time.Sleep(2 * time.Second)
	if again := h.writesAbout(mark, id, tc.num); len(again) != 1 {
		return fmt.Errorf("after a second yes Shopify saw %v, want the one %s", opNames(again), tc.mutation)
	}
	f.note("yes -> one %s for the skillet; a second yes -> nothing", tc.mutation)
	return nil
}

// notReceivedSettings sets the console's not-received step (action, after
// wait hours) with automatic limits above the parcel; restore puts the
// settings back as they were. An empty action sets nothing.
func (h *harness) notReceivedSettings(action string, wait int) (restore func() error, err error) {
	tok, err := h.consoleToken()
	if err != nil {
		return nil, err
	}
	var got struct {
		Settings map[string]any `json:"settings"`
	}
	if code, err := h.call(http.MethodGet, "/console/api/settings", tok, nil, &got); err != nil || code != http.StatusOK {
		return nil, fmt.Errorf("GET /console/api/settings: HTTP %d %v", code, err)
	}
	delete(got.Settings, "updated_at")
	delete(got.Settings, "updated_by")
	saved, _ := json.Marshal(got.Settings)
	put := func(s map[string]any) error {
		if code, err := h.call(http.MethodPut, "/console/api/settings", tok, s, nil); err != nil || code != http.StatusOK {
			return fmt.Errorf("PUT /console/api/settings: HTTP %d %v", code, err)
		}
		return nil
	}
	restore = func() error {
		var s map[string]any
		_ = json.Unmarshal(saved, &s)
		return put(s)
	}
	if action == "" {
		return restore, nil
	}
	pol, _ := got.Settings["policy"].(map[string]any)
	if pol == nil {
		return nil, fmt.Errorf("settings have no policy")
	}
	pol["not_received_wait_hours"], pol["not_received_action"] = wait, action
	pol["not_received_auto_limit"], pol["refund_auto_limit"], pol["not_received_claim_days"] = 10000, 10000, 30
	return restore, put(got.Settings)
}

// parcelLineID is the skillet's line item in #1007 and the orders made
// from it (parcelOrder).
const parcelLineID = "13900000100701"

// parcelOrder is #1007 (one skillet, one parcel marked delivered) as order
// #num of a new customer, its parcel delivered at delivered: its numeric id
// and its orders/create webhook body.
func parcelOrder(num int, email string, delivered time.Time) (string, []byte) {
	id := strconv.Itoa(5500000000000 + num)
	b := []byte(strings.NewReplacer(
		"5500000001007", id, // the order's id, in its gid and its parcel's order_id
		"6100000010071", strconv.Itoa(6100000000001+num*10), // the parcel
		"7700000000101", strconv.Itoa(7700000000000+num), // the customer
		"maya.okafor@example.com", email,
		"#1007", fmt.Sprintf("#%d", num),
		`"order_number": 1007`, fmt.Sprintf(`"order_number": %d`, num),
	).Replace(string(fixture("orders/1007.json"))))
	// Every date moves with the delivery scan, #1007's at 2026-10-06T13:05:48-05:00.
	scan := time.Date(2026, 10, 6, 13, 5, 48, 0, time.FixedZone("", -5*3600))
	return id, shiftDates(b, delivered.Sub(scan))
}

// pendingProposal is the part of a conversation's pending proposal the
// flow checks (GET /console/api/conversations/{id}).
type pendingProposal struct {
	Tool       string `json:"tool"`
	Resolution string `json:"resolution"`
	Amount     int64  `json:"amount"`
	Lines      []struct {
		LineItemID string `json:"line_item_id"`
		Quantity   int    `json:"quantity"`
	} `json:"lines"`
}

// pending is the conversation's proposal awaiting the customer's yes, as
// the console shows it (nil: none).
func (h *harness) pending(conv string) (*pendingProposal, error) {
	tok, err := h.consoleToken()
	if err != nil {
		return nil, err
	}
	var d struct {
		Pending *pendingProposal `json:"pending"`
	}
	if code, err := h.call(http.MethodGet, "/console/api/conversations/"+conv, tok, nil, &d); err != nil || code != http.StatusOK {
		return nil, fmt.Errorf("GET /console/api/conversations/%s: HTTP %d %v", conv, code, err)
	}
	return d.Pending, nil
}

// writesAbout are the Admin API writes since the mark-th operation about
// order id (#num): a refund of it, or a replacement of it.
func (h *harness) writesAbout(mark int, id string, num int) []ShopifyOp {
	var out []ShopifyOp
	for _, op := range h.s.Shopify.Ops()[mark:] {
		b, _ := json.Marshal(op.Vars)
		if op.Mutation && (bytes.Contains(b, []byte("gid://shopify/Order/"+id)) || bytes.Contains(b, []byte(fmt.Sprintf("replaces-%d", num)))) {
			out = append(out, op)
		}
	}
	return out
}

func opNames(ops []ShopifyOp) []string {
	var out []string
	for _, op := range ops {
		out = append(out, op.Name)
	}
	return out
}

// checkParcelWrite checks what the write carries: a replacement sends the
// skillet's variant once, free, tagged as replacing #num; a refund gives
// back the $63.20 paid, for the skillet's line, not restocked.
func checkParcelWrite(op ShopifyOp, id string, num int) error {
	raw, _ := json.Marshal(op.Vars)
	switch op.Name {
	case "DoorstepReplacement":
		var v struct {
			Order struct {
				Tags      []string `json:"tags"`
				Email     string   `json:"email"`
				LineItems []struct {
					VariantID string `json:"variantId"`
					Quantity  int    `json:"quantity"`
					PriceSet  struct {
						ShopMoney struct {
							Amount string `json:"amount"`
						} `json:"shopMoney"`
					} `json:"priceSet"`
				} `json:"lineItems"`
				ShippingAddress map[string]any `json:"shippingAddress"`
			} `json:"order"`
		}
		if err := json.Unmarshal(raw, &v); err != nil {
			return fmt.Errorf("replacement variables %s: %w", raw, err)
		}
		o := v.Order
		if len(o.LineItems) != 1 || o.LineItems[0].VariantID != "gid://shopify/ProductVariant/4700000000401" || o.LineItems[0].Quantity != 1 ||
			o.LineItems[0].PriceSet.ShopMoney.Amount != "0.00" || !slices.Contains(o.Tags, fmt.Sprintf("replaces-%d", num)) || o.ShippingAddress == nil {
			return fmt.Errorf("replacement order %s: want 1 × the skillet's variant at 0.00, tagged replaces-%d, to the order's address", raw, num)
		}
	case "DoorstepRefund":
		var v struct {
			Input struct {
				OrderID      string `json:"orderId"`
				Transactions []struct {
					Amount string `json:"amount"`
					Kind   string `json:"kind"`
				} `json:"transactions"`
				RefundLineItems []struct {
					LineItemID  string `json:"lineItemId"`
					Quantity    int    `json:"quantity"`
					RestockType string `json:"restockType"`
				} `json:"refundLineItems"`
			} `json:"input"`
		}
		if err := json.Unmarshal(raw, &v); err != nil {
			return fmt.Errorf("refund variables %s: %w", raw, err)
		}
		in := v.Input
		if in.OrderID != "gid://shopify/Order/"+id || len(in.Transactions) != 1 || in.Transactions[0].Amount != "63.20" || in.Transactions[0].Kind != "REFUND" ||
			len(in.RefundLineItems) != 1 || in.RefundLineItems[0].LineItemID != "gid://shopify/LineItem/"+parcelLineID || in.RefundLineItems[0].Quantity != 1 {
			return fmt.Errorf("refund %s: want 63.20 refunded on order %s for 1 × line %s", raw, id, parcelLineID)
		}
	default:
		return fmt.Errorf("unexpected write %s", op.Name)
	}
	return nil
}
