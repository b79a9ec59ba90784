package stack

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Clients are AWS SDK clients of one identity against one endpoint.
type Clients struct {
	Cfg     aws.Config
	DDB     *dynamodb.Client
	IAM     *iam.Client
	S3      *s3.Client
	Secrets *secretsmanager.Client
	SFN     *sfn.Client
	SNS     *sns.Client
	SQS     *sqs.Client
	STS     *sts.Client
}

// NewClients returns clients signing with key/secret/session at endpoint.
func NewClients(endpoint, key, secret, session string) *Clients {
	cfg := aws.Config{Region: Region, Credentials: credentials.NewStaticCredentialsProvider(key, secret, session),
		BaseEndpoint: aws.String(endpoint), RetryMaxAttempts: 1}
	return &Clients{Cfg: cfg, DDB: dynamodb.NewFromConfig(cfg), IAM: iam.NewFromConfig(cfg),
		S3: s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }), Secrets: secretsmanager.NewFromConfig(cfg),
		SFN: sfn.NewFromConfig(cfg), SNS: sns.NewFromConfig(cfg), SQS: sqs.NewFromConfig(cfg), STS: sts.NewFromConfig(cfg)}
}

// Function is a Lambda function of the template, as Lambda would run it.
type Function struct {
	ID, Name, ARN string
	Dir           string // functions/<Dir>, from the logical id
	Role          string // the role's logical id
	RoleARN       string
	Env           map[string]string
	TimeoutSec    int
	MemoryMB      int
	// MaxRetries is the EventInvokeConfig's MaximumRetryAttempts for
	// asynchronous invocations (2 when the template sets none, as Lambda).
	MaxRetries int
}

// Role is an IAM role of the template with its policies as created on moto.
type Role struct {
	ID, Name, ARN string
	Inline        []Policy // the template's own policies
	Managed       []string // ARNs of AWS managed policies
}

// Policy is one policy document.
type Policy struct {
	Name      string
	Statement []Statement
}

// Statement is one policy statement, resolved.
type Statement struct {
	Sid       string
	Effect    string
	Actions   []string
	Resources []string
	Condition map[string]map[string][]string
}

// Deployment is the template's resources as created on moto.
type Deployment struct {
	T         *Template
	R         *Resolver
	Functions map[string]*Function // by logical id
	Roles     map[string]*Role     // by logical id
	Created   []string             // "<id> <type>", in creation order
	Skipped   []string             // types this emulation does not create, "<id> <type>"
}

// Deploy creates t's resources on moto (with c, before IAM enforcement is
// switched on), in dependency order.
func Deploy(ctx context.Context, c *Clients, t *Template, r *Resolver) (*Deployment, error) {
	d := &Deployment{T: t, R: r, Functions: map[string]*Function{}, Roles: map[string]*Role{}}
	order, err := t.Order(r)
	if err != nil {
		return nil, err
	}
	for _, id := range order {
		res := t.Resources[id]
		if err := d.create(ctx, c, id, res); err != nil {
			return nil, fmt.Errorf("create %s (%s): %w", id, res.Type, err)
		}
	}
	return d, nil
}

func physicalName(id string, max int) string {
	n := StackName + "-" + id
	if len(n) > max {
		n = n[:max]
	}
	return n
}

func (d *Deployment) set(id, ref string, attrs map[string]string) {
	d.R.Refs[id] = ref
	d.R.Attrs[id] = attrs
}

func (d *Deployment) props(id string, res Resource) (map[string]any, error) {
	p, err := d.R.Eval(res.Properties)
	if err != nil {
		return nil, err
	}
	m, _ := p.(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

func str(m map[string]any, k string) string {
	switch v := m[k].(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

func num(m map[string]any, k string, def int) int {
	switch v := m[k].(type) {
	case float64:
		return int(v)
	case string:
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	}
	return def
}

func (d *Deployment) create(ctx context.Context, c *Clients, id string, res Resource) error {
	arnBase := func(service string) string { return "arn:aws:" + service + ":" + Region + ":" + AccountID + ":" }
	switch res.Type {
	case "AWS::DynamoDB::Table":
		p, err := d.props(id, res)
		if err != nil {
			return err
		}
		name := str(p, "TableName")
		if name == "" {
			name = physicalName(id, 255)
		}
		in := &dynamodb.CreateTableInput{TableName: aws.String(name), BillingMode: ddbtypes.BillingMode(str(p, "BillingMode"))}
		if err := remarshal(p["AttributeDefinitions"], &in.AttributeDefinitions); err != nil {
			return err
		}
		if err := remarshal(p["KeySchema"], &in.KeySchema); err != nil {
			return err
		}
		if p["GlobalSecondaryIndexes"] != nil {
			if err := remarshal(p["GlobalSecondaryIndexes"], &in.GlobalSecondaryIndexes); err != nil {
				return err
			}
		}
		if ss, ok := p["StreamSpecification"].(map[string]any); ok {
			in.StreamSpecification = &ddbtypes.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: ddbtypes.StreamViewType(str(ss, "StreamViewType"))}
		}
		out, err := c.DDB.CreateTable(ctx, in)
		if err != nil {
			return err
		}
		attrs := map[string]string{"Arn": aws.ToString(out.TableDescription.TableArn)}
		if out.TableDescription.LatestStreamArn != nil {
			attrs["StreamArn"] = *out.TableDescription.LatestStreamArn
		}
		d.set(id, name, attrs)
	case "AWS::S3::Bucket":
		p, err := d.props(id, res)
		if err != nil {
			return err
		}
		name := str(p, "BucketName")
		if name == "" {
			name = strings.ToLower(physicalName(id, 63))
		}
		if _, err := c.S3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
			return err
		}
		d.set(id, name, map[string]string{"Arn": "arn:aws:s3:::" + name, "DomainName": name + ".s3.amazonaws.com"})
	case "AWS::SQS::Queue":
		p, err := d.props(id, res)
		if err != nil {
			return err
		}
		name := str(p, "QueueName")
		if name == "" {
			name = physicalName(id, 80)
		}
		attrs := map[string]string{}
		for _, k := range []string{"VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds", "ReceiveMessageWaitTimeSeconds"} {
			if v := str(p, k); v != "" {
				attrs[k] = v
			}
		}
		if rp, ok := p["RedrivePolicy"]; ok {
			b, _ := json.Marshal(rp)
			attrs["RedrivePolicy"] = string(b)
		}
		out, err := c.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
		if err != nil {
			return err
		}
		d.set(id, aws.ToString(out.QueueUrl), map[string]string{"Arn": arnBase("sqs") + name, "QueueName": name, "QueueUrl": aws.ToString(out.QueueUrl)})
	case "AWS::SNS::Topic":
		name := physicalName(id, 256)
		out, err := c.SNS.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(name)})
		if err != nil {
			return err
		}
		d.set(id, aws.ToString(out.TopicArn), map[string]string{"TopicArn": aws.ToString(out.TopicArn), "TopicName": name})
	case "AWS::SecretsManager::Secret":
		p, err := d.props(id, res)
		if err != nil {
			return err
		}
		value := str(p, "SecretString")
		if gen, ok := p["GenerateSecretString"].(map[string]any); ok {
			// CloudFormation generates the value; so does the harness.
			value = generate(num(gen, "PasswordLength", 32), gen["ExcludePunctuation"] == true)
		}
		out, err := c.Secrets.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String(physicalName(id, 512)), SecretString: aws.String(value)})
		if err != nil {
			return err
		}
		d.set(id, aws.ToString(out.ARN), map[string]string{"Id": aws.ToString(out.ARN)})
	case "AWS::IAM::Role":
		return d.createRole(ctx, c, id, res)
	case "AWS::StepFunctions::StateMachine":
		p, err := d.props(id, res)
		if err != nil {
			return err
		}
		def := str(p, "DefinitionString")
		if def == "" && p["Definition"] != nil {
			b, _ := json.Marshal(p["Definition"])
			def = string(b)
		}
		if subs, ok := p["DefinitionSubstitutions"].(map[string]any); ok {
			for k, v := range subs {
				def = strings.ReplaceAll(def, "${"+k+"}", fmt.Sprint(v))
			}
		}
		name := physicalName(id, 80)
		out, err := c.SFN.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{Name: aws.String(name), Definition: aws.String(def), RoleArn: aws.String(str(p, "RoleArn"))})
		if err != nil {
			return err
		}
		d.set(id, aws.ToString(out.StateMachineArn), map[string]string{"Arn": aws.ToString(out.StateMachineArn), "Name": name})
	case "AWS::Lambda::Function":
		return d.recordFunction(id, res)
	case "AWS::Logs::LogGroup":
		p, err := d.props(id, res)
		if err != nil {
			return err
		}
		name := str(p, "LogGroupName")
		d.set(id, name, map[string]string{"Arn": arnBase("logs") + "log-group:" + name + ":*"})
		d.Skipped = append(d.Skipped, id+" "+res.Type)
		return nil
	case "AWS::ApiGatewayV2::Api":
		d.set(id, "stackapi01", map[string]string{"ApiEndpoint": "https://stackapi01.execute-api." + Region + ".amazonaws.com", "ApiId": "stackapi01"})
	case "AWS::Cognito::UserPool":
		poolID := Region + "_StackTest"
		d.set(id, poolID, map[string]string{"Arn": arnBase("cognito-idp") + "userpool/" + poolID, "ProviderName": "cognito-idp." + Region + ".amazonaws.com/" + poolID})
		d.Skipped = append(d.Skipped, id+" "+res.Type)
		return nil
	case "AWS::Cognito::UserPoolClient":
		d.set(id, "stacktestclient", nil)
		d.Skipped = append(d.Skipped, id+" "+res.Type)
		return nil
	case "AWS::SES::ReceiptRuleSet":
		p, err := d.props(id, res)
		if err != nil {
			return err
		}
		d.set(id, str(p, "RuleSetName"), nil)
	case "AWS::Lambda::EventSourceMapping", "AWS::Events::Rule", "AWS::SES::ReceiptRule", "AWS::Lambda::EventInvokeConfig",
		"AWS::ApiGatewayV2::Stage", "AWS::Lambda::Permission":
		// Emulated by the harness from the template (sources.go).
		d.set(id, id, map[string]string{"Arn": arnBase("events") + "rule/" + id})
	default:
		d.set(id, id, map[string]string{"Arn": "arn:aws:stack-test:::" + id})
		d.Skipped = append(d.Skipped, id+" "+res.Type)
		return nil
	}
	d.Created = append(d.Created, id+" "+res.Type)
	return nil
}

func remarshal(in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}

func generate(n int, noPunct bool) string {
	chars := "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	if !noPunct {
		chars += "!#$%&()*+,-./:;<=>?@[]^_{|}~"
	}
	b := make([]byte, n)
	for i := range b {
		x, _ := rand.Int(rand.Reader, big.NewInt(int64(len(chars))))
		b[i] = chars[x.Int64()]
	}
	return string(b)
}

func (d *Deployment) createRole(ctx context.Context, c *Clients, id string, res Resource) error {
	p, err := d.props(id, res)
	if err != nil {
		return err
	}
	name := physicalName(id, 64)
	trust, _ := json.Marshal(p["AssumeRolePolicyDocument"])
	out, err := c.IAM.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(string(trust))})
	if err != nil {
		return err
	}
	role := &Role{ID: id, Name: name, ARN: aws.ToString(out.Role.Arn)}
	pols, _ := p["Policies"].([]any)
	for _, x := range pols {
		pm, _ := x.(map[string]any)
		if pd, ok := pm["PolicyDocument"].(map[string]any); ok && pd["Version"] == nil {
			// The translator writes some policies (EventInvokeConfig
			// destinations) without a Version, which IAM reads as 2008-10-17
			// and moto refuses; the statements mean the same under 2012-10-17.
			pd["Version"] = "2012-10-17"
		}
		doc, _ := json.Marshal(pm["PolicyDocument"])
		if _, err := c.IAM.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String(str(pm, "PolicyName")), PolicyDocument: aws.String(string(doc))}); err != nil {
			return fmt.Errorf("put policy %s: %w", str(pm, "PolicyName"), err)
		}
		pol, err := parsePolicy(str(pm, "PolicyName"), doc)
		if err != nil {
			return err
		}
		role.Inline = append(role.Inline, pol)
	}
	managed, _ := p["ManagedPolicyArns"].([]any)
	for _, x := range managed {
		arn, _ := x.(string)
		if _, err := c.IAM.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String(name), PolicyArn: aws.String(arn)}); err != nil {
			return fmt.Errorf("attach %s (moto loads AWS managed policies with MOTO_IAM_LOAD_MANAGED_POLICIES=true): %w", arn, err)
		}
		role.Managed = append(role.Managed, arn)
	}
	d.Roles[id] = role
	d.set(id, name, map[string]string{"Arn": role.ARN, "RoleId": aws.ToString(out.Role.RoleId)})
	return nil
}

func parsePolicy(name string, doc []byte) (Policy, error) {
	var raw struct {
		Statement []struct {
			Sid       string         `json:"Sid"`
			Effect    string         `json:"Effect"`
			Action    any            `json:"Action"`
			Resource  any            `json:"Resource"`
			Condition map[string]any `json:"Condition"`
		} `json:"Statement"`
	}
	if err := json.Unmarshal(doc, &raw); err != nil {
		return Policy{}, fmt.Errorf("policy %s: %w", name, err)
	}
	pol := Policy{Name: name}
	for _, s := range raw.Statement {
		st := Statement{Sid: s.Sid, Effect: s.Effect, Actions: strs(s.Action), Resources: strs(s.Resource)}
		if len(s.Condition) > 0 {
			st.Condition = map[string]map[string][]string{}
			for op, kv := range s.Condition {
				m, _ := kv.(map[string]any)
				st.Condition[op] = map[string][]string{}
				for k, v := range m {
					st.Condition[op][k] = strs(v)
				}
			}
		}
		pol.Statement = append(pol.Statement, st)
	}
	return pol, nil
}

func strs(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

var dynamicRef = regexp.MustCompile(`\{\{resolve:secretsmanager:(.+?):SecretString(?::([^:}]*))?[^}]*\}\}`)

func (d *Deployment) recordFunction(id string, res Resource) error {
	p, err := d.props(id, res)
	if err != nil {
		return err
	}
	name := str(p, "FunctionName")
	if name == "" {
		name = physicalName(id, 64)
	}
	fn := &Function{ID: id, Name: name, ARN: "arn:aws:lambda:" + Region + ":" + AccountID + ":function:" + name,
		Dir: functionDir(id), Env: map[string]string{}, TimeoutSec: num(p, "Timeout", 3), MemoryMB: num(p, "MemorySize", 128), MaxRetries: 2}
	fn.RoleARN = str(p, "Role")
	for rid, role := range d.Roles {
		if role.ARN == fn.RoleARN {
			fn.Role = rid
		}
	}
	if env, ok := p["Environment"].(map[string]any); ok {
		vars, _ := env["Variables"].(map[string]any)
		for k := range vars {
			fn.Env[k] = str(vars, k)
		}
	}
	d.Functions[id] = fn
	d.set(id, name, map[string]string{"Arn": fn.ARN})
	return nil
}

// ResolveSecrets replaces CloudFormation's dynamic references
// ({{resolve:secretsmanager:ARN:SecretString}}) in the functions'
// environments with the secrets' values, as CloudFormation does at deploy.
func (d *Deployment) ResolveSecrets(ctx context.Context, c *Clients) error {
	for _, fn := range d.Functions {
		for k, v := range fn.Env {
			var ferr error
			fn.Env[k] = dynamicRef.ReplaceAllStringFunc(v, func(m string) string {
				sub := dynamicRef.FindStringSubmatch(m)
				out, err := c.Secrets.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(sub[1])})
				if err != nil {
					ferr = fmt.Errorf("%s %s: resolve %s: %w", fn.ID, k, sub[1], err)
					return m
				}
				val := aws.ToString(out.SecretString)
				if sub[2] != "" {
					var j map[string]any
					if json.Unmarshal([]byte(val), &j) == nil {
						val = fmt.Sprint(j[sub[2]])
					}
				}
				return val
			})
			if ferr != nil {
				return ferr
			}
		}
	}
	return nil
}

// functionDir maps a logical id to its folder under functions/ (the
// Makefile's rule, reversed): EmailInboundFunction -> email-inbound.
func functionDir(id string) string {
	base := strings.TrimSuffix(id, "Function")
	var b strings.Builder
	for i, r := range base {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte('-')
		}
		b.WriteRune(r)
	}
	return strings.ToLower(b.String())
}

// FunctionIDs returns the functions' logical ids, sorted.
func (d *Deployment) FunctionIDs() []string {
	ids := make([]string, 0, len(d.Functions))
	for id := range d.Functions {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
