package stack

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// Route is one HTTP API route of the template.
type Route struct {
	Method   string // GET, POST, ... or ANY
	Path     string // /v1/conversations/{id}/messages
	Function string // logical id
	// JWT is the route's JWT authorizer (nil: none): issuer and audiences.
	JWT *JWTAuthorizer
}

// JWTAuthorizer is an HTTP API JWT authorizer's configuration.
type JWTAuthorizer struct {
	Issuer    string
	Audiences []string
}

// Routes reads the HTTP APIs' OpenAPI bodies (as the SAM translator wrote
// them) into routes.
func (d *Deployment) Routes() ([]Route, error) {
	var routes []Route
	for _, id := range d.T.OfType(d.R, "AWS::ApiGatewayV2::Api") {
		p, err := d.props(id, d.T.Resources[id])
		if err != nil {
			return nil, err
		}
		body, _ := p["Body"].(map[string]any)
		auths := map[string]*JWTAuthorizer{}
		comps, _ := body["components"].(map[string]any)
		schemes, _ := comps["securitySchemes"].(map[string]any)
		for name, s := range schemes {
			sm, _ := s.(map[string]any)
			az, _ := sm["x-amazon-apigateway-authorizer"].(map[string]any)
			jc, _ := az["jwtConfiguration"].(map[string]any)
			if jc != nil {
				auths[name] = &JWTAuthorizer{Issuer: str(jc, "issuer"), Audiences: strs(jc["audience"])}
			}
		}
		paths, _ := body["paths"].(map[string]any)
		for path, ops := range paths {
			om, _ := ops.(map[string]any)
			for method, op := range om {
				opm, _ := op.(map[string]any)
				integ, _ := opm["x-amazon-apigateway-integration"].(map[string]any)
				uri := str(integ, "uri")
				fn := ""
				for fid, f := range d.Functions {
					if strings.Contains(uri, "/functions/"+f.ARN+"/invocations") {
						fn = fid
					}
				}
				if fn == "" {
					return nil, fmt.Errorf("route %s %s: integration %q names no function of the template", method, path, uri)
				}
				rt := Route{Method: strings.ToUpper(method), Path: path, Function: fn}
				if method == "x-amazon-apigateway-any-method" {
					rt.Method = "ANY"
				}
				sec, _ := opm["security"].([]any)
				for _, s := range sec {
					sm, _ := s.(map[string]any)
					for name := range sm {
						rt.JWT = auths[name]
					}
				}
				routes = append(routes, rt)
			}
		}
	}
	sort.Slice(routes, func(i, j int) bool { return routes[i].Path+routes[i].Method < routes[j].Path+routes[j].Method })
	return routes, nil
}

// match reports whether path matches the route's path template, with its
// path parameters, and how specific the match is (literal segments).
func (rt Route) match(method, path string) (map[string]string, int, bool) {
	if rt.Method != "ANY" && rt.Method != method {
		return nil, 0, false
	}
	tp := strings.Split(strings.Trim(rt.Path, "/"), "/")
	pp := strings.Split(strings.Trim(path, "/"), "/")
	params := map[string]string{}
	score := 0
	for i, seg := range tp {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "+}") {
			if i >= len(pp) {
				return nil, 0, false
			}
			params[strings.TrimSuffix(strings.TrimPrefix(seg, "{"), "+}")] = strings.Join(pp[i:], "/")
			return params, score, true
		}
		if i >= len(pp) {
			return nil, 0, false
		}
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			params[strings.Trim(seg, "{}")] = pp[i]
			continue
		}
		if seg != pp[i] {
			return nil, 0, false
		}
		score += 2
	}
	if len(pp) != len(tp) {
		return nil, 0, false
	}
	if rt.Method != "ANY" {
		score++
	}
	return params, score, true
}

// APIGateway is the HTTP API: it turns requests into payload 2.0 events
// for the routes' functions, as API Gateway does.
type APIGateway struct {
	S      *Stack
	Routes []Route
	APIID  string
}

func (g *APIGateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var best *Route
	var params map[string]string
	bestScore := -1
	for i := range g.Routes {
		if p, score, ok := g.Routes[i].match(r.Method, r.URL.Path); ok && score > bestScore {
			best, params, bestScore = &g.Routes[i], p, score
		}
	}
	if best == nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"message":"Not Found"}`)
		return
	}
	body, _ := io.ReadAll(r.Body)
	now := time.Now()
	ev := events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: best.Method + " " + best.Path, RawPath: r.URL.Path, RawQueryString: r.URL.RawQuery,
		Headers: map[string]string{}, PathParameters: params,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			AccountID: AccountID, APIID: g.APIID, DomainName: r.Host, DomainPrefix: g.APIID, Stage: "$default",
			RequestID: strconv.FormatInt(now.UnixNano(), 36), RouteKey: best.Method + " " + best.Path,
			Time: now.UTC().Format("02/Jan/2006:15:04:05 -0700"), TimeEpoch: now.UnixMilli(),
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: r.Method, Path: r.URL.Path, Protocol: "HTTP/1.1",
				SourceIP: "203.0.113.10", UserAgent: r.UserAgent()},
		},
	}
	if best.Method == "ANY" {
		ev.RouteKey, ev.RequestContext.RouteKey = "ANY "+best.Path, "ANY "+best.Path
	}
	for k, v := range r.Header {
		if strings.EqualFold(k, "Cookie") {
			for _, c := range v {
				for _, part := range strings.Split(c, ";") {
					ev.Cookies = append(ev.Cookies, strings.TrimSpace(part))
				}
			}
			continue
		}
		ev.Headers[strings.ToLower(k)] = strings.Join(v, ",")
	}
	ev.Headers["host"] = r.Host
	if q := r.URL.Query(); len(q) > 0 {
		ev.QueryStringParameters = map[string]string{}
		for k, v := range q {
			ev.QueryStringParameters[k] = strings.Join(v, ",")
		}
	}
	if utf8.Valid(body) {
		ev.Body = string(body)
	} else {
		ev.Body, ev.IsBase64Encoded = base64.StdEncoding.EncodeToString(body), true
	}
	if best.JWT != nil {
		claims, err := best.JWT.check(r.Header.Get("Authorization"))
		if err != nil {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("www-authenticate", `Bearer error="invalid_token"`)
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"message":"Unauthorized"}`)
			return
		}
		ev.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
			JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: claims}}
	}
	var resp events.APIGatewayV2HTTPResponse
	fn := g.S.Fn(best.Function)
	if err := fn.InvokeJSON(r.Context(), ev, &resp); err != nil {
		g.S.Logf("api: %s %s -> %s failed: %v", r.Method, r.URL.Path, best.Function, err)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, `{"message":"Internal Server Error"}`)
		return
	}
	for k, v := range resp.Headers {
		w.Header().Set(k, v)
	}
	for k, vs := range resp.MultiValueHeaders {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	for _, c := range resp.Cookies {
		w.Header().Add("Set-Cookie", c)
	}
	out := []byte(resp.Body)
	if resp.IsBase64Encoded {
		out, _ = base64.StdEncoding.DecodeString(resp.Body)
	}
	if resp.StatusCode == 0 {
		resp.StatusCode = http.StatusOK
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(out)
}

// check emulates the JWT authorizer: the token's issuer, audience (or
// client_id) and expiry are checked against the template's configuration.
// There is no Cognito here, so the signature is not checked.
func (a *JWTAuthorizer) check(header string) (map[string]string, error) {
	tok := strings.TrimSpace(strings.TrimPrefix(header, "Bearer "))
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return nil, fmt.Errorf("not a JWT")
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, err
	}
	var cl map[string]any
	if err := json.Unmarshal(raw, &cl); err != nil {
		return nil, err
	}
	claims := map[string]string{}
	for k, v := range cl {
		switch x := v.(type) {
		case string:
			claims[k] = x
		case float64:
			claims[k] = strconv.FormatFloat(x, 'f', -1, 64)
		default:
			b, _ := json.Marshal(x)
			claims[k] = string(b)
		}
	}
	if claims["iss"] != a.Issuer {
		return nil, fmt.Errorf("issuer %q", claims["iss"])
	}
	aud := claims["aud"]
	if aud == "" {
		aud = claims["client_id"]
	}
	ok := false
	for _, x := range a.Audiences {
		ok = ok || x == aud
	}
	if !ok {
		return nil, fmt.Errorf("audience %q", aud)
	}
	if exp, err := strconv.ParseInt(claims["exp"], 10, 64); err != nil || time.Unix(exp, 0).Before(time.Now()) {
		return nil, fmt.Errorf("expired")
	}
	return claims, nil
}

// Mapping is an event source mapping of the template.
type Mapping struct {
	ID, Function, SourceARN string
	BatchSize               int
	ReportFailures          bool
	StartingPosition        string
	Filters                 []map[string]any // FilterCriteria patterns
	MaxRetries              int
}

// Mappings reads the AWS::Lambda::EventSourceMapping resources.
func (d *Deployment) Mappings() ([]Mapping, error) {
	var out []Mapping
	for _, id := range d.T.OfType(d.R, "AWS::Lambda::EventSourceMapping") {
		p, err := d.props(id, d.T.Resources[id])
		if err != nil {
			return nil, err
		}
		m := Mapping{ID: id, SourceARN: str(p, "EventSourceArn"), BatchSize: num(p, "BatchSize", 10), StartingPosition: str(p, "StartingPosition"),
			MaxRetries: num(p, "MaximumRetryAttempts", 3)}
		name := str(p, "FunctionName")
		for fid, f := range d.Functions {
			if f.Name == name || f.ARN == name {
				m.Function = fid
			}
		}
		if m.Function == "" {
			return nil, fmt.Errorf("%s: function %q is not in the template", id, name)
		}
		for _, t := range strs(p["FunctionResponseTypes"]) {
			m.ReportFailures = m.ReportFailures || t == "ReportBatchItemFailures"
		}
		if fc, ok := p["FilterCriteria"].(map[string]any); ok {
			fl, _ := fc["Filters"].([]any)
			for _, f := range fl {
				fm, _ := f.(map[string]any)
				var pat map[string]any
				if err := json.Unmarshal([]byte(str(fm, "Pattern")), &pat); err != nil {
					return nil, fmt.Errorf("%s: filter pattern: %w", id, err)
				}
				m.Filters = append(m.Filters, pat)
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// pollSQS runs one SQS mapping until ctx ends: receive (with the function
// role's credentials, as Lambda's poller does), invoke, delete what
// succeeded.
func (s *Stack) pollSQS(ctx context.Context, m Mapping) {
	fn := s.Dep.Functions[m.Function]
	c := s.roleClients[fn.Role]
	queueURL := ""
	for _, id := range s.Dep.T.OfType(s.Dep.R, "AWS::SQS::Queue") {
		if s.Dep.R.Attrs[id]["Arn"] == m.SourceARN {
			queueURL = s.Dep.R.Refs[id]
		}
	}
	for ctx.Err() == nil {
		out, err := c.SQS.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(queueURL), MaxNumberOfMessages: int32(min(m.BatchSize, 10)),
			WaitTimeSeconds: 1, MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameAll}})
		if err != nil {
			if ctx.Err() == nil {
				s.Logf("%s: receive from %s: %v", m.ID, m.SourceARN, err)
				sleepCtx(ctx, 200*time.Millisecond)
			}
			continue
		}
		if len(out.Messages) == 0 {
			continue
		}
		ev := events.SQSEvent{}
		for _, msg := range out.Messages {
			s.noteTaskToken(aws.ToString(msg.Body), m.SourceARN)
			attrs := map[string]string{}
			for k, v := range msg.Attributes {
				attrs[k] = v
			}
			ev.Records = append(ev.Records, events.SQSMessage{MessageId: aws.ToString(msg.MessageId), ReceiptHandle: aws.ToString(msg.ReceiptHandle),
				Body: aws.ToString(msg.Body), Md5OfBody: aws.ToString(msg.MD5OfBody), Attributes: attrs, EventSource: "aws:sqs",
				EventSourceARN: m.SourceARN, AWSRegion: Region})
		}
		var resp events.SQSEventResponse
		err = s.Fn(m.Function).InvokeJSON(ctx, ev, &resp)
		failed := map[string]bool{}
		if err != nil {
			s.Logf("%s: %s failed on a batch of %d: %v", m.ID, m.Function, len(ev.Records), err)
			for _, r := range ev.Records {
				failed[r.MessageId] = true
			}
		} else if m.ReportFailures {
			for _, f := range resp.BatchItemFailures {
				failed[f.ItemIdentifier] = true
			}
		}
		s.count(m.ID, len(ev.Records)-len(failed), len(failed))
		for _, r := range ev.Records {
			if failed[r.MessageId] {
				continue // visible again after the visibility timeout; the redrive policy takes it from there
			}
			if _, err := c.SQS.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(queueURL), ReceiptHandle: aws.String(r.ReceiptHandle)}); err != nil && ctx.Err() == nil {
				s.Logf("%s: delete message: %v", m.ID, err)
			}
		}
	}
}

// noteTaskToken tells the recorder which state machine a task message came
// from: the one whose definition sends to that queue.
func (s *Stack) noteTaskToken(body, queueARN string) {
	var m map[string]any
	if json.Unmarshal([]byte(body), &m) != nil {
		return
	}
	tok, _ := m["task_token"].(string)
	if tok == "" {
		tok, _ = m["TaskToken"].(string)
	}
	if tok == "" {
		return
	}
	for _, id := range s.Dep.T.OfType(s.Dep.R, "AWS::StepFunctions::StateMachine") {
		if s.machineQueues[id][queueARN] {
			s.Rec.TaskToken(tok, s.Dep.R.Refs[id])
		}
	}
}

// pollStream runs one DynamoDB Stream mapping until ctx ends.
func (s *Stack) pollStream(ctx context.Context, m Mapping) {
	fn := s.Dep.Functions[m.Function]
	c := s.roleClients[fn.Role]
	st := dynamodbstreams.NewFromConfig(c.Cfg)
	iterators := map[string]string{} // shard id -> iterator
	for ctx.Err() == nil {
		desc, err := st.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: aws.String(m.SourceARN)})
		if err != nil {
			if ctx.Err() == nil {
				s.Logf("%s: describe stream: %v", m.ID, err)
				sleepCtx(ctx, 500*time.Millisecond)
			}
			continue
		}
		got := 0
		for _, sh := range desc.StreamDescription.Shards {
			id := aws.ToString(sh.ShardId)
			it, ok := iterators[id]
			if !ok {
				typ := streamtypes.ShardIteratorTypeTrimHorizon
				if m.StartingPosition == "LATEST" {
					typ = streamtypes.ShardIteratorTypeLatest
				}
				out, err := st.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: aws.String(m.SourceARN), ShardId: sh.ShardId, ShardIteratorType: typ})
				if err != nil {
					s.Logf("%s: shard iterator: %v", m.ID, err)
					continue
				}
				it = aws.ToString(out.ShardIterator)
			}
			s.Rec.Iterator(it, m.SourceARN)
			out, err := st.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: aws.String(it), Limit: aws.Int32(int32(min(m.BatchSize, 1000)))})
			if err != nil {
				s.Logf("%s: get records: %v", m.ID, err)
				continue
			}
			if out.NextShardIterator != nil {
				iterators[id] = *out.NextShardIterator
			}
			got += len(out.Records)
			recs := s.streamRecords(m, out.Records)
			if len(recs) == 0 {
				continue
			}
			ev := map[string]any{"Records": recs}
			var err2 error
			for attempt := 0; attempt <= m.MaxRetries; attempt++ {
				var resp events.DynamoDBEventResponse
				if err2 = s.Fn(m.Function).InvokeJSON(ctx, ev, &resp); err2 == nil && len(resp.BatchItemFailures) == 0 {
					break
				}
				if err2 == nil {
					err2 = fmt.Errorf("%d batch item failures", len(resp.BatchItemFailures))
				}
				s.Logf("%s: %s attempt %d on %d stream records: %v", m.ID, m.Function, attempt+1, len(recs), err2)
			}
			if err2 != nil {
				s.Logf("%s: %s failed on %d stream records after retries: %v", m.ID, m.Function, len(recs), err2)
				s.count(m.ID, 0, len(recs))
			} else {
				s.count(m.ID, len(recs), 0)
			}
		}
		if got == 0 {
			sleepCtx(ctx, 200*time.Millisecond)
		}
	}
}

// streamRecords converts stream records to the Lambda event's JSON, keeping
// those the mapping's filters let through.
func (s *Stack) streamRecords(m Mapping, in []streamtypes.Record) []any {
	var out []any
	for _, r := range in {
		rec := map[string]any{
			"eventID": aws.ToString(r.EventID), "eventName": string(r.EventName), "eventVersion": aws.ToString(r.EventVersion),
			"eventSource": "aws:dynamodb", "awsRegion": Region, "eventSourceARN": m.SourceARN,
		}
		if r.Dynamodb != nil {
			ddb := map[string]any{"SequenceNumber": aws.ToString(r.Dynamodb.SequenceNumber), "StreamViewType": string(r.Dynamodb.StreamViewType),
				"SizeBytes": aws.ToInt64(r.Dynamodb.SizeBytes)}
			if r.Dynamodb.ApproximateCreationDateTime != nil {
				ddb["ApproximateCreationDateTime"] = r.Dynamodb.ApproximateCreationDateTime.Unix()
			}
			if r.Dynamodb.Keys != nil {
				ddb["Keys"] = streamImage(r.Dynamodb.Keys)
			}
			if r.Dynamodb.NewImage != nil {
				ddb["NewImage"] = streamImage(r.Dynamodb.NewImage)
			}
			if r.Dynamodb.OldImage != nil {
				ddb["OldImage"] = streamImage(r.Dynamodb.OldImage)
			}
			rec["dynamodb"] = ddb
		}
		// Filters see the record as JSON.
		var asJSON map[string]any
		b, _ := json.Marshal(rec)
		_ = json.Unmarshal(b, &asJSON)
		if len(m.Filters) > 0 {
			pass := false
			for _, f := range m.Filters {
				pass = pass || MatchPattern(f, asJSON)
			}
			if !pass {
				continue
			}
		}
		out = append(out, asJSON)
	}
	return out
}

// streamImage writes attribute values in the stream event's JSON shape
// ({"S": "..."}, {"N": "1"}, {"M": {...}}, ...).
func streamImage(img map[string]streamtypes.AttributeValue) map[string]any {
	out := map[string]any{}
	for k, v := range img {
		out[k] = streamValue(v)
	}
	return out
}

func streamValue(v streamtypes.AttributeValue) any {
	switch x := v.(type) {
	case *streamtypes.AttributeValueMemberS:
		return map[string]any{"S": x.Value}
	case *streamtypes.AttributeValueMemberN:
		return map[string]any{"N": x.Value}
	case *streamtypes.AttributeValueMemberBOOL:
		return map[string]any{"BOOL": x.Value}
	case *streamtypes.AttributeValueMemberNULL:
		return map[string]any{"NULL": x.Value}
	case *streamtypes.AttributeValueMemberB:
		return map[string]any{"B": base64.StdEncoding.EncodeToString(x.Value)}
	case *streamtypes.AttributeValueMemberSS:
		return map[string]any{"SS": x.Value}
	case *streamtypes.AttributeValueMemberNS:
		return map[string]any{"NS": x.Value}
	case *streamtypes.AttributeValueMemberBS:
		var bs []string
		for _, b := range x.Value {
			bs = append(bs, base64.StdEncoding.EncodeToString(b))
		}
		return map[string]any{"BS": bs}
	case *streamtypes.AttributeValueMemberL:
		var l []any
		for _, e := range x.Value {
			l = append(l, streamValue(e))
		}
		return map[string]any{"L": l}
	case *streamtypes.AttributeValueMemberM:
		return map[string]any{"M": streamImage(x.Value)}
	}
	return nil
}

// MatchPattern applies an EventBridge-style filter pattern (what Lambda's
// FilterCriteria use) to an event: every key of the pattern must match; a
// leaf is a list of allowed values, each a literal or one of
// {"prefix": s}, {"exists": bool}, {"anything-but": v or [v...]},
// {"equals-ignore-case": s}, {"suffix": s}.
func MatchPattern(pattern map[string]any, event any) bool {
	em, _ := event.(map[string]any)
	for k, pv := range pattern {
		ev, present := em[k]
		switch p := pv.(type) {
		case map[string]any:
			if !present || !MatchPattern(p, ev) {
				return false
			}
		case []any:
			if !matchLeaf(p, ev, present) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func matchLeaf(allowed []any, v any, present bool) bool {
	values := []any{v}
	if l, ok := v.([]any); ok {
		values = l
	}
	for _, a := range allowed {
		if am, ok := a.(map[string]any); ok {
			for op, arg := range am {
				switch op {
				case "exists":
					if b, _ := arg.(bool); b == present {
						return true
					}
				case "prefix", "suffix", "equals-ignore-case":
					want, _ := arg.(string)
					for _, x := range values {
						s, ok := x.(string)
						if !ok || !present {
							continue
						}
						if (op == "prefix" && strings.HasPrefix(s, want)) || (op == "suffix" && strings.HasSuffix(s, want)) ||
							(op == "equals-ignore-case" && strings.EqualFold(s, want)) {
							return true
						}
					}
				case "anything-but":
					if !present {
						continue
					}
					excluded := []any{arg}
					if l, ok := arg.([]any); ok {
						excluded = l
					}
					for _, x := range values {
						hit := false
						for _, e := range excluded {
							hit = hit || fmt.Sprint(e) == fmt.Sprint(x)
						}
						if !hit {
							return true
						}
					}
				}
			}
			continue
		}
		if !present {
			continue
		}
		for _, x := range values {
			if fmt.Sprint(a) == fmt.Sprint(x) && (a == nil) == (x == nil) {
				return true
			}
		}
	}
	return false
}

func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// Schedules returns, by rule logical id, the functions a schedule rule
// (AWS::Events::Rule with a ScheduleExpression) invokes.
func (d *Deployment) Schedules() (map[string][]string, error) {
	out := map[string][]string{}
	for _, id := range d.T.OfType(d.R, "AWS::Events::Rule") {
		p, err := d.props(id, d.T.Resources[id])
		if err != nil {
			return nil, err
		}
		if str(p, "ScheduleExpression") == "" || str(p, "State") == "DISABLED" {
			continue
		}
		targets, _ := p["Targets"].([]any)
		for _, t := range targets {
			tm, _ := t.(map[string]any)
			for fid, f := range d.Functions {
				if f.ARN == str(tm, "Arn") {
					out[id] = append(out[id], fid)
				}
			}
		}
	}
	return out, nil
}

// MailRule is an SES receipt rule of the template: recipients, the S3
// action's bucket and prefix, and the function its Lambda action invokes.
type MailRule struct {
	ID, Bucket, Prefix, Function string
	Recipients                   []string
}

// MailRules reads the AWS::SES::ReceiptRule resources.
func (d *Deployment) MailRules() ([]MailRule, error) {
	var out []MailRule
	for _, id := range d.T.OfType(d.R, "AWS::SES::ReceiptRule") {
		p, err := d.props(id, d.T.Resources[id])
		if err != nil {
			return nil, err
		}
		rule, _ := p["Rule"].(map[string]any)
		mr := MailRule{ID: id, Recipients: strs(rule["Recipients"])}
		actions, _ := rule["Actions"].([]any)
		for _, a := range actions {
			am, _ := a.(map[string]any)
			if s3a, ok := am["S3Action"].(map[string]any); ok {
				mr.Bucket, mr.Prefix = str(s3a, "BucketName"), str(s3a, "ObjectKeyPrefix")
			}
			if la, ok := am["LambdaAction"].(map[string]any); ok {
				for fid, f := range d.Functions {
					if f.ARN == str(la, "FunctionArn") {
						mr.Function = fid
					}
				}
			}
		}
		out = append(out, mr)
	}
	return out, nil
}
