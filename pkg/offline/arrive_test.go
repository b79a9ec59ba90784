package offline

import "testing"

// Asking whether the parcel arrives on a day is a question about the
// order, not about the product guides.
func TestArrivalQuestionsAreAboutTheOrder(t *testing.T) {
	for _, tt := range []struct {
		text string
		want intent
	}{
		{"is it arriving today?", intentStatus},
		{"Is it coming today?", intentStatus},
		{"will they arrive tomorrow?", intentStatus},
		{"is my parcel getting here this week", intentStatus},
		{"is the package coming soon?", intentStatus},
		{"will it be here by Friday?", intentStatus},
		{"is it dishwasher safe?", intentHowTo},
		{"is it coming late again?", intentLate},
	} {
		if got := classify(tt.text); got != tt.want {
			t.Errorf("classify(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
