// Command doorstep is the local runner (`doorstep serve`, what `make dev`
// runs) and the admin commands.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/chat"
	"github.com/doorstep-ai/doorstep/pkg/secrets"
)

const usage = `doorstep: post-purchase support agent for Shopify

usage:
  doorstep [serve]                       run everything locally (make dev)
  doorstep webhook TOPIC FILE [EVENT_ID] send FILE as a signed Shopify webhook
                                         to the running local runner
  doorstep shopify setup -shop S -token T -api-url URL
                                         register the webhooks with the shop, check the
                                         app's scopes, print the theme snippet
  doorstep bench [-build DIR]            measure every budgeted figure and print one
                                         table (make bench builds first)
  doorstep load [-conversations N ...]   load the running runner with chats and webhook
                                         bursts (duplicated, reordered); check nothing
                                         was lost or applied twice
  doorstep claims export [-o FILE]       carrier claims (late guaranteed-service and lost
                                         parcels, with their evidence) as CSV
  doorstep eval [-model offline|nothing|bedrock] [-k N] [-per-kind N] [-add DIR | -scenarios DIR]
                [-fail-under X] [-o report.json]
                                         run the scenario suite (tau-bench retail data
                                         as Shopify orders) and print pass^1 and pass^k
                                         per kind beside the do-nothing floor, tokens and
                                         cost; a model that fails calls is a setup failure
  doorstep simulate [-model offline|bedrock] [-k N] [-customer-model ID|scripted] [-data PATH] [-policy FILE] [-docs DIR] [-personas DIR] [-o FILE [-force]]
  doorstep simulate -compare OLD.json NEW.json
                                         a Bedrock model (or, with scripted, the personas'
                                         own lines) plays customers against your policy;
                                         compare two saved runs
  doorstep token EMAIL                   print a storefront customer_token for EMAIL,
                                         signed with the local customer token key (valid a year)
settings come from the environment (see README.md): DOORSTEP_ADDR,
DOORSTEP_DATA, DOORSTEP_SHOP, SHOPIFY_WEBHOOK_SECRET, DOORSTEP_STORE, DOORSTEP_TABLE,
DOORSTEP_MODEL, BEDROCK_MODEL_ID.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	args := os.Args[1:]
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(ctx)
	case "webhook":
		err = sendWebhook(ctx, args)
	case "shopify":
		if len(args) == 0 || args[0] != "setup" {
			err = fmt.Errorf("usage: doorstep shopify setup -shop S -token T -api-url URL")
			break
		}
		err = shopifySetup(ctx, args[1:], os.Stdout)
	case "bench":
		err = runBench(ctx, args, os.Stdout)
	case "load":
		err = runLoad(ctx, args, os.Stdout)
	case "claims":
		err = claimsExport(ctx, args)
	case "eval":
		err = runEval(ctx, args, os.Stdout)
	case "simulate":
		err = runSimulate(ctx, args, os.Stdout)
	case "token":
		if len(args) != 1 {
			err = fmt.Errorf("usage: doorstep token EMAIL")
			break
		}
		s := loadSettings()
		fmt.Println(chat.CustomerToken(secrets.DevKeys(s.Secret).Keyrings().Customer, s.Shop, args[0], time.Now().Add(365*24*time.Hour)))
	case "help", "-h", "--help":
		fmt.Print(usage)
	default:
		fmt.Fprint(os.Stderr, usage)
		err = fmt.Errorf("unknown command %q", cmd)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "doorstep:", err)
		os.Exit(1)
	}
}
