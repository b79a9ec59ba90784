package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/doorstep-ai/doorstep/pkg/bolt"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/parcelaudit"
)

const claimsUsage = `usage: doorstep claims export [-o FILE] [-shop DOMAIN]

Writes the carrier claims (late guaranteed-service and lost parcels, with
their evidence) as CSV, to FILE or standard output. The store is the one
the runner uses (DOORSTEP_STORE, DOORSTEP_DATA, DOORSTEP_TABLE); while the
local runner is running it holds the embedded store, so the claims are
fetched from it instead (GET /console/api/claims.csv).
`

// claimsExport is `doorstep claims export`.
func claimsExport(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "export" {
		fmt.Fprint(os.Stderr, claimsUsage)
		return errors.New("usage: doorstep claims export [-o FILE] [-shop DOMAIN]")
	}
	s := loadSettings()
	fs := flag.NewFlagSet("claims export", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	out := fs.String("o", "", "write the CSV to this file (default: standard output)")
	shop := fs.String("shop", s.Shop, "the shop's myshopify.com domain")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() > 0 {
		fmt.Fprint(os.Stderr, claimsUsage)
		return errors.New("usage: doorstep claims export [-o FILE] [-shop DOMAIN]")
	}

	var w io.Writer = os.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	err := exportFromStore(ctx, s, *shop, w)
	if errors.Is(err, errStoreBusy) {
		err = exportFromRunner(ctx, s, w)
	}
	if err != nil {
		return err
	}
	if *out != "" {
		fmt.Fprintf(os.Stderr, "claims written to %s\n", *out)
	}
	return nil
}

var errStoreBusy = errors.New("the embedded store is in use")

func exportFromStore(ctx context.Context, s settings, shop string, w io.Writer) error {
	var st parcelaudit.Store
	switch s.Store {
	case "embedded":
		path := filepath.Join(s.Data, "doorstep.db")
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("no store at %s: run the runner first (make dev), or set DOORSTEP_DATA", path)
		}
		b, err := bolt.Open(path)
		if err != nil {
			// bbolt waits two seconds for the file lock the runner holds.
			return fmt.Errorf("%w: %v", errStoreBusy, err)
		}
		defer b.Close()
		st = b
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
	book := &parcelaudit.Book{Store: st, Clock: clock.System{}}
	return book.CSV(ctx, shop, w)
}

// exportFromRunner asks the running local runner for the CSV.
func exportFromRunner(ctx context.Context, s settings, w io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+s.Addr+"/console/api/claims.csv", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("the store is locked by a running runner, which did not answer at %s: %w", s.Addr, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the store is locked by the running runner, and it answered %s for the claims export: stop it (Ctrl-C) and run this again, or download the CSV from the console", resp.Status)
	}
	_, err = io.Copy(w, resp.Body)
	return err
}
