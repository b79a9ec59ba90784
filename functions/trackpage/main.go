// Command trackpage is the Lambda behind the customer's tracking page
// (GET and POST /track) and the unsubscribe link (GET and POST
// /unsubscribe).
package main

import (
	"context"
	"fmt"
	"net/http"
	"os"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	dconfig "github.com/doorstep-ai/doorstep/pkg/config"
	"github.com/doorstep-ai/doorstep/pkg/delivery"
	"github.com/doorstep-ai/doorstep/pkg/dynamo"
	"github.com/doorstep-ai/doorstep/pkg/lambdahttp"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/secrets"
	"github.com/doorstep-ai/doorstep/pkg/trackpage"
)

func main() {
	log := lambdahttp.Logger()
	page, unsub, err := run(context.Background())
	if err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
	page.Log, unsub.Log = log, log
	mux := http.NewServeMux()
	mux.Handle("GET /track", page)
	mux.Handle("POST /track", page)
	mux.Handle("GET /unsubscribe", unsub)
	mux.Handle("POST /unsubscribe", unsub)
	lambdahttp.Start(mux)
}

func run(ctx context.Context) (*trackpage.Page, *notify.Notifier, error) {
	table, err := dconfig.Required("TABLE_NAME")
	if err != nil {
		return nil, nil, err
	}
	env, err := delivery.LoadEnv()
	if err != nil {
		return nil, nil, err
	}
	awsCfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("load aws config: %w", err)
	}
	keys, err := secrets.LoadSigningFromConfig(ctx, awsCfg, secrets.LinkSigningKey)
	if err != nil {
		return nil, nil, err
	}
	st := dynamo.New(dynamodb.NewFromConfig(awsCfg), table)
	brands := notify.StaticBrand(env.Brand)
	clk := clock.System{}
	page := &trackpage.Page{Store: st, Shop: env.Shop, Brands: brands, Rules: env.Rules, Keys: keys.Links, Clock: clk}
	// Unsubscribing sends nothing: no mail client here.
	unsub := &notify.Notifier{Store: st, Brands: brands, Clock: clk, Keys: keys.Links, BaseURL: env.BaseURL}
	return page, unsub, nil
}
