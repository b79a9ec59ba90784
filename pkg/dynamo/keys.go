package dynamo

import (
	"fmt"
	"hash/fnv"
	"math"
	"time"
)

// Sort keys and key prefixes; the package doc describes the layout.
const (
	skOrder        = "ORDER"
	skClaim        = "CLAIM"
	skConversation = "CONV"
	skContext      = "CTX" // the conversation's customer context
	skCounter      = "COUNTER"

	prefixShipment = "SHIP#"
	prefixRefund   = "REFUND#"
	prefixReturn   = "RETURN#"
	prefixMessage  = "MSG#"

	// dueShards is how many partitions of gsi3 hold the due-check schedule.
	dueShards = 4
)

func orderPK(shop, id string) string { return "SHOP#" + shop + "#ORDER#" + id }

func shipmentSK(id string) string { return prefixShipment + id }

func refundSK(id string) string { return prefixRefund + id }

func returnSK(id string) string { return prefixReturn + id }

// conversationPK is the partition of a conversation and its messages.
func conversationPK(shop, id string) string { return "SHOP#" + shop + "#CONV#" + id }

// messageSK sorts a conversation's messages by seq, after its CONV item.
func messageSK(seq int) string { return fmt.Sprintf("%s%010d", prefixMessage, seq) }

// conversationsKey is a shop's gsi1 partition of conversations, sorted by
// last update (emailSK of UpdatedAt).
func conversationsKey(shop string) string { return "SHOP#" + shop + "#CONVS" }

// conversationEmailKey is a verified customer's gsi2 partition of
// conversations; its sort key is emailSK.
func conversationEmailKey(shop, email string) string { return "SHOP#" + shop + "#CONVEMAIL#" + email }

func nameKey(shop, name string) string { return "SHOP#" + shop + "#NAME#" + name }

func emailKey(shop, email string) string { return "SHOP#" + shop + "#EMAIL#" + email }

// emailSK sorts a customer's orders (or conversations) by creation time,
// then id; a shop's conversations by update time, then id.
func emailSK(created time.Time, id string) string { return padNanos(created) + "#" + id }

func trackingKey(number string) string { return "TRACK#" + number }

func trackingSK(shop, orderID, id string) string {
	return prefixShipment + shop + "#" + orderID + "#" + id
}

// claimPK is the key of an idempotency record taken with Claim.
func claimPK(key string) string { return "CLAIM#" + key }

// counterPK is the key of a Hit counter.
func counterPK(key string) string { return "COUNTER#" + key }

// eventPK is the key of an Apply event record; event ids are per shop.
func eventPK(shop, key string) string { return "EVENT#" + shop + "#" + key }

// dueShard spreads the due-check schedule over dueShards partitions.
func dueShard(shop, orderID, id string) string {
	h := fnv.New32a()
	fmt.Fprintf(h, "%s#%s#%s", shop, orderID, id)
	return fmt.Sprintf("DUE#%d", h.Sum32()%dueShards)
}

func dueSK(next time.Time, shop, orderID, id string) string {
	return padNanos(next) + "#" + shop + "#" + orderID + "#" + id
}

// dueBefore is the smallest due sort key later than every check at or
// before now: keys of checks due at now compare below it.
func dueBefore(now time.Time) string {
	return fmt.Sprintf("%019d", unixNanos(now)+1)
}

// unixNanos is t in Unix nanoseconds, clamped to [0, MaxInt64] so that it
// sorts as a zero-padded string and never overflows.
func unixNanos(t time.Time) int64 {
	switch {
	case t.Before(time.Unix(0, 0)):
		return 0
	case t.After(time.Unix(0, math.MaxInt64)):
		return math.MaxInt64 - 1
	}
	return t.UnixNano()
}

func padNanos(t time.Time) string { return fmt.Sprintf("%019d", unixNanos(t)) }
