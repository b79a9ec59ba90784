package dynamo

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/order"
)

// orderItem is an order, without its shipments, refunds and returns.
type orderItem struct {
	PK        string           `dynamodbav:"pk"`
	SK        string           `dynamodbav:"sk"`
	GSI1PK    string           `dynamodbav:"gsi1pk,omitempty"`
	GSI1SK    string           `dynamodbav:"gsi1sk,omitempty"`
	GSI2PK    string           `dynamodbav:"gsi2pk,omitempty"`
	GSI2SK    string           `dynamodbav:"gsi2sk,omitempty"`
	UpdatedNS int64            `dynamodbav:"updated_ns"`
	Doc       doc[order.Order] `dynamodbav:"doc"`
}

// shipmentItem is a shipment, in its order's partition.
type shipmentItem struct {
	PK        string              `dynamodbav:"pk"`
	SK        string              `dynamodbav:"sk"`
	GSI1PK    string              `dynamodbav:"gsi1pk,omitempty"`
	GSI1SK    string              `dynamodbav:"gsi1sk,omitempty"`
	GSI3PK    string              `dynamodbav:"gsi3pk,omitempty"`
	GSI3SK    string              `dynamodbav:"gsi3sk,omitempty"`
	UpdatedNS int64               `dynamodbav:"updated_ns"`
	Doc       doc[order.Shipment] `dynamodbav:"doc"`
}

// refundItem is a refund, in its order's partition.
type refundItem struct {
	PK  string            `dynamodbav:"pk"`
	SK  string            `dynamodbav:"sk"`
	Doc doc[order.Refund] `dynamodbav:"doc"`
}

// returnItem is a return, in its order's partition.
type returnItem struct {
	PK  string            `dynamodbav:"pk"`
	SK  string            `dynamodbav:"sk"`
	Doc doc[order.Return] `dynamodbav:"doc"`
}

// conversationItem is a conversation, without its messages. Version is the
// attribute SaveTurn's condition compares; the doc's version equals it.
type conversationItem struct {
	PK      string                         `dynamodbav:"pk"`
	SK      string                         `dynamodbav:"sk"`
	GSI1PK  string                         `dynamodbav:"gsi1pk"`
	GSI1SK  string                         `dynamodbav:"gsi1sk"`
	GSI2PK  string                         `dynamodbav:"gsi2pk,omitempty"`
	GSI2SK  string                         `dynamodbav:"gsi2sk,omitempty"`
	Version int64                          `dynamodbav:"version"`
	Doc     doc[conversation.Conversation] `dynamodbav:"doc"`
}

// contextItem is a conversation's customer context, in its partition.
// BuiltNS (BuiltAt in Unix nanoseconds) is what writes compare.
type contextItem struct {
	PK      string                    `dynamodbav:"pk"`
	SK      string                    `dynamodbav:"sk"`
	BuiltNS int64                     `dynamodbav:"built_ns"`
	Doc     doc[conversation.Context] `dynamodbav:"doc"`
}

func newContextItem(shop, id string, cc conversation.Context) contextItem {
	return contextItem{PK: conversationPK(shop, id), SK: skContext, BuiltNS: cc.BuiltAt.UnixNano(), Doc: doc[conversation.Context]{cc}}
}

// messageItem is a message, in its conversation's partition.
type messageItem struct {
	PK  string                    `dynamodbav:"pk"`
	SK  string                    `dynamodbav:"sk"`
	Doc doc[conversation.Message] `dynamodbav:"doc"`
}

// claimItem records a claimed idempotency key or event id.
type claimItem struct {
	PK        string `dynamodbav:"pk"`
	SK        string `dynamodbav:"sk"`
	ExpiresAt int64  `dynamodbav:"expires_at,omitempty"` // TTL, epoch seconds
}

func newOrderItem(o order.Order) orderItem {
	o.Shipments, o.Refunds, o.Returns = nil, nil, nil
	it := orderItem{
		PK:        orderPK(o.Shop, o.ID),
		SK:        skOrder,
		UpdatedNS: unixNanos(o.UpdatedAt),
		Doc:       doc[order.Order]{o},
	}
	if name := order.NormaliseName(o.Name); name != "" {
		it.GSI1PK, it.GSI1SK = nameKey(o.Shop, name), skOrder
	}
	if email := order.NormaliseEmail(o.Email); email != "" {
		it.GSI2PK, it.GSI2SK = emailKey(o.Shop, email), emailSK(o.CreatedAt, o.ID)
	}
	return it
}

func newShipmentItem(s order.Shipment) shipmentItem {
	it := shipmentItem{
		PK:        orderPK(s.Shop, s.OrderID),
		SK:        shipmentSK(s.ID),
		UpdatedNS: unixNanos(s.UpdatedAt),
		Doc:       doc[order.Shipment]{s},
	}
	if s.TrackingNumber != "" {
		it.GSI1PK, it.GSI1SK = trackingKey(s.TrackingNumber), trackingSK(s.Shop, s.OrderID, s.ID)
	}
	if s.NextCheckAt != nil {
		it.GSI3PK = dueShard(s.Shop, s.OrderID, s.ID)
		it.GSI3SK = dueSK(*s.NextCheckAt, s.Shop, s.OrderID, s.ID)
	}
	return it
}

func newRefundItem(r order.Refund) refundItem {
	return refundItem{PK: orderPK(r.Shop, r.OrderID), SK: refundSK(r.ID), Doc: doc[order.Refund]{r}}
}

func newReturnItem(r order.Return) returnItem {
	return returnItem{PK: orderPK(r.Shop, r.OrderID), SK: returnSK(r.ID), Doc: doc[order.Return]{r}}
}

func newConversationItem(c conversation.Conversation) conversationItem {
	it := conversationItem{
		PK:      conversationPK(c.Shop, c.ID),
		SK:      skConversation,
		GSI1PK:  conversationsKey(c.Shop),
		GSI1SK:  emailSK(c.UpdatedAt, c.ID),
		Version: c.Version,
		Doc:     doc[conversation.Conversation]{c},
	}
	if email := order.NormaliseEmail(c.CustomerEmail); email != "" {
		it.GSI2PK, it.GSI2SK = conversationEmailKey(c.Shop, email), emailSK(c.CreatedAt, c.ID)
	}
	return it
}

func newMessageItem(shop, id string, m conversation.Message) messageItem {
	return messageItem{PK: conversationPK(shop, id), SK: messageSK(m.Seq), Doc: doc[conversation.Message]{m}}
}

// docField is the attribute holding the domain value; docPath names one of
// its fields by the domain type's json name.
const docField = "doc"

func docPath(jsonName string) string { return docField + "." + jsonName }

// doc stores a domain value as a map attribute named after the value's json
// tags, so the stored names are the domain's declared ones and a single
// field can be updated in place (SetNextCheck).
type doc[T any] struct{ V T }

func jsonTags(o *attributevalue.EncoderOptions) { o.TagKey = "json" }

func jsonTagsDecode(o *attributevalue.DecoderOptions) { o.TagKey = "json" }

// MarshalDynamoDBAttributeValue implements attributevalue.Marshaler.
func (d doc[T]) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	return attributevalue.MarshalWithOptions(d.V, jsonTags)
}

// UnmarshalDynamoDBAttributeValue implements attributevalue.Unmarshaler.
func (d *doc[T]) UnmarshalDynamoDBAttributeValue(av types.AttributeValue) error {
	return attributevalue.UnmarshalWithOptions(av, &d.V, jsonTagsDecode)
}

// decodeShipment reads the shipment of a shipment item.
func decodeShipment(m map[string]types.AttributeValue) (order.Shipment, error) {
	var it shipmentItem
	if err := attributevalue.UnmarshalMap(m, &it); err != nil {
		return order.Shipment{}, fmt.Errorf("decode shipment item: %w", err)
	}
	return it.Doc.V, nil
}

// decodeConversation reads the conversation of a conversation item, a table
// item or a gsi2 item alike.
func decodeConversation(m map[string]types.AttributeValue) (conversation.Conversation, error) {
	var it conversationItem
	if err := attributevalue.UnmarshalMap(m, &it); err != nil {
		return conversation.Conversation{}, fmt.Errorf("decode conversation item: %w", err)
	}
	c := it.Doc.V
	c.Version = it.Version
	return c, nil
}
