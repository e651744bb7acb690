package proxy

import (
	"github.com/piiproxy/piiproxy/redact"
)

// feedbackPaths are the field rules added for Sentry's user feedback items.
// A user_report item carries the reporter at its top level
// ({"event_id":…,"name":…,"email":…,"comments":…}); a feedback item, an
// event, under contexts.feedback ({"name":…,"contact_email":…,
// "message":…}). The default field rules take "name" only under a
// person-like parent, so neither would be seen as a name, and
// "contact_email" is not among the default email keys.
var feedbackPaths = []redact.PathRule{
	{Selector: "name", Kind: redact.KindName},
	{Selector: "contexts.feedback.name", Kind: redact.KindName},
	{Selector: "contexts.feedback.contact_email", Kind: redact.KindEmail},
}

// FeedbackConfig returns a copy of c whose field rules also replace the
// reporter's name and email in Sentry user_report and feedback items. Build
// Config.FeedbackScrubber from it with the same key, so that the reporter
// gets the same stand-ins as elsewhere. c is not modified.
func FeedbackConfig(c redact.Config) redact.Config {
	paths := make([]redact.PathRule, 0, len(feedbackPaths)+len(c.Fields.Paths))
	paths = append(paths, feedbackPaths...)
	c.Fields.Paths = append(paths, c.Fields.Paths...)
	return c
}
