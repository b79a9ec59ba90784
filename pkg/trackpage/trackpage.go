// Package trackpage is the customer's tracking page, GET /track: a form
// asking for the order number and the order's email (or a signed link from
// a notification), then the order's status, each parcel's timeline and
// delivery estimate, what doorstep is doing about a problem, and related
// products, in the shop's branding. It is server-rendered html/template
// (templates in web/track), with no script.
package trackpage

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"github.com/doorstep-ai/doorstep/pkg/money"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/catalog"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/lockout"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/tracking"
	"github.com/doorstep-ai/doorstep/pkg/watch"
	"github.com/doorstep-ai/doorstep/web/track"
)

// Store is what the page reads (and the lookup counters it keeps).
type Store interface {
	GetOrder(ctx context.Context, shop, id string) (order.Order, error)
	GetOrderByName(ctx context.Context, shop, name string) (order.Order, error)
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	Hit(ctx context.Context, key string, expires time.Time) (int64, error)
	Counters(ctx context.Context, keys []string) (map[string]int64, error)
	Add(ctx context.Context, key string, delta int64, expires time.Time) (int64, error)
	GetDoc(ctx context.Context, coll, id string) ([]byte, error)
}

// Page serves the tracking page for one shop.
type Page struct {
	Store  Store
	Shop   string
	Brands notify.Brands
	Rules  edd.Rules
	// Keys verify the signed links in notifications.
	Keys  *signed.Keyring
	Clock clock.Clock
	Log   *slog.Logger
	// ReturnWindow is the merchant's return window (for the stage).
	ReturnWindow time.Duration
	// PerClient is the lookups a client may make a minute (0: 20).
	PerClient int
	// ChatURL is the storefront page with the chat widget, for "report a
	// problem" (empty: the brand's StoreURL).
	ChatURL string
	// SMS, when set, offers text updates (an opt-in box, POST /track/sms).
	SMS Texts
	// Returns are self-service returns (returns.go); nil: none.
	Returns *Returns
	// Origins are where the page's forms may be posted from besides the
	// host a request was sent to: its public base URL (a custom domain in
	// front of API Gateway) and the storefront's origins.
	Origins []string
}

// tmpl is parsed on first use, not at every function's start.
var tmpl = sync.OnceValue(func() *template.Template { return template.Must(template.ParseFS(track.Templates, "*.html")) })

func (p *Page) log() *slog.Logger {
	if p.Log == nil {
		return slog.Default()
	}
	return p.Log
}

// ServeHTTP serves GET /track (the form, or a signed link's order) and
// POST /track (a lookup by order number and email).
func (p *Page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if r.URL.Path == "/track/return" {
		p.serveReturn(w, r)
		return
	}
	switch r.Method {
	case http.MethodGet:
		if t := r.URL.Query().Get("t"); t != "" {
			shop, id, err := notify.VerifyTrackToken(p.Keys, t)
			if err != nil || shop != p.Shop {
				p.render(r.Context(), w, http.StatusBadRequest, view{Error: "That tracking link is not valid. Enter your order number and email instead."})
				return
			}
			o, err := p.Store.GetOrder(ctx, shop, id)
			if err != nil {
				p.log().WarnContext(ctx, "tracking page: signed link to a missing order", "order_id", id, "err", err)
				p.render(r.Context(), w, http.StatusNotFound, view{Error: "We couldn't find that order. Enter your order number and email instead."})
				return
			}
			p.show(w, r, o)
			return
		}
		p.render(r.Context(), w, http.StatusOK, view{})
	case http.MethodPost:
		p.lookup(w, r)
	default:
		w.Header().Set("Allow", "GET, POST")
		p.render(r.Context(), w, http.StatusMethodNotAllowed, view{Error: "Use the form."})
	}
}

const notFound = "We couldn't find an order with that number and email. Check both and try again."

func (p *Page) lookup(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		p.render(r.Context(), w, http.StatusBadRequest, view{Error: "Enter your order number and email."})
		return
	}
	name := order.NormaliseName(r.PostForm.Get("order"))
	addr := order.NormaliseEmail(r.PostForm.Get("email"))
	v := view{OrderInput: strings.TrimSpace(r.PostForm.Get("order"))}
	if name == "" || addr == "" || len(name) > 40 || len(addr) > 254 {
		v.Error = "Enter your order number and email."
		p.render(r.Context(), w, http.StatusBadRequest, v)
		return
	}
	now := p.Clock.Now()
	limit := p.PerClient
	if limit <= 0 {
		limit = 20
	}
	n, err := p.Store.Hit(ctx, "trackpage:"+clientIP(r)+":"+now.Format("200601021504"), now.Add(2*time.Minute))
	if err == nil && n > int64(limit) {
		v.Error = "Too many tries. Wait a minute and try again."
		p.render(r.Context(), w, http.StatusTooManyRequests, v)
		return
	}
	// Wrong emails count with the chat's and the mail's (package lockout):
	// a locked order is refused even with the right email.
	ctx = lockout.WithClient(ctx, "ip:"+clientIP(r))
	guard := &lockout.Guard{Store: p.Store, Clock: p.Clock, Log: p.log()}
	guess, err := guard.Check(ctx, p.Shop, name)
	var locked *lockout.LockedError
	if errors.As(err, &locked) {
		v.Error = locked.Message()
		w.Header().Set("Retry-After", strconv.Itoa(int(locked.RetryAfter(now)/time.Second)))
		p.render(r.Context(), w, http.StatusTooManyRequests, v)
		return
	}
	if err != nil {
		p.log().ErrorContext(ctx, "tracking page lookup", "err", err)
		v.Error = "Something went wrong on our side. Please try again in a moment."
		p.render(r.Context(), w, http.StatusInternalServerError, v)
		return
	}
	defer guess.Release(ctx) // a verdict other than a failure takes the attempt back
	o, err := p.Store.GetOrderByName(ctx, p.Shop, name)
	if err != nil || subtle.ConstantTimeCompare([]byte(order.NormaliseEmail(o.Email)), []byte(addr)) != 1 {
		if err == nil || errors.Is(err, store.ErrNotFound) {
			if err := guess.Fail(ctx); err != nil {
				p.log().ErrorContext(ctx, "tracking page lookup", "err", err)
			}
		}
		v.Error = notFound
		p.render(r.Context(), w, http.StatusNotFound, v)
		return
	}
	p.show(w, r, o)
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// --- the view ---

type view struct {
	ShopName, Primary, Accent, Logo, StoreURL string
	Error, OrderInput                         string
	Result                                    *result
	// Return is a step of a self-service return (returns.go).
	Return *returnsView
}

type result struct {
	OrderName, Placed, Status, Summary string
	// ReportURL opens the storefront chat on this order.
	ReportURL string
	Steps     []step
	Problems  []problem
	Shipments []shipmentView
	Related   []product
	SMS       *smsView
	// Returns is the returns form and status (returns.go).
	Returns *returnsView
}

type step struct {
	Label string
	Done  bool
}

type problem struct{ Title, Text string }

type shipmentView struct {
	Title, Carrier, TrackingNumber, TrackingURL, Status, Estimate, EstimateLabel, Delivered string
	// Steps is the parcel's own steps bar, on an order of several parcels.
	Steps  []step
	Items  []string
	Lines  []lineView
	Events []eventView
}

type eventView struct{ When, Description, Location string }

type product struct{ Title, URL, Price string }

func (p *Page) render(ctx context.Context, w http.ResponseWriter, status int, v view) {
	b := p.Brands.Brand(ctx, p.Shop)
	v.ShopName, v.Primary, v.Accent, v.Logo = b.Name(), b.Primary(), b.Accent(), b.Logo()
	if u, err := url.Parse(strings.TrimSpace(b.StoreURL)); err == nil && (u.Scheme == "https" || u.Scheme == "http") {
		v.StoreURL = u.String()
	}
	var buf bytes.Buffer
	if err := tmpl().ExecuteTemplate(&buf, "page", v); err != nil {
		p.log().Error("tracking page render", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	imgSrc := "'self' https:"
	if u, err := url.Parse(v.Logo); err == nil && u.Scheme == "http" { // a logo on this machine (settings.LogoProblem)
		imgSrc += " http://" + u.Host
	}
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src "+imgSrc+"; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

var stageText = map[order.Stage]string{
	order.StagePreShipment:       "Preparing your order",
	order.StageLabelCreated:      "Ready to ship",
	order.StageInTransit:         "On its way",
	order.StageOutForDelivery:    "Out for delivery",
	order.StageDeliveryException: "Delivery problem",
	order.StageDelivered:         "Delivered",
	order.StagePastReturnWindow:  "Delivered",
	order.StageReturnedRefunded:  "Returned and refunded",
	order.StageCancelled:         "Cancelled",
}

var problemTitle = map[watch.Kind]string{
	watch.KindLate:        "Your parcel is running late",
	watch.KindStalled:     "Your parcel hasn't moved for a while",
	watch.KindLost:        "Your parcel seems to be lost",
	watch.KindFailure:     "The carrier reported a delivery problem",
	watch.KindReturned:    "Your parcel is on its way back to us",
	watch.KindNotReceived: "You told us your parcel didn't arrive",
	watch.KindDamaged:     "You told us something arrived damaged",
}

func (p *Page) show(w http.ResponseWriter, r *http.Request, o order.Order) {
	ctx := r.Context()
	now := p.Clock.Now()
	loc := p.Rules.Location
	if loc == nil {
		loc = time.UTC
	}
	recs, err := watch.OrderProblems(ctx, p.Store, o.Shop, o.ID)
	if err != nil {
		p.log().WarnContext(ctx, "tracking page problems", "order_id", o.ID, "err", err)
	}
	problemOf := watch.ProblemsByShipment(recs) // the worst of each parcel's problems, as every view reads them
	j := order.Track(o, now, loc, p.ReturnWindow, problemOf)
	outToday, stage := map[string]bool{}, map[string]order.Stage{}
	for _, pc := range j.Parcels {
		outToday[pc.ShipmentID], stage[pc.ShipmentID] = pc.OutToday, pc.Stage
	}
	res := &result{OrderName: o.Name, Placed: o.CreatedAt.In(loc).Format("Mon, Jan 2, 2006"), Status: headline(j, loc)}
	switch {
	case j.Partial:
		// Parcel by parcel: each card below has its own stage and estimate.
	case j.Stage == order.StagePreShipment:
		if e := p.Rules.ForParcel(o, nil); !e.IsZero() {
			if ol := p.Rules.At(e, now); ol.Passed() {
				res.Summary = "It was due by " + ol.Value() + "; we're sorry it's late."
			} else if ol.Rolled() || ol.Today.After(e.ShipBy) {
				res.Summary = ol.Label() + ": " + ol.Value() + "."
			} else {
				res.Summary = "Expected to ship by " + edd.Day(e.ShipBy) + ". Estimated delivery: " + ol.Value() + "."
			}
		}
	case strings.HasPrefix(res.Status, "Went out for delivery"):
		res.Summary = "It hasn't been marked delivered since. Parcels usually arrive the day they go out; if it hasn't reached you, report a problem below."
	case j.Stage == order.StageDelivered:
		if j.ReturnWindowEnds != nil {
			res.Summary = "Returns are open until " + j.ReturnWindowEnds.In(loc).Format("Mon, Jan 2") + "."
		}
	}
	if j.Partial {
		res.Summary = fmt.Sprintf("Your order is coming in %d parcels; each one's status and estimate are below.", len(j.Parcels))
		for _, pc := range j.Parcels {
			if !pc.Shipped() {
				res.Summary = "Some of your items are shipping separately; each parcel's status and estimate are below."
			}
		}
	}
	// One steps bar for a one-parcel order; with several parcels each card
	// has its own (the order's stage is its least advanced parcel's, which
	// would show a parcel delivered as not even shipped).
	perParcel := len(j.Parcels) > 1 && j.Stage != order.StageCancelled
	if !perParcel {
		res.Steps = steps(j.Stage)
	}
	res.Problems = banners(j, recs)
	for _, sh := range o.Shipments {
		if sh.Cancelled() {
			continue
		}
		sv := shipmentView{Title: fmt.Sprintf("Parcel %d", len(res.Shipments)+1), Carrier: strings.TrimSpace(sh.Carrier + " " + serviceName(sh.Service)),
			TrackingNumber: sh.TrackingNumber, TrackingURL: safeLink(sh.TrackingURL), Status: tracking.Describe(sh.Status),
			Items: parcelItems(o, sh), Lines: p.lines(ctx, o, parcelLineItems(o, sh))}
		if len(j.Parcels) == 1 {
			sv.Title = "Your parcel"
		}
		if perParcel {
			sv.Steps = steps(stage[sh.ID])
		}
		if sh.DeliveredAt != nil {
			sv.Delivered = sh.DeliveredAt.In(loc).Format("Mon, Jan 2")
		} else if outToday[sh.ID] {
			sv.Estimate = "Today"
		} else if stage[sh.ID] == order.StageDeliveryException {
			sv.Status = firstNonEmpty(problemTitle[watch.Kind(problemOf[sh.ID])], sv.Status)
		} else {
			ol := p.Rules.At(p.Rules.ForParcel(o, &sh), now).Stalled(watch.Kind(problemOf[sh.ID]) == watch.KindStalled)
			sv.EstimateLabel, sv.Estimate = ol.Label(), ol.Value()
		}
		events, err := tracking.History(ctx, p.Store, o.Shop, o.ID, sh.ID)
		if err != nil {
			p.log().WarnContext(ctx, "tracking page history", "order_id", o.ID, "err", err)
		}
		for k := len(events) - 1; k >= 0 && len(sv.Events) < 30; k-- {
			e := events[k]
			sv.Events = append(sv.Events, eventView{When: e.Time.In(loc).Format("Mon, Jan 2, 3:04 PM"),
				Description: firstNonEmpty(e.Description, tracking.Describe(e.Status)), Location: e.Location})
		}
		res.Shipments = append(res.Shipments, sv)
	}
	for _, pc := range j.Parcels {
		if pc.Shipped() || len(res.Shipments) == 0 || j.Stage == order.StageCancelled {
			continue
		}
		// The items of a partial order that have not shipped: a parcel of
		// their own, with their own estimate.
		sv := shipmentView{Title: "Still to ship", Status: "Being prepared", Steps: steps(order.StagePreShipment)}
		for _, li := range pc.Items {
			sv.Items = append(sv.Items, itemTitle(li))
		}
		sv.Lines = p.lines(ctx, o, pc.Items)
		ol := p.Rules.At(p.Rules.ForParcel(o, nil), now)
		sv.EstimateLabel, sv.Estimate = ol.Label(), ol.Value()
		res.Shipments = append(res.Shipments, sv)
	}
	res.ReportURL = p.reportURL(ctx, o)
	res.Related = p.related(ctx, o)
	res.SMS = p.smsBox(ctx, r, o)
	res.Returns = p.returnsSection(ctx, o)
	p.render(r.Context(), w, http.StatusOK, view{Result: res})
}

// steps is the steps bar of a stage (an order's or a parcel's).
func steps(st order.Stage) []step {
	rank := map[order.Stage]int{order.StageLabelCreated: 1, order.StageInTransit: 1, order.StageOutForDelivery: 2,
		order.StageDeliveryException: 1, order.StageDelivered: 3, order.StagePastReturnWindow: 3, order.StageReturnedRefunded: 3}[st]
	var out []step
	for i, l := range []string{"Ordered", "Shipped", "Out for delivery", "Delivered"} {
		out = append(out, step{Label: l, Done: i <= rank && st != order.StageCancelled})
	}
	return out
}

// headline is the order's status in a few words, from its parcels: a
// partial order says how many parcels shipped (or arrived), not the stage
// of its least advanced part; a parcel that went out for delivery on an
// earlier day is not "out for delivery" now (the chat's rule, pkg/order's
// OutToday).
func headline(j order.Journey, loc *time.Location) string {
	switch j.Stage {
	case order.StageCancelled, order.StageReturnedRefunded, order.StageDelivered, order.StagePastReturnWindow:
		return stageText[j.Stage]
	}
	if j.Partial && len(j.Parcels) > 1 {
		shipped, delivered, trouble := 0, 0, 0
		for _, pc := range j.Parcels {
			if pc.Shipped() {
				shipped++
			}
			switch pc.Stage {
			case order.StageDelivered, order.StagePastReturnWindow:
				delivered++
			case order.StageDeliveryException:
				trouble++
			}
		}
		n := len(j.Parcels)
		switch {
		case trouble > 0:
			return fmt.Sprintf("Delivery problem with %d of %d parcels", trouble, n)
		case shipped < n:
			return fmt.Sprintf("%d of %d parcels shipped", shipped, n)
		case delivered > 0:
			return fmt.Sprintf("%d of %d parcels delivered", delivered, n)
		}
	}
	if j.Stage == order.StageOutForDelivery {
		var last time.Time
		for _, pc := range j.Parcels {
			if pc.Stage != order.StageOutForDelivery {
				continue
			}
			if pc.OutToday || pc.Shipment == nil || pc.Shipment.Status == order.StatusReadyForPickup {
				return stageText[j.Stage]
			}
			if pc.Shipment.LastEventAt.After(last) {
				last = pc.Shipment.LastEventAt
			}
		}
		if !last.IsZero() {
			return "Went out for delivery on " + last.In(loc).Format("Mon, Jan 2")
		}
	}
	return stageText[j.Stage]
}

// banners are what the customer is shown about problems: for each parcel
// its worst open problem (watch.ProblemsByShipment's pick, the one the
// chat and order.Track read), once; a problem closed by a delivery after
// all, or one nothing was done about, is not shown.
func banners(j order.Journey, recs []watch.Record) []problem {
	worst := watch.ProblemsByShipment(recs)
	var parcels []string // the shipped parcels, numbered as their cards are
	for _, pc := range j.Parcels {
		if pc.Shipped() {
			parcels = append(parcels, pc.ShipmentID)
		}
	}
	var out []problem
	for i, id := range parcels {
		kind, ok := worst[id]
		if !ok {
			continue
		}
		for _, rec := range recs {
			if rec.ShipmentID != id || string(rec.Kind) != kind || !rec.Open() || rec.Action == watch.ActionNone {
				continue
			}
			title := firstNonEmpty(problemTitle[rec.Kind], "There's a problem with your parcel")
			if len(j.Parcels) > 1 {
				title = fmt.Sprintf("Parcel %d: %s", i+1, title)
			}
			out = append(out, problem{Title: title, Text: rec.Detail})
			break
		}
	}
	return out
}

// reportURL is the storefront chat, opened on o ("doorstep_order", which
// widget.js reads); empty with no storefront address.
func (p *Page) reportURL(ctx context.Context, o order.Order) string {
	base := strings.TrimSpace(p.ChatURL)
	if base == "" {
		base = p.Brands.Brand(ctx, o.Shop).StoreURL
	}
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return ""
	}
	q := u.Query()
	q.Set("doorstep_order", o.Name)
	u.RawQuery, u.Fragment = q.Encode(), ""
	return u.String()
}

func parcelItems(o order.Order, sh order.Shipment) []string {
	in := map[string]bool{}
	for _, id := range sh.LineItemIDs {
		in[id] = true
	}
	var out []string
	for _, li := range o.LineItems {
		if len(in) == 0 || in[li.ID] {
			out = append(out, itemTitle(li))
		}
	}
	return out
}

// itemTitle is a line as the customer bought it: "2 × Harbor Stoneware
// Mug (Charcoal / 12 oz)".
func itemTitle(li order.LineItem) string {
	t := li.Title
	if li.Variant != "" {
		t += " (" + li.Variant + ")"
	}
	if li.Quantity > 1 {
		t = fmt.Sprintf("%d × %s", li.Quantity, t)
	}
	return t
}

func serviceName(s string) string {
	if strings.EqualFold(s, "manual") {
		return ""
	}
	return s
}

func safeLink(s string) string { return order.HTTPURL(s) }

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// --- related products ---

// related picks up to four other products the shop sells, not in this
// order, starting at a place that depends on the order so customers see
// some variety.
func (p *Page) related(ctx context.Context, o order.Order) []product {
	products, err := catalog.List(ctx, p.Store, o.Shop, 60)
	if err != nil {
		p.log().WarnContext(ctx, "tracking page related products", "err", err)
		return nil
	}
	bought := map[string]bool{}
	for _, li := range o.LineItems {
		bought[li.ProductID] = true
	}
	var all []catalog.Product
	for _, pr := range products {
		if !bought[pr.ID] {
			all = append(all, pr)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	start := 0
	if len(all) > 0 {
		for _, c := range o.ID {
			start += int(c)
		}
		start %= len(all)
	}
	base := strings.TrimRight(p.Brands.Brand(ctx, o.Shop).StoreURL, "/")
	var out []product
	for i := 0; i < len(all) && len(out) < 4; i++ {
		pr := all[(start+i)%len(all)]
		v := product{Title: pr.Title, Price: price(pr.Price, pr.Currency)}
		if safeLink(base) != "" {
			v.URL = base + "/search?q=" + url.QueryEscape(pr.Title)
		}
		out = append(out, v)
	}
	return out
}

func price(m order.Money, currency string) string { return money.Format(int64(m), currency) }
