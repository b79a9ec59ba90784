package shopify

// This file is the Admin GraphQL adapter of agent.Commerce: the writes
// doorstep makes to a shop (return requests, shipping address changes).
//
// Shapes are those of Admin GraphQL API version 2026-10 (DefaultAPIVersion);
// pkg/shopify/shopifytest checks every operation, with the variables the
// code sends, against Shopify's published schema of that version:
//
//   - returnRequest takes ReturnRequestInput{orderId, returnLineItems:
//     [ReturnRequestLineItemInput{fulfillmentLineItemId, quantity,
//     returnReasonDefinitionId, customerNote}]}. The ReturnReason enum
//     (returnReason) is deprecated since 2026-01: the reason is a
//     ReturnReasonDefinition from Shopify's library, found by handle
//     ("wrong-item") in the same query that reads the fulfillments.
//   - orderUpdate takes OrderInput{id, shippingAddress: MailingAddressInput},
//     and the address given replaces the order's whole shipping address.
//     MailingAddressInput takes countryCode and provinceCode; its country
//     and province (names) are deprecated and never sent.
//   - A throttled call answers {"errors":[{"message":"Throttled",
//     "extensions":{"code":"THROTTLED"}}],"extensions":{"cost":{
//     "requestedQueryCost":..,"throttleStatus":{"currentlyAvailable":..,
//     "restoreRate":..}}}}; nothing ran, so it is always safe to retry.

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// DefaultAPIVersion is the Admin API version the adapter speaks unless
// configured otherwise: the newest whose schema the tests validate against
// (Shopify supports a version for at least 12 months after its release).
const DefaultAPIVersion = "2026-10"

// EnvAPIVersion names the environment variable that overrides
// DefaultAPIVersion (the template's ShopifyApiVersion parameter sets it).
const EnvAPIVersion = "SHOPIFY_API_VERSION"

var apiVersionRE = regexp.MustCompile(`^(?:20[0-9]{2}-(?:01|04|07|10)|unstable)$`)

// ValidAPIVersion reports whether v names an Admin API version
// ("2026-10", or "unstable").
func ValidAPIVersion(v string) error {
	if !apiVersionRE.MatchString(v) {
		return fmt.Errorf("shopify api version %q: want YYYY-01, -04, -07 or -10", v)
	}
	return nil
}

// HeaderAccessToken carries the Admin API access token.
const HeaderAccessToken = "X-Shopify-Access-Token"

// ErrThrottled is what Admin returns when Shopify kept throttling it
// (THROTTLED or HTTP 429) past its attempts.
var ErrThrottled = errors.New("shopify throttled the call")

const (
	defaultMaxAttempts = 5
	defaultBackoffBase = 500 * time.Millisecond
	defaultBackoffMax  = 8 * time.Second
	// maxServerWait bounds a wait Shopify asks for (restore rate, Retry-After).
	maxServerWait = time.Minute
	maxBody       = 8 << 20
	// maxCustomerNote is ReturnRequestLineItemInput.customerNote's limit.
	maxCustomerNote = 300
)

// Admin is a client of one shop's Admin GraphQL API.
type Admin struct {
	shop        string
	tokens      TokenSource
	version     string
	endpoint    string
	client      *http.Client
	clock       clock.Clock
	backoffBase time.Duration
	backoffMax  time.Duration
	maxAttempts int
}

var _ agent.Commerce = (*Admin)(nil)

// AdminOption configures an Admin.
type AdminOption func(*Admin)

// WithEndpoint replaces the GraphQL endpoint (tests point it at a fake).
func WithEndpoint(url string) AdminOption { return func(a *Admin) { a.endpoint = url } }

// WithAPIVersion sets the Admin API version ("2026-10"); an empty v keeps
// the default.
func WithAPIVersion(v string) AdminOption {
	return func(a *Admin) {
		if v != "" {
			a.version = v
		}
	}
}

// WithHTTPClient replaces the HTTP client.
func WithHTTPClient(c *http.Client) AdminOption {
	return func(a *Admin) {
		if c != nil {
			a.client = c
		}
	}
}

// WithBackoff sets the first and the largest wait between attempts when
// Shopify gives no better hint.
func WithBackoff(base, maxWait time.Duration) AdminOption {
	return func(a *Admin) {
		if base > 0 {
			a.backoffBase = base
		}
		if maxWait > 0 {
			a.backoffMax = maxWait
		}
		if a.backoffMax < a.backoffBase {
			a.backoffMax = a.backoffBase
		}
	}
}

// WithMaxAttempts sets how many times a call is tried in all (at least 1).
func WithMaxAttempts(n int) AdminOption {
	return func(a *Admin) { a.maxAttempts = max(n, 1) }
}

// WithClock sets the clock that dates new returns.
func WithClock(c clock.Clock) AdminOption {
	return func(a *Admin) {
		if c != nil {
			a.clock = c
		}
	}
}

// BaseURLEnv names the environment variable that, when set, replaces
// "https://<shop>" in the Admin API's address (the stack test points the
// functions at a fake Shopify with it; unset in a deployment).
const BaseURLEnv = "SHOPIFY_ADMIN_BASE_URL"

// NewAdmin returns a client of shop's ("example.myshopify.com") Admin API
// that sends the fixed accessToken, of version $SHOPIFY_API_VERSION when
// that is set, else DefaultAPIVersion (WithAPIVersion overrides both).
func NewAdmin(shop, accessToken string, opts ...AdminOption) *Admin {
	return NewAdminWith(shop, StaticToken(accessToken), opts...)
}

// NewAdminWith is NewAdmin with the tokens from tokens: a StaticToken, or
// the ClientCredentials of a Dev Dashboard app.
func NewAdminWith(shop string, tokens TokenSource, opts ...AdminOption) *Admin {
	base := "https://" + shop
	if b := os.Getenv(BaseURLEnv); b != "" {
		base = strings.TrimSuffix(b, "/")
	}
	a := &Admin{
		shop:        shop,
		tokens:      tokens,
		version:     cmp.Or(strings.TrimSpace(os.Getenv(EnvAPIVersion)), DefaultAPIVersion),
		client:      &http.Client{Timeout: 30 * time.Second},
		clock:       clock.System{},
		backoffBase: defaultBackoffBase,
		backoffMax:  defaultBackoffMax,
		maxAttempts: defaultMaxAttempts,
	}
	for _, o := range opts {
		o(a)
	}
	if a.endpoint == "" {
		a.endpoint = base + "/admin/api/" + a.version + "/graphql.json"
	}
	return a
}

// APIVersion is the Admin API version the client speaks.
func (a *Admin) APIVersion() string { return a.version }

// OrderGID is the GraphQL id of the order with numeric id id. An id that is
// already a gid is returned as it is.
func OrderGID(id string) string {
	if strings.HasPrefix(id, "gid://") {
		return id
	}
	return "gid://shopify/Order/" + id
}

// idFromGID is the numeric id at the end of a GraphQL id
// ("gid://shopify/Return/42" → "42"). Anything else is returned unchanged.
func idFromGID(gid string) string {
	if !strings.HasPrefix(gid, "gid://") {
		return gid
	}
	s := gid
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[:i]
	}
	return s[strings.LastIndexByte(s, '/')+1:]
}

// --- RequestReturn ---

const returnableQuery = `query DoorstepReturnable($id: ID!, $reasons: [String!]) {
  order(id: $id) {
    id
    fulfillments {
      status
      fulfillmentLineItems(first: 50) {
        nodes { id quantity lineItem { id } }
      }
    }
  }
  returnReasonDefinitions(first: 10, handles: $reasons) {
    nodes { id handle deleted }
  }
}`

const returnRequestMutation = `mutation DoorstepReturnRequest($input: ReturnRequestInput!) {
  returnRequest(input: $input) {
    return { id status }
    userErrors { field message }
  }
}`

// reasonHandles are the handles of Shopify's return reason library tried
// for each reason the agent gives (the old ReturnReason enum's values), in
// order of preference; "other" is tried last for every reason. A handle the
// library lacks matches nothing, and a return with no match is requested
// without a reason definition (the customer's note still says why).
var reasonHandles = map[string][]string{
	"COLOR":            {"color", "color-not-as-expected"},
	"DEFECTIVE":        {"defective", "damaged", "quality"},
	"NOT_AS_DESCRIBED": {"not-as-described", "not-as-pictured"},
	"SIZE_TOO_LARGE":   {"too-large", "too-loose", "size-too-large"},
	"SIZE_TOO_SMALL":   {"too-small", "too-tight", "size-too-small"},
	"STYLE":            {"style", "style-not-as-expected"},
	"UNWANTED":         {"unwanted", "changed-mind", "no-longer-needed"},
	"WRONG_ITEM":       {"wrong-item", "received-wrong-item"},
}

// returnReasons are the reasons the agent gives (the values of Shopify's
// ReturnReason enum, deprecated since 2026-01).
var returnReasons = map[string]bool{
	"COLOR": true, "DEFECTIVE": true, "NOT_AS_DESCRIBED": true, "OTHER": true,
	"SIZE_TOO_LARGE": true, "SIZE_TOO_SMALL": true, "STYLE": true,
	"UNKNOWN": true, "UNWANTED": true, "WRONG_ITEM": true,
}

// reasonCandidates are the library handles to look for, best first.
func reasonCandidates(reason string) []string {
	return append(append([]string(nil), reasonHandles[reason]...), "other")
}

// fulfilledLine is a fulfillment line item: some units of a line item that
// were fulfilled together.
type fulfilledLine struct {
	id         string // FulfillmentLineItem gid
	lineItemID string // numeric LineItem id
	quantity   int
}

type userError struct {
	Field   []string `json:"field"`
	Message string   `json:"message"`
}

// RequestReturn asks the shop to accept a return (Return.status REQUESTED;
// the merchant approves or declines it). It first reads the order's
// fulfillments, since Shopify returns fulfillment line items, not line items.
func (a *Admin) RequestReturn(ctx context.Context, r agent.ReturnRequest) (order.Return, error) {
	if err := a.checkShop(r.Shop); err != nil {
		return order.Return{}, fmt.Errorf("request return on order %s: %w", r.OrderID, err)
	}
	if len(r.Lines) == 0 {
		return order.Return{}, fmt.Errorf("request return on order %s: no lines", r.OrderID)
	}
	orderGID := OrderGID(r.OrderID)
	reason := returnReason(r.Reason)
	fulfilled, reasonID, err := a.returnable(ctx, orderGID, reason)
	if err != nil {
		return order.Return{}, fmt.Errorf("request return on order %s: %w", r.OrderID, err)
	}
	items, err := returnLineItems(r.Lines, fulfilled, reasonID, truncate(strings.TrimSpace(r.Note), maxCustomerNote))
	if err != nil {
		return order.Return{}, fmt.Errorf("request return on order %s: %w", r.OrderID, err)
	}

	vars := map[string]any{"input": map[string]any{"orderId": orderGID, "returnLineItems": items}}
	var out struct {
		ReturnRequest struct {
			Return *struct {
				ID     string `json:"id"`
				Status string `json:"status"`
			} `json:"return"`
			UserErrors []userError `json:"userErrors"`
		} `json:"returnRequest"`
	}
	if err := a.do(ctx, returnRequestMutation, vars, &out); err != nil {
		return order.Return{}, fmt.Errorf("request return on order %s: %w", r.OrderID, err)
	}
	if ue := out.ReturnRequest.UserErrors; len(ue) > 0 {
		return order.Return{}, fmt.Errorf("request return on order %s: %w: %s", r.OrderID, agent.ErrCommerceRejected, userErrorText(ue))
	}
	ret := out.ReturnRequest.Return
	if ret == nil || ret.ID == "" {
		return order.Return{}, fmt.Errorf("request return on order %s: no return in the response", r.OrderID)
	}
	return order.Return{
		Shop:      r.Shop,
		OrderID:   idFromGID(r.OrderID),
		ID:        idFromGID(ret.ID),
		Status:    returnStatus(ret.Status),
		Lines:     r.Lines,
		Reason:    reason,
		CreatedAt: a.clock.Now().UTC(),
	}, nil
}

// returnable reads, in one query, the fulfilled units of an order by line
// item, and the id of the return reason definition that best says reason
// ("" when the library has none of its handles). Lines of cancelled or
// failed fulfillments are left out: they were never sent.
func (a *Admin) returnable(ctx context.Context, orderGID, reason string) ([]fulfilledLine, string, error) {
	var out struct {
		Order *struct {
			Fulfillments []struct {
				Status               string `json:"status"`
				FulfillmentLineItems struct {
					Nodes []struct {
						ID       string `json:"id"`
						Quantity int    `json:"quantity"`
						LineItem struct {
							ID string `json:"id"`
						} `json:"lineItem"`
					} `json:"nodes"`
				} `json:"fulfillmentLineItems"`
			} `json:"fulfillments"`
		} `json:"order"`
		ReturnReasonDefinitions struct {
			Nodes []struct {
				ID      string `json:"id"`
				Handle  string `json:"handle"`
				Deleted bool   `json:"deleted"`
			} `json:"nodes"`
		} `json:"returnReasonDefinitions"`
	}
	candidates := reasonCandidates(reason)
	if err := a.do(ctx, returnableQuery, map[string]any{"id": orderGID, "reasons": candidates}, &out); err != nil {
		return nil, "", fmt.Errorf("read fulfillments: %w", err)
	}
	if out.Order == nil {
		return nil, "", fmt.Errorf("read fulfillments: %w: order not found", agent.ErrCommerceRejected)
	}
	var lines []fulfilledLine
	for _, f := range out.Order.Fulfillments {
		switch strings.ToUpper(f.Status) {
		case "CANCELLED", "ERROR", "FAILURE":
			continue
		}
		for _, n := range f.FulfillmentLineItems.Nodes {
			lines = append(lines, fulfilledLine{id: n.ID, lineItemID: idFromGID(n.LineItem.ID), quantity: n.Quantity})
		}
	}
	byHandle := map[string]string{}
	for _, d := range out.ReturnReasonDefinitions.Nodes {
		if !d.Deleted {
			byHandle[d.Handle] = d.ID
		}
	}
	for _, h := range candidates {
		if id, ok := byHandle[h]; ok {
			return lines, id, nil
		}
	}
	return lines, "", nil
}

// returnLineItems maps the requested lines onto fulfillment line items. A
// line item fulfilled in several parcels is spread over them in order; a
// line item with fewer fulfilled units than asked for is refused.
func returnLineItems(want []order.ReturnLine, fulfilled []fulfilledLine, reasonID, note string) ([]any, error) {
	// Sum the lines asked for per line item, in the order first asked.
	var lineItems []string
	asked := map[string]int{}
	for _, w := range want {
		if w.Quantity <= 0 {
			return nil, fmt.Errorf("line item %s: quantity %d is not positive", w.LineItemID, w.Quantity)
		}
		id := idFromGID(w.LineItemID)
		if _, ok := asked[id]; !ok {
			lineItems = append(lineItems, id)
		}
		asked[id] += w.Quantity
	}
	var items []any
	for _, id := range lineItems {
		need, found := asked[id], 0
		var take []any
		for _, f := range fulfilled {
			if f.lineItemID != id || f.quantity <= 0 {
				continue
			}
			found += f.quantity
			if n := min(need, f.quantity); n > 0 {
				item := map[string]any{"fulfillmentLineItemId": f.id, "quantity": n}
				if reasonID != "" {
					item["returnReasonDefinitionId"] = reasonID
				}
				if note != "" {
					item["customerNote"] = note
				}
				take = append(take, item)
				need -= n
			}
		}
		switch {
		case found == 0:
			return nil, fmt.Errorf("%w: line item %s: item not fulfilled", agent.ErrCommerceRejected, id)
		case need > 0:
			return nil, fmt.Errorf("%w: line item %s: %d to return but %d fulfilled", agent.ErrCommerceRejected, id, asked[id], found)
		}
		items = append(items, take...)
	}
	return items, nil
}

// returnReason is reason as a ReturnReason enum value: UNKNOWN when none was
// given, OTHER when it is not one Shopify knows.
func returnReason(reason string) string {
	r := strings.ToUpper(strings.TrimSpace(reason))
	switch {
	case r == "":
		return "UNKNOWN"
	case returnReasons[r]:
		return r
	}
	return "OTHER"
}

// returnStatus is a ReturnStatus in the order domain's words.
func returnStatus(s string) string {
	s = strings.ToLower(s)
	if s == "canceled" {
		return "cancelled"
	}
	return s
}

// --- UpdateShippingAddress ---

const orderUpdateMutation = `mutation DoorstepOrderShippingAddress($input: OrderInput!) {
  orderUpdate(input: $input) {
    order { id }
    userErrors { field message }
  }
}`

// UpdateShippingAddress replaces the order's shipping address with a, every
// field of it: a field a leaves empty is cleared at Shopify.
func (a *Admin) UpdateShippingAddress(ctx context.Context, shop, orderID string, addr order.Address) error {
	if err := a.checkShop(shop); err != nil {
		return fmt.Errorf("update shipping address of order %s: %w", orderID, err)
	}
	in, err := mailingAddressInput(addr)
	if err != nil {
		return fmt.Errorf("update shipping address of order %s: %w: %v", orderID, agent.ErrCommerceRejected, err)
	}
	vars := map[string]any{"input": map[string]any{"id": OrderGID(orderID), "shippingAddress": in}}
	var out struct {
		OrderUpdate struct {
			UserErrors []userError `json:"userErrors"`
		} `json:"orderUpdate"`
	}
	if err := a.do(ctx, orderUpdateMutation, vars, &out); err != nil {
		return fmt.Errorf("update shipping address of order %s: %w", orderID, err)
	}
	if ue := out.OrderUpdate.UserErrors; len(ue) > 0 {
		return fmt.Errorf("update shipping address of order %s: %w: %s", orderID, agent.ErrCommerceRejected, userErrorText(ue))
	}
	return nil
}

var (
	countryCodeRE  = regexp.MustCompile(`^[A-Z]{2}$`)
	provinceCodeRE = regexp.MustCompile(`^[A-Z0-9]{1,3}$`)
)

// mailingAddressInput is the whole of a as a MailingAddressInput, with the
// country and province as codes (the name fields are deprecated). An
// address with no country code, or with a province given only by name, is
// refused rather than sent without it.
func mailingAddressInput(a order.Address) (map[string]any, error) {
	first, last := splitName(a.Name)
	in := map[string]any{
		"firstName": first,
		"lastName":  last,
		"address1":  strings.TrimSpace(a.Address1),
		"address2":  strings.TrimSpace(a.Address2),
		"city":      strings.TrimSpace(a.City),
		"zip":       strings.TrimSpace(a.Zip),
		"phone":     strings.TrimSpace(a.Phone),
	}
	cc := strings.ToUpper(strings.TrimSpace(a.CountryCode))
	if !countryCodeRE.MatchString(cc) {
		return nil, errors.New("address has no two-letter country code")
	}
	in["countryCode"] = cc
	pc := strings.ToUpper(strings.TrimSpace(cmp.Or(a.ProvinceCode, a.Province)))
	if pc != "" && !provinceCodeRE.MatchString(pc) {
		return nil, errors.New("address gives its province by name, not by code")
	}
	in["provinceCode"] = pc
	return in, nil
}

// splitName splits a full name at its last space: "Ada King Lovelace" →
// "Ada King", "Lovelace". A single word is a last name.
func splitName(name string) (first, last string) {
	name = strings.Join(strings.Fields(name), " ")
	i := strings.LastIndexByte(name, ' ')
	if i < 0 {
		return "", name
	}
	return name[:i], name[i+1:]
}

// --- shared ---

// checkShop refuses a write meant for another shop than the client's.
func (a *Admin) checkShop(shop string) error {
	if shop != "" && !strings.EqualFold(shop, a.shop) {
		return fmt.Errorf("client is for shop %s, not %s", a.shop, shop)
	}
	return nil
}

func userErrorText(ue []userError) string {
	msgs := make([]string, 0, len(ue))
	for _, e := range ue {
		if len(e.Field) > 0 {
			msgs = append(msgs, strings.Join(e.Field, ".")+": "+e.Message)
		} else {
			msgs = append(msgs, e.Message)
		}
	}
	return strings.Join(msgs, "; ")
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// --- GraphQL transport ---

type gqlRequest struct {
	Query     string         `json:"query"`
	Variables map[string]any `json:"variables,omitempty"`
}

type gqlResponse struct {
	Data       json.RawMessage `json:"data"`
	Errors     []gqlError      `json:"errors"`
	Extensions struct {
		Cost *queryCost `json:"cost"`
	} `json:"extensions"`
}

type gqlError struct {
	Message    string `json:"message"`
	Extensions struct {
		Code string `json:"code"`
	} `json:"extensions"`
}

type queryCost struct {
	RequestedQueryCost float64 `json:"requestedQueryCost"`
	ThrottleStatus     *struct {
		MaximumAvailable   float64 `json:"maximumAvailable"`
		CurrentlyAvailable float64 `json:"currentlyAvailable"`
		RestoreRate        float64 `json:"restoreRate"`
	} `json:"throttleStatus"`
}

// retryError is a failed attempt worth another; wait is how long Shopify
// asked for, or 0 to back off.
type retryError struct {
	err  error
	wait time.Duration
}

func (e *retryError) Error() string { return e.err.Error() }
func (e *retryError) Unwrap() error { return e.err }

// ErrUnauthorized is Shopify's 401: the access token was refused (revoked,
// expired, or the app uninstalled).
var ErrUnauthorized = errors.New("shopify refused the access token")

// refusedError is a 401 to token.
type refusedError struct{ token string }

func (e *refusedError) Error() string { return "shopify admin: http 401: " + ErrUnauthorized.Error() }
func (e *refusedError) Unwrap() error { return ErrUnauthorized }

// do runs one GraphQL operation and decodes its data into out. It retries
// what Shopify did not run or may run next time (THROTTLED, HTTP 429 and
// 5xx, transport failures) up to the client's attempts, waiting as the
// throttle status says or backing off with jitter, and never waits past
// ctx's deadline. Other GraphQL errors end the call.
func (a *Admin) do(ctx context.Context, query string, vars map[string]any, out any) error {
	body, err := json.Marshal(gqlRequest{Query: query, Variables: vars})
	if err != nil {
		return fmt.Errorf("encode graphql request: %w", err)
	}
	var last error // the latest retried failure
	refreshed := false
	for attempt := 1; ; attempt++ {
		err := a.attempt(ctx, body, out)
		var refused *refusedError
		if errors.As(err, &refused) && !refreshed && a.tokens.Refused(refused.token) {
			// A token that expired or was rotated early: one more try with
			// a new one, at once.
			refreshed = true
			attempt--
			continue
		}
		var re *retryError
		if !errors.As(err, &re) {
			if err != nil && last != nil && ctx.Err() != nil {
				return fmt.Errorf("%w (after %d attempts: %w)", err, attempt-1, last)
			}
			return err
		}
		last = re.err
		if attempt >= a.maxAttempts {
			return fmt.Errorf("shopify admin: %d attempts: %w", attempt, re.err)
		}
		wait := re.wait
		if wait <= 0 {
			wait = a.backoff(attempt)
		}
		if err := sleep(ctx, wait); err != nil {
			return fmt.Errorf("shopify admin: retry after %s: %w (after %d attempts: %w)", wait.Round(time.Millisecond), err, attempt, re.err)
		}
	}
}

// attempt makes one request.
func (a *Admin) attempt(ctx context.Context, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.endpoint, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("shopify admin: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	tok, err := a.tokens.Token(ctx)
	if err != nil {
		if errors.Is(err, errTokenTransient) && ctx.Err() == nil {
			return &retryError{err: err}
		}
		return fmt.Errorf("shopify admin: %w", err)
	}
	req.Header.Set(HeaderAccessToken, tok)
	resp, err := a.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("shopify admin: %w", ctx.Err())
		}
		return &retryError{err: fmt.Errorf("post: %w", err)}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("shopify admin: %w", ctx.Err())
		}
		return &retryError{err: fmt.Errorf("read response: %w", err)}
	}

	var r gqlResponse
	decodeErr := json.Unmarshal(raw, &r)
	switch code := resp.StatusCode; {
	case code == http.StatusTooManyRequests:
		wait := retryAfter(resp.Header)
		if wait == 0 && decodeErr == nil {
			wait = throttleWait(r.Extensions.Cost)
		}
		return &retryError{err: fmt.Errorf("http %d: %w", code, ErrThrottled), wait: wait}
	case code >= 500:
		return &retryError{err: fmt.Errorf("http %d", code), wait: retryAfter(resp.Header)}
	case code == http.StatusUnauthorized:
		return &refusedError{token: tok}
	case code < 200 || code > 299:
		return fmt.Errorf("shopify admin: http %d", code)
	}
	if decodeErr != nil {
		return fmt.Errorf("shopify admin: decode response: %w", decodeErr)
	}
	if len(r.Errors) > 0 {
		for _, e := range r.Errors {
			if e.Extensions.Code == "THROTTLED" || e.Message == "Throttled" {
				return &retryError{err: ErrThrottled, wait: throttleWait(r.Extensions.Cost)}
			}
		}
		msgs := make([]string, len(r.Errors))
		for i, e := range r.Errors {
			msgs[i] = e.Message
		}
		return fmt.Errorf("shopify admin: graphql: %s", strings.Join(msgs, "; "))
	}
	if out == nil {
		return nil
	}
	if len(r.Data) == 0 || string(r.Data) == "null" {
		return errors.New("shopify admin: no data in the response")
	}
	if err := json.Unmarshal(r.Data, out); err != nil {
		return fmt.Errorf("shopify admin: decode data: %w", err)
	}
	return nil
}

// throttleWait is how long until the bucket holds the query's cost again,
// from the throttle status; 0 when there is none.
func throttleWait(c *queryCost) time.Duration {
	if c == nil || c.ThrottleStatus == nil || c.ThrottleStatus.RestoreRate <= 0 {
		return 0
	}
	need := max(c.RequestedQueryCost-c.ThrottleStatus.CurrentlyAvailable, 1)
	d := time.Duration(need / c.ThrottleStatus.RestoreRate * float64(time.Second))
	d += time.Duration(rand.Int64N(int64(d)/10 + 1)) // spread clients that wait alike
	return min(d, maxServerWait)
}

// retryAfter is the Retry-After header in seconds, or 0.
func retryAfter(h http.Header) time.Duration {
	s, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After")))
	if err != nil || s <= 0 {
		return 0
	}
	return min(time.Duration(s)*time.Second, maxServerWait)
}

// backoff is the wait before attempt+1: exponential from the base, capped,
// with jitter over its upper half.
func (a *Admin) backoff(attempt int) time.Duration {
	d := a.backoffMax
	if attempt-1 < 30 {
		d = min(a.backoffBase<<(attempt-1), a.backoffMax)
	}
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(d-half)+1))
}

// sleep waits d, or fails at once when ctx would end first.
func sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
		return context.DeadlineExceeded
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
