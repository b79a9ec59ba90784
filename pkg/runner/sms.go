package runner

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/doorstep-ai/doorstep/pkg/catalog"
	"github.com/doorstep-ai/doorstep/pkg/httpjson"
	"github.com/doorstep-ai/doorstep/pkg/sms"
	"github.com/doorstep-ai/doorstep/web"
)

// serveInboundSMS is POST /dev/sms: {"from": "+16175550142", "text":
// "STOP"}, a text as if a customer had sent it to the shop's number (what
// the sms-inbound function gets from AWS End User Messaging two-way SMS).
// It answers with the keyword read.
func (r *Runner) serveInboundSMS(w http.ResponseWriter, req *http.Request) {
	if r.App.SMS == nil {
		httpjson.Error(w, http.StatusNotFound, "not_found", "texts are not set up")
		return
	}
	var body struct {
		From string `json:"from"`
		Text string `json:"text"`
	}
	dec := json.NewDecoder(io.LimitReader(req.Body, 8<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		httpjson.Error(w, http.StatusBadRequest, "bad_request", `body must be {"from": "+16175550142", "text": "STOP"}`)
		return
	}
	k, err := r.App.SMS.Receive(req.Context(), r.cfg.Shop, sms.Inbound{From: body.From, Body: body.Text})
	if errors.Is(err, sms.ErrBadPhone) {
		httpjson.Error(w, http.StatusBadRequest, "bad_request", "from must be a phone number in international form")
		return
	}
	if err != nil {
		r.log.ErrorContext(req.Context(), "dev inbound sms", "err", err)
		httpjson.Error(w, http.StatusInternalServerError, "internal", "internal error")
		return
	}
	httpjson.Write(w, http.StatusOK, map[string]string{"keyword": k.String()})
}

// demoImages are the demo shop's product pictures (web.DemoProducts),
// per product id, with the variants that have their own.
var demoImages = map[string]catalog.Images{
	"8800000000101": {Image: "/demo/products/mug-sea-glass.svg", Variants: map[string]string{
		"4700000000101": "/demo/products/mug-sea-glass.svg", "4700000000102": "/demo/products/mug-charcoal.svg"}},
	"8800000000102": {Image: "/demo/products/pour-over-kit.svg"},
	"8800000000103": {Image: "/demo/products/linen-throw-oatmeal.svg", Variants: map[string]string{
		"4700000000301": "/demo/products/linen-throw-oatmeal.svg", "4700000000302": "/demo/products/linen-throw-slate-blue.svg"}},
	"8800000000104": {Image: "/demo/products/cast-iron-skillet.svg"},
	"8800000000105": {Image: "/demo/products/beeswax-candle.svg"},
	"8800000000106": {Image: "/demo/products/olivewood-board.svg"},
	"8800000000107": {Image: "/demo/products/paper-filters.svg"},
}

// seedImages keeps the demo catalogue's pictures, as products/create
// webhooks would keep a real shop's.
func (r *Runner) seedImages(ctx context.Context) error {
	for id, img := range demoImages {
		if err := catalog.RecordImages(ctx, r.Store, r.cfg.Shop, id, img); err != nil {
			return err
		}
	}
	return nil
}

// demoProducts serves the demo catalogue's pictures.
func demoProducts() http.Handler {
	return http.StripPrefix("/demo/products/", http.FileServerFS(web.DemoProducts()))
}
