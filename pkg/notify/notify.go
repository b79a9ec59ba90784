// Package notify sends the customer what happens to their order: shipping
// notifications (order confirmed, shipped, out for delivery, delivered,
// delayed), each at most once per shipment, and the notices the delivery
// check writes. Mail goes through email.Sender in the shop's name and
// colours (HTML and text), SMS optionally; a customer's opt-out (collection
// "optout", set by a signed unsubscribe link) is honoured.
package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/mail"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/email"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/settings"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Kind is a kind of shipping notification.
type Kind string

// Shipping notifications.
const (
	KindConfirmed      Kind = "confirmed"
	KindShipped        Kind = "shipped"
	KindOutForDelivery Kind = "out_for_delivery"
	KindDelivered      Kind = "delivered"
	KindDelayed        Kind = "delayed"
)

// topicOrdersCreate is Shopify's webhook topic for a new order.
const topicOrdersCreate = "orders/create"

// RememberFor is how long a sent notice's key is kept.
const RememberFor = 400 * 24 * time.Hour

// DefaultMaxAge is how old news may be and still be announced: a backfill
// of old orders sends nothing.
const DefaultMaxAge = 72 * time.Hour

// Store is what notify needs.
type Store interface {
	GetOrder(ctx context.Context, shop, id string) (order.Order, error)
	Claim(ctx context.Context, key string, expires time.Time) error
	Release(ctx context.Context, key string) error
	GetDoc(ctx context.Context, coll, id string) ([]byte, error)
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
}

// Notifier sends notifications.
type Notifier struct {
	Store Store
	Mail  email.Sender
	SMS   SMS // nil: no SMS
	// Texts, when set, sends the texts instead, to customers who opted in
	// (package sms); SMS is then unused.
	Texts  Texter
	Brands Brands
	// Rules, when set, put delivery estimates in the messages.
	Rules *edd.Rules
	Clock clock.Clock
	Log   *slog.Logger
	// Keys sign unsubscribe and tracking links (nil: mail has none).
	Keys *signed.Keyring
	// BaseURL is doorstep's public address, for those links.
	BaseURL string
	// Disabled kinds are not sent (say, when Shopify sends its own).
	Disabled map[Kind]bool
	// Merchant, when set, gives the shop's console settings: a kind
	// switched off there is not sent, and SMS goes only when switched on.
	Merchant Merchant
	// MaxAge overrides DefaultMaxAge.
	MaxAge time.Duration
}

// Notice is one message to a customer about an order.
type Notice struct {
	// Key makes the notice at-most-once; empty sends every time.
	Key      string
	Kind     Kind
	Order    order.Order
	Shipment *order.Shipment
	Subject  string
	Heading  string
	// Paragraphs are plain text.
	Paragraphs []string
	// Transactional notices (a refund or replacement made) reach customers
	// who opted out of shipping updates too.
	Transactional bool
	// SMS is the text message, when one should go too.
	SMS string
	// Estimate is shown as a fact, when set, under EstimateLabel
	// ("Estimated delivery" when empty); SetEstimate fills both.
	Estimate      string
	EstimateLabel string
	// Items, when set, are the lines the notice is about, with the units
	// meant (the items not shipped yet, say), listed under ItemsLabel
	// ("In this parcel" when empty); unset, the shipment's lines, else the
	// order's.
	Items      []order.LineItem
	ItemsLabel string
	// Thread names the problem the notice is about (ThreadKey): the first
	// notice of a thread is remembered, and each later one goes as a reply
	// to it (In-Reply-To and References naming its Message-ID) under the
	// same subject, so a mail client shows one conversation.
	Thread string
}

// ThreadsCollection holds the first notice of each problem thread, by
// ThreadKey.
const ThreadsCollection = "notice_threads"

// ThreadKey names the problem thread of one parcel of an order.
func ThreadKey(shop, orderID, shipmentID string) string {
	return shop + "|" + orderID + "|" + shipmentID
}

// Thread is the first notice of a problem thread.
type Thread struct {
	MessageID string    `json:"message_id"`
	Subject   string    `json:"subject"`
	Kind      Kind      `json:"kind"`
	At        time.Time `json:"at"`
}

// ThreadOf reads the first notice of the thread key; ok is false while
// the thread has none.
func (n *Notifier) ThreadOf(ctx context.Context, key string) (th Thread, ok bool, err error) {
	b, err := n.Store.GetDoc(ctx, ThreadsCollection, key)
	if errors.Is(err, store.ErrNotFound) {
		return Thread{}, false, nil
	}
	if err != nil {
		return Thread{}, false, fmt.Errorf("read notice thread: %w", err)
	}
	if err := json.Unmarshal(b, &th); err != nil {
		return Thread{}, false, fmt.Errorf("decode notice thread: %w", err)
	}
	return th, th.MessageID != "", nil
}

// SetEstimate puts the parcel's estimate, as it stands today, in the
// notice: the dates while they are ahead, "Was due by …" once passed.
func (nt *Notice) SetEstimate(ol edd.Outlook) {
	nt.Estimate, nt.EstimateLabel = ol.Value(), ol.Label()
}

// NoticeKey is the idempotency key of one notice: shipment "-" for a
// notice about the whole order.
func NoticeKey(shop, orderID, shipmentID, kind string) string {
	if shipmentID == "" {
		shipmentID = "-"
	}
	return "notice:" + shop + ":" + orderID + ":" + shipmentID + ":" + kind
}

func (n *Notifier) log() *slog.Logger {
	if n.Log == nil {
		return slog.Default()
	}
	return n.Log
}

type backfillKey struct{}

// Backfill marks ctx as loading history (a demo shop's seed, an import of
// past orders): notifications are not sent for what happens under it.
func Backfill(ctx context.Context) context.Context {
	return context.WithValue(ctx, backfillKey{}, true)
}

func isBackfill(ctx context.Context) bool { b, _ := ctx.Value(backfillKey{}).(bool); return b }

// Deliver sends a notice once: it reports false with no error when the
// notice was sent before, the customer opted out, the kind is disabled,
// the order has no email or ctx is a Backfill. A failed send releases the
// key, so a retry sends it.
func (n *Notifier) Deliver(ctx context.Context, nt Notice) (bool, error) {
	if isBackfill(ctx) {
		return false, nil
	}
	o := nt.Order
	log := n.log().With("shop", o.Shop, "order_id", o.ID, "kind", nt.Kind)
	to := strings.TrimSpace(o.Email)
	if to == "" {
		to = strings.TrimSpace(o.Customer.Email)
	}
	if to == "" {
		log.InfoContext(ctx, "notice not sent: no email on the order")
		return false, nil
	}
	if n.Disabled[nt.Kind] {
		return false, nil
	}
	sms := n.SMS != nil || n.Texts != nil
	if n.Merchant != nil {
		m, err := n.Merchant.Get(ctx, o.Shop)
		if err != nil {
			return false, fmt.Errorf("merchant settings: %w", err)
		}
		if !m.Notifications.Sends(string(nt.Kind)) {
			log.InfoContext(ctx, "notice not sent: switched off in the console")
			return false, nil
		}
		sms = sms && m.Notifications.SMS
	}
	if n.Mail == nil || strings.TrimSpace(n.Brands.Brand(ctx, o.Shop).FromAddress) == "" {
		log.InfoContext(ctx, "notice not sent: the email channel is off (no sender address)")
		return false, nil
	}
	out, err := n.OptedOut(ctx, o.Shop, to)
	if err != nil {
		return false, err
	}
	if out && !nt.Transactional {
		log.InfoContext(ctx, "notice not sent: customer opted out")
		return false, nil
	}
	now := n.Clock.Now()
	if nt.Key != "" {
		if err := n.Store.Claim(ctx, nt.Key, now.Add(RememberFor)); errors.Is(err, store.ErrDuplicate) {
			return false, nil
		} else if err != nil {
			return false, fmt.Errorf("claim notice: %w", err)
		}
	}
	var th Thread
	threaded := false
	if nt.Thread != "" {
		var err error
		if th, threaded, err = n.ThreadOf(ctx, nt.Thread); err != nil {
			if nt.Key != "" {
				err = errors.Join(err, n.Store.Release(ctx, nt.Key))
			}
			return false, err
		}
	}
	m, err := n.compose(ctx, nt, to, n.baseURL(ctx), !out)
	if threaded {
		m.Subject, m.InReplyTo, m.References = th.Subject, th.MessageID, []string{th.MessageID}
	}
	var msgID string
	if err == nil {
		msgID, err = n.Mail.Send(ctx, m)
	}
	if err == nil && nt.Thread != "" && !threaded && msgID != "" {
		// The mail went: a thread that cannot be remembered is logged, and
		// the next notice starts its own.
		b, _ := json.Marshal(Thread{MessageID: msgID, Subject: m.Subject, Kind: nt.Kind, At: now})
		if perr := n.Store.PutDoc(ctx, ThreadsCollection, nt.Thread, b, now.Add(RememberFor)); perr != nil {
			log.WarnContext(ctx, "notice thread not saved", "err", perr)
		}
	}
	if err != nil {
		if nt.Key != "" {
			if rerr := n.Store.Release(ctx, nt.Key); rerr != nil {
				err = errors.Join(err, rerr)
			}
		}
		return false, fmt.Errorf("send %s notice: %w", nt.Kind, err)
	}
	log.InfoContext(ctx, "notice sent")
	if sms && nt.SMS != "" && n.Texts != nil {
		// The mail went: an SMS failure is logged, not retried, so a retry
		// never mails twice.
		if err := n.Texts.Text(WithBaseURL(ctx, n.baseURL(ctx)), o, nt.SMS); err != nil {
			log.WarnContext(ctx, "sms not sent", "err", err)
		}
	} else if sms && nt.SMS != "" {
		if phone := customerPhone(o); phone != "" {
			// The mail went: an SMS failure is logged, not retried, so a
			// retry never mails twice.
			if err := n.SMS.SendSMS(ctx, phone, nt.SMS); err != nil {
				log.WarnContext(ctx, "sms not sent", "err", err)
			}
		}
	}
	return true, nil
}

func customerPhone(o order.Order) string {
	if p := strings.TrimSpace(o.Customer.Phone); p != "" {
		return p
	}
	if o.ShippingAddress != nil {
		return strings.TrimSpace(o.ShippingAddress.Phone)
	}
	return ""
}

type fact struct{ Label, Value string }

type mailData struct {
	ShopName, Primary, Accent, Logo, StoreURL string
	Heading, Preheader                        string
	Paragraphs, Items                         []string
	ItemsLabel                                string
	Facts                                     []fact
	Button, ButtonURL, Unsubscribe            string
}

// Compose builds the message of a notice, to the given address.
func (n *Notifier) Compose(ctx context.Context, nt Notice, to string) (email.Outgoing, error) {
	return n.compose(ctx, nt, to, n.BaseURL, true)
}

// compose builds the mail; unsub adds the opt-out link and headers (not
// for a customer who opted out already and gets a transactional notice).
func (n *Notifier) compose(ctx context.Context, nt Notice, to, base string, unsub bool) (email.Outgoing, error) {
	o := nt.Order
	brand := n.Brands.Brand(ctx, o.Shop)
	d := mailData{
		ShopName: brand.Name(), Primary: brand.Primary(), Accent: brand.Accent(), Logo: brand.Logo(),
		StoreURL: safeLink(brand.StoreURL), Heading: nt.Heading, Paragraphs: nt.Paragraphs,
	}
	if len(nt.Paragraphs) > 0 {
		d.Preheader = nt.Paragraphs[0]
	}
	if sh := nt.Shipment; sh != nil {
		if sh.Carrier != "" {
			d.Facts = append(d.Facts, fact{"Carrier", strings.TrimSpace(sh.Carrier + " " + serviceName(sh.Service))})
		}
		if sh.TrackingNumber != "" {
			d.Facts = append(d.Facts, fact{"Tracking number", sh.TrackingNumber})
		}
		d.Items = ItemNames(o.LinesIn(*sh))
	} else {
		d.Items = ItemNames(o.LineItems)
	}
	if nt.Items != nil {
		d.Items = ItemNames(nt.Items)
	}
	d.ItemsLabel = nt.ItemsLabel
	if d.ItemsLabel == "" {
		d.ItemsLabel = "In this parcel"
	}
	if nt.Estimate != "" {
		label := nt.EstimateLabel
		if label == "" {
			label = "Estimated delivery"
		}
		d.Facts = append(d.Facts, fact{label, nt.Estimate})
	}
	if base != "" && n.Keys != nil {
		d.Button, d.ButtonURL = "Track your order", trackURL(base, n.Keys, o.Shop, o.ID)
		// Every notice is unasked-for mail, so each carries the opt-out
		// (List-Unsubscribe and one-click List-Unsubscribe-Post too),
		// transactional ones included: the link stops shipping updates,
		// while news of a refund or replacement still reaches a customer
		// who used it (with no link: they are out already).
		if unsub {
			d.Unsubscribe = unsubscribeURL(base, n.Keys, o.Shop, to)
		}
	} else if nt.Shipment != nil && safeLink(nt.Shipment.TrackingURL) != "" {
		d.Button, d.ButtonURL = "Track your parcel", safeLink(nt.Shipment.TrackingURL)
	}
	m := email.Outgoing{
		From:    brand.From(),
		To:      mail.Address{Name: customerName(o, true), Address: to},
		Subject: nt.Subject,
		Text:    plainText(d),
		HTML:    mailHTML(d),
		Date:    n.Clock.Now(),
		// X-Doorstep-Order files the mail's Message-ID under the order
		// (package mailin's Filing, which takes it off): a reply opens a
		// conversation about it.
		Headers: map[string]string{"X-Doorstep-Notice": string(nt.Kind), "X-Doorstep-Order": o.Name},
	}
	if d.Unsubscribe != "" {
		m.Headers["List-Unsubscribe"] = "<" + d.Unsubscribe + ">"
		m.Headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
	}
	return m, nil
}

func plainText(d mailData) string {
	var b strings.Builder
	b.WriteString(d.Heading + "\n\n")
	for _, p := range d.Paragraphs {
		b.WriteString(p + "\n\n")
	}
	for _, f := range d.Facts {
		b.WriteString(f.Label + ": " + f.Value + "\n")
	}
	if len(d.Facts) > 0 {
		b.WriteString("\n")
	}
	if len(d.Items) > 0 {
		b.WriteString(d.ItemsLabel + ":\n")
		for _, it := range d.Items {
			b.WriteString("- " + it + "\n")
		}
		b.WriteString("\n")
	}
	if d.ButtonURL != "" {
		b.WriteString(d.Button + ": " + d.ButtonURL + "\n\n")
	}
	b.WriteString(d.ShopName + "\n")
	if d.Unsubscribe != "" {
		b.WriteString("Stop shipping updates: " + d.Unsubscribe + "\n")
	}
	return b.String()
}

// ItemNames names lines as a notice lists them: "2 × Mug (Blue)".
func ItemNames(lines []order.LineItem) []string {
	var out []string
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

// customerName is the customer's first name (or full name), "" when none.
func customerName(o order.Order, full bool) string {
	first, last := o.Customer.FirstName, o.Customer.LastName
	if first == "" && o.ShippingAddress != nil {
		parts := strings.Fields(o.ShippingAddress.Name)
		if len(parts) > 0 {
			first, last = parts[0], strings.Join(parts[1:], " ")
		}
	}
	if full {
		return strings.TrimSpace(first + " " + last)
	}
	return first
}

// Greeting is "Hi Daniel," or "Hi,".
func Greeting(o order.Order) string {
	if n := customerName(o, false); n != "" {
		return "Hi " + n + ","
	}
	return "Hi,"
}

func serviceName(s string) string {
	if strings.EqualFold(s, "manual") {
		return ""
	}
	return s
}

func safeLink(s string) string { return order.HTTPURL(s) }

// Day formats a date the way messages say it: "Tue, Nov 24" (edd.Day).
func Day(d edd.Date) string { return edd.Day(d) }

// Range formats an estimate: "Tue, Nov 24" or "Tue, Nov 24 – Fri, Nov 27"
// (edd.Range).
func Range(e edd.Estimate) string { return edd.Range(e) }

// EstimateOf is the delivery estimate of a shipment of o, by rules
// (edd.Rules.ForParcel).
func EstimateOf(rules edd.Rules, o order.Order, sh *order.Shipment) edd.Estimate {
	return rules.ForParcel(o, sh)
}

// setEstimate puts the parcel's estimate, as it stands now, in nt.
func (n *Notifier) setEstimate(nt *Notice, o order.Order, sh *order.Shipment) {
	if n.Rules == nil {
		return
	}
	nt.SetEstimate(n.Rules.At(n.Rules.ForParcel(o, sh), n.Clock.Now()))
}

// loc is the shop's time zone (UTC when the rules name none).
func (n *Notifier) loc() *time.Location {
	if n.Rules != nil && n.Rules.Location != nil {
		return n.Rules.Location
	}
	return time.UTC
}

// sameDay reports whether a and b fall on the same day in loc.
func sameDay(a, b time.Time, loc *time.Location) bool {
	y1, m1, d1 := a.In(loc).Date()
	y2, m2, d2 := b.In(loc).Date()
	return y1 == y2 && m1 == m2 && d1 == d2
}

func (n *Notifier) maxAge() time.Duration {
	if n.MaxAge > 0 {
		return n.MaxAge
	}
	return DefaultMaxAge
}

// OrderApplied sends the order confirmation for a new order (the Shopify
// intake's Applied reaction calls it). A failed send is returned, for the
// event to be retried: the notice's key makes the retry send it once.
func (n *Notifier) OrderApplied(ctx context.Context, topic string, c store.Change) error {
	o := c.Order
	if topic != topicOrdersCreate || o == nil || o.CancelledAt != nil {
		return nil
	}
	if n.Clock.Now().Sub(o.CreatedAt) > 24*time.Hour {
		return nil
	}
	name := o.Name
	nt := Notice{
		Key: NoticeKey(o.Shop, o.ID, "", string(KindConfirmed)), Kind: KindConfirmed, Order: *o,
		Subject: fmt.Sprintf("Order %s confirmed", name),
		Heading: "Thanks for your order",
		Paragraphs: []string{
			Greeting(*o),
			fmt.Sprintf("We've got your order %s and we're getting it ready. We'll email you again as soon as it ships.", name),
		},
		SMS: fmt.Sprintf("%s: thanks for your order %s. We'll text you when it ships.", n.Brands.Brand(ctx, o.Shop).Name(), name),
	}
	n.setEstimate(&nt, *o, nil)
	if _, err := n.Deliver(ctx, nt); err != nil {
		return fmt.Errorf("order confirmation of order %s: %w", o.ID, err)
	}
	return nil
}

// ShipmentUpdated sends the notification a shipment's new state calls for
// (shipped, out for delivery, delivered), once each, when the news is
// recent. Tracking's Updated hook calls it; a failure is returned (the
// notice's key makes a retry send it once).
func (n *Notifier) ShipmentUpdated(ctx context.Context, sh order.Shipment) error {
	if err := n.shipmentUpdated(ctx, sh); err != nil {
		return fmt.Errorf("shipping notification of shipment %s: %w", sh.ID, err)
	}
	return nil
}

func (n *Notifier) shipmentUpdated(ctx context.Context, sh order.Shipment) error {
	if sh.Cancelled() {
		return nil
	}
	var kind Kind
	var at time.Time
	switch order.ShipmentStage(sh) {
	case order.StageLabelCreated:
		if sh.TrackingNumber == "" {
			return nil
		}
		kind, at = KindShipped, sh.CreatedAt
	case order.StageInTransit:
		kind, at = KindShipped, sh.CreatedAt
		if sh.ShippedAt != nil {
			at = *sh.ShippedAt
		}
	case order.StageOutForDelivery:
		kind, at = KindOutForDelivery, sh.LastEventAt
	case order.StageDelivered:
		kind, at = KindDelivered, sh.LastEventAt
		if sh.DeliveredAt != nil {
			at = *sh.DeliveredAt
		}
	default:
		return nil
	}
	if n.Disabled[kind] || n.Clock.Now().Sub(at) > n.maxAge() {
		return nil
	}
	if kind == KindDelivered || kind == KindShipped {
		// A parcel with a problem thread hears of its delivery, or of the
		// carrier's first scan of a label it had never scanned, in that
		// thread, from the delivery check ("delivered after all", "on its
		// way now"), not by a plain mail beside it.
		if _, ok, err := n.ThreadOf(ctx, ThreadKey(sh.Shop, sh.OrderID, sh.ID)); err != nil || ok {
			return err
		}
	}
	o, err := n.Store.GetOrder(ctx, sh.Shop, sh.OrderID)
	if err != nil {
		return fmt.Errorf("read order: %w", err)
	}
	nt := n.shippingNotice(ctx, o, sh, kind)
	_, err = n.Deliver(ctx, nt)
	return err
}

func (n *Notifier) shippingNotice(ctx context.Context, o order.Order, sh order.Shipment, kind Kind) Notice {
	shop := n.Brands.Brand(ctx, o.Shop).Name()
	carrier := sh.Carrier
	if carrier == "" {
		carrier = "the carrier"
	}
	nt := Notice{Key: NoticeKey(o.Shop, o.ID, sh.ID, string(kind)), Kind: kind, Order: o, Shipment: &sh}
	hi := Greeting(o)
	switch kind {
	case KindShipped:
		nt.Subject = fmt.Sprintf("Your order %s is on its way", o.Name)
		nt.Heading = "Your order is on its way"
		nt.Paragraphs = []string{hi, fmt.Sprintf("Good news: your order %s has shipped with %s.", o.Name, carrier)}
		n.setEstimate(&nt, o, &sh)
		nt.SMS = fmt.Sprintf("%s: your order %s has shipped with %s.", shop, o.Name, carrier)
	case KindOutForDelivery:
		if sh.Status == order.StatusReadyForPickup {
			nt.Subject = fmt.Sprintf("Your order %s is ready for pickup", o.Name)
			nt.Heading = "Ready for pickup"
			nt.Paragraphs = []string{hi, fmt.Sprintf("%s has your order %s waiting for you to pick up. The tracking page says where.", carrier, o.Name)}
			nt.SMS = fmt.Sprintf("%s: your order %s is ready for pickup.", shop, o.Name)
		} else {
			// "Today" only for a scan made today in the shop's zone: a
			// retried webhook or a late-evening scan read after midnight
			// names its day.
			loc := n.loc()
			scan := sh.LastEventAt
			if scan.IsZero() {
				scan = sh.UpdatedAt
			}
			if scan.IsZero() || sameDay(scan, n.Clock.Now(), loc) {
				nt.Subject = fmt.Sprintf("Your order %s is out for delivery", o.Name)
				nt.Heading = "Out for delivery today"
				nt.Paragraphs = []string{hi, fmt.Sprintf("Your order %s is out for delivery with %s and should arrive today.", o.Name, carrier)}
				nt.SMS = fmt.Sprintf("%s: your order %s is out for delivery today.", shop, o.Name)
			} else {
				day := scan.In(loc).Format("Mon, Jan 2")
				nt.Subject = fmt.Sprintf("An update on your order %s", o.Name)
				nt.Heading = "Out for delivery on " + day
				nt.Paragraphs = []string{hi, fmt.Sprintf("Your order %s went out for delivery with %s on %s and hasn't been marked delivered since.", o.Name, carrier, day),
					"If it isn't there, just reply to this email and we'll look into it."}
				nt.SMS = fmt.Sprintf("%s: your order %s went out for delivery on %s and hasn't been marked delivered since.", shop, o.Name, day)
			}
			n.setEstimate(&nt, o, &sh)
		}
	case KindDelivered:
		when := ""
		if sh.DeliveredAt != nil {
			when = " on " + sh.DeliveredAt.In(n.loc()).Format("Mon, Jan 2")
		}
		nt.Subject = fmt.Sprintf("Your order %s was delivered", o.Name)
		nt.Heading = "Delivered"
		nt.Paragraphs = []string{hi, fmt.Sprintf("%s delivered your order %s%s. We hope you love it.", carrier, o.Name, when),
			"If it isn't there or something's wrong, just reply to this email and we'll sort it out."}
		nt.SMS = fmt.Sprintf("%s: your order %s was delivered.", shop, o.Name)
	}
	return nt
}

// ServeHTTP serves GET and POST /unsubscribe.
func (n *Notifier) ServeHTTP(w http.ResponseWriter, r *http.Request) { n.ServeUnsubscribe(w, r) }

type pageData struct {
	ShopName, Primary, Accent string
	Title, Text, Button       string
	Token                     string
}

func (n *Notifier) page(w http.ResponseWriter, status int, b Brand, d pageData) {
	d.ShopName, d.Primary, d.Accent = b.Name(), b.Primary(), b.Accent()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(pageHTML(d)))
}

// Merchant gives a shop's settings as saved in the console
// (settings.Service).
type Merchant interface {
	Get(ctx context.Context, shop string) (settings.Settings, error)
}
