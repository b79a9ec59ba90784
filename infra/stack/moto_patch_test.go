package stack

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"github.com/doorstep-ai/doorstep/pkg/motoserver"
)

// TestStreamAfterCancelledTransaction: on the stack's moto (moto_stack.py,
// patch 7), a stream reader that started before a cancelled transaction
// reads the writes after it, and nothing of the cancelled transaction. On
// moto 5.2.1 as it comes, the rollback put a copy of the table in place,
// with a new stream shard: the reader saw the cancelled transaction's put
// and never another record.
func TestStreamAfterCancelledTransaction(t *testing.T) {
	if msg := Prereqs(); msg != "" {
		t.Fatal(msg)
	}
	srv, err := motoserver.Run(func(host string, port int) (string, []string) {
		return "python3", []string{filepath.Join(testdataDir(), "moto_stack.py"), "-H", host, "-p", strconv.Itoa(port)}
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Stop() })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cfg := aws.Config{Region: Region, Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""), BaseEndpoint: aws.String(srv.Endpoint)}
	db, st := dynamodb.NewFromConfig(cfg), dynamodbstreams.NewFromConfig(cfg)

	table, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String("t"),
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: ddbtypes.KeyTypeHash}},
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		BillingMode:          ddbtypes.BillingModePayPerRequest,
		StreamSpecification:  &ddbtypes.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: ddbtypes.StreamViewTypeNewImage},
	})
	if err != nil {
		t.Fatal(err)
	}
	arn := table.TableDescription.LatestStreamArn
	desc, err := st.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: arn})
	if err != nil {
		t.Fatal(err)
	}
	it, err := st.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: arn,
		ShardId: desc.StreamDescription.Shards[0].ShardId, ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon})
	if err != nil {
		t.Fatal(err)
	}
	iter := it.ShardIterator
	put := func(pk string) {
		t.Helper()
		if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("t"), Item: map[string]ddbtypes.AttributeValue{"pk": &ddbtypes.AttributeValueMemberS{Value: pk}}}); err != nil {
			t.Fatal(err)
		}
	}
	read := func() []string {
		t.Helper()
		out, err := st.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: iter})
		if err != nil {
			t.Fatal(err)
		}
		iter = out.NextShardIterator
		var got []string
		for _, r := range out.Records {
			pk, _ := r.Dynamodb.Keys["pk"].(*streamtypes.AttributeValueMemberS)
			got = append(got, string(r.EventName)+" "+pk.Value)
		}
		return got
	}

	put("before")
	if got := read(); !slices.Equal(got, []string{"INSERT before"}) {
		t.Fatalf("first read: %q, want the put before", got)
	}
	// A put, then a put whose condition fails: the transaction is cancelled.
	_, err = db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []ddbtypes.TransactWriteItem{
		{Put: &ddbtypes.Put{TableName: aws.String("t"), Item: map[string]ddbtypes.AttributeValue{"pk": &ddbtypes.AttributeValueMemberS{Value: "cancelled"}}}},
		{Put: &ddbtypes.Put{TableName: aws.String("t"), Item: map[string]ddbtypes.AttributeValue{"pk": &ddbtypes.AttributeValueMemberS{Value: "before"}},
			ConditionExpression: aws.String("attribute_not_exists(pk)")}},
	}})
	var tce *ddbtypes.TransactionCanceledException
	if !errors.As(err, &tce) {
		t.Fatalf("transaction: %v, want it cancelled", err)
	}
	put("after")
	if got := read(); !slices.Equal(got, []string{"INSERT after"}) {
		t.Errorf("read after the cancelled transaction: %q, want only the put after it", got)
	}
}
