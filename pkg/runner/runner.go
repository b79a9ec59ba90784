// Package runner is the local runner behind `make dev`: every doorstep
// function in one process on embedded defaults (bbolt store, manual clock),
// seeded with a demo shop, plus the dev-only endpoints of DESIGN.md §5.
package runner

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/mail"
	"os"
	"path"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/app"
	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/chat"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/csat"
	"github.com/doorstep-ai/doorstep/pkg/delivery"
	"github.com/doorstep-ai/doorstep/pkg/demoshop"
	"github.com/doorstep-ai/doorstep/pkg/docs"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/fileblob"
	"github.com/doorstep-ai/doorstep/pkg/httpjson"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/localflow"
	"github.com/doorstep-ai/doorstep/pkg/mailin"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/offline"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/outbox"
	"github.com/doorstep-ai/doorstep/pkg/outreach"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/secrets"
	"github.com/doorstep-ai/doorstep/pkg/settings"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/trackpage"
	"github.com/doorstep-ai/doorstep/pkg/watch"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
	"github.com/doorstep-ai/doorstep/web"
)

// Config is the runner's settings (DESIGN.md §5).
type Config struct {
	Addr          string // DOORSTEP_ADDR
	DataDir       string // DOORSTEP_DATA
	Shop          string // DOORSTEP_SHOP
	WebhookSecret string // SHOPIFY_WEBHOOK_SECRET
	// ReturnWindow is the merchant's return window, from delivery.
	ReturnWindow time.Duration
	// Demo holds the demo shop's orders/create bodies; nil seeds nothing.
	Demo fs.FS
	// Store overrides the embedded store (DOORSTEP_STORE=dynamodb).
	Store store.Store
	// Model overrides the offline model (DOORSTEP_MODEL=bedrock).
	Model agent.Model
	// Price turns model usage into dollars; nil counts nothing.
	Price agent.Pricer
	// Docs is the product documentation the agent answers from; nil: none.
	Docs *docs.Library
	// ClientLimit is chat requests a minute per client address
	// (DOORSTEP_CLIENT_LIMIT); 0 means 120, negative means no limit.
	ClientLimit int
	// Policy is the demo shop's policy until it is changed in the console's
	// settings; zero means policy.Default.
	Policy *policy.Policy
	// ConsolePassword is the local console's password
	// (DOORSTEP_CONSOLE_PASSWORD, else console.DevPassword's).
	ConsolePassword string
	Log             *slog.Logger
	// Variants is the shop's products' variants and stock, by product id,
	// for exchanges; nil is the demo catalogue.
	Variants map[string][]agent.Variant
	// Labels buys the tracking page's return labels (EASYPOST_API_KEY
	// with RETURN_ADDRESS); nil: instructions.
	Labels trackpage.LabelMaker
	// Start is the time the clock shows when a new data directory is
	// made (it then runs with the wall clock); zero is now. Tests set it
	// so that business days, cutoffs and weekends fall the same way on
	// every run.
	Start time.Time
}

// Tick is work the runner does when its clock moves: schedules, timers and
// workflow steps that have come due.
type Tick func(ctx context.Context, now time.Time) error

// Runner is the local doorstep: the same composition as the Lambdas
// (package app) on local ports, plus the dev endpoints.
type Runner struct {
	cfg  Config
	shop *demoshop.Shop
	App  *app.App
	// The app's parts, for tests and admin commands.
	Store  store.Store
	Clock  *clock.Manual
	Intake *intake.Service
	Agent  *agent.Agent
	Chat   *chat.Service
	Outbox *outbox.Outbox
	// Delivery is the delivery side; TrackPage the customer's tracking page.
	Delivery  *delivery.Delivery
	TrackPage *trackpage.Page
	Mail      *mailin.Service
	// Workflows runs the outreach and escalation state machines in
	// process; Outreach and Escalation are their services.
	Workflows  *localflow.Engine
	Outreach   *outreach.Service
	Escalation *escalation.Service
	// Settings are the merchant's settings (the agent's policy among
	// them), changed in the console; Metrics counts what happens.
	Settings *settings.Service
	Metrics  *metrics.Recorder
	Console  *console.Console
	CSAT     *csat.Handler
	// Keys are the dev signing keys (secrets.DevKeys of the webhook secret).
	Keys secrets.Signing
	log  *slog.Logger
	sms  *notify.SMSFile // the texts sent (GET /dev/sms)

	mu     sync.Mutex // serialises clock moves and ticks
	offset time.Duration
	ticks  []Tick
}

// New opens the runner's store and clock under cfg.DataDir and composes
// doorstep on local ports: the embedded store, the manual clock, the
// offline model, the demo shop, the outbox for mail and SMS, the
// in-process workflow engine, events dispatched in process.
func New(cfg Config) (*Runner, error) {
	if cfg.ReturnWindow == 0 {
		cfg.ReturnWindow = 30 * 24 * time.Hour
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	clk, offset, err := loadClock(cfg.DataDir, cfg.Start)
	if err != nil {
		return nil, err
	}
	st := cfg.Store
	if st == nil {
		b, err := bolt.Open(filepath.Join(cfg.DataDir, "doorstep.db"))
		if err != nil {
			return nil, err
		}
		st = b
	}
	log := cfg.Log
	if log == nil {
		log = slog.Default()
	}
	r := &Runner{cfg: cfg, Store: st, Clock: clk, log: log, offset: offset, Keys: secrets.DevKeys(cfg.WebhookSecret).Keyrings()}
	r.Outbox = &outbox.Outbox{Path: filepath.Join(cfg.DataDir, "outbox.jsonl"), Clock: clk}
	r.sms = &notify.SMSFile{Path: filepath.Join(cfg.DataDir, "sms.jsonl"), Clock: clk}
	model := cfg.Model
	if model == nil {
		model = offline.Model{}
	}
	pol := policy.Default()
	pol.ShopName = "Hearth & Harbor"
	if cfg.Policy != nil {
		pol = *cfg.Policy
	}
	pol.ReturnWindowDays = int(cfg.ReturnWindow / (24 * time.Hour))
	r.Workflows = localflow.New(st, clk, log)
	shop := &demoshop.Shop{Store: st, Clock: clk, Catalogue: cfg.Variants}
	r.shop = shop
	// Photos' keys start with photos/: they land in DataDir/photos/.
	ports := app.Ports{Store: st, Clock: clk, Log: log, Model: model, Price: cfg.Price, Commerce: shop, Resolver: shop, Discounts: shop,
		Mailer: r.Outbox, SMS: r.sms,
		Scheduler: r.Workflows, Blobs: fileblob.New(cfg.DataDir), Docs: cfg.Docs,
		Secrets: intake.SecretMap{cfg.Shop: []byte(cfg.WebhookSecret)}, ConsoleAuth: console.NewDevAuth(cfg.ConsolePassword, clk),
		Labels: cfg.Labels}
	a, err := app.New(ports, appConfig(cfg, pol))
	if err != nil {
		return nil, err
	}
	for _, m := range []workflow.Machine{workflow.Escalation, workflow.Outreach, workflow.Promise} {
		steps, err := a.Steps(m)
		if err != nil {
			return nil, err
		}
		if err := r.Workflows.RegisterMachine(m, steps); err != nil {
			return nil, err
		}
	}
	r.App, r.Store = a, a.Store
	r.Intake, r.Agent, r.Chat, r.Mail = a.Intake, a.Agent, a.Chat, a.Mail
	r.Delivery, r.TrackPage = a.Delivery, a.TrackPage
	r.Outreach, r.Escalation = a.Outreach, a.Escalation
	r.Settings, r.Metrics, r.Console, r.CSAT = a.Settings, a.Metrics, a.Console, a.CSAT
	// Every move of the clock runs what came due: workflow timers, the
	// delivery check, and any event a reaction failed to handle.
	r.ticks = append(r.ticks, r.Workflows.Tick, r.Delivery.Tick, func(ctx context.Context, _ time.Time) error {
		return a.Relay.Drain(ctx)
	})
	return r, nil
}

// appConfig is the local deployment's settings: the demo shop's.
func appConfig(cfg Config, pol policy.Policy) app.Config {
	addr := cfg.Addr
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	keys := secrets.DevKeys(cfg.WebhookSecret).Keyrings()
	loc, err := time.LoadLocation("America/New_York") // the demo shop's zone
	if err != nil {
		loc = time.UTC
	}
	support := mail.Address{Name: pol.ShopName, Address: "support@hearthandharbor.example"}
	shopURL := "https://" + cfg.Shop
	c := app.Config{Shop: cfg.Shop, Policy: pol, Support: support, ReturnWindow: cfg.ReturnWindow,
		ChatKeys: keys.Chat, CustomerKeys: keys.Customer, LinkKeys: keys.Links,
		ChatPerClient: clientLimit(cfg.ClientLimit), MaxRepliesPerHour: 20, InProcessEvents: true, SMSByDefault: true,
		Escalation: escalation.Settings{ShopName: pol.ShopName, ConsoleURL: "http://" + cfg.Addr, Location: loc,
			Staff:         mail.Address{Name: pol.ShopName + " team", Address: "team@hearthandharbor.example"},
			SecondContact: mail.Address{Name: "Store owner", Address: "owner@hearthandharbor.example"}},
		Outreach: outreach.Settings{ShopName: pol.ShopName, ShopURL: shopURL, ReturnWindowDays: pol.ReturnWindowDays,
			DiscountPercent: 10, DiscountDays: 30, FriendCodes: true, ReviewURL: shopURL + "/pages/reviews",
			AddOns: []outreach.AddOn{
				{When: "Pour-Over Coffee Kit", Suggest: "Unbleached Paper Filters", URL: shopURL + "/products/unbleached-paper-filters"},
				{When: "Harbor Stoneware Mug", Suggest: "Pour-Over Coffee Kit", URL: shopURL + "/products/pour-over-coffee-kit"},
				{When: "Cast-Iron Skillet", Suggest: "Olivewood Serving Board", URL: shopURL + "/products/olivewood-serving-board"},
				{When: "Linen Throw", Suggest: "Beeswax Pillar Candle", URL: shopURL + "/products/beeswax-pillar-candle"},
			}},
		Delivery: app.Delivery{
			Brand: notify.Brand{ShopName: pol.ShopName, FromAddress: support.Address,
				PrimaryColor: demoPrimary, AccentColor: demoAccent, LogoURL: demoLogoURL(addr), StoreURL: shopURL},
			Rules: edd.DefaultRules(loc), Policy: watch.DefaultPolicy(), BaseURL: "http://" + addr, ChatURL: "http://" + addr + "/",
			ReturnAddress:      "Hearth & Harbor Returns\n41 Wharf Street\nPortland, ME 04101\nUnited States",
			ReturnInstructions: "Items must be unused and in their original packaging. Return postage is paid by you (there is no prepaid return label); we recommend a tracked service."},
	}
	if cfg.Addr != "" {
		c.CSATBaseURL = "http://" + cfg.Addr
	}
	return c
}

func clientLimit(n int) int {
	switch {
	case n == 0:
		return 120
	case n < 0:
		return 0 // Limiter: no limit
	}
	return n
}

// Close closes the store.
func (r *Runner) Close() error { return r.Store.Close() }

// OnTick adds work to run whenever the clock moves (and on the timer).
func (r *Runner) OnTick(t Tick) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ticks = append(r.ticks, t)
}

// RunTicks runs every tick at the current time.
func (r *Runner) RunTicks(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.runTicksLocked(ctx)
}

func (r *Runner) runTicksLocked(ctx context.Context) error {
	now := r.Clock.Now()
	var errs []error
	for _, t := range r.ticks {
		if err := t(ctx, now); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Advance moves the clock forward, saves it, and runs what came due.
func (r *Runner) Advance(ctx context.Context, d time.Duration) (time.Time, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.Clock.Advance(d)
	r.offset += d
	if err := saveClock(r.cfg.DataDir, r.offset); err != nil {
		return now, err
	}
	return now, r.runTicksLocked(ctx)
}

// Handler serves every route the runner has.
func (r *Runner) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		httpjson.Write(w, http.StatusOK, map[string]string{"status": "ok", "now": r.Clock.Now().Format(time.RFC3339)})
	})
	mux.Handle("POST /webhooks/shopify", r.Intake)
	r.Delivery.Register(mux) // POST /webhooks/tracking/{provider}, GET and POST /unsubscribe
	mux.Handle("GET /track", r.TrackPage)
	mux.Handle("POST /track", r.TrackPage)
	r.App.RegisterSMS(mux) // POST /track/sms, GET and POST /s/{ref}
	mux.Handle("GET /demo/products/", demoProducts())
	mux.HandleFunc("GET /demo/logo.svg", serveDemoLogo)
	mux.Handle("POST /track/return", r.TrackPage)
	mux.Handle("/v1/", r.Chat.Handler())
	mux.Handle("/console/", r.Console.Handler())
	mux.Handle(csat.Path, r.CSAT)
	mux.HandleFunc("POST /dev/clock", r.serveClock)
	mux.Handle("GET /dev/outbox", r.Outbox)
	mux.Handle("GET /dev/outbox.html", r.Outbox.Page())
	mux.Handle("POST /dev/mail", mailin.DevHandler(r.Mail))
	mux.Handle("GET /dev/sms", r.sms)
	mux.HandleFunc("POST /dev/sms", r.serveInboundSMS)
	mux.HandleFunc("GET /dev/clock", func(w http.ResponseWriter, _ *http.Request) {
		httpjson.Write(w, http.StatusOK, map[string]string{"now": r.Clock.Now().Format(time.RFC3339)})
	})
	mux.HandleFunc("GET /dev/orders/{name}", r.serveOrder)
	mux.Handle("GET /dev/shop/actions", demoshop.ActionsHandler(r.Store, r.log))
	mux.Handle("POST /dev/shop/orders", demoshop.CheckoutHandler(r.shop, r.cfg.Shop, r.deliverWebhook, r.log))
	mux.HandleFunc("GET /dev", r.serveIndex)
	static := http.FileServerFS(web.Static())
	mux.Handle("GET /widget.js", static)
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, req *http.Request) {
		http.ServeFileFS(w, req, web.Static(), "demo.html")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		httpjson.Error(w, http.StatusNotFound, "not_found", "no such route")
	})
	return mux
}

func (r *Runner) serveClock(w http.ResponseWriter, req *http.Request) {
	var body struct {
		Advance string `json:"advance"`
	}
	dec := json.NewDecoder(io.LimitReader(req.Body, 4096))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		httpjson.Error(w, http.StatusBadRequest, "bad_request", `body must be {"advance": "72h"}`)
		return
	}
	d, err := ParseAdvance(body.Advance)
	if err != nil {
		httpjson.Error(w, http.StatusBadRequest, "bad_request", err.Error())
		return
	}
	now, err := r.Advance(req.Context(), d)
	if err != nil {
		r.log.ErrorContext(req.Context(), "clock tick", "err", err)
		httpjson.Error(w, http.StatusInternalServerError, "internal", "internal error")
		return
	}
	httpjson.Write(w, http.StatusOK, map[string]string{"now": now.Format(time.RFC3339)})
}

// serveOrder is GET /dev/orders/{name}: a stored order (by its number,
// "1003" or "#1003") with its journey stage, to look at what webhooks did.
func (r *Runner) serveOrder(w http.ResponseWriter, req *http.Request) {
	o, err := r.Store.GetOrderByName(req.Context(), r.cfg.Shop, order.NormaliseName(req.PathValue("name")))
	if errors.Is(err, store.ErrNotFound) {
		httpjson.Error(w, http.StatusNotFound, "not_found", "no such order")
		return
	}
	if err != nil {
		r.log.ErrorContext(req.Context(), "dev order", "err", err)
		httpjson.Error(w, http.StatusInternalServerError, "internal", "internal error")
		return
	}
	// The stage every channel shows: with what the delivery check found.
	j, err := watch.Journey(req.Context(), r.Store, o, r.Clock.Now(), r.Delivery.Checker.Rules.Location, r.cfg.ReturnWindow)
	if err != nil {
		r.log.WarnContext(req.Context(), "dev order problems", "err", err)
	}
	httpjson.Write(w, http.StatusOK, map[string]any{"order": o, "journey": j})
}

func (r *Runner) serveIndex(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!doctype html><meta charset="utf-8"><title>doorstep (local)</title>
<h1>doorstep, running locally</h1>
<p>Shop: %s. Clock: %s.</p>
<ul>
<li><code>GET /healthz</code></li>
<li><code>POST /webhooks/shopify</code>: Shopify webhooks, HMAC-signed with the dev secret</li>
<li><code>GET /track</code>: the tracking page (order number and email)</li>
<li><code>GET /dev/orders/1003</code>: a stored order and its journey stage</li>
<li><code>GET /dev/outbox</code> (JSON) and <a href="/dev/outbox.html">/dev/outbox.html</a>: mail doorstep has sent</li>
<li><code>POST /dev/mail</code>: a raw RFC 822 message, as if SES had received it</li>
<li><code>GET /dev/sms</code>: texts doorstep has sent; <code>POST /dev/sms</code> with <code>{"from":"+16175550142","text":"STOP"}</code>: a customer's reply</li>
<li><code>POST /dev/clock</code> with <code>{"advance":"72h"}</code>: move time forward</li>
</ul>`, r.cfg.Shop, r.Clock.Now().Format(time.RFC1123))
}

// SeedConversations plays the demo conversations once (console.SeedDemo),
// so the console has conversations, a queue and metrics to show.
func (r *Runner) SeedConversations(ctx context.Context) (int, error) {
	return console.SeedDemo(ctx, r.Chat.Handler(), r.Store.Claim, r.cfg.Shop, r.Clock.Now())
}

// deliverWebhook sends a body the demo shop made through the webhook intake,
// signed as Shopify signs it.
func (r *Runner) deliverWebhook(ctx context.Context, topic string, body []byte) error {
	sum := sha256.Sum256(body)
	d := intake.Delivery{Topic: topic, Shop: r.cfg.Shop, EventID: "demo-" + hex.EncodeToString(sum[:12]),
		Body: body, Signature: shopify.Sign([]byte(r.cfg.WebhookSecret), body)}
	if _, err := r.Intake.Handle(ctx, d); err != nil {
		return fmt.Errorf("demo shop %s: %w", topic, err)
	}
	return nil
}

// Seed loads the demo shop on first start: every order body in cfg.Demo,
// its dates moved so the newest is now, sent through the webhook intake as
// signed orders/create deliveries. Each has a fixed event id, so a restart
// applies nothing twice and changes nothing made since; it returns how many
// orders were new.
func (r *Runner) Seed(ctx context.Context) (int, error) {
	if r.cfg.Demo == nil {
		return 0, nil
	}
	ctx = notify.Backfill(ctx) // the demo's past, not news: no shipping mail for it
	if err := r.seedImages(ctx); err != nil {
		return 0, err
	}
	orders, err := LoadDemo(r.cfg.Demo, r.Clock.Now())
	if err != nil {
		return 0, err
	}
	n := 0
	for _, o := range orders {
		d := intake.Delivery{Topic: shopify.TopicOrdersCreate, Shop: r.cfg.Shop, EventID: "demo-" + o.Name,
			Body: o.Body, Signature: shopify.Sign([]byte(r.cfg.WebhookSecret), o.Body)}
		outcome, err := r.Intake.Handle(ctx, d)
		if err != nil {
			return n, fmt.Errorf("seed demo order %s: %w", o.Name, err)
		}
		if outcome == intake.OutcomeApplied {
			n++
		}
	}
	return n, nil
}

// DemoOrder is one demo order body, dates moved.
type DemoOrder struct {
	Name string
	Body []byte
}

// LoadDemo reads every .json file in fsys and moves all its RFC 3339
// timestamps by the same amount, so that the newest timestamp across all
// files becomes now. The demo keeps its shape (a parcel shipped two days
// ago still shipped two days ago) whatever day it is started.
func LoadDemo(fsys fs.FS, now time.Time) ([]DemoOrder, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && path.Ext(p) == ".json" {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list demo files: %w", err)
	}
	sort.Strings(names)
	docs := make([]any, len(names))
	var newest time.Time
	for i, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("read demo %s: %w", n, err)
		}
		if err := json.Unmarshal(b, &docs[i]); err != nil {
			return nil, fmt.Errorf("decode demo %s: %w", n, err)
		}
		walkTimes(docs[i], func(t time.Time) time.Time {
			if t.After(newest) {
				newest = t
			}
			return t
		})
	}
	shift := now.Truncate(time.Second).Sub(newest)
	out := make([]DemoOrder, len(names))
	for i, n := range names {
		doc := walkTimes(docs[i], func(t time.Time) time.Time { return t.Add(shift) })
		b, err := json.Marshal(doc)
		if err != nil {
			return nil, fmt.Errorf("encode demo %s: %w", n, err)
		}
		out[i] = DemoOrder{Name: path.Base(n), Body: b}
	}
	return out, nil
}

// walkTimes rewrites every string in v that is an RFC 3339 timestamp.
func walkTimes(v any, fn func(time.Time) time.Time) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = walkTimes(e, fn)
		}
	case []any:
		for i, e := range x {
			x[i] = walkTimes(e, fn)
		}
	case string:
		if len(x) >= 20 && len(x) <= 35 {
			if t, err := time.Parse(time.RFC3339, x); err == nil {
				u := fn(t)
				return u.In(t.Location()).Format(time.RFC3339)
			}
		}
	}
	return v
}
