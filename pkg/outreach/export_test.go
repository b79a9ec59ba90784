package outreach

// FriendCodeRequest is friendCodeRequest, for the tests.
var FriendCodeRequest = friendCodeRequest
