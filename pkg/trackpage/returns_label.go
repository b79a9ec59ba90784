package trackpage

import (
	"context"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// LabelMaker buys return labels: package easypost.
type LabelMaker interface {
	// ReturnLabel buys a prepaid label for the customer to send a return
	// back to the shop from r.Customer. It is idempotent by r.Reference:
	// asked again, it returns the label it bought for it.
	ReturnLabel(ctx context.Context, r LabelRequest) (Label, error)
}

// LabelRequest is one return label.
type LabelRequest struct {
	Shop  string
	Order string // "#1003"
	// Reference ties the label to the return (the proposal id): a provider
	// that keeps references finds the label again with it.
	Reference string
	// Customer is where the parcel is sent from: the order's shipping
	// address. Email may be on the label for the carrier's notices.
	Customer order.Address
	Email    string
	// Units is how many items go back.
	Units int
}

// Label is a bought label.
type Label struct {
	URL          string `json:"url"`
	Carrier      string `json:"carrier,omitempty"`
	Service      string `json:"service,omitempty"`
	TrackingCode string `json:"tracking_code,omitempty"`
	// ShipmentID is the provider's id of the label's shipment.
	ShipmentID string `json:"shipment_id,omitempty"`
}
