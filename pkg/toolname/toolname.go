// Package toolname declares the names of the agent's tools: the vocabulary
// the model, the stored proposals and actions, the escalation queue, the
// metrics topics and the offline models share. It imports nothing, so any
// package may name a tool without importing the agent.
package toolname

const (
	VerifyCustomer    = "verify_customer"
	ListOrders        = "list_orders"
	TrackOrder        = "track_order"
	StartReturn       = "start_return"
	ChangeAddress     = "change_address"
	RefundStatus      = "refund_status"
	Handover          = "handover"
	SearchDocs        = "search_docs"
	CancelOrder       = "cancel_order"        // cancels an unfulfilled order
	ExchangeItem      = "exchange_item"       // swaps a line for another variant of the same product
	FollowUp          = "follow_up"           // promises a follow-up on a parcel that has not arrived
	ReportDamage      = "report_damage"       // items that arrived damaged, defective or wrong
	ReportNotReceived = "report_not_received" // a parcel marked delivered that never came
	ParcelArrived     = "parcel_arrived"      // the customer's parcel reported not received came after all
	ItemOptions       = "item_options"        // the sizes, colours or scents an order's items come in, with their stock
)

// All lists every tool name, sorted; package agent registers exactly these.
var All = []string{
	CancelOrder, ChangeAddress, ExchangeItem, FollowUp, Handover, ItemOptions, ListOrders, ParcelArrived, RefundStatus,
	ReportDamage, ReportNotReceived, SearchDocs, StartReturn, TrackOrder, VerifyCustomer,
}

// Handoff names the action recorded when a conversation joins a case a
// person already has: not a tool the model calls, so it is not in All.
const Handoff = "handoff"
