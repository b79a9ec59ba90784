package infra

import (
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// Every function has an errors and a throttles alarm, sent to the alarm
// topic, under the function's own condition.
func TestEveryFunctionHasAlarms(t *testing.T) {
	tpl := loadTemplate(t)
	alarms := tpl.resources("AWS::CloudWatch::Alarm")
	for _, fn := range tpl.resources("AWS::Serverless::Function") {
		for _, metric := range []string{"Errors", "Throttles"} {
			found := false
			for _, a := range alarms {
				if scalar(lookup(a.node, "Properties", "MetricName")) == metric && hasScalar(lookup(a.node, "Properties", "Dimensions"), fn.id) {
					found = true
					if got, want := scalar(lookup(a.node, "Condition")), scalar(lookup(fn.node, "Condition")); got != want {
						t.Errorf("%s: condition %q, its function's is %q", a.id, got, want)
					}
				}
			}
			if !found {
				t.Errorf("%s has no %s alarm", fn.id, metric)
			}
		}
	}
	for _, a := range alarms {
		if !hasScalar(lookup(a.node, "Properties", "AlarmActions"), "AlarmTopic") {
			t.Errorf("alarm %s has no AlarmActions to the alarm topic", a.id)
		}
	}
}

// Every function invoked asynchronously (a schedule, SES) has a failure
// destination, and every queue a function consumes has a dead-letter queue:
// no event is dropped silently.
func TestAsyncFunctionsHaveFailureDestinations(t *testing.T) {
	tpl := loadTemplate(t)
	sesTargets := map[string]bool{}
	for _, r := range tpl.resources("AWS::SES::ReceiptRule") {
		for _, a := range seqOrSelf(lookup(r.node, "Properties", "Rule", "Actions")) {
			if arn := flat(lookup(a, "LambdaAction", "FunctionArn")); arn != "" {
				sesTargets[strings.TrimSuffix(strings.Fields(arn)[len(strings.Fields(arn))-1], ".Arn")] = true
			}
		}
	}
	checked := 0
	for _, fn := range tpl.resources("AWS::Serverless::Function") {
		async := sesTargets[fn.id]
		events := lookup(fn.node, "Properties", "Events")
		for _, ev := range mappingValues(events) {
			switch typ := scalar(lookup(ev, "Type")); typ {
			case "Schedule", "ScheduleV2", "EventBridgeRule", "S3", "SNS", "CloudWatchEvent":
				async = true
			case "SQS":
				q := flat(lookup(ev, "Properties", "Queue"))
				id := strings.TrimSuffix(strings.Fields(q)[len(strings.Fields(q))-1], ".Arn")
				queue, ok := tpl.resource(id)
				if !ok || lookup(queue.node, "Properties", "RedrivePolicy") == nil {
					t.Errorf("%s consumes %s, which has no dead-letter queue (RedrivePolicy)", fn.id, id)
				}
				checked++
			}
		}
		if !async {
			continue
		}
		checked++
		if lookup(fn.node, "Properties", "EventInvokeConfig", "DestinationConfig", "OnFailure", "Destination") == nil {
			t.Errorf("%s is invoked asynchronously but has no EventInvokeConfig.DestinationConfig.OnFailure", fn.id)
		}
	}
	if checked < 4 {
		t.Errorf("only %d asynchronous functions or queues checked: the test is not finding them", checked)
	}
}

// hasScalar reports whether any scalar at or below n is v.
func hasScalar(n *yaml.Node, v string) bool {
	if n == nil {
		return false
	}
	if n.Kind == yaml.ScalarNode {
		return n.Value == v
	}
	for _, c := range n.Content {
		if hasScalar(c, v) {
			return true
		}
	}
	return false
}

// An AWS service can publish to an encrypted SNS topic only if the topic's KMS
// key policy lets that service use the key; the AWS managed key (alias/aws/sns)
// cannot be given to anyone, so CloudWatch alarms and End User Messaging SMS
// could not publish to a topic encrypted with it. Every topic a service
// publishes to is encrypted with a key of this template whose policy allows
// that service kms:GenerateDataKey* and kms:Decrypt.
func TestServiceTopicsUseKeysTheServiceCanUse(t *testing.T) {
	tpl := loadTemplate(t)
	publishers := map[string]map[string]bool{} // topic id -> service principals
	add := func(topic, service string) {
		if publishers[topic] == nil {
			publishers[topic] = map[string]bool{}
		}
		publishers[topic][service] = true
	}
	for _, a := range tpl.resources("AWS::CloudWatch::Alarm") {
		for _, n := range seqOrSelf(lookup(a.node, "Properties", "AlarmActions")) {
			if n.Tag == "!Ref" {
				add(n.Value, "cloudwatch.amazonaws.com")
			}
		}
	}
	for _, p := range tpl.resources("AWS::SNS::TopicPolicy") {
		for _, topic := range seqOrSelf(lookup(p.node, "Properties", "Topics")) {
			for _, st := range seqOrSelf(lookup(p.node, "Properties", "PolicyDocument", "Statement")) {
				if scalar(lookup(st, "Effect")) == "Allow" && hasScalar(lookup(st, "Action"), "sns:Publish") {
					for _, svc := range seqOrSelf(lookup(st, "Principal", "Service")) {
						add(topic.Value, svc.Value)
					}
				}
			}
		}
	}
	if len(publishers) < 2 {
		t.Fatalf("found %d topics AWS services publish to, want the alarm and inbound-text topics: the walk is broken", len(publishers))
	}
	for topic, services := range publishers {
		res, ok := tpl.resource(topic)
		if !ok {
			t.Errorf("%s is not a resource of the template", topic)
			continue
		}
		keyRef := lookup(res.node, "Properties", "KmsMasterKeyId")
		if keyRef == nil {
			continue // not encrypted: any service may publish
		}
		if keyRef.Tag != "!Ref" && keyRef.Tag != "!GetAtt" {
			t.Errorf("%s: KmsMasterKeyId %q is not a key of this template, so no service can be allowed to use it", topic, flat(keyRef))
			continue
		}
		keyID, _, _ := strings.Cut(keyRef.Value, ".")
		key, ok := tpl.resource(keyID)
		if !ok || key.typ != "AWS::KMS::Key" {
			t.Errorf("%s: KmsMasterKeyId %s is not an AWS::KMS::Key", topic, flat(keyRef))
			continue
		}
		for svc := range services {
			if !keyPolicyAllows(lookup(key.node, "Properties", "KeyPolicy"), svc, "kms:GenerateDataKey*", "kms:Decrypt") {
				t.Errorf("%s publishes to %s, but the policy of its key %s does not allow it kms:GenerateDataKey* and kms:Decrypt", svc, topic, keyID)
			}
		}
	}
}

func keyPolicyAllows(policy *yaml.Node, service string, actions ...string) bool {
	for _, st := range seqOrSelf(lookup(policy, "Statement")) {
		if scalar(lookup(st, "Effect")) != "Allow" || !hasScalar(lookup(st, "Principal", "Service"), service) {
			continue
		}
		all := true
		for _, a := range actions {
			all = all && hasScalar(lookup(st, "Action"), a)
		}
		if all {
			return true
		}
	}
	return false
}

// A new AWS account's Lambda concurrency quota can be 10, and Lambda keeps 10
// unreserved, so a deploy that reserves any concurrency fails there. A
// reservation is a parameter the merchant opts into: every
// ReservedConcurrentExecutions is !If on a condition, with AWS::NoValue
// otherwise, and that condition is false under the parameters' defaults.
func TestReservedConcurrencyIsOptIn(t *testing.T) {
	tpl := loadTemplate(t)
	checked := 0
	for _, fn := range tpl.resources("AWS::Serverless::Function") {
		n := tpl.functionProperty(fn, "ReservedConcurrentExecutions")
		if n == nil {
			continue
		}
		checked++
		if n.Tag != "!If" || len(n.Content) != 3 || flat(n.Content[2]) != "!Ref AWS::NoValue" {
			t.Errorf("%s: ReservedConcurrentExecutions = %s, want !If [<condition>, <parameter>, !Ref AWS::NoValue]", fn.id, flat(n))
			continue
		}
		cond := lookup(tpl.root, "Conditions", n.Content[0].Value)
		// The one shape used: !Not [!Equals [!Ref Param, 0]].
		if cond == nil || cond.Tag != "!Not" || len(cond.Content) != 1 || len(cond.Content[0].Content) != 2 {
			t.Errorf("%s: condition %s is not !Not [!Equals [!Ref <parameter>, 0]]", fn.id, n.Content[0].Value)
			continue
		}
		param := cond.Content[0].Content[0].Value
		if def := scalar(lookup(tpl.root, "Parameters", param, "Default")); def != scalar(cond.Content[0].Content[1]) {
			t.Errorf("%s: parameter %s defaults to %q, so the reservation is on by default", fn.id, param, def)
		}
	}
	if checked == 0 {
		t.Log("no function reserves concurrency")
	}
}

// StorefrontOrigins holds origins as a browser sends them (scheme, host,
// port): a trailing slash or a path would never match an Origin header.
// The chat function gets the same list as the API's CORS settings.
func TestStorefrontOriginsParameter(t *testing.T) {
	tpl := loadTemplate(t)
	pattern := scalar(lookup(tpl.root, "Parameters", "StorefrontOrigins", "AllowedPattern"))
	re, err := regexp.Compile(pattern)
	if err != nil {
		t.Fatalf("AllowedPattern %q: %v", pattern, err)
	}
	for in, ok := range map[string]bool{
		"":                         true,
		"https://shop.example.com": true,
		"https://example.com,https://www.example.com": true,
		"https://shop.example.com:8443":               true,
		"https://shop.example.com/":                   false,
		"https://shop.example.com/store":              false,
		"http://shop.example.com":                     false,
		"https://a.example, https://b.example":        false,
		"https://a.example,":                          false,
	} {
		if got := re.MatchString(in); got != ok {
			t.Errorf("StorefrontOrigins %q accepted = %v, want %v", in, got, ok)
		}
	}
	chat, _ := tpl.resource("ChatFunction")
	if got := tpl.environment(chat)["STOREFRONT_ORIGINS"]; got != "!Ref StorefrontOrigins" {
		t.Errorf("ChatFunction STOREFRONT_ORIGINS = %q, want !Ref StorefrontOrigins", got)
	}
}

// CloudFormation cannot delete a bucket that still holds objects, so a
// stack delete fails on any bucket doorstep writes to: every bucket is
// retained (DeletionPolicy and UpdateReplacePolicy Retain), and README says
// what is left behind.
func TestBucketsAreRetained(t *testing.T) {
	tpl := loadTemplate(t)
	buckets := tpl.resources("AWS::S3::Bucket")
	if len(buckets) == 0 {
		t.Fatal("no buckets found: the walk is broken")
	}
	for _, b := range buckets {
		for _, k := range []string{"DeletionPolicy", "UpdateReplacePolicy"} {
			if got := scalar(lookup(b.node, k)); got != "Retain" {
				t.Errorf("%s: %s = %q, want Retain", b.id, k, got)
			}
		}
	}
}
