package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/httpjson"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// Search bounds: a search reads at most scanMax recent conversations, and
// the messages of at most textScanMax of them.
const (
	pageSize    = 100
	scanMax     = 1000
	textScanMax = 150
	// MaxReply is the longest staff reply, in bytes.
	MaxReply = 4096
)

// Summary is a conversation in a list.
type Summary struct {
	ID        string               `json:"id"`
	Channel   conversation.Channel `json:"channel"`
	Status    conversation.Status  `json:"status"`
	Customer  string               `json:"customer"`
	Verified  bool                 `json:"verified"`
	Subject   string               `json:"subject,omitempty"`
	Orders    []string             `json:"orders"`
	Topics    []string             `json:"topics"`
	Summary   string               `json:"summary,omitempty"`
	Messages  int                  `json:"messages"`
	CostUSD   float64              `json:"cost_usd"`
	Tokens    int                  `json:"tokens"`
	CSAT      int                  `json:"csat,omitempty"`
	CreatedAt time.Time            `json:"created_at"`
	UpdatedAt time.Time            `json:"updated_at"`
}

func summarize(c conversation.Conversation) Summary {
	s := Summary{ID: c.ID, Channel: c.Channel, Status: c.Status, Customer: customer(c), Verified: c.Verified(),
		Subject: c.Subject, Orders: c.Orders, Topics: c.Topics, Summary: c.Summary, Messages: c.Messages,
		CostUSD: c.Usage.CostUSD, Tokens: c.Usage.InputTokens + c.Usage.OutputTokens, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	if s.Orders == nil {
		s.Orders = []string{}
	}
	if s.Topics == nil {
		s.Topics = []string{}
	}
	if c.CSAT != nil {
		s.CSAT = c.CSAT.Score
	}
	return s
}

func customer(c conversation.Conversation) string {
	switch {
	case c.CustomerEmail != "":
		return c.CustomerEmail
	case c.Contact != "":
		return c.Contact
	}
	return "Visitor (not verified)"
}

var (
	orderQuery = regexp.MustCompile(`^#?\s*(\d{3,9})$`)
	emailQuery = regexp.MustCompile(`^[^@\s]+@[^@\s]+$`)
)

// listConversations is GET /console/api/conversations?q=&status=&before=&limit=:
// newest first; q finds an order number ("#1003"), an email, or text in
// the summary, subject and (for recent ones) the messages.
func (c *Console) listConversations(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	status := conversation.Status(r.URL.Query().Get("status"))
	switch status {
	case "", conversation.StatusOpen, conversation.StatusHandover, conversation.StatusClosed:
	default:
		c.fail(w, r, badRequest("status must be open, handover or closed"))
		return
	}
	limit := 50
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 200 {
			c.fail(w, r, badRequest("limit must be a number from 1 to 200"))
			return
		}
		limit = n
	}
	var before time.Time
	if s := r.URL.Query().Get("before"); s != "" {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			c.fail(w, r, badRequest("before must be an RFC 3339 time"))
			return
		}
		before = t
	}
	res, err := c.search(r.Context(), q, status, before, limit)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	httpjson.Write(w, http.StatusOK, res)
}

type searchResult struct {
	Conversations []Summary `json:"conversations"`
	// Next is the before= of the next page; empty at the end.
	Next string `json:"next,omitempty"`
	// Scanned counts the conversations looked at; Complete is false when
	// the search stopped at its bound before the end.
	Scanned  int  `json:"scanned"`
	Complete bool `json:"complete"`
}

func (c *Console) search(ctx context.Context, q string, status conversation.Status, before time.Time, limit int) (searchResult, error) {
	out := searchResult{Conversations: []Summary{}, Complete: true}
	seen := map[string]bool{}
	keep := func(cv conversation.Conversation) bool {
		if seen[cv.ID] || len(out.Conversations) >= limit || (status != "" && cv.Status != status) {
			return false
		}
		seen[cv.ID] = true
		out.Conversations = append(out.Conversations, summarize(cv))
		return true
	}
	var match func(conversation.Conversation) bool
	lq := strings.ToLower(q)
	switch {
	case q == "":
		match = func(conversation.Conversation) bool { return true }
	case orderQuery.MatchString(q):
		name := "#" + orderQuery.FindStringSubmatch(q)[1]
		match = func(cv conversation.Conversation) bool { return slices.Contains(cv.Orders, name) }
		// The order's customer's conversations (verified with the order,
		// or about another of theirs), beyond the scan window too.
		if o, err := c.Store.GetOrderByName(ctx, c.Shop, name); err == nil && o.Email != "" && before.IsZero() {
			byEmail, err := c.Store.ConversationsByEmail(ctx, c.Shop, order.NormaliseEmail(o.Email), 50)
			if err != nil {
				return out, fmt.Errorf("conversations by email: %w", err)
			}
			for _, cv := range byEmail {
				keep(cv)
			}
		} else if err != nil && !errors.Is(err, store.ErrNotFound) {
			return out, fmt.Errorf("find order: %w", err)
		}
	case emailQuery.MatchString(q):
		email := order.NormaliseEmail(q)
		match = func(cv conversation.Conversation) bool {
			return cv.CustomerEmail == email || strings.EqualFold(cv.Contact, email)
		}
		if before.IsZero() {
			byEmail, err := c.Store.ConversationsByEmail(ctx, c.Shop, email, 50)
			if err != nil {
				return out, fmt.Errorf("conversations by email: %w", err)
			}
			for _, cv := range byEmail {
				keep(cv)
			}
		}
	default:
		texts := 0
		match = func(cv conversation.Conversation) bool {
			hay := strings.ToLower(strings.Join([]string{cv.ID, cv.CustomerEmail, cv.Contact, cv.Subject, cv.Summary,
				strings.Join(cv.Orders, " "), strings.Join(cv.Topics, " ")}, "\n"))
			if strings.Contains(hay, lq) {
				return true
			}
			if texts >= textScanMax {
				out.Complete = false
				return false
			}
			texts++
			_, msgs, err := c.Store.GetConversation(ctx, c.Shop, cv.ID)
			if err != nil {
				return false
			}
			for _, m := range msgs {
				if strings.Contains(strings.ToLower(m.Text), lq) {
					return true
				}
			}
			return false
		}
	}
	cursor := before
	for out.Scanned < scanMax && len(out.Conversations) < limit {
		page, err := c.Store.ListConversations(ctx, c.Shop, cursor, pageSize)
		if err != nil {
			return out, fmt.Errorf("list conversations: %w", err)
		}
		for _, cv := range page {
			out.Scanned++
			cursor = cv.UpdatedAt
			if match(cv) && keep(cv) && len(out.Conversations) == limit {
				out.Next = cv.UpdatedAt.Format(time.RFC3339Nano)
				break
			}
		}
		if len(page) < pageSize {
			break
		}
		if out.Scanned >= scanMax {
			out.Complete = false
			out.Next = cursor.Format(time.RFC3339Nano)
		}
	}
	sort.SliceStable(out.Conversations, func(i, j int) bool {
		return out.Conversations[i].UpdatedAt.After(out.Conversations[j].UpdatedAt)
	})
	return out, nil
}

// OrderView is an order discussed in a conversation, with its journey.
type OrderView struct {
	Name  string      `json:"name"`
	Stage order.Stage `json:"stage"`
	// Partial is order.Journey's: parcels at different stages (some
	// shipped and some not, or one further along). Parcels say which.
	Partial          bool        `json:"partial,omitempty"`
	Total            order.Money `json:"total"`
	Currency         string      `json:"currency"`
	TotalText        string      `json:"total_text"` // pkg/money's (money.go)
	Items            []string    `json:"items"`
	PlacedAt         time.Time   `json:"placed_at"`
	ReturnWindowEnds *time.Time  `json:"return_window_ends,omitempty"`
	// Carrier, TrackingNumber and TrackingURL are the last parcel's.
	Carrier        string `json:"carrier,omitempty"`
	TrackingNumber string `json:"tracking_number,omitempty"`
	TrackingURL    string `json:"tracking_url,omitempty"`
	// Parcels are the order's parts, each on its own journey, as the
	// chat and the tracking page describe them.
	Parcels []ParcelView `json:"parcels"`
	Found   bool         `json:"found"`
}

// ParcelView is one parcel of an order: a shipment, or the items not
// shipped yet (Shipped false).
type ParcelView struct {
	Shipped        bool        `json:"shipped"`
	Items          []string    `json:"items"`
	Stage          order.Stage `json:"stage"`
	Carrier        string      `json:"carrier,omitempty"`
	TrackingNumber string      `json:"tracking_number,omitempty"`
	TrackingURL    string      `json:"tracking_url,omitempty"`
	// Estimate is the delivery estimate as the customer is told it
	// (pkg/edd), with EstimatePassed once it has gone by; none once
	// delivered or in trouble.
	Estimate       string `json:"estimate,omitempty"`
	EstimatePassed bool   `json:"estimate_passed,omitempty"`
	// OutToday: out for delivery on a scan made today in the shop's zone.
	OutToday    bool       `json:"out_today,omitempty"`
	LastScan    *time.Time `json:"last_scan,omitempty"`
	DeliveredAt *time.Time `json:"delivered_at,omitempty"`
	// Problem is the parcel's worst open problem (watch.ProblemsByShipment)
	// and ProblemDetail what was done about it, in the customer's words.
	Problem       string `json:"problem,omitempty"`
	ProblemDetail string `json:"problem_detail,omitempty"`
}

// ActionView is one action the agent took, with the message it came with.
type ActionView struct {
	conversation.Action
	Seq int       `json:"seq"`
	At  time.Time `json:"at"`
}

// Detail is one conversation, whole.
type Detail struct {
	Summary
	VerifiedBy string                      `json:"verified_by,omitempty"`
	Pending    *conversation.PendingAction `json:"pending,omitempty"`
	CSATDetail *conversation.CSAT          `json:"csat_detail,omitempty"`
	Usage      conversation.Usage          `json:"usage"`
	Messages   []conversation.Message      `json:"messages"`
	OrderViews []OrderView                 `json:"order_views"`
	// CustomerOrders is set when OrderViews are the verified customer's
	// latest orders, because none was discussed yet.
	CustomerOrders bool         `json:"customer_orders,omitempty"`
	Actions        []ActionView `json:"actions"`
	// Photos are the pictures the customer sent, oldest first.
	Photos []PhotoView `json:"photos"`
}

func (c *Console) policy(ctx context.Context) policy.Policy {
	if c.Settings != nil {
		if p, err := c.Settings.Policy(ctx, c.Shop); err == nil {
			return p
		}
	}
	return policy.Default()
}

// conversation is GET /console/api/conversations/{id}.
func (c *Console) conversation(w http.ResponseWriter, r *http.Request) {
	d, err := c.detail(r.Context(), r.PathValue("id"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	httpjson.Write(w, http.StatusOK, d)
}

func (c *Console) detail(ctx context.Context, id string) (Detail, error) {
	cv, msgs, err := c.Store.GetConversation(ctx, c.Shop, id)
	if errors.Is(err, store.ErrNotFound) {
		return Detail{}, errNoConversation
	}
	if err != nil {
		return Detail{}, fmt.Errorf("get conversation: %w", err)
	}
	d := Detail{Summary: summarize(cv), VerifiedBy: cv.VerifiedBy, Pending: cv.Pending, CSATDetail: cv.CSAT,
		Usage: cv.Usage, Messages: msgs, OrderViews: []OrderView{}, Actions: []ActionView{}, Photos: photoViews(cv)}
	if d.Messages == nil {
		d.Messages = []conversation.Message{}
	}
	for _, m := range msgs {
		for _, a := range m.Actions {
			d.Actions = append(d.Actions, ActionView{Action: a, Seq: m.Seq, At: m.At})
		}
	}
	pol := c.policy(ctx)
	now := c.Clock.Now()
	names := cv.Orders
	if len(names) > 5 {
		names = names[len(names)-5:]
	}
	for _, name := range names {
		o, err := c.Store.GetOrderByName(ctx, c.Shop, name)
		if errors.Is(err, store.ErrNotFound) {
			d.OrderViews = append(d.OrderViews, OrderView{Name: name, Items: []string{}})
			continue
		}
		if err != nil {
			return Detail{}, fmt.Errorf("get order %s: %w", name, err)
		}
		d.OrderViews = append(d.OrderViews, c.orderView(ctx, o, now, pol))
	}
	// No order came up yet: a verified customer's latest orders.
	if len(names) == 0 && cv.Verified() {
		orders, err := c.Store.OrdersByEmail(ctx, c.Shop, cv.CustomerEmail, 3)
		if err != nil {
			return Detail{}, fmt.Errorf("customer orders: %w", err)
		}
		for _, o := range orders {
			d.OrderViews = append(d.OrderViews, c.orderView(ctx, o, now, pol))
		}
		d.CustomerOrders = len(orders) > 0
	}
	return d, nil
}

// orderView is o as the console shows it, parcel by parcel: the journey
// every channel gives (watch.Journey's: order.Track with each parcel's
// worst open problem, in the shop's time zone) and pkg/edd's estimates.
func (c *Console) orderView(ctx context.Context, o order.Order, now time.Time, pol policy.Policy) OrderView {
	rules := c.rules()
	recs, err := watch.OrderProblems(ctx, c.Store, o.Shop, o.ID)
	if err != nil {
		c.log().WarnContext(ctx, "order problems", "order_id", o.ID, "err", err)
	}
	j := order.Track(o, now, rules.Location, pol.ReturnWindow(), watch.ProblemsByShipment(recs))
	v := OrderView{Name: o.Name, Found: true, Stage: j.Stage, Partial: j.Partial, ReturnWindowEnds: j.ReturnWindowEnds,
		Total: o.TotalPrice, Currency: o.Currency, PlacedAt: o.CreatedAt, Items: []string{}, Parcels: []ParcelView{}}
	if o.Currency != "" {
		v.TotalText = moneyText(o.TotalPrice, o.Currency, "")
	} else {
		v.TotalText = moneyText(o.TotalPrice, "", c.shopCurrency(ctx))
	}
	for _, li := range o.LineItems {
		v.Items = append(v.Items, li.Title)
	}
	for _, p := range j.Parcels {
		pv := ParcelView{Shipped: p.Shipped(), Items: lineTitles(p.Items), Stage: p.Stage, Problem: p.Problem, OutToday: p.OutToday}
		sh := p.Shipment
		if sh != nil {
			// Only an http(s) tracking URL becomes a link (a fulfillment may carry javascript:).
			pv.Carrier, pv.TrackingNumber, pv.TrackingURL = sh.Carrier, sh.TrackingNumber, order.HTTPURL(sh.TrackingURL)
			v.Carrier, v.TrackingNumber, v.TrackingURL = pv.Carrier, pv.TrackingNumber, pv.TrackingURL
			if !sh.LastEventAt.IsZero() {
				last := sh.LastEventAt
				pv.LastScan = &last
			}
			pv.DeliveredAt = sh.DeliveredAt
			for _, r := range recs {
				if r.ShipmentID == sh.ID && string(r.Kind) == p.Problem && r.Open() {
					pv.ProblemDetail = r.Detail
				}
			}
		}
		switch p.Stage {
		case order.StageDelivered, order.StagePastReturnWindow, order.StageDeliveryException, order.StageCancelled, order.StageReturnedRefunded:
		default:
			if p.OutToday || j.Stage == order.StageCancelled || j.Stage == order.StageReturnedRefunded {
				break
			}
			if est := rules.ForParcel(o, sh); !est.IsZero() {
				ol := rules.At(est, now)
				pv.Estimate, pv.EstimatePassed = ol.Value(), ol.Passed()
			}
		}
		v.Parcels = append(v.Parcels, pv)
	}
	return v
}

// lineTitles are a parcel's lines as bought: "2 × Harbor Stoneware Mug
// (Charcoal / 12 oz)".
func lineTitles(lines []order.LineItem) []string {
	out := []string{}
	for _, li := range lines {
		t := li.Title
		if li.Variant != "" {
			t += " (" + li.Variant + ")"
		}
		if li.Quantity > 1 {
			t = fmt.Sprintf("%d × %s", li.Quantity, t)
		}
		out = append(out, t)
	}
	return out
}

// change applies fn to a conversation and saves it with msgs (made by
// msgsFor from the conversation as read), retrying when another write got
// there first. It returns the conversation as read and as saved.
func (c *Console) change(ctx context.Context, id string, fn func(cv *conversation.Conversation, msgs []conversation.Message) ([]conversation.Message, bool)) (before, after conversation.Conversation, history []conversation.Message, err error) {
	for attempt := 0; ; attempt++ {
		cv, msgs, err := c.Store.GetConversation(ctx, c.Shop, id)
		if errors.Is(err, store.ErrNotFound) {
			return cv, cv, nil, errNoConversation
		}
		if err != nil {
			return cv, cv, nil, fmt.Errorf("get conversation: %w", err)
		}
		before = metrics.Snapshot(cv)
		version := cv.Version
		add, changed := fn(&cv, msgs)
		if !changed {
			return before, cv, msgs, nil
		}
		cv.UpdatedAt = c.Clock.Now()
		err = c.Store.SaveTurn(ctx, cv, version, add)
		if errors.Is(err, store.ErrConflict) && attempt < 10 {
			continue
		}
		if err != nil {
			return before, cv, msgs, fmt.Errorf("save conversation: %w", err)
		}
		cv.Version = version + 1
		return before, cv, msgs, nil
	}
}

// afterPerson records what a person's act means for metrics and tells the
// escalation; neither may fail the act itself.
func (c *Console) afterPerson(ctx context.Context, before, after conversation.Conversation, act string) {
	if c.Metrics != nil && before.Status != conversation.StatusHandover && after.Status == conversation.StatusHandover {
		if err := c.Metrics.Resolve(ctx, after, metrics.Handover); err != nil {
			c.log().WarnContext(ctx, "metrics", "conversation", after.ID, "err", err)
		}
	}
	if pa, ok := c.Handoffs.(PersonActs); ok {
		if err := pa.PersonActed(ctx, c.Shop, after.ID, act); err != nil {
			c.log().WarnContext(ctx, "tell escalation", "conversation", after.ID, "act", act, "err", err)
		}
	}
}

// takeOver is POST .../takeover: a person owns the conversation; the agent
// stays quiet.
func (c *Console) takeOver(w http.ResponseWriter, r *http.Request) {
	before, after, _, err := c.change(r.Context(), r.PathValue("id"), func(cv *conversation.Conversation, _ []conversation.Message) ([]conversation.Message, bool) {
		if cv.Status == conversation.StatusHandover {
			return nil, false
		}
		cv.Status = conversation.StatusHandover
		return nil, true
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.afterPerson(r.Context(), before, after, "taken")
	c.log().InfoContext(r.Context(), "conversation taken over", "conversation", after.ID)
	httpjson.Write(w, http.StatusOK, summarize(after))
}

// handBack is POST .../handback: the agent answers again.
func (c *Console) handBack(w http.ResponseWriter, r *http.Request) {
	before, after, _, err := c.change(r.Context(), r.PathValue("id"), func(cv *conversation.Conversation, _ []conversation.Message) ([]conversation.Message, bool) {
		if cv.Status == conversation.StatusOpen {
			return nil, false
		}
		cv.Status = conversation.StatusOpen
		return nil, true
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.afterPerson(r.Context(), before, after, "handed_back")
	c.log().InfoContext(r.Context(), "conversation handed back", "conversation", after.ID)
	httpjson.Write(w, http.StatusOK, summarize(after))
}

// reply is POST .../reply {"text": "..."}: a person's message in the
// conversation. Replying takes the conversation over.
func (c *Console) reply(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Text string `json:"text"`
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, MaxReply*2+256))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		c.fail(w, r, badRequest(`body must be {"text": "..."}`))
		return
	}
	text := strings.TrimSpace(body.Text)
	if text == "" || !utf8.ValidString(text) {
		c.fail(w, r, badRequest("the reply is empty"))
		return
	}
	if len(text) > MaxReply {
		c.fail(w, r, &apiError{http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("replies are limited to %d bytes", MaxReply)})
		return
	}
	ctx := r.Context()
	var sent conversation.Message
	before, after, history, err := c.change(ctx, r.PathValue("id"), func(cv *conversation.Conversation, _ []conversation.Message) ([]conversation.Message, bool) {
		if cv.Channel == conversation.ChannelEmail && c.Replies == nil {
			return nil, false
		}
		sent = conversation.Message{Seq: cv.Messages, Role: conversation.RoleStaff, Text: text, At: c.Clock.Now()}
		cv.Messages++
		cv.Status = conversation.StatusHandover
		return []conversation.Message{sent}, true
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if after.Channel == conversation.ChannelEmail && c.Replies == nil {
		c.fail(w, r, &apiError{http.StatusConflict, "no_email", "email replies need the email channel, which is off in this deployment"})
		return
	}
	if c.Metrics != nil {
		if waited, ok := waiting(history, sent.At); ok {
			if err := c.Metrics.StaffResponse(ctx, c.Shop, sent.At, waited); err != nil {
				c.log().WarnContext(ctx, "metrics", "conversation", after.ID, "err", err)
			}
		}
	}
	c.afterPerson(ctx, before, after, "replied")
	if c.Replies != nil && after.Channel != conversation.ChannelChat {
		if err := c.Replies.Deliver(ctx, after, sent); err != nil {
			c.log().ErrorContext(ctx, "deliver staff reply", "conversation", after.ID, "err", err)
			httpjson.Error(w, http.StatusBadGateway, "not_delivered", "the reply is in the conversation, but it could not be sent; try again later")
			return
		}
	}
	c.log().InfoContext(ctx, "staff reply", "conversation", after.ID, "seq", sent.Seq)
	httpjson.Write(w, http.StatusOK, map[string]any{"message": sent, "conversation": summarize(after)})
}

// waiting is how long the customer had waited for a person when one
// replied at at: since their first message after the last answer, where
// the agent's handover message is no answer. ok is false when nobody was
// waiting.
func waiting(history []conversation.Message, at time.Time) (time.Duration, bool) {
	start := -1
scan:
	for i := len(history) - 1; i >= 0; i-- {
		m := history[i]
		switch m.Role {
		case conversation.RoleCustomer:
			start = i
		case conversation.RoleStaff:
			break scan
		default:
			if !handedOver(m) {
				break scan
			}
		}
	}
	if start < 0 {
		return 0, false
	}
	return at.Sub(history[start].At), true
}

func handedOver(m conversation.Message) bool {
	for _, a := range m.Actions {
		if a.Tool == toolname.Handover && a.Status == "done" {
			return true
		}
	}
	return false
}
