package redact

import "bytes"

// Incoming-webhook URLs, whose path is their credential: whoever has the
// URL may post to the channel. sentry-python records them in breadcrumbs
// and spans of outgoing requests.

// webhookSegment returns the end of the path segment that starts at
// src[s]: letters, digits, '_' and '-'.
func webhookSegment(src []byte, s int) int {
	e := s
	for e < len(src) && e-s < 256 && tokenTab[src[e]] {
		e++
	}
	return e
}

var (
	slackHook    = []byte("hooks.slack.com/services/")
	discordHook  = []byte("discord.com/api/webhooks/")
	discordHook2 = []byte("discordapp.com/api/webhooks/")
	teamsHost    = []byte(".webhook.office.com/")
	teamsPath    = []byte("/IncomingWebhook/")
	// The hosts of Teams webhooks made before webhook.office.com.
	teamsLegacy    = []byte("outlook.office.com")
	teamsLegacy365 = []byte("outlook.office365.com")
)

// matchWebhook looks at "://" starting at src[at] (the ':') for the
// secret of an incoming-webhook URL and returns its span, or -1, -1:
//
//   - Slack, hooks.slack.com/services/T…/B…/<secret>: the last segment
//     (the workspace and channel ids stay);
//   - Discord, discord.com/api/webhooks/<id>/<token> (and discordapp.com):
//     the token after the numeric id;
//   - Microsoft Teams, <tenant>.webhook.office.com/webhookb2/<guid>@<guid>
//     /IncomingWebhook/<hex>/<guid>[/V2…] (and the older
//     outlook.office.com/webhook/…): all of the path after
//     IncomingWebhook/; the group and tenant ids before it stay.
//
// Host names are compared without regard to case.
func matchWebhook(src []byte, at int) (start, end int) {
	s := at + 3
	if s >= len(src) {
		return -1, -1
	}
	switch src[s] | 0x20 {
	case 'h':
		if !hasPrefixFold(src[s:], slackHook) {
			return -1, -1
		}
		p := s + len(slackHook)
		for range 2 { // T… and B… ids
			e := webhookSegment(src, p)
			if e == p || e >= len(src) || src[e] != '/' {
				return -1, -1
			}
			p = e + 1
		}
		if e := webhookSegment(src, p); e-p >= 8 {
			return p, e
		}
	case 'd':
		p := s
		if hasPrefixFold(src[s:], discordHook) {
			p += len(discordHook)
		} else if hasPrefixFold(src[s:], discordHook2) {
			p += len(discordHook2)
		} else {
			return -1, -1
		}
		e := p
		for e < len(src) && e-p < 24 && isDigit(src[e]) {
			e++
		}
		if e == p || e+1 >= len(src) || src[e] != '/' {
			return -1, -1
		}
		p = e + 1
		if e := webhookSegment(src, p); e-p >= 8 {
			return p, e
		}
	default:
		// <tenant>.webhook.office.com: the host ends before the first '/'.
		h := bytes.IndexByte(src[s:min(len(src), s+128)], '/')
		if h < 0 {
			return -1, -1
		}
		h += s
		if !(h-s >= len(teamsHost) && hasPrefixFold(src[h-len(teamsHost)+1:], teamsHost) ||
			hasSuffixFold(src[s:h], teamsLegacy) || hasSuffixFold(src[s:h], teamsLegacy365)) {
			return -1, -1
		}
		for _, c := range src[s:h] {
			if !isAlnum(c) && c != '-' && c != '.' {
				return -1, -1
			}
		}
		// The group and tenant ids come before IncomingWebhook/.
		e := h
		for e < len(src) && e-h < 256 && (tokenTab[src[e]] || src[e] == '/' || src[e] == '@') {
			e++
		}
		k := bytes.Index(src[h:e], teamsPath)
		if k < 0 {
			return -1, -1
		}
		p := h + k + len(teamsPath)
		e = p
		for e < len(src) && e-p < 512 && (tokenTab[src[e]] || src[e] == '/') {
			e++
		}
		for e > p && src[e-1] == '/' {
			e--
		}
		if e-p >= 8 {
			return p, e
		}
	}
	return -1, -1
}

func hasSuffixFold(b, suffix []byte) bool {
	return len(b) >= len(suffix) && hasPrefixFold(b[len(b)-len(suffix):], suffix)
}
