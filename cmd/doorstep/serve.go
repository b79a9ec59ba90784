package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/doorstep-ai/doorstep/events"
	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/bedrock"
	dconfig "github.com/doorstep-ai/doorstep/pkg/config"
	"github.com/doorstep-ai/doorstep/pkg/console"
	"github.com/doorstep-ai/doorstep/pkg/docs"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/easypost"
	"github.com/doorstep-ai/doorstep/pkg/runner"
	"github.com/doorstep-ai/doorstep/pkg/secrets"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/trackpage"
)

// settings is the runner's environment, with DESIGN.md §5's defaults.
type settings struct {
	Addr, Data, Shop, Secret, Store, Table, Model, ModelID string
	ClientLimit                                            int
}

func loadSettings() settings {
	s := settings{
		Addr:    dconfig.Default("DOORSTEP_ADDR", "127.0.0.1:8080"),
		Data:    dconfig.Default("DOORSTEP_DATA", ".doorstep"),
		Shop:    dconfig.Default("DOORSTEP_SHOP", "demo-shop.myshopify.com"),
		Secret:  dconfig.Default("SHOPIFY_WEBHOOK_SECRET", "dev-webhook-secret"),
		Store:   dconfig.Default("DOORSTEP_STORE", "embedded"),
		Table:   os.Getenv("DOORSTEP_TABLE"),
		Model:   dconfig.Default("DOORSTEP_MODEL", "offline"),
		ModelID: dconfig.Default("BEDROCK_MODEL_ID", "anthropic.claude-haiku-4-5-20251001-v1:0"),
	}
	if n, err := strconv.Atoi(os.Getenv("DOORSTEP_CLIENT_LIMIT")); err == nil {
		s.ClientLimit = n
		if n == 0 {
			s.ClientLimit = -1
		}
	}
	return s
}

func serve(ctx context.Context) error {
	s := loadSettings()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))

	var st store.Store
	switch s.Store {
	case "embedded":
	case "dynamodb":
		if s.Table == "" {
			return errors.New("DOORSTEP_STORE=dynamodb needs DOORSTEP_TABLE")
		}
		awsCfg, err := config.LoadDefaultConfig(ctx)
		if err != nil {
			return fmt.Errorf("load aws config: %w", err)
		}
		st = dynamo.New(dynamodb.NewFromConfig(awsCfg), s.Table)
	default:
		return fmt.Errorf("DOORSTEP_STORE=%q: want embedded or dynamodb", s.Store)
	}

	var model agent.Model
	var price agent.Pricer
	switch s.Model {
	case "offline":
	case "bedrock":
		awsCfg, err := config.LoadDefaultConfig(ctx)
		if err != nil {
			return fmt.Errorf("load aws config: %w", err)
		}
		model = bedrock.New(bedrockruntime.NewFromConfig(awsCfg), s.ModelID)
		price = func(u agent.Usage) float64 { c, _ := bedrock.Cost(s.ModelID, u); return c }
	default:
		return fmt.Errorf("DOORSTEP_MODEL=%q: want offline or bedrock", s.Model)
	}

	docFS := events.Docs()
	if d := os.Getenv("DOORSTEP_DOCS"); d != "" {
		docFS = os.DirFS(d)
	}
	files, err := docs.LoadFS(docFS)
	if err != nil {
		return fmt.Errorf("DOORSTEP_DOCS: %w", err)
	}

	// Return labels from EasyPost (a test key buys test labels) when
	// EASYPOST_API_KEY and RETURN_ADDRESS are set; else instructions.
	var labels trackpage.LabelMaker
	if ep, err := easypost.FromEnv(os.Getenv("EASYPOST_API_KEY")); err != nil {
		return err
	} else if ep != nil {
		labels = ep
	}

	password, generated := console.DevPassword()
	r, err := runner.New(runner.Config{ConsolePassword: password, Docs: docs.NewLibrary(files), Addr: s.Addr, DataDir: s.Data, Shop: s.Shop, WebhookSecret: s.Secret,
		Demo: events.DemoOrders(), Store: st, Model: model, Price: price, Log: log, ClientLimit: s.ClientLimit, Labels: labels})
	if err != nil {
		return err
	}
	defer r.Close()
	seeded, err := r.Seed(ctx)
	if err != nil {
		return err
	}
	if _, err := r.SeedConversations(ctx); err != nil {
		return err
	}
	passwordNote := "(from DOORSTEP_CONSOLE_PASSWORD)"
	if generated {
		passwordNote = "(new each start; set DOORSTEP_CONSOLE_PASSWORD to keep one)"
	}

	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s (set DOORSTEP_ADDR to change it): %w", s.Addr, err)
	}
	base := "http://" + ln.Addr().String()
	dev := secrets.DevKeys(s.Secret)
	fmt.Printf(`doorstep is running at %s
  demo storefront  %s/  (the chat widget is in the corner)
  console          %s/console/  (sign in with the console password below)
  shop             %s (%d demo orders loaded this start)
  store            %s (data in %s), model %s
  clock            %s
  webhooks         POST %s/webhooks/shopify
  chat API         POST %s/v1/conversations
  health           GET  %s/healthz
  an order         GET  %s/dev/orders/1003
  move the clock   POST %s/dev/clock  {"advance":"72h"}
dev secrets (never use these in production):
  SHOPIFY_WEBHOOK_SECRET=%s
  chat token key          %s
  customer token key      %s  (mint storefront customer_token with it; or: doorstep token EMAIL)
  link signing key        %s
  console password  %s  %s
demo customers: #1003 daniel.reyes@example.com (in transit), #1001 maya.okafor@example.com
  (not shipped), #1006 samuel.whitfield@example.com (delivered), #1007 maya.okafor@example.com
  (return window closed)
  product questions are answered from %s
try:  go run ./cmd/doorstep webhook orders/create events/shopify/new_order_create.json
      ask the chat "How do I set up the pour-over coffee kit?"
`, base, base, base, s.Shop, seeded, s.Store, s.Data, s.Model, r.Clock.Now().Format(time.RFC3339), base, base, base, base, base, s.Secret, dev.ChatToken, dev.CustomerToken, dev.LinkSigning, password, passwordNote, docsName(len(files)))

	srv := &http.Server{Handler: r.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		t := time.NewTicker(30 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := r.RunTicks(ctx); err != nil {
					log.Error("scheduled work", "err", err)
				}
			}
		}
	}()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func docsName(n int) string {
	if d := os.Getenv("DOORSTEP_DOCS"); d != "" {
		return fmt.Sprintf("%s (%d files)", d, n)
	}
	return fmt.Sprintf("the demo documentation, events/docs (%d files; set DOORSTEP_DOCS for your own)", n)
}
