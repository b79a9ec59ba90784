// Package app is doorstep composed: one constructor per capability, each
// registering its own reactions to the others' events, used alike by the
// local runner (package runner: local ports, dev endpoints) and by every
// Lambda (package awsstack: AWS ports from the environment). Nothing here
// lists what a capability reacts to: each capability's Reactions method
// does, so the runner and the Lambdas cannot drift apart.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/mail"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/catalog"
	"github.com/doorstep-ai/doorstep/pkg/chat"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/csat"
	"github.com/doorstep-ai/doorstep/pkg/delivery"
	"github.com/doorstep-ai/doorstep/pkg/discount"
	"github.com/doorstep-ai/doorstep/pkg/docs"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/email"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/mailin"
	"github.com/doorstep-ai/doorstep/pkg/metrics"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/outreach"
	"github.com/doorstep-ai/doorstep/pkg/photo"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/privacy"
	"github.com/doorstep-ai/doorstep/pkg/promise"
	"github.com/doorstep-ai/doorstep/pkg/resolution"
	"github.com/doorstep-ai/doorstep/pkg/settings"
	"github.com/doorstep-ai/doorstep/pkg/shopify"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/sms"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/trackpage"
	"github.com/doorstep-ai/doorstep/pkg/turn"
	"github.com/doorstep-ai/doorstep/pkg/watch"
	"github.com/doorstep-ai/doorstep/pkg/workflow"
	"github.com/doorstep-ai/doorstep/web"
)

// Ports are the adapters a deployment plugs in (DESIGN.md §2).
type Ports struct {
	Store store.Store
	Clock clock.Clock
	Log   *slog.Logger
	// Model answers customers; Price turns its usage into dollars (nil:
	// nothing counted).
	Model agent.Model
	Price agent.Pricer
	// Commerce is the shop's Admin API (or the demo shop); Resolver makes
	// the delivery check's refunds and replacements (nil: the delivery
	// check only tells and hands over).
	Commerce agent.Commerce
	Resolver resolution.Resolver
	// Discounts makes the codes outreach issues with its suggestions (the
	// shop's Admin API, or the demo shop; nil: suggestions carry none).
	Discounts discount.Creator
	// Mailer sends mail; SMS texts (nil: email only).
	Mailer email.Sender
	SMS    notify.SMS
	// Scheduler runs the outreach and escalation workflows.
	Scheduler workflow.Scheduler
	// Blobs keeps the photos customers send in the chat and by email, and
	// reads them back for the widget and the console (nil: none kept).
	Blobs Blobs
	// RawMail holds the raw inbound messages under RawMailPrefix (the SES
	// receipt rule's bucket); nil: none kept (locally), nothing to erase.
	RawMail       mailin.RawDeleter
	RawMailPrefix string
	// Docs is the product documentation (nil: none).
	Docs *docs.Library
	// Labels buys return labels for the tracking page's returns (package
	// easypost; nil: the page gives instructions instead).
	Labels trackpage.LabelMaker
	// Secrets are the shops' webhook secrets (they also sign storefront
	// customer tokens).
	Secrets intake.Secrets
	// ConsoleAuth signs merchants into the console (nil: no console).
	ConsoleAuth console.Authenticator
}

// Blobs keeps photos and reads them back: package s3blob in AWS, package
// fileblob locally.
type Blobs interface {
	photo.Blobs
	photo.Getter
}

// Config is the deployment's settings.
type Config struct {
	// Shop is the shop this deployment serves.
	Shop string
	// Policy is the agent's policy until the merchant changes it in the
	// console's settings; its ShopName names the shop everywhere.
	Policy policy.Policy
	// Support is the address replies and notices come from.
	Support mail.Address
	// ReturnWindow is the return window from delivery (default 30 days).
	ReturnWindow time.Duration
	// ChatKeys sign chat conversation tokens; CustomerKeys verify the
	// storefront's customer tokens; LinkKeys sign the links in mail (CSAT
	// ratings, unsubscribe, tracking page). A nil keyring signs and
	// verifies nothing.
	ChatKeys, CustomerKeys, LinkKeys *signed.Keyring
	// ChatPerClient is chat requests a minute per client address; 0: no
	// limit.
	ChatPerClient int
	// MaxRepliesPerHour is email replies an address gets an hour.
	MaxRepliesPerHour int
	// MaxPhoto is the largest photo kept, in bytes (0: photo.MaxBytes).
	MaxPhoto int
	// CSATBaseURL is where the rating links under email replies point; ""
	// puts none.
	CSATBaseURL string
	Escalation  escalation.Settings
	Outreach    outreach.Settings
	Delivery    Delivery
	// SMSByDefault sends texts (to customers who opted in) until the
	// merchant switches them off in the console (the local demo); else
	// texts start switched off.
	SMSByDefault bool
	// InProcessEvents dispatches events in this process right after the
	// write that stored them (the local runner). In AWS the table's stream
	// relays them to the events function instead.
	InProcessEvents bool
	// StorefrontOrigins are the shop's storefront origins besides
	// https://<Shop> (a shop on its own domain): the chat API answers
	// browsers on them (CORS).
	StorefrontOrigins []string
}

// Delivery is the delivery side's settings.
type Delivery struct {
	Brand  notify.Brand
	Rules  edd.Rules
	Policy watch.Policy
	// BaseURL is where unsubscribe and tracking links point ("": the
	// address of the request being served).
	BaseURL string
	// ChatURL is the storefront page with the chat widget that the
	// tracking page's "report a problem" opens ("": none).
	ChatURL string
	// ReturnAddress is where returned parcels go, as written on a parcel;
	// ReturnInstructions the merchant's own words for returns. The
	// tracking page's return instructions use both.
	ReturnAddress, ReturnInstructions string
	// TrackingSecrets are the tracking providers' webhook secrets.
	TrackingSecrets  map[string][]byte
	RequireSignature bool
}

// App is every capability, wired.
type App struct {
	Events   *event.Bus
	Store    store.Store
	Clock    clock.Clock
	Log      *slog.Logger
	Settings *settings.Service
	Metrics  *metrics.Recorder
	Privacy  *privacy.Service
	Intake   *intake.Service
	Agent    *agent.Agent
	Turns    *turn.Loop
	Chat     *chat.Service
	Mail     *mailin.Service
	// Escalation is human handoff; Outreach post-delivery outreach.
	Escalation *escalation.Service
	Outreach   *outreach.Service
	Delivery   *delivery.Delivery
	// Promises are the follow-up promises the agent makes and keeps.
	Promises  *promise.Service
	TrackPage *trackpage.Page
	// SMS is text messaging with consent; nil without an SMS port.
	SMS     *sms.Service
	Console *console.Console
	CSAT    *csat.Handler
	// Relay dispatches events in process (InProcessEvents); nil in AWS.
	Relay *event.Relay

	cfg Config
}

// New builds every capability on p and registers their reactions.
func New(p Ports, cfg Config) (*App, error) {
	if p.Store == nil || p.Clock == nil || p.Model == nil || p.Commerce == nil || p.Scheduler == nil || p.Secrets == nil {
		return nil, errors.New("app: the store, clock, model, commerce, scheduler and secrets ports are required")
	}
	if p.Log == nil {
		p.Log = slog.Default()
	}
	if cfg.ReturnWindow == 0 {
		cfg.ReturnWindow = 30 * 24 * time.Hour
	}
	if cfg.Policy.ReturnWindowDays == 0 {
		cfg.Policy.ReturnWindowDays = int(cfg.ReturnWindow / (24 * time.Hour))
	}
	a := &App{cfg: cfg, Clock: p.Clock, Log: p.Log}
	a.Events = &event.Bus{Claims: p.Store, Duplicate: func(err error) bool { return errors.Is(err, store.ErrDuplicate) },
		Log: p.Log, Now: p.Clock.Now, Permanent: []error{email.ErrRejected}}
	st := p.Store
	if cfg.InProcessEvents {
		a.Relay = &event.Relay{Bus: a.Events, Outbox: p.Store}
		st = relayed{Store: p.Store, relay: a.Relay}
	}
	a.Store = st
	if p.Mailer != nil {
		// Every mail that names its conversation or order is filed by its
		// Message-ID, so the customer's reply threads back (package mailin).
		p.Mailer = mailin.Filing{Next: p.Mailer, Store: st, Shop: cfg.Shop, Clock: p.Clock, Log: p.Log}
	}
	a.base(p)
	a.escalation(p)
	a.outreach(p)
	a.delivery(p)
	// Outreach emails carry the shop's unsubscribe link and honour it.
	a.Outreach.Unsubscribe = a.Delivery.Notify
	// No check-in while a parcel of the order is reported missing or damaged.
	a.Outreach.Cases = watch.Cases{Store: a.Store}
	a.promises(p)
	a.channels(p)
	a.console(p)
	// shop/redact ends the shop's workflow executions last: Step
	// Functions stops its running ones (sfn.Scheduler.EraseShop), the
	// local engine deletes its executions and timers.
	if e, ok := p.Scheduler.(shopEraser); ok {
		a.Privacy.AddShopEraser("workflows", e.EraseShop)
	}
	return a, nil
}

// base is what the others build on: settings (the agent's policy),
// metrics, privacy, the Shopify intake, the agent.
func (a *App) base(p Ports) {
	st, clk, log, pol := a.Store, a.Clock, a.Log, a.cfg.Policy
	out := a.cfg.Outreach
	a.Settings = &settings.Service{Store: st, Clock: clk, Defaults: func(string) settings.Settings {
		d := settings.Default(pol)
		// The deployment's discount until the merchant sets one: what each
		// suggestion's code takes off, for how long, and a friend's code.
		d.Outreach.DiscountPercent, d.Outreach.DiscountAmount = out.DiscountPercent, int64(out.DiscountAmount)
		d.Outreach.FriendCodes = out.FriendCodes
		if out.DiscountDays > 0 {
			d.Outreach.DiscountDays = out.DiscountDays
		}
		d.Notifications.SMS = a.cfg.SMSByDefault
		// The deployment's logo and colours (the demo shop's) until the
		// merchant sets their own.
		b := a.cfg.Delivery.Brand
		d.Brand = settings.Brand{LogoURL: b.LogoURL, PrimaryColor: b.PrimaryColor, AccentColor: b.AccentColor}
		// The deployment's SLA (ESCALATION_SLA) until the merchant sets
		// one; one that is not whole hours (90m) shows as 0 ("the
		// deployment's") and is kept exactly.
		if sla := a.cfg.Escalation.SLA; sla > 0 {
			d.Notifications.SLAHours = 0
			if sla%time.Hour == 0 {
				d.Notifications.SLAHours = int(sla / time.Hour)
			}
		}
		// The deployment's delays (OUTREACH_CHECKIN_AFTER, ...) until the
		// merchant saves others; under a day is kept as it is.
		if out.CheckInAfter > 0 {
			d.Outreach.CheckInDays = int(out.CheckInAfter / (24 * time.Hour))
		}
		if out.ReviewAfter > 0 {
			d.Outreach.ReviewDays = int(out.ReviewAfter / (24 * time.Hour))
		}
		return d
	}}
	a.Metrics = &metrics.Recorder{Store: st, Clock: clk}
	a.Metrics.Reactions(a.Events)
	a.Privacy = &privacy.Service{Store: st, Clock: clk}
	// An event made before its customer was erased (on its way when
	// customers/redact ran) is skipped, so no reaction writes them again.
	a.Events.Skip = a.Privacy.Erased
	a.Privacy.Reactions(a.Events)
	a.Intake = &intake.Service{Store: st, Orders: st, Secrets: p.Secrets, Clock: clk, Log: log, Privacy: a.Privacy}
	a.Agent = &agent.Agent{Store: st, Model: p.Model, Commerce: p.Commerce, Policies: a.Settings, Clock: clk, Log: log, Price: p.Price}
	// Every proposal run outside a chat turn (the tracking page, an
	// approval decided in the console) counts in the metrics; a turn's
	// writes count from the saved turn (metrics.Recorder.Turn).
	a.Agent.Executed = func(ctx context.Context, shop string, p conversation.Proposal, approved bool) {
		if err := a.Metrics.Executed(ctx, metrics.Run{Shop: shop, Proposal: p, Approved: approved, At: clk.Now()}); err != nil {
			log.WarnContext(ctx, "count write", "proposal", p.ID, "err", err)
		}
	}
	if p.Docs != nil { // a nil *Library in the interface would not be nil
		p.Docs.Store, a.Agent.Docs = st, p.Docs
	}
	// A product's description is documentation (when there is a library);
	// its pictures show on the tracking page (package catalog).
	h := func(ctx context.Context, d intake.Delivery) error {
		if p.Docs != nil {
			if err := p.Docs.ProductWebhookAt(ctx, d.Topic, d.Shop, d.Body, d.At()); err != nil {
				return err
			}
		}
		if d.Topic == shopify.TopicProductsDelete {
			return nil
		}
		img, err := shopify.ParseProductImages(d.Body)
		if err != nil {
			log.WarnContext(ctx, "product images not kept", "shop", d.Shop, "err", err)
			return nil
		}
		return catalog.RecordImages(ctx, st, d.Shop, img.ProductID, catalog.Images{Image: img.Image, Variants: img.Variants})
	}
	a.Intake.Topics = map[string]func(context.Context, intake.Delivery) error{
		shopify.TopicProductsCreate: h, shopify.TopicProductsUpdate: h, shopify.TopicProductsDelete: h}
	a.Turns = &turn.Loop{Store: st, Clock: clk}
}

func (a *App) messenger(p Ports) *escalation.Messenger {
	m := &escalation.Messenger{Store: a.Store, Clock: a.Clock}
	if p.Mailer != nil && a.cfg.Support.Address != "" {
		m.Mail, m.From = p.Mailer, a.cfg.Support
	}
	return m
}

// escalation is human handoff.
func (a *App) escalation(p Ports) {
	set := a.cfg.Escalation
	if set.ShopName == "" {
		set.ShopName = a.cfg.Policy.ShopName
	}
	a.Escalation = &escalation.Service{Store: a.Store, Scheduler: p.Scheduler, Messenger: a.messenger(p), Clock: a.Clock, Log: a.Log,
		Executor: &escalation.ProposalExecutor{Agent: a.Agent}, Merchant: a.Settings, Settings: set}
	a.Escalation.Reactions(a.Events, a.Privacy)
}

// outreach is post-delivery outreach.
func (a *App) outreach(p Ports) {
	set := a.cfg.Outreach
	if set.ShopName == "" {
		set.ShopName = a.cfg.Policy.ShopName
	}
	if set.ReturnWindowDays == 0 {
		set.ReturnWindowDays = a.cfg.Policy.ReturnWindowDays
	}
	a.Outreach = &outreach.Service{Store: a.Store, Scheduler: p.Scheduler, Messenger: a.messenger(p), Escalations: a.Escalation,
		Clock: a.Clock, Log: a.Log, Settings: set, Metrics: a.Metrics, Merchant: a.Settings, Discounts: p.Discounts}
	a.Outreach.Reactions(a.Events, a.Privacy)
}

// delivery is tracking, shipping notifications, the delivery check with
// its resolutions and handoffs, carrier claims, the tracking page; what
// the check did is known to the chat.
func (a *App) delivery(p Ports) {
	d := a.cfg.Delivery
	brand := d.Brand
	if brand.ShopName == "" {
		brand.ShopName = a.cfg.Policy.ShopName
	}
	if brand.FromAddress == "" {
		brand.FromAddress = a.cfg.Support.Address
	}
	var texts notify.Texter
	if p.SMS != nil {
		a.SMS = &sms.Service{Store: a.Store, Transport: p.SMS, Keys: a.cfg.LinkKeys, BaseURL: d.BaseURL, Shop: a.cfg.Shop,
			ShopName: brand.Name(), Contact: a.cfg.Support.Address, Clock: a.Clock, Log: a.Log, Enabled: func(ctx context.Context, shop string) (bool, error) {
				m, err := a.Settings.Get(ctx, shop)
				return m.Notifications.SMS, err
			}}
		texts = a.SMS
	}
	// Every function that redacts erases the customer's SMS records, also
	// one without a text transport (the webhooks function).
	smsRecords := a.SMS
	if smsRecords == nil {
		smsRecords = &sms.Service{Store: a.Store, Keys: a.cfg.LinkKeys, Clock: a.Clock, Log: a.Log}
	}
	// The numbers their orders name count as theirs: a number known only
	// from its replies (STOP, START) is tied to the customer this way.
	a.Privacy.AddEraser("sms", func(ctx context.Context, shop, email string, _ []string) error {
		var orders []order.Order
		if email != "" {
			var err error
			if orders, err = a.Store.OrdersByEmail(ctx, shop, email, 1000); err != nil {
				return fmt.Errorf("the customer's phone numbers: %w", err)
			}
		}
		return smsRecords.Erase(ctx, shop, email, sms.OrderPhones(orders)...)
	})
	a.Privacy.AddExporter("sms", func(ctx context.Context, shop, email string, orders []order.Order) (any, error) {
		cs, err := smsRecords.CustomerConsents(ctx, shop, email, sms.OrderPhones(orders)...)
		if err != nil || len(cs) == 0 {
			return nil, err
		}
		return map[string]any{"consents": cs}, nil
	})
	a.Delivery = delivery.New(delivery.Config{
		Store: a.Store, Clock: a.Clock, Log: a.Log, Shop: a.cfg.Shop, Brand: brand,
		Mail: p.Mailer, SMS: p.SMS, Texts: texts, Resolver: p.Resolver, Escalations: a.Escalation,
		// The check's own cancellations are proposals run by the agent's
		// tools, not counted as customers' cancellations in the metrics.
		Executor: &escalation.CommerceExecutor{Commerce: p.Commerce, Store: a.Store, Policies: a.Settings, Clock: a.Clock},
		Policy:   d.Policy, Rules: d.Rules, Keys: a.cfg.LinkKeys, BaseURL: d.BaseURL, ReturnWindow: a.cfg.ReturnWindow,
		TrackingSecrets: d.TrackingSecrets, RequireSignature: d.RequireSignature, Merchant: a.Settings,
	})
	a.Delivery.Reactions(a.Events, a.Privacy)
	// The delivery check's refunds and replacements count in the metrics.
	a.Delivery.Checker.Resolved = func(ctx context.Context, r watch.Record) {
		key := watch.ProblemKey(r.Shop, r.OrderID, r.ShipmentID, r.Kind)
		if err := a.Metrics.DeliveryResolved(ctx, r.Shop, key, string(r.Action), a.Clock.Now()); err != nil {
			a.Log.WarnContext(ctx, "count delivery resolution", "order_id", r.OrderID, "err", err)
		}
	}
	a.TrackPage = &trackpage.Page{SMS: trackpageTexts(a.SMS), Store: a.Store, Shop: a.cfg.Shop, Brands: notify.MerchantBrands{Merchant: a.Settings, Base: brand, Log: a.Log}, Rules: d.Rules,
		Keys: a.cfg.LinkKeys, Clock: a.Clock, Log: a.Log, ReturnWindow: a.cfg.ReturnWindow, ChatURL: d.ChatURL,
		Origins: append([]string{d.BaseURL, "https://" + a.cfg.Shop}, a.cfg.StorefrontOrigins...)}
	// Self-service returns: the agent's proposals, run by the agent, queued
	// for approval like the chat's.
	a.TrackPage.Returns = &trackpage.Returns{Store: a.Store, Policies: a.Settings, Runner: a.Agent, Approvals: a.Escalation,
		Labels: p.Labels, Address: d.ReturnAddress, Instructions: d.ReturnInstructions}
	if p.Mailer != nil && a.cfg.Support.Address != "" {
		a.TrackPage.Returns.Mail, a.TrackPage.Returns.From = p.Mailer, a.cfg.Support
		a.Agent.ReturnMail = a.TrackPage // chat, email and approved returns get the same mail
		a.Agent.ReturnLabels = p.Labels != nil
	}
	// Store credit and exchanges where the shop connection makes them.
	if ex, ok := p.Commerce.(agent.Exchanger); ok {
		a.TrackPage.Returns.Variants = ex
	}
	_, a.TrackPage.Returns.StoreCredit = p.Commerce.(agent.StoreCreditIssuer)
	rules := d.Rules // the agent's estimates are the delivery side's (package edd)
	a.Agent.Rules = &rules
	a.Agent.Deliveries = watch.ForAgent{Checker: a.Delivery.Checker}
	a.Agent.CheckIns = a.Outreach
}

// promises are follow-up promises: the agent's follow_up tool offers the
// terms, the turn that saves the customer's yes makes the promise, the
// promise workflow keeps it, a delivered parcel cancels it, and the agent
// knows about it when the customer asks.
func (a *App) promises(p Ports) {
	d := a.cfg.Delivery
	a.Promises = &promise.Service{Store: a.Store, Scheduler: p.Scheduler, Messenger: a.messenger(p), Resolver: p.Resolver,
		Escalations: a.Escalation, Rules: d.Rules, Policy: d.Policy, Policies: a.Settings, ShopName: a.cfg.Policy.ShopName,
		Clock: a.Clock, Log: a.Log, Metrics: a.Metrics}
	a.Promises.Reactions(a.Events, a.Privacy, a.Store)
	a.Agent.FollowUps = a.Promises
	// The delivery check's findings and the promises, in one read.
	a.Agent.Deliveries = promise.Findings{Store: a.Store, Promises: a.Promises, Reports: watch.ForAgent{Checker: a.Delivery.Checker}}
}

// channels are the storefront chat and email.
func (a *App) channels(p Ports) {
	a.Chat = &chat.Service{Store: a.Store, Agent: a.Agent, Secrets: p.Secrets, TokenKeys: a.cfg.ChatKeys, CustomerKeys: a.cfg.CustomerKeys, Shop: a.cfg.Shop,
		Clock: a.Clock, Log: a.Log, Metrics: a.Metrics, Outreach: a.Outreach, Turns: a.Turns, Cases: a.Escalation}
	a.Chat.Origins = append([]string{"https://" + a.cfg.Shop}, a.cfg.StorefrontOrigins...)
	if a.cfg.ChatPerClient > 0 {
		a.Chat.PerClient = &chat.Limiter{Max: a.cfg.ChatPerClient, Window: time.Minute, Store: a.Store}
	}
	a.Mail = &mailin.Service{Store: a.Store, Agent: a.Agent, Sender: p.Mailer, MaxAttachment: a.cfg.MaxPhoto,
		From: a.cfg.Support, Shop: a.cfg.Shop, Clock: a.Clock, Log: a.Log, MaxRepliesPerHour: a.cfg.MaxRepliesPerHour,
		Outreach: a.Outreach, Turns: a.Turns, Cases: a.Escalation}
	if p.Blobs != nil { // a nil Blobs in the services' interfaces would not be nil
		a.Chat.Photos, a.Chat.MaxPhoto, a.Mail.Blobs = p.Blobs, a.cfg.MaxPhoto, p.Blobs
	}
	mailin.Reactions(a.Privacy, a.Store, mailin.RawStore{Blobs: p.RawMail, Prefix: p.RawMailPrefix, Shop: a.cfg.Shop})
	if d, ok := p.Blobs.(photo.Deleter); ok {
		photo.Reactions(a.Privacy, a.Store, d)
	}
	if d, ok := p.Blobs.(photo.Pruner); ok {
		photo.ShopReactions(a.Privacy, d)
	}
	chat.Reactions(a.Events, a.Agent, a.Store)
	key := a.cfg.LinkKeys
	if base := a.cfg.CSATBaseURL; base != "" && key != nil { // unsigned links would be refused
		a.Mail.CSATLinks = func(shop, convID string) map[int]string {
			links := csat.Links(key, shop, convID, a.Clock.Now().Add(30*24*time.Hour))
			for k, v := range links {
				links[k] = base + v
			}
			return links
		}
	}
	a.CSAT = &csat.Handler{Store: a.Store, Keys: key, Clock: a.Clock, Metrics: a.Metrics, Log: a.Log, ShopName: a.cfg.Policy.ShopName}
}

// shopEraser is a Scheduler that erases a shop's executions.
type shopEraser interface {
	EraseShop(ctx context.Context, shop string) error
}

// console is the merchant console.
func (a *App) console(p Ports) {
	rules := a.Delivery.Checker.Rules // the shop's time zone and estimates, as the emails give them
	a.Console = &console.Console{Rules: &rules, Store: a.Store, Auth: p.ConsoleAuth, Shop: a.cfg.Shop, Settings: a.Settings, Metrics: a.Metrics,
		Handoffs: console.Escalations{S: a.Escalation}, Claims: console.ClaimsBook{Book: a.Delivery.Claims}, Promises: console.PromiseBook{S: a.Promises},
		Exports: a.Privacy, Clock: a.Clock, Log: a.Log}
	if p.Blobs != nil {
		a.Console.Photos = p.Blobs
	}
	if a.Escalation.Messenger.CanEmail() {
		// A person's reply in an email conversation is mailed, threaded.
		a.Console.Replies = console.Escalations{S: a.Escalation}
	}
}

// Steps are the task handlers of a workflow's state machine.
func (a *App) Steps(m workflow.Machine) (*workflow.Steps, error) {
	switch m {
	case workflow.Escalation:
		return a.Escalation.Steps(), nil
	case workflow.Outreach:
		return a.Outreach.Steps(), nil
	case workflow.Promise:
		return a.Promises.Steps(), nil
	}
	return nil, fmt.Errorf("no workflow %q", m)
}

// --- what each function serves ----------------------------------------------

// ChatHandler is the storefront chat API (/v1/...) and the widget script
// the theme snippet loads (GET /widget.js).
func (a *App) ChatHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/v1/", a.Chat.Handler())
	mux.Handle("GET /widget.js", http.FileServerFS(web.Static()))
	return mux
}

// WebhooksHandler is POST /webhooks/shopify.
func (a *App) WebhooksHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /webhooks/shopify", a.Intake)
	return mux
}

// TrackingHandler is the tracking providers' webhooks.
func (a *App) TrackingHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /webhooks/tracking/{provider}", a.Delivery.Tracking)
	return mux
}

// TrackPageHandler is the customer's tracking page and the unsubscribe
// link.
func (a *App) TrackPageHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /track", a.TrackPage)
	mux.Handle("POST /track", a.TrackPage)
	mux.Handle("POST /track/return", a.TrackPage)
	mux.HandleFunc("GET /unsubscribe", a.Delivery.Notify.ServeUnsubscribe)
	mux.HandleFunc("POST /unsubscribe", a.Delivery.Notify.ServeUnsubscribe)
	a.RegisterSMS(mux)
	return mux
}

// RegisterSMS mounts the tracking page's SMS opt-in (POST /track/sms) and
// the opt-out link in texts (GET and POST /s/{ref}), when texts are set up.
func (a *App) RegisterSMS(mux *http.ServeMux) {
	if a.SMS == nil {
		return
	}
	mux.HandleFunc("POST /track/sms", a.TrackPage.ServeSMSOptIn)
	mux.HandleFunc("GET /s/{ref}", a.SMS.ServeStop)
	mux.HandleFunc("POST /s/{ref}", a.SMS.ServeStop)
}

// ConsoleHandler is the merchant console and the CSAT links.
func (a *App) ConsoleHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/console/", a.Console.Handler())
	mux.Handle(csat.Path, a.CSAT)
	return mux
}

// Worker runs a workflow's tasks (the outreach and escalation queues).
func (a *App) Worker(m workflow.Machine, tasks workflow.TaskCompleter) (*workflow.Worker, error) {
	steps, err := a.Steps(m)
	if err != nil {
		return nil, err
	}
	return &workflow.Worker{Steps: steps, Tasks: tasks, Log: a.Log}, nil
}

// relayed is a store whose changes and turns dispatch their events in
// process right after they are committed (InProcessEvents).
type relayed struct {
	store.Store
	relay *event.Relay
}

func (s relayed) Apply(ctx context.Context, c store.Change) (store.Result, error) {
	res, err := s.Store.Apply(ctx, c)
	if err == nil && !res.Duplicate && res.Written > 0 && len(c.Events) > 0 {
		s.relay.After(ctx, c.Events)
	}
	return res, err
}

func (s relayed) AddEvents(ctx context.Context, events []event.Event) error {
	err := s.Store.AddEvents(ctx, events)
	if err == nil && len(events) > 0 {
		s.relay.After(ctx, events)
	}
	return err
}

func (s relayed) CommitTurn(ctx context.Context, t store.Turn) error {
	err := s.Store.CommitTurn(ctx, t)
	if err == nil && len(t.Events) > 0 {
		s.relay.After(ctx, t.Events)
	}
	return err
}

// trackpageTexts is the tracking page's SMS opt-in: none (a nil
// interface) without texts.
func trackpageTexts(s *sms.Service) trackpage.Texts {
	if s == nil {
		return nil
	}
	return s
}
