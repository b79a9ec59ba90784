package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/load"
)

// runLoad drives the running local runner and checks nothing was lost.
func runLoad(ctx context.Context, args []string, out io.Writer) error {
	s := loadSettings()
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(out)
	cfg := load.Config{Shop: s.Shop, Secret: s.Secret}
	fs.StringVar(&cfg.BaseURL, "url", "http://"+s.Addr, "the running runner (make dev)")
	fs.IntVar(&cfg.Conversations, "conversations", 50, "concurrent conversations")
	fs.IntVar(&cfg.Messages, "messages", 10, "messages per conversation")
	fs.IntVar(&cfg.Orders, "orders", 50, "orders the webhook bursts update")
	fs.IntVar(&cfg.Updates, "updates", 5, "orders/updated versions per order")
	fs.IntVar(&cfg.Duplicates, "duplicates", 3, "extra deliveries of each webhook")
	if err := fs.Parse(args); err != nil {
		return err
	}
	rep, err := load.Run(ctx, cfg)
	if err != nil {
		return err
	}
	rep.Print(out)
	for _, e := range rep.ErrorSamples {
		if strings.Contains(e, "rate_limited") {
			fmt.Fprintln(out, "note: the runner's per-client limit answered 429; for a load test start it with DOORSTEP_CLIENT_LIMIT=0")
			break
		}
	}
	if rep.Lost() {
		return errors.New("something was lost or applied twice")
	}
	return nil
}
